"""Who is in what, kept: the table's rows as plain data, computed once per change of the lists
they are read from, for the table, its CSV and the map.

The table is a function of the whole public record (``tiers.answers.who_is_in_what``): computing
it reads every answering commitment, its actors and the figures of the commitments the actors
lead, and its cost grows with them. So it is a summary (``tiers.summaries``): kept in the shared
cache under the versions of the lists it reads (commitments, actors, memberships, figures,
sources, tiers), for one language and one choice of the filters that narrow what is counted
(tier, category); each process also holds the tables it read last while their versions stand,
so that a request does not unpickle thousands of rows. The filter of the rows (kind), the sorts
and the pages are applied to the kept rows; the CSV of a choice of filters and sort is kept
too, as its text. When a write commits, ``refresh`` has a background task compute the
unfiltered table and its CSV again in each language, so that neither the writer nor the next
reader waits for them; a filtered table, or one missing or stale when read (before the task has
run), is computed by that reader and kept.

A kept row holds what the pages print: the actor's slug, name, kind and ISO code, each column's
cells (texts and addresses, in that language), the row's key for each sort and its value for
each of the map's colourings. No model instance is kept.
"""

import csv
import io
import logging
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django_tasks import task

from . import summaries
from .answer_cells import COLUMNS, MAP_VALUES, SORT_KEYS
from .answers import who_is_in_what

logger = logging.getLogger(__name__)

# The tables and CSV texts this process read last (a few languages and filter choices).
READ_LAST = summaries.InProcess(size=8)


class KeptRow(NamedTuple):
    """One actor's row of the table, as its pages print it."""

    slug: str
    name: str
    kind: str
    iso_code: str
    cells: tuple  # per column (tiers.answer_cells.COLUMNS): ((text, url), …)
    sorts: dict  # sort -> this row's key (tiers.answer_cells.SORT_KEYS)
    shows: dict  # map colouring -> this row's value, "" for none (MAP_VALUES)

    @property
    def actor(self):
        """The row's actor as the table's templates read it: slug and name."""
        return self


def kept_row(row) -> KeptRow:
    actor = row.actor
    return KeptRow(
        slug=actor.slug,
        name=str(actor.name),
        kind=actor.kind,
        iso_code=actor.iso_code or "",
        cells=tuple(
            tuple((str(text), str(url)) for text, url in cells(row)) for _k, _h, cells in COLUMNS
        ),
        sorts={sort: key(row) for sort, key in SORT_KEYS.items()},
        shows={show: value(row) for show, value in MAP_VALUES.items()},
    )


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _name(language: str, tier, category: str, *csv_of) -> str:
    name = f"{summaries.TABLE}:{language}:tier-{tier.pk if tier else ''}:category-{category}"
    return name + (":csv-kind-{}-sort-{}".format(*csv_of) if csv_of else "")


def kept_rows(*, tier=None, category: str = "") -> tuple[KeptRow, ...]:
    """Every row of the table in the current language, states first, then by name: no query
    while it is kept; the queries of ``who_is_in_what`` when it must be computed."""

    def compute():
        return tuple(kept_row(row) for row in who_is_in_what(tier=tier, category=category))

    return summaries.kept(_name(_language(), tier, category), compute, READ_LAST)


def chosen_rows(*, tier=None, category: str = "", kind: str = "", sort: str = ""):
    """The kept rows of one kind (or all), in the table's order or by one of ``SORT_KEYS``."""
    rows = kept_rows(tier=tier, category=category)
    if kind:
        rows = [row for row in rows if row.kind == kind]
    if sort in SORT_KEYS:
        rows = sorted(rows, key=lambda row: (row.sorts[sort], row.name))
    return rows


def csv_text(rows) -> bytes:
    """The table as CSV in UTF-8: its headers, then each row's cells, the texts of a cell joined
    by "; ", with a byte-order mark, as the downloads, so that spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(header) for _key, header, _cells in COLUMNS])
    writer.writerows(["; ".join(text for text, _url in cell) for cell in row.cells] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def kept_csv(*, tier=None, category: str = "", kind: str = "", sort: str = "") -> bytes:
    """The CSV of ``chosen_rows``, kept as its bytes."""
    sort = sort if sort in SORT_KEYS else ""  # the table's own order, however it is named
    choice = {"tier": tier, "category": category, "kind": kind, "sort": sort}
    name = _name(_language(), tier, category, kind, sort)
    return summaries.kept(name, lambda: csv_text(chosen_rows(**choice)), READ_LAST)


def refresh(tags) -> None:
    """After a write committed: have the unfiltered table and its CSV computed again in every
    language, in the background (``refresh_table``), if the write changed a list it reads; at
    100,000 commitments that takes seconds, which the writer should not wait for."""
    if summaries.touches(summaries.TABLE, tags):
        refresh_table.enqueue()


def _unfiltered_names() -> list[str]:
    names = []
    for language, _label in settings.LANGUAGES:
        names += [_name(language, None, ""), _name(language, None, "", "", "")]
    return names


@task()
def refresh_table() -> None:
    """The background task: compute the unfiltered table again, unless it is current already
    (a task of an earlier write in a burst, or a reader, computed it since)."""
    names = _unfiltered_names()
    if all(summaries.is_current(name) for name in names):
        return
    languages = [language for language, _label in settings.LANGUAGES]

    def compute():
        rows, kept = who_is_in_what(), []
        for language in languages:
            with translation.override(language):
                table = tuple(kept_row(row) for row in rows)
                kept += [table, csv_text(table)]
        return kept

    try:
        summaries.keep(names, compute)
    except Exception:
        # The write has committed: a table left stale is computed by its next reader.
        logger.exception("Who is in what could not be refreshed")
