"""Build the dashboard's world map from Natural Earth boundaries, once, at build time.

Input: the npm packages ``world-atlas`` (Natural Earth 1:110m Admin 0 countries as TopoJSON,
ISC licence; the Natural Earth data are public domain) and ``i18n-iso-countries`` (ISO 3166-1
numeric → alpha-3 table, MIT). Output: ``src/tidings/data/web/world-110m.json``, each country's
outline already projected (Equal Earth) and written as an SVG path, keyed by ISO3, so the
server draws the map by filling paths and ships no map library and no JavaScript.

Example (in an empty folder):
    npm install world-atlas@2.0.2 i18n-iso-countries@7.14.0
    python scripts/build_world_map.py node_modules src/tidings/data/web
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
from pathlib import Path

WIDTH = 960.0  # SVG user units; the height follows from the projection's aspect
# Equal Earth projection constants (Šavrič, Patterson & Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
SKIP = {"010"}  # Antarctica: no events there, and it takes a fifth of the drawing


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as (lon, lat) lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring crossing the antimeridian (Russia's far east, Fiji) made continuous: longitudes
    past ±180° go on beyond it instead of jumping across the map, and the drawing's edge
    cuts them off."""
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while out[-1][0] - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def path(rings: list[list[tuple[float, float]]], scale: float, x0: float, y0: float) -> str:
    """Projected rings as one SVG path, one decimal, repeated points dropped."""
    out = []
    for points in map(unwrap, rings):
        cmds, last = [], None
        for lon, lat in points:
            x, y = equal_earth(lon, lat)
            xy = f"{(x - x0) * scale:.1f},{(y0 - y) * scale:.1f}"
            if xy != last:
                cmds.append(xy)
                last = xy
        if len(cmds) > 2:
            out.append("M" + "L".join(cmds) + "Z")
    return "".join(out)


def build(modules: Path) -> dict:
    topo = json.loads((modules / "world-atlas/countries-110m.json").read_text())
    codes = json.loads((modules / "i18n-iso-countries/codes.json").read_text())
    iso3 = {numeric: alpha3 for _, alpha3, numeric, *_ in codes}
    arcs = decode_arcs(topo)
    x_max, y_max = equal_earth(180, 0)[0], equal_earth(0, 90)[1]
    scale = WIDTH / (2 * x_max)
    countries = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = iso3.get(geometry.get("id", ""))
        if code is None or geometry["id"] in SKIP:
            continue  # disputed areas without an ISO code (e.g. Kosovo, N. Cyprus)
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon]
        countries[code] = {"name": geometry["properties"]["name"],
                           "d": path(rings, scale, -x_max, y_max)}
    package = json.loads((modules / "world-atlas/package.json").read_text())
    return {"source": f"world-atlas {package['version']} (Natural Earth 1:110m Admin 0, "
                      "public domain), ISO codes from i18n-iso-countries",
            "projection": "Equal Earth", "width": WIDTH,
            # cut at 60°S: south of it there is only Antarctica, left out above
            "height": round((y_max - equal_earth(0, -60)[1]) * scale, 1),
            "countries": dict(sorted(countries.items()))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("node_modules", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    data = build(args.node_modules)
    (args.out / "world-110m.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")
    shutil.copy(args.node_modules / "world-atlas/LICENSE", args.out / "world-atlas.LICENSE")
    print(f"{len(data['countries'])} countries → {args.out / 'world-110m.json'}")


if __name__ == "__main__":
    main()
