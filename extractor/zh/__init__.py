"""The Chinese path: a Chinese release's text to the same facts, partners and causes as the
English pipeline gives, by character-level rules (rules/zh/); no NER model is asked.

>>> from datetime import date
>>> facts, _, _ = extract_facts("今年前8个月，新疆外贸进出口总值2856亿元，同比增长30.9%。", date(2024, 9, 19))
>>> facts[0].metric, facts[0].region.name, str(facts[0].value.amount), str(facts[0].growth.percent)
('trade', 'Xinjiang', '285600000000', '30.9')
"""
from __future__ import annotations

import functools
import re
from datetime import date

from ..models import Cause, Fact, Partner, Span
from ..rules import load_rules
from .causes import find_causes
from .link import Draft, link
from .places import find_places

__all__ = ["extract_facts"]


@functools.cache
def _partner_clause() -> re.Pattern:
    return re.compile(load_rules("zh/cues")["partner_clause"])


def _key(d: Draft):
    return (d.metric, d.region, d.counterpart, d.segment, d.period and (d.period.start, d.period.end))


def _numbers(d: Draft) -> dict:
    return {k: (v.amount if k == "value" else v.percent) for k in ("value", "growth", "share")
            if (v := getattr(d, k)) is not None}


def _merge(drafts: list[Draft]) -> list[Draft]:
    """A figure repeated (lead and a later paragraph) is one fact with both mentions."""
    out: list[Draft] = []
    for d in drafts:
        mine = _numbers(d)
        same = next((o for o in out if _key(o) == _key(d) and (theirs := _numbers(o)).keys() & mine.keys()
                     and all(theirs[k] == mine[k] for k in theirs.keys() & mine.keys())), None)
        if same is None:
            out.append(d)
            continue
        for k in ("value", "growth", "share"):
            if getattr(same, k) is None:
                setattr(same, k, getattr(d, k))
        same.equivalents += [e for e in d.equivalents if e not in same.equivalents]
        same.evidence += d.evidence
    return out


def _fact(i: int, d: Draft) -> Fact:
    return Fact(id=f"f{i}", metric=d.metric, region=d.region, counterpart=d.counterpart, segment=d.segment,
                period=d.period, value=d.value, equivalents=d.equivalents, growth=d.growth, share=d.share,
                evidence=sorted(d.evidence, key=lambda s: s.start), confidence=0.7)


def extract_facts(text: str, reference: date) -> tuple[list[Fact], list[Partner], list[Cause]]:
    """Facts, partners and causes of a Chinese text, periods resolved against `reference`."""
    named: list = []
    drafts = _merge(link(text, reference, named))
    facts = [_fact(i, d) for i, d in enumerate(drafts, 1)]
    region = next((f.region for f in facts if f.region is not None), None)
    partners: list[Partner] = []
    for f in facts:
        cp = f.counterpart
        if cp is not None and cp != region and not any(p.name == cp.name for p in partners):
            partners.append(Partner(name=cp.name, code=cp.code, kind=cp.kind, evidence=[]))
    # "对东盟、欧盟进出口均保持增长": counterparts of a trade cue without a figure are partners too
    for a, b, p in named:
        if p.kind in ("country", "bloc", "group") and p != region and not any(x.name == p.name for x in partners):
            partners.append(Partner(name=p.name, code=p.code, kind=p.kind, evidence=[
                Span(start=a, end=b, text=text[a:b], rule="zh.partner.counterpart.v1")]))
    # "哈萨克斯坦和吉尔吉斯斯坦是新疆主要贸易伙伴": partners named as such, with no figure of their own
    # (rules/zh/cues.yaml partner_clause)
    for m in _partner_clause().finditer(text):
        for hit in find_places(m.group()):
            p = hit.place
            if p.kind in ("country", "bloc", "group") and p != region and not any(x.name == p.name for x in partners):
                a = m.start() + hit.start
                partners.append(Partner(name=p.name, code=p.code, kind=p.kind, role="trading partner",
                                        evidence=[Span(start=a, end=a + hit.end - hit.start, text=text[a:a + hit.end - hit.start],
                                                       rule="zh.partner.named.v1")]))
    return facts, partners, find_causes(text, facts)
