"""The shared cache on a real Redis server, configured as production configures it (CACHE_URL).

CI has Redis on 127.0.0.1:6379 and requires these tests; elsewhere they are skipped when nothing
listens there.
"""

import os
import socket
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from guarantees_site.env import envcache
from guarantees_site.page_cache import PublicPageCacheMiddleware, cache_key
from tiers import content_version

from .factories import CommitmentFactory, StatementFactory

REDIS = ("127.0.0.1", 6379)
# A database number of its own, emptied before and after each test.
LOCATION = "redis://127.0.0.1:6379/13"

pytestmark = pytest.mark.django_db


def redis_listens() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(monkeypatch):
    if not redis_listens():
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379; CI requires it")
        pytest.skip("no Redis server on 127.0.0.1:6379")
    monkeypatch.setenv("TEST_CACHE_URL", LOCATION)
    with override_settings(CACHES={"default": envcache("TEST_CACHE_URL")}):
        caches["default"].clear()
        monkeypatch.setattr(content_version, "_known", None)
        yield caches["default"]
        caches["default"].clear()


def test_cache_url_selects_django_redis_with_short_timeouts(redis_cache):
    assert type(redis_cache).__module__.startswith("django_redis")
    redis_cache.set("greeting", "привіт", timeout=5)
    assert redis_cache.get("greeting") == "привіт"


def test_a_page_is_served_from_redis_until_published_content_changes(
    client, redis_cache, django_assert_num_queries
):
    commitment = CommitmentFactory(title="Air policing over western Ukraine")
    url = reverse("tiers:commitment_detail", kwargs={"slug": commitment.slug})
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert "Air policing" in client.get(url).content.decode()
    commitment.title = "Air policing over all of Ukraine"
    commitment.save()
    assert "all of Ukraine" in client.get(url).content.decode()


def test_pages_are_served_uncached_when_redis_does_not_answer(client, monkeypatch):
    monkeypatch.setenv("TEST_CACHE_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setattr(content_version, "_known", None)
    with override_settings(CACHES={"default": envcache("TEST_CACHE_URL")}):
        commitment = CommitmentFactory(title="Air policing over western Ukraine")
        response = client.get(reverse("tiers:commitment_detail", kwargs={"slug": commitment.slug}))
    assert response.status_code == 200
    assert "Air policing" in response.content.decode()


@override_settings(PUBLIC_LIST_REFRESH_SECONDS=1)
def test_one_request_across_servers_takes_the_turn_to_render_a_moved_list(client, redis_cache):
    StatementFactory(quote="We will guard the western skies.")
    response = client.get("/en/statements/")
    key = cache_key(response.wsgi_request)
    assert PublicPageCacheMiddleware._take_refresh(key)
    assert not PublicPageCacheMiddleware._take_refresh(key)  # another server's request
    StatementFactory(quote="Training missions will continue.")
    assert "Training missions" not in client.get("/en/statements/").content.decode()
    time.sleep(1.1)  # the interval is over: the turn's key has expired in Redis
    assert "Training missions" in client.get("/en/statements/").content.decode()
