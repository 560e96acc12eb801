"""period-after-reference: a period that ends after a reference date that was not a publication date.

Without a publication date the reference is inferred from the text (and moved to the end of the
latest period the article reports, see api._within_reference) or is today; a period still ending
after it means the relative periods ("last month", "this year") may have been read against the
wrong date. With a publication date, `period-label` reports such periods instead.
"""
from __future__ import annotations

from collections import defaultdict

from ..models import Article, Check, Fact, Period
from ..rules import load_rules
from . import register
from .describe import quoted


@register("period-after-reference")
def period_after_reference(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """One finding per distinct period that ends after an inferred (or today's) reference date."""
    if article is None or article.reference_basis == "published":
        return []
    by_period: dict[Period, list[str]] = defaultdict(list)
    for f in facts:
        if f.period is not None and f.period.end > article.reference_date:
            by_period[f.period].append(f.id)
    basis = "inferred from the text" if article.reference_basis == "inferred-from-text" else "today's date"
    severity = load_rules("checks")["period_after_reference"]["severity"]
    return [Check(code="period-after-reference", severity=severity, facts=ids,
                  message=f"The period {quoted(p.text) + ' ' if p.text.strip() else ''}of {', '.join(ids)} ends on "
                          f"{p.end}, after the reference date {article.reference_date} ({basis}); relative periods "
                          "may be resolved against the wrong date: give the publication date (--published).")
            for p, ids in by_period.items()]
