"""Charts drawn on the server as inline SVG: no script, no external asset.

Each chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>`` give its figures in words;
the pages print the same figures as a table too (see templates/tiers/includes/_chart_table.html).
Labels arrive translated; every piece of text goes through ``format_html`` and is escaped.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .models import Progress

# One colour per progress state and per kind of event, each dark enough for white text beside it
# to stay readable and distinct enough from its neighbours (WCAG 1.4.11 non-text contrast).
PROGRESS_COLOURS = {
    "": "#6b7280",
    "proposed": "#6b7280",
    "announced": "#1d4ed8",
    "agreed": "#6d28d9",
    "implementing": "#b45309",
    "fulfilled": "#15803d",
    "stalled": "#b91c1c",
    "withdrawn": "#374151",
}
EVENT_COLOURS = {"announced": "#1d4ed8", "change": "#b45309", "statement": "#15803d"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


def bar_chart(bars: list[Bar], *, title: str, chart_id: str) -> SafeString:
    """Horizontal bars, one row per label, with the value written after each bar."""
    # About 7 px per character of a 12 px label: room for the longest one, in any language.
    label_width = 12 + 7 * max([len(bar.label) for bar in bars] + [8])
    bar_space, row, gap = 160, 20, 6
    width = label_width + bar_space + 40
    height = max(1, len(bars)) * (row + gap)
    top = max([bar.value for bar in bars] + [1])
    rows = format_html_join(
        "",
        '<g transform="translate(0 {})">'
        '<text x="{}" y="14" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="2" width="{}" height="{}" fill="{}" rx="2"></rect>'
        '<text x="{}" y="14" class="chart-value">{}</text></g>',
        (
            (
                index * (row + gap),
                label_width - 6,
                bar.label,
                label_width,
                _length(bar.value, top, bar_space),
                row - 4,
                bar.colour,
                label_width + _length(bar.value, top, bar_space) + 4,
                bar.value,
            )
            for index, bar in enumerate(bars)
        ),
    )
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return _svg(chart_id, width, height, title, description, rows)


def stacked_columns(
    columns: list[tuple[str, list[int]]], series: list[Series], *, title: str, chart_id: str
) -> SafeString:
    """One column per period (e.g. a year), stacked by series, with a legend above."""
    column_width, gap, plot_height, axis_height = 36, 14, 150, 20
    legend_height = 18 * len(series) + 8  # one legend line per series: fits any label length
    width = max(300, len(columns) * (column_width + gap) + gap)
    height = legend_height + plot_height + axis_height
    # Headroom above the tallest column for its total.
    top = max([sum(values) for _period, values in columns] + [1]) * 1.12
    legend = format_html_join(
        "",
        '<rect x="0" y="{}" width="12" height="12" fill="{}"></rect>'
        '<text x="18" y="{}" class="chart-label">{}</text>',
        ((index * 18 + 2, s.colour, index * 18 + 13, s.label) for index, s in enumerate(series)),
    )
    pieces = []
    for index, (period, values) in enumerate(columns):
        x = gap + index * (column_width + gap)
        base = legend_height + plot_height
        for value, s in zip(values, series, strict=True):
            length = _length(value, top, plot_height)
            base -= length
            pieces.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    x,
                    base,
                    column_width,
                    length,
                    s.colour,
                )
            )
        pieces.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
                x + column_width // 2,
                height - 4,
                period,
                x + column_width // 2,
                max(legend_height + 12, base - 3),
                sum(values),
            )
        )
    axis = format_html(
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#374151"></line>',
        legend_height + plot_height,
        width,
        legend_height + plot_height,
    )
    body = format_html("{}{}{}", legend, SafeString("".join(pieces)), axis)
    description = "; ".join(
        f"{period}: " + ", ".join(f"{s.label} {v}" for s, v in zip(series, values, strict=True))
        for period, values in columns
    )
    return _svg(chart_id, width, height, title, description, body)


@dataclass(frozen=True)
class Chart:
    """A chart and the same figures as a table: its text alternative."""

    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list]


def progress_chart(counts: dict[str, int], *, chart_id: str) -> Chart:
    """Commitments per progress state, every state shown (zero included)."""
    bars = [
        Bar(label, counts.get(value, 0), PROGRESS_COLOURS[value])
        for value, label in Progress.choices
    ]
    if counts.get(""):
        bars.append(Bar(_("No status yet"), counts[""], PROGRESS_COLOURS[""]))
    title = _("Commitments by progress")
    return Chart(
        title=title,
        svg=bar_chart(bars, title=title, chart_id=chart_id),
        headers=[_("Progress"), _("Commitments")],
        rows=[[bar.label, bar.value] for bar in bars],
    )


def events_chart(per_year: dict[int, dict[str, int]], *, chart_id: str) -> Chart:
    """Dated events per year, stacked by kind: announcements, status changes, statements."""
    kinds = [
        ("announced", _("Commitments announced")),
        ("change", _("Status changes")),
        ("statement", _("Statements")),
    ]
    series = [Series(label, EVENT_COLOURS[kind]) for kind, label in kinds]
    columns = [
        (str(year), [per_year[year].get(kind, 0) for kind, _label in kinds])
        for year in sorted(per_year)
    ]
    title = _("Events per year")
    return Chart(
        title=title,
        svg=stacked_columns(columns, series, title=title, chart_id=chart_id),
        headers=[_("Year"), *(label for _kind, label in kinds)],
        rows=[[period, *values] for period, values in columns],
    )


def _length(value: int, top: int, space: int) -> int:
    """Bar length in pixels; a non-zero value stays visible."""
    if value <= 0:
        return 0
    return max(2, round(value / top * space))


def _svg(chart_id, width, height, title, description, body) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )
