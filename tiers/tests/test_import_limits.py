"""Files too large to read are refused before they are read, within a moment, nothing written.

Seen: an 891 KB workbook of 1,048,576 rows ran for minutes, and a 4.5 MB zip bomb grew in
memory until the worker was killed. The timed reads run in a child process, given up after
``PATIENCE`` seconds, so that a regression fails the test instead of hanging it.
"""

import json
import multiprocessing
import time

import pytest

from tiers.importing.files import read_dataset
from tiers.importing.formats import FileProblem
from tiers.models import Actor
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)
from tiers.tests.test_import_admin import (  # noqa: F401 (fixtures)
    XLSX,
    importer,
    shared_upload_storage,
    upload,
)
from tiers.tests.test_import_command import run
from tiers.tests.workbook_files import (
    ACTOR_HEADER,
    MAIN,
    million_row_sheet,
    sheet,
    two_sheets,
    with_declared_size,
    workbook,
    zeros,
)

PATIENCE = 20  # seconds before a read still running is given up (and the test fails)
PROMPT = 2  # seconds within which a refusal must come, generous on a busy machine
ROWS_TOO_MANY = "more than 50,000 records (rows after the header); at most 50,000 can be"


def _read(data, name, pipe):
    started = time.monotonic()
    try:
        read_dataset(data, name)
        outcome = "read"
    except FileProblem as problem:
        outcome = str(problem)
    except Exception as exc:  # reported to the test, which fails on it
        outcome = f"{type(exc).__name__}: {exc}"
    pipe.send((outcome, time.monotonic() - started))


