"""Planted contradictions: how many of them the consistency checks catch.

    python bench/mutate.py                              # the dev sets; table, and bench/mutate.json history
    python bench/mutate.py --set modern-dev --articles 40 --kinds components-sum,balance --show-misses 10
    python bench/mutate.py --set reuters-trade --kinds none   # false alarms only, on the 514 trade stories

For each article the extractor's own facts and their evidence spans locate the figures of the TEXT;
each kind below that applies to the article rewrites exactly one figure (or one direction word, or
one unit) the way a careless editor would, chosen with a generator seeded by (seed, article, kind):

  components-sum     exports, imports or total trade of a consistent triple: one leading digit changed
  balance            the balance of a consistent exports/imports/balance triple: one leading digit changed
  part-whole         a partner's or segment's value ten times over (a slipped decimal point), above its total
  conversion         an equivalent in another currency ten times too large or too small
  share-range        a share pushed above 100 percent, or one of several countries' shares raised
                     until they add up to more than 100
  share-vs-values    a share whose part and whole values are stated: one leading digit changed
  growth-vs-levels   a rate stated with both levels: its direction word swapped ("rose" -> "fell")
  growth-vs-mention  a rate stated twice (lead and body): the direction word of one mention swapped
  rounding           a figure stated twice: one mention moved so that it no longer rounds to the other
                     ("31%" and "30.9 percent" -> "31%" and "29.9 percent")
  points-vs-percent  a share's change with both shares stated: "percentage points" written "percent",
                     or the reverse
  duplicate-figure   one figure (a rate with decimals, an amount) copied onto another subject

Every mutant is checked by the harness's own arithmetic (not by the checks) to contradict the text
beyond the rounding of its stated figures. Then `extract_many` runs over the originals and the
mutants, and for each kind the table gives: mutants made; those whose changed figure was extracted
(a fact's evidence covers it and reads the new figure); those detected (a warning or error, not
raised on the original, that cites the changed figure's fact). False alarms are originals with any
warning or error, less the articles whose gold lists a real inconsistency.
"""
from __future__ import annotations

import argparse
import functools
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from extractor import extract_many
from extractor.models import ArticleFacts, Fact, Period
from extractor.normalise.changes import parse_change, parse_share
from extractor.normalise.money import parse_money
from extractor.normalise.periods import shift_months

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
HISTORY = Path(__file__).with_name("mutate.json")
SEVERE = ("warning", "error")
BASIS_MONTHS = {None: 12, "yoy": 12, "mom": 1, "qoq": 3}


@functools.cache
def _cfg() -> dict:
    return yaml.safe_load(Path(__file__).with_name("mutate.yaml").read_text(encoding="utf-8"))


@functools.cache
def _number() -> re.Pattern[str]:
    return re.compile(_cfg()["number"])


# ---- the articles ---------------------------------------------------------------------------------

def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _corpus(articles: str, gold: str | None, only_gold: bool) -> list[dict]:
    golds = {g["id"]: g for g in _jsonl(CORPUS / gold)} if gold else {}
    rows = []
    for r in _jsonl(CORPUS / articles):
        if only_gold and r["id"] not in golds:
            continue
        rows.append({"id": r["id"], "text": r["text"], "published": r.get("published"), "title": r.get("title"),
                     "source": r.get("source"), "inconsistent": bool(golds.get(r["id"], {}).get("inconsistencies"))})
    return rows


def _fixtures() -> list[dict]:
    """The hand-written fixture articles (not fixtures/checks/, whose articles hold contradictions)."""
    rows = []
    for txt in sorted((ROOT / "fixtures").glob("*.txt")):
        expected = json.loads(txt.with_suffix(".expected.json").read_text(encoding="utf-8"))
        meta = expected.get("article", {})
        given = expected.get("given", ["published", "title", "source"])
        rows.append({"id": txt.stem, "text": txt.read_text(encoding="utf-8"), "inconsistent": bool(expected.get("checks")),
                     **{k: meta.get(k) for k in ("published", "title", "source") if k in given}})
    return rows


