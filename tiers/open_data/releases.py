"""Releases of the open data: dated, citable, immutable states of every published record.

A release is a download build kept forever. Cutting one (``cut``; in the background from the
admin, ``request_release``; at once from ``manage.py cut_release``):

1. takes the finished build of the current content version, building it first if need be
   (``download_builds.build``, the same files as the downloads: every type in every format and
   the ZIP), and refuses if that build is released already: nothing changed since;
2. names the release by the date and its number that day (``2026-12-01.1``);
3. keeps a snapshot of every record, read from the build's JSON files (``ReleaseRecord``): the
   "as of" pages and API read it, never today's tables;
4. compares it with the previous release: records added, changed and removed, per type, each
   with the address of its page as of the release that holds it;
5. adds its own files to the build: ``changelog.json``, ``CITATION.cff``, ``citation.bib``,
   ``citation.txt`` and ``SHA256SUMS`` (the checksum of every other file).

Nothing in a finished release changes after; its build is never pruned (a protected key).
"""

import datetime
import hashlib
import json
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .. import content_version
from ..models import DownloadBuild, DownloadFile, Release, ReleaseRecord
from . import datapackage, download_builds, downloads
from .citations import cite_release

logger = logging.getLogger(__name__)
Status = Release.Status
BATCH = 2000
BUILD_WAIT_SECONDS = 1.0
# The page that shows a record of each type, and the column whose value is in its address.
PAGES = {
    "tiers": ("tiers:tier_detail", "slug", "slug"),
    "sources": ("tiers:source_detail", "key", "key"),
    "actors": ("tiers:actor_detail", "slug", "slug"),
    "memberships": ("tiers:actor_detail", "member", "slug"),
    "commitments": ("tiers:commitment_detail", "slug", "slug"),
    "statements": ("tiers:statement_detail", "slug", "slug"),
    "status-changes": ("tiers:commitment_detail", "commitment", "slug"),
    "figures": ("tiers:commitment_detail", "commitment", "slug"),
}
# The types whose records have pages of their own, read as of a release by their page key.
OWN_PAGES = ("tiers", "sources", "actors", "commitments", "statements")
CHANGES = ("added", "changed", "removed")
RELEASE_FILES = {
    "SHA256SUMS": "text/plain; charset=utf-8",
    "changelog.json": "application/json",
    "CITATION.cff": "application/x-yaml; charset=utf-8",
    "citation.bib": "application/x-bibtex; charset=utf-8",
    "citation.txt": "text/plain; charset=utf-8",
}
# Every file of a release, in the order its page lists them.
FILE_NAMES = [*downloads.FILE_NAMES, *RELEASE_FILES]


class ReleaseProblem(Exception):
    """Why a release cannot be cut, in words for the editor."""


# -- Reading ----------------------------------------------------------------------------------


def finished():
    return Release.objects.filter(status=Status.FINISHED)


def named(name: str) -> Release | None:
    return finished().filter(name=name).select_related("build").first()


def previous(release: Release) -> Release | None:
    """The release before this one (one query)."""
    day, sequence = release.released_on, release.sequence
    return (
        finished()
        .filter(Q(released_on__lt=day) | Q(released_on=day, sequence__lt=sequence))
        .first()
    )


def content_type(name: str) -> str:
    return RELEASE_FILES.get(name) or downloads.content_type(name)


def file_name(release: Release, name: str) -> str:
    """The name a reader saves a release's file under: the release's version in it."""
    return f"{downloads.FILE_PREFIX}-{release.name}-{name}"


def page_path(type_name: str, page_key: str, release_name: str) -> str:
    """The address of the page that shows a record as it stood in a release."""
    url_name, _column, kwarg = PAGES[type_name]
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(url_name, kwargs={kwarg: page_key}) + f"?release={release_name}"


def release_path(release: Release) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("open_data:release", args=[release.name])


def citation(release: Release):
    return cite_release(
        release.name, release.released_on, settings.SITE_URL + release_path(release)
    )


