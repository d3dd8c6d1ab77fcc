"""Importing several files in one go: the seven example files (or one ZIP), the format read from
the bytes, dependency order, one all-or-nothing transaction, errors that list valid values and
suggest near matches, the errors as CSV, a retry, cleanup, and the background task."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tiers.importing import batches
from tiers.importing.formats import FileProblem
from tiers.models import Commitment, ImportBatch, Source, Statement, StatusChange, Tier
from tiers.roles import ANALYST

EXAMPLES = Path(__file__).resolve().parents[2] / "docs/examples"
TYPES = ["tiers", "sources", "actors", "memberships", "commitments", "statements", "status-changes"]
Status = ImportBatch.Status


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("an", is_staff=True)
    user.groups.add(Group.objects.get(name=ANALYST))
    return user


def example(type_name, name=None):
    data = (EXAMPLES / f"{type_name}.csv").read_bytes()
    return SimpleUploadedFile(name or f"{type_name}.csv", data, content_type="text/csv")


def zipped(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("README.txt", "Not a record file.")
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def upload(client, *files):
    response = client.post(reverse("admin_import_upload"), {"files": list(files)})
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_format_is_read_from_the_bytes():
    assert batches.detect_format(b"slug,name\n") == "csv"
    assert batches.detect_format(b'\xef\xbb\xbf  [{"slug": "x"}]') == "json"
    assert batches.detect_format(zipped({"tiers.csv": b"number\n"})) == "zip"
    assert batches.type_from_name("ukraine-guarantees-status-changes.csv") == "status-changes"
    assert batches.type_from_header(["key", "title", "kind"]) == "sources"


def test_seven_files_in_one_upload_are_checked_then_written_in_order(seed, client, analyst):
    client.force_login(analyst)
    # Uploaded in reverse order and without a format: the order and formats are found.
    batch = upload(client, *[example(t) for t in reversed(TYPES)])
    assert batch.status == Status.CHECKED, batch.problems
    assert [entry["type"] for entry in batch.files] == TYPES
    assert {entry["format"] for entry in batch.files} == {"csv"}
    assert batch.totals["commitments"]["new"] == 1
    assert not Commitment.objects.filter(slug="example-commitment").exists()  # only checked

    page = client.get(reverse("admin_import_batch", args=[batch.pk])).content.decode()
    assert "Import every file" in page
    client.post(reverse("admin_import_batch", args=[batch.pk]), {"write": "1"})
    batch.refresh_from_db()
    assert batch.status == Status.DONE
    assert StatusChange.objects.filter(commitment__slug="example-commitment").exists()
    assert Statement.objects.get(slug="example-statement").sources.get().key == "example-source"


def test_a_zip_shaped_like_all_zip_is_one_upload(seed, client, analyst):
    client.force_login(analyst)
    files = {f"{t}.csv": (EXAMPLES / f"{t}.csv").read_bytes() for t in TYPES}
    files["sources.json"] = b"[]"  # all.zip holds a JSON copy of each type: the CSV is read
    batch = upload(client, SimpleUploadedFile("all.zip", zipped(files)))
    assert batch.status == Status.CHECKED, batch.problems
    assert len(batch.files) == 7


def test_one_bad_row_writes_nothing_and_names_valid_values_and_near_matches(seed, client, analyst):
    client.force_login(analyst)
    bad = (EXAMPLES / "commitments.csv").read_text().replace(",2,Example", ",7,Example")
    bad = bad.replace("france,example-actor|france", "frnace,example-actor|france")
    bad = bad.replace(",training,", ",trainng,")
    batch = upload(
        client,
        example("sources"),
        example("actors"),
        SimpleUploadedFile("commitments.csv", bad.encode()),
    )
    assert batch.status == Status.REFUSED
    lines = " ".join(line for _name, line in batch.problems)
    assert "it must be 1, 2, 3 or 9" in lines or "it must be 1, 2 or 3" in lines
    assert "did you mean “france”?" in lines
    assert "did you mean “training”?" in lines
    assert not Source.objects.filter(key="example-source").exists()

    csv_file = client.get(reverse("admin_import_problems", args=[batch.pk]))
    assert csv_file["Content-Type"].startswith("text/csv")
    assert "frnace" in csv_file.content.decode()


def test_the_upload_is_kept_for_a_retry(seed, client, analyst):
    client.force_login(analyst)
    batch = upload(client, example("commitments"))  # its actor and source do not exist yet
    assert batch.status == Status.REFUSED
    upload(client, example("sources"), example("actors"))  # checked, not written: still missing
    Source.objects.create(key="example-source", title="Example", kind="news")
    from tiers.models import Actor

    Actor.objects.create(slug="example-actor", name="Example actor", kind="organisation")
    client.post(reverse("admin_import_batch", args=[batch.pk]), {"check": "1"})
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED, batch.problems


def test_a_file_of_no_known_type_is_refused_in_words(db, client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("admin_import_upload"),
        {"files": [SimpleUploadedFile("notes.csv", b"colour,size\nred,big\n")]},
    )
    assert response.status_code == 200
    assert "not a file of one record type" in str(response.context["form"].errors)
    with pytest.raises(FileProblem, match="a second file of tiers"):
        batches.read_files([("a/tiers.csv", b"number\n"), ("b/tiers.csv", b"number\n")])


def test_abandoned_uploads_are_removed(db, analyst):
    old = ImportBatch.objects.create(user=analyst, file_name="old.csv", upload=b"x")
    recent = ImportBatch.objects.create(user=analyst, file_name="new.csv", upload=b"x")
    ImportBatch.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert batches.remove_abandoned() == 1
    assert list(ImportBatch.objects.all()) == [recent]


def test_a_long_batch_runs_as_a_task_and_its_page_refreshes(seed, client, analyst, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(analyst)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: None)
        batch = upload(client, example("tiers"))
    assert batch.status == Status.CHECKING
    page = client.get(reverse("admin_import_batch", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "0 of 1 rows" in page and "<script>" not in page  # no inline script
    batches.run_import_batch.call(batch.pk, False, analyst.pk)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED
    assert not Tier.objects.filter(slug="example-tier").exists()


def test_someone_without_import_permission_is_refused(db, client, django_user_model):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin_import_upload")).status_code == 403
