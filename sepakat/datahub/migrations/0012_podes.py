"""The Podes-like desa indicators (supply side of the prioritisation) and their dataset."""

from django.db import migrations

from sepakat.datahub.podes import PODES_DATASET, PODES_INDICATORS, install


def add_podes(apps, schema_editor):
    install(apps.get_model("datahub", "Indicator"), apps.get_model("datahub", "Dataset"))


def remove_podes(apps, schema_editor):
    Indicator = apps.get_model("datahub", "Indicator")
    Dataset = apps.get_model("datahub", "Dataset")
    Dataset.objects.filter(code=PODES_DATASET).delete()
    codes = [spec.code for spec in PODES_INDICATORS]
    Indicator.objects.filter(owner_region__isnull=True, code__in=codes, observations=None).delete()


class Migration(migrations.Migration):
    dependencies = [("datahub", "0011_computed_dataset_kind")]

    operations = [migrations.RunPython(add_podes, remove_podes)]
