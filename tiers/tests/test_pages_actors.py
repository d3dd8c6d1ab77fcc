import datetime

import pytest

from tiers.models import Actor
from tiers.views.actors import COMMITMENTS

from .factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_kind_and_searches_by_name(client, seed):
    response = client.get("/en/actors/?kind=person&q=rutte")
    names = [a.name for a in response.context["page"]]
    assert names == ["Mark Rutte"]
    everyone = client.get("/en/actors/").context["page"].paginator.count
    assert everyone == Actor.objects.published().count()


def test_a_bad_kind_is_reported_beside_its_control(client, seed):
    response = client.get("/en/actors/?kind=planet")
    assert "kind" in response.context["form"].errors
    assert 'class="error"' in response.content.decode()
    assert response.context["page"].paginator.count == Actor.objects.published().count()


def test_the_actor_page_shows_identifiers_and_memberships_with_dates(client, db):
    actor = ActorFactory(
        name="France", slug="france", kind=Actor.Kind.STATE, iso_code="FR", wikidata_id="Q142"
    )
    coalition = ActorFactory(name="Coalition", kind=Actor.Kind.COALITION)
    MembershipFactory(
        member=actor,
        organisation=coalition,
        role="co_leader",
        start_on=datetime.date(2025, 3, 1),
        start_precision="month",
    )
    text = client.get("/en/actors/france/").content.decode()
    assert "FR" in text
    assert 'href="https://www.wikidata.org/wiki/Q142"' in text
    assert "Co-leader" in text and "Coalition" in text
    assert '<time datetime="2025-03">March 2025</time>' in text


def test_the_actor_page_lists_commitments_it_leads_or_joins_and_its_statements(client, db):
    actor = ActorFactory(slug="someone", kind=Actor.Kind.PERSON)
    led = CommitmentFactory(lead_actor=actor, title="Led one")
    joined = CommitmentFactory(title="Joined one", actors=[actor])
    CommitmentFactory(title="Not involved")
    StatementFactory(speaker=actor, quote="Said by someone.")
    response = client.get("/en/actors/someone/")
    assert {c.pk for c in response.context["commitments"]} == {led.pk, joined.pk}
    assert response.context["commitment_count"] == 2
    assert "Said by someone." in response.content.decode()


def test_the_actor_page_shows_the_newest_commitments_and_links_to_all(client, db):
    actor = ActorFactory(slug="busy")
    CommitmentFactory.create_batch(COMMITMENTS, lead_actor=actor)
    link = 'href="/en/commitments/?actor=busy"'
    assert link not in client.get("/en/actors/busy/").content.decode()
    CommitmentFactory(lead_actor=actor)
    response = client.get("/en/actors/busy/")
    assert len(response.context["commitments"]) == COMMITMENTS
    assert response.context["commitment_count"] == COMMITMENTS + 1
    assert link in response.content.decode()


def test_an_actor_in_more_commitments_than_are_counted_keeps_its_totals_whole(
    client, db, monkeypatch
):
    monkeypatch.setattr("tiers.views.pagination.COUNT_LIMIT", 2)
    actor = ActorFactory(slug="busy")
    for _ in range(2):
        FigureFactory(commitment=CommitmentFactory(lead_actor=actor), value=1_000_000)
    FigureFactory(commitment=CommitmentFactory(actors=[actor]), value=1_000_000)
    response = client.get("/en/actors/busy/")
    assert str(response.context["commitment_count"]) == "2+"
    assert len(response.context["commitments"]) == 3
    (total,) = response.context["totals"].totals
    assert total.value == 3_000_000
