"""Merging: drafts that state the same statistic become one Fact with all their evidence.

Two drafts are the same statistic when metric, region, counterpart, segment and period agree
and their numbers do not conflict (a headline "31%" and a body "30.9 percent" agree within
rounding). A draft with no period (a headline) joins the first agreeing fact of any period.

Drafts are grouped by key first, and a draft is compared with at most the first
_MAX_CANDIDATES groups of its key: real articles hold a handful per key, but machine-made
"number soup" holds thousands, and comparing each with all would be quadratic.
"""
from __future__ import annotations

from .assemble import Draft
from .models import Fact, Place
from .numbers import agree_within_rounding, decimals

_MAX_CANDIDATES = 64


def _place_key(p: Place | None) -> str | None:
    return None if p is None else (p.code or p.name.lower())


def _key(d: Draft) -> tuple:
    return (d.metric, _place_key(d.region), _place_key(d.counterpart), d.segment)


def _same_period(a: Draft, b: Draft) -> bool:
    """The same dates (however worded), or one side has none and they state a number in common (a
    headline's "31%" and the body's "30.9 percent"). A period-less figure that only adds a number of
    another kind ("supplied South Africa with about 30 pct of its crude imports" before "imports from
    South Africa dropped 36 pct ... in the first eight months") is a statistic of its own, unless
    both are of one sentence ("exports at 3.6 billion dlrs, 18.2 per cent more than ...")."""
    if a.period is None or b.period is None:
        return a.sentence == b.sentence or _number_in_common(a, b)
    return (a.period.start, a.period.end) == (b.period.start, b.period.end)


def _number_in_common(a: Draft, b: Draft) -> bool:
    if a.value is not None and b.value is not None:
        return True  # _compatible decides whether they agree
    return any(getattr(a, k) is not None and getattr(b, k) is not None for k in ("growth", "share"))


def _more_precise(a, b):
    return a if decimals(a.percent) >= decimals(b.percent) else b


def _compatible(f: Draft, d: Draft) -> bool:
    if f.value is not None and d.value is not None and \
            (f.value.amount != d.value.amount or f.value.currency != d.value.currency):
        return False
    for attr in ("growth", "share"):
        x, y = getattr(f, attr), getattr(d, attr)
        if x is not None and y is not None:
            if not agree_within_rounding(x.percent, y.percent):
                return False
            if attr == "growth" and (x.basis != y.basis and x.basis and y.basis or x.points != y.points):
                return False
    return True


def _absorb(f: Draft, d: Draft) -> None:
    f.value = f.value or d.value
    f.equivalents += d.equivalents  # repeats are dropped once, in merge(): dropping them here is quadratic
    for attr in ("growth", "share"):
        x, y = getattr(f, attr), getattr(d, attr)
        setattr(f, attr, _more_precise(x, y) if x is not None and y is not None else x or y)
    f.evidence += d.evidence
    f.period = f.period or d.period
    f.confidence = max(f.confidence, d.confidence)


def merge(drafts: list[Draft]) -> list[Fact]:
    """Drafts in order of first mention -> Facts f1, f2, ..."""
    groups: list[Draft] = []
    by_key: dict[tuple, list[Draft]] = {}
    for d in drafts:
        same_key = by_key.setdefault(_key(d), [])
        target = next((g for g in same_key[:_MAX_CANDIDATES] if _same_period(g, d) and _compatible(g, d)), None)
        if target is None:
            group = Draft(**{**d.__dict__, "equivalents": list(d.equivalents), "evidence": list(d.evidence)})
            groups.append(group)
            same_key.append(group)
        else:
            _absorb(target, d)
    groups = [g for g in groups if g.value is not None or g.growth is not None or g.share is not None]
    return [
        Fact(id=f"f{i}", metric=g.metric, region=g.region, counterpart=g.counterpart, segment=g.segment,
             period=g.period, value=g.value, equivalents=list(dict.fromkeys(g.equivalents)), growth=g.growth,
             share=g.share, evidence=sorted(dict.fromkeys(g.evidence), key=lambda s: s.start),
             confidence=round(g.confidence, 2))
        for i, g in enumerate(groups, 1)
    ]
