#!/usr/bin/env python3
"""Throughput of tradefacts against bare spaCy on the same articles.

    python bench/bench.py [--articles 2000] [--input ../shared/corpus/reuters21578.jsonl.gz
                                                     ../shared/corpus/reuters-trade.jsonl]
                          [--workers 1 2] [--json bench/results.json]

Every run measures each input (by default both: the whole Reuters dump, where most articles are
gated out as holding no trade figure, and the 514 Reuters trade stories, where nearly every
article goes through the NER and the linker — the figure a user with trade news sees).
Each measurement runs in its own process (so peak RSS is its own), on the first N articles:
  (a) bare     spaCy nlp.pipe over every article with the statistical components tradefacts
               uses (the model's ner, with its own embedded tok2vec), batch 256;
  (b) jsonl    `extract INPUT --out FILE.jsonl --workers W` (the batch command);
  (c) sqlite   `extract INPUT --db FILE.db --workers W`.
(a) is timed over nlp.pipe alone; (b) and (c) over the whole command, start-up included.
It prints articles/s, words/s and peak RSS for each, the ratios (b)/(a) and (c)/(a), and the
speed-up of 2 workers over 1, and appends the figures to a JSON file so runs can be compared.

Start-up (--startup-runs, default 5): the wall time of `extract seeds/000_ee76471017dac53f.txt`
against `python -c "import spacy; spacy.load(<the model>)"`, run alternately, medians compared;
plus one `extract` with an empty disk cache (the first run on a machine).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
TRADE_INPUT = ROOT.parent / "shared" / "corpus" / "reuters-trade.jsonl"
DEFAULT_INPUTS = [DEFAULT_INPUT, TRADE_INPUT]  # every run measures the trade stories too (issue 20)


def read_articles(path: Path, n: int) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in itertools.islice((l for l in f if l.strip()), n)]


def bare(sample: Path) -> dict:
    """(a): runs in a child process; prints its own figures as JSON."""
    from extractor.pipeline import default_model, load_ner

    texts = [json.loads(line)["text"] for line in sample.open(encoding="utf-8")]
    nlp = load_ner(default_model())  # the statistical components extract uses: the NER alone
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return {"seconds": time.perf_counter() - start}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--input", type=Path, nargs="+", default=DEFAULT_INPUTS,
                    help="inputs to measure, each on its own (default: the whole dump and the trade stories)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    ap.add_argument("--startup-runs", type=int, default=5, help="0 to skip the start-up measurement")
    ap.add_argument("--child-bare", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child_bare:
        print(json.dumps(bare(a.child_bare)))
        return 0
    for path in a.input:
        if not path.exists():
            raise SystemExit(f"bench: no such input: {path}")
    extract = str(Path(sys.executable).with_name("extract"))
    records = [measure(path, a.articles, a.workers, extract) for path in a.input]
    record = records[-1]
    if a.startup_runs:
        record["startup"] = startup(extract, a.startup_runs)
        st = record["startup"]
        print(f"start-up: extract seed {st['extract_s']} s (first run, empty cache: {st['extract_cold_cache_s']} s), "
              f"import spacy + load model {st['bare_s']} s: {st['ratio']}x (medians of {a.startup_runs})")
    history = json.loads(a.json.read_text()) if a.json.exists() else []
    a.json.write_text(json.dumps(history + records, indent=2) + "\n")
    print(f"\nwritten to {a.json}")
    return 0


def measure(path: Path, n: int, workers: list[int], extract: str) -> dict:
    """Bare spaCy, then extract to JSONL and to SQLite with each worker count, on the first n
    articles of `path`; prints the table and returns the record for the JSON history."""
    articles = read_articles(path, n)
    words = sum(len(x["text"].split()) for x in articles)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("".join(json.dumps(x) + "\n" for x in articles), encoding="utf-8")
        # each child measures its own peak: run them one by one, bare first
        for name, args in [("bare spaCy (ner)", [sys.executable, __file__, "--child-bare", str(sample)])] + [
            (f"{kind} w={w}", [extract, str(sample), *(["--out", f"{tmp}/o{w}.jsonl"] if kind == "jsonl"
                                                      else ["--db", f"{tmp}/o{w}.db"]),
                               "--workers", str(w), "--quiet"])
            for kind in ("jsonl", "sqlite") for w in workers
        ]:
            r = subprocess.run([sys.executable, "-c", _MEASURE, *args], check=False, capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"bench: {name} failed: {r.stderr.strip()[-800:]}")
            m = json.loads(r.stdout.strip().splitlines()[-1])
            rows.append({"name": name, "articles": len(articles), "words": words, **m,
                         "articles_per_s": round(len(articles) / m["seconds"], 1),
                         "words_per_s": round(words / m["seconds"])})
    base = rows[0]["articles_per_s"]
    for r in rows:
        r["ratio_to_bare"] = round(r["articles_per_s"] / base, 2)
    print(f"{len(articles)} articles, {words} words, from {path.name}; {os.cpu_count()} cores\n")
    print(f"{'run':28}{'art/s':>9}{'words/s':>10}{'peak MB':>9}{'x bare':>8}")
    for r in rows:
        print(f"{r['name']:28}{r['articles_per_s']:>9}{r['words_per_s']:>10}{r['peak_rss_mb']:>9}{r['ratio_to_bare']:>8}")
    speedups = {}
    for kind in ("jsonl", "sqlite"):
        one = next((r for r in rows if r["name"] == f"{kind} w=1"), None)
        two = next((r for r in rows if r["name"] == f"{kind} w=2"), None)
        if one and two:
            speedups[kind] = round(two["articles_per_s"] / one["articles_per_s"], 2)
            print(f"2-worker speed-up ({kind}): {speedups[kind]}x")
    record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.platform(),
              "cores": os.cpu_count(), "input": str(path), "rows": rows, "speedup_2_workers": speedups}
    print()
    return record


def startup(extract: str, runs: int) -> dict:
    """Median wall times of `extract SEED` and of importing spaCy and loading the model."""
    from extractor.pipeline import default_model

    seed = ROOT / "seeds" / "000_ee76471017dac53f.txt"
    bare_cmd = [sys.executable, "-c", f"import spacy; spacy.load({default_model()!r})"]

    def wall(cmd: list[str], env: dict | None = None) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        return time.perf_counter() - t

    with tempfile.TemporaryDirectory() as cache:
        cold = wall([extract, str(seed)], env={**os.environ, "TRADEFACTS_CACHE_DIR": cache})
    ext, bare_ = [], []
    for _ in range(runs):
        ext.append(wall([extract, str(seed)]))
        bare_.append(wall(bare_cmd))
    med = {k: round(statistics.median(v), 2) for k, v in (("extract_s", ext), ("bare_s", bare_))}
    return {**med, "extract_cold_cache_s": round(cold, 2), "ratio": round(med["extract_s"] / med["bare_s"], 2)}


# Run in a fresh interpreter per measurement: wall time of the command and the peak RSS of the
# largest process it started (workers included), as one JSON line.
_MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
dt = time.perf_counter() - t
if p.returncode not in (0, 3):
    sys.stderr.write(p.stderr); sys.exit(1)
out = {"seconds": dt, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}
last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
if last.startswith("{") and '"seconds"' in last:
    out["seconds"] = json.loads(last)["seconds"]
print(json.dumps(out))
"""

if __name__ == "__main__":
    sys.exit(main())
