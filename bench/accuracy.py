"""Accuracy on the dev gold sets, each modern set split into its working and check halves.

    python bench/accuracy.py                 # table of every set (and bench/accuracy.json history)
    python bench/accuracy.py --set modern-dev --half working --show-errors 20

The split is fixed by id: odd ids are the working half (study its errors), even ids the check
half (measure only). Predictions go through ``../shared/tools/predict.py`` and are scored by
``../shared/tools/score.py``, exactly as the session-end hook does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
HISTORY = Path(__file__).with_name("accuracy.json")

# (label, articles, gold, split into halves?)
SETS = {
    "reuters-dev": ("reuters-trade.jsonl", "reuters-trade-dev-gold.jsonl", False),
    "modern-dev": ("modern-dev.jsonl", "modern-dev-gold.jsonl", True),
    "zh-dev": ("zh-dev.jsonl", "zh-dev-gold.jsonl", True),
}
# column name -> the section of score.py's JSON whose f1 it is
FIGURES = {"unit_f1": "units", "tuple_f1": "tuples", "partners_f1": "partners", "causes_f1": "causes"}


def halves(gold: Path, out: Path) -> dict[str, Path]:
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = {}
    for name, parity in (("working", 1), ("check", 0)):
        path = out / f"{gold.stem}-{name}.jsonl"
        keep = [r for r in rows if int(r["id"].rsplit("-", 1)[1]) % 2 == parity]
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep), encoding="utf-8")
        paths[name] = path
    return paths


def score(articles: Path, gold: Path, tmp: Path, show_errors: int = 0) -> dict:
    pred = tmp / f"{gold.stem}.pred.jsonl"
    subprocess.run(
        [sys.executable, str(SHARED / "tools/predict.py"), str(articles), "--ids", str(gold), "--out", str(pred)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    cmd = [sys.executable, str(SHARED / "tools/score.py"), "--gold", str(gold), "--pred", str(pred)]
    if show_errors:
        subprocess.run([*cmd, "--show-errors", str(show_errors)], check=True)
    return json.loads(subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True).stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), action="append", help="only these sets (repeatable)")
    ap.add_argument("--half", choices=("working", "check"), help="only this half of the split sets")
    ap.add_argument("--show-errors", type=int, default=0, help="print score.py's error list (working half only)")
    ap.add_argument("--no-history", action="store_true", help="do not append to bench/accuracy.json")
    a = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"accuracy: no corpus at {CORPUS}", file=sys.stderr)
        return 2
    if a.show_errors and a.half == "check":
        print("accuracy: the check half is for measuring only; errors are shown for the working half", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for name in a.set or SETS:
            articles, gold, split = SETS[name]
            parts = halves(CORPUS / gold, tmp) if split else {"all": CORPUS / gold}
            for half, path in parts.items():
                if a.half and split and half != a.half:
                    continue
                shown = a.show_errors if half in ("working", "all") else 0
                result = score(CORPUS / articles, path, tmp, shown)
                rows.append({"set": name, "half": half, **{f: result[section]["f1"] for f, section in FIGURES.items()}})
    print(f"{'set':<12} {'half':<8} " + " ".join(f"{f:>11}" for f in FIGURES))
    for row in rows:
        cells = " ".join(f"{row[f]:>11.3f}" if row[f] is not None else f"{'-':>11}" for f in FIGURES)
        print(f"{row['set']:<12} {row['half']:<8} {cells}")
    if not a.no_history and not a.show_errors:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        history = json.loads(HISTORY.read_text()) if HISTORY.exists() else []
        history.append({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "commit": commit.stdout.strip(), "rows": rows})
        HISTORY.write_text(json.dumps(history, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
