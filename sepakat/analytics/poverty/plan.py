"""The plan of one computation: what the engine must total and which windows it must run.

A :class:`Plan` is made once from the request (:func:`make_plan`) and never changed: the
query (:mod:`.query`) reads it to build its expressions and the finishing step
(:mod:`.finish`) reads it to turn the totals into estimates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..measures import ADDITIVE_KINDS, SORTED_KINDS, Estimator, Measure, additive_variables


@dataclass(frozen=True)
class Plan:
    """What to compute.

    ``additive_vars``: record-level variables totalled per (finest group, stratum, PSU);
    ``quantiles``: orders whose point estimates are needed; ``lorenz``: Lorenz ordinates
    (Palma); ``lin_quantiles``: orders whose kernel terms the linearised quantile, QSR and
    Palma need (only with a design); ``estimators``: for each additive measure, the
    totals it needs and its estimator (see :func:`sepakat.analytics.measures.additive_variables`).
    """

    measures: tuple[Measure, ...]
    keys: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    has_design: bool
    poor_if: str = "lt"
    gini: str = "convey"
    nonpositive: str = "error"
    additive_vars: tuple[str, ...] = ()
    quantiles: tuple[float, ...] = ()
    lorenz: tuple[float, ...] = ()
    lin_quantiles: tuple[float, ...] = ()
    estimators: dict[str, tuple[list[str], Estimator]] = field(default_factory=dict)

    @property
    def kinds(self) -> set[str]:
        return {m.kind for m in self.measures}

    @property
    def needs_sort(self) -> bool:
        return bool(self.kinds & SORTED_KINDS)

    @property
    def sorted_levels(self) -> tuple[tuple[str, ...], ...]:
        """The levels that need a pass in welfare order (all of them, or none)."""
        return self.levels if self.needs_sort else ()


def make_plan(
    measures: Sequence[Measure],
    *,
    keys: Sequence[str],
    levels: Sequence[tuple[str, ...]],
    has_design: bool,
    poor_if: str,
    gini: str,
    nonpositive: str,
) -> Plan:
    """The plan for ``measures``: every total and window they need, each once."""
    kinds = {m.kind for m in measures}
    estimators: dict[str, tuple[list[str], Estimator]] = {}
    variables: list[str] = ["w"]
    for m in measures:
        if m.kind in ADDITIVE_KINDS:
            vars_, est = additive_variables(m, nonpositive)
            estimators[m.name] = (vars_, est)
            variables.extend(vars_)
    if kinds & {"gini", "sen", "sst", "qsr", "palma"}:
        variables.extend(["w", "wy"])
    if "gini" in kinds:
        variables.append("w2y")
    if kinds & {"sen", "sst"}:
        variables.append("fgt_0")
        variables.append("fgt_1")
    quantiles = [m.param for m in measures if m.kind == "quantile"]
    if "median" in kinds:
        quantiles.append(0.5)
    quantiles = list(dict.fromkeys(quantiles))
    lin_q: list[float] = []
    if has_design:
        lin_q = list(quantiles)
        if "qsr" in kinds:
            lin_q += [0.2, 0.8]
        if "palma" in kinds:
            lin_q += [0.4, 0.9]
        if lin_q:
            # the kernel bandwidth needs the group's welfare variance
            variables.extend(["w", "wy", "wyy"])
    return Plan(
        measures=tuple(measures),
        keys=tuple(keys),
        levels=tuple(levels),
        has_design=has_design,
        poor_if=poor_if,
        gini=gini,
        nonpositive=nonpositive,
        additive_vars=tuple(dict.fromkeys(variables)),
        quantiles=tuple(quantiles),
        lorenz=(0.4, 0.9) if "palma" in kinds else (),
        lin_quantiles=tuple(dict.fromkeys(lin_q)),
        estimators=estimators,
    )
