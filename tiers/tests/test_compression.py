"""Responses are compressed for clients that ask, cached pages included; static files are
precompressed (gzip and brotli); Permissions-Policy and Cross-Origin-Resource-Policy everywhere."""

import gzip
import json

import brotli
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tiers.models import Actor

from .factories import ActorFactory, CommitmentFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def records():
    commitment = CommitmentFactory(slug="air-policing")
    StatementFactory(speaker=commitment.lead_actor, tiers=[commitment.tier])
    return commitment


@pytest.mark.parametrize(
    "url,content_type",
    [
        ("/en/", "text/html"),
        ("/uk/commitments/air-policing/", "text/html"),
        ("/api/v1/commitments/", "application/json"),
        ("/en/feeds/commitments/", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
    ],
)
def test_each_kind_of_response_is_gzipped_when_asked_and_only_then(
    client, records, url, content_type
):
    plain = client.get(url)
    assert plain.status_code == 200 and plain["Content-Type"].startswith(content_type)
    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]
    compressed = client.get(url, **GZIP)
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(body(compressed)) == body(plain)


def test_an_api_page_of_100_statements_is_a_fraction_of_its_size(client):
    speaker, source = ActorFactory(kind=Actor.Kind.PERSON), SourceFactory()
    StatementFactory.create_batch(100, speaker=speaker, sources=[source])
    url = "/api/v1/statements/?page_size=100"
    plain = client.get(url).content
    compressed = client.get(url, **GZIP)
    assert compressed["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(compressed.content))["results"]) == 100
    assert len(compressed.content) < len(plain) / 4, (len(compressed.content), len(plain))


def test_a_cached_page_is_served_compressed_or_not_as_each_request_asks(
    client, records, django_assert_num_queries
):
    url = "/en/commitments/air-policing/"
    first = client.get(url, **GZIP)  # rendered, stored uncompressed, sent compressed
    page = gzip.decompress(first.content)
    with django_assert_num_queries(0):  # both served from the cache
        plain = client.get(url)
        compressed = client.get(url, **GZIP)
    assert not plain.has_header("Content-Encoding") and plain.content == page
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == page
    for response in (first, plain, compressed):
        assert "Accept-Encoding" in response["Vary"]


def test_a_compressed_page_answers_conditional_requests(client, records):
    url = "/en/commitments/air-policing/"
    etag = client.get(url, **GZIP)["ETag"]
    assert etag.startswith('W/"')  # the compressed body is not the one the tag was made of
    assert client.get(url, HTTP_IF_NONE_MATCH=etag, **GZIP).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_compressed_api_response_answers_conditional_requests(client, records):
    etag = client.get("/api/v1/commitments/", **GZIP)["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/v1/commitments/", HTTP_IF_NONE_MATCH=etag, **GZIP)
    assert again.status_code == 304


def test_static_files_are_precompressed_with_brotli_and_gzip_and_served_so(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The site's own static files only (the admin's would only make the test slower).
    finders = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, STATICFILES_FINDERS=finders):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        stylesheet = manifest["css/site.css"]
        original = (tmp_path / stylesheet).read_bytes()
        assert brotli.decompress((tmp_path / f"{stylesheet}.br").read_bytes()) == original
        assert gzip.decompress((tmp_path / f"{stylesheet}.gz").read_bytes()) == original
        response = Client().get(f"/static/{stylesheet}", **GZIP)
        assert response["Content-Encoding"] == "br"
        assert brotli.decompress(body(response)) == original
        response = Client().get(f"/static/{stylesheet}", HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert not Client().get(f"/static/{stylesheet}").has_header("Content-Encoding")


DENIED = ["camera", "microphone", "geolocation", "payment", "usb"]


@pytest.mark.parametrize(
    "url,resource_policy",
    [
        ("/en/", "same-origin"),
        ("/uk/commitments/air-policing/", "same-origin"),
        ("/en/downloads/", "same-origin"),
        ("/en/api/", "same-origin"),
        ("/en/no-such-page/", "same-origin"),
        ("/static/css/site.css", "same-origin"),
        ("/api/v1/commitments/", "cross-origin"),
        ("/api/v1/openapi.json", "cross-origin"),
        ("/downloads/commitments.csv", "cross-origin"),
        ("/en/feeds/commitments/", "cross-origin"),
        ("/uk/changes/feed/", "cross-origin"),
        ("/sitemap.xml", "cross-origin"),
        ("/robots.txt", "cross-origin"),
    ],
)
def test_every_response_says_what_it_may_be_used_for(client, records, url, resource_policy):
    for response in (client.get(url), client.get(url)):  # rendered, then from the cache
        assert response["Cross-Origin-Resource-Policy"] == resource_policy, url
        policy = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
        assert all(policy[feature] == "()" for feature in DENIED), policy


def test_a_download_file_arrives_byte_for_byte_with_its_length_and_checksum(client, records):
    plain = client.get("/downloads/commitments.csv")
    asked = client.get("/downloads/commitments.csv", **GZIP)
    assert plain.status_code == asked.status_code == 200
    assert "no-transform" in asked["Cache-Control"]
    assert not asked.has_header("Content-Encoding")
    plain_bytes = body(plain)
    assert body(asked) == plain_bytes
    assert asked["Content-Length"] == str(len(plain_bytes))
    assert asked["Repr-Digest"] == plain["Repr-Digest"]
