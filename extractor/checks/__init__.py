"""Consistency checks over one article's facts. Each check is a function registered here."""
from __future__ import annotations

from collections.abc import Callable

from ..models import Check, Fact

CheckFn = Callable[[list[Fact]], list[Check]]
REGISTRY: dict[str, CheckFn] = {}


def register(code: str) -> Callable[[CheckFn], CheckFn]:
    """Decorator: add a check function under its contract code."""
    def wrap(fn: CheckFn) -> CheckFn:
        REGISTRY[code] = fn
        return fn
    return wrap


def run_checks(facts: list[Fact]) -> list[Check]:
    """Every registered check over the facts, in registration order."""
    out: list[Check] = []
    for fn in REGISTRY.values():
        out += fn(facts)
    return out


from . import duplicate_figure  # noqa: E402,F401  (registers itself)
