"""Charts as inline SVG, drawn on the server: no JavaScript library and no CDN, so the
dashboard works offline. Every label goes through ``html.escape``.

Time charts get every period of their range (empty ones drawn empty), so the x axis is to
scale; counts have a y axis from zero, and the cooperation–conflict index its own labelled
axis from −1 to +1 with the zero line drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

QUAD_COLOURS = {1: "#7fbf7f", 2: "#2e8b57", 3: "#f4a460", 4: "#c0392b"}
QUAD_NAMES = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
INDEX_COLOUR = "#1f4e79"
# Lines of a comparison, told apart by colour and dash (for readers who cannot tell colours).
LINE_STYLES = (("#1f4e79", ""), ("#b03a2e", "6 3"), ("#1e8449", "2 2"), ("#7d3c98", "8 3 2 3"),
               ("#9a7d0a", "1 3"), ("#2e4053", "10 4"))


@dataclass(frozen=True)
class Period:
    label: str  # YYYY-MM-DD start of the period
    counts: tuple[int, int, int, int]  # quad classes 1-4
    index: float | None  # cooperation-conflict index, -1..1; None when the period is empty
    href: str


@dataclass(frozen=True)
class Frame:
    """The plot area of a time chart and its scales."""

    width: int
    height: int
    left: int = 48
    right: int = 64
    top: int = 16
    bottom: int = 56

    @property
    def plot_w(self) -> float:
        return float(self.width - self.left - self.right)

    @property
    def plot_h(self) -> float:
        return float(self.height - self.top - self.bottom)

    def x(self, i: int, n: int) -> float:
        """Centre of period ``i`` of ``n`` (periods share the width equally)."""
        return self.left + (i + 0.5) * self.plot_w / max(n, 1)

    def y(self, value: float, low: float, high: float) -> float:
        return self.top + self.plot_h * (high - value) / ((high - low) or 1)


def nice_ticks(peak: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``peak`` (1, 2, 2.5 or 5 times a power of 10)."""
    if peak <= 0:
        return [0.0, 1.0]
    raw = peak / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(step, 1.0)  # counts: whole numbers
    return [i * step for i in range(int(math.ceil(peak / step)) + 1)]


def tone_colour(index: float) -> str:
    """Red (conflict, -1) through grey (0) to green (cooperation, +1)."""
    x = max(-1.0, min(1.0, index))
    if x >= 0:
        r, g, b = int(150 - 104 * x), int(150 - 11 * x), int(150 - 63 * x)
    else:
        r, g, b = int(150 + 42 * -x), int(150 - 93 * -x), int(150 - 107 * -x)
    return f"#{r:02x}{g:02x}{b:02x}"


def _count_axis(f: Frame, ticks: list[float], label: str) -> list[str]:
    top = ticks[-1]
    parts = []
    for t in ticks:
        y = f.y(t, 0, top)
        parts.append(f'<line x1="{f.left}" y1="{y:.1f}" x2="{f.width - f.right}" y2="{y:.1f}" '
                     f'stroke="#e3e3e3"/><text x="{f.left - 6}" y="{y + 4:.1f}" '
                     f'font-size="11" text-anchor="end">{t:g}</text>')
    parts.append(f'<text x="12" y="{f.top + f.plot_h / 2:.1f}" font-size="11" '
                 f'text-anchor="middle" transform="rotate(-90 12 {f.top + f.plot_h / 2:.1f})">'
                 f'{escape(label)}</text>')
    return parts


