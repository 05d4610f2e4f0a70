"""Podes-like desa facilities of the synthetic province (Podes 2024), the supply side.

Per desa/kelurahan: the number of schools by level and of puskesmas and pustu, the distance
to the nearest one when the desa has none, whether the main road is asphalted and whether
most families drink from an improved source, and the share of families with PLN electricity
(that one follows the registry's desa share, so the two sources agree).

Facilities follow the desa's size and welfare: every kecamatan has one puskesmas (in its
best-off desa, as the kecamatan seat usually is), an SD is nearly everywhere, an SMP less
often and an SMA mostly in kelurahan and better-off desa. Distances to what is missing grow
in rural and poorer desa. Values are rounded as Podes publishes them (km to 0.1).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from sepakat.demo.profile import Profiles

PODES_YEAR = "2024"


def build_podes(
    rng: np.random.Generator, profiles: Profiles, *, pln_share: dict[str, float]
) -> dict[tuple[str, str], float]:
    """Values by (Podes indicator code, desa code); ``pln_share`` is % of households by desa."""
    villages = profiles.villages
    n = len(villages)
    welfare = np.array([v.welfare for v in villages])
    urban = np.array([v.urban for v in villages], dtype=float)
    households = np.array([v.households for v in villages], dtype=float)
    remote = rng.gamma(2.0, 1.0, n) * (1.6 - 0.8 * urban) * np.exp(-0.25 * welfare)

    sd = np.maximum(rng.poisson(households / 330), (rng.random(n) < 0.93).astype(int))
    smp = rng.poisson(np.where(rng.random(n) < expit(-0.3 + 0.8 * welfare + 1.2 * urban), 1.3, 0))
    sma = rng.poisson(np.where(rng.random(n) < expit(-1.4 + 0.8 * welfare + 1.5 * urban), 1.2, 0))
    puskesmas = np.zeros(n, dtype=int)
    best: dict[str, int] = {}
    for i, v in enumerate(villages):
        if v.district_code not in best or welfare[i] > welfare[best[v.district_code]]:
            best[v.district_code] = i
    puskesmas[list(best.values())] = 1
    pustu = ((puskesmas == 0) & (rng.random(n) < expit(-0.6 - 0.6 * urban))).astype(int)

    def distance(has: np.ndarray, scale: float) -> np.ndarray:
        away = scale * remote * np.exp(rng.normal(0, 0.3, n))
        return np.where(has > 0, 0.0, np.round(np.maximum(away, 0.3), 1))

    road = rng.random(n) < expit(0.9 + 1.0 * welfare + 1.8 * urban)
    water = rng.random(n) < expit(1.2 + 1.0 * welfare + 1.0 * urban)
    columns = {
        "PODES01": sd,
        "PODES02": smp,
        "PODES03": sma,
        "PODES04": puskesmas,
        "PODES05": pustu,
        "PODES06": distance(sd, 1.2),
        "PODES07": distance(smp, 3.0),
        "PODES08": distance(sma, 6.0),
        "PODES09": distance(puskesmas, 4.0),
        "PODES10": road.astype(int),
        "PODES11": water.astype(int),
    }
    values: dict[tuple[str, str], float] = {}
    for i, v in enumerate(villages):
        for code, column in columns.items():
            values[code, v.code] = float(column[i])
        if v.code in pln_share:
            values["PODES12", v.code] = round(float(pln_share[v.code]), 1)
    return values
