"""Reads of the plan: which version, its rows, and what a version changes.

Pages read through :func:`plans_for` and :func:`version_for_user` (scoped to the user's
region, 404 for another region's); the command line, which runs as the server's operator,
names the region and reads through :func:`plan_of` and :func:`pick_version`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from sepakat.core.access import get_for_user, scoped
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    Plan,
    PlanVersion,
    VersionStatus,
    plain_number,
)
from sepakat.regions.models import Region


def plans_for(user: Any) -> QuerySet[Plan]:
    return scoped(Plan.objects.select_related("region"), user)


def version_for_user(user: Any, pk: int) -> PlanVersion:
    return get_for_user(PlanVersion.objects.select_related("plan__region"), user, pk=pk)


def plan_of(region: Region, start_year: int | None = None) -> Plan:
    """The region's plan starting in ``start_year``, or its latest."""
    plans = Plan.objects.filter(region=region).select_related("region", "nomenclature")
    plan = plans.filter(start_year=start_year).first() if start_year else plans.first()
    if plan is None:
        raise ValidationError(
            _("%(region)s belum memiliki rencana. Impor dulu dengan 'sepakat plan import'.")
            % {"region": region.display_name}
        )
    return plan


def approved_version(plan: Plan, before: int | None = None) -> PlanVersion | None:
    """The plan in force: the latest approved version (below ``before`` if given)."""
    versions = plan.versions.filter(status=VersionStatus.APPROVED)
    if before is not None:
        versions = versions.filter(number__lt=before)
    return versions.order_by("-number").first()


def pick_version(plan: Plan, spec: str | None) -> PlanVersion:
    """``None``: the approved version; ``latest``: the newest, draft or not; ``N``: that one."""
    if spec in (None, ""):
        version = approved_version(plan)
        if version is None:
            raise ValidationError(
                _(
                    "Rencana %(plan)s belum mempunyai versi yang disetujui. Pakai --version "
                    "latest untuk versi terbaru (draf)."
                )
                % {"plan": plan}
            )
        return version
    if spec == "latest":
        version = plan.versions.order_by("-number").first()
    elif spec.isdigit():
        version = plan.versions.filter(number=int(spec)).first()
    else:
        raise ValidationError(
            _("Versi '%(spec)s' tidak dikenal; tulis nomor versi atau 'latest'.") % {"spec": spec}
        )
    if version is None:
        raise ValidationError(
            _("Rencana %(plan)s tidak mempunyai versi %(spec)s.") % {"plan": plan, "spec": spec}
        )
    return version


def interventions_of(version: PlanVersion) -> list[Intervention]:
    return list(
        version.interventions.select_related("problem", "skpd")
        .prefetch_related(Prefetch("years", InterventionYear.objects.order_by("year")))
        .order_by("position")
    )


def with_place_names(interventions: list[Intervention]) -> list[Intervention]:
    """Each year's locations as a planner reads them (the kecamatan/desa names, in one
    query for the whole version), on ``year.place_names``; a code no longer known stays
    a code."""
    years = [y for i in interventions for y in i.years.all()]
    codes = {c for y in years for c in y.locations}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for year in years:
        year.place_names = [names.get(c, c) for c in year.locations]  # type: ignore[attr-defined]
    return interventions


number_text = plain_number


def csv_rows(version: PlanVersion) -> list[dict[str, str]]:
    """The long matrix, one row per sub kegiatan and year, as the import reads it."""
    return [
        {
            "masalah": i.problem.code,
            "strategi": i.strategy,
            "kode_sub_kegiatan": i.sub_kegiatan_code,
            "kode_skpd": i.skpd.code,
            "indikator_keluaran": i.output_indicator,
            "satuan": i.unit,
            "tahun": str(y.year),
            "target": number_text(y.target),
            "pagu_indikatif": number_text(y.budget),
            "lokasi": " ".join(y.locations),
        }
        for i in interventions_of(version)
        for y in i.years.all()
    ]


@dataclass(frozen=True)
class Change:
    key: str  # "PND01 1.01.02.2.01.0025 (1.01.0.00...)"
    year: int
    what: str  # "target" or "pagu"
    before: str
    after: str
    label: str = ""  # the key as a planner reads it (names, not the SKPD's code)


@dataclass
class PlanDiff:
    base: PlanVersion
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def added_labels(self) -> list[str]:
        return [self.labels.get(k, k) for k in self.added]

    @property
    def removed_labels(self) -> list[str]:
        return [self.labels.get(k, k) for k in self.removed]


