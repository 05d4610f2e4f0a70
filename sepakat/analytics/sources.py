"""Inputs: any supported frame or file, as a Narwhals lazy frame on the chosen engine.

Engines
-------
``duckdb`` (default, embedded), ``polars``, ``pandas`` and ``spark``. Frames of any of
DuckDB, Polars (eager or lazy), pandas, PyArrow and PySpark are accepted; files are read by
suffix: ``.csv``, ``.parquet``/``.pq``, Stata ``.dta``, SPSS ``.sav``/``.zsav``, ``.xlsx``.

CSV and Parquet stream from disk on DuckDB, Polars (``scan_*``) and Spark; only the
requested columns are read. Stata, SPSS and Excel files are read (requested columns only)
into an Arrow table first: those formats have no streaming reader here.

Group keys are read as text, never as numbers, so that region codes like ``32.01`` keep
their form. In a CSV every column that is not a number of the request (group keys,
strata, PSUs) is read as text on every engine, and only an empty cell is missing: a
stratum labelled ``NaN`` or ``NA`` is a label there, as it is on Spark.

Before an engine opens a file, :func:`inspect_file` checks, from its first and last bytes
only, that it is a file of the format its suffix names; a file that is not, or that holds
no records, raises :class:`~sepakat.analytics.errors.UnreadableFileError` saying why. The
web upload of microdata runs the same check.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import narwhals as nw

# The workbook guard is a pure module (standard library only), so the library stays free
# of Django while refusing the same hostile workbooks as the web uploads.
from sepakat.core.xlsx_guard import UnsafeXlsx, check_xlsx

from .errors import AnalyticsError, InputError, UnreadableFileError

ENGINES = ("duckdb", "polars", "pandas", "spark")
ROW_ID = "__sepakat_row"
FILE_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".dta": "stata",
    ".sav": "spss",
    ".zsav": "spss",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
}
"""The format each file suffix names."""
FORMAT_NAMES = {
    "csv": "CSV",
    "parquet": "Parquet",
    "stata": "Stata .dta",
    "spss": "SPSS .sav",
    "excel": "Excel",
}
_HEAD_BYTES = 64 * 1024
# Stata's binary formats before 117 open with their version (102-115) and a byte order
# (1 or 2); 117 and later with an XML-like tag.
_STATA_VERSIONS = frozenset({102, 103, 104, 105, 108, 110, 111, 113, 114, 115})


def _module_name(obj: object) -> str:
    return type(obj).__module__.split(".")[0]


def native_engine(data: object) -> str | None:
    """The engine that a native frame belongs to, or ``None`` for paths and others."""
    mod = _module_name(data)
    if mod == "duckdb" or mod == "_duckdb":
        return "duckdb"
    if mod == "pyspark":
        return "spark"
    if mod == "polars":
        return "polars"
    if mod == "pandas":
        return "pandas"
    if mod == "pyarrow":
        return "pyarrow"
    if isinstance(data, nw.DataFrame | nw.LazyFrame):
        return native_engine(data.to_native())
    return None


def resolve_engine(data: object, engine: str | None) -> str:
    """Pick the engine: the caller's, else Spark for Spark frames, else DuckDB."""
    own = native_engine(data)
    if engine is None or engine == "auto":
        return "spark" if own == "spark" else "duckdb"
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if own == "spark" and engine != "spark":
        raise InputError("a Spark DataFrame can only be computed with engine='spark'")
    return engine


def _check_columns(available: Iterable[str], wanted: Sequence[str], source: str) -> None:
    have = list(available)
    for col in wanted:
        if col not in have:
            shown = ", ".join(have[:30])
            raise InputError(
                f"column {col!r} not found in {source}; available columns: {shown}",
                column=col,
            )


