"""Word pairs for the phrase search of statements and their translations, on PostgreSQL only
(tiers/models/search.py, docs/search.md).

A phrase ("peace deal") needs the position of each word checked in every record that holds both
words, and no index that PostgreSQL ships keeps positions and reads matches newest first at once.
So each searched text also keeps, in a generated column phrase_document under a GIN index named
after its search, every pair of adjacent words as one lexeme ('peac deal'), in each
configuration. A phrase of two words or more must then hold each of its own pairs: the index
finds the records that do, and only those have their positions checked. Two SQL functions make
the pairs, of a stored vector and of a reader's phrase; both are immutable, so a phrase given as a
literal is turned into its pairs once, when the query is planned.
"""

from django.db import migrations

from tiers.db_operations import RunSQLOnPostgreSQL

WORD_PAIRS = """
CREATE FUNCTION tiers_word_pairs(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH words AS (SELECT w.lexeme, p FROM unnest(document) AS w, unnest(w.positions) AS p)
  SELECT array_to_tsvector(COALESCE(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}'))
  FROM words AS a JOIN words AS b ON b.p = a.p + 1
$$
"""

# NULL when the phrase has no two adjacent words (one word, or words around a stop word): the
# caller then asks for no pairs at all.
PHRASE_PAIRS = r"""
CREATE FUNCTION tiers_phrase_pairs(config regconfig, phrase text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT string_agg(
      '''' || replace(replace(pair, '\', '\\'), '''', '''''') || '''', ' & '
  )::tsquery
  FROM unnest(tsvector_to_array(tiers_word_pairs(to_tsvector(config, phrase)))) AS pair
$$
"""


def pairs(column):
    return " || ".join(
        f"tiers_word_pairs(to_tsvector('{config}'::regconfig, COALESCE({column}, ''::text)))"
        for config in ("english", "simple")
    )


TABLES = {
    # table: (text column, index)
    "tiers_statement": ("quote", "tiers_statement_phrase_search_idx"),
    "tiers_quotetranslation": ("text", "tiers_quotetranslation_phrase_search_idx"),
}


def forwards():
    yield WORD_PAIRS
    yield PHRASE_PAIRS
    for table, (column, index) in TABLES.items():
        yield (
            f"ALTER TABLE {table} ADD COLUMN phrase_document tsvector "
            f"GENERATED ALWAYS AS ({pairs(column)}) STORED"
        )
        yield f"CREATE INDEX {index} ON {table} USING gin (phrase_document)"


def backwards():
    for table, (_column, index) in TABLES.items():
        yield f"DROP INDEX IF EXISTS {index}"
        yield f"ALTER TABLE {table} DROP COLUMN IF EXISTS phrase_document"
    yield "DROP FUNCTION IF EXISTS tiers_phrase_pairs(regconfig, text)"
    yield "DROP FUNCTION IF EXISTS tiers_word_pairs(tsvector)"


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0021_site_search_documents"),
    ]

    operations = [RunSQLOnPostgreSQL(sql=list(forwards()), reverse_sql=list(backwards()))]
