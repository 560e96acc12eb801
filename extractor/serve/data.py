"""What the pages of `extract serve` show, read from the facts database as plain data (no HTML here).

Every function only reads; a value that names nothing (an unknown place or metric) raises
InputError, as `extract query` does, and the page says so.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import distinct, exists, func, or_, select

from ..errors import InputError
from ..query import METRICS, _place_matches
from ..store import Store, articles, checks, facts, statistic_check_facts, statistic_checks, statistics

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class ArticleFilters:
    """The article list's search and filters, as the query string gives them."""

    q: str | None = None  # a substring of the title or the stored text, ignoring case
    region: str | None = None
    metric: str | None = None
    start: date | None = None  # facts whose period starts on or after
    end: date | None = None  # ... and ends on or before
    has_checks: bool = False  # an article check or a cross-article finding cites it

    def params(self) -> dict[str, str]:
        """The filters as query parameters (for the pagination links), the empty ones left out."""
        out = {"q": self.q, "region": self.region, "metric": self.metric,
               "from": self.start.isoformat() if self.start else None,
               "to": self.end.isoformat() if self.end else None, "has_checks": "1" if self.has_checks else None}
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class ArticleRow:
    id: int
    record_id: str
    title: str | None
    published: date | None
    source: str | None
    facts: int
    checks: int
    findings: int


@dataclass(frozen=True)
class ArticleList:
    rows: list[ArticleRow]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def list_articles(store: Store, filters: ArticleFilters, page: int = 1, size: int = PAGE_SIZE) -> ArticleList:
    """One page of the stored articles that match every filter, newest published first."""
    from ..place_filter import resolve_place

    if filters.metric is not None and filters.metric not in METRICS:
        raise InputError(f"metric {filters.metric!r}: not one of {', '.join(METRICS)}")
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise InputError(f"page must be 1 or more and size between 1 and {MAX_PAGE_SIZE}")
    a = articles.c
    where = []
    if filters.q:
        needle = filters.q.lower()
        stored_text = articles.c.contract[("article", "text")].as_string()
        where.append(or_(func.lower(a.title).contains(needle, autoescape=True),
                         func.lower(stored_text).contains(needle, autoescape=True)))
    fact_where = []
    if filters.region:
        fact_where.append(_place_matches(facts.c.region_code, facts.c.region_name,
                                         resolve_place(filters.region, "region")))
    if filters.metric:
        fact_where.append(facts.c.metric == filters.metric)
    if filters.start:
        fact_where.append(facts.c.period_start >= filters.start)
    if filters.end:
        fact_where.append(facts.c.period_end <= filters.end)
    if fact_where:
        where.append(exists(select(facts.c.id).where(facts.c.article_id == a.id, *fact_where)))
    if filters.has_checks:
        where.append(or_(exists(select(checks.c.id).where(checks.c.article_id == a.id)),
                         exists(select(statistic_check_facts.c.check_id)
                                .where(statistic_check_facts.c.article_id == a.id))))
    n_checks = select(func.count(checks.c.id)).where(checks.c.article_id == a.id).scalar_subquery()
    n_findings = (select(func.count(distinct(statistic_check_facts.c.check_id)))
                  .where(statistic_check_facts.c.article_id == a.id).scalar_subquery())
    stmt = (select(a.id, a.record_id, a.title, a.published, a.source, a.fact_count, n_checks, n_findings)
            .where(*where).order_by(a.published.desc().nulls_last(), a.id)
            .limit(size).offset((page - 1) * size))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
        rows = [ArticleRow(*r) for r in conn.execute(stmt)]
    return ArticleList(rows=rows, total=total, page=page, size=size)


@dataclass(frozen=True)
class Cited:
    """An article's fact that a cross-article finding cites (position 0: the figure it is about)."""

    article: int
    record_id: str
    title: str | None
    fact: str
    position: int


