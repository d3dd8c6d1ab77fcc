"""One filter definition per record type: the list pages and the API accept and refuse the same
values, with the same choices; the API is strict about what it is given."""

import datetime

import pytest

from tiers.filters import CommitmentFilter, StatementFilter
from tiers.models import Commitment, Visibility
from tiers.tests.factories import ActorFactory, CommitmentFactory, StatementFactory, TierFactory

pytestmark = pytest.mark.django_db


def page_errors(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.context["form"].errors


def api_errors(client, url, **query):
    response = client.get(url, query)
    if response.status_code == 200:
        return {}
    assert response.status_code == 400, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("year", "accepted"),
    [("1990", False), ("1991", True), ("2025", True), ("2100", True), ("2101", False)],
)
@pytest.mark.parametrize("records", ["commitments", "statements"])
def test_the_year_range_is_the_same_on_the_pages_and_in_the_api(client, records, year, accepted):
    on_page = "year" not in page_errors(client, f"/en/{records}/", year=year)
    in_api = "year" not in api_errors(client, f"/api/v1/{records}/", year=year)
    assert on_page == in_api == accepted


@pytest.mark.parametrize("value", ["2025.0", "+2025", " 2025", "２０２５"])
def test_a_year_is_digits_only_everywhere(client, value):
    assert "year" in page_errors(client, "/en/commitments/", year=value)
    assert "year" in api_errors(client, "/api/v1/commitments/", year=value)


def test_both_surfaces_read_the_same_filter_definition():
    page_form = CommitmentFilter({"progress": "agreed"}).form
    api_form = CommitmentFilter({"progress": "agreed"}, strict=True).form
    assert list(page_form.fields) == list(api_form.fields)
    assert page_form.fields["progress"].choices == api_form.fields["progress"].choices
    assert [value for value, _ in page_form.fields["progress"].choices][1:] == list(
        Commitment.Progress.values
    )


def test_a_record_that_is_not_public_is_an_error_on_the_page_and_an_empty_api_list(client):
    tier = TierFactory(slug="draft-tier", visibility=Visibility.DRAFT)
    CommitmentFactory(tier=TierFactory(slug="public-tier"))
    CommitmentFactory(tier=tier)
    assert "tier" in page_errors(client, "/en/commitments/", tier="draft-tier")
    response = client.get("/api/v1/commitments/", {"tier": "draft-tier"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_api_refuses_an_unknown_or_empty_parameter_naming_it(client):
    errors = api_errors(client, "/api/v1/commitments/", colour="blue", year="")
    assert "colour" in errors and "tier" in errors["colour"][0]
    assert "year" in errors
    # A record's address takes no parameters at all.
    commitment = CommitmentFactory()
    response = client.get(f"/api/v1/commitments/{commitment.slug}/", {"page_size": "5"})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_the_pages_ignore_empty_filters_as_the_form_sends_them(client):
    CommitmentFactory(title="Air policing")
    response = client.get("/en/commitments/?tier=&actor=&year=&category=")
    assert not response.context["form"].errors
    assert [c.title for c in response.context["page"]] == ["Air policing"]


def test_the_statement_filters_name_a_commitment_on_both_surfaces(client):
    commitment = CommitmentFactory(slug="air-policing")
    about = StatementFactory(commitments=[commitment], said_on=datetime.date(2025, 1, 2))
    StatementFactory()
    page = client.get("/en/statements/", {"commitment": "air-policing"})
    assert [s.slug for s in page.context["page"]] == [about.slug]
    api = client.get("/api/v1/statements/", {"commitment": "air-policing"}).json()
    assert [s["slug"] for s in api["results"]] == [about.slug]


def test_the_languages_on_offer_come_from_the_data_but_the_api_takes_any_code(client):
    StatementFactory(language="uk", translations={"en": "We will help."}, speaker=ActorFactory())
    page_choices = StatementFilter({}).form.fields["language"].choices
    assert [value for value, _ in page_choices] == ["", "uk"]
    assert "language" in page_errors(client, "/en/statements/", language="fr")
    assert client.get("/api/v1/statements/", {"language": "fr"}).json()["results"] == []
    assert "language" in api_errors(client, "/api/v1/statements/", language="French")


def test_the_api_speaks_english_to_every_client_and_the_pages_the_readers_language(client):
    api = client.get("/api/v1/commitments/", {"tier": "a.b"}, headers={"accept-language": "uk"})
    assert api.json()["errors"]["tier"] == [
        "“a.b” is not a slug: use letters, digits, hyphens, underscores."
    ]
    page = client.get("/uk/commitments/", {"tier": "a.b"}).content.decode()
    assert "«a.b» не є слагом" in page
