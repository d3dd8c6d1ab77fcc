"""Figures side by side, and the one rule for adding them up.

Where sources disagree, each value is its own figure with its own source (tiers/models/figure.py).
``side_by_side`` groups one commitment's figures by what they measure, so that a page shows
disagreeing values next to each other with their sources, never silently picking one. ``totals``
is the only place figures are added: per actor, per tier, per year or any other selection.

What a total adds: of each commitment, for each kind, currency, unit and period, the preferred
figure, or the sole one when there is only one (deprecated figures never count). Figures of
different kinds, currencies, units or periods are never added together; each combination is a
total of its own. Left out, and said so: deprecated figures, figures whose sources disagree with
none (or more than one) preferred, and shares of GDP, which are shares of different economies.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Commitment, Figure
from .models.figure import MEASURE_FIELDS, period_in_words, value_in_words
from .partial_dates import PartialDate

DEPRECATED = "deprecated"
DISAGREE = "disagree"
SEVERAL_PREFERRED = "several_preferred"
GDP_SHARE = "gdp_share"
OUTSHONE = "outshone"

# Why a figure is not in a total, in words, in the order a page lists them.
REASONS = {
    DISAGREE: _("Sources disagree and none of their figures is preferred"),
    SEVERAL_PREFERRED: _("More than one figure of the same commitment is preferred"),
    GDP_SHARE: _("Shares of GDP are not added up: each is a share of its own economy"),
    DEPRECATED: _("Deprecated: known to be wrong or superseded"),
    OUTSHONE: _("Another source's figure for the same commitment is preferred"),
}
RANK_ORDER = {Figure.Rank.PREFERRED: 0, Figure.Rank.NORMAL: 1, Figure.Rank.DEPRECATED: 2}


def measure(figure) -> tuple:
    """What a figure measures: figures with the same measure may be compared and added."""
    return (
        figure.kind,
        figure.currency,
        figure.unit,
        figure.period_start_on,
        figure.period_start_precision,
        figure.period_end_on,
        figure.period_end_precision,
    )


def _period(key) -> tuple[PartialDate | None, PartialDate | None]:
    _kind, _currency, _unit, start_on, start_precision, end_on, end_precision = key
    return (
        PartialDate.from_fields(start_on, start_precision),
        PartialDate.from_fields(end_on, end_precision),
    )


def _sort_key(key):
    # Unknown periods last; a period's start, then its end, then kind, currency and unit.
    kind, currency, unit, start_on, _sp, end_on, _ep = key
    first = start_on or end_on  # a period "by 2028" sorts by its end; one of neither, last
    return (
        first is None,
        first or datetime.date.min,
        end_on is None,
        end_on or datetime.date.min,
        kind,
        currency,
        unit,
    )


@dataclass
class Measured:
    """Figures with the same measure: what a total adds, or one commitment's figures side by
    side."""

    key: tuple
    figures: list = field(default_factory=list)

    @property
    def kind(self):
        return self.key[0]

    @property
    def period(self) -> str:
        return period_in_words(*_period(self.key))

    @property
    def disagree(self) -> bool:
        """Sources give different values, among the figures not deprecated."""
        values = {f.value for f in self.figures if f.rank != Figure.Rank.DEPRECATED}
        return len(values) > 1


@dataclass
class Total(Measured):
    value: Decimal = Decimal(0)
    commitments: set = field(default_factory=set)

    @property
    def figure_count(self) -> int:
        return len(self.figures)

    @property
    def commitment_count(self) -> int:
        return len(self.commitments)

    @property
    def value_display(self) -> str:
        kind, currency, unit = self.key[:3]
        return value_in_words(kind, self.value, currency, unit)


@dataclass(frozen=True)
class ShownTotal:
    """What a page shows of a ``Total``: small enough to be kept between writes."""

    key: tuple
    value: Decimal
    figure_count: int
    commitment_count: int

    @property
    def value_display(self) -> str:
        kind, currency, unit = self.key[:3]
        return value_in_words(kind, self.value, currency, unit)

    @property
    def period(self) -> str:
        return period_in_words(*_period(self.key))


# A page names this many commitments beside each reason, and says when there are more.
NAMED_LEFT_OUT = 10


@dataclass(frozen=True)
class ShownTotals:
    """What a page shows of ``Totals`` (templates/tiers/includes/_totals.html reads either):
    each total's value and counts, and each reason with the commitments it names, as
    (id, slug, English title, Ukrainian title)."""

    totals: list
    reasons: list  # (reason, count, [commitment fields]), in the order of REASONS

    @property
    def left_out(self) -> bool:
        return bool(self.reasons)

    @property
    def left_out_reasons(self) -> list[dict]:
        return [
            {
                "reason": REASONS[reason],
                "count": count,
                # Unsaved records, for their addresses and titles.
                "commitments": [
                    Commitment(pk=pk, slug=slug, title_en=title_en, title_uk=title_uk)
                    for pk, slug, title_en, title_uk in commitments
                ],
            }
            for reason, count, commitments in self.reasons
        ]


@dataclass
class Totals:
    """What ``totals`` found: each total, and every figure left out with why."""

    totals: list
    left_out: dict  # reason -> [figures], in the order of REASONS

    def shown(self) -> ShownTotals:
        """What a page shows of these totals, without the figures themselves."""
        reasons = []
        for reason, figures in self.left_out.items():
            named = list({f.commitment_id: f.commitment for f in figures}.values())
            fields = [(c.pk, c.slug, c.title_en, c.title_uk) for c in named]
            reasons.append((reason, len(figures), fields[: NAMED_LEFT_OUT + 1]))
        shown = [
            ShownTotal(t.key, t.value, len(t.figures), len(t.commitments)) for t in self.totals
        ]
        return ShownTotals(shown, reasons)

    @property
    def included(self) -> int:
        return sum(len(total.figures) for total in self.totals)

    @property
    def left_out_reasons(self) -> list[dict]:
        """For a page: each reason, its figures and the commitments they belong to."""
        return [
            {
                "reason": REASONS[reason],
                "count": len(figures),
                "commitments": list({f.commitment_id: f.commitment for f in figures}.values()),
            }
            for reason, figures in self.left_out.items()
        ]


def public_figures(known: tuple[str, ...] = (), **selection):
    """Public figures with what ``tiers.figures.totals`` reads, and the commitment a page names
    beside what a total leaves out: one query. ``known``: as for ``public()``, the references
    the selection already holds to be public."""
    return (
        Figure.objects.public(known=known)
        .filter(**selection)
        .select_related("commitment")
        .only(
            *MEASURE_FIELDS,
            "commitment__slug",
            "commitment__title_en",
            "commitment__title_uk",
        )
    )


def side_by_side(figures) -> list[Measured]:
    """One commitment's figures, grouped by measure; in each group the preferred first."""
    groups: dict[tuple, Measured] = {}
    for figure in figures:
        groups.setdefault(measure(figure), Measured(measure(figure))).figures.append(figure)
    for group in groups.values():
        group.figures.sort(key=lambda f: (RANK_ORDER[f.rank], f.key))
    return [groups[key] for key in sorted(groups, key=_sort_key)]


