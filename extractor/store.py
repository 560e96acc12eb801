"""The facts database: articles, facts, partners, causes, checks, runs and failures (SQLAlchemy 2 Core).

A bare path is an SQLite file; a `postgresql+psycopg://` (or `postgresql://`) URL is PostgreSQL.
The schema is created on first use and versioned in `schema_version`. Articles are keyed by the
sha256 of their text and inserted with INSERT ... ON CONFLICT DO NOTHING, so two writers (or a
rerun) never store an article twice; each `Store.write` is one transaction.

>>> store = Store.open(":memory:")
>>> store.schema_version()
3
"""
from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from . import series_store
from .errors import TradefactsError
from .rules import load_rules

log = logging.getLogger(__name__)

# 2: the `duplicates` table (records skipped because their text is stored under another record)
# 3: `statistics`, `statistic_checks`, `statistic_check_facts`; facts.statistic_id and facts.revision
STORE_SCHEMA_VERSION = 3
# SQLite integers are signed 64-bit; larger amounts are stored as REAL rather than overflowing.
_SQLITE_MAX_INT = 2**63 - 1
# Serialises schema creation between concurrent writers on PostgreSQL (pg_advisory_xact_lock key).
_PG_SCHEMA_LOCK = 7_172_083_120


class StoreError(TradefactsError):
    """A database that cannot be opened, is of a newer schema, or refuses a write."""


class _RawNumeric(Numeric):
    """NUMERIC whose values pass to and from the driver untouched (SQLite returns int or float)."""

    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None


class Amount(TypeDecorator):
    """NUMERIC that round-trips Decimal: exact on PostgreSQL; on SQLite an integer when it fits
    64 bits, else REAL. Non-finite values are stored as NULL."""

    impl = Numeric
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        d = Decimal(str(value))
        if not d.is_finite():
            return None
        if dialect.name == "sqlite":
            return int(d) if d == d.to_integral_value() and abs(d) <= _SQLITE_MAX_INT else float(d)
        return d

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None

    def load_dialect_impl(self, dialect):
        # SQLAlchemy's SQLite NUMERIC goes through float (losing digits past 2**53); bind plain numbers.
        return dialect.type_descriptor(_RawNumeric() if dialect.name == "sqlite" else Numeric())


_JSON = JSON().with_variant(postgresql.JSONB(), "postgresql")
_TS = DateTime(timezone=True)

metadata = MetaData()

