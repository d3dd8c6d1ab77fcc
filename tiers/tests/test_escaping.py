"""No text an analyst or an import file supplies is ever rendered unescaped.

Every free-text field of every record type holds a script and an attribute-injection payload;
every public page, feed, API response and admin page that shows the records must render them as
text: no element, attribute or script comes from the data, and JSON and XML stay well-formed.
"""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import reverse

from tiers.models import (
    Actor,
    Commitment,
    Figure,
    Membership,
    Source,
    Statement,
    StatusChange,
    Tier,
)
from tiers.open_data import feeds
from tiers.open_data.api.resources import RESOURCES

from .factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

# Closes an attribute with either quote, opens a tag, runs a script, adds an event handler.
PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
URL_PAYLOAD = "https://example.org/?q=\"'><script>alert(3)</script>"
# Fields whose values are codes checked by validators and constraints, not free text.
CODES = {"iso_code", "wikidata_id", "currency", "language"}
RECORD_TYPES = [Tier, Actor, Membership, Source, Commitment, StatusChange, Figure, Statement]


def text_fields(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.SlugField) or field.choices or field.name in CODES:
            continue
        if isinstance(field, models.CharField | models.TextField):
            yield field


def poisoned(model, **overrides):
    """Every free-text field of the record's type, filled with a payload (and its name)."""
    values = {}
    for field in text_fields(model):
        payload = URL_PAYLOAD if isinstance(field, models.URLField) else PAYLOAD
        values[field.name] = f"{field.name}{payload}"[: field.max_length]
    return values | overrides


@pytest.fixture
def records(db):
    tier = TierFactory(**poisoned(Tier))
    source = SourceFactory(**poisoned(Source))
    lead = ActorFactory(**poisoned(Actor, kind=Actor.Kind.STATE))
    person = ActorFactory(**poisoned(Actor, kind=Actor.Kind.PERSON))
    MembershipFactory(member=person, organisation=lead, source=source, **poisoned(Membership))
    commitment = CommitmentFactory(
        tier=tier,
        lead_actor=lead,
        sources=[source],
        **poisoned(Commitment, condition=Commitment.Condition.OTHER),
    )
    statement = StatementFactory(
        speaker=person,
        sources=[source],
        tiers=[tier],
        commitments=[commitment],
        **poisoned(Statement, language="uk"),
    )
    StatusChangeFactory(
        commitment=commitment, source=source, statement=statement, **poisoned(StatusChange)
    )
    FigureFactory(commitment=commitment, source=source, **poisoned(Figure, unit=""))
    FigureFactory(
        commitment=commitment, source=source, kind="quantity", currency="", **poisoned(Figure)
    )
    return {
        "tier": tier,
        "source": source,
        "actor": lead,
        "person": person,
        "commitment": commitment,
        "statement": statement,
    }


class DocumentChecker(HTMLParser):
    """Collects what an injection would have created: elements, attributes and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        handlers = [name for name in attrs if name.startswith("on")]
        if handlers:
            self.problems.append(f"<{tag}> with event handler {handlers}")
        if tag == "img" and attrs.get("src") == "x":
            self.problems.append("an <img> from the data")
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}> with a javascript: address")
        if tag == "script":
            self._script = attrs
            self._script_text = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script_text += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attrs, text = self._script, self._script_text
            self._script = None
            if attrs.get("src"):
                if text.strip():
                    self.problems.append("a script with both src and text")
            elif attrs.get("type") in {"application/ld+json", "application/json"}:
                try:
                    json.loads(text)
                except ValueError:
                    self.problems.append(f"a data block that is not JSON: {text[:80]!r}")
            else:
                self.problems.append(f"an inline script: {text[:80]!r}")


def assert_escaped_html(response, url):
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    checker = DocumentChecker()
    checker.feed(html)
    checker.close()
    assert checker.problems == [], url
    # The payload is shown, as text: the data reached the page and was escaped, not dropped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or url.endswith("/about/"), url


def public_pages(records):
    urls = [
        reverse("tiers:home"),
        reverse("tiers:actor_list"),
        reverse("tiers:commitment_list"),
        reverse("tiers:statement_list"),
        reverse("tiers:timeline"),
        reverse("tiers:changes"),
        reverse("tiers:tier_detail", kwargs={"slug": records["tier"].slug}),
        reverse("tiers:actor_detail", kwargs={"slug": records["actor"].slug}),
        reverse("tiers:actor_detail", kwargs={"slug": records["person"].slug}),
        reverse("tiers:commitment_detail", kwargs={"slug": records["commitment"].slug}),
        reverse("tiers:statement_detail", kwargs={"slug": records["statement"].slug}),
        reverse("tiers:source_detail", kwargs={"key": records["source"].key}),
    ]
    # Searching with the payload echoes it into the page and the search form.
    urls.append(reverse("tiers:statement_list") + "?q=" + PAYLOAD)
    urls.append(reverse("tiers:commitment_list") + "?q=" + PAYLOAD)
    return urls


def test_public_pages_render_every_text_field_escaped(client, records):
    for url in public_pages(records):
        assert_escaped_html(client.get(url), url)


def feed_urls(records):
    urls = [reverse("tiers:changes_feed")]
    for name in feeds.FEEDS:
        urls.append(reverse(f"open_data:feed_{name}"))
        urls.append(reverse(f"open_data:tier_feed_{name}", kwargs={"slug": records["tier"].slug}))
        urls.append(reverse(f"open_data:actor_feed_{name}", kwargs={"slug": records["actor"].slug}))
    return urls


def test_feeds_are_well_formed_and_carry_the_payload_as_text(client, records):
    for url in feed_urls(records):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)  # noqa: S314 (our own feed); raises if broken
        elements = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
        assert not elements & {"script", "img"}, url
        assert "alert(1)" in "".join(root.itertext()), url
        # Where a feed carries HTML (Atom type="html", RSS descriptions), that HTML is escaped too.
        for element in root.iter():
            if element.text and (
                element.get("type") in {"html", "xhtml"} or element.tag == "description"
            ):
                checker = DocumentChecker()
                checker.feed(element.text)
                checker.close()
                assert checker.problems == [], (url, element.tag)


def test_the_api_returns_the_payload_as_json_strings(client, records):
    for resource in RESOURCES:
        url = reverse(f"api:{resource.name}-list")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        data = json.loads(response.content)
        assert data["results"], url
        # The text comes back exactly as stored: escaped by JSON, not mangled.
        assert PAYLOAD in response.content.decode() or URL_PAYLOAD in response.content.decode()


ADMIN_MODELS = [
    (Tier, "tier"),
    (Actor, "actor"),
    (Source, "source"),
    (Commitment, "commitment"),
    (StatusChange, "statuschange"),
    (Statement, "statement"),
]


def test_the_admin_renders_every_text_field_escaped(staff_client, records):
    for model, name in ADMIN_MODELS:
        changelist = reverse(f"admin:tiers_{name}_changelist")
        assert_admin_escaped(staff_client.get(changelist), changelist)
        record = model.objects.first()
        change = reverse(f"admin:tiers_{name}_change", args=[record.pk])
        assert_admin_escaped(staff_client.get(change), change)
        history = reverse(f"admin:tiers_{name}_history", args=[record.pk])
        assert_admin_escaped(staff_client.get(history), history)


def assert_admin_escaped(response, url):
    assert response.status_code == 200, (url, response.status_code)
    checker = DocumentChecker()
    checker.feed(response.content.decode())
    checker.close()
    assert checker.problems == [], url
