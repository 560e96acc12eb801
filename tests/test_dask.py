"""The batch on a Dask cluster (`extract --dask`, extractor.dask) against the local batch.

One LocalCluster of 2 worker processes (1 thread each) serves the whole module, started with
the same `connect()` the CLI uses. The real extractor runs first (the same facts as
`--workers 2`, into JSONL, SQLite and the real PostgreSQL; extract_bag); the tests of bounds,
lost workers and a killed client then use the stand-in extractor of test_batch, so that they
stay fast.
"""
from __future__ import annotations

import gzip
import io
import itertools
import json
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest
import test_store
from clirun import run_cli
from sqlalchemy import select
from test_batch import FAKE, finish, spawn_batch, stored_state, summary_of, write_jsonl

from extractor import batch
from extractor import store as st
from extractor.batch import BatchError, BatchRun, JsonlSink, Options, StoreSink
from extractor.cli import main
from extractor.dask import ArticleFailed, DaskSettings, extract_bag, parse_target, pool_for, worker
from extractor.errors import InputError
from extractor.io.dumps import Record
from extractor.store import Store

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
pg_url = test_store.pg_url
cli = run_cli


@pytest.fixture(scope="module")
def cluster():
    """A distributed.Client on a LocalCluster of 2 processes, as `--dask local:2` makes it."""
    from extractor.dask import connect

    with connect("local:2") as client:
        yield client


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(batch, "DEFAULT_TARGET", FAKE)


def address(client) -> str:
    return client.scheduler.address


# -- the same facts as the local batch (real extractor) ----------------------------------------


def corpus_rows(n: int) -> list[dict]:
    """`n` articles of the Reuters dump, trade stories first (so that there are facts to compare),
    else the project's own fixture articles."""
    if REUTERS.exists():
        with gzip.open(REUTERS, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in itertools.islice(f, 3000)]
        trade = [r for r in rows if any(w in r["text"].lower() for w in ("trade", "surplus", "deficit", "exports"))]
        rest = [r for r in rows if r not in trade]
        return trade[: n * 2 // 3] + rest[: n - min(len(trade), n * 2 // 3)]
    texts = sorted((ROOT / "fixtures").glob("*.txt"))
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in texts][:n]


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    rows = corpus_rows(150)
    # plus a broken line and a repeated text: failed and skipped must match too
    return write_jsonl(tmp_path_factory.mktemp("dump") / "news.jsonl",
                       rows + ["{broken", {"id": "again", "text": rows[0]["text"]}])


@pytest.fixture(scope="module")
def local(dump, tmp_path_factory) -> tuple[Path, str]:
    """The local batch (`--workers 2`) over the dump: its JSONL output and its SQLite database."""
    tmp = tmp_path_factory.mktemp("local")
    out, db = tmp / "local.jsonl", str(tmp / "local.db")
    with pytest.raises(SystemExit) as exit_:
        main([str(dump), "--workers", "2", "--out", str(out), "--db", db, "-q"])
    assert exit_.value.code == 3  # the broken line
    return out, db


def stored_facts(db: str) -> tuple[list[tuple], dict[str, dict]]:
    """(every fact row with its article's record id, sorted; each stored article's contract by record id)."""
    s = Store.open(db)
    try:
        # row ids differ with the order of the writes; a fact's statistic is compared by its key
        cols = [c for c in st.facts.c if c.name not in ("id", "article_id", "statistic_id")]
        with s.engine.connect() as conn:
            rows = conn.execute(select(st.articles.c.record_id, st.statistics.c.key, *cols)
                                .join(st.articles, st.articles.c.id == st.facts.c.article_id)
                                .outerjoin(st.statistics, st.statistics.c.id == st.facts.c.statistic_id)).all()
            contracts = dict(conn.execute(select(st.articles.c.record_id, st.articles.c.contract)).all())
    finally:
        s.close()
    return sorted((tuple(r) for r in rows), key=repr), contracts


