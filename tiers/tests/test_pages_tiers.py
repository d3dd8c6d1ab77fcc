import pytest

from tiers.models import Statement, Visibility

from .factories import ActorFactory, CommitmentFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_description_and_commitments_grouped_by_progress(client, seed):
    response = client.get("/en/tiers/coalition-of-the-willing/")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert groups
    for group in groups:
        assert {c.progress for c in group["commitments"]} == {group["progress"]}
        assert {c.tier.slug for c in group["commitments"]} == {"coalition-of-the-willing"}
    assert response.context["tier"].description in response.content.decode()


def test_it_lists_the_actors_involved_and_the_statements_about_it(client, seed):
    response = client.get("/en/tiers/united-states-participation/")
    text = response.content.decode()
    assert "Donald Trump" in text or response.context["actors"]
    shown = [s.slug for s in response.context["statements"]]
    newest = Statement.objects.public().filter(tiers__number=3).newest_first()
    assert shown == list(newest.values_list("slug", flat=True)[: len(shown)])
    assert "rutte-2026-02-03-three-levels" in shown  # the newest statement on tier 3


def test_a_large_group_links_to_the_filtered_list(client, db):
    tier = CommitmentFactory().tier
    tier.commitments.all().delete()
    for n in range(11):
        StatusChangeFactory(commitment=CommitmentFactory(tier=tier, slug=f"more-{n}"))
    response = client.get(tier.get_absolute_url())
    (group,) = response.context["groups"]
    assert group["count"] == 11 and len(group["commitments"]) == 10
    assert f"?tier={tier.slug}&amp;progress=announced" in response.content.decode()


def test_actors_are_counted_by_public_commitments(client, db):
    lead = ActorFactory(name="Lead")
    first = CommitmentFactory(lead_actor=lead)
    CommitmentFactory(tier=first.tier, lead_actor=lead)
    CommitmentFactory(tier=first.tier, lead_actor=lead, visibility=Visibility.DRAFT)
    StatementFactory(tiers=[first.tier])
    response = client.get(first.tier.get_absolute_url())
    (actor,) = response.context["actors"]
    assert actor.commitment_count == 2
