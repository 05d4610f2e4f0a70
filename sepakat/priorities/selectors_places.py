"""Reads of the determinants and locations pages, always within the user's region."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sepakat.core.access import scoped
from sepakat.datahub.models import Indicator
from sepakat.priorities.models import PriorityIndicator
from sepakat.priorities.models_places import PriorityLocationEntry, PriorityLocationList
from sepakat.regions.models import Level, Region


def problem(code: str) -> PriorityIndicator:
    """A catalogue indicator by code (the catalogue is national), or 404."""
    found = (
        PriorityIndicator.objects.filter(code=code, active=True).select_related("indicator").first()
    )
    if found is None:
        raise Http404
    return found


def problems() -> list[PriorityIndicator]:
    return list(PriorityIndicator.objects.filter(active=True))


def lists_for(user: Any, region: Region) -> QuerySet[PriorityLocationList]:
    """The official lists that concern ``region``: its own, those of regions below it the
    user may see, and those kept above it (a national or provincial loci list); of the
    lists above only the desa inside ``region`` are ever shown."""
    above = [a.pk for a in region.ancestors()]
    own = scoped(PriorityLocationList.objects.all(), user).filter(
        Q(region=region) | Q(region__code__startswith=region.code + ".")
    )
    return (
        PriorityLocationList.objects.filter(Q(pk__in=own) | Q(region_id__in=above))
        .select_related("region")
        .annotate(
            desa_in_region=Count(
                "entries", filter=Q(entries__desa__code__startswith=region.code + ".")
            )
        )
        .order_by("-year", "name")
    )


def list_members(lists: QuerySet[PriorityLocationList], region: Region) -> dict[str, list[str]]:
    """Desa code -> names of the lists it is in ("Lokus stunting 2025"), inside ``region``."""
    members: dict[str, list[str]] = {}
    entries = PriorityLocationEntry.objects.filter(
        location_list__in=lists, desa__code__startswith=region.code + "."
    ).values_list("desa__code", "location_list__name", "location_list__year")
    for code, name, year in entries:
        members.setdefault(code, []).append(f"{name} {year}")
    return members


def list_entries(location_list: PriorityLocationList, region: Region) -> list[Region]:
    return [
        e.desa
        for e in location_list.entries.filter(desa__code__startswith=region.code + ".")
        .select_related("desa", "desa__parent")
        .order_by("desa__code")
    ]


def desa_for(user: Any, code: str) -> Region:
    """A desa the user may see, or 404."""
    found = scoped(Region.objects.filter(level=Level.VILLAGE, code=code), user).first()
    if found is None:
        raise Http404
    return found


def determinant_choices() -> QuerySet[Indicator]:
    """National indicators that can be shown by desa: the supply-side candidates."""
    return Indicator.objects.filter(owner_region__isnull=True).order_by("area", "code")
