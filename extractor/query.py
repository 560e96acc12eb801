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

from sqlalchemy import func, or_, select

from .errors import InputError
from .store import Store, articles, facts, failures, runs

# what `extract query facts --columns` can show, and `--sort` order by
COLUMNS = {
    "article": articles.c.record_id, "fact": facts.c.fact_id, "metric": facts.c.metric,
    "region": facts.c.region_name, "region_code": facts.c.region_code, "region_kind": facts.c.region_kind,
    "period_start": facts.c.period_start, "period_end": facts.c.period_end,
    "granularity": facts.c.period_granularity, "period": facts.c.period_text,
    "amount": facts.c.amount, "currency": facts.c.currency, "value": facts.c.value_text,
    "growth": facts.c.growth_percent, "growth_basis": facts.c.growth_basis,
    "share": facts.c.share_percent, "share_of": facts.c.share_of,
    "counterpart": facts.c.counterpart_name, "counterpart_code": facts.c.counterpart_code,
    "counterpart_kind": facts.c.counterpart_kind, "segment": facts.c.segment,
    "source": articles.c.source, "published": articles.c.published, "title": articles.c.title,
    "url": articles.c.url,
}
FACT_COLUMNS = ("article", "fact", "metric", "region", "region_code", "period_start", "period_end", "amount",
                "currency", "growth", "share", "counterpart", "counterpart_code", "segment")
METRICS = ("trade", "exports", "imports", "balance")
DEFAULT_SORT = ("period_start", "article", "fact")


def query_facts(store: Store, *, region: str | None = None, metric: str | None = None, start: date | None = None,
                end: date | None = None, counterpart: str | None = None, currency: str | None = None,
                segment: str | None = None, source: str | None = None, article: str | None = None,
                sort: Sequence[str] | None = None, columns: Sequence[str] | None = None,
                limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """Facts matching every filter given, in the columns asked for (FACT_COLUMNS by default).

    `region` / `counterpart` name a place by name or code (place_filter.resolve_place: "CN" and
    "China" also match "CN-XJ"; "EU", "ASEAN" match those blocs); `segment` matches a stored
    segment containing it, `source` an outlet, `article` a record id or sha256 (all ignoring case).
    A period filter keeps facts whose period lies within [start, end]. `sort` names columns, "-"
    before one for descending order. A value that names nothing tradefacts knows, or nothing the
    database holds, raises InputError, so that a typo is not an empty table.
    """
    from .place_filter import resolve_place

    columns = tuple(columns or FACT_COLUMNS)
    _known("--columns", columns, COLUMNS)
    order = tuple(sort or DEFAULT_SORT)
    _known("--sort", [c.lstrip("-") for c in order], COLUMNS)
    if metric is not None and metric not in METRICS:
        raise InputError(f"--metric {metric!r}: not one of {', '.join(METRICS)}")
    if currency is not None:
        currency = _currency(currency)
    stmt = (select(*(COLUMNS[c].label(c) for c in columns)).join(articles, facts.c.article_id == articles.c.id)
            .order_by(*(COLUMNS[c[1:]].desc() if c.startswith("-") else COLUMNS[c] for c in order), facts.c.id))
    if region:
        stmt = stmt.where(_place_matches(facts.c.region_code, facts.c.region_name, resolve_place(region, "--region")))
    if counterpart:
        stmt = stmt.where(_place_matches(facts.c.counterpart_code, facts.c.counterpart_name,
                                         resolve_place(counterpart, "--counterpart")))
    if metric:
        stmt = stmt.where(facts.c.metric == metric)
    if currency:
        stmt = stmt.where(facts.c.currency == currency)
    if start:
        stmt = stmt.where(facts.c.period_start >= start)
    if end:
        stmt = stmt.where(facts.c.period_end <= end)
    with store.engine.connect() as conn:
        if segment:
            like = func.lower(facts.c.segment).contains(segment.lower(), autoescape=True)
            _held(conn, "--segment", segment, facts.c.segment, like)
            stmt = stmt.where(like)
        if source:
            same = func.lower(articles.c.source) == source.lower()
            _held(conn, "--source", source, articles.c.source, same)
            stmt = stmt.where(same)
        if article:
            match = or_(articles.c.record_id == article, articles.c.sha256 == article.lower())
            _held(conn, "--article", article, articles.c.record_id, match)
            stmt = stmt.where(match)
        if limit:
            stmt = stmt.limit(limit)
        return columns, [tuple(r) for r in conn.execute(stmt)]


def _known(option: str, names: Sequence[str], allowed) -> None:
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise InputError(f"{option}: no column {', '.join(map(repr, unknown))} (columns: {', '.join(allowed)})")


def _currency(code: str) -> str:
    import pycountry

    if pycountry.currencies.get(alpha_3=code.upper()) is None:
        raise InputError(f"--currency {code!r}: not an ISO 4217 currency code (CNY, USD, EUR ...)")
    return code.upper()


def _held(conn, option: str, value: str, column, condition, shown: int = 8) -> None:
    """InputError when no stored row meets `condition`, naming some values the database holds."""
    table = column.table
    if conn.execute(select(column).where(condition).limit(1)).first() is not None:
        return
    held = [v for (v,) in conn.execute(select(column).where(column.is_not(None)).distinct()
                                       .order_by(column).limit(shown + 1))]
    more = ", ..." if len(held) > shown else ""
    listed = ", ".join(map(repr, held[:shown])) + more if held else f"none: no {table.name} row has one"
    raise InputError(f"{option} {value!r}: nothing in the database matches (held: {listed})")


def _place_matches(code_column, name_column, place):
    """A place's facts: by ISO code (a country's takes its subdivisions), else by name."""
    if place.code:
        return _code_matches(code_column, place.code)
    return func.lower(name_column) == place.name.lower()


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
