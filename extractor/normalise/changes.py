"""Growth and share percents: find every percent in a text and say what it is.

>>> [(m.kind, m.percent, m.cue) for m in find_changes("exports rose 14.6 pct")]
[('growth', Decimal('14.6'), 'rose')]
>>> parse_change("a decline of 10 pct").percent
Decimal('-10')
>>> parse_share("accounting for 92.5 percent of the region's total").of
"the region's total"

All cue words live in rules/changes.yaml; this module only knows how to apply them.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .. import regexes
from ..errors import RuleFileError
from ..models import Growth, Percent, Share
from ..rules import load_rules

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class ChangeMention:
    """One percent expression with its cue; offsets index the text given to find_changes."""

    start: int
    end: int
    text: str
    number_start: int
    number_end: int
    kind: str
    percent: Decimal
    basis: str | None
    points: bool
    of: str | None
    cue: str | None
    rule: str
    part: str | None = None  # the part a share-subject names: "copper" of "the share of copper in total exports"


@dataclass(frozen=True)
class _Cue:
    rule: dict
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Number:
    start: int   # number start
    end: int     # unit end
    value: Decimal
    points: bool
    fraction: bool  # "one-third of": only a share, never a bare percent
    multiple: dict | None = None  # the rules/changes.yaml `multiples` rule of "jumped 10.9 times", "rose seven-fold"


def _phrase_regex(phrases: list[str]) -> str:
    """["a rise of", "rose"] -> r'a\\s+rise\\s+of|rose' (longest first)."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # longest first, then a fixed order
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@functools.cache
def _compiled() -> dict[str, Any]:
    """Compile rules/changes.yaml once per process."""
    data = load_rules("changes")
    try:
        nums = data["numbers"]
        words = {_norm(k): Decimal(v) for k, v in nums["words"].items()}
        units = [k for k, v in words.items() if v < 10]
        tens = "|".join(nums["tens"])
        word_re = rf"(?:{tens})-(?:{'|'.join(units)})|{_phrase_regex(list(words))}"
        digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:-\d+/\d+)?|\d+/\d+|\.\d+"
        unit_re = "|".join(
            f"(?P<{name}>{data['units'][name]})" for name in ("points", "percent", "bare_points")
        )
        number = regexes.compile(
            rf"(?<![\w.,/-])(?P<num>{digits}|(?:{word_re})\b)(?:{unit_re})", _FLAGS
        )
        bare_multiples = [regexes.compile(rf"(?<![\w.,/-])(?P<num>\d+(?:\.\d+)?|{word_re})(?:\s+times|(?:-|\s)?fold)\b",
                                          _FLAGS)]
        multiples = [dict(rule, regex=regexes.compile(
            r"(?<![\w.,/-])" + rule["pattern"].replace("{NUM}", rf"\d+(?:\.\d+)?|{word_re}"), _FLAGS))
            for rule in data["multiples"]]
        fractions = {_norm(k): Decimal(str(v)) for k, v in nums["fractions"].items()}
        fraction = regexes.compile(rf"\b(?P<num>{_phrase_regex(list(fractions))})(?=\s+of\s)", _FLAGS)
        money = data["money"]
        money_re = (
            rf"(?:(?:{money['symbol']})\s*(?:{money['number']})(?:\s+(?:{money['scale']}))?(?:\s+{money['unit']})?"
            rf"|(?:{money['number']})\s+(?:{money['scale']})(?:\s+{money['unit']})?"
            rf"|(?:{money['number']})\s+{money['unit']})"
        )
        tight = [f"(?:{g})" for g in data["gaps"]["tight"]]
        verb = [f"(?:{g.replace('{MONEY}', money_re)})" for g in data["gaps"]["verb"]] + tight
        obj = [f"(?:{g})" for g in data["gaps"]["object"]]
        gaps = {
            name: regexes.compile(rf"(?:\s*(?:{'|'.join(toks)})(?![\w]))*\s*", _FLAGS)
            for name, toks in (("tight", tight), ("verb", verb))
        }
        gaps["object"] = regexes.compile(rf"\s*(?:{'|'.join(obj)})(?:\s*(?:{'|'.join(tight)})(?![\w]))*\s*", _FLAGS)
        before = data["before"]
        by_phrase: dict[str, list[dict]] = {}
        for rule in before:
            for phrase in rule["phrases"]:
                by_phrase.setdefault(_norm(phrase), []).append(rule)
        cue_re = regexes.compile(rf"(?<![\w-])(?:{_phrase_regex(list(by_phrase))})(?![\w-])", _FLAGS)
        after = [dict(rule, regex=regexes.compile(rule["pattern"], _FLAGS)) for rule in data["after"]]
        basis = [
            (rule["basis"], regexes.compile("|".join(f"(?:{p})" for p in rule["patterns"]), _FLAGS))
            for rule in data["basis"]
        ]
        b = data["boundaries"]
        abbrev = "|".join(re.escape(a) for a in b["abbreviations"].split())
        return {
            "words": words,
            "fractions": fractions,
            "number": number,
            "max_digits": int(nums["max_digits"]),
            "fraction": fraction,
            "multiples": multiples,
            "bare_multiples": bare_multiples,
            "fraction_of_starts": regexes.compile(nums["fraction_of_starts"]),
            "gaps": gaps,
            "by_phrase": by_phrase,
            "cue": cue_re,
            "after": after,
            "basis": basis,
            "sentence_end": regexes.compile(b["sentence_end"]),
            "abbrev_before": regexes.compile(rf"(?:\b(?:{abbrev})|\b[A-Z])$"),
            "clause_end": regexes.compile(b["clause_end"], _FLAGS),
            "of_stop": regexes.compile(b["of_stop"], _FLAGS),
            "of_max": int(b["of_max_chars"]),
            "of_strip": regexes.compile(b["of_strip"], _FLAGS),
            "percent_unit": regexes.compile(rf"{data['units']['percent']}|{data['units']['points']}", _FLAGS),
            "ellipsis": data["ellipsis"],
            "share_subject": regexes.compile(data["share_subject"]["regex"], _FLAGS),
            "share_subject_id": data["share_subject"]["id"],
            "share_not_before": regexes.compile(data["share_subject"]["not_before"], _FLAGS),
            "coordinators": regexes.compile(data["ellipsis"]["coordinators"], _FLAGS),
        }
    except (KeyError, TypeError, ValueError, re.error, ArithmeticError) as exc:
        raise RuleFileError(f"rules/changes.yaml is malformed: {exc!r}") from exc


