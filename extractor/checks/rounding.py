"""rounding: the mentions of one statistic (headline "31%", body "30.9 percent") must agree within rounding.

Mentions that agree are merged into one fact, so a headline that does not round to the body's figure
("up 18.1%" over "rose 18.2%", "down 18.2%" over "rose 18.2%") comes out as two facts of the same
statistic and period: those are compared too.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from itertools import combinations

from ..models import Article, Check, Fact, Money, Span
from ..normalise.changes import parse_change, parse_share
from ..normalise.money import find_money, parse_money
from ..numbers import agree_within_rounding, decimals
from ..rules import load_rules
from ..statistics import revision_marks
from . import register
from .describe import amount, metric, number, quoted, signed, subject
from .subjects import period_key
from .subjects import subject as subject_key
from .tolerance import money_tolerance, ratio_off, severity_of
from .words import word_matcher


@register("rounding")
def rounding(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Read the number each evidence span states and compare the spans of one fact pairwise."""
    out = []
    for f in facts:
        if len(f.evidence) < 2:
            continue
        for kind, stated in (("growth", _percents(f.evidence, parse_change)),
                             ("share", _percents(f.evidence, parse_share))):
            pair = next(((a, b) for a, b in combinations(stated, 2)
                         if not agree_within_rounding(abs(a[1]), abs(b[1]))), None)
            if pair:
                (sa, a), (sb, b) = pair
                out.append(_finding(f, sa, sb, f"{number(abs(a))} and {number(abs(b))} percent", a, b, kind))
        if f.value is not None:
            equivalents = {" ".join(e.text.split()) for e in f.equivalents}
            monies = _amounts([s for s in f.evidence if " ".join(s.text.split()) not in equivalents], f.value.currency)
            pair = next(((a, b) for a, b in combinations(monies, 2)
                         if abs(a[1].amount - b[1].amount) > max(money_tolerance(a[1]), money_tolerance(b[1]))),
                        None)
            if pair:
                (sa, a), (sb, b) = pair
                what = f"{amount(a.amount, a.currency)} and {amount(b.amount, b.currency)}"
                out.append(_finding(f, sa, sb, what, a.amount, b.amount, "value"))
    return out + _unmerged(facts, article)


def _finding(f: Fact, sa: Span, sb: Span, what: str, a, b, kind: str) -> Check:
    return Check(code="rounding", severity=severity_of(ratio_off(abs(a), abs(b))), facts=[f.id],
                 message=f"The mentions {quoted(sa.text)} and {quoted(sb.text)} merged into {subject(f)} state "
                         f"its {kind} as {what}, which no rounding reconciles.")


def _percents(spans: list[Span], parse) -> list[tuple[Span, object]]:
    """(first span, percent) for each distinct percent stated: equal figures need no pairing, and a
    fact repeated thousands of times (number soup) would make the pairwise test quadratic."""
    out = {}
    for s in spans:
        x = parse(s.text)
        if x is not None and x.percent not in out:
            out[x.percent] = s
    return [(s, p) for p, s in out.items()]


def _amounts(spans: list[Span], currency: str) -> list[tuple[Span, Money]]:
    """The spans that state an amount in the fact's currency and nothing else (not "rose 1.5 bn to ..."),
    the first span of each distinct amount."""
    out: dict = {}
    for s in spans:
        readings = find_money(s.text)
        if len(readings) != 1 or readings[0].text.strip() != s.text.strip():
            continue
        m = parse_money(s.text, default_currency=currency)
        if m is not None and m.currency == currency and m.amount not in out:
            out[m.amount] = (s, m)
    return list(out.values())


def _unmerged(facts: list[Fact], article: Article | None = None) -> list[Check]:
    """Two facts of one statistic, period and basis whose rates are a near miss of each other: the same
    size, within rounding, with opposite signs ("down 18.2%" or "down 18%" over "rose 18.2%"), or apart by at most one unit of the coarser
    figure's last digit without rounding to it ("up 18.1%" over "rose 18.2%", "31%" over "30.2 percent").
    The extractor keeps them apart because they disagree. Rates further apart are left alone: two facts
    of one statistic with unrelated rates are far more often two statistics (a product the extractor did
    not name, another base) than a misprint. Amounts likewise (`_unmerged_amounts`)."""
    unit = Decimal(load_rules("checks")["rounding"]["near_miss_units"])
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.growth is not None and f.growth.text:
            groups[(subject_key(f), f.growth.basis or "yoy", f.growth.points)].append(f)
    text = article.text if article is not None else None
    out = []
    for group in groups.values():
        for a, b in combinations(group, 2):
            if not _same_period(a, b) or _measures(a, a.growth.text, text) != _measures(b, b.growth.text, text):
                continue
            x, y = a.growth.percent, b.growth.percent
            coarse = Decimal(1).scaleb(-min(decimals(x), decimals(y)))
            # the same size, once rounded, with opposite signs: a headline's "up 18%" over the body's "fell 17.6%"
            flipped = x != 0 and y != 0 and (x > 0) != (y > 0) and agree_within_rounding(abs(x), abs(y))
            near = (x > 0) == (y > 0) and abs(abs(x) - abs(y)) < unit * coarse
            if (flipped or near) and not agree_within_rounding(x, y):
                out.append(Check(
                    code="rounding", severity="warning", facts=[a.id, b.id],
                    message=f"The rates {quoted(a.growth.text)} ({a.id}) and {quoted(b.growth.text)} ({b.id}) are "
                            f"stated for the same {metric(a.metric)} and {_period_of(a, b)}, as {signed(x)} and "
                            f"{signed(y)} percent, which no rounding reconciles."))
                break
    return out + _unmerged_amounts(facts, unit, article)


