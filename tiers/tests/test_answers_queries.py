"""The pages that answer across records run the same number of queries at 10 and at 10,000
commitments. The records are made with bulk_create, once per size for the module."""

import datetime

import pycountry
import pytest
from django.core.cache import cache

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
SIZES = [10, 10_000]
GROUPS = ["ukraine-compact-signatories", "coalition-of-the-willing", "purl-contributors"]


def build(size):
    tier = Tier.objects.create(
        number=1, name="Tier one", slug="tier-one", summary="One.", visibility=PUBLISHED
    )
    codes = [c.alpha_2 for c in pycountry.countries if c.alpha_2 != "UA"][: max(3, size // 50)]
    ukraine = Actor.objects.create(
        name="Ukraine", slug="ukraine", kind="state", iso_code="UA", visibility=PUBLISHED
    )
    states = Actor.objects.bulk_create(
        Actor(
            name=f"State {c}",
            slug=f"state-{c.lower()}",
            kind="state",
            iso_code=c,
            visibility=PUBLISHED,
        )
        for c in codes
    )
    groups = Actor.objects.bulk_create(
        Actor(name=slug, slug=slug, kind="coalition", visibility=PUBLISHED) for slug in GROUPS
    )
    source = Source.objects.create(key="source", title="Source", kind="news", visibility=PUBLISHED)
    Membership.objects.bulk_create(
        Membership(
            member=state, organisation=group, role="member", source=source, visibility=PUBLISHED
        )
        for state in states
        for group in groups
    )
    day = datetime.date(2024, 1, 1)
    commitments = Commitment.objects.bulk_create(
        Commitment(
            tier=tier,
            title=f"Commitment {n}",
            slug=f"commitment-{n}",
            category="troops",
            announced_on=day + datetime.timedelta(days=n % 700),
            announced_precision="day",
            lead_actor=states[n % len(states)],
            troop_position=["yes", "no", "conditional", ""][n % 4],
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    through = Commitment.actors.through
    links = []
    for n, commitment in enumerate(commitments):
        links.append(through(commitment=commitment, actor=states[n % len(states)]))
        links.append(through(commitment=commitment, actor=ukraine if n % 2 else groups[2]))
    through.objects.bulk_create(links)
    StatusChange.objects.bulk_create(
        StatusChange(
            commitment=c,
            occurred_on=day,
            occurred_precision="day",
            progress="agreed",
            legal_form="signed",
            summary="Signed.",
            source=source,
            visibility=PUBLISHED,
        )
        for c in commitments
    )
    Commitment.objects.all().refresh_states()
    Figure.objects.bulk_create(
        Figure(
            key=f"figure-{n}",
            commitment=c,
            kind="money",
            value=1000 + n,
            currency="EUR",
            source=source,
            visibility=PUBLISHED,
        )
        for n, c in enumerate(commitments[::3])
    )
    Statement.objects.bulk_create(
        Statement(
            speaker=states[n % len(states)],
            slug=f"statement-{n}",
            said_on=day,
            said_precision="day",
            quote=f"Quote {n}.",
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    return {"states": states}


world_data, world = sized_world(build, SIZES, "commitments")


@pytest.fixture(autouse=True)
def roomy_cache(settings):
    """A cache that holds what it is given, as the shared cache does: the local-memory cache's
    300 entries would let the tags of 10,000 records' pages push the kept table out."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "answers-queries",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
    cache.clear()  # each test starts empty (tiers/tests/conftest.py), this cache too


def get(client, url, expected, django_assert_num_queries):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# Who is in what, its CSV and the map read the kept table (tiers/answer_table.py): computed by
# the first reader after a write (the tests start with an empty cache), then read with no query.
# (Each address is asked once: the page cache would answer a second request of the same.)
COMPUTED = 5  # actors; group memberships with sources; answering commitments; their actors;
# the figures of the commitments they lead


def test_who_is_in_what(client, world, django_assert_num_queries):
    url = "/en/who-is-in-what/?sort=troops"
    # the table computed, and the form's tier choices
    response = get(client, url, COMPUTED + 1, django_assert_num_queries)
    assert response.context["total"] == len(world["states"])
    assert len(response.context["rows"]) == min(len(world["states"]), 100)  # a page of rows
    # kept: the form's tier choices only; another sort of the same rows
    again = get(client, "/en/who-is-in-what/?sort=purl", 1, django_assert_num_queries)
    assert again.context["total"] == response.context["total"]


def test_who_is_in_what_filtered(client, world, django_assert_num_queries):
    # and the tier filter's tier; the kind and the sort are applied to the kept rows
    url = "/en/who-is-in-what/?tier=tier-one&category=troops&kind=state"
    get(client, url, COMPUTED + 2, django_assert_num_queries)
    get(client, url + "&sort=troops", 2, django_assert_num_queries)
    get(client, url + "&sort=agreement&page=2", 2, django_assert_num_queries)


def test_who_is_in_what_csv(client, world, django_assert_num_queries):
    response = get(client, "/en/who-is-in-what.csv", COMPUTED, django_assert_num_queries)
    assert len(response.content.decode().splitlines()) == 1 + len(world["states"])  # every row
    get(client, "/en/who-is-in-what.csv?sort=troops", 0, django_assert_num_queries)


def test_the_map(client, world, django_assert_num_queries):
    get(client, "/en/who-is-in-what/map/?show=troops", COMPUTED + 1, django_assert_num_queries)
    # the same kept rows as the table's
    get(client, "/en/who-is-in-what/map/?show=agreement", 1, django_assert_num_queries)
    get(client, "/en/who-is-in-what/?kind=state", 1, django_assert_num_queries)


def test_compare(client, world, django_assert_num_queries):
    first, second = world["states"][:2]
    url = f"/en/compare/?actor={first.slug}&actor={second.slug}"
    # the chosen actors; their memberships, the answering commitments they lead or join, those
    # commitments' actors and the figures of the commitments they lead; their latest
    # statements (the actors are typed with suggestions: no menu of every actor)
    get(client, url, 6, django_assert_num_queries)
