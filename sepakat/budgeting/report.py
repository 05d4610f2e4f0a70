"""The Penganggaran report of one region, year and stage: what the page, the PDF, the
Excel workbook and the API all show.

:func:`build_report` takes no request: it reads the sums of the stored lines through
:mod:`sepakat.budgeting.selectors` (grouped by the database) and returns a
:class:`BudgetReport`. The caller has already checked that the reader may see the region;
:func:`report_for` does both for a person: the region only among those the user may see,
the report from the analysis cache while the region's data are unchanged.

Choices where the task is silent (``docs/budgeting.md`` repeats them):

- **poverty spending** is a line carrying any tag (``kemiskinan-ekstrem``, ``stunting``,
  ``beban``, ``pendapatan``, ``kantong``), or a line marked ``langsung`` or ``penunjang``
  that names a priority problem (:data:`~sepakat.budgeting.selectors.POVERTY`);
- breakdowns by bidang urusan, SKPD and fund source show all spending of the key, the
  poverty spending in it and its share; breakdowns by tag, strategy and problem show the
  lines carrying the word (a line with two tags or problems counts in both) and their share
  of all spending of the stage;
- the realisation rate is realisation / pagu of the lines that report a realisation
  (a line without realisation is "not reported", not zero);
- the trend takes, for each year, the chosen stage; a year without it takes its last stage
  in chain order (the most recent document of that year) and says so;
- the comparison puts a kab/kota beside the other kab/kota of its province (a province
  beside its kab/kota) for the same year and stage: totals only, never lines;
- the chain compares each sub kegiatan's amount with the previous stage the region has
  (:func:`sepakat.budgeting.analysis.budget_analysis`, the command's rows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sepakat.analysis.cache import cached
from sepakat.budgeting import selectors
from sepakat.budgeting.absorption import BENCHMARKS, Absorption, absorption
from sepakat.budgeting.alignment import Alignment, alignment_for
from sepakat.budgeting.analysis import AnalysisRow, Line, chain_analysis
from sepakat.budgeting.models import BudgetStage
from sepakat.budgeting.narrative import budget_summary, facts_of
from sepakat.budgeting.vocabulary import STAGES, TAG_LABELS, TAGS
from sepakat.regions.models import Level, Region

STRATEGIES = ("beban", "pendapatan", "kantong")
# The default stage: the APBD as passed is the document a TKPKD reads first; a year without
# it shows its latest stage.
DEFAULT_STAGE = "murni"


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a fraction, or None when either is missing or the whole is 0."""
    if part is None or not whole:
        return None
    return part / whole


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    name: str
    amount: Decimal  # the lines of the key
    poverty: Decimal  # the poverty lines among them
    share_of_total: Decimal | None  # amount / all spending of the stage
    poverty_share: Decimal | None  # poverty / amount
    realisation: Decimal | None
    realisation_rate: Decimal | None


@dataclass(frozen=True)
class TrendRow:
    year: int
    stage: str
    fallback: bool  # the year has not the chosen stage; its latest one is shown
    amount: Decimal
    poverty: Decimal
    poverty_share: Decimal | None


@dataclass(frozen=True)
class ComparisonRow:
    region_code: str
    region_name: str
    itself: bool
    amount: Decimal
    poverty: Decimal
    poverty_share: Decimal | None


@dataclass(frozen=True)
class ChainRow:
    code: str
    name: str
    amounts: tuple[Decimal | None, ...]  # per stage of ``BudgetReport.chain_stages``
    statuses: tuple[str, ...]  # per stage; "" where the sub kegiatan has no row
    status: str  # at the report's stage
    previous: Decimal | None  # at the stage before the report's, when it had a row
    current: Decimal | None  # at the report's stage (0 when dropped)
    change: Decimal | None  # current - previous, when both exist
    change_rate: Decimal | None  # change / previous
    realisation: Decimal | None
    realisation_rate: Decimal | None


