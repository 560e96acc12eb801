"""Trading partners: places the article names as partners, and the counterparts it reports on."""
from __future__ import annotations

import bisect
import functools
import re

from . import regexes
from .causes import CauseMention, find_causes
from .cues import find_metric_cues, is_forecast, linking
from .models import Fact, Partner, Place, Span
from .normalise.places import lookup_place, same_place
from .pipeline import PlaceMention, PlacesByOffset
from .rules import load_rules
from .text import Sentence

_NEAR = 400  # a counterpart's member is named within this many characters of the fact's evidence


@functools.cache
def _rules():
    data = load_rules("partners")
    role = regexes.compile(rf"{data['role_regex']}|{data['elided_role_regex']}", re.IGNORECASE)
    return regexes.compile(data["role_regex"], re.IGNORECASE), role, frozenset(n.lower() for n in data["not_partners"])


_BETWEEN = regexes.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)


def _singular(role: str) -> str:
    role = role.lower()
    return role[:-1] if role.endswith("partners") else role


def find_partners(text: str, sentences: list[Sentence], places: list[PlaceMention], facts: list[Fact],
                  region: Place | None) -> list[Partner]:
    """Partners named as such ("X and Y were the major trading partners") with that role, then
    the members of every fact's counterpart (role "counterpart"), each place once."""
    role_re, any_role_re, excluded = _rules()

    def _span(p: PlaceMention, rule: str) -> Span:
        return Span(start=p.start, end=p.end, text=text[p.start:p.end], rule=rule)

    found: dict[str, Partner] = {}  # evidence is kept aside (below) and set at the end: appending
    evidence: dict[str, dict[Span, None]] = {}  # to a model one span at a time is quadratic
    listed: set[str] = set()

    def add(place: Place, role: str | None, spans: list[Span]) -> None:
        parts = [lookup_place(part) for part in re.split(r"\s+and\s+", place.name)] if place.code is None else []
        if len(parts) > 1 and all(parts):
            for part in parts:  # "Hong Kong and Macao": each is a partner
                add(part, role, spans)
            return
        if place.name.lower() in excluded or same_place(place, region):
            return
        key = place.code or place.name.lower()
        if key in found:
            if found[key].role is None and role is not None:
                found[key] = found[key].model_copy(update={"role": role})
        else:
            found[key] = Partner(name=place.name, code=place.code, kind=place.kind, role=role, evidence=[])
        evidence.setdefault(key, {}).update(dict.fromkeys(spans))

    by_offset = PlacesByOffset(places)
    starts = [x.start for x in sentences]
    for sent in sentences:
        if not role_re.search(sent.text):
            continue
        roles = list(any_role_re.finditer(sent.text))
        for p in by_offset.within(sent.start, sent.end):
            if not p.demonym and p.place.kind not in ("city", "port") \
                    and not re.match(r"(?:'s|’s)\b", text[p.end:p.end + 2]):  # "Seoul's major partners"
                rel = p.start - sent.start
                # the role stated right after the place ("X was its largest ..."), else the one before
                after = [r for r in roles if r.start() >= rel]
                role = after[0] if after else roles[-1]
                add(p.place, _singular(role.group(0)), [_span(p, "partner.role.v1")])
    for f in facts:
        if f.counterpart is None:
            continue
        near = {p.start: p for e in f.evidence for p in by_offset.within(e.start - _NEAR + 1, e.start + _NEAR)}
        members = [p for _, p in sorted(near.items()) if not p.demonym and p.text in f.counterpart.name]
        if f.counterpart.code is None and " and " in f.counterpart.name and members:
            for p in members:
                add(p.place, "counterpart", [_span(p, "partner.counterpart.v1")])
        else:
            # the mention in the sentences the fact was stated in
            stated = sorted({id(x): x for x in (_sentence_at(sentences, starts, e.start) for e in f.evidence)
                             if x is not None}.values(), key=lambda x: x.start)
            add(f.counterpart, "counterpart", [_span(p, "partner.counterpart.v1") for x in stated
                                               for p in by_offset.within(x.start, x.end)
                                               if same_place(p.place, f.counterpart)][:1])
    prep = linking()["counterpart_prep"]

    reasons: dict[int, list] = {}

    def reason_at(sent: Sentence, rel: int) -> CauseMention | None:
        """The reason the place at `rel` stands in, or None."""
        if sent.start not in reasons:  # once per sentence, not once per place
            reasons[sent.start] = find_causes(sent.text)
        return next((c for c in reasons[sent.start] if c.cue_start <= rel < c.end), None)

    for sent in sentences:
        here = [p for p in by_offset.within(sent.start, sent.end) if not p.demonym]
        cues = [c for c in find_metric_cues(sent.text) if c.metric is not None]
        for i, p in enumerate(here):
            rel = p.start - sent.start
            before = sent.text[:rel]
            if _BETWEEN.search(before) and i + 1 < len(here) and same_place(p.place, region):
                add(here[i + 1].place, "counterpart", [_span(here[i + 1], "partner.between.v1")])
            elif prep.search(before) and not linking()["non_counterpart"].search(before) \
                    and p.place.kind not in ("city", "port") \
                    and any(c.end <= rel and linking()["counterpart_gap"].fullmatch(sent.text[c.end:rel])
                            # in a reason, only a flow the reason itself states ("led by shipments to China")
                            and ((r := reason_at(sent, rel)) is None or c.start >= r.cue_start)
                            # "a pact that will limit ... shipments to the U.S.": a plan names no partner
                            and not is_forecast(sent.text[:c.start]) for c in cues):
                add(p.place, "counterpart", [_span(p, "partner.counterpart.v1")])
                for q in _listed_after(sent, here[i + 1:], p):  # "with Kazakhstan, Kyrgyzstan and Uzbekistan"
                    add(q.place, "counterpart", [_span(q, "partner.list.v1")])
                members = _including(sent, here[i + 1:], p)
                for q in members:
                    add(q.place, "counterpart", [_span(q, "partner.including.v1")])
                if members:  # the group is reported through its listed members
                    listed.add(p.place.code or p.place.name.lower())
    return [p.model_copy(update={"evidence": list(evidence[key])}) for key, p in found.items() if key not in listed]