def unreadable(
    path: Path, reason: str, file_format: str = "", detail: str = ""
) -> UnreadableFileError:
    """The error for a file that cannot be read (``reason`` as in
    :class:`~sepakat.analytics.errors.UnreadableFileError`), with a one-line message."""
    name = path.name
    kind = FORMAT_NAMES.get(file_format, file_format)
    messages = {
        "not_found": f"file not found: {path}",
        "directory": f"{path} is a folder, not a file: give the path of a data file",
        "unsupported": f"{name}: unsupported file type {path.suffix.lower()!r}; "
        "use CSV, Parquet, .dta, .sav or .xlsx",
        "empty": f"{name} is empty: it has no column names and no records",
        "no_records": f"{name} has column names but no records",
        "binary": f"{name} is not a CSV text file: it holds binary data; "
        "check that its suffix matches its format",
        "encoding": f"{name} is not UTF-8 text; save it as CSV UTF-8",
        "wrong_format": f"{name} is not in {kind} format; "
        "check that the file is whole and that its suffix matches its format",
        "unreadable": f"{name} cannot be read as {kind}: {detail}",
        "bomb": f"{name} inflates to {detail} bytes when unpacked (a zip bomb); "
        "it was refused unopened: save it again from Excel or LibreOffice",
        "entities": f"{name} holds an XML entity declaration (DOCTYPE) that Excel never "
        "writes; it was refused unopened: save it again from Excel or LibreOffice",
    }
    return UnreadableFileError(
        messages[reason],
        reason=reason,
        file_name=name,
        file_format=file_format,
        detail=detail,
    )


def first_line(exc: BaseException, limit: int = 300) -> str:
    """The first line of a reader's error message (they write several), at most ``limit``
    characters; DuckDB's CSV errors keep the line that says what is wrong."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    if "CSV Error on Line" in text:
        rest = [line for line in lines[1:] if not line.startswith("Original Line")]
        if rest:
            text = f"{text}: {rest[0]}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Errors that the engines raise when the content of a file is bad (a value that does not
# convert, a ragged CSV row, a corrupted Parquet page), found only when the query runs.
_READ_ERRORS = {
    "duckdb": {"Error", "ConversionException", "InvalidInputException", "IOException"},
    "polars": {"ComputeError"},
    "narwhals": {"ComputeError"},
    "pyarrow": {"ArrowInvalid", "ArrowIOError"},
}
_SPARK_READ_ERROR = "FAILED_READ_FILE"  # Spark's error class for a file it cannot read


@contextmanager
def reading(data: object) -> Iterator[None]:
    """Run the queries over ``data``: when it is a file whose content the engine cannot
    read, raise :class:`~sepakat.analytics.errors.UnreadableFileError` instead of the
    engine's error. Other inputs and other errors pass through."""
    try:
        yield
    except AnalyticsError:
        raise
    except Exception as exc:
        if not isinstance(data, str | os.PathLike):
            raise
        module = type(exc).__module__.split(".")[0].lstrip("_")
        if module in ("py4j", "pyspark") and _SPARK_READ_ERROR in str(exc):
            detail = _spark_cause(str(exc))
        elif type(exc).__name__ in _READ_ERRORS.get(module, ()):
            detail = first_line(exc)
        else:
            raise
        path = Path(os.fspath(data))
        file_format = FILE_FORMATS.get(path.suffix.lower(), "")
        raise unreadable(path, "unreadable", file_format, detail) from exc


def _spark_cause(text: str, limit: int = 300) -> str:
    """The cause under Spark's read error (its Java stack trace says it on a line of its
    own: ``Caused by: java.io.IOException: ...``), without the exception's class."""
    lines = [line.strip() for line in text.splitlines()]
    causes = [
        line.removeprefix("Caused by:").strip() for line in lines if line.startswith("Caused by:")
    ]
    after = [c for c in causes if _SPARK_READ_ERROR not in c]
    cause = after[0] if after else _SPARK_READ_ERROR
    cause = cause.split(": ", 1)[1] if ": " in cause else cause
    return cause if len(cause) <= limit else cause[: limit - 3] + "..."


