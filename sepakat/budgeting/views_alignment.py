"""The Keselarasan page: the budget of a year and stage against priorities and plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sepakat.budgeting import alignment as al
from sepakat.budgeting import narrative
from sepakat.budgeting.models import BudgetStage
from sepakat.budgeting.selectors import region_budget_analysis
from sepakat.core.access import get_for_user, role_required
from sepakat.core.navigation import CYCLE_READERS
from sepakat.regions.models import Level, Region


@require_GET
@role_required(*CYCLE_READERS)
def alignment(request: HttpRequest, region_code: str, year: int) -> HttpResponse:
    region = get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]),
        request.user,
        code=region_code,
    )
    result = al.alignment_for(region, year, request.GET.get("tahap"))
    rows = region_budget_analysis(region, year)
    spec, legend, level = al.alignment_map(result)
    context = {
        "a": result,
        "stage_choices": [(s, BudgetStage(s).label) for s in result.stages],
        "summary": narrative.budget_summary(narrative.facts_of(result, rows)),
        "map_spec": spec,
        "legend": legend,
        "map_level": level,
        "active_module": "budgeting",
    }
    return render(request, "budgeting/alignment.html", context)
