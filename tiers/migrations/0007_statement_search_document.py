"""A stored text vector for the full-text search of statements, on PostgreSQL only.

Migration 0002 indexed the expression itself; ranking and phrase searches then had to compute the
vector again for every candidate row. PostgreSQL now keeps it in a generated column,
search_document, and the GIN index tiers_statement_search_idx is on that column. The column is
not in the model (SQLite has no such type): StatementQuerySet.search reads it by name.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL

VECTOR = (
    "to_tsvector('english'::regconfig, "
    "(COALESCE(quote, ''::text) || ' '::text) || COALESCE(translation, ''::text))"
)


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0006_reader_list_indexes"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            sql=[
                "DROP INDEX IF EXISTS tiers_statement_search_idx",
                f"ALTER TABLE tiers_statement ADD COLUMN search_document tsvector "
                f"GENERATED ALWAYS AS ({VECTOR}) STORED",
                "CREATE INDEX tiers_statement_search_idx ON tiers_statement "
                "USING gin (search_document)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS tiers_statement_search_idx",
                "ALTER TABLE tiers_statement DROP COLUMN IF EXISTS search_document",
                f"CREATE INDEX tiers_statement_search_idx ON tiers_statement USING gin ({VECTOR})",
            ],
        ),
    ]