def inspect_file(path: Path) -> str:
    """Check that ``path`` is a file of the format its suffix names and return that
    format (``"csv"``, ``"parquet"``, ``"stata"``, ``"spss"`` or ``"excel"``).

    Only the first 64 KiB and the last bytes are read, so the check costs nothing on a
    large file: a CSV must be UTF-8 text (no NUL byte) with a record after its column
    names; Parquet must begin and end with ``PAR1``; Stata, SPSS and Excel files must
    begin with their format's signature. Raises
    :class:`~sepakat.analytics.errors.UnreadableFileError`.
    """
    if not path.exists():
        raise unreadable(path, "not_found")
    if path.is_dir():
        raise unreadable(path, "directory")
    file_format = FILE_FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise unreadable(path, "unsupported")
    size = path.stat().st_size
    if size == 0:
        raise unreadable(path, "empty", file_format)
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
        tail = head[-4:]
        if size > len(head):
            handle.seek(-4, os.SEEK_END)
            tail = handle.read(4)
    if file_format == "csv":
        _inspect_csv(path, head, whole=size <= len(head))
    elif file_format == "parquet":
        if size < 12 or head[:4] != b"PAR1" or tail not in (b"PAR1", b"PARE"):
            raise unreadable(path, "wrong_format", file_format)
    elif not _has_signature(file_format, path.suffix.lower(), head):
        raise unreadable(path, "wrong_format", file_format)
    elif file_format == "excel" and path.suffix.lower() != ".xls":
        # An .xlsx/.xlsm is a zip of XML parts: a bomb or a DTD is refused before calamine.
        try:
            check_xlsx(path)
        except UnsafeXlsx as exc:
            reason = "wrong_format" if exc.kind == "damaged" else exc.kind
            raise unreadable(path, reason, file_format, str(exc.unpacked or "")) from exc
    return file_format


def _inspect_csv(path: Path, head: bytes, *, whole: bool) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Excel's "Unicode text"
        raise unreadable(path, "encoding", "csv")
    if b"\x00" in head:
        raise unreadable(path, "binary", "csv")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a character cut at the end of the first 64 KiB is not an error
        if whole or exc.start < len(head) - 3:
            raise unreadable(path, "encoding", "csv") from exc
    if not whole:
        return
    lines = [line for line in head.removeprefix(b"\xef\xbb\xbf").splitlines() if line.strip()]
    if not lines:
        raise unreadable(path, "empty", "csv")
    if len(lines) == 1:
        raise unreadable(path, "no_records", "csv")


def _has_signature(file_format: str, suffix: str, head: bytes) -> bool:
    if file_format == "stata":
        return head.startswith(b"<stata_dta>") or (
            len(head) > 1 and head[0] in _STATA_VERSIONS and head[1] in (1, 2)
        )
    if file_format == "spss":
        return head.startswith((b"$FL2", b"$FL3"))
    if suffix == ".xls":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # OLE2 workbook
    return head.startswith(b"PK\x03\x04")  # xlsx and xlsm are zip archives


