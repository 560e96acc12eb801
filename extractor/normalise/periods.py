"""Period expressions in trade news: "February", "the fourth quarter of 1986", "Jan-Aug",
"the first 20 days of February", "fiscal 1986/87", "the same period last year".

The grammar (word lists, regex fragments, one pattern per construction, each with an id) is
data in rules/periods.yaml; fiscal-year starts are in rules/fiscal_years.yaml. This module
compiles them once, lazily, and turns matches into `Period`s.

A month, quarter or half named without a year is the most recent one whose start is on or
before the reference date (the publication date).

>>> from datetime import date
>>> p = parse_period("the fourth quarter", date(1987, 3, 11))
>>> (p.start.isoformat(), p.end.isoformat(), p.granularity)
('1986-10-01', '1986-12-31', 'quarter')
>>> [(m.text, m.relation) for m in find_periods("up from a year earlier", date(1987, 3, 2))]
[('a year earlier', 'year-earlier')]
"""
from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .. import regexes
from ..errors import RuleFileError
from ..models import Period
from ..prefilter import Literals, could_match, literals_of, lowered
from ..rules import load_rules

_BLOCK = object()  # a builder's answer for "this text is not a period; let nothing else read it"
_FRAGMENT_REF = regexes.compile(r"\{([a-z_]+)\}")
_RELATIONS = {"same", "year-earlier", "previous", "trailing"}


@dataclass(frozen=True)
class PeriodMention:
    """One period expression found in a text; `period` is None for relative mentions."""

    start: int
    end: int
    text: str
    period: Period | None
    relation: str | None = None
    year: int | None = None
    month: int | None = None
    rule: str | None = None
    count: int | None = None  # "the two months": how many months a trailing mention spans


@dataclass(frozen=True)
class _Pattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    relation: str | None
    examples: tuple[str, ...]
    literals: Literals  # one of these is in every match (prefilter.py)


# ---- rules ------------------------------------------------------------------------------------

@functools.cache
def _grammar() -> dict[str, Any]:
    """The parsed rules/periods.yaml plus lookup tables derived from it."""
    data = load_rules("periods")
    try:
        months = {}
        for entry in data["months"]:
            for word in entry["names"] + entry["abbrevs"]:
                months[word.lower()] = int(entry["number"])
        return {
            "data": data,
            "months": months,
            "full_names": [n for e in data["months"] for n in e["names"]],
            "abbrevs": [a for e in data["months"] for a in e["abbrevs"]],
            "ordinals": {str(k).lower(): int(v) for k, v in data["ordinals"].items()},
            "numbers": {str(k).lower(): int(v) for k, v in data["numbers"].items()},
            "year_words": {_squash(k): int(v) for k, v in data["year_words"].items()},
            "units": {str(k).lower(): str(v) for k, v in data["units"].items()},
            "ignorable": {w.lower() for w in data["parse_ignorable"]},
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RuleFileError(f"rules/periods.yaml is malformed: {exc!r}") from exc


def _alternation(words: list[str]) -> str:
    """Longest first, so that "Sept" is tried before "Sep"."""
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(words, key=len, reverse=True))


def _month_alternation(words: list[str]) -> str:
    # Case-sensitive (Titlecase or UPPERCASE, and lowercase where the word is no other English
    # word: "in january" but not "may" or "march") inside an otherwise case-insensitive pattern.
    ambiguous = set(_grammar()["data"]["lowercase_ambiguous"])
    forms = [w for word in words for w in (word, word.upper(), word.lower()) if w not in ambiguous]
    return rf"(?-i:(?:{_alternation(sorted(set(forms)))})\b)"


