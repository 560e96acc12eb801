"""implied-growth: what the stated rates, shares and levels imply about figures the article does not state.

Two readings:
- a part's share and growth with the whole's growth imply the growth of the rest of the whole; a
  rest that must have been negative a year earlier is impossible (warning), a merely striking
  implied figure is reported as info;
- a level and the level of the period its growth compares with imply that growth; a stated rate
  no rounding reconciles with them is a warning when the article states the rate beside the earlier
  level, and info when the pairing is only the extractor's: the earlier level stated sentences away
  from the rate, or another rate or level of the same statistic that fits (the rate then belongs to
  another figure; which one cannot be checked).
"""
from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from ..models import Article, Check, Fact, Span
from ..normalise.periods import shift_months
from ..rules import load_rules
from . import register
from .describe import amount, capital, number, signed, subject
from .subjects import is_part, period_key, whole_of
from .subjects import subject as subject_key
from .tolerance import Interval, money_interval, percent_interval
from .words import bound_matcher, word_matcher

_ONE = Interval(Decimal(1), Decimal(1))


@register("implied-growth")
def implied_growth(facts: list[Fact], article: Article | None = None) -> list[Check]:
    return _rest_of_whole(facts) + _from_levels(facts)


def _basis(f: Fact) -> str:
    return f.growth.basis or "yoy"


def _factor(p: Decimal) -> Interval:
    """1 + a stated percent, with its rounding: 28 -> [1.275, 1.285]."""
    return _ONE + percent_interval(p).scaled(Decimal("0.01"))


def _rest_of_whole(facts: list[Fact]) -> list[Check]:
    cfg = load_rules("checks")
    foreign = word_matcher(tuple(cfg["share_vs_values"]["foreign_whole_words"]))
    out = []
    for part in facts:
        if part.share is None or part.growth is None or part.growth.points or not is_part(part) \
                or foreign.search(part.share.of or "") or not 0 < part.share.percent < 100:
            continue
        whole = whole_of(part, facts, having="growth")
        if whole is None or whole.growth.points or _basis(whole) != _basis(part):
            continue
        share = percent_interval(part.share.percent).scaled(Decimal("0.01"))
        # the rest a year earlier, as a fraction of the whole now: W/(1+gW) - sW/(1+gP)
        whole_then, part_then = _ONE / _factor(whole.growth.percent), share / _factor(part.growth.percent)
        if whole_then is None or part_then is None:  # a fall of 100 percent: nothing was there before
            continue
        before = whole_then - part_then
        said = (f"{capital(subject(part))}, {number(part.share.percent)} percent of the total, changed "
                f"{signed(part.growth.percent)} percent while {subject(whole)} changed "
                f"{signed(whole.growth.percent)} percent")
        if before.hi < 0:
            out.append(Check(code="implied-growth", severity="warning", facts=[part.id, whole.id],
                             message=f"{said}: the rest would have had to be negative before, which is impossible."))
        elif before.lo > 0:
            s, g_whole, g_part = (x / 100 for x in (part.share.percent, whole.growth.percent, part.growth.percent))
            rest = ((1 - s) / (1 / (1 + g_whole) - s / (1 + g_part)) - 1) * 100
            if rest > cfg["implied_growth"]["notable_rise"] or rest < cfg["implied_growth"]["notable_fall"]:
                out.append(Check(code="implied-growth", severity="info", facts=[part.id, whole.id],
                                 message=f"{said}, so the rest changed about {signed(round(rest, 1))} percent."))
    return out


def _from_levels(facts: list[Fact]) -> list[Check]:
    cfg = load_rules("checks")["implied_growth"]
    months = cfg["basis_months"]
    out = []
    for now in facts:
        g = now.growth
        if g is None or g.points or now.value is None or now.period is None or _basis(now) not in months:
            continue
        found = _implied(now, months[_basis(now)], facts)
        if found is None:
            continue
        before, implied = found
        stated = stated_rate(g)
        if implied.overlaps(stated):
            continue
        cur = now.value.currency
        point = (abs(now.value.amount) / abs(before.value.amount) - 1) * 100
        message = (f"For {subject(now)}, {amount(now.value.amount, cur)} against "
                   f"{amount(before.value.amount, cur)} for {before.period.start} to {before.period.end} "
                   f"({before.id}) implies a change of {signed(round(point, 1))} percent, but the change "
                   f"is stated as {signed(g.percent)} percent")
        for basis, back in months.items():  # a rate against another period: the basis is what is wrong
            other = _implied(now, back, facts) if basis != _basis(now) else None
            if other is not None and other[1].overlaps(stated):
                message += (f"; that is the change from {other[0].period.start} to {other[0].period.end} "
                            f"({other[0].id}), so the basis may be {basis}")
                break
        severity, why = "warning", None
        if not implied.overlaps(stated.scaled(Decimal(-1))):  # the same size the other way is a direction error
            why = _reconciled(now, before, implied, facts) or _apart(now, before, cfg["near_chars"])
        if why:
            severity, message = "info", f"{message}; the pairing is uncertain: {why}"
        out.append(Check(code="implied-growth", severity=severity, facts=[now.id, before.id], message=message + "."))
    return out


