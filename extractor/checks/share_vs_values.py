"""share-vs-values: a stated share against the part's value divided by the whole's."""
from __future__ import annotations

from decimal import Decimal

from ..models import Article, Check, Fact
from ..rules import load_rules
from . import register
from .describe import amount, number, subject
from .subjects import is_part, whole_of
from .tolerance import money_interval, percent_interval, ratio_off, severity_of
from .words import word_matcher


@register("share-vs-values")
def share_vs_values(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """For each part with a value and a share of the region's own total, when that total is stated."""
    cfg = load_rules("checks")["share_vs_values"]
    foreign = word_matcher(tuple(cfg["foreign_whole_words"]))
    out = []
    for part in facts:
        if part.share is None or part.value is None or part.metric not in cfg["metrics"] or not is_part(part) \
                or foreign.search(part.share.of or ""):
            continue
        whole = whole_of(part, facts)
        if whole is None:
            continue
        ratio = money_interval(part.value) / money_interval(whole.value)
        if ratio is None:
            continue
        implied = ratio.scaled(Decimal(100))
        if implied.overlaps(percent_interval(part.share.percent)):
            continue
        cur, stated = whole.value.currency, part.value.amount / whole.value.amount * 100
        out.append(Check(
            code="share-vs-values", severity=severity_of(ratio_off(stated, part.share.percent)),
            facts=[part.id, whole.id],
            message=f"For {subject(part)}, {amount(part.value.amount, cur)} is {number(stated, 1)} percent of "
                    f"{subject(whole)} of {amount(whole.value.amount, cur)}, but the share is stated as "
                    f"{number(part.share.percent)} percent."))
    return out
