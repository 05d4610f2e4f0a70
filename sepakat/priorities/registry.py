"""What the registry (DTKS/Regsosek/DTSEN-like household file) says about one problem.

The household file carries, per household, its desa (Kemendagri code), its national welfare
decile 1-10 and, for each prioritisation indicator that makes sense for a household, the
column ``status_<code>``: 1 achieved, 0 not (the household is *deprived* on the problem),
empty when the household is outside the reference population (no child of school age...).
DuckDB reads the Parquet file and returns aggregates only; household records come into
Python only for the by-name list of one desa (:func:`deprived_households`).

Optionally the file has ``alasan_<code>``: the reason a deprived household gives (not in
school because of cost, distance, work...), counted among deprived households.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.core.cache import cache

from sepakat.datahub.microdata import analysis_path, personal_path
from sepakat.datahub.models import MicrodataFile, MicrodataKind
from sepakat.regions.models import NATIONAL_CODE, Level, Region

# Cells with fewer households than this are not shown as shares (as the decile profile).
MIN_HOUSEHOLDS = 5
# The social-assistance target group: welfare deciles 1-4 (the "40 % terbawah").
BOTTOM_DECILES = 4


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(path: Path) -> str:
    return "read_parquet('" + str(path).replace("'", "''") + "')"


def covering_codes(region: Region) -> list[str]:
    """The codes of the region, of every region above it and of the nation."""
    parts = region.code.split(".")
    return [NATIONAL_CODE, *(".".join(parts[: i + 1]) for i in range(len(parts)))]


def file_for(region: Region, kind: str, year: int | None = None) -> MicrodataFile | None:
    """The latest file of ``kind`` that covers ``region`` (the region's own, a region's above
    it, or the nation's), of ``year`` when given. Only the region's own rows are read from
    it, so a kab/kota uses the province's file as the analysis module does."""
    qs = MicrodataFile.objects.filter(kind=kind, region__code__in=covering_codes(region))
    if year is not None:
        qs = qs.filter(period__startswith=str(year))
    files = qs.select_related("region", "manifest").order_by("-period", "-pk")
    if kind == MicrodataKind.SURVEY:
        # Only person files: the priority score is computed over persons.
        return next((f for f in files if (f.columns or {}).get("person_id")), None)
    return files.first()


def years_of(region: Region, kind: str) -> list[int]:
    periods = MicrodataFile.objects.filter(
        kind=kind, region__code__in=covering_codes(region)
    ).values_list("period", flat=True)
    return sorted({int(p[:4]) for p in periods if p[:4].isdigit()}, reverse=True)


def _columns(path: Path) -> set[str]:
    con = duckdb.connect()
    try:
        return {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_source(path)}").fetchall()}
    finally:
        con.close()


def _inside(code_col: str, region: Region) -> tuple[str, list[Any]]:
    if region.level == Level.NATIONAL:
        return "TRUE", []
    return f"CAST({_quote(code_col)} AS VARCHAR) LIKE ?", [region.code + ".%"]


@dataclass(frozen=True)
class RegistryColumns:
    """The registry's columns for one problem; ``status`` is None when the file lacks it."""

    code: str
    decile: str
    status: str | None
    size: str | None
    household_id: str | None
    reason: str | None


def columns_for(file: MicrodataFile, status_column: str) -> RegistryColumns:
    mapping = file.columns or {}
    present = _columns(analysis_path(file))
    reason = "alasan_" + status_column.removeprefix("status_")
    return RegistryColumns(
        code=mapping.get("region_code", ""),
        decile=mapping.get("decile", ""),
        status=status_column if status_column in present else None,
        size=mapping.get("size") if mapping.get("size") in present else None,
        household_id=mapping.get("household_id")
        if mapping.get("household_id") in present
        else None,
        reason=reason if reason in present else None,
    )


def desa_counts(
    file: MicrodataFile, region: Region, cols: RegistryColumns
) -> dict[str, dict[str, Any]]:
    """Per desa of ``region``: households in the reference population (``households``), of
    them deprived (``deprived``, status 0), and the persons of deprived households
    (``deprived_persons``, when the file has the household size)."""
    assert cols.status is not None
    s = f"CAST({_quote(cols.status)} AS DOUBLE)"
    persons = (
        f"sum(CASE WHEN {s} = 0 THEN CAST({_quote(cols.size)} AS DOUBLE) END)"
        if cols.size
        else "NULL"
    )
    where, params = _inside(cols.code, region)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT CAST({_quote(cols.code)} AS VARCHAR), count({s}), "
            f"count(*) FILTER (WHERE {s} = 0), {persons} "
            f"FROM {_source(analysis_path(file))} WHERE {where} GROUP BY 1",
            params,
        ).fetchall()
    finally:
        con.close()
    return {
        str(code): {
            "households": int(n),
            "deprived": int(dep),
            "deprived_persons": None if persons_dep is None else float(persons_dep),
        }
        for code, n, dep, persons_dep in rows
        if n
    }


