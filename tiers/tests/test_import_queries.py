"""Imports and exports run a fixed number of queries, whatever their number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat
from tiers.models import Commitment
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

# "Many" stays within one INSERT of commitments on SQLite, which splits a bulk insert at 999
# parameters: a commitment has some 30 columns with its English and Ukrainian texts. PostgreSQL
# takes any number of rows in one statement. (Their history is copied by the database in one
# statement for consecutive ids, tiers.history_copies.)
MANY = 25
# Pinned, so that a change adding a query to every import shows here: lower them when a change
# saves one (36 and 51 before the history was copied by the database).
CREATING_QUERIES = 34
UPDATING_QUERIES = 48


def commitments_file(count, title="A pledge"):
    return csv_file(
        *[
            {
                "slug": f"pledge-{n}",
                "tier": str(1 + n % 3),
                "title": f"{title} {n}",
                "category": "troops",
                "lead actor": "france",
                "actors": "france|united-kingdom" if n % 2 else "nato",
                "sources": "unn-2026-02-03-rutte-three-levels",
                "announced": "2025-08",
                "visibility": "published",
            }
            for n in range(count)
        ]
    )


def queries_to_import(data):
    with CaptureQueriesContext(connection) as queries:
        result = import_file("commitments", data, "commitments.csv")
    assert result.messages() == []
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.usefixtures("references")
def test_creating_records_costs_the_same_queries_for_few_rows_or_many():
    queries_to_import(commitments_file(1))  # content types, cached from then on
    Commitment.objects.all().delete()
    few = queries_to_import(commitments_file(3))
    Commitment.objects.all().delete()
    many = queries_to_import(commitments_file(MANY))
    print(len(few), len(many))
    assert len(few) == len(many) == CREATING_QUERIES


@pytest.mark.usefixtures("references")
def test_updating_records_costs_the_same_queries_for_few_rows_or_many():
    queries_to_import(commitments_file(MANY))
    few = queries_to_import(commitments_file(3, title="Changed"))
    many = queries_to_import(commitments_file(MANY, title="Changed again"))
    print(len(few), len(many))
    assert len(few) == len(many) == UPDATING_QUERIES


@pytest.mark.usefixtures("references")
def test_exporting_costs_the_same_queries_for_few_rows_or_many():
    queries_to_import(commitments_file(3))
    with CaptureQueriesContext(connection) as few:
        export_bytes("commitments", CSVFormat())
    queries_to_import(commitments_file(MANY))
    with CaptureQueriesContext(connection) as many:
        export_bytes("commitments", CSVFormat())
    print(len(few), len(many))
    assert len(few) == len(many)
