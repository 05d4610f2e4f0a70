from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

NOMENCLATURE_CSV = """kode,nomenklatur,kinerja,indikator,satuan
1,Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar,,,
1.01,Pendidikan,,,
1.01.02,Program Pengelolaan Pendidikan,,,
1.01.02.1.01,Pengelolaan Pendidikan Sekolah Menengah Atas,,,
1.01.02.1.01.0025,Pengelolaan Dana BOS Sekolah Menengah Atas,Satuan Pendidikan yang Menerima Dana BOS,Jumlah Satuan Pendidikan SMA yang Menerima Dana BOS,Unit
1.01.02.2.01,Pengelolaan Pendidikan Sekolah Dasar,,,
1.01.02.2.01.0025,Pengelolaan Dana BOS Sekolah Dasar,Satuan Pendidikan yang Menerima Dana BOS,Jumlah Satuan Pendidikan SD yang Menerima Dana BOS,Unit
X.XX.01.2.02.0001,Penyediaan Gaji dan Tunjangan ASN,Gaji ASN yang Dibayarkan,Jumlah Orang yang Menerima Gaji dan Tunjangan ASN,Orang/bulan
"""


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def _write(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return _write


# The prioritisation world (personas, catalogue, a person file) and the plan built on it.
from tests.planning.plan_world import plan_world  # noqa: E402, F401
from tests.planning.rpkd_world import rpkd_world  # noqa: E402, F401
from tests.planning.tree_world import tree_world  # noqa: E402, F401
from tests.priorities.conftest import world  # noqa: E402, F401
