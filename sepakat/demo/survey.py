"""A Susenas-like household survey of the synthetic province (March 2025).

Design as in Susenas: strata are kab/kota x urban/rural, primary sampling units (PSU) are
census blocks of 10 households each, weights are the inverse of the selection probability
(with some variation). Per-capita monthly expenditure is lognormal with kab/kota, urban,
census-block and household-size effects; each kab/kota's level is then set so that the
weighted headcount (person weights = household weight x household size) equals the P0
indicator of that kab/kota for 2025, which makes the survey and the indicators agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from sepakat.demo.profile import Profiles

SURVEY_YEAR = 2025
HOUSEHOLDS = 5_000
PSU_SIZE = 10
# Poverty lines differ by urban/rural around the kab/kota line (BPS computes both).
URBAN_LINE_FACTOR, RURAL_LINE_FACTOR = 1.035, 0.97

COLUMNS = {
    "household_id": "household_id",
    "region_code": "kabkota_code",
    "bps_code": "kabkota_bps_code",
    "code_system": "kemendagri",
    "urban": "urban",
    "strata": "strata",
    "psu": "psu",
    "weight": "weight",
    "size": "household_size",
    "welfare": "expenditure_per_capita",
    "poverty_line": "poverty_line",
    "year": "year",
}

_EDUCATION = (
    "tidak tamat SD",
    "SD/sederajat",
    "SMP/sederajat",
    "SMA/sederajat",
    "perguruan tinggi",
)
_SECTOR = ("pertanian", "industri", "perdagangan", "jasa", "tidak bekerja")


@dataclass(frozen=True)
class SurveyResult:
    table: pa.Table
    p0_by_regency: dict[str, float]


def _weighted_share_below(values: np.ndarray, lines: np.ndarray, weights: np.ndarray) -> float:
    return float(weights[values < lines].sum() / weights.sum())


def build_survey(
    rng: np.random.Generator,
    profiles: Profiles,
    *,
    p0: dict[str, float],
    poverty_line: dict[str, float],
) -> SurveyResult:
    """``p0`` and ``poverty_line`` are the 2025 kab/kota indicator values, by Kemendagri code."""
    regencies = profiles.regencies
    villages_by_regency: dict[str, list[tuple[str, bool]]] = {}
    for v in profiles.villages:
        villages_by_regency.setdefault(v.regency_code, []).append((v.bps_code, v.urban))

    roots = np.sqrt([r.population(SURVEY_YEAR) for r in regencies])
    psus_per_regency = np.maximum(np.round(HOUSEHOLDS / PSU_SIZE * roots / roots.sum()), 8)
    psus_per_regency[-1] += HOUSEHOLDS / PSU_SIZE - psus_per_regency.sum()

    parts: list[dict[str, np.ndarray]] = []
    p0_by_regency: dict[str, float] = {}
    for regency, n_psu in zip(regencies, psus_per_regency.astype(int).tolist(), strict=True):
        n_urban = int(np.clip(round(n_psu * regency.urban_share), 2, n_psu - 2))
        urban_psu = np.arange(n_psu) < n_urban
        # Each census block lies in one desa/kelurahan of the right kind.
        villages = villages_by_regency[regency.code]
        urban_villages = [b for b, u in villages if u] or [b for b, _u in villages]
        rural_villages = [b for b, u in villages if not u] or [b for b, _u in villages]
        psu_ids: list[str] = []
        counter: dict[str, int] = {}
        for is_urban in urban_psu.tolist():
            pool = urban_villages if is_urban else rural_villages
            village = pool[int(rng.integers(len(pool)))]
            counter[village] = counter.get(village, 0) + 1
            psu_ids.append(f"{village}{counter[village]:03d}B")

        n = n_psu * PSU_SIZE
        psu_index = np.repeat(np.arange(n_psu), PSU_SIZE)
        urban = urban_psu[psu_index]
        population = regency.population(SURVEY_YEAR)
        households_in_stratum = np.where(
            urban,
            population * regency.urban_share / 3.7,
            population * (1 - regency.urban_share) / 3.9,
        )
        sampled_in_stratum = np.where(urban, n_urban * PSU_SIZE, (n_psu - n_urban) * PSU_SIZE)
        weight = (
            households_in_stratum
            / sampled_in_stratum
            * np.exp(rng.normal(0, 0.15, n_psu))[psu_index]
        )
        size = np.minimum(1 + rng.poisson(np.where(urban, 2.6, 2.9)), 12)
        base = (
            0.25 * urban
            + rng.normal(0, 0.18, n_psu)[psu_index]
            + rng.normal(0, 0.55, n)
            - 0.09 * (size - 3.8)
        )
        line = np.round(
            poverty_line[regency.code] * np.where(urban, URBAN_LINE_FACTOR, RURAL_LINE_FACTOR)
        )
        # Choose the kab/kota level so that the weighted headcount hits the indicator P0:
        # a household is poor when level + base < log(line), i.e. level < log(line) - base.
        person_weight = weight * size
        threshold = np.log(line) - base
        order = np.argsort(-threshold, kind="stable")
        share_above = np.cumsum(person_weight[order]) / person_weight.sum()
        k = int(np.searchsorted(share_above, p0[regency.code] / 100))
        upper = threshold[order][max(k, 0)]
        lower = threshold[order][min(k + 1, n - 1)]
        level = (upper + lower) / 2
        expenditure = np.round(np.exp(level + base))
        p0_by_regency[regency.code] = _weighted_share_below(expenditure, line, person_weight)

        poor_score = -base  # lower expenditure, more disadvantage
        education = np.clip(
            np.round(2.0 - 0.9 * poor_score + 0.6 * urban + rng.normal(0, 0.8, n)), 0, 4
        ).astype(int)
        sector = np.where(
            urban,
            rng.choice([1, 2, 3, 4], n, p=[0.2, 0.35, 0.35, 0.1]),
            rng.choice([0, 1, 2, 3, 4], n, p=[0.55, 0.1, 0.15, 0.1, 0.1]),
        )
        parts.append(
            {
                "kabkota_code": np.full(n, regency.code),
                "kabkota_bps_code": np.full(n, regency.bps_code),
                "urban": urban,
                "strata": np.where(urban, f"{regency.bps_code}-1", f"{regency.bps_code}-2"),
                "psu": np.array(psu_ids)[psu_index],
                "weight": np.round(weight, 4),
                "household_size": size.astype(np.int8),
                "expenditure_per_capita": expenditure,
                "poverty_line": line,
                "head_female": rng.random(n) < 0.15,
                "head_age": np.clip(np.round(rng.normal(47, 12, n)), 18, 95).astype(np.int16),
                "head_education": np.array(_EDUCATION)[education],
                "head_sector": np.array(_SECTOR)[sector],
                "jkn_pbi": rng.random(n) < 1 / (1 + np.exp(-(poor_score * 2.2 - 0.6))),
                "receives_pkh": rng.random(n) < 1 / (1 + np.exp(-(poor_score * 2.5 - 2.2))),
                "receives_bpnt": rng.random(n) < 1 / (1 + np.exp(-(poor_score * 2.5 - 1.3))),
                "improved_water": rng.random(n)
                < 1 / (1 + np.exp(-(1.9 + 1.5 * urban - 1.5 * poor_score))),
                "improved_sanitation": rng.random(n)
                < 1 / (1 + np.exp(-(1.0 + 1.2 * urban - 1.8 * poor_score))),
            }
        )

    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    # Sorted by stratum, census block and expenditure: a fixed order, whatever the seed.
    order = np.lexsort((columns["expenditure_per_capita"], columns["psu"], columns["strata"]))
    n_total = len(order)
    ordered = {name: values[order] for name, values in columns.items()}
    table = pa.table(
        {
            "household_id": pa.array([f"S25-{i + 1:05d}" for i in range(n_total)], pa.string()),
            "kabkota_code": pa.array(ordered["kabkota_code"].tolist(), pa.string()),
            "kabkota_bps_code": pa.array(ordered["kabkota_bps_code"].tolist(), pa.string()),
            "urban": pa.array(ordered["urban"], pa.bool_()),
            "strata": pa.array(ordered["strata"].tolist(), pa.string()),
            "psu": pa.array(ordered["psu"].tolist(), pa.string()),
            "weight": pa.array(ordered["weight"], pa.float64()),
            "household_size": pa.array(ordered["household_size"], pa.int8()),
            "expenditure_per_capita": pa.array(ordered["expenditure_per_capita"], pa.float64()),
            "poverty_line": pa.array(ordered["poverty_line"], pa.float64()),
            "year": pa.array(np.full(n_total, SURVEY_YEAR, dtype=np.int16), pa.int16()),
            "head_female": pa.array(ordered["head_female"], pa.bool_()),
            "head_age": pa.array(ordered["head_age"], pa.int16()),
            "head_education": pa.array(ordered["head_education"].tolist(), pa.string()),
            "head_sector": pa.array(ordered["head_sector"].tolist(), pa.string()),
            "jkn_pbi": pa.array(ordered["jkn_pbi"], pa.bool_()),
            "receives_pkh": pa.array(ordered["receives_pkh"], pa.bool_()),
            "receives_bpnt": pa.array(ordered["receives_bpnt"], pa.bool_()),
            "improved_water": pa.array(ordered["improved_water"], pa.bool_()),
            "improved_sanitation": pa.array(ordered["improved_sanitation"], pa.bool_()),
        }
    )
    return SurveyResult(table=table, p0_by_regency=p0_by_regency)