def shown_with(release: Release, type_name: str, page_key: str) -> list[tuple[str, dict]]:
    """The records of other types a record's page shows in a release (a commitment's status
    changes, an actor's memberships), in their file's order (one query)."""
    related = [t for t, (url, column, _kwarg) in PAGES.items() if t not in OWN_PAGES]
    related = [t for t in related if PAGES[t][0] == PAGES[type_name][0]]
    if not related:
        return []
    rows = ReleaseRecord.objects.filter(
        release=release, type_name__in=related, page_key=page_key
    ).order_by("pk")
    return [(row.type_name, datapackage.loads(row.data)) for row in rows.only("type_name", "data")]


def record_as_of(release: Release, type_name: str, page_key: str) -> dict | None:
    """A record with a page of its own as the release holds it (one query), or None."""
    found = (
        ReleaseRecord.objects.filter(release=release, type_name=type_name, page_key=page_key)
        .values_list("data", flat=True)
        .first()
    )
    return datapackage.loads(found) if found is not None else None


# -- Cutting ----------------------------------------------------------------------------------


def request_release(user=None, note: str = "") -> Release:
    """Queue a release for the background worker; its row shows how it went."""
    release = Release.objects.create(requested_by=user, note=note)
    transaction.on_commit(lambda: cut_release.enqueue(release.pk))
    return release


@task()
def cut_release(release_pk: int) -> None:
    """The background task: cut one requested release."""
    cut(Release.objects.get(pk=release_pk))


def cut(release: Release | None = None, note: str = "", user=None) -> Release:
    """Cut a release (the given pending one, or a new one) and return it finished; raise
    ``ReleaseProblem`` (the row then says why it failed) if it cannot be cut."""
    if release is None:
        release = Release.objects.create(requested_by=user, note=note)
    claimed = Release.objects.filter(pk=release.pk, status=Status.PENDING).update(
        status=Status.RUNNING
    )
    if not claimed:
        raise ReleaseProblem(f"Release request {release.pk} is already being cut, or was cut.")
    written: list[DownloadFile] = []
    try:
        build = finished_build()
        released = finished().filter(build=build).first()
        if released is not None:
            raise ReleaseProblem(
                f"The published records have not changed since release {released.name}; "
                "there is nothing new to release."
            )
        release.build = build
        # Named on the row now, so that no build pruned meanwhile can take it (a protected key).
        Release.objects.filter(pk=release.pk).update(build=build)
        release.released_on = timezone.localdate()
        release.sequence = next_sequence(release.released_on)
        release.name = f"{release.released_on.isoformat()}.{release.sequence}"
        release.counts = snapshot(release, build)
        before = finished().exclude(pk=release.pk).first()
        release.changelog = changelog(release, before)
        written = release_files(release, before)
        with transaction.atomic():
            DownloadFile.objects.bulk_create(written)
            release.status = Status.FINISHED
            release.finished_at = timezone.now()
            release.save()
    except BaseException as exc:
        ReleaseRecord.objects.filter(release=release).delete()
        for file in written:
            download_builds.storage().delete(file.storage_name)
        Release.objects.filter(pk=release.pk).update(
            status=Status.FAILED,
            name="",
            released_on=None,
            sequence=None,
            build=None,
            problem=str(exc) or type(exc).__name__,
        )
        logger.exception("Release request %s failed", release.pk)
        raise
    return release


def finished_build(wait_seconds: float | None = None) -> DownloadBuild:
    """The finished download build of the current content version, built now if need be."""
    deadline = time.monotonic() + (wait_seconds or settings.DOWNLOAD_BUILD_STALE_SECONDS)
    # A build another process has been running longer than DOWNLOAD_BUILD_STALE_SECONDS died
    # with it: it is built here.
    while True:
        version = content_version.current()
        if version is None:
            raise ReleaseProblem(
                "The cache cannot be reached, so the version of the content is unknown."
            )
        built = download_builds.build(version)
        if built is not None:
            return built
        row = DownloadBuild.objects.get(content_version=version)
        if row.status == DownloadBuild.Status.FINISHED:
            return row
        stale = timezone.now() - datetime.timedelta(seconds=settings.DOWNLOAD_BUILD_STALE_SECONDS)
        died = row.status == DownloadBuild.Status.RUNNING and row.started_at < stale
        if died or row.status in (DownloadBuild.Status.FAILED, DownloadBuild.Status.SUPERSEDED):
            # Build it again here (a newer version is caught on the next turn).
            DownloadBuild.objects.filter(pk=row.pk, status=row.status).update(
                status=DownloadBuild.Status.PENDING
            )
        elif time.monotonic() > deadline:
            raise ReleaseProblem(
                f"The downloads of content version {version} are still being built by another "
                "process; cut the release again when they are done."
            )
        else:
            time.sleep(BUILD_WAIT_SECONDS)


