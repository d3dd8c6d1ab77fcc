"""One search over commitments, actors, statements and sources (/en/search/), and the search box
in the header of every page."""

import datetime
import re

import pytest
from django.db import connection, transaction

from tiers.models import Actor, Commitment, Source, Statement, Tier, Visibility
from tiers.views import search as search_view

from .factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
DRAFT = Visibility.DRAFT


@pytest.fixture
def records():
    trump = ActorFactory(
        name="Donald Trump", name_uk="Дональд Трамп", slug="donald-trump", kind="person"
    )
    return {
        "trump": trump,
        "commitment": CommitmentFactory(
            title="US air support",
            title_uk="Підтримка США з повітря",
            slug="us-air-support",
            description="Trump said the US was willing to help by air.",
        ),
        "statement": StatementFactory(
            speaker=trump,
            slug="trump-by-air",
            quote="We're willing to help them with things, especially by air.",
        ),
        "source": SourceFactory(
            key="trump-air", title="Trump says US could back Ukraine by air", publisher="Reuters"
        ),
    }


def page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def group(html, key):
    """The section of one type of record on the page of every type, or "" when it has none."""
    found = re.search(rf'<section aria-labelledby="found-{key}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def test_one_search_finds_a_commitment_an_actor_a_statement_by_its_speaker_and_a_source(
    client, records
):
    html = page(client, "/en/search/", q="Trump")
    assert "/en/commitments/us-air-support/" in group(html, "commitments")
    assert "/en/actors/donald-trump/" in group(html, "actors")
    # The quote does not name him: the statement is found by its speaker's name.
    assert "/en/statements/trump-by-air/" in group(html, "statements")
    assert "/en/sources/trump-air/" in group(html, "sources")
    # Grouped in this order, each with its count in the summary that leads to it.
    order = [html.index(f'id="found-{key}"') for key in ("commitments", "actors", "statements")]
    assert order == sorted(order) and html.index('id="found-sources"') > order[-1]
    assert '<a href="#found-actors">1 actor</a>' in html


def test_the_statements_list_finds_statements_by_their_speakers_name_too(client, records):
    StatementFactory(quote="Nothing about him.")
    html = page(client, "/en/statements/", q="Trump")
    assert "/en/statements/trump-by-air/" in html
    assert "1 statement matches" in html
    # His name is marked where the statement names its speaker.
    assert "<mark>Trump</mark></a>" in html


def test_a_renamed_speaker_is_found_by_the_new_name_with_his_statements(client, records):
    records["trump"].name = "Donald J. Trumpington"
    records["trump"].save()
    html = page(client, "/en/search/", q="Trumpington")
    assert "/en/actors/donald-trump/" in group(html, "actors")
    assert "/en/statements/trump-by-air/" in group(html, "statements")


def test_a_speakers_description_does_not_find_his_statements(client, records):
    records["trump"].description = "Spoke of a ceasefire in Alaska."
    records["trump"].save()
    html = page(client, "/en/search/", q="Alaska")
    assert "/en/actors/donald-trump/" in group(html, "actors")
    assert not group(html, "statements")


def test_matches_are_marked_in_titles_names_and_publishers(client, records):
    html = page(client, "/en/search/", q="Trump")
    assert "Donald <mark>Trump</mark>" in group(html, "actors")
    assert "<mark>Trump</mark> says US could back Ukraine by air" in group(html, "sources")


def test_a_commitment_found_by_its_description_shows_the_words_around_the_match(client, db):
    CommitmentFactory(
        title="Air support",
        description=" ".join(["Earlier words."] * 30)
        + (" Then Trump said the US was willing to help by air. " + " ".join(["Later."] * 40)),
    )
    CommitmentFactory(title="Trump alone", description="Nothing of the kind.")
    html = group(page(client, "/en/search/", q="trump"), "commitments")
    passages = re.findall(r'<p class="passage">(.*?)</p>', html)
    assert len(passages) == 1  # none under the title that matched alone
    assert "<mark>Trump</mark> said the US was willing" in passages[0]
    assert "Earlier words." in passages[0] and len(passages[0]) < 400  # a few words, not all


