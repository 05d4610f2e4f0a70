"""Absorption (penyerapan): realisation against pagu by quarter and at year end.

Pure functions, no database: they read plain line records, as ``analysis.budget_analysis``
does, so the page, the exports and the tests compute the same figures.

Quarterly realisation is stored cumulative ("realisasi s.d. triwulan", as SIPD-RI and the
Permendagri 86/2017 evaluation forms report it), so the rate of a quarter is the
cumulative realisation at its end over the pagu. A quarter is flagged low when its rate is
under the benchmark of :data:`BENCHMARKS` (the usual quarterly absorption targets of
regional finance monitoring: 15 % by the end of triwulan I, 40 % by II, 60 % by III and
90 % of the year's pagu at year end; see ``docs/budgeting.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

# Cumulative share of the pagu expected by the end of triwulan I, II, III and IV.
BENCHMARKS: tuple[Decimal, ...] = (
    Decimal("0.15"),
    Decimal("0.40"),
    Decimal("0.60"),
    Decimal("0.90"),
)
LEVELS = ("line", "skpd", "sub_kegiatan")


class LineRecord(Protocol):
    @property
    def skpd_code(self) -> str: ...
    @property
    def sub_kegiatan_code(self) -> str: ...
    @property
    def account(self) -> str: ...
    @property
    def fund_source(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def realisation(self) -> Decimal | None: ...
    @property
    def quarters(self) -> tuple[Decimal | None, ...]: ...
    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class Absorption:
    level: str  # line, skpd or sub_kegiatan
    key: str  # "skpd|sub kegiatan|account|fund" for a line, else the code
    amount: Decimal
    realised: tuple[Decimal | None, ...]  # cumulative at the end of each quarter
    year_end: Decimal | None
    rates: tuple[Decimal | None, ...]  # per quarter; None: not reported or no pagu
    year_rate: Decimal | None
    low: tuple[bool, ...]  # per quarter, under the benchmark
    low_year: bool


def _rate(value: Decimal | None, amount: Decimal) -> Decimal | None:
    if value is None or amount <= 0:
        return None
    return value / amount


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the reported values; None when no line reports one (not reported is not
    zero). A group where only some lines report is summed over those that do."""
    reported = [v for v in values if v is not None]
    return sum(reported, Decimal(0)) if reported else None


def _absorption(
    level: str,
    key: str,
    amount: Decimal,
    realised: Sequence[Decimal | None],
    year_end: Decimal | None,
) -> Absorption:
    rates = tuple(_rate(v, amount) for v in realised)
    year_rate = _rate(year_end, amount)
    return Absorption(
        level=level,
        key=key,
        amount=amount,
        realised=tuple(realised),
        year_end=year_end,
        rates=rates,
        year_rate=year_rate,
        low=tuple(r is not None and r < b for r, b in zip(rates, BENCHMARKS, strict=True)),
        low_year=year_rate is not None and year_rate < BENCHMARKS[-1],
    )


def absorption(lines: Iterable[LineRecord]) -> list[Absorption]:
    """Rates by quarter and at year end for every line, then every SKPD and every sub
    kegiatan (all its SKPD, accounts and fund sources), in that order, keys sorted."""
    records = list(lines)
    rows = [
        _absorption(
            "line",
            "|".join((r.skpd_code, r.sub_kegiatan_code, r.account, r.fund_source)),
            r.amount,
            r.quarters,
            r.realisation,
        )
        for r in sorted(
            records, key=lambda r: (r.skpd_code, r.sub_kegiatan_code, r.account, r.fund_source)
        )
    ]
    for level, field in (("skpd", "skpd_code"), ("sub_kegiatan", "sub_kegiatan_code")):
        groups: dict[str, list[LineRecord]] = defaultdict(list)
        for record in records:
            groups[str(getattr(record, field))].append(record)
        for key in sorted(groups):
            group = groups[key]
            rows.append(
                _absorption(
                    level,
                    key,
                    sum((r.amount for r in group), Decimal(0)),
                    [_sum(r.quarters[q] for r in group) for q in range(4)],
                    _sum(r.realisation for r in group),
                )
            )
    return rows


def needs_reason(
    amount: Decimal, realisation: Decimal | None, quarters: Sequence[Decimal | None], reason: str
) -> bool:
    """A realisation (of the year or of any quarter) above the pagu needs a written reason:
    spending beyond the ceiling is a shifted budget or an error, and the reader must be told
    which."""
    over = any(v is not None and v > amount for v in (realisation, *quarters))
    return over and not reason.strip()
