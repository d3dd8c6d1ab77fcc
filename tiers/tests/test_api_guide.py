"""The API page for readers: every record type described, and curl examples that work."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_examples_can_be_pasted(client, seed):
    response = client.get("/en/api/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    urls = re.findall(r"curl(?: -\w+)*(?: -H '[^']*')? '(http://testserver/api/v1/[^']+)'", page)
    assert len(urls) >= 4
    for url in urls:
        answer = client.get(url.removeprefix("http://testserver"))
        assert answer.status_code == 200, url
        assert answer["Content-Type"] == "application/json"
    # The commitment example names a real published commitment.
    assert any("/commitments/" in url and "?" not in url for url in urls)
    assert "http://testserver/api/v1/openapi.json" in page


def test_it_describes_every_record_type_and_its_filters(client):
    page = client.get("/uk/api/").content.decode()
    for name in ["tiers", "actors", "memberships", "sources", "commitments", "statements"]:
        assert f"http://testserver/api/v1/{name}/" in page
    for param in ["updated_since", "legal_form", "speaker", "organisation"]:
        assert f"<code>{param}</code>" in page or param in page


def test_the_page_takes_two_queries(client, seed, django_assert_num_queries):
    # 1 a commitment and 2 a tier to give the examples real addresses.
    with django_assert_num_queries(2):
        assert client.get("/en/api/").status_code == 200