schema_version_t = Table(
    "schema_version", metadata,
    Column("version", Integer, nullable=False),
    Column("applied_at", _TS, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", _TS, nullable=False),
    Column("finished_at", _TS),
    Column("status", String(16), nullable=False),  # running | finished | interrupted | failed
    Column("inputs", Text),
    Column("options", _JSON),
    Column("host", String(255)),
    Column("pid", Integer),
    Column("version", String(32)),
    Column("input_count", Integer, nullable=False, default=0),
    Column("done", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("facts", Integer, nullable=False, default=0),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("record_id", Text, nullable=False),
    Column("title", Text),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("reference_date", Date),
    Column("fact_count", Integer, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("created_at", _TS, nullable=False),
    Column("contract", _JSON, nullable=False),
)
Index("ix_articles_record_id", articles.c.record_id)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("fact_id", String(16), nullable=False),
    Column("metric", String(16), nullable=False),
    Column("region_code", String(16)),
    Column("region_name", Text),
    Column("region_kind", String(16)),
    Column("counterpart_code", String(16)),
    Column("counterpart_name", Text),
    Column("counterpart_kind", String(16)),
    Column("segment", Text),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("period_granularity", String(16)),
    Column("period_text", Text),
    Column("amount", Amount),
    Column("currency", String(3)),
    Column("approximate", Boolean),
    Column("value_text", Text),
    Column("growth_percent", Amount),
    Column("growth_basis", String(16)),
    Column("growth_points", Boolean),
    Column("share_percent", Amount),
    Column("share_of", Text),
    Column("confidence", Float),
    # the statistic the fact reports (extractor/statistics.py); NULL without region, period or figure
    Column("statistic_id", Integer, ForeignKey("statistics.id")),
    Column("revision", String(16)),  # revised | previous: how the article text marks the figure, if at all
)
Index("ix_facts_query", facts.c.region_code, facts.c.metric, facts.c.period_start)
Index("ix_facts_article", facts.c.article_id)
Index("ix_facts_statistic", facts.c.statistic_id)

# one row per statistic: its key, what it is, and the value chosen among its sources
statistics = Table(
    "statistics", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("series_key", Text, nullable=False),
    Column("metric", String(16), nullable=False),
    Column("region_code", String(16)),
    Column("region_name", Text),
    Column("counterpart_code", String(16)),
    Column("counterpart_name", Text),
    Column("segment", Text),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("granularity", String(16)),
    Column("unit", String(32), nullable=False),  # a currency, or growth:BASIS for a rate alone
    Column("fact_id", Integer),  # the chosen report (facts.id)
    Column("amount", Amount),
    Column("currency", String(3)),
    Column("value_text", Text),
    Column("growth_percent", Amount),
    Column("growth_basis", String(16)),
    Column("published", Date),  # of the chosen report's article
    Column("sources", Integer, nullable=False, default=0),  # distinct articles
    Column("reports", Integer, nullable=False, default=0),  # facts
    Column("first_published", Date),
    Column("last_published", Date),
    Column("flags", Text),  # space-separated codes of its cross-article findings
)
Index("ix_statistics_series", statistics.c.series_key)
Index("ix_statistics_query", statistics.c.region_code, statistics.c.metric, statistics.c.period_start)

# cross-article check findings (extractor/series_checks.py), owned by one statistic, replaced per series
statistic_checks = Table(
    "statistic_checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("statistic_id", Integer, ForeignKey("statistics.id", ondelete="CASCADE"), nullable=False),
    Column("series_key", Text, nullable=False),
    Column("code", String(32), nullable=False),  # conflict | revision | series-growth | series-sum
    Column("severity", String(16), nullable=False),
    Column("message", Text, nullable=False),
)
Index("ix_statistic_checks_series", statistic_checks.c.series_key)

statistic_check_facts = Table(
    "statistic_check_facts", metadata,
    Column("check_id", Integer, ForeignKey("statistic_checks.id", ondelete="CASCADE"), nullable=False),
    Column("fact_id", Integer, ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # 0: the figure the finding is about (the chosen one)
)
Index("ix_statistic_check_facts_check", statistic_check_facts.c.check_id)

partners = Table(
    "partners", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("code", String(16)),
    Column("kind", String(16)),
    Column("role", Text),
)
Index("ix_partners_article", partners.c.article_id)

causes = Table(
    "causes", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("cue", Text),
    Column("facts", Text),  # space-separated fact ids: "f1 f2"
)
Index("ix_causes_article", causes.c.article_id)

checks = Table(
    "checks", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("message", Text),
    Column("facts", Text),  # space-separated fact ids
)
Index("ix_checks_article", checks.c.article_id)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("record_id", Text, nullable=False),
    Column("sha256", String(64)),
    Column("origin", Text),
    Column("reason", String(16), nullable=False),  # unreadable | too-large | timeout | error | worker-died
    Column("error", Text, nullable=False),
    Column("created_at", _TS, nullable=False),
)
Index("ix_failures_run", failures.c.run_id)

duplicates = Table(
    "duplicates", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("record_id", Text, nullable=False),
    Column("sha256", String(64), nullable=False),  # of the stored article with the same text
    Column("origin", Text),
    Column("created_at", _TS, nullable=False),
)
Index("ix_duplicates_record_id", duplicates.c.record_id)
duplicates_t = duplicates  # the name `write` can reach under its own `duplicates` argument


@dataclass(frozen=True)
class Done:
    """An extracted article ready to store: its record and contract JSON."""

    record_id: str
    sha256: str
    contract: dict
    url: str | None = None
    # {fact id: revised | previous}: revision marks read in the text (statistics.revision_marks)
    revisions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Duplicate:
    """A record skipped because an article with the same text is already stored."""

    record_id: str
    sha256: str
    origin: str | None = None


@dataclass(frozen=True)
class Failed:
    """An article that could not be extracted (or read), and why."""

    record_id: str
    reason: str
    error: str
    sha256: str | None = None
    origin: str | None = None


def database_url(target: str) -> str:
    """A SQLAlchemy URL for `target`: a bare path becomes SQLite; postgres URLs use psycopg 3.

    >>> database_url("postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> database_url(":memory:")
    'sqlite://'
    """
    if target == ":memory:":
        return "sqlite://"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix):]
    if "://" in target:
        return target
    return "sqlite:///" + os.path.abspath(target)


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message helper must not fail
        return "<database>"


