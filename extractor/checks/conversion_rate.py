"""conversion-rate: a value given alongside its equivalent in another currency implies an exchange rate."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ..models import Article, Check, Fact, Money
from ..rules import load_rules
from . import register
from .describe import amount, number, percent, subject
from .rates import NoRate, average_rate, daily_rates
from .tolerance import Interval, money_interval, ratio_off, severity_of


@register("conversion-rate")
def conversion_rate(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Compare each implied rate with the ECB average over the fact's period."""
    out = []
    for f in facts:
        for eq in f.equivalents:
            if f.value is None or eq.currency == f.value.currency or not f.value.amount or not eq.amount:
                continue
            out += _check_one(f, eq, article)
    return out


def _check_one(f: Fact, eq: Money, article: Article | None) -> list[Check]:
    cfg = load_rules("checks")["conversion_rate"]
    value = f.value
    given = f"{amount(value.amount, value.currency)} to {amount(eq.amount, eq.currency)} ({f.id})"
    if f.period is None:
        return [_info(f, f"The conversion of {given} was not checked: the fact has no period.")]
    base, quote = value.currency, eq.currency
    try:
        avg = average_rate(base, quote, f.period.start, f.period.end)
    except NoRate as why:
        return [_info(f, f"The conversion of {given} was not checked: {why}.")]
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


def _info(f: Fact, message: str) -> Check:
    return Check(code="conversion-rate", severity="info", facts=[f.id], message=message)