def run_counts(db: str) -> tuple:
    s = Store.open(db)
    try:
        with s.engine.connect() as conn:
            r = conn.execute(select(st.runs).order_by(st.runs.c.id.desc())).first()
    finally:
        s.close()
    return r.status, r.input_count, r.done, r.failed, r.skipped, r.facts


def test_dask_jsonl_and_sqlite_equal_the_local_batch(cluster, dump, local, tmp_path, capsys):
    local_out, local_db = local
    out, db = tmp_path / "dask.jsonl", str(tmp_path / "dask.db")
    code, _, err = cli([str(dump), "--dask", address(cluster), "--out", str(out), "--db", db, "--log-format", "json"],
                       capsys)
    assert code == 3
    s = summary_of(err)
    n = len(dump.read_text(encoding="utf-8").splitlines())
    assert (s["input"], s["done"], s["failed"]) == (n, n - 1, 1)  # the JSONL output takes repeated texts too
    counts = run_counts(db)
    assert counts == run_counts(local_db)
    assert counts[1:5] == (n, n - 1 - counts[4], 1, counts[4]) and counts[4] >= 1  # the database keeps one copy
    assert out.read_bytes() == local_out.read_bytes()  # the same contracts, in the same order
    facts, contracts = stored_facts(db)
    local_facts, local_contracts = stored_facts(local_db)
    assert len(facts) > 20 and facts == local_facts
    assert contracts == local_contracts


def test_dask_workers_write_postgresql_with_the_facts_of_the_local_batch(cluster, dump, local, pg_url, capsys):
    code, _, err = cli([str(dump), "--dask", address(cluster), "--db", pg_url, "--log-format", "json"], capsys)
    assert code == 3
    facts, contracts = stored_facts(pg_url)
    local_facts, local_contracts = stored_facts(local[1])
    assert facts == local_facts and contracts == local_contracts
    assert run_counts(pg_url) == run_counts(local[1])
    # a rerun finds everything stored, and starts nothing on the cluster
    code, _, err = cli([str(dump), "--dask", address(cluster), "--db", pg_url, "--log-format", "json"], capsys)
    s = summary_of(err)
    n = len(dump.read_text(encoding="utf-8").splitlines())
    assert (s["input"], s["done"], s["skipped"], s["failed"]) == (n, 0, n - 1, 1)
    assert stored_facts(pg_url)[0] == local_facts


def test_extract_bag_gives_the_contracts_of_the_batch(cluster, dump, local):
    import dask.bag as dbag

    rows = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()[:40]]
    expected = [json.loads(line) for line in local[0].read_text(encoding="utf-8").splitlines()[:40]]
    bag = dbag.from_sequence(rows + [rows[0]["text"]], npartitions=3)  # a record, or a bare text
    got = cluster.compute(extract_bag(bag)).result()
    assert got[:-1] == expected
    assert got[-1]["facts"] == expected[0]["facts"] and got[-1]["article"]["id"] == expected[0]["article"]["sha256"][:16]


# -- bounds, failures and usage (stand-in extractor) --------------------------------------------


def test_per_article_bounds_hold_on_dask(cluster, tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": "A."}, {"id": "slow", "text": "SLEEP"},
                                              {"id": "boom", "text": "BOOM"}, {"id": "die", "text": "DIE"},
                                              {"id": "big", "text": "x" * 200}, {"id": "b", "text": "B."}])
    t0 = time.monotonic()
    code, out, err = cli([str(dump), "--dask", address(cluster), "--timeout", "1", "--max-chars", "100",
                          "--log-format", "json"], capsys)
    assert time.monotonic() - t0 < 40  # not the 60 s the slow article asks for
    assert code == 3
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["a", "b"]
    s = summary_of(err)
    assert (s["input"], s["done"], s["failed"]) == (6, 2, 4)
    assert s["failure_reasons"] == {"timeout": 1, "error": 1, "worker-died": 1, "too-large": 1}
    assert {f["id"]: f["error"] for f in s["failures"]}["slow"] == "timeout after 1 s"


