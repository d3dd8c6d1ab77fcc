"""Every field of every record type, as the API documents it, in order and with its exact value.

Lists and details read related records as plain values (tiers/published.py) and build addresses
from a prefix per response (tiers/open_data/api/fields.py); these tests pin what each record
prints so that any such shortcut gives exactly what the records say.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tiers.models import Actor, Commitment, Figure, Visibility
from tiers.open_data.citations import cite
from tiers.tests.factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    MembershipFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Visibility.DRAFT
BASE = "http://testserver"
CITED = ["citation"]
FIELDS = {
    "tiers": ["slug", "number", "name", "summary", "description", "text_languages", "api_url"]
    + ["page_url", "updated_at", *CITED],
    "actors": ["slug", "name", "short_name", "kind", "iso_code", "wikidata_id", "description"]
    + ["text_languages", "api_url", "page_url", "updated_at", *CITED],
    "memberships": ["id", "member", "organisation", "role", "title", "start", "end", "source"]
    + ["text_languages", "api_url", "updated_at"],
    "sources": ["key", "title", "publisher", "url", "kind", "published", "archived_url"]
    + ["accessed_on", "api_url", "page_url", "updated_at", *CITED],
    "commitments": ["slug", "title", "description", "tier", "category", "announced"]
    + ["lead_actor", "actors", "sources", "progress", "legal_form", "condition"]
    + ["condition_description", "condition_triggered", "status_changes", "figures"]
    + ["text_languages", "api_url", "page_url", "updated_at", *CITED],
    "statements": ["slug", "speaker", "on_behalf_of", "speaker_role", "said", "occasion", "place"]
    + ["quote", "language", "translated_by", "translations", "text_languages", "tiers"]
    + ["commitments", "sources", "api_url", "page_url", "updated_at", *CITED],
}
FIGURE_FIELDS = ["key", "status_change", "kind", "value", "currency", "unit", "period_start"]
FIGURE_FIELDS += ["period_end", "source", "rank", "note", "updated_at"]
FIELDS["figures"] = [*FIGURE_FIELDS, "commitment", "api_url"]
STATUS_CHANGE_FIELDS = ["id", "occurred", "progress", "legal_form", "summary", "source"]
STATUS_CHANGE_FIELDS += ["statement", "text_languages", "updated_at"]
CITATION_FIELDS = ["permalink", "title", "accessed", "text", "bibtex"]


def instant(record):
    record.refresh_from_db()
    return record.updated_at.isoformat()


def listed(client, name):
    response = client.get(f"/api/v1/{name}/", {"page_size": 100})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_every_record_type_gives_its_documented_fields_in_order(client):
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment)
    FigureFactory(commitment=commitment)
    StatementFactory(tiers=[commitment.tier], commitments=[commitment])
    MembershipFactory()
    for name, fields in FIELDS.items():
        items = listed(client, name)
        assert items, name
        key = fields[0]
        detail = client.get(f"/api/v1/{name}/{items[0][key]}/").json()
        for item in [*items, detail]:
            assert list(item) == fields, name
            if "citation" in item:
                assert list(item["citation"]) == CITATION_FIELDS
        # A list prints each record exactly as its detail does.
        assert items[0] == detail, name
    for change in listed(client, "commitments")[0]["status_changes"]:
        assert list(change) == STATUS_CHANGE_FIELDS
    for figure in listed(client, "commitments")[0]["figures"]:
        assert list(figure) == FIGURE_FIELDS


def test_a_commitment_prints_exactly_its_public_relations_and_values(client):
    tier = TierFactory(slug="coalition")
    lead = ActorFactory(slug="france", name="France", visibility=DRAFT)
    zulu, alpha = ActorFactory(name="Zulu", slug="zulu"), ActorFactory(name="Alpha", slug="alpha")
    hidden_actor = ActorFactory(name="Beta", visibility=DRAFT)
    later, earlier = SourceFactory(title="B report", key="b"), SourceFactory(title="A report")
    hidden_source = SourceFactory(title="A draft", visibility=DRAFT)
    commitment = CommitmentFactory(
        tier=tier,
        slug="air-policing",
        title="Air policing & {patrols}",
        lead_actor=lead,
        announced_on=datetime.date(2025, 1, 1),
        announced_precision="year",
        condition=Commitment.Condition.OTHER,
        condition_description="After the summit",
        sources=[later, earlier, hidden_source],
    )
    commitment.actors.set([zulu, alpha, hidden_actor])
    speaker = ActorFactory(kind=Actor.Kind.PERSON)
    evidence = StatementFactory(speaker=speaker)
    by_draft_speaker = StatementFactory(speaker=ActorFactory(visibility=DRAFT))
    second = StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 6, 1),
        occurred_precision="month",
        progress=Commitment.Progress.AGREED,
        source=hidden_source,
        statement=by_draft_speaker,
    )
    first = StatusChangeFactory(
        commitment=commitment,
        occurred_on=datetime.date(2025, 3, 4),
        progress=Commitment.Progress.ANNOUNCED,
        legal_form=Commitment.LegalForm.INTENT,
        summary="Announced at the summit",
        source=earlier,
        statement=evidence,
    )
    StatusChangeFactory(commitment=commitment, visibility=DRAFT)
    # Two sources disagree: both figures are listed, each with its own source; one from a draft
    # source shows no key, one reported by a hidden status change or itself a draft is left out.
    money = FigureFactory(
        commitment=commitment,
        key="air-policing-eur",
        value=Decimal("1234.5"),
        status_change=first,
        source=earlier,
        period_start_on=datetime.date(2025, 1, 1),
        period_start_precision="year",
        period_end_on=datetime.date(2027, 1, 1),
        period_end_precision="year",
        rank=Figure.Rank.PREFERRED,
        note="Over three years",
    )
    other = FigureFactory(
        commitment=commitment, key="air-policing-eur-b", value=Decimal("1300"), source=hidden_source
    )
    FigureFactory(commitment=commitment, visibility=DRAFT)
    hidden_change = StatusChangeFactory(commitment=commitment, visibility=DRAFT)
    FigureFactory(commitment=commitment, status_change=hidden_change)
    expected_figures = [
        {
            "key": "air-policing-eur",
            "status_change": first.id,
            "kind": "money",
            "value": "1234.5",
            "currency": "EUR",
            "unit": "",
            "period_start": "2025",
            "period_end": "2027",
            "source": earlier.key,
            "rank": "preferred",
            "note": "Over three years",
            "updated_at": instant(money),
        },
        {
            "key": "air-policing-eur-b",
            "status_change": None,
            "kind": "money",
            "value": "1300",
            "currency": "EUR",
            "unit": "",
            "period_start": None,
            "period_end": None,
            "source": None,
            "rank": "normal",
            "note": "",
            "updated_at": instant(other),
        },
    ]
    expected_changes = [
        {
            "id": first.id,
            "occurred": "2025-03-04",
            "progress": "announced",
            "legal_form": "intent",
            "summary": "Announced at the summit",
            "source": earlier.key,
            "statement": evidence.slug,
            "text_languages": {"summary": "en"},
            "updated_at": instant(first),
        },
        {
            "id": second.id,
            "occurred": "2025-06",
            "progress": "agreed",
            "legal_form": second.legal_form,
            "summary": second.summary,
            "source": None,
            "statement": None,
            "text_languages": {"summary": "en"},
            "updated_at": instant(second),
        },
    ]
    commitment.refresh_from_db()
    detail = client.get("/api/v1/commitments/air-policing/").json()
    assert detail == {
        "slug": "air-policing",
        "title": "Air policing & {patrols}",
        "description": commitment.description,
        "tier": "coalition",
        "category": commitment.category,
        "announced": "2025",
        "lead_actor": None,
        "actors": ["alpha", "zulu"],
        "sources": [earlier.key, "b"],
        "progress": "agreed",
        "legal_form": "intent",
        "condition": "other",
        "condition_description": "After the summit",
        "condition_triggered": False,
        "status_changes": expected_changes,
        "figures": expected_figures,
        "text_languages": {"title": "en", "description": "en", "condition_description": "en"},
        "api_url": f"{BASE}/api/v1/commitments/air-policing/",
        "page_url": f"{BASE}/en/commitments/air-policing/",
        "updated_at": commitment.updated_at.isoformat(),
        "citation": cite(commitment, BASE).as_dict(),
    }
    assert listed(client, "commitments") == [detail]
    figure = client.get("/api/v1/figures/air-policing-eur/").json()
    assert figure == expected_figures[0] | {
        "commitment": "air-policing",
        "api_url": f"{BASE}/api/v1/figures/air-policing-eur/",
    }
    assert [f["key"] for f in listed(client, "figures")] == [
        "air-policing-eur",
        "air-policing-eur-b",
    ]


def test_a_statement_prints_exactly_its_public_relations(client):
    spoken_for = ActorFactory(visibility=DRAFT)
    high, low = TierFactory(number=3, slug="three"), TierFactory(number=1, slug="one")
    hidden_tier = TierFactory(number=2, visibility=DRAFT)
    second = CommitmentFactory(title="B pledge", slug="b-pledge")
    first = CommitmentFactory(title="A pledge", slug="a-pledge")
    hidden = CommitmentFactory(title="A hidden pledge", visibility=DRAFT)
    source = SourceFactory(key="summit")
    statement = StatementFactory(
        slug="rutte-summit",
        on_behalf_of=spoken_for,
        said_on=datetime.date(2025, 8, 18),
        said_precision="day",
        tiers=[high, low, hidden_tier],
        commitments=[second, first, hidden],
        sources=[source, SourceFactory(visibility=DRAFT)],
    )
    detail = client.get("/api/v1/statements/rutte-summit/").json()
    assert detail["speaker"] == statement.speaker.slug
    assert detail["on_behalf_of"] is None
    assert detail["said"] == "2025-08-18"
    assert detail["tiers"] == ["one", "three"]
    assert detail["commitments"] == ["a-pledge", "b-pledge"]
    assert detail["sources"] == ["summit"]
    assert detail["page_url"] == f"{BASE}/en/statements/rutte-summit/"
    assert detail["citation"] == cite(statement, BASE).as_dict()
    assert listed(client, "statements") == [detail]
    spoken_for.visibility = Visibility.PUBLISHED
    spoken_for.save()
    assert client.get("/api/v1/statements/rutte-summit/").json()["on_behalf_of"] == (
        spoken_for.slug
    )


@pytest.mark.parametrize(
    "name,factory,key",
    [
        ("tiers", TierFactory, "slug"),
        ("actors", ActorFactory, "slug"),
        ("sources", SourceFactory, "key"),
        ("commitments", CommitmentFactory, "slug"),
        ("statements", StatementFactory, "slug"),
    ],
)
def test_each_record_of_a_page_links_its_own_page(client, name, factory, key):
    records = [factory() for _ in range(3)]
    by_key = {item[key]: item for item in listed(client, name)}
    for record in records:
        item = by_key[getattr(record, key)]
        assert item["page_url"] == BASE + record.get_absolute_url()
        assert item["citation"]["permalink"] == item["page_url"]
        assert item["citation"]["accessed"] == timezone.localdate().isoformat()
