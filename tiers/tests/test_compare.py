"""Compare two to four actors side by side, from the same answers as who is in what."""

import pytest

from tiers.tests.answers_records import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build()


def test_two_actors_side_by_side(client, records):
    response = client.get("/en/compare/", {"actor": ["united-kingdom", "italy"]})
    html = response.content.decode()
    assert [str(a.name) for a in response.context["actors"]] == ["United Kingdom", "Italy"]
    facts = dict(response.context["facts"])
    assert [[t for t, _u in cell] for cell in facts["Troops to Ukraine"]] == [
        ["Will send troops"],
        ["Will not send troops"],
    ]
    assert "/en/commitments/united-kingdom-agreement/" in html
    assert "The United Kingdom will stand firm." in html  # its latest statement


def test_it_takes_two_to_four_and_says_so(client, records):
    response = client.get("/en/compare/", {"actor": ["italy"]})
    assert response.status_code == 200
    assert "Choose between two and 4 actors to compare; you chose 1." in response.content.decode()
    assert response.context["actors"] == []
    response = client.get("/en/compare/", {"actor": ["italy", "no-such-actor"]})
    assert "no-such-actor" in response.content.decode()
