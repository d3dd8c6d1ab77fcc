"""Full-text search of the records, shared by every type readers search (docs/search.md).

On PostgreSQL each searched table keeps the text vector of its words in a generated column,
``search_document``, under a GIN index (migrations 0007, 0010 and 0021): the words in two
configurations at once, "english" (stems English words) and "simple" (every word as written,
lowercased, which suits Ukrainian: PostgreSQL ships no Ukrainian dictionary), of the English and
the Ukrainian columns alike. The columns are not model fields (SQLite has no such type); queries
name them through ``StoredDocument``. Elsewhere a search is a case-insensitive substring.

Statements and their translations also keep their words with each pair of adjacent words
(``phrase_document``, migrations 0022 and 0024), so that a phrase is looked up by its pairs
before its positions are checked (``PhraseCandidates``).
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import In
from django.utils.translation import get_language

SEARCH_CONFIGS = ("english", "simple")
HEADLINE_CONFIG = "english"  # leaves words it cannot stem (Cyrillic ones) as written
# Private-use characters around each match in a headline; templates escape the text, then turn
# them into <mark> elements, so that no record's text is ever trusted as HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKS = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "highlight_all": True}
# A passage of a longer text around its matches (a commitment's description).
PASSAGE = {
    "start_sel": MARK_START,
    "stop_sel": MARK_STOP,
    "max_words": 25,
    "min_words": 10,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}
# A search on the pages ranks only this many matches (the newest, or the first in the type's own
# order) and says "1000+" when there are more: ranking every match of a common word costs as
# much as reading them all.
SEARCH_RANKED = 1000
ENGLISH = "en"


class PageExtent(NamedTuple):
    """How far into a paginated list a page reads (``stop``: how many records come before the
    page's end), and how the list's count is had: ``count_of(queryset)``, kept from an earlier
    request, or counted now and kept for the page to read."""

    stop: int
    count_of: Callable[[models.QuerySet], int]


class StoredDocument(models.Expression):
    """A stored text vector of the query's own table (``search_document`` unless named), under
    whatever alias that table has (in a subquery too)."""

    output_field = SearchVectorField()

    def __init__(self, column: str = "search_document"):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f'{compiler.quote_name_unless_alias(alias)}."{self.column}"', []


class PhraseCandidates(models.Expression):
    """Whether the record's ``phrase_document`` (its words, then each pair of adjacent words as
    one lexeme) matches ``text`` with each of ``phrases``, the phrases that every match must
    hold, replaced by its pairs, in one configuration or the other: the records that can match
    ``text``, found by the GIN index of that one column. For a phrase of two words that is
    exactly the records holding the pair, less those holding a word the text excludes, read
    from the pair's few entries and the excluded word's, not from every record holding each of
    the phrase's words. A phrase without two adjacent words in a configuration (one word, or
    words around a stop word) keeps its words' positions there. PostgreSQL rewrites the query
    once, as it plans."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, text, phrases):
        super().__init__()
        self.text, self.phrases = text, tuple(phrases)

    def as_sql(self, compiler, connection):
        document, _ = StoredDocument("phrase_document").as_sql(compiler, connection)
        queries, params = [], []
        for config in SEARCH_CONFIGS:
            query, values = "websearch_to_tsquery(%s::regconfig, %s)", [config, self.text]
            for phrase in self.phrases:
                words = "phraseto_tsquery(%s::regconfig, %s)"
                pairs = f"COALESCE(tiers_phrase_pairs(%s::regconfig, %s), {words})"
                query = f"ts_rewrite({query}, {words}, {pairs})"
                values += [config, phrase] * 3
            queries.append(query)
            params += values
        return f"{document} @@ ({' || '.join(queries)})", params


