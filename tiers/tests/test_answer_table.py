"""Who is in what is kept between writes (tiers/answer_table.py): read with no query while the
lists it reads stand, computed again after a write to one of them, refreshed when a write
commits, kept per language, and shown a page of rows at a time while the CSV gives them all."""

import csv
import io

import pytest

from tiers import answer_table, cache_tags
from tiers.models import Actor, Membership
from tiers.tests.answers_records import build
from tiers.views import answers

from .factories import ActorFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build()


def names(rows):
    return [row.name for row in rows]


def test_kept_rows_are_read_again_with_no_query(records, django_assert_num_queries):
    first = answer_table.kept_rows()
    assert "United Kingdom" in names(first)
    with django_assert_num_queries(0):
        assert answer_table.kept_rows() == first
    uk = next(row for row in first if row.slug == "united-kingdom")
    assert uk.shows["troops"] == "yes" and uk.sorts["agreement"] == (False, "2024-01-12")
    assert uk.cells[5] == (("Will send troops", "/en/commitments/uk-troops/"),)


def test_a_write_to_a_list_it_reads_shows_at_once(client, records):
    client.get("/en/who-is-in-what/")  # kept
    nobody = Actor.objects.get(slug="nobody")
    coalition = Actor.objects.get(slug="coalition-of-the-willing")
    MembershipFactory(member=nobody, organisation=coalition, role="member")
    html = client.get("/en/who-is-in-what/", {"kind": "state"}).content.decode()
    assert 'id="actor-nobody"' in html  # a membership is an answer: its row appears


def test_the_write_refreshes_the_table_when_it_commits(records, django_assert_num_queries):
    answer_table.kept_rows()
    membership = Membership.objects.get(
        member__slug="italy", organisation__slug="coalition-of-the-willing"
    )
    membership.role = "co_leader"
    membership.save()
    # What a commit sends (tiers.cache_tags): the test's own transaction never commits, and
    # the records built before would carry this write's tags to it.
    cache_tags.committed.send(sender=None, tags={cache_tags.list_tag(Membership)})
    with django_assert_num_queries(0):  # computed by the write, in every language
        rows = {row.slug: row for row in answer_table.kept_rows()}
        with answer_table.translation.override("uk"):
            ukrainian = {row.slug: row for row in answer_table.kept_rows()}
        csv_text = answer_table.kept_csv().decode("utf-8-sig")
    assert rows["italy"].cells[4][0][0] == "Co-leader"
    assert ukrainian["italy"].cells[4][0][0] != "Co-leader"  # in Ukrainian
    assert "Co-leader" in csv_text.splitlines()[names(rows.values()).index("Italy") + 1]


def test_each_language_is_kept_apart(client, records):
    assert "Will not send troops" in client.get("/en/who-is-in-what/").content.decode()
    html = client.get("/uk/who-is-in-what/").content.decode()
    assert "Не надсилатиме війська" in html and "Will not send troops" not in html


def test_the_page_shows_a_page_of_rows_and_the_csv_every_row(client, records, monkeypatch):
    for n in range(5):
        ActorFactory(name=f"Member {n}", slug=f"member-{n}", kind="state")
    for actor in Actor.objects.filter(slug__startswith="member-"):
        MembershipFactory(member=actor, organisation=Actor.objects.get(slug="purl-contributors"))
    monkeypatch.setattr(answers, "PER_PAGE", 3)
    every = names(answer_table.chosen_rows())
    first = client.get("/en/who-is-in-what/")
    assert [row.name for row, _cells in first.context["rows"]] == every[:3]
    assert first.context["total"] == len(every) > 6
    html = first.content.decode()
    assert f"{len(every)} actors" in html and 'rel="next"' in html
    second = client.get("/en/who-is-in-what/", {"page": 2})
    assert [row.name for row, _cells in second.context["rows"]] == every[3:6]
    # A sort starts again from the first page.
    assert 'href="?sort=troops"' in second.content.decode().replace("&amp;", "&")
    table = list(csv.reader(io.StringIO(client.get("/en/who-is-in-what.csv").content.decode())))
    assert [line[0].lstrip("\ufeff") for line in table[1:]] == every


def test_the_map_colours_every_state_whatever_the_page(client, records, monkeypatch):
    monkeypatch.setattr(answers, "PER_PAGE", 1)
    html = client.get("/en/who-is-in-what/map/", {"show": "troops"}).content.decode()
    assert 'aria-label="Italy: Will not send troops"' in html
    assert 'aria-label="United Kingdom: Will send troops"' in html
    assert html.count("<tr id=") == 1 and 'rel="next"' in html


def test_the_background_refresh_is_skipped_when_the_table_is_current(
    records, django_assert_num_queries
):
    answer_table.refresh_table.call()  # computes the table in every language
    with django_assert_num_queries(0):
        answer_table.refresh_table.call()  # a later task of the same burst of writes
    with django_assert_num_queries(0):
        answer_table.refresh(set())  # a write to no list the table reads enqueues nothing
