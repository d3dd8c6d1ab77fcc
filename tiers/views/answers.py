"""Who is in what: one row per actor, its answers in columns, as a page and as that table's CSV.

The columns are declared once (``COLUMNS``): each gives a header and, for a row, the cells it
shows, each a text and the address of the record it comes from. The page, the CSV and the
comparison (tiers/views/compare.py) print the same cells.
"""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from ..answers import TROOP_ORDER, who_is_in_what
from ..filters.answers import AnswersFilter, MapFilter
from ..maps import Country, country_map, drawn
from ..open_data import downloads
from .results import refusal


def _source_url(membership):
    source = membership.source
    if source is not None and source.is_shown:
        return source.get_absolute_url()
    return membership.organisation.get_absolute_url()


def actor_cells(row):
    return [(row.actor.name, row.actor.get_absolute_url())]


def kind_cells(row):
    return [(row.actor.get_kind_display(), row.actor.get_absolute_url())]


def agreement_cells(row):
    cells = []
    for commitment in row.agreements:
        parts = [str(commitment.announced) if commitment.announced else _("date unknown")]
        if commitment.term_years:
            parts.append(_("%(years)s years") % {"years": commitment.term_years})
        parts.append(commitment.get_legal_form_display())
        cells.append((", ".join(parts), commitment.get_absolute_url()))
    return cells


def membership_cells(membership, text):
    if membership is None:
        return []
    if membership.start:
        text = _("%(role)s since %(date)s") % {"role": text, "date": membership.start}
    return [(text, _source_url(membership))]


def compact_cells(row):
    return membership_cells(row.compact, _("Signatory"))


def coalition_cells(row):
    membership = row.coalition
    return membership_cells(membership, membership.get_role_display() if membership else "")


def troop_cells(row):
    return [
        (commitment.get_troop_position_display(), commitment.get_absolute_url())
        for commitment in row.troops[:1]
    ]


def total_cells(row, found):
    """Each total as “value (period): what it includes”, linked to the actor's totals."""
    url = f"{row.actor.get_absolute_url()}#totals-heading"
    cells = []
    for total in found.totals:
        text = total.value_display + (f" ({total.period})" if total.period else "")
        # A total adds one figure of each commitment (tiers.figures): say how many it adds.
        n = len(total.commitments)
        includes = ngettext("%(n)s commitment", "%(n)s commitments", n) % {"n": n}
        cells.append((f"{text}: {includes}", url))
    if found.left_out:
        left = sum(len(figures) for figures in found.left_out.values())
        cells.append(
            (ngettext("%(n)s figure left out", "%(n)s figures left out", left) % {"n": left}, url)
        )
    return cells


def purl_cells(row):
    cells = [(commitment.title, commitment.get_absolute_url()) for commitment in row.purl]
    if not cells and row.purl_member:
        cells = membership_cells(row.purl_member, _("Contributor"))
    return cells + total_cells(row, row.purl_totals)


def figure_cells(row):
    return total_cells(row, row.other_totals)


COLUMNS = [
    ("actor", gettext_lazy("Actor"), actor_cells),
    ("kind", gettext_lazy("Kind"), kind_cells),
    ("agreement", gettext_lazy("Bilateral agreement with Ukraine"), agreement_cells),
    ("compact", gettext_lazy("Ukraine Compact"), compact_cells),
    ("coalition", gettext_lazy("Coalition of the willing"), coalition_cells),
    ("troops", gettext_lazy("Troops to Ukraine"), troop_cells),
    ("purl", gettext_lazy("PURL"), purl_cells),
    ("figures", gettext_lazy("Other figures, totalled"), figure_cells),
]


def table_rows(rows):
    """Each row as its cells, column by column: [(row, [[(text, url), …], …]), …]."""
    return [(row, [cells(row) for _key, _header, cells in COLUMNS]) for row in rows]


# Sorts other than the table's own order (by actor: states first, then by name).
SORT_KEYS = {
    "agreement": lambda row: (
        row.first_agreement is None,
        min((c.announced_on for c in row.agreements if c.announced_on), default=None) or "",
    ),
    "troops": lambda row: TROOP_ORDER.get(row.troop_position, len(TROOP_ORDER)),
    "purl": lambda row: not (row.purl or row.purl_member),
}


