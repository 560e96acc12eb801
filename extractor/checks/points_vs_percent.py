"""points-vs-percent: a percentage-point change treated as a percent change, or the other way round."""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from ..models import Article, Check, Fact
from ..numbers import agree_within_rounding
from ..rules import load_rules
from . import register
from .describe import number, quoted, subject
from .subjects import subject as subject_key
from .tolerance import percent_interval


@functools.cache
def _units() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The percent and points units the growth normaliser reads (rules/changes.yaml)."""
    units = load_rules("changes")["units"]
    return re.compile(units["points"], re.IGNORECASE), re.compile(units["percent"], re.IGNORECASE)


@register("points-vs-percent")
def points_vs_percent(facts: list[Fact], article: Article | None = None) -> list[Check]:
    return _flag_vs_words(facts) + _share_changes(facts)


def _flag_vs_words(facts: list[Fact]) -> list[Check]:
    """The `points` flag against the unit its own phrase states."""
    points, percent = _units()
    out = []
    for f in facts:
        g = f.growth
        if g is None or not g.text:
            continue
        says_points = bool(points.search(g.text))
        says_percent = bool(percent.search(g.text)) and not says_points
        if says_points and not g.points or says_percent and g.points:
            stored = "a percent change" if not g.points else "a change in percentage points"
            out.append(Check(code="points-vs-percent", severity="warning", facts=[f.id],
                             message=f"The growth of {subject(f)}, {quoted(g.text)}, is stored as {stored}."))
    return out


def _share_changes(facts: list[Fact]) -> list[Check]:
    """A share stated for two periods and the change between them: points are the difference."""
    out = []
    for now in facts:
        g = now.growth
        if now.share is None or g is None or now.period is None:
            continue
        earlier = [f for f in facts if f is not now and f.share is not None and f.period is not None
                   and subject_key(f) == subject_key(now) and f.period.end < now.period.start]
        if len(earlier) != 1:
            continue
        before = earlier[0]
        s1, s0 = now.share.percent, before.share.percent
        diff = s1 - s0
        relative = (s1 / s0 - 1) * 100 if s0 else None
        gi = percent_interval(g.percent)
        diff_fits = (percent_interval(s1) - percent_interval(s0)).overlaps(gi)
        rel_fits = relative is not None and abs(relative - g.percent) <= _relative_tolerance(s1, s0)
        said = (f"For {subject(now)}, a share of {number(s1)} percent against {number(s0)} percent in "
                f"{before.period.start} to {before.period.end} ({before.id}) is a change of {number(diff)} points")
        if g.points and not diff_fits and rel_fits:
            out.append(Check(code="points-vs-percent", severity="warning", facts=[now.id, before.id],
                             message=f"{said}, but the change is stated as {number(g.percent)} points, which is "
                                     f"the change in percent."))
        elif not g.points and now.value is None and diff_fits and not rel_fits \
                and not agree_within_rounding(g.percent, Decimal(0)):
            out.append(Check(code="points-vs-percent", severity="warning", facts=[now.id, before.id],
                             message=f"{said}, and the change is stated as {number(g.percent)} percent; it is "
                                     f"likely {number(g.percent)} percentage points."))
    return out


def _relative_tolerance(s1: Decimal, s0: Decimal) -> Decimal:
    """How far the percent change between two rounded shares can move: the widest reading of both."""
    a, b = percent_interval(s1), percent_interval(s0)
    if b.lo <= 0:
        return Decimal("Infinity")
    hi, lo = (a.hi / b.lo - 1) * 100, (a.lo / b.hi - 1) * 100
    return (hi - lo) / 2
