"""tradefacts: trade news articles in, structured and checked facts out.

The public API (kept stable):

    extract(text, *, id=None, title=None, published=None, source=None) -> ArticleFacts
    extract_many(articles, *, errors="raise") -> list[ArticleFacts]  (the NER batched; faster)
    parse_money(text) -> Money | None
    parse_period(text, reference_date) -> Period | None
    parse_change(text) -> Growth | None
    parse_percent(text) -> Percent | None

Importing the package loads nothing heavy: spaCy and the rules load on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "extract", "extract_many", "parse_change", "parse_money", "parse_percent", "parse_period"]

if TYPE_CHECKING:
    from .api import extract, extract_many
    from .normalise.changes import parse_change, parse_percent
    from .normalise.money import parse_money
    from .normalise.periods import parse_period


def __getattr__(name: str):
    if name in ("extract", "extract_many"):
        from . import api
        return getattr(api, name)
    if name == "parse_money":
        from .normalise.money import parse_money
        return parse_money
    if name == "parse_period":
        from .normalise.periods import parse_period
        return parse_period
    if name == "parse_change":
        from .normalise.changes import parse_change
        return parse_change
    if name == "parse_percent":
        from .normalise.changes import parse_percent
        return parse_percent
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
