"""Reads of the planning app. The nomenclature is national (every user reads it); the SKPD
list is the region's and always read through :func:`sepakat.core.access.scoped`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from sepakat.core.access import get_for_user, scoped
from sepakat.planning.checks import Catalogue, Entry
from sepakat.planning.codes import GovernmentLevel, wildcard_code
from sepakat.planning.models import NomenclatureItem, NomenclatureVersion, Skpd
from sepakat.regions.models import Level, Region

PAGE_SIZE = 50


def version_in_force(on: date) -> NomenclatureVersion | None:
    """The version in force on ``on``: the latest ``in_force_from`` not after it (the
    later import when two share a date)."""
    return (
        NomenclatureVersion.objects.filter(in_force_from__lte=on)
        .order_by("-in_force_from", "-imported_at", "-pk")
        .first()
    )


def catalogue_for(version: NomenclatureVersion, codes: Iterable[str] | None = None) -> Catalogue:
    """The items of ``version`` (only ``codes`` and their shared ``X.XX`` forms if given)."""
    items = NomenclatureItem.objects.filter(version=version)
    if codes is not None:
        wanted = set(codes)
        wanted |= {w for c in list(wanted) if (w := wildcard_code(c))}
        items = items.filter(code__in=wanted)
    entries = {
        i.code: Entry(i.code, i.kind, i.level, i.name, i.indicator, i.unit)
        for i in items.only("code", "kind", "level", "name", "indicator", "unit")
    }
    return Catalogue(version.name, version.in_force_from, entries)


def catalogue_in_force(on: date, codes: Iterable[str] | None = None) -> Catalogue | None:
    version = version_in_force(on)
    return catalogue_for(version, codes) if version is not None else None


def level_of_region(region: Region | None) -> str:
    """Which level's items a region plans; the centre and others see both."""
    if region is not None and region.level == Level.PROVINCE:
        return GovernmentLevel.PROVINCE
    if region is not None and region.level == Level.REGENCY:
        return GovernmentLevel.KAB_KOTA
    return ""


def search_items(
    version: NomenclatureVersion, *, query: str = "", level: str = "", kind: str = ""
) -> QuerySet[NomenclatureItem]:
    """Items of a version matching a code prefix or all the words of ``query``."""
    items = NomenclatureItem.objects.filter(version=version)
    if level in (GovernmentLevel.PROVINCE, GovernmentLevel.KAB_KOTA):
        items = items.filter(level__in=[level, GovernmentLevel.BOTH])
    if kind:
        items = items.filter(kind=kind)
    text = query.strip()
    if text:
        if text[0].isdigit() or text[:1].upper() == "X":
            items = items.filter(code__startswith=text.upper())
        else:
            for word in text.split():
                items = items.filter(
                    Q(name__icontains=word)
                    | Q(name_kab_kota__icontains=word)
                    | Q(indicator__icontains=word)
                )
    return items.order_by("code")


def items_page(items: QuerySet[NomenclatureItem], number: Any) -> Page[NomenclatureItem]:
    return Paginator(items, PAGE_SIZE).get_page(number)


def region_for_skpd(user: Any, code: str) -> Region:
    """A province or kab/kota the user may see, or 404."""
    return get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), user, code=code
    )


def skpds_for(user: Any, region: Region) -> QuerySet[Skpd]:
    return scoped(Skpd.objects.filter(region=region), user).order_by("code")


def skpd_lookup(region: Region) -> dict[str, tuple[str, bool]]:
    """code -> (name, active) of a region's SKPD list, for :func:`checks.check_opd`."""
    return {
        code: (name, active)
        for code, name, active in Skpd.objects.filter(region=region).values_list(
            "code", "name", "active"
        )
    }
