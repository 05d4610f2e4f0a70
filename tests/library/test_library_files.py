"""The library refuses files it cannot serve safely (issue 17, item 5): what is refused,
with which message, leaves no row, no audit entry and no file behind."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from sepakat.library.models import Resource
from sepakat.library.services import resource_create

pytestmark = pytest.mark.django_db


def files_on_disk():
    folder = settings.MEDIA_ROOT / "library"
    return sorted(folder.rglob("*")) if folder.exists() else []


def add(client, name, content):
    response = client.post(
        reverse("library:new"),
        {
            "title": "Modul pelatihan",
            "kind": "manual",
            "audience": "public",
            "file": SimpleUploadedFile(name, content),
        },
    )
    return response


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "Jenis berkas setup.exe"),
        ("modul.html", b"<!doctype html><script>alert(1)</script>", "Jenis berkas modul.html"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "logo.svg"),
        ("shell.php", b"<?php system($_GET['c']); ?>", "Jenis berkas shell.php"),
        ("modul.pdf", b"<html><script>alert(1)</script></html>", "tidak sesuai dengan akhiran"),
        ("catatan.txt", b"<svg onload=alert(1)>", "tidak sesuai dengan akhiran"),
        ("tabel.xlsx", b"MZ\x90\x00" + b"\x00" * 64, "tidak sesuai dengan akhiran"),
        (
            "modul.pdf",
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >> endobj\n",
            "isi aktif PDF (JavaScript)",
        ),
    ],
)
def test_a_dangerous_or_disguised_file_is_refused(
    client, login_as, personas, name, content, message
):
    login_as(personas["diana"])
    response = add(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Resource.objects.count() == 0 and files_on_disk() == []
    assert not LogEntry.objects.filter(content_type__model="resource").exists()


def test_a_file_over_the_size_limit_is_refused(client, login_as, personas, settings):
    settings.SEPAKAT_LIBRARY_MAX_MB = 1
    login_as(personas["diana"])
    response = add(client, "besar.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    assert "batasnya 1 MB" in response.content.decode()
    assert Resource.objects.count() == 0 and files_on_disk() == []


def test_a_60_mb_file_is_refused_by_default(personas):
    from sepakat.core.errors import UserError

    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (60 * 1024 * 1024))
    with pytest.raises(UserError, match="batasnya 25 MB"):
        resource_create(
            user=personas["diana"], title="Besar", kind="manual", audience="public", file=big
        )
    assert Resource.objects.count() == 0 and files_on_disk() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("modul.pdf", b"%PDF-1.4 modul"),
        ("tabel.xlsx", xlsx_bytes()),
        ("data.csv", b"kode;nama\n32.01;Bogor\n"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ],
)
def test_ordinary_materials_are_still_accepted(client, login_as, personas, name, content):
    login_as(personas["diana"])
    response = add(client, name, content)
    resource = Resource.objects.get()
    assert response["Location"] == reverse("library:detail", args=[resource.slug])
    assert resource.file.read() == content
    assert len(files_on_disk()) == 1


def test_a_new_version_with_a_bad_file_keeps_the_current_one(client, login_as, personas):
    manual = resource_create(
        user=personas["diana"],
        title="Panduan",
        kind="manual",
        audience="public",
        file=SimpleUploadedFile("panduan.pdf", b"%PDF-1.4 v1"),
    )
    login_as(personas["diana"])
    response = client.post(
        reverse("library:new_version", args=[manual.slug]),
        {"file": SimpleUploadedFile("panduan.html", b"<html></html>")},
        follow=True,
    )
    assert "Jenis berkas panduan.html" in response.content.decode()
    manual.refresh_from_db()
    assert manual.is_current and Resource.objects.count() == 1