def parse_number(word: str) -> Decimal:
    """The value of a percent's number: "14.6" -> 14.6, "7-1/2" -> 7.5, "twenty-five" -> 25."""
    rules = _compiled()
    key = _norm(word)
    if key in rules["words"]:
        return rules["words"][key]
    if key in rules["fractions"]:
        return rules["fractions"][key]
    if "-" in key and not key[0].isdigit():
        tens, unit = key.split("-", 1)
        return rules["words"][tens] + rules["words"][unit]
    whole, _, frac = key.replace(",", "").partition("-")
    if "/" in whole:
        whole, frac = "0", whole
    value = Decimal(whole)
    if frac:
        num, den = frac.split("/")
        value += (Decimal(num) / Decimal(den)).quantize(Decimal("0.001"))
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """Decimal('7.500') -> 7.5, Decimal('100.0') -> 100 (never 1E+2)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences in text (always begins with 0)."""
    rules = _compiled()
    starts = [0]
    for m in rules["sentence_end"].finditer(text):
        if text[m.start()] == "." and rules["abbrev_before"].search(text[: m.start()]):
            continue
        starts.append(m.end())
    return starts


def _numbers(text: str, starts: list[int]) -> list[_Number]:
    """Every percent expression (and share fraction like "one-third of"), left to right."""
    rules = _compiled()
    found: list[_Number] = []
    for m in rules["number"].finditer(text):
        if sum(c.isdigit() for c in m.group("num")) > rules["max_digits"]:
            continue  # number soup, not a percent (and past what Decimal holds exactly)
        if m.group("bare_points"):
            sent = _start_of(starts, m.start())
            if not rules["percent_unit"].search(text, sent, m.start()):
                continue
        found.append(_Number(m.start(), m.end(), parse_number(m.group("num")),
                             bool(m.group("points") or m.group("bare_points")), False))
    for m in rules["fraction"].finditer(text):
        found.append(_Number(m.start(), m.end(), parse_number(m.group("num")), False, True))
    for rule in rules["multiples"]:
        for m in rule["regex"].finditer(text):
            if any(n.start <= m.start() < n.end for n in found):
                continue  # "seven times the level of" is read once, by the first rule that fits
            n = parse_number(m.group("num"))
            found.append(_Number(m.start(), m.end(), _tidy(n * 100 if rule["factor"] == "n" else (n - 1) * 100),
                                 False, False, rule))
    return sorted(found, key=lambda n: n.start)


