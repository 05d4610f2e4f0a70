"""Achievement, bands, effort and pace of a target: pure functions, no Django.

The formulas are those of the evaluation of RKPD results in Permendagri 86/2017 (see
``docs/monitoring.md``); the band names are kept in Indonesian because the command prints
them and regional reports quote them as they are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

Band = Literal["sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah"]
Formula = Literal["standard", "ratio"]
Trend = Literal["toward", "away", "flat"]

BANDS: tuple[Band, ...] = ("sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah")
# The lowest achievement of each band. The rule's bands are written in whole numbers
# (>= 91, 76-90, 66-75, 51-65, <= 50); a value between two of them belongs to the lower
# band, so 90.5 is "tinggi" and 50.5 is "sangat rendah": each band starts at its written
# lower bound and everything under 51 is "sangat rendah".
BAND_FLOORS: tuple[tuple[float, Band], ...] = (
    (91.0, "sangat tinggi"),
    (76.0, "tinggi"),
    (66.0, "sedang"),
    (51.0, "rendah"),
)


def achievement_pct(
    target: float | None,
    realisation: float | None,
    polarity: int,
    *,
    formula: Formula = "standard",
) -> float | None:
    """Achievement in percent, or None when it cannot be computed.

    Polarity 1: realisation / target x 100. Polarity -1: (2 x target - realisation) /
    target x 100 (``standard``), or target / realisation x 100 (``ratio``, the
    alternative some regions use). Neutral indicators (polarity 0) are measured the
    higher-is-better way but get no band (:func:`band`). A target of zero (or, for
    ``ratio``, a realisation of zero) has no percentage.
    """
    if target is None or realisation is None:
        return None
    if not (math.isfinite(target) and math.isfinite(realisation)):
        return None
    if polarity == -1:
        if formula == "ratio":
            return None if realisation == 0 else target / realisation * 100.0
        return None if target == 0 else (2.0 * target - realisation) / target * 100.0
    return None if target == 0 else realisation / target * 100.0


def band(pct: float | None, polarity: int) -> Band | None:
    """The Permendagri 86/2017 band of an achievement; None for neutral or missing."""
    if pct is None or polarity == 0 or not math.isfinite(pct):
        return None
    for floor, name in BAND_FLOORS:
        if pct >= floor:
            return name
    return "sangat rendah"


def effort_pct(
    previous: float | None, target: float | None, realisation: float | None
) -> float | None:
    """The share of the needed change achieved this period, in percent.

    Needed change: target minus the previous period's value; achieved change: realisation
    minus the previous period's value. 100 means the period closed the whole gap, 0 that
    nothing moved, a negative value that the indicator moved away from the target. None
    when a value is missing or no change was needed (target equal to the previous value).
    The direction is in the signs, so the same formula serves both polarities.
    """
    if previous is None or target is None or realisation is None:
        return None
    needed = target - previous
    if needed == 0:
        return None
    return (realisation - previous) / needed * 100.0


def trend(previous: float | None, current: float | None, target: float | None) -> Trend | None:
    """Whether the last move went towards the target, away from it, or nowhere."""
    if previous is None or current is None or target is None:
        return None
    before, after = abs(target - previous), abs(target - current)
    if math.isclose(before, after, rel_tol=1e-9, abs_tol=1e-12):
        return "flat"
    return "toward" if after < before else "away"


def year_reached(
    observations: Sequence[tuple[int, float]], target: float, polarity: int
) -> int | None:
    """The year the target is reached at the current pace, None when not at this pace.

    The pace is the least-squares slope over the observations given (the caller passes the
    last few years); the target is reached when the last observed value, moved by that
    slope each year, arrives at it. A target already reached returns the last observed
    year. A flat pace or one moving away from the target never reaches it (None). For a
    neutral indicator "reached" means arriving at the target from either side.
    """
    points = sorted(observations)
    if not points:
        return None
    last_year, last = points[-1]
    gap = target - last
    if gap == 0 or (polarity == 1 and gap < 0) or (polarity == -1 and gap > 0):
        return last_year
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(p[0] for p in points) / n
    mean_y = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mean_x) ** 2 for p in points)
    if sxx == 0:
        return None
    slope = sum((p[0] - mean_x) * (p[1] - mean_y) for p in points) / sxx
    if slope == 0 or (gap > 0) != (slope > 0):
        return None
    return last_year + math.ceil(gap / slope - 1e-9)
