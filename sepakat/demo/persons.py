"""The person file of the demo Susenas (KOR-like), with every prioritisation status.

The same households, design and expenditure as the household file (:mod:`sepakat.demo.
survey`): each household is spread into its members (head, spouse, children, sometimes an
elderly parent) with age and sex, and each member gets the answers a Susenas KOR/KP would
give (school attendance, diploma, births, immunisation, JKN, work, the dwelling...). The
statuses ``status_<code>`` then come from those answers by the same rules a real file goes
through (:func:`sepakat.analytics.statuses.derive_statuses`), so the demo exercises them.

Every answer is drawn with a probability on the logit scale: a national level (plausible for
Indonesia around 2024: school participation 7-12 about 99 %, 16-18 about 73 %, improved
sanitation about 80 %, birth certificates about 90 %...), plus a slope in the household's
standardised log expenditure (poorer persons are more often deprived), plus a kab/kota effect
per answer (so kab/kota differ beyond their welfare). Household answers already in the
household file (water, sanitation, PBI, PKH, BPNT) are reused, so both files agree.
The person weight is the household weight, as in Susenas KOR.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from scipy.special import expit, logit
from scipy.stats import norm

from sepakat.analytics.statuses import RULES, derive_statuses, status_column

COLUMNS = {
    "person_id": "person_id",
    "household_id": "household_id",
    "region_code": "kabkota_code",
    "bps_code": "kabkota_bps_code",
    "code_system": "kemendagri",
    "urban": "urban",
    "strata": "strata",
    "psu": "psu",
    "weight": "weight",
    "welfare": "expenditure_per_capita",
    "poverty_line": "poverty_line",
    "year": "year",
}
# How far apart kab/kota lie on each answer, beyond what their expenditure explains (logit).
_REGENCY_SD = 0.35


def _by_age(age: np.ndarray, bands: list[tuple[int, int, float]], default: float) -> np.ndarray:
    out = np.full(age.shape, default)
    for low, high, value in bands:
        out[(age >= low) & (age <= high)] = value
    return out


def build_persons(rng: np.random.Generator, households: pa.Table) -> pa.Table:
    """Persons of the household file ``households`` (the demo survey table)."""
    h = {name: households[name].to_numpy(zero_copy_only=False) for name in households.schema.names}
    size = h["household_size"].astype(int)
    n_h = len(size)
    hh = np.repeat(np.arange(n_h), size)
    n = len(hh)
    member = np.arange(n) - np.repeat(np.cumsum(size) - size, size)

    log_y = np.log(h["expenditure_per_capita"])
    z_h = (log_y - log_y.mean()) / log_y.std()
    z = z_h[hh]
    urban = h["urban"][hh].astype(bool)
    regencies, regency_h = np.unique(h["kabkota_code"], return_inverse=True)
    regency = regency_h[hh]

    def draw(
        base: np.ndarray | float,
        slope: float,
        *,
        level: str = "person",
        shift: np.ndarray | float = 0.0,
    ) -> np.ndarray:
        """True with probability expit(logit(base) + slope z + kab/kota effect + shift)."""
        effect = rng.normal(0, _REGENCY_SD, len(regencies))
        if level == "household":
            odds = logit(np.clip(base, 1e-4, 1 - 1e-4)) + slope * z_h + effect[regency_h] + shift
            return np.asarray(rng.random(n_h) < expit(odds))
        odds = logit(np.clip(base, 1e-4, 1 - 1e-4)) + slope * z + effect[regency] + shift
        return np.asarray(rng.random(n) < expit(odds))

    # Who lives here: the head, a spouse, children, now and then an elderly parent.
    head_age = h["head_age"].astype(int)[hh]
    head_female = h["head_female"].astype(bool)[hh]
    elderly = (member >= 2) & (rng.random(n) < 0.07)
    child_age = rng.integers(0, np.maximum(np.minimum(head_age - 16, 26), 1))
    age = np.where(
        member == 0,
        head_age,
        np.where(
            member == 1,
            np.clip(head_age + np.round(rng.normal(-3, 4, n)), 17, 95),
            np.where(elderly, rng.integers(60, 90, n), child_age),
        ),
    ).astype(int)
    sex = np.where(
        member == 0,
        np.where(head_female, 2, 1),
        np.where(member == 1, np.where(head_female, 1, 2), rng.integers(1, 3, n)),
    ).astype(int)
    female = sex == 2
    age_months = age * 12 + rng.integers(0, 12, n)

    # Schooling
    school_base = _by_age(
        age, [(3, 4, 0.35), (5, 6, 0.72), (7, 12, 0.992), (13, 15, 0.955), (16, 18, 0.74),
              (19, 24, 0.26)], 0.0,
    )  # fmt: skip
    in_school = (school_base > 0) & draw(np.maximum(school_base, 1e-4), 0.7, shift=0.3 * urban)
    on_time = _by_age(age, [(5, 6, 0.0), (7, 12, 0.97), (13, 15, 0.86), (16, 18, 0.86)], 0.8)
    expected = _by_age(age, [(0, 6, 0), (7, 12, 1), (13, 15, 2), (16, 18, 3)], 4).astype(int)
    behind = np.maximum(expected - 1, 0)
    school_level = np.where(
        in_school, np.where(rng.random(n) < on_time, expected, behind), -1
    ).astype(int)
    ever_school = in_school | ((age >= 7) & draw(0.975, 0.8))
    # Highest diploma: an ordered latent score, capped by what the age allows.
    latent = (rng.normal(0, 1, n) + 0.7 * z + 0.3 * urban) / np.sqrt(1.49)
    shares = {  # P(diploma >= SD, SMP, SMA, university) by age group
        "13-15": (0.93, 0.0, 0.0, 0.0),
        "16-18": (0.96, 0.87, 0.0, 0.0),
        "19-21": (0.96, 0.88, 0.68, 0.0),
        "22+": (0.9, 0.64, 0.38, 0.1),
    }
    group = np.select(
        [age < 13, age <= 15, age <= 18, age <= 21], ["", "13-15", "16-18", "19-21"], "22+"
    )
    diploma = np.zeros(n, dtype=int)
    for name, probabilities in shares.items():
        rows = (group == name) & ever_school
        for p in probabilities:
            if p > 0:
                diploma[rows] += latent[rows] > norm.ppf(1 - p)
    literate = (age >= 5) & draw(_by_age(age, [(5, 44, 0.99), (45, 59, 0.95)], 0.82), 0.9)
    disabled = draw(_by_age(age, [(0, 17, 0.015), (18, 59, 0.03)], 0.14), -0.3)

    # Births, children's health, adults' health
    married = female & (age >= 15) & (age <= 49) & (member <= 1) & (size[hh] >= 2)
    infant = np.bincount(hh, weights=(age <= 1).astype(float), minlength=n_h) > 0
    gave_birth = married & infant[hh]
    anc_ok = draw(0.9, 0.6)
    anc_visits = np.where(anc_ok, rng.integers(4, 9, n), rng.integers(0, 4, n))
    birth_facility = draw(0.88, 0.9, shift=0.6 * urban)
    birth_skilled = birth_facility | draw(0.6, 0.7)
    immunised = draw(0.68, 0.5)
    breastfed = draw(0.7, 0.1)
    contraception = draw(0.57, 0.1)
    # Child marriage: about 7 % of women 20-24 married before 18, more among the poor.
    married_young = draw(0.15, -0.7)
    first_marriage_age = np.where(
        married, np.where(married_young, rng.integers(14, 18, n), rng.integers(18, 30, n)), -1
    )
    first_marriage_age = np.minimum(first_marriage_age, age)
    smokes = (age >= 10) & ~draw(
        np.where(female, 0.975, _by_age(age, [(10, 14, 0.95), (15, 18, 0.78)], 0.4)), 0.25
    )
    complaint = draw(0.25, 0.0)
    outpatient = draw(0.5, 0.5)
    pbi = h["jkn_pbi"].astype(bool)[hh]
    jkn = pbi | draw(0.6, 0.9, level="household")[hh]

    # Work (15+, and some children)
    in_labour_force = (age >= 15) & ~in_school & draw(np.where(female, 0.55, 0.88), -0.1)
    unemployed = in_labour_force & ~draw(_by_age(age, [(15, 24, 0.83)], 0.965), 0.3)
    working = (in_labour_force & ~unemployed) | (
        (age >= 10) & (age <= 17) & draw(_by_age(age, [(10, 14, 0.02)], 0.07), -0.6)
    )
    full_time = draw(0.7, 0.3)
    hours = np.where(
        working, np.where(full_time, rng.integers(35, 60, n), rng.integers(4, 35, n)), 0
    )
    formal = draw(0.4, 0.9, shift=0.8 * urban)
    family = ~formal & draw(0.15, -0.4)
    informal_status = rng.choice([1, 2, 5, 6], n, p=[0.45, 0.25, 0.15, 0.15])
    status = np.where(
        formal, np.where(rng.random(n) < 0.07, 3, 4), np.where(family, 7, informal_status)
    )
    employment_status = np.where(working, status, 0)
    training = draw(0.03, 0.3)
    bpjs_tk = working & draw(np.where(formal, 0.55, 0.08), 0.6)

    # The dwelling (one answer per household)
    def household(base: float, slope: float, shift: np.ndarray | float = 0.0) -> np.ndarray:
        return draw(base, slope, level="household", shift=shift)[hh]

    urban_h = h["urban"].astype(bool)
    water = h["improved_water"].astype(bool)[hh]
    sanitation = h["improved_sanitation"].astype(bool)[hh]
    toilet_own = np.where(sanitation, household(0.93, 0.5), household(0.45, 0.5))
    electricity = household(0.993, 1.0)
    electricity_pln = electricity & household(0.975, 1.0, 1.0 * urban_h)
    floor_area = np.round(np.exp(rng.normal(np.log(58), 0.35, n_h) + 0.18 * z_h))[hh]
    cooking_clean = household(0.86, 1.2, 1.2 * urban_h)
    handwashing = household(0.78, 1.0, 0.6 * urban_h)
    internet = (age >= 5) & draw(_by_age(age, [(5, 9, 0.45), (10, 24, 0.88)], 0.6), 1.0)

    # Documents and assistance
    birth_certificate = draw(_by_age(age, [(0, 4, 0.88)], 0.95), 0.8)
    nik = draw(_by_age(age, [(0, 4, 0.9)], 0.975), 0.6)
    poor = (h["expenditure_per_capita"] < 1.5 * h["poverty_line"])[hh]
    pip = in_school & (age >= 6) & (age <= 21) & draw(np.where(poor, 0.35, 0.04), -0.5)
    pkh = h["receives_pkh"].astype(bool)[hh]
    bpnt = h["receives_bpnt"].astype(bool)[hh]
    blt = household(0.05, -1.2)
    any_pip = np.bincount(hh, weights=pip.astype(float), minlength=n_h)[hh] > 0
    receives_any = pkh | bpnt | any_pip | blt

    roles = pl.DataFrame(
        {
            "age": age,
            "age_months": age_months,
            "sex": sex,
            "married": married,
            "first_marriage_age": pl.Series(first_marriage_age).replace(-1, None),
            "in_school": in_school,
            "school_level": pl.Series(school_level).replace(-1, None),
            "ever_school": ever_school,
            "diploma": diploma,
            "literate": literate,
            "disabled": disabled,
            "gave_birth_2y": gave_birth,
            "anc_visits": anc_visits,
            "birth_facility": birth_facility,
            "birth_skilled": birth_skilled,
            "immunised_complete": immunised,
            "breastfed_exclusive": breastfed,
            "contraception_modern": contraception,
            "smokes": smokes,
            "health_complaint": complaint,
            "outpatient": outpatient,
            "jkn": jkn,
            "jkn_pbi": pbi,
            "working": working,
            "looking": unemployed,
            "hours": hours,
            "employment_status": employment_status,
            "training": training,
            "bpjs_tk": bpjs_tk,
            "water_improved": water,
            "sanitation_improved": sanitation,
            "toilet_own": toilet_own,
            "electricity": electricity,
            "electricity_pln": electricity_pln,
            "floor_not_earth": household(0.965, 1.2),
            "wall_permanent": household(0.94, 1.0),
            "roof_adequate": household(0.975, 0.8),
            "floor_area": floor_area,
            "household_size": size[hh],
            "cooking_clean": cooking_clean,
            "handwashing": handwashing,
            "internet": internet,
            "birth_certificate": birth_certificate,
            "nik": nik,
            "receives_pkh": pkh,
            "receives_bpnt": bpnt,
            "receives_pip": pip,
            "receives_any": receives_any,
            "welfare": h["expenditure_per_capita"][hh],
            "poverty_line": h["poverty_line"][hh],
        },
        strict=False,
    )
    statuses = derive_statuses(roles).select(status_column(code) for code in RULES)

    def take(name: str) -> np.ndarray:
        """A household column repeated for each member."""
        return np.asarray(h[name][hh])

    person_id = [
        f"{hid}-{m + 1:02d}"
        for hid, m in zip(take("household_id").tolist(), member.tolist(), strict=True)
    ]
    table = pa.table(
        {
            "person_id": pa.array(person_id, pa.string()),
            "household_id": pa.array(take("household_id").tolist(), pa.string()),
            "kabkota_code": pa.array(take("kabkota_code").tolist(), pa.string()),
            "kabkota_bps_code": pa.array(take("kabkota_bps_code").tolist(), pa.string()),
            "urban": pa.array(urban, pa.bool_()),
            "strata": pa.array(take("strata").tolist(), pa.string()),
            "psu": pa.array(take("psu").tolist(), pa.string()),
            "weight": pa.array(take("weight"), pa.float64()),
            "expenditure_per_capita": pa.array(take("expenditure_per_capita"), pa.float64()),
            "poverty_line": pa.array(take("poverty_line"), pa.float64()),
            "year": pa.array(take("year"), pa.int16()),
            "age": pa.array(age, pa.int16()),
            "sex": pa.array(sex, pa.int8()),
        }
    )
    for name in statuses.columns:
        table = table.append_column(name, statuses[name].to_arrow())
    return table