def _read_stats_file(path: Path, file_format: str, columns: Sequence[str]) -> Any:
    """Read Stata, SPSS or Excel columns into a pyarrow Table (a reader's error becomes
    an ``"unreadable"`` file in :func:`load`)."""
    import pyarrow as pa

    if file_format in ("stata", "spss"):
        import pyreadstat

        reader = pyreadstat.read_dta if file_format == "stata" else pyreadstat.read_sav
        _, meta = reader(str(path), metadataonly=True)
        _check_columns(meta.column_names, columns, path.name)
        frame, _ = reader(str(path), usecols=list(columns), output_format="polars")
        if frame.height == 0:
            raise unreadable(path, "no_records", file_format)
        return frame.to_arrow()
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python()
    if not any(any(v not in ("", None) for v in row) for row in rows):
        raise UnreadableFileError(
            f"{path.name}: the first sheet is empty",
            reason="empty",
            file_name=path.name,
            file_format=file_format,
        )
    if not any(any(v not in ("", None) for v in row) for row in rows[1:]):
        raise unreadable(path, "no_records", file_format)
    header = [str(h) for h in rows[0]]
    _check_columns(header, columns, f"{path.name} (first sheet)")
    idx = {name: header.index(name) for name in columns}
    data: dict[str, list[Any]] = {}
    for name in columns:
        values = [r[idx[name]] if idx[name] < len(r) else None for r in rows[1:]]
        data[name] = [None if v == "" else v for v in values]
    return pa.table({k: pa.array(v, from_pandas=True) for k, v in _coerce_excel(data).items()})


