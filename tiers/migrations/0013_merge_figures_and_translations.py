"""Joins the two lines of migrations: figures (0009–0012) and records' texts in English and
Ukrainian with quote translations (0009_records_in_english_and_ukrainian, 0010_quote_translations).
No operation of its own."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0010_quote_translations"),
        ("tiers", "0012_figure_role_permissions"),
    ]

    operations = []
