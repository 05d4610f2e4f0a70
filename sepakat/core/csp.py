"""The Content-Security-Policy header of every response.

The policy allows scripts only from our own origin: pages carry no inline script (data
for charts travels in ``<script type="application/json">`` blocks, which are never run),
the Vega bundle and HTMX are served by SEPAKAT itself, and Vega evaluates chart
expressions with its interpreter (``ast: true``) rather than ``new Function``, so no
``'unsafe-eval'`` is needed either.

Styles keep ``'unsafe-inline'``: HTMX, vega-embed and Swagger UI insert ``<style>``
elements at run time and a few templates set a width inline. An injected style cannot
run code; with scripts locked to our origin that is the trade-off most government
portals make. ``data:`` and ``blob:`` images serve inline QR codes, chart exports and
Swagger's icons. ``frame-ancestors 'none'`` repeats X-Frame-Options for browsers that
read only CSP.

``SEPAKAT_CSP`` (a setting) replaces the whole policy, for a site that must allow a
further origin; an empty value sends no header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def policy() -> str:
    return str(getattr(settings, "SEPAKAT_CSP", DEFAULT_POLICY))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        value = policy()
        if value and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = value
        return response
