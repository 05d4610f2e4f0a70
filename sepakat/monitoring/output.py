"""The monitoring table as the command prints it (CSV or JSON)."""

from __future__ import annotations

import csv
import io
import json

from sepakat.monitoring.selectors import Row

COLUMNS = (
    "indicator",
    "level",
    "target",
    "realisation",
    "unit",
    "polarity",
    "achievement_pct",
    "band",
)


def row_values(row: Row) -> dict[str, str]:
    t = row.target
    return {
        "indicator": row.indicator,
        "level": t.kind,
        "target": repr(t.value),
        "realisation": "" if row.realisation is None else repr(row.realisation),
        "unit": t.unit,
        "polarity": str(t.polarity),
        "achievement_pct": "" if row.achievement_pct is None else f"{row.achievement_pct:.2f}",
        "band": row.band or "",
    }


def rows_as_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row_values(row))
    return out.getvalue()


def rows_as_json(rows: list[Row]) -> str:
    def typed(row: Row) -> dict[str, object]:
        t = row.target
        return {
            "indicator": row.indicator,
            "level": t.kind,
            "target": t.value,
            "realisation": row.realisation,
            "unit": t.unit,
            "polarity": t.polarity,
            "achievement_pct": row.achievement_pct,
            "band": row.band or "",
        }

    return json.dumps([typed(r) for r in rows], ensure_ascii=False, indent=1) + "\n"
