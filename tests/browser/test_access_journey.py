"""From the public request to an extended trial, in Chromium.

A visitor files the request with the official letter and confirms it by the e-mailed link;
the central admin reviews and approves it (the response letter PDF is produced and mailed);
the region's admin accepts the invitation with a password and an authenticator, logs in and
sees the materials; fills and submits the analysis worksheet and asks for an extension. Time
moves past the end of the trial: login is refused with the reason. The central admin accepts
the worksheet and grants the extension; the region's admin logs in again.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from base64 import b32decode
from binascii import hexlify

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from sepakat.access.models import AccessRequest, RegionAccess, Worksheet
from sepakat.access.worksheets import DEFAULT_STRUCTURE, worksheet_template_create
from sepakat.accounts.models import User
from sepakat.datahub.models import Area, Indicator, Observation, Polarity
from sepakat.library.models import Audience, Resource, ResourceKind
from tests.access.conftest import pdf_bytes, pdf_text
from tests.browser.test_data_upload import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "kata-sandi-baru-bappeda-7"


_used_steps: set[tuple[str, int]] = set()


def totp_now(hex_key: str) -> str:
    """The current code; a code is accepted once, so wait for a fresh step when needed."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(hex_key), 30, 0, 6, 0)
    while (hex_key, totp.t()) in _used_steps:
        time.sleep(1)
        totp = TOTP(unhexlify(hex_key), 30, 0, 6, 0)
    _used_steps.add((hex_key, totp.t()))
    return f"{totp.token():06d}"


def link_in(message, pattern: str) -> str:
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body)[1]


def log_in_with_code(page, live_server, username, password, hex_key):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.fill("input[name=token]", totp_now(hex_key))
    page.click("main button[type=submit]")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def library_and_data(regions, personas):
    for kind, title in [
        (ResourceKind.MANUAL, "Buku Panduan SEPAKAT"),
        (ResourceKind.PRESENTATION, "Bahan Presentasi Analisis Kemiskinan"),
        (ResourceKind.VIDEO, "Video Tutorial: Membaca Kuadran"),
        (ResourceKind.BOOKLET, "Buklet SEPAKAT"),
        (ResourceKind.WORKSHEET, "Lembar Kerja Analisis (Word)"),
    ]:
        Resource.objects.create(
            slug=kind, title=title, kind=kind, audience=Audience.ACCESS, url="/pustaka/"
        )
    indicator = Indicator.objects.create(
        code="P0",
        name_id="Persentase penduduk miskin",
        area=Area.POVERTY,
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
        decimals=2,
    )
    for year, value in [("2022", 11.2), ("2023", 10.4), ("2024", 9.8)]:
        Observation.objects.create(
            indicator=indicator,
            region=regions["kab_a"],
            period=year,
            value=value,
            status="verified",
        )
    worksheet_template_create(
        title="Lembar Kerja Analisis 2025", structure=DEFAULT_STRUCTURE, by=personas["diana"]
    )
    return indicator


