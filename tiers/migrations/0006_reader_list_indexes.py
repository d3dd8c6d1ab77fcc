"""Indexes for the public lists read newest first.

The two with NULLS LAST (unknown dates go last) are built on PostgreSQL only: SQLite cannot build
them. Their expressions repeat CommitmentQuerySet.newest_first and StatementQuerySet.newest_first.
"""

from django.db import migrations, models

from tiers.db_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0005_editorial_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="statuschange",
            index=models.Index(
                models.OrderBy(models.F("occurred_on"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="tiers_statuschange_latest_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="commitment",
            index=models.Index(
                models.F("announced_on").desc(nulls_last=True),
                models.F("title"),
                models.F("id"),
                name="tiers_commitment_newest_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="statement",
            index=models.Index(
                models.F("said_on").desc(nulls_last=True),
                models.F("slug"),
                name="tiers_statement_newest_idx",
            ),
        ),
    ]
