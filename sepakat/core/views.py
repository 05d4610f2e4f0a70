from __future__ import annotations

import hashlib
from functools import lru_cache

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sepakat.core import selectors
from sepakat.core.access import role_required
from sepakat.core.roles import Role


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Beranda: what SEPAKAT is, the cycle, and how a region gets access."""
    return render(
        request,
        "core/home.html",
        {
            "stats": selectors.public_stats(),
            "support_contact": settings.SEPAKAT_SUPPORT_CONTACT,
            "templates": selectors.public_templates(),
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.dashboard_for(request.user)
    return render(request, "core/dashboard.html", context)


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = selectors.audit_entries_for(request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "actions": dict(LogEntry.Action.choices)}
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: with hashed static files the name is known only after
    # collectstatic, never at import time.
    return HttpResponsePermanentRedirect(static("sepakat/favicon.svg"))


@lru_cache(maxsize=1)
def _vega_bundle() -> tuple[bytes, str]:
    """vega, vega-lite and vega-embed in one script, from the installed vl-convert package."""
    import vl_convert

    source = vl_convert.javascript_bundle(None).encode()  # type: ignore[arg-type]
    return source, hashlib.sha256(source).hexdigest()[:16]


@require_GET
@cache_control(public=True, max_age=86400)
def vega_bundle(request: HttpRequest) -> HttpResponse:
    source, etag = _vega_bundle()
    if request.headers.get("If-None-Match") == f'"{etag}"':
        return HttpResponseNotModified()
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["ETag"] = f'"{etag}"'
    return response
