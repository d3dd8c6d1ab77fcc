"""A file that names the same record twice is refused, naming both rows and the key.

Whatever the record type (a slug, a key, a number or a composite key), whether the record is new
or stored, whether the two rows are equal or not, in CSV, XLSX or JSON: nothing is written.
"""

import io
import json

import openpyxl
import pytest
from django.forms.models import model_to_dict

from tiers.importing.files import import_file
from tiers.models import Actor, Commitment, Membership, Source, Statement, StatusChange, Tier
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)
from tiers.tests.test_import_admin import (  # noqa: F401 (fixtures)
    importer,
    shared_upload_storage,
    upload,
)

# type: (model, a good row, a change to a cell outside the key, the message for row 2)
SAMPLES = {
    "tiers": (
        Tier,
        {"number": "4", "name": "Tier 4", "slug": "tier-4", "summary": "A tier."},
        {"name": "Tier four"},
        "row 2, number: “4” is already in row 1 of this file",
    ),
    "sources": (
        Source,
        {"key": "rutte-2026", "title": "Rutte", "kind": "news"},
        {"title": "Rutte, again"},
        "row 2, key: “rutte-2026” is already in row 1 of this file",
    ),
    "actors": (
        Actor,
        {"slug": "germany", "name": "Germany", "kind": "state"},
        {"name": "Deutschland"},
        "row 2, slug: “germany” is already in row 1 of this file",
    ),
    "memberships": (
        Membership,
        {"member": "france", "in": "nato", "role": "member", "start": "2025"},
        {"end": "2026"},
        "row 2: the record with member “france”, in “nato”, role “member”, start “2025” is "
        "already in row 1 of this file",
    ),
    "commitments": (
        Commitment,
        {"slug": "pledge", "tier": "2", "title": "A pledge", "category": "troops"},
        {"title": "Another pledge"},
        "row 2, slug: “pledge” is already in row 1 of this file",
    ),
    "statements": (
        Statement,
        {"slug": "we-will", "speaker": "france", "quote": "We will."},
        {"quote": "We shall."},
        "row 2, slug: “we-will” is already in row 1 of this file",
    ),
    "status-changes": (
        StatusChange,
        {"commitment": "committed", "occurred": "2025-08", "progress": "announced", "summary": "A"},
        {"summary": "Announced in August."},
        "row 2: the record with commitment “committed”, occurred “2025-08”, progress "
        "“announced” is already in row 1 of this file",
    ),
}


def xlsx_file(*rows: dict) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def json_file(*rows: dict) -> bytes:
    return json.dumps(list(rows)).encode()


WRITERS = {"csv": csv_file, "xlsx": xlsx_file, "json": json_file}


@pytest.fixture
def commitment(request):
    """The commitment that the status changes refer to."""
    request.getfixturevalue("references")
    result = import_file(
        "commitments",
        csv_file({"slug": "committed", "tier": "1", "title": "Committed", "category": "troops"}),
        "commitments.csv",
    )
    assert result.messages() == []


def stored(model):
    return sorted((model_to_dict(r) for r in model.objects.all()), key=lambda r: r["id"])


def refused_without_writing(type_name, model, data, name):
    before = stored(model)
    result = import_file(type_name, data, name)
    assert result.has_validation_errors() or result.has_errors()
    assert stored(model) == before
    return result.messages()


@pytest.mark.parametrize("type_name", list(SAMPLES))
@pytest.mark.parametrize("existing", [False, True], ids=["new", "stored"])
@pytest.mark.parametrize("equal", [True, False], ids=["equal", "different"])
@pytest.mark.usefixtures("commitment")
def test_a_record_named_twice_is_refused(type_name, existing, equal):
    model, row, change, message = SAMPLES[type_name]
    full_row = dict.fromkeys(change, "") | row  # both rows have the same columns
    if existing:
        assert import_file(type_name, csv_file(full_row), "file.csv").messages() == []
    second = full_row if equal else full_row | change

    messages = refused_without_writing(type_name, model, csv_file(full_row, second), "file.csv")

    assert messages == [message]


@pytest.mark.parametrize("file_format", ["xlsx", "json"])
@pytest.mark.parametrize("type_name", ["actors", "memberships", "status-changes"])
@pytest.mark.usefixtures("commitment")
def test_every_format_refuses_a_record_named_twice(type_name, file_format):
    model, row, change, message = SAMPLES[type_name]
    full_row = dict.fromkeys(change, "") | row
    assert import_file(type_name, csv_file(full_row), "file.csv").messages() == []
    data = WRITERS[file_format](full_row, full_row | change)

    messages = refused_without_writing(type_name, model, data, f"file.{file_format}")

    assert messages == [message]


@pytest.mark.usefixtures("references")
def test_the_rows_named_are_the_first_and_the_repeated_one():
    rows = [
        {"slug": "germany", "name": "Germany", "kind": "state"},
        {"slug": "poland", "name": "Poland", "kind": "state"},
        {"slug": "france", "name": "France", "kind": "state"},
        {"slug": "germany", "name": "Germany", "kind": "state"},
        {"slug": "france", "name": "La France", "kind": "state"},
    ]
    messages = refused_without_writing("actors", Actor, csv_file(*rows), "actors.csv")
    assert messages == [
        "row 4, slug: “germany” is already in row 1 of this file",
        "row 5, slug: “france” is already in row 3 of this file",
    ]


@pytest.mark.usefixtures("references")
def test_a_key_written_differently_is_still_the_same_record():
    """A tier's number read from 4 and 4.0 (as a spreadsheet may write it) is one key."""
    row = SAMPLES["tiers"][1]
    data = json_file(row | {"number": 4}, row | {"number": 4.0, "name": "Tier four"})
    assert refused_without_writing("tiers", Tier, data, "tiers.json") == [
        "row 2, number: “4” is already in row 1 of this file"
    ]


FRANCE_TWICE = csv_file(
    {"slug": "france", "name": "France", "kind": "state", "iso code": "FR"},
    {"slug": "france", "name": "La France", "kind": "state", "iso code": "FR"},
)


@pytest.mark.usefixtures("references", "importer")
def test_the_admin_preview_names_both_rows_and_offers_no_confirmation(client):
    response = upload(client, FRANCE_TWICE)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "row 2, slug: “france” is already in row 1 of this file" in response.content.decode()
    assert Actor.objects.get(slug="france").name == "France"


@pytest.mark.usefixtures("references")
def test_the_command_names_both_rows_and_writes_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "actors.csv"
    path.write_bytes(FRANCE_TWICE)
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", "actors", str(path), stderr=err)

    assert f"{path}: row 2, slug: “france” is already in row 1 of this file" in err.getvalue()
    assert Actor.objects.get(slug="france").name == "France"
