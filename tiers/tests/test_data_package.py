"""The downloads described for tools: a typed, keyed Data Package; typed JSON that still imports;
ZIP entries readable by all; CORS on the open data."""

import io
import json
import stat
import zipfile
from decimal import Decimal

import pytest

from tiers.importing.files import import_file
from tiers.models import Commitment
from tiers.open_data import datapackage, downloads
from tiers.tests.factories import CommitmentFactory, FigureFactory

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def fields(package, name):
    (resource,) = [r for r in package["resources"] if r["name"] == name]
    return resource, {field["name"]: field for field in resource["schema"]["fields"]}


def test_every_field_is_typed_constrained_and_keyed():
    package = downloads.data_package(downloads.now())
    resource, commitments = fields(package, "commitments-csv")
    assert resource["encoding"] == "utf-8-sig"  # the byte-order mark the CSV starts with
    assert resource["schema"]["primaryKey"] == ["slug"]
    assert commitments["tier"]["type"] == "integer"
    _figures_resource, figures = fields(package, "figures-csv")
    assert figures["value"]["type"] == "number"
    assert commitments["term in years"]["type"] == "integer"
    assert commitments["condition triggered"] | {"description": ""} == {
        "name": "condition triggered",
        "type": "boolean",
        "trueValues": ["yes"],
        "falseValues": ["no"],
        "description": "",
    }
    assert commitments["announced"]["constraints"]["pattern"] == datapackage.PARTIAL_DATE_PATTERN
    assert "troops" in commitments["category"]["constraints"]["enum"]
    assert commitments["category"]["constraints"]["required"] is True
    assert commitments["actors"] | {"description": ""} == {
        "name": "actors",
        "type": "list",
        "delimiter": "|",
        "description": "",
    }
    keys = {fk["fields"]: fk["reference"] for fk in resource["schema"]["foreignKeys"]}
    assert keys["tier"] == {"resource": "tiers-csv", "fields": "number"}
    assert keys["lead actor"] == {"resource": "actors-csv", "fields": "slug"}
    json_resource, json_fields = fields(package, "commitments-json")
    assert json_resource["encoding"] == "utf-8"
    assert json_fields["actors"]["type"] == "array"
    assert json_resource["schema"]["foreignKeys"][0]["reference"]["resource"] == "tiers-json"


def test_a_key_that_may_be_unknown_is_a_value_not_a_missing_one():
    _resource, memberships = fields(downloads.data_package(downloads.now()), "memberships-csv")
    start = memberships["start"]
    assert start["missingValues"] == [] and start["constraints"]["required"] is True
    assert start["constraints"]["pattern"] == f"({datapackage.PARTIAL_DATE_PATTERN})?"


def test_json_downloads_hold_numbers_booleans_arrays_and_null(client):
    FigureFactory(
        key="typed-eur",
        commitment=CommitmentFactory(slug="typed", term_years=10),
        value=Decimal("1500000.50"),
    )
    CommitmentFactory(slug="no-term", term_years=None)
    figures = json.loads(body(client.get("/downloads/figures.json")), parse_float=Decimal)
    (figure,) = [f for f in figures if f["key"] == "typed-eur"]
    # The decimal as it is, never through a float.
    assert isinstance(figure["value"], Decimal) and figure["value"] == Decimal("1500000.50")
    records = json.loads(body(client.get("/downloads/commitments.json")), parse_float=Decimal)
    by_slug = {r["slug"]: r for r in records}
    record = by_slug["typed"]
    assert isinstance(record["tier"], int) and record["term in years"] == 10
    assert by_slug["no-term"]["term in years"] is None
    assert record["condition triggered"] is False
    assert isinstance(record["actors"], list) and isinstance(record["sources"], list)


def test_the_import_reads_the_typed_json_and_the_older_strings(client):
    CommitmentFactory(slug="round-trip", term_years=10)
    typed = body(client.get("/downloads/commitments.json"))
    (row,) = [r for r in json.loads(typed) if r["slug"] == "round-trip"]
    old_style = {
        key: "|".join(value)
        if isinstance(value, list)
        else (
            ""
            if value is None
            else ("yes" if value is True else "no")
            if isinstance(value, bool)
            else str(value)
        )
        for key, value in row.items()
    }
    Commitment.objects.filter(slug="round-trip").update(title="changed here")
    for data in (json.dumps([row]).encode(), json.dumps([old_style]).encode()):
        result = import_file("commitments", data, "commitments.json")
        assert not result.has_errors() and not result.has_validation_errors()
        commitment = Commitment.objects.get(slug="round-trip")
        assert commitment.term_years == 10
        assert commitment.title == row["title"]
        assert commitment.actors.count() == len(row["actors"])


def test_zip_entries_are_readable_by_everyone(client):
    CommitmentFactory()
    archive = zipfile.ZipFile(io.BytesIO(body(client.get("/downloads/all.zip"))))
    for info in archive.infolist():
        mode = info.external_attr >> 16
        assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o644, info.filename
    readme = archive.read("README.txt").decode()
    assert "tiers.csv gives each number's slug" in readme


@pytest.mark.parametrize("path", ["/downloads/all.zip", "/en/feeds/commitments/", "/api/v1/tiers/"])
def test_the_open_data_answers_cross_origin_reads_without_credentials(client, path):
    CommitmentFactory()
    response = client.get(path, headers={"origin": "https://reuser.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
