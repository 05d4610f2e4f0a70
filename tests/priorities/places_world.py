"""A small world for the determinants and locations of one problem.

Kab A (98.01) has two kecamatan with two desa each; kab B (98.02) one desa. The problem
PDK01 (school participation) has a registry household file (of the province, with a
personal part), a survey person file (of the province, two strata of three PSUs in kab A),
two determinant indicators by desa (schools: counts, higher is better; distance: lower is
better) and an analysis indicator with a verified value for kab A.

Registry, per desa (households in the reference population, deprived):
  98.01.01.2001  10, 6 (60 %)     98.01.01.2002  20, 4 (20 %)
  98.01.02.2001   5, 4 (80 %)     98.01.02.2002  30, 9 (30 %)
  98.02.01.2001  10, 10 (kab B: never counted for kab A)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings

from sepakat.datahub.models import (
    Indicator,
    MicrodataFile,
    MicrodataKind,
    MicrodataManifest,
    Observation,
    ObservationStatus,
)
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import Kind, Level, Region

DESA = {
    # code: (households with a status, deprived)
    "98.01.01.2001": (10, 6),
    "98.01.01.2002": (20, 4),
    "98.01.02.2001": (5, 4),
    "98.01.02.2002": (30, 9),
    "98.02.01.2001": (10, 10),
}
NAMES = {
    "98.01.01.2001": "Satu",
    "98.01.01.2002": "Dua",
    "98.01.02.2001": "Tiga",
    "98.01.02.2002": "Empat",
    "98.02.01.2001": "Lima",
}


def registry_rows() -> list[dict[str, Any]]:
    """Households: deprived ones mostly in deciles 1-4; two without a status per desa."""
    rows = []
    for code, (n, deprived) in DESA.items():
        for i in range(n + 2):
            status = None if i >= n else (0 if i < deprived else 1)
            decile = 1 + (i * 3) % 4 if status == 0 else 1 + (i * 7) % 10
            rows.append(
                {
                    "desa_code": code,
                    "household_id": f"{code}-{i:03d}",
                    "welfare_decile": decile,
                    "household_size": 3 + i % 4,
                    "status_pdk01": status,
                    "alasan_pdk01": ("biaya" if i % 2 else "jarak") if status == 0 else None,
                }
            )
    for k, row in enumerate(rows):
        row["sepakat_row_id"] = k
    return rows


def survey_rows() -> list[dict[str, Any]]:
    rng = np.random.default_rng(7)
    rows = []
    for kab, persons in (("98.01", 60), ("98.02", 20)):
        for i in range(persons):
            stratum = f"{kab}-{i % 2}"
            psu = f"{stratum}-{i % 3}"
            y = float(rng.lognormal(13.5, 0.5))
            in_ref = i % 5 != 0
            # poorer persons more often not in school
            achieved = int(rng.random() < (0.55 if y < np.exp(13.4) else 0.9))
            rows.append(
                {
                    "kab": kab,
                    "person_id": f"{kab}-{i}",
                    "pengeluaran": y,
                    "bobot": float(50 + (i * 13) % 40),
                    "strata": stratum,
                    "psu": psu,
                    "status_pdk01": achieved if in_ref else None,
                    "biaya_pdk01": float(100_000 + 1_000 * i) if in_ref else None,
                }
            )
    return rows


def _write(rows: list[dict[str, Any]], path: Path, columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([{c: r[c] for c in columns} for r in rows]), path)


@pytest.fixture
def places(regions: dict[str, Any], personas: dict[str, Any]) -> dict[str, Any]:
    kab_a, kab_b, province = regions["kab_a"], regions["kab_b"], regions["province"]
    kec_a2 = Region.objects.create(
        code="98.01.02", name="Alfa Selatan", level=Level.DISTRICT, parent=kab_a
    )
    parents = {"98.01.01": regions["kec_a"], "98.01.02": kec_a2, "98.02.01": regions["kec_b"]}
    desa = {
        code: Region.objects.create(
            code=code,
            name=NAMES[code],
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=parents[code.rsplit(".", 1)[0]],
        )
        for code in DESA
    }
    root = Path(settings.MICRODATA_DIR)
    rows = registry_rows()
    _write(
        rows,
        root / "98/1/analysis.parquet",
        [
            "sepakat_row_id",
            "desa_code",
            "household_id",
            "welfare_decile",
            "household_size",
            "status_pdk01",
            "alasan_pdk01",
        ],
    )
    for r in rows:
        r["nama_kepala"] = f"Kepala {r['household_id']}"
        r["nik"] = f"98010{r['sepakat_row_id']:011d}"
    _write(rows, root / "98/1/personal.parquet", ["sepakat_row_id", "nama_kepala", "nik"])
    registry = MicrodataFile.objects.create(
        kind=MicrodataKind.REGISTRY,
        title="Registrasi uji 2025",
        region=province,
        period="2025",
        relative_path="98/1/analysis.parquet",
        row_count=len(rows),
        sha256="1" * 64,
        columns={
            "region_code": "desa_code",
            "decile": "welfare_decile",
            "household_id": "household_id",
            "size": "household_size",
            "code_system": "kemendagri",
            "row_id": "sepakat_row_id",
        },
        personal_columns=["nama_kepala", "nik"],
    )
    MicrodataManifest.objects.create(
        file=registry, personal_path="98/1/personal.parquet", row_id_column="sepakat_row_id"
    )
    people = survey_rows()
    _write(people, root / "98/2/analysis.parquet", list(people[0]))
    survey = MicrodataFile.objects.create(
        kind=MicrodataKind.SURVEY,
        title="Susenas uji 2025 (individu)",
        region=province,
        period="2025-03",
        relative_path="98/2/analysis.parquet",
        row_count=len(people),
        sha256="2" * 64,
        columns={
            "region_code": "kab",
            "person_id": "person_id",
            "welfare": "pengeluaran",
            "weight": "bobot",
            "strata": "strata",
            "psu": "psu",
            "code_system": "kemendagri",
        },
    )

    def indicator(code: str, name: str, unit: str, polarity: int) -> Indicator:
        return Indicator.objects.create(
            code=code, name_id=name, area="pendidikan", unit=unit, polarity=polarity, decimals=1
        )

    schools = indicator("PDS01", "Jumlah SD/MI di desa", "unit", 1)
    distance = indicator("PDS02", "Jarak ke SD/MI terdekat", "km", -1)
    aps = indicator("PDK04", "Angka partisipasi sekolah 7-12 tahun", "%", 1)
    school_values = {
        "98.01.01.2001": 0.0,
        "98.01.01.2002": 2.0,
        "98.01.02.2001": 1.0,
        "98.01.02.2002": 3.0,
        "98.02.01.2001": 0.0,
    }
    distances = {
        "98.01.01.2001": 6.5,
        "98.01.01.2002": 0.8,
        "98.01.02.2001": 2.0,
        "98.01.02.2002": 1.2,
        "98.02.01.2001": 9.0,
    }
    observations = []
    for code, region in desa.items():
        observations += [
            Observation(
                indicator=schools,
                region=region,
                period="2024",
                value=school_values[code],
                status=ObservationStatus.VERIFIED,
            ),
            Observation(
                indicator=distance,
                region=region,
                period="2024",
                value=distances[code],
                status=ObservationStatus.VERIFIED,
            ),
            # an older round, which the page must not mix in
            Observation(
                indicator=distance,
                region=region,
                period="2021",
                value=99.0,
                status=ObservationStatus.VERIFIED,
            ),
        ]
    observations += [
        Observation(
            indicator=aps,
            region=kab_a,
            period="2024",
            value=96.25,
            standard_error=0.81,
            status=ObservationStatus.VERIFIED,
        ),
        # a draft: never shown
        Observation(
            indicator=distance,
            region=desa["98.01.01.2002"],
            period="2025",
            value=50.0,
            status=ObservationStatus.DRAFT,
        ),
    ]
    Observation.objects.bulk_create(observations)
    # the catalogue migration seeds PDK01 already: this world's definition replaces it
    problem, _created = PriorityIndicator.objects.update_or_create(
        code="PDK01",
        defaults={
            "sector": "pendidikan",
            "name_id": "Partisipasi sekolah anak 7-12 tahun",
            "unit_level": "person",
            "reference_population": "anak umur 7-12 tahun",
            "status_rule": "bersekolah = 1",
            "target": 1.0,
            "target_basis": "spm",
            "indicator": aps,
        },
    )
    problem.determinants.set([schools, distance])
    return {
        "desa": desa,
        "kec_a2": kec_a2,
        "registry": registry,
        "survey": survey,
        "problem": problem,
        "schools": schools,
        "distance": distance,
        "aps": aps,
        "kab_a": kab_a,
        "kab_b": kab_b,
    }
