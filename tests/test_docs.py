"""The README's figures are the measured ones (issue 20, point 10)."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def test_every_bench_run_measures_the_trade_stories():
    spec = importlib.util.spec_from_file_location("bench_bench", ROOT / "bench" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert [p.name for p in bench.DEFAULT_INPUTS] == ["reuters21578.jsonl.gz", "reuters-trade.jsonl"]
    assert "reuters-trade.jsonl" in _section("Performance") and "trade stories" in _section("Performance")


def test_quality_gives_the_modern_figures_beside_the_reuters_ones():
    """The Quality table's modern-dev rows are the latest figures in bench/accuracy.json."""
    history = json.loads((ROOT / "bench" / "accuracy.json").read_text(encoding="utf-8"))
    latest = {}
    for run in history:
        for row in run["rows"]:
            latest[(row["set"], row["half"])] = row
    quality = _section("Quality")
    for half in ("working", "check"):
        row = latest[("modern-dev", half)]
        line = next(line for line in quality.splitlines() if line.startswith(f"| modern dev, {half} half"))
        figures = [float(x) for x in re.findall(r"\b[01]\.\d{3}\b", line)]
        assert figures == [round(row[k], 3) for k in ("unit_f1", "tuple_f1", "partners_f1", "causes_f1")], line
    assert "| Reuters dev (20) |" in quality


def test_every_command_is_documented_in_the_readme():
    """Each `extract` command (and each `extract query` / `extract db` subcommand) appears in the README
    with an example of its use."""
    import typer

    from extractor import cli

    commands = ["schema", "info", "export", "review", "serve"]
    for prefix, app in (("query", cli.query_app), ("db", cli.db_app)):
        group = typer.main.get_group(app)
        commands += [f"{prefix} {name}" for name in group.commands]
    assert len(commands) >= 11
    assert [c for c in commands if not re.search(rf"extract {re.escape(c)}(?![\w-])", README)] == []