def _index_axis(f: Frame, side: str = "right") -> list[str]:
    """The index scale (−1 conflict … +1 cooperation) with its zero line."""
    x = f.width - f.right if side == "right" else f.left
    anchor, dx = ("start", 6) if side == "right" else ("end", -6)
    parts = []
    for t in (-1.0, -0.5, 0.0, 0.5, 1.0):
        y = f.y(t, -1, 1)
        parts.append(f'<line x1="{x}" y1="{y:.1f}" x2="{x + (4 if side == "right" else -4)}" '
                     f'y2="{y:.1f}" stroke="{INDEX_COLOUR}"/><text x="{x + dx}" y="{y + 4:.1f}" '
                     f'font-size="11" fill="{INDEX_COLOUR}" text-anchor="{anchor}">'
                     f'{"0" if t == 0 else f"{t:+.1f}"}</text>')
    zero = f.y(0, -1, 1)
    parts.append(f'<line class="zero" x1="{f.left}" y1="{zero:.1f}" x2="{f.width - f.right}" '
                 f'y2="{zero:.1f}" stroke="{INDEX_COLOUR}" stroke-dasharray="4 3"/>')
    lx = f.width - 8 if side == "right" else 12
    parts.append(f'<text x="{lx}" y="{f.top + f.plot_h / 2:.1f}" font-size="11" '
                 f'fill="{INDEX_COLOUR}" text-anchor="middle" transform="rotate(-90 {lx} '
                 f'{f.top + f.plot_h / 2:.1f})">index (−1 conflict … +1 coop.)</text>')
    return parts


def _time_labels(f: Frame, labels: list[str]) -> list[str]:
    """At most about 12 period labels under the axis; the axis line itself."""
    n = len(labels)
    every = max(1, math.ceil(n / 12))
    base = f.top + f.plot_h
    parts = [f'<line x1="{f.left}" y1="{base}" x2="{f.width - f.right}" y2="{base}" '
             f'stroke="#555"/>']
    for i, label in enumerate(labels):
        if i % every == 0:
            x = f.x(i, n)
            parts.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" '
                         f'stroke="#555"/><text x="{x:.1f}" y="{base + 16}" font-size="11" '
                         f'text-anchor="middle">{escape(label)}</text>')
    return parts


def _polyline(points: list[tuple[float, float] | None], colour: str, dash: str = "") -> list[str]:
    """A line broken where a point is missing (an empty period has no index)."""
    parts, run = [], []
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in run)}" '
                         f'fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>'
                     for x, y in run)
        run = []
    return parts


def short_label(label: str, by: str) -> str:
    """``2015-07-01`` as the period's name: ``2015-07``, ``2015-Q3`` or ``2015``."""
    if by == "year":
        return label[:4]
    if by == "quarter":
        return f"{label[:4]}-Q{(int(label[5:7]) - 1) // 3 + 1}"
    return label[:7]


def series_svg(periods: list[Period], by: str = "month", width: int = 860,
               height: int = 300) -> str:
    """Stacked bars of events by quad class per period (left axis, counts) and the index
    line (right axis); each non-empty bar links to its period."""
    if not periods:
        return '<p class="empty">No dated events for this pair and filter.</p>'
    f = Frame(width, height)
    n = len(periods)
    ticks = nice_ticks(max(sum(p.counts) for p in periods))
    bar_w = max(1.0, f.plot_w / n * 0.7)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="group" '
             f'aria-labelledby="series-title"><title id="series-title">Events per {by} by quad '
             f'class, with the cooperation–conflict index</title>',
             *_count_axis(f, ticks, "events"), *_index_axis(f)]
    points: list[tuple[float, float] | None] = []
    for i, p in enumerate(periods):
        cx = f.x(i, n)
        points.append(None if p.index is None else (cx, f.y(p.index, -1, 1)))
        if sum(p.counts):
            parts.append(_bar(f, p, cx - bar_w / 2, bar_w, ticks[-1], by))
    parts += _polyline(points, INDEX_COLOUR)
    parts += _time_labels(f, [short_label(p.label, by) for p in periods])
    parts += _quad_legend(f)
    parts.append("</svg>")
    return "".join(parts)


def _bar(f: Frame, p: Period, x: float, w: float, top: float, by: str) -> str:
    out = [f'<a href="{escape(p.href)}" class="period" data-period="{escape(p.label)}">'
           f"<title>{escape(short_label(p.label, by))}: {sum(p.counts)} events, index "
           f"{p.index or 0:+.2f}</title>"]
    y = f.top + f.plot_h
    for quad, count in enumerate(p.counts, start=1):
        h = f.plot_h * count / (top or 1)
        y -= h
        if count:
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                       f'fill="{QUAD_COLOURS[quad]}"/>')
    out.append("</a>")
    return "".join(out)


