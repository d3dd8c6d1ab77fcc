"""Anonymous public pages and API responses come from the cache and are never stale for long.

Every write path that can change what readers see (save, delete, queryset update and delete,
bulk_create, bulk_update, related records added or removed, fixtures) drops the cached copies
(writes to drafts alone do not: test_caching_drafts.py); signed-in users are never served
from the cache; a change the cache never hears of shows after PUBLIC_CACHE_SECONDS at most.
"""

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tiers import content_version
from tiers.models import Actor, Commitment, Visibility

from .factories import ActorFactory, CommitmentFactory, TierFactory

pytestmark = pytest.mark.django_db


def commitments_page(client):
    return client.get(reverse("tiers:commitment_list")).content.decode()


@pytest.fixture
def commitment(db):
    return CommitmentFactory(title="Air policing over western Ukraine")


def test_a_repeated_anonymous_request_is_answered_without_a_query(
    client, commitment, django_assert_num_queries
):
    url = reverse("tiers:commitment_detail", kwargs={"slug": commitment.slug})
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


def test_api_responses_are_cached_too(client, commitment, django_assert_num_queries):
    client.get("/api/v1/commitments/")
    with django_assert_num_queries(0):
        again = client.get("/api/v1/commitments/")
    assert again.status_code == 200
    assert commitment.title in again.content.decode()


def test_a_published_record_appears_at_once(client, commitment):
    draft = CommitmentFactory(
        tier=commitment.tier, title="Maritime demining", visibility=Visibility.DRAFT
    )
    assert "Maritime demining" not in commitments_page(client)
    draft.visibility = Visibility.PUBLISHED
    draft.save()
    assert "Maritime demining" in commitments_page(client)


def test_a_change_by_queryset_update_appears_at_once(client, commitment):
    assert "Air policing" in commitments_page(client)
    Commitment.objects.filter(pk=commitment.pk).update(title="Sea patrols in the Black Sea")
    page = commitments_page(client)
    assert "Sea patrols" in page
    assert "Air policing" not in page


def test_an_unpublished_record_disappears_at_once(client, commitment):
    assert "Air policing" in commitments_page(client)
    Commitment.objects.filter(pk=commitment.pk).update(visibility=Visibility.REVIEW)
    assert "Air policing" not in commitments_page(client)


def test_a_deleted_record_disappears_at_once(client, commitment):
    url = reverse("tiers:commitment_detail", kwargs={"slug": commitment.slug})
    assert client.get(url).status_code == 200
    commitment.delete()
    assert client.get(url).status_code == 404


def test_bulk_created_records_appear_at_once(client, commitment):
    assert "Bulk pledge" not in commitments_page(client)
    Commitment.objects.bulk_create(
        [
            Commitment(
                tier=commitment.tier,
                title=f"Bulk pledge {n}",
                slug=f"bulk-pledge-{n}",
                category=Commitment.Category.TRAINING,
                visibility=Visibility.PUBLISHED,
            )
            for n in range(3)
        ]
    )
    assert "Bulk pledge 2" in commitments_page(client)


def test_bulk_updated_records_change_at_once(client, commitment):
    assert "Air policing" in commitments_page(client)
    commitment.title = "Training pilots"
    Commitment.objects.bulk_update([commitment], ["title"])
    assert "Training pilots" in commitments_page(client)


def test_adding_a_related_record_shows_at_once(client, commitment):
    url = reverse("tiers:commitment_detail", kwargs={"slug": commitment.slug})
    partner = ActorFactory(name="Kingdom of Norway")
    assert "Kingdom of Norway" not in client.get(url).content.decode()
    commitment.actors.add(partner)
    assert "Kingdom of Norway" in client.get(url).content.decode()


def test_records_loaded_from_fixtures_show_at_once(client):
    TierFactory(number=9)
    assert client.get(reverse("tiers:home")).status_code == 200
    before = content_version.current()
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    assert content_version.current() != before
    assert "Rutte" in client.get(reverse("tiers:statement_list")).content.decode()


def test_a_transaction_changes_the_version_at_the_write_and_once_more_at_commit(
    django_capture_on_commit_callbacks,
):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(5):
            ActorFactory(name=f"Actor in one transaction {n}")
        during = content_version.current()
    assert during != before
    assert len(callbacks) == 1  # one change at commit, however many rows
    assert content_version.current() != during


def test_signed_in_users_are_never_served_from_the_cache(staff_client, commitment):
    client = Client()  # anonymous, beside the signed-in one
    # A change the cache cannot hear of: straight into the database.
    assert "Air policing" in commitments_page(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tiers_commitment SET title_en = %s WHERE id = %s",
            ["Changed behind the cache", commitment.pk],
        )
    assert "Changed behind the cache" in commitments_page(staff_client)
    # Nor does what they see reach the cache for others.
    assert "Air policing" in commitments_page(client)


@override_settings(PUBLIC_CACHE_SECONDS=1)
def test_a_change_the_cache_never_heard_of_shows_after_the_configured_time(client, commitment):
    cache.clear()
    assert "Air policing" in commitments_page(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tiers_commitment SET title_en = %s WHERE id = %s",
            ["Changed behind the cache", commitment.pk],
        )
    assert "Air policing" in commitments_page(client)
    time.sleep(1.1)
    assert "Changed behind the cache" in commitments_page(client)


@override_settings(PUBLIC_CACHE_SECONDS=30)
def test_browsers_are_told_to_keep_a_page_no_longer_than_its_time_in_the_cache(client, commitment):
    first = client.get(reverse("tiers:commitment_list"))
    assert "public" in first["Cache-Control"]
    assert "max-age=30" in first["Cache-Control"]
    api = client.get("/api/v1/commitments/")
    max_age = int(api["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 30


def test_pages_answer_conditional_requests(client, commitment):
    url = reverse("tiers:commitment_list")
    first = client.get(url)
    assert first.has_header("ETag")
    assert first.has_header("Last-Modified")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    Commitment.objects.filter(pk=commitment.pk).update(title="A new title")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_pages_for_signed_in_users_are_private(staff_client, commitment):
    response = staff_client.get(reverse("tiers:commitment_list"))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_pages_for_signed_in_users_answer_conditional_requests(staff_client, commitment):
    url = reverse("tiers:commitment_list")
    first = staff_client.get(url)
    assert staff_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_each_language_and_address_is_cached_apart(client, commitment):
    english = client.get("/en/commitments/").content
    ukrainian = client.get("/uk/commitments/").content
    assert english != ukrainian
    assert client.get("/en/commitments/").content == english
    filtered = client.get("/en/commitments/?category=training").content
    assert b"Air policing" not in filtered


def test_the_admin_and_health_checks_are_never_cached(staff_client, commitment):
    admin_url = reverse("admin:tiers_commitment_changelist")
    staff_client.get(admin_url)
    Commitment.objects.filter(pk=commitment.pk).update(title="Edited elsewhere")
    assert "Edited elsewhere" in staff_client.get(admin_url).content.decode()
    assert "no-store" in Client().get("/readyz")["Cache-Control"]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
)
def test_pages_are_served_uncached_while_the_cache_is_down(client, commitment):
    response = client.get(reverse("tiers:commitment_list"))
    assert response.status_code == 200
    assert "Air policing" in response.content.decode()
    # Writes still succeed: the content version is best effort.
    Actor.objects.filter(pk=commitment.lead_actor_id).update(name="Renamed")
