"""A GIN index for the full-text search of statements, built on PostgreSQL only.

SQLite cannot build it (and searches by substring there), so the operation checks the database
and leaves the model state alone: the index is not in Statement.Meta, and makemigrations stays
clean on both databases. Its expression repeats tiers.models.statement.search_vector().
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex that runs on PostgreSQL and nowhere else, without touching the model state."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


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
