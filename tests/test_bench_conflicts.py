"""bench/conflicts.py: two stories that give one statistic different figures make one conflict."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "conflicts.py"


def test_two_stories_disagreeing_on_one_figure_make_one_conflict(tmp_path):
    dump = tmp_path / "dump.jsonl"
    stories = [
        {"id": "a", "published": "2023-07-20", "text": "Chile's trade surplus rose to 1.2 billion dollars in June."},
        {"id": "b", "published": "2023-07-21", "text": "Chile's trade surplus rose to 2.4 billion dollars in June."},
        {"id": "c", "published": "2023-07-21", "text": "Peru's trade surplus rose to 900 million dollars in June."},
    ]
    dump.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    out = subprocess.run([sys.executable, str(BENCH), "--dump", str(dump), "--no-history", "--show", "5"],
                         capture_output=True, text=True, check=True).stdout
    lines = dict(line.split()[:2] for line in out.splitlines() if line and not line.startswith(" "))
    assert lines["conflict"] == "1" and lines["all"] == "1", out
    assert "1.2 bn USD" in out and "2.4 bn USD" in out


def test_a_missing_dump_is_a_one_line_error(tmp_path):
    run = subprocess.run([sys.executable, str(BENCH), "--dump", str(tmp_path / "nope.jsonl"), "--no-history"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "no such dump" in run.stderr