def decile_counts(
    file: MicrodataFile, region: Region, cols: RegistryColumns
) -> dict[int, tuple[int, int]]:
    """Per welfare decile 1-10: (households in the reference population, of them achieved)."""
    assert cols.status is not None
    s = f"CAST({_quote(cols.status)} AS DOUBLE)"
    d = f"CAST({_quote(cols.decile)} AS INTEGER)"
    where, params = _inside(cols.code, region)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT {d}, count({s}), count(*) FILTER (WHERE {s} = 1) "
            f"FROM {_source(analysis_path(file))} WHERE {where} AND {d} BETWEEN 1 AND 10 "
            "GROUP BY 1 ORDER BY 1",
            params,
        ).fetchall()
    finally:
        con.close()
    return {int(dec): (int(n), int(ach)) for dec, n, ach in rows}


def bottom_decile_households(
    region: Region, deciles: int = BOTTOM_DECILES
) -> tuple[int, MicrodataFile] | None:
    """How many households of ``region`` the latest registry file puts in welfare deciles
    1-4 (the social-assistance target group a plan names; the budget's spending per poorest
    household asks for 1-2 with ``deciles=2``), with that file; None without a registry
    file or its decile column.

    A registry file is never changed in place (a new delivery is a new file), so the count
    is kept in the cache under the file and region: the plan form asks for it on every
    visit and the scan of a province's file is the slowest part of that page."""
    file = file_for(region, MicrodataKind.REGISTRY)
    if file is None:
        return None
    path = analysis_path(file)
    if not path.exists():
        return None
    # the file's time stamp too: a test or a restore may reuse a row's id for other content
    key = (
        f"registry-bottom{deciles}:{file.pk}:{file.sha256}:{path.stat().st_mtime_ns}:{region.code}"
    )
    cached = cache.get(key)
    if cached is not None:
        return (cached, file) if cached >= 0 else None
    mapping = file.columns or {}
    code, decile = mapping.get("region_code", ""), mapping.get("decile", "")
    count = -1
    if code and decile and decile in _columns(path):
        where, params = _inside(code, region)
        con = duckdb.connect()
        try:
            row = con.execute(
                f"SELECT count(*) FROM {_source(path)} WHERE {where} AND "
                f"CAST({_quote(decile)} AS INTEGER) BETWEEN 1 AND {int(deciles)}",
                params,
            ).fetchone()
        finally:
            con.close()
        count = int(row[0]) if row else 0
    cache.set(key, count, timeout=24 * 3600)
    return (count, file) if count >= 0 else None


def reason_counts(
    file: MicrodataFile, region: Region, cols: RegistryColumns
) -> list[tuple[str, int]]:
    """The reasons deprived households give, most frequent first."""
    if cols.reason is None or cols.status is None:
        return []
    s = f"CAST({_quote(cols.status)} AS DOUBLE)"
    r = _quote(cols.reason)
    where, params = _inside(cols.code, region)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT CAST({r} AS VARCHAR), count(*) FROM {_source(analysis_path(file))} "
            f"WHERE {where} AND {s} = 0 AND {r} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        ).fetchall()
    finally:
        con.close()
    return [(str(reason), int(n)) for reason, n in rows]


@dataclass
class Household:
    row_id: Any
    household_id: str
    decile: int | None
    size: float | None
    personal: dict[str, Any]


def deprived_households(
    file: MicrodataFile, desa: Region, cols: RegistryColumns, *, with_personal: bool
) -> list[Household]:
    """The deprived households of one desa, poorest decile first; their personal columns
    (names, NIK, address) only when ``with_personal`` and the file has a personal part."""
    assert cols.status is not None
    manifest = getattr(file, "manifest", None)
    row_id = manifest.row_id_column if manifest is not None else "sepakat_row_id"
    s = f"CAST({_quote(cols.status)} AS DOUBLE)"
    hh = f"CAST({_quote(cols.household_id)} AS VARCHAR)" if cols.household_id else "NULL"
    size = f"CAST({_quote(cols.size)} AS DOUBLE)" if cols.size else "NULL"
    personal_file = personal_path(file) if with_personal else None
    personal_cols = [c for c in (file.personal_columns or [])] if personal_file else []
    con = duckdb.connect()
    try:
        # A file placed in the data directory without the upload (the demo's registry is
        # written so) has no row id: its households are listed, with no personal part.
        names = {
            r[0]
            for r in con.sql(f"DESCRIBE SELECT * FROM {_source(analysis_path(file))}").fetchall()
        }
        has_row_id = row_id in names
        select = [
            f"a.{_quote(row_id)}" if has_row_id else "NULL",
            hh,
            f"CAST(a.{_quote(cols.decile)} AS INTEGER)",
            size,
        ]
        join = ""
        if has_row_id and personal_file is not None and personal_file.is_file():
            select += [f"CAST(p.{_quote(c)} AS VARCHAR)" for c in personal_cols]
            join = f" LEFT JOIN {_source(personal_file)} p USING ({_quote(row_id)})"
        else:
            personal_cols = []
        rows = con.execute(
            f"SELECT {', '.join(select)} FROM {_source(analysis_path(file))} a{join} "
            f"WHERE CAST(a.{_quote(cols.code)} AS VARCHAR) = ? AND {s} = 0 "
            f"ORDER BY 3 NULLS LAST, 2",
            [desa.code],
        ).fetchall()
    finally:
        con.close()
    return [
        Household(
            row_id=r[0],
            household_id="" if r[1] is None else str(r[1]),
            decile=r[2],
            size=r[3],
            personal=dict(zip(personal_cols, r[4:], strict=True)),
        )
        for r in rows
    ]
