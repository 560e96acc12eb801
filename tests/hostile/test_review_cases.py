"""`extract review` over the single-article hostile cases of tests/hostile/cases.py (smaller inputs):
the exit code and one-line message `extract` gives, no traceback, within the case's bound, and a page
that parses, runs no script but its own and (where the file decodes to a known text) keeps the text whole."""
from __future__ import annotations

import os
import time

import pytest
from cases import CASES, TRACEBACK
from clirun import run_cli
from htmltree import parse

from extractor.review.page import environment

# the options of a case's run that `extract review` takes too (--format is extract's alone)
SHARED = {"--published", "--timeout", "--max-chars", "--id", "--title", "--source"}
SINGLE = [c for c in CASES if not c.name.endswith("(batch)")]


def review_args(args: list[str]) -> list[str] | None:
    """The case's arguments for `extract review`, or None when it is not a single-article run."""
    paths, options, i = [], [], 0
    while i < len(args):
        if args[i] == "--format":
            pass
        elif args[i].startswith("--"):
            if args[i] not in SHARED:
                return None
            options += args[i:i + 2]
        else:
            paths.append(args[i])
            i += 1
            continue
        i += 2
    return ["review", *paths, *options] if len(paths) == 1 else None


@pytest.mark.parametrize("case", SINGLE, ids=[c.name for c in SINGLE])
def test_hostile_case_reviews(case, tmp_path, capsys, monkeypatch):
    run = case.build(tmp_path, True)
    args = review_args(run.args)
    if run.batch or args is None:
        pytest.skip("not a single-article run")
    if run.unprivileged and os.geteuid() == 0:
        pytest.skip("root reads every file (bench/hostile.py runs this case as nobody)")
    start = time.perf_counter()
    code, out, err = run_cli(args, capsys, stdin=run.stdin, monkeypatch=monkeypatch)
    seconds = time.perf_counter() - start
    assert TRACEBACK not in err and code in case.exit, err[-300:]
    assert seconds < case.bound_s
    if code:
        assert out == "" and len([line for line in err.splitlines() if line.strip()]) == 1, err[:300]
        return
    doc = parse(out)
    env = environment()
    script = env.loader.get_source(env, "review.js")[0]
    assert [s.text for s in doc.find_all("script")] == [script]
    assert not [(e.tag, a) for e in doc.iter() for a in e.attrs if a.startswith("on")]
    if run.exact:
        assert doc.by_id("article").text == run.text
