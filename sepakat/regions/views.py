from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sepakat.accounts.models import Role
from sepakat.core.access import role_required


@role_required(*Role.values)
def browse(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/browse.html", {})


@role_required(Role.CENTRAL_ADMIN)
def import_page(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/import.html", {})
