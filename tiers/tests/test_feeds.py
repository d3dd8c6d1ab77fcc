"""Atom feeds: what each holds, per tier and per actor, links to pages, and never a draft."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tiers.models import Actor, Commitment, StatusChange, Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own response, not untrusted input


ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT = Visibility.DRAFT


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def titles(client, url):
    return [entry["title"] for entry in entries(client, url)]


def test_the_commitments_feed_links_each_entry_to_its_page(client):
    commitment = CommitmentFactory(title="Reassurance force", slug="reassurance-force")
    (entry,) = entries(client, "/en/feeds/commitments/")
    assert entry["title"] == "Reassurance force"
    assert entry["link"] == "http://testserver/en/commitments/reassurance-force/"
    assert client.get(entry["link"]).status_code == 200
    assert commitment.title in titles(client, "/uk/feeds/commitments/")


def test_a_changed_commitment_comes_first_again(client):
    older = CommitmentFactory(title="Older")
    newer = CommitmentFactory(title="Newer")
    for commitment, month in [(older, 1), (newer, 6)]:
        moment = datetime.datetime(2025, month, 1, tzinfo=datetime.UTC)
        Commitment.objects.filter(pk=commitment.pk).update(updated_at=moment)
    assert titles(client, "/en/feeds/commitments/") == ["Newer", "Older"]
    StatusChangeFactory(commitment=older)
    assert titles(client, "/en/feeds/commitments/") == ["Older", "Newer"]


def test_statements_and_status_changes_feeds(client):
    speaker = ActorFactory(name="Mark Rutte", kind=Actor.Kind.PERSON)
    statement = StatementFactory(speaker=speaker, quote="Guarantees matter.")
    commitment = CommitmentFactory(title="Air policing")
    first = StatusChangeFactory(commitment=commitment, progress="announced")
    second = StatusChangeFactory(commitment=commitment, progress="agreed")
    (entry,) = entries(client, "/en/feeds/statements/")
    assert "Mark Rutte" in entry["title"] and "Guarantees matter." in entry["title"]
    assert entry["link"].endswith(statement.get_absolute_url())
    changes = entries(client, "/en/feeds/status-changes/")
    assert [e["title"].split(":")[1].split("(")[0].strip() for e in changes] == [
        "Agreed",
        "Announced",
    ]
    # Two changes of one commitment share its page but are two entries.
    assert len({e["id"] for e in changes}) == 2
    assert all(
        e["link"].startswith(f"http://testserver{commitment.get_absolute_url()}") for e in changes
    )
    assert {first.pk, second.pk} == set(StatusChange.objects.values_list("pk", flat=True))


def test_feeds_per_tier_and_per_actor(client):
    tier, other_tier = TierFactory(slug="coalition"), TierFactory()
    france = ActorFactory(slug="france", kind=Actor.Kind.STATE)
    led = CommitmentFactory(tier=tier, lead_actor=france, title="Led by France")
    joined = CommitmentFactory(tier=other_tier, title="Joined by France")
    joined.actors.add(france)
    CommitmentFactory(tier=other_tier, title="Elsewhere")
    StatusChangeFactory(commitment=led, summary="Agreed in Paris.")
    StatementFactory(speaker=france, tiers=[tier], quote="France will lead.")
    StatementFactory(tiers=[other_tier], quote="Someone else spoke.")

    assert titles(client, "/en/feeds/tiers/coalition/commitments/") == ["Led by France"]
    assert sorted(titles(client, "/en/feeds/actors/france/commitments/")) == [
        "Joined by France",
        "Led by France",
    ]
    assert len(titles(client, "/en/feeds/tiers/coalition/status-changes/")) == 1
    assert len(titles(client, "/en/feeds/actors/france/status-changes/")) == 1
    quoted = [
        t.split("‘")[1].rstrip("’") for t in titles(client, "/en/feeds/tiers/coalition/statements/")
    ]
    assert quoted == ["France will lead."]
    assert len(titles(client, "/en/feeds/actors/france/statements/")) == 1
    assert client.get("/en/feeds/tiers/no-such-tier/commitments/").status_code == 404


def test_drafts_appear_in_no_feed(client):
    tier = TierFactory(slug="coalition")
    actor = ActorFactory(slug="france")
    published = CommitmentFactory(tier=tier, lead_actor=actor, title="Published commitment")
    StatusChangeFactory(commitment=published, summary="Published change", progress="announced")
    StatusChangeFactory(
        commitment=published, summary="Draft change", progress="fulfilled", visibility=DRAFT
    )
    draft = CommitmentFactory(
        tier=tier, lead_actor=actor, title="Draft commitment", visibility=DRAFT
    )
    StatusChangeFactory(commitment=draft, summary="Change of a draft")
    StatementFactory(speaker=actor, tiers=[tier], quote="Draft words.", visibility=DRAFT)
    TierFactory(slug="draft-tier", visibility=DRAFT)

    feeds = [
        f"/{lang}/feeds/{scope}{name}/"
        for lang in ("en", "uk")
        for scope in ("", "tiers/coalition/", "actors/france/")
        for name in ("commitments", "statements", "status-changes")
    ]
    for url in feeds:
        text = client.get(url).content.decode()
        for draft_text in ["Draft commitment", "Draft change", "Change of a draft", "Draft words"]:
            assert draft_text not in text, (url, draft_text)
        assert "Fulfilled" not in text and "Виконано" not in text
    assert "Published commitment" in client.get("/en/feeds/commitments/").content.decode()
    assert client.get("/en/feeds/tiers/draft-tier/commitments/").status_code == 404


def make_records(n, tier, actor):
    for _ in range(n):
        commitment = CommitmentFactory(tier=tier, lead_actor=actor)
        StatusChangeFactory(commitment=commitment)
        StatementFactory(speaker=actor, tiers=[tier])


# 1 the scope (tier or actor) when there is one, then 1 the entries with what they print.
@pytest.mark.parametrize(
    "url,queries",
    [
        ("/en/feeds/commitments/", 1),
        ("/en/feeds/statements/", 1),
        ("/en/feeds/status-changes/", 1),
        ("/en/feeds/tiers/coalition/commitments/", 2),
        ("/en/feeds/actors/france/statements/", 2),
        ("/en/feeds/actors/france/status-changes/", 2),
    ],
)
@pytest.mark.parametrize("n", [2, 9])
def test_a_feed_takes_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries, n):
    make_records(n, TierFactory(slug="coalition"), ActorFactory(slug="france"))
    with django_assert_num_queries(queries):
        assert len(client.get(url).content) > 0
