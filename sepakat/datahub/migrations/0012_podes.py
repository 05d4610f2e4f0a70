"""The Podes-like desa indicators (supply side of the prioritisation) and their dataset."""

from django.db import migrations

from sepakat.datahub.podes import PODES_DATASET, PODES_INDICATORS, PODES_SOURCE


def add_podes(apps, schema_editor):
    Indicator = apps.get_model("datahub", "Indicator")
    Dataset = apps.get_model("datahub", "Dataset")
    indicators = []
    for spec in PODES_INDICATORS:
        indicator, _created = Indicator.objects.update_or_create(
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
    dataset, _created = Dataset.objects.update_or_create(
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


def remove_podes(apps, schema_editor):
    Indicator = apps.get_model("datahub", "Indicator")
    Dataset = apps.get_model("datahub", "Dataset")
    Dataset.objects.filter(code=PODES_DATASET).delete()
    codes = [spec.code for spec in PODES_INDICATORS]
    Indicator.objects.filter(owner_region__isnull=True, code__in=codes, observations=None).delete()


class Migration(migrations.Migration):
    dependencies = [("datahub", "0011_computed_dataset_kind")]

    operations = [migrations.RunPython(add_podes, remove_podes)]
