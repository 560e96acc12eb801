"""The article's language, by script: only English (Latin script) is read."""
from __future__ import annotations

import functools

from .rules import load_rules


@functools.cache
def _scripts() -> tuple[list[tuple[str, int, int]], float]:
    data = load_rules("languages")
    ranges = [(lang, int(a, 16), int(b, 16)) for lang, spans in data["scripts"].items() for a, b in spans]
    return ranges, float(data["min_share"])


def script_language(text: str) -> str:
    """"en" unless most letters belong to another script's range.

    >>> script_language("Exports rose 5 pct"), script_language("新疆外贸进出口总值增长30.9%")
    ('en', 'zh')
    """
    ranges, share = _scripts()
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:20000]:
        if not ch.isalpha():
            continue
        letters += 1
        code = ord(ch)
        if code < 0x370:
            continue
        for lang, lo, hi in ranges:
            if lo <= code <= hi:
                counts[lang] = counts.get(lang, 0) + 1
                break
    if letters:
        lang, n = max(counts.items(), key=lambda kv: kv[1], default=("en", 0))
        if n / letters >= share:
            return lang
    return "en"
