"""Downloads: the import format, drafts left out, a clean import elsewhere, streaming, the ZIP."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from tiers.importing.files import import_file
from tiers.importing.resources import RESOURCES
from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
    Visibility,
)
from tiers.open_data import downloads
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Visibility.DRAFT
MODELS_IN_DELETE_ORDER = [
    Figure,
    StatusChange,
    Statement,
    Commitment,
    Membership,
    Actor,
    Source,
    Tier,
]


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, type_name):
    data = body(client.get(f"/downloads/{type_name}.csv")).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def test_the_downloads_follow_the_import_order():
    assert list(RESOURCES) == downloads.TYPE_NAMES


def test_the_page_lists_every_file_with_its_count(client, seed):
    response = client.get("/en/downloads/")
    assert response.status_code == 200
    page = response.content.decode()
    for type_name in downloads.TYPE_NAMES:
        for extension in ("csv", "xlsx", "json"):
            assert f'href="/downloads/{type_name}.{extension}"' in page
    assert 'href="/downloads/all.zip"' in page
    assert "CC BY 4.0" in page
    published_commitments = Commitment.objects.public().count()
    assert response.context["files"][4] | {"links": None} == {
        "type": "commitments",
        "label": "Commitments",
        "count": published_commitments,
        "links": None,
    }


def test_files_stream_with_a_dated_name_and_the_licence(client, seed):
    response = client.get("/downloads/commitments.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="ukraine-guarantees-commitments-'
    )
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert response["X-Generated-At"]
    assert client.get("/downloads/commitments.txt").status_code == 404
    assert client.get("/downloads/users.csv").status_code == 404


def test_the_columns_are_the_import_columns(client, seed):
    for type_name in downloads.TYPE_NAMES:
        data = body(client.get(f"/downloads/{type_name}.csv")).decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(data)))
        assert sorted(header) == sorted(RESOURCES[type_name]().column_names()), type_name


def test_drafts_appear_in_no_download(client):
    draft_actor = ActorFactory(slug="draft-actor", visibility=DRAFT)
    draft_source = SourceFactory(key="draft-source", visibility=DRAFT)
    published = CommitmentFactory(
        slug="published-commitment", lead_actor=draft_actor, sources=[SourceFactory(), draft_source]
    )
    published.actors.add(draft_actor)
    CommitmentFactory(slug="draft-commitment", visibility=DRAFT)
    StatusChangeFactory(commitment=published, summary="Published change.")
    draft_change = StatusChangeFactory(
        commitment=published, summary="Draft change.", visibility=DRAFT
    )
    FigureFactory(commitment=published, key="draft-figure", visibility=DRAFT)
    FigureFactory(commitment=published, key="figure-of-a-draft-change", status_change=draft_change)
    FigureFactory(commitment=published, key="published-figure")
    StatementFactory(slug="draft-statement", visibility=DRAFT)
    MembershipFactory(member=draft_actor)

    everything = b"".join(
        body(client.get(f"/downloads/{type_name}.{extension}"))
        for type_name in downloads.TYPE_NAMES
        for extension in ("csv", "json")
    ).decode("utf-8", errors="replace")
    for draft in [
        "draft-actor",
        "draft-source",
        "draft-commitment",
        "Draft change.",
        "draft-statement",
        "draft-figure",
        "figure-of-a-draft-change",
    ]:
        assert draft not in everything, draft
    assert "published-commitment" in everything and "Published change." in everything
    assert "published-figure" in everything
    (row,) = csv_rows(client, "commitments")
    assert row["lead actor"] == ""
    assert row["visibility"] == "published"
    assert csv_rows(client, "memberships") == []


def test_a_record_that_needs_a_draft_to_import_is_left_out(client):
    only_draft_sources = CommitmentFactory(sources=[SourceFactory(visibility=DRAFT)])
    cited = CommitmentFactory()
    change = StatusChangeFactory(commitment=cited, source=SourceFactory(visibility=DRAFT))
    FigureFactory(commitment=cited, source=SourceFactory(visibility=DRAFT))
    FigureFactory(commitment=only_draft_sources)
    # The status change a figure reports is not in the download: the figure is, without it.
    reported = FigureFactory(commitment=cited, status_change=change)
    assert [row["slug"] for row in csv_rows(client, "commitments")] == [cited.slug]
    assert only_draft_sources.slug not in str(csv_rows(client, "statements"))
    assert csv_rows(client, "status-changes") == []
    figures = csv_rows(client, "figures")
    assert [(row["key"], row["status change"]) for row in figures] == [(reported.key, "")]


def all_files(client, extension) -> dict[str, bytes]:
    return {
        type_name: body(client.get(f"/downloads/{type_name}.{extension}"))
        for type_name in downloads.TYPE_NAMES
    }


def api_snapshot(client):
    snapshot = {}
    names = ["tiers", "actors", "sources", "commitments", "statements", "memberships", "figures"]
    for name in names:
        items = client.get(f"/api/v1/{name}/", {"page_size": 100}).json()["results"]
        for item in items:
            for volatile in ("id", "api_url", "updated_at"):
                item.pop(volatile, None)
            if "status_change" in item:  # an id, which another instance gives anew
                item["status_change"] = item["status_change"] is not None
            for change in item.get("status_changes", []):
                change.pop("id")
                change.pop("updated_at")
            for figure in item.get("figures", []):
                figure.pop("updated_at")
                figure["status_change"] = figure["status_change"] is not None
        snapshot[name] = sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        assert snapshot[name] or name == "memberships", name
    return snapshot


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_a_download_imports_cleanly_into_another_instance(client, seed, extension):
    commitment = CommitmentFactory()
    change = StatusChangeFactory(commitment=commitment, legal_form="signed")
    FigureFactory(commitment=commitment, value="1500.50", status_change=change)
    FigureFactory(commitment=commitment, kind="quantity", value=12, currency="", unit="aircraft")
    StatementFactory(language="uk", translation="We will help.", commitments=[commitment])
    before = api_snapshot(client)
    files = all_files(client, extension)

    # A new, empty instance: nothing in the database, then each file in the import order.
    for model in MODELS_IN_DELETE_ORDER:
        model.objects.all().delete()
    for type_name, data in files.items():
        result = import_file(type_name, data, f"{type_name}.{extension}")
        assert not result.has_errors() and not result.has_validation_errors(), (
            type_name,
            result.messages(),
        )
    assert api_snapshot(client) == before


def test_the_workbook_names_its_licence_and_when_it_was_generated(client, seed):
    response = client.get("/downloads/actors.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert "CC BY 4.0" in book.properties.description
    assert response["X-Generated-At"] in book.properties.description
    assert book.properties.created is not None


def test_the_zip_holds_every_file_and_a_description_of_the_columns(client, seed):
    response = client.get("/downloads/all.zip")
    assert isinstance(response, StreamingHttpResponse)
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = set(archive.namelist())
    expected = {f"{t}.{e}" for t in downloads.TYPE_NAMES for e in ("csv", "json")}
    assert expected | {"README.txt", "datapackage.json"} == names
    readme = archive.read("README.txt").decode()
    assert "CC BY 4.0" in readme and "Generated: " in readme
    assert "lead actor: Lead actor: the actor with slug." in readme
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    fields = {r["name"]: r["schema"]["fields"] for r in package["resources"]}
    names = sorted(f["name"] for f in fields["commitments-csv"])
    assert names == sorted(RESOURCES["commitments"]().column_names())
    assert archive.read("commitments.csv") == body(client.get("/downloads/commitments.csv"))


def make_commitments(n):
    for _ in range(n):
        commitment = CommitmentFactory()
        change = StatusChangeFactory(commitment=commitment)
        FigureFactory(commitment=commitment, status_change=change)
        StatementFactory(commitments=[commitment], tiers=[commitment.tier])


# One query for the rows (their flags and references joined) and one per many-to-many column.
FILE_QUERIES = {"commitments": 3, "statements": 4, "status-changes": 1, "figures": 1, "actors": 1}


@pytest.mark.parametrize("type_name", FILE_QUERIES)
@pytest.mark.parametrize("n", [2, 9])
def test_writing_a_download_takes_a_fixed_number_of_queries(
    django_assert_num_queries, type_name, n
):
    make_commitments(n)
    with django_assert_num_queries(FILE_QUERIES[type_name]):
        data = b"".join(downloads.stream(type_name, "csv", downloads.now()))
    assert data.count(b"\n") >= n + 1


@pytest.mark.parametrize("n", [2, 9])
def test_serving_a_download_takes_one_query(client, django_assert_num_queries, n):
    make_commitments(n)
    assert client.get("/downloads/commitments.csv").status_code == 200  # builds
    with django_assert_num_queries(1):
        data = body(client.get("/downloads/commitments.csv"))
    assert data.count(b"\n") >= n + 1


@pytest.mark.parametrize("n", [2, 9])
def test_the_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    make_commitments(n)
    assert client.get("/en/downloads/").status_code == 200  # builds
    # The newest build and its files: the counts are those of the files.
    with django_assert_num_queries(2):
        assert client.get("/en/downloads/").status_code == 200
