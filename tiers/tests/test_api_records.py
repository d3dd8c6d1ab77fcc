"""The API's records: what each list and detail returns, its filters, and that drafts never show."""

import datetime

import pytest
from django.utils import timezone

from tiers.models import Actor, Commitment, Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Visibility.DRAFT


def results(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(items, key="slug"):
    return [item[key] for item in items]


def test_it_lists_and_details_every_record_type(client):
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment)
    statement = StatementFactory(tiers=[commitment.tier], commitments=[commitment])
    membership = MembershipFactory()
    for name, key, value in [
        ("tiers", "slug", commitment.tier.slug),
        ("actors", "slug", commitment.lead_actor.slug),
        ("sources", "key", commitment.sources.get().key),
        ("commitments", "slug", commitment.slug),
        ("statements", "slug", statement.slug),
        ("memberships", "id", membership.id),
    ]:
        listed = results(client, f"/api/v1/{name}/")
        assert value in [item[key] for item in listed]
        detail = client.get(f"/api/v1/{name}/{value}/")
        assert detail.status_code == 200
        assert detail.json()[key] == value
        assert detail.json()["api_url"] == f"http://testserver/api/v1/{name}/{value}/"


def test_a_commitment_carries_its_published_timeline_and_relations(client):
    source = SourceFactory(key="pm-statement")
    commitment = CommitmentFactory(
        slug="reassurance-force",
        sources=[source],
        announced_on=datetime.date(2025, 8, 1),
        announced_precision="month",
    )
    StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 9, 4),
        progress=Commitment.Progress.AGREED,
        legal_form=Commitment.LegalForm.INTENT,
        source=source,
    )
    data = client.get("/api/v1/commitments/reassurance-force/").json()
    assert data["announced"] == "2025-08"
    assert data["tier"] == commitment.tier.slug
    assert data["sources"] == ["pm-statement"]
    assert data["progress"] == "agreed"
    assert data["legal_form"] == "intent"
    assert [change["occurred"] for change in data["status_changes"]] == ["2025-09-04"]
    assert data["status_changes"][0]["source"] == "pm-statement"
    assert data["page_url"] == "http://testserver/en/commitments/reassurance-force/"


