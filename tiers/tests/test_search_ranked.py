"""The statements page ranks only the newest matches of a search, and counts them as "1000+"."""

import datetime

import pytest
from django.db import connection
from django.db.models import F

from tiers.models import QuoteTranslation, Statement
from tiers.models.search import SEARCH_RANKED, AnyOf
from tiers.views.pagination import (
    AtLeast,
    BoundedPaginator,
    KeyedPaginator,
    bounded_count,
    first_with_count,
)

from .factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_the_newest_matches_are_chosen_in_a_subquery_of_their_own():
    statement = StatementFactory(quote="A ceasefire monitoring mission.")
    QuoteTranslation.objects.create(statement=statement, language="uk", text="Ceasefire.")
    ranked = Statement.objects.public().search("ceasefire", newest=SEARCH_RANKED)
    sql = str(ranked.query)
    # The subquery reads its own rows' documents, never the outer row's (one subquery per row).
    assert 'U0."search_document" @@' in sql
    assert [s.quote for s in ranked] == ["A ceasefire monitoring mission."]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_a_way_of_matching_that_found_none_of_the_newest_is_not_ranked_row_by_row():
    StatementFactory(quote="A ceasefire monitoring mission.", speaker__name="Ceasefire Office")
    StatementFactory(quote="Ceasefire talks.")
    by_quote = Statement.objects.public().search("talks", newest=SEARCH_RANKED)
    assert "tiers_quotetranslation" not in str(by_quote.query)
    assert "name_document" not in str(by_quote.query)
    assert [s.quote for s in by_quote] == ["Ceasefire talks."]
    by_name = Statement.objects.public().search("ceasefire", newest=SEARCH_RANKED)
    assert "name_document" in str(by_name.query)
    assert "tiers_quotetranslation" not in str(by_name.query)
    # The speaker's name ranks its statement first, as it does where every way is ranked.
    assert [s.quote for s in by_name][0] == "A ceasefire monitoring mission."
    everything = Statement.objects.public().search("ceasefire")
    assert [s.pk for s in by_name] == [s.pk for s in everything]
    assert [s.rank for s in by_name] == [s.rank for s in everything]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_the_newest_matches_come_ranked_as_the_database_orders_them(django_assert_num_queries):
    # Ties of rank and date, a match by the speaker's name, one by a translation, and one with
    # no date, so that every part of the order is needed.
    quotes = ["Ceasefire.", "Ceasefire, a ceasefire now.", "On the ceasefire and its monitors."]
    for n, quote in enumerate(quotes * 2):
        StatementFactory(quote=quote, slug=f"s-{5 - n}", said_on=datetime.date(2025, 3, n % 2 + 1))
    StatementFactory(quote="Talks.", speaker__name="Ceasefire Office")
    translated = StatementFactory(
        quote="Перемир'я.", language="uk", said_on=None, said_precision=""
    )
    QuoteTranslation.objects.create(statement=translated, language="en", text="A ceasefire.")
    ranked = Statement.objects.public().search("ceasefire", newest=SEARCH_RANKED)
    ranked = ranked.with_translations("ceasefire")
    with django_assert_num_queries(0):
        known = ranked.keys_in_order(SEARCH_RANKED + 1)
    assert len(known) == 8
    assert known == list(ranked.values_list("pk", flat=True))  # ranked again by the database
    assert known[:3] == list(ranked.keys_in_order(3))
    # A filter after the search changes the rows: their keys are read again, in one query.
    only_dated = ranked.filter(said_on__isnull=False)
    with django_assert_num_queries(1):
        assert only_dated.keys_in_order(20) == [pk for pk in known if pk != translated.pk]


def test_a_count_stops_at_its_limit_and_says_so():
    StatementFactory.create_batch(3)
    assert bounded_count(Statement.objects.all(), limit=5) == 3
    capped = bounded_count(Statement.objects.all(), limit=2)
    assert isinstance(capped, AtLeast)
    assert capped == 2
    assert str(capped) == "2+"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_the_newest_matches_of_every_way_of_matching_are_merged_newest_first():
    import datetime

    day = datetime.date(2025, 1, 1)
    quoted = StatementFactory(quote="Ceasefire now.", said_on=day + datetime.timedelta(days=3))
    by_name = StatementFactory(
        quote="Something else.", said_on=day + datetime.timedelta(days=2), speaker__name="Ceasefire"
    )
    StatementFactory(quote="A ceasefire, undated.", said_on=None, said_precision="")
    long_ago = StatementFactory(quote="Ceasefire, long ago.", said_on=day)
    # Unknown dates come last, as on the list.
    found = Statement.objects.public().search("ceasefire", newest=2)
    assert {s.pk for s in found} == {quoted.pk, by_name.pk, long_ago.pk}


def test_the_first_rows_come_with_their_count_in_one_query(django_assert_num_queries):
    StatementFactory.create_batch(4)
    newest = Statement.objects.newest_first()
    with django_assert_num_queries(1):
        rows, total = first_with_count(newest, 2, limit=10)
    assert [row.pk for row in rows] == [row.pk for row in newest[:2]] and total == 4
    rows, capped = first_with_count(newest, 2, limit=3)
    assert isinstance(capped, AtLeast) and capped == 3
    assert first_with_count(newest.filter(quote="nothing like this"), 2) == ([], 0)


def test_ids_read_back_as_one_parameter_find_exactly_those_rows():
    first, second, _third = StatementFactory.create_batch(3)
    found = Statement.objects.filter(AnyOf(F("pk"), [first.pk, second.pk]))
    assert set(found) == {first, second}
    assert not Statement.objects.filter(AnyOf(F("pk"), [])).exists()


def test_a_list_read_by_key_gives_the_pages_a_plain_paginator_gives(django_assert_num_queries):
    StatementFactory.create_batch(7)
    newest = Statement.objects.select_related("speaker").newest_first()
    plain = BoundedPaginator(newest, 3, count_limit=10)
    keyed = KeyedPaginator(newest, 3, count_limit=10)
    # The keys (which count the list) and the page's rows: two queries, whatever the page.
    with django_assert_num_queries(2):
        first = [row.speaker.name for row in keyed.get_page(1)]
        assert keyed.count == 7 and keyed.num_pages == 3
    assert first == [row.speaker.name for row in plain.get_page(1)]
    for number in (2, 3, 9):  # beyond the last, the last
        assert [r.pk for r in keyed.get_page(number)] == [r.pk for r in plain.get_page(number)]
    assert keyed.get_page(3).has_next() is False
    capped = KeyedPaginator(newest, 3, count_limit=5)
    assert isinstance(capped.count, AtLeast) and capped.count == 5
    assert [row.pk for row in capped.get_page(2)] == [row.pk for row in newest[3:5]]
