"""The overview's world map: a choropleth of events per country, drawn on the server as SVG.

The outlines are Natural Earth's 1:110m countries (public domain), from the npm package
``world-atlas`` (ISC), projected once at build time by ``scripts/build_world_map.py`` into
``data/web/world-110m.json`` (licence beside it). Countries with events are links to their
event list, reachable with the keyboard, and carry their name, ISO3 code and count.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources

# Light to dark blue: five classes of event counts (on a log scale: counts are skewed).
BLUES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_EVENTS = "#f2f2f2"


@dataclass(frozen=True)
class World:
    width: float
    height: float
    shapes: dict[str, tuple[str, str]]  # ISO3 → (Natural Earth name, SVG path)
    source: str


@lru_cache(maxsize=1)
def world() -> World:
    """The packaged outlines (read once: they never change while the app runs)."""
    text = resources.files("tidings").joinpath("data/web/world-110m.json").read_text()
    data = json.loads(text)
    return World(float(data["width"]), float(data["height"]),
                 {k: (v["name"], v["d"]) for k, v in data["countries"].items()},
                 data["source"])


def classes(peak: int) -> list[int]:
    """Upper bounds of the five colour classes for counts up to ``peak`` (log-spaced)."""
    if peak <= 5:
        return [1, 2, 3, 4, max(peak, 5)]
    bounds = [max(1, round(math.exp(math.log(peak) * k / 5))) for k in range(1, 6)]
    return sorted(set(bounds)) if len(set(bounds)) == 5 else [
        max(1, peak * k // 5) for k in range(1, 6)]


def colour(count: int, bounds: list[int]) -> str:
    if count <= 0:
        return NO_EVENTS
    return next((c for c, b in zip(BLUES, bounds, strict=False) if count <= b), BLUES[-1])


def world_map_svg(counts: dict[str, int], names: dict[str, str],
                  link: Callable[[str], str]) -> str:
    """Every country filled by its number of events; ``link(iso3)`` is where a click goes."""
    w = world()
    bounds = classes(max(counts.values(), default=0))
    parts = [f'<svg class="worldmap" viewBox="0 0 {w.width:.0f} {w.height:.0f}" '
             f'role="group" aria-label="World map of events per country">']
    for iso3, (ne_name, d) in w.shapes.items():
        n = counts.get(iso3, 0)
        name = names.get(iso3, ne_name)
        title = f"{name} ({iso3}): {n} event{'s' if n != 1 else ''}"
        path = (f'<path d="{d}" fill="{colour(n, bounds)}" stroke="#fff" stroke-width="0.5">'
                f"<title>{escape(title)}</title></path>")
        if n:
            parts.append(f'<a href="{escape(link(iso3))}" class="country" '
                         f'data-country="{iso3}" aria-label="{escape(title)}">{path}</a>')
        else:
            parts.append(path)
    parts.append("</svg>")
    return "".join(parts)


def legend(counts: dict[str, int]) -> list[tuple[str, str]]:
    """(colour, "a–b events") for the map's key."""
    bounds = classes(max(counts.values(), default=0))
    rows, low = [(NO_EVENTS, "none")], 1
    for c, b in zip(BLUES, bounds, strict=False):
        rows.append((c, f"{low}" if low == b else f"{low}–{b}"))
        low = b + 1
    return rows


def unmapped(counts: dict[str, int]) -> dict[str, int]:
    """Countries with events that the 1:110m map is too coarse to draw (small states)."""
    shapes = world().shapes
    return {k: v for k, v in counts.items() if k not in shapes}
