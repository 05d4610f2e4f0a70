"""What the plan page's forms send, read into the services' inputs, and back.

Kept apart from the views so the field names (Indonesian, as the import's columns) live in
one place; no check happens here: the services check and say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sepakat.planning.models_plan import (
    Intervention,
    Plan,
    PlanObjective,
    ProgrammeOutcome,
    plain_number,
)
from sepakat.planning.plan_edits import GENERAL, InterventionIn, YearIn

# The target group a kab/kota plan names most: the registry's bottom 40 %.
REGISTRY_GROUP = "registri"


def errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            key: [str(m) for m in ValidationError(v).messages] for key, v in exc.error_dict.items()
        }
    return {GENERAL: list(exc.messages)}


def plan_years(plan: Plan) -> list[int]:
    """The baseline year (kondisi awal) and the years of the period."""
    return [plan.start_year - 1, *plan.years]


@dataclass
class YearRow:
    year: int
    baseline: bool
    target: str = ""
    budget: str = ""
    locations: str = ""
    errors: list[str] = field(default_factory=list)


def intervention_in(post: Any, plan: Plan, registry_count: int | None) -> InterventionIn:
    count_text = post.get("jumlah_kelompok_sasaran", "").strip()
    group = post.get("kelompok_sasaran", "").strip()
    if count_text and not count_text.isdigit():
        raise ValidationError(
            {
                "jumlah_kelompok_sasaran": [
                    _(
                        "Jumlah kelompok sasaran '%(value)s' bukan bilangan bulat. Tulis "
                        "angka tanpa titik, mis. 2990."
                    )
                    % {"value": count_text}
                ]
            }
        )
    count: int | None = int(count_text) if count_text else None
    if post.get("kelompok_registri") == REGISTRY_GROUP and registry_count is not None:
        group = _("Rumah tangga desil 1-4 registri")
        count = registry_count
    common = post.getlist("lokasi") if hasattr(post, "getlist") else []
    years = []
    for year in plan_years(plan):
        own = post.get(f"lokasi_{year}", "").strip()
        # Locations picked from the list apply to every year of the period; codes typed for
        # one year replace them for that year. The baseline describes what exists: no places.
        locations = own or ("" if year < plan.start_year else " ".join(common))
        years.append(
            YearIn(
                year=year,
                target=post.get(f"target_{year}", "").strip(),
                budget=post.get(f"pagu_indikatif_{year}", "").strip(),
                locations=locations if post.get(f"target_{year}", "").strip() else own,
            )
        )
    return InterventionIn(
        problem=post.get("masalah", "").strip(),
        strategy=post.get("strategi", "").strip(),
        sub_kegiatan_code=post.get("kode_sub_kegiatan", "").strip(),
        skpd_code=post.get("kode_skpd", "").strip(),
        output_indicator=post.get("indikator_keluaran", "").strip(),
        unit=post.get("satuan", "").strip(),
        years=years,
        target_group=group,
        target_group_count=count,
        fund_source=post.get("sumber_dana", "APBD"),
        tag_stunting=post.get("tag_stunting") == "1",
    )


def intervention_values(intervention: Intervention | None) -> dict[str, Any]:
    """The form's values for an existing intervention (or the defaults of a new one)."""
    if intervention is None:
        return {"sumber_dana": "APBD", "lokasi": []}
    return {
        "masalah": intervention.problem.code,
        "strategi": intervention.strategy,
        "kode_sub_kegiatan": intervention.sub_kegiatan_code,
        "nama_sub_kegiatan": intervention.sub_kegiatan_name,
        "kode_skpd": intervention.skpd.code,
        "indikator_keluaran": intervention.output_indicator,
        "satuan": intervention.unit,
        "kelompok_sasaran": intervention.target_group,
        "jumlah_kelompok_sasaran": intervention.target_group_count or "",
        "sumber_dana": intervention.fund_source,
        "tag_stunting": intervention.tag_stunting,
        "lokasi": [],
    }


def year_rows(
    plan: Plan,
    *,
    intervention: Intervention | None = None,
    post: Any = None,
    errors: dict[str, list[str]] | None = None,
) -> list[YearRow]:
    errors = errors or {}
    saved = {y.year: y for y in intervention.years.all()} if intervention is not None else {}
    rows = []
    for year in plan_years(plan):
        row = YearRow(year=year, baseline=year < plan.start_year)
        if post is not None:
            row.target = post.get(f"target_{year}", "")
            row.budget = post.get(f"pagu_indikatif_{year}", "")
            row.locations = post.get(f"lokasi_{year}", "")
        elif year in saved:
            row.target = plain_number(saved[year].target)
            row.budget = plain_number(saved[year].budget)
            row.locations = " ".join(saved[year].locations)
        row.errors = [
            m
            for key in (f"target_{year}", f"pagu_indikatif_{year}", f"lokasi_{year}")
            for m in errors.get(key, [])
        ]
        rows.append(row)
    return rows


@dataclass
class ObjectiveIn:
    statement: str
    indicator: str
    unit: str
    polarity: int
    baseline_text: str
    targets: dict[int, str]


def objective_in(post: Any, plan: Plan) -> ObjectiveIn:
    polarity_text = post.get("polaritas", "1")
    polarity = int(polarity_text) if polarity_text in ("1", "-1", "0") else 1
    return ObjectiveIn(
        statement=post.get("rumusan", ""),
        indicator=post.get("indikator", ""),
        unit=post.get("satuan", ""),
        polarity=polarity,
        baseline_text=post.get("kondisi_awal", ""),
        targets={
            year: post.get(f"target_{year}", "").strip()
            for year in plan.years
            if post.get(f"target_{year}", "").strip()
        },
    )


def objective_values(objective: PlanObjective) -> dict[str, Any]:
    return {
        "rumusan": objective.statement,
        "indikator": objective.indicator,
        "satuan": objective.unit,
        "polaritas": str(objective.polarity),
        "kondisi_awal": plain_number(objective.baseline),
        **{f"target_{y}": v for y, v in objective.targets.items()},
    }


def outcome_values(outcome: ProgrammeOutcome) -> dict[str, Any]:
    return {
        "kode_program": outcome.programme_code,
        "indikator": outcome.indicator,
        "satuan": outcome.unit,
        "polaritas": str(outcome.polarity),
        "kondisi_awal": plain_number(outcome.baseline),
        **{f"target_{y}": v for y, v in outcome.targets.items()},
    }
