"""A webinar under its minimum quota is cancelled at its go/no-go date and the registrants
are told; a region without a package cannot book mentoring."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from sepakat.accounts.services import totp_device_create, user_create
from sepakat.training.models import MentoringRequest, Webinar
from tests.browser.test_data_upload import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_webinar_under_its_minimum_is_cancelled_and_registrants_told(
    page, live_server, personas, regions
):
    log_in(page, live_server, "diana", personas["diana"])
    start = dt.datetime.now().astimezone() + dt.timedelta(days=14)
    local = lambda d: d.strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    page.goto(f"{live_server.url}/pelatihan/webinar/baru/")
    page.fill("input[name=topic]", "Membaca kuadran kemiskinan")
    page.fill("input[name=starts_at]", local(start))
    page.fill("input[name=ends_at]", local(start + dt.timedelta(hours=2)))
    page.fill("input[name=speakers]", "Tim SEPAKAT Bappenas")
    page.fill("input[name=min_participants]", "5")
    page.fill("input[name=max_participants]", "50")
    page.fill("input[name=registration_deadline]", local(start - dt.timedelta(days=3)))
    go_no_go = (start - dt.timedelta(days=7)).date()
    page.fill("input[name=go_no_go_date]", go_no_go.isoformat())
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_have_text("terjadwal")
    webinar = Webinar.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@contoh.go.id", "hana@contoh.go.id"]
    page.click("header button:has-text('Keluar')")

    # Announced on the home page; two people of Kabupaten Alfa register there.
    for _n, name in enumerate(["Sari", "Tono"]):
        page.goto(f"{live_server.url}/")
        page.click(f"#home-webinars a[href$='/webinar/{webinar.pk}/daftar/']")
        page.fill("input[name=name]", name)
        page.fill("input[name=email]", f"{name.lower()}@alfa.go.id")
        page.fill("input[name=agency]", "Bappeda Alfa")
        page.select_option("select[name=region]", str(regions["kab_a"].pk))
        page.click("#register button[type=submit]")
        expect(page.locator("#registration-status")).to_have_text("terdaftar")
    mail.outbox.clear()

    # The daily command on the go/no-go date: 2 registered < 5 -> cancelled, everyone told.
    call_command("decide_webinars", today=go_no_go)
    webinar.refresh_from_db()
    assert webinar.status == "cancelled"
    assert sorted(m.to[0] for m in mail.outbox) == ["sari@alfa.go.id", "tono@alfa.go.id"]
    assert all("dibatalkan" in m.subject for m in mail.outbox)
    assert "kuota minimum" in mail.outbox[0].body
    call_command("decide_webinars", today=go_no_go + dt.timedelta(days=1))
    assert len(mail.outbox) == 2

    page.goto(f"{live_server.url}/")
    expect(page.locator("#home-webinars")).to_have_count(0)


def test_a_region_without_a_package_cannot_book_mentoring(page, live_server, personas, regions):
    trial = user_create(
        username="beta-uji",
        password=PASSWORD,
        role="regional_admin",
        region=regions["kab_b"],
        is_trial=True,
    )
    totp_device_create(user=trial)
    log_in(page, live_server, "beta-uji", trial)
    page.click("nav summary:has-text('Lainnya')")
    page.click("nav a[data-module=regional_training]")
    page.click("main a:has-text('Pendampingan')")
    expect(page.locator("#no-package")).to_contain_text(
        "hanya untuk daerah yang memiliki paket SEPAKAT"
    )
    expect(page.locator("#mentoring-form")).to_have_count(0)
    assert not MentoringRequest.objects.exists()
    page.click("header button:has-text('Keluar')")

    # Kabupaten Alfa has a package (its regional admin): Bob books it.
    log_in(page, live_server, "bob", personas["bob"])
    page.goto(f"{live_server.url}/pelatihan/pendampingan/")
    page.fill("textarea[name=topics]", "Prioritisasi lokasi desa")
    page.fill("input[name=proposed_start]", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    page.fill("input[name=days]", "2")
    page.click("#mentoring-form button[type=submit]")
    expect(page.locator("#status")).to_have_text("diajukan")
    assert MentoringRequest.objects.get().region == regions["kab_a"]
