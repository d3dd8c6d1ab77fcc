"""Every page has a title, a description, a canonical URL and OpenGraph tags."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/",
    "/en/tiers/coalition-of-the-willing/",
    "/en/actors/",
    "/en/actors/mark-rutte/",
    "/en/commitments/",
    "/en/commitments/reassurance-force/",
    "/en/statements/",
    "/en/statements/rutte-2026-02-03-three-levels/",
    "/en/timeline/",
    "/en/about/",
]


@pytest.fixture
def source_page(seed):
    from tiers.models import Source

    return Source.objects.published().first().get_absolute_url()


def meta(text, attribute, name):
    match = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', text)
    return match.group(1) if match else None


@pytest.mark.parametrize("url", PAGES)
def test_head_tags(client, seed, url):
    response = client.get(url)
    if response.status_code == 404:
        pytest.fail(f"{url} is not a page of the seed records")
    text = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert title.endswith("– Ukraine Security Guarantees Tracker") and len(title) > 40
    assert meta(text, "name", "description")
    assert meta(text, "property", "og:title")
    assert meta(text, "property", "og:description")
    assert meta(text, "property", "og:url") == f"http://testserver{url}"
    assert f'<link rel="canonical" href="http://testserver{url}">' in text
    assert text.count("<h1>") == 1


def test_source_page_head(client, source_page):
    text = client.get(source_page).content.decode()
    assert f'<link rel="canonical" href="http://testserver{source_page}">' in text
