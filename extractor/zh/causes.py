"""Reasons a Chinese release gives for a change (rules/zh/cues.yaml `causes`), verbatim.

>>> [c.text for c in find_causes("进口下降，主要受国际油价下跌影响。", [])]
['国际油价下跌']
"""
from __future__ import annotations

import functools
import re

from ..models import Cause, Fact, Span
from ..rules import load_rules


@functools.cache
def _rules():
    data = load_rules("zh/cues")
    rules = [(c["id"], c["cue"], re.compile(c["pattern"]), bool(c.get("needs_change"))) for c in data["causes"]]
    splitters, change, trailer = (re.compile(data[k]) for k in ("cause_splitters", "change_words", "cause_trailer"))
    return rules, splitters, change, trailer


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in "。；！？\n") + 1
    ends = [i for ch in "。；！？\n" if (i := text.find(ch, end)) >= 0]
    return a, min(ends, default=len(text))


def find_causes(text: str, facts: list[Fact]) -> list[Cause]:
    """Each reason as its own cause ("得益于A，B，以及C" is three), linked to the facts stated
    before it in the same sentence, else to the article's first fact."""
    rules, splitter, change, trailer = _rules()
    out: list[Cause] = []
    seen: set[str] = set()
    for rule, cue, pat, needs_change in rules:
        for m in pat.finditer(text):
            a = m.start("text")
            sent_start, sent_end = _sentence(text, m.start(), m.end())
            if needs_change and not (change.search(text, sent_start, m.start("text"))
                                     or change.search(text, m.end("text"), sent_end)):
                continue  # "受疫情影响，基数较高": said of a level, not a reason for a change
            pieces = []
            pos = 0
            body = m.group("text")
            for part in splitter.split(body):
                at = body.index(part, pos)
                pos = at + len(part)
                part_strip = trailer.sub("", part.strip())  # "…释放等因素": the reason, not its label
                if len(part_strip) >= 2:
                    lead = part.index(part_strip)
                    pieces.append((a + at + lead, part_strip))
            ids = [f.id for f in facts if any(sent_start <= e.start < m.start() for e in f.evidence)]
            ids = ids[-1:] or [f.id for f in facts[:1]]
            for start, piece in pieces:
                if piece in seen:
                    continue
                seen.add(piece)
                span = Span(start=start, end=start + len(piece), text=piece, rule=rule)
                out.append(Cause(text=piece, cue=cue, facts=ids, evidence=[span]))
    out.sort(key=lambda c: c.evidence[0].start)
    return out
