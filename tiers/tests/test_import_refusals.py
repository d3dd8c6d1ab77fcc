"""A file with any bad row writes nothing, and says which row, which column and why."""

import json

import pytest
from django.test import override_settings

from tiers.importing.files import import_file, read_dataset
from tiers.importing.formats import FileProblem
from tiers.importing.resources import ActorResource, CommitmentResource
from tiers.models import Actor, Commitment, Membership, Source, Statement, StatusChange
from tiers.tests.import_support import csv_file, references  # noqa: F401 (a fixture)

GOOD_COMMITMENT = {
    "slug": "new-pledge",
    "tier": "2",
    "title": "A new pledge",
    "category": "troops",
    "lead actor": "france",
    "actors": "france|united-kingdom",
    "sources": "unn-2026-02-03-rutte-three-levels",
    "announced": "2025-08",
    "visibility": "draft",
}


def record_counts():
    return [m.objects.count() for m in (Actor, Membership, Source, Commitment, Statement)] + [
        StatusChange.objects.count()
    ]


def refused(type_name, data, name="file.csv"):
    """Import and check that nothing was written; return the messages."""
    before = record_counts()
    result = import_file(type_name, data, name)
    assert result.has_errors() or result.has_validation_errors()
    assert record_counts() == before
    return result.messages()


def commitment_file_with(**second_row):
    """A good first row and a second row changed as given: the bad row is row 2."""
    bad = GOOD_COMMITMENT | {"slug": "second-pledge"} | second_row
    return csv_file(GOOD_COMMITMENT, bad)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"lead actor": "frnace"},
            "row 2, lead actor: no actor with slug “frnace”; did you mean “france”?",
        ),
        ({"tier": "9"}, "row 2, tier: no tier with number “9”; it must be 1, 2 or 3"),
        (
            {"actors": "france|nowhere|elsewhere"},
            "row 2, actors: no actor with slugs “nowhere”, “elsewhere”",
        ),
        (
            {"sources": "no-such-source"},
            "row 2, sources: no source with key or URL “no-such-source”",
        ),
        (
            {"sources": "https://example.org/missing"},
            "row 2, sources: no source with key or URL “https://example.org/missing”",
        ),
        (
            {"announced": "2025-8"},
            "row 2, announced: “2025-8” is not a date; write 2025, 2025-08 or 2025-08-18",
        ),
        ({"announced": "2025-02-30"}, "row 2, announced: “2025-02-30” is not a real date"),
        (
            {"category": "tanks"},
            "row 2, category: “tanks” is not a category; write one of: armed_forces, equipment, "
            "training, troops, air_sea, monitoring, intelligence, financing, political, "
            "legal_guarantee",
        ),
        (
            {"visibility": "public"},
            "row 2, visibility: “public” is not a visibility; "
            "write one of: draft, review, published",
        ),
        ({"slug": "new-pledge"}, "row 2, slug: “new-pledge” is already in row 1 of this file"),
        ({"title": ""}, "row 2, title: This field cannot be blank"),
    ],
)
@pytest.mark.usefixtures("references")
def test_a_bad_commitment_row_is_named_and_nothing_is_written(change, message):
    assert refused("commitments", commitment_file_with(**change)) == [message]


@pytest.mark.usefixtures("references")
def test_a_bad_figure_value_or_currency_is_refused():
    assert import_file("commitments", csv_file(GOOD_COMMITMENT), "c.csv").messages() == []
    figure = {"key": "f", "commitment": GOOD_COMMITMENT["slug"], "kind": "money"}
    data = csv_file(
        figure | {"value": "1000", "currency": "EUROS"},
        figure | {"key": "second", "value": "a lot", "currency": "EUR"},
    )
    assert refused("figures", data) == [
        "row 1, currency: “EUROS” is not an ISO 4217 currency code (for example EUR, USD, GBP)",
        "row 1, currency: Ensure this value has at most 3 characters (it has 5)",
        "row 2, value: “a lot” is not a number; write digits and a point: 1500000.50",
    ]


@pytest.mark.usefixtures("references")
def test_every_bad_row_is_listed_in_row_order():
    data = csv_file(
        GOOD_COMMITMENT | {"category": "tanks", "lead actor": "frnace"},
        GOOD_COMMITMENT | {"slug": "fine"},
        GOOD_COMMITMENT | {"slug": "third", "tier": "x"},
    )
    messages = refused("commitments", data)
    assert [m.split(":")[0] for m in messages] == [
        "row 1, category",
        "row 1, lead actor",
        "row 3, tier",
    ]


ACTOR = {"slug": "new-state", "name": "A state", "kind": "state", "iso code": "", "wikidata id": ""}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"iso code": "XX"},
            "row 2, iso code: “XX” is not an ISO 3166-1 alpha-2 country code (for example UA, "
            "FR, GB)",
        ),
        (
            {"wikidata id": "Q0x"},
            "row 2, wikidata id: A Wikidata identifier is Q followed by digits, for example Q212",
        ),
        ({"kind": "empire"}, None),
        # Rules the database also enforces, caught here with words instead of a database error.
        ({"iso code": "FR"}, "row 2, iso code: Another actor already has this ISO country code"),
        (
            {"kind": "organisation", "iso code": "DE"},
            "row 2, iso code: Only a state carries an ISO country code; "
            "clear it or change the kind",
        ),
    ],
)
@pytest.mark.usefixtures("references")
def test_a_bad_actor_row_is_named_and_nothing_is_written(change, message):
    data = csv_file(ACTOR, ACTOR | {"slug": "second"} | change)
    messages = refused("actors", data)
    assert len(messages) == 1
    if message:
        assert messages == [message]
    else:
        assert messages[0].startswith("row 2, kind: “empire” is not a kind of actor")


