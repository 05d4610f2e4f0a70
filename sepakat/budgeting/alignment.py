"""Keselarasan: the budget of a year and stage set against the approved priority set and
the plan in force, per poor person and per poorest household, and by location.

The arithmetic is in pure functions over plain values (:func:`problem_rows`,
:func:`per_unit`, :func:`location_split`), tested without a database; the reads
(:func:`alignment_for`) gather those values for one region, year and stage. The
definitions are in the budgeting document, section "Keselarasan".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sepakat.budgeting.models import STAGE_ORDER, ApbdLine, BudgetStage
from sepakat.budgeting.tagging import _plan_view, plan_in_force
from sepakat.budgeting.vocabulary import TAGS
from sepakat.datahub.models import Observation, ObservationStatus
from sepakat.planning.models_plan import Intervention
from sepakat.planning.plans import approved_priority_set
from sepakat.regions.models import Level, Region, RegionBoundary

ZERO = Decimal(0)
POOR_POPULATION = "KMS05"  # Jumlah penduduk miskin (BPS), in thousands of people
POOREST_DECILES = 2


@dataclass(frozen=True)
class AlignLine:
    """What alignment reads of a budget line."""

    sub_kegiatan_code: str
    amount: Decimal
    tags: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    intervention_id: int | None = None
    locations: tuple[str, ...] = ()

    @property
    def poverty(self) -> bool:
        return any(t in TAGS for t in self.tags)


@dataclass
class ProblemRow:
    code: str
    name: str
    planned: Decimal | None  # None: the plan names no amount for the year
    budgeted: Decimal
    lines: int

    @property
    def gap(self) -> Decimal | None:
        """Budgeted minus planned: negative when the budget falls short of the plan."""
        return None if self.planned is None else self.budgeted - self.planned

    @property
    def without_budget(self) -> bool:
        return self.budgeted == ZERO


@dataclass(frozen=True)
class Figure:
    """A per-unit amount, or the reason there is none."""

    label: str
    value: Decimal | None
    numerator: Decimal
    denominator: Decimal | None
    basis: str  # what the denominator is: its year and source
    reason: str = ""


@dataclass
class LocationSplit:
    served: list[str]  # priority locations some line reaches
    missed: list[str]  # priority locations no line reaches
    outside: dict[str, Decimal]  # locations reached that are no priority location: amount
    amounts: dict[str, Decimal]  # every location reached: amount of the lines naming it


@dataclass
class Alignment:
    region: Region
    year: int
    stage: str
    stages: list[str]
    priority_set: Any
    plan: Any
    rows: list[ProblemRow] = field(default_factory=list)
    unserved: Decimal = ZERO  # tagged spending serving no priority problem
    unserved_lines: list[AlignLine] = field(default_factory=list)
    total: Decimal = ZERO
    poverty_total: Decimal = ZERO
    figures: list[Figure] = field(default_factory=list)
    beneficiaries: list[Figure] = field(default_factory=list)
    locations: LocationSplit | None = None
    location_names: dict[str, str] = field(default_factory=dict)
    priority_locations: list[str] = field(default_factory=list)
    bidang_names: dict[str, str] = field(default_factory=dict)  # 1.02: Kesehatan

    @property
    def stage_label(self) -> str:
        return (
            str(BudgetStage(self.stage).label) if self.stage in BudgetStage.values else self.stage
        )

    @property
    def without_budget(self) -> list[ProblemRow]:
        return [r for r in self.rows if r.without_budget]


# --- pure arithmetic ---------------------------------------------------------------------


def problem_rows(
    problems: Sequence[tuple[str, str]],
    planned: dict[str, Decimal],
    lines: Iterable[AlignLine],
) -> tuple[list[ProblemRow], list[AlignLine]]:
    """Each priority problem (in the set's order) with its planned and budgeted amounts,
    and the tagged lines serving none of them.

    A line serving two priority problems counts in full for each (the budget does not say
    how its amount divides), so the rows are not summed into a total."""
    codes = {code for code, _name in problems}
    budgeted = {code: ZERO for code in codes}
    counts = {code: 0 for code in codes}
    unserved: list[AlignLine] = []
    for line in lines:
        served = [p for p in line.problems if p in codes]
        for code in dict.fromkeys(served):
            budgeted[code] += line.amount
            counts[code] += 1
        if not served and line.poverty:
            unserved.append(line)
    rows = [
        ProblemRow(code, name, planned.get(code), budgeted[code], counts[code])
        for code, name in problems
    ]
    return rows, unserved


def per_unit(
    label: str, amount: Decimal, denominator: Decimal | None, basis: str, missing: str
) -> Figure:
    """Rupiah per unit, rounded to the rupiah; no figure when the denominator is missing
    or zero, with ``missing`` as the reason."""
    if denominator is None or denominator <= 0:
        return Figure(label, None, amount, denominator, basis, missing)
    value = (amount / denominator).quantize(Decimal(1))
    return Figure(label, value, amount, denominator, basis)


def location_split(priority: Iterable[str], lines: Iterable[AlignLine]) -> LocationSplit:
    """Which priority locations receive spending. A line naming several locations counts
    in full for each (its amount is not divided among them); a desa counts for the
    kecamatan it lies in too, so a kecamatan kantong served through its desa is served."""
    wanted = list(dict.fromkeys(priority))
    amounts: dict[str, Decimal] = {}
    for line in lines:
        for code in dict.fromkeys(line.locations):
            amounts[code] = amounts.get(code, ZERO) + line.amount

    def reached(code: str) -> bool:
        return any(c == code or c.startswith(code + ".") for c in amounts)

    def inside(code: str) -> bool:
        return any(code == p or code.startswith(p + ".") for p in wanted)

    served = [c for c in wanted if reached(c)]
    missed = [c for c in wanted if not reached(c)]
    outside = {c: a for c, a in sorted(amounts.items()) if not inside(c)}
    return LocationSplit(served, missed, outside, amounts)


# --- reads ---------------------------------------------------------------------------------


def stages_of(region: Region, year: int) -> list[str]:
    present = set(ApbdLine.objects.filter(region=region, year=year).values_list("stage", flat=True))
    return [s for s in STAGE_ORDER if s in present]


def default_stage(stages: Sequence[str]) -> str:
    """The APBD murni when the year has one (the budget as passed), else the latest stage."""
    if "murni" in stages:
        return "murni"
    return stages[-1] if stages else "murni"


def align_lines(region: Region, year: int, stage: str) -> list[AlignLine]:
    """The lines of the stage; a line not yet tagged with problems takes the plan's
    problems, intervention and locations for its sub kegiatan code, as the tag suggestion
    would, so alignment does not wait for the tagging."""
    version = plan_in_force(region, year)
    view = _plan_view(version, year) if version is not None else {}
    out = []
    for code, amount, tags, problems, intervention, locations in ApbdLine.objects.filter(
        region=region, year=year, stage=stage
    ).values_list(
        "sub_kegiatan_code", "amount", "tags", "problem_codes", "intervention_id", "locations"
    ):
        entry = view.get(code)
        if not problems and entry is not None:
            problems = " ".join(entry["problems"])  # type: ignore[arg-type]
            intervention = intervention or int(entry["intervention"])  # type: ignore[call-overload]
            locations = locations or list(entry["locations"])  # type: ignore[call-overload]
        out.append(
            AlignLine(
                code,
                amount,
                tuple(tags.split()),
                tuple(problems.split()),
                intervention,
                tuple(locations or ()),
            )
        )
    return out


def poor_population(region: Region, year: int) -> tuple[Decimal, str] | None:
    """The verified number of poor people of the year or the latest before it (persons),
    with its year and source in words."""
    obs = (
        Observation.objects.filter(
            indicator__code=POOR_POPULATION,
            region=region,
            status=ObservationStatus.VERIFIED,
            period__lte=str(year),
        )
        .select_related("indicator")
        .order_by("-period")
        .first()
    )
    if obs is None:
        return None
    scale = 1000 if "ribu" in obs.indicator.unit else 1
    basis = _("penduduk miskin %(period)s, %(source)s") % {
        "period": obs.period,
        "source": obs.source or obs.indicator.source,
    }
    return Decimal(str(obs.value)) * scale, basis


def poorest_households(region: Region) -> tuple[Decimal, str] | None:
    from sepakat.priorities.registry import bottom_decile_households

    found = bottom_decile_households(region, POOREST_DECILES)
    if found is None:
        return None
    count, file = found
    basis = _("rumah tangga desil 1-2, registri %(title)s (%(period)s)") % {
        "title": file.title,
        "period": file.period,
    }
    return Decimal(count), basis


def alignment_for(region: Region, year: int, stage: str | None = None) -> Alignment:
    stages = stages_of(region, year)
    stage = stage if stage in STAGE_ORDER else default_stage(stages)
    pset = approved_priority_set(region)
    version = plan_in_force(region, year)
    result = Alignment(region, year, stage, stages, pset, version)
    lines = align_lines(region, year, stage)
    result.total = sum((ln.amount for ln in lines), ZERO)
    result.poverty_total = sum((ln.amount for ln in lines if ln.poverty), ZERO)
    problems: list[tuple[str, str]] = []
    kantong: list[str] = []
    if pset is not None:
        for entry in pset.items.select_related("indicator").order_by("position"):
            problems.append((entry.indicator.code, entry.indicator.name_id))
            kantong.extend(entry.locations)
    planned: dict[str, Decimal] = {}
    interventions: list[Intervention] = []
    if version is not None:
        interventions = list(
            Intervention.objects.filter(version=version)
            .select_related("problem")
            .prefetch_related("years")
        )
        for item in interventions:
            for row in item.years.all():
                if row.year == year and row.budget is not None:
                    code = item.problem.code
                    planned[code] = planned.get(code, ZERO) + row.budget
    result.rows, result.unserved_lines = problem_rows(problems, planned, lines)
    result.unserved = sum((ln.amount for ln in result.unserved_lines), ZERO)
    poor = poor_population(region, year)
    result.figures.append(
        per_unit(
            _("Rp belanja kemiskinan per penduduk miskin"),
            result.poverty_total,
            poor[0] if poor else None,
            poor[1] if poor else "",
            _("Belum ada jumlah penduduk miskin terverifikasi untuk %(year)s atau sebelumnya.")
            % {"year": year},
        )
    )
    households = poorest_households(region)
    result.figures.append(
        per_unit(
            _("Rp belanja kemiskinan per rumah tangga desil 1-2"),
            result.poverty_total,
            households[0] if households else None,
            households[1] if households else "",
            _("Belum ada berkas registri dengan kolom desil untuk wilayah ini."),
        )
    )
    by_intervention: dict[int, Decimal] = {}
    for ln in lines:
        if ln.intervention_id is not None:
            by_intervention[ln.intervention_id] = (
                by_intervention.get(ln.intervention_id, ZERO) + ln.amount
            )
    for item in sorted(interventions, key=lambda i: i.position):
        if not item.target_group:
            continue
        count = item.target_group_count
        result.beneficiaries.append(
            per_unit(
                f"{item.sub_kegiatan_code} {item.sub_kegiatan_name}",
                by_intervention.get(item.pk, ZERO),
                Decimal(count) if count else None,
                item.target_group,
                _("Rencana tidak menyebut jumlah kelompok sasaran."),
            )
        )
    for code, name in (
        ApbdLine.objects.filter(region=region, year=year, stage=stage)
        .values_list("sub_kegiatan_code", "urusan_name")
        .distinct()
    ):
        if name:
            result.bidang_names.setdefault(".".join(code.split(".")[:2]), name)
    result.priority_locations = list(dict.fromkeys(kantong))
    result.locations = location_split(kantong, lines)
    codes = set(kantong) | set(result.locations.amounts)
    result.location_names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return result


def rupiah(value: Decimal | None) -> str:
    from sepakat.analysis.formatting import format_number

    return "–" if value is None else "Rp " + format_number(float(value), 0)


def alignment_rows_for_sheet(alignment: Alignment) -> list[list[Any]]:
    """The alignment table as an Excel sheet: a header row, then one row per priority
    problem, then the tagged spending serving no priority problem. Amounts are numbers
    (rupiah), left empty where there is no figure."""
    rows: list[list[Any]] = [
        [
            _("Kode masalah"),
            _("Masalah prioritas"),
            _("Rencana (Rp)"),
            _("Anggaran (Rp)"),
            _("Selisih (Rp)"),
            _("Jumlah baris"),
        ]
    ]
    for r in alignment.rows:
        rows.append(
            [
                r.code,
                r.name,
                None if r.planned is None else float(r.planned),
                float(r.budgeted),
                None if r.gap is None else float(r.gap),
                r.lines,
            ]
        )
    rows.append(
        [
            "",
            _("Belanja bertag yang tidak melayani masalah prioritas"),
            None,
            float(alignment.unserved),
            None,
            len(alignment.unserved_lines),
        ]
    )
    return rows


def location_class(code: str, split: LocationSplit, priority: Sequence[str]) -> str:
    """The map class of a kecamatan or desa: a priority location with or without spending,
    another place with spending, or neither. A place counts as reached when a line names
    it, a place inside it, or the kecamatan it lies in."""
    parent = code.rsplit(".", 1)[0]
    reached = any(c == code or c.startswith(code + ".") or c == parent for c in split.amounts)
    is_priority = any(code == p or code.startswith(p + ".") or p == parent for p in priority)
    if is_priority:
        return str(MAP_CLASSES[0] if reached else MAP_CLASSES[1])
    return str(MAP_CLASSES[2] if reached else MAP_CLASSES[3])


MAP_CLASSES = (
    gettext_lazy("Lokasi prioritas, mendapat belanja"),
    gettext_lazy("Lokasi prioritas, tanpa belanja"),
    gettext_lazy("Di luar lokasi prioritas, mendapat belanja"),
    gettext_lazy("Lainnya"),
)
MAP_COLOURS = ("#1a9850", "#d73027", "#fdae61", "#f0f0f0")


def alignment_map(
    alignment: Alignment,
) -> tuple[dict[str, Any] | None, list[tuple[str, int]], int]:
    """A map of the region's kecamatan (or desa, when the priority locations or the lines
    name desa) coloured by :func:`location_class`; with the legend counts and the level.
    Drawn with the analysis map's chart (same projection, tooltip and legend placement)."""
    from sepakat.analysis import charts
    from sepakat.analysis.narratives import Measure

    split = alignment.locations
    region = alignment.region
    priority = alignment.priority_locations
    codes = set(priority) | set(split.amounts if split else ())
    level = Level.VILLAGE if any(c.count(".") >= 3 for c in codes) else Level.DISTRICT
    labels = [str(c) for c in MAP_CLASSES]
    counts = dict.fromkeys(labels, 0)
    if split is None:
        return None, list(counts.items()), level
    places = Region.objects.filter(level=level, code__startswith=region.code + ".").order_by("code")
    shapes = dict(
        RegionBoundary.objects.filter(region__in=places).values_list("region__code", "geometry")
    )
    features = []
    for place in places.only("code", "name", "level", "kind"):
        cls = location_class(place.code, split, priority)
        counts[cls] += 1
        amount = sum(
            (
                a
                for c, a in split.amounts.items()
                if c == place.code or c.startswith(place.code + ".")
            ),
            ZERO,
        )
        if place.code in shapes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": shapes[place.code],
                    "properties": {
                        "kode": place.code,
                        "nama": place.display_name,
                        "nilai": float(amount),
                        "teks": rupiah(amount),
                        "kelas": cls,
                    },
                }
            )
    if not features:
        return None, list(counts.items()), level
    measure = Measure(name=_("Belanja bertag di lokasi"), unit="Rp", decimals=0, polarity=0)
    spec = charts.map_chart(features, range(len(labels)), labels, measure)
    spec["encoding"]["color"]["scale"] = {"domain": labels, "range": list(MAP_COLOURS)}
    spec["encoding"]["color"]["title"] = _("Lokasi belanja dan lokasi prioritas")
    return spec, list(counts.items()), level
