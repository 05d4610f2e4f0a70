"""Reads of the OPD's quarterly reports: the evaluation table of a region, year and
quarter in the columns of Permendagri 86/2017 (program/kegiatan/sub kegiatan, indikator
keluaran, target, realisasi kinerja dan keuangan per triwulan, tingkat capaian)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sepakat.monitoring import quarter_rules
from sepakat.monitoring.models import QuarterReport, QuarterStatus
from sepakat.monitoring.quarter_services import plan_interventions
from sepakat.planning.codes import parent_codes
from sepakat.planning.models import NomenclatureItem
from sepakat.planning.models_plan import Intervention
from sepakat.regions.models import Region


@dataclass
class QuarterLine:
    intervention: Intervention
    program: str
    kegiatan: str
    year_target: Decimal
    budget: Decimal | None
    share: Decimal
    # quarter -> the report of that quarter (cumulative values)
    reports: dict[int, QuarterReport] = field(default_factory=dict)
    report: QuarterReport | None = None
    behind: quarter_rules.Behind | None = None

    @property
    def output_pct(self) -> float | None:
        """Tingkat capaian kinerja: cumulative output over the year's target."""
        return quarter_rules.pct(self.report.output if self.report else None, self.year_target)

    @property
    def financial_pct(self) -> float | None:
        """Tingkat capaian keuangan: cumulative spending over the year's pagu."""
        return quarter_rules.pct(self.report.financial if self.report else None, self.budget)

    def by_quarter(self) -> list[QuarterReport | None]:
        return [self.reports.get(q) for q in quarter_rules.QUARTERS]


def _names(codes: set[str]) -> dict[str, str]:
    """The nomenclature's name of each program and kegiatan code, newest list first."""
    names: dict[str, str] = {}
    found = NomenclatureItem.objects.filter(code__in=codes).order_by("-version__in_force_from")
    for code, name in found.values_list("code", "name"):
        names.setdefault(code, name)
    return names


def quarter_lines(*, region: Region, year: int, quarter: int) -> list[QuarterLine]:
    """One line per sub kegiatan of the plan in force, with every quarter's report of the
    year and this quarter's behind flags."""
    pairs = plan_interventions(region, year)
    parents = {i.pk: parent_codes(i.sub_kegiatan_code) for i, _y in pairs}
    wanted = {c for codes in parents.values() for c in codes[-2:]}
    names = _names(wanted)
    reports: dict[int, dict[int, QuarterReport]] = {}
    for report in QuarterReport.objects.filter(
        region=region, year=year, intervention_id__in=[i.pk for i, _y in pairs]
    ):
        reports.setdefault(report.intervention_id, {})[report.quarter] = report
    lines = []
    for intervention, item in pairs:
        codes = parents[intervention.pk]
        program = codes[-2] if len(codes) >= 2 else ""
        kegiatan = codes[-1] if codes else ""
        own = reports.get(intervention.pk, {})
        line = QuarterLine(
            intervention=intervention,
            program=f"{program} {names.get(program, '')}".strip(),
            kegiatan=f"{kegiatan} {names.get(kegiatan, '')}".strip(),
            year_target=item.target,
            budget=item.budget,
            share=quarter_rules.target_share(item.target, quarter),
            reports=own,
            report=own.get(quarter),
        )
        if line.report is not None:
            line.behind = quarter_rules.behind(
                quarter=quarter,
                year_target=item.target,
                polarity=intervention.polarity,
                output=line.report.output,
                budget=item.budget,
                financial=line.report.financial,
            )
        lines.append(line)
    return lines


def quarter_status(lines: list[QuarterLine]) -> str:
    """The status of the quarter as a whole: the least advanced of its lines (a quarter
    without any line reported is a draft)."""
    order: list[str] = [
        QuarterStatus.RETURNED,
        QuarterStatus.DRAFT,
        QuarterStatus.SUBMITTED,
        QuarterStatus.VERIFIED,
    ]
    found: set[str] = {line.report.status for line in lines if line.report is not None}
    if QuarterStatus.RETURNED in found:
        return QuarterStatus.RETURNED
    if not found or any(line.report is None for line in lines):
        return QuarterStatus.DRAFT
    return min(found, key=order.index)


def verified_outputs(region: Region, year: int, quarter: int) -> dict[int, float]:
    """Intervention -> verified cumulative output at the end of the quarter."""
    found = QuarterReport.objects.filter(
        region=region, year=year, quarter=quarter, status=QuarterStatus.VERIFIED
    ).values_list("intervention_id", "output")
    return {pk: float(value) for pk, value in found}
