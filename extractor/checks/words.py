"""Word lists from rules/checks.yaml as case-insensitive whole-word matchers.

>>> bool(word_matcher(("more than", "up")).search("18.2 per cent MORE  than"))
True
>>> bool(word_matcher(("up",)).search("upturn"))
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
