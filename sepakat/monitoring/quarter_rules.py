"""The rules of the OPD's quarterly report, without Django: the quarter's share of the
year's target, when a sub kegiatan is behind, and the achievement columns of Permendagri
86/2017's evaluation table.

Realisation is cumulative to the end of the quarter (realisasi s.d. triwulan), so the
share expected by the end of quarter q is q/4 of the year's output target (pro rata) and,
for money, the absorption benchmark of the budgeting module (15/40/60/90 % of the pagu).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sepakat.budgeting.absorption import BENCHMARKS

QUARTERS = (1, 2, 3, 4)


def target_share(year_target: Decimal, quarter: int) -> Decimal:
    """The part of the year's output target expected by the end of the quarter."""
    return year_target * quarter / 4


@dataclass(frozen=True)
class Behind:
    output: bool
    financial: bool

    @property
    def any(self) -> bool:
        return self.output or self.financial


def behind(
    *,
    quarter: int,
    year_target: Decimal | None,
    polarity: int,
    output: Decimal,
    budget: Decimal | None,
    financial: Decimal,
) -> Behind:
    """Whether the output is under the quarter's pro-rata share of the year's target, or
    the money under the quarter's absorption benchmark of the pagu.

    An output where lower is better (polarity -1) has no pro-rata path (a count of cases
    does not fall by a quarter each quarter), so only its money is checked; a sub kegiatan
    without a target or pagu for the year is not checked on that side.
    """
    late_output = (
        polarity != -1 and year_target is not None and output < target_share(year_target, quarter)
    )
    late_money = budget is not None and budget > 0 and financial < budget * BENCHMARKS[quarter - 1]
    return Behind(output=late_output, financial=late_money)


def pct(part: Decimal | None, whole: Decimal | None) -> float | None:
    """``part`` as a percentage of ``whole`` (tingkat capaian), none without a whole."""
    if part is None or whole is None or whole == 0:
        return None
    return float(part / whole * 100)
