"""A phrase search reads only the pairs of words through its index, on PostgreSQL only
(tiers/models/search.py, docs/search.md).

Migration 0023 put the words (search_document) beside the pairs (phrase_document) in one GIN
index, so that one scan checked both. For common words that scan read through every record
holding each word: at 500,000 synthetic statements, checking the words on the rows the pairs
find costs less (``WordsOnEachRow``). The index now holds the pairs alone, and keeps its name;
a search of words alone reads tiers_statement_search_idx, as it did before 0023.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL

INDEXES = {
    "tiers_statement": "tiers_statement_phrase_search_idx",
    "tiers_quotetranslation": "tiers_quotetranslation_phrase_search_idx",
}


def rebuilt(columns):
    for table, index in INDEXES.items():
        yield f"DROP INDEX IF EXISTS {index}"
        yield f"CREATE INDEX {index} ON {table} USING gin ({columns})"


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0023_phrase_search_one_index"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            sql=list(rebuilt("phrase_document")),
            reverse_sql=list(rebuilt("search_document, phrase_document")),
        )
    ]
