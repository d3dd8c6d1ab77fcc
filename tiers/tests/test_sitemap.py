"""sitemap.xml lists every public page in both languages, never a draft; robots.txt names it."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from tiers.models import Visibility
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own response, not untrusted input


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
DRAFT = Visibility.DRAFT


def sitemap_urls(client) -> set[str]:
    """Every <loc> of every section the index names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = set()
    for loc in parse(index.content).findall("sm:sitemap/sm:loc", NS):
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200, loc.text
        urls |= {url.text for url in parse(section.content).findall("sm:url/sm:loc", NS)}
    return {url.removeprefix("http://testserver") for url in urls}


def test_every_public_page_is_listed_in_both_languages(client):
    tier = TierFactory(slug="coalition")
    actor = ActorFactory(slug="france")
    source = SourceFactory(key="summit")
    commitment = CommitmentFactory(tier=tier, lead_actor=actor, sources=[source])
    statement = StatementFactory(speaker=ActorFactory(slug="rutte"), sources=[source])
    with translation.override("en"):
        paths = [r.get_absolute_url() for r in [tier, actor, source, commitment, statement]]
    urls = sitemap_urls(client)
    for path in paths:
        path = path.removeprefix("/en")
        for language in ("en", "uk"):
            assert f"/{language}{path}" in urls, (language, path)
            assert client.get(f"/{language}{path}").status_code == 200
    for page in [
        "/",
        "/commitments/",
        "/actors/",
        "/statements/",
        "/timeline/",
        "/about/",
        "/downloads/",
        "/api/",
    ]:
        assert f"/en{page}" in urls and f"/uk{page}" in urls, page
        assert client.get(f"/en{page}").status_code == 200, page


def test_each_page_names_its_other_language(client):
    CommitmentFactory(slug="air-policing")
    section = client.get("/sitemap-commitments.xml")
    entry = parse(section.content).find("sm:url", NS)
    alternates = {
        link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)
    }
    assert alternates["en"] == "http://testserver/en/commitments/air-policing/"
    assert alternates["uk"] == "http://testserver/uk/commitments/air-policing/"
    assert entry.find("sm:lastmod", NS) is not None


def test_drafts_appear_in_no_sitemap(client):
    published = CommitmentFactory(slug="published-commitment")
    StatusChangeFactory(commitment=published, visibility=DRAFT)
    draft_tier = TierFactory(slug="draft-tier", visibility=DRAFT)
    CommitmentFactory(slug="under-draft-tier", tier=draft_tier)
    CommitmentFactory(slug="draft-commitment", visibility=DRAFT)
    ActorFactory(slug="draft-actor", visibility=DRAFT)
    SourceFactory(key="draft-source", visibility=DRAFT)
    StatementFactory(slug="draft-statement", visibility=DRAFT)
    StatementFactory(slug="by-draft-speaker", speaker=ActorFactory(visibility=DRAFT))
    text = " ".join(sitemap_urls(client))
    assert "published-commitment" in text
    for draft in [
        "draft-tier",
        "under-draft-tier",
        "draft-commitment",
        "draft-actor",
        "draft-source",
        "draft-statement",
        "by-draft-speaker",
    ]:
        assert draft not in text, draft


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("n", [2, 9])
def test_a_section_takes_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    for _ in range(n):
        CommitmentFactory()
    # 1 the records (one page of at most 50,000, so no count is needed).
    with django_assert_num_queries(1):
        response = client.get("/sitemap-commitments.xml")
    assert response.content.count(b"<url>") == 2 * n


def test_a_large_section_is_split_into_pages_the_index_names(client, monkeypatch):
    from tiers.open_data.sitemaps import I18nSitemap

    monkeypatch.setattr(I18nSitemap, "limit", 2)
    for _ in range(3):
        CommitmentFactory()
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-commitments.xml?p=2" in index
    second = client.get("/sitemap-commitments.xml", {"p": 2})
    assert second.content.count(b"<url>") == 2  # one commitment, in two languages
