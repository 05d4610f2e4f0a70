"""Benchmark: importing observations through the upload path (read, preview, commit).

Generates, from a seed, a synthetic province of 10,000 desa and
  - a CSV of 100,000 rows (desa x 10 years, 4 indicators: 400,000 values), goal < 10 s;
  - a filled .xlsx template of about 5.5 MB (150,000 rows, 600,000 values), goal < 20 s;
and times ``receive_upload`` (read + compare with stored values) and ``commit_upload``
(all-or-nothing write of the draft submission). The baseline, in the same process, is the
straightforward way: one ``update_or_create`` per value, timed on a sample and scaled.

Run: python bench/datahub_import.py   (uses a temporary SQLite database)
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from sepakat.accounts.services import user_create  # noqa: E402
from sepakat.core.roles import Role  # noqa: E402
from sepakat.datahub.models import (  # noqa: E402
    Area,
    Dataset,
    Indicator,
    Observation,
    ObservationStatus,
    Polarity,
)
from sepakat.datahub.template_spec import template_version  # noqa: E402
from sepakat.datahub.uploads import commit_upload, receive_upload  # noqa: E402
from sepakat.regions.models import Kind, Level, Region  # noqa: E402
from sepakat.regions.services import ensure_national_region  # noqa: E402

SEED = 20251128
YEARS = list(range(2015, 2025))
# Other years than the CSV's, so that every value of the workbook is new.
XLSX_YEARS = list(range(2000, 2015))


def build_regions() -> tuple[Region, list[str]]:
    nation = ensure_national_region()
    province = Region.objects.create(
        code="97", name="Provinsi Uji Kinerja", level=Level.PROVINCE, parent=nation
    )
    kabs = [
        Region.objects.create(
            code=f"97.0{k}",
            name=f"Uji {k}",
            level=Level.REGENCY,
            kind=Kind.KABUPATEN,
            parent=province,
        )
        for k in (1, 2)
    ]
    districts = Region.objects.bulk_create(
        Region(code=f"{kab.code}.{k:02d}", name=f"Kecamatan {k}", level=Level.DISTRICT, parent=kab)
        for kab in kabs
        for k in range(1, 51)
    )
    villages = [
        Region(
            code=f"{d.code}.2{v:03d}",
            name=f"Desa {d.code}-{v}",
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=d,
        )
        for d in districts
        for v in range(1, 101)
    ]
    Region.objects.bulk_create(villages, batch_size=2000)
    return province, [v.code for v in villages]


def build_dataset() -> Dataset:
    dataset = Dataset.objects.create(
        code="bench-desa", name_id="Data desa", kind="indicators", row_level=Level.VILLAGE
    )
    dataset.indicators.set(
        [
            Indicator.objects.create(
                code="B01",
                name_id="Cakupan A",
                area=Area.BASIC_SERVICES,
                unit="%",
                polarity=Polarity.HIGHER_IS_BETTER,
                min_value=0,
                max_value=100,
            ),
            Indicator.objects.create(
                code="B02",
                name_id="Jumlah B",
                area=Area.SOCIAL_PROTECTION,
                unit="rumah tangga",
                polarity=Polarity.HIGHER_IS_BETTER,
                min_value=0,
            ),
            Indicator.objects.create(
                code="B03",
                name_id="Cakupan C",
                area=Area.BASIC_SERVICES,
                unit="%",
                polarity=Polarity.HIGHER_IS_BETTER,
                min_value=0,
                max_value=100,
            ),
            Indicator.objects.create(
                code="B04",
                name_id="Jumlah D",
                area=Area.SOCIAL_PROTECTION,
                unit="orang",
                polarity=Polarity.HIGHER_IS_BETTER,
                min_value=0,
            ),
        ]
    )
    return dataset


def csv_bytes(codes: list[str], rng: random.Random) -> bytes:
    lines = ["kode_wilayah,tahun,B01,B02,B03,B04"]
    for code in codes:
        for year in YEARS:
            lines.append(
                f"{code},{year},{rng.uniform(40, 99):.2f},{rng.randint(0, 900)},"
                f"{rng.uniform(0, 100):.2f},{rng.randint(0, 5000)}"
            )
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(dataset: Dataset, codes: list[str], rng: random.Random) -> bytes:
    """A filled template written the fast way (write-only), the shape users upload."""
    keys = [i.code for i in dataset.indicators.order_by("area", "code")]
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("Data")
    data.append(
        [
            "Kode wilayah",
            "Nama wilayah",
            "Tahun",
            "Cakupan A (%)",
            "Jumlah B",
            "Cakupan C (%)",
            "Jumlah D",
        ]
    )
    data.append(["kode_wilayah", "nama_wilayah", "tahun", *keys])
    for code in codes:
        for year in XLSX_YEARS:
            values = {
                "B01": round(rng.uniform(40, 99), 2),
                "B02": rng.randint(0, 900),
                "B03": round(rng.uniform(0, 100), 2),
                "B04": rng.randint(0, 5000),
            }
            data.append([code, f"Desa {code}", year, *(values[k] for k in keys)])
    meta = workbook.create_sheet("_meta")
    for row in (
        ("mark", "SEPAKAT-TEMPLAT"),
        ("dataset", dataset.code),
        ("version", template_version(keys)),
        ("region", "97"),
    ):
        meta.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.2f} s")
    return result, seconds


def run_upload(user, dataset, kab, content: bytes, name: str) -> float:  # type: ignore[no-untyped-def]
    received, t_read = timed(
        f"read + preview {name}",
        lambda: receive_upload(
            user=user,
            dataset=dataset,
            region=kab,
            stream=io.BytesIO(content),
            original_name=name,
            run_now=True,
        ),
    )
    upload = received.upload
    assert upload is not None and upload.status == "previewed", (received.errors or [])[:3]
    _sub, t_commit = timed(f"commit {name}", lambda: commit_upload(upload=upload, user=user))
    return t_read + t_commit


def baseline(dataset: Dataset, kab: Region, content: bytes, sample: int = 2000) -> float:
    """update_or_create per value on a sample of rows, scaled to the whole file."""
    import csv

    indicators = {i.code: i for i in dataset.indicators.all()}
    regions = dict(Region.objects.filter(level=Level.VILLAGE).values_list("code", "pk"))
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    start = time.perf_counter()
    for row in rows[:sample]:
        for code in ("B01", "B02", "B03", "B04"):
            Observation.objects.update_or_create(
                indicator=indicators[code],
                region_id=regions[row["kode_wilayah"]],
                period=row["tahun"] + "-b",
                defaults={"value": float(row[code]), "status": ObservationStatus.DRAFT},
            )
    return (time.perf_counter() - start) * len(rows) / sample


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    kab, codes = build_regions()
    dataset = build_dataset()
    user = user_create(username="bench", password=None, role=Role.DATA_OPERATOR, region=kab)

    content = csv_bytes(codes, rng)
    print(f"CSV: {len(codes) * len(YEARS):,} rows, {len(content) / 1e6:.1f} MB")
    total_csv = run_upload(user, dataset, kab, content, "observasi.csv")
    print(f"  {'total (goal < 10 s)':<44} {total_csv:8.2f} s")

    xlsx = xlsx_bytes(dataset, codes, rng)
    print(f"XLSX: {len(codes) * len(XLSX_YEARS):,} rows, {len(xlsx) / 1e6:.1f} MB")
    total_xlsx = run_upload(user, dataset, kab, xlsx, "templat.xlsx")
    print(f"  {'total (goal < 20 s)':<44} {total_xlsx:8.2f} s")

    naive = baseline(dataset, kab, content)
    print(
        f"Baseline, update_or_create per value (scaled): {naive:8.2f} s "
        f"-> upload path is {naive / total_csv:.1f}x faster"
    )


if __name__ == "__main__":
    main()