def _start_of(starts: list[int], pos: int) -> int:
    return max(s for s in starts if s <= pos)


def _end_of(starts: list[int], pos: int, text: str) -> int:
    return min((s for s in starts if s > pos), default=len(text))


def _left_cue(text: str, lo: int, num: _Number) -> tuple[_Cue | None, int]:
    """The cue before the number: the leftmost strong cue whose gap is valid, else the nearest weak one.

    Returns the cue and the sign flip (-1 when "minus" sits in the gap)."""
    rules = _compiled()
    strong: _Cue | None = None
    weak: _Cue | None = None
    for m in rules["cue"].finditer(text, lo, num.start):
        gap = text[m.end():num.start]
        if len(gap) > 120:
            continue
        rule = next((r for r in rules["by_phrase"][_norm(m.group(0))] if rules["gaps"][r["gap"]].fullmatch(gap)), None)
        if rule is None:
            continue
        cue = _Cue(rule, m.start(), m.end(), m.group(0))
        if rule["strength"] == "strong":
            if strong is None:
                strong = cue
        else:
            weak = cue
    cue = strong or weak
    flip = -1 if cue and re.search(r"\bminus\b", text[cue.end:num.start], _FLAGS) else 1
    return cue, flip


def _right_cue(text: str, num: _Number, stop: int) -> tuple[dict, re.Match] | None:
    """The cue right after the unit whose match ends first."""
    best = None
    for rule in _compiled()["after"]:
        m = rule["regex"].match(text, num.end, stop)
        if m and (best is None or m.end() < best[1].end()):
            best = (rule, m)
    return best


def _of_phrase(text: str, pos: int, stop: int) -> str | None:
    """The noun phrase after "of" at pos: "of the value of its total exports in 1986" -> "value of its total exports"."""
    rules = _compiled()
    m = re.match(r"\s+of\s+", text[pos:stop], _FLAGS)
    if not m:
        return None
    begin = pos + m.end()
    end = min(stop, begin + rules["of_max"])
    cut = rules["of_stop"].search(text, begin, end)
    phrase = " ".join(text[begin:cut.start() if cut else end].split())
    phrase = rules["of_strip"].sub("", phrase, count=1) if rules["of_strip"].match(phrase) else phrase
    return phrase.rstrip(".") or None


def basis_in(text: str) -> str | None:
    """The first explicit basis named in text ("On a month-on-month basis," -> "mom")."""
    return _basis(text, 0, len(text))


def _basis(text: str, lo: int, hi: int) -> str | None:
    """The first explicit basis ("yoy", "mom", "qoq") in text[lo:hi]."""
    hits = []
    for basis, regex in _compiled()["basis"]:
        m = regex.search(text, lo, hi)
        if m:
            hits.append((m.start(), basis))
    return min(hits)[1] if hits else None


def _clause_end(text: str, pos: int, stop: int) -> int:
    m = _compiled()["clause_end"].search(text, pos, stop)
    return m.start() if m else stop


def _article_before(text: str, pos: int) -> int:
    """Offset of an "a"/"an" directly before pos, else pos."""
    m = re.search(r"\b(?:an?)\s+$", text[max(0, pos - 4):pos], _FLAGS)
    return pos - len(m.group(0)) if m else pos


