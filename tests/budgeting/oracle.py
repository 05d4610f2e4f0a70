"""The analysis computed again from a budget file, by plain Python and without the app's
code: what `sepakat budget analysis` must print for the file's region and year."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ORDER = ["rkpd", "kua-ppas", "rka", "murni", "perubahan", "dpa"]
Expected = dict[tuple[str, str, str], tuple[Decimal, Decimal | None, Decimal | None, str]]


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def read_lines(path: Path, year: int) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    delimiter = ";" if text.splitlines()[0].count(";") > 1 else ","
    return [
        row
        for row in csv.DictReader(text.splitlines(), delimiter=delimiter)
        if int(row["tahun"]) == year
    ]


def expected(path: Path, year: int) -> Expected:
    amount: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    real: dict[tuple[str, str, str], Decimal] = {}
    for row in read_lines(path, year):
        stage = row["tahap"]
        keys = [
            ("total", ""),
            ("bidang_urusan", row["kode_sub_kegiatan"][:4]),
            ("skpd", row["kode_skpd"]),
            ("sumber_dana", row["sumber_dana"]),
            ("chain", row["kode_sub_kegiatan"]),
        ]
        keys += [("tag", t) for t in set(row["tag"].split())]
        for dimension, key in keys:
            amount[(dimension, key, stage)] += _number(row["pagu"])
            if row["realisasi"]:
                real[(dimension, key, stage)] = real.get(
                    (dimension, key, stage), Decimal(0)
                ) + _number(row["realisasi"])
    stages = [s for s in ORDER if ("total", "", s) in amount]
    total = {s: amount[("total", "", s)] for s in stages}

    def share(value: Decimal, stage: str) -> Decimal | None:
        return value / total[stage] if total[stage] else None

    result: Expected = {}
    for (dimension, key, stage), value in amount.items():
        status = ""
        if dimension == "chain":
            at = stages.index(stage)
            before = amount.get(("chain", key, stages[at - 1])) if at else None
            if before is None:
                status = "new"
            else:
                status = "unchanged" if value == before else ("cut" if value < before else "raised")
        result[(dimension, key, stage)] = (
            value,
            real.get((dimension, key, stage)),
            share(value, stage),
            status,
        )
    codes = {key for dimension, key, _ in amount if dimension == "chain"}
    for code in codes:
        for before, after in itertools.pairwise(stages):
            if ("chain", code, before) in amount and ("chain", code, after) not in amount:
                result[("chain", code, after)] = (
                    Decimal(0),
                    None,
                    share(Decimal(0), after),
                    "dropped",
                )
    return result


def printed(text: str) -> Expected:
    rows = list(csv.DictReader(text.splitlines()))
    found: Expected = {}
    for row in rows:
        found[(row["dimension"], row["key"], row["stage"])] = (
            Decimal(row["amount"]),
            Decimal(row["realisation"]) if row["realisation"] else None,
            Decimal(row["share"]) if row["share"] else None,
            row["status"],
        )
    assert len(found) == len(rows), "a (dimension, key, stage) printed twice"
    return found


def assert_same(found: Expected, wanted: Expected) -> None:
    assert set(found) == set(wanted)
    for key, (amount, real, share, status) in wanted.items():
        got = found[key]
        assert (got[0], got[1], got[3]) == (amount, real, status), key
        if share is None:
            assert got[2] is None, key
        else:
            assert got[2] is not None and abs(got[2] - share) < Decimal("1e-9"), key
