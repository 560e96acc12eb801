"""Find page furniture (cookie banners, captions, bylines, link lists ...) to leave out of extraction.

Nothing is removed: `boilerplate_spans` returns character ranges of the text, which the caller
masks, so offsets into the article never shift. The patterns live in rules/boilerplate.yaml.

>>> boilerplate_spans("Trade rose.\\n\\nSource(s): Xinhua")
[(13, 30, 'source-line')]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import regexes
from ..errors import RuleFileError
from ..rules import load_rules

_FRAGMENT = regexes.compile(r"\{([a-z_]+)\}")
_SENTENCE_END = regexes.compile(r"""[.!?:;,]["'”’)\]]*$""")
_LETTER = regexes.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Rule:
    """One compiled boilerplate rule from rules/boilerplate.yaml."""

    id: str
    reason: str
    regex: re.Pattern[str]
    extent: str = "line"
    standalone: bool = False
    max_words: int | None = None


@functools.cache
def outlet_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, canonical name) pairs from rules/outlets.yaml, longest alias first."""
    pairs = []
    for entry in load_rules("outlets")["outlets"]:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            pairs.append((alias, entry["name"]))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def canonical_outlet(name: str) -> str | None:
    """The canonical outlet for a whole string, e.g. "Xinhua News Agency" -> "Xinhua"."""
    wanted = " ".join(name.split()).casefold()
    for alias, canonical in outlet_aliases():
        if alias.casefold() == wanted:
            return canonical
    return None


@functools.cache
def _fragments() -> dict[str, str]:
    fragments = dict(load_rules("boilerplate").get("fragments", {}))
    fragments["outlet"] = "(?:" + "|".join(re.escape(a) for a, _ in outlet_aliases()) + ")"
    return fragments


def expand(pattern: str) -> str:
    """`pattern` with every {fragment} from rules/boilerplate.yaml spliced in (nested ones too)."""
    fragments = _fragments()
    for _ in range(10):
        expanded = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise RuleFileError(f"boilerplate fragments nest too deeply in {pattern[:60]!r}")


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a rule-file regex after expanding its fragments; bad regexes are RuleFileErrors."""
    try:
        return regexes.compile(expand(pattern))
    except re.error as exc:
        raise RuleFileError(f"bad regex in rules/boilerplate.yaml ({exc}): {pattern[:80]!r}") from exc


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The boilerplate rules, compiled, in file order."""
    compiled = []
    for raw in load_rules("boilerplate")["rules"]:
        extent = raw.get("extent", "line")
        if extent not in ("line", "match", "list"):
            raise RuleFileError(f"rule {raw.get('id')}: unknown extent {extent!r}")
        compiled.append(
            Rule(
                id=raw["id"],
                reason=raw["reason"],
                regex=compile_pattern(raw["pattern"]),
                extent=extent,
                standalone=bool(raw.get("standalone", False)),
                max_words=raw.get("max_words"),
            )
        )
    return tuple(compiled)


def line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's stripped content; (start, start) for a blank line."""
    ranges = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = pos + (line.find(stripped) if stripped else 0)
        ranges.append((start, start + len(stripped)))
        pos += len(line) + 1
    return ranges


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) ranges of `text` that are boilerplate, in text order."""
    lines = line_ranges(text)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        hit = _match_line(text, lines, i)
        if hit is None:
            i += 1
            continue
        rule, match = hit
        start, end = lines[i]
        if rule.extent == "match":
            spans.append((start + match.start(), start + len(match.group(0).rstrip()), rule.reason))
            i += 1
            continue
        spans.append((start, end, rule.reason))
        i += 1
        if rule.extent == "list":
            for j in _list_items(text, lines, i):
                spans.append((*lines[j], rule.reason))
                i = j + 1
    return spans


def _match_line(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Rule, re.Match[str]] | None:
    start, end = lines[i]
    if start == end:
        return None
    line = text[start:end]
    words = len(line.split())
    standalone = _blank(lines, i - 1) and _blank(lines, i + 1)
    for rule in rules():
        if rule.standalone and not standalone:
            continue
        if rule.max_words is not None and words > rule.max_words:
            continue
        match = rule.regex.search(line)
        if match:
            return rule, match
    return None


def _blank(lines: list[tuple[int, int]], i: int) -> bool:
    return i < 0 or i >= len(lines) or lines[i][0] == lines[i][1]


def _list_items(text: str, lines: list[tuple[int, int]], i: int) -> list[int]:
    """Indexes of the link-title lines after a list heading such as "Related:"."""
    max_words = load_rules("boilerplate").get("list_max_words", 20)
    items = []
    blanks = 0
    for j in range(i, len(lines)):
        start, end = lines[j]
        if start == end:
            blanks += 1
            if blanks > 1:
                break
            continue
        blanks = 0
        line = text[start:end]
        if (
            len(line.split()) > max_words
            or _SENTENCE_END.search(line)
            or not _LETTER.search(line)
            or _match_line(text, lines, j) is not None
        ):
            break
        items.append(j)
    return items
