import datetime
import json
import re

import pytest
from django.db import connection

from tiers.models import Statement

from .factories import ActorFactory, SourceFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


@pytest.fixture
def said():
    rutte = ActorFactory(name="Mark Rutte", slug="mark-rutte", kind="person")
    zelensky = ActorFactory(name="Volodymyr Zelenskyy", slug="zelenskyy", kind="person")
    tier = TierFactory(number=2, slug="coalition")
    return {
        "rutte": StatementFactory(
            speaker=rutte,
            slug="rutte",
            quote="These guarantees are extremely important after a peace agreement.",
            said_on=datetime.date(2026, 2, 3),
            tiers=[tier],
        ),
        "zelensky": StatementFactory(
            speaker=zelensky,
            slug="zelensky",
            quote="Нам потрібні гарантії безпеки.",
            language="uk",
            translations={"en": "We need security guarantees."},
            said_on=datetime.date(2025, 8, 1),
            said_precision="month",
        ),
        "other": StatementFactory(
            slug="other", quote="Training brigades <b>now</b>.", said_on=None, said_precision=""
        ),
    }


def slugs(response):
    return [s.slug for s in response.context["page"]]


def test_the_list_is_newest_first_with_unknown_dates_last(client, said):
    assert slugs(client.get("/en/statements/")) == ["rutte", "zelensky", "other"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speaker=mark-rutte", ["rutte"]),
        ("tier=coalition", ["rutte"]),
        ("year=2025", ["zelensky"]),
        ("language=uk", ["zelensky"]),
    ],
)
def test_filters(client, said, query, expected):
    assert slugs(client.get(f"/en/statements/?{query}")) == expected


def test_search_finds_the_quote_or_its_translation_and_marks_the_match(client, said):
    response = client.get("/en/statements/?q=guarantees")
    assert set(slugs(response)) == {"rutte", "zelensky"}
    text = response.content.decode()
    assert re.search(r"<mark>guarantees</mark>", text, re.IGNORECASE)


def test_search_never_trusts_the_quote_as_html(client, said):
    text = client.get("/en/statements/?q=brigades").content.decode()
    assert "&lt;b&gt;now&lt;/b&gt;" in text
    assert "<b>now</b>" not in text


def test_a_search_with_no_match_says_so(client, said):
    response = client.get("/en/statements/?q=submarines")
    assert slugs(response) == []
    assert "No statement matches." in response.content.decode()


@on_postgresql
def test_postgresql_reads_the_websearch_syntax_and_ranks(client, said):
    StatementFactory(slug="twice", quote="Guarantees, guarantees and more guarantees of peace.")
    assert slugs(client.get('/en/statements/?q="peace agreement"')) == ["rutte"]
    assert "rutte" not in slugs(client.get("/en/statements/?q=guarantees -peace"))
    assert slugs(client.get("/en/statements/?q=guarantees"))[0] == "twice"
    # Stemming: "guarantee" finds "guarantees".
    assert "rutte" in slugs(client.get("/en/statements/?q=guarantee"))


@on_postgresql
def test_postgresql_search_uses_the_gin_index(said):
    with connection.cursor() as cursor:
        # The text condition alone: with joins, a tiny table may be reached through another index.
        cursor.execute("SET enable_seqscan = off")
        plan = Statement.objects.search("guarantees").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "tiers_statement_search_idx" in plan


def test_the_statement_page_shows_original_translation_speaker_role_date_and_sources(client, said):
    statement = said["zelensky"]
    statement.speaker_role = "President of Ukraine"
    statement.occasion = "Kyiv"
    statement.save()
    statement.sources.set([SourceFactory(title="Press office")])
    text = client.get("/en/statements/zelensky/").content.decode()
    assert '<blockquote lang="uk"><p>Нам потрібні гарантії безпеки.</p></blockquote>' in text
    assert '<blockquote lang="en"><p>We need security guarantees.</p></blockquote>' in text
    assert "translated by this project" in text
    assert "President of Ukraine" in text and "Kyiv" in text
    # The reader's language first, the original beside it.
    assert text.index('<blockquote lang="en">') < text.index('<blockquote lang="uk">')
    assert '<time datetime="2025-08">August 2025</time>' in text
    assert "Press office" in text


def test_the_statement_page_carries_quotation_json_ld(client, said):
    text = client.get("/en/statements/rutte/").content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)
    data = json.loads(match.group(1))
    assert data["@type"] == "Quotation"
    assert data["text"] == said["rutte"].quote
    assert data["creator"] == {"@type": "Person", "name": "Mark Rutte"}
    assert data["dateCreated"] == "2026-02-03"
    assert data["url"] == "http://testserver/en/statements/rutte/"


def test_json_ld_cannot_close_its_script_element(client, db):
    StatementFactory(slug="tricky", quote="</script><script>alert(1)</script>")
    text = client.get("/en/statements/tricky/").content.decode()
    assert "</script><script>alert(1)" not in text
