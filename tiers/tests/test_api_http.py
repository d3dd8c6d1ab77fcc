"""The API over HTTP: conditional requests, cross-origin reads, methods, and query counts."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings

from tiers import content_version
from tiers.models import Commitment, StatusChange
from tiers.page_lists import in_one_query
from tiers.synthetic import generate
from tiers.tests.factories import (
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def test_it_answers_a_matching_etag_with_304(client):
    commitment = CommitmentFactory()
    first = client.get("/api/v1/commitments/")
    etag = first["ETag"]
    again = client.get("/api/v1/commitments/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # A change to the record changes the body, so the old ETag no longer matches.
    commitment.title = "Renamed"
    commitment.save()
    changed = client.get("/api/v1/commitments/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_new_status_change_changes_the_detail_etag(client):
    commitment = CommitmentFactory()
    url = f"/api/v1/commitments/{commitment.slug}/"
    etag = client.get(url)["ETag"]
    StatusChangeFactory(commitment=commitment)
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_it_answers_if_modified_since_with_304_until_a_change(client):
    commitment = CommitmentFactory()
    url = f"/api/v1/commitments/{commitment.slug}/"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    Commitment.objects.filter(pk=commitment.pk).update(
        updated_at=commitment.updated_at.replace(year=commitment.updated_at.year + 1)
    )
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 200


def test_unpublishing_a_record_moves_the_lists_last_modified(client, monkeypatch):
    # A list is as new as the published content (tiers/content_version.py): let it change in
    # 2020, then in 2022.
    clock = {"now": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)}
    monkeypatch.setattr(
        content_version, "_new_version", lambda: int(clock["now"].timestamp() * 10**9)
    )
    kept, unpublished = CommitmentFactory(), CommitmentFactory()
    StatusChange.objects.update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    Commitment.objects.update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    since = {"if-modified-since": "Wed, 01 Jan 2021 00:00:00 GMT"}
    assert client.get("/api/v1/commitments/", headers=since).status_code == 304
    clock["now"] = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)
    unpublished.visibility = "draft"
    unpublished.save()
    response = client.get("/api/v1/commitments/", headers=since)
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == [kept.slug]


def test_other_sites_may_read_it(client):
    TierFactory()
    response = client.get("/api/v1/tiers/", headers={"origin": "https://newsroom.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/tiers/",
        headers={
            "origin": "https://newsroom.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_the_public_pages_are_not_opened_to_other_sites(client):
    response = client.get("/en/", headers={"origin": "https://newsroom.example"})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_changes_with_405(client, method):
    response = getattr(client, method)("/api/v1/tiers/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_an_unknown_record_is_a_json_404(client):
    response = client.get("/api/v1/commitments/no-such-commitment/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no-such-commitment" in response.json()["detail"]


def test_a_malformed_id_is_a_400(client):
    assert client.get("/api/v1/memberships/abc/").status_code == 400


def make_records(n):
    for _ in range(n):
        tier = TierFactory()
        commitment = CommitmentFactory(tier=tier)
        change = StatusChangeFactory(commitment=commitment)
        FigureFactory(commitment=commitment, status_change=change)
        FigureFactory(commitment=commitment)
        StatementFactory(tiers=[tier], commitments=[commitment])
        MembershipFactory()


# A commitment's actors, sources, status changes (with source and statement) and figures (with
# source): one query on PostgreSQL (tiers/page_lists.py); elsewhere actors and sources in one,
# then one each.
COMMITMENT_LISTS = 1 if in_one_query("default") else 3

# Lists: 1 count (kept in the cache for the next pages: tiers/tests/test_api_counts.py), 2 the
# page, then the related lists. Last-Modified comes from the content version, without a query.
LIST_QUERIES = {
    "tiers": 2,
    "actors": 2,
    "sources": 2,
    # the page joins member, organisation and source
    "memberships": 2,
    "commitments": 2 + COMMITMENT_LISTS,
    # the page joins commitment and source
    "figures": 2,
    # 3 translations (with their sources), 4 tiers, commitments and sources in one query
    "statements": 4,
}


@pytest.mark.parametrize("name", LIST_QUERIES)
@pytest.mark.parametrize("n", [2, 9])
def test_a_list_takes_a_fixed_number_of_queries(client, django_assert_num_queries, name, n):
    make_records(n)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(f"/api/v1/{name}/", {"page_size": 100})
    assert len(response.json()["results"]) >= n


@pytest.mark.parametrize("n", [2, 9])
def test_a_filtered_search_takes_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    make_records(n)
    tier = TierFactory._meta.model.objects.first()
    query = {"tier": tier.slug, "q": "speaker", "page_size": 100}
    # 1 the tier named by the filter, then as for the plain list; on PostgreSQL, 1 the table's
    # estimated size, to choose how to read the page (tests/test_api_search_reading.py).
    postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(6 if postgresql else 5):
        client.get("/api/v1/statements/", query)
    # The count kept.
    with (
        override_settings(PUBLIC_CACHE_SECONDS=0),
        django_assert_num_queries(5 if postgresql else 4),
    ):
        client.get("/api/v1/statements/", query)


@pytest.mark.parametrize("n", [2, 9])
def test_a_commitment_detail_takes_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    commitment = CommitmentFactory()
    for _ in range(n):
        StatusChangeFactory(commitment=commitment)
        FigureFactory(commitment=commitment)
    # 1 the commitment with tier and lead, then its lists.
    with django_assert_num_queries(1 + COMMITMENT_LISTS):
        response = client.get(f"/api/v1/commitments/{commitment.slug}/")
    assert len(response.json()["status_changes"]) == len(response.json()["figures"]) == n


@pytest.mark.parametrize("n", [10, 1000])
def test_a_page_of_100_commitments_takes_as_many_queries_at_any_size(
    client, django_assert_num_queries, n
):
    generate(commitments=n, statements=0, published_share=1.0)
    # 1 count, 2 the page with tier and lead actor, then its lists. Last-Modified comes from the
    # content version.
    with django_assert_num_queries(2 + COMMITMENT_LISTS):
        response = client.get("/api/v1/commitments/", {"page_size": 100})
    data = response.json()
    assert data["count"] == Commitment.objects.public().count() >= n
    assert len(data["results"]) == min(data["count"], 100)
    assert any(item["status_changes"] for item in data["results"])
    assert any(item["figures"] for item in data["results"])
