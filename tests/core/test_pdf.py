"""The shared PDF renderer: real PDFs, nothing fetched from outside."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sepakat.core.pdf import ExternalResourceRefused, html_to_pdf


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_renders_html_with_inline_images_to_pdf():
    svg = (
        "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='10' "
        "height='10'><rect width='10' height='10'/></svg>"
    )
    pdf = html_to_pdf(f'<h1>Surat tanggapan</h1><p>Nomor 042/SEPAKAT</p><img src="{svg}">')
    assert pdf.startswith(b"%PDF-")
    assert "Nomor 042/SEPAKAT" in text_of(pdf)


def test_it_refuses_to_fetch_anything_from_another_host():
    with pytest.raises(ExternalResourceRefused, match=r"example\.org"):
        html_to_pdf('<img src="https://example.org/logo.png"><p>x</p>')
