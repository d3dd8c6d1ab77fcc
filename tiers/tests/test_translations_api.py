"""The API answers in the language asked for (?lang= or Accept-Language) and says which."""

import json

import pytest

from tiers.open_data.api.document import document_body
from tiers.tests.factories import StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tier(db):
    return TierFactory(
        number=2, slug="coalition", name="Coalition", name_uk="Коаліція", summary="S"
    )


def test_lang_asks_for_ukrainian(client, tier):
    body = client.get("/api/v1/tiers/coalition/", {"lang": "uk"}).json()
    assert body["name"] == "Коаліція" and body["summary"] == "S"
    assert body["text_languages"] == {"name": "uk", "summary": "en", "description": "en"}
    assert body["page_url"] == "http://testserver/uk/tiers/coalition/"
    assert body["citation"]["permalink"] == "http://testserver/uk/tiers/coalition/"


def test_accept_language_asks_when_lang_is_not_given(client, tier):
    response = client.get("/api/v1/tiers/", HTTP_ACCEPT_LANGUAGE="uk")
    assert response.json()["results"][0]["name"] == "Коаліція"
    assert response["Content-Language"] == "uk"
    english = client.get("/api/v1/tiers/", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="uk")
    assert english.json()["results"][0]["name"] == "Coalition"
    assert english["Content-Language"] == "en"
    assert client.get("/api/v1/tiers/")["Content-Language"] == "en"


def test_an_unknown_language_is_a_400_naming_the_parameter(client, tier):
    response = client.get("/api/v1/tiers/coalition/", {"lang": "fr"})
    assert response.status_code == 400
    assert "give one of: en, uk" in response.json()["errors"]["lang"][0]


def test_a_statement_carries_its_original_and_its_translations(client):
    StatementFactory(slug="said", quote="We will help.", translations={"uk": "Ми допоможемо."})
    body = client.get("/api/v1/statements/said/", {"lang": "uk"}).json()
    assert (body["quote"], body["language"]) == ("We will help.", "en")
    assert body["translations"] == [
        {"language": "uk", "text": "Ми допоможемо.", "printed_by": None, "by_project": True}
    ]


def test_the_openapi_document_describes_lang():
    document = json.loads(document_body())
    operation = document["paths"]["/tiers/"]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "lang"]
    assert parameter["schema"]["enum"] == ["en", "uk"]
    assert "text_languages" in document["components"]["schemas"]["Tier"]["properties"]
