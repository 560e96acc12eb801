"""One series per statistic: the identity key of a stored fact, revision marks, the value chosen among sources.

A statistic is what several articles may report: the same reporting region, metric, counterpart,
segment and period, in the same currency (or, for a figure stated only as a rate, the same growth
basis). Its series is the same without the period and unit. Facts without a region, a period or a
figure (a share only) belong to no statistic.

>>> row = {"region_code": "JP", "metric": "balance", "counterpart_code": None, "counterpart_name": None,
...        "segment": None, "period_start": date(1986, 2, 1), "period_end": date(1986, 2, 28),
...        "amount": Decimal("4770000000"), "currency": "USD"}
>>> statistic_key(row)
'JP|balance|||1986-02-01|1986-02-28|USD'
>>> series_key(row)
'JP|balance||'
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleFileError
from .rules import load_rules

SEP = "|"
REVISED, PREVIOUS = "revised", "previous"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Revision(_Strict):
    cue: str
    revised_before: str
    revised_after: str
    previous_before: str
    window_chars: int = Field(gt=0)
    min_days_apart: int = Field(ge=0)
    max_relative_change: Decimal = Field(gt=0)

    @field_validator("cue", "revised_before", "revised_after", "previous_before")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regex: {exc}") from None
        return value


class _Conflict(_Strict):
    error_factor: Decimal = Field(gt=1)
    listed: int = Field(ge=1)


class _SeriesGrowth(_Strict):
    basis_months: dict[str, int]
    min_articles: int = Field(ge=1)


class _SeriesSum(_Strict):
    min_months: int = Field(ge=2)


class StatisticsRules(_Strict):
    """rules/statistics.yaml, validated."""

    revision: _Revision
    conflict: _Conflict
    series_growth: _SeriesGrowth
    series_sum: _SeriesSum


@functools.cache
def settings() -> StatisticsRules:
    """The validated content of rules/statistics.yaml (RuleFileError naming what is wrong)."""
    try:
        return StatisticsRules.model_validate(load_rules("statistics"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleFileError(f"rules/statistics.yaml {where}: {first['msg']}") from None


# -- identity ------------------------------------------------------------------------------


def _place(code: str | None, name: str | None) -> str:
    return (code.upper() if code else " ".join((name or "").lower().split())).replace(SEP, "/")


def normalise_segment(segment: str | None) -> str:
    """'Private  Enterprises.' -> 'private enterprises'; none -> ''. (A '|' would split the key: '/'.)"""
    return " ".join((segment or "").lower().split()).strip(" .,;:").replace(SEP, "/")


def unit_of(row: Mapping[str, Any]) -> str | None:
    """The currency of a level, else 'growth:BASIS' ('-points' for a change in points) for a rate alone."""
    if row.get("amount") is not None and row.get("currency"):
        return row["currency"]
    if row.get("growth_percent") is not None:
        return "growth:" + (row.get("growth_basis") or "yoy") + ("-points" if row.get("growth_points") else "")
    return None


def series_key(row: Mapping[str, Any]) -> str | None:
    """Region, metric, counterpart and normalised segment of a fact row; None without a region."""
    region = _place(row.get("region_code"), row.get("region_name"))
    if not region:
        return None
    return SEP.join([region, row["metric"], _place(row.get("counterpart_code"), row.get("counterpart_name")),
                     normalise_segment(row.get("segment"))])


def statistic_key(row: Mapping[str, Any]) -> str | None:
    """The statistic a fact row (store.contract_rows) reports, or None when it reports none."""
    series, unit = series_key(row), unit_of(row)
    start, end = row.get("period_start"), row.get("period_end")
    if series is None or unit is None or start is None or end is None:
        return None
    return SEP.join([series, start.isoformat(), end.isoformat(), unit])


def split_key(key: str) -> tuple[str, date, date, str]:
    """(series key, start, end, unit) of a statistic key."""
    parts = key.split(SEP)
    return SEP.join(parts[:4]), date.fromisoformat(parts[4]), date.fromisoformat(parts[5]), parts[6]


# -- revision marks --------------------------------------------------------------------------


def revision_marks(text: str | None, contract: Mapping[str, Any] | str) -> dict[str, str]:
    """{fact id: 'revised' | 'previous'} for the facts whose evidence the text marks as a revised figure
    ("a revised 965 mln") or as the figure a revision replaced ("revised from 207 mln"). `contract` is
    the contract dict or its JSON.

    >>> c = {"facts": [{"id": "f1", "evidence": [{"start": 2, "end": 9, "text": "203 mln"}]},
    ...                {"id": "f2", "evidence": [{"start": 24, "end": 31, "text": "207 mln"}]}]}
    >>> revision_marks("A 203 mln, revised from 207 mln in December.", c)
    {'f1': 'revised', 'f2': 'previous'}
    """
    cfg = settings().revision
    if not text or not _compiled(cfg.cue).search(text):
        return {}
    if isinstance(contract, str):  # a contract JSON line: parsed only for a text that may hold a mark
        contract = json.loads(contract)
    before, after, previous = (_compiled(p) for p in (cfg.revised_before, cfg.revised_after, cfg.previous_before))
    out: dict[str, str] = {}
    for fact in contract.get("facts", []):
        for span in fact.get("evidence", []):
            start, end = span.get("start"), span.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or text[start:end] != span.get("text"):
                continue
            head, tail = text[max(0, start - cfg.window_chars):start], text[end:end + cfg.window_chars]
            if previous.search(head):
                out.setdefault(fact["id"], PREVIOUS)
            elif before.search(head) or after.search(tail):
                out[fact["id"]] = REVISED
    return out


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# -- the value chosen ------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One stored fact as a report of its statistic, with its article's identity and date."""

    fact_pk: int
    key: str
    record_id: str
    sha256: str
    published: date | None
    fact_id: str
    metric: str
    period_start: date
    period_end: date
    granularity: str | None
    amount: Decimal | None
    currency: str | None
    approximate: bool | None
    value_text: str | None
    growth_percent: Decimal | None
    growth_basis: str | None
    growth_points: bool | None
    revision: str | None

    @property
    def is_rate(self) -> bool:
        return split_key(self.key)[3].startswith("growth:")

    def money(self):
        from .models import Money

        return Money(amount=self.amount, currency=self.currency, approximate=bool(self.approximate),
                     text=self.value_text or "")

    def tolerance(self) -> Decimal:
        """Half a unit of the last stated digit of the reported figure (plus slack for 'about')."""
        if self.is_rate:
            from .checks.tolerance import percent_interval

            i = percent_interval(self.growth_percent)
            return (i.hi - i.lo) / 2
        from .checks.tolerance import money_tolerance

        return money_tolerance(self.money())

    def figure(self) -> Decimal:
        return self.growth_percent if self.is_rate else self.amount

    def cite(self) -> str:
        return f"{self.record_id}:{self.fact_id}"


def rank(r: Report) -> tuple:
    """Larger is preferred: the most recent publication, then a figure marked revised (a figure a
    revision replaced last), then the more precise figure; then a fixed order, so that the choice
    does not depend on the order articles were stored in."""
    mark = {REVISED: 2, None: 1, PREVIOUS: 0}[r.revision]
    figure = abs(r.figure())
    precision = -(r.tolerance() / figure) if figure else Decimal(0)
    return (r.published or date.min, mark, precision, r.sha256, r.fact_id)


def choose(reports: list[Report]) -> Report:
    """The report whose figure the statistic takes (see `rank`)."""
    return max(reports, key=rank)


def differ(a: Report, b: Report) -> bool:
    """True when no rounding of the two stated figures makes them agree."""
    return abs(a.figure() - b.figure()) > max(a.tolerance(), b.tolerance())
