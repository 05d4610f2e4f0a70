from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sepakat.core.access import role_required
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.library import selectors
from sepakat.library.forms import ResourceForm, VersionForm
from sepakat.library.models import Audience, Resource, ResourceKind
from sepakat.library.services import resource_create, resource_new_version


def index(request: HttpRequest) -> HttpResponse:
    """Public resources for everyone; the rest for users of regions with access."""
    resources = selectors.resources_for(request.user).order_by("kind", "title")
    kind = request.GET.get("jenis", "")
    if kind in ResourceKind.values:
        resources = resources.filter(kind=kind)
    return render(
        request,
        "library/index.html",
        {
            "active_module": "library",
            "resources": resources,
            "kinds": ResourceKind.choices,
            "kind": kind,
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    versions = list(selectors.versions_for(request.user, slug))
    if not versions:
        raise Http404
    current = next((v for v in versions if v.is_current), versions[0])
    return render(
        request,
        "library/detail.html",
        {
            "active_module": "library",
            "resource": current,
            "versions": versions,
            "form": VersionForm(),
        },
    )


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    resource = get_object_or_404(Resource, pk=pk)
    if not request.user.is_authenticated and resource.audience != Audience.PUBLIC:
        raise Http404
    if resource.file:
        return FileResponse(resource.file.open("rb"), as_attachment=True)
    if resource.url:
        return HttpResponseRedirect(resource.url)
    raise Http404


@role_required(Role.CENTRAL_ADMIN)
def new(request: AuthedRequest) -> HttpResponse:
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_create(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Bahan pustaka ditambahkan."))
            return redirect("library:detail", slug=resource.slug)
    return render(request, "library/form.html", {"active_module": "library", "form": form})


@role_required(Role.CENTRAL_ADMIN)
def new_version(request: AuthedRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug, is_current=True)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = resource_new_version(
                user=request.user, resource=resource, **form.cleaned_data
            )
        except UserError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Versi %(n)d diterbitkan.") % {"n": created.version})
    return redirect("library:detail", slug=slug)