class AnyOf(models.Lookup):
    """``lhs = ANY(%s)`` with the values as one array parameter on PostgreSQL: a thousand ids
    read back into a query as ``IN (%s, %s, …)`` cost more to bind and to parse than to look
    up. Elsewhere Django's own ``IN``."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return compiler.compile(In(self.lhs, list(self.rhs)))
        lhs, params = compiler.compile(self.lhs)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


_OR = re.compile(r"\bor\b", re.IGNORECASE)


def required_phrases(text: str) -> list[str]:
    """The quoted phrases that every match of ``text`` (websearch syntax) must hold: none when
    the words are alternatives (``or``), and never a phrase that is excluded (``-"…"``) or left
    unclosed."""
    parts = text.split('"')
    outside, closed = parts[0::2], parts[1:-1:2]  # an odd number of quotes leaves one open
    if any(_OR.search(part) for part in outside):
        return []
    return [
        p for before, p in zip(outside, closed, strict=False) if not before.rstrip().endswith("-")
    ]


class WordsOnEachRow(models.Func):
    """``document @@ query`` written as the function behind the operator, which no index serves:
    the words are checked on each row that the phrase's pairs found. Given to the GIN index as
    well, a phrase's common words would have it read through each word's entries, every record
    holding the word, which at 500,000 statements cost more than checking the rows the pairs
    leave (docs/search.md)."""

    function = "ts_match_vq"
    output_field = models.BooleanField()


def is_one_pair(phrase: str) -> bool:
    """Whether ``phrase`` is at most two words of letters and digits alone, so at most two
    lexemes in either configuration: its pair (or its one word) is then exactly the phrase,
    where the pairs of three words, or of a word the parser splits ("peace-deal", "Ukraine's"),
    only narrow the records down."""
    words = phrase.split()
    return len(words) <= 2 and all(word.isalnum() for word in words)


def text_matches(text: str, query) -> tuple:
    """The conditions under which a record of a table with a ``phrase_document`` matches
    ``text`` (``query``: its ``search_query``): where every match must hold phrases, their pairs
    through the GIN index, and the words on each row it finds unless every phrase is one pair;
    otherwise the words through the index."""
    phrases = required_phrases(text)
    if not phrases:
        return (SearchVectorExact(StoredDocument(), query),)
    candidates = PhraseCandidates(text, phrases)
    if all(is_one_pair(phrase) for phrase in phrases):
        return (candidates,)
    return candidates, WordsOnEachRow(StoredDocument(), query)


def search_query(text: str):
    """``text`` in the websearch syntax ("exact phrase", or, -word), in both configurations."""
    english, simple = (SearchQuery(text, config=c, search_type="websearch") for c in SEARCH_CONFIGS)
    return english | simple


def estimated_rows(queryset) -> int:
    """The rows of ``queryset``'s table as PostgreSQL's planner counts them (``reltuples``, kept
    by VACUUM and ANALYZE): one catalog read, where ``COUNT(*)`` would read the table; 0 when the
    table has not been analysed yet."""
    table = queryset.model._meta.db_table
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (rows,) = cursor.fetchone()
    return max(int(rows), 0)


def full_text(queryset) -> bool:
    """Whether ``queryset``'s database searches by the stored vectors."""
    return connections[queryset.db].vendor == "postgresql"


def contains_any(columns, text: str) -> models.Q:
    """Any of ``columns`` contains ``text`` (case-insensitive): the search where there is no
    full-text search."""
    found = models.Q()
    for column in columns:
        found |= models.Q(**{f"{column}__icontains": text})
    return found


def in_columns(field: str, languages=("en", "uk")) -> list[str]:
    """The language columns of a translated field (tiers/translation.py): title_en, title_uk."""
    return [f"{field}_{language}" for language in languages]


def reader_text(field: str):
    """A translated field as the reader sees it: the page's language, English where empty (as
    django-modeltranslation's fallback reads it on a record)."""
    language = get_language() or ENGLISH
    english = models.F(f"{field}_{ENGLISH}")
    if language == ENGLISH:
        return english
    return Coalesce(NullIf(models.F(f"{field}_{language}"), models.Value("")), english)


def headline(expression, query, passage: bool = False):
    """The text with every match between MARK_START and MARK_STOP; with ``passage``, only a
    few words around the matches."""
    options = PASSAGE if passage else MARKS
    return SearchHeadline(expression, query, config=HEADLINE_CONFIG, **options)


def ranked(queryset, text: str, *, order, newest: int | None = None, headlines=None):
    """The records of ``queryset`` whose stored vector matches ``text``, most relevant first,
    then in ``order``, each with its ``rank`` and the ``headlines`` asked for (name: a function
    of the query giving the expression). With ``newest``, only the first ``newest + 1`` matches
    in ``order`` are ranked and returned."""
    query = search_query(text)
    matches = queryset.alias(document=StoredDocument()).filter(document=query)
    if newest is not None:
        matches = queryset.filter(pk__in=matches.order_by(*order).values("pk")[: newest + 1])
    marked = {name: build(query) for name, build in (headlines or {}).items()}
    return matches.annotate(rank=SearchRank(StoredDocument(), query), **marked).order_by(
        "-rank", *order
    )
