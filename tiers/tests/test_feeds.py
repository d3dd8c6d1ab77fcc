"""Atom feeds: what each holds, per tier and per actor, links to pages, and never a draft."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import translation

from tiers.models import Actor, Commitment, StatusChange, Tier, Visibility
from tiers.open_data import releases
from tiers.tests import atom_validator
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


# 1 the scope (tier or actor) when there is one, then 1 the entries with what they print (and,
# for statements, 1 their translations).
@pytest.mark.parametrize(
    "url,queries",
    [
        ("/en/feeds/commitments/", 1),
        ("/en/feeds/statements/", 2),
        ("/en/feeds/status-changes/", 1),
        ("/en/feeds/tiers/coalition/commitments/", 2),
        ("/en/feeds/actors/france/statements/", 3),
        ("/en/feeds/actors/france/status-changes/", 2),
    ],
)
@pytest.mark.parametrize("n", [2, 9])
def test_a_feed_takes_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries, n):
    make_records(n, TierFactory(slug="coalition"), ActorFactory(slug="france"))
    with django_assert_num_queries(queries):
        assert len(client.get(url).content) > 0


# Every Atom feed the URL configuration serves, in every language, is valid RFC 4287.


def feed_routes(patterns=None, prefix=""):
    """(name, route) of each view that is a syndication Feed, found in the URL configuration."""
    from django.contrib.syndication.views import Feed
    from django.urls import URLPattern, get_resolver

    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if isinstance(pattern.callback, Feed):
                yield pattern.callback, prefix + str(pattern.pattern)
        else:
            yield from feed_routes(pattern.url_patterns, prefix + str(pattern.pattern))


def feed_urls(scopes):
    """The address of each feed in each language; a feed of one tier or actor gets the one of
    ``scopes`` (by model) in its address."""
    urls = []
    for language, _name in settings.LANGUAGES:
        # The language prefix of i18n_patterns is the active language's.
        with translation.override(language):
            for feed, route in feed_routes():
                if "<" in route:
                    scope_model = getattr(feed, "scope_model", None)
                    assert scope_model is not None, f"{route}: which record do its arguments name?"
                    route = re.sub(r"<[^>]+>", scopes[scope_model].slug, route)
                urls.append("/" + route)
    return urls


def test_every_feed_is_valid_atom_with_its_own_id(client, seed):
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment)
    StatementFactory(speaker=commitment.lead_actor, tiers=[commitment.tier])
    releases.cut()  # an entry for the releases feed
    urls = feed_urls({Tier: commitment.tier, Actor: commitment.lead_actor})
    assert len(urls) >= 2 * 10, urls  # three feeds, by tier and by actor, and the changes
    ids = {}
    for url in urls:
        # Each request activates its own language; the next test starts in the default one.
        with translation.override(settings.LANGUAGE_CODE):
            response = client.get(url)
        assert response.status_code == 200, url
        assert atom_validator.problems(response.content) == [], url
        assert parse(response.content).find(f"{ATOM}entry") is not None, f"{url} has no entries"
        feed_id = atom_validator.feed_id(response.content)
        assert feed_id not in ids, f"{url} has the id of {ids.get(feed_id)}: {feed_id}"
        ids[feed_id] = url


def test_each_choice_of_filters_of_the_changes_feed_is_a_feed_of_its_own(client):
    CommitmentFactory(tier=TierFactory(slug="coalition"))
    ids = {
        atom_validator.feed_id(client.get(url).content)
        for url in [
            "/en/changes/feed/",
            "/en/changes/feed/?type=commitment",
            "/en/changes/feed/?tier=coalition",
            "/en/changes/feed/?tier=coalition&type=commitment",
        ]
    }
    assert len(ids) == 4
    feed = parse(client.get("/en/changes/feed/?type=commitment").content)
    (self_link,) = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://testserver/en/changes/feed/?type=commitment"
    # The same filters in another order, or with unrelated parameters, are the same feed.
    again = client.get("/en/changes/feed/?utm_source=x&type=commitment&tier=coalition").content
    assert atom_validator.feed_id(again) in ids


def test_an_entry_keeps_its_id_across_languages_and_renders(client):
    commitment = CommitmentFactory(slug="air-policing")
    english = entries(client, "/en/feeds/commitments/")
    assert [e["id"] for e in english] == [f"tag:testserver,2025:commitment/{commitment.pk}"]
    assert [e["id"] for e in entries(client, "/uk/feeds/commitments/")] == [english[0]["id"]]
    commitment.slug = "air-policing-mission"
    commitment.save()
    assert [e["id"] for e in entries(client, "/en/feeds/commitments/")] == [english[0]["id"]]


BAD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>/en/feeds/</id>
<updated>2025-01-01T00:00:00Z</updated><link href="http://x.example/"/>
<entry><title>A</title><id>/en/a/</id><updated>2025-01-01T00:00:00</updated>
<link href="http://x.example/a"/></entry>
<entry><title>B</title><id>/en/a/</id><updated>2025-01-01T00:00:00Z</updated>
<link href="http://x.example/b"/></entry>
</feed>"""


def test_the_atom_checks_find_what_rfc_4287_forbids():
    found = "\n".join(atom_validator.problems(BAD_FEED))
    assert "the feed's atom:id is not an absolute IRI" in found
    assert "entry 1 has no atom:author" in found and "entry 2 has no atom:author" in found
    assert "entry 2 repeats the atom:id of entry 1" in found
    assert "entry 1's atom:updated is not an RFC 3339 date-time" in found
    no_updated = BAD_FEED.replace(b"<updated>2025-01-01T00:00:00Z</updated><link", b"<link")
    assert atom_validator.problems(no_updated)[0].startswith("RELAX NG")
