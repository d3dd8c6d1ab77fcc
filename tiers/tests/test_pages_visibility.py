"""Only published records, and only their published facts, reach the public pages."""

import datetime

import pytest

from tiers.models import Visibility

from .factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

DRAFT = Visibility.DRAFT
REVIEW = Visibility.REVIEW
pytestmark = pytest.mark.django_db


@pytest.fixture
def tier():
    return TierFactory(number=1, name="Tier one", slug="tier-one")


@pytest.fixture
def public(tier):
    """A published commitment and statement beside drafts of every kind."""
    actor = ActorFactory(name="Published Land", slug="published-land")
    commitment = CommitmentFactory(
        tier=tier, title="Published pledge", slug="published-pledge", lead_actor=actor
    )
    StatusChangeFactory(commitment=commitment, summary="Published change.", progress="agreed")
    statement = StatementFactory(quote="Published words about help.", tiers=[tier])
    return {"actor": actor, "commitment": commitment, "statement": statement}


@pytest.fixture
def drafts(tier, public):
    draft_actor = ActorFactory(name="Secret Land", slug="secret-land", visibility=DRAFT)
    draft_source = SourceFactory(key="secret-source", title="Secret source", visibility=REVIEW)
    draft_commitment = CommitmentFactory(
        tier=tier, title="Secret pledge", slug="secret-pledge", visibility=DRAFT
    )
    StatusChangeFactory(commitment=draft_commitment, summary="Change of a secret pledge.")
    # Draft facts of a published commitment: an actor, a source and a later status change.
    commitment = public["commitment"]
    commitment.actors.add(draft_actor)
    commitment.sources.add(draft_source)
    StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2026, 1, 1),
        progress="withdrawn",
        summary="Secret withdrawal.",
        visibility=DRAFT,
    )
    StatementFactory(
        slug="secret-statement", quote="Secret words about help.", tiers=[tier], visibility=DRAFT
    )
    # A published statement by a draft speaker is not public either.
    StatementFactory(slug="unspoken", quote="Words of a secret speaker.", speaker=draft_actor)
    MembershipFactory(member=public["actor"], organisation=draft_actor)
    return {"actor": draft_actor, "source": draft_source, "commitment": draft_commitment}


SECRETS = [
    "Secret Land",
    "Secret source",
    "Secret pledge",
    "secret pledge",
    "Secret withdrawal",
    "Secret words",
    "secret speaker",
]


def assert_no_secrets(response):
    assert response.status_code == 200
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shows on {response.request['PATH_INFO']}"


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/tiers/tier-one/",
        "/en/actors/",
        "/en/actors/published-land/",
        "/en/commitments/",
        "/en/commitments/published-pledge/",
        "/en/statements/",
        "/en/statements/?q=words",
        "/en/timeline/",
        "/en/timeline/?tier=tier-one",
    ],
)
def test_drafts_are_absent_from_every_page(client, drafts, url):
    assert_no_secrets(client.get(url))


def test_a_published_commitment_shows_only_its_published_facts(client, drafts):
    response = client.get("/en/commitments/published-pledge/")
    text = response.content.decode()
    assert "Published change." in text
    # Its state follows the latest *published* change, not the draft withdrawal.
    assert "Agreed" in text
    assert "Withdrawn" not in text


def test_counts_and_charts_leave_drafts_out(client, drafts):
    response = client.get("/en/tiers/tier-one/")
    assert response.context["total"] == 1
    assert [row[1] for row in response.context["chart"].rows if row[1]] == [1]
    home = client.get("/en/")
    (tier,) = home.context["tiers"]
    assert sum(row[1] for row in tier.chart.rows) == 1


def test_the_timeline_counts_only_public_events(client, drafts):
    response = client.get("/en/timeline/")
    # The published commitment's announcement, its published change, the public statement.
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    "url",
    [
        "/en/actors/secret-land/",
        "/en/commitments/secret-pledge/",
        "/en/statements/secret-statement/",
        "/en/statements/unspoken/",
        "/en/sources/secret-source/",
    ],
)
def test_a_drafts_address_is_not_found(client, drafts, url):
    assert client.get(url).status_code == 404


def test_a_commitment_under_a_draft_tier_is_not_found(client):
    hidden = TierFactory(number=9, slug="hidden-tier", visibility=DRAFT)
    CommitmentFactory(tier=hidden, slug="under-hidden-tier")
    assert client.get("/en/tiers/hidden-tier/").status_code == 404
    assert client.get("/en/commitments/under-hidden-tier/").status_code == 404


def test_a_filter_naming_a_draft_is_refused(client, drafts):
    response = client.get("/en/commitments/?actor=secret-land")
    assert "actor" in response.context["form"].errors
    assert_no_secrets(response)