class Store:
    """A connection to the facts database. Open with `Store.open(path_or_url)`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        settings = load_rules("batch")["store"]
        self._retries = int(settings["retries"])

    @classmethod
    def open(cls, target: str, *, create: bool = True, read_only: bool = False) -> Store:
        """Connect, and create or check the schema. StoreError when that fails.

        `read_only` (for readers such as `extract serve`; implies create=False): SQLite opens the
        file with mode=ro, PostgreSQL sessions are READ ONLY, so that no statement can write.
        """
        url = database_url(target)
        busy = float(load_rules("batch")["store"]["busy_timeout_seconds"])
        create = create and not read_only
        try:
            if url.startswith("sqlite"):
                if read_only and url != "sqlite://":
                    url = "sqlite:///file:" + url[len("sqlite:///"):] + "?mode=ro&uri=true"
                engine = create_engine(url, connect_args={"timeout": busy})
                _sqlite_transactions(engine)
                if read_only:  # BEGIN IMMEDIATE takes the write lock, which a read-only file refuses
                    engine = engine.execution_options(sqlite_begin="DEFERRED")
            else:
                engine = create_engine(url, pool_pre_ping=True)
                if read_only:
                    _read_only_sessions(engine)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open database {redact(url)}: {exc}") from None
        store = cls(engine)
        try:
            if create:
                store._create_schema()
            else:
                store.schema_version()
        except DBAPIError as exc:
            raise StoreError(f"cannot open database {redact(url)}: {_first_line(exc)}") from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------

    def _create_schema(self) -> None:
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_SCHEMA_LOCK})
            existing = set(inspect(conn).get_table_names())
            if "schema_version" in existing:
                version = conn.execute(select(func.max(schema_version_t.c.version))).scalar()
                _check_version(version or STORE_SCHEMA_VERSION)
            metadata.create_all(conn, checkfirst=True)
            version = conn.execute(select(func.max(schema_version_t.c.version))).scalar()
            if version is None or version < STORE_SCHEMA_VERSION:
                # 2 added a table, which create_all has just made; 3 adds two columns to facts too,
                # and builds the statistics of the facts already stored
                if version is not None and version < 3:
                    _add_statistics_columns(conn)
                    log.info("database schema %d -> %d: building the statistics of the stored facts", version,
                             STORE_SCHEMA_VERSION)
                    series_store.rebuild(conn)
                conn.execute(insert(schema_version_t).values(version=STORE_SCHEMA_VERSION, applied_at=_now()))

    def schema_version(self) -> int:
        """The schema version stored in the database (StoreError if it has none)."""
        try:
            with self.engine.connect() as conn:
                version = conn.execute(select(func.max(schema_version_t.c.version))).scalar()
        except DBAPIError as exc:
            raise StoreError(f"not a tradefacts database: {_first_line(exc)}") from None
        if version is None:
            raise StoreError("not a tradefacts database: no schema version")
        _check_version(version)
        return int(version)

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, inputs: str, options: dict[str, Any], version: str) -> int:
        with self._begin() as conn:
            return conn.execute(insert(runs).values(
                started_at=_now(), status="running", inputs=inputs, options=options, host=socket.gethostname(),
                pid=os.getpid(), version=version, input_count=0, done=0, failed=0, skipped=0, facts=0,
            ).returning(runs.c.id)).scalar_one()

    def finish_run(self, run_id: int, status: str) -> None:
        with self._begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(status=status, finished_at=_now()))

    # -- reads ----------------------------------------------------------------------------

    def done_among(self, shas: Iterable[str]) -> set[str]:
        """The sha256 values among `shas` that the database already holds."""
        shas = list(set(shas))
        if not shas:
            return set()
        with self.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            return set(conn.execute(select(articles.c.sha256).where(articles.c.sha256.in_(shas))).scalars())

    def stored_ids(self, shas: Iterable[str]) -> dict[str, str]:
        """{sha256: record id} of the articles among `shas` that the database already holds."""
        shas = list(set(shas))
        if not shas:
            return {}
        with self.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            return dict(conn.execute(select(articles.c.sha256, articles.c.record_id)
                                     .where(articles.c.sha256.in_(shas))).all())

    def duplicate_of(self, record_id: str) -> tuple[str, str, int] | None:
        """(stored record id, its sha256, run) for a record skipped as a duplicate, else None."""
        stmt = (select(articles.c.record_id, articles.c.sha256, duplicates.c.run_id)
                .join(articles, articles.c.sha256 == duplicates.c.sha256)
                .where(duplicates.c.record_id == record_id).order_by(duplicates.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return tuple(row) if row else None

    # -- writes ---------------------------------------------------------------------------

    def write(self, run_id: int, done: list[Done], failed: list[Failed], skipped: int = 0, *,
              done_elsewhere: int = 0, facts_elsewhere: int = 0, duplicates: list[Duplicate] = ()) -> set[int]:
        """Store extracted articles and failures in one transaction, and add the counts to the run.

        Returns the positions in `done` of the articles actually inserted; the others were already
        stored (by an earlier run, a concurrent writer, or earlier in `done`) and count as skipped.
        `done_elsewhere` articles (with `facts_elsewhere` facts) were inserted by another process
        for this run (a Dask worker, `insert_articles`): they are only counted.
        """
        def write(conn: Connection) -> set[int]:
            inserted, n_facts = self._insert_articles(conn, run_id, done)
            if duplicates:  # (counted among `skipped`)
                now = _now()
                conn.execute(insert(duplicates_t), [{"run_id": run_id, "record_id": d.record_id, "sha256": d.sha256,
                                                     "origin": d.origin, "created_at": now} for d in duplicates])
            self._log_outcomes(conn, run_id, failed, done=len(inserted) + done_elsewhere,
                               skipped=skipped + len(done) - len(inserted), facts=n_facts + facts_elsewhere)
            return inserted

        return self._transaction(write)

    def insert_articles(self, run_id: int, done: list[Done]) -> set[int]:
        """Insert extracted articles in one transaction, leaving the run's counts alone (the process
        that counts the outcomes adds them with `write(..., done_elsewhere=...)`). Returns the
        positions in `done` actually inserted, as `write` does. Retrying it is harmless: articles
        already stored are left as they are."""
        return self._transaction(lambda conn: self._insert_articles(conn, run_id, done)[0])

    def _transaction(self, work):
        """Run `work(conn)` in one transaction, retried on a locked database or a deadlock."""
        for attempt in range(self._retries + 1):
            try:
                with self._begin() as conn:
                    return work(conn)
            except OperationalError as exc:
                if attempt == self._retries or not _retryable(exc):
                    raise StoreError(f"database write failed: {_first_line(exc)}") from None
                log.info("database busy (%s); retrying", _first_line(exc))
                time.sleep(0.2 * (attempt + 1))
            except DBAPIError as exc:
                raise StoreError(f"database write failed: {_first_line(exc)}") from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _insert_articles(self, conn: Connection, run_id: int, done: list[Done]) -> tuple[set[int], int]:
        """(positions in `done` inserted, their fact count)."""
        now = _now()
        inserted: set[int] = set()
        rows: dict[Table, list[dict]] = {facts: [], partners: [], causes: [], checks: []}
        n_facts = 0
        # Inserts in sha256 order: two writers on overlapping dumps take their row locks in the
        # same order, so PostgreSQL never has a deadlock to break.
        for i in sorted(range(len(done)), key=lambda i: done[i].sha256):
            d = done[i]
            art = d.contract.get("article", {})
            stmt = self._insert_ignore(articles, "sha256").values(
                sha256=d.sha256, record_id=d.record_id, title=art.get("title"), published=_date(art.get("published")),
                source=art.get("source"), url=d.url, reference_date=_date(art.get("reference_date")),
                fact_count=len(d.contract.get("facts", [])), run_id=run_id, created_at=now, contract=d.contract,
            ).returning(articles.c.id)
            pk = conn.execute(stmt).scalar_one_or_none()
            if pk is None:
                continue
            inserted.add(i)
            n_facts += len(d.contract.get("facts", []))
            for table, batch in contract_rows(pk, d.contract, d.revisions).items():
                rows[table] += batch
        series = series_store.assign(conn, rows[facts])
        for table, batch in rows.items():
            if batch:
                conn.execute(insert(table), batch)
        series_store.refresh(conn, series)
        return inserted, n_facts

    @staticmethod
    def _log_outcomes(conn: Connection, run_id: int, failed: list[Failed], *, done: int, skipped: int,
                      facts: int) -> None:
        """Record the failures and add the counts to the run."""
        if failed:
            now = _now()
            conn.execute(insert(failures), [
                {"run_id": run_id, "record_id": f.record_id, "sha256": f.sha256, "origin": f.origin,
                 "reason": f.reason, "error": f.error, "created_at": now} for f in failed])
        conn.execute(update(runs).where(runs.c.id == run_id).values(
            input_count=runs.c.input_count + done + len(failed) + skipped,
            done=runs.c.done + done, failed=runs.c.failed + len(failed),
            skipped=runs.c.skipped + skipped, facts=runs.c.facts + facts))

    # -- the seam for re-checking stored facts --------------------------------------------

    def iter_contracts(self, batch_size: int = 500) -> Iterator[tuple[int, dict]]:
        """(article primary key, contract JSON) of every stored article, in key order."""
        last = 0
        while True:
            with self.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
                page = conn.execute(select(articles.c.id, articles.c.contract).where(articles.c.id > last)
                                    .order_by(articles.c.id).limit(batch_size)).all()
            if not page:
                return
            yield from ((pk, contract) for pk, contract in page)
            last = page[-1][0]

    def replace_checks(self, updates: list[tuple[int, list[dict]]]) -> None:
        """Replace the checks of stored articles, in one transaction: (article key, contract checks)."""
        with self._begin() as conn:
            for pk, new_checks in updates:
                conn.execute(checks.delete().where(checks.c.article_id == pk))
                contract = conn.execute(select(articles.c.contract).where(articles.c.id == pk)).scalar_one()
                conn.execute(update(articles).where(articles.c.id == pk).values(
                    contract={**contract, "checks": new_checks}))
                rows = contract_rows(pk, {"checks": new_checks})[checks]
                if rows:
                    conn.execute(insert(checks), rows)

    # -- statistics -----------------------------------------------------------------------

    def rebuild_statistics(self) -> int:
        """Statistics and cross-article findings made again from every stored fact, in one
        transaction; returns how many statistics there are."""
        return self._transaction(series_store.rebuild)

    # -- helpers --------------------------------------------------------------------------

    def _begin(self):
        return self.engine.begin()

    def _insert_ignore(self, table: Table, key: str):
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(table).on_conflict_do_nothing(index_elements=[key])


def contract_rows(article_pk: int, contract: dict, revisions: dict[str, str] | None = None) -> dict[Table, list[dict]]:
    """The query-table rows of one article's contract JSON (`revisions`: Done.revisions)."""
    out: dict[Table, list[dict]] = {facts: [], partners: [], causes: [], checks: []}
    revisions = revisions or {}
    for f in contract.get("facts", []):
        region, counter = f.get("region") or {}, f.get("counterpart") or {}
        period, value = f.get("period") or {}, f.get("value") or {}
        growth, share = f.get("growth") or {}, f.get("share") or {}
        out[facts].append({
            "article_id": article_pk, "fact_id": f["id"], "metric": f["metric"],
            "region_code": region.get("code"), "region_name": region.get("name"), "region_kind": region.get("kind"),
            "counterpart_code": counter.get("code"), "counterpart_name": counter.get("name"),
            "counterpart_kind": counter.get("kind"), "segment": f.get("segment"),
            "period_start": _date(period.get("start")), "period_end": _date(period.get("end")),
            "period_granularity": period.get("granularity"), "period_text": period.get("text"),
            "amount": value.get("amount"), "currency": value.get("currency"),
            "approximate": value.get("approximate") if value else None, "value_text": value.get("text"),
            "growth_percent": growth.get("percent"), "growth_basis": growth.get("basis"),
            "growth_points": growth.get("points") if growth else None,
            "share_percent": share.get("percent"), "share_of": share.get("of"),
            "confidence": f.get("confidence"), "revision": revisions.get(f["id"]),
        })
    for p in contract.get("partners", []):
        out[partners].append({"article_id": article_pk, "name": p["name"], "code": p.get("code"),
                              "kind": p.get("kind"), "role": p.get("role")})
    for c in contract.get("causes", []):
        out[causes].append({"article_id": article_pk, "text": c["text"], "cue": c.get("cue"),
                            "facts": " ".join(c.get("facts", []))})
    for c in contract.get("checks", []):
        out[checks].append({"article_id": article_pk, "code": c["code"], "severity": c["severity"],
                            "message": c.get("message"), "facts": " ".join(c.get("facts", []))})
    return out


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions: writers take the write lock at
    BEGIN (IMMEDIATE), so two writers wait for each other (busy timeout) instead of failing when
    a read turns into a write. WAL lets readers go on while one writer writes."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except Exception as exc:  # noqa: BLE001 - a read-only database keeps its journal mode
            log.debug("journal mode left as it is: %s", exc)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'IMMEDIATE')}")


