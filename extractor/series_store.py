"""The statistics tables' upkeep, inside the store's transactions: keys, locks, refresh, rebuild.

When facts are stored, each gets its statistic (a `statistics` row, created on first report), and
every series they touch is summarised again from all its stored reports (series_checks.summarise):
chosen values, source counts, flags and cross-article findings. The series is the unit of work and
of locking: on PostgreSQL a writer takes a transaction-level advisory lock per series (in one
global order, so two writers never deadlock), and then sees every report committed before it; on
SQLite writers are serialised already (BEGIN IMMEDIATE). A rebuild takes an exclusive lock that
every writer takes shared, so none writes while statistics are rebuilt.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from .series_checks import Finding, Summary, summarise
from .statistics import Report, series_key, statistic_key

# pg_advisory_xact_lock key a rebuild takes exclusive and every writer shared
_PG_REBUILD_LOCK = 7_172_083_121
_IN_CHUNK = 500
_SUMMARY_COLUMNS = ("fact_id", "amount", "currency", "value_text", "growth_percent", "growth_basis", "granularity",
                    "published", "sources", "reports", "first_published", "last_published", "flags")


def assign(conn: Connection, fact_rows: list[dict]) -> set[str]:
    """Set `statistic_id` on fact rows about to be inserted (creating statistics met for the first
    time) after locking their series; returns the series keys touched."""
    from .store import statistics

    keyed = [(row, statistic_key(row)) for row in fact_rows]
    for row, key in keyed:
        row["statistic_id"] = None
    keyed = [(row, key) for row, key in keyed if key is not None]
    touched = {series_key(row) for row, _ in keyed}
    if not keyed:
        return set()
    lock(conn, touched)
    first: dict[str, dict] = {}
    for row, key in keyed:
        first.setdefault(key, row)
    ids = _ids(conn, list(first))
    new = [k for k in sorted(first) if k not in ids]
    if new:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(statistics).on_conflict_do_nothing(index_elements=["key"]),
                     [_statistic_row(k, first[k]) for k in new])
        ids.update(_ids(conn, new))
    for row, key in keyed:
        row["statistic_id"] = ids[key]
    return touched


def lock(conn: Connection, series: Iterable[str], *, exclusive: bool = False) -> None:
    """PostgreSQL: the advisory locks of these series (and the shared rebuild lock); SQLite: nothing,
    the transaction already holds the database's write lock."""
    if conn.dialect.name != "postgresql":
        return
    if exclusive:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_REBUILD_LOCK})
        return
    conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": _PG_REBUILD_LOCK})
    for k in sorted({_lock_id(s) for s in series}):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": k})


def refresh(conn: Connection, series: Iterable[str]) -> None:
    """Summarise each series again from all its stored reports: statistics rows and findings."""
    from .store import statistics

    for skey in sorted(series):
        reports = load_reports(conn, skey)
        summaries, findings = summarise(reports)
        ids = dict(conn.execute(select(statistics.c.key, statistics.c.id)
                                .where(statistics.c.series_key == skey)).all())
        if summaries:
            conn.execute(update(statistics).where(statistics.c.id == bindparam("b_sid")).values(
                {n: bindparam("b_" + n) for n in _SUMMARY_COLUMNS}), [_summary_row(ids[s.key], s) for s in summaries])
        _replace_findings(conn, skey, findings, ids)


def rebuild(conn: Connection) -> int:
    """Statistics and findings made again from every stored fact; returns how many statistics."""
    from .store import facts, statistic_check_facts, statistic_checks, statistics

    lock(conn, (), exclusive=True)
    conn.execute(delete(statistic_check_facts))
    conn.execute(delete(statistic_checks))
    conn.execute(update(facts).values(statistic_id=None))
    conn.execute(delete(statistics))
    columns = [c for c in facts.c if c.name not in ("statistic_id",)]
    last, touched = 0, set()
    while True:
        page = [dict(r._mapping) for r in conn.execute(
            select(*columns).where(facts.c.id > last).order_by(facts.c.id).limit(5000))]
        if not page:
            break
        last = page[-1]["id"]
        touched |= assign(conn, page)
        assigned = [{"fid": r["id"], "sid": r["statistic_id"]} for r in page if r["statistic_id"] is not None]
        if assigned:
            conn.execute(update(facts).where(facts.c.id == bindparam("fid")).values(statistic_id=bindparam("sid")),
                         assigned)
    refresh(conn, touched)
    return conn.execute(select(text("count(*)")).select_from(statistics)).scalar_one()


