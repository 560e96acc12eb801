"""The article text as extraction sees it: boilerplate masked, hard wraps undone, sentences.

Every function here keeps offsets: the masked text has exactly the length of the original, so
a character position in a sentence is a position in the article as read.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import regexes
from .rules import load_rules

_SENTENCE_END = regexes.compile(r"[.!?][\"')\]]*(?=\s+\S)")
_PARAGRAPH_BREAK = regexes.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]{2,}\S)")
_NEXT_WORD = regexes.compile(r"\s+(\S)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # masked text [start:end]; same length as the original slice
    paragraph: int


@functools.cache
def _invisible() -> tuple[re.Pattern[str], frozenset[str]]:
    chars = load_rules("sentences")["invisible"]
    return regexes.compile("[" + "".join(re.escape(c) for c in chars) + "]"), frozenset(chars)


def strip_invisible(text: str) -> tuple[str, list[int] | None]:
    """TEXT without its zero-width characters and soft hyphens, and where each kept character was.

    The second item maps a position in the stripped text to one in TEXT (one entry past the end
    too); it is None when there was nothing to strip, so the common case copies nothing.

    >>> strip_invisible("ex\u00adports")
    ('exports', [0, 1, 3, 4, 5, 6, 7, 8])
    """
    pattern, chars = _invisible()
    if not pattern.search(text):
        return text, None
    keep = [i for i, c in enumerate(text) if c not in chars]
    return "".join(text[i] for i in keep), keep + [len(text)]


@functools.cache
def _plain_table() -> dict[int, str]:
    rules = load_rules("sentences")
    return {**{ord(c): " " for c in rules["odd_spaces"]}, **{ord(c): "\n" for c in rules["line_breaks"]}}


def mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Blank out the given (start, end, reason) ranges with spaces, keeping newlines; every odd space
    reads as a space and every line or paragraph separator as a newline (one character for one)."""
    text = text.translate(_plain_table())
    chars = list(text)
    for start, end, _ in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


@functools.cache
def _degenerate() -> list[tuple[re.Pattern, int]]:
    return [(regexes.compile(r["pattern"]), r["keep"]) for r in load_rules("sentences")["degenerate_runs"]]


def degenerate_spans(text: str) -> list[tuple[int, int, str]]:
    """Machine-made repetition to mask, as (start, end, reason): all of a run but its first few.

    >>> degenerate_spans("x " + "(" * 60)
    [(52, 62, 'degenerate-run')]
    """
    out = []
    for regex, keep in _degenerate():
        for m in regex.finditer(text):
            if m.end() - m.start() > keep:
                out.append((m.start() + keep, m.end(), "degenerate-run"))
    return sorted(out)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: split at blank lines and at indented line starts."""
    out, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in load_rules("sentences")["abbreviations"])


def _ends_sentence(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'":
        word_start -= 1
    word = text[word_start:dot + 1]
    if word.lower() in _abbreviations():
        return False
    if re.fullmatch(r"[A-Z]\.", word) or re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        return False
    nxt = _NEXT_WORD.match(text, dot + 1)  # matched in place: a slice per full stop is quadratic on a big page
    # "2.2. Billion" and lowercase continuations are not sentence ends
    return bool(nxt) and not nxt.group(1).islower()


def sentences(text: str) -> list[Sentence]:
    """Split (masked) text into sentences within paragraphs, with hard wraps turned to spaces."""
    flat = text.replace("\n", " ")
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        pos = p_start
        for m in _SENTENCE_END.finditer(flat, p_start, p_end):
            if _ends_sentence(flat, m.start()):
                _add(out, flat, pos, m.end(), number)
                pos = m.end()
        _add(out, flat, pos, p_end, number)
    return out


def _add(out: list[Sentence], flat: str, start: int, end: int, paragraph: int) -> None:
    while start < end and flat[start].isspace():
        start += 1
    while end > start and flat[end - 1].isspace():
        end -= 1
    cap = load_rules("sentences")["max_sentence_chars"]
    while end - start > cap:  # number soup or a page with no full stops: bounded pieces
        cut = flat.rfind(" ", start + cap // 2, start + cap)
        cut = cut if cut > start else start + cap
        _add(out, flat, start, cut, paragraph)
        start = cut
        while start < end and flat[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, flat[start:end], paragraph))
