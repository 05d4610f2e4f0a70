"""Reading and writing microdata files with DuckDB, pyarrow and pyreadstat.

Nothing here touches the database. A file is never loaded whole into Python objects:
CSV and Parquet are read by DuckDB, Stata and SPSS files by pyreadstat in chunks, and
every file is first turned into one Parquet file (``raw.parquet``) that the later steps
query with SQL.

CSV files are read with every column as text so that nothing is lost (region codes keep
their dots, phone numbers their leading zero); :func:`infer_text_types` then says which
columns are whole numbers or decimals.

>>> mask_value("3201012345670001")
'3201********0001'
>>> mask_value("Suparman")
'S*****'
>>> mask_value(None)
''
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sepakat.analytics import sources
from sepakat.analytics.errors import UnreadableFileError

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".dta": "dta",
    ".sav": "sav",
    ".zsav": "sav",
}
CHUNK_ROWS = 100_000
INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"}
    | {"UBIGINT", "UHUGEINT"}
)
FLOAT_TYPES = frozenset({"FLOAT", "DOUBLE", "REAL"})
# Column names that hold personal data, in Indonesian and English. Short words must be a
# whole part of the name ("nik" in "nik_krt", never in "teknik").
_PERSONAL_WORDS = frozenset(
    {"nik", "kk", "nokk", "nkk", "hp", "nohp", "telp", "tlp", "email", "npwp", "ktp"}
)
_PERSONAL_PARTS = (
    "nama",
    "name",
    "alamat",
    "address",
    "telepon",
    "telpon",
    "phone",
    "handphone",
    "ponsel",
)
NIK_PATTERN = r"^[1-9][0-9]{15}$"
# Susenas KOR and Regsosek files have a few hundred columns; a file with thousands is a
# wide export (one column per household member or per month) that the mapping page cannot
# serve, and reading it ties up a request for tens of seconds. Configurable with
# SEPAKAT_MICRODATA_MAX_COLUMNS.
MAX_COLUMNS = 1000
# The first bytes of files that are not CSV whatever their name says: a text PDF or an
# HTML page passes the "is it UTF-8 text" check and would reach the column mapping.
_NOT_CSV = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\xd0\xcf\x11\xe0", "Office"),
    (b"{\\rtf", "RTF"),
    (b"PAR1", "Parquet"),
    (b"<!doctype", "HTML"),
    (b"<html", "HTML"),
    (b"<?xml", "XML"),
    (b"<stata_dta>", "Stata"),
)


class FileUnreadable(Exception):
    """The file cannot be read as the format it claims, or holds no records.

    ``reason`` is one of :class:`sepakat.analytics.errors.UnreadableFileError`'s (the check
    is the one ``sepakat poverty`` runs), so the page can say it in the user's language;
    ``detail`` is the reader's own first line, when there is one (not translated).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(detail or reason)


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    label: str = ""
    raw_type: str = ""  # the type in raw.parquet when it differs (CSV: VARCHAR)

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "type": self.type,
            "label": self.label,
            "raw_type": self.raw_type,
        }