def answered_rows(filters):
    chosen = filters.valid_filters()
    rows = who_is_in_what(
        tier=chosen.get("tier"), category=chosen.get("category", ""), kind=chosen.get("kind", "")
    )
    if key := SORT_KEYS.get(chosen.get("sort", "")):
        rows.sort(key=lambda row: (key(row), str(row.actor.name)))
    return rows


@require_safe
def who_is_in_what_page(request):
    # The tier filter's tier (when given); the actors, their group memberships, the commitments
    # that answer and their actors; the tier choices of the form.
    filters = AnswersFilter(request.GET)
    rows = answered_rows(filters)
    context = {
        "form": filters.form,
        "headers": [(key, header) for key, header, _cells in COLUMNS],
        "rows": table_rows(rows),
        "sortable": [key for key, _header, _cells in COLUMNS if key in SORT_KEYS or key == "actor"],
        "chosen_sort": filters.valid_filters().get("sort", ""),
    }
    return render(request, "tiers/who_is_in_what.html", context)


@require_safe
def who_is_in_what_csv(request):
    filters = AnswersFilter(request.GET)
    if problem := refusal(filters):
        return problem
    rows = table_rows(answered_rows(filters))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(header) for _key, header, _cells in COLUMNS])
    for _row, cells in rows:
        writer.writerow(["; ".join(text for text, _url in cell) for cell in cells])
    # With a byte-order mark, as the downloads, so that spreadsheets read it as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type=downloads.FORMATS["csv"])
    name = downloads.file_name("who-is-in-what", "csv", downloads.now())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{downloads.LICENCE_URL}>; rel="license"'
    return response


# What the map can colour by: the column it reads, and each value's colour class and meaning.
MAP_SHOWS = {
    "agreement": (
        "agreement",
        gettext_lazy("Bilateral agreement with Ukraine"),
        lambda row: "yes" if row.agreements else "",
        {"yes": gettext_lazy("Signed a bilateral agreement with Ukraine")},
    ),
    "troops": (
        "troops",
        gettext_lazy("Troops to Ukraine"),
        lambda row: row.troop_position,
        {
            "yes": gettext_lazy("Will send troops"),
            "conditional": gettext_lazy("Would send troops, on conditions"),
            "no": gettext_lazy("Will not send troops"),
        },
    ),
    "compact": (
        "compact",
        gettext_lazy("Ukraine Compact"),
        lambda row: "yes" if row.compact else "",
        {"yes": gettext_lazy("Signed the Ukraine Compact")},
    ),
    "coalition": (
        "coalition",
        gettext_lazy("Coalition of the willing"),
        lambda row: "yes" if row.coalition else "",
        {"yes": gettext_lazy("In the coalition of the willing")},
    ),
    "purl": (
        "purl",
        gettext_lazy("PURL"),
        lambda row: "yes" if (row.purl or row.purl_member) else "",
        {"yes": gettext_lazy("Contributes to PURL")},
    ),
}


def map_countries(rows, show: str) -> dict:
    """The map's linked countries: each state with an answer to ``show``, linked to the record
    the answer comes from (its cell in the table), its colour and meaning in words."""
    key, _header, value_of, meanings = MAP_SHOWS[show]
    cells_of = {k: cells for k, _h, cells in COLUMNS}[key]
    countries = {}
    for row in rows:
        code = row.actor.iso_code
        value = value_of(row)
        if not code or not value:
            continue
        ((_text, url), *_rest) = cells_of(row)
        label = f"{row.actor.name}: {meanings[value]}"
        countries[code] = Country(f"map-{value}", url, label)
    return countries


@require_safe
def answers_map(request):
    # The same queries as the table: the map draws the table's rows.
    filters = MapFilter(request.GET)
    show = filters.valid_filters().get("show") or "agreement"
    rows = answered_rows(filters)
    countries = map_countries(rows, show)
    _key, header, _value_of, meanings = MAP_SHOWS[show]
    states = [row for row in rows if row.actor.iso_code]
    context = {
        "form": filters.form,
        "svg": country_map(countries, title=str(header)),
        "legend": [(f"map-{value}", meaning) for value, meaning in meanings.items()],
        "undrawn": [row.actor for row in states if not drawn(row.actor.iso_code)],
        "headers": [(key, header) for key, header, _cells in COLUMNS],
        "rows": table_rows(rows),
    }
    return render(request, "tiers/answers_map.html", context)
