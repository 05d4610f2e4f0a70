"""Batch writes that the ORM makes slow on large imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def update_columns(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """``UPDATE table SET f1 = ?, f2 = ? WHERE pk = ?`` for each row ``(v1, v2, pk)``.

    ``bulk_update`` builds one ``CASE WHEN`` per field and batch, which takes about 15 s
    for 80,000 regions on SQLite; one prepared statement run with ``executemany`` takes
    well under a second. Values must already be database values (no model instances).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    meta = model._meta
    column_of = {f.name: str(f.column) for f in meta.concrete_fields}
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    columns = ", ".join(f"{quote(column_of[f])} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(pk_column)} = %s"
    params: list[Any] = [list(row) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
