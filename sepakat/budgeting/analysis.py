"""The budget of one region and year, added up by dimension and stage, and its chain.

:func:`budget_analysis` is a pure function of the lines (no database, no Django setting):
the command ``sepakat budget analysis`` prints its rows and the Penganggaran page reads the
same rows. Each row is ``dimension, key, stage, amount, realisation, share, status``:

==============  ===========================================  ==========================
dimension       key                                          amount
==============  ===========================================  ==========================
total           empty                                        every line of the stage
tag             a tag word (``kemiskinan-ekstrem``...)       lines carrying the tag
bidang_urusan   ``1.02`` (two parts of the sub kegiatan)     lines of the bidang
skpd            the SKPD code                                lines of the SKPD
sumber_dana     the fund source as stored                    lines of the source
chain           the sub kegiatan code                        lines of the sub kegiatan
==============  ===========================================  ==========================

Choices where the contract is silent (the Penganggaran documentation repeats them):

- a stage appears only when the region has lines of it in the year; a key only in the
  stages where it has lines (a line carrying two tags counts in both tags);
- ``realisation`` is the sum of the realisations given; empty when no line of the row has
  one (empty is "not reported", not zero);
- ``share`` is amount / the stage's total, as a fraction (0.25, not 25 %), chain rows
  included; empty when the stage's total is 0;
- chain ``status`` compares a sub kegiatan with the previous stage the region has for
  the year, in the order rkpd, kua-ppas, rka, murni, perubahan, dpa: ``new`` when it had no
  line there (so every sub kegiatan of the first stage is ``new``), ``unchanged``, ``cut``
  or ``raised`` by its amount, and ``dropped`` for a sub kegiatan of the previous stage with
  no line in this one: that row has amount 0, empty realisation and share 0. A sub
  kegiatan still missing at the stage after is not repeated;
- rows are sorted by dimension in the order of the table above, then key (tags in the
  order of :data:`~sepakat.budgeting.vocabulary.TAGS`, other keys as text), then stage in
  chain order.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sepakat.budgeting.vocabulary import STAGES, TAGS

DIMENSIONS = ("total", "tag", "bidang_urusan", "skpd", "sumber_dana", "chain")
FIELDS = ("dimension", "key", "stage", "amount", "realisation", "share", "status")
CHAIN_STATUSES = ("new", "unchanged", "cut", "raised", "dropped")
SHARE_PLACES = Decimal("1e-12")


@dataclass(frozen=True)
class Line:
    """What the analysis needs of one stored budget line."""

    stage: str
    skpd_code: str
    sub_kegiatan_code: str
    fund_source: str
    tags: tuple[str, ...]
    amount: Decimal
    realisation: Decimal | None

    @property
    def bidang_urusan(self) -> str:
        return ".".join(self.sub_kegiatan_code.split(".")[:2])


@dataclass(frozen=True)
class AnalysisRow:
    dimension: str
    key: str
    stage: str
    amount: Decimal
    realisation: Decimal | None
    share: Decimal | None
    status: str = ""


class _Sum:
    __slots__ = ("amount", "realisation")

    def __init__(self) -> None:
        self.amount = Decimal(0)
        self.realisation: Decimal | None = None

    def add(self, line: Line) -> None:
        self.amount += line.amount
        if line.realisation is not None:
            self.realisation = (self.realisation or Decimal(0)) + line.realisation


def _share(amount: Decimal, total: Decimal) -> Decimal | None:
    if total == 0:
        return None
    return (amount / total).quantize(SHARE_PLACES)


def _keys(line: Line, dimension: str) -> Iterable[str]:
    if dimension == "total":
        return ("",)
    if dimension == "tag":
        return line.tags
    if dimension == "bidang_urusan":
        return (line.bidang_urusan,)
    if dimension == "skpd":
        return (line.skpd_code,)
    if dimension == "sumber_dana":
        return (line.fund_source,)
    return (line.sub_kegiatan_code,)


def _key_order(dimension: str, key: str) -> tuple[int, str]:
    if dimension == "tag" and key in TAGS:
        return TAGS.index(key), ""
    return len(TAGS), key


def _status(previous: _Sum | None, current: _Sum) -> str:
    if previous is None:
        return "new"
    if current.amount == previous.amount:
        return "unchanged"
    return "cut" if current.amount < previous.amount else "raised"


def _chain_rows(
    sums: dict[tuple[str, str, str], _Sum], stages: list[str], totals: dict[str, Decimal]
) -> list[AnalysisRow]:
    rows: list[AnalysisRow] = []
    codes = {key for dimension, key, _stage in sums if dimension == "chain"}
    for code in codes:
        previous: _Sum | None = None
        for stage in stages:
            current = sums.get(("chain", code, stage))
            if current is None:
                if previous is not None:
                    rows.append(
                        AnalysisRow(
                            "chain",
                            code,
                            stage,
                            Decimal(0),
                            None,
                            _share(Decimal(0), totals[stage]),
                            "dropped",
                        )
                    )
                previous = None
                continue
            rows.append(
                AnalysisRow(
                    "chain",
                    code,
                    stage,
                    current.amount,
                    current.realisation,
                    _share(current.amount, totals[stage]),
                    _status(previous, current),
                )
            )
            previous = current
    return rows


def chain_analysis(lines: Sequence[Line]) -> list[AnalysisRow]:
    """The chain rows of :func:`budget_analysis` alone (the same rows, in the same order),
    without adding up the other dimensions: what the Penganggaran page's chain needs."""
    sums: dict[tuple[str, str, str], _Sum] = defaultdict(_Sum)
    for line in lines:
        sums[("total", "", line.stage)].add(line)
        sums[("chain", line.sub_kegiatan_code, line.stage)].add(line)
    stages = [s for s in STAGES if ("total", "", s) in sums]
    totals = {s: sums[("total", "", s)].amount for s in stages}
    rows = _chain_rows(sums, stages, totals)
    rows.sort(key=lambda r: (r.key, STAGES.index(r.stage)))
    return rows


