"""Sharing and embedding: the cards other sites may frame, the preview images of record pages,
their Open Graph and Twitter tags, and the schema.org descriptions (docs/embedding.md)."""

import datetime
import io
import json
import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from tiers import sharing
from tiers.models import Actor, Commitment, Source, Statement, Tier, Visibility
from tiers.open_data import downloads

from .factories import (
    ActorFactory,
    CommitmentFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    TierFactory,
)
from .sized_records import sized_world

PUBLISHED = Visibility.PUBLISHED


class Head(HTMLParser):
    """The meta tags, JSON-LD blocks and links of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self.hrefs = {}, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (name := attrs.get("property") or attrs.get("name")):
            self.meta[name] = attrs.get("content")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def head(response) -> Head:
    assert response.status_code == 200
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.fixture
def records(db):
    tier = TierFactory(name="Reassurance force", summary="Troops away from the front line.")
    lead = ActorFactory(name="France", kind=Actor.Kind.STATE, iso_code="FR", wikidata_id="Q142")
    source = SourceFactory(title="Paris declaration", kind=Source.Kind.NEWS)
    commitment = CommitmentFactory(
        tier=tier, title="Air policing over western Ukraine", lead_actor=lead, sources=[source]
    )
    speaker = ActorFactory(name="A Minister", kind=Actor.Kind.PERSON)
    statement = StatementFactory(
        speaker=speaker, place="Paris", sources=[source], commitments=[commitment], tiers=[tier]
    )
    return {
        "tier": tier,
        "actor": lead,
        "source": source,
        "commitment": commitment,
        "statement": statement,
    }


def embed_urls(records):
    return [
        f"/en/embed/commitments/{records['commitment'].slug}/",
        f"/en/embed/actors/{records['actor'].slug}/",
        f"/en/embed/tiers/{records['tier'].slug}/chart/",
    ]


# --- The embeddable cards --------------------------------------------------------------------


def test_embedded_cards_may_be_framed_by_any_site(client, records):
    for url in embed_urls(records):
        for _ in range(2):  # rendered, then from the page cache: the same headers
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Frame-Options" not in response
            policy = response["Content-Security-Policy"]
            assert "frame-ancestors *" in policy
            assert "script-src 'self'" in policy  # the rest of the site's policy holds
            assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_only_the_embedded_cards_may_be_framed(client, records):
    response = client.get(records["commitment"].get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embedded_cards_set_no_cookie_and_vary_only_as_pages_do(client, records):
    for url in embed_urls(records):
        response = client.get(url)
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "cookie" not in response.get("Vary", "").lower()


def test_a_signed_in_editor_gets_the_same_card_without_cookies_or_admin_links(
    client, records, editor
):
    anonymous = [Client().get(url).content for url in embed_urls(records)]
    client.force_login(editor)
    for url, seen_by_stranger in zip(embed_urls(records), anonymous, strict=True):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        text = response.content.decode()
        assert f"/{settings.ADMIN_PATH}" not in text
        assert response.content == seen_by_stranger


def test_embedded_cards_link_back_to_the_full_record_outside_the_frame(client, records):
    commitment = records["commitment"]
    text = client.get(f"/en/embed/commitments/{commitment.slug}/").content.decode()
    assert f'href="{commitment.get_absolute_url()}" target="_blank" rel="noopener"' in text
    assert "Air policing over western Ukraine" in text
    assert "France" in text
    assert 'class="site-header"' not in text  # no header or navigation


def test_embedded_cards_are_in_both_languages(client, records):
    commitment = records["commitment"]
    Commitment.objects.filter(pk=commitment.pk).update(title_uk="Патрулювання неба")
    text = client.get(f"/uk/embed/commitments/{commitment.slug}/").content.decode()
    assert 'lang="uk"' in text and "Патрулювання неба" in text
    assert "Повний запис" in text  # the card's own words are translated


def test_the_tier_chart_card_draws_the_tier_counts(client, records):
    text = client.get(f"/en/embed/tiers/{records['tier'].slug}/chart/").content.decode()
    assert "<svg" in text and "1 commitment" in text


def test_drafts_have_no_card_and_no_image(client, records):
    draft = CommitmentFactory(visibility=Visibility.DRAFT)
    hidden_actor = ActorFactory(visibility=Visibility.DRAFT)
    hidden_tier = TierFactory(visibility=Visibility.DRAFT)
    for url in [
        f"/en/embed/commitments/{draft.slug}/",
        f"/en/embed/actors/{hidden_actor.slug}/",
        f"/en/embed/tiers/{hidden_tier.slug}/chart/",
        f"{draft.get_absolute_url()}card.png",
        f"{hidden_actor.get_absolute_url()}card.png",
    ]:
        assert client.get(url).status_code == 404, url


def test_record_pages_offer_share_links_and_the_embed_code(client, records):
    commitment = records["commitment"]
    response = client.get(commitment.get_absolute_url())
    page = head(response)
    shared = [href for href in page.hrefs if "commitments%2F" in href or "commitments/" in href]
    assert any(href.startswith("mailto:?subject=") for href in shared)
    assert any(href.startswith("https://twitter.com/intent/tweet?") for href in shared)
    assert any(href.startswith("https://t.me/share/url?") for href in shared)
    text = response.content.decode()
    embed = f"http://testserver/en/embed/commitments/{commitment.slug}/"
    assert f"&lt;iframe src=&quot;{embed}&quot;" in text  # as text in the textarea
    assert "<iframe" not in text
    # A statement has no card to embed, but may be shared.
    text = client.get(records["statement"].get_absolute_url()).content.decode()
    assert "https://www.linkedin.com/sharing/" in text and "embed-code" not in text


def test_the_embed_code_escapes_the_title_twice(client, db):
    commitment = CommitmentFactory(title='Evil </textarea><script>alert("x")</script>')
    text = client.get(commitment.get_absolute_url()).content.decode()
    assert "<script>alert" not in text
    # In the textarea, the code as the reader copies it: its title attribute escaped once more.
    assert "title=&quot;Evil &amp;lt;/textarea&amp;gt;&amp;lt;script&amp;gt;" in text


# --- Preview images --------------------------------------------------------------------------


def test_every_record_page_has_its_preview_image_and_twitter_card(client, records):
    for name, record in records.items():
        page = head(client.get(record.get_absolute_url()))
        image = page.meta["og:image"]
        assert image == f"http://testserver{record.get_absolute_url()}card.png", name
        assert page.meta["og:image:width"] == str(sharing.IMAGE_WIDTH)
        assert page.meta["og:image:height"] == str(sharing.IMAGE_HEIGHT)
        assert page.meta["og:image:alt"] == page.meta["og:title"]
        assert page.meta["twitter:card"] == "summary_large_image"
        assert page.meta["twitter:image"] == image
        assert page.meta["twitter:title"] == page.meta["og:title"]
        assert page.meta["twitter:description"] == page.meta["og:description"]
        card = png(client.get(image.removeprefix("http://testserver")))
        assert card.format == "PNG" and card.size == (1200, 630), name


def test_pages_without_a_record_have_a_plain_twitter_card(client, db):
    page = head(client.get("/en/about/"))
    assert page.meta["twitter:card"] == "summary"
    assert "og:image" not in page.meta


def test_the_image_changes_when_the_record_does(client, records):
    commitment = records["commitment"]
    url = f"{commitment.get_absolute_url()}card.png"
    before = client.get(url)
    commitment.title = "Maritime demining in the Black Sea"
    commitment.save()
    after = client.get(url)
    assert png(after).size == (1200, 630)
    assert after.content != before.content
    assert after["ETag"] != before["ETag"]


def test_the_image_changes_when_its_tier_is_renamed(client, records):
    url = f"{records['commitment'].get_absolute_url()}card.png"
    before = client.get(url).content
    tier = records["tier"]
    tier.name = "Deterrence"
    tier.save()
    assert client.get(url).content != before


def test_an_image_is_drawn_once_and_then_served_from_the_cache(client, records, editor):
    # Signed in, past the page cache: the cards' own cache answers.
    client.force_login(editor)
    url = f"{records['actor'].get_absolute_url()}card.png"
    with mock.patch("tiers.share_cards.draw_png", return_value=b"png") as draw:
        client.get(url)
        client.get(url)
        client.get(url.replace("/en/", "/uk/"))
    assert draw.call_count == 2  # once per language


def test_the_image_may_be_kept_by_browsers_and_revalidated(client, records):
    url = f"{records['source'].get_absolute_url()}card.png"
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_image_is_in_the_page_language(client, records):
    tier = records["tier"]
    Tier.objects.filter(pk=tier.pk).update(name_uk="Сили заспокоєння")
    english = client.get(f"{tier.get_absolute_url()}card.png").content
    ukrainian = client.get(f"/uk/tiers/{tier.slug}/card.png").content
    assert png(client.get(f"/uk/tiers/{tier.slug}/card.png")).size == (1200, 630)
    assert english != ukrainian


def test_a_missing_font_still_draws_a_card(client, records, settings):
    from tiers import share_cards

    share_cards.font.cache_clear()
    settings.SHARE_IMAGE_FONT = settings.SHARE_IMAGE_BOLD_FONT = "/no/such/font.ttf"
    try:
        card = png(client.get(f"{records['tier'].get_absolute_url()}card.png"))
    finally:
        share_cards.font.cache_clear()
    assert card.size == (1200, 630)


# --- JSON-LD ---------------------------------------------------------------------------------


def json_ld(client, url) -> dict:
    (data,) = head(client.get(url)).json_ld
    assert data["@context"] == "https://schema.org"
    return data


def test_a_statement_is_a_quotation_spoken_by_its_speaker_at_a_place(client, records):
    statement = records["statement"]
    data = json_ld(client, statement.get_absolute_url())
    assert data["@type"] == "Quotation"
    assert data["spokenByCharacter"] == {
        "@type": "Person",
        "name": "A Minister",
        "url": f"http://testserver{statement.speaker.get_absolute_url()}",
    }
    assert data["locationCreated"] == {"@type": "Place", "name": "Paris"}
    assert data["dateCreated"] == "2025-08-18"
    assert data["citation"][0]["name"] == "Paris declaration"
    assert {item["name"] for item in data["about"]} == {
        "Air policing over western Ukraine",
        "Reassurance force",
    }


def test_a_statement_without_a_place_has_none(client, db):
    statement = StatementFactory(place="")
    assert "locationCreated" not in json_ld(client, statement.get_absolute_url())


def test_a_commitment_is_a_creative_work_by_its_actors(client, records):
    commitment = records["commitment"]
    data = json_ld(client, commitment.get_absolute_url())
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Air policing over western Ukraine"
    assert data["author"] == [
        {
            "@type": "Country",
            "name": "France",
            "url": f"http://testserver{records['actor'].get_absolute_url()}",
            "sameAs": "https://www.wikidata.org/wiki/Q142",
        }
    ]
    assert data["about"]["@type"] == "DefinedTerm" and data["about"]["name"] == "Reassurance force"
    assert data["dateCreated"] == "2025-09-04"
    assert data["citation"] == [
        {"@type": "CreativeWork", "name": "Paris declaration", "url": records["source"].url}
    ]


@pytest.mark.parametrize(
    "kind, schema_type",
    [
        (Actor.Kind.STATE, "Country"),
        (Actor.Kind.PERSON, "Person"),
        (Actor.Kind.BODY, "GovernmentOrganization"),
        (Actor.Kind.ORGANISATION, "Organization"),
        (Actor.Kind.COALITION, "Organization"),
    ],
)
def test_an_actor_is_typed_by_its_kind(client, db, kind, schema_type):
    actor = ActorFactory(kind=kind, short_name="AB", description="Described.")
    data = json_ld(client, actor.get_absolute_url())
    assert data["@type"] == schema_type
    assert data["alternateName"] == "AB" and data["description"] == "Described."


def test_a_state_is_a_member_of_its_coalitions(client, db):
    membership = MembershipFactory()
    data = json_ld(client, membership.member.get_absolute_url())
    assert data["@type"] == "Country"
    assert data["memberOf"][0]["name"] == membership.organisation.name


def test_a_source_is_typed_by_its_kind_and_never_links_an_unsafe_address(client, db):
    news = SourceFactory(kind=Source.Kind.NEWS, published_on=datetime.date(2025, 8, 18))
    data = json_ld(client, news.get_absolute_url())
    assert data["@type"] == "NewsArticle"
    assert data["url"] == news.url and data["datePublished"] == "2025-08-18"
    unsafe = SourceFactory(kind=Source.Kind.ANALYSIS)
    Source.objects.filter(pk=unsafe.pk).update(url="javascript:alert(1)")
    data = json_ld(client, unsafe.get_absolute_url())
    assert data["@type"] == "Report" and "url" not in data


def test_a_tier_is_a_defined_term(client, records):
    data = json_ld(client, records["tier"].get_absolute_url())
    assert data["@type"] == "DefinedTerm"
    assert data["termCode"] == str(records["tier"].number)
    assert data["additionalProperty"]["value"] == 1


def test_the_downloads_are_a_dataset_of_the_files_the_page_offers(client, db):
    response = client.get("/en/downloads/")
    page = head(response)
    (data,) = page.json_ld
    assert data["@type"] == "Dataset"
    assert data["license"] == downloads.LICENCE_URL
    distribution = data["distribution"]
    assert [item["name"] for item in distribution] == downloads.FILE_NAMES
    offered = {href for href in page.hrefs if href.startswith("/downloads/")}
    assert {item["contentUrl"].removeprefix("http://testserver") for item in distribution} == (
        offered
    )
    for item in distribution:
        assert item["@type"] == "DataDownload" and item["license"] == downloads.LICENCE_URL
        assert item["encodingFormat"] == downloads.content_type(item["name"]).split(";")[0]


def test_json_ld_is_a_data_block_the_policy_needs_no_exception_for(client, records):
    response = client.get(records["statement"].get_absolute_url())
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts == [' type="application/ld+json"']
    assert "nonce" not in response["Content-Security-Policy"]


# --- Queries: the same with few records or many ----------------------------------------------

SIZES = [10, 10_000]


def build(size):
    tier = Tier.objects.create(number=1, name="One", slug="one", summary="1.", visibility=PUBLISHED)
    actor = Actor.objects.create(name="Lead", slug="lead", kind="state", visibility=PUBLISHED)
    source = Source.objects.create(key="src", title="Source", kind="news", visibility=PUBLISHED)
    day = datetime.date(2025, 1, 1)
    commitments = Commitment.objects.bulk_create(
        Commitment(
            tier=tier,
            title=f"Commitment {n}",
            slug=f"commitment-{n}",
            category="troops",
            announced_on=day + datetime.timedelta(days=n % 700),
            announced_precision="day",
            lead_actor=actor,
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    Commitment.actors.through.objects.bulk_create(
        Commitment.actors.through(commitment=c, actor=actor) for c in commitments
    )
    statements = Statement.objects.bulk_create(
        Statement(
            speaker=actor,
            slug=f"statement-{n}",
            said_on=day,
            said_precision="day",
            quote=f"We will help, number {n}.",
            visibility=PUBLISHED,
        )
        for n in range(size)
    )
    through = Statement.sources.through
    through.objects.bulk_create(through(statement=s, source=source) for s in statements)
    return {"tier": tier, "actor": actor, "source": source, "commitment": commitments[0]}


world_data, world = sized_world(build, SIZES, "commitments")


@pytest.mark.parametrize(
    "url, expected",
    [
        # the commitment with its tier and lead actor
        ("/en/embed/commitments/commitment-0/", 1),
        # the actor; how many commitments involve it, counted no further than the limit
        ("/en/embed/actors/lead/", 2),
        # the tier; the counts by progress (kept between writes)
        ("/en/embed/tiers/one/chart/", 2),
        # the commitment with its tier and lead actor
        ("/en/commitments/commitment-0/card.png", 1),
        # the actor
        ("/en/actors/lead/card.png", 1),
        # the statement with its speaker; its translations
        ("/en/statements/statement-0/card.png", 2),
        # the source
        ("/en/sources/src/card.png", 1),
        # the tier; the counts by progress (kept between writes)
        ("/en/tiers/one/card.png", 2),
    ],
)
def test_queries_do_not_grow_with_the_records(
    client, world, url, expected, django_assert_num_queries
):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
