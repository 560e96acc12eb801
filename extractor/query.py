"""Read commands over the facts database: facts by region/metric/period, runs, failures, one article.

Each query returns column names and rows; `render` prints them as a table, CSV or JSONL.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import or_, select

from .store import Store, articles, facts, failures, runs

FACT_COLUMNS = ("article", "fact", "metric", "region", "region_name", "period_start", "period_end", "amount",
                "currency", "growth", "share", "counterpart", "segment")


def query_facts(store: Store, *, region: str | None = None, metric: str | None = None, start: date | None = None,
                end: date | None = None, counterpart: str | None = None, currency: str | None = None,
                limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """Facts matching every filter given. `region` / `counterpart` are ISO codes; "CN" also matches
    its subdivisions ("CN-XJ"). A period filter keeps facts whose period lies within [start, end]."""
    stmt = (select(articles.c.record_id, facts.c.fact_id, facts.c.metric, facts.c.region_code, facts.c.region_name,
                   facts.c.period_start, facts.c.period_end, facts.c.amount, facts.c.currency, facts.c.growth_percent,
                   facts.c.share_percent, facts.c.counterpart_code, facts.c.segment)
            .join(articles, facts.c.article_id == articles.c.id)
            .order_by(facts.c.period_start, articles.c.record_id, facts.c.id))
    if region:
        stmt = stmt.where(_code_matches(facts.c.region_code, region))
    if counterpart:
        stmt = stmt.where(_code_matches(facts.c.counterpart_code, counterpart))
    if metric:
        stmt = stmt.where(facts.c.metric == metric)
    if currency:
        stmt = stmt.where(facts.c.currency == currency.upper())
    if start:
        stmt = stmt.where(facts.c.period_start >= start)
    if end:
        stmt = stmt.where(facts.c.period_end <= end)
    if limit:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return FACT_COLUMNS, [tuple(r) for r in conn.execute(stmt)]


def query_runs(store: Store, limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """The run log, newest first."""
    stmt = select(runs.c.id, runs.c.started_at, runs.c.finished_at, runs.c.status, runs.c.input_count, runs.c.done,
                  runs.c.failed, runs.c.skipped, runs.c.facts, runs.c.inputs).order_by(runs.c.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt)]
    return ("run", "started", "finished", "status", "input", "done", "failed", "skipped", "facts", "inputs"), rows


def query_failures(store: Store, run_id: int | None = None, limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """Per-article failures, of one run or of all."""
    stmt = select(failures.c.run_id, failures.c.record_id, failures.c.reason, failures.c.error,
                  failures.c.origin).order_by(failures.c.id)
    if run_id is not None:
        stmt = stmt.where(failures.c.run_id == run_id)
    if limit:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return ("run", "article", "reason", "error", "origin"), [tuple(r) for r in conn.execute(stmt)]


def article_contract(store: Store, key: str) -> dict | None:
    """The stored contract JSON of the article with record id or sha256 `key` (the first if several)."""
    stmt = (select(articles.c.contract).where(or_(articles.c.record_id == key, articles.c.sha256 == key))
            .order_by(articles.c.id).limit(1))
    with store.engine.connect() as conn:
        return conn.execute(stmt).scalar_one_or_none()


def render(columns: Sequence[str], rows: list[tuple], fmt: str, out: IO[str]) -> None:
    """Print rows as `table` (aligned text), `csv` or `jsonl`."""
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_plain(v) for v in r] for r in rows])
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps({c: _json(v) for c, v in zip(columns, r)}, ensure_ascii=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, box=None, header_style="bold")
        for r in rows:
            table.add_row(*[_plain(v) for v in r])
        # wide when piped, so that rows are not wrapped at 80 columns
        Console(file=out, width=None if out.isatty() else 400, soft_wrap=False).print(table)


def _code_matches(column, code: str):
    code = code.upper()
    return or_(column == code, column.like(f"{code}-%"))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _decimal_text(value: Decimal) -> str:
    """Decimal('1E+11') -> '100000000000'; Decimal('5.20') -> '5.2'."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
