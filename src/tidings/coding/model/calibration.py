"""Turning raw model scores into probabilities: isotonic regression fitted on the dev split.

The fit is pool-adjacent-violators over (score, correct) pairs; the result is a short list of
breakpoints kept in ``meta.json`` and applied by linear interpolation, so run time needs
nothing but these numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def fit_isotonic(scores: Sequence[float], correct: Sequence[bool],
                 max_points: int = 64) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Breakpoints (scores, probabilities) of the non-decreasing fit of ``correct`` on
    ``scores`` (pool adjacent violators), smoothed. With no data it is the identity."""
    if not len(scores):
        return (0.0, 1.0), (0.0, 1.0)
    order = np.argsort(np.asarray(scores, dtype=float), kind="stable")
    xs = np.asarray(scores, dtype=float)[order]
    ys = np.asarray(correct, dtype=float)[order]
    # Blocks of (sum of y, count, mean x); merge while a block's mean exceeds the next one's.
    blocks: list[list[float]] = []
    for x, y in zip(xs, ys, strict=True):
        blocks.append([y, 1.0, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            y2, n2, x2 = blocks.pop()
            y1, n1, x1 = blocks.pop()
            blocks.append([y1 + y2, n1 + n2, (x1 * n1 + x2 * n2) / (n1 + n2)])
    # Each block's rate with one pseudo-event of each outcome (Laplace), so a small dev split
    # never promises certainty: a block of 3 right of 3 reads 0.8, not 1.0.
    # Smoothing can undo the order of a small block after a large one: keep it monotone.
    smoothed = np.maximum.accumulate([(b[0] + 1.0) / (b[1] + 2.0) for b in blocks])
    points = [(b[2], float(p)) for b, p in zip(blocks, smoothed, strict=True)]
    if len(points) > max_points:
        keep = np.linspace(0, len(points) - 1, max_points).round().astype(int)
        points = [points[i] for i in sorted(set(keep))]
    return (tuple(round(p[0], 5) for p in points), tuple(round(p[1], 5) for p in points))


def apply_isotonic(score: float, table: tuple[Sequence[float], Sequence[float]]) -> float:
    """The calibrated probability of ``score`` (flat beyond the fitted range)."""
    xs, ys = table
    if len(xs) == 1:
        return float(ys[0])
    return float(np.interp(score, xs, ys))


def reliability(probabilities: Sequence[float], correct: Sequence[bool],
                bins: int = 10) -> list[tuple[float, float, int, float]]:
    """(bin low, bin high, count, observed share correct) per confidence bin."""
    p = np.asarray(probabilities, dtype=float)
    c = np.asarray(correct, dtype=float)
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (p >= lo) & ((p < hi) if b < bins - 1 else (p <= hi))
        n = int(inside.sum())
        rows.append((lo, hi, n, float(c[inside].mean()) if n else float("nan")))
    return rows
