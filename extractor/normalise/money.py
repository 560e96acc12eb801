"""Money amounts in trade news: "3.58 billion dlrs", "US$1.2 bln", "Rs 5,000 crore".

All word lists, symbols and guards come from rules/currencies.yaml and rules/money_words.yaml;
this module only assembles them into one pattern (lazily, once) and reads the matches.

>>> [(r.text, r.amount, r.family) for r in find_money("a 965.04 mln dlr surplus")]
[('965.04 mln dlr', Decimal('965040000'), 'dollar')]
>>> resolve_currency("dollar", "CA")
'CAD'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from price_parser import Price

from .. import regexes
from ..errors import RuleFileError
from ..models import Money
from ..rules import load_rules


@dataclass(frozen=True)
class MoneyReading:
    """One money amount (or bare scaled number) found in a text."""

    start: int
    end: int
    text: str
    amount: Decimal
    currency: str | None
    family: str | None
    approximate: bool
    scaled: bool


@dataclass(frozen=True)
class _Entry:
    """One currency rule: a code or a family, and how its words behave."""

    id: str
    code: str | None
    family: str | None
    requires_scale: str  # "never" | "always" | "digits" (a spelled number needs none)
    factor: Decimal
    unit_after: re.Pattern[str] | None
    context: re.Pattern[str] | None
    context_code: str | None
    context_applies_to: frozenset[str]


@dataclass(frozen=True)
class _Scale:
    id: str
    factor: Decimal
    requires_currency: bool
    default_currency: str | None


@dataclass(frozen=True)
class _NumberForm:
    """One shape a digit token may have in a convention, and which separator is its decimal one."""

    pattern: re.Pattern[str]
    decimal: str
    unscaled: bool  # only when no scale word follows ("1.250 EUR", not "€1.250 billion")


@dataclass(frozen=True)
class _Convention:
    codes: frozenset[str]
    families: frozenset[str]
    forms: tuple[_NumberForm, ...]


@dataclass(frozen=True)
class _Subunit:
    pattern: re.Pattern[str]
    factor: Decimal
    max: Decimal
    max_whole: Decimal


@dataclass(frozen=True)
class _Guard:
    id: str
    where: str
    applies: str
    pattern: re.Pattern[str]
    number: re.Pattern[str] | None


@dataclass(frozen=True)
class _Rules:
    pattern: re.Pattern[str]
    tight: re.Pattern[str]  # the same without space- or apostrophe-grouped numbers
    prefixes: dict[str, _Entry]
    words: dict[str, _Entry]
    scales: dict[str, _Scale]
    number_words: dict[str, Decimal]
    conventions: dict[str, _Convention]
    group_separators: frozenset[str]
    subunit: _Subunit
    max_digits: int
    max_amount: Decimal
    approximate: re.Pattern[str]
    unit: re.Pattern[str]
    guards: tuple[_Guard, ...]
    families: dict[str, dict[str, Any]]


def _key(surface: str) -> str:
    """The lookup key of a surface form: lower case, whitespace collapsed ("U.S.\\nDlrs" -> "u.s. dlrs")."""
    return " ".join(surface.lower().split())


def _alternation(words: list[str]) -> str:
    """A regex alternation of WORDS, longest first, inner spaces matching any whitespace."""
    parts = sorted({_key(w) for w in words}, key=lambda w: (-len(w), w))  # longest first, then a fixed order
    return "|".join(r"\s+".join(re.escape(p) for p in w.split(" ")) for w in parts)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return regexes.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RuleFileError(f"bad regex in {where}: {exc}") from exc


def _entry(raw: dict[str, Any]) -> _Entry:
    context = raw.get("context") or {}
    unit_after = raw.get("unit_if_followed_by")
    if bool(raw.get("code")) == bool(raw.get("family")):
        raise RuleFileError(f"currencies.yaml {raw.get('id')}: give exactly one of code or family")
    requires = raw.get("requires_scale", False)
    if requires not in (True, False, "digits"):
        raise RuleFileError(f"currencies.yaml {raw.get('id')}: requires_scale is true, false or digits")
    return _Entry(
        id=raw["id"],
        code=raw.get("code"),
        family=raw.get("family"),
        requires_scale={True: "always", False: "never"}.get(requires, "digits"),
        factor=Decimal(str(raw.get("factor", "1"))),
        unit_after=_compile(unit_after, raw["id"]) if unit_after else None,
        context=_compile(context["pattern"], raw["id"]) if context else None,
        context_code=context.get("code"),
        context_applies_to=frozenset(_key(s) for s in context.get("applies_to", [])),
    )


def _index(entries: list[_Entry], raws: list[dict[str, Any]], field: str) -> dict[str, _Entry]:
    """Surface -> entry over FIELD and the symbols (which stand on either side of the number)."""
    index: dict[str, _Entry] = {}
    for entry, raw in zip(entries, raws):
        for surface in (raw.get(field) or []) + (raw.get("symbols") or []):
            key = _key(str(surface))
            if key in index and index[key] is not entry:
                raise RuleFileError(
                    f"currencies.yaml: {field} {surface!r} in both {index[key].id} and {entry.id}"
                )
            index[key] = entry
    return index


@functools.cache
def _rules() -> _Rules:
    """Compile both rule files into one matcher (first call only)."""
    cur = load_rules("currencies")
    words = load_rules("money_words")
    try:
        raws = cur["currencies"]
        entries = [_entry(r) for r in raws]
        prefixes = _index(entries, raws, "prefixes")
        suffixes = _index(entries, raws, "words")
        scales: dict[str, _Scale] = {}
        for raw in words["scales"]:
            scale = _Scale(
                id=raw["id"],
                factor=Decimal(str(raw["factor"])),
                requires_currency=bool(raw.get("requires_currency", False)),
                default_currency=raw.get("default_currency"),
            )
            for w in raw["words"]:
                scales[_key(w)] = scale
        number_words = {_key(k): Decimal(v) for k, v in words["number_words"].items()}
        fmt = words["number_format"]
        conventions = {
            name: _Convention(
                codes=frozenset(spec.get("codes", [])),
                families=frozenset(spec.get("families", [])),
                forms=tuple(_NumberForm(_compile(f["re"], f"{fmt['id']} {name}"), f["decimal"],
                                        bool(f.get("unscaled", False))) for f in spec["patterns"]),
            )
            for name, spec in fmt["conventions"].items()
        }
        if "english" not in conventions:
            raise RuleFileError("money_words.yaml number_format: the english convention is the default, give it")
        separators = frozenset(fmt["group_separators"])
        sub = words["subunits"]
        symbols = [str(s) for r in raws for s in r.get("symbols") or []]
        approx_words = [w for group in words["approximate"] for w in group["words"]]
        units = words["quantity_units"]
        guards = tuple(
            _Guard(
                id=g["id"],
                where=g["where"],
                applies=g.get("applies", "always"),
                pattern=_compile(g["pattern"], g["id"]),
                number=_compile(g["number"], g["id"]) if g.get("number") else None,
            )
            for g in words["guards"]
        )
        families = cur["families"]
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise RuleFileError(f"money rule files are malformed: {exc!r}") from exc

    groups = "[" + "".join(re.escape(c) for c in sorted(separators)) + "]"
    number_word = rf"\b(?:{_alternation(list(number_words))})\b"

    def assembled(spaced: bool) -> str:
        # "3 412,75", "1'250.50", "45 000": groups of three after a space or an apostrophe, then
        # a decimal part; the tight form reads only the first group, for a reading to fall back on
        spaced_groups = rf"(?:{groups}\d{{3}}(?!\d))*(?:[.,]\d+)?" if spaced else ""
        return (
            r"(?<![\w.,/\-$€£¥])"
            rf"(?:(?P<prefix>{_alternation(list(prefixes))})\s*)?"
            rf"(?P<num>\d(?:[\d,.]*\d)?{spaced_groups}|{number_word})"
            rf"(?:[\s-]*(?P<scale>{_alternation(list(scales))})(?![^\W\d_]))?"
            rf"(?:[\s-]*(?P<sym>{_alternation(symbols)})(?![\w$])|[\s-]+(?P<word>{_alternation(list(suffixes))})(?![\w$]))?"
        )

    subunit = (rf"^{sub['joiner']}(?P<num>\d{{1,2}}|{number_word})\s*"
               rf"(?:{_alternation(sub['words'])})(?![\w$])")
    return _Rules(
        pattern=_compile(assembled(True), "the assembled money pattern"),
        tight=_compile(assembled(False), "the assembled money pattern (tight)"),
        prefixes=prefixes,
        words=suffixes,
        scales=scales,
        number_words=number_words,
        conventions=conventions,
        group_separators=separators,
        subunit=_Subunit(_compile(subunit, sub["id"]), Decimal(str(sub["factor"])), Decimal(str(sub["max"])),
                         Decimal(str(sub["max_whole"]))),
        max_digits=int(fmt["max_digits"]),
        max_amount=Decimal(str(fmt["max_amount"])),
        approximate=_compile(rf"(?:^|[^\w])(?:{_alternation(approx_words)})\s+$", "approximate"),
        unit=_compile(
            rf"^[\s-]+(?:(?:{_alternation(units['modifiers'])})[\s-]+)?"
            rf"(?:{_alternation(units['units'])})(?![\w])",
            units["id"],
        ),
        guards=guards,
        families=families,
    )


def _convention(code: str | None, family: str | None, rules: _Rules) -> _Convention:
    """How numbers are written in a currency: the convention listing its code or family, else English."""
    for convention in rules.conventions.values():
        if (code and code in convention.codes) or (family and family in convention.families):
            return convention
    return rules.conventions["english"]


def _number(token: str, rules: _Rules, convention: _Convention | None = None, scaled: bool = False) -> Decimal | None:
    """The value of a number token, or None when it is malformed ("1,2,3"), too long, or not a
    form of CONVENTION (English by default). The first form of the convention the token fits
    says which separator is the decimal one; price-parser reads the number with it.

    >>> _number("1,375,000", _rules()), _number("1.250.000", _rules(), _rules().conventions["continental"])
    (Decimal('1375000'), Decimal('1250000'))
    >>> _number("119,00", _rules(), _rules().conventions["continental"]), _number("119,00", _rules())
    (Decimal('119.00'), None)
    """
    word = rules.number_words.get(_key(token))
    if word is not None:
        return word
    if sum(c.isdigit() for c in token) > rules.max_digits:
        return None
    convention = convention or rules.conventions["english"]
    form = next((f for f in convention.forms if not (f.unscaled and scaled) and f.pattern.fullmatch(token)), None)
    if form is None:
        return None
    plain = "".join(c for c in token if c not in rules.group_separators)
    return Price.fromstring(plain, decimal_separator=form.decimal).amount


def _tidy(amount: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form: 6.00e9 -> 6000000000."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def _guarded(text: str, m: re.Match[str], end: int, scaled: bool, named: bool, rules: _Rules) -> bool:
    """True when a guard (exchange rate, constant dollars, share count) says this is not an amount."""
    for guard in rules.guards:
        if (guard.applies == "unscaled" and scaled) or (guard.applies == "bare" and named):
            continue
        if guard.number and not guard.number.fullmatch(m.group("num")):
            continue
        window = text[max(0, m.start() - 40) : m.start()] if guard.where == "before" else text[end : end + 60]
        if guard.pattern.search(window):
            return True
    return False


def _read(text: str, m: re.Match[str], rules: _Rules) -> MoneyReading | None:
    """Turn one pattern match into a reading, or None when it is not money."""
    num = m.group("num")
    spelled = not num[0].isdigit()
    scale = rules.scales.get(_key(m.group("scale"))) if m.group("scale") else None
    prefix = rules.prefixes.get(_key(m.group("prefix"))) if m.group("prefix") else None
    after = m.group("sym") or m.group("word")
    word = rules.words.get(_key(after)) if after else None
    end = m.end()
    if word is not None and scale is None and (
            word.requires_scale == "always" or (word.requires_scale == "digits" and not spelled)):
        word, end = None, m.end("num")
    if prefix is not None and scale is None and prefix.requires_scale == "always":
        return None  # "N95 masks": a one-letter symbol counts only before a scale word ("N19.03 trillion")
    if word is not None and word.unit_after and word.unit_after.search(text[end : end + 40]):
        return None
    if scale is not None and scale.requires_currency and prefix is None and word is None:
        scale = None
        end = m.end("num")
    if scale is None and end < len(text) and text[end].isalnum() and word is None:
        return None  # "300mm", "1980s"
    if prefix is None and word is None and (scale is None or rules.unit.search(text[end : end + 60])):
        return None
    if _guarded(text, m, end, scale is not None, prefix is not None or word is not None, rules):
        return None

    chosen = next((e for e in (prefix, word) if e is not None and e.code), None)
    chosen = chosen or prefix or word
    currency = chosen.code if chosen else None
    family = chosen.family if chosen else None
    value = _number(num, rules, _convention(currency, family, rules), scaled=scale is not None)
    if value is None:
        return None
    if chosen and chosen.context and chosen is prefix and _key(m.group("prefix")) in chosen.context_applies_to \
            and chosen.context.search(text):
        currency = chosen.context_code
    if currency is None and scale is not None and scale.default_currency:
        regions = rules.families.get(family, {}).get("regions", {}) if family else {}
        if family is None or scale.default_currency in regions.values():
            currency, family = scale.default_currency, None

    amount = value * (scale.factor if scale else 1) * (word.factor if word else 1)
    if prefix is not None and word is None:
        amount = amount * prefix.factor
    if not amount.is_finite() or abs(amount) > rules.max_amount:
        return None
    start = m.start()
    return MoneyReading(
        start=start,
        end=end,
        text=text[start:end],
        amount=_tidy(amount),
        currency=currency,
        family=None if currency else family,
        approximate=bool(rules.approximate.search(text[max(0, start - 30) : start])),
        scaled=scale is not None,
    )


def find_money(text: str) -> list[MoneyReading]:
    """Every money amount or scaled number in TEXT, left to right, non-overlapping.

    >>> [(r.text, r.amount, r.currency) for r in find_money("about 2.6 billion stg")]
    [('2.6 billion stg', Decimal('2600000000'), 'GBP')]
    """
    rules = _rules()
    readings = []
    pos = 0
    while (m := rules.pattern.search(text, pos)) is not None:
        reading = _read(text, m, rules)
        if reading is None and any(c in rules.group_separators for c in m.group("num")):
            # "in 1987 300 mln dlrs", "$45 000": not one spaced number here; read the first group alone
            m = rules.tight.match(text, m.start()) or m
            reading = _read(text, m, rules)
        if reading is not None:
            reading = _with_subunit(text, reading, rules)
            readings.append(reading)
        pos = max(m.end(), reading.end if reading else 0, m.start() + 1)
    return readings


def _with_subunit(text: str, reading: MoneyReading, rules: _Rules) -> MoneyReading:
    """READING with the hundredths said after it added ("$31 and 7c", "4 dollars 25 cents")."""
    if reading.scaled or not (reading.currency or reading.family) or reading.amount >= rules.subunit.max_whole \
            or reading.amount != reading.amount.to_integral_value():
        return reading
    m = rules.subunit.pattern.match(text[reading.end:reading.end + 40])
    if m is None:
        return reading
    part = rules.number_words.get(_key(m.group("num"))) if not m.group("num")[0].isdigit() else Decimal(m.group("num"))
    if part is None or part > rules.subunit.max or part < 1:
        return reading
    end = reading.end + m.end()
    return replace(reading, end=end, text=text[reading.start:end], amount=_tidy(reading.amount + part * rules.subunit.factor))


def resolve_currency(family: str, region_code: str | None) -> str:
    """The ISO 4217 code of a currency FAMILY in the reporting country REGION_CODE.

    >>> resolve_currency("franc", "CH"), resolve_currency("franc", None)
    ('CHF', 'FRF')

    Raises ValueError for a family that rules/currencies.yaml does not list.
    """
    families = _rules().families
    if family not in families:
        raise ValueError(f"unknown currency family {family!r}")
    spec = families[family]
    regions = spec.get("regions") or {}
    if region_code and region_code.upper() in regions:
        return str(regions[region_code.upper()])
    return str(spec["default"])


def parse_money(text: str, default_currency: str | None = None) -> Money | None:
    """The first amount in TEXT as a contract Money, families resolved with no region.

    >>> parse_money("1.94 billion", default_currency="CNY").currency
    'CNY'
    """
    readings = find_money(text)
    if not readings:
        return None
    first = readings[0]
    currency = first.currency
    if currency is None and first.family is not None:
        currency = resolve_currency(first.family, None)
    currency = currency or default_currency
    if currency is None:
        return None
    return Money(amount=first.amount, currency=currency, approximate=first.approximate, text=first.text)
