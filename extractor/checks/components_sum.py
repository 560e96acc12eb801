"""components-sum: exports + imports against total trade, exports - imports against the balance."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Article, Check, Fact
from ..rules import load_rules
from . import register
from .describe import amount, capital, metric, percent
from .subjects import place_key, scope
from .tolerance import Interval, money_interval

# the identities: the stated metric, and the sign each component enters with
_IDENTITIES = {"trade": (("exports", 1), ("imports", 1)), "balance": (("exports", 1), ("imports", -1))}


@register("components-sum")
def components_sum(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """For each region, period, counterpart, segment and currency with the figures stated once each."""
    groups: dict[tuple, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.value is not None and f.period is not None:
            groups[(scope(f), place_key(f.counterpart), f.segment)][f.metric].append(f)
    out = []
    for by_metric in groups.values():
        for stated, parts in _IDENTITIES.items():
            chosen = [by_metric.get(m, []) for m in (stated, *(m for m, _ in parts))]
            if all(len(c) == 1 for c in chosen):  # two figures of one metric: which one is meant is unclear
                out += _check(chosen[0][0], [(c[0], sign) for c, (_, sign) in zip(chosen[1:], parts)])
    return out


def _total(parts: list[tuple[Fact, int]], rescaled: tuple[int, Decimal] | None = None) -> Interval:
    total = Interval(Decimal(0), Decimal(0))
    for i, (f, sign) in enumerate(parts):
        x = money_interval(f.value).scaled(Decimal(sign))
        if rescaled is not None and rescaled[0] == i:
            x = x.scaled(rescaled[1])
        total = total + x
    return total


def _check(whole: Fact, parts: list[tuple[Fact, int]]) -> list[Check]:
    stated, computed = money_interval(whole.value), _total(parts)
    if computed.overlaps(stated):
        return []
    cur = whole.value.currency
    terms = " ".join(("" if i == 0 else ("+ " if sign > 0 else "- ")) + f"{metric(f.metric)} {amount(f.value.amount)}"
                     for i, (f, sign) in enumerate(parts))
    got = sum(f.value.amount * sign for f, sign in parts)
    apart = abs(got - whole.value.amount) / (abs(whole.value.amount) or abs(got)) * 100
    message = (f"{capital(terms)} = {amount(got, cur)}, but {metric(whole.metric)} is stated as "
               f"{amount(whole.value.amount, cur)} ({percent(apart)} apart)")
    severity, hint = "warning", _rescue(whole, parts, stated)
    if hint:
        severity, message = "error", f"{message}; {hint}"
    elif whole.metric == "balance" and computed.overlaps(stated.scaled(Decimal(-1))):
        message += "; the balance fits with the opposite sign (surplus and deficit swapped?)"
    ids = [whole.id] + [f.id for f, _ in parts]
    return [Check(code="components-sum", severity=severity, facts=ids, message=message + ".")]


def _rescue(whole: Fact, parts: list[tuple[Fact, int]], stated: Interval) -> str | None:
    """A lost or wrong scale word: one figure times a power of ten makes the identity hold.

    Only figures clearly away from zero are rescaled: a sum near zero (exports and imports about
    equal) fits any small balance after division, which says nothing about a scale word.
    """
    for factor in load_rules("checks")["severity"]["rescale_factors"]:
        for k in (Decimal(factor), 1 / Decimal(factor)):
            for i, (f, _) in enumerate(parts):
                fitted = _total(parts, (i, k))
                if _away_from_zero(fitted) and _away_from_zero(stated) and fitted.overlaps(stated):
                    return f"{metric(f.metric)} of {amount(f.value.amount * k)} would fit (a scale word may be wrong)"
            computed, rescaled = _total(parts), stated.scaled(k)
            if _away_from_zero(computed) and _away_from_zero(rescaled) and computed.overlaps(rescaled):
                return (f"{metric(whole.metric)} of {amount(whole.value.amount * k)} would fit "
                        f"(a scale word may be wrong)")
    return None


def _away_from_zero(i: Interval) -> bool:
    return i.lo > 0 or i.hi < 0
