"""Downloads are built ahead, once per content version, and served whole with their checksum."""

import base64
import hashlib
import io
import zipfile

import pytest
from django_tasks import default_task_backend

from tiers.models import DownloadBuild, DownloadFile
from tiers.open_data import download_builds, downloads
from tiers.tests.factories import CommitmentFactory, StatementFactory

pytestmark = pytest.mark.django_db
Status = DownloadBuild.Status


@pytest.fixture
def queued_only(settings):
    """Tasks are stored, not run: as with a database queue whose worker has not got to them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    yield default_task_backend
    default_task_backend.clear()


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def stored_names() -> set[str]:
    return set(download_builds.storage().listdir("")[1])


def test_a_file_comes_whole_with_its_length_and_checksum(client):
    CommitmentFactory.create_batch(3)
    response = client.get("/downloads/all.zip")
    data = body(response)
    digest = hashlib.sha256(data).digest()
    assert int(response["Content-Length"]) == len(data)
    assert response["ETag"] == f'"{digest.hex()}"'
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(digest).decode()}:"
    assert response["Content-Type"] == "application/zip"
    assert "no-transform" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith(
        'attachment; filename="ukraine-guarantees-all-'
    )
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    # The page lists the same checksum and size.
    page = client.get("/en/downloads/").content.decode()
    assert digest.hex() in page
    # The ZIP holds exactly the CSV served on its own.
    csv = body(client.get("/downloads/commitments.csv"))
    assert zipfile.ZipFile(io.BytesIO(data)).read("commitments.csv") == csv


def test_a_reader_who_has_the_file_is_told_it_has_not_changed(client):
    CommitmentFactory()
    etag = client.get("/downloads/commitments.json")["ETag"]
    response = client.get("/downloads/commitments.json", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_before_the_first_build_a_reader_is_told_when_to_come_back(client, queued_only):
    CommitmentFactory()
    response = client.get("/downloads/all.zip")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "being prepared" in client.get("/en/downloads/").content.decode()
    assert len(queued_only.results) == 1  # one build queued, however many readers asked


def test_until_a_new_build_is_ready_the_previous_file_is_served(client, queued_only):
    first = CommitmentFactory(slug="first")
    download_builds.build(download_builds.content_version.current())
    CommitmentFactory(slug="second")

    for _ in range(3):
        data = body(client.get("/downloads/commitments.csv"))
        assert b"first" in data and b"second" not in data
    (queued,) = queued_only.results  # one build for the new content, not one per reader

    queued.task.call(*queued.args)  # the worker runs it
    data = body(client.get("/downloads/commitments.csv"))
    assert b"first" in data and b"second" in data
    assert first.slug.encode() in body(client.get("/downloads/commitments.json"))


def test_the_page_about_a_build_in_progress_is_not_cached(client, queued_only):
    CommitmentFactory()
    download_builds.build(download_builds.content_version.current())
    assert "no-cache" not in client.get("/en/downloads/").get("Cache-Control", "")
    CommitmentFactory()
    assert "no-cache" in client.get("/en/downloads/")["Cache-Control"]


def test_a_build_that_fails_leaves_the_previous_one_served_and_no_litter(client, monkeypatch):
    CommitmentFactory(slug="kept")
    before = body(client.get("/downloads/commitments.csv"))
    files_before = stored_names()

    real_stream = downloads.stream

    def failing_stream(type_name, extension, generated, resource=None):
        if type_name == "statements":
            raise RuntimeError("the database went away")
        return real_stream(type_name, extension, generated, resource)

    monkeypatch.setattr(downloads, "stream", failing_stream)
    StatementFactory()
    assert body(client.get("/downloads/commitments.csv")) == before
    assert DownloadBuild.objects.filter(status=Status.FAILED).count() == 1
    assert stored_names() == files_before


def test_a_newer_request_makes_an_older_queued_build_step_aside():
    DownloadBuild.objects.create(content_version=1)
    DownloadBuild.objects.create(content_version=2)
    assert download_builds.build(1) is None
    assert DownloadBuild.objects.get(content_version=1).status == Status.SUPERSEDED
    assert download_builds.build(2).status == Status.FINISHED
    assert download_builds.build(2) is None  # built once


def test_only_the_current_and_the_previous_build_are_kept():
    for version in (10, 20, 30):
        DownloadBuild.objects.create(content_version=version)
        download_builds.build(version)
    assert sorted(DownloadBuild.objects.values_list("content_version", flat=True)) == [20, 30]
    named = {name for file in DownloadFile.objects.all() for name in file.storage_names()}
    assert stored_names() == named
    # Every file of both builds, and a gzip copy of each CSV and JSON file.
    copies = sum(name.endswith((".csv", ".json")) for name in downloads.FILE_NAMES)
    assert copies == 2 * len(downloads.TYPE_NAMES)
    assert len(named) == 2 * (len(downloads.FILE_NAMES) + copies)


def test_a_build_whose_file_is_gone_is_dropped_and_built_again(client, queued_only):
    CommitmentFactory()
    build = download_builds.build(download_builds.content_version.current())
    file = build.files.get(name="all.zip")
    download_builds.storage().delete(file.storage_name)
    response = client.get("/downloads/all.zip")
    assert response.status_code == 503
    assert not DownloadBuild.objects.filter(pk=build.pk).exists()
    client.get("/downloads/all.zip")
    assert len(queued_only.results) == 1
