"""part-exceeds-whole: a counterpart's or segment's value above the region's total for the same metric.

A share above 100 percent is reported by share-range, so one problem gives one finding.
"""
from __future__ import annotations

from ..models import Article, Check, Fact
from ..rules import load_rules
from . import register
from .describe import amount, subject
from .subjects import is_part, whole_of
from .tolerance import money_interval, ratio_off, severity_of


@register("part-exceeds-whole")
def part_exceeds_whole(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Compare every part with a value against its whole (same metric, region, period, currency)."""
    metrics = load_rules("checks")["part_exceeds_whole"]["metrics"]
    out = []
    for part in facts:
        if part.metric not in metrics or part.value is None or not is_part(part):
            continue
        whole = whole_of(part, facts)
        if whole is None or whole.value.amount <= 0 or part.value.amount <= 0:
            continue
        if money_interval(part.value).lo > money_interval(whole.value).hi:
            cur = whole.value.currency
            out.append(Check(
                code="part-exceeds-whole", severity=severity_of(ratio_off(part.value.amount, whole.value.amount)),
                facts=[part.id, whole.id],
                message=f"For {subject(part)}, {amount(part.value.amount, cur)} is more than the total, "
                        f"{subject(whole)} of {amount(whole.value.amount, cur)}, for the same period."))
    return out
