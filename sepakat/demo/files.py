"""Writing demo Parquet files so that the same seed gives the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_parquet(table: pa.Table, path: Path) -> str:
    """Write ``table`` with fixed options and no varying metadata; return its SHA-256.

    The file is written beside its final name and then moved into place, so that a reader
    never sees half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    pq.write_table(
        table.replace_schema_metadata(None),
        partial,
        compression="zstd",
        compression_level=3,
        row_group_size=64 * 1024,
        use_dictionary=True,
        write_statistics=True,
        data_page_version="1.0",
        version="2.6",
    )
    partial.replace(path)
    return sha256_of(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
