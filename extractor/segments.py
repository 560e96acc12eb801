"""Segments: the sub-population a statistic is about ("agricultural exports", "private enterprises")."""
from __future__ import annotations

import functools
import re

from . import regexes
from .rules import load_rules

_SUBJECT = regexes.compile(r"^[A-Za-z][\w-]*(?:,?\s+(?:and\s+)?[a-z][\w-]*){0,3}$")
# words that can open a share's subject without naming a segment ("Nearly 90 pct of the surplus")
_NOT_SUBJECTS = frozenset({"which", "that", "it", "they", "this", "these", "those", "nearly", "almost", "about",
                           "around", "some", "over", "roughly", "approximately", "more", "less", "only", "just"})


@functools.cache
def _segments() -> dict:
    data = load_rules("segments")
    mods = sorted(data["modifiers"], key=len, reverse=True)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in mods)
    phrases = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(data["phrases"], key=len, reverse=True))
    return {
        "modifier": regexes.compile(rf"(?<![\w-])((?:(?:{alt}),\s+)*(?:(?:{alt}),?\s+and\s+)?(?:{alt}))\s+$", re.IGNORECASE),
        "phrase": regexes.compile(rf"(?<![\w-])(?:{phrases})(?![\w-])", re.IGNORECASE),
        "excluding": regexes.compile(data["excluding_regex"], re.IGNORECASE),
        "gapped": regexes.compile(data["gapped_regex"].replace("{modifiers}", alt), re.IGNORECASE),
        "contrast_modifier": regexes.compile(r"(?<![\w-])(" + "|".join(map(re.escape, data["contrast_modifiers"]))
                                             + r")\s+$", re.IGNORECASE),
        "contrast": regexes.compile(data["contrast_regex"], re.IGNORECASE),
        "cue_segments": {**{w.lower(): w.lower() for w in data["cue_segments"]}, **data["cue_segment_names"]},
        "of_cues": regexes.compile(data["of_cues_regex"], re.IGNORECASE),
        "phrase_stops": frozenset(data["phrase_stops"]),
        "generic": frozenset(data["generic_heads"]) | {"and"},
        "speaker_words": frozenset(data["speaker_words"]),
        "neutral": frozenset(load_rules("metrics")["neutral"]),
        "phrase_names": data["phrase_names"],
    }


_CONJUNCTS = regexes.compile(r"(,? and |, )")  # the members of a coordinated run


def _phrase_name(phrase: str) -> str:
    """A segment phrase, lowercased, by its official category name ("private firms" -> "private
    enterprises"); in a coordinated run each member by its name.

    >>> _phrase_name("Car and textile")
    'cars and textiles'
    """
    names = _segments()["phrase_names"]
    phrase = re.sub(r"\s+", " ", phrase.lower())
    if phrase in names:
        return names[phrase]
    return "".join(names.get(part, part) for part in _CONJUNCTS.split(phrase))


_OF = regexes.compile(r"\s+of\s+")
_PHRASE = regexes.compile(r"[a-z][\w-]*(?:(?:,\s+|\s+)[a-z][\w-]*){0,6}")


def _named(words: list[str]) -> str | None:
    """The words as a segment, or None when they are only generic heads or a neutral phrase."""
    while words and words[-1] == "and":
        words = words[:-1]
    seg = _segments()
    text = " ".join(words).replace(" ,", ",")
    if not words or all(w.strip(",") in seg["generic"] for w in words) or text in seg["neutral"]:
        return None
    return _phrase_name(text)


def _of_phrase(sentence: str, cue) -> str | None:
    """"exports of engineering goods rose": the lowercase phrase after "of", up to its first stop word."""
    seg = _segments()
    m = _OF.match(sentence, cue.end)
    if not seg["of_cues"].fullmatch(cue.text) or m is None:
        return None
    return _phrase_at(sentence, m.end())


def _phrase_at(sentence: str, at: int) -> str | None:
    """The lowercase phrase starting at `at`, up to its first stop word, as a segment (or None)."""
    p = _PHRASE.match(sentence, at)
    if p is None:
        return None
    words = []
    for w in re.split(r"\s+", p.group(0)):
        if w.strip(",") in _segments()["phrase_stops"]:
            break
        words.append(w)
    if words and words[-1].endswith(","):
        words[-1] = words[-1].rstrip(",")
    return _named(words)


