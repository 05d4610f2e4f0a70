"""The national catalogue of prioritisation indicators (sepakat/priorities/catalogue.py)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from sepakat.priorities.catalogue import CATALOGUE, install


def add_catalogue(apps: Any, schema_editor: Any) -> None:
    install(apps.get_model("priorities", "PriorityIndicator"), apps.get_model("datahub", "Indicator"))


def remove_catalogue(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("priorities", "PriorityIndicator")
    model.objects.filter(code__in=[row.code for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    # datahub.0012 brings the Podes indicators the rows link to as determinants.
    dependencies = [("priorities", "0001_initial"), ("datahub", "0012_podes")]
    operations: list[migrations.operations.base.Operation] = [
        migrations.RunPython(add_catalogue, remove_catalogue)
    ]
