"""A DTKS/DTSEN-like registry of households of the synthetic province (2025).

About 50,000 households (a sample of the registry, in proportion to each desa's households)
with their desa/kelurahan, national welfare decile 1-10 and the housing, water, sanitation,
schooling, health-insurance and assistance attributes that targeting uses. There is no
personal data at all: no names, no NIK, no addresses.

Deciles are national: a household's welfare score is its desa's score plus its own, cut at
national deciles, so poorer desa hold more households in deciles 1-4. Access to water,
sanitation, electricity and adequate housing is drawn around its kab/kota's 2025 indicator
value, better in better-off desa and households.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from scipy.special import expit, logit
from scipy.stats import norm

from sepakat.demo.profile import Profiles
from sepakat.demo.registry_statuses import household_statuses

REGISTRY_YEAR = 2025
HOUSEHOLDS = 50_000
# Spread of desa welfare scores across Indonesia; with a household's own N(0, 1) it sets
# the national decile cut points.
_NATIONAL_SD = float(np.sqrt(1 + 0.8**2))
DECILE_CUTS = norm.ppf(np.arange(1, 10) / 10) * _NATIONAL_SD

COLUMNS = {
    "household_id": "household_id",
    "region_code": "desa_code",
    "bps_code": "desa_bps_code",
    "code_system": "kemendagri",
    "decile": "welfare_decile",
    "size": "household_size",
    "urban": "urban",
    "year": "year",
}

_FLOOR = ("tanah", "bambu/kayu kualitas rendah", "semen/bata merah", "keramik/ubin/marmer")
_WATER_IMPROVED = (
    "leding",
    "sumur bor/pompa",
    "sumur terlindung",
    "mata air terlindung",
    "air hujan",
)
_WATER_UNIMPROVED = ("sumur tak terlindung", "mata air tak terlindung", "air sungai/danau")
_SANITATION = (
    "jamban sendiri/bersama dengan tangki septik",
    "jamban tanpa tangki septik",
    "jamban umum",
    "tidak ada jamban",
)
_ELECTRICITY = ("PLN dengan meteran", "PLN tanpa meteran", "listrik non-PLN", "bukan listrik")
_EDUCATION = (
    "tidak tamat SD",
    "SD/sederajat",
    "SMP/sederajat",
    "SMA/sederajat",
    "perguruan tinggi",
)


def _share(value: float) -> float:
    return float(np.clip(value / 100, 0.02, 0.995))


def build_registry(
    rng: np.random.Generator, profiles: Profiles, *, regency_2025: dict[tuple[str, str], float]
) -> pa.Table:
    """``regency_2025`` maps (indicator code, kab/kota code) to its 2025 value."""
    villages = profiles.villages
    regency_welfare = {r.code: r.welfare for r in profiles.regencies}
    households = np.array([v.households for v in villages], dtype=float)
    per_village = np.floor(HOUSEHOLDS * households / households.sum()).astype(int)
    # Hand the remainder to the largest desa, in a fixed order.
    remainder = HOUSEHOLDS - int(per_village.sum())
    per_village[np.argsort(-households, kind="stable")[:remainder]] += 1

    index = np.repeat(np.arange(len(villages)), per_village)
    n = len(index)
    urban = np.array([v.urban for v in villages])[index]
    village_welfare = np.array([v.welfare for v in villages])[index]
    relative = (
        village_welfare - np.array([regency_welfare[v.regency_code] for v in villages])[index]
    )
    own = rng.normal(0, 1, n)
    score = village_welfare + own
    decile = (np.searchsorted(DECILE_CUTS, score) + 1).astype(np.int8)
    size = np.minimum(1 + rng.poisson(np.clip(3.1 - 0.35 * own, 1.5, 5.0)), 13).astype(np.int8)

    def around(code: str, strength: float = 0.8) -> np.ndarray:
        """Probabilities centred on each kab/kota's 2025 value of one indicator."""
        centre = np.array([logit(_share(regency_2025[code, v.regency_code])) for v in villages])
        odds = centre[index] + strength * (0.6 * relative + 0.8 * own)
        return np.asarray(expit(odds), dtype=float)

    improved_water = rng.random(n) < around("PLD10")
    improved_sanitation = rng.random(n) < around("PLD11")
    pln = rng.random(n) < around("PLD13", 0.5)
    adequate_housing = rng.random(n) < around("PLD12")

    water = np.where(
        improved_water,
        np.array(_WATER_IMPROVED)[rng.choice(5, n, p=[0.3, 0.3, 0.25, 0.1, 0.05])],
        np.array(_WATER_UNIMPROVED)[rng.choice(3, n, p=[0.5, 0.3, 0.2])],
    )
    sanitation = np.where(
        improved_sanitation,
        _SANITATION[0],
        np.array(_SANITATION)[rng.choice([1, 2, 3], n, p=[0.5, 0.15, 0.35])],
    )
    electricity = np.where(
        pln,
        np.array(_ELECTRICITY)[rng.choice([0, 1], n, p=[0.85, 0.15])],
        np.array(_ELECTRICITY)[rng.choice([2, 3], n, p=[0.8, 0.2])],
    )
    floor = np.clip(np.round(2.2 + 0.7 * own + 0.4 * urban + rng.normal(0, 0.6, n)), 0, 3)
    floor = np.where(adequate_housing, np.maximum(floor, 2), floor).astype(int)
    education = np.clip(np.round(1.6 + 0.8 * own + 0.6 * urban + rng.normal(0, 0.7, n)), 0, 4)

    target = decile <= 4
    # Social assistance reaches many, not all, of deciles 1-4, and some households above.
    reach = np.array([logit(_share(regency_2025["PLS06", v.regency_code])) for v in villages])
    assisted_odds = np.where(target, reach[index] - 0.25 * (decile - 2.5), -2.2 - 0.3 * decile)
    any_assistance = rng.random(n) < expit(assisted_odds)
    pkh = any_assistance & (rng.random(n) < np.where(decile <= 2, 0.55, 0.25))
    bpnt = any_assistance & (rng.random(n) < np.where(decile <= 3, 0.7, 0.4))
    pbi = (any_assistance & (rng.random(n) < 0.85)) | (rng.random(n) < 0.05)
    children = rng.poisson(np.clip(size - 2, 0, None) * 0.45)
    # Children 7-18 by age band, each band out of school at its own national rate (school
    # participation about 99 %, 96 % and 74 %, as the demo Susenas), lower in poorer
    # households and differing by kab/kota.
    _, regency = np.unique(np.array([v.regency_code for v in villages])[index], return_inverse=True)
    bands = rng.multinomial(children.astype(np.int64), [0.5, 0.25, 0.25])
    band_effect = rng.normal(0, 0.35, (int(regency.max()) + 1, 3))[regency]
    attending = expit(logit(np.array([0.99, 0.955, 0.74])) + 0.7 * own[:, None] + band_effect)
    out_band = rng.binomial(bands, 1 - attending)
    out_of_school = out_band.sum(axis=1)
    pip = any_assistance & (children > 0) & (rng.random(n) < 0.6)
    blt_dd = ~urban & target & (rng.random(n) < 0.12)
    any_assistance = any_assistance | pkh | bpnt | pbi | pip | blt_dd

    codes = np.array([v.code for v in villages])[index]
    bps_codes = np.array([v.bps_code for v in villages])[index]
    order = np.lexsort((rng.random(n), codes))
    counter = np.arange(n) - np.searchsorted(codes[order], codes[order])
    household_id = [
        f"RT{b}{i + 1:04d}"
        for b, i in zip(bps_codes[order].tolist(), counter.tolist(), strict=True)
    ]
    # Drawn in the order the columns had before the statuses needed the members.
    head_female = rng.random(n) < 0.16
    head_age = np.clip(np.round(rng.normal(48, 13, n)), 17, 98).astype(np.int16)
    disabled = rng.random(n) < 0.04
    elderly = rng.random(n) < 0.22

    # A generator of its own, so that the columns drawn before and after stay as they were.
    statuses = household_statuses(
        rng.spawn(1)[0],
        own=own,
        decile=decile,
        size=size,
        urban=urban,
        regency=regency,
        children=children,
        out_of_school=out_of_school,
        bands=bands,
        out_band=out_band,
        pbi=pbi,
        bpnt=bpnt,
        pkh=pkh,
        pip=pip,
        any_assistance=any_assistance,
        improved_water=improved_water,
        improved_sanitation=improved_sanitation,
        adequate_housing=adequate_housing,
        electricity=electricity,
        sanitation=sanitation,
        floor=floor,
        education=education,
        disabled=disabled,
        elderly=elderly,
    )

    def col(values: np.ndarray, kind: pa.DataType) -> pa.Array:
        ordered = values[order]
        if pa.types.is_string(kind):
            return pa.array(ordered.tolist(), kind)
        return pa.array(ordered, kind)

    return pa.table(
        {
            "household_id": pa.array(household_id, pa.string()),
            "kabkota_code": col(np.array([c.rsplit(".", 2)[0] for c in codes]), pa.string()),
            "kecamatan_code": col(np.array([c.rsplit(".", 1)[0] for c in codes]), pa.string()),
            "desa_code": col(codes, pa.string()),
            "desa_bps_code": col(bps_codes, pa.string()),
            "urban": col(urban, pa.bool_()),
            "year": pa.array(np.full(n, REGISTRY_YEAR, dtype=np.int16), pa.int16()),
            "welfare_decile": col(decile, pa.int8()),
            "household_size": col(size, pa.int8()),
            "head_female": col(head_female, pa.bool_()),
            "head_age": col(head_age, pa.int16()),
            "head_education": col(np.array(_EDUCATION)[education.astype(int)], pa.string()),
            "floor_type": col(np.array(_FLOOR)[floor], pa.string()),
            "adequate_housing": col(adequate_housing, pa.bool_()),
            "drinking_water": col(water, pa.string()),
            "improved_water": col(improved_water, pa.bool_()),
            "sanitation": col(sanitation, pa.string()),
            "improved_sanitation": col(improved_sanitation, pa.bool_()),
            "electricity": col(electricity, pa.string()),
            "children_7_18": col(children.astype(np.int8), pa.int8()),
            "children_out_of_school": col(out_of_school.astype(np.int8), pa.int8()),
            "has_disabled_member": col(disabled, pa.bool_()),
            "has_elderly_member": col(elderly, pa.bool_()),
            "jkn_pbi": col(pbi, pa.bool_()),
            "receives_pkh": col(pkh, pa.bool_()),
            "receives_bpnt": col(bpnt, pa.bool_()),
            "receives_pip": col(pip, pa.bool_()),
            "receives_blt_dd": col(blt_dd, pa.bool_()),
            "any_assistance": col(any_assistance, pa.bool_()),
            **{
                name: pa.array(values[order], pa.int8(), mask=values[order] < 0)
                for name, values in statuses.items()
            },
        }
    )


