from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Value
from django.shortcuts import render

from ..cache_tags import depends_on_lists
from ..charts import events_chart
from ..filters import TimelineFilter
from ..models import Actor, Commitment, Statement, StatusChange, Tier
from ..partial_dates import PartialDate
from ..summaries import dated_events, events_per_year
from .pagination import paginate

PER_PAGE = 50


@dataclass
class Event:
    kind: str  # "announced", "change" or "statement"
    record: object

    @property
    def date(self) -> PartialDate:
        return {
            "announced": lambda r: r.announced,
            "change": lambda r: r.occurred,
            "statement": lambda r: r.said,
        }[self.kind](self.record)


class DatedEvents:
    """The union of the dated events, newest first, sliced by the paginator.

    The yearly counts drawn in the chart give the total without a query, and tell which years a
    page falls in: each slice asks the database only for the events of those years.
    """

    def __init__(self, sources, per_year):
        self.sources = sources
        self.per_year = {year: sum(kinds.values()) for year, kinds in per_year.items()}

    def count(self):
        return sum(self.per_year.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        skipped, years = 0, []
        for year in sorted(self.per_year, reverse=True):
            if skipped + self.per_year[year] <= page.start:
                skipped += self.per_year[year]
                continue
            years.append(year)
            if skipped + sum(self.per_year[y] for y in years) >= page.stop:
                break
        if not years:
            return []
        wanted = page.stop - skipped
        parts = [
            _newest(
                queryset.filter(
                    **{f"{field}__year__gte": years[-1], f"{field}__year__lte": years[0]}
                )
                .annotate(event_on=F(field), event_kind=Value(kind), event_id=F("pk"))
                .values_list("event_on", "event_kind", "event_id"),
                field,
                wanted,
            )
            for kind, (queryset, field) in self.sources.items()
        ]
        union = parts[0].union(*parts[1:], all=True)
        union = union.order_by("-event_on", "event_kind", "-event_id")
        return _events(list(union[page.start - skipped : page.stop - skipped]))


def timeline(request):
    # Three counts per year for the chart (they give the total too; kept between writes by
    # tiers.summaries), the page's events from the union of the years it spans, one query per
    # kind of event on the page, and the form's tier choices.
    depends_on_lists(Commitment, StatusChange, Statement, Tier, Actor)
    filters = TimelineFilter(request.GET, queryset=Commitment.objects.none())
    chosen = filters.valid_filters()
    sources = dated_events(**chosen)
    per_year = events_per_year(sources, **chosen)
    context = {
        "form": filters.form,
        "page": paginate(request, DatedEvents(sources, per_year), PER_PAGE),
        "chart": events_chart(per_year, chart_id="events-chart"),
    }
    return render(request, "tiers/timeline.html", context)


def _newest(events, field, wanted):
    """The first ``wanted`` of one kind's events, newest first, where the database can limit
    each part of a union: a busy year then costs a page's rows of each kind, read in the order
    of its newest-first index, rather than every event of the year. The union's order (date,
    kind, id) keeps each kind's own order, so its first rows are among each kind's first."""
    if not connections[events.db].features.supports_slicing_ordering_in_compound:
        return events.order_by()
    # As the kind's newest-first index orders it: unknown dates last where a date may be unknown
    # (tiers_commitment_newest_idx, tiers_statement_newest_idx, tiers_statuschange_latest_idx).
    nullable = events.model._meta.get_field(field).null
    newest = F(field).desc(nulls_last=True) if nullable else F(field).desc()
    return events.order_by(newest, F("pk").desc())[:wanted]


def _events(rows):
    """The records behind a page of (date, kind, id) rows, one query per kind, in order."""
    ids = {"announced": [], "change": [], "statement": []}
    for _on, kind, pk in rows:
        ids[kind].append(pk)
    records = {
        "announced": Commitment.objects.select_related("tier").in_bulk(ids["announced"]),
        "change": StatusChange.objects.select_related("commitment", "source").in_bulk(
            ids["change"]
        ),
        "statement": Statement.objects.select_related("speaker").in_bulk(ids["statement"]),
    }
    return [Event(kind, records[kind][pk]) for _on, kind, pk in rows]