def budget_analysis(lines: Sequence[Line]) -> list[AnalysisRow]:
    """Every row of the analysis of one region and year (see the module's table)."""
    sums: dict[tuple[str, str, str], _Sum] = defaultdict(_Sum)
    for line in lines:
        for dimension in DIMENSIONS:
            for key in _keys(line, dimension):
                sums[(dimension, key, line.stage)].add(line)
    stages = [s for s in STAGES if ("total", "", s) in sums]
    totals = {s: sums[("total", "", s)].amount for s in stages}
    rows: list[AnalysisRow] = []
    for (dimension, key, stage), found in sums.items():
        if dimension == "chain":
            continue
        rows.append(
            AnalysisRow(
                dimension,
                key,
                stage,
                found.amount,
                found.realisation,
                _share(found.amount, totals[stage]),
            )
        )
    rows.extend(_chain_rows(sums, stages, totals))
    rows.sort(
        key=lambda r: (
            DIMENSIONS.index(r.dimension),
            _key_order(r.dimension, r.key),
            STAGES.index(r.stage),
        )
    )
    return rows


def plain_number(value: Decimal | None) -> str:
    """``1500000`` for a whole amount, ``1500000.5`` otherwise; never an exponent or a
    thousand separator; empty for None."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def rows_as_csv(rows: Iterable[AnalysisRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(
            [
                row.dimension,
                row.key,
                row.stage,
                plain_number(row.amount),
                plain_number(row.realisation),
                plain_number(row.share),
                row.status,
            ]
        )
    return out.getvalue()


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def rows_as_json(rows: Iterable[AnalysisRow]) -> str:
    """A JSON list of objects with the CSV's fields; an empty cell is ``null``."""
    return json.dumps(
        [
            {
                "dimension": row.dimension,
                "key": row.key,
                "stage": row.stage,
                "amount": _json_number(row.amount),
                "realisation": _json_number(row.realisation),
                "share": _json_number(row.share),
                "status": row.status or None,
            }
            for row in rows
        ],
        ensure_ascii=False,
        indent=1,
    )
