"""Compiled regex programs from the disk cache are the very patterns re.compile makes."""
from __future__ import annotations

import re

import pytest

from extractor import regexes

PATTERNS = [
    (r"(?P<year>(?<![\d,.])(?:19|20)\d\d)(?!\d)", 0),
    (r"\b(?:exports?|imports?)\s+(?:rose|fell)\b", re.IGNORECASE),
    (r"(?:from|against|compared (?:with|to))(?:\s+(?:in|of|for))?\s*$", re.IGNORECASE),
    (r"^\s*(?:'s|’s|')?\s*$", 0),
    (r"(a)(b)?(?P<c>c)(?(2)d|e)", re.MULTILINE | re.DOTALL),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """The module as a new process finds it, with its cache in tmp_path."""
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexes, "_programs", None)
    monkeypatch.setattr(regexes, "_used", set())
    monkeypatch.setattr(regexes, "_dirty", False)
    return tmp_path


def test_cached_programs_equal_re_compile(fresh, monkeypatch):
    first = [regexes.compile(p, f) for p, f in PATTERNS]
    regexes._save()
    assert list(fresh.glob("regexes-*.pickle"))
    # a new process: the programs come from the file, and are not parsed again
    monkeypatch.setattr(regexes, "_programs", None)
    monkeypatch.setattr(regexes, "_program", lambda *a: pytest.fail("compiled afresh, not read from the cache"))
    second = [regexes.compile(p, f) for p, f in PATTERNS]
    for (p, f), a, b in zip(PATTERNS, first, second):
        expected = re.compile(p, f)
        assert a == expected and b == expected  # Pattern equality compares flags, source and program
        assert b.groupindex == expected.groupindex and b.groups == expected.groups


def test_rule_patterns_are_those_re_compile_makes(fresh):
    from extractor.cues import _metric_regexes, linking

    compiled = list(linking().values()) + [rx for rx, _, _ in _metric_regexes()]
    assert compiled and all(isinstance(rx, re.Pattern) for rx in compiled)
    for rx in compiled:
        assert rx == re.compile(rx.pattern, rx.flags & ~re.UNICODE)


def test_off_or_bad_pattern_behaves_as_re(fresh, monkeypatch):
    with pytest.raises(re.error):
        regexes.compile(r"(unclosed")
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", "")
    monkeypatch.setattr(regexes, "_programs", None)
    assert regexes.compile(r"\d+") == re.compile(r"\d+") and regexes._programs is None
    assert regexes.compile(rb"\x00+") == re.compile(rb"\x00+")  # bytes patterns are passed through


def test_rule_patterns_are_the_same_in_every_process(tmp_path):
    """Alternations built from sets are ordered, so that a new process (another string hash seed)
    builds the same patterns: the cache is hit, and matching never depends on the seed."""
    import os
    import subprocess
    import sys

    script = ("import hashlib; from extractor import extract, regexes; "
              "extract('Exports rose 5 pct to 3.1 billion dlrs in January 1987, the ministry said.'); "
              "print(hashlib.sha256(repr(sorted(regexes._used)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed, "TRADEFACTS_CACHE_DIR": str(tmp_path)}
                              ).stdout.strip() for seed in ("1", "2")}
    assert len(digests) == 1
