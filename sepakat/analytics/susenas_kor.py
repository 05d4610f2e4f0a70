"""From a Susenas KOR/KP person file to the standard roles of :mod:`.statuses`.

BPS renumbers the questionnaire most years, so the link between a variable (``R610``) and a
role (``in_school``) is data, not code: a :data:`Mapping` says, per role, which variable(s)
to read and how to turn its codes into the role's value. :data:`KOR_2023` is our reading of
the March 2023 KOR individual file with the KP housing block merged in (one row per
household member, household variables repeated); a region with another year copies it, edits
the variable names and codes, and passes its own (a plain dict, so it can live in a JSON
file). Every entry must be checked against that year's questionnaire and codebook before a
result is used: entries marked ``check=True`` are those no public source we found confirms
(``docs/priorities.md`` lists what was checked against what).

The design columns (weight FWT, PSU, strata, urban R105, kab/kota R101+R102) and the
per-capita expenditure (KAPITA, from the consumption file) go through the data hub's
microdata profile as for any survey file; they are not repeated here.

Kinds of source (``kind``):

* ``number``: the value as a number;
* ``yes``: true when the value is in ``codes`` (BPS codes "ya" as 1, so ``codes=(1,)``);
* ``in``: the same, for any list of codes (a water source among the improved ones...);
* ``map``: ``codes`` is a list of ``[code, value]`` pairs (levels of schooling...), other
  codes give null;
* ``any_in``: true when any of ``variables`` is in ``codes`` (the disability questions);
* ``all_in``: true when every one of ``variables`` is in ``codes`` (water and soap at the
  handwashing place), null unless all are answered;
* ``months``: age in months from birth month and year (``variables = [month, year]``) at
  the survey's reference month ``codes = [year, month]``.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from typing import Any

import polars as pl

from .errors import InputError
from .statuses import derive_statuses

Mapping = MappingABC[str, MappingABC[str, Any]]

# Highest diploma (R614), our reading of the codes: Paket A, SDLB, SD, MI -> 1; Paket B,
# SMPLB, SMP, MTs -> 2; Paket C, SMLB, SMA, MA, SMK, MAK -> 3; D1 to S3 -> 4 (unverified).
_LEVELS = [[c, 1] for c in (1, 2, 3, 4)] + [[c, 2] for c in (5, 6, 7, 8)]
_LEVELS += [[c, 3] for c in (9, 10, 11, 12, 13, 14)] + [[c, 4] for c in range(15, 20)]
# Level attended (R612, "jenjang pendidikan" 0-24) as a variable list compiled from the 2023
# layout reads it: 1-5 SD/MI/sederajat, 6-10 SMP/MTs, 11-17 SMA/MA/SMK, 18-24 D1 to S3.
_LEVELS_R612 = [[c, 1] for c in range(1, 6)] + [[c, 2] for c in range(6, 11)]
_LEVELS_R612 += [[c, 3] for c in range(11, 18)] + [[c, 4] for c in range(18, 25)]


def _src(
    kind: str, *variables: str, codes: Sequence[Any] = (), check: bool = False
) -> dict[str, Any]:
    return {"kind": kind, "variables": list(variables), "codes": list(codes), "check": check}


# ``check=True``: no public source we could find confirms the 2023 variable or its codes
# (docs/priorities.md says what was checked against what). A role with no variables is
# one whose earlier reading a source contradicted and for which none names the right one:
# its statuses stay empty until a region fills it in.
KOR_2023: dict[str, dict[str, Any]] = {
    # Keterangan anggota rumah tangga (blok IV)
    "age": _src("number", "R407"),
    "age_months": _src("months", "R406B", "R406C", codes=(2023, 3), check=True),
    "sex": _src("number", "R405"),
    "married": _src("yes", "R404", codes=(2,), check=True),
    "first_marriage_age": _src("number", "R409", check=True),
    "household_size": _src("number", "R301"),
    # Pendidikan (blok VI): R610 0 never, 1 still in school, 2 no longer
    "in_school": _src("yes", "R610", codes=(1,), check=True),
    "ever_school": _src("in", "R610", codes=(1, 2), check=True),
    "school_level": _src("map", "R612", codes=_LEVELS_R612, check=True),
    "diploma": _src("map", "R614", codes=[[0, 0], *_LEVELS], check=True),
    "literate": _src("yes", "R616", codes=(1,), check=True),
    # Kesulitan fungsional: 1 "ya, banyak", 2 "tidak bisa sama sekali" (Washington Group)
    "disabled": _src(
        "any_in", "R1001", "R1002", "R1003", "R1004", "R1005", "R1006", codes=(1, 2), check=True
    ),
    # Kesehatan: in 2023 R1101_A is BPJS PBI (so R1101 is not the health complaint, and
    # the complaint and outpatient care are not located: empty), R1207 tobacco smoking.
    "health_complaint": _src("yes", codes=(1,), check=True),
    "outpatient": _src("yes", codes=(1,), check=True),
    "jkn": _src("any_in", "R1101_A", "R1101_B", codes=(1,), check=True),
    "jkn_pbi": _src("yes", "R1101_A", codes=(1,)),
    "smokes": _src("in", "R1207", codes=(1, 2)),
    "immunised_complete": _src("yes", "R1304", codes=(1,), check=True),
    "breastfed_exclusive": _src("yes", "R1307", codes=(1,), check=True),
    "gave_birth_2y": _src("yes", "R1401", codes=(1,), check=True),
    "anc_visits": _src("number", "R1402", check=True),
    "birth_facility": _src("in", "R1404", codes=(1, 2, 3, 4, 5, 6), check=True),
    "birth_skilled": _src("in", "R1403", codes=(1, 2, 3), check=True),
    "contraception_modern": _src("in", "R1407", codes=(1, 2, 3, 4, 5, 6, 7, 8), check=True),
    # Ketenagakerjaan (blok VII)
    "working": _src("yes", "R702", codes=(1,), check=True),
    "looking": _src("yes", "R705", codes=(1,), check=True),
    "hours": _src("number", "R708", check=True),
    "employment_status": _src("number", "R712", check=True),
    "training": _src("yes", "R716", codes=(1,), check=True),
    "bpjs_tk": _src("any_in", "R1205A", "R1205B", "R1205C", "R1205D", codes=(1,), check=True),
    # Identitas dan perlindungan sosial (blok XXII, 1 ya / 5 tidak): R2204A still a PKH
    # recipient, R2207 BPNT/Sembako, R2209A/B BLT BBM / BLT Desa. PIP is not located (R2209,
    # read earlier, is BLT BBM): empty.
    "birth_certificate": _src("in", "R418", codes=(1, 2), check=True),
    "nik": _src("yes", "R417", codes=(1,), check=True),
    "receives_pkh": _src("yes", "R2204A", codes=(1,)),
    "receives_bpnt": _src("yes", "R2207", codes=(1,)),
    "receives_pip": _src("yes", codes=(1,), check=True),
    "receives_any": _src("any_in", "R2204A", "R2207", "R2209A", "R2209B", codes=(1,), check=True),
    # Perumahan (blok XVIII, merged by household)
    "floor_area": _src("number", "R1804", check=True),
    "roof_adequate": _src("in", "R1806A", codes=(1, 2, 3, 4, 5, 6), check=True),
    "wall_permanent": _src("in", "R1807", codes=(1, 2, 3), check=True),
    "floor_not_earth": _src("in", "R1808", codes=(1, 2, 3, 4, 5, 6, 7, 8), check=True),
    "toilet_own": _src("yes", "R1809A", codes=(1,)),
    "sanitation_improved": _src("yes", "SANITASI_LAYAK", codes=(1,), check=True),
    "water_improved": _src("yes", "AIR_LAYAK", codes=(1,), check=True),
    "electricity": _src("in", "R1816", codes=(1, 2), check=True),
    "electricity_pln": _src("in", "R1816", codes=(1,), check=True),
    "cooking_clean": _src("in", "R1817", codes=(1, 2, 3, 4), check=True),
    # the place for handwashing is observed: water there (R1815B) and soap (R1815C)
    "handwashing": _src("all_in", "R1815B", "R1815C", codes=(1,), check=True),
    "internet": _src("yes", "R811", codes=(1,), check=True),
}


def _expr(role: str, source: MappingABC[str, Any], present: set[str]) -> pl.Expr | None:
    kind = source.get("kind")
    variables = list(source.get("variables") or [])
    codes = list(source.get("codes") or [])
    if not variables or any(v not in present for v in variables):
        return None
    first = pl.col(variables[0]).cast(pl.Float64, strict=False)
    if kind == "number":
        return first.alias(role)
    if kind in ("yes", "in"):
        return (
            pl.when(first.is_null())
            .then(None)
            .otherwise(first.is_in([float(c) for c in codes]))
            .alias(role)
        )
    if kind == "map":
        pairs = {float(code): value for code, value in codes}
        return first.replace_strict(pairs, default=None).alias(role)
    if kind == "any_in":
        answered = pl.any_horizontal(pl.col(v).is_not_null() for v in variables)
        hit = pl.any_horizontal(
            pl.col(v)
            .cast(pl.Float64, strict=False)
            .is_in([float(c) for c in codes])
            .fill_null(False)
            for v in variables
        )
        return pl.when(answered).then(hit).otherwise(None).alias(role)
    if kind == "all_in":
        answered = pl.all_horizontal(pl.col(v).is_not_null() for v in variables)
        every = pl.all_horizontal(
            pl.col(v).cast(pl.Float64, strict=False).is_in([float(c) for c in codes])
            for v in variables
        )
        return pl.when(answered).then(every).otherwise(None).alias(role)
    if kind == "months":
        year, month = (int(c) for c in codes)
        born_month = pl.col(variables[0]).cast(pl.Float64, strict=False)
        born_year = pl.col(variables[1]).cast(pl.Float64, strict=False)
        months: pl.Expr = pl.lit(year * 12 + month) - (born_year * 12 + born_month)
        return months.alias(role)
    raise InputError(f"mapping of {role}: unknown kind {kind!r}")


def kor_roles(frame: pl.DataFrame | pl.LazyFrame, mapping: Mapping = KOR_2023) -> pl.DataFrame:
    """``frame`` with a column per role of ``mapping`` whose variables it has.

    Roles whose variables are missing are left out (their statuses are then empty, see
    :func:`kor_statuses`); a role that already exists as a column is kept as it is (the
    ``welfare`` and ``poverty_line`` columns, mapped through the microdata profile).
    """
    lf = frame.lazy()
    present = set(lf.collect_schema().names())
    exprs = []
    for role, source in mapping.items():
        if role in present:
            continue
        expr = _expr(role, source, present)
        if expr is not None:
            exprs.append(expr)
    return lf.with_columns(exprs).collect()


def kor_statuses(
    frame: pl.DataFrame | pl.LazyFrame,
    mapping: Mapping = KOR_2023,
    *,
    welfare: str,
    poverty_line: str | None = None,
) -> pl.DataFrame:
    """The statuses of every catalogue indicator from a KOR/KP person file.

    ``welfare`` (per-capita expenditure) and ``poverty_line`` name the file's columns for
    them. An indicator whose variables the file lacks gets an empty status column.
    """
    lf = frame.lazy()
    names = lf.collect_schema().names()
    for column in (welfare, poverty_line):
        if column is not None and column not in names:
            raise InputError(f"the file has no column {column!r}")
    lf = lf.with_columns(pl.col(welfare).alias("welfare"))
    if poverty_line is not None:
        lf = lf.with_columns(pl.col(poverty_line).alias("poverty_line"))
    return derive_statuses(kor_roles(lf, mapping), skip_missing=True)
