"""Achievement statuses of the prioritisation indicators, from a person-level frame.

Each rule says who belongs to an indicator's reference population and who of them has
achieved it; :func:`derive_statuses` writes ``status_<code>`` as 1 (achieved), 0 (not) and
null outside the reference population, the shape :func:`sepakat.analytics.priorities.
priority_scores` reads. The rules work on *standard roles* (:data:`ROLES`): clean columns
such as ``age``, ``in_school`` or ``water_improved``. A real Susenas KOR/KP file reaches them
through a mapping of BPS variable names and codes (:mod:`sepakat.analytics.susenas_kor`), so
the rules do not change when the questionnaire renumbers its variables.

Household attributes (drinking water, floor, assistance received...) are carried by every
member of the household, as BPS does when it publishes "persentase penduduk" from the KP
file; the score then counts persons, which is what SEPAKAT's weighting needs.

"Miskin dan rentan" (poor and vulnerable, the reference population of the assistance
indicators) is a person whose per-capita expenditure is below 1.5 times the poverty line of
their kab/kota and urban/rural area: the national survey has no registry decile, and 1.5 x GK
is the usual BPS/TNP2K reading of the vulnerable (hampir miskin) band. In the registry the
reference population is deciles 1-4 instead (see ``docs/priorities.md``).

>>> import polars as pl
>>> people = pl.DataFrame({"age": [6, 9, 10, 30], "in_school": [True, True, False, False]})
>>> derive_statuses(people, codes=["PDK02"])["status_pdk02"].to_list()
[None, 1, 0, None]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from .errors import InputError

# Standard roles and what they hold; booleans are true/false (or 1/0), null when not asked.
ROLES: dict[str, str] = {
    "age": "age in completed years",
    "age_months": "age in months (children under five; optional)",
    "sex": "1 male, 2 female (BPS coding)",
    "married": "currently married (women 15-49 for contraception)",
    "first_marriage_age": "age at first marriage; empty for a person never married",
    "in_school": "currently attending school, PAUD/TK to university, Paket A/B/C included",
    "school_level": "level attended now: 0 PAUD/TK/RA, 1 SD/MI/Paket A, 2 SMP/MTs/Paket B, "
    "3 SMA/SMK/MA/Paket C, 4 university",
    "ever_school": "has ever attended school",
    "diploma": "highest diploma: 0 none, 1 SD/sederajat, 2 SMP, 3 SMA/SMK, 4 university",
    "literate": "can read and write Latin, Arabic or other script",
    "disabled": "has a functional difficulty (Washington Group: a lot / cannot)",
    "gave_birth_2y": "woman 15-49 who gave birth in the last two years (her last birth)",
    "anc_visits": "antenatal care visits during that pregnancy",
    "birth_facility": "that birth took place in a health facility",
    "birth_skilled": "that birth was attended by a doctor, midwife or other health worker",
    "immunised_complete": "child has all basic immunisations (HB0, BCG, polio 4, DPT-HB-Hib 3, "
    "measles/MR)",
    "breastfed_exclusive": "infant fed only breast milk in the last 24 hours",
    "contraception_modern": "currently uses a modern contraceptive method",
    "smokes": "smoked tobacco in the last month",
    "health_complaint": "had a health complaint that disturbed daily activity last month",
    "outpatient": "sought outpatient care for it",
    "jkn": "member of JKN (BPJS Kesehatan), PBI or not",
    "jkn_pbi": "member of JKN as PBI (contribution paid by the state)",
    "working": "worked at least one hour last week, or has a job temporarily away",
    "looking": "not working and looking for work or preparing a business",
    "hours": "hours worked last week, all jobs",
    "employment_status": "1 own account, 2 employer with temporary/unpaid help, 3 employer with "
    "permanent workers, 4 employee, 5 casual agricultural, 6 casual non-agricultural, 7 unpaid "
    "family worker",
    "training": "in training or course (for NEET)",
    "bpjs_tk": "member of a social security programme for workers (BPJS Ketenagakerjaan...)",
    "water_improved": "household's main drinking water source is improved",
    "sanitation_improved": "household has improved sanitation (own/shared toilet with septic "
    "tank or sewer)",
    "toilet_own": "household has its own toilet",
    "electricity": "household lighting is electric (PLN or not)",
    "electricity_pln": "household lighting is PLN electricity",
    "floor_not_earth": "floor is not earth",
    "wall_permanent": "walls are masonry or good wood/board",
    "roof_adequate": "roof is concrete, tile, zinc/metal, asbestos or good wood/shingle",
    "floor_area": "floor area of the dwelling, m2",
    "household_size": "number of household members",
    "cooking_clean": "main cooking fuel is electricity, LPG, piped gas or biogas",
    "handwashing": "household has a handwashing place with soap and water",
    "internet": "used the internet in the last three months",
    "birth_certificate": "has a birth certificate (akta kelahiran), seen or not",
    "nik": "has a NIK (national identity number)",
    "receives_pkh": "household received PKH in the last year",
    "receives_bpnt": "household received Sembako/BPNT in the last year",
    "receives_pip": "received PIP/KIP (student) in the last year",
    "receives_any": "household received social assistance in the last year (PKH, Sembako/BPNT, "
    "PIP, BLT...; JKN PBI is counted on its own)",
    "welfare": "per-capita monthly expenditure",
    "poverty_line": "poverty line of the person's kab/kota and urban/rural area",
}

# The vulnerable band above the poverty line (see the module docstring).
VULNERABLE_MULTIPLE = 1.5
# BPS's minimum floor area per person of a "rumah layak huni".
MIN_FLOOR_AREA_PER_PERSON = 7.2


@dataclass(frozen=True)
class Rule:
    """``reference`` selects the reference population, ``achieved`` the achieved among it;
    ``roles`` are the columns both need."""

    roles: tuple[str, ...]
    reference: Callable[[], pl.Expr]
    achieved: Callable[[], pl.Expr]


def _c(name: str) -> pl.Expr:
    return pl.col(name)


def _flag(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Boolean)


def _age(low: int, high: int | None = None) -> pl.Expr:
    return _c("age") >= low if high is None else _c("age").is_between(low, high)


def _woman(low: int, high: int) -> pl.Expr:
    return (_c("sex") == 2) & _age(low, high)


def _poor_vulnerable() -> pl.Expr:
    return _c("welfare") < VULNERABLE_MULTIPLE * _c("poverty_line")


def _everyone() -> pl.Expr:
    return pl.lit(True)


def _under_months(low: int, high: int) -> pl.Expr:
    return _c("age_months").is_between(low, high)


_POOR = ("welfare", "poverty_line")


def _school(low: int, high: int) -> Rule:
    return Rule(("age", "in_school"), lambda: _age(low, high), lambda: _flag("in_school"))


def _level(low: int, high: int, level: int) -> Rule:
    return Rule(
        ("age", "in_school", "school_level"),
        lambda: _age(low, high),
        lambda: _flag("in_school") & (_c("school_level") == level),
    )


def _completed(low: int, high: int | None, diploma: int) -> Rule:
    return Rule(("age", "diploma"), lambda: _age(low, high), lambda: _c("diploma") >= diploma)


def _household(role: str) -> Rule:
    return Rule((role,), _everyone, lambda: _flag(role))


def _assisted(role: str, low: int = 0, high: int | None = None) -> Rule:
    return Rule(
        ("age", role, *_POOR), lambda: _poor_vulnerable() & _age(low, high), lambda: _flag(role)
    )


def _mothers(role: str, test: Callable[[], pl.Expr] | None = None) -> Rule:
    return Rule(
        ("sex", "age", "gave_birth_2y", role),
        lambda: _woman(15, 49) & _flag("gave_birth_2y"),
        test or (lambda: _flag(role)),
    )


def _adequate_housing() -> pl.Expr:
    # BPS's four criteria of a "rumah layak huni": sufficient area, building durability
    # (roof, walls, floor), improved water and improved sanitation.
    area = _c("floor_area") / _c("household_size") >= MIN_FLOOR_AREA_PER_PERSON
    building = _flag("roof_adequate") & _flag("wall_permanent") & _flag("floor_not_earth")
    return area & building & _flag("water_improved") & _flag("sanitation_improved")


RULES: dict[str, Rule] = {
    # Pendidikan
    "PDK01": _school(5, 6),
    "PDK02": _school(7, 12),
    "PDK03": _school(13, 15),
    "PDK04": _school(16, 18),
    "PDK05": _level(7, 12, 1),
    "PDK06": _level(13, 15, 2),
    "PDK07": _level(16, 18, 3),
    "PDK08": Rule(("age", "literate"), lambda: _age(15, 24), lambda: _flag("literate")),
    "PDK09": Rule(("age", "literate"), lambda: _age(15, 59), lambda: _flag("literate")),
    "PDK10": _completed(13, 15, 1),
    "PDK11": _completed(16, 18, 2),
    "PDK12": _completed(19, 21, 3),
    "PDK13": _completed(25, None, 2),
    "PDK14": Rule(
        ("age", "in_school", "ever_school", "diploma"),
        lambda: _age(7, 18) & _flag("ever_school"),
        lambda: _flag("in_school") | (_c("diploma") >= 3),
    ),
    "PDK16": _school(6, 6),
    "PDK15": Rule(
        ("age", "disabled", "in_school"),
        lambda: _age(7, 18) & _flag("disabled"),
        lambda: _flag("in_school"),
    ),
    # Kesehatan
    "KES01": _mothers("anc_visits", lambda: _c("anc_visits") >= 4),
    "KES02": _mothers("birth_facility"),
    "KES03": _mothers("birth_skilled"),
    "KES04": Rule(
        ("age_months", "immunised_complete"),
        lambda: _under_months(12, 23),
        lambda: _flag("immunised_complete"),
    ),
    "KES05": Rule(("jkn",), _everyone, lambda: _flag("jkn")),
    "KES06": Rule(
        ("sex", "age", "married", "contraception_modern"),
        lambda: _woman(15, 49) & _flag("married"),
        lambda: _flag("contraception_modern"),
    ),
    "KES07": Rule(("age", "smokes"), lambda: _age(10, 18), lambda: ~_flag("smokes")),
    "KES08": Rule(("age", "smokes"), lambda: _age(15), lambda: ~_flag("smokes")),
    "KES09": Rule(
        ("health_complaint", "outpatient"),
        lambda: _flag("health_complaint"),
        lambda: _flag("outpatient"),
    ),
    "KES10": Rule(
        ("age_months", "breastfed_exclusive"),
        lambda: _under_months(0, 5),
        lambda: _flag("breastfed_exclusive"),
    ),
    # Ketenagakerjaan
    "KTK01": Rule(
        ("age", "working", "looking"),
        lambda: _age(15) & (_flag("working") | _flag("looking")),
        lambda: _flag("working"),
    ),
    "KTK02": Rule(
        ("age", "working", "hours"),
        lambda: _age(15) & _flag("working"),
        lambda: _c("hours") >= 35,
    ),
    "KTK03": Rule(
        ("age", "working", "employment_status"),
        lambda: _age(15) & _flag("working"),
        lambda: _c("employment_status").is_in([3, 4]),
    ),
    "KTK04": Rule(
        ("age", "working", "employment_status"),
        lambda: _age(15) & _flag("working"),
        lambda: _c("employment_status") != 7,
    ),
    "KTK05": Rule(
        ("age", "in_school", "working", "training"),
        lambda: _age(15, 24),
        lambda: _flag("in_school") | _flag("working") | _flag("training"),
    ),
    "KTK06": Rule(("age", "working"), lambda: _age(10, 17), lambda: ~_flag("working")),
    "KTK07": Rule(
        ("age", "working", "bpjs_tk"),
        lambda: _age(15) & _flag("working"),
        lambda: _flag("bpjs_tk"),
    ),
    # Infrastruktur rumah tangga
    "IRT01": _household("water_improved"),
    "IRT02": _household("sanitation_improved"),
    "IRT03": Rule(
        (
            "floor_area",
            "household_size",
            "roof_adequate",
            "wall_permanent",
            "floor_not_earth",
            "water_improved",
            "sanitation_improved",
        ),
        _everyone,
        _adequate_housing,
    ),
    "IRT04": _household("electricity"),
    "IRT05": _household("electricity_pln"),
    "IRT06": _household("floor_not_earth"),
    "IRT07": _household("wall_permanent"),
    "IRT08": _household("roof_adequate"),
    "IRT09": Rule(
        ("floor_area", "household_size"),
        _everyone,
        lambda: _c("floor_area") / _c("household_size") >= MIN_FLOOR_AREA_PER_PERSON,
    ),
    "IRT10": _household("cooking_clean"),
    "IRT11": _household("toilet_own"),
    "IRT12": _household("handwashing"),
    "IRT13": Rule(("age", "internet"), lambda: _age(5), lambda: _flag("internet")),
    # Perlindungan sosial
    "PRS01": _assisted("jkn_pbi"),
    "PRS02": _assisted("receives_bpnt"),
    "PRS03": _assisted("receives_pkh"),
    "PRS04": Rule(
        ("age", "in_school", "receives_pip", *_POOR),
        lambda: _poor_vulnerable() & _age(6, 21) & _flag("in_school"),
        lambda: _flag("receives_pip"),
    ),
    "PRS05": _assisted("receives_any"),
    "PRS06": Rule(
        ("age", "birth_certificate"), lambda: _age(0, 17), lambda: _flag("birth_certificate")
    ),
    "PRS07": Rule(("nik",), _everyone, lambda: _flag("nik")),
    "PRS08": Rule(
        ("age", "disabled", "receives_any", *_POOR),
        lambda: _poor_vulnerable() & _flag("disabled"),
        lambda: _flag("receives_any"),
    ),
    "PRS09": _assisted("receives_any", 60),
    "PRS10": _assisted("receives_any", 0, 17),
    "PRS11": Rule(("age", "jkn"), lambda: _age(60), lambda: _flag("jkn")),
    "PRS13": Rule(
        ("sex", "age", "first_marriage_age"),
        lambda: _woman(20, 24),
        # Never married (empty) counts as achieved: no child marriage.
        lambda: _c("first_marriage_age").is_null() | (_c("first_marriage_age") >= 18),
    ),
    "PRS12": Rule(
        ("age", "birth_certificate"), lambda: _age(0, 4), lambda: _flag("birth_certificate")
    ),
}


def status_column(code: str) -> str:
    return f"status_{code.lower()}"


def missing_roles(
    columns: Iterable[str], codes: Iterable[str] | None = None
) -> dict[str, list[str]]:
    """The roles each rule lacks in ``columns`` (rules that have all are left out)."""
    present = set(columns)
    out: dict[str, list[str]] = {}
    for code in codes if codes is not None else RULES:
        lacking = [r for r in RULES[code].roles if r not in present]
        if lacking:
            out[code] = lacking
    return out


def derive_statuses(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    codes: Iterable[str] | None = None,
    skip_missing: bool = False,
) -> pl.DataFrame:
    """``frame`` with ``status_<code>`` (Int8: 1, 0, null) added for each rule in ``codes``
    (all by default).

    A rule whose roles are not all in the frame raises :class:`InputError` naming them; with
    ``skip_missing`` its column is written empty instead (all null: the indicator cannot be
    measured from this file, and the priority score lists it as too few persons).
    An answer missing inside the reference population stays null too: unknown is not
    counted as deprived.
    """
    lf = frame.lazy()
    wanted = list(codes) if codes is not None else list(RULES)
    unknown = [c for c in wanted if c not in RULES]
    if unknown:
        raise InputError(f"no status rule for indicator(s) {', '.join(unknown)}")
    lacking = missing_roles(lf.collect_schema().names(), wanted)
    if lacking and not skip_missing:
        detail = "; ".join(f"{code}: {', '.join(roles)}" for code, roles in lacking.items())
        raise InputError(f"the file lacks the columns these statuses need ({detail})")
    exprs = []
    for code in wanted:
        name = status_column(code)
        if code in lacking:
            exprs.append(pl.lit(None, pl.Int8).alias(name))
            continue
        rule = RULES[code]
        inside = rule.reference().fill_null(False)
        exprs.append(
            pl.when(inside).then(rule.achieved().cast(pl.Int8)).otherwise(None).alias(name)
        )
    return lf.with_columns(exprs).collect()