def _classify(text: str, num: _Number, lo: int, hi: int, prev: list[ChangeMention]) -> ChangeMention | None:
    """Decide kind, sign and cue of one number; lo/hi bound its sentence (and the previous mention)."""
    rules = _compiled()
    left, flip = _left_cue(text, lo, num)
    if num.multiple is not None:
        return _multiple(text, num, left, hi)
    right = _right_cue(text, num, hi)
    kind, sign, cue, rule_id = "level", 1, None, "level.default.v1"
    start, end = num.start, num.end
    if left and (left.rule["strength"] == "strong" or right is None):
        kind, sign, cue, rule_id = left.rule["kind"], left.rule.get("sign", 1) * flip, left.text, left.rule["id"]
        start = left.start
    elif right:
        rule, m = right
        kind, sign, cue, rule_id = rule["kind"], rule.get("sign", 1), m.group("cue"), rule["id"]
        end = m.end("cue")
        if rule.get("article"):
            start = _article_before(text, num.start)
    else:
        inherited = _ellipsis(text, num, prev)
        if inherited:
            kind, sign, cue, rule_id = "growth", (1 if inherited.percent >= 0 else -1), inherited.cue, \
                rules["ellipsis"]["id"]
    if num.fraction and not (kind == "share" and (rule_id != "share.of.v1" or _fraction_is_share(text, num, hi))):
        return None  # "the second half of 1986"
    of = part = None
    if kind == "level" and rule_id == "level.prep.v1":
        subject = _share_subject(text, lo, num.start)
        if subject is not None:  # "the EU's share now down to 16 percent"
            kind, rule_id, (of, part) = "share", rules["share_subject_id"], subject
    if kind == "share" and rule_id != rules["share_subject_id"]:
        of_at = num.end
        if right and right[0]["kind"] == "share" and right[0]["id"] != "share.of.v1":
            of_at = right[1].end()
        of = _of_phrase(text, of_at, hi)
        if right and right[0]["id"] == "share.of.v1" and cue == "of":
            end = right[1].start("cue") + len("of")
    basis = None
    if kind == "growth":
        basis = _basis(text, start, _clause_end(text, num.end, hi))
        if basis is None and rule_id == rules["ellipsis"]["id"]:
            basis = next((p.basis for p in reversed(prev) if p.kind == "growth"), None)
    percent = num.value * sign if kind == "growth" else num.value
    return ChangeMention(start, end, text[start:end], num.start, num.end, kind, _tidy(percent),
                         basis, num.points, of, cue, rule_id, part)


def _multiple(text: str, num: _Number, left: _Cue | None, hi: int) -> ChangeMention | None:
    """A growth said as a multiple: a rise, governed by a rise verb unless its rule needs none."""
    rule = num.multiple
    start, cue = num.start, None
    if rule["needs_cue"]:
        if left is None or left.rule["kind"] != "growth" or left.rule.get("sign", 1) != 1:
            return None  # "raised its call money rate 14 times", "10 times their size"
        start, cue = left.start, left.text
    basis = _basis(text, start, _clause_end(text, num.end, hi))
    return ChangeMention(start, num.end, text[start:num.end], num.start, num.end, "growth", num.value,
                         basis, False, None, cue, rule["id"], None)


def _share_subject(text: str, lo: int, at: int) -> tuple[str, str | None] | None:
    """What a share named as the clause's subject is of ("total exports" in "the share of oil in
    total exports edged up to"; "total" when the text does not say) and the part it names ("oil",
    or the possessor of "Oil's share"); None when no share is the subject."""
    rules = _compiled()
    start = max([lo] + [m.end() for m in rules["clause_end"].finditer(text, lo, at)])
    m = None
    for m in rules["share_subject"].finditer(text, start, at):
        pass
    if m is None or m.end() != at and text[m.end():at].strip() or rules["share_not_before"].search(text, 0, m.start()):
        return None
    owner = re.search(r"([A-Za-z][\w-]*(?:\s+[a-z][\w-]*){0,2})(?:'s|’s)\s+$", text[start:m.start()])
    whole = m.group("whole") or m.group("part")
    part = m.group("part") if m.group("whole") else owner.group(1) if owner else None
    tidy = (lambda x: re.sub(r"\s+", " ", x).strip() if x else None)
    return tidy(whole) or "total", tidy(part)


def _fraction_is_share(text: str, num: _Number, hi: int) -> bool:
    m = re.match(r"\s+of\s+", text[num.end:hi], _FLAGS)
    return bool(m and _compiled()["fraction_of_starts"].match(text, num.end + m.end()))


def _ellipsis(text: str, num: _Number, prev: list[ChangeMention]) -> ChangeMention | None:
    """The earlier growth mention a bare percent inherits its direction from, if any."""
    rules = _compiled()
    if not prev or prev[-1].kind != "growth":
        return None
    between = text[prev[-1].end:num.start]
    if len(between) > rules["ellipsis"]["max_chars"] or not rules["coordinators"].search(between):
        return None
    return prev[-1]


