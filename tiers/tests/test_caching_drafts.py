"""Writing drafts leaves the public responses' validators alone; publishing moves them.

ETag and Last-Modified of public pages, API lists and feeds follow the content version
(tiers/content_version.py) and the cache tags (tiers/cache_tags.py), which change only when a
write can change what readers see: an anonymous poller cannot tell when drafts are written.
"""

import itertools
import time

import pytest
from django.core.management import call_command
from django.utils import translation

from tiers import cache_tags, content_version
from tiers.models import Commitment, Statement, Visibility

from .factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Visibility.DRAFT, Visibility.PUBLISHED
URLS = ["/en/", "/api/v1/commitments/", "/en/feeds/commitments/", "/uk/changes/"]


@pytest.fixture(autouse=True)
def english_afterwards():
    """Requests in Ukrainian leave the language active; the next tests expect English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def versions_seconds_apart(monkeypatch):
    """Each new version is ten seconds after the last, so Last-Modified shows every change."""
    ticks = itertools.count(time.time_ns(), 10 * 10**9)
    monkeypatch.setattr(content_version, "_new_version", lambda: next(ticks))
    monkeypatch.setattr(cache_tags, "_new_version", lambda: next(ticks))


@pytest.fixture
def published(db):
    tier, actor, source = TierFactory(), ActorFactory(), SourceFactory()
    commitment = CommitmentFactory(tier=tier, lead_actor=actor, sources=[source])
    return {"tier": tier, "actor": actor, "source": source, "commitment": commitment}


def validators(client):
    found = {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        found[url] = (response["ETag"], response["Last-Modified"])
    return found


def draft_commitment(published, **fields):
    return CommitmentFactory(
        tier=published["tier"],
        lead_actor=published["actor"],
        sources=[published["source"]],
        visibility=DRAFT,
        **fields,
    )


def test_creating_editing_and_deleting_drafts_changes_no_validator(client, published):
    before = validators(client)
    commitment = draft_commitment(published, title="Secret plan")
    commitment.title = "Secret plan, revised"
    commitment.save()
    commitment.actors.add(published["actor"])
    StatusChangeFactory(commitment=commitment, source=published["source"], visibility=DRAFT)
    speaker = ActorFactory(visibility=DRAFT)
    statement = StatementFactory(speaker=speaker, sources=[published["source"]], visibility=DRAFT)
    statement.commitments.add(published["commitment"])
    Commitment.objects.filter(pk=commitment.pk).update(description="More")
    Commitment.objects.bulk_update([commitment], ["title"])
    Statement.objects.filter(pk=statement.pk).delete()
    commitment.delete()
    assert validators(client) == before


def test_a_draft_related_to_a_published_record_changes_no_validator(client, published):
    before = validators(client)
    source = SourceFactory(visibility=DRAFT)
    published["commitment"].sources.add(source)  # a link to a draft shows nowhere
    assert validators(client) == before


def test_publishing_moves_both_validators(client, published):
    commitment = draft_commitment(published, title="Maritime demining")
    before = validators(client)
    time.sleep(1.1)  # feeds date themselves by their newest entry, to the second
    commitment.visibility = PUBLISHED
    commitment.save()
    after = validators(client)
    for url in URLS:
        assert after[url][0] != before[url][0], url
        assert after[url][1] != before[url][1], url


def test_returning_to_draft_and_editing_published_records_move_them(client, published):
    before = validators(client)
    Commitment.objects.filter(pk=published["commitment"].pk).update(visibility=DRAFT)
    hidden = validators(client)
    for url in URLS:
        assert hidden[url][0] != before[url][0], url
        if "/feeds/" not in url:  # a feed dates itself by its newest entry
            assert hidden[url][1] != before[url][1], url
    published["tier"].name = "Renamed tier"
    published["tier"].save()
    assert validators(client)["/en/"] != hidden["/en/"]


def test_fixtures_of_new_drafts_change_no_validator(client, published, tmp_path):
    before = validators(client)
    fixture = tmp_path / "draft.json"
    fixture.write_text(
        '[{"model": "tiers.source", "fields": {"key": "draft-source", "title": "Draft source",'
        ' "kind": "news", "visibility": "draft"}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert validators(client) == before
