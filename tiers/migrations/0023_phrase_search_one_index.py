"""A phrase search reads the words and their pairs through one index, on PostgreSQL only
(tiers/models/search.py, docs/search.md).

With the pairs (phrase_document, migration 0022) and the words (search_document) under two
indexes, PostgreSQL read both and intersected them: the words' index gives every record that holds
each word of the phrase, which for common words is a large share of the table (55,838 of 500,000
synthetic statements for "peace deal", 38 ms of a 55 ms query). One GIN index over both columns
checks the two conditions in one scan, which skips through the common words' entries to the few
records that hold the pairs (4,034 there, in 12 ms). It keeps the name of the index it replaces,
since it serves the same search.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL

INDEXES = {
    "tiers_statement": "tiers_statement_phrase_search_idx",
    "tiers_quotetranslation": "tiers_quotetranslation_phrase_search_idx",
}


def forwards():
    for table, index in INDEXES.items():
        yield f"DROP INDEX IF EXISTS {index}"
        yield f"CREATE INDEX {index} ON {table} USING gin (search_document, phrase_document)"


def backwards():
    for table, index in INDEXES.items():
        yield f"DROP INDEX IF EXISTS {index}"
        yield f"CREATE INDEX {index} ON {table} USING gin (phrase_document)"


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0022_phrase_search_documents"),
    ]

    operations = [RunSQLOnPostgreSQL(sql=list(forwards()), reverse_sql=list(backwards()))]
