"""Literal prefilters: do not run a regex over a text that cannot hold a match.

The period grammar and the metric cues are a few dozen regexes scanned over every sentence, and
most sentences match none of them; Python's `re` tries each regex at every position. Yet every
match of "(?:the\\s+)?first\\s+quarter" contains "quarter", and every match of a month pattern one
of the month names. `required_literals` reads those strings off the regex's parse tree (the
same CPython internals regexes.py relies on; anything unexpected means "no prefilter"), and
`could_match` tells whether a lower-cased text holds one of them: when it holds none, the regex
cannot match there, so skipping it changes nothing.

Exact for ASCII text, which is why a non-ASCII text always runs the regex: case-insensitive `re`
pairs a few non-ASCII letters with ASCII ones ("ſ" with "s", the Kelvin sign with "k") where
str.lower() does not.
"""
from __future__ import annotations

import re
import sys

from .cache import cached, source_of

# literals shorter than this ("19", "q") are in most sentences: checking them costs more than it saves
MIN_CHARS = 3

Literals = frozenset[str] | None  # None: no prefilter, always run the regex


def required_literals(regex: re.Pattern[str]) -> Literals:
    """Lower-cased strings one of which every match of `regex` contains, or None when the
    pattern has no such set worth checking (or its parse tree is not as expected)."""
    try:
        from re import _parser

        found = _sequence(list(_parser.parse(regex.pattern, regex.flags)))
    except Exception:  # noqa: BLE001 - not CPython's re as known here: no prefilter, never a wrong one
        return None
    if not found or min(map(len, found)) < MIN_CHARS:
        return None
    # a text that holds "january" holds "jan": only the strings that hold no other are checked
    return frozenset(x for x in found if not any(y != x and y in x for y in found))


def literals_of(regexes: list[re.Pattern[str]]) -> list[Literals]:
    """`required_literals` of each regex, kept in the disk cache (reading the parse trees of the
    rule regexes takes ~50 ms, a twentieth of a process's start-up)."""
    inputs = [sys.version, source_of(__file__)] + [f"{r.flags}:{r.pattern}" for r in regexes]
    return cached("prefilter", inputs, lambda: [required_literals(r) for r in regexes])


def lowered(text: str) -> str | None:
    """The text as `could_match` wants it: lower-cased, or None when it is not ASCII."""
    return text.lower() if text.isascii() else None


def could_match(literals: Literals, text_lowered: str | None) -> bool:
    """False only when the regex with these literals cannot match the text (given as `lowered`)."""
    return literals is None or text_lowered is None or any(s in text_lowered for s in literals)


_MAX_STRINGS = 64  # an exact run is written out as at most this many strings


def _sequence(items: list) -> set[str] | None:
    """Of the nodes matched one after another, the most selective requirement: a node's own, or
    a run of adjacent nodes that each match one of a few exact strings ("M" then "ay|AY" is
    {"may"}), written out in full."""
    options: list[set[str]] = []
    run = {""}
    for op, av in items:
        exact = _exact(op, av)
        if exact is not None and len(run) * len(exact) <= _MAX_STRINGS:
            run = {a + b for a in run for b in exact}
            continue
        if run != {""}:
            options.append(run)
        run = {""} if exact is None else exact
        if exact is None and (found := _node(op, av)):
            options.append(found)
    if run != {""}:
        options.append(run)
    # the longest shortest string, then the fewest strings
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _exact(op, av) -> set[str] | None:
    """The lower-cased ASCII strings a node matches, when it matches only a few exact strings."""
    from re import _constants as c

    if op is c.LITERAL or (op is c.IN and all(o is c.LITERAL for o, _ in av)):
        chars = {chr(av).lower()} if op is c.LITERAL else {chr(v).lower() for _, v in av}
        return chars if len(chars) == 1 and all(len(ch) == 1 and ch.isascii() for ch in chars) else None
    if op is c.SUBPATTERN or op is c.ATOMIC_GROUP:
        return _exact_sequence(list(av[-1] if op is c.SUBPATTERN else av))
    if op is c.BRANCH:
        alternatives = [_exact_sequence(list(a)) for a in av[1]]
        if any(a is None for a in alternatives) or sum(map(len, alternatives)) > _MAX_STRINGS:
            return None
        return set().union(*alternatives)
    return None


def _exact_sequence(items: list) -> set[str] | None:
    out = {""}
    for op, av in items:
        exact = _exact(op, av)
        if exact is None or len(out) * len(exact) > _MAX_STRINGS:
            return None
        out = {a + b for a in out for b in exact}
    return out


def _node(op, av) -> set[str] | None:
    """What a node that matches no few exact strings requires of a match."""
    from re import _constants as c

    if op is c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op is c.BRANCH:
        alternatives = [_sequence(list(a)) for a in av[1]]
        if any(not a for a in alternatives):
            return None  # an alternative that needs nothing: the whole branch needs nothing
        return set().union(*alternatives)
    return None  # anchors, lookarounds, classes, any character, group references
