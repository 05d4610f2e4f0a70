"""A small prioritisation world on top of the shared personas.

Province 98 with kab A (98.01, alice plans, bob administers) and kab B (98.02, charlie's);
a kecamatan and a desa in kab A, a desa in kab B. Six catalogue indicators, one per sector
and a sixth (P06) whose reference population in kab A is only 12 persons (never ranked);
a determinant indicator DET01 linked to P01. A survey person file of 2 kab x 4 strata x
8 PSU x 40 persons, generated with numpy: achievement rises with expenditure, so the
welfare weighting matters, and differs by indicator and kab.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings

from sepakat.datahub.models import Indicator, MicrodataFile, MicrodataKind
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import Level, Region

# code, sector, target, intercept of the achievement probability (higher: more achieved)
CATALOGUE = [
    ("P01", "pendidikan", 1.0, 0.2),
    ("P02", "kesehatan", 0.9, 1.0),
    ("P03", "ketenagakerjaan", 1.0, 1.6),
    ("P04", "infrastruktur_dasar", 1.0, -0.3),
    ("P05", "perlindungan_sosial", 1.0, 2.4),
    ("P06", "kesehatan", 1.0, 0.0),
]
YEAR = "2024"


def person_table(seed: int = 12) -> pa.Table:
    rng = np.random.default_rng(seed)
    kab, strata, psu = [], [], []
    for k in ("98.01", "98.02"):
        for s in range(4):
            for p in range(8):
                kab += [k] * 40
                strata += [f"{k}-{s}"] * 40
                psu += [f"{k}-{s}-{p}"] * 40
    n = len(kab)
    kab_b = np.array([k == "98.02" for k in kab])
    welfare = rng.lognormal(13.6, 0.55, n)
    weight = rng.uniform(80, 160, n)
    z = (np.log(welfare) - 13.6) / 0.55
    cols: dict[str, Any] = {
        "pid": [f"P{i:05d}" for i in range(n)],
        "kab": kab,
        "strata": strata,
        "psu": psu,
        "weight": weight,
        "welfare": welfare,
        "year": [int(YEAR)] * n,
    }
    for code, _sector, _target, intercept in CATALOGUE:
        shift = np.where(kab_b, 0.5, 0.0)
        prob = 1 / (1 + np.exp(-(intercept + shift + 0.9 * z)))
        status = (rng.uniform(size=n) < prob).astype(float)
        in_reference = rng.uniform(size=n) < 0.7
        if code == "P06":  # a small reference population: 12 persons of kab A
            in_reference = np.zeros(n, dtype=bool)
            in_reference[:12] = True
        cols[f"status_{code.lower()}"] = pa.array(
            [float(v) if keep else None for v, keep in zip(status, in_reference, strict=True)],
            pa.float64(),
        )
    return pa.table(cols)


def person_file(region: Region, table: pa.Table | None = None) -> MicrodataFile:
    relative = f"uji-prioritas/{region.code}/orang.parquet"
    path = settings.MICRODATA_DIR / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table if table is not None else person_table()
    pq.write_table(table, path)
    return MicrodataFile.objects.create(
        kind=MicrodataKind.SURVEY,
        title="Susenas KOR uji 2024 (orang)",
        region=region,
        period="2024-03",
        relative_path=relative,
        row_count=table.num_rows,
        sha256="a" * 64,
        columns={
            "person_id": "pid",
            "region_code": "kab",
            "code_system": "kemendagri",
            "strata": "strata",
            "psu": "psu",
            "weight": "weight",
            "welfare": "welfare",
            "year": "year",
        },
    )


@pytest.fixture
def world(regions: dict[str, Any], personas: dict[str, Any]) -> dict[str, Any]:
    det = Indicator.objects.create(
        code="DET01",
        name_id="Rasio murid per sekolah dasar",
        area="pendidikan",
        unit="rasio",
        polarity=-1,
    )
    # this world has its own small catalogue in place of the national one the
    # migrations load
    PriorityIndicator.objects.all().delete()
    catalogue = {}
    for order, (code, sector, target, _i) in enumerate(CATALOGUE):
        catalogue[code] = PriorityIndicator.objects.create(
            code=code,
            sector=sector,
            name_id=f"Masalah uji {code}",
            name_en=f"Test problem {code}",
            unit_level="person",
            reference_population="semua orang",
            status_rule="1 bila tercapai",
            target=target,
            target_basis="general" if target == 1.0 else "tpb",
            ordering=order,
        )
    catalogue["P01"].determinants.add(det)
    desa_a = Region.objects.create(
        code="98.01.01.2001", name="Satu", level=Level.VILLAGE, parent=regions["kec_a"]
    )
    desa_b = Region.objects.create(
        code="98.02.01.2001", name="Lain", level=Level.VILLAGE, parent=regions["kec_b"]
    )
    file = person_file(regions["province"])
    return {
        **regions,
        "personas": personas,
        "catalogue": catalogue,
        "determinant": det,
        "desa_a": desa_a,
        "desa_b": desa_b,
        "file": file,
    }


# The determinants and locations world (registry, survey and desa indicators of one problem).
from tests.priorities.places_world import places  # noqa: E402, F401
