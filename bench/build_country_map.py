"""Build tiers/data/countries.json, the map's shapes, from world-atlas's countries-110m.json.

world-atlas (npm, ISC licence) redistributes Natural Earth's Admin 0 country boundaries
(public domain), 1:110m, as TopoJSON keyed by ISO 3166-1 numeric codes. This script, run once
when the boundaries are to be updated, decodes the topology, drops Antarctica, projects the
coordinates (plate carrée with its standard parallel at 40°, so that Europe keeps its shape),
rounds them to a tenth of a unit and writes one SVG path per country, keyed by its ISO 3166-1
alpha-2 code (pycountry). See docs/map.md.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python bench/build_country_map.py package/countries-110m.json
"""

import argparse
import json
import math
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tiers" / "data" / "countries.json"
WIDTH = 1000.0
NORTH, SOUTH = 84.0, -58.0  # Antarctica left out
PARALLEL = math.cos(math.radians(40))
KOSOVO_NAME = "Kosovo"


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def project(lon, lat):
    k = WIDTH / (360 * PARALLEL)
    return (lon + 180) * PARALLEL * k, (NORTH - lat) * k


def path(polygons) -> str:
    parts = []
    for polygon in polygons:
        for points in polygon:
            if all(lat < SOUTH for _lon, lat in points):
                continue
            projected, last = [], None
            for lon, lat in points:
                x, y = project(lon, max(lat, SOUTH))
                point = (round(x, 1), round(y, 1))
                if point != last:
                    projected.append(point)
                    last = point
            if len(projected) < 3:
                continue
            head, *rest = projected
            parts.append(
                f"M{head[0]:g} {head[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest) + "Z"
            )
    return "".join(parts)


def alpha_2(numeric: str, name: str) -> str | None:
    if name == KOSOVO_NAME:
        return "XK"  # the user-assigned code that the tracker's states may carry
    country = pycountry.countries.get(numeric=numeric) if numeric.isdigit() else None
    return country.alpha_2 if country else None


def build(source: Path) -> dict:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = alpha_2(str(geometry.get("id", "")), name)
        if code is None or code == "AQ":
            continue
        if geometry["type"] == "Polygon":
            polygons = [[ring(arcs, r) for r in geometry["arcs"]]]
        elif geometry["type"] == "MultiPolygon":
            polygons = [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        countries[code] = {"name": name, "d": path(polygons)}
    height = round(project(0, SOUTH)[1], 1)
    return {
        "origin": "Natural Earth 4.1.0 Admin 0 countries 1:110m, via world-atlas 2.0.2 (npm)",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "view_box": f"0 0 {WIDTH:g} {height:g}",
        "countries": dict(sorted(countries.items())),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="world-atlas's countries-110m.json")
    args = parser.parse_args()
    data = build(args.source)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(data['countries'])} countries, {OUT.stat().st_size:,} bytes: {OUT}")


if __name__ == "__main__":
    main()
