"""Supply side of the prioritisation: desa facilities and distances in the style of Podes.

BPS's Potensi Desa (Podes, 2018, 2021, 2024) records for every desa/kelurahan the schools and
health facilities inside it, the distance to the nearest one outside it, the main road's
surface, the main drinking-water source of most families and the share of families with
PLN electricity. SEPAKAT shows them beside a priority problem as its supply-side
determinants (a desa without an SMP and 9 km from the nearest one explains low attendance at
13-15 better than any survey estimate can).

The indicators are national catalogue rows with ``levels = ["desa"]`` in the dataset
``podes`` (migration ``datahub.0012_podes``); values are verified observations by desa.
Choices: distances are in km to the nearest facility, 0 when the desa has one; the road and
water rows are 1 (yes) or 0 (no) per desa, so their mean over a kecamatan reads as the
share of its desa; the PLN row is a percentage of families.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PODES_DATASET = "podes"
PODES_SOURCE = "BPS, Potensi Desa (Podes)"


@dataclass(frozen=True)
class PodesIndicator:
    code: str
    name_id: str
    name_en: str
    area: str
    unit: str
    polarity: int
    kind: str
    decimals: int
    definition: str
    min_value: float
    max_value: float | None


def _count(code: str, what: str, what_en: str, area: str) -> PodesIndicator:
    return PodesIndicator(
        code,
        f"Jumlah {what} di desa/kelurahan",
        f"Number of {what_en} in the village",
        area,
        "unit",
        1,
        "count",
        0,
        f"Banyaknya {what} (negeri dan swasta) yang berada di wilayah desa/kelurahan.",
        0.0,
        None,
    )


def _distance(code: str, what: str, what_en: str, area: str) -> PodesIndicator:
    return PodesIndicator(
        code,
        f"Jarak ke {what} terdekat",
        f"Distance to the nearest {what_en}",
        area,
        "km",
        -1,
        "rate",
        1,
        f"Jarak dari kantor desa/kelurahan ke {what} terdekat; 0 bila ada di desa itu.",
        0.0,
        None,
    )


PODES_INDICATORS: tuple[PodesIndicator, ...] = (
    _count("PODES01", "SD/MI", "primary schools (SD/MI)", "pendidikan"),
    _count("PODES02", "SMP/MTs", "lower secondary schools (SMP/MTs)", "pendidikan"),
    _count("PODES03", "SMA/SMK/MA", "upper secondary schools (SMA/SMK/MA)", "pendidikan"),
    _count("PODES04", "puskesmas", "community health centres (puskesmas)", "kesehatan"),
    _count("PODES05", "puskesmas pembantu (pustu)", "auxiliary health posts (pustu)", "kesehatan"),
    _distance("PODES06", "SD/MI", "primary school", "pendidikan"),
    _distance("PODES07", "SMP/MTs", "lower secondary school", "pendidikan"),
    _distance("PODES08", "SMA/SMK/MA", "upper secondary school", "pendidikan"),
    _distance("PODES09", "puskesmas", "puskesmas", "kesehatan"),
    PodesIndicator(
        "PODES10",
        "Jalan utama desa beraspal/beton",
        "Main village road asphalted or concrete",
        "infrastruktur_dasar",
        "1 = ya",
        1,
        "rate",
        0,
        "1 bila permukaan jalan terluas desa/kelurahan aspal/beton dan dapat dilalui kendaraan "
        "roda empat sepanjang tahun, 0 bila tidak.",
        0.0,
        1.0,
    ),
    PodesIndicator(
        "PODES11",
        "Sumber air minum utama sebagian besar keluarga layak",
        "Main drinking-water source of most families improved",
        "infrastruktur_dasar",
        "1 = ya",
        1,
        "rate",
        0,
        "1 bila sumber air minum sebagian besar keluarga leding, sumur bor/pompa, sumur atau "
        "mata air terlindung, atau air hujan; 0 bila tidak.",
        0.0,
        1.0,
    ),
    PodesIndicator(
        "PODES12",
        "Persentase keluarga pengguna listrik PLN",
        "Share of families using PLN electricity",
        "infrastruktur_dasar",
        "%",
        1,
        "rate",
        1,
        "Keluarga pengguna listrik PLN dibagi seluruh keluarga di desa/kelurahan, x 100.",
        0.0,
        100.0,
    ),
)


def install(indicator_model: Any, dataset_model: Any) -> list[Any]:
    """Create or update the Podes indicators and their dataset; return the indicators.

    Takes the model classes, so the migration can pass its historical models and the demo
    the real ones (a database flushed by a test has lost what the migration wrote).
    """
    indicators = []
    for spec in PODES_INDICATORS:
        indicator, _created = indicator_model.objects.update_or_create(
            code=spec.code,
            owner_region=None,
            defaults={
                "name_id": spec.name_id,
                "name_en": spec.name_en,
                "area": spec.area,
                "unit": spec.unit,
                "polarity": spec.polarity,
                "kind": spec.kind,
                "decimals": spec.decimals,
                "definition": spec.definition,
                "source": PODES_SOURCE,
                "levels": ["desa"],
                "min_value": spec.min_value,
                "max_value": spec.max_value,
            },
        )
        indicators.append(indicator)
    # National data loaded by the centre, not a template regions must fill before a
    # training; a region may still send its own desa data in the template.
    dataset, _created = dataset_model.objects.update_or_create(
        code=PODES_DATASET,
        defaults={
            "name_id": "Potensi Desa (Podes): fasilitas dan jarak",
            "name_en": "Village potential (Podes): facilities and distances",
            "kind": "indicators",
            "row_level": 4,
            "agency": "BPS",
            "description": (
                "Sekolah, puskesmas/pustu, jarak ke fasilitas terdekat, jalan, sumber air minum "
                "dan listrik PLN per desa/kelurahan: determinan sisi penyediaan untuk "
                "prioritisasi."
            ),
            "required_for_training": False,
            "ordering": 90,
        },
    )
    dataset.indicators.set(indicators)
    return indicators