@dataclass(frozen=True)
class Finding:
    id: int
    code: str
    severity: str
    message: str
    statistic: str
    region_code: str | None
    region_name: str | None
    metric: str
    counterpart_code: str | None
    counterpart_name: str | None
    cited: list[Cited] = field(default_factory=list)


@dataclass(frozen=True)
class StoredArticle:
    id: int
    record_id: str
    url: str | None
    contract: dict
    findings: list[Finding]

    @property
    def text(self) -> str | None:
        """The article text, when the database keeps it (pages and WARC records; a .txt file's is not stored)."""
        return self.contract.get("article", {}).get("text")


def get_article(store: Store, pk: int) -> StoredArticle | None:
    """The stored article with primary key `pk`, with the cross-article findings that cite it."""
    with store.engine.connect() as conn:
        row = conn.execute(select(articles.c.id, articles.c.record_id, articles.c.url, articles.c.contract)
                           .where(articles.c.id == pk)).first()
        if row is None:
            return None
        ids = list(conn.execute(select(statistic_check_facts.c.check_id)
                                .where(statistic_check_facts.c.article_id == pk).distinct()).scalars())
    return StoredArticle(id=row.id, record_id=row.record_id, url=row.url, contract=row.contract,
                         findings=list_findings(store, ids=ids) if ids else [])


def list_findings(store: Store, *, code: str | None = None, ids: list[int] | None = None) -> list[Finding]:
    """The cross-article findings (all, of one code, or these ids) with the articles and facts they cite."""
    from ..series_query import CODES

    if code is not None and code not in CODES:
        raise InputError(f"code {code!r}: not one of {', '.join(CODES)}")
    c, s, link = statistic_checks.c, statistics.c, statistic_check_facts.c
    stmt = (select(c.id, c.code, c.severity, c.message, s.key, s.region_code, s.region_name, s.metric,
                   s.counterpart_code, s.counterpart_name)
            .join(statistics, c.statistic_id == s.id).order_by(c.code, s.key, c.id))
    if code:
        stmt = stmt.where(c.code == code)
    if ids is not None:
        stmt = stmt.where(c.id.in_(ids))
    with store.engine.connect() as conn:
        found = conn.execute(stmt).all()
        cited: dict[int, list[Cited]] = defaultdict(list)
        keys = [f.id for f in found]
        for i in range(0, len(keys), 500):
            for r in conn.execute(select(link.check_id, link.position, articles.c.id, articles.c.record_id,
                                         articles.c.title, facts.c.fact_id)
                                  .join(facts, link.fact_id == facts.c.id)
                                  .join(articles, link.article_id == articles.c.id)
                                  .where(link.check_id.in_(keys[i:i + 500]))):
                cited[r.check_id].append(Cited(r.id, r.record_id, r.title, r.fact_id, r.position))
    return [Finding(*f, cited=sorted(cited[f.id], key=lambda x: (x.position, x.record_id, x.fact)))
            for f in found]


@dataclass(frozen=True)
class Source:
    """One report of a statistic: which article said it, and how."""

    article: int
    record_id: str
    title: str | None
    published: date | None
    fact: str
    value_text: str | None
    chosen: bool


@dataclass(frozen=True)
class Point:
    """A statistic of a series: its period, chosen value (an amount, or a rate in percent) and sources."""

    key: str
    start: date
    end: date
    granularity: str | None
    value: Decimal | None
    flags: list[str]
    sources: list[Source]


@dataclass(frozen=True)
class SeriesLine:
    """The statistics of one series in one unit (a currency, or growth:BASIS), in period order."""

    series_key: str
    metric: str
    region: str
    counterpart: str | None
    segment: str | None
    unit: str
    points: list[Point]


