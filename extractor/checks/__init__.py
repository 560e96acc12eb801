"""Consistency checks over one article's facts. Each check is a function registered here.

A check takes the facts and the article (None when only facts are at hand) and returns its
findings; `run_checks` runs every registered check in registration order.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from ..models import Article, Check, Fact

CheckFn = Callable[[list[Fact], "Article | None"], list[Check]]
REGISTRY: dict[str, CheckFn] = {}

# one module per check, named for its code; imported on first use so that importing the package loads nothing
_MODULES = ("duplicate_figure", "conversion_rate", "components_sum", "part_exceeds_whole", "share_range",
            "share_vs_values", "growth_direction", "rounding", "implied_growth", "period_label",
            "period_after_reference", "points_vs_percent")


def register(code: str) -> Callable[[CheckFn], CheckFn]:
    """Decorator: add a check function under its contract code."""
    def wrap(fn: CheckFn) -> CheckFn:
        REGISTRY[code] = fn
        return fn
    return wrap


def load_checks() -> dict[str, CheckFn]:
    """The registry with every check module imported (they register themselves)."""
    for name in _MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return REGISTRY


def run_checks(facts: list[Fact], article: Article | None = None, text: str | None = None) -> list[Check]:
    """Every registered check over the facts, in the order of _MODULES.

    Pass the article so that the checks that need its dates (period-label, conversion-rate) can use them,
    and the text the facts' spans index (when the article does not carry it) so that the checks that
    read the words around a figure ("an upward revised 965 mln") can: they see it as `article.text`.
    """
    if text is not None and article is not None and article.text is None:
        article = article.model_copy(update={"text": text})  # for the checks only: never emitted
    order = {f"{__name__}.{name}": i for i, name in enumerate(_MODULES)}
    out: list[Check] = []
    for fn in sorted(load_checks().values(), key=lambda fn: order.get(fn.__module__, len(order))):
        out += fn(facts, article)
    return out
