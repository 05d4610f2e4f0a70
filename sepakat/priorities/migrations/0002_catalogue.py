"""The national catalogue of prioritisation indicators (filled by the catalogue work)."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("priorities", "0001_initial"), ("datahub", "0011_computed_dataset_kind")]
    operations: list[migrations.operations.base.Operation] = []
