"""Evidence spans onto the article text as marks: the text kept whole, every span marked.

`segment` gives a flat list of tokens — text pieces, and the opening and closing of marks — that
nest properly, so a template writes them out as they come (no recursion, however deep the spans
overlap). Spans index Python str offsets (code points, not UTF-16 units or bytes). A span inside
another nests in it; a span still open where another one ends is closed there and opened again
after it (split), so every piece of text appears exactly once and a span's pieces, read in order,
are its text:

>>> segment("exports rose 5%", [Labelled(0, 12, "a"), Labelled(8, 15, "b")])
[Open(key='a', first=True), 'exports ', Open(key='b', first=True), 'rose', Close(key='b'), Close(key='a'), \
Open(key='b', first=False), ' 5%', Close(key='b')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Union


@dataclass(frozen=True)
class Labelled:
    """A span to mark: text[start:end], known as `key` (the page's span id)."""

    start: int
    end: int
    key: str


@dataclass(frozen=True)
class Open:
    """A mark of span `key` begins; `first` on the first piece of a span (the one a link points to)."""

    key: str
    first: bool = True
    opens: ClassVar[bool] = True


@dataclass(frozen=True)
class Close:
    key: str
    opens: ClassVar[bool] = False


Token = Union[str, Open, Close]


def segment(text: str, spans: list[Labelled]) -> list[Token]:
    """The text as tokens: plain strings, with the marks of `spans` opened and closed around them.

    Spans are taken in order of start, the longer first, then as given; equal spans nest in that
    order. An empty span is an empty mark. A span outside the text raises ValueError.

    >>> segment("ab", [])
    ['ab']
    >>> segment("abc", [Labelled(1, 2, "x"), Labelled(1, 2, "y")])
    ['a', Open(key='x', first=True), Open(key='y', first=True), 'b', Close(key='y'), Close(key='x'), 'c']
    """
    for s in spans:
        if not 0 <= s.start <= s.end <= len(text):
            raise ValueError(f"span {s.key} [{s.start}:{s.end}] is outside the text ({len(text)} characters)")
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, i))
    tokens: list[Token] = []
    stack: list[tuple[int, str]] = []  # the open marks, outermost first: (end, key)
    seen: set[str] = set()
    pos = nxt = 0
    for point in sorted({s.start for s in spans} | {s.end for s in spans}):
        if point > pos:
            tokens.append(text[pos:point])
            pos = point
        # close what ends here; what was opened inside it and goes on is closed with it and opened again
        lowest = next((i for i, (end, _) in enumerate(stack) if end == point), None)
        if lowest is not None:
            closed = stack[lowest:]
            del stack[lowest:]
            tokens.extend(Close(key) for _, key in reversed(closed))
            for end, key in closed:
                if end != point:
                    tokens.append(Open(key, first=False))
                    stack.append((end, key))
        while nxt < len(order) and spans[order[nxt]].start == point:
            s = spans[order[nxt]]
            nxt += 1
            tokens.append(Open(s.key, first=s.key not in seen))
            seen.add(s.key)
            if s.end == point:
                tokens.append(Close(s.key))
            else:
                stack.append((s.end, s.key))
    if pos < len(text):
        tokens.append(text[pos:])
    return tokens


def flatten(tokens: list[Token]) -> str:
    """The text the tokens hold, in order: the article text again.

    >>> flatten(segment("abc", [Labelled(0, 3, "x"), Labelled(1, 2, "y")]))
    'abc'
    """
    return "".join(t for t in tokens if isinstance(t, str))


def texts_of(tokens: list[Token]) -> dict[str, str]:
    """Each span's text, read from its pieces in order (what a reader sees marked).

    >>> texts_of(segment("exports rose 5%", [Labelled(0, 12, "a"), Labelled(8, 15, "b")]))
    {'a': 'exports rose', 'b': 'rose 5%'}
    """
    out: dict[str, str] = {}
    open_: list[str] = []
    for t in tokens:
        if isinstance(t, str):
            for key in open_:
                out[key] += t
        elif t.opens:
            open_.append(t.key)
            out.setdefault(t.key, "")
        else:
            open_.remove(t.key)
    return out
