"""The reporting economy of an article: the place its first trade statistic belongs to."""
from __future__ import annotations

import functools
import re

from . import regexes
from .cues import find_metric_cues, linking
from .models import Place
from .normalise.places import lookup_place, same_place
from .rules import load_rules
from .pipeline import PlaceMention, PlacesByOffset
from .text import Sentence

_REGION_KINDS = ("country", "subnational", "bloc")
_CURRENCY_AFTER = regexes.compile(r"\s*(?:dlrs?|dollars?)\b", re.IGNORECASE)  # "U.S. Dlrs" names a currency
_POSSESSIVE = regexes.compile(r"(?:'s|’s)\b")
_GOODS = regexes.compile(r"\s+(?:goods|products|exports)\b", re.IGNORECASE)
# "friction with the United States over agricultural trade": a preposition between place and cue
_GAP_PREPOSITION = regexes.compile(r"\b(?:over|on|in|of|for|about|with|to|from|at|by|against|into)\b", re.IGNORECASE)
# a place's location written after it ("Shenzhen in south China's Guangdong Province", "Yiwu, a city in
# east China's Zhejiang Province", "Zhengzhou, capital of central China's Henan Province"): matched on
# the text between the two mentions, other place mentions in it written as "X"
_LOCATOR = regexes.compile(r",?\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,4}?(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?"
                           r"(?:X(?:'s|’s)\s+)?|,\s+(?:[a-z]+\s+)?X(?:'s|’s)\s+")
_BETWEEN = regexes.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
# after a city opening the text: a dateline ("DUBAI:", "RIYADH —", "OTTAWA, Aug 4", "BRASILIA (Reuters)"),
# so the city is where the story was written, not the economy it reports on
_DATELINE_AFTER = regexes.compile(r"\s*(?::|\(|[-–—]|,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d|\d|[A-Z][a-z]+,\s+[A-Z][a-z]{2,8}\.?\s+\d))")


def find_region(sentences: list[Sentence], places: list[PlaceMention],
                located: dict[int, int] | None = None) -> tuple[Place | None, Place | None, bool]:
    """(region, bilateral counterpart) from the first sentence with a trade cue and a place.

    Preference: a place right before the cue ("Japan's trade surplus", "Swiss trade"), then the
    sentence's first place that no counterpart preposition governs ("Switzerland had a trade
    deficit"). "Trade between A and B" gives region A and counterpart B. The third item is True
    when only that last, weakest rule decided.
    """
    prep = linking()["counterpart_prep"]
    located = locations(sentences, places) if located is None else located
    for sent in sentences:
        cues = [c for c in find_metric_cues(sent.text) if c.metric is not None]
        if not cues:
            continue
        here = [p for p in places if sent.start <= p.start < sent.end and not _CURRENCY_AFTER.match(sent.text[p.end - sent.start:]) and
                (p.place.kind in _REGION_KINDS or p.place.kind == "city" and (
                    p.start == sent.start and not _DATELINE_AFTER.match(sent.text[p.end - sent.start:])
                    or _POSSESSIVE.match(sent.text[p.end - sent.start:]) or p.start in located.values()))
                and p.start not in located]
        partner_cues = [c for c in cues if c.partner]
        for c in partner_cues:  # "the United States, Vietnam's biggest market": the possessor reports
            owner = [p for p in here if p.end - sent.start <= c.start
                     and re.fullmatch(r"(?:'s|’s)\s+", sent.text[p.end - sent.start:c.start])]
            if owner:
                return owner[0].place, None, False
        if partner_cues:
            # "Uganda was the biggest buyer of Kenyan goods": the buyer is a counterpart, the
            # goods' demonym the reporting economy
            sellers = [p for p in here if p.demonym and _GOODS.match(sent.text[p.end - sent.start:])]
            if sellers:
                return sellers[0].place, None, False
            first = partner_cues[0].start + sent.start
            here = [p for p in here if p.start > first]
            cues = [c for c in cues if not c.partner]
        if not here or not cues:
            continue
        # "northeast China's Heilongjiang Province": the subdivision, not its country
        inner = {p.place.code.split("-")[0] for p in here if p.place.kind == "subnational" and p.place.code}
        here = [p for p in here if not (p.place.kind == "country" and p.place.code in inner)]
        if here[0].place.kind == "city" and here[0].start == sent.start:
            return here[0].place, None, False
        for i, p in enumerate(here):
            rel = p.start - sent.start
            # "trade between the Chinese mainland and the five Central Asian countries": the
            # second may be a group
            after = [q for q in places if p.end <= q.start < sent.end and q.place.kind in (*_REGION_KINDS, "group")]
            if _BETWEEN.search(sent.text[:rel]) and after and not same_place(after[0].place, p.place):
                return p.place, after[0].place, False
        for c in cues:
            for p in here:
                rel_end = p.end - sent.start
                gap = sent.text[rel_end:c.start]
                if 0 <= c.start - rel_end and re.fullmatch(r"\s*(?:'s|’s)?\s*(?:[A-Za-z-]+\s+){0,2}", gap) \
                        and not _GAP_PREPOSITION.search(gap) and not prep.search(sent.text[:p.start - sent.start]):
                    return p.place, None, False
        # "ASEAN remained China's largest trading partner": the possessor reports
        for p in here:
            if re.match(r"(?:'s|’s)\b", sent.text[p.end - sent.start:]):
                return p.place, None, False
        for p in here:
            if not prep.search(sent.text[:p.start - sent.start]):
                return p.place, None, p.start not in located.values()  # a place with its location given is named outright
    return None, None, False


