"""A list's count is kept in the shared cache per content version and filters: paging through a
list counts it once, a change to published content counts it again, and a draft changes nothing."""

import pytest
from django.test import override_settings

from tiers import kept
from tiers.models import Commitment
from tiers.models.base import Visibility
from tiers.tests.factories import CommitmentFactory, StatusChangeFactory, TierFactory
from tiers.tests.test_api_http import COMMITMENT_LISTS

pytestmark = pytest.mark.django_db


def get(client, **query):
    response = client.get("/api/v1/commitments/", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_next_pages_of_a_list_are_not_counted_again(client, django_assert_num_queries):
    tier = TierFactory()
    CommitmentFactory.create_batch(5, tier=tier)
    # 1 count, 2 the page, then its lists.
    with django_assert_num_queries(2 + COMMITMENT_LISTS):
        assert get(client, page_size=2)["count"] == 5
    # The same list, another page or page size: the count comes from the cache.
    with django_assert_num_queries(1 + COMMITMENT_LISTS):
        page = get(client, page_size=2, page=3)
    assert (page["count"], page["pages"], page["next"]) == (5, 3, None)
    with django_assert_num_queries(1 + COMMITMENT_LISTS):
        assert get(client, page_size=5)["pages"] == 1


def test_each_filter_has_its_own_count(client):
    tier = TierFactory()
    CommitmentFactory(tier=tier, category=Commitment.Category.TRAINING)
    CommitmentFactory(tier=tier, category=Commitment.Category.FINANCING)
    assert get(client)["count"] == 2
    assert get(client, category="training")["count"] == 1
    # The order of the parameters does not make another list.
    assert get(client, category="training", tier=tier.slug)["count"] == 1
    assert get(client, tier=tier.slug, category="training")["count"] == 1


def test_publishing_counts_again_and_a_draft_does_not_show(client):
    tier = TierFactory()
    CommitmentFactory(tier=tier)
    assert get(client)["count"] == 1
    draft = CommitmentFactory(tier=tier, visibility=Visibility.DRAFT)
    assert get(client)["count"] == 1
    draft.visibility = Visibility.PUBLISHED
    draft.save()
    data = get(client)
    assert data["count"] == len(data["results"]) == 2
    Commitment.objects.filter(pk=draft.pk).update(visibility=Visibility.DRAFT)
    data = get(client)
    assert data["count"] == len(data["results"]) == 1


def test_a_draft_status_change_does_not_make_a_commitment_changed(client):
    commitment = CommitmentFactory()
    since = commitment.updated_at.isoformat()
    Commitment.objects.filter(pk=commitment.pk).update(updated_at="2020-01-01T00:00:00Z")
    assert get(client, updated_since=since)["count"] == 0
    StatusChangeFactory(commitment=commitment, visibility=Visibility.DRAFT)
    assert get(client, updated_since=since)["count"] == 0
    StatusChangeFactory(commitment=commitment)
    data = get(client, updated_since=since)
    assert data["count"] == 1 and data["results"][0]["slug"] == commitment.slug


@override_settings(PUBLIC_CACHE_SECONDS=0)
def test_a_count_is_kept_between_writes_with_the_page_cache_off(client, django_assert_num_queries):
    # As the pages' counts are (tiers.summaries): pages rendered anew still read the count.
    tier = TierFactory()
    CommitmentFactory(tier=tier)
    get(client)
    with django_assert_num_queries(1 + COMMITMENT_LISTS):
        assert get(client)["count"] == 1
    CommitmentFactory(tier=tier)
    with django_assert_num_queries(2 + COMMITMENT_LISTS):
        assert get(client)["count"] == 2


def test_a_cache_outage_counts_in_the_database(client, monkeypatch):
    CommitmentFactory.create_batch(2)
    get(client)

    class Broken:
        def get(self, *args, **kwargs):
            raise ConnectionError("the cache is down")

        set = get

    monkeypatch.setattr(kept, "cache", Broken())
    assert get(client, page_size=1)["count"] == 2
