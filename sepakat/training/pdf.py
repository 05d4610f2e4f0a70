"""PDF documents of a training (agenda, KAK, certificates, reports) from HTML templates.

WeasyPrint never fetches anything: its URL fetcher allows only inline ``data:`` URIs (the
QR code comes from segno) and stops the rendering on any other URL; fonts come from the
server's fontconfig.
"""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string


def _inline_only_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, url_fetcher=_inline_only_fetcher()).write_pdf()
    return pdf


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=scale))


def qr_svg(url: str, *, scale: int = 8) -> str:
    """An inline <svg> for a page (safe to mark safe: segno writes only the code's geometry)."""
    return str(segno.make(url, error="m").svg_inline(scale=scale))