@pytest.mark.usefixtures("references")
def test_a_membership_that_breaks_a_database_constraint_is_refused_in_words():
    row = {"member": "france", "in": "nato", "role": "member", "start": "2025", "end": "2024"}
    assert refused("memberships", csv_file(row)) == [
        "row 1, end: A membership cannot end before it starts"
    ]
    itself = row | {"in": "france", "end": ""}
    assert refused("memberships", csv_file(itself)) == [
        "row 1, in: An actor cannot be a member of itself"
    ]


@pytest.mark.usefixtures("references")
def test_a_row_the_database_refuses_is_named_even_past_the_checks():
    """Should a rule escape the checks, the database refuses it and the row is still named."""

    class UncheckedActors(ActorResource):
        def unique_errors(self, instance):
            return {}

    data = csv_file(ACTOR | {"iso code": "FR"})
    before = Actor.objects.count()
    result = UncheckedActors().import_data(read_dataset(data, "actors.csv"))
    assert Actor.objects.count() == before
    [message] = result.messages()
    assert message.startswith("row 1: ")


@pytest.mark.usefixtures("references")
def test_missing_and_unknown_columns_refuse_the_file():
    row = dict(GOOD_COMMITMENT)
    del row["tier"]
    assert refused("commitments", csv_file(row | {"colour": "red"})) == [
        "Unknown column “colour”; the columns of a commitments file are: slug, tier, title, "
        "title_uk, description, description_uk, category, announced, lead actor, actors, "
        "sources, condition, condition in words, condition in words_uk, condition triggered, "
        "troop position, term in years, visibility.",
        "Missing column “tier”; a commitments file needs: slug, tier, title, category.",
    ]


@pytest.mark.parametrize("data", [b"", b"slug,tier,title,category\r\n", b"\xef\xbb\xbf"])
@pytest.mark.usefixtures("references")
def test_an_empty_file_is_refused(data):
    assert refused("commitments", data) == [
        "The file holds no records: it needs a header row and at least one record."
    ]


@pytest.mark.usefixtures("references")
def test_an_empty_json_list_is_refused():
    assert refused("commitments", b"[]", "commitments.json") == [
        "The file holds no records: it needs a header row and at least one record."
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        ("slug,title\nacte,Défense\n".encode("latin-1"), "x.csv", "The file is not UTF-8 text"),
        (b"PK\x03\x04\x14\x00\x08\x00\xa1\xff", "x.csv", "The file is not UTF-8 text"),
        (b"PK\x03\x04\x00\x00binary", "x.csv", "The file holds binary data, not CSV text"),
        (b"slug,title\n", "x.xlsx", "The file is not an XLSX workbook"),
        (b"slug,title\nx,y\n", "x.json", "The file is not valid JSON"),
        (b'{"slug": "x"}', "x.json", "A JSON file of records is a list of objects"),
        (b"slug,title\nx,y,z\n", "x.csv", "Row 1 has 3 cells but the header row names 2 columns"),
        (b"slug,title\nx,y\n", "x.txt", "does not end in .csv, .xlsx or .json"),
    ],
)
def test_a_file_of_the_wrong_format_or_encoding_is_refused(db, data, name, message):
    with pytest.raises(FileProblem, match=message):
        import_file("commitments", data, name)


@override_settings(IMPORT_MAX_UPLOAD_SIZE=1000)
@pytest.mark.usefixtures("references")
def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    data = csv_file(*[GOOD_COMMITMENT | {"slug": f"pledge-{n}"} for n in range(20)])
    assert len(data) > 1000
    with pytest.raises(FileProblem, match=r"The file is 0\.0 MB; files of at most 0\.0 MB"):
        import_file("commitments", data, "big.csv")
    assert not Commitment.objects.filter(slug__startswith="pledge-").exists()


@pytest.mark.usefixtures("references")
def test_code_cannot_ask_to_keep_the_good_rows():
    """django-import-export keeps valid rows unless told otherwise; here nothing is kept."""
    data = commitment_file_with(**{"lead actor": "frnace"})
    result = CommitmentResource().import_data(
        read_dataset(data, "x.csv"),
        use_transactions=False,
        rollback_on_validation_errors=False,
    )
    assert result.has_validation_errors()
    assert not Commitment.objects.filter(slug="new-pledge").exists()


@pytest.mark.usefixtures("references")
def test_a_good_file_writes_every_row():
    result = import_file("commitments", commitment_file_with(), "x.csv")
    assert result.messages() == []
    assert result.totals["new"] == 2
    pledge = Commitment.objects.get(slug="second-pledge")
    assert pledge.tier.number == 2
    assert pledge.lead_actor.slug == "france"
    assert sorted(pledge.actors.values_list("slug", flat=True)) == ["france", "united-kingdom"]
    assert pledge.announced.isoformat() == "2025-08"


@pytest.mark.usefixtures("references")
def test_a_json_cell_may_list_several_values():
    record = GOOD_COMMITMENT | {"actors": ["france", "united-kingdom"], "tier": 2}
    result = import_file("commitments", json.dumps([record]).encode(), "commitments.json")
    assert result.messages() == []
    pledge = Commitment.objects.get(slug="new-pledge")
    assert sorted(pledge.actors.values_list("slug", flat=True)) == ["france", "united-kingdom"]
