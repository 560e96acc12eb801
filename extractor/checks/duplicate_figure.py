"""duplicate-figure: the same non-trivial percent or amount stated for two different subjects."""
from __future__ import annotations

from collections import defaultdict

from ..models import Check, Fact
from ..numbers import decimals
from ..rules import load_rules
from . import register


@register("duplicate-figure")
def duplicate_figure(facts: list[Fact]) -> list[Check]:
    """Warn when two facts with different subjects carry the same share, growth or amount."""
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
