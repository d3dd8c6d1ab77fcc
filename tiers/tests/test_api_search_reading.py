"""An API statement search counts its matches first (or reads their kept count), then chooses how
to read its page: a common word by walking the statements in order and matching each quote, a
rare one through the GIN index. The records, their order and the count are the same either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiers.models import Statement
from tiers.models.search import PageExtent

from .factories import ActorFactory, StatementFactory

FULL_TEXT = connection.vendor == "postgresql"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FULL_TEXT, reason="full-text search is PostgreSQL's"),
]

# The quote matched on the page's own rows, not through a subquery of its table (``U0``).
WALKED = '"tiers_statement"."search_document" @@'
# A phrase of two words: its pair, matched on the page's own rows, which is all it needs.
WALKED_PHRASE = ('"tiers_statement"."phrase_document" @@',)


@pytest.fixture(autouse=True)
def pages_rendered_anew(settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # the count is kept all the same (pagination.py)


@pytest.fixture(autouse=True)
def planner_counts_every_statement(monkeypatch):
    # What ANALYZE would tell PostgreSQL's planner of the table's size; ANALYZE itself writes
    # the size outside the test's transaction, for the tests after it to plan with.
    monkeypatch.setattr(
        "tiers.models.statement.estimated_rows", lambda queryset: Statement.objects.count()
    )


@pytest.fixture
def statements():
    speaker = ActorFactory(name="Ceasefire Envoy")
    common = [StatementFactory(quote=f"A ceasefire, number {n}.") for n in range(12)]
    rare = StatementFactory(quote="Monitoring from the air.")
    StatementFactory.create_batch(6, quote="Nothing of the kind.")
    spoken = StatementFactory(speaker=speaker, quote="Words of the envoy.")
    both = StatementFactory(speaker=speaker, quote="The envoy's ceasefire.")  # counted once
    translated = StatementFactory(
        language="uk", quote="Припинення вогню.", translations={"en": "A ceasefire."}
    )
    return {"common": common, "rare": rare, "others": [spoken, both, translated]}


def page(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/statements/", query)
    assert response.status_code == 200, response.content
    data = response.json()
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "tiers_statement"."id"')]
    return data, rows


def test_a_common_word_walks_the_statements(client, statements):
    first, rows = page(client, q="ceasefire", page_size=4)
    assert WALKED in rows[0]
    # Twelve quotes, the envoy's two statements, found by his name (one by its quote too), and
    # a translation.
    assert first["count"] == 15
    again, _ = page(client, q="ceasefire", page_size=4)  # with the count kept
    assert again == first
    expected = sorted([*statements["common"], *statements["others"]], key=lambda s: s.pk)
    pages = [page(client, q="ceasefire", page_size=4, page=n)[0] for n in (1, 2, 3, 4)]
    assert [r["slug"] for p in pages for r in p["results"]] == [s.slug for s in expected]
    assert {p["count"] for p in pages} == {15}


def test_a_rare_word_is_read_through_the_index(client, statements):
    first, _ = page(client, q="monitoring", page_size=4)
    again, rows = page(client, q="monitoring", page_size=4)
    assert WALKED not in rows[0]
    assert again == first
    assert [r["slug"] for r in first["results"]] == [statements["rare"].slug]


def test_the_walk_is_chosen_when_it_reads_fewer_rows_than_the_matches(statements):
    rows = 22

    def chosen(count, stop):
        statements = Statement.objects.all()
        return statements._walk_is_shorter([statements], PageExtent(stop, lambda _: count))

    assert chosen(count=13, stop=4)  # 4 × 22 < 13²
    assert not chosen(count=13, stop=9)  # 9 × 22 ≥ 13²
    assert not chosen(count=1, stop=1)
    assert not chosen(count=0, stop=1)
    assert not Statement.objects.all()._walk_is_shorter([Statement.objects.all()], None)
    assert rows * 4 < 13**2 <= rows * 9, "the cases above sit either side of the line"


def test_a_phrase_is_matched_on_the_walked_rows_as_well(client, statements):
    StatementFactory.create_batch(20, quote="The number of ceasefire talks.")
    first, rows = page(client, q='"ceasefire number"', page_size=2)
    assert all(condition in rows[0] for condition in WALKED_PHRASE)
    assert [r["slug"] for r in first["results"]] == [s.slug for s in statements["common"][:2]]
    assert first["count"] == 12
