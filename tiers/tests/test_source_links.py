"""Only http and https addresses become links, in pages, JSON-LD, the API and the admin,
whatever path the value came by (here: written straight into the database)."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.utils.html import escape

from tiers.links import safe_link_url
from tiers.models import Actor, Source
from tiers.tests.factories import ActorFactory, CommitmentFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "https:///no-host",
    "//example.org/no-scheme",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_the_helper_refuses_what_is_not_an_http_address(value):
    assert safe_link_url(value) == ""


@pytest.mark.parametrize("value", ["https://example.org/a?b=c#d", "http://example.org"])
def test_the_helper_keeps_http_addresses(value):
    assert safe_link_url(value) == value


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.json_ld = [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False


def links_of(response):
    assert response.status_code == 200
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def json_urls(value) -> list[str]:
    if isinstance(value, dict):
        return [u for k, v in value.items() for u in ([v] if k in ("url", "sameAs") else [])] + [
            u for v in value.values() for u in json_urls(v)
        ]
    if isinstance(value, list):
        return [u for v in value for u in json_urls(v)]
    return []


@pytest.fixture(params=["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def unsafe_source(request):
    source = SourceFactory(key="unsafe")
    Source.objects.filter(pk=source.pk).update(url=request.param, archived_url=request.param)
    source.refresh_from_db()
    return source


def assert_no_unsafe_link(parser, value):
    for href in parser.hrefs:
        assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), href
    for url in json_urls(parser.json_ld):
        assert safe_link_url(url) == url, url
    assert value not in parser.hrefs


def test_the_source_page_shows_the_address_as_text_not_a_link(client, unsafe_source):
    response = client.get(unsafe_source.get_absolute_url())
    assert_no_unsafe_link(links_of(response), unsafe_source.url)
    assert escape(unsafe_source.url) in response.content.decode()  # shown, as text


def test_pages_listing_the_source_do_not_link_it(client, unsafe_source):
    commitment = CommitmentFactory(sources=[unsafe_source])
    statement = StatementFactory(sources=[unsafe_source], commitments=[commitment])
    for url in [commitment.get_absolute_url(), statement.get_absolute_url()]:
        parser = links_of(client.get(url))
        assert_no_unsafe_link(parser, unsafe_source.url)
    # The statement's JSON-LD cites the source by name, without the address.
    (quotation,) = links_of(client.get(statement.get_absolute_url())).json_ld
    assert quotation["citation"] == [{"@type": "CreativeWork", "name": unsafe_source.title}]


def test_a_safe_source_is_still_linked_everywhere(client):
    source = SourceFactory(url="https://example.org/treaty")
    statement = StatementFactory(sources=[source])
    assert "https://example.org/treaty" in links_of(client.get(source.get_absolute_url())).hrefs
    (quotation,) = links_of(client.get(statement.get_absolute_url())).json_ld
    assert quotation["citation"][0]["url"] == "https://example.org/treaty"
    item = client.get(f"/api/v1/sources/{source.key}/").json()
    assert item["url"] == "https://example.org/treaty"


def test_the_api_gives_no_unsafe_address(client, unsafe_source):
    item = client.get(f"/api/v1/sources/{unsafe_source.key}/").json()
    assert item["url"] == "" and item["archived_url"] == ""


def test_an_actor_with_a_strange_wikidata_id_gets_no_unsafe_link(client):
    actor = ActorFactory()
    Actor.objects.filter(pk=actor.pk).update(wikidata_id="Q1")
    statement = StatementFactory(speaker=actor)
    (quotation,) = links_of(client.get(statement.get_absolute_url())).json_ld
    assert quotation["creator"]["sameAs"] == "https://www.wikidata.org/wiki/Q1"


def test_the_admin_list_shows_an_unsafe_address_as_text(admin_client, unsafe_source):
    response = admin_client.get("/admin/tiers/source/")
    assert_no_unsafe_link(links_of(response), unsafe_source.url)
