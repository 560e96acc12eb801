"""Evidence spans onto the article text as a tree of marks: the text kept whole, every span marked.

Spans index Python str offsets (code points, not UTF-16 units or bytes). A span inside another
nests in it; a span that crosses another's end is split there, so every piece of text appears
exactly once and every span's pieces, read in order, are its text:

>>> segment("exports rose 5%", [Labelled(0, 12, "a"), Labelled(8, 15, "b")])
[Mark(key='a', children=['exports ', Mark(key='b', children=['rose'], first=True)], first=True), \
Mark(key='b', children=[' 5%'], first=False)]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Labelled:
    """A span to mark: text[start:end], known as `key` (the page's span id)."""

    start: int
    end: int
    key: str


@dataclass
class Mark:
    """One marked piece: the span `key` over `children` (plain strings and nested marks).
    `first` is true on the first piece of a span that had to be split (the one a link points to)."""

    key: str
    children: list[Node] = field(default_factory=list)
    first: bool = True


Node = Union[str, Mark]


def segment(text: str, spans: list[Labelled]) -> list[Node]:
    """The text as nodes: plain strings between marks, marks holding their text and inner marks.

    Spans are taken in order of start, the longer first, then as given; equal spans nest in that
    order. An empty span is an empty mark. A span outside the text raises ValueError.

    >>> segment("ab", [])
    ['ab']
    >>> segment("abc", [Labelled(1, 2, "x"), Labelled(1, 2, "y")])
    ['a', Mark(key='x', children=[Mark(key='y', children=['b'], first=True)], first=True), 'c']
    """
    for s in spans:
        if not 0 <= s.start <= s.end <= len(text):
            raise ValueError(f"span {s.key} [{s.start}:{s.end}] is outside the text ({len(text)} characters)")
    pending = [(s.start, s.end, i, s.key) for i, s in enumerate(spans)]
    seen: set[str] = set()
    return _build(text, 0, len(text), pending, seen)


def _build(text: str, lo: int, hi: int, pending: list[tuple[int, int, int, str]], seen: set[str]) -> list[Node]:
    """Nodes of text[lo:hi] with `pending` spans, each within [lo, hi)."""
    nodes: list[Node] = []
    pos = lo
    pending = sorted(pending, key=lambda p: (p[0], -p[1], p[2]))
    while pending:
        start, end, order, key = pending.pop(0)
        inner, rest = [], []
        for p in pending:
            # what starts inside this span goes in it; what runs on past its end is carried after it
            if p[0] < end or (p[0] == start == end and p[1] == end):
                inner.append((p[0], min(p[1], end), p[2], p[3]))
                if p[1] > end:
                    rest.append((end, p[1], p[2], p[3]))
            else:
                rest.append(p)
        if start > pos:
            nodes.append(text[pos:start])
        nodes.append(Mark(key, _build(text, start, end, inner, seen), first=key not in seen))
        seen.add(key)
        pos = end
        pending = sorted(rest, key=lambda p: (p[0], -p[1], p[2]))
    if hi > pos:
        nodes.append(text[pos:hi])
    return nodes


def flatten(nodes: list[Node]) -> str:
    """The text the nodes hold, in order: the article text again.

    >>> flatten(segment("abc", [Labelled(0, 3, "x"), Labelled(1, 2, "y")]))
    'abc'
    """
    return "".join(n if isinstance(n, str) else flatten(n.children) for n in nodes)


def texts_of(nodes: list[Node]) -> dict[str, str]:
    """Each span's text, read from its pieces in order (what a reader sees marked).

    >>> texts_of(segment("exports rose 5%", [Labelled(0, 12, "a"), Labelled(8, 15, "b")]))
    {'a': 'exports rose', 'b': 'rose 5%'}
    """
    out: dict[str, str] = {}

    def walk(ns: list[Node]) -> None:
        for n in ns:
            if isinstance(n, Mark):
                out[n.key] = out.get(n.key, "") + flatten(n.children)
                walk(n.children)

    walk(nodes)
    return out
