import datetime

import pytest

from tiers.models import Commitment, Statement, StatusChange

from .factories import (
    ActorFactory,
    CommitmentFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    one, two = TierFactory(number=1, slug="one"), TierFactory(number=2, slug="two")
    france = ActorFactory(name="France", slug="france")
    force = CommitmentFactory(
        tier=two,
        title="Reassurance force",
        lead_actor=france,
        announced_on=datetime.date(2025, 9, 4),
    )
    StatusChangeFactory(
        commitment=force,
        occurred_on=datetime.date(2026, 1, 6),
        progress="agreed",
        summary="Signed.",
    )
    CommitmentFactory(tier=one, title="Undated", announced_on=None, announced_precision="")
    StatementFactory(
        speaker=ActorFactory(slug="macron", kind="person"),
        on_behalf_of=france,
        said_on=datetime.date(2025, 8, 1),
        said_precision="month",
        tiers=[two],
    )
    StatementFactory(said_on=datetime.date(2024, 1, 1), said_precision="year", tiers=[one])


def kinds_and_dates(response):
    return [(e.kind, e.date.isoformat()) for e in response.context["page"]]


def test_every_dated_event_in_order_newest_first(client, events):
    response = client.get("/en/timeline/")
    assert kinds_and_dates(response) == [
        ("change", "2026-01-06"),
        ("announced", "2025-09-04"),
        ("statement", "2025-08"),
        ("statement", "2024"),
    ]
    text = response.content.decode()
    assert '<time datetime="2024">2024</time>' in text
    assert '<time datetime="2025-08">August 2025</time>' in text


def test_filter_by_tier(client, events):
    response = client.get("/en/timeline/?tier=one")
    assert kinds_and_dates(response) == [("statement", "2024")]


def test_filter_by_actor_covers_commitments_changes_and_statements_on_its_behalf(client, events):
    response = client.get("/en/timeline/?actor=france")
    assert [kind for kind, _ in kinds_and_dates(response)] == ["change", "announced", "statement"]


def test_the_chart_counts_events_per_year_with_a_table(client, events):
    response = client.get("/en/timeline/")
    chart = response.context["chart"]
    assert chart.rows == [["2024", 0, 0, 1], ["2025", 1, 0, 1], ["2026", 0, 1, 0]]
    text = response.content.decode()
    assert '<svg class="chart" role="img"' in text
    assert "<caption>Events per year</caption>" in text


def test_pages_that_span_years_keep_the_order(client, db):
    speaker = ActorFactory(kind="person")
    Statement.objects.bulk_create(
        Statement(
            speaker=speaker,
            slug=f"s-{year}-{n}",
            said_on=datetime.date(year, 1, 1) + datetime.timedelta(days=n),
            said_precision="day",
            quote="Words.",
            visibility="published",
        )
        for year, count in [(2023, 30), (2024, 45), (2025, 40)]
        for n in range(count)
    )
    expected = [s.said_on for s in Statement.objects.order_by("-said_on") if s.said_on is not None]
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/en/timeline/?page={number}").context["page"]
        assert page.paginator.count == 115
        seen += [event.record.said_on for event in page]
    assert seen == expected


def test_pages_of_every_kind_on_the_same_days_keep_the_order(client, db):
    # Each kind is read newest first up to the page's end, then the three are merged: a page
    # deep into one busy year must still hold exactly the events the whole order puts there.
    tier = TierFactory()
    days = [datetime.date(2025, 3, day) for day in (1, 2, 3)]
    for n in range(25):
        commitment = CommitmentFactory(tier=tier, announced_on=days[n % 3])
        StatusChangeFactory(commitment=commitment, occurred_on=days[(n + 1) % 3])
        StatementFactory(said_on=days[(n + 2) % 3], tiers=[tier])
    events = [(c.announced_on, "announced", c.pk) for c in Commitment.objects.all()]
    events += [(c.occurred_on, "change", c.pk) for c in StatusChange.objects.all()]
    events += [(s.said_on, "statement", s.pk) for s in Statement.objects.all()]
    events.sort(key=lambda event: (event[1], -event[2]))
    events.sort(key=lambda event: event[0], reverse=True)  # stable: newest, then kind, then id
    seen = []
    for number in (1, 2):
        page = client.get(f"/en/timeline/?page={number}").context["page"]
        seen += [(event.kind, event.record.pk) for event in page]
    assert seen == [(kind, pk) for _on, kind, pk in events]
