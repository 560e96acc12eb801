"""period-label: a period's words against its dates, and periods that end after the article was published."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..models import Article, Check, Fact, Period
from ..normalise.periods import parse_period, shift_months
from ..rules import load_rules
from . import register
from .describe import quoted


@register("period-label")
def period_label(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """One finding per distinct period (label and dates), naming every fact that has it."""
    by_period: dict[Period, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.period is not None:
            by_period[f.period].append(f)
    out = []
    for period, group in by_period.items():
        ids = [f.id for f in group]
        region = next((f.region.code.split("-")[0] for f in group if f.region and f.region.code), None)
        reading = label_reading(period, article.reference_date if article else period.end, region)
        if reading is not None:
            out.append(Check(code="period-label", severity="warning", facts=ids,
                             message=f"The period {quoted(period.text)} of {', '.join(ids)} reads as {reading}, "
                                     f"but it is given as {period.start} to {period.end}."))
        if _after_publication(period, article):
            out.append(Check(code="period-label", severity=load_rules("checks")["period_label"]["future_severity"],
                             facts=ids,
                             message=f"The period {_label(period)}of {', '.join(ids)}, {period.start} to "
                                     f"{period.end}, ends after the article's publication on "
                                     f"{article.reference_date}."))
    return out


def _label(period: Period) -> str:
    return f"{quoted(period.text)} " if period.text.strip() else ""


def _after_publication(period: Period, article: Article | None) -> bool:
    """Only a real publication date counts: an inferred one may be any date the text mentions."""
    if article is None or article.reference_basis != "published":
        return False
    grace = load_rules("checks")["period_label"]["future_grace_days"]
    return (period.end - article.reference_date).days > grace


def _months(d: date) -> int:
    return d.year * 12 + d.month


def _month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def _length(p: Period) -> int:
    """How many calendar months a period touches."""
    return _months(p.end) - _months(p.start) + 1


def _derived(reading: Period, period: Period) -> bool:
    """The dates are the label's period moved back by whole periods or years: a comparison figure
    ("rose to 10.3 billion in February from 9.9 billion") carries the label of the figure it is
    compared with, so these dates are not contradicted by it."""
    back = _months(reading.start) - _months(period.start)
    same_days = reading.start.day == period.start.day and \
        (reading.end.day == period.end.day or _month_end(reading.end) and _month_end(period.end))
    return same_days and _length(reading) == _length(period) and back > 0 and \
        (back % _length(period) == 0 or back % 12 == 0)


def label_reading(period: Period, reference: date, region: str | None = None) -> str | None:
    """How the label reads when it contradicts the dates ("2024-01-01 to 2024-07-31"), else None.

    The label is read against two reference dates; what the two readings disagree on (the year of
    "the first quarter", the month of "last month") depends on context and is not compared.
    """
    shift = load_rules("checks")["period_label"]["probe_shift_months"]
    probe = shift_months(Period(start=reference, end=reference, text="", granularity="range"), shift).start
    first, second = parse_period(period.text, reference, region), parse_period(period.text, probe, region)
    if first is None or second is None:
        return None
    moved = _months(second.start) - _months(first.start)
    if moved % 12 or (second.end - second.start) != (shift_months(first, moved).end - shift_months(first, moved).start):
        return None  # relative in months ("last month"): nothing to compare
    if moved:  # relative in years ("the first quarter"): read it in the year nearest to the dates
        first = min((shift_months(first, 12 * (period.start.year - first.start.year + k)) for k in (1, 0, -1)),
                    key=lambda p: abs(_months(p.start) - _months(period.start)))
    if (first.start, first.end) == (period.start, period.end) or _derived(first, period):
        return None
    return f"{first.start} to {first.end}"
