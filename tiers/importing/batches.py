"""Several import files in one go: uploaded together or as one ZIP shaped like the public
``all.zip``, checked together with one preview, written together in one transaction.

- Each file's format is read from its bytes (a ZIP with ``[Content_Types].xml`` is a workbook,
  text starting with ``[`` or ``{`` is JSON, other text CSV), its record type from its name
  (``commitments.csv``, ``status-changes.json``, as in ``all.zip``) or, failing that, from its
  header row.
- The files are applied in dependency order (``RESOURCES``: tiers, sources, actors… status
  changes), each seeing the records the files before it create, inside one transaction: the check
  rolls it back at the end, the write keeps it only if no row of any file has a problem.
- ``run_batch`` reports progress through ``progress_of``; a batch of ``IMPORT_BACKGROUND_ROWS``
  rows or more runs as a background task (``run_import_batch``), as the downloads are built.
- The upload is kept (for a retry after fixing what the problems name) until it is written or
  ``IMPORT_BATCH_KEEP_HOURS`` pass without it being touched (``remove_abandoned``).
"""

import csv
import datetime
import io
import logging
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import ImportBatch
from .files import check_size
from .formats import FORMATS_BY_EXTENSION, FileProblem
from .resources import RESOURCES

logger = logging.getLogger(__name__)
Status = ImportBatch.Status
IGNORED_IN_ZIP = {"README.txt", "datapackage.json"}
PREFERRED_FORMATS = ("csv", "json", "xlsx")  # all.zip holds each type twice: one is read


class _Rollback(Exception):
    pass


# -- what the upload holds ------------------------------------------------------------------------


def detect_format(data: bytes) -> str:
    """``csv``, ``json``, ``xlsx`` or ``zip``, from the bytes themselves."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise FileProblem("The file starts like a ZIP archive but is damaged.") from None
        return "xlsx" if "[Content_Types].xml" in names else "zip"
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if start[:1] in (b"[", b"{") else "csv"


def type_from_name(name: str) -> str | None:
    stem = PurePosixPath(name).name.rsplit(".", 1)[0].lower().replace("_", "-")
    for type_name in sorted(RESOURCES, key=len, reverse=True):  # status-changes before others
        if stem == type_name or stem.endswith(f"-{type_name}") or stem.startswith(type_name):
            return type_name
    return None


def type_from_header(headers) -> str | None:
    """The one record type whose required columns the header has and that knows every column."""
    headers = {str(h).strip() for h in headers if h is not None}
    found = []
    for type_name, resource_class in RESOURCES.items():
        resource = resource_class(html_diff=False)
        columns = {f.column_name for f in resource.get_import_fields()}
        if set(resource_class.required_columns) <= headers <= columns:
            found.append(type_name)
    return found[0] if len(found) == 1 else None


def entries(uploads) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in the uploads, a ZIP's entries taken out of it."""
    found = []
    for name, data in uploads:
        if detect_format(data) != "zip":
            found.append((name, data))
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                base = PurePosixPath(info.filename).name
                if info.is_dir() or base in IGNORED_IN_ZIP or base.startswith("."):
                    continue
                check_size(info.file_size)  # before reading: a small ZIP may unpack to much
                found.append((f"{name}/{info.filename}", archive.read(info)))
    return found


