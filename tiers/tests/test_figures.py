"""Figures: validation, the one rule for totals, the admin inline, import and export, the API, the
downloads, pages that show disagreeing sources side by side, and the change log."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tiers import workflow
from tiers.figures import DEPRECATED, DISAGREE, GDP_SHARE, OUTSHONE, side_by_side, totals
from tiers.importing.files import export_bytes, import_file
from tiers.importing.formats import CSVFormat
from tiers.models import Figure, PublicChange, Visibility
from tiers.models.base import public_dependants
from tiers.tests.admin_forms import change_form_data

from .factories import (
    ActorFactory,
    CommitmentFactory,
    FigureFactory,
    SourceFactory,
    StatusChangeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Visibility.DRAFT, Visibility.PUBLISHED
YEAR = "year"


def errors_of(figure) -> dict:
    with pytest.raises(ValidationError) as caught:
        figure.full_clean()
    return caught.value.message_dict


def year(value, precision=YEAR):
    return datetime.date(value, 1, 1), precision


# -- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"currency": ""}, "currency", "Give the currency"),
        ({"currency": "EURO"}, "currency", "ISO 4217"),
        ({"kind": "quantity", "currency": ""}, "unit", "Say what the quantity counts"),
        ({"kind": "gdp_share", "value": Decimal("100.5")}, "value", "between 0 and 100"),
        ({"kind": "gdp_share"}, "currency", "Only an amount of money has a currency"),
        ({"unit": "aircraft"}, "unit", "Only a quantity has a unit"),
        ({"value": Decimal("-1")}, "value", "cannot be negative"),
        ({"source": None}, "source", "A published figure needs a source"),
    ],
)
def test_a_figure_says_what_is_wrong_on_the_field(values, field, words):
    given = {"commitment": CommitmentFactory(), "source": SourceFactory()} | values
    figure = FigureFactory.build(**given)
    assert words in " ".join(errors_of(figure)[field])


def test_a_period_does_not_end_before_it_starts():
    start_on, start_precision = year(2026)
    figure = FigureFactory.build(
        commitment=CommitmentFactory(),
        source=SourceFactory(),
        period_start_on=start_on,
        period_start_precision=start_precision,
        period_end_on=datetime.date(2025, 12, 1),
        period_end_precision="month",
    )
    assert "cannot end before it starts" in errors_of(figure)["period_end_on"][0]
    # June 2024 to “2024”: the year ends after June starts.
    figure.period_start_on, figure.period_start_precision = datetime.date(2024, 6, 1), "month"
    figure.period_end_on, figure.period_end_precision = year(2024)
    figure.full_clean()
    assert figure.period_display == "June 2024–2024"


def test_a_status_change_of_another_commitment_is_refused():
    figure = FigureFactory.build(
        commitment=CommitmentFactory(), source=SourceFactory(), status_change=StatusChangeFactory()
    )
    assert "another commitment" in errors_of(figure)["status_change"][0]


@pytest.mark.parametrize(
    "values",
    [
        {"currency": ""},
        {"kind": "quantity", "currency": "", "unit": ""},
        {"kind": "gdp_share", "currency": "", "value": 101},
        {"value": -1},
        {"visibility": PUBLISHED, "source": None},
    ],
)
def test_the_database_refuses_what_validation_refuses(values):
    figure = FigureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=figure.pk).update(**values)


def test_periods_and_values_read_as_a_source_gives_them():
    figure = FigureFactory.build(value=Decimal("1500000000.0000"))
    assert figure.value_display == "1,500,000,000 EUR"
    assert figure.period_display == ""
    figure.period_end_on, figure.period_end_precision = year(2028)
    assert figure.period_display == "by 2028"
    figure.period_start_on, figure.period_start_precision = year(2024)
    assert figure.period_display == "2024–2028"
    share = FigureFactory.build(kind="gdp_share", value=Decimal("0.25"), currency="")
    assert share.value_display == "0.25% of GDP"


def test_a_figure_is_shown_with_its_commitment_and_its_status_change(editor):
    change = StatusChangeFactory()
    figure = FigureFactory(commitment=change.commitment, status_change=change)
    assert Figure.objects.public().get() == figure and figure.is_shown
    change.visibility = DRAFT
    change.save()
    assert not Figure.objects.public().exists()
    assert not Figure.objects.get().is_shown
    figure.status_change = None
    figure.save()
    assert Figure.objects.public().get() == figure
    assert public_dependants(type(change.commitment), [change.commitment_id]) == [figure]


def test_publishing_needs_a_published_source(editor):
    figure = FigureFactory(visibility=Visibility.REVIEW, source=SourceFactory(visibility=DRAFT))
    outcome = workflow.apply(workflow.PUBLISH, [figure], editor)
    assert not outcome.ok
    assert "is not published yet" in " ".join(outcome.refused[0][1])


# -- totals ------------------------------------------------------------------------------------


def test_totals_add_preferred_or_sole_figures_of_one_measure_and_say_what_they_leave_out():
    one, two, three, four = (CommitmentFactory() for _ in range(4))
    start_on, precision = year(2024)
    in_2024 = {"period_start_on": start_on, "period_start_precision": precision}
    in_2024 |= {"period_end_on": start_on, "period_end_precision": precision}
    sole = FigureFactory(commitment=one, value=100, **in_2024)
    preferred = FigureFactory(commitment=two, value=50, rank="preferred", **in_2024)
    outshone = FigureFactory(commitment=two, value=70, **in_2024)
    disputed = [FigureFactory(commitment=three, value=v, **in_2024) for v in (1, 2)]
    deprecated = FigureFactory(commitment=four, value=9, rank="deprecated", **in_2024)
    no_period = FigureFactory(commitment=four, value=5)
    dollars = FigureFactory(commitment=four, value=7, currency="USD", **in_2024)
    share = FigureFactory(commitment=four, kind="gdp_share", value=Decimal("0.2"), currency="")
    aircraft = FigureFactory(commitment=one, kind="quantity", value=12, currency="", unit="jets")

    result = totals(Figure.objects.select_related("commitment"))

    by_measure = {(t.value_display, t.period): t for t in result.totals}
    assert list(by_measure) == [
        ("150 EUR", "2024"),
        ("7 USD", "2024"),
        ("5 EUR", ""),
        ("12 jets", ""),
    ]
    assert by_measure["150 EUR", "2024"].figures == [sole, preferred]
    assert by_measure["150 EUR", "2024"].commitments == {one.pk, two.pk}
    assert by_measure["7 USD", "2024"].figures == [dollars]
    assert by_measure["5 EUR", ""].figures == [no_period]
    assert by_measure["12 jets", ""].figures == [aircraft]
    assert result.included == 5
    assert result.left_out == {
        DISAGREE: disputed,
        GDP_SHARE: [share],
        DEPRECATED: [deprecated],
        OUTSHONE: [outshone],
    }
    reasons = result.left_out_reasons
    assert [(r["count"], r["commitments"]) for r in reasons] == [
        (2, [three]),
        (1, [four]),
        (1, [four]),
        (1, [two]),
    ]


def test_totals_read_no_query(django_assert_num_queries):
    for _ in range(3):
        FigureFactory(commitment=CommitmentFactory())
    figures = list(Figure.objects.select_related("commitment"))
    with django_assert_num_queries(0):
        result = totals(figures)
        result.left_out_reasons  # noqa: B018
    assert result.included == 3


def test_side_by_side_groups_one_commitments_figures_by_measure_preferred_first():
    commitment = CommitmentFactory()
    normal = FigureFactory(commitment=commitment, key="a", value=10)
    preferred = FigureFactory(commitment=commitment, key="b", value=12, rank="preferred")
    share = FigureFactory(commitment=commitment, kind="gdp_share", value=1, currency="")
    groups = side_by_side(commitment.figures.all())
    assert [g.figures for g in groups] == [[share], [preferred, normal]]
    assert [g.disagree for g in groups] == [False, True]


# -- pages -------------------------------------------------------------------------------------


def test_a_commitment_page_shows_disagreeing_figures_side_by_side_with_their_sources(client):
    commitment = CommitmentFactory(title="Air defence fund")
    kiel = SourceFactory(title="Kiel tracker")
    ministry = SourceFactory(title="Ministry statement")
    FigureFactory(commitment=commitment, value=1_000_000_000, source=kiel, note="Pledged")
    FigureFactory(commitment=commitment, value=1_200_000_000, source=ministry, rank="preferred")
    FigureFactory(commitment=commitment, value=5, visibility=DRAFT, source=ministry)

    html = client.get(commitment.get_absolute_url()).content.decode()

    assert "the sources disagree" in html
    section = html[html.index('id="figures-heading"') : html.index('id="timeline-heading"')]
    assert section.index("1,200,000,000 EUR") < section.index("1,000,000,000 EUR")
    for text in ["Kiel tracker", "Ministry statement", "Pledged", "Preferred", "Normal"]:
        assert text in section
    assert ">5 EUR<" not in section


def test_actor_and_tier_pages_show_totals_and_what_they_leave_out(client):
    tier = TierFactory(slug="the-tier")
    actor = ActorFactory(slug="the-actor")
    commitments = [CommitmentFactory(tier=tier, lead_actor=actor) for _ in range(3)]
    FigureFactory(commitment=commitments[0], value=100)
    FigureFactory(commitment=commitments[1], value=50)
    for value in (1, 2):
        FigureFactory(commitment=commitments[2], value=value)
    for url in ["/en/tiers/the-tier/", "/en/actors/the-actor/"]:
        html = client.get(url).content.decode()
        assert "150 EUR" in html, url
        assert "Sources disagree and none of their figures is preferred: 2 figures" in html
        assert commitments[2].get_absolute_url() + "#figures-heading" in html


# -- history and the change log ----------------------------------------------------------------


def test_a_figure_has_its_history_and_its_public_changes(client):
    figure = FigureFactory(note="First")
    figure.value = 2_000_000
    figure.save()
    assert [row.history_type for row in figure.history.order_by("history_id")] == ["+", "~"]
    changes = PublicChange.objects.public().filter(content_type__model="figure")
    assert [(c.kind, c.fields) for c in changes.order_by("changed_at", "id")] == [
        ("published", []),
        ("changed", ["value"]),
    ]
    html = client.get("/en/changes/", {"type": "figure"}).content.decode()
    assert figure.commitment.get_absolute_url() + "#figures-heading" in html


# -- the admin ---------------------------------------------------------------------------------


def test_the_commitment_admin_edits_its_figures_inline(staff_client):
    commitment = CommitmentFactory()
    figure = FigureFactory(commitment=commitment, value=10)
    url = f"/admin/tiers/commitment/{commitment.pk}/change/"
    data = change_form_data(staff_client, url)
    prefix = next(k.removesuffix("-TOTAL_FORMS") for k in data if k.startswith("figures"))
    row = f"{prefix}-0"
    assert data[f"{row}-id"] == str(figure.pk)
    data[f"{row}-value"] = "12.5"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    figure.refresh_from_db()
    assert figure.value == Decimal("12.5")
    data = change_form_data(staff_client, url)
    data[f"{row}-currency"] = ""
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Give the currency of the amount" in response.content.decode()


def test_an_analyst_cannot_publish_a_figure_inline(client, django_user_model):
    from django.contrib.auth.models import Group

    from tiers.roles import ANALYST

    analyst = django_user_model.objects.create_user("analyst", is_staff=True)
    analyst.groups.add(Group.objects.get(name=ANALYST))
    client.force_login(analyst)
    commitment = CommitmentFactory(visibility=DRAFT)
    figure = FigureFactory(commitment=commitment, visibility=DRAFT)
    url = f"/admin/tiers/commitment/{commitment.pk}/change/"
    data = change_form_data(client, url)
    prefix = next(k.removesuffix("-TOTAL_FORMS") for k in data if k.startswith("figures"))
    data[f"{prefix}-0-visibility"] = PUBLISHED
    client.post(url, data)
    figure.refresh_from_db()
    assert figure.visibility == DRAFT


# -- import, export, API and downloads ---------------------------------------------------------


def test_an_exported_file_imports_back_into_the_same_figures():
    change = StatusChangeFactory(occurred_on=datetime.date(2025, 9, 4), progress="agreed")
    start_on, precision = year(2024)
    FigureFactory(
        key="k",
        commitment=change.commitment,
        status_change=change,
        value=Decimal("0.5"),
        period_start_on=start_on,
        period_start_precision=precision,
        rank="preferred",
        note="A note",
    )
    data = export_bytes("figures", CSVFormat())
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert (row["commitment"], row["status change"], row["value"], row["period start"]) == (
        change.commitment.slug,
        "2025-09-04 agreed",
        "0.5",
        "2024",
    )
    Figure.objects.all().delete()
    result = import_file("figures", data, "figures.csv")
    assert result.messages() == []
    figure = Figure.objects.get(key="k")
    assert (figure.status_change, figure.value, figure.rank, figure.note) == (
        change,
        Decimal("0.5"),
        "preferred",
        "A note",
    )


def test_an_import_names_a_status_change_that_does_not_exist():
    commitment = CommitmentFactory(slug="c")
    data = b"key,commitment,status change,kind,value,currency\nk,c,2025-01-01 agreed,money,1,EUR\n"
    result = import_file("figures", data, "figures.csv")
    assert result.messages() == [
        "row 1, status change: no status change “2025-01-01 agreed” of the commitment “c”; "
        "write its date and new progress, for example 2025-09-04 agreed"
    ]
    assert not commitment.figures.exists()


def test_the_api_lists_figures_and_filters_them(client):
    commitment = CommitmentFactory(slug="c")
    FigureFactory(commitment=commitment, key="eur", source=SourceFactory(key="kiel"))
    FigureFactory(commitment=commitment, key="usd", currency="USD")
    FigureFactory(key="other")
    FigureFactory(key="draft", visibility=DRAFT)

    def keys(**query):
        response = client.get("/api/v1/figures/", query)
        assert response.status_code == 200, response.content
        return [item["key"] for item in response.json()["results"]]

    assert keys() == ["eur", "usd", "other"]
    assert keys(commitment="c") == ["eur", "usd"]
    assert keys(currency="USD") == ["usd"]
    assert keys(source="kiel") == ["eur"]
    assert client.get("/api/v1/figures/", {"currency": "euro"}).status_code == 400
    assert client.get("/api/v1/figures/draft/").status_code == 404
    nested = client.get("/api/v1/commitments/c/").json()["figures"]
    assert [item["key"] for item in nested] == ["eur", "usd"]


def test_the_figures_download_holds_public_figures_with_public_sources(client):
    FigureFactory(key="shown")
    FigureFactory(key="unsourced", source=SourceFactory(visibility=DRAFT))
    FigureFactory(key="drafted", visibility=DRAFT)
    response = client.get("/downloads/figures.csv")
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["key"] for row in csv.DictReader(io.StringIO(data))] == ["shown"]