def read_in_a_child(data, name="records.xlsx"):
    """(The refusal's message, or what else happened; seconds taken) of reading the file."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read, args=(data, name, sender), daemon=True)
    child.start()
    try:
        if not receiver.poll(PATIENCE):
            pytest.fail(f"the file was still being read after {PATIENCE} s")
        return receiver.recv()
    finally:
        child.kill()
        child.join()


@pytest.fixture(scope="module")
def million_rows():
    return workbook(million_row_sheet())


def test_a_sheet_of_a_million_rows_is_refused_at_once(million_rows):
    assert len(million_rows) < 20 * 1024 * 1024  # under the upload limit: only rows refuse it
    message, seconds = read_in_a_child(million_rows)
    assert ROWS_TOO_MANY in message
    assert seconds < PROMPT


def test_a_sheet_whose_last_row_is_numbered_a_million_is_refused_at_once():
    """openpyxl fills the rows a sheet skips: one cell in row 1,048,576 is a million rows."""
    xml = sheet([ACTOR_HEADER]).replace(
        "</sheetData>", '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
    )
    message, seconds = read_in_a_child(workbook(xml))
    assert ROWS_TOO_MANY in message
    assert seconds < PROMPT


@pytest.mark.parametrize(
    ("dimension", "message"),
    [
        ("A1:C1048576", ROWS_TOO_MANY),
        ("A1:XFD2", "The file has 16,384 columns; files of at most 50 columns"),
    ],
)
def test_a_sheet_declaring_a_huge_size_is_refused_at_once(dimension, message):
    """openpyxl pads every row to the declared dimension, however few cells the sheet has."""
    data = workbook(sheet([ACTOR_HEADER, ["x", "X", "state"]], dimension=dimension))
    refusal, seconds = read_in_a_child(data)
    assert message in refusal
    assert seconds < PROMPT


def test_a_zip_bomb_is_refused_at_once():
    bomb = workbook(zeros(300))  # 300 MB of zeros in about 300 KB
    assert len(bomb) < 1024 * 1024
    message, seconds = read_in_a_child(bomb)
    assert message.startswith(
        "The workbook unpacks to 300.0 MB; workbooks that unpack to at most 100.0 MB"
    )
    assert seconds < PROMPT


def test_a_part_compressed_like_a_bomb_is_refused_even_under_the_size_limit():
    message, seconds = read_in_a_child(workbook(zeros(20)))
    assert "“xl/worksheets/sheet1.xml” of the workbook is compressed" in message
    assert "(at most 100 is accepted)" in message
    assert seconds < PROMPT


def test_a_whole_workbook_compressed_like_a_bomb_is_refused(settings):
    """Many parts, each too small to count, compressed like a bomb all together."""
    parts = {f"xl/media/padding{n}.xml": "<a>" + " " * 500_000 + "</a>" for n in range(8)}
    settings.IMPORT_XLSX_MAX_COMPRESSION_RATIO = 50
    message, _seconds = read_in_a_child(workbook(sheet([ACTOR_HEADER]), replace=parts))
    assert message.startswith("The workbook is compressed")


def test_a_part_whose_zip_headers_lie_about_its_size_is_never_unpacked_beyond_it():
    """A bomb declaring 1,000 bytes passes the size checks, but is unpacked no further."""
    start = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
    bomb = workbook(start + "0" * (50 * 1024 * 1024))
    lying = with_declared_size(bomb, "xl/worksheets/sheet1.xml", 1000)
    message, seconds = read_in_a_child(lying)
    assert message.startswith(
        "The workbook is damaged: its part “xl/worksheets/sheet1.xml” cannot be unpacked."
    )
    assert seconds < PROMPT


@pytest.mark.parametrize("long_one_first", [False, True])
def test_only_the_sheet_imported_is_measured(settings, long_one_first):
    """The first sheet is imported; a long sheet of notes after it does not refuse the file."""
    settings.IMPORT_MAX_ROWS = 3
    short = sheet([ACTOR_HEADER, ["germany", "Germany", "state"]])
    long = sheet([ACTOR_HEADER] + [["x", "X", "state"]] * 10)
    data = two_sheets(short, long, long_one_first=long_one_first)
    if long_one_first:
        with pytest.raises(FileProblem, match="more than 3 records"):
            read_dataset(data, "actors.xlsx")
    else:
        assert list(read_dataset(data, "actors.xlsx")) == [("germany", "Germany", "state")]


def records(count):
    return [{"slug": f"actor-{n}", "name": f"Actor {n}", "kind": "state"} for n in range(count)]


def xlsx_of(rows):
    return workbook(sheet([list(rows[0])] + [list(r.values()) for r in rows]))


WRITERS = {
    "csv": lambda rows: csv_file(*rows),
    "xlsx": xlsx_of,
    "json": lambda rows: json.dumps(rows).encode(),
}


@pytest.mark.parametrize("extension", list(WRITERS))
def test_every_format_holds_at_most_the_rows_set(settings, extension):
    settings.IMPORT_MAX_ROWS = 3
    write = WRITERS[extension]
    assert len(read_dataset(write(records(3)), f"actors.{extension}")) == 3
    with pytest.raises(
        FileProblem, match=r"more than 3 records \(rows after the header\); at most 3 can"
    ):
        read_dataset(write(records(4)), f"actors.{extension}")


@pytest.mark.parametrize("extension", list(WRITERS))
def test_every_format_holds_at_most_the_columns_set(settings, extension):
    settings.IMPORT_MAX_COLUMNS = 2
    with pytest.raises(FileProblem, match="The file has 3 columns; files of at most 2 columns"):
        read_dataset(WRITERS[extension](records(1)), f"actors.{extension}")


@pytest.mark.usefixtures("references", "importer")
def test_the_admin_refuses_a_file_too_long_in_words(client, settings):
    settings.IMPORT_MAX_ROWS = 1

    response = upload(client, xlsx_of(records(2)), "actors.xlsx", XLSX)

    assert response.status_code == 200
    [error] = response.context["form"].errors["import_file"]
    assert "more than 1 records (rows after the header)" in error
    assert "result" not in response.context
    assert not Actor.objects.filter(slug__startswith="actor-").exists()


@pytest.mark.usefixtures("references", "importer")
def test_the_admin_refuses_a_zip_bomb_in_words(client):
    response = upload(client, workbook(zeros(300)), "actors.xlsx", XLSX)

    assert response.status_code == 200
    assert "The workbook unpacks to 300.0 MB" in response.content.decode()


@pytest.mark.usefixtures("references")
def test_the_command_refuses_a_file_too_long_in_words(tmp_path, settings):
    from django.core.management import CommandError

    settings.IMPORT_MAX_ROWS = 1
    path = tmp_path / "actors.xlsx"
    path.write_bytes(xlsx_of(records(2)))

    with pytest.raises(CommandError, match=r"more than 1 records \(rows after the header\)"):
        run("actors", str(path))
    assert not Actor.objects.filter(slug__startswith="actor-").exists()
