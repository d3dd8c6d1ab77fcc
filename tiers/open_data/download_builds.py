"""The public downloads, built once per version of the published content, in the background.

A download written while the reader waits can outlive the server's worker timeout and reach the
reader cut short behind a 200. So every file is written ahead of time by a background task
(django-tasks; ``manage.py db_worker`` runs them) into the ``downloads`` storage, and readers are
served the newest *finished* build with its size and SHA-256. A build becomes visible only when
its row is marked finished, after every file is in storage and its size checked: a reader never
gets a file still being written, and until a new build is ready the previous one is served.

Builds are requested when a reader asks for the downloads and the newest finished build is older
than the published content (``tiers.content_version``): one row per content version, created
once (a unique constraint), so however many readers ask, one build per version is queued. A
queued build that finds a newer one requested steps aside. After a build, only it and the
previous finished build are kept, and every build a release keeps.

A CSV or JSON file is stored with its gzip copy (``<name>.gz``), compressed as it is written, so
that a reader who accepts gzip gets the smaller file with that copy's own size and checksum (the
response cannot be compressed on the way: that would break the checksum). XLSX and ZIP files are
compressed already and have none.
"""

import contextlib
import datetime
import gzip
import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .. import content_version
from ..models import DownloadBuild, DownloadFile
from . import downloads

logger = logging.getLogger(__name__)
Status = DownloadBuild.Status
CHUNK = 256 * 1024
KEPT_BUILDS = 2  # the current build and the previous one, which readers may still be reading
GZIPPED_FORMATS = ("csv", "json")  # an XLSX (like the ZIP) is a ZIP archive, compressed already
GZIP_LEVEL = 6  # zlib's default: nearly all of level 9's gain, in far less time on a large file


def storage():
    return storages["downloads"]


def storage_name(version: int, name: str) -> str:
    return f"{version}-{name}"


# -- Reading: what readers are served --------------------------------------------------------


def newest_build() -> DownloadBuild | None:
    """The newest finished build, with its files (two queries)."""
    return (
        DownloadBuild.objects.filter(status=Status.FINISHED)
        .order_by("-content_version")
        .prefetch_related("files")
        .first()
    )


def newest_file(name: str) -> DownloadFile | None:
    """The file of that name in the newest finished build (one query)."""
    return (
        DownloadFile.objects.filter(name=name, build__status=Status.FINISHED)
        .select_related("build")
        .order_by("-build__content_version")
        .first()
    )


def keep_current(built_version: int | None) -> bool:
    """Whether a build of ``built_version`` shows the current content; if not, see that a new
    build is queued. Costs no query while the build is current."""
    version = content_version.current()
    if version is None:  # the cache is down: serve what there is
        return built_version is not None
    if built_version is not None and built_version >= version:
        return True
    request_build(version)
    return False


def served_build() -> tuple[DownloadBuild | None, bool]:
    """The build to show readers, and whether it is current (a build may have just run)."""
    build = newest_build()
    if keep_current(build.content_version if build else None):
        return build, True
    return newest_build(), False


def served_file(name: str) -> DownloadFile | None:
    found = newest_file(name)
    if keep_current(found.build.content_version if found else None):
        return found
    return newest_file(name)


def request_build(version: int) -> None:
    """Queue a build of this content version, unless one is already queued or has run."""
    build, created = DownloadBuild.objects.get_or_create(content_version=version)
    if not created:
        stale = timezone.now() - datetime.timedelta(seconds=settings.DOWNLOAD_BUILD_STALE_SECONDS)
        if build.status == Status.FINISHED or build.requested_at > stale:
            return
        # The build queued then died with its worker (or failed long ago): queue it again, once.
        requeued = DownloadBuild.objects.filter(
            pk=build.pk, requested_at=build.requested_at
        ).update(status=Status.PENDING, requested_at=timezone.now())
        if not requeued:
            return
    build_downloads.enqueue(version)


def forget(build: DownloadBuild) -> None:
    """A build whose file has gone from storage (e.g. a database restored without the files)."""
    logger.error("Download build %s lost a file from storage; it is dropped", build)
    # A released build is kept whatever happens: its files must be restored from a backup.
    DownloadBuild.objects.filter(pk=build.pk, releases__isnull=True).delete()


# -- Writing: one build -----------------------------------------------------------------------


@task()
def build_downloads(version: int) -> None:
    """The background task: build every download for one content version."""
    build(version)