def _sentence_at(sentences: list[Sentence], starts: list[int], pos: int) -> Sentence | None:
    """The sentence holding offset `pos` (`starts`: the sentences' start offsets, in order)."""
    i = bisect.bisect_right(starts, pos) - 1
    return sentences[i] if i >= 0 and pos < sentences[i].end else None


def _listed_after(sent: Sentence, after: list[PlaceMention], first: PlaceMention) -> list[PlaceMention]:
    """The places coordinated with `first`: "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan"."""
    out, prev = [], first
    for q in after:
        if q.place.kind in ("city", "port") or \
                not linking()["list_separator"].match(sent.text[prev.end - sent.start:q.start - sent.start]):
            break
        out.append(q)
        prev = q
    return out


def _including(sent: Sentence, after: list[PlaceMention], group: PlaceMention) -> list[PlaceMention]:
    """The members listed after a group: "Far East countries, including Hong Kong, South Korea and Taiwan"."""
    if group.place.kind not in ("group", "bloc"):
        return []
    tail = sent.text[group.end - sent.start:]
    m = re.match(r"\s*,?\s*(?:including|such as|notably|particularly|especially)\s+", tail)
    if not m:
        return []
    out, pos = [], group.end - sent.start + m.end()
    for q in after:
        gap = sent.text[pos:q.start - sent.start]
        if not re.fullmatch(r"\s*(?:,|and|, and|the)?\s*(?:the\s+)?", gap):
            break
        out.append(q)
        pos = q.end - sent.start
    return out