def test_from_request_to_extension(
    page, live_server, personas, regions, library_and_data, tmp_path
):
    diana = personas["diana"]
    letter = tmp_path / "surat-bappeda.pdf"
    letter.write_bytes(pdf_bytes("Permohonan akses SEPAKAT Kabupaten Alfa"))

    # 1. A visitor files the request from the home page.
    page.goto(live_server.url)
    page.click("#request-access")
    page.select_option("select[name=region]", str(regions["kab_a"].pk))
    page.select_option("select[name=signatory]", "kepala_bappeda")
    page.fill("input[name=signatory_name]", "Ir. Budi Santoso")
    page.fill("input[name=contact_name]", "Sari Wulandari")
    page.fill("input[name=contact_position]", "Kepala Bidang Sosial Budaya")
    page.fill("input[name=contact_email]", "sari@bappeda-alfa.go.id")
    page.fill("input[name=contact_phone]", "0812 3456 7890")
    page.check("input[name=package][value=access_only]")
    page.set_input_files("input[name=letter]", str(letter))
    page.fill("input[name=letter_number]", "050/123/Bappeda/2025")
    page.fill("input[name=letter_date]", "2025-03-03")
    page.click("#request-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "received")

    # 2. The region confirms with the link from the e-mail.
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["sari@bappeda-alfa.go.id"]
    page.goto(live_server.url + link_in(confirmation, "/akses/konfirmasi/"))
    page.click("main button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "confirmed")

    # 3. The central admin reviews and approves; the response letter is produced and mailed.
    log_in(page, live_server, "diana", diana)
    page.click("summary:has-text('Administrasi')")
    page.click("nav a[data-module=access_requests]")
    page.click("#queue a:has-text('Kabupaten Alfa')")
    page.click("button:has-text('Mulai telaah')")
    expect(page.locator("#status")).to_have_attribute("data-status", "under_review")
    page.fill("#approve textarea[name=conditions]", "Tim daerah mengikuti webinar analisis.")
    page.click("#approve button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "approved")
    with page.expect_download() as download:
        page.click("#response-link")
    response_pdf = tmp_path / "tanggapan.pdf"
    download.value.save_as(response_pdf)
    text = pdf_text(response_pdf.read_bytes())
    request = AccessRequest.objects.get()
    assert request.response_number in text and "Sari Wulandari" in text and "DISETUJUI" in text
    letter_mail = next(m for m in mail.outbox if "Surat tanggapan" in m.subject)
    assert letter_mail.attachments[0][2] == "application/pdf"
    page.click("header button:has-text('Keluar')")

    # 4. The region's admin accepts the invitation: password and authenticator.
    invitation = next(m for m in mail.outbox if "Undangan" in m.subject)
    page.goto(live_server.url + link_in(invitation, "/akun/undangan/"))
    expect(page.locator("#totp-qr svg")).to_be_visible()
    username = page.locator("#username").inner_text()
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    hex_key = hexlify(b32decode(secret)).decode()
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.fill("input[name=token]", totp_now(hex_key))
    page.click("main button[type=submit]")
    page.wait_for_url("**/akun/masuk/")

    # 5. ... logs in with the second factor and sees the materials.
    log_in_with_code(page, live_server, username, NEW_PASSWORD, hex_key)
    page.wait_for_url("**/dasbor/")
    page.click("nav summary:has-text('Lainnya')")
    page.click("nav a[data-module=materials]")
    for kind in ("manual", "presentation", "video", "booklet", "worksheet"):
        expect(page.locator(f"#materials [data-kind={kind}] li")).to_have_count(1)
    expect(page.locator("#expires-on")).not_to_have_text("-")

    # 6. ... fills the analysis worksheet, with the region's poverty rate as a table, submits it
    #    and asks for the extension.
    page.click("text=Buka lembar kerja analisis")
    page.click("button:has-text('Isi lembar kerja ini')")
    questions = page.locator("#worksheet-form textarea")
    for i in range(questions.count()):
        questions.nth(i).fill(f"Jawaban daerah untuk pertanyaan {i + 1}.")
    first = page.locator("#worksheet-form .question").first
    first.locator("select[name$=-indicator]").select_option(str(library_and_data.pk))
    page.click("button[name=save]")
    expect(page.locator("figure[data-indicator=P0] td.num").first).to_have_text("11,20")
    page.click("button[name=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "submitted")
    page.click("nav summary:has-text('Lainnya')")
    page.click("nav a[data-module=materials]")
    page.select_option("#extension-form select[name=worksheet]", index=1)
    page.click("#extension-form button[type=submit]")
    expect(page.locator("#extensions tbody tr")).to_have_count(1)
    page.click("header button:has-text('Keluar')")

    # 7. Time moves past the end of the trial: the login is refused with the reason.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    User.objects.filter(region=regions["kab_a"]).update(expires_on=yesterday)
    RegionAccess.objects.filter(region=regions["kab_a"]).update(expires_on=yesterday)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    refusal = page.locator("[data-refusal=expired]")
    expect(refusal).to_contain_text("berakhir")
    expect(refusal).to_contain_text("Sekretariat SEPAKAT")

    # 8. The central admin accepts the worksheet and grants the extension.
    log_in(page, live_server, "diana", diana)
    page.goto(f"{live_server.url}/akses/lembar-kerja/")
    page.click("#to-review a")
    with page.expect_download() as download:
        page.click("#pdf-link")
    worksheet_pdf = tmp_path / "lembar-kerja.pdf"
    download.value.save_as(worksheet_pdf)
    assert "Jawaban daerah untuk pertanyaan 1." in pdf_text(worksheet_pdf.read_bytes())
    page.click("#review button:has-text('Terima')")
    expect(page.locator("#status")).to_have_attribute("data-status", "accepted")
    page.goto(f"{live_server.url}/akses/perpanjangan/")
    page.click("[data-extension] button:has-text('Setujui')")
    expect(page.locator(".msg.success")).to_contain_text("diperpanjang")
    page.click("header button:has-text('Keluar')")
    assert Worksheet.objects.get().status == "accepted"
    admin = User.objects.get(username=username)
    assert admin.expires_on > timezone.localdate()

    # 9. The region's admin logs in again.
    log_in_with_code(page, live_server, username, NEW_PASSWORD, hex_key)
    page.wait_for_url("**/dasbor/")