def _quad_legend(f: Frame) -> list[str]:
    parts, x = [], f.left
    y = f.height - 10
    for quad, name in QUAD_NAMES.items():
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                     f'fill="{QUAD_COLOURS[quad]}"/><text x="{x + 14}" y="{y}" font-size="11">'
                     f'{escape(name)}</text>')
        x += 120
    parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" '
                 f'stroke="{INDEX_COLOUR}" stroke-width="2"/><text x="{x + 22}" y="{y}" '
                 f'font-size="11" fill="{INDEX_COLOUR}">index</text>')
    return parts


@dataclass(frozen=True)
class Line:
    """One dyad of a comparison: its name and one value per period (None: no events)."""

    name: str
    values: tuple[float | None, ...]


def compare_svg(labels: list[str], lines: list[Line], *, index: bool, title: str,
                width: int = 860, height: int = 280) -> str:
    """Several dyads on one time axis: their index (``index=True``, axis −1..+1) or their
    event counts (axis from 0)."""
    if not labels or not lines:
        return '<p class="empty">Nothing to compare.</p>'
    f = Frame(width, height, right=24)
    n = len(labels)
    parts = [f'<svg class="chart compare" viewBox="0 0 {width} {height}" role="img">'
             f"<title>{escape(title)}</title>"]
    if index:
        parts += _index_axis(f, side="left")
        low, high = -1.0, 1.0
    else:
        peak = max((v for line in lines for v in line.values if v is not None), default=0)
        ticks = nice_ticks(peak)
        parts += _count_axis(f, ticks, "events")
        low, high = 0.0, ticks[-1]
    for k, line in enumerate(lines):
        colour, dash = LINE_STYLES[k % len(LINE_STYLES)]
        points = [None if v is None else (f.x(i, n), f.y(v, low, high))
                  for i, v in enumerate(line.values)]
        parts += _polyline(points, colour, dash)
        lx = f.left + 170 * k
        parts.append(f'<line x1="{lx}" y1="{height - 14}" x2="{lx + 24}" y2="{height - 14}" '
                     f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
                     f'<text x="{lx + 28}" y="{height - 10}" font-size="11">'
                     f'{escape(line.name)}</text>')
    parts += _time_labels(f, labels)
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    events: int
    index: float
    title: str = ""  # hover text: names and codes


def network_svg(edges: list[Edge], names: dict[str, str] | None = None,
                size: int = 520) -> str:
    """Countries on a circle, dyads as lines weighted by volume and coloured by tone; each
    line links to its dyad page."""
    if not edges:
        return '<p class="empty">No dyads for this filter.</p>'
    names = names or {}
    nodes = sorted({e.a for e in edges} | {e.b for e in edges})
    c = size / 2
    r = size / 2 - 50
    pos = {n: (c + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2))
           for i, n in enumerate(nodes)}
    peak = max(e.events for e in edges) or 1
    parts = [f'<svg class="network" viewBox="0 0 {size} {size}" role="group" '
             f'aria-label="most active dyads">']
    for e in edges:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        w = 1 + 7 * e.events / peak
        label = f"{names.get(e.a, e.a)} ({e.a}) – {names.get(e.b, e.b)} ({e.b})"
        parts.append(f'<a href="/relations/{escape(e.a)}/{escape(e.b)}" '
                     f'aria-label="{escape(label)}"><line x1="{x1:.1f}" y1="{y1:.1f}" '
                     f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="{tone_colour(e.index)}" '
                     f'stroke-width="{w:.1f}" stroke-linecap="round"><title>{escape(label)}: '
                     f'{e.events} events, index {e.index:+.2f}</title></line></a>')
    for n, (x, y) in pos.items():
        parts.append(f'<g><title>{escape(names.get(n, n))} ({escape(n)})</title>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="17" fill="#fff" stroke="#333"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle">'
                     f'{escape(n)}</text><text x="{x:.1f}" y="{y + 31:.1f}" font-size="12" '
                     f'text-anchor="middle">{escape(names.get(n, n))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