def _unmerged_amounts(facts: list[Fact], unit: Decimal, article: Article | None) -> list[Check]:
    """Two facts of one statistic, period and currency whose amounts are a near miss: apart by less than
    `unit` units of the coarser figure's last stated digit, yet beyond the rounding of both ("a 170 billion
    dollar deficit" and later "the 169 billion dlr deficit"; "667.18 billion" in the lead, "667.17 billion"
    when the text is repeated), and by at most `amount_max_relative` of the larger. Not compared: a fact
    without a period (a headline) when another fact of the statistic states its amount (it matches that
    one, it is no misprint of another's); a pair the text marks as a revision ("an upward revised 965
    mln", "revised from 207 mln"), read with rules/statistics.yaml's `revision` patterns."""
    most = Decimal(str(load_rules("checks")["rounding"]["amount_max_relative"]))
    revised = _revised(facts, article)
    text = article.text if article is not None else None
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.value is not None and f.value.text and f.value.amount != 0:
            groups[(subject_key(f), f.value.currency)].append(f)
    out = []
    for group in groups.values():
        for a, b in combinations(group, 2):
            if not _same_period(a, b) or (a.value.amount > 0) != (b.value.amount > 0) \
                    or _measures(a, a.value.text, text) != _measures(b, b.value.text, text):
                continue
            x, y = a.value, b.value
            tol = max(money_tolerance(x), money_tolerance(y))
            gap = abs(x.amount - y.amount)
            if not tol < gap < unit * 2 * tol or gap > most * max(abs(x.amount), abs(y.amount)):
                continue
            if {a.id, b.id} & revised or any(_twin(f, group) for f in (a, b) if f.period is None):
                continue
            out.append(Check(
                code="rounding", severity="warning", facts=[a.id, b.id],
                message=f"The amounts {quoted(x.text)} ({a.id}) and {quoted(y.text)} ({b.id}) are stated for the same "
                        f"statistic, {_statistic(a)}, and {_period_of(a, b)}, as {amount(x.amount, x.currency)} and "
                        f"{amount(y.amount, y.currency)}, which no rounding reconciles."))
            break
    return out


def _measures(f: Fact, said: str | None, text: str | None) -> frozenset[str]:
    """The measure qualifiers (`measure_words`: "nominal", "in real terms", "seasonally adjusted") named
    in the figure's phrase, or with the text at hand in its sentence up to the figure: two figures of one
    statistic measured differently are two statistics ("exports fell by a nominal two pct ... in real
    terms exports had increased by 1.5 pct")."""
    words = word_matcher(tuple(load_rules("checks")["rounding"]["measure_words"]))
    said = " ".join((said or "").split())
    span = next((s for s in f.evidence if " ".join(s.text.split()) == said), None)
    where = said
    if text and span is not None and text[span.start:span.end] == span.text:
        head = text[max(0, span.start - _SENTENCE_CHARS):span.start]
        cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0)
        where = head[cut:] + span.text
    return frozenset(" ".join(m.group().lower().split()) for m in words.finditer(where))


_SENTENCE_END = re.compile(r"[.!?](?=\s)(?<!\b[A-Z]\.)")  # "U.S. exports" does not end a sentence
_SENTENCE_CHARS = 400


def _statistic(f: Fact) -> str:
    """'exports with Japan, cars': what the statistic is, without a fact id."""
    return ", ".join([metric(f.metric) + (f" with {f.counterpart.name}" if f.counterpart else "")]
                     + ([f.segment] if f.segment else []))


def _revised(facts: list[Fact], article: Article | None) -> set[str]:
    """The facts whose evidence the article's text marks as a revised figure or as the one it replaced."""
    text = article.text if article is not None else None
    if not text:
        return set()
    contract = {"facts": [{"id": f.id, "evidence": [s.model_dump() for s in f.evidence]} for f in facts]}
    return set(revision_marks(text, contract))


def _twin(f: Fact, group: list[Fact]) -> bool:
    """Another fact of the statistic states f's amount within the rounding of both."""
    return any(g is not f and abs(g.value.amount - f.value.amount)
               <= max(money_tolerance(g.value), money_tolerance(f.value)) for g in group)


def _same_period(a: Fact, b: Fact) -> bool:
    """The same dates, or one side has none (a headline: merging joins it to a fact of any period)."""
    return a.period is None or b.period is None or period_key(a.period) == period_key(b.period)


def _period_of(a: Fact, b: Fact) -> str:
    p = a.period or b.period
    return "period" if p is None else f"period, {p.start} to {p.end}"
