"""“Cite this”: plain text and BibTeX on every record page, and the same fields in the API."""

import datetime
import html

import pytest
from django.utils import translation

from tiers.models import Actor
from tiers.open_data.citations import bibtex_escape, cite
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    SourceFactory,
    StatementFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

BASE = "https://tracker.example"
ACCESSED = datetime.date(2026, 2, 3)


def test_a_citation_gives_permalink_title_and_date_accessed():
    commitment = CommitmentFactory(title="Reassurance force", slug="reassurance-force")
    citation = cite(commitment, BASE, ACCESSED)
    assert citation.permalink == "https://tracker.example/en/commitments/reassurance-force/"
    assert citation.title == "Reassurance force"
    assert citation.text == (
        "Ukraine Security Guarantees Tracker. “Reassurance force”. "
        "https://tracker.example/en/commitments/reassurance-force/ (accessed 3 February 2026)."
    )
    assert citation.bibtex.splitlines() == [
        "@misc{ukraine-guarantees-commitment-reassurance-force,",
        "  author = {{Ukraine Security Guarantees Tracker}},",
        "  title = {{Reassurance force}},",
        f"  year = {{{commitment.updated_at.year}}},",
        "  url = {https://tracker.example/en/commitments/reassurance-force/},",
        "  urldate = {2026-02-03},",
        "  note = {Accessed 2026-02-03}",
        "}",
    ]


def test_the_permalink_is_in_the_readers_language():
    tier = TierFactory(number=2, name="Coalition", name_uk="Коаліція", slug="coalition")
    with translation.override("uk"):
        citation = cite(tier, BASE, datetime.date(2026, 12, 1))
    assert citation.permalink == "https://tracker.example/uk/tiers/coalition/"
    assert citation.title == "Рівень 2: Коаліція"
    # The date in the genitive, as Ukrainian writes it.
    assert "1 грудня 2026" in citation.text


def test_bibtex_special_characters_are_escaped():
    assert bibtex_escape("R&D {50%} $5 #1 a_b ~ ^ \\") == (
        r"R\&D \{50\%\} \$5 \#1 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    source = SourceFactory(title="Costs & benefits: 100% {sure}", key="costs")
    assert "title = {{Costs \\& benefits: 100\\% \\{sure\\}}}" in cite(source, BASE).bibtex


def test_a_statement_is_cited_by_speaker_date_and_words():
    speaker = ActorFactory(name="Mark Rutte", kind=Actor.Kind.PERSON)
    statement = StatementFactory(
        speaker=speaker, quote="Guarantees matter.", said_on=datetime.date(2026, 2, 3)
    )
    assert cite(statement, BASE).title == "Mark Rutte, 2026-02-03: ‘Guarantees matter.’"


API_ADDRESSES = {
    "tier": ("tiers", "slug"),
    "actor": ("actors", "slug"),
    "commitment": ("commitments", "slug"),
    "statement": ("statements", "slug"),
    "source": ("sources", "key"),
}


@pytest.mark.parametrize("kind", API_ADDRESSES)
def test_every_record_page_offers_cite_this(client, kind):
    commitment = CommitmentFactory()
    records = {
        "tier": commitment.tier,
        "actor": commitment.lead_actor,
        "commitment": commitment,
        "statement": StatementFactory(),
        "source": commitment.sources.get(),
    }
    record = records[kind]
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    expected = cite(record, "http://testserver")
    assert "Cite this" in page
    assert expected.text in page
    assert expected.bibtex in page
    # The API gives the same citation.
    name, key = API_ADDRESSES[kind]
    api = f"/api/v1/{name}/{getattr(record, key)}/"
    assert client.get(api).json()["citation"] == expected.as_dict()


def test_the_ukrainian_page_cites_the_ukrainian_page(client):
    commitment = CommitmentFactory(slug="air-policing")
    page = client.get("/uk/commitments/air-policing/").content.decode()
    assert "http://testserver/uk/commitments/air-policing/" in page
    assert commitment.title in html.unescape(page)
