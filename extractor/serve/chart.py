"""A series as an inline SVG line chart: the geometry in Python, the markup in the template (escaped there).

No chart library: a time axis (each point at the middle of its period), a value axis with round
ticks, a dot per point, and a line through consecutive periods of the same length (months with
months, quarters with quarters: a quarter's value beside its months' is not a step in the series),
broken where a period is missing.

>>> c = chart([(date(2024, 1, 1), date(2024, 1, 31), Decimal("10"), "Jan", False),
...            (date(2024, 2, 1), date(2024, 2, 29), Decimal("20"), "Feb", False),
...            (date(2024, 1, 1), date(2024, 3, 31), Decimal("45"), "Q1", True)])
>>> [round(d.y) for d in c.dots], c.y_ticks[0].label, len(c.lines)
([190, 50, 150], '0', 1)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 30, 30  # margins around the plot area


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str  # the dot's tooltip: its period, value and sources
    flagged: bool = False  # a cross-article finding is about it


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    dots: list[Dot]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[str]  # polylines' points attributes, one per period length with two points or more


def chart(points: list[tuple[date, date, Decimal, str, bool]]) -> Chart | None:
    """The chart of (start, end, value, label, flagged) points (None values left out); None when nothing to draw."""
    points = sorted((p for p in points if p[2] is not None), key=lambda p: (p[0], p[1]))
    if not points:
        return None
    xs = [(p[0].toordinal() + p[1].toordinal()) / 2 for p in points]
    ys = [float(p[2]) for p in points]
    x0, x1 = min(xs), max(xs)
    if x1 == x0:
        x0, x1 = x0 - 15, x1 + 15
    lo, hi, step = nice_range(min(ys), max(ys))
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def px(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * (right - LEFT)

    def py(y: float) -> float:
        return bottom - (y - lo) / (hi - lo) * (bottom - TOP)

    dots = [Dot(px(x), py(y), p[3], p[4]) for x, y, p in zip(xs, ys, points)]
    # a line runs through consecutive periods of one length, broken where a period is missing
    runs: dict[int, list[list[Dot]]] = {}
    last_end: dict[int, date] = {}
    for d, p in zip(dots, points):
        length = round((p[1] - p[0]).days / 30.4)
        if length in last_end and (p[0] - last_end[length]).days == 1:
            runs[length][-1].append(d)
        else:
            runs.setdefault(length, []).append([d])
        last_end[length] = p[1]
    lines = [" ".join(f"{d.x:.1f},{d.y:.1f}" for d in run) for _, group in sorted(runs.items()) for run in group
             if len(run) > 1]
    y_ticks = [Tick(py(lo + i * step), short(lo + i * step)) for i in range(round((hi - lo) / step) + 1)]
    years = range(date.fromordinal(int(x0)).year, date.fromordinal(int(x1)).year + 2)
    x_ticks = [Tick(px(t), str(y)) for y in years if x0 <= (t := date(y, 1, 1).toordinal()) <= x1]
    if not x_ticks:  # within one year: its first and last points' periods
        x_ticks = [Tick(dots[0].x, points[0][0].isoformat()[:7])]
        if len(dots) > 1:
            x_ticks.append(Tick(dots[-1].x, points[-1][0].isoformat()[:7]))
    return Chart(WIDTH, HEIGHT, LEFT, TOP, right, bottom, dots, x_ticks, y_ticks, lines)


def nice_range(lo: float, hi: float, ticks: int = 5) -> tuple[float, float, float]:
    """(low, high, step): round numbers around [lo, hi], zero included when the values are all of one sign.

    >>> nice_range(4.71e9, 47.7e9)
    (0.0, 50000000000.0, 10000000000.0)
    >>> nice_range(-3, 5)
    (-4.0, 6.0, 2.0)
    """
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi = lo + 1
    raw = (hi - lo) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return float(math.floor(lo / step) * step), float(math.ceil(hi / step) * step), float(step)


def short(value: float) -> str:
    """A tick label: 47.7e9 -> '47.7 bn', 2.5 -> '2.5'.

    >>> short(4.0e10), short(1.5e6), short(-250.0), short(0.0)
    ('40 bn', '1.5 mn', '-250', '0')
    """
    for size, unit in ((1e12, " tn"), (1e9, " bn"), (1e6, " mn")):
        if abs(value) >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.3g}"