def _coerce_excel(data: dict[str, list[Any]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name, values in data.items():
        kinds = {type(v) for v in values if v is not None}
        if kinds and kinds <= {int, float, bool}:
            out[name] = [None if v is None else float(v) for v in values]
        else:
            out[name] = [None if v is None else _excel_text(v) for v in values]
    return out


def _excel_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def load(
    data: object,
    *,
    engine: str,
    columns: Sequence[str],
    text_columns: Sequence[str] = (),
    numeric_columns: Sequence[str] = (),
    row_index: bool = False,
    spark: Any = None,
) -> nw.LazyFrame[Any]:
    """Return the requested ``columns`` of ``data`` as a lazy frame on ``engine``.

    ``text_columns`` are cast to strings. With ``row_index`` a one-based column
    ``__sepakat_row`` numbers the records in file or frame order (engines without an
    order number them as they come).
    """
    columns = list(dict.fromkeys(columns))
    text = [c for c in dict.fromkeys(text_columns) if c in columns]
    if isinstance(data, str | os.PathLike):
        path = Path(os.fspath(data))
        file_format = inspect_file(path)
        try:
            native = _open_path(
                path, file_format, engine, columns, text, list(numeric_columns), spark
            )
            lf = _lazy(native)
            names = lf.collect_schema().names()
        except (AnalyticsError, MemoryError):
            raise
        except Exception as exc:  # every reader has its own errors; the user needs one
            raise unreadable(path, "unreadable", file_format, first_line(exc)) from exc
    else:
        if isinstance(data, nw.DataFrame | nw.LazyFrame):
            data = data.to_native()
        native = _convert_native(data, engine, spark)
        lf = _lazy(native)
        names = lf.collect_schema().names()
    _check_columns(names, columns, "the input table")
    lf = lf.select(*columns)
    if text:
        lf = lf.with_columns(*(nw.col(c).cast(nw.String) for c in text))
    if row_index:
        lf = _add_row_index(lf, engine)
    return lf


def _add_row_index(lf: nw.LazyFrame[Any], engine: str) -> nw.LazyFrame[Any]:
    native: Any = lf.to_native()
    out: Any
    if engine == "duckdb":
        out = native.project(f'*, row_number() OVER () AS "{ROW_ID}"')
    elif engine == "polars":
        out = native.with_row_index(ROW_ID, offset=1)
    elif engine == "pandas":
        out = native.reset_index(drop=True)
        out[ROW_ID] = range(1, len(out) + 1)
    else:
        from pyspark.sql import functions as F

        out = native.withColumn(ROW_ID, F.monotonically_increasing_id() + 1)
    return _lazy(out)


def _lazy(native: Any) -> nw.LazyFrame[Any]:
    frame: nw.LazyFrame[Any] = nw.from_native(native).lazy()
    return frame


def _open_path(
    path: Path,
    file_format: str,
    engine: str,
    columns: Sequence[str],
    text: Sequence[str],
    numeric: Sequence[str],
    spark: Any,
) -> Any:
    if file_format not in ("csv", "parquet"):
        return _convert_native(_read_stats_file(path, file_format, columns), engine, spark)
    if file_format == "csv":
        # Every column that is not a number of the request is a label (group key,
        # stratum, PSU): text on every engine, missing only when empty, as Spark reads it.
        text = [c for c in columns if c not in numeric]
    if engine == "duckdb":
        con = duckdb_connection()
        if file_format == "csv":
            header = con.read_csv(str(path)).columns
            _check_columns(header, columns, path.name)
            return con.read_csv(str(path), dtype={c: "VARCHAR" for c in text})
        return con.read_parquet(str(path))
    if engine == "polars":
        import polars as pl

        if file_format == "csv":
            return pl.scan_csv(
                path, schema_overrides={c: pl.Utf8 for c in text}, infer_schema_length=10000
            )
        return pl.scan_parquet(path)
    if engine == "pandas":
        import pandas as pd

        if file_format == "csv":
            header = list(pd.read_csv(path, nrows=0).columns)
            _check_columns(header, columns, path.name)
            # only an empty cell is missing, as on the other engines: "NA" is a label in a
            # text column and makes a number column non-numeric (reported with its rows)
            return pd.read_csv(
                path,
                usecols=list(columns),
                dtype={c: str for c in text},
                keep_default_na=False,
                na_values={c: [""] for c in columns},
            )
        return pd.read_parquet(path, columns=list(columns))
    session = spark or spark_session()
    if file_format == "csv":
        # An explicit schema: numbers as doubles (a value that does not parse becomes
        # missing and is reported), everything else as text, so a code like 32.10 is never
        # turned into 32.1.
        from pyspark.sql import types as T

        header = session.read.csv(str(path), header=True, inferSchema=False).columns
        _check_columns(header, columns, path.name)
        schema = T.StructType(
            [
                T.StructField(c, T.DoubleType() if c in numeric else T.StringType(), True)
                for c in header
            ]
        )
        return session.read.csv(str(path), header=True, schema=schema, mode="PERMISSIVE")
    return session.read.parquet(str(path))


def _convert_native(data: Any, engine: str, spark: Any) -> Any:
    own = native_engine(data)
    if own is None:
        raise InputError(
            f"unsupported input of type {type(data).__name__}: pass a DuckDB relation, a "
            "Polars, pandas, PyArrow or Spark frame, or a file path"
        )
    if own == engine:
        return data
    if own == "spark":
        raise InputError("a Spark DataFrame can only be computed with engine='spark'")
    table = _to_arrow(data, own)
    if engine == "duckdb":
        return duckdb_connection().from_arrow(table)
    if engine == "polars":
        import polars as pl

        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame.lazy()
    if engine == "pandas":
        return table.to_pandas()
    session = spark or spark_session()
    return session.createDataFrame(table.to_pandas())


def _to_arrow(data: Any, own: str) -> Any:
    if own == "pyarrow":
        return data
    if own == "duckdb":
        return data.to_arrow_table()
    if own == "polars":
        import polars as pl

        if isinstance(data, pl.LazyFrame):
            data = data.collect()
        return data.to_arrow()
    import pyarrow as pa

    return pa.Table.from_pandas(data, preserve_index=False)


_LOCAL = threading.local()


def duckdb_connection() -> Any:
    """An in-memory DuckDB connection of this thread (one per thread: safe across threads;
    opening one costs about 15 ms, so a thread keeps its own)."""
    import duckdb

    threads = os.environ.get("SEPAKAT_DUCKDB_THREADS")
    cached = getattr(_LOCAL, "duckdb", None)
    if cached is not None and cached[1] == threads:
        return cached[0]
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    _LOCAL.duckdb = (con, threads)
    return con


def spark_session() -> Any:
    """The active Spark session, or a local one (``local[*]``, loopback address)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    return (
        SparkSession.builder.master("local[*]")
        .appName("sepakat-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
