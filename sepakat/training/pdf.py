"""PDF documents of a training (agenda, KAK, certificates, reports) from HTML templates.

WeasyPrint never fetches anything: its URL fetcher allows only inline ``data:`` URIs (the
QR code comes from segno) and stops the rendering on any other URL; fonts come from the
server's fontconfig.
"""

from __future__ import annotations

import segno

from sepakat.core.pdf import render_pdf

__all__ = ["qr_data_uri", "qr_svg", "render_pdf"]


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=scale))


def qr_svg(url: str, *, scale: int = 8) -> str:
    """An inline <svg> for a page (safe to mark safe: segno writes only the code's geometry)."""
    return str(segno.make(url, error="m").svg_inline(scale=scale))
