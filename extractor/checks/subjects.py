"""Which facts are about the same thing: keys for grouping facts and finding a part's whole."""
from __future__ import annotations

from ..models import Fact, Period, Place


def place_key(p: Place | None) -> str | None:
    return None if p is None else (p.code or p.name.lower())


def period_key(p: Period | None) -> tuple | None:
    return None if p is None else (p.start, p.end)


def scope(f: Fact) -> tuple:
    """Region, period and currency: facts sharing a scope can be added and compared."""
    return (place_key(f.region), period_key(f.period), f.value.currency if f.value else None)


def subject(f: Fact) -> tuple:
    """Metric, region, counterpart and segment: the statistic, whatever its period."""
    return (f.metric, place_key(f.region), place_key(f.counterpart), f.segment)


def is_part(f: Fact) -> bool:
    """A figure about one counterpart or segment of the region's trade."""
    return f.counterpart is not None or f.segment is not None


def whole_of(part: Fact, facts: list[Fact], having: str = "value") -> Fact | None:
    """The region's total for the part's metric and period, when exactly one fact states it with a
    `having` (value or growth); with values on both sides, in the same currency."""
    if part.period is None:
        return None
    wholes = [f for f in facts if f is not part and not is_part(f) and f.metric == part.metric
              and getattr(f, having) is not None and scope(f)[:2] == scope(part)[:2]
              and (part.value is None or f.value is None or part.value.currency == f.value.currency)]
    return wholes[0] if len(wholes) == 1 else None