def headline_region(title: str, places: list[PlaceMention]) -> Place | None:
    """The economy a headline reports on ("Norway trade surplus soars", "East China's Anhui sees foreign
    trade up"), by the rules of find_region on the headline as one sentence; None when only the weakest
    rule (the first place named) would decide, or the headline has no trade cue."""
    region, _, weak = find_region([Sentence(0, len(title), title, 0)], places, {})
    if region is None or weak:
        return None
    named = [p for p in places if same_place(p.place, region)]
    cues = [c for c in find_metric_cues(title) if c.metric is not None]
    if named and cues:
        p = named[0]
        speech, pair = _headline_rules()
        if speech.search(title, 0, max(p.start, cues[0].start)):  # a speaker before the place or the cue
            return None
        if any(q is not p and (pair.fullmatch(title[q.end:p.start]) or pair.fullmatch(title[p.end:q.start]))
               for q in places):
            return None
    return region


@functools.cache
def _headline_rules() -> tuple[re.Pattern, re.Pattern]:
    """(speech verbs, what pairs two places) of rules/reporters.yaml, compiled once."""
    data = load_rules("reporters")
    return (regexes.compile(r"\b(?:" + "|".join(data["headline_speech_verbs"]) + r")\b", re.IGNORECASE),
            regexes.compile(data["headline_pair_regex"], re.IGNORECASE))


def locations(sentences: list[Sentence], places: list[PlaceMention]) -> dict[int, int]:
    """{start of a mention that only locates another: start of the mention it locates}. "Shenzhen in south
    China's Guangdong Province": Guangdong and China locate Shenzhen."""
    out: dict[int, int] = {}
    by_offset = PlacesByOffset(places)  # every sentence is read: no scan of all places per sentence
    for sent in sentences:
        here = by_offset.within(sent.start, sent.end)
        for i, p in enumerate(here):
            if p.place.kind not in ("city", "port", "subnational"):
                continue
            for j in reversed(range(i + 1, min(i + 3, len(here)))):  # the outermost location first
                q = here[j]
                if q.start - p.end > 60 or q.place.kind not in ("subnational", "country") or same_place(p.place, q.place):
                    continue
                gap, pos = "", p.end
                for r in here[i + 1:j]:
                    gap += sent.text[pos - sent.start:r.start - sent.start] + "X"
                    pos = r.end
                gap += sent.text[pos - sent.start:q.start - sent.start]
                if _LOCATOR.fullmatch(gap):
                    for r in here[i + 1:j + 1]:
                        out[r.start] = p.start
                    break
    return out


@functools.cache
def _reporters() -> tuple[list[tuple[str, Place]], re.Pattern | None, dict[str, Place]]:
    data = load_rules("reporters")
    datelines = sorted(((city, lookup_place(name)) for city, name in data["datelines"].items()),
                       key=lambda x: -len(x[0]))
    agencies = {name: lookup_place(place) for name, place in data["agencies"].items()}
    regex = regexes.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(agencies, key=len, reverse=True)))
                            + r")(?![\w-])") if agencies else None
    return [(c, p) for c, p in datelines if p is not None], regex, agencies


def reported_by(text: str) -> Place | None:
    """The economy a story's dateline ("SEOUL, Oct 1 (Reuters) -") or the statistics agency it
    cites ("Statistics Canada said") reports for, from rules/reporters.yaml; None when neither."""
    datelines, regex, agencies = _reporters()
    head = text.lstrip()[:40]
    for city, place in datelines:
        if head.startswith(city) and re.match(r"\s*(?:,|\(|:|-|–|—)", head[len(city):]):
            return place
    m = regex.search(text) if regex is not None else None
    return agencies.get(m.group(0)) if m else None