def load_reports(conn: Connection, skey: str) -> list[Report]:
    """Every stored report of one series."""
    from .store import articles, facts, statistics

    stmt = (select(facts.c.id, statistics.c.key, articles.c.record_id, articles.c.sha256, articles.c.published,
                   facts.c.fact_id, facts.c.metric, facts.c.period_start, facts.c.period_end,
                   facts.c.period_granularity, facts.c.amount, facts.c.currency, facts.c.approximate,
                   facts.c.value_text, facts.c.growth_percent, facts.c.growth_basis, facts.c.growth_points,
                   facts.c.revision)
            .join(statistics, facts.c.statistic_id == statistics.c.id)
            .join(articles, facts.c.article_id == articles.c.id)
            .where(statistics.c.series_key == skey))
    return [Report(*row) for row in conn.execute(stmt)]


def _replace_findings(conn: Connection, skey: str, findings: list[Finding], ids: dict[str, int]) -> None:
    from .store import articles, statistic_check_facts, statistic_checks

    old = select(statistic_checks.c.id).where(statistic_checks.c.series_key == skey)
    conn.execute(delete(statistic_check_facts).where(statistic_check_facts.c.check_id.in_(old)))
    conn.execute(delete(statistic_checks).where(statistic_checks.c.series_key == skey))
    if not findings:
        return
    shas = {r.sha256 for f in findings for r in f.reports}
    article_ids = dict(conn.execute(select(articles.c.sha256, articles.c.id).where(articles.c.sha256.in_(shas))).all())
    links = []
    for f in findings:
        check_id = conn.execute(insert(statistic_checks).values(
            statistic_id=ids[f.key], series_key=skey, code=f.code, severity=f.severity, message=f.message,
        ).returning(statistic_checks.c.id)).scalar_one()
        links += [{"check_id": check_id, "fact_id": r.fact_pk, "article_id": article_ids[r.sha256], "position": i}
                  for i, r in enumerate(f.reports)]
    conn.execute(insert(statistic_check_facts), links)


def _ids(conn: Connection, keys: list[str]) -> dict[str, int]:
    from .store import statistics

    out: dict[str, int] = {}
    for i in range(0, len(keys), _IN_CHUNK):
        out.update(conn.execute(select(statistics.c.key, statistics.c.id)
                                .where(statistics.c.key.in_(keys[i:i + _IN_CHUNK]))).all())
    return out


def _statistic_row(key: str, row: dict) -> dict:
    from .statistics import normalise_segment, split_key

    series, start, end, unit = split_key(key)
    return {"key": key, "series_key": series, "metric": row["metric"], "region_code": row.get("region_code"),
            "region_name": row.get("region_name"), "counterpart_code": row.get("counterpart_code"),
            "counterpart_name": row.get("counterpart_name"), "segment": normalise_segment(row.get("segment")) or None,
            "period_start": start, "period_end": end, "granularity": row.get("period_granularity"), "unit": unit,
            "sources": 0, "reports": 0}


def _summary_row(sid: int, s: Summary) -> dict:
    c = s.chosen
    dates = [r.published for r in s.reports if r.published is not None]
    row = {"sid": sid, "fact_id": c.fact_pk, "amount": c.amount if not c.is_rate else None,
           "currency": c.currency if not c.is_rate else None, "value_text": c.value_text if not c.is_rate else None,
           "growth_percent": c.growth_percent, "growth_basis": c.growth_basis, "granularity": c.granularity,
           "published": c.published, "sources": s.sources, "reports": len(s.reports),
           "first_published": min(dates, default=None), "last_published": max(dates, default=None),
           "flags": " ".join(sorted(s.flags)) or None}
    return {"b_" + k: v for k, v in row.items()}


def _lock_id(series: str) -> int:
    """A signed 64-bit advisory lock key for a series."""
    return int.from_bytes(hashlib.sha256(series.encode()).digest()[:8], "big", signed=True)

