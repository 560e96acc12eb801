"""Read commands over the statistics: a series, one statistic with every report of it, the findings.

Each returns column names and rows, printed by query.render as a table, CSV or JSONL; a value that
names nothing raises InputError, as `extract query facts` does.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select

from .errors import InputError
from .query import METRICS, _place_matches
from .store import Store, articles, facts, statistic_check_facts, statistic_checks, statistics

SERIES_COLUMNS = ("key", "metric", "region", "region_code", "counterpart", "counterpart_code", "segment",
                  "period_start", "period_end", "granularity", "amount", "currency", "growth", "growth_basis",
                  "sources", "reports", "published", "flags")
REPORT_COLUMNS = ("chosen", "article", "fact", "published", "source", "title", "amount", "currency", "value",
                  "growth", "growth_basis", "revision", "evidence")
CHECK_COLUMNS = ("code", "severity", "statistic", "message", "articles", "facts")
CODES = ("conflict", "revision", "series-growth", "series-sum")


def query_series(store: Store, *, region: str, metric: str | None = None, counterpart: str | None = None,
                 start: date | None = None, end: date | None = None,
                 limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """One row per statistic of the region (and metric, counterpart, periods within [start, end]): its
    chosen value, source count and flags, in period order. Without --counterpart, the region's own
    totals and every counterpart's statistics are listed."""
    from .place_filter import resolve_place

    if metric is not None and metric not in METRICS:
        raise InputError(f"--metric {metric!r}: not one of {', '.join(METRICS)}")
    s = statistics.c
    stmt = (select(s.key, s.metric, s.region_name, s.region_code, s.counterpart_name, s.counterpart_code, s.segment,
                   s.period_start, s.period_end, s.granularity, s.amount, s.currency, s.growth_percent,
                   s.growth_basis, s.sources, s.reports, s.published, s.flags)
            .where(_place_matches(s.region_code, s.region_name, resolve_place(region, "--region")))
            .order_by(s.metric, s.counterpart_code, s.counterpart_name, s.segment, s.unit, s.period_start,
                      s.period_end, s.key))
    if counterpart:
        stmt = stmt.where(_place_matches(s.counterpart_code, s.counterpart_name,
                                         resolve_place(counterpart, "--counterpart")))
    if metric:
        stmt = stmt.where(s.metric == metric)
    if start:
        stmt = stmt.where(s.period_start >= start)
    if end:
        stmt = stmt.where(s.period_end <= end)
    if limit:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return SERIES_COLUMNS, [tuple(r) for r in conn.execute(stmt)]


def query_statistic(store: Store, key: str) -> tuple[Sequence[str], list[tuple]]:
    """Every report of one statistic (its key, or its id in the statistics table): article, title,
    date, outlet, figure, revision mark and evidence text; the chosen report first, then newest first."""
    with store.engine.connect() as conn:
        where = statistics.c.key == key
        if key.isdigit():
            where = or_(where, statistics.c.id == int(key))
        found = conn.execute(select(statistics.c.id, statistics.c.fact_id).where(where)).first()
        if found is None:
            raise InputError(f"no statistic {key!r} in the database (extract query series lists the keys)")
        sid, chosen = found
        rows = conn.execute(
            select(facts.c.id, articles.c.record_id, facts.c.fact_id, articles.c.published, articles.c.source,
                   articles.c.title, facts.c.amount, facts.c.currency, facts.c.value_text, facts.c.growth_percent,
                   facts.c.growth_basis, facts.c.revision, articles.c.contract)
            .join(articles, facts.c.article_id == articles.c.id).where(facts.c.statistic_id == sid)).all()
    out = []
    for r in rows:
        evidence = next((" | ".join(" ".join(e["text"].split()) for e in f.get("evidence", []))
                         for f in r.contract.get("facts", []) if f.get("id") == r.fact_id), "")
        out.append((r.id == chosen, r.record_id, r.fact_id, r.published, r.source, r.title, r.amount, r.currency,
                    r.value_text, r.growth_percent, r.growth_basis, r.revision, evidence))
    out.sort(key=lambda t: (not t[0], -(t[3].toordinal() if t[3] else 0), t[1], t[2]))
    return REPORT_COLUMNS, out


def query_checks(store: Store, *, code: str | None = None, region: str | None = None,
                 limit: int | None = None) -> tuple[Sequence[str], list[tuple]]:
    """The cross-article findings (of one code, or of a region's statistics), with their articles and facts."""
    from .place_filter import resolve_place

    if code is not None and code not in CODES:
        raise InputError(f"--code {code!r}: not one of {', '.join(CODES)}")
    c, link = statistic_checks.c, statistic_check_facts.c
    stmt = (select(c.id, c.code, c.severity, statistics.c.key, c.message)
            .join(statistics, c.statistic_id == statistics.c.id).order_by(c.code, statistics.c.key, c.id))
    if code:
        stmt = stmt.where(c.code == code)
    if region:
        place = resolve_place(region, "--region")
        stmt = stmt.where(_place_matches(statistics.c.region_code, statistics.c.region_name, place))
    if limit:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        found = conn.execute(stmt).all()
        ids = [f.id for f in found]
        members: dict[int, list[tuple]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            for row in conn.execute(select(link.check_id, link.position, articles.c.record_id, facts.c.fact_id)
                                    .join(facts, link.fact_id == facts.c.id)
                                    .join(articles, link.article_id == articles.c.id)
                                    .where(link.check_id.in_(ids[i:i + 500]))):
                members[row.check_id].append((row.position, row.record_id, row.fact_id))
    out = []
    for f in found:
        cited = sorted(members[f.id])
        out.append((f.code, f.severity, f.key, f.message, " ".join(dict.fromkeys(r for _, r, _ in cited)),
                    " ".join(f"{r}:{x}" for _, r, x in cited)))
    return CHECK_COLUMNS, out
