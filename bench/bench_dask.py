#!/usr/bin/env python3
"""What Dask costs on one machine: `extract DUMP --dask local:W` against `extract DUMP --workers W`.

    python bench/bench_dask.py [--input ../shared/corpus/reuters21578.jsonl.gz] [--articles N]
                               [--workers 2] [--json bench/results_dask.json]

Both runs write the same JSONL (checked byte for byte at the end) from the whole dump, or its
first N articles. For each it prints wall time (the whole command, start-up included),
articles/s, the peak RSS of the client process (with --dask: the scheduler and nannies too) and
the peak RSS per worker: with --workers, one extraction process; with --dask, one Dask worker
process plus the extraction process it runs (summed at each sample). Memory is sampled every
0.2 s over the process tree. The load average before and after each run is printed with it:
on a busy machine the figures are slower than they would be.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"
SAMPLE_SECONDS = 0.2


def measure(args: list[str]) -> dict:
    """Run `args`; wall seconds, the summary it logs, and peak RSS of the client and per worker (MB)."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak_client = peak_worker = 0
    while proc.poll() is None:
        try:
            peak_client = max(peak_client, root.memory_info().rss)
            for child in root.children():
                if _is_helper(child):
                    continue
                # a --workers extraction process, or a Dask worker with its extraction process
                rss = child.memory_info().rss + sum(g.memory_info().rss for g in child.children(recursive=True))
                peak_worker = max(peak_worker, rss)
        except psutil.Error:
            pass  # a process ended between listing and reading it
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    err = proc.stderr.read()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"bench: {' '.join(args)} failed:\n{err[-2000:]}")
    summary = next(json.loads(line) for line in err.splitlines() if '"event": "summary"' in line)
    return {"seconds": round(wall, 1), "articles_per_s": round(summary["input"] / wall, 1),
            "peak_client_mb": round(peak_client / 2**20), "peak_worker_mb": round(peak_worker / 2**20),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "summary": {k: summary[k] for k in ("input", "done", "failed", "skipped", "facts", "seconds")}}


def _is_helper(p: psutil.Process) -> bool:
    """multiprocessing's resource tracker: not a worker."""
    try:
        return "resource_tracker" in " ".join(p.cmdline())
    except psutil.Error:
        return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--articles", type=int, help="only the first N articles (default: the whole dump)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results_dask.json")
    a = ap.parse_args()
    if not a.input.exists():
        raise SystemExit(f"bench: no such input: {a.input}")
    extract = str(Path(sys.executable).with_name("extract"))
    with tempfile.TemporaryDirectory() as tmp:
        dump = a.input
        if a.articles:
            dump = Path(tmp) / "sample.jsonl"
            opener = gzip.open if a.input.suffix == ".gz" else open
            with opener(a.input, "rt", encoding="utf-8") as f:
                dump.write_text("".join(itertools.islice(f, a.articles)), encoding="utf-8")
        runs = {}
        for name, extra in [(f"--workers {a.workers}", ["--workers", str(a.workers)]),
                            (f"--dask local:{a.workers}", ["--dask", f"local:{a.workers}"])]:
            out = Path(tmp) / f"{len(runs)}.jsonl"
            print(f"running {name} …", file=sys.stderr, flush=True)
            runs[name] = {**measure([extract, str(dump), "--out", str(out), "--log-format", "json", *extra]),
                          "output": out}
        outputs = [r.pop("output").read_bytes() for r in runs.values()]
        same = outputs[0] == outputs[1]
    local, dask = runs.values()
    overhead = round(dask["seconds"] / local["seconds"] - 1, 3)
    print(f"\n{local['summary']['input']} articles from {a.input.name}; {os.cpu_count()} cores\n")
    print(f"{'run':18}{'wall s':>8}{'art/s':>8}{'client MB':>11}{'worker MB':>11}{'load before/after':>19}")
    for name, r in runs.items():
        print(f"{name:18}{r['seconds']:>8}{r['articles_per_s']:>8}{r['peak_client_mb']:>11}{r['peak_worker_mb']:>11}"
              f"{r['load_before']:>10} / {r['load_after']}")
    print(f"Dask overhead on one machine: {overhead:+.1%} wall time; outputs identical: {same}")
    record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.platform(),
              "cores": os.cpu_count(), "input": str(a.input), "articles": a.articles, "runs": runs,
              "dask_overhead": overhead, "outputs_identical": same}
    history = json.loads(a.json.read_text()) if a.json.exists() else []
    a.json.write_text(json.dumps(history + [record], indent=2) + "\n")
    print(f"written to {a.json}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
