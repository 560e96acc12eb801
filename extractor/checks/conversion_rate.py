"""conversion-rate: a value given alongside its equivalent in another currency implies an exchange rate.

The rate is compared with the ECB's for the period; where the bundled history has none (a currency it
lacks, a date before 1999), with the article's other conversions between the same two currencies: a
writer converts at one rate (the conversions of a pair in one article agree within 1% in every Reuters
trade story and modern dev article of the working half that states two or more).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from ..models import Article, Check, Fact, Money
from ..normalise.money import find_money
from ..rules import load_rules
from . import register
from .describe import amount, number, percent, quoted, subject
from .rates import NoRate, average_rate, daily_rates
from .tolerance import Interval, money_interval, ratio_off, severity_of


@dataclass(frozen=True)
class Conversion:
    """An amount stated with its equivalent: base units per quote unit, as an interval. A currency None
    is an unnamed dollar ("$3.16 billion" beside "NZ$4.6 billion"): it stands for either side's dollar."""

    base: str | None
    quote: str | None
    rate: Interval
    text: str
    fact: str | None = None   # the fact whose value and equivalent these are; None: a figure of the text only
    start: int = -1           # where the amount starts in the text


@register("conversion-rate")
def conversion_rate(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Compare each implied rate with the ECB average over the fact's period, else with the article's own."""
    conversions = _fact_conversions(facts)
    conversions += _text_conversions(article, {c.start for c in conversions})
    out = []
    for f in facts:
        for eq in f.equivalents:
            if f.value is None or eq.currency == f.value.currency or not f.value.amount or not eq.amount:
                continue
            out += [c for c in _check_one(f, eq, article, conversions)
                    if c.severity == "info" or not any(set(c.facts) == set(o.facts) and o.severity != "info"
                                                       for o in out)]  # two facts at odds: one finding
    return out


def _check_one(f: Fact, eq: Money, article: Article | None, conversions: list[Conversion]) -> list[Check]:
    cfg = load_rules("checks")["conversion_rate"]
    value = f.value
    given = f"{amount(value.amount, value.currency)} to {amount(eq.amount, eq.currency)} ({f.id})"
    if f.period is None:
        return _against_article(f, eq, conversions, f"The conversion of {given} was not checked against the ECB: "
                                                    f"the fact has no period")
    base, quote = value.currency, eq.currency
    try:
        avg = average_rate(base, quote, f.period.start, f.period.end)
    except NoRate as why:
        return _against_article(f, eq, conversions, f"The conversion of {given} was not checked against the ECB: {why}")
    implied = money_interval(value).magnitude() / money_interval(eq).magnitude()
    warn = Decimal(str(cfg["warn_relative"]))
    accepted = [Interval(avg * (1 - warn), avg * (1 + warn)), _daily_range(f, base, quote, article, cfg)]
    if implied is None or any(a is not None and implied.overlaps(a) for a in accepted):
        return []
    rate = abs(value.amount / eq.amount)
    apart = abs(rate - avg) / avg * 100
    return [Check(code="conversion-rate", severity=severity_of(ratio_off(rate, avg)), facts=[f.id],
                  message=f"For {subject(f)}, {amount(value.amount, base)} is given as {amount(eq.amount, quote)}, "
                          f"a rate of {number(rate, 4)} {base} per {quote}, but the ECB average for "
                          f"{f.period.start} to {f.period.end} is {number(avg, 4)} ({percent(apart)} apart).")]


def _daily_range(f: Fact, base: str, quote: str, article: Article | None, cfg: dict) -> Interval | None:
    """Every daily rate from the period's start to the article's date: a writer converts at one of them."""
    end = f.period.end
    if article is not None and article.reference_date > end:
        end = min(article.reference_date, end + timedelta(days=cfg["max_days_after"]))
    for last in (end, f.period.end):  # the history may stop before the article's date
        try:
            rates = daily_rates(base, quote, f.period.start, last)
        except NoRate:
            continue
        return Interval(min(rates), max(rates))
    return None


def _against_article(f: Fact, eq: Money, conversions: list[Conversion], unchecked: str) -> list[Check]:
    """A finding when the fact's conversion disagrees, beyond rounding and `article_relative`, with every
    other conversion the article states between the same two currencies; else an info: `unchecked` (why
    the ECB could not check it), and whether the article's other conversions agree."""
    slack = Decimal(str(load_rules("checks")["conversion_rate"]["article_relative"]))
    mine = _rate(f.value, eq)
    others = [c for c in conversions if (c.fact, c.text) != (f.id, _said(f.value, eq))
              and _same_pair(c, f.value.currency, eq.currency)]
    if mine is None or not others:
        return [_info(f, f"{unchecked}.")]
    if any(mine.overlaps(Interval(c.rate.lo * (1 - slack), c.rate.hi * (1 + slack))) for c in others):
        return [_info(f, f"{unchecked}; it agrees with the article's other conversion{'s' if len(others) > 1 else ''} "
                         f"of {f.value.currency} to {eq.currency} ({len(others)}).")]
    base, quote = f.value.currency, eq.currency
    rate = abs(f.value.amount / eq.amount)
    nearest = min(others, key=lambda c: max(rate, c.rate.mid) / min(rate, c.rate.mid))
    listed = ", ".join(f"{quoted(c.text)} ({c.fact or 'no fact'}) at {number(c.rate.mid, 4)}" for c in others[:3])
    apart = abs(rate - nearest.rate.mid) / nearest.rate.mid * 100
    cited = dict.fromkeys([f.id] + [c.fact for c in others if c.fact is not None])
    return [Check(code="conversion-rate", severity=severity_of(ratio_off(rate, nearest.rate.mid)), facts=list(cited),
                  message=f"For {subject(f)}, {amount(f.value.amount, base)} is given as {amount(eq.amount, quote)}, "
                          f"a rate of {number(rate, 4)} {base} per {quote}, but the article converts {listed} "
                          f"{base} per {quote} ({percent(apart)} apart); the bundled ECB history has no rate to "
                          f"tell which is wrong.")]


def _said(value: Money, eq: Money) -> str:
    return f"{value.text} ({eq.text})"


def _same_pair(c: Conversion, base: str, quote: str) -> bool:
    return c.base in (base, None) and c.quote in (quote, None) and (c.base, c.quote) != (None, None)


def _fact_conversions(facts: list[Fact]) -> list[Conversion]:
    out = []
    for f in facts:
        if f.value is None or not f.value.amount:
            continue
        start = next((s.start for s in f.evidence if " ".join(s.text.split()) == " ".join(f.value.text.split())), -1)
        for eq in f.equivalents:
            rate = _rate(f.value, eq)
            if rate is not None and eq.currency != f.value.currency:
                out.append(Conversion(f.value.currency, eq.currency, rate, _said(f.value, eq), f.id, start))
    return out


def _rate(value: Money, eq: Money) -> Interval | None:
    if not eq.amount:
        return None
    return money_interval(value).magnitude() / money_interval(eq).magnitude()


@functools.cache
def _gap() -> re.Pattern[str]:
    return re.compile(load_rules("checks")["conversion_rate"]["equivalent_gap"])


def _text_conversions(article: Article | None, known: set[int]) -> list[Conversion]:
    """Every "AMOUNT (AMOUNT)" in two currencies of the article's text that is no fact's: its rate is
    the writer's as much as the facts' are ("3.7 billion sterling (5.8 billion dlrs) more than")."""
    text = article.text if article is not None else None
    if not text:
        return []
    readings = find_money(text)
    out = []
    for a, b in zip(readings, readings[1:]):
        if a.start in known or not a.amount or not b.amount or not _gap().match(text[a.end:b.start]):
            continue
        if (a.currency is None and a.family is None) or (b.currency is None and b.family is None) \
                or (a.currency is not None and a.currency == b.currency):
            continue
        rate = _rate(Money(amount=a.amount, currency="XXX", text=a.text), Money(amount=b.amount, currency="XXX",
                                                                               text=b.text))
        if rate is not None:
            out.append(Conversion(a.currency, b.currency, rate, f"{a.text} ({b.text})", None, a.start))
    return out


def _info(f: Fact, message: str) -> Check:
    return Check(code="conversion-rate", severity="info", facts=[f.id], message=message)
