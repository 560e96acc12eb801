#!/usr/bin/env python3
"""Where a batch's time goes: py-spy samples of `extract` (workers included), summed by stage.

    pip install py-spy
    python bench/stages.py [--articles 2000] [--input ../shared/corpus/reuters21578.jsonl.gz]
    python bench/stages.py --raw profile.txt        # summarise an earlier `py-spy record --format raw`

Each sample is given to the stage of its innermost frame that names one (the stages below);
spaCy's Cython parser loop has no Python frame of its own, so its samples land on spaCy's
`_pipe` and count as NER.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"

STAGES = [
    ("spaCy NER (statistical model)", r"thinc/|spacy/ml/|spacy/pipeline/transition_parser|^_pipe \(.*spacy/util\.py"),
    ("spaCy place ruler", r"entityruler\.py|phrasematcher|matcher\.pyx"),
    ("spaCy tokenizer", r"tokenizer\.pyx|make_doc \(.*spacy/language\.py"),
    ("start-up: imports, model and rule loading",
     r"spacy/__init__\.py|load_model|load_ner|_pipeline|importlib|_find_and_load|extractor/rules\.py"),
    ("periods (grammar + dateparser)", r"normalise/periods\.py|dateparser"),
    ("money (grammar + price-parser)", r"normalise/money\.py|price_parser"),
    ("growth and share", r"normalise/changes\.py"),
    ("metric cues and sentence gate", r"extractor/cues\.py"),
    ("linking and merging", r"assemble\.py|sentence_periods\.py|merge\.py|segments\.py|region\.py"),
    ("partners and causes", r"partners\.py|causes\.py"),
    ("consistency checks", r"extractor/checks/"),
    ("text prep: decoding, sentences, boilerplate, metadata",
     r"extractor/text\.py|extractor/io/|extractor/language\.py"),
    ("result models and JSON", r"pydantic|model_dump|json/"),
    ("batch: reading, sending, writing", r"extractor/batch\.py|extractor/store\.py|multiprocessing|sqlalchemy"),
]
_COMPILED = [(name, re.compile(rx)) for name, rx in STAGES]


def summarise(raw: Path) -> list[tuple[str, float]]:
    """(stage, share of samples) from py-spy's raw (collapsed-stack) output, largest first."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, n = line.rpartition(" ")
        frames = stack.split(";")
        stage = next((name for frame in reversed(frames) for name, rx in _COMPILED if rx.search(frame)), "other")
        counts[stage] += int(n)
    total = sum(counts.values()) or 1
    return [(name, 100 * n / total) for name, n in counts.most_common()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--raw", type=Path, help="summarise this py-spy raw output instead of recording")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = a.raw
        if raw is None:
            if not a.input.exists():
                raise SystemExit(f"profile: no such input: {a.input}")
            sample, raw = Path(tmp) / "sample.jsonl", Path(tmp) / "profile.txt"
            opener = gzip.open if a.input.suffix == ".gz" else open
            with opener(a.input, "rt", encoding="utf-8") as f:
                sample.write_text("".join(itertools.islice((ln for ln in f if ln.strip()), a.articles)))
            extract = str(Path(sys.executable).with_name("extract"))
            py_spy = str(Path(sys.executable).with_name("py-spy"))
            subprocess.run([py_spy, "record", "--subprocesses", "--rate", "50", "--format", "raw", "-o", str(raw),
                            "--", extract, str(sample), "--out", f"{tmp}/out.jsonl", "--workers", str(a.workers),
                            "--quiet"], check=True)
        for name, share in summarise(raw):
            print(f"{share:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
