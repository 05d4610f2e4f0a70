"""A plan world: kab A (98.01) with an approved priority set, a nomenclature in force and
its SKPD list; and the intervention matrix that the import tests change row by row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sepakat.planning.nomenclature import nomenclature_import
from sepakat.planning.skpd import skpd_import
from sepakat.priorities import ranking, services
from sepakat.priorities.services import ItemIn
from tests.planning.conftest import NOMENCLATURE_CSV

SOCIAL = """1.06,Sosial,,,
1.06.04,Program Rehabilitasi Sosial,,,
1.06.04.2.01,Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar,,,
1.06.04.2.01.0006,Pemberian Permakanan,Permakanan yang Diberikan,Jumlah Orang yang Mendapatkan Permakanan,Orang
"""
SKPD_LIST = """kode,nama
1.01.0.00.0.00.01.0000,Dinas Pendidikan
1.06.0.00.0.00.01.0000,Dinas Sosial
"""
HEADER = (
    "masalah,strategi,kode_sub_kegiatan,kode_skpd,indikator_keluaran,satuan,tahun,target,"
    "pagu_indikatif,lokasi"
)
BOS = "1.01.02.2.01.0025,1.01.0.00.0.00.01.0000,Jumlah Satuan Pendidikan SD yang Menerima Dana BOS,Unit"
MEALS = "1.06.04.2.01.0006,1.06.0.00.0.00.01.0000,Jumlah Orang yang Mendapatkan Permakanan,Orang"


def matrix(first: str, second: str) -> list[str]:
    """The lines of a good matrix for the problems ``first`` and ``second``: a baseline
    year and three years of one intervention, two years of another."""
    return [
        HEADER,
        f"{first},beban,{BOS},2024,40,,",
        f"{first},beban,{BOS},2025,42,1500000000,98.01.01 98.01.01.2001",
        f"{first},beban,{BOS},2026,45,1600000000,98.01.01.2001",
        f"{first},beban,{BOS},2027,45,1650000000.5,",
        f"{second},pendapatan,{MEALS},2025,120,300000000,98.01.01",
        f"{second},pendapatan,{MEALS},2026,150,360000000,98.01.01",
    ]


@pytest.fixture
def plan_world(world: dict[str, Any], write_file: Callable[[str, str], Path]) -> dict[str, Any]:
    p = world["personas"]
    run = ranking.priority_run_compute(user=p["alice"], region=world["kab_a"], period="2024")
    codes = ranking.ranked_codes(ranking.rows_for(run, "98.01"))[:3]
    priority_set = services.priority_set_save(
        user=p["alice"],
        region=world["kab_a"],
        period="2024",
        run=run,
        items=[ItemIn(code) for code in codes],
    )
    services.priority_set_submit(user=p["alice"], priority_set=priority_set)
    services.priority_set_approve(user=p["bob"], priority_set=priority_set)
    version, result = nomenclature_import(
        path=write_file("nomenklatur.csv", NOMENCLATURE_CSV + SOCIAL),
        file="nomenklatur.csv",
        version_name="Uji 2024",
        in_force_from=date(2024, 1, 1),
    )
    assert version is not None, result.problems
    skpd = skpd_import(
        region=world["kab_a"], path=write_file("skpd.csv", SKPD_LIST), file="skpd.csv"
    )
    assert skpd.ok, skpd.problems
    return {**world, "problems": codes, "priority_set": priority_set, "nomenclature": version}
