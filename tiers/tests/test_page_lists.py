"""A page's lists in one PostgreSQL query (tiers/page_lists.py) say exactly what the query per list
says, drafts left out alike, with every value of the same type."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from tiers import published
from tiers.models import Visibility
from tiers.page_lists import in_one_query
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the one query is PostgreSQL's (arrays, JSON)"
    ),
]
DRAFT = Visibility.DRAFT


def portable(ids) -> dict:
    lists = published.commitment_lists_a_query_each(ids)
    return {name: dict(values) for name, values in lists.items()}


@pytest.fixture
def commitments():
    """Commitments with public and hidden records in each of their lists."""
    shown, hidden = SourceFactory(title="B source"), SourceFactory(visibility=DRAFT)
    first = CommitmentFactory()
    first.actors.set([ActorFactory(name="Zeta"), ActorFactory(name="Alpha")])
    first.actors.add(ActorFactory(visibility=DRAFT))
    first.sources.set([shown, SourceFactory(title="A source"), hidden])
    evidence = StatementFactory()
    hidden_evidence = StatementFactory(speaker=ActorFactory(visibility=DRAFT))
    StatusChangeFactory(commitment=first, source=shown, statement=evidence)
    StatusChangeFactory(commitment=first, source=hidden, statement=hidden_evidence)
    StatusChangeFactory(commitment=first, visibility=DRAFT)
    FigureFactory(commitment=first, value=Decimal("1500000000.5"), source=shown)
    FigureFactory(commitment=first, value=Decimal("12"), source=hidden)
    FigureFactory(commitment=first, visibility=DRAFT)
    second = CommitmentFactory()
    StatusChangeFactory(commitment=second)
    bare = CommitmentFactory()
    return [first, second, bare]


def test_the_one_query_reads_what_a_query_per_list_reads(commitments):
    ids = [commitment.pk for commitment in commitments]
    assert in_one_query(connection.alias)
    one = published.commitment_lists().read(ids, connection.alias)
    assert one == portable(ids)
    first = commitments[0].pk
    assert len(one["actors"][first]) == 2 and len(one["sources"][first]) == 2
    assert [change["source_key"] for change in one["timeline"][first]].count(None) == 1
    assert [change["statement_slug"] for change in one["timeline"][first]].count(None) == 1
    assert commitments[2].pk not in one["timeline"]


def test_each_value_keeps_its_type(commitments):
    first = commitments[0].pk
    one = published.commitment_lists().read([first], connection.alias)
    change, figure = one["timeline"][first][0], one["figures"][first][0]
    assert type(change["occurred_on"]) is datetime.date
    assert change["updated_at"].tzinfo == datetime.UTC
    assert change["updated_at"] == commitments[0].status_changes.get(pk=change["id"]).updated_at
    assert {type(f["value"]) for f in one["figures"][first]} == {Decimal}
    assert figure == portable([first])["figures"][first][0]


def test_a_page_reads_its_lists_in_one_query(commitments, django_assert_num_queries):
    records = list(published.commitments().filter(pk__in=[c.pk for c in commitments]))
    with django_assert_num_queries(1):
        published.commitment_relations(records)
    assert [len(record.timeline) for record in records] == [2, 1, 0]
