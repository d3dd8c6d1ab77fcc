"""The countries map, drawn on the server as SVG from the shipped boundaries.

tiers/data/countries.json holds one simplified SVG path per country, keyed by its ISO 3166-1
alpha-2 code, built once by bench/build_country_map.py from Natural Earth (public domain) via
world-atlas (ISC); docs/map.md gives its origin. ``country_map`` draws every country and makes
those it is given a link: a class for its colour, an address and a text alternative.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html, format_html_join

DATA = Path(__file__).resolve().parent / "data" / "countries.json"


@dataclass(frozen=True)
class Country:
    """What the map says about one country: its colour class, where it links, in words."""

    css_class: str
    url: str
    label: str


@cache
def shapes() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def drawn(code: str) -> bool:
    return code in shapes()["countries"]


def country_map(countries: dict[str, Country], *, title: str, map_id: str = "answers-map"):
    """The SVG: countries in ``countries`` (by ISO code) as links, the others in grey, drawn
    first so that the links' outlines lie on top."""
    data = shapes()
    plain = format_html_join(
        "",
        '<path class="map-country" d="{}"/>',
        ((shape["d"],) for code, shape in data["countries"].items() if code not in countries),
    )
    linked = format_html_join(
        "",
        '<a href="{}" aria-label="{}"><title>{}</title><path class="map-country {}" d="{}"/></a>',
        (
            (country.url, country.label, country.label, country.css_class, shape["d"])
            for code, country in sorted(countries.items())
            if (shape := data["countries"].get(code))
        ),
    )
    return format_html(
        '<svg class="map" viewBox="{}" role="group" aria-labelledby="{}-title">'
        '<title id="{}-title">{}</title>{}{}</svg>',
        data["view_box"],
        map_id,
        map_id,
        title,
        plain,
        linked,
    )
