"""Reads of the ranking and the priority set, always scoped to the user's region."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from sepakat.core.access import get_for_user, scoped
from sepakat.priorities.models import PriorityRun, PrioritySet, PrioritySetItem, SetStatus
from sepakat.regions.models import Region


def latest_run(user: Any, region: Region, period: str) -> PriorityRun | None:
    """The newest ranking of ``region`` for ``period`` that ``user`` may see."""
    return (
        scoped(PriorityRun.objects.filter(region=region, period=period), user)
        .select_related("file", "region", "created_by")
        .first()
    )


def newest_run(user: Any, region: Region) -> PriorityRun | None:
    """The newest ranking of ``region`` of any year (one query): the one the determinant
    and location pages name as their source and build the set from."""
    return (
        scoped(PriorityRun.objects.filter(region=region), user)
        .select_related("file", "region", "created_by")
        .order_by("-period", "-created_at", "-pk")
        .first()
    )


def run_years(user: Any, region: Region) -> list[str]:
    qs = scoped(PriorityRun.objects.filter(region=region), user)
    return sorted(set(qs.values_list("period", flat=True)), reverse=True)


def sets_for(user: Any, region: Region | None = None) -> QuerySet[PrioritySet]:
    qs = scoped(PrioritySet.objects.all(), user).select_related(
        "region", "created_by", "submitted_by", "decided_by"
    )
    if region is not None:
        qs = qs.filter(region=region)
    return qs


def set_for_user(user: Any, pk: int) -> PrioritySet:
    """One version, or 404 when it lies outside the user's region."""
    qs = PrioritySet.objects.select_related(
        "region", "run", "run__file", "created_by", "submitted_by", "decided_by"
    )
    return get_for_user(qs, user, pk=pk)


def items_of(priority_set: PrioritySet) -> list[PrioritySetItem]:
    return list(
        priority_set.items.select_related("indicator")
        .prefetch_related("determinants")
        .order_by("position")
    )


def latest_version(region: Region, period: str) -> PrioritySet | None:
    return PrioritySet.objects.filter(region=region, period=period).order_by("-version").first()


def approved_set(user: Any, region: Region, period: str) -> PrioritySet | None:
    """The newest approved version: the one the planning module starts from."""
    return (
        sets_for(user, region)
        .filter(period=period, status=SetStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def previous_approved(priority_set: PrioritySet) -> PrioritySet | None:
    return (
        PrioritySet.objects.filter(
            region=priority_set.region_id,
            period=priority_set.period,
            status=SetStatus.APPROVED,
            version__lt=priority_set.version,
        )
        .order_by("-version")
        .first()
    )


@dataclass
class SetDiff:
    """What changed from the previous approved version."""

    base: PrioritySet
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, int, int]] = field(default_factory=list)  # code, old, new position
    changed: list[tuple[str, str]] = field(default_factory=list)  # code, what

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed)


def set_diff(priority_set: PrioritySet) -> SetDiff | None:
    """The differences from the previous approved version, or None for the first one."""
    from django.utils.translation import gettext as _

    base = previous_approved(priority_set)
    if base is None:
        return None
    old = {i.indicator.code: i for i in items_of(base)}
    new = {i.indicator.code: i for i in items_of(priority_set)}
    diff = SetDiff(base=base)
    diff.added = [c for c in new if c not in old]
    diff.removed = [c for c in old if c not in new]
    for code, item in new.items():
        before = old.get(code)
        if before is None:
            continue
        if before.position != item.position:
            diff.moved.append((code, before.position, item.position))
        if before.reason != item.reason:
            diff.changed.append((code, _("alasan")))
        if before.locations != item.locations:
            diff.changed.append((code, _("lokasi")))
        if before.determinants_text != item.determinants_text or {
            d.code for d in before.determinants.all()
        } != {d.code for d in item.determinants.all()}:
            diff.changed.append((code, _("determinan")))
    return diff
