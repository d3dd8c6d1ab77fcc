"""Releases: cut, listed, downloaded, verified by their checksums, cited, and read "as of"."""

import datetime
import hashlib
import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tiers.models import (
    Commitment,
    DownloadBuild,
    Release,
    ReleaseRecord,
    StatusChange,
    Visibility,
)
from tiers.open_data import download_builds, releases
from tiers.roles import ANALYST
from tiers.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_a_release_is_cut_with_every_file_and_verified_by_its_checksums(client, seed):
    release = releases.cut(note="The first one.")
    assert release.name == f"{release.released_on.isoformat()}.1"
    assert release.counts["commitments"] == Commitment.objects.public().count()
    assert ReleaseRecord.objects.filter(release=release).count() == sum(release.counts.values())

    page = client.get(f"/en/downloads/releases/{release.name}/").content.decode()
    sums = body(client.get(f"/downloads/releases/{release.name}/SHA256SUMS")).decode()
    listed = dict(reversed(line.split("  ")) for line in sums.splitlines())
    assert len(listed) == len(releases.FILE_NAMES) - 1  # every file but SHA256SUMS itself
    for name in releases.FILE_NAMES[:-5] + ["changelog.json", "CITATION.cff"]:
        response = client.get(f"/downloads/releases/{release.name}/{name}")
        data = body(response)
        saved_as = response["Content-Disposition"].split('filename="')[1].rstrip('"')
        assert listed[saved_as] == hashlib.sha256(data).hexdigest(), name
        assert "immutable" in response["Cache-Control"]
        assert listed[saved_as] in page

    cff = body(client.get(f"/downloads/releases/{release.name}/CITATION.cff")).decode()
    assert f'version: "{release.name}"' in cff and "type: dataset" in cff
    assert "license: CC-BY-4.0" in cff
    assert f"version = {{{release.name}}}" in page  # BibTeX
    assert "The first one." in page


def test_nothing_new_is_not_released_twice(seed):
    first = releases.cut()
    with pytest.raises(releases.ReleaseProblem, match=f"not changed since release {first.name}"):
        releases.cut()
    failed = Release.objects.exclude(pk=first.pk).get()
    assert failed.status == Release.Status.FAILED and "not changed" in failed.problem
    assert not failed.records.exists() and failed.name == ""


def test_the_changelog_lists_what_was_added_changed_and_removed(client, seed):
    first = releases.cut()
    changed, removed = Commitment.objects.public().order_by("pk")[:2]
    old_title = changed.title
    changed.title = "A new title"
    changed.save()
    removed.visibility = Visibility.DRAFT
    removed.save()
    added = CommitmentFactory(slug="added-later")
    second = releases.cut()

    assert second.name.endswith(".2")
    log = second.changelog["types"]["commitments"]
    assert log["added"] == [
        {"key": "added-later", "path": f"/en/commitments/added-later/?release={second.name}"}
    ]
    assert [e["key"] for e in log["changed"]] == [changed.slug]
    assert log["removed"] == [
        {"key": removed.slug, "path": f"/en/commitments/{removed.slug}/?release={first.name}"}
    ]
    assert second.changelog["previous"] == first.name
    changelog = json.loads(body(client.get(f"/downloads/releases/{second.name}/changelog.json")))
    assert changelog["changes"]["commitments"]["added"][0]["url"].startswith("http")

    # The record page as of the first release shows it as it stood then, marked as older.
    response = client.get(f"/en/commitments/{changed.slug}/?release={first.name}")
    page = response.content.decode()
    assert response.status_code == 200
    assert old_title in page and "A new title" not in page
    assert "This is an older state" in page
    assert f'href="/en/commitments/{changed.slug}/"' in page  # the current one
    assert client.get(f"/en/commitments/{removed.slug}/?release={first.name}").status_code == 200
    assert client.get(f"/en/commitments/{added.slug}/?release={first.name}").status_code == 404
    assert client.get(f"/en/commitments/{changed.slug}/?release=1999-01-01.1").status_code == 404

    listing = client.get("/en/downloads/releases/").content.decode()
    assert listing.index(second.name) < listing.index(first.name)
    feed = client.get("/en/downloads/releases/feed/").content.decode()
    assert f"/en/downloads/releases/{second.name}/" in feed