def next_sequence(day) -> int:
    highest = Release.objects.filter(released_on=day).aggregate(Max("sequence"))["sequence__max"]
    return (highest or 0) + 1


def digest(record: dict) -> str:
    """Of a record's values, whatever the order of its keys."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def snapshot(release: Release, build: DownloadBuild) -> dict:
    """Every record of the build's JSON files, kept with the release; the count per type."""
    files = {file.name: file for file in build.files.all()}
    counts = {}
    for type_name in downloads.TYPE_NAMES:
        _url, column, _kwarg = PAGES[type_name]
        batch, count = [], 0
        with download_builds.storage().open(files[f"{type_name}.json"].storage_name, "rb") as f:
            for text in datapackage.iter_json_lines(f):
                record = datapackage.loads(text)
                batch.append(
                    ReleaseRecord(
                        release=release,
                        type_name=type_name,
                        key=datapackage.record_key(type_name, record),
                        page_key=str(record.get(column) or ""),
                        data=text,
                        digest=digest(record),
                    )
                )
                count += 1
                if len(batch) == BATCH:
                    ReleaseRecord.objects.bulk_create(batch)
                    batch = []
        ReleaseRecord.objects.bulk_create(batch)
        counts[type_name] = count
    return counts


def _keyed(release: Release) -> dict:
    rows = ReleaseRecord.objects.filter(release=release).values_list(
        "type_name", "key", "digest", "page_key"
    )
    return {(t, key): (found, page) for t, key, found, page in rows.iterator(chunk_size=BATCH)}


def changelog(release: Release, before: Release | None) -> dict:
    """What changed since ``before``, per type: each record's key and the address of its page
    as of the release that holds it (this one; the previous one for a record removed)."""
    now = _keyed(release)
    was = _keyed(before) if before else {}
    log = {t: {change: [] for change in CHANGES} for t in downloads.TYPE_NAMES}
    for (type_name, key), (found, page) in now.items():
        old = was.get((type_name, key))
        if old is None or old[0] != found:
            change = "added" if old is None else "changed"
            log[type_name][change].append(
                {"key": key, "path": page_path(type_name, page, release.name)}
            )
    for (type_name, key), (_found, page) in was.items():
        if (type_name, key) not in now:
            log[type_name]["removed"].append(
                {"key": key, "path": page_path(type_name, page, before.name)}
            )
    for changes in log.values():
        for entries in changes.values():
            entries.sort(key=lambda entry: entry["key"])
    return {"previous": before.name if before else None, "types": log}


def release_files(release: Release, before: Release | None) -> list[DownloadFile]:
    """The release's own files, stored with its build; SHA256SUMS last, naming all others."""
    cited = citation(release)
    absolute = {
        type_name: {
            change: [
                {"key": entry["key"], "url": settings.SITE_URL + entry["path"]} for entry in entries
            ]
            for change, entries in changes.items()
        }
        for type_name, changes in release.changelog["types"].items()
    }
    log = {
        "release": release.name,
        "released_on": release.released_on.isoformat(),
        "previous": before.name if before else None,
        "url": settings.SITE_URL + release_path(release),
        "licence": downloads.LICENCE_URL,
        "records": release.counts,
        "changes": absolute,
    }
    contents = {
        "changelog.json": json.dumps(log, ensure_ascii=False, indent=1) + "\n",
        "CITATION.cff": cited.cff,
        "citation.bib": cited.bibtex + "\n",
        "citation.txt": cited.text + "\n",
    }
    build = release.build
    files = [download_builds.store(build, name, [text.encode()]) for name, text in contents.items()]
    sums = sorted(
        [(file.name, file.sha256) for file in build.files.all()]
        + [(file.name, file.sha256) for file in files]
    )
    text = "".join(f"{sha256}  {file_name(release, name)}\n" for name, sha256 in sums)
    files.append(download_builds.store(build, "SHA256SUMS", [text.encode()]))
    return files
