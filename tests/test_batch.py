"""The batch runner and `extract` in batch mode: parallel, bounded, resumable, nothing lost.

Tests of the runner's logic, the kill-and-resume tests and the concurrent-writer tests use a
stand-in extractor (`fake_extract`, run in the worker processes by name) so that they stay fast;
the end-to-end tests and the query tests run the real extractor.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import test_store
from clirun import run_cli
from sqlalchemy import func, select

from extractor import batch
from extractor import store as st
from extractor.batch import BatchError, BatchRun, JsonlSink, Options, StoreSink
from extractor.cli import main
from extractor.io.dumps import Record, text_sha256
from extractor.models import Article, ArticleFacts, Fact, Money
from extractor.store import Store

FAKE = "test_batch:fake_extract"
# fixtures: a SQLite path, or a PostgreSQL URL whose schema the test creates and drops
db_url, pg_url = test_store.db_url, test_store.pg_url


# -- a stand-in extractor, imported by name in the worker processes -----------------------------


def fake_extract(tasks: list[dict]) -> list[dict | Exception]:
    """A worker target: for each task, `fake_one`, or the exception it raised."""
    out = []
    for task in tasks:
        try:
            out.append(fake_one(task))
        except ValueError as exc:
            out.append(exc)
    return out


def fake_one(task: dict) -> dict:
    """A valid contract with one fact (its amount: the text's length), or trouble on demand:
    SLEEP, BOOM, DIE, NAP<seconds>."""
    text = task["text"]
    if "SLEEP" in text:
        time.sleep(60)
    if "BOOM" in text:
        raise ValueError("boom")
    if "DIE" in text:
        os._exit(3)
    if "NAP" in text:
        time.sleep(float(text.split("NAP")[1].split()[0]))
    article = Article(id=task["id"], sha256=text_sha256(text), reference_date=date(2024, 1, 1),
                      reference_basis="today")
    fact = Fact(id="f1", metric="exports", value=Money(amount=Decimal(len(text)), currency="USD", text=text[:5]))
    return ArticleFacts(article=article, facts=[fact]).model_dump(mode="json")


def chunk_extract(tasks: list[dict]) -> list[dict | Exception]:
    """`fake_extract`, each contract titled with the size of the chunk it came in; a chunk holding
    BOOM fails as a whole (the target raises, not one of its results)."""
    if len(tasks) > 1 and any("BOOM" in t["text"] for t in tasks):
        raise RuntimeError("the whole chunk failed")
    out = fake_extract(tasks)
    for o in out:
        if isinstance(o, dict):
            o["article"]["title"] = str(len(tasks))
    return out


def short_extract(tasks: list[dict]) -> list[dict | Exception]:
    """A target with a bug: one result short for a chunk of several articles."""
    out = fake_extract(tasks)
    return out[:-1] if len(out) > 1 else out


def broken_extract(tasks: list[dict]) -> list[dict]:
    raise RuntimeError("no model here")


# -- helpers ------------------------------------------------------------------------------------


def records(texts: list[str]) -> list[Record]:
    return [Record(id=f"r{i}", origin=f"test:{i}", text=t) for i, t in enumerate(texts)]


def run_to_buffer(texts: list[str], **options) -> tuple[batch.Summary, list[dict]]:
    out = io.StringIO()
    summary = BatchRun(records(texts), [JsonlSink(None, stdout=out)], Options(target=FAKE, **options)).run()
    return summary, [json.loads(line) for line in out.getvalue().splitlines()]


cli = run_cli


def summary_of(err: str) -> dict:
    (event,) = [json.loads(line) for line in err.splitlines() if '"event": "summary"' in line]
    return event


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def count(db: str, table) -> int:
    s = Store.open(db)
    try:
        with s.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar_one()
    finally:
        s.close()


@pytest.fixture
def fake(monkeypatch):
    """`extract` in batch mode runs the stand-in extractor."""
    monkeypatch.setattr(batch, "DEFAULT_TARGET", FAKE)


# -- the worker pool ----------------------------------------------------------------------------


def test_overrunning_article_is_failed_and_its_worker_replaced():
    t0 = time.monotonic()
    summary, out = run_to_buffer(["a", "SLEEP", "b", "c", "d"], workers=1, timeout=1)
    assert time.monotonic() - t0 < 30  # not the 60 s the article asks for
    assert [o["article"]["id"] for o in out] == ["r0", "r2", "r3", "r4"]  # the replacement worker went on
    assert (summary.done, summary.failed, summary.input) == (4, 1, 5)
    assert summary.failures == [("r1", "timeout after 1 s")]
    assert summary.failure_reasons == {"timeout": 1}


def test_raising_article_and_dying_worker_are_failures_and_the_batch_goes_on():
    summary, out = run_to_buffer(["a", "BOOM", "DIE", "b"], workers=2, timeout=20)
    assert [o["article"]["id"] for o in out] == ["r0", "r3"]
    assert dict(summary.failures) == {"r1": "ValueError: boom", "r2": "worker died (exit code 3)"}
    assert summary.failure_reasons == {"error": 1, "worker-died": 1}


def test_output_keeps_input_order_whatever_finishes_first():
    texts = [f"NAP{0.3 if i % 3 == 0 else 0.01} article {i}" for i in range(12)]
    summary, out = run_to_buffer(texts, workers=2, timeout=20)
    assert [o["article"]["id"] for o in out] == [f"r{i}" for i in range(12)]
    assert summary.done == 12


def test_articles_go_to_a_worker_in_chunks_of_bounded_size(monkeypatch):
    settings = batch.load_rules("batch")
    monkeypatch.setattr(batch, "load_rules", lambda name: {**settings, "worker": {
        **settings["worker"], "chunk_articles": 4, "chunk_chars": 20}} if name == "batch" else settings)
    texts = ["ab"] * 4 + ["123456789"] * 3 + ["x" * 40, "y"]
    out = io.StringIO()
    summary = BatchRun(records(texts), [JsonlSink(None, stdout=out)],
                       Options(workers=1, target="test_batch:chunk_extract")).run()
    sizes = [json.loads(line)["article"]["title"] for line in out.getvalue().splitlines()]
    assert summary.done == 9
    # at most 4 articles; at most 20 characters unless one article alone is longer; the rest at the end
    assert sizes == ["4"] * 4 + ["3"] * 3 + ["1", "1"]


def test_a_chunk_whose_target_raises_is_run_again_article_by_article():
    out = io.StringIO()
    summary = BatchRun(records(["a", "b BOOM", "c"]), [JsonlSink(None, stdout=out)],
                       Options(workers=1, target="test_batch:chunk_extract")).run()
    assert [json.loads(line)["article"]["title"] for line in out.getvalue().splitlines()] == ["1", "1"]
    assert summary.failures == [("r1", "ValueError: boom")]


def test_a_target_returning_too_few_results_loses_no_article():
    summary = BatchRun(records(["a", "b", "c"]), [JsonlSink(None, stdout=io.StringIO())],
                       Options(workers=1, target="test_batch:short_extract")).run()
    assert (summary.input, summary.done, summary.failed) == (3, 2, 1)
    assert summary.failures == [("r2", "the extraction returned no result for this article")]


def test_worker_that_cannot_start_stops_the_run():
    with pytest.raises(BatchError, match="no model here"):
        BatchRun(records(["a"]), [JsonlSink(None, stdout=io.StringIO())],
                 Options(workers=1, target="test_batch:broken_extract")).run()


def test_same_text_twice_goes_to_the_database_once(tmp_path):
    s = Store.open(str(tmp_path / "f.db"))
    run = s.start_run("x", {}, "test")
    summary = BatchRun(records(["same", "other", "same"]), [StoreSink(s, run)],
                       Options(workers=2, target=FAKE)).run()
    assert (summary.done, summary.skipped, summary.input) == (2, 1, 3)
    s.close()


# -- extract in batch mode (stand-in extractor) -------------------------------------------------


def test_every_record_is_done_failed_or_skipped_and_counts_add_up(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "a", "text": "A."}, "not json", {"id": "c"}, {"id": "d", "text": "BOOM"},
        {"id": "e", "text": "x" * 200}, {"id": "f", "text": "F."}])
    db = str(tmp_path / "f.db")
    code, out, err = cli([str(dump), "--db", db, "--workers", "1", "--max-chars", "100", "--log-format", "json"],
                         capsys)
    assert code == 3 and out == ""
    s = summary_of(err)
    assert (s["input"], s["done"], s["failed"], s["skipped"]) == (6, 2, 4, 0)
    assert s["failure_reasons"] == {"unreadable": 2, "error": 1, "too-large": 1}
    events = [json.loads(line) for line in err.splitlines()]
    assert [(e["id"], e["reason"]) for e in events if e.get("event") == "failed"] == \
        [("line-2", "unreadable"), ("c", "unreadable"), ("d", "error"), ("e", "too-large")]
    store = Store.open(db)
    with store.engine.connect() as conn:
        fails = dict(conn.execute(select(st.failures.c.record_id, st.failures.c.error)).all())
        run = conn.execute(select(st.runs)).one()
    store.close()
    assert set(fails) == {"line-2", "c", "d", "e"}
    assert "line 2: not JSON" in fails["line-2"] and "line 3: no 'text' field" in fails["c"]
    assert fails["e"].startswith("too large")
    assert (run.status, run.input_count, run.done, run.failed, run.skipped) == ("finished", 6, 2, 4, 0)


def test_timeout_option_fails_the_slow_article(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": "A."}, {"id": "slow", "text": "SLEEP"},
                                              {"id": "b", "text": "B."}])
    code, out, err = cli([str(dump), "--timeout", "1", "--workers", "1", "--log-format", "json"], capsys)
    assert code == 3
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["a", "b"]
    assert summary_of(err)["failures"] == [{"id": "slow", "error": "timeout after 1 s"}]


def test_second_run_skips_everything(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl.gz", [{"id": f"a{i}", "text": f"Article {i}."} for i in range(30)])
    db = str(tmp_path / "f.db")
    assert cli([str(dump), "--db", db, "--workers", "2", "--log-format", "json"], capsys)[0] == 0
    code, _, err = cli([str(dump), "--db", db, "--log-format", "json"], capsys)
    assert code == 0
    s = summary_of(err)
    assert (s["input"], s["done"], s["skipped"]) == (30, 0, 30)
    assert count(db, st.articles) == 30 and count(db, st.runs) == 2


def test_jsonl_output_is_resumed_after_a_crash(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": f"a{i}", "text": f"Article {i}."} for i in range(6)])
    out = tmp_path / "facts.jsonl"
    # a previous run wrote two articles and was killed in the middle of the third line
    first = [json.dumps(fake_one({"id": f"a{i}", "text": f"Article {i}."})) for i in range(2)]
    out.write_text("\n".join(first) + "\n" + first[0][:25], encoding="utf-8")
    code, _, err = cli([str(dump), "--out", str(out), "--workers", "1", "--log-format", "json"], capsys)
    assert code == 0
    s = summary_of(err)
    assert (s["done"], s["skipped"]) == (4, 2)
    ids = [json.loads(line)["article"]["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"a{i}" for i in range(6)]


def test_jsonl_and_database_together(tmp_path, capsys, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": f"a{i}", "text": f"Article {i}."} for i in range(5)])
    out, db = tmp_path / "o.jsonl", str(tmp_path / "f.db")
    assert cli([str(dump), "--out", str(out), "--db", db, "--workers", "1", "-q"], capsys)[0] == 0
    out.write_text("", encoding="utf-8")  # the JSONL is lost: a rerun fills it again, the database is left alone
    code, _, err = cli([str(dump), "--out", str(out), "--db", db, "--workers", "1", "--log-format", "json"], capsys)
    assert code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 5
    assert summary_of(err)["done"] == 5 and count(db, st.articles) == 5


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(tmp_path, capsys, monkeypatch, fake):
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": f"a{i}", "text": f"Article {i}."} for i in range(3)])
    code, _, err = cli([str(dump), "--out", str(tmp_path / "o.jsonl"), "--workers", "1"], capsys)
    assert code == 0 and "done 3" not in err  # a pipe: no bar, the summary line only
    assert err.startswith("extract: 3 articles: 3 done")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    try:
        main([str(dump), "--out", str(tmp_path / "o2.jsonl"), "--workers", "1"])
    except SystemExit as exc:
        assert exc.code == 0
    shown = terminal.getvalue()
    assert "3 articles" in shown and "done 3" in shown and "failed 0" in shown and "/s" in shown


def test_jsonl_on_stdin(capsys, monkeypatch, fake):
    dump = b'{"id": "s1", "text": "A."}\n{"id": "s2", "text": "B."}\n'
    code, out, _ = cli(["-", "--workers", "1", "-q"], capsys, stdin=dump, monkeypatch=monkeypatch)
    assert code == 0
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["s1", "s2"]


@pytest.mark.parametrize("args, message", [
    (["{tmp}/nope.jsonl"], "no such file or directory"),
    (["{tmp}/*.ndjson"], "no files match"),
    (["{tmp}/d.jsonl", "--id", "x"], "--id and --title apply to a single article"),
    (["{tmp}/d.jsonl", "--out", "{tmp}"], "--out is a directory"),
])
def test_bad_batch_usage_is_exit_2_with_one_line(tmp_path, capsys, args, message):
    write_jsonl(tmp_path / "d.jsonl", [{"text": "A."}])
    code, out, err = cli([a.format(tmp=tmp_path) for a in args], capsys)
    assert code == 2 and out == ""
    assert message in err and err.strip().count("\n") == 0


def test_unusable_database_is_exit_1(tmp_path, capsys, fake):
    write_jsonl(tmp_path / "d.jsonl", [{"text": "A."}])
    code, _, err = cli([str(tmp_path / "d.jsonl"), "--db", "postgresql+psycopg://postgres@127.0.0.1:1/x"], capsys)
    assert code == 1 and "cannot open database" in err


# -- end to end with the real extractor ---------------------------------------------------------

ARTICLES = {
    "cn-h1": (("China's exports rose 7.1 percent year on year to 1.2 trillion yuan in the first half of 2024, "
               "customs data showed."), "2024-07-15"),
    "jp-mar": ("Japan's imports fell 3.2 percent to 8.5 trillion yen in March 2024, the finance ministry said.",
               "2024-04-18"),
    "xj-ytd": ("Xinjiang's foreign trade rose 30.9 percent to 285.32 billion yuan in the first eight months of 2024.",
               "2024-09-12"),
    "cn-2023": ("China's exports fell 4.6 percent to 23.77 trillion yuan in 2023, customs data showed.", "2024-01-12"),
    "no-facts": ("The central bank left interest rates unchanged on Tuesday.", "2024-02-01"),
}


@pytest.fixture(scope="module")
def facts_db(tmp_path_factory):
    """A database filled by one real batch run over ARTICLES (plus one broken line)."""
    tmp = tmp_path_factory.mktemp("db")
    dump = write_jsonl(tmp / "news.jsonl", [{"id": k, "text": t, "published": p} for k, (t, p) in ARTICLES.items()]
                       + ["{broken"])
    db = str(tmp / "facts.db")
    try:
        main([str(dump), "--db", db, "--workers", "1", "-q"])
    except SystemExit as exc:
        assert exc.code == 3  # the broken line
    return db


def test_real_batch_stores_contracts_whose_sha256_is_the_skip_key(facts_db):
    s = Store.open(facts_db)
    with s.engine.connect() as conn:
        rows = conn.execute(select(st.articles.c.record_id, st.articles.c.sha256, st.articles.c.contract)).all()
    s.close()
    assert sorted(r.record_id for r in rows) == sorted(ARTICLES)
    for r in rows:
        assert r.sha256 == r.contract["article"]["sha256"] == text_sha256(ARTICLES[r.record_id][0])


def test_query_facts_by_region_metric_and_period(facts_db, capsys):
    code, out, _ = cli(["query", "facts", "--db", facts_db, "--region", "CN", "--metric", "exports",
                        "--from", "2024-01-01", "--to", "2024-12-31", "--format", "jsonl"], capsys)
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["article"], row["region"], row["region_code"], row["period_start"], row["period_end"], row["amount"],
            row["currency"], row["growth"]) == ("cn-h1", "China", "CN", "2024-01-01", "2024-06-30", 1200000000000,
                                                "CNY", 7.1)


def test_query_region_includes_subdivisions_and_csv(facts_db, capsys):
    code, out, _ = cli(["query", "facts", "--db", facts_db, "--region", "cn", "--format", "csv"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("article,fact,metric,region")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["cn-2023", "cn-h1", "xj-ytd"]
    assert "285320000000" in out  # amounts print in full, not as 2.8532E+11


def test_query_table_runs_failures_and_article(facts_db, capsys):
    code, out, _ = cli(["query", "facts", "--db", facts_db, "--metric", "imports"], capsys)
    assert code == 0 and "jp-mar" in out and "JPY" in out and "cn-h1" not in out
    code, out, _ = cli(["query", "runs", "--db", facts_db, "--format", "jsonl"], capsys)
    (run,) = [json.loads(line) for line in out.splitlines()]
    assert (run["status"], run["input"], run["done"], run["failed"], run["skipped"]) == ("finished", 6, 5, 1, 0)
    code, out, _ = cli(["query", "failures", "--db", facts_db, "--format", "jsonl"], capsys)
    (fail,) = [json.loads(line) for line in out.splitlines()]
    assert fail["article"] == "line-6" and "not JSON" in fail["error"]
    code, out, _ = cli(["query", "article", "xj-ytd", "--db", facts_db], capsys)
    assert code == 0 and json.loads(out)["facts"][0]["region"]["code"] == "CN-XJ"


def test_query_missing_database_is_exit_2(tmp_path, capsys):
    code, _, err = cli(["query", "facts", "--db", str(tmp_path / "none.db")], capsys)
    assert code == 2 and "no such database" in err
    assert not (tmp_path / "none.db").exists()


def test_folder_to_jsonl_with_the_real_extractor(tmp_path, capsys):
    folder = tmp_path / "news"
    folder.mkdir()
    for k in ("cn-h1", "jp-mar"):
        (folder / f"{k}.txt").write_text(ARTICLES[k][0], encoding="utf-8")
    code, out, err = cli([str(folder), "--workers", "1", "--published", "2024-07-15"], capsys)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [c["article"]["id"] for c in lines] == ["cn-h1", "jp-mar"]
    assert [c["facts"][0]["metric"] for c in lines] == ["exports", "imports"]
    assert "2 articles: 2 done, 0 failed, 0 skipped" in err


# -- crash and resume; concurrent writers (subprocesses) -----------------------------------------


def short_articles(n: int, start: int = 0) -> list[dict]:
    return [{"id": f"n{i}", "text": f"NAP0.005 Exports rose to {i + 1} billion dlrs in January (report {i})."}
            for i in range(start, start + n)]


def spawn_batch(args: list[str]) -> subprocess.Popen:
    """`extract ARGS` in its own process group, with the stand-in extractor taking ~5 ms an article."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import extractor.batch as b; "
            f"b.DEFAULT_TARGET = {FAKE!r}; from extractor.cli import main; main(sys.argv[1:])")
    return subprocess.Popen([sys.executable, "-c", code, *args, "--log-format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, dict]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, summary_of(err)


def stored_state(db: str) -> tuple[int, int, int, int]:
    """(articles, distinct record ids, fact rows, facts the articles say they have)."""
    s = Store.open(db)
    try:
        with s.engine.connect() as conn:
            a = st.articles
            return (conn.execute(select(func.count()).select_from(a)).scalar_one(),
                    conn.execute(select(func.count(func.distinct(a.c.record_id)))).scalar_one(),
                    conn.execute(select(func.count()).select_from(st.facts)).scalar_one(),
                    conn.execute(select(func.coalesce(func.sum(a.c.fact_count), 0))).scalar_one())
    finally:
        s.close()


def test_sigkill_mid_run_then_resume_loses_and_duplicates_nothing(tmp_path, db_url):
    n = 300
    dump = write_jsonl(tmp_path / "d.jsonl", short_articles(n))
    proc = spawn_batch([str(dump), "--db", db_url, "--workers", "1"])
    committed = 0
    deadline = time.monotonic() + 120
    while committed == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            committed = stored_state(db_url)[0]
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            committed = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = stored_state(db_url)[0]
    assert 0 < before < n, "the run was not killed in the middle"

    code, s = finish(spawn_batch([str(dump), "--db", db_url, "--workers", "1"]))
    assert code == 0
    assert (s["input"], s["done"], s["failed"], s["skipped"]) == (n, n - before, 0, before)
    articles, ids, fact_rows, facts_said = stored_state(db_url)
    assert (articles, ids) == (n, n)
    assert fact_rows == facts_said == n  # one fact each, stored once
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        statuses = sorted(conn.execute(select(st.runs.c.status)).scalars())
    store.close()
    assert statuses == ["finished", "running"]  # the killed run never got to close its log


def test_sigkill_mid_run_then_resume_a_jsonl_output(tmp_path):
    n = 300
    dump = write_jsonl(tmp_path / "d.jsonl", short_articles(n))
    out = tmp_path / "facts.jsonl"
    proc = spawn_batch([str(dump), "--out", str(out), "--workers", "1"])
    deadline = time.monotonic() + 120
    while (not out.exists() or out.stat().st_size == 0) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    code, s = finish(spawn_batch([str(dump), "--out", str(out), "--workers", "1"]))
    assert code == 0 and s["input"] == n and s["done"] + s["skipped"] == n and 0 < s["skipped"] < n
    ids = [json.loads(line)["article"]["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(f"n{i}" for i in range(n))


def test_concurrent_runs_on_overlapping_dumps_store_each_article_once(tmp_path, db_url):
    a = write_jsonl(tmp_path / "a.jsonl", short_articles(240))
    b = write_jsonl(tmp_path / "b.jsonl", short_articles(240, start=120))
    Store.open(db_url).close()  # both writers find the schema made (creating it concurrently is tested too, below)
    procs = [spawn_batch([str(p), "--db", db_url, "--workers", "1"]) for p in (a, b)]
    (code_a, sa), (code_b, sb) = [finish(p) for p in procs]
    assert (code_a, code_b) == (0, 0)
    assert sa["done"] + sb["done"] == 360
    assert sa["skipped"] + sb["skipped"] == 120
    articles, ids, fact_rows, facts_said = stored_state(db_url)
    assert (articles, ids, fact_rows, facts_said) == (360, 360, 360, 360)


def test_two_writers_creating_the_schema_at_once(tmp_path, db_url):
    dumps = [write_jsonl(tmp_path / f"{k}.jsonl", [{"id": f"{k}{i}", "text": f"Text {i}"} for i in range(5)])
             for k in "ab"]
    (code_a, sa), (code_b, sb) = [finish(p) for p in [spawn_batch([str(d), "--db", db_url, "--workers", "1"])
                                                      for d in dumps]]
    assert (code_a, code_b) == (0, 0)
    assert sa["done"] + sb["done"] == 5 and sa["skipped"] + sb["skipped"] == 5  # the same texts in both dumps
    assert stored_state(db_url)[0] == 5


def test_a_record_whose_published_is_no_date_fails_alone(tmp_path, capsys):
    dump = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "bad", "text": ARTICLES["jp-mar"][0], "published": "April 18, 2024"},
        {"id": "good", "text": ARTICLES["jp-mar"][0], "published": "2024-04-18"}])
    code, out, err = cli([str(dump), "--workers", "1", "--log-format", "json"], capsys)
    assert code == 3
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["good"]
    (failure,) = summary_of(err)["failures"]
    assert failure["id"] == "bad" and "published: not a date: 'April 18, 2024'" in failure["error"]


# -- the time limit grows with the article (issue 20, point 7) ----------------------------------


def test_time_budget_grows_with_the_length_of_the_text():
    assert batch.time_budget(10, 0) == batch.time_budget(10, 100_000) == 10
    assert batch.time_budget(10, 150_000) == 15 and batch.time_budget(10, 5_000_000) == 500


def test_a_long_article_gets_a_longer_time_limit_than_a_short_one(tmp_path, capsys, fake):
    long_text = "NAP1.5 " + "x" * 1_000_000  # 10 x 100,000 characters: 10 x the timeout
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": "long", "text": long_text}, {"id": "short", "text": "NAP1.5 x"}])
    code, out, err = cli([str(dump), "--timeout", "0.5", "--workers", "1", "--log-format", "json"], capsys)
    assert code == 3
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["long"]
    assert summary_of(err)["failures"] == [{"id": "short", "error": "timeout after 0.5 s"}]


def test_a_single_article_gets_the_same_budget(tmp_path, capsys, monkeypatch):
    from extractor import cli as climod

    seen = []
    monkeypatch.setattr(climod, "_within", lambda seconds, fn: seen.append(seconds) or fn())
    path = tmp_path / "long.txt"
    path.write_text("Exports rose 5 pct to 1.2 billion dlrs in January 1987. " + "Nothing here. " * 18_000,
                    encoding="utf-8")
    code, _, err = cli([str(path), "--timeout", "2", "--published", "1987-03-02"], capsys)
    assert code == 0, err
    assert seen == [batch.time_budget(2, len(path.read_text(encoding="utf-8")))] and seen[0] > 2


# -- batch reporting (issue 20, point 6) --------------------------------------------------------


def test_a_skipped_duplicate_names_the_stored_record(tmp_path, capsys, fake):
    db = str(tmp_path / "f.db")
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": "orig", "text": "Same story."}])
    assert cli([str(first), "--db", db, "--workers", "1", "-q"], capsys)[0] == 0
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": "copy", "text": "Same story."}, {"id": "new", "text": "New."},
                                                {"id": "copy2", "text": "New."}])
    code, _, err = cli([str(second), "--db", db, "--workers", "1", "--log-format", "json", "-v"], capsys)
    assert code == 0
    s = summary_of(err)
    assert (s["done"], s["skipped"], s["skip_reasons"]) == (1, 2, {"duplicate": 2})
    assert s["duplicates"] == [{"id": "copy", "note": "same text as stored article 'orig'"},
                               {"id": "copy2", "note": "same text as 'new' earlier in this run"}]
    events = [json.loads(line) for line in err.splitlines()]
    assert {(e["id"], e["reason"]) for e in events if e.get("event") == "skipped"} == {("copy", "duplicate"),
                                                                                        ("copy2", "duplicate")}
    code, out, err = cli(["query", "article", "copy", "--db", db], capsys)
    assert code == 0 and json.loads(out)["article"]["id"] == "orig"
    assert "'copy' was skipped as a duplicate" in err and "'orig'" in err
    code, _, err = cli([str(second), "--db", db, "--workers", "1"], capsys)
    assert "skipped as duplicates: copy: same text as stored article 'orig'" in err


