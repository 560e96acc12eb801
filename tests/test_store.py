"""The facts database on SQLite and on the real PostgreSQL (each test in its own schema)."""
from __future__ import annotations

import hashlib
import threading
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from extractor import store as st
from extractor.store import Done, Failed, Store, StoreError

PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_DSN).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False


@pytest.fixture
def pg_url():
    """A PostgreSQL URL whose search_path is a schema created for this test and dropped after it."""
    if not _pg_reachable():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    import psycopg

    schema = f"tf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "facts.db")
    return request.getfixturevalue("pg_url")


def contract(text: str, rid: str, *, amount=285320000000, region="CN-XJ", checks=()) -> dict:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return {
        "schema_version": 1,
        "article": {"id": rid, "sha256": sha, "title": "Xinjiang trade", "published": "2024-09-12", "source": "CGTN",
                    "language": "en", "reference_date": "2024-09-12", "reference_basis": "published"},
        "facts": [{"id": "f1", "metric": "trade", "region": {"name": "Xinjiang", "code": region, "kind": "subnational"},
                   "counterpart": {"name": "Kazakhstan", "code": "KZ", "kind": "country"}, "segment": None,
                   "period": {"start": "2024-01-01", "end": "2024-08-31", "text": "first eight months",
                              "granularity": "ytd"},
                   "value": {"amount": amount, "currency": "CNY", "approximate": False, "text": "285.32 billion yuan"},
                   "equivalents": [], "growth": {"percent": 30.9, "basis": "yoy", "points": False, "text": "30.9%"},
                   "share": None, "evidence": [{"start": 0, "end": 4, "text": text[:4]}], "confidence": 0.9}],
        "partners": [{"name": "Kazakhstan", "code": "KZ", "kind": "country", "role": "largest trading partner",
                      "evidence": []}],
        "causes": [{"text": "bonded zones", "cue": "attributed to", "facts": ["f1"], "evidence": []}],
        "checks": list(checks),
    }


def done(text: str, rid: str, **kw) -> Done:
    c = contract(text, rid, **kw)
    return Done(record_id=rid, sha256=c["article"]["sha256"], contract=c)


def count(s: Store, table) -> int:
    with s.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_schema_is_created_on_first_use_and_versioned(db_url):
    s = Store.open(db_url)
    assert s.schema_version() == st.STORE_SCHEMA_VERSION
    s.close()
    again = Store.open(db_url)  # opening an existing database neither fails nor adds a version row
    assert count(again, st.schema_version_t) == 1
    again.close()


def test_newer_schema_is_refused(tmp_path):
    s = Store.open(str(tmp_path / "f.db"))
    with s.engine.begin() as conn:
        conn.execute(update(st.schema_version_t).values(version=st.STORE_SCHEMA_VERSION + 1))
    s.close()
    with pytest.raises(StoreError, match="upgrade tradefacts"):
        Store.open(str(tmp_path / "f.db"))


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(str(bad))


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")


def test_article_rows_and_query_columns(db_url):
    s = Store.open(db_url)
    run = s.start_run("dump.jsonl", {"workers": 1}, "test")
    d = done("Xinjiang's foreign trade rose 30.9 percent.", "a1")
    assert s.write(run, [d], []) == {0}
    with s.engine.connect() as conn:
        art = conn.execute(select(st.articles)).one()
        fact = conn.execute(select(st.facts)).one()
        partner = conn.execute(select(st.partners)).one()
        cause = conn.execute(select(st.causes)).one()
    assert (art.record_id, art.sha256, art.title, art.fact_count, art.run_id) == ("a1", d.sha256, "Xinjiang trade", 1, run)
    assert art.contract == d.contract  # the full contract JSON, as given
    assert (fact.metric, fact.region_code, fact.counterpart_code, str(fact.period_start), str(fact.period_end)) == \
        ("trade", "CN-XJ", "KZ", "2024-01-01", "2024-08-31")
    assert fact.amount == Decimal("285320000000") and fact.currency == "CNY"
    assert fact.growth_percent == Decimal("30.9") and fact.growth_basis == "yoy"
    assert (partner.code, partner.role) == ("KZ", "largest trading partner")
    assert (cause.text, cause.facts) == ("bonded zones", "f1")
    s.close()


def test_amounts_beyond_64_bits_are_stored_not_overflowed(db_url):
    s = Store.open(db_url)
    run = s.start_run("x", {}, "test")
    s.write(run, [done("huge", "h", amount=10**20), done("exact", "e", amount=123456789012345678)], [])
    with s.engine.connect() as conn:
        amounts = dict(conn.execute(select(st.articles.c.record_id, st.facts.c.amount)
                                    .join(st.articles, st.facts.c.article_id == st.articles.c.id)).all())
    assert amounts["h"] == Decimal(10**20)
    assert amounts["e"] == Decimal(123456789012345678)
    s.close()


