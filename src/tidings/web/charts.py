"""Charts as inline SVG, drawn on the server: no JavaScript library and no CDN, so the
dashboard works offline. Every label goes through ``html.escape``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

QUAD_COLOURS = {1: "#7fbf7f", 2: "#2e8b57", 3: "#f4a460", 4: "#c0392b"}
QUAD_NAMES = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class Period:
    label: str  # YYYY-MM-DD start of the period
    counts: tuple[int, int, int, int]  # quad classes 1-4
    index: float  # cooperation-conflict index, -1..1
    href: str


def tone_colour(index: float) -> str:
    """Red (conflict, -1) through grey (0) to green (cooperation, +1)."""
    x = max(-1.0, min(1.0, index))
    if x >= 0:
        r, g, b = int(150 - 104 * x), int(150 - 11 * x), int(150 - 63 * x)
    else:
        r, g, b = int(150 + 42 * -x), int(150 - 93 * -x), int(150 - 107 * -x)
    return f"#{r:02x}{g:02x}{b:02x}"


def series_svg(periods: list[Period], width: int = 760, height: int = 240) -> str:
    """Stacked bars of events by quad class per period, the index as a line; each bar links
    to its period."""
    if not periods:
        return '<p class="empty">No events for this pair.</p>'
    pad, top = 40, 20
    plot_h = height - top - 40
    n = len(periods)
    bar_w = max(4.0, (width - 2 * pad) / n * 0.7)
    step = (width - 2 * pad) / n
    peak = max(sum(p.counts) for p in periods) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="events by quad class per period">']
    parts.append(f'<line x1="{pad}" y1="{top + plot_h}" x2="{width - pad}" '
                 f'y2="{top + plot_h}" stroke="#888"/>')
    points = []
    for i, p in enumerate(periods):
        x = pad + i * step + (step - bar_w) / 2
        y = float(top + plot_h)
        parts.append(f'<a href="{escape(p.href)}" class="period" data-period="{escape(p.label)}">')
        parts.append(f"<title>{escape(p.label)}: {sum(p.counts)} events, index "
                     f"{p.index:+.2f}</title>")
        for quad, count in enumerate(p.counts, start=1):
            h = plot_h * count / peak
            y -= h
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                             f'height="{h:.1f}" fill="{QUAD_COLOURS[quad]}"/>')
        parts.append("</a>")
        cx = x + bar_w / 2
        cy = top + plot_h / 2 - p.index * plot_h / 2
        points.append(f"{cx:.1f},{cy:.1f}")
        if n <= 24 or i % max(1, n // 12) == 0:
            parts.append(f'<text x="{cx:.1f}" y="{height - 22}" font-size="10" '
                         f'text-anchor="middle">{escape(p.label[:7])}</text>')
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" '
                 f'stroke-width="2"/>')
    legend_x = pad
    for quad, name in QUAD_NAMES.items():
        parts.append(f'<rect x="{legend_x}" y="{height - 12}" width="10" height="10" '
                     f'fill="{QUAD_COLOURS[quad]}"/><text x="{legend_x + 14}" '
                     f'y="{height - 3}" font-size="10">{escape(name)}</text>')
        legend_x += 130
    parts.append(f'<text x="{legend_x}" y="{height - 3}" font-size="10" fill="#1f4e79">'
                 f'— index (−1 conflict … +1 cooperation)</text></svg>')
    return "".join(parts)


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    events: int
    index: float


def network_svg(edges: list[Edge], size: int = 520) -> str:
    """Countries on a circle, dyads as lines weighted by volume and coloured by tone; each
    line links to its dyad page."""
    if not edges:
        return '<p class="empty">No dyads yet.</p>'
    nodes = sorted({e.a for e in edges} | {e.b for e in edges})
    c = size / 2
    r = size / 2 - 50
    pos = {n: (c + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2))
           for i, n in enumerate(nodes)}
    peak = max(e.events for e in edges) or 1
    parts = [f'<svg class="network" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="most active dyads">']
    for e in edges:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        w = 1 + 7 * e.events / peak
        parts.append(f'<a href="/relations/{escape(e.a)}/{escape(e.b)}"><line x1="{x1:.1f}" '
                     f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{tone_colour(e.index)}" '
                     f'stroke-width="{w:.1f}" stroke-linecap="round"><title>{escape(e.a)}–'
                     f'{escape(e.b)}: {e.events} events, index {e.index:+.2f}</title></line></a>')
    for n, (x, y) in pos.items():
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="16" fill="#fff" stroke="#333"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="10" text-anchor="middle">'
                     f'{escape(n)}</text>')
    parts.append("</svg>")
    return "".join(parts)