SETS: dict[str, Callable[[], list[dict]]] = {
    "modern-dev": lambda: _corpus("modern-dev.jsonl", "modern-dev-gold.jsonl", False),
    "reuters-dev": lambda: _corpus("reuters-trade.jsonl", "reuters-trade-dev-gold.jsonl", True),
    "reuters-trade": lambda: _corpus("reuters-trade.jsonl", "reuters-trade-dev-gold.jsonl", False),
    "fixtures": _fixtures,
}
DEFAULT_SETS = ("modern-dev", "reuters-dev", "fixtures")


# ---- figures in the text --------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    """One figure of one fact as the text states it: the number token and what it stands for."""

    fact: Fact
    kind: str            # value | equivalent | growth | share
    span_start: int
    span_end: int
    start: int           # the number token, in the article text
    end: int
    token: str
    figure: Decimal      # the amount (unsigned) or percent (growth signed) this mention states
    scale: Decimal       # figure = token * scale (1 for percents)

    @property
    def tolerance(self) -> Decimal:
        """Half a unit of the token's last digit, in the figure's units."""
        return half_unit(self.token) * self.scale


def half_unit(token: str) -> Decimal:
    digits = token.replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(5).scaleb(-places - 1)


def token_value(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def _scale(figure: Decimal, number: Decimal) -> Decimal | None:
    if number <= 0 or figure <= 0:
        return None
    for k in range(0, 16):
        if number * Decimal(10) ** k == figure:
            return Decimal(10) ** k
    return None


def mentions(result: ArticleFacts, text: str) -> list[Mention]:
    """Every figure the facts' evidence spans state, with its number token located in the text."""
    out = []
    for f in result.facts:
        for s in f.evidence:
            kind = re.split(r"[.+]", s.rule or "")[0]  # "value+metric.exports.v1", "growth.verb.rise.v1"
            figure = _figure(kind, s.text, f)
            if figure is None:
                continue
            for m in _number().finditer(s.text):
                number = token_value(m.group())
                scale = Decimal(1) if kind in ("growth", "share") else _scale(abs(figure), number)
                if kind in ("growth", "share") and number != abs(figure) or scale is None:
                    continue
                out.append(Mention(f, kind, s.start, s.end, s.start + m.start(), s.start + m.end(), m.group(),
                                   figure, scale))
                break
    return out


def _figure(kind: str, span: str, f: Fact) -> Decimal | None:
    # a span cut short of its context ("16.2 percent of") does not parse alone: the fact's own figure then
    if kind == "growth":
        g = parse_change(span) or f.growth
        return None if g is None else g.percent
    if kind == "share":
        sh = parse_share(span) or f.share
        return None if sh is None else sh.percent
    if kind in ("value", "equivalent") and f.value is not None:
        m = parse_money(span, default_currency=f.value.currency)
        return None if m is None else abs(m.amount)
    return None


def render(x: Decimal, like: str, keep_places: bool = False) -> str:
    """x written the way `like` is: its thousands commas, and as many decimals as x needs (at least
    `like`'s with keep_places): render(Decimal("9309.60"), "930.96") -> "9309.6"."""
    places = max(0, -x.normalize().as_tuple().exponent)
    if keep_places:
        places = max(places, len(like.split(".")[1]) if "." in like else 0)
    return f"{x:,.{places}f}" if "," in like else f"{x:.{places}f}"


def leading_digit_variants(token: str, rng: random.Random) -> list[str]:
    """The token with its first significant digit changed by 1 to 3, in a seeded order."""
    i = next(i for i, c in enumerate(token) if c in "123456789")
    d = int(token[i])
    options = [e for e in range(1, 10) if e != d and abs(e - d) <= 3]
    rng.shuffle(options)
    return [token[:i] + str(e) + token[i + 1:] for e in options]


# ---- mutants --------------------------------------------------------------------------------------

@dataclass
class Mutant:
    kind: str
    article: str
    text: str
    start: int           # the changed region in the mutant text
    end: int
    delta: int           # len(mutant) - len(original): offsets after the change move by this
    changed: int         # where the change starts in the original
    expect_kind: str     # value | equivalent | growth | share
    expect: Decimal      # the figure the changed mention now states
    note: str
    old: str = ""        # the text replaced, and what replaced it
    new: str = ""
    row: dict = field(repr=False, default_factory=dict)


def _replace(row: dict, kind: str, start: int, end: int, new: str, expect_kind: str, expect: Decimal,
             note: str) -> Mutant:
    text = row["text"]
    mutated = text[:start] + new + text[end:]
    return Mutant(kind, row["id"], mutated, start, start + len(new), len(new) - (end - start), start, expect_kind,
                  expect, note, text[start:end], new, {**row, "text": mutated})


def _retoken(row: dict, kind: str, m: Mention, token: str, figure: Decimal, note: str) -> Mutant:
    return _replace(row, kind, m.start, m.end, token, m.kind, figure,
                    f"{note}: {m.token!r} -> {token!r} at {m.start}")


def _place(p) -> str | None:
    return None if p is None else (p.code or p.name.lower())


def _period(p: Period | None) -> tuple | None:
    return None if p is None else (p.start, p.end)


def _value_mention(f: Fact, ms: list[Mention]) -> Mention | None:
    if f.value is None:
        return None
    return next((m for m in ms if m.fact is f and m.kind == "value" and m.figure == abs(f.value.amount)), None)


def _growth_mentions(f: Fact, ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if m.fact is f and m.kind == "growth"]


def _share_mention(f: Fact, ms: list[Mention]) -> Mention | None:
    if f.share is None:
        return None
    return next((m for m in ms if m.fact is f and m.kind == "share" and m.figure == f.share.percent), None)


def _groups(facts: list[Fact]) -> dict[tuple, dict[str, list[Fact]]]:
    groups: dict[tuple, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.value is not None and f.period is not None:
            key = (_place(f.region), _period(f.period), f.value.currency, _place(f.counterpart), f.segment)
            groups[key][f.metric].append(f)
    return groups


def _signed(f: Fact, magnitude: Decimal) -> Decimal:
    return -magnitude if f.value.amount < 0 else magnitude


def _identity(row, result, ms, rng, kind: str, stated: str, signs: dict[str, int], targets: tuple[str, ...]):
    """A consistent stated = sum(sign * part) triple with one figure rewritten beyond its rounding."""
    triples = []
    for by_metric in _groups(result.facts).values():
        chosen = [by_metric.get(m, []) for m in (stated, *signs)]
        if all(len(c) == 1 for c in chosen):
            facts = {m: c[0] for m, c in zip((stated, *signs), chosen)}
            vm = {m: _value_mention(f, ms) for m, f in facts.items()}
            if all(vm.values()):
                triples.append((facts, vm))
    rng.shuffle(triples)
    for facts, vm in triples:
        values = {m: f.value.amount for m, f in facts.items()}
        slack = sum(v.tolerance + (abs(values[m]) * Decimal("0.02") if facts[m].value.approximate else 0)
                    for m, v in vm.items())
        if abs(sum(s * values[m] for m, s in signs.items()) - values[stated]) > slack:
            continue  # already inconsistent: nothing to plant
        order = list(targets)
        rng.shuffle(order)
        for target in order:
            m = vm[target]
            for token in leading_digit_variants(m.token, rng):
                new = {**values, target: _signed(facts[target], token_value(token) * m.scale)}
                off = abs(sum(s * new[k] for k, s in signs.items()) - new[stated])
                if off > 2 * slack and off > abs(values[stated]) * Decimal("0.01"):
                    return _retoken(row, kind, m, token, token_value(token) * m.scale, f"{target} ({m.fact.id})")
    return None


def components_sum(row, result, ms, rng):
    return _identity(row, result, ms, rng, "components-sum", "trade", {"exports": 1, "imports": 1},
                     ("trade", "exports", "imports"))


def balance(row, result, ms, rng):
    return _identity(row, result, ms, rng, "balance", "balance", {"exports": 1, "imports": -1}, ("balance",))


def _whole(part: Fact, facts: list[Fact]) -> Fact | None:
    wholes = [f for f in facts if f is not part and f.metric == part.metric and f.counterpart is None
              and f.segment is None and f.value is not None and part.value is not None
              and f.value.currency == part.value.currency and _place(f.region) == _place(part.region)
              and _period(f.period) == _period(part.period) and part.period is not None]
    return wholes[0] if len(wholes) == 1 else None


def _parts(result: ArticleFacts) -> list[Fact]:
    return [f for f in result.facts if (f.counterpart is not None or f.segment is not None)
            and f.metric in ("trade", "exports", "imports")]


def part_whole(row, result, ms, rng):
    candidates = []
    for part in _parts(result):
        whole, m = _whole(part, result.facts), _value_mention(part, ms)
        if whole is None or m is None or whole.value.amount <= 0:
            continue
        if part.value.amount <= whole.value.amount and part.value.amount * 10 > whole.value.amount * Decimal("1.1"):
            candidates.append(m)
    if not candidates:
        return None
    m = rng.choice(candidates)
    token = render(token_value(m.token) * 10, m.token)
    return _retoken(row, "part-whole", m, token, token_value(token) * m.scale, f"part ({m.fact.id}) x10")


def conversion(row, result, ms, rng):
    candidates = [m for m in ms if m.kind == "equivalent" and m.fact.value is not None
                  and any(e.currency != m.fact.value.currency and abs(e.amount) == m.figure for e in m.fact.equivalents)]
    candidates = [m for m in candidates if not any(c.code == "conversion-rate" and c.severity in SEVERE
                                                   and m.fact.id in c.facts for c in result.checks)]
    if not candidates:
        return None
    m = rng.choice(candidates)
    factor = rng.choice((Decimal(10), Decimal("0.1")))
    token = render(token_value(m.token) * factor, m.token)
    return _retoken(row, "conversion", m, token, token_value(token) * m.scale,
                    f"equivalent ({m.fact.id}) x{factor.normalize()}")


def share_range(row, result, ms, rng):
    shares = [(f, _share_mention(f, ms)) for f in result.facts if f.share is not None and 0 <= f.share.percent <= 100]
    shares = [(f, m) for f, m in shares if m is not None]
    if not shares:
        return None
    wholes = defaultdict(dict)
    for f, m in shares:
        if f.counterpart is not None and f.counterpart.kind == "country" and f.segment is None:
            wholes[(f.metric, _place(f.region), _period(f.period))].setdefault(_place(f.counterpart), m)
    several = [list(g.values()) for g in wholes.values() if len(g) > 1]
    rng.shuffle(several)
    for group in several:
        total = sum(m.figure for m in group)
        if total + sum(m.tolerance for m in group) > 100:
            continue
        for m in sorted(group, key=lambda m: -m.figure):
            for token in sorted(leading_digit_variants(m.token, rng), key=token_value):
                new_total = total - m.figure + token_value(token)
                if token_value(token) <= 100 and new_total - sum(x.tolerance for x in group) > 100:
                    return _retoken(row, "share-range", m, token, token_value(token),
                                    f"country shares sum to {new_total}")
    f, m = rng.choice(shares)
    token = render(m.figure + 100, m.token)
    return _retoken(row, "share-range", m, token, token_value(token), f"share ({f.id}) + 100")


def share_vs_values(row, result, ms, rng):
    candidates = []
    for part in _parts(result):
        whole, sm, pm = _whole(part, result.facts), _share_mention(part, ms), _value_mention(part, ms)
        if whole is None or sm is None or pm is None or whole.value.amount <= 0:
            continue
        wm = _value_mention(whole, ms)
        tol_w = wm.tolerance if wm else Decimal(0)
        lo = (part.value.amount - pm.tolerance) / (whole.value.amount + tol_w) * 100
        hi = (part.value.amount + pm.tolerance) / (whole.value.amount - tol_w) * 100
        if lo - sm.tolerance <= part.share.percent <= hi + sm.tolerance:
            candidates.append((sm, lo, hi))
    rng.shuffle(candidates)
    for sm, lo, hi in candidates:
        for token in leading_digit_variants(sm.token, rng):
            x = token_value(token)
            if x <= 100 and (x + 2 * sm.tolerance < lo or x - 2 * sm.tolerance > hi):
                return _retoken(row, "share-vs-values", sm, token, x, f"share ({sm.fact.id})")
    return None


def _flip(row: dict, kind: str, m: Mention, note: str) -> Mutant | None:
    """The direction word of a growth mention swapped for its opposite."""
    opposite = _cfg()["opposite"]
    span = row["text"][m.span_start:m.span_end]
    for w in re.finditer(r"[A-Za-z]+", span):
        word = w.group()
        new = opposite.get(word.lower())
        if new is None:
            continue
        new = new.capitalize() if word[0].isupper() else new
        start = m.span_start + w.start()
        mutant = _replace(row, kind, start, start + len(word), new, "growth", -m.figure,
                          f"{note}: {word!r} -> {new!r} at {start}")
        mutant.end = m.span_end + mutant.delta  # the whole mention is what changed
        mutant.start = m.span_start
        return mutant
    return None


def growth_vs_levels(row, result, ms, rng):
    candidates = []
    for now in result.facts:
        g = now.growth
        if g is None or g.points or now.value is None or now.period is None or g.basis not in BASIS_MONTHS:
            continue
        target = _period(shift_months(now.period, -BASIS_MONTHS[g.basis]))
        before = [f for f in result.facts if f.value is not None and _period(f.period) == target
                  and (f.metric, _place(f.region), _place(f.counterpart), f.segment)
                  == (now.metric, _place(now.region), _place(now.counterpart), now.segment)
                  and f.value.currency == now.value.currency]
        if len(before) != 1 or (now.value.amount > 0) != (before[0].value.amount > 0):
            continue
        a, b = abs(now.value.amount), abs(before[0].value.amount)
        ma, mb = _value_mention(now, ms), _value_mention(before[0], ms)
        if ma is None or mb is None:
            continue
        lo = ((a - ma.tolerance) / (b + mb.tolerance) - 1) * 100
        hi = ((a + ma.tolerance) / (b - mb.tolerance) - 1) * 100
        for gm in _growth_mentions(now, ms):
            tol = gm.tolerance
            if lo - tol <= gm.figure <= hi + tol and not lo - tol <= -gm.figure <= hi + tol:
                candidates.append(gm)
    rng.shuffle(candidates)
    for gm in candidates:
        mutant = _flip(row, "growth-vs-levels", gm, f"growth ({gm.fact.id})")
        if mutant:
            return mutant
    return None


def growth_vs_mention(row, result, ms, rng):
    candidates = []
    for f in result.facts:
        gs = [m for m in _growth_mentions(f, ms) if m.figure != 0]
        if len(gs) > 1 and len({m.figure > 0 for m in gs}) == 1:
            candidates.append(gs)
    rng.shuffle(candidates)
    for gs in candidates:
        for m in rng.sample(gs, len(gs)):
            mutant = _flip(row, "growth-vs-mention", m, f"growth mention of {m.fact.id}")
            if mutant:
                return mutant
    return None


def rounding(row, result, ms, rng):
    pairs = []
    for f in result.facts:
        for kind in ("growth", "share", "value"):
            same = [m for m in ms if m.fact is f and m.kind == kind]
            pairs += [(a, b) for a in same for b in same if a.start < b.start]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    fine, coarse = (a, b) if half_unit(a.token) <= half_unit(b.token) else (b, a)
    if rng.random() < 0.5 and half_unit(a.token) == half_unit(b.token):
        fine, coarse = coarse, fine
    unit = half_unit(coarse.token) * 2
    step = -unit if token_value(fine.token) * fine.scale <= token_value(coarse.token) * coarse.scale else unit
    x = token_value(fine.token) + step
    if x <= 0:
        x = token_value(fine.token) + unit
    token = render(x, fine.token, keep_places=True)
    figure = token_value(token) * fine.scale
    if fine.kind == "growth" and fine.figure < 0:
        figure = -figure
    return _retoken(row, "rounding", fine, token, figure, f"mention of {fine.fact.id} against {coarse.token!r}")


def _earlier_share(now: Fact, facts: list[Fact]) -> Fact | None:
    key = (now.metric, _place(now.region), _place(now.counterpart), now.segment)
    earlier = [f for f in facts if f is not now and f.share is not None and f.period is not None
               and (f.metric, _place(f.region), _place(f.counterpart), f.segment) == key
               and f.period.end < now.period.start]
    return earlier[0] if len(earlier) == 1 else None


def points_vs_percent(row, result, ms, rng):
    units = _cfg()["points"]
    candidates = []
    for now in result.facts:
        if now.share is None or now.growth is None or now.period is None:
            continue
        before = _earlier_share(now, result.facts)
        if before is None:
            continue
        s1, s0 = now.share.percent, before.share.percent
        diff, rel = s1 - s0, (s1 / s0 - 1) * 100 if s0 else None
        for gm in _growth_mentions(now, ms):
            tol = gm.tolerance + Decimal("0.1")
            as_points = abs(abs(diff) - abs(gm.figure)) <= tol
            as_percent = rel is not None and abs(abs(rel) - abs(gm.figure)) <= tol
            if as_points != as_percent:
                candidates.append((gm, units["as_percent" if as_points else "as_points"]))
    rng.shuffle(candidates)
    for gm, table in candidates:
        span = row["text"][gm.span_start:gm.span_end]
        for old in sorted(table, key=len, reverse=True):
            i = span.lower().find(old, gm.end - gm.span_start)
            if i >= 0:
                start = gm.span_start + i
                mutant = _replace(row, "points-vs-percent", start, start + len(old), table[old], "growth", gm.figure,
                                  f"growth ({gm.fact.id}): {old!r} -> {table[old]!r}")
                mutant.start, mutant.end = gm.span_start, gm.span_end + mutant.delta
                return mutant
    return None


def duplicate_figure(row, result, ms, rng):
    def subject(f: Fact) -> tuple:
        return (f.metric, _place(f.counterpart), f.segment)

    def notable(m: Mention) -> bool:
        if m.kind == "growth":
            return m.figure == m.fact.growth.percent and "." in m.token
        return m.kind == "value" and m.figure == abs(m.fact.value.amount) and m.figure >= 10**6 \
            and (m.figure / 10**6) % 1 != 0
    figures = [m for m in ms if notable(m)]
    pairs = [(a, b) for a in figures for b in figures if a.kind == b.kind and subject(a.fact) != subject(b.fact)
             and a.figure != b.figure and (a.figure > 0) == (b.figure > 0) and a.scale == b.scale
             and (a.kind != "value" or a.fact.value.currency == b.fact.value.currency)]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return _retoken(row, "duplicate-figure", b, a.token, a.figure, f"{b.fact.id} copies {a.fact.id}")


KINDS: dict[str, Callable] = {
    "components-sum": components_sum, "balance": balance, "part-whole": part_whole, "conversion": conversion,
    "share-range": share_range, "share-vs-values": share_vs_values, "growth-vs-levels": growth_vs_levels,
    "growth-vs-mention": growth_vs_mention, "rounding": rounding, "points-vs-percent": points_vs_percent,
    "duplicate-figure": duplicate_figure,
}


def make_mutants(row: dict, result: ArticleFacts, kinds: Iterable[str], seed: int) -> list[Mutant]:
    ms = mentions(result, row["text"])
    out = []
    for kind in kinds:
        mutant = KINDS[kind](row, result, ms, random.Random(f"{seed}:{row['id']}:{kind}"))
        if mutant is not None:
            out.append(mutant)
    return out


# ---- scoring --------------------------------------------------------------------------------------

def _anchors(result: ArticleFacts, back: Callable[[int], int]) -> dict[str, int]:
    """Each fact by where its first mention starts in the original text: fact ids may be renumbered."""
    return {f.id: back(f.evidence[0].start) if f.evidence else -1 for f in result.facts}


def _check_keys(result: ArticleFacts, anchors: dict[str, int]) -> dict[tuple, int]:
    rank = {"info": 0, "warning": 1, "error": 2}
    keys: dict[tuple, int] = {}
    for c in result.checks:
        key = (c.code, frozenset(anchors.get(i, -1) for i in c.facts))
        keys[key] = max(keys.get(key, -1), rank[c.severity])
    return keys


@dataclass
class Outcome:
    mutant: Mutant
    extracted: bool
    detected: bool
    codes: list[str]


def score(mutant: Mutant, original: ArticleFacts, result: ArticleFacts) -> Outcome:
    hits = [m for m in mentions(result, mutant.text) if m.kind == mutant.expect_kind and m.figure == mutant.expect
            and m.start < mutant.end and mutant.start < m.end]
    ids = {m.fact.id for m in hits}
    back = (lambda x: x - mutant.delta if x >= mutant.end else x)
    before = _check_keys(original, _anchors(original, lambda x: x))
    anchors = _anchors(result, back)
    rank = {"warning": 1, "error": 2}
    new = [c for c in result.checks if c.severity in SEVERE and ids & set(c.facts)
           and before.get((c.code, frozenset(anchors.get(i, -1) for i in c.facts)), -1) < rank[c.severity]]
    return Outcome(mutant, bool(hits), bool(new), sorted({c.code for c in new}))


@dataclass
class Report:
    kinds: list[str]
    outcomes: list[Outcome]
    articles: dict[str, int]
    alarms: dict[str, list[str]]       # set -> ids of originals with a warning or error
    known: dict[str, list[str]]        # set -> ids whose gold names a real inconsistency, among those

    def by_kind(self) -> dict[str, dict[str, int]]:
        out = {k: {"made": 0, "extracted": 0, "detected": 0} for k in self.kinds}
        for o in self.outcomes:
            row = out[o.mutant.kind]
            row["made"] += 1
            row["extracted"] += o.extracted
            row["detected"] += o.detected and o.extracted
        return out

    def false_alarms(self) -> dict[str, dict]:
        out = {}
        for name, n in self.articles.items():
            false = [i for i in self.alarms[name] if i not in self.known[name]]
            out[name] = {"articles": n, "alarms": len(self.alarms[name]), "known": len(self.known[name]),
                         "false": len(false), "rate": len(false) / n if n else 0.0, "ids": false}
        return out


def run(sets: dict[str, list[dict]], kinds: list[str], seed: int = 0, batch: int = 64) -> Report:
    """Extract every original, make its mutants, extract them, and score each."""
    outcomes: list[Outcome] = []
    articles, alarms, known = {}, {}, {}
    for name, rows in sets.items():
        originals = _extract(rows, batch)
        articles[name] = len(rows)
        alarms[name] = [r["id"] for r, res in zip(rows, originals) if any(c.severity in SEVERE for c in res.checks)]
        known[name] = [r["id"] for r in rows if r.get("inconsistent") and r["id"] in alarms[name]]
        mutants = [(m, res) for r, res in zip(rows, originals) for m in make_mutants(r, res, kinds, seed)]
        results = _extract([m.row for m, _ in mutants], batch)
        outcomes += [score(m, res, out) for (m, res), out in zip(mutants, results)]
    return Report(kinds, outcomes, articles, alarms, known)


def _extract(rows: list[dict], batch: int) -> list[ArticleFacts]:
    keys = ("text", "id", "published", "title", "source")
    out: list[ArticleFacts] = []
    for i in range(0, len(rows), batch):
        out += extract_many([{k: r[k] for k in keys if r.get(k) is not None} for r in rows[i:i + batch]])
    return out


# ---- the command ----------------------------------------------------------------------------------

def table(report: Report) -> str:
    lines = [f"{'kind':<19} {'made':>5} {'extracted':>9} {'detected':>8} {'det/extr':>8} {'det/made':>8}"]
    total = Counter()
    for kind, row in report.by_kind().items():
        total.update(row)
        lines.append(_row(kind, row))
    lines.append(_row("all", total))
    lines.append("")
    lines.append(f"{'false alarms':<19} {'articles':>8} {'alarms':>6} {'known':>5} {'false':>5} {'rate':>6}")
    for name, fa in report.false_alarms().items():
        lines.append(f"{name:<19} {fa['articles']:>8} {fa['alarms']:>6} {fa['known']:>5} {fa['false']:>5} "
                     f"{fa['rate']:>6.1%}")
    return "\n".join(lines)


def _row(kind: str, row) -> str:
    made, extracted, detected = row["made"], row["extracted"], row["detected"]
    ratio = (lambda a, b: f"{a / b:>8.2f}" if b else f"{'-':>8}")
    return f"{kind:<19} {made:>5} {extracted:>9} {detected:>8} {ratio(detected, extracted)} {ratio(detected, made)}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), action="append", help=f"article sets (default {', '.join(DEFAULT_SETS)})")
    ap.add_argument("--articles", type=int, help="only the first N articles of each set")
    ap.add_argument("--kinds", help=f"comma-separated kinds, or 'none' (default all: {', '.join(KINDS)})")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show-misses", type=int, default=0, help="list up to N mutants extracted but not detected")
    ap.add_argument("--show-alarms", action="store_true", help="list the false alarms' checks")
    ap.add_argument("--no-history", action="store_true", help="do not append to bench/mutate.json")
    a = ap.parse_args()
    kinds = [] if a.kinds == "none" else (a.kinds.split(",") if a.kinds else list(KINDS))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        ap.error(f"unknown kinds: {', '.join(unknown)}")
    names = a.set or list(DEFAULT_SETS)
    if any(n != "fixtures" for n in names) and not CORPUS.is_dir():
        print(f"mutate: no corpus at {CORPUS}", file=sys.stderr)
        return 2
    sets = {n: SETS[n]()[:a.articles] for n in names}
    t = time.perf_counter()
    report = run(sets, kinds, a.seed)
    print(table(report))
    print(f"\n{len(report.outcomes)} mutants of {sum(report.articles.values())} articles in "
          f"{time.perf_counter() - t:.0f} s")
    if a.show_misses:
        misses = [o for o in report.outcomes if o.extracted and not o.detected][:a.show_misses]
        for o in misses:
            print(f"miss {o.mutant.kind:<18} {o.mutant.article:<28} {o.mutant.note}")
    if a.show_alarms:
        fa = report.false_alarms()
        originals = {n: dict(zip([r["id"] for r in rows], _extract(rows, 64))) for n, rows in sets.items()}
        for n in names:
            for i in fa[n]["ids"]:
                for c in originals[n][i].checks:
                    if c.severity in SEVERE:
                        print(f"alarm {n} {i} {c.code} {c.severity}: {c.message}")
    if not a.no_history:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        history = json.loads(HISTORY.read_text()) if HISTORY.exists() else []
        history.append({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": commit.stdout.strip(),
                        "sets": {n: len(r) for n, r in sets.items()}, "seed": a.seed, "kinds": report.by_kind(),
                        "false_alarms": {n: {k: v for k, v in fa.items() if k != "ids"}
                                         for n, fa in report.false_alarms().items()}})
        HISTORY.write_text(json.dumps(history, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
