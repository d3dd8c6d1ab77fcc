"""The newest commitments of each progress on a tier's page (tiers.views.tiers.newest_of_each):
one index range per progress instead of a window over every commitment of the tier. PostgreSQL
only, like tiers_commitment_newest_idx, whose NULLS LAST SQLite cannot build."""

from django.db import migrations, models

from tiers.db_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0017_statement_language_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="commitment",
            index=models.Index(
                models.F("tier"),
                models.F("progress"),
                models.F("announced_on").desc(nulls_last=True),
                models.F("title"),
                models.F("id"),
                name="tiers_commitment_tier_newest_idx",
            ),
        ),
    ]