@functools.cache
def _fragments() -> dict[str, str]:
    """Every named regex fragment, generated ones included, fully expanded."""
    g = _grammar()
    data = g["data"]
    abbrevs = _alternation(g["abbrevs"])
    full = _month_alternation(g["full_names"])
    generated = {
        "month_full": full,
        "month": rf"(?:{full}|(?-i:(?:{abbrevs}|{abbrevs.upper()})\b\.?))",
        "ordinal": rf"(?:{_alternation(list(g['ordinals']))})\b",
        "number": rf"(?:{_alternation(list(g['numbers']))})\b",
        "year_word": rf"(?:{_alternation(list(data['year_words']))})",
        "quantity_unit": rf"(?:{_alternation(data['quantity_units'])})",
        "may_verb": rf"(?:{_alternation(data['may_verbs'])})",
    }
    raw = dict(data["fragments"])
    out: dict[str, str] = dict(generated)

    def expand(name: str, seen: tuple[str, ...]) -> str:
        if name in out:
            return out[name]
        if name in seen:
            raise RuleFileError(f"rules/periods.yaml: fragment cycle through {name!r}")
        out[name] = _expand(raw[name], lambda n: expand(n, seen + (name,)), known=set(raw) | set(out))
        return out[name]

    for name in raw:
        expand(name, ())
    return out


def _expand(regex: str, lookup: Callable[[str], str], known: set[str]) -> str:
    """Replace {name} by its fragment; other braces ("\\d{1,2}") are left alone."""
    return _FRAGMENT_REF.sub(lambda m: lookup(m.group(1)) if m.group(1) in known else m.group(0), regex)


def _compile(regex: str, where: str) -> re.Pattern[str]:
    if re.search(r" (?:[?*+]|\{\d)", regex):
        raise RuleFileError(f"{where}: a quantified space; write \\s* or \\s+ instead")
    fragments = _fragments()
    expanded = _expand(regex, fragments.__getitem__, known=set(fragments))
    try:
        return regexes.compile(expanded.replace(" ", r"\s+"), re.IGNORECASE)
    except re.error as exc:
        raise RuleFileError(f"{where}: bad regex: {exc}") from exc


@functools.cache
def _patterns() -> tuple[_Pattern, ...]:
    """The compiled patterns of rules/periods.yaml, in file order."""
    rows, ids = [], set()
    for entry in _grammar()["data"]["patterns"]:
        pid = entry.get("id")
        if not pid or pid in ids:
            raise RuleFileError(f"rules/periods.yaml: missing or duplicate pattern id {pid!r}")
        ids.add(pid)
        kind = entry.get("kind")
        if kind not in _BUILDERS:
            raise RuleFileError(f"rules/periods.yaml: {pid}: unknown kind {kind!r}")
        relation = entry.get("relation")
        if (kind == "relative") != (relation in _RELATIONS):
            raise RuleFileError(f"rules/periods.yaml: {pid}: relation {relation!r} does not fit kind {kind}")
        rows.append((pid, kind, _compile(entry["regex"], f"rules/periods.yaml: {pid}"), relation,
                     tuple(entry.get("examples") or ())))
    literals = literals_of([regex for _, _, regex, _, _ in rows])
    return tuple(_Pattern(*row, lits) for row, lits in zip(rows, literals))


@functools.cache
def _fiscal_years() -> dict[str, Any]:
    data = load_rules("fiscal_years")
    try:
        table = {"": data["default"], **data["regions"]}
        for code, entry in table.items():
            if not 1 <= int(entry["start_month"]) <= 12 or entry["label"] not in ("start", "end") \
                    or not 1 <= int(entry.get("start_day", 1)) <= 28:
                raise ValueError(code)
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleFileError(f"rules/fiscal_years.yaml is malformed near {exc}") from exc
    return table


def fiscal_year_start(region_code: str | None) -> tuple[int, str] | None:
    """(start month, label) of a region's fiscal year; None when the region is unknown.

    >>> fiscal_year_start("IN"), fiscal_year_start("CN-XJ")
    ((4, 'end'), (1, 'end'))
    """
    if not region_code:
        return None
    table = _fiscal_years()
    entry = table.get(region_code.upper().split("-")[0], table[""])
    return int(entry["start_month"]), str(entry["label"])