def build(version: int) -> DownloadBuild | None:
    """Write every file of one content version and publish the build; None if another process
    has it, or a newer version is already requested."""
    row, _ = DownloadBuild.objects.get_or_create(content_version=version)
    claimed = DownloadBuild.objects.filter(pk=row.pk, status=Status.PENDING).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    newer = DownloadBuild.objects.filter(content_version__gt=version).exclude(
        status__in=[Status.FAILED, Status.SUPERSEDED]
    )
    if newer.exists():
        DownloadBuild.objects.filter(pk=row.pk).update(status=Status.SUPERSEDED)
        return None
    generated = downloads.now()
    written: list[DownloadFile] = []
    try:
        write_files(row, generated, written)
        with transaction.atomic():
            DownloadFile.objects.bulk_create(written)
            DownloadBuild.objects.filter(pk=row.pk).update(
                status=Status.FINISHED, finished_at=timezone.now(), generated_at=generated
            )
    except BaseException:
        DownloadBuild.objects.filter(pk=row.pk).update(status=Status.FAILED)
        for file in written:
            for name in file.storage_names():
                storage().delete(name)
        raise
    prune()
    row.refresh_from_db()
    return row


def write_files(row: DownloadBuild, generated, written: list[DownloadFile]) -> None:
    """Every type in every format, then the ZIP from the CSV and JSON just written."""
    for type_name in downloads.TYPE_NAMES:
        for extension in downloads.FORMATS:
            resource = downloads.public_resource(type_name)
            chunks = downloads.stream(type_name, extension, generated, resource=resource)
            gzipped = extension in GZIPPED_FORMATS
            file = store(row, f"{type_name}.{extension}", chunks, gzipped=gzipped)
            file.rows = resource.rows_written
            written.append(file)
    by_name = {file.name: file.storage_name for file in written}

    def entry_chunks(type_name, extension):
        with storage().open(by_name[f"{type_name}.{extension}"], "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    written.append(store(row, downloads.ZIP_NAME, downloads.zip_chunks(generated, entry_chunks)))


class Spool:
    """A temporary file on local disk that counts and hashes the bytes written to it."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.file.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self.file.flush()

    def save(self, name: str) -> str:
        """Save the spooled bytes to storage under ``name`` (or the name storage chose), and check
        that all of them arrived."""
        self.file.seek(0)
        saved = storage().save(name, File(self.file))
        if storage().size(saved) != self.size:
            storage().delete(saved)
            raise OSError(f"The download {name} was not stored whole ({saved}).")
        return saved


def store(row: DownloadBuild, name: str, chunks, gzipped: bool = False) -> DownloadFile:
    """Spool a file to local disk, hashing it (and its gzip copy, if asked), then save both to
    storage and check their sizes. Nothing stays in storage if either fails."""
    with contextlib.ExitStack() as spools:
        plain = Spool(spools.enter_context(tempfile.TemporaryFile()))
        packed = Spool(spools.enter_context(tempfile.TemporaryFile())) if gzipped else None
        # mtime=0 and no file name in the header: the same content gives the same bytes.
        compressor = (
            gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
            if packed is not None
            else None
        )
        for chunk in chunks:
            plain.write(chunk)
            if compressor is not None:
                compressor.write(chunk)
        if compressor is not None:
            compressor.close()  # writes the trailer; leaves the spool open
        file = DownloadFile(build=row, name=name, size=plain.size, sha256=plain.digest.hexdigest())
        file.storage_name = plain.save(storage_name(row.content_version, name))
        if packed is not None:
            try:
                file.gzip_storage_name = packed.save(f"{file.storage_name}.gz")
            except BaseException:
                storage().delete(file.storage_name)
                raise
            file.gzip_size = packed.size
            file.gzip_sha256 = packed.digest.hexdigest()
        return file


def prune() -> None:
    """Keep the newest finished builds; drop older rows and every file no kept row names."""
    kept = list(
        DownloadBuild.objects.filter(status=Status.FINISHED)
        .order_by("-content_version")
        .values_list("content_version", flat=True)[:KEPT_BUILDS]
    )
    if not kept:
        return
    # A release keeps its build for ever (tiers.open_data.releases).
    DownloadBuild.objects.filter(content_version__lt=kept[-1], releases__isnull=True).delete()
    named = {
        name
        for names in DownloadFile.objects.values_list("storage_name", "gzip_storage_name")
        for name in names
        if name
    }
    _, names = storage().listdir("")
    for name in names:
        version = name.split("-", 1)[0]
        # Files of newer builds may be being written now; only older ones are litter.
        if name not in named and version.isdigit() and int(version) < kept[-1]:
            storage().delete(name)
