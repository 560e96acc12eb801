"""Article metadata read from the text itself: title, outlet, publication date, latest date.

The patterns (publication lines, datelines, full dates) and settings live in
rules/boilerplate.yaml; outlet names in rules/outlets.yaml.

>>> find_metadata("Trade surges in Xinjiang\\n\\nCGTN\\n\\nExports rose on March 7, 2024.")
Metadata(title='Trade surges in Xinjiang', source='CGTN', published=None, latest_date=datetime.date(2024, 3, 7))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .. import regexes
from ..rules import load_rules
from .boilerplate import boilerplate_spans, canonical_outlet, compile_pattern, line_ranges

_BYLINE_SPLIT = regexes.compile(r"\s*(?:\||,|\s[-–—]\s)\s*")


@dataclass(frozen=True)
class Metadata:
    """What the article says about itself; any field may be None."""

    title: str | None
    source: str | None
    published: date | None
    latest_date: date | None


def find_metadata(text: str, spans: list[tuple[int, int, str]] | None = None) -> Metadata:
    """Title, source outlet, publication date and latest full date stated in `text`.

    `spans` are the boilerplate ranges of `text` (computed when not given).
    """
    if spans is None:
        spans = boilerplate_spans(text)
    latest = latest_date(text)
    return Metadata(
        title=find_title(text, spans),
        source=find_source(text),
        published=find_published(text, latest),
        latest_date=latest,
    )


def find_title(text: str, spans: list[tuple[int, int, str]]) -> str | None:
    """The first one-line, non-boilerplate paragraph before the body, if it looks like a title."""
    settings = _settings()
    for block in _paragraphs(text):
        if all(_covered(line, spans) for line in block):
            continue
        if len(block) != 1:
            return None
        line = text[block[0][0]:block[0][1]]
        words = len(line.split())
        if (
            settings["title_min_words"] <= words <= settings["title_max_words"]
            and line[-1] not in settings["title_bad_endings"]
        ):
            return line
        return None
    return None


def find_source(text: str) -> str | None:
    """The outlet named near the top: on a line of its own, in a byline, or in a dateline."""
    top = _top_lines(text)
    for line in top:
        outlet = canonical_outlet(line)
        if outlet:
            return outlet
    for line in top:
        if re.match(r"(?:By|BY)\s", line):
            for part in _BYLINE_SPLIT.split(line)[1:]:
                outlet = canonical_outlet(part)
                if outlet:
                    return outlet
    for line in top:
        for match in _matches("datelines", line):
            if match.group("outlet"):
                outlet = canonical_outlet(match.group("outlet"))
                if outlet:
                    return outlet
    return None


def find_published(text: str, latest: date | None = None) -> date | None:
    """The publication date the text states ("Published: 2024-09-12", a dated dateline ...).

    A dateline without a year ("BEIJING, Sept. 12 (Xinhua) --") takes the year of `latest`
    (the latest full date in the text) when that does not put it before `latest`.
    """
    lines = [text[s:e] for s, e in line_ranges(text) if s != e]
    for rule in load_rules("boilerplate")["published"]:
        regex = compile_pattern(rule["pattern"])
        for line in lines:
            match = regex.search(line)
            if match:
                found = full_dates(match.group("when"))
                if found:
                    return found[0]
    for line in _top_lines(text):
        for match in _matches("datelines", line):
            month, day = _month_number(match.group("month")), int(match.group("day"))
            if match.group("year"):
                return _safe_date(int(match.group("year")), month, day)
            if latest is not None:
                guess = _safe_date(latest.year, month, day)
                if guess is not None and guess >= latest:
                    return guess
            return None
    return None


def latest_date(text: str) -> date | None:
    """The latest full date (with a year) written anywhere in `text`, e.g. "March 7, 2024"."""
    found = full_dates(text)
    return max(found) if found else None


def full_dates(text: str) -> list[date]:
    """Every valid full date in `text`, in the order of the date patterns then of the text."""
    found = []
    for match in _matches("dates", text):
        value = _safe_date(int(match.group("year")), _month_number(match.group("month")), int(match.group("day")))
        if value is not None:
            found.append(value)
    return found


def _matches(section: str, text: str) -> list[re.Match[str]]:
    matches = []
    for rule in load_rules("boilerplate")[section]:
        matches.extend(compile_pattern(rule["pattern"]).finditer(text))
    return matches


def _month_number(month: str) -> int:
    if month.isdigit():
        return int(month)
    return int(load_rules("boilerplate")["months"][month.strip(".")[:3].lower()])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _settings() -> dict:
    return load_rules("boilerplate")["metadata"]


def _paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines (as stripped line ranges), separated by blank lines."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in line_ranges(text):
        if start == end:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append((start, end))
    if current:
        blocks.append(current)
    return blocks


def _covered(line: tuple[int, int], spans: list[tuple[int, int, str]]) -> bool:
    start, end = line
    return any(s <= start and end <= e for s, e, _ in spans)


def _top_lines(text: str) -> list[str]:
    limit = _settings()["top_lines"]
    return [text[s:e] for s, e in line_ranges(text) if s != e][:limit]
