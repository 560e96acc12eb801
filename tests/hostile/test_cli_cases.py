"""Every hostile CLI case of tests/hostile/cases.py (the list bench/hostile.py measures), run
through `extract` in-process with the smaller inputs, asserting the case's verdict: its exit
code and one-line message, no traceback, within its bound, and (a batch) every input record
done, failed or skipped, none twice in the output.

Batch cases whose point is reading (dumps, links, ids, gzip) run a stand-in extractor in the
workers (as tests/test_batch.py does), so that no worker loads the spaCy model; those whose
point is extraction run the real one.
"""
from __future__ import annotations

import os
import time
from datetime import date

import pytest
from cases import CASES, Result, problems
from clirun import run_cli

from extractor import batch
from extractor.io.dumps import text_sha256
from extractor.models import Article, ArticleFacts
from extractor.text import sentences


def stand_in(tasks: list[dict]) -> list[dict]:
    """Valid contracts with no facts, built without the model (a worker target, run by name)."""
    return [ArticleFacts(article=Article(id=t["id"], sha256=text_sha256(t["text"]), reference_date=date(2024, 1, 15),
                                         reference_basis="published")).model_dump(mode="json") for t in tasks]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case, tmp_path, capsys, monkeypatch):
    run = case.build(tmp_path, True)
    if run.unprivileged and os.geteuid() == 0:
        pytest.skip("root reads every file (bench/hostile.py runs this case as nobody)")
    if run.batch and not case.model:
        monkeypatch.setattr(batch, "DEFAULT_TARGET", "test_cli_cases:stand_in")
    start = time.perf_counter()
    code, out, err = run_cli(run.args, capsys, stdin=run.stdin, monkeypatch=monkeypatch)
    seconds = time.perf_counter() - start
    assert problems(case, Result(code, out, err, seconds, run)) == []
    assert seconds < case.bound_s


def test_sentence_splitting_stays_linear_on_a_big_page():
    """A slice per full stop made this quadratic: 4 MB of short sentences took minutes to split."""
    text = "Trade rose in the quarter. It fell later on. " * 90_000
    start = time.perf_counter()
    assert len(sentences(text)) == 180_000
    assert time.perf_counter() - start < 5
