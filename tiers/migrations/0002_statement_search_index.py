"""A GIN index for the full-text search of statements, built on PostgreSQL only.

SQLite cannot build it (and searches by substring there), so the operation checks the database
and leaves the model state alone: the index is not in Statement.Meta, and makemigrations stays
clean on both databases. Migration 0007 moves the index onto a stored column.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from tiers.db_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0001_initial"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="statement",
            index=GinIndex(
                SearchVector("quote", "translation", config="english"),
                name="tiers_statement_search_idx",
            ),
        ),
    ]
