"""A malformed or hostile workbook gets a clear message, in the admin and on the command line.

Never a traceback: entity attacks (billion laughs, external entities), broken XML, a file that
is not a zip, a missing sheet, corrupt shared strings, a part that cannot be unpacked.
"""

import re

import pytest
from django.core.management import CommandError
from django.utils.html import escape

from tiers.models import Actor
from tiers.tests.import_support import references  # noqa: F401 (a fixture)
from tiers.tests.test_import_admin import (  # noqa: F401 (fixtures)
    XLSX,
    importer,
    shared_upload_storage,
    upload,
)
from tiers.tests.test_import_command import call_command_from_shell, run
from tiers.tests.workbook_files import (
    ACTOR_HEADER,
    BOOK,
    EMPTY_STRINGS,
    MAIN,
    sheet,
    workbook,
)

GOOD_SHEET = sheet([ACTOR_HEADER, ["germany", "Germany", "state"]])
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{MAIN}" count="1"><si><t>&x;</t></si></sst>'
)
DAMAGED = "Save it again from the spreadsheet program, or import it as CSV."


def corrupt_part(data: bytes, name: str) -> bytes:
    """The workbook with the compressed bytes of one part overwritten."""
    data = bytearray(data)
    start = data.find(name.encode()) + len(name) + 10
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


CASES = {
    "billion laughs": (
        workbook(sheet([ACTOR_HEADER, ["&lol3;", "X", "state"]], prolog=LAUGHS)),
        "The workbook's part “xl/worksheets/sheet1.xml” declares a DTD",
    ),
    "external entity": (
        workbook(GOOD_SHEET, shared_strings=EXTERNAL),
        "The workbook's part “xl/sharedStrings.xml” declares a DTD",
    ),
    "broken sheet": (
        workbook(GOOD_SHEET.replace("</row>", "</rows>", 1)),
        "The workbook is damaged: its part “xl/worksheets/sheet1.xml” is not valid XML "
        "(mismatched tag, line 1, column",
    ),
    "not a zip": (b"slug,name\ngermany,Germany\n", "The file is not an XLSX workbook"),
    "not a workbook": (
        workbook(GOOD_SHEET, omit=("xl/workbook.xml",)),
        "The file is not an XLSX workbook",
    ),
    "missing sheet": (
        workbook(GOOD_SHEET, omit=("xl/worksheets/sheet1.xml",)),
        "The workbook has no sheet",
    ),
    "no sheet": (
        workbook(GOOD_SHEET, replace={"xl/workbook.xml": re.sub("<sheet .*?/>", "", BOOK)}),
        "The workbook has no sheet; the records go in its first sheet.",
    ),
    "corrupt shared strings": (
        workbook(GOOD_SHEET, shared_strings=f'<sst xmlns="{MAIN}"><si><t>x</t></sst>'),
        "The workbook is damaged: its part “xl/sharedStrings.xml” is not valid XML",
    ),
    "shared string out of range": (
        workbook(GOOD_SHEET.replace('t="inlineStr"><is><t>germany</t></is>', 't="s"><v>99</v>')),
        f"The workbook is damaged and cannot be read (IndexError: list index out of range). "
        f"{DAMAGED}",
    ),
    "part that cannot be unpacked": (
        corrupt_part(
            workbook(GOOD_SHEET, shared_strings=EMPTY_STRINGS * 40), "xl/sharedStrings.xml"
        ),
        f"The workbook is damaged: its part “xl/sharedStrings.xml” cannot be unpacked. {DAMAGED}",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.usefixtures("references", "importer")
def test_the_admin_shows_the_problem_on_the_form(client, case):
    data, message = CASES[case]

    response = upload(client, data, "actors.xlsx", XLSX)

    assert response.status_code == 200
    assert any(
        error.startswith(message) for error in response.context["form"].errors["import_file"]
    )
    assert escape(message) in response.content.decode()
    assert "result" not in response.context
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.usefixtures("references")
def test_the_command_prints_the_problem_and_fails(tmp_path, case):
    data, message = CASES[case]
    path = tmp_path / "actors.xlsx"
    path.write_bytes(data)

    with pytest.raises(CommandError) as failure:
        run("actors", str(path))

    assert str(failure.value).startswith(f"{path}: {message}")
    assert not Actor.objects.filter(slug="germany").exists()


@pytest.mark.usefixtures("references")
def test_from_the_shell_the_command_exits_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "actors.xlsx"
    path.write_bytes(CASES["broken sheet"][0])

    with pytest.raises(SystemExit) as exit_:
        call_command_from_shell("actors", str(path))

    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "is not valid XML" in err
    assert "Traceback" not in err


def test_openpyxl_refuses_entities_itself():
    """defusedxml is installed, so openpyxl's own parser refuses entities too."""
    import openpyxl

    assert openpyxl.DEFUSEDXML
