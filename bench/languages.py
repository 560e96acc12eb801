#!/usr/bin/env python3
"""Throughput of the Chinese path against the English one (issue 19), in one process.

    python bench/languages.py [--repeat 10] [--runs 3] [--json bench/languages.json] [--no-history]

Inputs: the 30 Chinese releases of ../shared/corpus/zh-dev.jsonl and the 64 English reports of
../shared/corpus/modern-dev.jsonl (the same kind of text: customs and statistics releases of
2015-2026), each repeated --repeat times so that a run lasts a few seconds. For each it times
`extractor.extract_many` (what `extract` runs per batch, start-up excluded: the model is loaded
and the rules read by a warm-up run first), and for the English reports also bare spaCy: the
model's NER alone over the same texts, batch 256, as bench/bench.py measures it. The Chinese path
asks the NER nothing (character-level rules), so its bare-spaCy figure is that of the English.
Figures are the median of --runs runs: articles/s, characters/s, and ratios to bare spaCy.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {"zh": CORPUS / "zh-dev.jsonl", "en": CORPUS / "modern-dev.jsonl"}


def read(path: Path, repeat: int) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [{"text": r["text"], "id": f"{r['id']}-{k}", "published": r.get("published")}
            for k in range(repeat) for r in rows]


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "languages.json")
    ap.add_argument("--no-history", action="store_true", help="print only, do not append to --json")
    a = ap.parse_args()
    missing = [str(p) for p in INPUTS.values() if not p.exists()]
    if missing:
        raise SystemExit(f"bench: no such input: {', '.join(missing)}")
    import extractor
    from extractor.pipeline import default_model, load_ner

    sets = {lang: read(path, a.repeat) for lang, path in INPUTS.items()}
    for articles in sets.values():  # warm-up: model, rules, caches
        extractor.extract_many(articles[:20])
    nlp = load_ner(default_model())
    english = [x["text"] for x in sets["en"]]
    bare_s = timed(lambda: list(nlp.pipe(english, batch_size=256)), a.runs)
    bare_chars = sum(map(len, english)) / bare_s
    rows = []
    for lang, articles in sets.items():
        seconds = timed(lambda: extractor.extract_many(articles), a.runs)
        chars = sum(len(x["text"]) for x in articles)
        rows.append({"language": lang, "articles": len(articles), "chars": chars, "seconds": round(seconds, 3),
                     "articles_per_s": round(len(articles) / seconds, 1), "chars_per_s": round(chars / seconds),
                     "chars_ratio_to_bare_english": round(chars / seconds / bare_chars, 2)})
    print(f"bare spaCy NER over the English reports: {round(sum(map(len, english)) / bare_s)} chars/s "
          f"({round(len(english) / bare_s, 1)} articles/s)")
    print(f"{'path':8} {'articles':>8} {'articles/s':>11} {'chars/s':>10} {'x bare (chars/s)':>17}")
    for r in rows:
        print(f"{r['language']:8} {r['articles']:>8} {r['articles_per_s']:>11} {r['chars_per_s']:>10} "
              f"{r['chars_ratio_to_bare_english']:>17}")
    zh, en = rows
    print(f"Chinese / English path: {round(zh['chars_per_s'] / en['chars_per_s'], 2)}x characters/s, "
          f"{round(zh['articles_per_s'] / en['articles_per_s'], 2)}x articles/s")
    if not a.no_history:
        record = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": platform.platform(),
                  "python": sys.version.split()[0], "repeat": a.repeat, "runs": a.runs,
                  "bare_english_chars_per_s": round(bare_chars), "rows": rows}
        history = json.loads(a.json.read_text()) if a.json.exists() else []
        a.json.write_text(json.dumps(history + [record], indent=2) + "\n")
        print(f"written to {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