_WORTH_OF = regexes.compile(r"(?:[^.;]|\.(?=\d))*?\bworth\s+of\s+")


def _object_phrase(sentence: str, cue) -> str | None:
    """"the mainland imported Central Asian farm products worth 4.36 billion yuan", "exported 200.1
    billion yuan worth of notebook computers": the goods a verb cue names, before "worth" or after
    "worth of" (capitalised words first are the goods' origin, a place)."""
    if ".verb-worth." not in getattr(cue, "rule", ""):  # the cues of rules/metrics.yaml *.verb-worth.v1
        return None
    lead = re.match(r"\s+(?:[A-Z][\w-]*\s+)*", sentence[cue.end:])
    of = _WORTH_OF.match(sentence, cue.end)
    return _phrase_at(sentence, cue.end + (lead.end() if lead else 0)) or (_phrase_at(sentence, of.end()) if of else None)


def gapped_segment(sentence: str, pos: int, after: int = 0) -> str | None:
    """A product named in place of a repeated cue and verb, between `after` (the cue's end) and the
    figure at `pos` ("rubber shipments fell to 625 mln and tin to 180.6 mln").

    >>> gapped_segment("Rubber shipments fell to 625 mln and tin to 180.6 mln", 44)
    'tin'
    """
    m = _segments()["gapped"].search(sentence, after, pos)
    return _phrase_name(m.group(1)) if m else None


def reports_services(text: str) -> bool:
    """Does the article state a services figure, so that "goods" before a cue names a segment?"""
    return bool(_segments()["contrast"].search(text))


def segment_named(sentence: str, pos: int, cues, contrast: bool = False) -> str | None:
    """The segment of a figure at `pos`: a modifier right before one of its metric cues
    ("agricultural exports"; the cues are tried in order) or the phrase after it ("exports of
    engineering goods"), else "excluding X" or a segment
    phrase earlier in the sentence ("private enterprises").

    >>> from types import SimpleNamespace as Cue
    >>> segment_named("Agricultural exports rose 9 pct", 26, [Cue(start=13, text="exports")])
    'agricultural'
    """
    seg = _segments()
    for c in cues:
        if c.text.lower() in seg["cue_segments"]:
            return seg["cue_segments"][c.text.lower()]
        m = seg["modifier"].search(sentence[:c.start])
        if m:
            return _phrase_name(m.group(1))
        m = seg["contrast_modifier"].search(sentence[:c.start]) if contrast else None
        if m:  # "the goods deficit" beside a services figure
            return m.group(1).lower()
        named = _of_phrase(sentence, c) or _object_phrase(sentence, c)
        if named:
            return named
    m = seg["excluding"].search(sentence[:pos])
    if m:
        return "excluding " + m.group(1).strip()
    # a segment phrase names the subject: it must come before the metric cue, not after it
    m = seg["phrase"].search(sentence[:min([pos] + [c.end for c in cues])])
    return _phrase_name(m.group(0)) if m else None


def subject_phrase(clause: str) -> str | None:
    """The segment phrase a clause opens with ("Private enterprises continued to play a bigger
    role"), lowercased and by its category name (rules/segments.yaml phrase_names); None when the
    clause opens otherwise.

    >>> subject_phrase("Private companies remained the backbone of the province's foreign trade")
    'private enterprises'
    """
    m = _segments()["phrase"].match(clause, len(clause) - len(clause.lstrip()))
    if m is None:
        m = _segments()["phrase"].match(clause, re.match(r"\s*(?:the\s+)?", clause, re.IGNORECASE).end())
    return _phrase_name(m.group(0)) if m else None


def subject_segment(sentence: str, clause_start: int, share_start: int, taken: list[int]) -> str | None:
    """"Energy products accounted for 19 percent of ...": a short plain subject of a share is its
    segment, unless it holds a metric cue or a place (positions in `taken`)."""
    subject = sentence[clause_start:share_start].strip(" ,")
    words = subject.lower().replace(",", " ").split()
    if not _SUBJECT.match(subject) or words[0] in _NOT_SUBJECTS:
        return None
    if words[-1] == "that" or _segments()["speaker_words"].intersection(words):  # "He added that 80 pct of ..."
        return None
    if any(clause_start <= t < share_start for t in taken):
        return None
    return subject.lower()
