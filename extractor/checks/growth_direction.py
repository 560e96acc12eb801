"""growth-direction: the sign of a growth rate against the direction words of the phrase it came from."""
from __future__ import annotations

from ..models import Article, Check, Fact
from ..rules import load_rules
from . import register
from .describe import number, quoted, subject
from .words import bound_matcher, word_matcher


def directions(text: str) -> set[int]:
    """The directions a phrase names: {1} for "rose 5 pct", {-1} for "fell", both for "fell ... up".

    >>> sorted(directions("were down by 12.5 pct")), sorted(directions("0.5 pct less than"))
    ([-1], [-1])
    >>> sorted(directions("fell by more than 30 percent"))
    [-1]
    """
    rules = load_rules("checks")
    cfg, bounds = rules["growth_direction"], rules["bounds"]
    # "fell by more than 30 percent": a bound before the figure sizes it and names no direction
    text = bound_matcher(tuple(bounds["at_least"] + bounds["at_most"])).sub(" ", text)
    found = set()
    if word_matcher(tuple(cfg["rise"])).search(text):
        found.add(1)
    if word_matcher(tuple(cfg["fall"])).search(text):
        found.add(-1)
    return found


@register("growth-direction")
def growth_direction(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Error when a rate's sign contradicts the only direction its phrase names; warning when both are named."""
    out = []
    for f in facts:
        g = f.growth
        if g is None or not g.text or g.percent == 0:
            continue
        found = directions(g.text)
        sign = 1 if g.percent > 0 else -1
        stored = f"{'+' if sign > 0 else ''}{number(g.percent)} percent"
        if found == {-sign}:
            word = "a rise" if sign < 0 else "a fall"
            out.append(Check(code="growth-direction", severity="error", facts=[f.id],
                             message=f"The growth of {subject(f)} is stored as {stored}, but its phrase "
                                     f"{quoted(g.text)} names {word}."))
        elif len(found) > 1:
            out.append(Check(code="growth-direction", severity="warning", facts=[f.id],
                             message=f"The growth of {subject(f)} is stored as {stored} from the phrase "
                                     f"{quoted(g.text)}, which names both a rise and a fall."))
    return out
