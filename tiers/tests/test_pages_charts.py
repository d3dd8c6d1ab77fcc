"""Charts are inline SVG drawn on the server, each with its figures in words and as a table."""

import re

from tiers.charts import Bar, Series, bar_chart, events_chart, progress_chart, stacked_columns


def test_bars_are_proportional_and_labelled():
    svg = bar_chart([Bar("Agreed", 10, "#000"), Bar("Stalled", 5, "#111")], title="T", chart_id="c")
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="2" width="(\d+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert '<title id="c-title">T</title>' in svg
    assert '<desc id="c-desc">Agreed: 10; Stalled: 5</desc>' in svg
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg


def test_a_zero_draws_no_bar_and_a_small_value_stays_visible():
    svg = bar_chart(
        [Bar("A", 1000, "#000"), Bar("B", 1, "#000"), Bar("C", 0, "#000")], title="T", chart_id="c"
    )
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="2" width="(\d+)"', svg)]
    assert widths[1] >= 2 and widths[2] == 0


def test_labels_are_escaped():
    svg = bar_chart([Bar("<script>", 1, "#000")], title="<b>", chart_id="c")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_no_script_and_no_external_asset():
    svg = stacked_columns(
        [("2024", [1, 2, 3]), ("2025", [0, 0, 4])],
        [Series("a", "#000"), Series("b", "#111"), Series("c", "#222")],
        title="Events",
        chart_id="e",
    )
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    assert "2024: a 1, b 2, c 3; 2025: a 0, b 0, c 4" in svg


def test_the_progress_chart_shows_every_state_and_its_table():
    chart = progress_chart({"agreed": 2, "": 1}, chart_id="p")
    labels = [row[0] for row in chart.rows]
    assert labels[:7] == [
        "Proposed",
        "Announced",
        "Agreed",
        "Being implemented",
        "Fulfilled",
        "Stalled",
        "Withdrawn",
    ]
    assert chart.rows[2] == ["Agreed", 2] and chart.rows[-1] == ["No status yet", 1]


def test_the_events_chart_has_a_column_per_year():
    chart = events_chart({2025: {"statement": 2}, 2024: {"announced": 1}}, chart_id="e")
    assert chart.rows == [["2024", 1, 0, 0], ["2025", 0, 0, 2]]
    assert chart.headers[0] == "Year"