@dataclass
class BudgetReport:
    region_code: str
    region_name: str
    region_level: int
    year: int
    stage: str
    stages: list[str]  # of the year, in chain order
    lines: int
    poverty_lines: int
    total: Decimal
    poverty: Decimal
    poverty_share: Decimal | None
    realisation: Decimal | None
    realisation_rate: Decimal | None
    poverty_realisation: Decimal | None
    poverty_realisation_rate: Decimal | None
    by_tag: list[BreakdownRow]
    by_strategy: list[BreakdownRow]
    by_bidang: list[BreakdownRow]
    by_skpd: list[BreakdownRow]
    by_fund: list[BreakdownRow]
    by_problem: list[BreakdownRow]
    trend: list[TrendRow]
    comparison: list[ComparisonRow]
    chain_stages: list[str]
    chain: list[ChainRow]
    # The alignment with the plan and priorities (:mod:`sepakat.budgeting.alignment`) and
    # the plain-language summary (:mod:`sepakat.budgeting.narrative`) of the same stage.
    alignment: Alignment | None = None
    narrative: list[str] = field(default_factory=list)
    # Absorption by quarter of each SKPD at the stage, with its name; empty when no line
    # of the stage reports a quarter.
    absorption: list[tuple[Absorption, str]] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return str(BudgetStage(self.stage).label)

    @property
    def empty(self) -> bool:
        return self.lines == 0


class _Acc:
    __slots__ = ("amount", "poverty", "realisation", "reported")

    def __init__(self) -> None:
        self.amount = Decimal(0)
        self.poverty = Decimal(0)
        self.realisation: Decimal | None = None
        self.reported = Decimal(0)

    def add(self, group: dict[str, Any], poor: bool) -> None:
        self.amount += group["pagu"] or 0
        if poor:
            self.poverty += group["pagu"] or 0
        if group["realised"] is not None:
            self.realisation = (self.realisation or Decimal(0)) + group["realised"]
            self.reported += group["reported"] or 0


def _is_poverty(group: dict[str, Any]) -> bool:
    return bool(group["tags"]) or (bool(group["service"]) and bool(group["problem_codes"]))


def _rows(
    accs: dict[str, _Acc], names: dict[str, str], total: Decimal, order: Iterable[str] | None
) -> list[BreakdownRow]:
    keys = list(order) if order is not None else sorted(accs, key=lambda k: -accs[k].amount)
    return [
        BreakdownRow(
            key=k,
            name=names.get(k, ""),
            amount=accs[k].amount,
            poverty=accs[k].poverty,
            share_of_total=ratio(accs[k].amount, total),
            poverty_share=ratio(accs[k].poverty, accs[k].amount),
            realisation=accs[k].realisation,
            realisation_rate=ratio(accs[k].realisation, accs[k].reported),
        )
        for k in keys
        if k in accs
    ]


def _problem_names(codes: Iterable[str]) -> dict[str, str]:
    from sepakat.priorities.models import PriorityIndicator

    english = (get_language() or "id").startswith("en")
    return {
        p.code: (p.name_en if english and p.name_en else p.name_id)
        for p in PriorityIndicator.objects.filter(code__in=set(codes))
    }


def _bidang_names(found: dict[str, str]) -> dict[str, str]:
    """The names the lines carry; a bidang whose lines came without one (a nomenclature not
    yet loaded at import) is looked up in the nomenclature."""
    missing = [code for code, name in found.items() if not name]
    if missing:
        from sepakat.planning.models import NomenclatureItem

        for code, name in NomenclatureItem.objects.filter(code__in=missing).values_list(
            "code", "name"
        ):
            found[code] = found[code] or name
    return found


def _breakdowns(groups: list[dict[str, Any]]) -> dict[str, Any]:
    total_acc = _Acc()
    poverty_acc = _Acc()
    dims: dict[str, dict[str, _Acc]] = {
        d: defaultdict(_Acc) for d in ("tag", "bidang", "skpd", "fund", "problem")
    }
    lines = poverty_lines = 0
    for g in groups:
        poor = _is_poverty(g)
        total_acc.add(g, poor)
        lines += g["lines"]
        if poor:
            poverty_acc.add(g, poor)
            poverty_lines += g["lines"]
        for tag in g["tags"].split():
            dims["tag"][tag].add(g, poor)
        for problem in g["problem_codes"].split():
            dims["problem"][problem].add(g, poor)
        dims["bidang"][g["bidang"]].add(g, poor)
        dims["skpd"][g["skpd_code"]].add(g, poor)
        dims["fund"][g["fund_source"]].add(g, poor)
    total = total_acc.amount
    skpd_names = {g["skpd_code"]: g["skpd_name"] for g in groups}
    tag_names = {word: str(label) for word, label in TAG_LABELS.items()}
    bidang_names = {g["bidang"]: g["bidang_name"] for g in groups}
    problems = dims["problem"]
    return {
        "lines": lines,
        "poverty_lines": poverty_lines,
        "total": total,
        "poverty": poverty_acc.amount,
        "poverty_share": ratio(poverty_acc.amount, total),
        "realisation": total_acc.realisation,
        "realisation_rate": ratio(total_acc.realisation, total_acc.reported),
        "poverty_realisation": poverty_acc.realisation,
        "poverty_realisation_rate": ratio(poverty_acc.realisation, poverty_acc.reported),
        "by_tag": _rows(dims["tag"], tag_names, total, [t for t in TAGS if t not in STRATEGIES]),
        "by_strategy": _rows(dims["tag"], tag_names, total, STRATEGIES),
        "by_bidang": _rows(dims["bidang"], _bidang_names(bidang_names), total, None),
        "by_skpd": _rows(dims["skpd"], skpd_names, total, None),
        "by_fund": _rows(dims["fund"], {}, total, None),
        "by_problem": _rows(problems, _problem_names(problems), total, sorted(problems)),
    }


def _trend(region: Region, stage: str) -> list[TrendRow]:
    found: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in selectors.year_stage_totals([region]):
        found[row["year"]][row["stage"]] = row
    out = []
    for year in sorted(found):
        stages = found[year]
        shown = stage if stage in stages else [s for s in STAGES if s in stages][-1]
        row = stages[shown]
        out.append(
            TrendRow(
                year=year,
                stage=shown,
                fallback=shown != stage,
                amount=row["pagu"],
                poverty=row["poverty"],
                poverty_share=ratio(row["poverty"], row["pagu"]),
            )
        )
    return out


def _comparison(region: Region, year: int, stage: str) -> list[ComparisonRow]:
    if region.level == Level.REGENCY and region.parent is not None:
        others = Region.objects.filter(parent=region.parent, level=Level.REGENCY)
    else:
        others = Region.objects.filter(parent=region, level=Level.REGENCY) | Region.objects.filter(
            pk=region.pk
        )
    names = {r.pk: (r.code, r.display_name) for r in others}
    rows = [r for r in selectors.year_stage_totals(list(names), year=year) if r["stage"] == stage]
    out = [
        ComparisonRow(
            region_code=names[r["region_id"]][0],
            region_name=names[r["region_id"]][1],
            itself=r["region_id"] == region.pk,
            amount=r["pagu"],
            poverty=r["poverty"],
            poverty_share=ratio(r["poverty"], r["pagu"]),
        )
        for r in rows
    ]
    # highest poverty share first, as a ranking reads; the region itself is marked
    out.sort(key=lambda r: (-(r.poverty_share or Decimal(-1)), r.region_code))
    return out


def _chain(sums: list[dict[str, Any]], stage: str) -> tuple[list[str], list[ChainRow]]:
    names = {s["sub_kegiatan_code"]: s["name"] for s in sums}
    # One line per sub kegiatan and stage: the chain rows of the analysis depend only on
    # these sums, so the command's computation gives its rows without reading every line.
    rows = chain_analysis(
        [
            Line(
                stage=s["stage"],
                skpd_code="",
                sub_kegiatan_code=s["sub_kegiatan_code"],
                fund_source="",
                tags=(),
                amount=s["pagu"],
                realisation=s["realised"],
            )
            for s in sums
        ]
    )
    stages = [s for s in STAGES if any(x["stage"] == s for x in sums)]
    reported = {(s["sub_kegiatan_code"], s["stage"]): s["reported"] for s in sums}
    by_code: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        if row.dimension == "chain":
            by_code[row.key][row.stage] = row
    at = stages.index(stage) if stage in stages else -1
    before = stages[at - 1] if at > 0 else None
    out = []
    for code in sorted(by_code):
        found = by_code[code]
        here = found.get(stage)
        prev = found.get(before) if before else None
        previous = prev.amount if prev is not None and prev.status != "dropped" else None
        current = here.amount if here is not None else None
        change = current - previous if current is not None and previous is not None else None
        realisation = here.realisation if here is not None else None
        out.append(
            ChainRow(
                code=code,
                name=names.get(code, ""),
                amounts=tuple(
                    found[s].amount if s in found and found[s].status != "dropped" else None
                    for s in stages
                ),
                statuses=tuple(found[s].status if s in found else "" for s in stages),
                status=here.status if here is not None else "",
                previous=previous,
                current=current,
                change=change,
                change_rate=ratio(change, previous),
                realisation=realisation,
                realisation_rate=ratio(realisation, reported.get((code, stage))),
            )
        )
    return stages, out


