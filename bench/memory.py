#!/usr/bin/env python3
"""Resident memory of one extraction process over a whole dump: is it flat?

    python bench/memory.py [--input ../shared/corpus/reuters21578.jsonl.gz] [--articles N]
                           [--every 1000] [--json bench/memory.json]

Runs `extractor.extract_many` over the articles in this process, in chunks of
rules/batch.yaml `worker.chunk_articles` (as a batch worker does), reading RSS from
/proc/self/statm after every `--every` articles. Prints the trace and the growth
from the first window to the last (the target: <= 10%), and appends it to a JSON file.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--articles", type=int, default=0, help="stop after N articles (0: all)")
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "memory.json")
    a = ap.parse_args()
    if not a.input.exists():
        raise SystemExit(f"bench: no such input: {a.input}")
    from extractor import extract_many
    from extractor.rules import load_rules

    size = int(load_rules("batch")["worker"]["chunk_articles"])
    opener = gzip.open if a.input.suffix == ".gz" else open
    trace: list[tuple[int, float]] = []
    start, n, chunk = time.perf_counter(), 0, []
    with opener(a.input, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            chunk.append({"text": rec.get("text") or "", "id": str(rec.get("id", n)), "title": rec.get("title"),
                          "published": rec.get("published")})
            n += 1
            if len(chunk) == size or n % a.every == 0 or n == a.articles:
                extract_many(chunk, errors="return")
                chunk = []
            if n % a.every == 0:
                trace.append((n, round(rss_mb(), 1)))
                print(f"{n:>7} articles  {trace[-1][1]:7.1f} MB  {time.perf_counter() - start:7.1f} s", flush=True)
            if a.articles and n >= a.articles:
                break
    extract_many(chunk, errors="return")
    if len(trace) < 2:
        raise SystemExit("bench: too few articles for a trace; lower --every")
    first, last = trace[0][1], trace[-1][1]
    growth = round(100 * (last - first) / first, 1)
    print(f"\n{n} articles in {time.perf_counter() - start:.0f} s; RSS after the first {a.every}: {first} MB, "
          f"after the last: {last} MB; growth {growth}% (peak {max(r for _, r in trace)} MB)")
    record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.platform(),
              "input": str(a.input), "articles": n, "every": a.every, "trace_mb": trace, "growth_percent": growth}
    history = json.loads(a.json.read_text()) if a.json.exists() else []
    a.json.write_text(json.dumps(history + [record], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
