"""A small analysis world on top of the shared personas.

Province 98 with kab A (98.01, alice's), kab B (98.02, charlie's) and kab C (98.03); the
nation "ID". Indicators KMS01-KMS06, TKJ01 (key), PLS06 (key, coverage of deciles 1-4, 2024) with its
leakage PLS12 beside it, PLS07 (desa level) with verified values 2022-2024; kab A's P0 carries standard errors (as if computed from a survey). The number
of poor (a count, read with P0) for 2022-2023, and PAD (a money total, read with PAD per
capita) for 2023-2024. A draft value that must never show. Two desa in kab A with boundaries and PLS07 values; a tiny
survey file and a registry file under the test's MICRODATA_DIR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sepakat.datahub.models import (
    Indicator,
    MicrodataFile,
    MicrodataKind,
    Observation,
    ObservationStatus,
)
from sepakat.regions.models import Kind, Level, Region, RegionBoundary

PLS = "perlindungan_sosial"
INDICATORS = [
    # code, name, area, unit, polarity, decimals, is_key
    ("KMS01", "Persentase penduduk miskin (P0)", "kemiskinan", "%", -1, 2, True),
    ("KMS02", "Indeks kedalaman kemiskinan (P1)", "kemiskinan", "indeks", -1, 2, False),
    ("KMS03", "Indeks keparahan kemiskinan (P2)", "kemiskinan", "indeks", -1, 2, False),
    ("KMS04", "Garis kemiskinan", "kemiskinan", "Rp/kapita/bulan", 0, 0, False),
    ("KMS05", "Jumlah penduduk miskin", "kemiskinan", "ribu jiwa", -1, 2, False),
    ("KMS06", "Rasio Gini", "kemiskinan", "rasio", -1, 3, False),
    ("TKJ01", "Tingkat pengangguran terbuka (TPT)", "ketenagakerjaan", "%", -1, 2, True),
    ("PLS07", "Persentase rumah tangga desil 1-4", "perlindungan_sosial", "%", -1, 2, False),
    ("PLS06", "Persentase rumah tangga desil 1-4 penerima bansos", PLS, "%", 1, 2, True),
    ("PLS12", "Kebocoran bantuan sosial ke desil 7-10", PLS, "%", -1, 2, False),
    ("KEU01", "Pendapatan asli daerah (PAD)", "keuangan_daerah", "Rp miliar", 1, 2, False),
    ("KEU09", "PAD per kapita", "keuangan_daerah", "ribu Rp/jiwa", 1, 0, False),
]
KINDS = {
    "KMS02": "index",
    "KMS03": "index",
    "KMS05": "count",
    "KMS06": "index",
    "KEU01": "money_total",
}
COMPANIONS = {"KMS05": "KMS01", "KEU01": "KEU09", "PLS06": "PLS12"}
# Assistance in 2024: coverage of deciles 1-4, and the share of recipients in deciles 7-10.
COVERAGE = {"ID": 72.0, "98": 70.0, "98.01": 66.0, "98.02": 74.0, "98.03": 69.0}
LEAKAGE = {"ID": 10.0, "98": 11.0, "98.01": 14.5, "98.02": 9.0, "98.03": 10.5}
# Population (thousands): the kab/kota add up to the province.
POPULATION = {"ID": 280000, "98": 3000, "98.01": 1200, "98.02": 1000, "98.03": 800}
# PAD (Rp miliar) 2023 and 2024: kab A grows by 10 %, the province by 5 %.
PAD = {
    "ID": (300000.0, 310000.0),
    "98": (900.0, 945.0),
    "98.01": (400.0, 440.0),
    "98.02": (300.0, 303.0),
    "98.03": (200.0, 202.0),
}
# region -> year -> P0
P0 = {
    "ID": {2022: 9.54, 2023: 9.36, 2024: 9.03},
    "98": {2022: 11.0, 2023: 10.6, 2024: 10.2},
    "98.01": {2022: 12.5, 2023: 11.2, 2024: 9.87},
    "98.02": {2022: 10.1, 2023: 10.0, 2024: 10.4},
    "98.03": {2022: 10.4, 2023: 10.5, 2024: 10.3},
}
P0_SE = {2023: 0.55, 2024: 0.52}  # kab A
TPT = {"ID": 5.3, "98": 5.0, "98.01": 6.1, "98.02": 4.2, "98.03": 4.8}
# The poverty line differs with prices: kab A's is above the province's.
LINE_SHIFT = {"ID": 0, "98": -5000, "98.01": 0, "98.02": 8000, "98.03": -3000}


@pytest.fixture
def world(
    regions: dict[str, Any], personas: dict[str, Any], settings: Any, tmp_path: Path
) -> dict[str, Any]:
    settings.MICRODATA_DIR = tmp_path / "microdata"
    kab_c = Region.objects.create(
        code="98.03",
        bps_code="9803",
        name="Gama",
        level=Level.REGENCY,
        kind=Kind.KABUPATEN,
        parent=regions["province"],
    )
    desa = []
    for i, (name, x) in enumerate([("Satu", 0.0), ("Dua", 1.0)], start=1):
        d = Region.objects.create(
            code=f"98.01.01.200{i}",
            name=name,
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=regions["kec_a"],
        )
        RegionBoundary.objects.create(
            region=d,
            geometry={
                "type": "Polygon",
                "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
            },
        )
        desa.append(d)
    catalogue = {}
    for code, name, area, unit, polarity, decimals, is_key in INDICATORS:
        catalogue[code] = Indicator.objects.create(
            code=code,
            name_id=name,
            name_en=name,
            area=area,
            unit=unit,
            polarity=polarity,
            decimals=decimals,
            is_key=is_key,
            kind=KINDS.get(code, "rate"),
        )
    # Sources change with the level: a survey down to kab/kota, the registry below.
    catalogue["PLS07"].source = "Kemensos, DTSEN"
    catalogue["PLS07"].local_source = "Regsosek/DTSEN, agregat rumah tangga per desa"
    catalogue["PLS07"].save(update_fields=["source", "local_source"])
    for code, companion in COMPANIONS.items():
        catalogue[code].companion = catalogue[companion]
        catalogue[code].save(update_fields=["companion"])
    by_code = {r.code: r for r in Region.objects.all()}
    rows = []
    for region, series in P0.items():
        for year, value in series.items():
            se = P0_SE.get(year) if region == "98.01" else None
            rows.append(("KMS01", region, year, value, se))
            rows.append(("KMS02", region, year, value / 6, None))
            line = 500000 + 12345 * (year - 2020) + LINE_SHIFT[region]
            rows.append(("KMS04", region, year, line, None))
            rows.append(("KMS06", region, year, 0.35, None))
            if year < 2024:  # kab A's 2024 value is a draft, below
                poor = round(value * POPULATION[region] / 100, 2)
                rows.append(("KMS05", region, year, poor, None))
    for region, values in PAD.items():
        for year, value in zip((2023, 2024), values, strict=True):
            rows.append(("KEU01", region, year, value, None))
            rows.append(("KEU09", region, year, value * 1e6 / POPULATION[region] / 1e3, None))
    for region, value in COVERAGE.items():
        rows.append(("PLS06", region, 2024, value, None))
        rows.append(("PLS12", region, 2024, LEAKAGE[region], None))
    for region, value in TPT.items():
        rows.append(("TKJ01", region, 2024, value, None))
        rows.append(("TKJ01", region, 2023, value + 0.2, None))
    rows.append(("PLS07", desa[0].code, 2024, 62.0, None))
    rows.append(("PLS07", desa[1].code, 2024, 31.0, None))
    Observation.objects.bulk_create(
        Observation(
            indicator=catalogue[code],
            region=by_code[region],
            period=str(year),
            value=value,
            standard_error=se,
            status=ObservationStatus.VERIFIED,
            source="BPS, Susenas (uji)",
        )
        for code, region, year, value, se in rows
    )
    # A draft value: must never show anywhere.
    Observation.objects.create(
        indicator=catalogue["KMS05"],
        region=regions["kab_a"],
        period="2024",
        value=777.77,
        status=ObservationStatus.DRAFT,
    )
    survey = survey_file(settings.MICRODATA_DIR, regions["province"])
    registry = registry_file(settings.MICRODATA_DIR, regions["province"], desa)
    return {
        **regions,
        "kab_c": kab_c,
        "desa": desa,
        "catalogue": catalogue,
        "survey": survey,
        "registry": registry,
    }


def survey_file(root: Path, region: Region) -> MicrodataFile:
    """40 households: 2 kab x 2 strata x 2 PSU x 5 households."""
    rows: dict[str, list[Any]] = {
        k: [] for k in ("kab", "strata", "psu", "weight", "size", "welfare", "line", "year")
    }
    for k, kab in enumerate(["98.01", "98.02"]):
        for s in range(2):
            for p in range(2):
                for h in range(5):
                    rows["kab"].append(kab)
                    rows["strata"].append(f"{kab}-{s}")
                    rows["psu"].append(f"{kab}-{s}-{p}")
                    rows["weight"].append(100.0 + 10 * h)
                    rows["size"].append(3 + h % 3)
                    rows["welfare"].append(300000.0 + 90000 * h + 40000 * p + 30000 * k)
                    rows["line"].append(420000.0)
                    rows["year"].append(2024)
    path = root / "uji" / "survei.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(rows), path)
    return MicrodataFile.objects.create(
        kind=MicrodataKind.SURVEY,
        title="Susenas uji 2024",
        region=region,
        period="2024-03",
        relative_path="uji/survei.parquet",
        row_count=40,
        sha256="0" * 64,
        columns={
            "region_code": "kab",
            "code_system": "kemendagri",
            "strata": "strata",
            "psu": "psu",
            "weight": "weight",
            "size": "size",
            "welfare": "welfare",
            "poverty_line": "line",
            "year": "year",
        },
    )


def registry_file(root: Path, region: Region, desa: list[Region]) -> MicrodataFile:
    """Deciles 1 and 10 in desa Satu, decile 1 in kab B (must not count for kab A)."""
    codes, deciles, water = [], [], []
    for i in range(10):
        codes.append(desa[0].code)
        deciles.append(1)
        water.append(i < 3)  # 30 % in decile 1
    for i in range(10):
        codes.append(desa[1].code)
        deciles.append(10)
        water.append(i < 9)  # 90 % in decile 10
    for _i in range(10):
        codes.append("98.02.01.2001")
        deciles.append(1)
        water.append(True)
    path = root / "uji" / "registrasi.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"desa": codes, "desil": deciles, "improved_water": water}), path)
    return MicrodataFile.objects.create(
        kind=MicrodataKind.REGISTRY,
        title="Registrasi uji 2024",
        region=region,
        period="2024",
        relative_path="uji/registrasi.parquet",
        row_count=len(codes),
        sha256="1" * 64,
        columns={"region_code": "desa", "decile": "desil", "code_system": "kemendagri"},
    )