def test_same_text_twice_is_stored_once(db_url):
    s = Store.open(db_url)
    run = s.start_run("x", {}, "test")
    first = done("Exports rose 5 pct.", "a")
    assert s.write(run, [first, done("Exports rose 5 pct.", "a-copy")], []) == {0}
    assert s.write(run, [done("Exports rose 5 pct.", "a-again")], []) == set()
    assert (count(s, st.articles), count(s, st.facts)) == (1, 1)
    assert s.done_among([first.sha256, "0" * 64]) == {first.sha256}
    with s.engine.connect() as conn:
        r = conn.execute(select(st.runs)).one()
    assert (r.input_count, r.done, r.skipped) == (3, 1, 2)
    s.close()


def test_failures_and_counts_go_to_the_run_log(db_url):
    s = Store.open(db_url)
    run = s.start_run("dump.jsonl", {"timeout": 10}, "test")
    s.write(run, [done("A.", "a")], [Failed("line-2", "unreadable", "dump.jsonl line 2: not JSON", origin="dump.jsonl:2"),
                                     Failed("slow", "timeout", "timeout after 10 s", sha256="f" * 64)], skipped=4)
    s.finish_run(run, "finished")
    with s.engine.connect() as conn:
        r = conn.execute(select(st.runs)).one()
        fails = conn.execute(select(st.failures.c.record_id, st.failures.c.reason).order_by(st.failures.c.id)).all()
    assert (r.status, r.input_count, r.done, r.failed, r.skipped, r.facts) == ("finished", 7, 1, 2, 4, 1)
    assert r.finished_at is not None and r.options == {"timeout": 10}
    assert [tuple(f) for f in fails] == [("line-2", "unreadable"), ("slow", "timeout")]
    s.close()


def test_text_that_looks_like_sql_is_stored_verbatim(db_url):
    s = Store.open(db_url)
    run = s.start_run("x", {}, "test")
    nasty = "'); DROP TABLE articles; -- {{ 7*7 }} <script>alert(1)</script>"
    s.write(run, [Done(record_id=nasty, sha256="a" * 64, contract=contract(nasty, nasty))],
            [Failed(nasty, "error", nasty)])
    with s.engine.connect() as conn:
        assert conn.execute(select(st.articles.c.record_id)).scalar_one() == nasty
        assert conn.execute(select(st.failures.c.error)).scalar_one() == nasty
    s.close()


def test_concurrent_writers_store_each_article_once(db_url):
    """Two writers, each with its own connection, on overlapping sets written in opposite orders."""
    items = [done(f"Article {i}: exports rose {i} pct.", f"a{i}") for i in range(60)]
    stores = [Store.open(db_url), Store.open(db_url)]
    runs = [s.start_run("x", {}, "test") for s in stores]
    inserted = [0, 0]
    errors = []

    def writer(k: int, batch: list[Done]):
        try:
            for i in range(0, len(batch), 10):
                inserted[k] += len(stores[k].write(runs[k], batch[i:i + 10], []))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(0, items[:40])),
               threading.Thread(target=writer, args=(1, list(reversed(items[20:]))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(inserted) == 60
    assert (count(stores[0], st.articles), count(stores[0], st.facts)) == (60, 60)
    for s in stores:
        s.close()


def test_contracts_can_be_read_back_and_checks_replaced(db_url):
    """The seam for re-checking stored facts without extracting again."""
    s = Store.open(db_url)
    run = s.start_run("x", {}, "test")
    old = {"code": "rounding", "severity": "warning", "message": "old", "facts": ["f1"]}
    s.write(run, [done("A.", "a", checks=[old]), done("B.", "b")], [])
    stored = sorted(s.iter_contracts(batch_size=1), key=lambda kc: kc[1]["article"]["id"])
    assert [c["article"]["id"] for _, c in stored] == ["a", "b"]
    new = {"code": "share-range", "severity": "error", "message": "new", "facts": ["f1"]}
    s.replace_checks([(stored[0][0], [new]), (stored[1][0], [])])
    with s.engine.connect() as conn:
        rows = conn.execute(select(st.checks.c.article_id, st.checks.c.code)).all()
        contracts = conn.execute(select(st.articles.c.contract).order_by(st.articles.c.record_id)).scalars().all()
    assert [tuple(r) for r in rows] == [(stored[0][0], "share-range")]
    assert [c["checks"] for c in contracts] == [[new], []]
    s.close()


def test_database_url_forms(tmp_path):
    assert st.database_url(str(tmp_path / "f.db")) == f"sqlite:///{tmp_path / 'f.db'}"
    assert st.database_url("postgres://u@h:5432/d") == "postgresql+psycopg://u@h:5432/d"
    assert st.database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert "secret" not in st.redact("postgresql+psycopg://u:secret@h/d")


def test_a_version_1_database_is_migrated_to_the_duplicates_table(tmp_path):
    from sqlalchemy import create_engine, inspect

    path = tmp_path / "old.db"
    s = Store.open(str(path))
    s.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # as release 1 left it: no duplicates table, version 1
        conn.exec_driver_sql("DROP TABLE duplicates")
        conn.exec_driver_sql("DELETE FROM schema_version")
        conn.exec_driver_sql("INSERT INTO schema_version (version, applied_at) VALUES (1, '2024-01-01 00:00:00')")
    engine.dispose()
    s = Store.open(str(path))
    try:
        assert s.schema_version() == st.STORE_SCHEMA_VERSION == 3
        assert "duplicates" in inspect(s.engine).get_table_names()
    finally:
        s.close()