def _key(i: Intervention) -> str:
    return f"{i.problem.code} {i.sub_kegiatan_code} {i.skpd.code}"


def _label(i: Intervention) -> str:
    # The key names the SKPD by its 22-character code, which no planner recognises.
    return f"{i.problem.code} · {i.sub_kegiatan_code} {i.sub_kegiatan_name} · {i.skpd.name}"


def _keyed(version: PlanVersion, labels: dict[str, str]) -> dict[str, dict[int, InterventionYear]]:
    keyed = {}
    for i in interventions_of(version):
        labels[_key(i)] = _label(i)
        keyed[_key(i)] = {y.year: y for y in i.years.all()}
    return keyed


def version_diff(version: PlanVersion) -> PlanDiff | None:
    """What ``version`` adds, removes and changes (targets, budgets) against the approved
    version before it; None when no version was approved before."""
    base = approved_version(version.plan, before=version.number)
    if base is None:
        return None
    diff = PlanDiff(base=base)
    old, new = _keyed(base, diff.labels), _keyed(version, diff.labels)
    diff.added = [k for k in new if k not in old]
    diff.removed = [k for k in old if k not in new]
    for key in (k for k in new if k in old):
        for year in sorted(set(old[key]) | set(new[key])):
            a, b = old[key].get(year), new[key].get(year)
            for what, attr in (("target", "target"), ("pagu", "budget")):
                before = number_text(getattr(a, attr)) if a else ""
                after = number_text(getattr(b, attr)) if b else ""
                if before != after:
                    diff.changed.append(Change(key, year, what, before, after, diff.labels[key]))
    return diff


def problems_without_intervention(version: PlanVersion) -> list[Any]:
    """The priority set's problems no intervention of ``version`` answers (a warning)."""
    answered = set(version.interventions.values_list("problem_id", flat=True))
    items = version.plan.priority_set.items.select_related("indicator").order_by("position")
    return [i.indicator for i in items if i.indicator.pk not in answered]


# ---------------------------------------------------------------- what the edit pages offer


def open_version(plan: Plan) -> PlanVersion | None:
    """The version being worked on (draft, submitted or returned), if any: a new draft is
    offered only when there is none, so the TKPKD never weighs two drafts at once."""
    return plan.versions.exclude(status=VersionStatus.APPROVED).order_by("-number").first()


@dataclass
class ChainNode:
    """A tujuan with its sasaran, or a sasaran with its programme outcomes."""

    item: Any
    children: list[Any] = field(default_factory=list)


def objectives_of(version: PlanVersion) -> list[ChainNode]:
    """The tujuan in order, each with its sasaran in order, each sasaran with its programme
    outcomes: the chain as the page reads it, in three queries whatever its size."""
    objectives = list(version.objectives.order_by("kind", "position"))
    outcomes = list(version.programme_outcomes.order_by("programme_code"))
    return [
        ChainNode(
            t,
            [
                ChainNode(s, [o for o in outcomes if o.sasaran_id == s.pk])
                for s in objectives
                if s.parent_id == t.pk
            ],
        )
        for t in objectives
        if t.kind == "tujuan"
    ]


def problem_choices(plan: Plan) -> list[Any]:
    """The priority set's items in its order (the problems an intervention may answer)."""
    return list(plan.priority_set.items.select_related("indicator").order_by("position"))


def skpd_choices(plan: Plan) -> list[Any]:
    from sepakat.planning.models import Skpd

    return list(Skpd.objects.filter(region=plan.region, active=True).order_by("code"))


@dataclass(frozen=True)
class LocationChoices:
    priority: list[Region]
    others: list[Region]


def location_choices(plan: Plan) -> LocationChoices:
    """The kecamatan and desa of the plan's region, the priority set's locations first."""
    places = list(
        Region.objects.filter(code__startswith=plan.region.code + ".")
        .only("code", "name", "level", "kind")
        .order_by("code")
    )
    chosen = {c for item in plan.priority_set.items.all() for c in (item.locations or [])}
    return LocationChoices(
        priority=[p for p in places if p.code in chosen],
        others=[p for p in places if p.code not in chosen],
    )


def registry_target_group(region: Region) -> int | None:
    """Households in welfare deciles 1-4 of the region's registry, or None without one."""
    from sepakat.priorities.registry import bottom_decile_households

    found = bottom_decile_households(region)
    return found[0] if found is not None else None