def quote(name: str) -> str:
    """A column name as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(spill_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if spill_dir is not None:
        con.execute(f"SET temp_directory = {literal(str(spill_dir))}")
    return con


def format_of(name: str) -> str | None:
    return FORMATS.get(Path(name).suffix.lower())


def to_raw_parquet(source: Path, file_format: str, raw: Path) -> list[ColumnInfo]:
    """Turn ``source`` into ``raw`` (Parquet) and describe its columns.

    ``source`` is named with the suffix of its format (``source.csv``...). It is first
    checked as ``sepakat poverty`` checks a file (its first and last bytes: a CSV that is
    binary or not UTF-8, a Parquet, Stata or SPSS file without its format's signature, a
    CSV with column names only); then a reader that fails says so through
    :class:`FileUnreadable` with reason ``"unreadable"``.
    """
    labels: dict[str, str] = {}
    try:
        sources.inspect_file(source)
    except UnreadableFileError as exc:
        raise FileUnreadable(exc.reason, exc.detail) from exc
    if file_format == "csv":
        with source.open("rb") as handle:
            head = handle.read(64).removeprefix(b"\xef\xbb\xbf").lstrip().lower()
        for signature, label in _NOT_CSV:
            if head.startswith(signature.lower()):
                raise FileUnreadable("wrong_format", label)
    count = column_count(source, file_format)
    if count > max_columns():
        raise FileUnreadable("too_many_columns", str(count))
    try:
        if file_format == "csv":
            with connect(raw.parent) as con:
                con.execute(
                    f"COPY (SELECT * FROM read_csv({literal(str(source))}, all_varchar = true, "
                    f"header = true, sample_size = -1)) TO {literal(str(raw))} "
                    "(FORMAT parquet, COMPRESSION zstd)"
                )
        elif file_format == "parquet":
            with pq.ParquetFile(source) as parquet:
                # every page decoded once, as a CSV is read whole: a corrupted page is
                # found now, not at the mapping step
                for _batch in parquet.iter_batches(batch_size=CHUNK_ROWS):
                    pass
            source.replace(raw)
        elif file_format in ("dta", "sav"):
            labels = _readstat_to_parquet(source, file_format, raw)
        else:
            raise FileUnreadable("unsupported", file_format)
    except FileUnreadable:
        raise
    except Exception as exc:  # every reader has its own exceptions; the user needs one message
        raise FileUnreadable("unreadable", sources.first_line(exc)) from exc
    columns = describe(raw)
    if file_format == "csv":
        columns = infer_text_types(raw, columns)
    return [ColumnInfo(c.name, c.type, labels.get(c.name, ""), c.raw_type) for c in columns]


def max_columns() -> int:
    from django.conf import settings

    return int(getattr(settings, "SEPAKAT_MICRODATA_MAX_COLUMNS", MAX_COLUMNS))


def column_count(source: Path, file_format: str) -> int:
    """The number of columns, read from the header or metadata only (fast on any file).

    0 when the header cannot be read: the full read that follows says what is wrong.
    """
    try:
        if file_format == "csv":
            with source.open("rb") as handle:
                line = handle.readline(8 * 1024 * 1024).decode("utf-8-sig", errors="replace")
            # the delimiter is not known yet: the one that splits the header most is it
            return max(
                len(next(csv.reader([line.rstrip("\r\n")], delimiter=d), []))
                for d in (",", ";", "\t", "|")
            )
        if file_format == "parquet":
            return len(pq.read_schema(source))
        if file_format in ("dta", "sav"):
            import pyreadstat

            reader = pyreadstat.read_dta if file_format == "dta" else pyreadstat.read_sav
            _frame, meta = reader(str(source), metadataonly=True)
            return len(meta.column_names)
    except Exception:  # every reader has its own exceptions; the full read reports them
        return 0
    return 0


def _readstat_to_parquet(source: Path, file_format: str, raw: Path) -> dict[str, str]:
    import pyreadstat

    reader = pyreadstat.read_dta if file_format == "dta" else pyreadstat.read_sav
    _empty, meta = reader(str(source), metadataonly=True)
    kinds: dict[str, str] = dict(meta.readstat_variable_types or {})
    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    try:
        for frame, _meta in pyreadstat.read_file_in_chunks(
            reader, str(source), chunksize=CHUNK_ROWS
        ):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if schema is None:
                schema = _stable_schema(table.schema, kinds)
                writer = pq.ParquetWriter(raw, schema, compression="zstd")
            assert writer is not None
            writer.write_table(table.cast(schema))
        if writer is None:
            # No rows: still a valid, empty file with the declared columns.
            fields = [
                pa.field(n, pa.string() if kinds.get(n) == "string" else pa.float64())
                for n in meta.column_names
            ]
            pq.write_table(pa.Table.from_pylist([], schema=pa.schema(fields)), raw)
    finally:
        if writer is not None:
            writer.close()
    return {k: v for k, v in (meta.column_names_to_labels or {}).items() if v}


def _stable_schema(schema: pa.Schema, kinds: dict[str, str]) -> pa.Schema:
    """One schema for every chunk: a column with no value in the first chunk has no type yet."""
    fields = []
    for field in schema:
        if kinds.get(field.name) == "string":
            fields.append(pa.field(field.name, pa.string()))
        elif pa.types.is_integer(field.type) or pa.types.is_floating(field.type):
            fields.append(pa.field(field.name, pa.float64()))
        elif pa.types.is_null(field.type):
            fields.append(pa.field(field.name, pa.float64()))
        else:
            fields.append(field)
    return pa.schema(fields)


def describe(path: Path) -> list[ColumnInfo]:
    with connect() as con:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({literal(str(path))})").fetchall()
    return [ColumnInfo(str(r[0]), str(r[1])) for r in rows]


def infer_text_types(path: Path, columns: Sequence[ColumnInfo]) -> list[ColumnInfo]:
    """For all-text columns: BIGINT or DOUBLE when every value is one, else VARCHAR.

    A column with a leading zero ("0812...") stays text: it is a code, not a number.
    """
    if not columns:
        return []
    parts = []
    for c in columns:
        q = quote(c.name)
        parts.append(
            f"bool_and({q} IS NULL OR regexp_full_match(trim({q}), '[+-]?[0-9]{{1,18}}')), "
            f"bool_and({q} IS NULL OR TRY_CAST(trim({q}) AS DOUBLE) IS NOT NULL), "
            f"bool_or(regexp_matches(trim({q}), '^[+-]?0[0-9]')), count({q})"
        )
    with connect() as con:
        row = con.execute(
            f"SELECT {', '.join(parts)} FROM read_parquet({literal(str(path))})"
        ).fetchone()
    assert row is not None
    result = []
    for index, c in enumerate(columns):
        is_int, is_float, leading_zero, count = row[index * 4 : index * 4 + 4]
        kind = "VARCHAR"
        if count and not leading_zero:
            kind = "BIGINT" if is_int else "DOUBLE" if is_float else "VARCHAR"
        result.append(ColumnInfo(c.name, kind, c.label, raw_type="VARCHAR"))
    return result


def stored_type(column: dict[str, str]) -> str:
    """The DuckDB type the column has in ``raw.parquet`` (CSV columns are all text there)."""
    return column.get("raw_type") or column["type"]


def as_text(name: str, column_type: str) -> str:
    """SQL giving the column as text; whole numbers without ``.0`` (codes read as numbers)."""
    q = quote(name)
    base = column_type.split("(")[0].upper()
    if base in FLOAT_TYPES or base.startswith("DECIMAL"):
        # NaN, infinities and huge values have no integer form: shown as DuckDB writes them
        return (
            f"CASE WHEN {q} IS NULL THEN NULL "
            f"WHEN isfinite({q}) AND abs({q}) < 1e18 AND {q} = trunc({q}) "
            f"THEN CAST(CAST({q} AS HUGEINT) AS VARCHAR) ELSE CAST({q} AS VARCHAR) END"
        )
    if base in INTEGER_TYPES:
        return f"CAST({q} AS VARCHAR)"
    return f"NULLIF(trim(CAST({q} AS VARCHAR)), '')"


def is_personal_name(name: str) -> bool:
    """Whether a column name says it holds personal data (NIK, KK, names, addresses, phone)."""
    lowered = name.lower()
    words = [w for w in re.split(r"[^a-z0-9]+", lowered) if w]
    stripped = {re.sub(r"\d+$", "", w) for w in words}
    if stripped & _PERSONAL_WORDS:
        return True
    joined = "".join(words)
    if joined.startswith(("nik", "nokk", "nohp", "notelp")):
        return True
    return any(part in lowered for part in _PERSONAL_PARTS)


def nik_like_columns(
    path: Path, columns: Sequence[dict[str, str]], sample_rows: int = 10_000
) -> set[str]:
    """Columns whose values mostly look like a 16-digit NIK, in the first rows."""
    candidates = [c for c in columns if not stored_type(c).upper().startswith(("DATE", "TIME"))]
    if not candidates:
        return set()
    parts = []
    for c in candidates:
        text = as_text(c["name"], stored_type(c))
        parts.append(
            f"count(*) FILTER (WHERE regexp_full_match({text}, '{NIK_PATTERN[1:-1]}')), "
            f"count({quote(c['name'])})"
        )
    with connect() as con:
        row = con.execute(
            f"SELECT {', '.join(parts)} FROM "
            f"(SELECT * FROM read_parquet({literal(str(path))}) LIMIT {int(sample_rows)})"
        ).fetchone()
    assert row is not None
    found = set()
    for index, c in enumerate(candidates):
        hits, count = row[index * 2], row[index * 2 + 1]
        if count and hits * 2 >= count:
            found.add(c["name"])
    return found


def first_values(path: Path, columns: Sequence[dict[str, str]]) -> dict[str, str]:
    """The first non-empty value of each column, as text (for a masked example)."""
    if not columns:
        return {}
    parts = ", ".join(
        f"first({as_text(c['name'], stored_type(c))}) FILTER "
        f"(WHERE {as_text(c['name'], stored_type(c))} IS NOT NULL)"
        for c in columns
    )
    with connect() as con:
        row = con.execute(
            f"SELECT {parts} FROM (SELECT * FROM read_parquet({literal(str(path))}) LIMIT 1000)"
        ).fetchone()
    assert row is not None
    return {c["name"]: "" if v is None else str(v) for c, v in zip(columns, row, strict=True)}


def row_count(path: Path) -> int:
    return int(pq.ParquetFile(path).metadata.num_rows)


def code_counts(path: Path, column: dict[str, str]) -> dict[str | None, int]:
    """How many rows carry each region code (as text; None for an empty cell)."""
    text = as_text(column["name"], stored_type(column))
    with connect() as con:
        rows = con.execute(
            f"SELECT {text} AS code, count(*) FROM read_parquet({literal(str(path))}) GROUP BY 1"
        ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


@dataclass(frozen=True)
class NumericProblem:
    column: str
    count: int
    examples: list[tuple[int, str]]  # (data row number, value)


def numeric_problems(
    path: Path, column: dict[str, str], condition: str, limit: int = 5
) -> NumericProblem | None:
    """Rows where ``condition`` holds; ``condition`` uses ``v`` (the value as DOUBLE) and ``t``."""
    q = quote(column["name"])
    text = as_text(column["name"], stored_type(column))
    source = (
        f"(SELECT file_row_number + 1 AS row_no, {text} AS t, TRY_CAST({q} AS DOUBLE) AS v "
        f"FROM read_parquet({literal(str(path))}, file_row_number = true))"
    )
    with connect() as con:
        count_row = con.execute(f"SELECT count(*) FROM {source} WHERE {condition}").fetchone()
        count = int(count_row[0]) if count_row else 0
        if not count:
            return None
        examples = con.execute(
            f"SELECT row_no, t FROM {source} WHERE {condition} ORDER BY row_no LIMIT {int(limit)}"
        ).fetchall()
    return NumericProblem(
        column["name"], count, [(int(r[0]), "" if r[1] is None else str(r[1])) for r in examples]
    )


def write_parts(
    *,
    raw: Path,
    columns: Sequence[dict[str, str]],
    personal: Iterable[str],
    region_column: dict[str, str],
    code_map: dict[str, str],
    row_id: str,
    kemendagri_column: str,
    analysis_path: Path,
    personal_path: Path | None,
) -> int:
    """Write the analysis file (typed columns, row id, Kemendagri code) and the personal file.

    Returns the number of rows written.
    """
    personal_set = set(personal)
    analysis_cols = [c for c in columns if c["name"] not in personal_set]
    personal_cols = [c for c in columns if c["name"] in personal_set]
    select_analysis = [f"file_row_number + 1 AS {quote(row_id)}"]
    for c in analysis_cols:
        if c.get("raw_type") == "VARCHAR" and c["type"] != "VARCHAR":
            select_analysis.append(
                f"CAST(trim({quote(c['name'])}) AS {c['type']}) AS {quote(c['name'])}"
            )
        else:
            select_analysis.append(quote(c["name"]))
    region_text = as_text(region_column["name"], stored_type(region_column))
    select_analysis.append(f"{region_text} AS sepakat_region_text")
    with connect(analysis_path.parent) as con:
        codes = pa.table(
            {"raw_code": list(code_map.keys()), "kemendagri": list(code_map.values())},
            schema=pa.schema([("raw_code", pa.string()), ("kemendagri", pa.string())]),
        )
        con.register("code_map", codes)
        con.execute(
            "CREATE TEMP VIEW src AS SELECT "
            + ", ".join(select_analysis)
            + f" FROM read_parquet({literal(str(raw))}, file_row_number = true)"
        )
        con.execute(
            f"COPY (SELECT src.* EXCLUDE (sepakat_region_text), code_map.kemendagri AS "
            f"{quote(kemendagri_column)} FROM src LEFT JOIN code_map "
            f"ON src.sepakat_region_text = code_map.raw_code ORDER BY {quote(row_id)}) "
            f"TO {literal(str(analysis_path))} (FORMAT parquet, COMPRESSION zstd)"
        )
        if personal_path is not None and personal_cols:
            select_personal = [f"file_row_number + 1 AS {quote(row_id)}"] + [
                f"{as_text(c['name'], stored_type(c))} AS {quote(c['name'])}" for c in personal_cols
            ]
            con.execute(
                f"COPY (SELECT {', '.join(select_personal)} FROM "
                f"read_parquet({literal(str(raw))}, file_row_number = true) "
                f"ORDER BY {quote(row_id)}) TO {literal(str(personal_path))} "
                "(FORMAT parquet, COMPRESSION zstd)"
            )
    return row_count(analysis_path)


def _joined_query(
    analysis_path: Path, personal_path: Path | None, row_id: str, limit: int | None
) -> str:
    """Analysis columns then personal ones, joined on the row id, in file order.

    Files registered without a row id (the demo files) have no personal part: they are
    read as they are.
    """
    analysis = f"read_parquet({literal(str(analysis_path))})"
    cap = f" LIMIT {int(limit)}" if limit is not None else ""
    if row_id not in pq.read_schema(analysis_path).names:
        return f"SELECT * FROM {analysis}{cap}"
    r = quote(row_id)
    if personal_path is not None and personal_path.exists():
        return (
            f"SELECT a.*, p.* EXCLUDE ({r}) FROM (SELECT * FROM {analysis} ORDER BY {r}{cap}) a "
            f"LEFT JOIN read_parquet({literal(str(personal_path))}) p ON a.{r} = p.{r} "
            f"ORDER BY a.{r}"
        )
    return f"SELECT * FROM {analysis} ORDER BY {r}{cap}"


def read_rows(
    analysis_path: Path, personal_path: Path | None, row_id: str, limit: int
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The first ``limit`` rows, analysis columns then personal ones (unmasked: mask them)."""
    with connect() as con:
        relation = con.execute(_joined_query(analysis_path, personal_path, row_id, limit))
        headers = [d[0] for d in relation.description or []]
        rows = relation.fetchall()
    return headers, rows


def export_csv(analysis_path: Path, personal_path: Path | None, row_id: str, target: Path) -> int:
    """Analysis and personal columns joined by row id, as CSV; returns the row count."""
    query = _joined_query(analysis_path, personal_path, row_id, None)
    with connect(target.parent) as con:
        con.execute(f"COPY ({query}) TO {literal(str(target))} (HEADER, DELIMITER ',')")
    return row_count(analysis_path)


def mask_value(value: Any) -> str:
    """Hide personal data: a NIK keeps its first and last four digits, a name its initial."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return ""
    compact = text.replace(" ", "").replace("-", "")
    if compact.isdigit():
        if len(compact) >= 8:
            return compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
        return "*" * max(len(compact) - 2, 1) + compact[-2:] if len(compact) > 2 else "**"
    return text[0] + "*****"
