"""Helpers for the access tests: a small valid PDF letter and a filled request form."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text: str = "Surat permohonan akses SEPAKAT") -> bytes:
    """A real one-page PDF, made with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture(scope="session")
def letter_pdf() -> bytes:
    return pdf_bytes()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Letters and response PDFs go to a temporary folder, never into the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(region: Any, letter_bytes: bytes, **overrides: Any) -> dict[str, Any]:
    data = {
        "region": region.pk,
        "signatory": "kepala_bappeda",
        "signatory_name": "Ir. Budi Santoso",
        "contact_name": "Sari Wulandari",
        "contact_position": "Kepala Bidang Sosial Budaya",
        "contact_email": "sari@bappeda-alfa.go.id",
        "contact_phone": "+62 812 3456 7890",
        "package": "access_only",
        "training_model": "",
        "letter": SimpleUploadedFile("surat.pdf", letter_bytes, content_type="application/pdf"),
        "letter_number": "050/123/Bappeda/2025",
        "letter_date": "2025-03-03",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def submit_request(region: Any, letter: bytes, **overrides: Any) -> Any:
    """An online request through the service, as the form would file it."""
    from sepakat.access import services

    values = dict(
        region=region,
        signatory="kepala_bappeda",
        signatory_name="Ir. Budi Santoso",
        contact_name="Sari Wulandari",
        contact_position="Kepala Bidang Sosial Budaya",
        contact_email="sari@bappeda-alfa.go.id",
        contact_phone="0812345678",
        package="access_only",
        training_model="",
        letter=SimpleUploadedFile("surat.pdf", letter),
        letter_number="050/123/Bappeda/2025",
        letter_date=dt.date(2025, 3, 3),
        base_url="http://testserver",
        ip_address="10.0.0.1",
    )
    values.update(overrides)
    return services.request_submit(**values)


def approved_request(region: Any, letter: bytes, central: Any, **overrides: Any) -> Any:
    from sepakat.access import services
    from sepakat.access.models import Channel

    request = submit_request(
        region, letter, channel=Channel.POST, registered_by=central, confirmed=True, **overrides
    )
    services.request_start_review(request=request, by=central)
    return services.request_approve(request=request, by=central, base_url="http://testserver")
