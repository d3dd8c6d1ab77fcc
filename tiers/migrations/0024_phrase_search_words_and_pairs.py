"""A phrase search reads its words and its pairs through one index of one column, on PostgreSQL
only (tiers/models/search.py, docs/search.md).

phrase_document (migration 0022) kept only the pairs of adjacent words, and migration 0023 put
the words (search_document) beside it in one GIN index over both columns. For common words that
scan still read most of each word's entries, every record holding the word, to skip to the few
holding the pairs (17 ms of a 34 ms query at 500,000 synthetic statements). phrase_document now
holds the words as search_document does, then the pairs: a reader's query with each phrase that
every match must hold replaced by its pairs is then one condition on one column, which the index
answers by reading the pairs' entries and those of the words it excludes (``PhraseCandidates``).
The words are still matched on each row found, against search_document.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL

TABLES = {
    # table: (text column, index)
    "tiers_statement": ("quote", "tiers_statement_phrase_search_idx"),
    "tiers_quotetranslation": ("text", "tiers_quotetranslation_phrase_search_idx"),
}
CONFIGS = ("english", "simple")


def words(column):
    # As search_document holds them (migration 0010), positions included.
    return " || ".join(
        f"to_tsvector('{config}'::regconfig, COALESCE({column}, ''::text))" for config in CONFIGS
    )


def pairs(column):
    # As migration 0022 made them.
    return " || ".join(
        f"tiers_word_pairs(to_tsvector('{config}'::regconfig, COALESCE({column}, ''::text)))"
        for config in CONFIGS
    )


def rebuilt(document, indexed):
    for table, (column, index) in TABLES.items():
        yield f"DROP INDEX IF EXISTS {index}"
        yield f"ALTER TABLE {table} DROP COLUMN IF EXISTS phrase_document"
        yield (
            f"ALTER TABLE {table} ADD COLUMN phrase_document tsvector "
            f"GENERATED ALWAYS AS ({document(column)}) STORED"
        )
        yield f"CREATE INDEX {index} ON {table} USING gin ({indexed})"


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0023_phrase_search_one_index"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            sql=list(rebuilt(lambda c: f"{words(c)} || {pairs(c)}", "phrase_document")),
            reverse_sql=list(rebuilt(pairs, "search_document, phrase_document")),
        )
    ]
