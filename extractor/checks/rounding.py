"""rounding: the mentions merged into one fact (headline "31%", body "30.9 percent") must agree within rounding."""
from __future__ import annotations

from itertools import combinations

from ..models import Article, Check, Fact, Money, Span
from ..normalise.changes import parse_change, parse_share
from ..normalise.money import find_money, parse_money
from ..numbers import agree_within_rounding
from . import register
from .describe import amount, number, quoted, subject
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
    return out


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
