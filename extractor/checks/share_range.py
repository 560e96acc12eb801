"""share-range: a share outside 0-100 percent, or shares of disjoint parts of one whole above 100 in sum."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Article, Check, Fact
from ..rules import load_rules
from . import register
from .describe import number, subject
from .subjects import place_key, scope
from .tolerance import Interval, percent_interval
from .words import word_matcher


@register("share-range")
def share_range(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Each share on its own, then the shares of different countries in the same whole together.

    A gross flow as a percent of a whole it is no part of ("trade equal to 158 percent of GDP": imports
    and exports against output) is a ratio, which may pass 100; it is still never negative.
    """
    cfg = load_rules("checks")["share_range"]
    ratio_of = word_matcher(tuple(cfg["ratio_wholes"]))

    def ratio(f: Fact) -> bool:
        return f.metric in cfg["ratio_metrics"] and bool(ratio_of.search(f.share.of or ""))

    out = [Check(code="share-range", severity="error", facts=[f.id],
                 message=f"For {subject(f)}, a share of {number(f.share.percent)} percent of "
                         f"{f.share.of or 'the total'} is outside 0 to 100.")
           for f in facts if f.share is not None and (f.share.percent < 0 or f.share.percent > 100 and not ratio(f))]
    return out + _disjoint_sums([f for f in facts if f.share is None or not ratio(f)])


def _disjoint_sums(facts: list[Fact]) -> list[Check]:
    """Shares of different countries in one whole cannot add up to more than 100 percent.

    Only countries are summed: groups and blocs overlap ("BRI countries" and "ASEAN"), and so do
    segments ("private enterprises" and "electric vehicles").
    """
    kinds = load_rules("checks")["share_range"]["disjoint_kinds"]
    wholes: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in facts:
        if (f.share is not None and 0 <= f.share.percent <= 100 and f.segment is None
                and f.counterpart is not None and f.counterpart.kind in kinds):
            wholes[(f.metric, scope(f)[:2])].setdefault(place_key(f.counterpart), f)
    out = []
    for parts in wholes.values():
        group = list(parts.values())
        total = sum((percent_interval(f.share.percent) for f in group), Interval(Decimal(0), Decimal(0)))
        if len(group) > 1 and total.lo > 100:
            listed = [f"{f.counterpart.name} ({number(f.share.percent)} percent)" for f in group]
            names = ", ".join(listed[:-1]) + " and " + listed[-1]
            out.append(Check(code="share-range", severity="warning", facts=[f.id for f in group],
                             message=f"The shares of {names} add up to "
                                     f"{number(sum(f.share.percent for f in group))} percent of "
                                     f"{group[0].share.of or 'the same total'}, though no two can overlap."))
    return out
