"""Every public page runs the same number of SQL queries with a few records or with 1,000+.

The records are made with bulk_create, once per size for the module, so that the large case stays
fast; each test pins the count and lists the queries.
"""

import datetime

from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)

from .sized_records import sized_world

PUBLISHED = Visibility.PUBLISHED
SIZES = [3, 1000]


def build(size):
    """``size`` records of every type, all linked to one tier, actor and source as well."""
    tier = Tier.objects.create(
        number=1, name="Tier one", slug="tier-one", summary="One.", visibility=PUBLISHED
    )
    actors = Actor.objects.bulk_create(
        Actor(name=f"Actor {n}", slug=f"actor-{n}", kind=Actor.Kind.PERSON, visibility=PUBLISHED)
        for n in range(size)
    )
    sources = Source.objects.bulk_create(
        Source(key=f"source-{n}", title=f"Source {n}", kind="news", visibility=PUBLISHED)
        for n in range(size)
    )
    day = datetime.date(2025, 1, 1)
    commitments = Commitment.objects.bulk_create(
        Commitment(
            tier=tier,
            title=f"Commitment {n}",
            slug=f"commitment-{n}",
            category="troops",
            announced_on=day + datetime.timedelta(days=n % 700),
            announced_precision="day",
            lead_actor=actors[n],
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    Commitment.actors.through.objects.bulk_create(
        Commitment.actors.through(commitment=c, actor=a)
        for c, a in zip(commitments, [actors[0]] * size, strict=True)
    )
    Commitment.sources.through.objects.bulk_create(
        Commitment.sources.through(commitment=c, source=sources[0]) for c in commitments
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            commitment=c,
            occurred_on=day + datetime.timedelta(days=n % 700),
            occurred_precision="day",
            progress="announced",
            summary="Announced.",
            source=sources[0],
            visibility=PUBLISHED,
        )
        for n, c in enumerate(commitments)
    )
    Commitment.objects.all().refresh_states()
    # Two sources that disagree on each commitment's amount, a status change reporting one.
    changes = dict(StatusChange.objects.values_list("commitment_id", "pk"))
    Figure.objects.bulk_create(
        Figure(
            key=f"commitment-{n}-eur-{index}",
            commitment=c,
            status_change_id=changes[c.pk] if index == 0 else None,
            kind="money",
            value=1000 + index,
            currency="EUR",
            source=sources[index],
            rank="preferred" if index == 0 and n % 2 else "normal",
            visibility=PUBLISHED,
        )
        for n, c in enumerate(commitments)
        for index in (0, 1)
    )
    statements = Statement.objects.bulk_create(
        Statement(
            speaker=actors[0],
            slug=f"statement-{n}",
            said_on=day + datetime.timedelta(days=n % 700),
            said_precision="day",
            quote=f"We will help Ukraine, number {n}.",
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    for field, target in [("source", sources[0]), ("tier", tier), ("commitment", commitments[0])]:
        through = getattr(Statement, f"{field}s").through
        through.objects.bulk_create(through(statement=s, **{field: target}) for s in statements)
    Membership.objects.bulk_create(
        Membership(
            member=actors[n],
            organisation=actors[0],
            role="member",
            start_on=day,
            start_precision="day",
            source=sources[0],
            visibility=PUBLISHED,
        )
        for n in range(1, size)
    )
    return {"tier": tier, "actor": actors[0], "source": sources[0], "commitment": commitments[0]}


world_data, world = sized_world(build, SIZES, "records")


# Each record page counts one query more for its public change log (includes/_change_log.html).
def get(client, url, expected_queries, django_assert_num_queries):
    with django_assert_num_queries(expected_queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home(client, world, django_assert_num_queries):
    # tiers; commitment counts per tier and progress; latest changes; latest statements; their
    # translations (one query for all of them, here and on every page that lists statements);
    # when the published content last changed
    get(client, "/en/", 6, django_assert_num_queries)


def test_tier(client, world, django_assert_num_queries):
    # tier; counts by progress; ids of the newest of each progress, then those commitments;
    # actors involved; statements; their translations; figures for the totals
    response = get(client, "/en/tiers/tier-one/", 9, django_assert_num_queries)
    assert "Totals" in response.content.decode()


def test_actor_list(client, world, django_assert_num_queries):
    # count; page
    get(client, "/en/actors/?kind=person&q=actor", 2, django_assert_num_queries)


def test_actor(client, world, django_assert_num_queries):
    # actor; its memberships; its members; commitments; their count; statements; their
    # translations; their count; figures for the totals
    response = get(client, "/en/actors/actor-0/", 10, django_assert_num_queries)
    assert "Left out of the totals" in response.content.decode()


def test_commitment_list(client, world, django_assert_num_queries):
    # tier, actor and source of the filters; count; page; tier choices of the form (actors are
    # suggested as the reader types, never listed)
    url = "/en/commitments/?tier=tier-one&actor=actor-0&source=source-0&progress=announced"
    get(client, url, 6, django_assert_num_queries)


def test_commitment_list_unfiltered(client, world, django_assert_num_queries):
    # count; page; tier choices of the form
    get(client, "/en/commitments/?sort=title&page=2", 3, django_assert_num_queries)


def test_commitment(client, world, django_assert_num_queries):
    # commitment with tier and lead actor; actors; figures with their sources and status
    # changes; status changes; statements; their translations; sources
    response = get(client, "/en/commitments/commitment-0/", 8, django_assert_num_queries)
    assert "the sources disagree" in response.content.decode()


def test_statement_list(client, world, django_assert_num_queries):
    # language choices; speaker and tier of the filters; the keys of the matches in rank order
    # (on PostgreSQL, the newest matches ranked as they are chosen), which count them; page;
    # translations of the page; tier choices
    url = "/en/statements/?speaker=actor-0&tier=tier-one&q=help&year=2025"
    get(client, url, 7, django_assert_num_queries)


def test_statement(client, world, django_assert_num_queries):
    # statement with speaker; its translations; sources; tiers; commitments
    get(client, "/en/statements/statement-0/", 6, django_assert_num_queries)


def test_timeline(client, world, django_assert_num_queries):
    # tier and actor of the filters; three counts per year (which give the total too); the page
    # of the union; commitments, changes and statements of the page; tier choices
    get(client, "/en/timeline/?tier=tier-one&actor=actor-0", 10, django_assert_num_queries)


def test_source(client, world, django_assert_num_queries):
    # source; commitments and their count; statements, their translations and count; changes
    # and count; memberships
    get(client, "/en/sources/source-0/", 10, django_assert_num_queries)


def test_about(client, db, django_assert_num_queries):
    get(client, "/en/about/", 0, django_assert_num_queries)
