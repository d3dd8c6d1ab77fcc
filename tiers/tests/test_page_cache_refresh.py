"""While analysts curate, a list is rendered again once per interval, not once per write.

A cached copy whose only moved tags are lists or ``any`` is served as it is while one request
renders it again (``guarantees_site.page_cache``), at most once per PUBLIC_LIST_REFRESH_SECONDS,
and never beyond PUBLIC_CACHE_SECONDS. A record's own page, the pages that loaded a record
written since, and every page after a record is hidden drop at once. "Held" below is another
request's turn to render an address (the ``:refresh`` key it adds), taken by hand.
"""

import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, override_settings

from guarantees_site import page_cache
from guarantees_site.page_cache import PublicPageCacheMiddleware, cache_key
from tiers import cache_tags
from tiers.models import Commitment, Statement, Visibility

from .factories import ActorFactory, CommitmentFactory, StatementFactory

pytestmark = pytest.mark.django_db

STATEMENTS = "/en/statements/"


@pytest.fixture
def records(db):
    speaker = ActorFactory()
    commitment = CommitmentFactory(title="Air policing over western Ukraine")
    statement = StatementFactory(
        speaker=speaker, commitments=[commitment], quote="We will guard the western skies."
    )
    return {"speaker": speaker, "commitment": commitment, "statement": statement}


def warm(client, url) -> str:
    """Cache ``url``; the key its copy is kept under."""
    response = client.get(url)
    assert response.status_code == 200
    key = cache_key(response.wsgi_request)
    assert cache.get(key) is not None
    return key


def hold(key) -> None:
    """Another request has taken the turn to render this address again."""
    assert cache.add(f"{key}:refresh", 1, timeout=30)


def release(key) -> None:
    cache.delete(f"{key}:refresh")


def publish_statement(records, quote):
    return StatementFactory(speaker=records["speaker"], quote=quote)


def max_age(response) -> int:
    return int(response["Cache-Control"].split("max-age=")[1].split(",")[0])


def test_a_list_whose_list_moved_is_served_as_it_was_while_another_request_renders_it(
    client, records
):
    key = warm(client, STATEMENTS)
    hold(key)
    publish_statement(records, "Training missions will continue.")
    stale = client.get(STATEMENTS)
    assert "Training missions" not in stale.content.decode()
    assert max_age(stale) == 0  # browsers and CDNs ask again
    release(key)
    assert "Training missions" in client.get(STATEMENTS).content.decode()


def test_the_first_reader_after_a_write_renders_the_list_again(client, records):
    warm(client, STATEMENTS)
    publish_statement(records, "Training missions will continue.")
    assert "Training missions" in client.get(STATEMENTS).content.decode()


@override_settings(PUBLIC_LIST_REFRESH_SECONDS=1)
def test_a_list_is_rendered_again_at_most_once_per_interval(client, records):
    warm(client, STATEMENTS)
    publish_statement(records, "Training missions will continue.")
    assert "Training missions" in client.get(STATEMENTS).content.decode()  # took the turn
    publish_statement(records, "Demining will be funded.")
    assert "Demining" not in client.get(STATEMENTS).content.decode()  # within the interval
    time.sleep(1.1)
    assert "Demining" in client.get(STATEMENTS).content.decode()


def test_concurrent_requests_for_a_moved_list_render_it_once(rf, records):
    renders, answers = [], []

    def anonymous_request():
        request = rf.get("/en/lists/")
        request.LANGUAGE_CODE = "en"
        return request

    def view(request):
        cache_tags.depends_on_lists(Statement)
        renders.append(len(renders))
        if len(renders) == 2:
            # Two more readers arrive while this render runs.
            answers.extend(middleware(anonymous_request()).content for _ in range(2))
        return HttpResponse(f"render {len(renders)}")

    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_request())
    cache_tags.touch({"statements"})  # a write to a public statement
    assert middleware(anonymous_request()).content == b"render 2"
    assert answers == [b"render 1", b"render 1"]
    assert len(renders) == 2
    assert middleware(anonymous_request()).content == b"render 2"  # stored


def test_a_records_own_page_drops_at_once(client, records):
    url = records["commitment"].get_absolute_url()
    hold(warm(client, url))
    commitment = Commitment.objects.get(pk=records["commitment"].pk)
    commitment.title = "Air policing over all of Ukraine"
    commitment.save()
    assert "Air policing over all of Ukraine" in client.get(url).content.decode()