def read_files(uploads):
    """[(entry description, dataset)] in dependency order, one file per record type, or a
    FileProblem naming what cannot be read."""
    by_type: dict[str, tuple] = {}
    for name, data in entries(uploads):
        file_format = detect_format(data)
        try:
            dataset = FORMATS_BY_EXTENSION[file_format]().create_dataset(data)
        except FileProblem as problem:
            raise FileProblem(f"{name}: {problem}") from None
        type_name = type_from_name(name) or type_from_header(dataset.headers or [])
        if type_name is None:
            raise FileProblem(
                f"{name}: not a file of one record type; name it after its type "
                f"({', '.join(RESOURCES)}), as in all.zip, or give it that type's columns."
            )
        entry = {"name": name, "type": type_name, "format": file_format, "rows": len(dataset)}
        held = by_type.get(type_name)
        if held is not None:
            if held[0]["format"] == file_format:
                raise FileProblem(
                    f"{name}: a second file of {type_name} (the first is {held[0]['name']}); "
                    "upload one file per record type."
                )
            rank = PREFERRED_FORMATS.index
            if rank(file_format) > rank(held[0]["format"]):
                continue  # the same records in another format, as all.zip holds them
        by_type[type_name] = (entry, dataset)
    return [by_type[t] for t in RESOURCES if t in by_type]


# -- checking and writing -------------------------------------------------------------------------


def progress_key(batch_id) -> str:
    return f"import-batch-{batch_id}-progress"


def progress_of(batch) -> tuple[int, int]:
    """(rows done, rows in all) of a batch being checked or written."""
    return cache.get(progress_key(batch.pk)) or (0, batch.rows)


def run_batch(batch, *, write: bool, user=None) -> bool:
    """Check (``write`` False) or write every file of the batch, all or nothing; record the
    totals and problems on it. Returns whether it had no problem."""
    files = read_files([(batch.file_name, bytes(batch.upload))])
    batch.files = [entry for entry, _dataset in files]
    total = sum(entry["rows"] for entry in batch.files)
    done_before = 0
    totals, problems = {}, []

    def progress(done, _of):
        cache.set(progress_key(batch.pk), (done_before + done, total), 3600)

    try:
        with transaction.atomic():
            for entry, dataset in files:
                resource = RESOURCES[entry["type"]](html_diff=False, progress=progress)
                result = resource.import_data(dataset, dry_run=False, user=user)
                if result.has_errors() or result.has_validation_errors():
                    problems += [[entry["name"], line] for line in result.messages()]
                keys = ("new", "update", "skip")
                totals[entry["type"]] = {k: result.totals.get(k, 0) for k in keys}
                done_before += entry["rows"]
                progress(0, total)
            if problems or not write:
                raise _Rollback
    except _Rollback:
        pass
    batch.totals, batch.problems = totals, problems
    if problems:
        batch.status = Status.REFUSED
    else:
        batch.status = Status.DONE if write else Status.CHECKED
    batch.save()
    cache.delete(progress_key(batch.pk))
    return not problems


def runs_in_background(batch) -> bool:
    return batch.rows >= settings.IMPORT_BACKGROUND_ROWS


def start(batch, *, write: bool, user=None):
    """Run the check or the write now, or queue it when the batch is long."""
    if not runs_in_background(batch):
        return run_batch(batch, write=write, user=user)
    batch.status = Status.WRITING if write else Status.CHECKING
    batch.save(update_fields=["status", "updated_at"])
    cache.set(progress_key(batch.pk), (0, batch.rows), 3600)
    transaction.on_commit(
        lambda: run_import_batch.enqueue(batch.pk, write, user.pk if user else None)
    )
    return None


@task()
def run_import_batch(batch_id: int, write: bool, user_id: int | None = None):
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        run_batch(batch, write=write, user=user)
    except FileProblem as problem:
        batch.problems, batch.status = [[batch.file_name, str(problem)]], Status.REFUSED
        batch.save()


def problems_csv(batch) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "problem"])
    writer.writerows(batch.problems)
    return out.getvalue()


def remove_abandoned(now=None) -> int:
    """Delete the uploads nobody touched for ``IMPORT_BATCH_KEEP_HOURS``, written or not."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.IMPORT_BATCH_KEEP_HOURS)
    stale = ImportBatch.objects.filter(updated_at__lt=cutoff).exclude(
        status__in=[Status.CHECKING, Status.WRITING]
    )
    deleted, _by_type = stale.delete()
    return deleted
