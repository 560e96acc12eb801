"""rounding: the mentions of one statistic (headline "31%", body "30.9 percent") must agree within rounding.

Mentions that agree are merged into one fact, so a headline that does not round to the body's figure
("up 18.1%" over "rose 18.2%", "down 18.2%" over "rose 18.2%") comes out as two facts of the same
statistic and period: those are compared too.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations

from ..models import Article, Check, Fact, Money, Span
from ..normalise.changes import parse_change, parse_share
from ..normalise.money import find_money, parse_money
from ..numbers import agree_within_rounding, decimals
from ..rules import load_rules
from . import register
from .describe import amount, metric, number, quoted, signed, subject
from .subjects import period_key
from .subjects import subject as subject_key
from .tolerance import money_tolerance, ratio_off, severity_of


@register("rounding")
def rounding(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Read the number each evidence span states and compare the spans of one fact pairwise."""
    out = []
    for f in facts:
        if len(f.evidence) < 2:
            continue
        for kind, stated in (("growth", _percents(f.evidence, parse_change)),
                             ("share", _percents(f.evidence, parse_share))):
            pair = next(((a, b) for a, b in combinations(stated, 2)
                         if not agree_within_rounding(abs(a[1]), abs(b[1]))), None)
            if pair:
                (sa, a), (sb, b) = pair
                out.append(_finding(f, sa, sb, f"{number(abs(a))} and {number(abs(b))} percent", a, b, kind))
        if f.value is not None:
            equivalents = {" ".join(e.text.split()) for e in f.equivalents}
            monies = _amounts([s for s in f.evidence if " ".join(s.text.split()) not in equivalents], f.value.currency)
            pair = next(((a, b) for a, b in combinations(monies, 2)
                         if abs(a[1].amount - b[1].amount) > max(money_tolerance(a[1]), money_tolerance(b[1]))),
                        None)
            if pair:
                (sa, a), (sb, b) = pair
                what = f"{amount(a.amount, a.currency)} and {amount(b.amount, b.currency)}"
                out.append(_finding(f, sa, sb, what, a.amount, b.amount, "value"))
    return out + _unmerged(facts)


def _finding(f: Fact, sa: Span, sb: Span, what: str, a, b, kind: str) -> Check:
    return Check(code="rounding", severity=severity_of(ratio_off(abs(a), abs(b))), facts=[f.id],
                 message=f"The mentions {quoted(sa.text)} and {quoted(sb.text)} merged into {subject(f)} state "
                         f"its {kind} as {what}, which no rounding reconciles.")


def _percents(spans: list[Span], parse) -> list[tuple[Span, object]]:
    """(first span, percent) for each distinct percent stated: equal figures need no pairing, and a
    fact repeated thousands of times (number soup) would make the pairwise test quadratic."""
    out = {}
    for s in spans:
        x = parse(s.text)
        if x is not None and x.percent not in out:
            out[x.percent] = s
    return [(s, p) for p, s in out.items()]


def _amounts(spans: list[Span], currency: str) -> list[tuple[Span, Money]]:
    """The spans that state an amount in the fact's currency and nothing else (not "rose 1.5 bn to ..."),
    the first span of each distinct amount."""
    out: dict = {}
    for s in spans:
        readings = find_money(s.text)
        if len(readings) != 1 or readings[0].text.strip() != s.text.strip():
            continue
        m = parse_money(s.text, default_currency=currency)
        if m is not None and m.currency == currency and m.amount not in out:
            out[m.amount] = (s, m)
    return list(out.values())


def _unmerged(facts: list[Fact]) -> list[Check]:
    """Two facts of one statistic, period and basis whose rates are a near miss of each other: the same
    size with opposite signs ("down 18.2%" over "rose 18.2%"), or apart by at most one unit of the coarser
    figure's last digit without rounding to it ("up 18.1%" over "rose 18.2%", "31%" over "30.2 percent").
    The extractor keeps them apart because they disagree. Rates further apart are left alone: two facts
    of one statistic with unrelated rates are far more often two statistics (a product the extractor did
    not name, another base) than a misprint."""
    unit = Decimal(load_rules("checks")["rounding"]["near_miss_units"])
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.growth is not None and f.growth.text:
            groups[(subject_key(f), f.growth.basis or "yoy", f.growth.points)].append(f)
    out = []
    for group in groups.values():
        for a, b in combinations(group, 2):
            if not _same_period(a, b):
                continue
            x, y = a.growth.percent, b.growth.percent
            coarse = Decimal(1).scaleb(-min(decimals(x), decimals(y)))
            flipped = x == -y != 0
            near = (x > 0) == (y > 0) and abs(abs(x) - abs(y)) < unit * coarse
            if (flipped or near) and not agree_within_rounding(x, y):
                out.append(Check(
                    code="rounding", severity="warning", facts=[a.id, b.id],
                    message=f"The rates {quoted(a.growth.text)} ({a.id}) and {quoted(b.growth.text)} ({b.id}) are "
                            f"stated for the same {metric(a.metric)} and {_period_of(a, b)}, as {signed(x)} and "
                            f"{signed(y)} percent, which no rounding reconciles."))
                break
    return out


def _same_period(a: Fact, b: Fact) -> bool:
    """The same dates, or one side has none (a headline: merging joins it to a fact of any period)."""
    return a.period is None or b.period is None or period_key(a.period) == period_key(b.period)


def _period_of(a: Fact, b: Fact) -> str:
    p = a.period or b.period
    return "period" if p is None else f"period, {p.start} to {p.end}"
