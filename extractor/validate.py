"""Arguments of the Python API checked as the CLI checks its options: a bad value raises a
ValueError or TypeError that says what was given and what is accepted, never silently ignored.

>>> as_published("2024-09-12T08:30:00Z")
datetime.date(2024, 9, 12)
>>> as_published("Thu, 12 Sep 2024 08:30:00 GMT")
datetime.date(2024, 9, 12)
>>> as_published("2024-13-01")
Traceback (most recent call last):
...
ValueError: published: not a date: '2024-13-01' (give a datetime.date, an ISO 8601 date or date-time such as '2024-09-12', or an RFC 2822 date)
"""
from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import date, datetime

_META = ("id", "title", "source")
ERRORS = ("raise", "return")


def as_published(value: date | str | None, name: str = "published") -> date | None:
    """A publication date from a date, a datetime, an ISO 8601 date or date-time string
    ("2024-09-12", "2024-09-12T08:30:00+02:00": the date as written), or an RFC 2822 date (RSS
    feeds, e-mail); ValueError for any other string, TypeError for any other type."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a date or a string, not {type(value).__name__}")
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"{name}: not a date: {value!r} (give a datetime.date, an ISO 8601 date or date-time "
                     "such as '2024-09-12', or an RFC 2822 date)")


def check_text(text, where: str = "text") -> str:
    """`text` when it is a str; TypeError otherwise."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: the article text must be a str, not {type(text).__name__}")
    return text


def check_meta(values: Mapping, where: str = "") -> None:
    """TypeError for an id, title or source that is neither a str nor None."""
    for key in _META:
        value = values.get(key)
        if value is not None and not isinstance(value, str) and not (key == "id" and isinstance(value, int)
                                                                      and not isinstance(value, bool)):
            raise TypeError(f"{where}{key}: expected a str or None, not {type(value).__name__}")


def check_errors(errors: str) -> None:
    if errors not in ERRORS:
        raise ValueError(f"errors: expected 'raise' or 'return', not {errors!r}")


def article_of(item, index: int) -> dict:
    """One item of extract_many as the keyword arguments of extract: a mapping with "text" (and
    optionally "id", "title", "published", "source"), or a plain str (the text alone)."""
    where = f"articles[{index}]"
    if isinstance(item, str):
        return {"text": item}
    if not isinstance(item, Mapping):
        raise TypeError(f"{where}: expected a mapping with a 'text' key (or a str), not {type(item).__name__}")
    if "text" not in item:
        raise TypeError(f"{where}: no 'text' key")
    check_text(item["text"], f"{where}['text']")
    check_meta(item, f"{where}: ")
    out = {"text": item["text"], **{k: item.get(k) for k in _META}}
    out["published"] = as_published(item.get("published"), f"{where}['published']")
    if out["id"] is not None:
        out["id"] = str(out["id"])
    return out
