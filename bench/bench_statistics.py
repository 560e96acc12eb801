#!/usr/bin/env python3
"""What the statistics cost a batch (issue 17: at most 10% of its throughput), and what they find.

    python bench/bench_statistics.py [--articles 2000] [--workers 2] [--runs 2] [--json bench/statistics.json]

For each input (the first N stories of the Reuters dump, the 514 trade stories) it runs
`extract INPUT --db FILE.db --workers W` in-process, alternately as it is and with the statistics
upkeep (series_store.assign / refresh, and the revision marks) switched off (which goes first
alternates), and compares the median wall times; it also times the upkeep itself inside the runs
with statistics, the steadier figure on a shared machine. Then it
reports what the database with statistics holds: statistics, those with more than one source,
and the cross-article findings by code.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import json
import statistics as stat
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = [CORPUS / "reuters21578.jsonl.gz", CORPUS / "reuters-trade.jsonl"]


def sample(path: Path, n: int, folder: Path) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    out = folder / f"{path.name.split('.')[0]}-{n}.jsonl"
    with opener(path, "rt", encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for line in itertools.islice((line for line in f if line.strip()), n):
            w.write(line)
    return out


@contextlib.contextmanager
def upkeep(enabled: bool, spent: list[float]):
    """The statistics upkeep as it is (timed into `spent`), or switched off."""
    from extractor import batch, series_store

    saved = series_store.assign, series_store.refresh, batch.revision_marks

    def timed(fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent.append(time.perf_counter() - t)
        return wrapper

    if enabled:
        series_store.assign, series_store.refresh = timed(saved[0]), timed(saved[1])
        batch.revision_marks = timed(saved[2])
    else:
        series_store.assign = lambda conn, rows: [r.update(statistic_id=None) for r in rows] and set()
        series_store.refresh = lambda conn, series: None
        batch.revision_marks = lambda text, contract: {}
    try:
        yield
    finally:
        series_store.assign, series_store.refresh, batch.revision_marks = saved


def run_batch(dump: Path, db: Path, workers: int, enabled: bool) -> tuple[float, float]:
    from extractor.cli import main

    spent: list[float] = []
    with upkeep(enabled, spent):
        t = time.perf_counter()
        try:
            main([str(dump), "--db", str(db), "--workers", str(workers), "-q"])
        except SystemExit as exc:
            if exc.code not in (0, None, 3):
                raise
        wall = time.perf_counter() - t
    return wall, sum(spent)


def findings(db: Path) -> dict:
    import sqlite3

    conn = sqlite3.connect(db)
    q = lambda sql: conn.execute(sql).fetchall()
    out = {"articles": q("select count(*) from articles")[0][0], "facts": q("select count(*) from facts")[0][0],
           "facts_in_statistics": q("select count(*) from facts where statistic_id is not null")[0][0],
           "statistics": q("select count(*) from statistics")[0][0],
           "statistics_multi_source": q("select count(*) from statistics where sources > 1")[0][0],
           "findings": dict(q("select code, count(*) from statistic_checks group by code order by code")),
           "revision_marks": dict(q("select revision, count(*) from facts where revision is not null group by 1"))}
    conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "statistics.json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in INPUTS:
            dump = sample(path, args.articles, folder)
            walls = {True: [], False: []}
            upkeep_s = []
            for i in range(args.runs):
                for enabled in ((False, True) if i % 2 == 0 else (True, False)):  # alternate which goes first
                    db = folder / f"{dump.stem}-{enabled}-{i}.db"
                    wall, spent = run_batch(dump, db, args.workers, enabled)
                    walls[enabled].append(wall)
                    if enabled:
                        upkeep_s.append(spent)
            with_s, without_s = stat.median(walls[True]), stat.median(walls[False])
            row = {"input": path.name, "articles": args.articles, "workers": args.workers, "runs": args.runs,
                   "wall_without_s": round(without_s, 2), "wall_with_s": round(with_s, 2),
                   "walls_without": [round(w, 2) for w in walls[False]], "walls_with": [round(w, 2) for w in walls[True]],
                   "cost_pct": round((with_s / without_s - 1) * 100, 1),
                   "upkeep_s": round(stat.median(upkeep_s), 2),
                   "upkeep_pct_of_wall": round(stat.median(upkeep_s) / with_s * 100, 1),
                   **findings(folder / f"{dump.stem}-True-0.db")}
            print(json.dumps(row), flush=True)
            rows.append(row)
    history = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else []
    history.append({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rows": rows})
    args.json.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