def test_a_release_stays_downloadable_after_newer_builds_are_pruned(client, seed):
    release = releases.cut()
    kept = body(client.get(f"/downloads/releases/{release.name}/commitments.csv"))
    for number in range(3):
        CommitmentFactory(slug=f"later-{number}")
        download_builds.build(download_builds.content_version.current())
    assert DownloadBuild.objects.filter(pk=release.build_id).exists()
    assert body(client.get(f"/downloads/releases/{release.name}/commitments.csv")) == kept
    assert b"later-0" in body(client.get("/downloads/commitments.csv"))


def test_the_api_reads_as_of_a_release(client, seed, django_assert_num_queries):
    release = releases.cut()
    commitment = Commitment.objects.public().order_by("pk").first()
    Commitment.objects.filter(pk=commitment.pk).update(title="Renamed")

    with django_assert_num_queries(2):  # the release, the record
        response = client.get(f"/api/v1/commitments/{commitment.slug}/?release={release.name}")
    data = response.json()
    assert data["record"]["title"] == commitment.title
    assert data["release"]["name"] == release.name
    assert data["release"]["current"].endswith(f"/api/v1/commitments/{commitment.slug}/")

    listed = client.get(f"/api/v1/commitments/?release={release.name}&page_size=2").json()
    assert listed["count"] == release.counts["commitments"]
    assert len(listed["results"]) == 2 and isinstance(listed["results"][0]["tier"], int)
    # A list's filter is taken but not applied to the snapshot, and the answer says so.
    unfiltered = client.get(f"/api/v1/commitments/?release={release.name}&tier=2")
    assert unfiltered.status_code == 200
    assert unfiltered.json()["release"]["not_applied"] == ["tier"]
    refused = client.get(f"/api/v1/commitments/?release={release.name}&colour=red")
    assert refused.status_code == 400 and "colour" in refused.json()["errors"]
    assert client.get("/api/v1/commitments/?release=1999-01-01.1").status_code == 404


def test_a_record_page_as_of_a_release_costs_fixed_queries(client, seed, django_assert_num_queries):
    release = releases.cut()
    change = StatusChange.objects.public().select_related("commitment").first()
    slug = change.commitment.slug
    with django_assert_num_queries(3):  # the release, the record, its status changes
        response = client.get(f"/en/commitments/{slug}/?release={release.name}")
    assert response.status_code == 200
    assert change.summary in response.content.decode()


def test_a_build_that_died_with_its_worker_does_not_block_a_release(seed):
    version = download_builds.content_version.current()
    long_ago = timezone.now() - datetime.timedelta(days=1)
    DownloadBuild.objects.create(
        content_version=version, status=DownloadBuild.Status.RUNNING, started_at=long_ago
    )
    release = releases.cut()
    assert release.build.content_version == version
    assert release.build.status == DownloadBuild.Status.FINISHED


def test_an_editor_cuts_a_release_from_the_admin_in_the_background(
    client, seed, editor, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert client.get("/admin/tiers/release/cut/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/tiers/release/cut/", {"note": "From the admin"})
    assert response.status_code == 302
    release = Release.objects.get()
    assert release.status == Release.Status.FINISHED and release.requested_by == editor
    assert release.name in client.get("/admin/tiers/release/").content.decode()

    analyst = django_user_model.objects.create_user("an", is_staff=True)
    analyst.groups.add(Group.objects.get(name=ANALYST))
    client.force_login(analyst)
    assert client.post("/admin/tiers/release/cut/", {"note": "no"}).status_code == 403
    assert Release.objects.count() == 1