def test_records_held_back_for_the_input_order_stay_bounded(cluster):
    """Partitions finish out of order: while the first is slow, the later ones' outcomes wait, and
    reading pauses once too many wait (rules/batch.yaml limits.max_held_outcomes)."""
    options = Options(target=FAKE, timeout=20)
    settings = DaskSettings.from_rules(partition_articles=5, tasks_per_thread=2)
    texts = ["NAP2 first"] + [f"NAP0.005 article {i}" for i in range(150)]

    class Watched(BatchRun):
        most = 0

        def _finish(self, o):
            super()._finish(o)
            Watched.most = max(Watched.most, len(self._finished))

    out = io.StringIO()
    run = Watched([Record(id=f"r{i}", origin="t", text=t) for i, t in enumerate(texts)],
                  [JsonlSink(None, stdout=out)], options, pool=pool_for(cluster, options, settings=settings))
    run._max_held = 12
    summary = run.run()
    assert summary.done == len(texts)
    assert [json.loads(line)["article"]["id"] for line in out.getvalue().splitlines()] == \
        [f"r{i}" for i in range(len(texts))]
    in_flight = 2 * settings.tasks_per_thread * settings.partition_articles  # 2 worker threads
    assert 12 <= Watched.most <= 12 + in_flight


def test_extract_bag_failures_raise_or_come_back_marked(cluster):
    import dask.bag as dbag

    items = [{"id": "a", "text": "Exports rose."}, {"id": "b", "text": "BOOM"}, {"id": "c"}, {"id": "d", "text": "x" * 50}, 7]
    bag = dbag.from_sequence(items, npartitions=2)
    marked = cluster.compute(extract_bag(bag, target=FAKE, max_chars=20, errors="return")).result()
    assert marked[0]["facts"][0]["value"]["amount"] == len("Exports rose.")
    assert [(m.get("id"), m.get("reason")) for m in marked[1:]] == \
        [("b", "error"), ("c", "unreadable"), ("d", "too-large"), (None, "unreadable")]
    assert marked[1]["error"] == "ValueError: boom"
    with pytest.raises(ArticleFailed, match="'b': ValueError: boom"):
        cluster.compute(extract_bag(dbag.from_sequence(items[:2], npartitions=1), target=FAKE)).result()


def test_a_daemonic_worker_is_told_how_to_start_workers(monkeypatch):
    class Daemon:
        daemon = True

    monkeypatch.setattr(multiprocessing, "current_process", lambda: Daemon())
    monkeypatch.setattr(worker._threads, "pool", None, raising=False)
    settings = worker.WorkerSettings(target=FAKE, model=None, timeout=1)
    with pytest.raises(BatchError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"):
        worker.run_partition([(0, {"id": "a", "text": "A."})], settings)


def test_parse_target_refuses_what_is_no_address():
    with pytest.raises(InputError, match="scheduler address"):
        parse_target("http:/bad")


@pytest.mark.parametrize("value, expected", [
    ("local:3", ("local", 3)), ("tcp://10.1.2.3:8786", ("remote", "tcp://10.1.2.3:8786")),
    ("scheduler:8786", ("remote", "scheduler:8786")), ("tls://s.example:8786", ("remote", "tls://s.example:8786")),
])
def test_parse_target(value, expected):
    assert parse_target(value) == expected


@pytest.mark.parametrize("args, message, code", [
    (["--dask", "local:0"], "at least 1", 2),
    (["--dask", "nowhere"], "scheduler address", 2),
    (["--dask", "local:2", "--workers", "2"], "--workers and --dask", 2),
])
def test_bad_dask_usage(tmp_path, capsys, args, message, code):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"text": "A."}])
    got, out, err = cli([str(dump), *args], capsys)
    assert (got, out) == (code, "") and message in err and err.strip().count("\n") == 0


