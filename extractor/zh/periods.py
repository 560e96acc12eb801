"""Chinese period expressions resolved against a reference date (rules/zh/periods.yaml).

>>> from datetime import date
>>> [(p.start.isoformat(), p.end.isoformat()) for _, _, p, _ in find_periods("今年前8个月", date(2024, 9, 19))]
[('2024-01-01', '2024-08-31')]
"""
from __future__ import annotations

import calendar
import functools
import re
from datetime import date

import cn2an

from ..models import Period
from ..rules import load_rules

_HALF = {"上": 1, "下": 2}


@functools.cache
def _patterns() -> tuple[list[tuple[str, str, re.Pattern]], re.Pattern]:
    data = load_rules("zh/periods")
    prefix = data["year_prefix"]
    pats = [(p["id"], p["kind"], re.compile(prefix + p["pattern"])) for p in data["patterns"]]
    alone = data["year_alone"]
    return pats, re.compile(alone["pattern"]), alone["id"]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _resolve(kind: str, n: str | None, year: int | None, rel: str | None, ref: date) -> tuple[date, date, str] | None:
    if rel == "今年":
        year = ref.year
    elif rel in ("去年", "上年"):
        year = ref.year - 1
    if kind == "year":  # 全年: the year stated, else the last one ended by the reference date
        y = year or (ref.year if date(ref.year, 12, 31) <= ref else ref.year - 1)
        return date(y, 1, 1), date(y, 12, 31), "year"
    if kind == "half":
        h = _HALF[n]
        first, last = (1, 6) if h == 1 else (7, 12)
        gran = "half"
    elif kind == "quarter":
        q = _number(n)
        first, last, gran = 3 * q - 2, 3 * q, "quarter"
    elif kind == "ytd-quarters":
        first, last, gran = 1, 3 * _number(n), "ytd"
    elif kind == "ytd":
        first, last, gran = 1, _number(n), "ytd"
    else:  # month
        first = last = _number(n)
        gran = "month"
    if not 1 <= last <= 12:
        return None
    if year is None:  # the last such period that ended before the reference date
        year = ref.year if _month_end(ref.year, last) <= ref else ref.year - 1
    return date(year, first, 1), _month_end(year, last), gran


def find_periods(text: str, ref: date) -> list[tuple[int, int, Period, str]]:
    """(start, end, period, rule id) for every period expression in `text`."""
    pats, alone, alone_id = _patterns()
    out: list[tuple[int, int, Period, str]] = []
    taken: list[tuple[int, int]] = []
    for rule, kind, pat in pats:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groupdict()
            year = int(g["year"]) if g.get("year") else None
            got = _resolve(kind, g.get("n"), year, g.get("rel"), ref)
            if got:
                start, end, gran = got
                out.append((m.start(), m.end(), Period(start=start, end=end, text=m.group(), granularity=gran), rule))
                taken.append((m.start(), m.end()))
    for m in alone.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        y = int(m.group("year"))
        out.append((m.start(), m.end(), Period(start=date(y, 1, 1), end=date(y, 12, 31), text=m.group(),
                                               granularity="year"), alone_id))
    return sorted(out, key=lambda x: x[0])
