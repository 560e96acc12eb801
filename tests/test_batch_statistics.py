"""Statistics built by the batch command: with the real extractor on stories written here, with a
stand-in extractor across a killed-and-resumed run and two concurrent runs on overlapping dumps, and on
the Reuters trade stories (skipped without ../shared/corpus)."""
from __future__ import annotations

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
from test_batch import finish, write_jsonl
from test_store_statistics import snapshot

from extractor.io.dumps import text_sha256
from extractor.models import Article, ArticleFacts, Fact, Money, Period, Place, Span
from extractor.store import Store

db_url, pg_url = test_store.db_url, test_store.pg_url

FAKE = "test_batch_statistics:stat_extract"
TRADE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters-trade.jsonl"


def stat_extract(tasks: list[dict]) -> list[dict]:
    """A worker target: 'STAT MONTH AMOUNT' gives one fact, Japan's balance of that month of 1987 (the
    evidence: the amount), after NAP seconds of work."""
    out = []
    for task in tasks:
        text = task["text"]
        if "NAP" in text:
            time.sleep(float(text.split("NAP")[1].split()[0]))
        facts = []
        if "STAT" in text:
            month, figure = text.split("STAT")[1].split()[:2]
            m = int(month)
            end = date(1987, m + 1, 1).toordinal() - 1 if m < 12 else date(1987, 12, 31).toordinal()
            at = text.index(figure, text.index("STAT"))
            facts = [Fact(id="f1", metric="balance", region=Place(name="Japan", code="JP", kind="country"),
                          period=Period(start=date(1987, m, 1), end=date.fromordinal(end), text=month,
                                        granularity="month"),
                          value=Money(amount=Decimal(figure) * 10**6, currency="USD", text=f"{figure} mln dlrs"),
                          evidence=[Span(start=at, end=at + len(figure), text=figure)])]
        article = Article(id=task["id"], sha256=text_sha256(text), published=task.get("published"),
                          reference_date=date(1987, 12, 31), reference_basis="today")
        out.append(ArticleFacts(article=article, facts=facts).model_dump(mode="json"))
    return out


def stat_records(n: int, start: int = 0) -> list[dict]:
    """Story i reports month i % 12 + 1: the same figure as the others of its month, except every 7th, and
    the last of each month is a revised one published later."""
    out = []
    for i in range(start, start + n):
        month = i % 12 + 1
        figure = 500 + month * 10 + (3 if i % 7 == 0 else 0)
        revised = "a revised " if i >= 96 else ""
        out.append({"id": f"s{i}", "published": f"1988-{(i // 12) % 12 + 1:02d}-15",
                    "text": f"NAP0.005 STAT {month} {figure} story {i}: a surplus of {revised}{figure} mln dlrs."})
    return out