def test_a_list_that_showed_an_edited_record_drops_at_once(client, records):
    hold(warm(client, STATEMENTS))
    statement = Statement.objects.get(pk=records["statement"].pk)
    statement.quote = "We will guard the skies of all Ukraine."
    statement.save()
    assert "the skies of all Ukraine" in client.get(STATEMENTS).content.decode()


HIDE = ["return to draft", "delete", "moved under a draft speaker"]


def hide_statement(records, hide):
    statement = Statement.objects.get(pk=records["statement"].pk)
    if hide == "return to draft":
        statement.visibility = Visibility.DRAFT
        statement.save()
    elif hide == "delete":
        statement.delete()
    else:
        statement.speaker = ActorFactory(visibility=Visibility.DRAFT)
        statement.save()


@pytest.mark.parametrize("hide", HIDE)
def test_a_hidden_record_leaves_every_page_at_once(client, records, hide):
    urls = [
        STATEMENTS,
        "/en/",
        records["speaker"].get_absolute_url(),
        records["commitment"].get_absolute_url(),
        "/en/changes/",
        "/api/v1/statements/",
    ]
    for url in urls:
        assert "western skies" in client.get(url).content.decode(), url
        hold(cache_key(client.get(url).wsgi_request))
    hide_statement(records, hide)
    for url in urls:
        assert "western skies" not in client.get(url).content.decode(), url


@pytest.mark.parametrize("hide", HIDE)
def test_a_hidden_record_leaves_even_a_list_that_did_not_load_it_as_a_record(rf, records, hide):
    def quotes(request):
        cache_tags.depends_on_lists(Statement)
        return HttpResponse(" ".join(Statement.objects.public().values_list("quote", flat=True)))

    request = rf.get("/en/quotes/")
    request.LANGUAGE_CODE = "en"
    middleware = PublicPageCacheMiddleware(quotes)
    assert b"western skies" in middleware(request).content
    hold(cache_key(request))
    hide_statement(records, hide)
    assert b"western skies" not in middleware(request).content


def test_signed_in_users_never_get_a_lagging_copy(staff_client, records):
    hold(warm(Client(), STATEMENTS))
    publish_statement(records, "Training missions will continue.")
    assert "Training missions" in staff_client.get(STATEMENTS).content.decode()


@override_settings(PUBLIC_LIST_REFRESH_SECONDS=0)
def test_without_an_interval_a_moved_list_drops_at_once(client, records):
    hold(warm(client, STATEMENTS))
    publish_statement(records, "Training missions will continue.")
    assert "Training missions" in client.get(STATEMENTS).content.decode()


class Later:
    """``time`` for the page cache only, ``seconds`` ahead."""

    def __init__(self, seconds):
        self.seconds = seconds

    def time(self):
        return time.time() + self.seconds


@override_settings(PUBLIC_CACHE_SECONDS=60, PUBLIC_LIST_REFRESH_SECONDS=10)
def test_no_copy_is_served_once_it_is_as_old_as_the_staleness_bound(client, records, monkeypatch):
    hold(warm(client, STATEMENTS))
    publish_statement(records, "Training missions will continue.")
    monkeypatch.setattr(page_cache, "time", Later(60))
    assert "Training missions" in client.get(STATEMENTS).content.decode()


@override_settings(PUBLIC_CACHE_SECONDS=60, PUBLIC_LIST_REFRESH_SECONDS=10)
def test_a_current_copy_is_told_to_browsers_for_no_longer_than_it_has_left(
    client, records, monkeypatch
):
    warm(client, STATEMENTS)
    monkeypatch.setattr(page_cache, "time", Later(20))
    assert 39 <= max_age(client.get(STATEMENTS)) <= 40


@override_settings(PUBLIC_CACHE_SECONDS=60, PUBLIC_LIST_REFRESH_SECONDS=10)
def test_a_current_copy_in_its_last_seconds_is_renewed_by_one_request(client, records, monkeypatch):
    key = warm(client, STATEMENTS)
    first = cache.get(key)[3]
    monkeypatch.setattr(page_cache, "time", Later(55))
    client.get(STATEMENTS)  # took the turn
    assert cache.get(key)[3] >= first + 55


@override_settings(PUBLIC_CACHE_SECONDS=60, PUBLIC_LIST_REFRESH_SECONDS=10)
def test_others_get_a_current_copy_in_its_last_seconds_while_it_is_renewed(
    client, records, monkeypatch, django_assert_num_queries
):
    hold(warm(client, STATEMENTS))
    monkeypatch.setattr(page_cache, "time", Later(55))
    with django_assert_num_queries(0):
        response = client.get(STATEMENTS)
    assert max_age(response) <= 5
