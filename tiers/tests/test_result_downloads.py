"""Downloads that answer questions: the commitments file carries where each commitment stands,
and every filtered list offers its results as CSV in the full download's columns."""

import csv
import datetime
import io

import pytest

from tiers.importing.resources import RESOURCES
from tiers.models import Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def rows(response):
    assert response.status_code == 200, response.content
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


@pytest.fixture
def records():
    one, two = TierFactory(slug="one"), TierFactory(slug="two")
    agreed = CommitmentFactory(tier=one, slug="agreed-one", category="financing")
    StatusChangeFactory(
        commitment=agreed,
        occurred_on=datetime.date(2024, 6, 1),
        occurred_precision="month",
        progress="agreed",
        legal_form="signed",
    )
    CommitmentFactory(tier=two, slug="in-two")
    CommitmentFactory(tier=one, slug="draft-one", visibility=Visibility.DRAFT)
    speaker = ActorFactory(name="Mark Rutte", slug="mark-rutte", kind="person")
    StatementFactory(speaker=speaker, slug="by-rutte", tiers=[one])
    StatementFactory(slug="by-another", tiers=[two])
    return {"one": one, "agreed": agreed}


def test_the_commitments_file_says_where_each_commitment_stands_since_when(client, records):
    from tiers.open_data import downloads

    data = b"".join(downloads.stream("commitments", "csv", downloads.now())).decode("utf-8-sig")
    by_slug = {row["slug"]: row for row in csv.DictReader(io.StringIO(data))}
    assert by_slug["agreed-one"]["progress"] == "agreed"
    assert by_slug["agreed-one"]["legal form"] == "signed"
    assert by_slug["agreed-one"]["progress since"] == "2024-06"
    assert by_slug["in-two"]["progress"] == by_slug["in-two"]["progress since"] == ""
    described = {c["name"] for c in downloads.column_descriptions("commitments")}
    assert {"progress", "progress since", "legal form"} <= described


def test_filtered_commitments_download_with_the_full_downloads_columns(client, records):
    response = client.get("/en/commitments/results.csv", {"tier": "one", "page": "2"})
    assert response["Content-Disposition"].startswith(
        'attachment; filename="ukraine-guarantees-commitments-results-'
    )
    found = rows(response)
    assert [row["slug"] for row in found] == ["agreed-one"]
    assert list(found[0]) == RESOURCES["commitments"]().column_names()
    html = client.get("/en/commitments/", {"tier": "one", "page": "1"}).content.decode()
    assert 'href="/en/commitments/results.csv?tier=one" download' in html


def test_filtered_statements_download(client, records):
    found = rows(client.get("/en/statements/results.csv", {"speaker": "mark-rutte"}))
    assert [row["slug"] for row in found] == ["by-rutte"]
    assert list(found[0]) == RESOURCES["statements"]().column_names()
    assert (
        "/en/statements/results.csv?speaker=mark-rutte"
        in client.get("/en/statements/", {"speaker": "mark-rutte"}).content.decode()
    )


def test_the_timeline_offers_one_file_per_kind_of_event(client, records):
    found = rows(client.get("/en/timeline/status-changes.csv", {"tier": "one"}))
    assert [(row["commitment"], row["progress"]) for row in found] == [("agreed-one", "agreed")]
    found = rows(client.get("/en/timeline/commitments.csv", {"tier": "one"}))
    assert sorted(row["slug"] for row in found) == ["agreed-one"]
    found = rows(client.get("/en/timeline/statements.csv", {"tier": "two"}))
    assert [row["slug"] for row in found] == ["by-another"]
    html = client.get("/en/timeline/", {"tier": "one"}).content.decode()
    assert 'href="/en/timeline/status-changes.csv?tier=one" download' in html
    assert client.get("/en/timeline/memberships.csv").status_code == 404


def test_a_wrong_filter_refuses_the_file_and_names_it(client, records):
    response = client.get("/en/commitments/results.csv", {"tier": "nowhere", "year": "abc"})
    assert response.status_code == 400
    text = response.content.decode()
    assert text.startswith("These filters cannot be used:")
    assert "Tier:" in text and "Year announced:" in text
