"""A CSV or JSON download reaches a reader who accepts gzip as its gzip copy, built with the file:
its own length, checksum and ETag, decoding to exactly the plain file. XLSX and ZIP files, which
are compressed already, always come as they are."""

import base64
import gzip
import hashlib

import pytest

from tiers.models import DownloadBuild, DownloadFile
from tiers.open_data import download_builds

from .factories import CommitmentFactory, StatementFactory

pytestmark = pytest.mark.django_db
TEXT_FILES = ["/downloads/commitments.csv", "/downloads/statements.json"]
COMPRESSED_FILES = ["/downloads/commitments.xlsx", "/downloads/all.zip"]


@pytest.fixture
def records():
    commitment = CommitmentFactory(slug="air-policing")
    StatementFactory.create_batch(5, speaker=commitment.lead_actor, tiers=[commitment.tier])
    return commitment


def get(client, url, accept_encoding=None, method="get", **headers):
    if accept_encoding is not None:
        headers["accept-encoding"] = accept_encoding
    return getattr(client, method)(url, headers=headers)


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def digest_header(data: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(data).digest()).decode() + ":"


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", TEXT_FILES)
def test_a_text_file_asked_for_with_gzip_arrives_gzipped_and_decodes_to_the_plain_file(
    client, records, url
):
    plain = get(client, url)
    packed = get(client, url, "gzip, deflate, br")
    plain_bytes, packed_bytes = body(plain), body(packed)

    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed_bytes) == plain_bytes
    assert packed["Content-Length"] == str(len(packed_bytes))
    assert plain["Content-Length"] == str(len(plain_bytes))
    # RFC 9530: the representation is the encoded bytes, so the digest is theirs.
    assert packed["Repr-Digest"] == digest_header(packed_bytes)
    assert packed["Digest"] == digest_header(packed_bytes)[:-1].replace("=:", "=", 1)
    assert plain["Repr-Digest"] == digest_header(plain_bytes)
    plain_sha = hashlib.sha256(plain_bytes).hexdigest()
    assert plain["ETag"] == f'"{plain_sha}"'
    # Strong, and each variant's own: the SHA-256 of the bytes sent.
    assert packed["ETag"] == f'"{hashlib.sha256(packed_bytes).hexdigest()}"' != plain["ETag"]
    for response in (plain, packed):
        assert "accept-encoding" in vary(response)
        assert "no-transform" in response["Cache-Control"]  # nothing compresses it again
    assert packed["Content-Type"] == plain["Content-Type"]
    assert packed["Content-Disposition"] == plain["Content-Disposition"]


@pytest.mark.parametrize(
    "accept_encoding", [None, "", "gzip;q=0", "GZIP; Q=0.000, br", "identity", "br", "gzip;q=x"]
)
def test_a_reader_who_does_not_accept_gzip_gets_the_plain_file(client, records, accept_encoding):
    response = get(client, "/downloads/commitments.csv", accept_encoding)
    data = body(response)
    assert not response.has_header("Content-Encoding")
    assert hashlib.sha256(data).hexdigest() == download_builds.served_file("commitments.csv").sha256
    assert response["Repr-Digest"] == digest_header(data)
    assert response["Content-Length"] == str(len(data))


@pytest.mark.parametrize(
    "accept_encoding,gzipped",
    [
        ("gzip", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("identity;q=0.5, gzip", True),
        ("gzip;q=0.3, identity", False),
        ("gzip;q=0.5, *;q=1", False),
        ("*;q=0.5, gzip;q=0", False),
    ],
)
def test_the_weights_a_reader_gives_decide_the_variant(client, records, accept_encoding, gzipped):
    response = get(client, "/downloads/commitments.json", accept_encoding)
    data = body(response)
    assert response.has_header("Content-Encoding") is gzipped
    assert (data[:2] == b"\x1f\x8b") is gzipped


@pytest.mark.parametrize("url", COMPRESSED_FILES)
def test_an_xlsx_or_the_zip_is_never_gzipped(client, records, url):
    plain = get(client, url)
    asked = get(client, url, "gzip, deflate, br")
    data = body(asked)
    assert not asked.has_header("Content-Encoding")
    assert data == body(plain) and data[:2] == b"PK"
    assert asked["Content-Length"] == str(len(data))
    assert asked["Repr-Digest"] == plain["Repr-Digest"] == digest_header(data)
    assert asked["ETag"] == plain["ETag"]
    assert "no-transform" in asked["Cache-Control"]
    assert (
        not DownloadFile.objects.filter(name=url.rsplit("/", 1)[1])
        .exclude(gzip_storage_name="")
        .exists()
    )


@pytest.mark.parametrize("url", TEXT_FILES)
def test_each_variant_answers_a_conditional_request_for_its_own_tag(client, records, url):
    plain_tag = get(client, url)["ETag"]
    packed_tag = get(client, url, "gzip")["ETag"]

    again = get(client, url, "gzip", if_none_match=packed_tag)
    assert again.status_code == 304
    assert again["ETag"] == packed_tag and "accept-encoding" in vary(again)
    again = get(client, url, if_none_match=plain_tag)
    assert again.status_code == 304
    assert again["ETag"] == plain_tag and "accept-encoding" in vary(again)

    # A reader holding the other variant is sent the one it asked for.
    other = get(client, url, "gzip", if_none_match=plain_tag)
    assert other["Content-Encoding"] == "gzip"
    assert body(other)[:2] == b"\x1f\x8b"
    other = get(client, url, if_none_match=packed_tag)
    assert not other.has_header("Content-Encoding")
    assert body(other)[:2] != b"\x1f\x8b"


def test_a_head_request_names_the_variant_it_would_get(client, records):
    url = "/downloads/commitments.csv"
    file = download_builds.served_file("commitments.csv")
    packed = get(client, url, "gzip", method="head")
    plain = get(client, url, method="head")
    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Length"] == str(file.gzip_size)
    assert packed["ETag"] == f'"{file.gzip_sha256}"'
    assert not plain.has_header("Content-Encoding")
    assert plain["Content-Length"] == str(file.size)
    assert b"".join(packed.streaming_content) == b"" == b"".join(plain.streaming_content)


def test_the_page_lists_the_checksums_of_the_plain_files(client, records):
    csv = body(get(client, "/downloads/commitments.csv"))
    packed = body(get(client, "/downloads/commitments.csv", "gzip"))
    page = client.get("/en/downloads/").content.decode()
    assert hashlib.sha256(csv).hexdigest() in page
    assert hashlib.sha256(packed).hexdigest() not in page


def test_a_gzip_copy_that_cannot_be_stored_leaves_nothing_behind(client, monkeypatch):
    CommitmentFactory()
    download_builds.build(download_builds.content_version.current())
    stored = set(download_builds.storage().listdir("")[1])
    real_save = download_builds.Spool.save

    def failing_save(spool, name):
        if name.endswith("-statements.json.gz"):
            raise OSError("the disk is full")
        return real_save(spool, name)

    monkeypatch.setattr(download_builds.Spool, "save", failing_save)
    StatementFactory()
    version = download_builds.content_version.current()
    with pytest.raises(OSError, match="the disk is full"):
        download_builds.build(version)
    assert DownloadBuild.objects.get(content_version=version).status == DownloadBuild.Status.FAILED
    # Neither the copies already written nor statements.json itself stayed.
    assert set(download_builds.storage().listdir("")[1]) == stored
