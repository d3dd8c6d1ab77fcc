import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tiers.models import Statement
from tiers.partial_dates import PartialDate
from tiers.tests.factories import StatementFactory


@pytest.mark.parametrize(
    "text,shown",
    [("2025-08-18", "18 August 2025"), ("2025-08", "August 2025"), ("2025", "2025")],
)
def test_it_shows_a_date_at_its_precision(text, shown):
    assert str(PartialDate.parse(text)) == shown


def test_it_shows_ukrainian_month_names_in_the_right_case():
    with translation.override("uk"):
        assert str(PartialDate.parse("2025-08-18")) == "18 серпня 2025"
        assert str(PartialDate.parse("2025-08")) == "Серпень 2025"


def test_it_round_trips_its_iso_form():
    for text in ["2025", "2025-08", "2025-08-18"]:
        assert PartialDate.parse(text).isoformat() == text


def test_an_empty_text_is_an_unknown_date():
    assert PartialDate.parse("") is None
    assert PartialDate.from_fields(None, "") is None


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "18/08/2025", "August 2025", "25"])
def test_it_refuses_malformed_and_impossible_dates(text):
    with pytest.raises(ValidationError):
        PartialDate.parse(text)


def test_it_stores_the_first_day_of_its_period():
    assert PartialDate(datetime.date(2025, 8, 18), "month").date == datetime.date(2025, 8, 1)
    assert PartialDate(datetime.date(2025, 8, 18), "year").date == datetime.date(2025, 1, 1)


@pytest.mark.django_db
def test_records_sort_by_the_start_of_their_period():
    StatementFactory(slug="day", said_on=datetime.date(2025, 8, 18), said_precision="day")
    StatementFactory(slug="month", said_on=datetime.date(2025, 8, 1), said_precision="month")
    StatementFactory(slug="year", said_on=datetime.date(2025, 1, 1), said_precision="year")
    slugs = list(Statement.objects.order_by("said_on").values_list("slug", flat=True))
    assert slugs == ["year", "month", "day"]


@pytest.mark.django_db
def test_cleaning_moves_a_month_date_to_the_first_day():
    statement = StatementFactory.build(
        speaker=StatementFactory().speaker,
        said_on=datetime.date(2025, 8, 18),
        said_precision="month",
    )
    statement.full_clean()
    assert statement.said_on == datetime.date(2025, 8, 1)
    assert str(statement.said) == "August 2025"