# ---- calendar helpers ---------------------------------------------------------------------------

def _squash(text: str) -> str:
    return " ".join(str(text).lower().split())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _latest_year(month: int, ref: date) -> int:
    """The year of the most recent `month` that starts on or before ref."""
    return ref.year if date(ref.year, month, 1) <= ref else ref.year - 1


def _months(y1: int, m1: int, y2: int, m2: int, text: str, granularity: str) -> Period:
    return Period(start=date(y1, m1, 1), end=_month_end(y2, m2), text=text, granularity=granularity)


def _fiscal_year(first: int, region: str | None, text: str) -> Period:
    """The fiscal year of `region` that starts in `first`: from its start month, and its start day
    where it has one (Iran's 21 March, Ethiopia's 8 July), for twelve months."""
    entry = _fiscal_years().get((region or "").upper().split("-")[0], _fiscal_years()[""])
    start = date(first, int(entry["start_month"]), int(entry.get("start_day", 1)))
    end = date(first + 1, start.month, start.day) - timedelta(days=1)
    return Period(start=start, end=end, text=text, granularity="year")


def _shift_date(d: date, months: int, to_month_end: bool) -> date:
    y, m = _add_months(d.year, d.month, months)
    last = calendar.monthrange(y, m)[1]
    return date(y, m, last if to_month_end else min(d.day, last))


def _is_month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def shift_months(period: Period, months: int) -> Period:
    """The period moved by whole months; a period ending on a month end keeps ending on one.

    >>> p = Period(start=date(1987, 2, 1), end=date(1987, 2, 28), text="February", granularity="month")
    >>> shift_months(p, -1).end.isoformat()
    '1987-01-31'
    """
    return period.model_copy(update={
        "start": _shift_date(period.start, months, False),
        "end": _shift_date(period.end, months, _is_month_end(period.end)),
    })


def shift_years(period: Period, years: int) -> Period:
    """The same period `years` later (negative: earlier); Feb 29 becomes Feb 28 and a period
    ending on a month end keeps ending on one (February 1987 -> 1988-02-01..1988-02-29).

    >>> p = Period(start=date(1988, 2, 1), end=date(1988, 2, 29), text="February", granularity="month")
    >>> shift_years(p, -1).end.isoformat()
    '1987-02-28'
    """
    return shift_months(period, 12 * years)


# ---- reading groups -----------------------------------------------------------------------------

def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _month_of(word: str | None) -> int | None:
    return _grammar()["months"].get(word.strip().rstrip(".").lower()) if word else None


