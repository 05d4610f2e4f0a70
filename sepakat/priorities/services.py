"""Writes of the priority set: save a version, submit, approve, return.

The life of a set (one region, one year), as the TKPKD works:

* a planner (or the regional admin) of the region saves a version from the ranked list:
  which problems, in which order, with the determinants and the places each one is about.
  A **draft** or a **returned** version is changed in place; once a version is approved,
  saving makes the next version (``version + 1``), so an approved version never changes;
* submitting sends the version to the regional admin; while submitted nobody edits it;
* a regional admin of the region (the kab/kota's, or the province's above it) approves it
  or returns it with a reason. **Not their own submission**: the approval is the TKPKD's
  check of the proposal the planners made, and a check by the person who proposed is no
  check. A kab/kota with a single admin has the province's admin (who sees the kab/kota)
  or a second admin account approve it.

**When the order needs a reason.** The computed order of the picked problems is their
rank; the problems a planner *moved* are the fewest whose removal leaves the others in
rank order (the complement of a longest increasing run of ranks). Lifting the 5th problem
above the 1st marks only that one; swapping two neighbours marks the one lifted. A problem
that was not ranked (too few persons, imprecise, target reached) always needs a reason:
the computation did not put it in the list. Leaving a ranked problem out needs none: the
set is a choice from the list, not a copy of it.

Every write is atomic and leaves one audit record that says what happened in words.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.roles import Role
from sepakat.datahub.models import Indicator
from sepakat.priorities.models import (
    PriorityIndicator,
    PriorityRun,
    PrioritySet,
    PrioritySetItem,
    SetStatus,
)
from sepakat.priorities.ranking import rows_for
from sepakat.regions.models import Level, Region

EDIT_ROLES = frozenset({Role.PLANNER, Role.REGIONAL_ADMIN})
APPROVE_ROLES = frozenset({Role.REGIONAL_ADMIN})
MAX_LOCATIONS = 200


@dataclass(frozen=True)
class ItemIn:
    """One problem of the set as the planner gives it, in its position."""

    code: str
    reason: str = ""
    determinants_text: str = ""
    determinant_codes: tuple[str, ...] = field(default_factory=tuple)
    locations: tuple[str, ...] = field(default_factory=tuple)


def may_edit(user: User, region: Region) -> bool:
    return user.role in EDIT_ROLES and user_may_see(user, region)


def may_approve(user: User, priority_set: PrioritySet) -> bool:
    return (
        user.role in APPROVE_ROLES
        and user_may_see(user, priority_set.region)
        and priority_set.submitted_by_id != user.pk
    )


def moved_positions(ranks: Sequence[int | None]) -> set[int]:
    """Positions (0-based) of the items taken out of rank order: every unranked item, and
    the ranked ones outside a longest strictly increasing run of ranks.

    >>> sorted(moved_positions([5, 1, 2, 3, 4]))
    [0]
    >>> sorted(moved_positions([2, 1, None]))
    [0, 2]
    """
    ranked = [(i, r) for i, r in enumerate(ranks) if r is not None]
    # patience sorting with back-pointers: O(n log n), the earliest ties kept
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(ranked)
    for k, (_i, r) in enumerate(ranked):
        j = bisect.bisect_left(tails, r)
        if j == len(tails):
            tails.append(r)
            tail_at.append(k)
        else:
            tails[j] = r
            tail_at[j] = k
        back[k] = tail_at[j - 1] if j > 0 else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(ranked[k][0])
        k = back[k]
    return {i for i, r in enumerate(ranks) if r is None or i not in keep}


def _check_items(
    region: Region, run: PriorityRun, items: Sequence[ItemIn]
) -> tuple[list[dict[str, Any]], dict[str, PriorityIndicator], dict[str, Indicator]]:
    """Validated items with their computed rank and score; every problem names the item."""
    if not items:
        raise ValidationError({"items": _("Pilih paling sedikit satu masalah prioritas.")})
    rows = {r["code"]: r for r in rows_for(run, region.code)}
    codes = [i.code for i in items]
    catalogue = {
        p.code: p
        for p in PriorityIndicator.objects.filter(code__in=codes).prefetch_related("determinants")
    }
    errors: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        if item.code in seen:
            errors.append(
                _("Baris %(n)s: masalah %(code)s dipilih dua kali; hapus salah satunya.")
                % {"n": n, "code": item.code}
            )
        seen.add(item.code)
        if item.code not in rows or item.code not in catalogue:
            errors.append(
                _(
                    "Baris %(n)s: indikator %(code)s tidak ada dalam daftar peringkat %(region)s; "
                    "pilih dari daftar peringkat."
                )
                % {"n": n, "code": item.code, "region": region.code}
            )
    if errors:
        raise ValidationError({"items": errors})
    ranks = [rows[i.code]["rank"] for i in items]
    moved = moved_positions(ranks)
    wanted_locations = {c for i in items for c in i.locations}
    places = {
        r.code: r
        for r in Region.objects.filter(
            code__in=wanted_locations, level__in=(Level.DISTRICT, Level.VILLAGE)
        )
    }
    determinant_codes = {c for i in items for c in i.determinant_codes}
    determinants = {d.code: d for d in Indicator.objects.filter(code__in=determinant_codes)}
    out = []
    for n, item in enumerate(items, start=1):
        indicator = catalogue[item.code]
        if n - 1 in moved and not item.reason.strip():
            errors.append(
                _(
                    "Baris %(n)s (%(code)s): urutannya berbeda dari peringkat hasil hitungan "
                    "(peringkat %(rank)s); tuliskan alasannya."
                )
                % {"n": n, "code": item.code, "rank": ranks[n - 1] or _("tidak diperingkat")}
            )
        if len(item.locations) > MAX_LOCATIONS:
            errors.append(
                _("Baris %(n)s (%(code)s): paling banyak %(max)s lokasi.")
                % {"n": n, "code": item.code, "max": MAX_LOCATIONS}
            )
        for code in item.locations:
            place = places.get(code)
            if place is None or not region.contains(place):
                errors.append(
                    _(
                        "Baris %(n)s (%(code)s): lokasi %(place)s bukan kecamatan atau "
                        "desa/kelurahan di %(region)s; periksa kodenya (contoh 32.01.01 atau "
                        "32.01.01.2001)."
                    )
                    % {"n": n, "code": item.code, "place": code, "region": region.display_name}
                )
        linked = {d.code for d in indicator.determinants.all()}
        for code in item.determinant_codes:
            if code not in determinants or code not in linked:
                errors.append(
                    _(
                        "Baris %(n)s (%(code)s): %(det)s bukan indikator determinan masalah ini "
                        "di katalog."
                    )
                    % {"n": n, "code": item.code, "det": code}
                )
        out.append(
            {
                "item": item,
                "indicator": indicator,
                "rank": ranks[n - 1],
                "score": rows[item.code].get("score"),
                "moved": n - 1 in moved,
            }
        )
    if errors:
        raise ValidationError({"items": errors})
    return out, catalogue, determinants


def priority_set_save(
    *,
    user: User,
    region: Region,
    period: str,
    run: PriorityRun,
    items: Sequence[ItemIn],
    note: str = "",
) -> PrioritySet:
    """Save the set: in place while a draft or returned, else as the next version."""
    if not may_edit(user, region):
        raise PermissionDenied
    if run.region_id != region.pk or run.period != period:
        raise ValidationError(
            {"run": _("Peringkat yang dipakai bukan milik wilayah dan tahun set ini.")}
        )
    checked, _catalogue, determinants = _check_items(region, run, items)
    with transaction.atomic():
        current = (
            PrioritySet.objects.select_for_update()
            .filter(region=region, period=period)
            .order_by("-version")
            .first()
        )
        if current is not None and current.status == SetStatus.SUBMITTED:
            raise ValidationError(
                {
                    "items": _(
                        "Versi %(v)s sedang menunggu persetujuan admin daerah; ubah setelah "
                        "disetujui atau dikembalikan."
                    )
                    % {"v": current.version}
                }
            )
        if current is not None and current.editable:
            priority_set = current
            priority_set.run = run
            priority_set.note = note
            priority_set.save(update_fields=["run", "note", "updated_at"])
            priority_set.items.all().delete()
            event = "priority set saved"
        else:
            top = PrioritySet.objects.filter(region=region, period=period).aggregate(
                m=Max("version")
            )["m"]
            priority_set = PrioritySet.objects.create(
                region=region,
                period=period,
                version=(top or 0) + 1,
                run=run,
                note=note,
                created_by=user,
            )
            event = "priority set version created"
        rows = []
        for position, entry in enumerate(checked, start=1):
            item: ItemIn = entry["item"]
            rows.append(
                PrioritySetItem(
                    priority_set=priority_set,
                    indicator=entry["indicator"],
                    position=position,
                    computed_rank=entry["rank"],
                    score=entry["score"],
                    reason=item.reason.strip(),
                    determinants_text=item.determinants_text.strip(),
                    locations=sorted(dict.fromkeys(item.locations)),
                )
            )
        created = PrioritySetItem.objects.bulk_create(rows)
        links = [
            PrioritySetItem.determinants.through(
                prioritysetitem_id=row.pk, indicator_id=determinants[code].pk
            )
            for row, entry in zip(created, checked, strict=True)
            for code in dict.fromkeys(entry["item"].determinant_codes)
        ]
        PrioritySetItem.determinants.through.objects.bulk_create(links)
        _audit(
            user,
            priority_set,
            event,
            items=[
                f"{e['indicator'].code} rank={e['rank']}"
                + (f" reason={e['item'].reason.strip()}" if e["item"].reason.strip() else "")
                for e in checked
            ],
        )
    return priority_set


def _audit(user: User, priority_set: PrioritySet, event: str, **extra: list[str]) -> None:
    record_bulk_change(
        actor=user,
        model=PrioritySet,
        object_repr=_("Set prioritas %(region)s %(year)s versi %(v)s")
        % {
            "region": priority_set.region.code,
            "year": priority_set.period,
            "v": priority_set.version,
        },
        summary={
            "event": [event],
            "priority_set": [str(priority_set.pk)],
            "version": [str(priority_set.version)],
            "status": [priority_set.status],
            **extra,
        },
    )


def _locked(priority_set: PrioritySet) -> PrioritySet:
    return PrioritySet.objects.select_for_update().select_related("region").get(pk=priority_set.pk)


def priority_set_submit(*, user: User, priority_set: PrioritySet) -> PrioritySet:
    """Send a draft or returned version to the regional admin."""
    if not may_edit(user, priority_set.region):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(priority_set)
        if not locked.editable:
            raise ValidationError(
                _("Versi ini sudah %(status)s; tidak dapat diajukan lagi.")
                % {"status": locked.get_status_display()}
            )
        if not locked.items.exists():
            raise ValidationError(_("Set ini belum berisi masalah prioritas."))
        locked.status = SetStatus.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
        locked.return_reason = ""
        locked.save(
            update_fields=["status", "submitted_by", "submitted_at", "return_reason", "updated_at"]
        )
        _audit(user, locked, "priority set submitted")
    return locked


def priority_set_approve(*, user: User, priority_set: PrioritySet) -> PrioritySet:
    """Approve a submitted version: it is locked from now on."""
    if user.role not in APPROVE_ROLES or not user_may_see(user, priority_set.region):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(priority_set)
        if locked.status != SetStatus.SUBMITTED:
            raise ValidationError(_("Hanya versi yang diajukan yang dapat disetujui."))
        if locked.submitted_by_id == user.pk:
            raise ValidationError(
                _(
                    "Anda sendiri yang mengajukan versi ini; persetujuan diberikan oleh admin "
                    "daerah lain (atau admin provinsi)."
                )
            )
        locked.status = SetStatus.APPROVED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        _audit(user, locked, "priority set approved")
    return locked


def priority_set_return(*, user: User, priority_set: PrioritySet, reason: str) -> PrioritySet:
    """Return a submitted version to the planners with a reason; they edit and resubmit."""
    if user.role not in APPROVE_ROLES or not user_may_see(user, priority_set.region):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Tuliskan alasan pengembalian agar perencana tahu apa yang diperbaiki.")}
        )
    with transaction.atomic():
        locked = _locked(priority_set)
        if locked.status != SetStatus.SUBMITTED:
            raise ValidationError(_("Hanya versi yang diajukan yang dapat dikembalikan."))
        locked.status = SetStatus.RETURNED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.return_reason = reason.strip()
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "return_reason", "updated_at"]
        )
        _audit(user, locked, "priority set returned", reason=[reason.strip()])
    return locked