def default_stage(stages: list[str]) -> str:
    if DEFAULT_STAGE in stages:
        return DEFAULT_STAGE
    return stages[-1] if stages else DEFAULT_STAGE


def build_report(region: Region, year: int, stage: str | None = None) -> BudgetReport:
    """The report of a region's year at ``stage`` (the default stage when None or not one
    the region has)."""
    sums = selectors.chain_sums(region, year)
    stages = [s for s in STAGES if any(x["stage"] == s for x in sums)]
    if stage not in stages:
        stage = default_stage(stages)
    chain_stages, chain = _chain(sums, stage)
    report = BudgetReport(
        region_code=region.code,
        region_name=region.display_name,
        region_level=region.level,
        year=year,
        stage=stage,
        stages=stages,
        **_breakdowns(selectors.stage_groups(region, year, stage)),
        trend=_trend(region, stage),
        comparison=_comparison(region, year, stage),
        chain_stages=chain_stages,
        chain=chain,
    )
    names = {r.key: r.name for r in report.by_skpd}
    report.absorption = [
        (row, names.get(row.key, ""))
        for row in absorption(selectors.quarter_lines(region, year, stage))
        if row.level == "skpd"
    ]
    if stages:
        report.alignment = alignment_for(region, year, stage)
        report.narrative = budget_summary(facts_of(report.alignment, narrative_rows(report)))
    return report


def narrative_rows(report: BudgetReport) -> list[AnalysisRow]:
    """What the summary reads of the report, as rows of the command's analysis: the total
    and the bidang urusan of the stage, and the chain (a dropped sub kegiatan has no row at
    the stage it was dropped, as the summary tells a drop from a cut)."""
    rows = [
        AnalysisRow("total", "", report.stage, report.total, report.realisation, None),
        *(
            AnalysisRow("bidang_urusan", r.key, report.stage, r.amount, r.realisation, None)
            for r in report.by_bidang
        ),
    ]
    for chain_row in report.chain:
        for stage, amount, status in zip(
            report.chain_stages, chain_row.amounts, chain_row.statuses, strict=True
        ):
            if amount is not None and status not in ("", "dropped"):
                rows.append(AnalysisRow("chain", chain_row.code, stage, amount, None, None, status))
    return rows


# Low absorption at year end: under the year-end benchmark of
# :data:`~sepakat.budgeting.absorption.BENCHMARKS` (90 % of the pagu) "rendah", and at most
# half of the pagu "sangat rendah" (the money of the year largely unspent).
ABSORPTION_BANDS = ((Decimal("0.50"), "sangat-rendah"), (BENCHMARKS[-1], "rendah"))


def low_absorption(rate: Decimal | None) -> str:
    """``sangat-rendah``, ``rendah`` or empty (not low, or nothing reported)."""
    if rate is None:
        return ""
    for limit, band in ABSORPTION_BANDS:
        if rate < limit or (band == "sangat-rendah" and rate == limit):
            return band
    return ""


def status_label(status: str) -> str:
    """The chain status as the page writes it."""
    return {
        "new": _("baru"),
        "unchanged": _("tetap"),
        "cut": _("dipotong"),
        "raised": _("dinaikkan"),
        "dropped": _("dihapus"),
    }.get(status, "")


CHAIN_ORDERS = ("kode", "perubahan", "persen", "pagu")


def chain_view(report: BudgetReport, *, status: str = "", order: str = "kode") -> list[ChainRow]:
    """The chain rows with the status at the report's stage (all when empty), sorted by code,
    by the change in rupiah or in percent (largest cut first) or by the amount (largest
    first)."""
    rows = [r for r in report.chain if not status or r.status == status]
    if order == "perubahan":
        rows.sort(key=lambda r: (r.change is None, r.change or 0, r.code))
    elif order == "persen":
        rows.sort(key=lambda r: (r.change_rate is None, r.change_rate or 0, r.code))
    elif order == "pagu":
        rows.sort(key=lambda r: (-(r.current or 0), r.code))
    return rows


def report_for(user: Any, region_code: str, year: int, stage: str | None) -> BudgetReport:
    """The report of a region the user may see (404 otherwise), from the analysis cache
    when the region's data have not changed since it was computed."""
    region = selectors.budget_region_for(user, region_code)
    params = QueryDict(mutable=True)
    params["tahun"] = str(year)
    params["tahap"] = stage or ""
    return cached(
        page="budget-report",
        user=user,
        region_code=region.code,
        params=params,
        compute=lambda: build_report(region, year, stage),
    )