def _read_only_sessions(engine: Engine) -> None:
    """Every PostgreSQL session READ ONLY: a write is refused by the server, whatever the code does."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cur.close()
        dbapi_conn.commit()


def _add_statistics_columns(conn: Connection) -> None:
    """facts.statistic_id and facts.revision on a database of schema 1 or 2 (ALTER TABLE: create_all
    makes missing tables only)."""
    have = {c["name"] for c in inspect(conn).get_columns("facts")}
    if "statistic_id" not in have:
        conn.execute(text("ALTER TABLE facts ADD COLUMN statistic_id INTEGER REFERENCES statistics (id)"))
    if "revision" not in have:
        conn.execute(text("ALTER TABLE facts ADD COLUMN revision VARCHAR(16)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_facts_statistic ON facts (statistic_id)"))


def _check_version(version: int) -> None:
    if version > STORE_SCHEMA_VERSION:
        raise StoreError(f"the database has schema version {version}; this tradefacts knows up to "
                         f"{STORE_SCHEMA_VERSION}: upgrade tradefacts")


def _retryable(exc: OperationalError) -> bool:
    """Locked SQLite databases and PostgreSQL deadlocks / serialisation failures."""
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40P01", "40001") or "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower()


def _first_line(exc: Exception) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip()
    return msg.splitlines()[0] if msg else type(exc).__name__


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _now() -> datetime:
    return datetime.now(timezone.utc)

