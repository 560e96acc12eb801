"""Cross-article findings on a dump, as a measure of extraction errors on stories without gold.

    python bench/conflicts.py                          # the 514 Reuters trade stories
    python bench/conflicts.py --dump ../shared/corpus/reuters21578.jsonl.gz --show 20

The dump goes through `extract` into a scratch SQLite database and `extract query conflicts` lists
what the statistics table found across articles. Where several stories report one statistic, a
figure that disagrees with the others is most often an extraction error (a bilateral figure that
lost its counterpart, a comparison given the wrong period; 26 of 32 conflicts when this was first
read by hand), so fewer conflicts on the same dump is fewer errors. Counts per finding code are
appended to bench/conflicts.json with the commit.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DUMP = ROOT.parent / "shared" / "corpus" / "reuters-trade.jsonl"
HISTORY = Path(__file__).with_name("conflicts.json")
EXTRACT = [str(Path(sys.executable).with_name("extract"))]  # the console script of this environment


def findings(dump: Path, workers: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.db"
        subprocess.run([*EXTRACT, str(dump), "--db", str(db), "--workers", str(workers), "-q"], check=True,
                       cwd=ROOT)
        out = subprocess.run([*EXTRACT, "query", "conflicts", "--db", str(db), "--format", "jsonl"], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", type=Path, default=DEFAULT_DUMP, help="articles (JSONL, gzip or not)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print this many findings' messages")
    ap.add_argument("--no-history", action="store_true", help="do not append to bench/conflicts.json")
    args = ap.parse_args()
    if not args.dump.exists():
        print(f"conflicts.py: no such dump: {args.dump}", file=sys.stderr)
        return 2
    rows = findings(args.dump, args.workers)
    counts = collections.Counter(r["code"] for r in rows)
    for code in ("conflict", "revision", "series-growth", "series-sum"):
        print(f"{code:<15}{counts.get(code, 0):>6}")
    print(f"{'all':<15}{len(rows):>6}   ({args.dump.name})")
    for r in rows[:args.show]:
        print(f"  {r['code']}: {r['message']}")
    if not args.no_history:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        history = json.loads(HISTORY.read_text(encoding="utf-8")) if HISTORY.exists() else []
        history.append({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": commit.stdout.strip(),
                        "dump": args.dump.name, "counts": dict(counts)})
        HISTORY.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
