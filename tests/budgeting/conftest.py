"""A kab/kota budget world: the regions and personas of the shared fixtures, a small
nomenclature in force since 2022 and a writer of budget files in the command-line layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

HEADER = (
    "tahun,tahap,kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,"
    "jenis_belanja,sumber_dana,pagu,realisasi,tag"
)
NOMENCLATURE = """kode,nomenklatur,kinerja,indikator,satuan
1,Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar,,,
1.01,Pendidikan,,,
1.01.02,Program Pengelolaan Pendidikan,,,
1.01.02.1.01,Pengelolaan Pendidikan Sekolah Menengah Atas,,,
1.01.02.1.01.0025,Pengelolaan Dana BOS Sekolah Menengah Atas,Pengelolaan Dana BOS Sekolah Menengah Atas terlaksana,Jumlah Pengelolaan Dana BOS Sekolah Menengah Atas,Kegiatan
1.01.02.2.01,Pengelolaan Pendidikan Sekolah Dasar,,,
1.01.02.2.01.0025,Pengelolaan Dana BOS Sekolah Dasar,Pengelolaan Dana BOS Sekolah Dasar terlaksana,Jumlah Pengelolaan Dana BOS Sekolah Dasar,Kegiatan
1.02,Kesehatan,,,
1.02.02,Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat,,,
1.02.02.2.02,Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah,,,
1.02.02.2.02.0004,Pengelolaan Pelayanan Kesehatan Balita,Pengelolaan Pelayanan Kesehatan Balita terlaksana,Jumlah Pengelolaan Pelayanan Kesehatan Balita,Kegiatan
1.02.02.2.02.0021,Pengelolaan Pelayanan Kesehatan Gizi Masyarakat,Pengelolaan Pelayanan Kesehatan Gizi Masyarakat terlaksana,Jumlah Pengelolaan Pelayanan Kesehatan Gizi Masyarakat,Kegiatan
1.06,Sosial,,,
1.06.04,Program Rehabilitasi Sosial,,,
1.06.04.2.01,Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar,,,
1.06.04.2.01.0001,Penyediaan Permakanan,Penyediaan Permakanan terlaksana,Jumlah Penyediaan Permakanan,Kegiatan
2,Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar,,,
2.07,Tenaga Kerja,,,
2.07.03,Program Pelatihan Kerja dan Produktivitas Tenaga Kerja,,,
2.07.03.2.01,Pelaksanaan Pelatihan Berdasarkan Unit Kompetensi,,,
2.07.03.2.01.0001,Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan,Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan terlaksana,Jumlah Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan,Kegiatan
X.XX.01.2.02.0001,Penyediaan Gaji dan Tunjangan ASN,Penyediaan Gaji dan Tunjangan ASN terlaksana,Jumlah Penyediaan Gaji dan Tunjangan ASN,Kegiatan
"""
# Sub kegiatan codes of a kab/kota that the nomenclature above holds.
KAB_CODES = (
    "1.01.02.2.01.0025",
    "1.02.02.2.02.0004",
    "1.02.02.2.02.0021",
    "1.06.04.2.01.0001",
    "2.07.03.2.01.0001",
)
SKPD_KES = "1.02.0.00.0.00.01.0000"
SKPD_DIK = "1.01.0.00.0.00.01.0000"
SKPD_SOS = "1.06.0.00.0.00.01.0000"


def line(
    year: int = 2025,
    stage: str = "murni",
    skpd: str = SKPD_KES,
    code: str = "1.02.02.2.02.0004",
    account: str = "5.1",
    fund: str = "DAU",
    pagu: str = "150000000",
    realisation: str = "",
    tag: str = "",
    skpd_name: str = "Dinas Kesehatan",
    name: str = "",
) -> list[str]:
    return [str(year), stage, skpd, skpd_name, code, name, account, fund, pagu, realisation, tag]


@pytest.fixture
def nomenclature(tmp_path: Path) -> Any:
    from sepakat.planning.nomenclature import nomenclature_import

    path = tmp_path / "nomenklatur.csv"
    path.write_text(NOMENCLATURE, encoding="utf-8")
    version, result = nomenclature_import(
        path=path,
        file=path.name,
        version_name="Kepmendagri 050-5889/2021",
        in_force_from=date(2022, 1, 1),
    )
    assert result.ok, result.problems
    return version


@pytest.fixture
def budget_world(regions: dict[str, Any], personas: dict[str, Any], nomenclature: Any) -> Any:
    return {**regions, **personas}


@pytest.fixture
def write_budget(tmp_path: Path) -> Callable[..., Path]:
    """A budget file of ``rows`` (lists of cells) under the header, comma or ``;``."""

    def _write(
        rows: Sequence[Sequence[str]],
        *,
        name: str = "anggaran.csv",
        delimiter: str = ",",
        encoding: str = "utf-8",
        header: str = HEADER,
    ) -> Path:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)
        path = tmp_path / name
        path.write_bytes(out.getvalue().encode(encoding))
        return path

    return _write


# The plan world (an approved priority set of kab A and its nomenclature) for the tags
# suggested from the plan.
from tests.planning.conftest import write_file  # noqa: E402, F401
from tests.planning.plan_world import plan_world  # noqa: E402, F401
from tests.priorities.conftest import world  # noqa: E402, F401