def _count_of(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else _grammar()["numbers"].get(word.lower())


def _explicit_year(m: re.Match[str], ref: date) -> int | None:
    """The year named by groups year / year_b (digits) or yrel / yrel_b ("last year")."""
    for name in ("year", "year_b"):
        if _group(m, name):
            return int(_group(m, name))
    for name in ("yrel", "yrel_b"):
        if _group(m, name):
            return ref.year + _grammar()["year_words"][_squash(_group(m, name))]
    return None


def _second_year(first: int, text: str) -> int:
    """'87' after 1986 -> 1987; '2024' -> 2024."""
    if len(text) == 4:
        return int(text)
    century = first - first % 100
    year = century + int(text)
    return year + 100 if year < first else year


# ---- builders: (match, ref, region) -> Period | None (not this pattern) | _BLOCK ---------------------

def _build_year(m, ref, region, text):
    year = _explicit_year(m, ref)
    return Period(start=date(year, 1, 1), end=date(year, 12, 31), text=text, granularity="year")


def _build_year_range(m, ref, region, text):
    first = int(m.group("year"))
    last = _second_year(first, m.group("year2"))
    sep = (_group(m, "sep") or "").lower()
    joined_by_and = re.search(r"\sand\s", text, re.IGNORECASE) is not None
    if len(m.group("year2")) != 4 and re.search(r"[a-z]\s+\d+$", text, re.IGNORECASE):
        return None  # "from 1980 to 62": a number, not a year
    if joined_by_and and sep != "between":
        return None  # "in 1985 and 1986": two years, read separately
    if last == first + 1 and sep == "":
        # "1986/87", "2022-23": where the economy's fiscal year does not follow the calendar, that
        # fiscal year (India's April-March, Pakistan's July-June); elsewhere a season: no period
        entry = _fiscal_years().get((region or "").upper().split("-")[0], {})
        if not entry.get("split_years") or not re.fullmatch(r"\d{4}\s*[-/]\s*\d{2,4}", text):
            return _BLOCK
        return _fiscal_year(first, region, text)
    if not first < last <= first + 50:
        return None
    return Period(start=date(first, 1, 1), end=date(last, 12, 31), text=text, granularity="range")


def _fiscal_start(m: re.Match[str], region: str | None) -> date | object:
    """The first day of the fiscal year named by groups year/yy (+ year2), or _BLOCK."""
    fiscal = fiscal_year_start(region)
    if _group(m, "yy"):
        yy = int(m.group("yy"))
        first = 2000 + yy if yy < 70 else 1900 + yy
    else:
        first = int(_group(m, "year") or m.group("year_c"))
    if fiscal is None:
        return _BLOCK  # no region: the start month is unknown
    start_month, label = fiscal
    second = _group(m, "year2") or _group(m, "year2_c")
    if second:
        if _second_year(first, second) != first + 1 or start_month == 1:
            return _BLOCK
        start_year = first
    else:
        start_year = first - 1 if (label == "end" and start_month != 1) else first
    return date(start_year, start_month, 1)


def _build_fiscal_year(m, ref, region, text):
    start = _fiscal_start(m, region)
    if start is _BLOCK:
        return _BLOCK
    return _fiscal_year(start.year, region, text)


def _build_fiscal_rel(m, ref, region, text):
    """"the current fiscal year", "last financial year": the fiscal year holding the reference date,
    moved by the year word; no region, no period (the start month is unknown)."""
    # "the current Iranian calendar year", "the previous Iranian year": Iran's, whatever the region
    # (a bare "the previous fiscal year" is relative to the period discussed: a relative pattern's)
    calendar = _group(m, "calendar") or _group(m, "calendar_p")
    if calendar:
        region = load_rules("fiscal_years")["calendars"][calendar.lower()]
    if fiscal_year_start(region) is None:
        return _BLOCK
    offset = -1 if _group(m, "prev") else _grammar()["year_words"][_squash(m.group("yrel"))]
    current = _fiscal_year(ref.year, region, text)
    return _fiscal_year((ref.year if ref >= current.start else ref.year - 1) + offset, region, text)


def _build_first_months_fiscal(m, ref, region, text):
    n = _count_of(m.group("n"))
    start = _fiscal_start(m, region)
    if start is _BLOCK or not n or n > 12:
        return start if start is _BLOCK else None
    y2, m2 = _add_months(start.year, start.month, n - 1)
    return _months(start.year, start.month, y2, m2, text, "year" if n == 12 else "ytd")


def _build_first_months_fiscal_rel(m, ref, region, text):
    """"the first four months of the current fiscal year": from the start of the fiscal year the year word names."""
    year = _build_fiscal_rel(m, ref, region, text)
    n = _count_of(m.group("n"))
    if year is _BLOCK or not n or n > 12:
        return year if year is _BLOCK else None
    y2, m2 = _add_months(year.start.year, year.start.month, n - 1)
    return _months(year.start.year, year.start.month, y2, m2, text, "year" if n == 12 else "ytd")


def _build_month(m, ref, region, text):
    month = _month_of(m.group("m1"))
    year = _explicit_year(m, ref)
    year = _latest_year(month, ref) if year is None else year
    return _months(year, month, year, month, text, "month")


def _build_month_last(m, ref, region, text):
    month = _month_of(m.group("m1"))
    year = ref.year if _month_end(ref.year, month) < ref else ref.year - 1
    return _months(year, month, year, month, text, "month")


def _build_month_rel(m, ref, region, text):
    offset = _grammar()["year_words"][_squash(m.group("yrel"))]
    year, month = _add_months(ref.year, ref.month, offset)
    return _months(year, month, year, month, text, "month")


def _granularity_of_months(start: date, end: date, region: str | None) -> str:
    """month / quarter / half / year / ytd / range for a run of whole months."""
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    fiscal_start = (fiscal_year_start(region) or (1, "end"))[0]
    if count == 1:
        return "month"
    if count == 3 and start.month % 3 == 1:
        return "quarter"
    if count == 6 and start.month in (1, 7):
        return "half"
    if count == 12:
        return "year"
    if count < 12 and start.month in (1, fiscal_start):
        return "ytd"
    return "range"


def _build_month_range(m, ref, region, text):
    m1, m2 = _month_of(m.group("m1")), _month_of(m.group("m2"))
    sep = (_group(m, "sep") or "").lower()
    if sep == "and" and not _group(m, "between") and m2 != m1 % 12 + 1:
        return None  # "January and March": two months, not a run
    if m1 == m2:
        return None
    year = _explicit_year(m, ref)
    if year is None and _group(m, "year_a"):
        year = int(m.group("year_a")) + (1 if m2 < m1 else 0)
    end_year = _latest_year(m2, ref) if year is None else year
    start_year = end_year - 1 if m2 < m1 else end_year
    if _group(m, "year_a") and int(m.group("year_a")) != start_year:
        return None
    start, end = date(start_year, m1, 1), _month_end(end_year, m2)
    return Period(start=start, end=end, text=text, granularity=_granularity_of_months(start, end, region))


def _ordinal_index(m: re.Match[str], count: int, number_group: str) -> int | None:
    if _group(m, number_group):
        return int(m.group(number_group))
    word = m.group("ord").lower()
    value = -1 if word == "last" else _grammar()["ordinals"].get(word)
    value = count if value == -1 else value
    return value if value and 1 <= value <= count else None


def _build_part(m, ref, region, text, count: int, number_group: str, granularity: str):
    """A quarter (count 4) or half (count 2) of a year."""
    index = _ordinal_index(m, count, number_group)
    if index is None:
        return None
    if (_group(m, "ord") or "").lower() == "last" and _explicit_year(m, ref) is None:
        return None  # bare "the last quarter" is the latest one, not the fourth
    size = 12 // count
    first_month = (index - 1) * size + 1
    year = _explicit_year(m, ref)
    year = _latest_year(first_month, ref) if year is None else year
    return _months(year, first_month, year, first_month + size - 1, text, granularity)


def _build_quarter(m, ref, region, text):
    return _build_part(m, ref, region, text, 4, "qn", "quarter")


def _build_quarter_ending(m, ref, region, text):
    """ "the December quarter" (Australia, New Zealand): the three months ending in December."""
    month = _month_of(m.group("m1"))
    year = _explicit_year(m, ref)
    first_year, first_month = _add_months(year if year is not None else ref.year, month, -2)
    if year is None:
        first_year = _latest_year(first_month, ref)
    last_year, _ = _add_months(first_year, first_month, 2)
    granularity = "quarter" if first_month % 3 == 1 else "range"
    return _months(first_year, first_month, last_year, month, text, granularity)


def _build_half(m, ref, region, text):
    return _build_part(m, ref, region, text, 2, "hn", "half")


def _build_first_months(m, ref, region, text):
    """"the first eight months", "the first three quarters" (the months they make up), "year to
    date" (up to the reference month)."""
    if _group(m, "ytd"):  # through the last full month before the reference date
        n = (ref.month - 2) % 12 + 1
    else:
        n = _count_of(m.group("n"))
        n = n * 3 if n and _group(m, "quarters") else n
    if not n or n > 12:
        return None
    year = _explicit_year(m, ref)
    year = _latest_year(n, ref) if year is None else year
    return _months(year, 1, year, n, text, "year" if n == 12 else "ytd")


def _build_first_days(m, ref, region, text):
    n, month = _count_of(m.group("n")), _month_of(m.group("m1"))
    year = _explicit_year(m, ref)
    year = _latest_year(month, ref) if year is None else year
    if not n or n > calendar.monthrange(year, month)[1]:
        return None
    return Period(start=date(year, month, 1), end=date(year, month, n), text=text, granularity="range")


def _build_months_to(m, ref, region, text):
    n = _count_of(_group(m, "n")) if _group(m, "n") else 3 if _group(m, "quarter") else 12  # "the year to March"
    if not n or n > 24:
        return None
    month = _month_of(m.group("m1"))
    year = _explicit_year(m, ref)
    year = _latest_year(month, ref) if year is None else year
    start_year, start_month = _add_months(year, month, -(n - 1))
    start, end = date(start_year, start_month, 1), _month_end(year, month)
    return Period(start=start, end=end, text=text, granularity=_granularity_of_months(start, end, region))


@functools.lru_cache(maxsize=4096)
def _parse_day(text: str, base: date) -> date | None:
    """One calendar day via dateparser, the most recent one on or before `base` if no year."""
    import dateparser  # slow to import; only needed for day ranges

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(" ".join(text.split()), languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _build_date_range(m, ref, region, text):
    end = _parse_day(m.group("b"), ref)
    if end is None:
        return None
    start = _parse_day(m.group("a"), end)
    if start is None or start > end:
        return None
    return Period(start=start, end=end, text=text, granularity="range")


def _build_relative(m, ref, region, text):
    return None  # relative mentions are made in _mention(); never called


def _build_not_period(m, ref, region, text):
    return _BLOCK


_BUILDERS: dict[str, Callable[..., Any]] = {
    "year": _build_year,
    "year_range": _build_year_range,
    "fiscal_year": _build_fiscal_year,
    "fiscal_rel": _build_fiscal_rel,
    "month": _build_month,
    "month_last": _build_month_last,
    "month_rel": _build_month_rel,
    "month_range": _build_month_range,
    "quarter": _build_quarter,
    "quarter_ending": _build_quarter_ending,
    "half": _build_half,
    "first_months": _build_first_months,
    "first_months_fiscal": _build_first_months_fiscal,
    "first_months_fiscal_rel": _build_first_months_fiscal_rel,
    "first_days": _build_first_days,
    "months_to": _build_months_to,
    "date_range": _build_date_range,
    "relative": _build_relative,
    "not_period": _build_not_period,
}


# ---- public API ---------------------------------------------------------------------------------

def _mention(pattern: _Pattern, m: re.Match[str], ref: date, region: str | None):
    """A PeriodMention, None (pattern does not apply) or _BLOCK for one regex match."""
    text = m.group(0)
    if pattern.kind == "relative":
        year = int(m.group("year")) if _group(m, "year") else None
        return PeriodMention(m.start(), m.end(), text, None, pattern.relation, year,
                             _month_of(_group(m, "m1")), pattern.id, _count_of(_group(m, "n")))
    try:
        built = _BUILDERS[pattern.kind](m, ref, region, text)
    except ValueError:  # an impossible date such as "the first 31 days of February"
        return None
    if built is None or built is _BLOCK:
        return built
    return PeriodMention(m.start(), m.end(), text, built, rule=pattern.id)


def find_periods(text: str, reference_date: date, region_code: str | None = None) -> list[PeriodMention]:
    """Every period expression in `text`, left to right, longest match first, never overlapping.

    >>> [(m.text, m.period.start.isoformat()) for m in find_periods(
    ...     "exports in February rose from January's level", date(1987, 3, 2))]
    [('February', '1987-02-01'), ('January', '1987-01-01')]
    """
    candidates = []
    low = lowered(text)
    for order, pattern in enumerate(_patterns()):
        if not could_match(pattern.literals, low):
            continue
        for m in pattern.regex.finditer(text):
            if m.end() == m.start():
                continue
            found = _mention(pattern, m, reference_date, region_code)
            if found is not None:
                candidates.append((m.start(), -(m.end() - m.start()), order, found))
    candidates.sort(key=lambda c: c[:3])
    out, taken_to = [], 0
    for start, negative_length, _, found in candidates:
        if start < taken_to:
            continue
        taken_to = start - negative_length
        if found is not _BLOCK:
            out.append(found)
    return out


def parse_period(text: str, reference_date: date, region_code: str | None = None) -> Period | None:
    """The period a short phrase names, or None ("in February" works; "since 1985" does not).

    >>> parse_period("fiscal 1986/87", date(1987, 3, 2), "IN").end.isoformat()
    '1987-03-31'
    """
    mentions = find_periods(text, reference_date, region_code)
    if len(mentions) != 1 or mentions[0].period is None:
        return None
    mention = mentions[0]
    rest = (text[: mention.start] + " " + text[mention.end:]).lower()
    words = re.findall(r"[a-z0-9']+", rest)
    if any(w not in _grammar()["ignorable"] and w != "'s" for w in words):
        return None
    return mention.period


def _unit_of(mention: PeriodMention) -> str | None:
    units = _grammar()["units"]
    for word in re.findall(r"[a-z]+", mention.text.lower()):
        if word in units:
            return units[word]
    return None


_STEP_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12, "ytd": 12}


def resolve_relative(mention: PeriodMention, current: Period) -> Period:
    """The period a relative mention names, given the period the sentence is about.

    year-earlier: the current period a year before; same: the current period (with the year or
    month the mention names); trailing: the N months that end with the current period ("the two
    months" after a February figure: January-February); previous: the period just before, stepping by the unit the mention
    names ("the previous month") or else by the current period's own length.

    >>> cur = Period(start=date(1987, 2, 1), end=date(1987, 2, 20), text="x", granularity="range")
    >>> m = PeriodMention(0, 26, "the same January period", None, "same", month=1)
    >>> p = resolve_relative(m, cur); (p.start.isoformat(), p.end.isoformat())
    ('1987-01-01', '1987-01-20')
    """
    if mention.period is not None and mention.relation is None:
        return mention.period
    if mention.relation == "year-earlier":
        resolved = shift_years(current, -1)
    elif mention.relation == "same":
        resolved = current
        if mention.year is not None:
            resolved = shift_years(resolved, mention.year - current.end.year)
        if mention.month is not None:
            resolved = shift_months(resolved, mention.month - resolved.start.month)
    elif mention.relation == "previous":
        resolved = _previous(current, _unit_of(mention))
    elif mention.relation == "trailing":  # "the two months": the N months that end with the current one
        n = mention.count or 1
        months = current.end.year * 12 + current.end.month - 1 - (n - 1)
        start = date(months // 12, months % 12 + 1, 1)
        resolved = current.model_copy(update={"start": start, "granularity": "ytd" if start.month == 1 else "range"}) \
            if _is_month_end(current.end) else current
    else:
        raise ValueError(f"unknown relation {mention.relation!r}")
    return resolved.model_copy(update={"text": mention.text})


def _previous(current: Period, unit: str | None) -> Period:
    step = _STEP_MONTHS.get(unit or "") or _STEP_MONTHS.get(current.granularity)
    whole_months = current.start.day == 1 and _is_month_end(current.end)
    if unit in (None, "period") and (current.granularity == "range" or not whole_months):
        if whole_months:  # a run of whole months: the same number of months just before
            step = (current.end.year - current.start.year) * 12 + current.end.month - current.start.month + 1
        else:
            length = current.end - current.start
            end = date.fromordinal(current.start.toordinal() - 1)
            return current.model_copy(update={"start": end - length, "end": end})
    return shift_months(current, -step)
