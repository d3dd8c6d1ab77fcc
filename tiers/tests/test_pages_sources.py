import pytest

from ..views.sources import SHOWN
from .factories import CommitmentFactory, SourceFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def test_the_page_lists_what_cites_the_source(client, db):
    source = SourceFactory(key="paris", title="Paris declaration", url="https://example.org/paris")
    CommitmentFactory(title="Cited pledge", sources=[source])
    CommitmentFactory(title="Other pledge")
    StatementFactory(quote="Cited words.", sources=[source])
    StatusChangeFactory(summary="Cited change.", source=source)
    response = client.get("/en/sources/paris/")
    text = response.content.decode()
    assert 'href="https://example.org/paris"' in text
    assert "Cited pledge" in text and "Other pledge" not in text
    assert "Cited words." in text and "Cited change." in text
    assert response.context["commitment_count"] == 1


def test_a_source_without_an_address_says_so(client, db):
    SourceFactory(key="article", url="")
    assert (
        "This document has no web address." in client.get("/en/sources/article/").content.decode()
    )


def test_long_lists_link_to_the_filtered_lists(client, db):
    source = SourceFactory(key="often")
    for n in range(SHOWN):
        CommitmentFactory(slug=f"p-{n}", sources=[source])
    assert (
        'href="/en/commitments/?source=often"'
        not in client.get("/en/sources/often/").content.decode()
    )
    CommitmentFactory(slug="p-last", sources=[source])
    response = client.get("/en/sources/often/")
    assert len(response.context["commitments"]) == SHOWN
    assert 'href="/en/commitments/?source=often"' in response.content.decode()
    listed = client.get("/en/commitments/?source=often")
    assert listed.context["page"].paginator.count == SHOWN + 1
    assert "Only commitments that cite this source" in listed.content.decode()


def test_a_source_cited_by_more_than_its_page_counts_says_so(client, db, monkeypatch):
    monkeypatch.setattr("tiers.views.sources.RECORD_COUNT_LIMIT", 2)
    source = SourceFactory(key="busy")
    CommitmentFactory.create_batch(3, sources=[source])
    text = client.get("/en/sources/busy/").content.decode()
    assert "2+ commitments" in text