def test_drafts_appear_in_no_list_and_no_detail(client):
    tier = TierFactory()
    draft_tier = TierFactory(visibility=DRAFT)
    draft_actor = ActorFactory(visibility=DRAFT)
    draft_source = SourceFactory(visibility=DRAFT)
    public = CommitmentFactory(tier=tier, sources=[SourceFactory(), draft_source])
    public.actors.add(draft_actor)
    draft = CommitmentFactory(tier=tier, visibility=DRAFT)
    under_draft_tier = CommitmentFactory(tier=draft_tier)
    draft_statement = StatementFactory(visibility=DRAFT)
    by_draft_speaker = StatementFactory(speaker=ActorFactory(visibility=DRAFT))
    draft_membership = MembershipFactory(visibility=DRAFT)
    with_draft_member = MembershipFactory(member=draft_actor)

    assert slugs(results(client, "/api/v1/commitments/")) == [public.slug]
    assert draft_tier.slug not in slugs(results(client, "/api/v1/tiers/"))
    assert draft_actor.slug not in slugs(results(client, "/api/v1/actors/"))
    assert draft_source.key not in slugs(results(client, "/api/v1/sources/"), "key")
    assert slugs(results(client, "/api/v1/statements/")) == []
    membership_ids = slugs(results(client, "/api/v1/memberships/"), "id")
    assert draft_membership.id not in membership_ids
    assert with_draft_member.id not in membership_ids
    # A published commitment names only its published relations.
    detail = client.get(f"/api/v1/commitments/{public.slug}/").json()
    assert draft_actor.slug not in detail["actors"]
    assert draft_source.key not in detail["sources"]
    for url in [
        f"/api/v1/commitments/{draft.slug}/",
        f"/api/v1/commitments/{under_draft_tier.slug}/",
        f"/api/v1/tiers/{draft_tier.slug}/",
        f"/api/v1/actors/{draft_actor.slug}/",
        f"/api/v1/sources/{draft_source.key}/",
        f"/api/v1/statements/{draft_statement.slug}/",
        f"/api/v1/statements/{by_draft_speaker.slug}/",
        f"/api/v1/memberships/{draft_membership.id}/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_draft_status_change_of_a_published_commitment_never_shows(client):
    commitment = CommitmentFactory()
    published = StatusChangeFactory(commitment=commitment, progress=Commitment.Progress.ANNOUNCED)
    draft = StatusChangeFactory(
        commitment=commitment, progress=Commitment.Progress.FULFILLED, visibility=DRAFT
    )
    data = client.get(f"/api/v1/commitments/{commitment.slug}/").json()
    assert [change["id"] for change in data["status_changes"]] == [published.id]
    assert data["progress"] == "announced"
    listed = results(client, "/api/v1/commitments/")[0]
    assert draft.id not in [change["id"] for change in listed["status_changes"]]
    assert "fulfilled" not in client.get("/api/v1/commitments/").content.decode()


def test_commitment_filters_match_the_public_list(client):
    tier = TierFactory(slug="coalition")
    actor = ActorFactory(slug="france", kind=Actor.Kind.STATE)
    source = SourceFactory(key="summit")
    match = CommitmentFactory(
        tier=tier,
        lead_actor=actor,
        sources=[source],
        category=Commitment.Category.TROOPS,
        announced_on=datetime.date(2025, 3, 2),
    )
    CommitmentFactory(category=Commitment.Category.FINANCING)
    CommitmentFactory(tier=tier, announced_on=datetime.date(2024, 1, 1))
    for query in [
        {"tier": "coalition", "year": "2025"},
        {"actor": "france"},
        {"source": "summit"},
        {"category": "troops", "tier": "coalition", "year": "2025"},
    ]:
        assert slugs(results(client, "/api/v1/commitments/", **query)) == [match.slug], query
    assert results(client, "/api/v1/commitments/", tier="no-such-tier") == []


def test_statement_filters_and_search(client):
    speaker = ActorFactory(slug="mark-rutte", kind=Actor.Kind.PERSON)
    commitment = CommitmentFactory(slug="air-policing")
    match = StatementFactory(
        speaker=speaker, quote="Guarantees are extremely important.", commitments=[commitment]
    )
    StatementFactory(quote="Something else entirely.")
    assert slugs(results(client, "/api/v1/statements/", speaker="mark-rutte")) == [match.slug]
    assert slugs(results(client, "/api/v1/statements/", commitment="air-policing")) == [match.slug]
    assert slugs(results(client, "/api/v1/statements/", q="important")) == [match.slug]


def test_actor_membership_and_source_filters(client):
    state = ActorFactory(slug="united-kingdom", name="United Kingdom", kind=Actor.Kind.STATE)
    ActorFactory(kind=Actor.Kind.PERSON)
    membership = MembershipFactory(member=state)
    MembershipFactory()
    assert slugs(results(client, "/api/v1/actors/", kind="state", q="kingdom")) == [
        "united-kingdom"
    ]
    assert slugs(results(client, "/api/v1/memberships/", member="united-kingdom"), "id") == [
        membership.id
    ]
    assert results(client, "/api/v1/sources/", kind="analysis") == []


def test_pages_follow_a_stable_order_by_id(client):
    created = [ActorFactory() for _ in range(5)]
    first = client.get("/api/v1/actors/", {"page_size": 2}).json()
    assert first["count"] == 5 and first["pages"] == 3 and first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    seen = slugs(first["results"] + second["results"] + third["results"])
    assert seen == [actor.slug for actor in sorted(created, key=lambda actor: actor.id)]


def test_updated_since_returns_records_changed_since(client):
    old = CommitmentFactory()
    recent = CommitmentFactory()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Commitment.objects.filter(pk__in=[old.pk, recent.pk]).update(updated_at=long_ago)
    Commitment.objects.filter(pk=recent.pk).update(updated_at=timezone.now())
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert slugs(results(client, "/api/v1/commitments/", updated_since=since)) == [recent.slug]
    # A new change in its timeline counts as a change of the commitment.
    StatusChangeFactory(commitment=old)
    changed = slugs(results(client, "/api/v1/commitments/", updated_since=since))
    assert sorted(changed) == sorted([old.slug, recent.slug])


@pytest.mark.parametrize(
    "query,param",
    [
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"updated_since": "2025-01-01"}, "updated_since"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"tier": "not a slug"}, "tier"),
        ({"progress": "finished"}, "progress"),
        ({"year": "2025.5"}, "year"),
    ],
)
def test_it_rejects_bad_parameters_naming_them(client, query, param):
    response = client.get("/api/v1/commitments/", query)
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_a_page_past_the_last_is_404(client):
    CommitmentFactory()
    response = client.get("/api/v1/commitments/", {"page": 2})
    assert response.status_code == 404
    assert "last page is 1" in response.json()["detail"]


def test_every_cited_record_carries_its_citation(client):
    commitment = CommitmentFactory(title="Reassurance force", slug="reassurance-force")
    data = client.get("/api/v1/commitments/reassurance-force/").json()
    citation = data["citation"]
    assert citation["permalink"] == "http://testserver/en/commitments/reassurance-force/"
    assert citation["title"] == commitment.title
    assert citation["accessed"] == timezone.localdate().isoformat()
    assert "Reassurance force" in citation["text"] and citation["permalink"] in citation["text"]
    assert citation["bibtex"].startswith("@misc{ukraine-guarantees-commitment-reassurance-force,")


def test_a_search_with_a_nul_character_is_refused(client):
    response = client.get("/api/v1/statements/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"]["q"][0]
