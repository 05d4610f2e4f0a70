"""Monitoring pages. Thin: the selectors read, the services write, the templates show."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sepakat.core.access import get_for_user, role_required
from sepakat.core.errors import UserError
from sepakat.core.features import feature_required
from sepakat.core.http import AuthedRequest
from sepakat.core.navigation import CYCLE_READERS
from sepakat.core.roles import Role
from sepakat.datahub.selectors import indicators_for, verified_observations
from sepakat.monitoring import scoring, selectors, services
from sepakat.monitoring.forms import TargetForm
from sepakat.monitoring.models import TargetKind
from sepakat.regions.models import Level, Region

EDITORS = tuple(services.EDIT_ROLES)


def _region(request: HttpRequest, code: str) -> Region:
    """A province or kab/kota the user may see, or 404."""
    return get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), request.user, code=code
    )


@require_GET
@role_required(*CYCLE_READERS, Role.DATA_OPERATOR)
def index(request: HttpRequest) -> HttpResponse:
    """The regions and years with targets that the user may see, with their quarterly
    reports; the data operator sees only the reports (the table is not theirs to read)."""
    years = selectors.region_years(selectors.targets_for(request.user))
    own = getattr(request.user, "region", None)
    may_add = (
        own is not None
        and own.level in (Level.PROVINCE, Level.REGENCY)
        and services.may_edit(request.user, own)  # type: ignore[arg-type]
    )
    return render(
        request,
        "monitoring/index.html",
        {
            "years": years,
            "own_region": own if may_add else None,
            "reads_table": getattr(request.user, "role", "") in set(CYCLE_READERS),
            "quarters": (1, 2, 3, 4),
            "active_module": "monitoring",
        },
    )


@require_GET
@role_required(*CYCLE_READERS)
def table(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The monitoring table of a region and year, filtered by target kind and sector."""
    region = _region(request, code)
    kind = request.GET.get("jenis", "")
    kind = kind if kind in TargetKind.values else ""
    targets = selectors.targets_for(request.user)
    sectors = selectors.sectors(targets, region, year)
    sector = request.GET.get("bidang", "")
    sector = sector if sector in dict(sectors) else ""
    # the alternative some regions use for lower-is-better indicators (docs/monitoring.md)
    formula: scoring.Formula = "ratio" if request.GET.get("rumus") == "rasio" else "standard"
    rows = selectors.monitoring_rows(
        region=region,
        year=year,
        targets=targets,
        observations=verified_observations(request.user),
        kind=kind,
        sector=sector,
        formula=formula,
    )
    context: dict[str, Any] = {
        "region": region,
        "year": year,
        "rows": rows,
        "kind": kind,
        "kinds": TargetKind.choices,
        "sector": sector,
        "ratio": formula == "ratio",
        "sectors": sectors,
        "may_edit": services.may_edit(request.user, region),  # type: ignore[arg-type]
        "active_module": "monitoring",
    }
    return render(request, "monitoring/table.html", context)


@role_required(*EDITORS)
@feature_required("monitoring.edit")
def target_new(request: AuthedRequest, code: str) -> HttpResponse:
    """Enter (or replace) the target of an indicator, kind and year."""
    region = _region(request, code)
    services.require_edit(request.user, region)
    form = TargetForm(request.POST or None, indicators=indicators_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = services.TargetData(**form.cleaned_data)
        try:
            target = services.target_save(actor=request.user, region=region, data=data)
        except UserError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("Target %(name)s %(year)s disimpan.")
                % {"name": target.name, "year": target.year},
            )
            return redirect("monitoring:table", code=region.code, year=target.year)
    return render(
        request,
        "monitoring/target_form.html",
        {"form": form, "region": region, "active_module": "monitoring"},
    )
