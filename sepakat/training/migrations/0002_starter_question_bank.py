"""Seed the starter question bank so that a new installation can run its first tests."""

from django.db import migrations


def load(apps, schema_editor):
    from sepakat.training.question_bank import STARTER_BANK

    Question = apps.get_model("training", "Question")
    existing = set(Question.objects.values_list("text", flat=True))
    Question.objects.bulk_create(
        Question(topic=str(q.topic), text=q.text, choices=list(q.choices), correct=q.correct)
        for q in STARTER_BANK
        if q.text not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