def village_indicators(table: pa.Table) -> dict[tuple[str, str], float]:
    """2025 desa and kecamatan values, computed from the registry, by (indicator, region).

    PLD10-13: shares of households with improved water, improved sanitation, adequate
    housing and PLN electricity; PLS06: share of deciles 1-4 receiving assistance;
    PLS07: share of households in deciles 1-4; PLS12: share of assisted households that
    are in deciles 7-10 (leakage).
    """
    import polars as pl

    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(
        target=pl.col("welfare_decile") <= 4,
        pln=pl.col("electricity").str.starts_with("PLN"),
    )
    measures = [
        pl.col("improved_water").mean().alias("PLD10"),
        pl.col("improved_sanitation").mean().alias("PLD11"),
        pl.col("adequate_housing").mean().alias("PLD12"),
        pl.col("pln").mean().alias("PLD13"),
        pl.col("any_assistance").filter(pl.col("target")).mean().alias("PLS06"),
        pl.col("target").mean().alias("PLS07"),
        (pl.col("welfare_decile") >= 7).filter(pl.col("any_assistance")).mean().alias("PLS12"),
    ]
    values: dict[tuple[str, str], float] = {}
    for key in ("desa_code", "kecamatan_code"):
        grouped = frame.group_by(key).agg(measures).sort(key)
        for row in grouped.iter_rows(named=True):
            for code in ("PLD10", "PLD11", "PLD12", "PLD13", "PLS06", "PLS07", "PLS12"):
                if row[code] is not None:
                    values[code, row[key]] = round(100 * float(row[code]), 2)
    return values