def series_lines(store: Store, *, region: str, metric: str | None = None,
                 counterpart: str | None = None) -> list[SeriesLine]:
    """The region's series (of one metric, one counterpart), each in its units, with every point's sources."""
    from ..place_filter import resolve_place

    if metric is not None and metric not in METRICS:
        raise InputError(f"metric {metric!r}: not one of {', '.join(METRICS)}")
    s = statistics.c
    stmt = (select(s.id, s.key, s.series_key, s.metric, s.region_code, s.region_name, s.counterpart_code,
                   s.counterpart_name, s.segment, s.unit, s.period_start, s.period_end, s.granularity, s.amount,
                   s.growth_percent, s.flags, s.fact_id)
            .where(_place_matches(s.region_code, s.region_name, resolve_place(region, "region")))
            .order_by(s.metric, s.counterpart_code, s.counterpart_name, s.segment, s.unit, s.period_start,
                      s.period_end, s.key))
    if metric:
        stmt = stmt.where(s.metric == metric)
    if counterpart:
        stmt = stmt.where(_place_matches(s.counterpart_code, s.counterpart_name,
                                         resolve_place(counterpart, "counterpart")))
    with store.engine.connect() as conn:
        stats = conn.execute(stmt).all()
        sources: dict[int, list[Source]] = defaultdict(list)
        chosen = {r.id: r.fact_id for r in stats}
        ids = list(chosen)
        for i in range(0, len(ids), 500):
            for r in conn.execute(select(facts.c.statistic_id, facts.c.id, articles.c.id.label("article"),
                                         articles.c.record_id, articles.c.title, articles.c.published,
                                         facts.c.fact_id, facts.c.value_text, facts.c.growth_percent)
                                  .join(articles, facts.c.article_id == articles.c.id)
                                  .where(facts.c.statistic_id.in_(ids[i:i + 500]))):
                sources[r.statistic_id].append(Source(r.article, r.record_id, r.title, r.published, r.fact_id,
                                                      r.value_text, r.id == chosen[r.statistic_id]))
    lines: dict[tuple[str, str], SeriesLine] = {}
    for r in stats:
        line = lines.get((r.series_key, r.unit))
        if line is None:
            line = lines[(r.series_key, r.unit)] = SeriesLine(
                series_key=r.series_key, metric=r.metric, region=_named(r.region_name, r.region_code),
                counterpart=_named(r.counterpart_name, r.counterpart_code) if (r.counterpart_name or
                                                                               r.counterpart_code) else None,
                segment=r.segment, unit=r.unit, points=[])
        value = r.growth_percent if r.unit.startswith("growth:") else r.amount
        line.points.append(Point(key=r.key, start=r.period_start, end=r.period_end, granularity=r.granularity,
                                 value=value, flags=(r.flags or "").split(),
                                 sources=sorted(sources[r.id], key=lambda x: (not x.chosen, x.record_id, x.fact))))
    return list(lines.values())


@dataclass(frozen=True)
class SeriesEntry:
    """A (region, metric, counterpart) the statistics hold, for the series index."""

    region: str
    region_param: str
    metric: str
    counterpart: str | None
    counterpart_param: str | None
    statistics: int


def series_index(store: Store, limit: int = 500) -> list[SeriesEntry]:
    """The regions, metrics and counterparts the statistics hold, with how many statistics each."""
    s = statistics.c
    stmt = (select(s.region_code, s.region_name, s.metric, s.counterpart_code, s.counterpart_name, func.count())
            .group_by(s.region_code, s.region_name, s.metric, s.counterpart_code, s.counterpart_name)
            .order_by(s.region_code, s.region_name, s.metric, s.counterpart_code, s.counterpart_name).limit(limit))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [SeriesEntry(region=_named(r[1], r[0]), region_param=r[0] or r[1], metric=r[2],
                        counterpart=_named(r[4], r[3]) if (r[3] or r[4]) else None,
                        counterpart_param=(r[3] or r[4]) or None, statistics=r[5]) for r in rows]


def _named(name: str | None, code: str | None) -> str:
    """'Japan (JP)'."""
    if name and code:
        return f"{name} ({code})"
    return name or code or ""
