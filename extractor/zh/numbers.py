"""Amounts, growth rates and shares in Chinese text (rules/zh/cues.yaml).

>>> [(m.kind, m.value) for m in find_numbers("出口53.6亿元，增长1.2倍，占60.7%")]
[('amount', Decimal('5360000000')), ('growth', Decimal('120.0')), ('share', Decimal('60.7'))]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from ..rules import load_rules


@dataclass
class Number:
    kind: str  # amount | equivalent | growth | share | count (of firms, people: never a trade figure)
    start: int
    end: int
    value: Decimal
    rule: str
    currency: str | None = None
    approximate: bool = False
    basis: str | None = None
    of: str = "total"


@functools.cache
def _rules() -> dict:
    data = load_rules("zh/cues")
    return {
        "amount": (data["amount"]["id"], re.compile(data["amount"]["pattern"]),
                   {k: Decimal(str(v)).quantize(Decimal(1)) for k, v in data["amount"]["scales"].items()}, data["amount"]["currencies"]),
        "equivalent": re.compile(data["equivalent_cue"]),
        "growth": [(g["id"], re.compile(g["pattern"])) for g in data["growth"]],
        "negative": set(data["negative_verbs"]),
        "listed": re.compile(data["listed_growth"]["pattern"]), "listed_id": data["listed_growth"]["id"],
        "share": [(s["id"], re.compile(s["pattern"])) for s in data["share"]],
        "count": (data["count"]["id"], re.compile(data["count"]["pattern"])),
    }


def find_numbers(text: str) -> list[Number]:
    """Every amount (with a currency), growth rate and share in `text`, left to right; a figure
    followed by 个百分点 is a point change, never a rate, and is not matched."""
    r = _rules()
    out: list[Number] = []
    rule, pat, scales, currencies = r["amount"]
    for m in pat.finditer(text):
        value = Decimal(m["num"]) * scales.get(m["scale"] or "", Decimal(1))
        if value == value.to_integral_value():  # 2856亿 -> 285600000000, as the English path writes it
            value = value.quantize(Decimal(1))
        kind = "equivalent" if r["equivalent"].search(text[max(0, m.start() - 3):m.start()]) else "amount"
        out.append(Number(kind, m.start(), m.end(), value, rule, currency=currencies[m["cur"]],
                          approximate=bool(m["approx"])))
    taken = [(n.start, n.end) for n in out]
    for rule, pat in r["growth"]:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            if g.get("cn"):
                value = Decimal(int(cn2an.cn2an(g["cn"], "smart")) * 10)
            else:
                value = Decimal(g["num"]) * (100 if g["unit"] == "倍" else 1)
            if g["verb"] in r["negative"]:
                value = -value
            out.append(Number("growth", m.start(), m.end(), value, rule,
                              basis="mom" if g.get("basis") == "环比" else None))
            taken.append((m.start(), m.end()))
            pos = m.end()
            # "分别增长8.2%、6.3%和13.7%": the listed rates share the verb
            while (more := r["listed"].match(text, pos)) and g.get("num"):
                v = Decimal(more["num"]) * (100 if more["unit"] == "倍" else 1)
                out.append(Number("growth", more.start("num"), more.end(), -v if g["verb"] in r["negative"] else v,
                                  r["listed_id"], basis="mom" if g.get("basis") == "环比" else None))
                taken.append((more.start(), more.end()))
                pos = more.end()
    for rule, pat in r["share"]:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            of = (m.groupdict().get("of") or "").strip("的") or "total"
            out.append(Number("share", m.start(), m.end(), Decimal(m["num"]), rule, of=of))
            taken.append((m.start(), m.end()))
    rule, pat = r["count"]
    for m in pat.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            value = Decimal(m["num"]) * scales.get(m["scale"] or "", Decimal(1))
            out.append(Number("count", m.start(), m.end(), value.normalize(), rule))
    return sorted(out, key=lambda n: n.start)
