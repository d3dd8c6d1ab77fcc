"""Compare two to four actors side by side, from the same answers as who is in what."""

import re

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


def test_the_actors_are_typed_with_suggestions_not_picked_from_a_menu(client, records):
    html = client.get("/en/compare/", {"actor": ["united-kingdom", "italy"]}).content.decode()
    form = html.split('aria-label="Choose actors to compare"')[1].split("</form>")[0]
    assert "<option" not in form and "<select" not in form  # no menu of every actor
    fields = re.findall(r'<input name="actor" value="([^"]*)"[^>]*data-suggest="([^"]+)"', form)
    assert (
        fields
        == [("united-kingdom", "/api/v1/actors/"), ("italy", "/api/v1/actors/")]
        + [("", "/api/v1/actors/")] * 2
    )
    assert '<label for="id_actor">' in form and 'aria-label="Actor 4 to compare"' in form
    # Fields left empty choose nobody.
    response = client.get("/en/compare/", {"actor": ["united-kingdom", "", "italy", ""]})
    assert [str(a.name) for a in response.context["actors"]] == ["United Kingdom", "Italy"]