_PERCENT_IN_BRACKETS = regexes.compile(r"(\s*\(\s*[-+−]?)\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s*\)")


def find_changes(text: str, amounts: Iterable[tuple[int, int]] = ()) -> list[ChangeMention]:
    """Every percent in text, classified, left to right. `amounts` are the (start, end) of the money
    the money normaliser found, so that a change stated with an amount in any of its forms ("grew by
    R7.2-billion, or 4.4%", "rose by Sh12bn or 3 pct") is read like "rose by 1.2 billion dlrs, or 5 pct".

    >>> [(m.kind, m.percent) for m in find_changes("fell 2.3 pct to 1.28 billion and imports 24.4 pct")]
    [('growth', Decimal('-2.3')), ('growth', Decimal('-24.4'))]
    """
    original, amounts = text, [(a, b) for a, b in amounts if b - a >= 2]
    for a, b in amounts:  # each amount as "$999...": the gaps' money pattern reads it, offsets hold
        text = text[:a] + "$" + "9" * (b - a - 1) + text[b:]
        # "increased by £3.1 billion (2.2%)": the bracket after an amount reads as the "or" it means
        m = _PERCENT_IN_BRACKETS.match(text, b)
        if m:
            text = text[:b] + " " * (m.end(1) - b) + text[m.end(1):]
    if amounts:
        return [replace(m, text=original[m.start:m.end]) for m in _find_changes(text)]
    return _find_changes(text)


def _find_changes(text: str) -> list[ChangeMention]:
    starts = _sentence_bounds(text)
    numbers = _numbers(text, starts)
    mentions: list[ChangeMention] = []
    sentence_prev: list[ChangeMention] = []
    current_sentence = -1
    for i, num in enumerate(numbers):
        sent = _start_of(starts, num.start)
        if sent != current_sentence:
            current_sentence, sentence_prev = sent, []
        lo = max([sent] + [n.end for n in numbers[:i] if n.end <= num.start])
        hi = _end_of(starts, num.start, text)
        if i + 1 < len(numbers):
            hi = min(hi, numbers[i + 1].start)
        mention = _classify(text, num, lo, hi, sentence_prev)
        if mention:
            mentions.append(mention)
            sentence_prev.append(mention)
    return mentions


def parse_change(text: str) -> Growth | None:
    """The first growth in text as a Growth: "rose by 28 percent year on year" -> +28, yoy."""
    m = next((m for m in find_changes(text) if m.kind == "growth"), None)
    return Growth(percent=m.percent, basis=m.basis, points=m.points, text=m.text) if m else None


_SIGN_BEFORE_DIGIT = regexes.compile(r"(?<![\w.,/-])[-−–](?=\d)")
_MINUS = regexes.compile(r"(?:\bminus\s+|(?<![\w.])[-−–]\s*)$", re.IGNORECASE)


def parse_percent(text: str) -> Percent | None:
    """The first percent in text, whatever it measures: "75%", "thirty percent", "two hundred
    percents", "minus six percent" (-6), "3.5 percentage points" (points); a multiple as N x 100
    ("13.7 times" -> 1370, "three-fold" -> 300; as a growth the extractor values it by
    corpus/GOLD_FORMAT.md, see `multiples` in rules/changes.yaml).

    >>> parse_percent("minus six percent").percent
    Decimal('-6')
    """
    rules = _compiled()
    scan = _SIGN_BEFORE_DIGIT.sub(" ", text)  # "-6.5%": the number alone, the sign read below
    found = [n for n in _numbers(scan, [0]) if n.multiple is None]
    for rule in rules["bare_multiples"]:
        found += [_Number(m.start(), m.end(), _tidy(parse_number(m.group("num")) * 100), False, False)
                  for m in rule.finditer(scan)]
    if not found:
        return None
    num = min(found, key=lambda n: n.start)
    start = num.start
    sign = _MINUS.search(text, 0, num.start)
    if sign and sign.end() == num.start:
        start = sign.start()
    value = -num.value if start != num.start else num.value
    return Percent(percent=_tidy(value), points=num.points, text=text[start:num.end])


def parse_share(text: str) -> Share | None:
    """The first share in text as a Share; `of` is "" when the text does not say of what."""
    m = next((m for m in find_changes(text) if m.kind == "share"), None)
    return Share(percent=m.percent, of=m.of or "", text=m.text) if m else None
