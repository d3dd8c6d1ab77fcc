"""A figure's note in English and Ukrainian (tiers/translation.py), like the other records'
texts in 0009_records_in_english_and_ukrainian: the notes stored so far are English and are
copied into note_en, history included."""

from django.db import migrations, models
from django.db.models import F


def copy_into_english(apps, schema_editor):
    for name in ("figure", "historicalfigure"):
        apps.get_model("tiers", name)._base_manager.update(note_en=F("note"))


def copy_back(apps, schema_editor):
    for name in ("figure", "historicalfigure"):
        model = apps.get_model("tiers", name)
        model._base_manager.exclude(note_en=None).update(note=F("note_en"))


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0013_merge_figures_and_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="note_en",
            field=models.TextField(
                blank=True,
                help_text="Optional: what the figure includes or how the source counts it, in a sentence.",
                null=True,
                verbose_name="note",
            ),
        ),
        migrations.AddField(
            model_name="figure",
            name="note_uk",
            field=models.TextField(
                blank=True,
                help_text="Optional: what the figure includes or how the source counts it, in a sentence.",
                null=True,
                verbose_name="note",
            ),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="note_en",
            field=models.TextField(
                blank=True,
                help_text="Optional: what the figure includes or how the source counts it, in a sentence.",
                null=True,
                verbose_name="note",
            ),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="note_uk",
            field=models.TextField(
                blank=True,
                help_text="Optional: what the figure includes or how the source counts it, in a sentence.",
                null=True,
                verbose_name="note",
            ),
        ),
        migrations.RunPython(copy_into_english, copy_back),
    ]
