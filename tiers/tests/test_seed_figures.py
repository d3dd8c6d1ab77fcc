"""With the real seed, figures that disagree are shown side by side, each with its own source, on
the commitment's page, in the API and in the downloads."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db

GERMANY = "germany-agreement-on-security-cooperation"
# facts.md S9: €7.1bn (Zhovkva, European Pravda) against €7bn (Zelenskyy, UPI).
SIDES = {
    "germany-2024-zhovkva": "pravda-2024-02-16-germany-zhovkva",
    "germany-2024-zelenskyy": "upi-2024-02-16-germany-agreement",
}


def test_the_commitment_page_shows_each_figure_with_its_source(client, seed):
    page = client.get(f"/en/commitments/{GERMANY}/").content.decode()
    assert "the sources disagree" in page
    for source in SIDES.values():
        assert f"/en/sources/{source}/" in page


def test_the_api_gives_each_figure_its_source(client, seed):
    figures = client.get(f"/api/v1/commitments/{GERMANY}/").json()["figures"]
    by_key = {figure["key"]: figure["source"] for figure in figures}
    assert {key: by_key[key] for key in SIDES} == SIDES


def test_the_figures_download_gives_each_figure_its_source(client, seed):
    response = client.get("/downloads/figures.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text))}
    assert {key: rows[key]["source"] for key in SIDES} == SIDES


@pytest.mark.parametrize(
    "path",
    [
        "/en/tiers/strengthening-armed-forces/",
        "/en/tiers/coalition-of-the-willing/",
        "/en/tiers/united-states-participation/",
        "/en/actors/germany/",
        "/uk/tiers/strengthening-armed-forces/",
    ],
)
def test_pages_add_up_figures_with_and_without_periods(client, seed, path):
    """The seed mixes figures for a year, to a year ("by 2028") and with no period at all."""
    assert client.get(path).status_code == 200
