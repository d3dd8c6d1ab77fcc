"""Anonymous clients are rate limited: over API_ANON_RATE, a 429 with Retry-After, counted in the
shared cache; answers the page cache gives cost nothing and are not counted."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tiers.tests.factories import TierFactory
from tiers.tests.test_settings import start

pytestmark = pytest.mark.django_db


@override_settings(API_ANON_RATE="3/min", PUBLIC_CACHE_SECONDS=0)
def test_a_client_over_the_rate_gets_429_with_retry_after(client):
    TierFactory()
    for page in range(1, 4):
        assert client.get("/api/v1/tiers/", {"page_size": page}).status_code == 200
    refused = client.get("/api/v1/tiers/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]
    # Another address has its own count.
    assert client.get("/api/v1/tiers/", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(API_ANON_RATE="2/min", PUBLIC_CACHE_SECONDS=0)
def test_the_count_lives_in_the_shared_cache(client):
    TierFactory()
    client.get("/api/v1/tiers/")
    client.get("/api/v1/tiers/")
    assert client.get("/api/v1/tiers/").status_code == 429
    cache.clear()  # every app server reads the same cache: a new window for all of them
    assert client.get("/api/v1/tiers/").status_code == 200


@override_settings(API_ANON_RATE="1/min")
def test_answers_from_the_page_cache_are_not_counted(client):
    TierFactory()
    for _ in range(3):
        assert client.get("/api/v1/tiers/").status_code == 200
    assert client.get("/api/v1/actors/").status_code == 429


@override_settings(API_ANON_RATE="off", PUBLIC_CACHE_SECONDS=0)
def test_the_limit_can_be_turned_off(client):
    for _ in range(5):
        assert client.get("/api/v1/tiers/").status_code == 200


def test_the_rate_comes_from_the_environment_and_a_bad_one_stops_the_start():
    good = start({"DEBUG": "1", "API_ANON_RATE": "20/s"}, "settings.API_ANON_RATE")
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "('20/s',)"
    default = start({"DEBUG": "1"}, "settings.API_ANON_RATE")
    assert default.stdout.strip() == "('600/min',)"
    bad = start({"DEBUG": "1", "API_ANON_RATE": "600 a minute"})
    assert bad.returncode != 0
    assert "API_ANON_RATE" in bad.stderr