# Plain strings, read once: a tier's totals run over tens of thousands of figures.
PREFERRED_RANK, DEPRECATED_RANK = str(Figure.Rank.PREFERRED), str(Figure.Rank.DEPRECATED)
GDP_SHARE_KIND = str(Figure.Kind.GDP_SHARE)


def counted(figures) -> tuple[list, dict]:
    """The figures a total may add, and the others by reason (see the module docstring)."""
    by_commitment = defaultdict(list)
    for figure in figures:
        by_commitment[figure.commitment_id, measure(figure)].append(figure)
    taken, left_out = [], defaultdict(list)
    for (_commitment, key), group in by_commitment.items():
        if len(group) == 1 and group[0].rank != DEPRECATED_RANK and key[0] != GDP_SHARE_KIND:
            taken.append(group[0])  # the sole figure: most commitments have one
            continue
        live = [f for f in group if f.rank != DEPRECATED_RANK]
        left_out[DEPRECATED] += [f for f in group if f.rank == DEPRECATED_RANK]
        preferred = [f for f in live if f.rank == PREFERRED_RANK]
        if key[0] == GDP_SHARE_KIND:
            left_out[GDP_SHARE] += live
        elif len(preferred) == 1:
            taken += preferred
            left_out[OUTSHONE] += [f for f in live if f is not preferred[0]]
        elif len(preferred) > 1:
            left_out[SEVERAL_PREFERRED] += live
        elif len(live) == 1:
            taken += live
        else:
            left_out[DISAGREE] += live
    ordered = {reason: left_out[reason] for reason in REASONS if left_out.get(reason)}
    return taken, ordered


def totals(figures) -> Totals:
    """Add up ``figures`` (any selection: an actor's, a tier's, a year's) by measure.

    Reads each figure's kind, currency, unit, period, rank, value and ``commitment_id`` only,
    plus ``commitment`` for the commitments a page names beside what it left out: load those
    with ``select_related`` and the whole computation runs no query.
    """
    taken, left_out = counted(figures)
    sums: dict[tuple, Total] = {}
    for figure in taken:
        key = measure(figure)
        total = sums.get(key) or sums.setdefault(key, Total(key))
        total.figures.append(figure)
        total.value += figure.value
        total.commitments.add(figure.commitment_id)
    return Totals([sums[key] for key in sorted(sums, key=_sort_key)], left_out)