def test_ukrainian_words_find_ukrainian_text_and_the_page_shows_it(client, records):
    html = page(client, "/uk/search/", q="Трамп")
    assert "/uk/actors/donald-trump/" in group(html, "actors")
    assert "Дональд <mark>Трамп</mark>" in group(html, "actors")
    assert "/uk/statements/trump-by-air/" in group(html, "statements")
    html = page(client, "/uk/search/", q="повітря")
    assert "Підтримка США з <mark>повітря</mark>" in group(html, "commitments")
    # The same Ukrainian words from an English page: both languages are searched.
    assert "/en/commitments/us-air-support/" in page(client, "/en/search/", q="повітря")


def test_a_record_shown_in_english_on_a_ukrainian_page_says_so(client, records):
    CommitmentFactory(title="Trump's reassurance plan", slug="reassurance")
    html = page(client, "/uk/search/", q="Trump")
    assert '<span lang="en"><mark>Trump</mark> says' not in html  # a source keeps its language
    html = page(client, "/uk/search/", q="reassurance")
    marked = "Trump&#x27;s <mark>reassurance</mark> plan"
    assert f'<span lang="en">{marked}</span> <small class="english-only">' in html


def test_drafts_and_what_is_shown_only_with_them_are_never_found(client, records):
    hidden = ActorFactory(name="Hidden Trumpet", slug="hidden", visibility=DRAFT)
    StatementFactory(speaker=hidden, slug="by-a-draft", quote="Trumpet words.")
    CommitmentFactory(title="Trumpet draft", slug="draft-commitment", visibility=DRAFT)
    CommitmentFactory(
        title="Trumpet under a draft tier", slug="draft-tier", tier=TierFactory(visibility=DRAFT)
    )
    SourceFactory(key="draft-source", title="Trumpet source", visibility=DRAFT)
    StatementFactory(slug="draft-statement", quote="Trumpet.", visibility=DRAFT)
    for kind in ("", "commitments", "actors", "statements", "sources"):
        html = page(client, "/en/search/", q="Trumpet", type=kind)
        assert "Nothing matches." in html
        for slug in ("hidden", "by-a-draft", "draft-commitment", "draft-tier", "draft-source"):
            assert f"/{slug}/" not in html


def test_a_records_text_is_escaped_before_matches_are_marked(client, db):
    CommitmentFactory(title='<script>alert("Trump")</script> Trump & Co', slug="hostile")
    ActorFactory(name="<b>Trump</b>", slug="bold")
    html = page(client, "/en/search/", q="Trump")
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;" in group(html, "commitments")
    assert "<mark>Trump</mark> &amp; Co" in group(html, "commitments")
    assert "&lt;b&gt;<mark>Trump</mark>&lt;/b&gt;" in group(html, "actors")


def test_one_type_is_listed_page_by_page_and_the_page_of_every_type_links_to_it(client, db):
    for n in range(search_view.PER_PAGE + 3):
        SourceFactory(key=f"ceasefire-{n}", title=f"Ceasefire report {n}")
    CommitmentFactory(title="A ceasefire commitment")
    html = page(client, "/en/search/", q="ceasefire")
    assert group(html, "sources").count('<li class="item">') == search_view.SHOWN
    assert '<a href="?q=ceasefire&amp;type=sources">All sources that match (23)</a>' in html
    # One commitment: no link to more of them.
    assert "type=commitments" not in html
    html = page(client, "/en/search/", q="ceasefire", type="sources")
    assert "23 sources" in html and "Page 1 of 2" in html
    assert "A ceasefire commitment" not in html
    assert 'href="?q=ceasefire&amp;type=sources&amp;page=2"' in html
    second = page(client, "/en/search/", q="ceasefire", type="sources", page="2")
    assert second.count('<li class="item">') == 3


