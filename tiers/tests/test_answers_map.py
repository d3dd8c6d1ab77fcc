"""The map: states coloured by one answer, each a link with a text alternative, the table below."""

import re

import pytest

from tiers.maps import shapes
from tiers.tests.answers_records import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build()


def links(html):
    return dict(re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"><title>', html))


def test_the_shipped_boundaries_have_the_tracker_states():
    data = shapes()
    assert {"GB", "FR", "IT", "NL", "UA", "US", "JP", "AU", "CA"} <= set(data["countries"])
    assert "Natural Earth" in data["origin"] and "public domain" in data["licence"]


def test_it_colours_the_states_that_signed_an_agreement(client, records):
    html = client.get("/en/who-is-in-what/map/").content.decode()
    found = links(html)
    assert found["/en/commitments/united-kingdom-agreement/"] == (
        "United Kingdom: Signed a bilateral agreement with Ukraine"
    )
    assert "Italy" not in " ".join(found.values())
    assert 'class="map-country map-yes"' in html
    assert 'id="actor-italy"' in html  # the table, the map's accessible alternative


def test_it_shows_who_will_not_send_troops(client, records):
    html = client.get("/en/who-is-in-what/map/", {"show": "troops"}).content.decode()
    found = links(html)
    assert found["/en/commitments/italy-no-troops/"] == "Italy: Will not send troops"
    assert found["/en/commitments/uk-troops/"] == "United Kingdom: Will send troops"
    assert 'class="map-country map-no"' in html


def test_a_wrong_choice_is_named(client, records):
    html = client.get("/en/who-is-in-what/map/", {"show": "colour"}).content.decode()
    assert "Select a valid choice" in html
