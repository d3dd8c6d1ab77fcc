"""Who is in what: one row per actor, its answers in columns, as a page and as that table's CSV,
and the map of the same rows.

The rows are kept between writes (tiers/answer_table.py) with the cells of the columns
(tiers/answer_cells.py): the views filter them by kind, sort them and print one page of them.
The page and the map's table show ``PER_PAGE`` rows a page; the CSV (kept as its text) gives
every row.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ..answer_cells import COLUMN_INDEX, COLUMNS, SORT_KEYS
from ..answer_table import chosen_rows, kept_csv
from ..filters.answers import AnswersFilter, MapFilter
from ..maps import Country, country_map, drawn
from ..open_data import downloads
from .pagination import paginate
from .results import refusal

PER_PAGE = 100


# What the filters choose among the kept rows, and each one's value when not chosen.
CHOICES = {"tier": None, "category": "", "kind": "", "sort": ""}


def _choice(filters) -> dict:
    chosen = filters.valid_filters()
    return {key: chosen.get(key) or default for key, default in CHOICES.items()}


def answered_rows(filters):
    """The kept rows the filters choose, in the order they ask for."""
    return chosen_rows(**_choice(filters))


def table_context(request, rows) -> dict:
    """One page of the table: its headers, its rows as (row, cells) and the page."""
    page = paginate(request, rows, PER_PAGE)
    return {
        "headers": [(key, header) for key, header, _cells in COLUMNS],
        "rows": [(row, row.cells) for row in page],
        "page": page,
        "total": page.paginator.count,
    }


@require_safe
def who_is_in_what_page(request):
    # The tier filter's tier (when given); the form's tier choices; the kept rows (no query, or
    # those of tiers.answers.who_is_in_what when they must be computed).
    filters = AnswersFilter(request.GET)
    context = table_context(request, answered_rows(filters)) | {
        "form": filters.form,
        "sortable": [key for key, _header, _cells in COLUMNS if key in SORT_KEYS or key == "actor"],
        "chosen_sort": filters.valid_filters().get("sort", ""),
    }
    return render(request, "tiers/who_is_in_what.html", context)


@require_safe
def who_is_in_what_csv(request):
    filters = AnswersFilter(request.GET)
    if problem := refusal(filters):
        return problem
    response = HttpResponse(kept_csv(**_choice(filters)), content_type=downloads.FORMATS["csv"])
    name = downloads.file_name("who-is-in-what", "csv", downloads.now())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{downloads.LICENCE_URL}>; rel="license"'
    return response


# What the map can colour by (tiers.answer_cells.MAP_VALUES, each the column of the same key):
# its heading, and each value's meaning.
MAP_SHOWS = {
    "agreement": (
        gettext_lazy("Bilateral agreement with Ukraine"),
        {"yes": gettext_lazy("Signed a bilateral agreement with Ukraine")},
    ),
    "troops": (
        gettext_lazy("Troops to Ukraine"),
        {
            "yes": gettext_lazy("Will send troops"),
            "conditional": gettext_lazy("Would send troops, on conditions"),
            "no": gettext_lazy("Will not send troops"),
        },
    ),
    "compact": (
        gettext_lazy("Ukraine Compact"),
        {"yes": gettext_lazy("Signed the Ukraine Compact")},
    ),
    "coalition": (
        gettext_lazy("Coalition of the willing"),
        {"yes": gettext_lazy("In the coalition of the willing")},
    ),
    "purl": (
        gettext_lazy("PURL"),
        {"yes": gettext_lazy("Contributes to PURL")},
    ),
}


def map_countries(rows, show: str) -> dict:
    """The map's linked countries: each state with an answer to ``show``, linked to the record
    the answer comes from (its cell in the table), its colour and meaning in words."""
    _header, meanings = MAP_SHOWS[show]
    column = COLUMN_INDEX[show]
    countries = {}
    for row in rows:
        value = row.shows[show]
        if not row.iso_code or not value:
            continue
        ((_text, url), *_rest) = row.cells[column]
        countries[row.iso_code] = Country(f"map-{value}", url, f"{row.name}: {meanings[value]}")
    return countries


@require_safe
def answers_map(request):
    # The same queries as the table: the map draws the table's rows, states only.
    filters = MapFilter(request.GET)
    show = filters.valid_filters().get("show") or "agreement"
    rows = answered_rows(filters)
    header, meanings = MAP_SHOWS[show]
    context = table_context(request, rows)
    on_page = {row.slug for row, _cells in context["rows"]}
    context |= {
        "form": filters.form,
        "svg": country_map(map_countries(rows, show), title=str(header)),
        "legend": [(f"map-{value}", meaning) for value, meaning in meanings.items()],
        # Each to its row when on this page of the table, else to the actor's own page.
        "undrawn": [
            (row.name, f"#actor-{row.slug}" if row.slug in on_page else row.cells[0][0][1])
            for row in rows
            if row.iso_code and not drawn(row.iso_code)
        ],
    }
    return render(request, "tiers/answers_map.html", context)