def test_unreachable_scheduler_is_exit_1(tmp_path, capsys, monkeypatch, fake):
    from extractor.dask import cluster as cluster_mod

    rules = cluster_mod.load_rules("batch")
    monkeypatch.setattr(cluster_mod, "load_rules",
                        lambda name: {**rules, "dask": {**rules["dask"], "connect_timeout_seconds": 1}})
    dump = write_jsonl(tmp_path / "d.jsonl", [{"text": "A."}])
    code, _, err = cli([str(dump), "--dask", "tcp://127.0.0.1:1"], capsys)
    assert code == 1 and "cannot connect to the Dask scheduler at tcp://127.0.0.1:1" in err


def test_dask_local_starts_its_own_cluster(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": f"a{i}", "text": f"Article {i}."} for i in range(5)])
    code, out, err = cli([str(dump), "--dask", "local:1", "--log-format", "json"], capsys)
    assert code == 0 and [json.loads(line)["article"]["id"] for line in out.splitlines()] == \
        [f"a{i}" for i in range(5)]
    assert summary_of(err)["done"] == 5


# -- a worker or the client lost mid-run ---------------------------------------------------------


def slow_records(n: int) -> list[Record]:
    return [Record(id=f"n{i}", origin=f"t:{i}", text=f"NAP0.02 Exports rose to {i + 1} billion dlrs (report {i}).")
            for i in range(n)]


def wait_for_stored(db: str, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = stored_state(db)[0]
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} articles stored after {timeout} s")


@pytest.mark.parametrize("how, database", [("kill-a-worker", "sqlite"), ("kill-a-worker", "postgresql"),
                                           ("restart", "postgresql")])
def test_worker_lost_mid_run_loses_and_duplicates_nothing(cluster, request, tmp_path, how, database):
    db_url = str(tmp_path / "f.db") if database == "sqlite" else request.getfixturevalue("pg_url")
    n = 150
    store = Store.open(db_url)
    run = store.start_run("test", {}, "test")
    options = Options(target=FAKE)
    pool = pool_for(cluster, options, database=db_url, run_id=run, return_lines=False,
                    settings=DaskSettings.from_rules(partition_articles=10))
    done: dict = {}

    def go():
        try:
            done["summary"] = BatchRun(slow_records(n), [StoreSink(store, run)], options, pool=pool).run()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            done["error"] = exc

    thread = threading.Thread(target=go)
    thread.start()
    before = wait_for_stored(db_url, 20)
    if how == "restart":
        cluster.restart(wait_for_workers=False)  # the run goes on when the workers are back
    else:
        pid = next(iter(cluster.run(os.getpid).values()))
        os.kill(pid, signal.SIGKILL)
    thread.join(120)
    store.close()
    cluster.wait_for_workers(2, timeout=120)  # for the tests after this one
    assert not thread.is_alive() and "error" not in done, done.get("error")
    s = done["summary"]
    assert before < n, "the worker was lost after the run had finished"
    assert (s.input, s.done + s.skipped, s.failed) == (n, n, 0)
    assert stored_state(db_url) == (n, n, n, n)  # every article once, with its one fact once
    _, inputs, n_done, failed, skipped, facts = run_counts(db_url)
    assert (inputs, n_done + skipped, failed, facts) == (n, n, 0, n_done)


def test_client_killed_mid_run_then_rerun_loses_and_duplicates_nothing(cluster, tmp_path, pg_url):
    """On PostgreSQL, where the workers go on writing the tasks they have when the client dies."""
    db_url, n = pg_url, 150
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": f"n{i}", "text": r.text}
                                              for i, r in enumerate(slow_records(n))])
    proc = spawn_batch([str(dump), "--db", db_url, "--dask", address(cluster)])
    try:
        wait_for_stored(db_url, 20)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    before = stored_state(db_url)[0]
    assert before < n, "the client was killed after the run had finished"
    code, s = finish(spawn_batch([str(dump), "--db", db_url, "--dask", address(cluster)]))
    assert code == 0
    assert (s["input"], s["done"] + s["skipped"], s["failed"]) == (n, n, 0)
    assert s["skipped"] >= before
    assert stored_state(db_url) == (n, n, n, n)
