"""Word lists from rules/checks.yaml as case-insensitive whole-word matchers.

>>> bool(word_matcher(("more than", "up")).search("18.2 per cent MORE  than"))
True
>>> bool(word_matcher(("up",)).search("upturn"))
False
>>> bool(bound_matcher(("more than",)).search("fell by more than 30 percent"))
True
>>> bool(bound_matcher(("more than",)).search("18.2 per cent more than"))
False
"""
from __future__ import annotations

import functools
import re


@functools.cache
def word_matcher(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all words; a space in a phrase matches any run of whitespace (wrapped lines)."""
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


@functools.cache
def bound_matcher(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words directly before a figure, where they bound its size ("by more than 30 percent"), not
    after it, where they compare ("5 pct more than a year earlier")."""
    return re.compile(word_matcher(words).pattern + r"\s+(?=[\d.])", re.IGNORECASE)
