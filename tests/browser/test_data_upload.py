"""A data operator uploads a filled template in Chromium; the regional admin verifies it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sepakat.datahub.models import Observation, Submission
from tests.conftest import PASSWORD
from tests.datahub.conftest import dataset  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, user=None):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    if user is not None and user.needs_second_factor:
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user=user)
        code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        page.fill("input[name=token]", f"{code:06d}")
        page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")


def fill(path, values):
    workbook = load_workbook(path)
    sheet = workbook["Data"]
    keys = [c.value for c in sheet[2]]
    for row in sheet.iter_rows(min_row=3):
        for (code, indicator), value in values.items():
            if row[0].value == code:
                row[keys.index(indicator)].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_upload_preview_fix_commit_and_verify(page, live_server, personas, dataset, tmp_path):  # noqa: F811
    log_in(page, live_server, "erin")
    page.click("nav a[data-module=data]")
    with page.expect_download() as download:
        page.click(f"tr[data-dataset={dataset.code}] a")
    template = tmp_path / "templat.xlsx"
    download.value.save_as(template)

    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(
        fill(template, {("98.01.01", "KES01"): "sembilan puluh", ("98.01.02", "KES02"): 21.5})
    )
    page.click("text=Unggah data")
    page.select_option("select[name=dataset]", str(dataset.pk))
    page.set_input_files("input[name=file]", str(bad))
    page.click("main button[type=submit]")
    errors = page.locator("#errors tbody tr")
    expect(errors).to_have_count(1)
    assert "harus berupa angka" in errors.first.inner_text()
    assert "D" in errors.first.inner_text() and "sembilan puluh" in errors.first.inner_text()
    assert Submission.objects.count() == 0

    good = tmp_path / "benar.xlsx"
    good.write_bytes(fill(template, {("98.01.01", "KES01"): 90.5, ("98.01.02", "KES02"): 21.5}))
    page.set_input_files("input[name=file]", str(good))
    page.click("main button[type=submit]")
    expect(page.locator("[data-count=new]")).to_have_text("2")
    page.click("button:has-text('Simpan sebagai draf')")
    page.click("button:has-text('Ajukan untuk verifikasi')")
    expect(page.locator("#status")).to_have_text("diajukan")
    page.click("header button:has-text('Keluar')")

    log_in(page, live_server, "bob", personas["bob"])
    page.click("nav a[data-module=data]")
    page.click("#pending a:has-text('Profil Kesehatan')")
    page.click("main button:has-text('Verifikasi')")
    expect(page.locator("#status")).to_have_text("terverifikasi")
    assert Observation.objects.filter(status="verified", locked=True).count() == 2
