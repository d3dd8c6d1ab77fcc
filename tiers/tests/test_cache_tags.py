"""A write drops the cached responses that showed what it changed, and only those.

Each cached response knows the records it loaded and the lists it declared (tiers.cache_tags);
a write touches the tags of its record, its model's lists and the records whose pages list it.
"Served from the cache" is a response without a query; "dropped" is one that queried again.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from guarantees_site.page_cache import PublicPageCacheMiddleware, cache_key
from tiers import cache_tags
from tiers.models import Commitment, Statement, Tier, Visibility

from .factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def from_cache(client, url) -> bool:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


def stored_at(client, url):
    """When the cached copy that answered was stored (None: nothing cached)."""
    response = client.get(url)
    entry = cache.get(cache_key(response.wsgi_request))
    return entry[3] if entry and response.status_code == 200 else None


@pytest.fixture
def records(db):
    tier, other_tier = TierFactory(), TierFactory()
    speaker, lead, other_actor = ActorFactory(), ActorFactory(), ActorFactory()
    source = SourceFactory()
    commitment = CommitmentFactory(tier=tier, lead_actor=lead, sources=[source])
    other = CommitmentFactory(tier=other_tier, lead_actor=other_actor)
    statement = StatementFactory(speaker=speaker, commitments=[commitment], sources=[source])
    other_statement = StatementFactory(speaker=other_actor)
    return locals()


def pages(records):
    return {
        "commitment": records["commitment"].get_absolute_url(),
        "other commitment": records["other"].get_absolute_url(),
        "statement": records["statement"].get_absolute_url(),
        "other statement": records["other_statement"].get_absolute_url(),
        "speaker": records["speaker"].get_absolute_url(),
        "lead actor": records["lead"].get_absolute_url(),
        "other actor": records["other_actor"].get_absolute_url(),
        "source": records["source"].get_absolute_url(),
        "tier": records["tier"].get_absolute_url(),
        "commitments": "/en/commitments/",
        "statements": "/en/statements/",
        "actors": "/en/actors/",
        "home": "/en/",
        "timeline": "/en/timeline/",
        "about": "/en/about/",
        "api": "/api/v1/commitments/",
    }


def warm(client, urls):
    copies = {name: stored_at(client, url) for name, url in urls.items()}
    assert all(copies.values())
    assert copies == {name: stored_at(client, url) for name, url in urls.items()}
    return copies


def dropped(client, urls, copies) -> set[str]:
    return {name for name, url in urls.items() if stored_at(client, url) != copies[name]}


def test_editing_a_commitment_drops_what_showed_it_or_lists_commitments(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    commitment = Commitment.objects.get(pk=records["commitment"].pk)
    commitment.description = "Now with an air-defence component."
    commitment.save()
    assert dropped(client, urls, copies) == {
        "commitment",  # itself
        "statement",  # shows it
        "lead actor",  # lists it: the commitment points to it
        "source",  # lists it: the commitment cites it
        "tier",  # counts and lists commitments
        "commitments",
        "home",
        "timeline",
        "api",  # the API declares nothing: it drops on every write
    }


def test_editing_a_statement_leaves_other_statements_and_commitments_cached(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    statement = Statement.objects.get(pk=records["statement"].pk)
    statement.occasion = "Press conference"
    statement.save()
    assert dropped(client, urls, copies) == {
        "statement",
        "commitment",  # lists its statements
        "speaker",  # lists what it said
        "source",  # lists what cites it
        "tier",  # lists the newest statements
        "statements",
        "home",
        "timeline",
        "api",
    }


def test_linking_a_new_statement_drops_the_pages_it_appears_on(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    StatementFactory(speaker=records["speaker"], commitments=[records["commitment"]])
    gone = dropped(client, urls, copies)
    assert {"commitment", "speaker", "statements", "home"} <= gone
    assert not gone & {"other commitment", "other statement", "other actor", "about"}


def test_a_status_change_drops_its_commitment_and_the_lists_of_commitments(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    StatusChangeFactory(commitment=records["commitment"], source=records["source"])
    gone = dropped(client, urls, copies)
    assert {"commitment", "source", "commitments", "tier", "home", "timeline"} <= gone
    assert not gone & {"other commitment", "other statement", "statement", "other actor"}


def test_a_page_that_declares_no_list_stays_through_unrelated_writes(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    other = Commitment.objects.get(pk=records["other"].pk)
    other.title = "Renamed"
    other.save()
    unrelated = {"commitment", "statement", "speaker", "source", "about"}
    assert not dropped(client, urls, copies) & unrelated


def test_hiding_a_record_that_others_are_shown_with_drops_every_page(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    tier = Tier.objects.get(pk=records["other_tier"].pk)
    tier.visibility = Visibility.DRAFT
    tier.save()
    assert dropped(client, urls, copies) == set(urls)


def test_a_bulk_write_drops_every_page(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    Commitment.objects.filter(pk=records["other"].pk).update(title="Bulk renamed")
    assert dropped(client, urls, copies) == set(urls)


def test_writes_to_drafts_drop_nothing(client, records):
    urls = pages(records)
    copies = warm(client, urls)
    draft = CommitmentFactory(
        tier=records["tier"],
        lead_actor=records["lead"],
        sources=[records["source"]],
        visibility=Visibility.DRAFT,
    )
    draft.title = "Still a draft"
    draft.save()
    assert dropped(client, urls, copies) == set()


def test_responses_name_their_tags_for_a_cdn(client, records):
    response = client.get(records["commitment"].get_absolute_url())
    tags = set(response["Cache-Tag"].split(","))
    assert set(response["Surrogate-Key"].split(" ")) == tags
    assert {
        f"commitment-{records['commitment'].pk}",
        f"tier-{records['tier'].pk}",
        f"actor-{records['lead'].pk}",
        f"statement-{records['statement'].pk}",
        cache_tags.SITE,
    } <= tags
    assert cache_tags.ANY not in tags  # it declared what it lists
    listing = client.get("/en/commitments/")
    assert {"commitments", "tiers", "actors"} <= set(listing["Cache-Tag"].split(","))
    assert cache_tags.ANY in client.get("/api/v1/commitments/")["Cache-Tag"].split(",")


def test_signed_in_pages_carry_no_tags(staff_client, records):
    assert not staff_client.get(records["commitment"].get_absolute_url()).has_header("Cache-Tag")


def test_a_response_rendered_during_a_write_is_not_stored(rf, records):
    url = records["commitment"].get_absolute_url()

    def render_then_write(request):
        response = HttpResponse("rendered from the rows before the write")
        other = Commitment.objects.get(pk=records["other"].pk)
        other.title = "Written while the page rendered"
        other.save()
        return response

    def anonymous_request():
        request = rf.get(url)
        request.LANGUAGE_CODE = "en"
        return request

    request = anonymous_request()
    PublicPageCacheMiddleware(render_then_write)(request)
    assert cache.get(cache_key(request)) is None
    PublicPageCacheMiddleware(lambda request: HttpResponse("quiet"))(request)
    assert cache.get(cache_key(request)) is not None


def test_tags_touched_in_a_transaction_are_touched_again_at_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tier = TierFactory()
        tag = f"tier-{tier.pk}"
        during = cache_tags.versions([tag])
    assert cache_tags.versions([tag]) != during


def test_a_tag_missing_from_the_cache_invalidates_what_depended_on_it(client, records):
    url = records["commitment"].get_absolute_url()
    client.get(url)
    cache.delete(cache_tags.PREFIX + f"tier-{records['tier'].pk}")  # evicted
    assert not from_cache(client, url)
    assert from_cache(client, url)
