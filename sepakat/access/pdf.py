"""PDF from HTML templates with WeasyPrint, never fetching anything from outside.

Fonts come from the server's fontconfig; images must be inline (SVG in the HTML or
``data:`` URIs). Any other URL in a template is refused rather than fetched.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


class ExternalResourceRefused(ValueError):
    pass


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url)
        return result
    raise ExternalResourceRefused(url)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf
