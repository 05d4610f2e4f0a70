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
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import narwhals as nw

from .errors import InputError

ENGINES = ("duckdb", "polars", "pandas", "spark")
ROW_ID = "__sepakat_row"
_STATS_SUFFIXES = {".dta", ".sav", ".zsav", ".xlsx", ".xlsm", ".xls"}


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


def _read_stats_file(path: Path, columns: Sequence[str]) -> Any:
    """Read Stata, SPSS or Excel columns into a pyarrow Table."""
    import pyarrow as pa

    suffix = path.suffix.lower()
    if suffix in {".dta", ".sav", ".zsav"}:
        import pyreadstat

        reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
        _, meta = reader(str(path), metadataonly=True)
        _check_columns(meta.column_names, columns, path.name)
        frame, _ = reader(str(path), usecols=list(columns), output_format="polars")
        return frame.to_arrow()
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sheet.to_python()
    if not rows:
        raise InputError(f"{path.name}: the first sheet is empty")
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
        native = _open_path(
            Path(os.fspath(data)), engine, columns, text, list(numeric_columns), spark
        )
    else:
        if isinstance(data, nw.DataFrame | nw.LazyFrame):
            data = data.to_native()
        native = _convert_native(data, engine, spark)
    lf = _lazy(native)
    _check_columns(lf.collect_schema().names(), columns, "the input table")
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
    engine: str,
    columns: Sequence[str],
    text: Sequence[str],
    numeric: Sequence[str],
    spark: Any,
) -> Any:
    if not path.exists():
        raise InputError(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in _STATS_SUFFIXES:
        return _convert_native(_read_stats_file(path, columns), engine, spark)
    if suffix not in {".csv", ".txt", ".tsv", ".parquet", ".pq"}:
        raise InputError(
            f"{path.name}: unsupported file type {suffix!r}; use CSV, Parquet, .dta, .sav or .xlsx"
        )
    is_csv = suffix in {".csv", ".txt", ".tsv"}
    if is_csv:
        # Every column that is not a number of the request is a label (group key,
        # stratum, PSU): text on every engine, missing only when empty, as Spark reads it.
        text = [c for c in columns if c not in numeric]
    if engine == "duckdb":
        con = duckdb_connection()
        if is_csv:
            header = con.read_csv(str(path)).columns
            _check_columns(header, columns, path.name)
            return con.read_csv(str(path), dtype={c: "VARCHAR" for c in text})
        return con.read_parquet(str(path))
    if engine == "polars":
        import polars as pl

        if is_csv:
            return pl.scan_csv(
                path, schema_overrides={c: pl.Utf8 for c in text}, infer_schema_length=10000
            )
        return pl.scan_parquet(path)
    if engine == "pandas":
        import pandas as pd

        if is_csv:
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
    if is_csv:
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
