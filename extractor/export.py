"""`extract export`: the statistics, their facts and the cross-article findings as CSV, JSONL or Parquet files.

One file per table in the folder given — `statistics.csv`, `facts.csv`, `statistic_checks.csv` —
for pandas, DuckDB or a spreadsheet. Amounts stay exact: Parquet stores them as decimal128(38, 4)
(amounts in base units, percents with up to four decimals), CSV and JSONL as plain numbers. Rows
are read and written a page at a time, so memory does not grow with the database.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from .errors import InputError
from .query import _json, _plain
from .store import Store, articles, facts, statistic_checks, statistics

FORMATS = ("csv", "jsonl", "parquet")
_PAGE = 5000


def _tables():
    """{file stem: (columns, select, decimal columns)} of what is exported."""
    s, f, c = statistics.c, facts.c, statistic_checks.c
    stat_cols = [s.id, s.key, s.series_key, s.metric, s.region_code, s.region_name, s.counterpart_code,
                 s.counterpart_name, s.segment, s.period_start, s.period_end, s.granularity, s.unit, s.amount,
                 s.currency, s.value_text, s.growth_percent, s.growth_basis, s.published, s.sources, s.reports,
                 s.first_published, s.last_published, s.flags, s.fact_id.label("chosen_fact")]
    fact_cols = [f.id, f.statistic_id, s.key.label("statistic_key"), (f.id == s.fact_id).label("chosen"),
                 articles.c.record_id.label("article"), articles.c.sha256, articles.c.published, articles.c.source,
                 articles.c.title, f.fact_id.label("fact"), f.metric, f.region_code, f.region_name,
                 f.counterpart_code, f.counterpart_name, f.segment, f.period_start, f.period_end,
                 f.period_granularity, f.period_text, f.amount, f.currency, f.approximate, f.value_text,
                 f.growth_percent, f.growth_basis, f.growth_points, f.share_percent, f.share_of, f.revision,
                 f.confidence]
    check_cols = [c.id, c.statistic_id, s.key.label("statistic_key"), c.code, c.severity, c.message]
    return {
        "statistics": (stat_cols, select(*stat_cols), s.id),
        "facts": (fact_cols, select(*fact_cols).join(articles, f.article_id == articles.c.id)
                  .outerjoin(statistics, f.statistic_id == s.id), f.id),
        "statistic_checks": (check_cols, select(*check_cols).join(statistics, c.statistic_id == s.id), c.id),
    }


def export(store: Store, fmt: str, folder: str) -> dict[str, int]:
    """Write every table to `folder` in `fmt`; returns {file name: rows written}."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: not one of {', '.join(FORMATS)}")
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {folder}: not a folder")
    if fmt == "parquet":
        _pyarrow()  # before any file is written
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for stem, (cols, stmt, order) in _tables().items():
        names = [c.name for c in cols]
        path = out / f"{stem}.{fmt}"
        pages = _pages(store, stmt, order)
        writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
        written[path.name] = writer(path, names, cols, pages)
    return written


def _pages(store: Store, stmt, order) -> Iterator[list[tuple]]:
    """The rows of `stmt` a page at a time, by key (keyset paging: no OFFSET rescans)."""
    last = None
    while True:
        page_stmt = stmt.order_by(order).limit(_PAGE)
        if last is not None:
            page_stmt = page_stmt.where(order > last)
        with store.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(page_stmt)]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _write_csv(path: Path, names: Sequence[str], cols, pages) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for rows in pages:
            w.writerows([[_plain(v) for v in r] for r in rows])
            n += len(rows)
    return n


def _write_jsonl(path: Path, names: Sequence[str], cols, pages) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for rows in pages:
            f.writelines(json.dumps({k: _json(v) for k, v in zip(names, r)}, ensure_ascii=False) + "\n" for r in rows)
            n += len(rows)
    return n


def _write_parquet(path: Path, names: Sequence[str], cols, pages) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field(name, _arrow_type(pa, col)) for name, col in zip(names, cols)])
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        for rows in pages:
            data = {name: [_arrow_value(r[i], schema.field(i).type, pa) for r in rows] for i, name in enumerate(names)}
            w.write_table(pa.table(data, schema=schema))
            n += len(rows)
        if n == 0:
            w.write_table(schema.empty_table())
    return n


_DECIMAL = (38, 4)


def _arrow_type(pa, col):
    from sqlalchemy import Boolean, Date, Float, Integer, Numeric

    t = col.type
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    if isinstance(t, Date):
        return pa.date32()
    if isinstance(t, Float):
        return pa.float64()
    if isinstance(t, Numeric) or type(t).__name__ == "Amount":
        return pa.decimal128(*_DECIMAL)
    return pa.string()


def _arrow_value(value, typ, pa):
    if value is None:
        return None
    if pa.types.is_decimal(typ):
        return Decimal(value).quantize(Decimal(1).scaleb(-_DECIMAL[1]))
    if pa.types.is_boolean(typ):  # SQLite gives 0 / 1
        return bool(value)
    return value


def _pyarrow():
    try:
        import pyarrow
    except ImportError:
        raise InputError("--format parquet needs pyarrow: pip install 'tradefacts[parquet]'") from None
    return pyarrow