def stated_rate(g) -> Interval:
    """A stated rate with its rounding, open on one side when its phrase bounds it: "more than 50
    percent" is 49.5 or more (a fall: -49.5 or less), "nearly 30 percent" at most 30.5 in size."""
    cfg = load_rules("checks")["bounds"]
    x = percent_interval(g.percent)
    unbounded = Decimal("Infinity")
    text = " ".join((g.text or "").split())
    if bound_matcher(tuple(cfg["at_least"])).search(text):
        x = Interval(x.lo, unbounded) if g.percent > 0 else Interval(-unbounded, x.hi)
    elif bound_matcher(tuple(cfg["at_most"])).search(text):
        x = Interval(Decimal(0), x.hi) if g.percent > 0 else Interval(x.lo, Decimal(0))
    return x


def _reconciled(now: Fact, before: Fact, implied: Interval, facts: list[Fact]) -> str | None:
    """Another figure of the same statistic and period makes the levels and the rate agree: the levels
    fit another stated rate, or the rate fits another level against the same earlier one."""
    stated = stated_rate(now.growth)
    for other in facts:
        if other is now or other is before or subject_key(other) != subject_key(now) \
                or period_key(other.period) != period_key(now.period):
            continue
        g = other.growth
        if g is not None and not g.points and _basis(other) == _basis(now) \
                and abs(g.percent) != abs(now.growth.percent) and implied.overlaps(stated_rate(g)):
            return f"the levels fit the rate {signed(g.percent)} percent of {other.id}"
        if other.value is not None and other.value.currency == now.value.currency \
                and other.value.amount != now.value.amount:
            ratio = money_interval(other.value) / money_interval(before.value)
            if ratio is not None and (ratio - _ONE).scaled(Decimal(100)).overlaps(stated):
                return f"the rate fits {amount(other.value.amount, other.value.currency)} ({other.id}) against it"
    return None


def _apart(now: Fact, before: Fact, near: int) -> str | None:
    """The earlier level stated further than `near` characters from the rate: no sentence pairs them."""
    rates = [s for s in now.evidence if _said(s.text) == _said(now.growth.text)]
    levels = [s for s in before.evidence if before.value.text and _said(s.text) == _said(before.value.text)]
    if not rates or not levels:  # facts without their mentions (another tool's): the pairing is theirs
        return None
    gap = _gap(rates, levels)
    if gap <= near:
        return None
    return f"the earlier level is stated {gap} characters away from the rate (more than {near})"


def _gap(these: list[Span], those: list[Span]) -> int:
    """Characters between the nearest two mentions (0 when they touch or overlap). A fact stated
    thousands of times has thousands of mentions: each is compared with its neighbours only."""
    those = sorted(those, key=lambda b: b.start)
    starts = [b.start for b in those]
    gaps = (max(0, max(a.start, b.start) - min(a.end, b.end))
            for a in these for i in [bisect_left(starts, a.start)] for b in those[max(0, i - 1):i + 1])
    return min(gaps)


def _said(text: str | None) -> str:
    return " ".join((text or "").split())


def _implied(now: Fact, months_back: int, facts: list[Fact]) -> tuple[Fact, Interval] | None:
    """The one fact for the same statistic `months_back` earlier, and the growth the two levels imply."""
    target = period_key(shift_months(now.period, -months_back))
    earlier = [f for f in facts if f.value is not None and f.period is not None and period_key(f.period) == target
               and subject_key(f) == subject_key(now) and f.value.currency == now.value.currency]
    if len(earlier) != 1:
        return None
    before = earlier[0]
    a, b = money_interval(now.value), money_interval(before.value)
    if now.metric == "balance":  # a rate on a balance is the change in its size
        if (now.value.amount > 0) != (before.value.amount > 0):
            return None
        a, b = a.magnitude(), b.magnitude()
    ratio = a / b
    if ratio is None:
        return None
    return before, (ratio - _ONE).scaled(Decimal(100))
