"""Who is in what: one row per actor, answers read from the records, every cell a link, its CSV."""

import csv
import io

import pytest

from tiers.answers import who_is_in_what
from tiers.tests.answers_records import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build()


def by_name(rows):
    return {str(row.actor.name): row for row in rows}


def test_the_answers_come_from_the_records(records):
    rows = by_name(who_is_in_what())
    # Ukraine has no bilateral agreement with itself; "Nobody" has no answer and no row.
    assert "Nobody" not in rows and "Ukraine" not in rows
    assert [c.slug for c in rows["United Kingdom"].agreements] == ["united-kingdom-agreement"]
    assert rows["Italy"].troop_position == "no" and rows["United Kingdom"].troop_position == "yes"
    assert rows["France"].troop_position == ""  # its "no" is a draft
    assert rows["France"].coalition.role == "co_leader" and rows["Italy"].compact
    assert [c.slug for c in rows["Netherlands"].purl] == ["netherlands-purl"]
    kinds = [row.actor.kind for row in who_is_in_what(kind="")]
    assert kinds == sorted(kinds, key=["state", "organisation", "coalition"].index)


def test_filters_narrow_what_is_counted(records):
    rows = by_name(who_is_in_what(tier=records["one"]))
    assert rows["Italy"].troop_position == ""  # its position is in tier two
    assert by_name(who_is_in_what(kind="coalition")).keys() <= {
        "Coalition of the willing",
        "Signatories of the Ukraine Compact",
        "Contributors to PURL",
    }


def test_the_page_answers_which_countries_signed_in_2024_and_links_every_cell(client, records):
    html = client.get("/en/who-is-in-what/").content.decode()
    assert 'href="/en/who-is-in-what/" aria-current="page"' in html
    uk_row = html.split('id="actor-united-kingdom"')[1].split("</tr>")[0]
    assert '<a href="/en/commitments/united-kingdom-agreement/">12 January 2024, 10 years' in uk_row
    assert "Will send troops" in uk_row and "Co-leader" in uk_row
    italy_row = html.split('id="actor-italy"')[1].split("</tr>")[0]
    assert '<a href="/en/commitments/italy-no-troops/">Will not send troops</a>' in italy_row
    assert "Signatory since 11 July 2024" in italy_row
    assert "2,300,000,000 GBP: 1 commitment</a>" in uk_row
    nl_row = html.split('id="actor-netherlands"')[1].split("</tr>")[0]
    assert (
        '<a href="/en/actors/netherlands/#totals-heading">500,000,000 USD: 1 commitment' in nl_row
    )
    for cell in italy_row.split("<td>")[1:]:
        assert "<a href=" in cell or 'class="none"' in cell


def test_sorting_by_troop_position(client, records):
    response = client.get("/en/who-is-in-what/", {"sort": "troops"})
    names = [str(row.actor.name) for row, _cells in response.context["rows"]]
    assert names.index("United Kingdom") < names.index("Italy") < names.index("France")


def test_the_csv_is_exactly_the_table(client, records):
    params = {"kind": "state", "sort": "agreement"}
    page = client.get("/en/who-is-in-what/", params)
    response = client.get("/en/who-is-in-what.csv", params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ukraine-guarantees-')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    headers = [str(header) for _key, header in page.context["headers"]]
    assert table[0] == headers
    expected = [
        ["; ".join(text for text, _url in cell) for cell in cells]
        for _row, cells in page.context["rows"]
    ]
    assert table[1:] == expected
    assert table[1][0] == "United Kingdom" and table[1][2].startswith("12 January 2024")
    assert client.get("/en/who-is-in-what.csv", {"kind": "person"}).status_code == 400


def test_the_page_in_ukrainian(client, records):
    html = client.get("/uk/who-is-in-what/").content.decode()
    assert "Хто в чому" in html and "Не надсилатиме війська" in html