def spawn(args: list[str]) -> subprocess.Popen:
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import extractor.batch as b; "
            f"b.DEFAULT_TARGET = {FAKE!r}; from extractor.cli import main; main(sys.argv[1:])")
    return subprocess.Popen([sys.executable, "-c", code, *args, "--log-format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def one_batch(tmp_path, items: list[dict]) -> dict:
    dump = write_jsonl(tmp_path / "whole.jsonl", items)
    db = str(tmp_path / "whole.db")
    assert finish(spawn([str(dump), "--db", db, "--workers", "1"]))[0] == 0
    s = Store.open(db)
    try:
        return snapshot(s)
    finally:
        s.close()


def test_two_concurrent_batches_on_overlapping_dumps_give_the_statistics_of_one(tmp_path, db_url):
    items = stat_records(108)
    want = one_batch(tmp_path, items)
    assert want["findings"] and max(v[1] for v in want["statistics"].values()) == 9
    a = write_jsonl(tmp_path / "a.jsonl", items[:72])
    b = write_jsonl(tmp_path / "b.jsonl", list(reversed(items[36:])))
    Store.open(db_url).close()
    procs = [spawn([str(p), "--db", db_url, "--workers", "1"]) for p in (a, b)]
    assert [finish(p)[0] for p in procs] == [0, 0]
    s = Store.open(db_url)
    try:
        assert snapshot(s) == want
    finally:
        s.close()


def test_a_killed_and_resumed_batch_gives_the_statistics_of_one(tmp_path, db_url):
    items = stat_records(108)
    want = one_batch(tmp_path, items)
    dump = write_jsonl(tmp_path / "d.jsonl", items)
    proc = spawn([str(dump), "--db", db_url, "--workers", "1"])
    stored, deadline = 0, time.monotonic() + 120
    while stored == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            s = Store.open(db_url, create=False)
            stored = len(snapshot(s)["statistics"])
            s.close()
        except Exception:  # noqa: BLE001 - the schema may not exist yet
            stored = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    s = Store.open(db_url, create=False)
    before = sum(v[2] for v in snapshot(s)["statistics"].values())
    s.close()
    assert 0 < before < len(items), "the run was not killed in the middle"
    assert finish(spawn([str(dump), "--db", db_url, "--workers", "1"]))[0] == 0
    s = Store.open(db_url)
    try:
        assert snapshot(s) == want
    finally:
        s.close()


def test_the_real_extractor_joins_stories_and_reads_a_revision(tmp_path, capsys):
    """Stories written for this test: two report Japan's February 1986 and 1987 surpluses, a later one
    revises February 1987 ("a revised 8.10 billion dlrs")."""
    dump = write_jsonl(tmp_path / "own.jsonl", [
        {"id": "own-1", "published": "1987-03-27", "text": "TOKYO, March 27 - Japan's trade surplus widened to 8.14 "
         "billion dlrs in February from 4.77 billion dlrs a year earlier, the Finance Ministry said.\n"},
        {"id": "own-2", "published": "1987-03-27", "text": "TOKYO, March 27 - The Finance Ministry said Japan's "
         "February trade surplus was 8.14 billion dlrs, against 4.77 billion dlrs in February 1986.\n"},
        {"id": "own-3", "published": "1987-04-20", "text": "TOKYO, April 20 - Japan's trade surplus fell to 6.2 "
         "billion dlrs in March from a revised 8.10 billion dlrs in February, the Finance Ministry said.\n"}])
    db = str(tmp_path / "f.db")
    assert run_cli([str(dump), "--db", db, "--workers", "1", "-q"], capsys)[0] == 0
    s = Store.open(db)
    got = snapshot(s)
    s.close()
    assert got["statistics"]["JP|balance|||1986-02-01|1986-02-28|USD"][1:3] == (2, 2)
    feb = got["statistics"]["JP|balance|||1987-02-01|1987-02-28|USD"]
    assert (feb[0], feb[1], feb[3], feb[4]) == ("own-3:f2", 3, "revision", Decimal("8100000000"))
    code, out, _ = run_cli(["query", "statistic", "--db", db, "JP|balance|||1987-02-01|1987-02-28|USD",
                            "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (rows[0]["article"], rows[0]["revision"]) == ("own-3", "revised")


@pytest.mark.skipif(not TRADE.exists(), reason="../shared/corpus/reuters-trade.jsonl is absent")
def test_reuters_stories_of_one_figure_become_one_statistic(tmp_path, capsys):
    """Read from the articles: Japan's February 1986 surplus, 4.77 billion dlrs (r-10297, r-10341, r-10376:
    "from 4.77 billion a year earlier"); Britain's January 1987 exports, 6.20 billion stg (r-9770, r-9784,
    r-9821, r-9848: "from 6.20 billion in January"); Brazil's February 1987 exports, 1.53 billion dlrs
    (r-5684, r-5692, then r-17180 and r-17186 a month later: "against 1.53 billion dlrs in February")."""
    want = {"r-10297", "r-10341", "r-10376", "r-9770", "r-9784", "r-9821", "r-9848", "r-5684", "r-5692",
            "r-17180", "r-17186"}
    with TRADE.open(encoding="utf-8") as f:
        chosen = [line for line in f if json.loads(line)["id"] in want]
    dump = tmp_path / "some.jsonl"
    dump.write_text("".join(chosen), encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert run_cli([str(dump), "--db", db, "--workers", "1", "-q"], capsys)[0] == 0
    s = Store.open(db)
    got = snapshot(s)["statistics"]
    s.close()
    assert got["JP|balance|||1986-02-01|1986-02-28|USD"][1:5] == (3, 3, None, Decimal("4770000000"))
    assert got["GB|exports|||1987-01-01|1987-01-31|GBP"][1:5] == (4, 4, None, Decimal("6200000000"))
    brazil = got["BR|exports|||1987-02-01|1987-02-28|USD"]
    assert brazil[1:5] == (4, 4, None, Decimal("1530000000")) and brazil[0].split(":")[0] in ("r-17180", "r-17186")
