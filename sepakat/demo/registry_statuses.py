"""The household statuses of the demo registry: the catalogue problems a DTSEN-like registry
can speak to, by desa.

A DTKS/Regsosek/DTSEN-like registry lists every member of a household with age, schooling,
highest diploma, work and disability, the household's JKN membership and assistance, and
the dwelling (floor, walls, roof, floor area, water, toilet, lighting, cooking fuel). Its
household version of a person indicator is "achieved by every member of its reference
population": a household is deprived on school participation 13-15 when one of its
children aged 13-15 is out of school. A household without anyone in the reference
population has an empty status (written as -1 here, empty in the file).

Problems the registry does not carry (they come from the survey only, see
``docs/priorities.md``): births and the care around them, immunisation, breastfeeding,
contraception, smoking, health complaints (KES01-04, KES06-10), hours worked, training and
BPJS Ketenagakerjaan (KTK02, KTK05, KTK07), handwashing and internet use (IRT12, IRT13),
age at first marriage (PRS13), NIK (PRS07: the registry is keyed on it), and the indicators
that need each member's exact age with level or literacy (PDK05-PDK12), which the demo's
member counts by age band cannot give.

Rates are national levels plausible for Indonesia around 2024 (the same as the demo
Susenas, :mod:`sepakat.demo.persons`), with a slope in the household's own welfare and an
effect per kab/kota and indicator, so kab/kota differ beyond their welfare.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from sepakat.analytics.statuses import status_column

# How far apart kab/kota lie on each indicator, beyond their welfare (logit), as the survey.
_REGENCY_SD = 0.35


def household_statuses(rng: np.random.Generator, **a: np.ndarray) -> dict[str, np.ndarray]:
    """Every registry status: 1, 0, or -1 outside the reference population.

    ``a`` holds the household arrays of :func:`sepakat.demo.registry.build_registry`
    (welfare ``own``, ``decile``, ``size``, ``regency`` index, ``children`` 7-18 and those
    ``out_of_school``, both by age band 7-12, 13-15, 16-18 (``bands``, ``out_band``),
    assistance flags, dwelling, ``education`` of the head, members ``disabled``/``elderly``). The draws of the first block come first, so the statuses the
    registry carried before keep their values.
    """
    target = a["decile"] <= 4
    n = len(target)
    # JKN for every member: PBI households are covered; others more often the better off.
    all_insured = a["pbi"] | (rng.random(n) < expit(0.4 + 0.9 * a["own"]))
    in_school = a["children"] - a["out_of_school"]
    everyone = np.ones(n, dtype=bool)
    out = {
        status_column("PDK14"): _within(a["children"] > 0, a["out_of_school"] == 0),
        status_column("KES05"): _within(everyone, all_insured),
        status_column("IRT01"): _within(everyone, a["improved_water"]),
        status_column("IRT02"): _within(everyone, a["improved_sanitation"]),
        status_column("IRT03"): _within(everyone, a["adequate_housing"]),
        status_column("IRT04"): _within(everyone, a["electricity"] != "bukan listrik"),
        status_column("IRT05"): _within(everyone, np.char.startswith(a["electricity"], "PLN")),
        status_column("IRT06"): _within(everyone, a["floor"] > 0),
        status_column("PRS01"): _within(target, a["pbi"]),
        status_column("PRS02"): _within(target, a["bpnt"]),
        status_column("PRS03"): _within(target, a["pkh"]),
        status_column("PRS04"): _within(target & (in_school > 0), a["pip"]),
        status_column("PRS05"): _within(target, a["any_assistance"]),
    }
    return out | _member_statuses(rng, all_insured=all_insured, **a)


def _within(reference: np.ndarray, achieved: np.ndarray) -> np.ndarray:
    return np.where(reference, achieved.astype(np.int8), -1).astype(np.int8)


def _member_statuses(
    rng: np.random.Generator, *, all_insured: np.ndarray, **a: np.ndarray
) -> dict[str, np.ndarray]:
    own, regency, size = a["own"], a["regency"], a["size"].astype(int)
    n = len(own)
    n_regencies = int(regency.max()) + 1 if n else 0

    def chance(level: float, slope: float, extra: np.ndarray | float = 0.0) -> np.ndarray:
        """Probability expit(logit(level) + slope x own welfare + kab/kota effect)."""
        effect = rng.normal(0, _REGENCY_SD, n_regencies)[regency]
        return np.asarray(expit(logit(level) + slope * own + effect + extra))

    def members(p: np.ndarray, count: np.ndarray) -> np.ndarray:
        return rng.binomial(count, np.clip(p, 0.0, 1.0))

    target = a["decile"] <= 4
    urban = a["urban"].astype(float)
    # Who lives here beside the children 7-18 the registry already counts.
    room = np.maximum(size - 1 - a["children"], 0)
    young = np.minimum(rng.poisson(0.45 * np.minimum(room, 3)), room)  # aged 0-6
    under_5 = members(np.full(n, 5 / 7), young)
    aged_5_6 = young - under_5
    aged_6 = members(np.full(n, 0.5), aged_5_6)
    workers = np.minimum(1 + members(np.full(n, 0.35), np.maximum(size - 1, 0)), size)

    # Children 7-18 by band, and the registry's out-of-school children spread over them.
    counts, out_band = a["bands"], a["out_band"]
    # PAUD at 5 and school at 6 (about 70 % and 92 %): better off and urban more often.
    out_5 = members(1 - chance(0.7, 0.5, 0.3 * urban), aged_5_6 - aged_6)
    out_6 = members(1 - chance(0.92, 0.6, 0.3 * urban), aged_6)
    # Adults 25+ with at least SMP (about 60 %): every adult's, so the head's diploma leads.
    head_smp = a["education"] >= 2
    adults_smp = head_smp & (rng.random(n) < chance(0.85, 0.6))
    # Work: open unemployment about 5 % of households' labour force, formal work (employees
    # and employers with permanent workers) about 40 %, unpaid family work about 15 %.
    unemployed = rng.random(n) < 1 - chance(0.95, 0.4)
    formal = members(chance(0.4, 0.8, 0.6 * urban), workers) == workers
    unpaid = members(1 - chance(0.93, 0.5), np.maximum(workers - 1, 0)) > 0
    aged_10_17 = counts[:, 1] + counts[:, 2] + members(np.full(n, 0.4), counts[:, 0])
    child_work = members(1 - chance(0.96, 0.6), aged_10_17) > 0
    # Dwelling: walls, roof, floor area per person, clean cooking fuel, own toilet.
    wall = rng.random(n) < chance(0.9, 0.9, 0.4 * urban)
    roof = rng.random(n) < chance(0.95, 0.7)
    area_ok = rng.random(n) < chance(0.9, 1.0, -0.3 * urban)
    clean_cooking = rng.random(n) < chance(0.88, 1.0, 0.8 * urban)
    has_toilet = a["sanitation"] != "tidak ada jamban"
    public = a["sanitation"] == "jamban umum"
    own_toilet = has_toilet & ~public & (rng.random(n) < chance(0.93, 0.6))
    # Birth certificates: about 90 % of children 0-17, fewer among the youngest.
    certified_young = members(1 - chance(0.85, 0.6), under_5) == 0
    certified_older = members(1 - chance(0.93, 0.6), aged_5_6 + a["children"]) == 0
    # Elderly members' JKN: the household's own, else about half of the uninsured have it.
    elderly_jkn = all_insured | (rng.random(n) < 0.5)

    disabled, elderly = a["disabled"], a["elderly"]
    children_0_17 = (young + a["children"]) > 0
    return {
        status_column("PDK01"): _within(aged_5_6 > 0, out_5 + out_6 == 0),
        status_column("PDK02"): _within(counts[:, 0] > 0, out_band[:, 0] == 0),
        status_column("PDK03"): _within(counts[:, 1] > 0, out_band[:, 1] == 0),
        status_column("PDK04"): _within(counts[:, 2] > 0, out_band[:, 2] == 0),
        status_column("PDK13"): _within(np.ones(n, dtype=bool), adults_smp),
        status_column("PDK16"): _within(aged_6 > 0, out_6 == 0),
        status_column("KTK01"): _within(workers > 0, ~unemployed),
        status_column("KTK03"): _within(workers > 0, formal),
        status_column("KTK04"): _within(workers > 0, ~unpaid),
        status_column("KTK06"): _within(aged_10_17 > 0, ~child_work),
        status_column("IRT07"): _within(np.ones(n, dtype=bool), wall),
        status_column("IRT08"): _within(np.ones(n, dtype=bool), roof),
        status_column("IRT09"): _within(np.ones(n, dtype=bool), area_ok),
        status_column("IRT10"): _within(np.ones(n, dtype=bool), clean_cooking),
        status_column("IRT11"): _within(np.ones(n, dtype=bool), own_toilet),
        status_column("PRS06"): _within(children_0_17, certified_young & certified_older),
        status_column("PRS08"): _within(target & disabled, a["any_assistance"]),
        status_column("PRS09"): _within(target & elderly, a["any_assistance"]),
        status_column("PRS10"): _within(target & children_0_17, a["any_assistance"]),
        status_column("PRS11"): _within(elderly, elderly_jkn),
        status_column("PRS12"): _within(under_5 > 0, certified_young),
    }
