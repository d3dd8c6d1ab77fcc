"""The columns of who is in what: each a header and, for a row of ``tiers.answers``, the cells it
shows, each a text and the address of the record it comes from.

Declared once (``COLUMNS``): the table, its CSV, the map (tiers/answer_table.py keeps the cells)
and the comparison (tiers/views/compare.py) print the same cells. ``SORT_KEYS`` are the table's
sorts other than its own order, ``MAP_VALUES`` what the map colours a state by.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .answers import TROOP_ORDER


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
COLUMN_INDEX = {key: n for n, (key, _header, _cells) in enumerate(COLUMNS)}


def _earliest_agreement(row) -> str:
    # ISO dates sort as dates; an agreement of unknown date sorts first among those signed.
    dates = [c.announced_on for c in row.agreements if c.announced_on]
    return min(dates).isoformat() if dates else ""


# Sorts other than the table's own order (by actor: states first, then by name).
SORT_KEYS = {
    "agreement": lambda row: (row.first_agreement is None, _earliest_agreement(row)),
    "troops": lambda row: TROOP_ORDER.get(row.troop_position, len(TROOP_ORDER)),
    "purl": lambda row: not (row.purl or row.purl_member),
}

# What the map can colour a state by: the column it reads, and the row's value ("" for none).
MAP_VALUES = {
    "agreement": lambda row: "yes" if row.agreements else "",
    "troops": lambda row: row.troop_position,
    "compact": lambda row: "yes" if row.compact else "",
    "coalition": lambda row: "yes" if row.coalition else "",
    "purl": lambda row: "yes" if (row.purl or row.purl_member) else "",
}
