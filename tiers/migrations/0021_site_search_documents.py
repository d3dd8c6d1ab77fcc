"""Stored text vectors for the site's search of commitments, actors and sources, on PostgreSQL
only (tiers/models/search.py, docs/search.md).

Each table gets a generated column, search_document, under a GIN index named after its search:
the words of the English and the Ukrainian columns, each in the english and simple
configurations, weighted so that a title or a name ranks above a description. Actors get a second
column, name_document (their names alone), under tiers_actor_speaker_search_idx, for a search of
statements by their speaker's name. The columns are not model fields (SQLite has no such type), so
makemigrations stays clean on both databases.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL


def words(*columns):
    """The vector of ``columns`` in both configurations."""
    return " || ".join(
        f"to_tsvector('{config}'::regconfig, COALESCE({column}, ''::text))"
        for column in columns
        for config in ("english", "simple")
    )


def weighted(*parts):
    """(weight, columns) pairs, each part's vector with its weight."""
    return " || ".join(f"setweight({words(*columns)}, '{weight}'::\"char\")" for weight, columns in parts)


def both(field):
    return (f"{field}_en", f"{field}_uk")


NAMES = (*both("name"), *both("short_name"))
DOCUMENTS = {
    # table: [(column, expression, index)]
    "tiers_commitment": [
        (
            "search_document",
            weighted(
                ("A", both("title")),
                ("B", both("description")),
                ("C", both("condition_description")),
            ),
            "tiers_commitment_search_idx",
        ),
    ],
    "tiers_actor": [
        (
            "search_document",
            weighted(("A", NAMES), ("B", both("description"))),
            "tiers_actor_search_idx",
        ),
        ("name_document", words(*NAMES), "tiers_actor_speaker_search_idx"),
    ],
    "tiers_source": [
        (
            "search_document",
            weighted(("A", ("title",)), ("B", ("publisher",))),
            "tiers_source_search_idx",
        ),
    ],
}


def forwards():
    for table, columns in DOCUMENTS.items():
        for column, expression, index in columns:
            yield (
                f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
                f"GENERATED ALWAYS AS ({expression}) STORED"
            )
            yield f"CREATE INDEX {index} ON {table} USING gin ({column})"


def backwards():
    for table, columns in DOCUMENTS.items():
        for column, _expression, index in columns:
            yield f"DROP INDEX IF EXISTS {index}"
            yield f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}"


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0020_commitment_troop_position_and_term"),
    ]

    operations = [RunSQLOnPostgreSQL(sql=list(forwards()), reverse_sql=list(backwards()))]
