"""A phrase is looked up by its pairs of adjacent words first (phrase_document, migration 0022),
and finds exactly what checking every statement's word positions finds."""

import pytest
from django.db import connection

from tiers.models import QuoteTranslation, Statement
from tiers.models.search import (
    SEARCH_RANKED,
    PhraseCandidates,
    StoredDocument,
    is_one_pair,
    required_phrases,
    search_query,
    text_matches,
)

from .factories import StatementFactory


def postgresql(test):
    only_there = pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
    )
    return pytest.mark.django_db(only_there(test))


@pytest.mark.parametrize(
    "text, phrases",
    [
        ('"peace deal" -drones', ["peace deal"]),
        ('"peace deal" "air shield"', ["peace deal", "air shield"]),
        ('"peace deal" or ceasefire', []),  # either will do: neither phrase is needed
        ('ceasefire OR "peace deal"', []),
        ('-"peace deal" ceasefire', []),  # excluded
        ('ceasefire - "peace deal"', []),
        ('"peace deal" "air shield', ["peace deal"]),  # the open quote asks for nothing
        ('"order of battle" orbit', ["order of battle"]),  # "or" inside words is no operator
        ("peace deal", []),
    ],
)
def test_the_phrases_every_match_must_hold(text, phrases):
    assert required_phrases(text) == phrases


QUOTES = [
    "We want a peace deal now.",
    "A deal for peace is not a peace deal with drones.",
    "No deal, peace first.",
    "The end of the war is near.",
    "The end of war is near.",
    "The end and the war.",
    "Peace-deal talks resumed.",
    "Ukraine's peace deal, it's said.",
    "Мирна угода вже близько.",
    "Deals of peace were signed.",
]
TEXTS = [
    '"peace deal"',
    '"peace deal" -drones',
    '"peace deals"',
    '"deal peace"',
    '"end of the war"',
    '"end of war"',
    '"the war"',
    '"peace-deal talks"',
    '"ukraine\'s peace deal"',
    '"мирна угода"',
    '"peace deal" "deal with drones"',
    '"peace deal" or "end of war"',
    '-"peace deal" deal',
    '"deals of peace"',
    '"a"',
]


def positions_checked_everywhere(text):
    """The statements whose own words match, found without the pairs."""
    query = search_query(text)
    return set(
        Statement.objects.alias(document=StoredDocument())
        .filter(document=query)
        .values_list("pk", flat=True)
    )


@postgresql
@pytest.mark.parametrize("text", TEXTS)
def test_a_phrase_finds_what_checking_every_position_finds(text):
    for quote in QUOTES:
        StatementFactory(quote=quote, speaker__name="Somebody")
    expected = positions_checked_everywhere(text)
    assert {s.pk for s in Statement.objects.public().search(text)} == expected
    newest = Statement.objects.public().search(text, newest=SEARCH_RANKED)
    assert {s.pk for s in newest} == expected


def candidates(text, model=Statement):
    """What the phrase index finds for ``text``, before the words are checked on each row."""
    found = model.objects.filter(PhraseCandidates(text, required_phrases(text)))
    return set(found.values_list("pk", flat=True))


@postgresql
def test_the_pairs_narrow_the_search_to_the_records_holding_them():
    wanted = StatementFactory(quote="We want a peace deal now.")
    with_drones = StatementFactory(quote="A peace deal with drones.")
    StatementFactory(quote="No deal, peace first.")
    end = StatementFactory(quote="The end of the war is near.")
    assert candidates('"peace deal"') == {wanted.pk, with_drones.pk}
    # A phrase of two words: the index alone gives the matches, an excluded word left out.
    assert candidates('"peace deal" -drones') == {wanted.pk}
    # Stop words: english keeps the phrase's positions ('end' <3> 'war'), simple has pairs.
    assert candidates('"end of the war"') == {end.pk}


@postgresql
@pytest.mark.parametrize("text", TEXTS)
def test_the_index_finds_every_record_that_matches(text):
    for quote in QUOTES:
        StatementFactory(quote=quote)
    assert candidates(text) >= positions_checked_everywhere(text)


@postgresql
def test_a_phrase_does_not_run_from_one_configuration_into_the_other():
    # The stored vector is the english words, then the simple ones: "мирна" at the end of the
    # first, "угода" at the start of the second look adjacent to a search of positions alone.
    StatementFactory(quote="Угода мирна.")
    assert len(positions_checked_everywhere('"мирна угода"')) == 1
    assert not Statement.objects.public().search('"мирна угода"').exists()


@postgresql
def test_a_phrase_in_a_translation_is_found_through_its_own_pairs():
    statement = StatementFactory(quote="Мирна угода вже близько.")
    QuoteTranslation.objects.create(statement=statement, language="en", text="A peace deal soon.")
    StatementFactory(quote="Угода мирна.")
    assert [s.pk for s in Statement.objects.public().search('"peace deal"')] == [statement.pk]
    assert len(candidates('"peace deal"', QuoteTranslation)) == 1


@postgresql
def test_the_pairs_are_read_through_the_index_and_the_words_on_the_rows_found():
    # A phrase's common words read through the index would have it read every record holding
    # each of them (docs/search.md): only the pairs go to tiers_statement_phrase_search_idx,
    # and the words are checked on each row it finds, even with the words' own index there.
    StatementFactory(quote="We want a peace deal now.")
    text = '"want a peace deal" -drones'
    plan = quote_plan(text)
    scans = [line for line in plan.splitlines() if "Index Cond" in line]
    assert len(scans) == 1 and "BitmapAnd" not in plan
    assert "phrase_document @@" in scans[0] and "search_document" not in scans[0]
    assert "ts_match_vq(search_document" in plan


@postgresql
def test_a_phrase_of_two_words_is_found_by_its_pair_alone():
    StatementFactory(quote="We want a peace deal now.")
    plan = quote_plan('"peace deal" -drones')
    assert "phrase_document @@" in plan and "search_document" not in plan


def quote_plan(text):
    quoted = Statement.objects.all()._quote_matches(text_matches(text, search_query(text)))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return quoted.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


@pytest.mark.parametrize(
    "phrase, alone",
    [
        ("peace deal", True),
        ("мирна угода", True),
        ("deal", True),
        ("end of war", False),  # three words: pairs of pairs
        ("peace-deal talks", False),  # the parser splits a hyphenated word in three
        ("ukraine's peace", False),
    ],
)
def test_which_phrases_their_pair_alone_finds(phrase, alone):
    assert is_one_pair(phrase) is alone
