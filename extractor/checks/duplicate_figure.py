"""duplicate-figure: the same non-trivial figure stated for two different subjects, or a whole text twice."""
from __future__ import annotations

from collections import defaultdict

from ..models import Article, Check, Fact
from ..numbers import decimals
from ..rules import load_rules
from . import register


@register("duplicate-figure")
def duplicate_figure(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Warn when two facts with different subjects carry the same share, growth or amount."""
    return same_figure(facts) + repeated_text(facts)


def same_figure(facts: list[Fact]) -> list[Check]:
    cfg = load_rules("checks")["duplicate_figure"]
    seen: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        for kind in ("share", "growth"):
            x = getattr(f, kind)
            if x is not None and decimals(x.percent) >= cfg["min_decimals_percent"]:
                seen[(kind, x.percent)].append(f)
        if f.value is not None and abs(f.value.amount) >= cfg["min_amount"] and decimals(f.value.amount / 10**6) >= 1:
            seen[("value", f.value.amount, f.value.currency)].append(f)
    out = []
    for key, group in seen.items():
        subjects = {(f.metric, f.counterpart, f.segment) for f in group}
        if len(group) > 1 and len(subjects) > 1:
            what = f"{key[1]} percent {key[0]}" if key[0] != "value" else f"amount {key[1]} {key[2]}"
            ids = [f.id for f in group]
            out.append(Check(code="duplicate-figure", severity="warning", facts=ids,
                             message=f"The same {what} is stated for {len(group)} different subjects "
                                     f"({', '.join(ids)}); one of them may be a copy error."))
    return out


def repeated_text(facts: list[Fact]) -> list[Check]:
    """Every figure mention, in order, stated twice over: the article text was pasted twice.

    A headline repeating one figure is normal; the whole run of figures repeated is not.
    """
    spans = sorted({(s.start, " ".join(s.text.split()), f.id) for f in facts for s in f.evidence})
    texts = [t for _, t, _ in spans]
    half = len(texts) // 2
    if len(texts) % 2 or half < load_rules("checks")["duplicate_figure"]["repeated_text_min_figures"] \
            or texts[:half] != texts[half:]:
        return []
    ids = sorted({i for _, _, i in spans}, key=lambda i: [f.id for f in facts].index(i))
    shown = ", ".join(texts[:3]) + (", ..." if half > 3 else "")
    return [Check(code="duplicate-figure", severity="warning", facts=ids,
                  message=f"All {half} figure mentions ({shown}) appear twice in the same order; "
                          f"the article text may have been duplicated.")]
