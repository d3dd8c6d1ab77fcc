"""Every Ukrainian page speaks Ukrainian: a crawl of /uk/ from the home page fails on any
interface string left in English.

The English of an interface string is its msgid in the catalogue: no msgid phrase may show on a
/uk/ page, and neither may a few words every page uses. Text inside an element marked with
another language (an English-only record text, a quote in its original language) is the record's
own, and so are the titles and publishers of sources, which keep their own language, and the
speakers' roles as curated; they are left out of the check.
"""

import pathlib
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tiers.models import Source, Statement

pytestmark = pytest.mark.django_db

CATALOGUE = pathlib.Path(settings.BASE_DIR) / "locale/uk/LC_MESSAGES/django.po"
# Words of the interface that a page in Ukrainian must never show.
ENGLISH_WORDS = ["Tier", "Commitments", "Statements", "Sources", "Actors", "Timeline", "Search"]
ENGLISH_WORDS += ["English only", "accessed", "Translation", "Progress", "Permalink", "Cite this"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|<[^>]+>")
SKIPPED_PATHS = ("/uk/feeds/", "/uk/downloads/", "/uk/changes/")  # not pages, or tested apart
MAX_PAGES = 60
VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr", "area", "col", "base"}


def english_phrases() -> list[str]:
    """The fragments of each msgid between its placeholders that are phrases (two words or more)."""
    text = CATALOGUE.read_text(encoding="utf-8")
    phrases = set()
    for entry in text.split("\n\n")[1:]:
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
        for fragment in PLACEHOLDER.split(msgid):
            fragment = fragment.strip(" .,:;–-()“”")
            if len(fragment.split()) >= 2 and len(fragment) >= 10:
                phrases.add(fragment)
    return sorted(phrases)


class UkrainianText(HTMLParser):
    """The page's text outside scripts and outside elements in another language, and its links."""

    def __init__(self):
        super().__init__()
        self.stack, self.parts, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            return
        other = tag in {"script", "style"} or attrs.get("lang", "uk") != "uk"
        self.stack.append(other or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.parts).split())


def own_texts() -> list[str]:
    """Record texts that keep their own language on every page."""
    texts = set()
    for source in Source.objects.all():
        texts |= {source.title, source.publisher, str(source)}
    texts |= set(Statement.objects.values_list("speaker_role", flat=True))
    return sorted((t for t in texts if t), key=len, reverse=True)


def crawl(client):
    seen, queue, pages = set(), ["/uk/"], {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            continue  # a file the page offers (results as CSV), not a page
        parser = UkrainianText()
        parser.feed(response.content.decode())
        pages[path] = parser.text
        for href in parser.links:
            parts = urlsplit(href)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/uk/"):
                continue
            if parts.path.startswith(SKIPPED_PATHS) or "page=" in parts.query:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_no_ukrainian_page_shows_english_interface_text(client, seed):
    phrases, own = english_phrases(), own_texts()
    pages = crawl(client)
    assert len(pages) >= 20, sorted(pages)  # tiers, commitments, statements, actors, sources…
    found = {}
    for path, text in pages.items():
        for record_text in own:
            text = text.replace(record_text, " ")
        english = [p for p in phrases if p in text]
        english += [w for w in ENGLISH_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
        if english:
            found[path] = english
    assert not found, found