def test_the_statements_of_a_search_lead_to_their_own_list_and_its_filters(client, records):
    html = page(client, "/en/search/", q="Trump", type="statements")
    assert 'href="/en/statements/?q=Trump"' in html
    assert "/en/statements/trump-by-air/" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"q": "Trump", "type": "everything"}, "type", "Select a valid choice"),
        ({"q": "Trump\x00"}, "q", "NUL"),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
    ],
)
def test_a_bad_parameter_is_named_beside_its_control(client, records, query, field, message):
    response = client.get("/en/search/", query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    error = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    if field == "type":  # the words are still searched, in every type
        assert "/en/actors/donald-trump/" in group(html, "actors")


def test_without_words_the_page_explains_and_searches_nothing(client, records):
    html = page(client, "/en/search/", q="   ")
    assert "Type a few words" in html and "found-" not in html


def test_only_the_first_matches_are_ranked_and_the_count_says_so(client, db, monkeypatch):
    monkeypatch.setattr("tiers.site_search.SEARCH_RANKED", 2)
    monkeypatch.setattr("tiers.views.search.SEARCH_RANKED", 2)
    for n in range(5):
        StatementFactory(quote=f"Ceasefire {n}.", said_on=datetime.date(2025, 1, n + 1))
    html = page(client, "/en/search/", q="ceasefire")
    assert '<a href="#found-statements">2+ statements</a>' in html
    if connection.vendor == "postgresql":  # the newest three ranked, the older two left out
        found = re.findall(r"Ceasefire</mark> (\d)\.", group(html, "statements"))
        assert sorted(found) == ["2", "3", "4"]


@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_page_has_a_search_box_in_its_header(client, records, language):
    for path in ("", "commitments/", "actors/donald-trump/", "about/", "search/"):
        html = page(client, f"/{language}/{path}")
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        form = re.search(r'<form class="site-search" method="get" action="([^"]+)"', header)
        assert form and form.group(1) == f"/{language}/search/"
        assert '<label class="visually-hidden" for="site-search-q">' in header
        assert '<input type="search" id="site-search-q" name="q"' in header


@on_postgresql
def test_a_title_or_a_name_ranks_above_a_description(client, db):
    CommitmentFactory(title="Training", description="Monitoring of the ceasefire.")
    CommitmentFactory(title="Ceasefire monitoring")
    html = page(client, "/en/search/", q="ceasefire monitoring", type="commitments")
    assert html.index("<mark>Ceasefire</mark> <mark>monitoring</mark>") < html.index("Training")
    # The description's words around the match are shown under its title.
    assert '<p class="passage"><mark>Monitoring</mark> of the <mark>ceasefire</mark>' in html


@on_postgresql
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Commitment.objects.search("guarantees"), "tiers_commitment_search_idx"),
        (lambda: Actor.objects.search("guarantees"), "tiers_actor_search_idx"),
        (lambda: Source.objects.search("guarantees"), "tiers_source_search_idx"),
        (lambda: Statement.objects.search("guarantees"), "tiers_actor_speaker_search_idx"),
    ],
)
def test_postgresql_reads_each_search_through_its_gin_index(db, queryset, index):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset().explain()
        cursor.execute("SET enable_seqscan = on")
    assert index in plan


# The page runs the same queries with a few matching records or many.
SIZES = [3, 300]


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}-records")
def many(request, django_db_setup, django_db_blocker):
    size = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        tier = Tier.objects.create(number=1, name="One", slug="one", visibility="published")
        actors = Actor.objects.bulk_create(
            Actor(name=f"Envoy {n}", slug=f"envoy-{n}", kind="person", visibility="published")
            for n in range(size)
        )
        Source.objects.bulk_create(
            Source(key=f"s-{n}", title=f"Envoy report {n}", kind="news", visibility="published")
            for n in range(size)
        )
        Commitment.objects.bulk_create(
            Commitment(
                tier=tier,
                title=f"Envoy mission {n}",
                slug=f"c-{n}",
                category="troops",
                lead_actor=actors[n],
                visibility="published",
            )
            for n in range(size)
        )
        Statement.objects.bulk_create(
            Statement(speaker=actors[n], slug=f"st-{n}", quote="Words.", visibility="published")
            for n in range(size)
        )
        yield size
        transaction.set_rollback(True)


@pytest.fixture
def many_records(many, db):
    return many


# On PostgreSQL a statements search first reads the ids of its newest matches, once.
STATEMENT_IDS = 1 if connection.vendor == "postgresql" else 0


def test_the_page_of_every_type_runs_five_queries(client, many_records, django_assert_num_queries):
    # For each of the four types its first few with their count; the statements' translations.
    with django_assert_num_queries(5 + STATEMENT_IDS):
        html = page(client, "/en/search/", q="envoy")
    assert all(group(html, key) for key in ("commitments", "actors", "statements", "sources"))


@pytest.mark.parametrize(("kind", "queries"), [("commitments", 2), ("statements", 3)])
def test_one_type_runs_two_or_three_queries(
    client, many_records, django_assert_num_queries, kind, queries
):
    # The keys in rank order (which count them) and the page; the statements' translations. On
    # PostgreSQL the statements' newest matches are ranked as they are chosen, in one query.
    with django_assert_num_queries(queries):
        html = page(client, "/en/search/", q="envoy", type=kind, page="2")
    assert 'class="item' in html or many_records <= search_view.PER_PAGE
