"""The central team runs a model I training in Chromium: participants imported from a file
(the 31st refused), pre-test, QR check-in, post-test, survey, gain report, attendance shares,
certificates verified on the public page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from sepakat.training import services
from sepakat.training.models import Attendance, Certificate, Participant, Question, Training
from sepakat.training.question_bank import load_starter_bank
from sepakat.training.rules import core_sessions
from tests.browser.conftest import PageWatch
from tests.browser.test_data_upload import log_in
from tests.training.conftest import participants_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def participant_page(browser, live_server):
    """A fresh browser (the participant's own laptop), watched like the main page."""
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.watch = PageWatch(page, live_server.url)
    return context, page


def take_test(page, live_server, participant, kind, choose):
    page.goto(f"{live_server.url}/pelatihan/peserta/{participant.token}/")
    page.click(f"[data-test={kind}] a.button")
    for question in Question.objects.filter(is_active=True):
        page.check(f"input[name=q{question.pk}][value='{choose(question)}']")
    page.click("#test-form button[type=submit]")
    expect(page.locator(f"[data-test={kind}] .score")).to_be_visible()


def test_model_i_training_from_import_to_verified_certificate(
    page, browser, live_server, personas, regions, tmp_path
):
    load_starter_bank()
    bank = list(Question.objects.filter(is_active=True))
    today = dt.date.today()
    log_in(page, live_server, "diana", personas["diana"])

    # Create a model I training whose third day was yesterday: attendance is recorded for
    # sessions that have started and certificates follow the last core day.
    page.goto(f"{live_server.url}/pelatihan/")
    page.click("text=Pelatihan baru")
    page.select_option("select[name=region]", str(regions["kab_a"].pk))
    page.fill("input[name=title]", "Pelatihan SEPAKAT Kabupaten Alfa")
    page.select_option("select[name=model]", "model_1")
    page.fill("input[name=start_date]", (today - dt.timedelta(days=3)).isoformat())
    page.fill("input[name=venue]", "Aula Bappeda")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Pelatihan SEPAKAT Kabupaten Alfa")
    training = Training.objects.get()

    # Import 31 participants: the preview refuses the 31st with a clear message.
    page.click("nav.tabs >> text=Peserta")
    file = tmp_path / "peserta.csv"
    file.write_bytes(participants_csv(31))
    page.set_input_files("#import input[name=file]", str(file))
    page.click("#import button[type=submit]")
    expect(page.locator("#preview-summary")).to_contain_text("30 peserta siap didaftarkan")
    expect(page.locator("#refused")).to_contain_text(
        "Baris 32 (Peserta 31) ditolak: pelatihan menampung paling banyak 30 peserta"
    )
    assert Participant.objects.count() == 0
    page.click("button:has-text('Daftarkan 30 peserta')")
    expect(page.locator(".msg.warning")).to_contain_text("Baris 32 ditolak")
    expect(page.locator("#participants tbody tr")).to_have_count(30)
    expect(page.locator("#count")).to_contain_text("penuh")

    # Open both tests now.
    page.click("nav.tabs >> text=Pre/post-test")
    now = dt.datetime.now().astimezone()
    local = lambda d: d.strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    page.fill("input[name=pre_opens]", local(now - dt.timedelta(hours=1)))
    page.fill("input[name=pre_closes]", local(now + dt.timedelta(hours=2)))
    page.fill("input[name=post_opens]", local(now - dt.timedelta(hours=1)))
    page.fill("input[name=post_closes]", local(now + dt.timedelta(hours=2)))
    page.click("main form button[type=submit]")
    expect(page.locator(".msg.success")).to_contain_text("Jadwal tes disimpan")

    people = {p.person.name: p for p in Participant.objects.select_related("person")}
    ani, budi, citra = people["Peserta 01"], people["Peserta 02"], people["Peserta 03"]

    # Pre-test on their laptops: everyone picks the first answer.
    contexts = {}
    for participant in (ani, budi):
        contexts[participant.pk] = participant_page(browser, live_server)
        take_test(contexts[participant.pk][1], live_server, participant, "pre", lambda q: 0)

    # QR check-in to the closing session, opened now by the trainer.
    sessions = core_sessions(training)
    closing = sessions[-1]
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/presensi/{closing.pk}/qr/")
    if page.locator("text=Buka presensi sekarang").count():
        page.click("text=Buka presensi sekarang")
    expect(page.locator("#qr svg")).to_be_visible()
    checkin_url = page.locator("#checkin-url").get_attribute("href")
    ani_page = contexts[ani.pk][1]
    ani_page.goto(checkin_url)
    ani_page.click("#confirm-checkin")
    expect(ani_page.locator("#checked-in")).to_contain_text("Peserta 01, kehadiran Anda tercatat")
    assert Attendance.objects.get(participant=ani, session=closing).method == "qr"

    # The trainer records the other sessions; one of them by hand in the grid.
    for session in sessions[:11]:
        services.check_in(participant=ani, session=session, method="trainer", by=personas["diana"])
    for session in sessions[:9]:
        services.check_in(participant=budi, session=session, method="trainer", by=personas["diana"])
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/presensi/")
    expect(page.locator("#attendance-rule")).to_contain_text("13 sesi inti pelatihan 3 hari")
    # Column 0 is the name and column 1 the registration, so core session 10 is column 11.
    cell = page.locator(f"tr[data-participant='{budi.pk}'] td").nth(11)
    cell.locator("button").click()
    expect(page.locator(f"tr[data-participant='{budi.pk}'] .share")).to_have_text(
        re.compile(r"76[,.]9 %")
    )
    expect(page.locator(f"tr[data-participant='{ani.pk}'] .share")).to_have_text(
        re.compile(r"92[,.]3 %")
    )
    # "Semua hadir" for the registration: everyone recorded, nobody's share changes.
    registration = training.sessions.get(title__startswith="Registrasi")
    page.click(f"#session-actions form[data-session='{registration.pk}'] button")
    expect(page.locator(".msg.success")).to_contain_text("30 peserta dicatat hadir")
    assert registration.attendances.count() == 30
    expect(page.locator(f"tr[data-participant='{ani.pk}'] .share")).to_have_text(
        re.compile(r"92[,.]3 %")
    )
    # Citra missed both first days: 80 % is out of reach already.
    expect(page.locator(f"tr[data-participant='{citra.pk}'] .flag")).to_be_visible()
    expect(page.locator(f"tr[data-participant='{ani.pk}'] .flag")).to_have_count(0)

    # Post-test: everyone answers correctly now.
    for participant in (ani, budi):
        take_test(
            contexts[participant.pk][1], live_server, participant, "post", lambda q: q.correct
        )

    # The survey, opened by the trainer, answered anonymously.
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/survei/")
    page.click("#open-survey")
    ani_page.goto(f"{live_server.url}/pelatihan/peserta/{ani.token}/")
    ani_page.click("text=Isi survei penilaian")
    for radio in ani_page.locator("#survey-form input[type=radio][value='5']").all():
        radio.check()
    ani_page.fill("textarea[name=comments]", "Praktiknya sangat membantu.")
    ani_page.click("#survey-form button[type=submit]")
    expect(ani_page.locator(".msg.success")).to_contain_text("tersimpan tanpa nama")
    page.reload()
    expect(page.locator("#responses")).to_contain_text("1 jawaban")

    # The gain report.
    pre_score = round(100 * sum(q.correct == 0 for q in bank) / len(bank), 1)
    gain = round(100 - pre_score, 1)
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/tes/")
    row = page.locator(f"#participant-gain tr[data-participant='{ani.pk}'] td")
    expect(row.nth(1)).to_have_text(f"{pre_score:g}".replace(".", ","))
    expect(row.nth(2)).to_have_text("100")
    expect(row.nth(3)).to_have_text(f"+{gain:g}".replace(".", ","))
    expect(page.locator("#mean-gain")).to_have_text(f"+{gain:g}".replace(".", ","))
    report = page.request.get(f"{live_server.url}/pelatihan/{training.pk}/laporan.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report.body())).pages)
    assert "Laporan Pelatihan SEPAKAT" in text and "Peserta 01" in text
    assert f"+{gain:g}".replace(".", ",") in text

    # Certificates: only Ani reaches 80 %.
    page.click("nav.tabs >> text=Sertifikat")
    page.click("#issue")
    expect(page.locator("#certificates tbody tr")).to_have_count(1)
    certificate = Certificate.objects.get()
    assert certificate.participant == ani
    pdf = page.request.get(
        f"{live_server.url}/pelatihan/{training.pk}/sertifikat/{certificate.code}.pdf"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Peserta 01" in text and certificate.code in text

    # Anyone verifies it through the public page the QR code opens.
    verifier = participant_page(browser, live_server)
    verifier[1].goto(f"{live_server.url}/pelatihan/sertifikat/{certificate.code}/")
    expect(verifier[1].locator("#verdict")).to_contain_text("asli dan berlaku")
    expect(verifier[1].locator("#holder")).to_have_text("Peserta 01")

    for context, extra in [*contexts.values(), verifier]:
        extra.watch.assert_clean()
        context.close()
