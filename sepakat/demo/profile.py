"""Hidden traits of the synthetic regions that all demo data derive from.

Each kab/kota gets a welfare score (about N(-0.35, 0.7); the kota higher), a population and
an urban share; each desa/kelurahan a welfare score around its kab/kota's. Indicators, the
survey and the registry all read these, which is what makes them agree with one another
(poorer kab/kota have a higher P0, more registry households in deciles 1-4, and so on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sepakat.demo.geography import RegionSpec
from sepakat.regions.models import Kind, Level

FIRST_YEAR, LAST_YEAR = 2015, 2025
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))


@dataclass(frozen=True)
class RegencyProfile:
    code: str
    bps_code: str
    name: str
    is_kota: bool
    welfare: float
    population_2015: int
    growth: float  # yearly population growth
    urban_share: float
    price_level: float  # relative cost of living, 1.0 = national

    def population(self, year: int) -> int:
        return round(self.population_2015 * (1 + self.growth) ** (year - FIRST_YEAR))


@dataclass(frozen=True)
class VillageProfile:
    code: str
    bps_code: str
    regency_code: str
    district_code: str
    urban: bool
    welfare: float
    households: int


@dataclass(frozen=True)
class Profiles:
    regencies: tuple[RegencyProfile, ...]
    villages: tuple[VillageProfile, ...]


def build_profiles(rng: np.random.Generator, regions: list[RegionSpec]) -> Profiles:
    regencies: list[RegencyProfile] = []
    for spec in (r for r in regions if r.level == Level.REGENCY):
        is_kota = spec.kind == Kind.KOTA
        welfare = 1.3 if is_kota else float(rng.normal(-0.35, 0.7))
        regencies.append(
            RegencyProfile(
                code=spec.code,
                bps_code=spec.bps_code,
                name=spec.name,
                is_kota=is_kota,
                welfare=welfare,
                population_2015=int(
                    rng.integers(380_000, 460_000) if is_kota else rng.integers(260_000, 900_000)
                ),
                growth=float(rng.uniform(0.012, 0.018) if is_kota else rng.uniform(0.006, 0.013)),
                urban_share=0.96
                if is_kota
                else float(np.clip(0.22 + 0.1 * welfare + rng.normal(0, 0.04), 0.08, 0.5)),
                price_level=float(1.06 if is_kota else np.exp(rng.normal(-0.06, 0.04))),
            )
        )
    by_code = {r.code: r for r in regencies}

    district_effect = {
        r.code: float(rng.normal(0, 0.35)) for r in regions if r.level == Level.DISTRICT
    }
    villages: list[VillageProfile] = []
    for spec in (r for r in regions if r.level == Level.VILLAGE):
        regency_code = spec.code.rsplit(".", 2)[0]
        district_code = spec.parent_code
        regency = by_code[regency_code]
        welfare = (
            regency.welfare
            + district_effect[district_code]
            + rng.normal(0, 0.35)
            + (0.4 if spec.urban else 0.0)
        )
        villages.append(
            VillageProfile(
                code=spec.code,
                bps_code=spec.bps_code,
                regency_code=regency_code,
                district_code=district_code,
                urban=spec.urban,
                welfare=float(welfare),
                households=int(rng.integers(900, 2600) if spec.urban else rng.integers(350, 1400)),
            )
        )
    return Profiles(regencies=tuple(regencies), villages=tuple(villages))
