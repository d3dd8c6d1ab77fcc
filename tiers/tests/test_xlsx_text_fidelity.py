"""A workbook carries any published text exactly, in the admin's export and the public download.

Spreadsheet XML reads ``_xHHHH_`` as the character U+HHHH (ECMA-376 Part 1, 22.9.2.19
ST_Xstring), so a literal ``_x0041_`` must be written ``_x005F_x0041_``; and XML cannot hold a
vertical tab or most other control characters at all, so they travel as that escape.
"""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tiers.importing.formats import read_xlsx
from tiers.importing.resources import RESOURCES
from tiers.models import Source
from tiers.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "escape-lookalike": "Treaty _x0041_ annex, _x005F_ and _xZZZZ_",
    "vertical-tab": "Line one\x0bline two\x0cform feed\x01",
    "carriage-return": "Before\r\nafter",
}
XLSX = "1"  # the admin export form's format choice (tiers.importing.formats.FORMATS order)


def as_a_spreadsheet_reads(value):
    """Decode a cell as Excel and LibreOffice do: each _xHHHH_, left to right, once."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


@pytest.fixture
def sources():
    for key, text in TEXTS.items():
        SourceFactory(key=key)
        # Saved as they are, past every validator, as a restored backup might hold them.
        Source.objects.filter(key=key).update(title=text)


def titles_in(workbook_bytes: bytes) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    return {row["key"]: as_a_spreadsheet_reads(row["title"]) for row in rows}


def public_download(client) -> bytes:
    response = client.get("/downloads/sources.xlsx")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def admin_export(client, django_user_model) -> bytes:
    user = django_user_model.objects.create_user("exporter", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_source", "export_source"])
    )
    client.force_login(user)
    fields = [field.attribute for field in RESOURCES["sources"]().get_export_fields()]
    data = {"format": XLSX, "resource": "0"}
    data |= {f"sourceresource_{name}": "on" for name in fields}
    response = client.post(reverse("admin:tiers_source_export"), data)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("sources")
@pytest.mark.parametrize("surface", ["public download", "admin export"])
def test_every_cell_reads_back_as_the_original_text(client, django_user_model, surface):
    data = (
        public_download(client)
        if surface == "public download"
        else admin_export(client, django_user_model)
    )
    titles = titles_in(data)
    for key, text in TEXTS.items():
        assert titles[key] == text, key


@pytest.mark.usefixtures("sources")
def test_the_public_workbook_imports_back_to_the_original_text(client):
    dataset = read_xlsx(public_download(client))
    titles = dict(zip(dataset["key"], dataset["title"], strict=True))
    for key, text in TEXTS.items():
        assert titles[key] == text, key
