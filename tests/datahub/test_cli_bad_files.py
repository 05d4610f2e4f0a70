"""Generated bad files through the command-line imports (issue 17, item 5).

``sepakat budget import``, ``sepakat plan import``, ``sepakat nomenclature import``,
``sepakat import skpd`` and ``sepakat import regions`` read a CSV or xlsx from disk. Each bad
file must end in a CommandError (the command line prints it and exits 1, no traceback)
whose message names the file, and nothing is written. The cases are seeded like the upload
suite; the sample stays small because every case is a fraction of a second.
"""

from __future__ import annotations

import io
import os
import random
import time
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tests.datahub import badfiles

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("SEPAKAT_BADFILES_SEED", "17"))
COUNT = int(os.environ.get("SEPAKAT_CLI_BADFILES_COUNT", "60"))

# Each import's header and one good row: the damage is applied to these.
GOOD = {
    "budget": [
        ["tahap", "tahun", "kode_skpd", "kode_sub_kegiatan", "akun", "pagu", "realisasi"],
        ["murni", 2025, "1.02.0.00.0.00.01.0000", "1.02.02.2.02.0001", "5.1", 1000000, 0],
    ],
    "nomenclature": [
        ["kode", "nomenklatur", "kinerja", "indikator", "satuan"],
        ["1", "Urusan Pemerintahan Wajib", "", "", ""],
        ["1.01", "Pendidikan", "", "", ""],
    ],
    "skpd": [["kode", "nama", "aktif"], ["1.02.0.00.0.00.01.0000", "Dinas Kesehatan", 1]],
    "plan": [
        ["kode_sub_kegiatan", "indikator", "target", "pagu", "lokasi"],
        ["1.02.02.2.02.0001", "Cakupan", 90, 1000000, "98.01.01"],
    ],
    "regions": [["kode", "nama"], ["98.01.02", "Alfa Selatan"]],
}
KINDS = (
    "truncated",
    "corrupted",
    "zip_bomb",
    "xml_entities",
    "utf16",
    "latin_garbage",
    "formula",
    "duplicated_header",
    "missing_header",
    "absurd_number",
    "disguised",
)


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv(rows: list[list[Any]]) -> bytes:
    return ("\n".join(",".join(str(v) for v in row) for row in rows) + "\n").encode()


def case(seed: int, index: int) -> tuple[str, str, str, bytes]:
    """(command, kind, file name, content) of one generated case."""
    rng = random.Random(f"{seed}:{index}:cli")
    command = rng.choice(sorted(GOOD))
    kind = rng.choice(KINDS)
    rows = [list(r) for r in GOOD[command]]
    good = _xlsx(rows)
    if kind == "truncated":
        return command, kind, "daftar.xlsx", good[: rng.randint(30, len(good) - 30)]
    if kind == "corrupted":
        data = bytearray(good)
        for _ in range(rng.randint(8, 64)):
            data[rng.randint(200, len(data) - 200)] ^= rng.randint(1, 255)
        return command, kind, "daftar.xlsx", bytes(data)
    if kind == "zip_bomb":
        return command, kind, "daftar.xlsx", badfiles.zip_bomb()
    if kind == "xml_entities":
        label, content = badfiles.xml_entities(rng, good)
        return command, label, "daftar.xlsx", content
    if kind == "utf16":
        return command, kind, "daftar.csv", _csv(rows).decode().encode("utf-16")
    if kind == "latin_garbage":
        body = _csv(rows) + b"\x81\x8d\x8f\x90\x9d" * 3 + b",x\n"
        return command, kind, "daftar.csv", body
    if kind == "formula":
        workbook = load_workbook(io.BytesIO(good))
        workbook.active.cell(row=2, column=2, value=f"=A2*{rng.randint(2, 9)}")
        out = io.BytesIO()
        workbook.save(out)
        return command, kind, "daftar.xlsx", out.getvalue()
    if kind == "duplicated_header":
        rows[0][-1] = rows[0][0]
        return (
            command,
            kind,
            rng.choice(["daftar.csv", "daftar.xlsx"]),
            (_csv(rows) if rng.random() < 0.5 else _xlsx(rows)),
        )
    if kind == "missing_header":
        rows[0][0] = rng.choice(["", "kolom", "no"])
        return command, kind, "daftar.csv", _csv(rows)
    if kind == "absurd_number":
        rows[1][0] = rng.choice(["9" * 400, "1e400", "-5", "nan"])
        return command, kind, "daftar.csv", _csv(rows)
    disguise = rng.choice(sorted(badfiles.DISGUISES))
    name = rng.choice(["daftar.xlsx", "daftar.csv"])
    return command, f"disguised_{disguise}", name, badfiles.DISGUISES[disguise]


def run(command: str, path: Path, err: io.StringIO) -> None:
    # the report goes to stdout or stderr depending on the command: both are read
    out = err
    if command == "budget":
        call_command("budget", "import", "98.01", str(path), stdout=out, stderr=err)
    elif command == "plan":
        call_command("plan", "import", "98.01", str(path), stdout=out, stderr=err)
    elif command == "nomenclature":
        call_command("import_nomenclature", str(path), stdout=out, stderr=err)
    elif command == "skpd":
        call_command("import_skpd", "98.01", str(path), stdout=out, stderr=err)
    else:
        call_command("import_regions", str(path), stdout=out, stderr=err)


def state() -> dict[str, int]:
    """Rows of every model of the apps an import writes to (and the audit log)."""
    labels = ("budgeting", "planning", "regions", "auditlog")
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


@pytest.mark.parametrize("index", [pytest.param(i, id=f"cli_{i}") for i in range(COUNT)])
def test_a_generated_bad_file_stops_a_command_line_import(index, regions, tmp_path, request):
    command, kind, name, content = case(SEED, index)
    request.node.user_properties.append(("case", f"cli-{command}/{kind}"))
    path = tmp_path / name
    path.write_bytes(content)
    before = state()

    # Any exception other than CommandError would reach the user as a traceback.
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        run(command, path, err)

    # the command prints the list of problems (file, row, column) before its last line
    message = err.getvalue() + str(refused.value)
    assert name in message, f"{command}/{kind}: the message does not name the file: {message}"
    assert state() == before, f"{command}/{kind} wrote rows"


def test_a_workbook_with_a_billion_laughs_is_refused_without_expanding(tmp_path):
    from sepakat.core.xlsx_guard import UnsafeXlsx, check_xlsx

    for seed in range(6):
        label, content = badfiles.xml_entities(random.Random(seed), _xlsx(GOOD["skpd"]))
        started = time.monotonic()
        with pytest.raises(UnsafeXlsx) as refused:
            check_xlsx(content)
        assert refused.value.kind == "entities", label
        # refused by looking at the prolog: no parser ran, so no expansion took time
        assert time.monotonic() - started < 0.5, label
