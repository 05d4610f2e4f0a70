"""SEPAKAT analytics: poverty and inequality measures with survey-design standard errors.

A library with no Django import. Functions take a table (DuckDB relation, Polars, pandas,
PyArrow or Spark frame, or a CSV/Parquet/.dta/.sav/.xlsx path) and parameters, and return
a Polars DataFrame. See ``docs/analytics.md`` for every formula and its reference.

Public API (imported lazily, so the command line starts fast):

* :func:`poverty_measures` - FGT, Watts, Sen, SST, Gini, GE, Atkinson, QSR, Palma, mean,
  median, quantiles for groups, their parents and the whole population, with SEs.
* :func:`priority_scores` - SEPAKAT's welfare-weighted deprivation score of achievement
  indicators, with SEs, ranked per domain (the priority problems).
* :func:`lorenz_curve`, :func:`income_shares`, :func:`decile_profile` - distribution tables.
* Decompositions: :func:`fgt_by_subgroup`, :func:`ge_decomposition`,
  :func:`growth_redistribution`, :func:`growth_incidence_curve`, :func:`sectoral_decomposition`.
* Indicator tables (region x period x indicator): :func:`trend`, :func:`compare`,
  :func:`rank`, :func:`quadrant`, :func:`relevance_effectiveness`, :func:`correlation`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import AnalyticsError, DesignError, InputError, UnreadableFileError

if TYPE_CHECKING:
    from .decompose import (
        fgt_by_subgroup,
        ge_decomposition,
        growth_incidence_curve,
        growth_redistribution,
        sectoral_decomposition,
    )
    from .distribution import decile_profile, income_shares, lorenz_curve
    from .indicators import (
        compare,
        correlation,
        quadrant,
        rank,
        relevance_effectiveness,
        trend,
    )
    from .poverty import DEFAULT_MEASURES, poverty_measures
    from .priorities import priority_scores, priority_sensitivity

_LAZY = {
    "DEFAULT_MEASURES": "poverty",
    "poverty_measures": "poverty",
    "priority_scores": "priorities",
    "priority_sensitivity": "priorities",
    "lorenz_curve": "distribution",
    "income_shares": "distribution",
    "decile_profile": "distribution",
    "fgt_by_subgroup": "decompose",
    "ge_decomposition": "decompose",
    "growth_redistribution": "decompose",
    "growth_incidence_curve": "decompose",
    "sectoral_decomposition": "decompose",
    "trend": "indicators",
    "compare": "indicators",
    "rank": "indicators",
    "quadrant": "indicators",
    "relevance_effectiveness": "indicators",
    "correlation": "indicators",
}

__all__ = [
    "DEFAULT_MEASURES",
    "AnalyticsError",
    "DesignError",
    "InputError",
    "UnreadableFileError",
    "compare",
    "correlation",
    "decile_profile",
    "fgt_by_subgroup",
    "ge_decomposition",
    "growth_incidence_curve",
    "growth_redistribution",
    "income_shares",
    "lorenz_curve",
    "poverty_measures",
    "priority_scores",
    "priority_sensitivity",
    "quadrant",
    "rank",
    "relevance_effectiveness",
    "sectoral_decomposition",
    "trend",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
