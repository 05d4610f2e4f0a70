"""PDF from HTML templates with WeasyPrint, shared by every module (letters, certificates,
agendas, reports).

WeasyPrint never fetches anything: its URL fetcher allows only inline ``data:`` URIs and
stops the rendering on any other URL, so a document can neither leak a request from a
closed network nor silently lose an image. Fonts come from the server's fontconfig;
images and charts are inline SVG or ``data:`` URIs.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def _inline_only_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


class ExternalResourceRefused(ValueError):
    """A document asked for something outside itself; it is a bug in its template."""


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        pdf: bytes = HTML(string=html, url_fetcher=_inline_only_fetcher()).write_pdf()
    except FatalURLFetchingError as exc:  # not an Exception subclass: make it one
        raise ExternalResourceRefused(str(exc)) from exc
    return pdf


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))
