"""A letter that runs JavaScript when opened is refused (issue 17, item 5)."""

from __future__ import annotations

import zlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sepakat.access.models import AccessRequest
from tests.access.conftest import form_data
from tests.access.test_bad_input import error_for, letters_on_disk, post

pytestmark = pytest.mark.django_db

OPEN_ACTION_JS = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /S /JavaScript /JS (app.alert\\('surat'\\)) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def hidden_in_object_stream() -> bytes:
    """The same action, its name escaped (/J#61vaScript) inside a compressed stream."""
    body = zlib.compress(b"<< /S /J#61vaScript /JS (app.launchURL\\('x'\\)) >>")
    return (
        b"%PDF-1.5\n1 0 obj << /Type /Catalog /OpenAction 4 0 R >> endobj\n"
        b"3 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(body)).encode()
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.mark.parametrize("content", [OPEN_ACTION_JS, hidden_in_object_stream()])
def test_a_letter_with_javascript_is_refused(client, regions, letter_pdf, content):
    letter = SimpleUploadedFile("surat.pdf", content, "application/pdf")
    response = post(client, form_data(regions["kab_a"], letter_pdf, letter=letter))
    assert response.status_code == 400
    message = error_for(response, "letter")
    assert "surat.pdf memuat isi aktif PDF (JavaScript)" in message
    assert "Print to PDF" in message
    assert AccessRequest.objects.count() == 0 and mail.outbox == []
    assert letters_on_disk() == set()


def test_an_ordinary_letter_with_an_open_view_action_is_accepted(client, regions, letter_pdf):
    # Scanners often write "/OpenAction [page /Fit]": that alone is not active content.
    content = letter_pdf.replace(
        b"startxref", b"99 0 obj << /OpenAction [3 0 R /Fit] >> endobj\nstartxref", 1
    )
    assert b"/OpenAction" in content
    letter = SimpleUploadedFile("surat.pdf", content, "application/pdf")
    response = post(client, form_data(regions["kab_a"], letter_pdf, letter=letter))
    assert response.status_code == 302
    assert AccessRequest.objects.count() == 1 and len(letters_on_disk()) == 1