def test_an_empty_input_and_a_blank_article_get_a_warning(tmp_path, capsys, fake):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "notes.md").write_text("Exports rose.", encoding="utf-8")
    (tmp_path / "news" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    code, _, err = cli([str(tmp_path / "news"), "--workers", "1"], capsys)
    assert code == 0
    assert "no articles in the input" in err and "2 files of other types were not read" in err
    code, _, err = cli([str(tmp_path / "news"), "--workers", "1", "-v"], capsys)
    assert "notes.md: not read" in err and "photo.jpg: not read" in err
    dump = write_jsonl(tmp_path / "d.jsonl", [{"id": "blank", "text": "  \n "}, {"id": "a", "text": "A."}])
    code, out, err = cli([str(dump), "--workers", "1", "--log-format", "json"], capsys)
    assert code == 0 and [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["a"]
    assert summary_of(err)["skip_reasons"] == {"empty": 1}
    assert any(e.get("event") == "skipped" and e["level"] == "warning" and e["id"] == "blank"
               for e in map(json.loads, err.splitlines()))


def test_a_blank_single_article_gets_a_warning(tmp_path, capsys):
    path = tmp_path / "blank.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    code, out, err = cli([str(path)], capsys)
    assert code == 0 and json.loads(out)["facts"] == []
    assert "blank.txt is empty or blank" in err


# -- extract query a user can live with (issue 20, point 5) -------------------------------------

GROUPS = {
    "cn-asean": (("China's trade with ASEAN rose 5.2 percent year on year to 3.4 trillion yuan in the first half of "
                  "2024, customs data showed. Private enterprises' exports rose 8 percent to 6 trillion yuan."),
                 "2024-07-15", "Xinhua"),
    "ec-jp": (("BRUSSELS, March 2 - The European Community's trade surplus with Japan fell to 2.1 billion European "
               "currency units in January 1987, EC figures showed."), "1987-03-02", "Reuters"),
    "ec-ecuador": (("QUITO, March 5 - Ecuador's exports fell 12 pct to 180 mln dlrs in January 1987, the central "
                    "bank said."), "1987-03-05", "Reuters"),
}


@pytest.fixture(scope="module")
def groups_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("groups")
    dump = write_jsonl(tmp / "news.jsonl", [{"id": k, "text": t, "published": p, "source": s}
                                            for k, (t, p, s) in GROUPS.items()])
    db = str(tmp / "facts.db")
    try:
        main([str(dump), "--db", db, "--workers", "1", "-q"])
    except SystemExit as exc:
        assert exc.code == 0
    return db


def _rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_query_blocs_and_groups_by_name_and_shows_their_names(groups_db, capsys):
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--counterpart", "asean", "--format", "jsonl"], capsys)
    assert code == 0
    assert [(r["article"], r["region"], r["counterpart"], r["counterpart_code"]) for r in _rows(out)] == [
        ("cn-asean", "China", "ASEAN", None)]
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--region", "European Community", "--format", "jsonl"],
                       capsys)
    assert [(r["article"], r["region"], r["counterpart"]) for r in _rows(out)] == [
        ("ec-jp", "European Community", "Japan")]
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--region", "Ecuador", "--format", "jsonl"], capsys)
    assert [r["article"] for r in _rows(out)] == ["ec-ecuador"]
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--region", "china", "--format", "jsonl"], capsys)
    assert {r["article"] for r in _rows(out)} == {"cn-asean"}


@pytest.mark.parametrize("args, message", [
    (["--region", "EC"], "ambiguous: the ISO code of Ecuador (EC), or European Community (bloc)"),
    (["--region", "Atlantis"], "--region 'Atlantis': not a place name or ISO 3166 code"),
    (["--metric", "export"], "--metric 'export': not one of trade, exports, imports, balance"),
    (["--currency", "YUAN"], "--currency 'YUAN': not an ISO 4217 currency code"),
    (["--segment", "steel"], "--segment 'steel': nothing in the database matches (held: 'private enterprises')"),
    (["--source", "AP"], "--source 'AP': nothing in the database matches (held: 'Reuters', 'Xinhua')"),
    (["--article", "nope"], "--article 'nope': nothing in the database matches"),
    (["--sort", "size"], "--sort: no column 'size'"),
    (["--columns", "article,colour"], "--columns: no column 'colour'"),
], ids=["ambiguous", "place", "metric", "currency", "segment", "source", "article", "sort", "columns"])
def test_query_refuses_what_names_nothing(groups_db, capsys, args, message):
    code, out, err = cli(["query", "facts", "--db", groups_db, *args], capsys)
    assert (code, out) == (2, "")
    assert message in err and err.strip().count("\n") == 0


def test_query_segment_source_article_sort_and_columns(groups_db, capsys):
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--segment", "PRIVATE", "--columns", "article,segment,amount",
                        "--format", "csv"], capsys)
    assert code == 0 and out.splitlines() == ["article,segment,amount", "cn-asean,private enterprises,6000000000000"]
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--source", "reuters", "--sort", "-amount",
                        "--columns", "article,source,amount", "--format", "jsonl"], capsys)
    assert [(r["article"], r["source"]) for r in _rows(out)] == [("ec-jp", "Reuters"), ("ec-ecuador", "Reuters")]
    code, out, _ = cli(["query", "facts", "--db", groups_db, "--article", "cn-asean", "--sort", "amount",
                        "--columns", "fact,amount", "--format", "jsonl"], capsys)
    assert _rows(out) == [{"fact": "f1", "amount": 3400000000000}, {"fact": "f2", "amount": 6000000000000}]


def test_query_facts_in_python_refuses_and_resolves_alike(groups_db):
    from extractor.errors import InputError
    from extractor.query import query_facts

    s = Store.open(groups_db, create=False)
    try:
        cols, rows = query_facts(s, counterpart="Association of Southeast Asian Nations", columns=["article"])
        assert (cols, rows) == (("article",), [("cn-asean",)])
        with pytest.raises(InputError, match="--metric 'export'"):
            query_facts(s, metric="export")
    finally:
        s.close()
