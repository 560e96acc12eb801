"""Trading partners: places the article names as partners, and the counterparts it reports on."""
from __future__ import annotations

import functools
import re

from .models import Fact, Partner, Place, Span
from .pipeline import PlaceMention
from .rules import load_rules
from .text import Sentence


@functools.cache
def _rules():
    data = load_rules("partners")
    return re.compile(data["role_regex"], re.IGNORECASE), frozenset(n.lower() for n in data["not_partners"])


def _singular(role: str) -> str:
    role = role.lower()
    return role[:-1] if role.endswith("partners") else role


def find_partners(sentences: list[Sentence], places: list[PlaceMention], facts: list[Fact],
                  region: Place | None) -> list[Partner]:
    """Partners named as such ("X and Y were the major trading partners") with that role, then
    the members of every fact's counterpart (role "counterpart"), each place once."""
    role_re, excluded = _rules()
    found: dict[str, Partner] = {}

    def add(place: Place, role: str | None, spans: list[Span]) -> None:
        if place.name.lower() in excluded or _same(place, region):
            return
        key = place.code or place.name.lower()
        if key in found:
            old = found[key]
            found[key] = old.model_copy(update={"evidence": old.evidence + [s for s in spans if s not in old.evidence],
                                                "role": old.role or role})
        else:
            found[key] = Partner(name=place.name, code=place.code, kind=place.kind, role=role, evidence=spans)

    for sent in sentences:
        m = role_re.search(sent.text)
        if not m:
            continue
        for p in places:
            if sent.start <= p.start < sent.end and not p.demonym:
                add(p.place, _singular(m.group(0)), [Span(start=p.start, end=p.end, text=p.text, rule="partner.role.v1")])
    for f in facts:
        if f.counterpart is None:
            continue
        members = [p for p in places if any(e.start <= p.start < e.end for e in f.evidence)
                   or p.text in f.counterpart.name]
        if f.counterpart.code is None and " and " in f.counterpart.name:
            for p in members:
                if p.text in f.counterpart.name:
                    add(p.place, "counterpart", [Span(start=p.start, end=p.end, text=p.text, rule="partner.counterpart.v1")])
        else:
            spans = [Span(start=p.start, end=p.end, text=p.text, rule="partner.counterpart.v1")
                     for p in places if _same(p.place, f.counterpart)][:1]
            add(f.counterpart, "counterpart", spans)
    return list(found.values())


def _same(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return False
    return (a.code is not None and a.code == b.code) or a.name.lower() == b.name.lower()
