"""The disk cache: a value is rebuilt whenever an input changes, and a broken cache is never fatal."""
from __future__ import annotations

import pickle

from extractor.cache import cached


def counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_same_inputs_are_built_once_across_calls(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path))
    build, calls = counting_build({"a": [1, 2]})
    assert cached("t", [b"rules v1", "lib 1.0"], build) == {"a": [1, 2]}
    assert cached("t", [b"rules v1", "lib 1.0"], build) == {"a": [1, 2]}
    assert len(calls) == 1 and len(list(tmp_path.glob("t-*.pickle"))) == 1


def test_a_changed_input_is_rebuilt_not_read_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path))
    assert cached("t", [b"rules v1"], lambda: "old") == "old"
    assert cached("t", [b"rules v2"], lambda: "new") == "new"
    # inputs are length-prefixed: moving a byte from one input to the next is a different key
    assert cached("t", [b"ab", b"c"], lambda: 1) == 1
    assert cached("t", [b"a", b"bc"], lambda: 2) == 2


def test_a_corrupt_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path))
    cached("t", [b"x"], lambda: "good")
    (entry,) = tmp_path.glob("t-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cached("t", [b"x"], lambda: "rebuilt") == "rebuilt"
    assert pickle.loads(entry.read_bytes()) == "rebuilt"


def test_turned_off_or_unwritable_cache_still_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", "")
    build, calls = counting_build(7)
    assert cached("t", [b"x"], build) == 7 and cached("t", [b"x"], build) == 7 and len(calls) == 2
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(blocker / "sub"))
    assert cached("t", [b"x"], lambda: 8) == 8


def test_cached_place_tables_equal_freshly_built_ones(tmp_path, monkeypatch):
    from extractor.normalise import places

    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path))
    places._tables.cache_clear()
    try:
        first = places._tables()  # built and written
        places._tables.cache_clear()
        second = places._tables()  # read back
        fresh = places.build_gazetteer(places._rules())
        assert list(tmp_path.glob("places-*.pickle"))
        assert second[0] == fresh and second[1] == places._build_patterns(fresh) == first[1]
    finally:
        places._tables.cache_clear()


def test_an_edited_rule_file_is_parsed_afresh(tmp_path, monkeypatch):
    from extractor import rules

    monkeypatch.setenv("TRADEFACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(rules, "rules_dir", lambda: tmp_path)
    rules.load_rules.cache_clear()
    try:
        (tmp_path / "demo.yaml").write_text("words: [exports]\n")
        assert rules.load_rules("demo") == {"words": ["exports"]}
        rules.load_rules.cache_clear()  # a new process: the parsed file comes from the cache...
        assert rules.load_rules("demo") == {"words": ["exports"]}
        (tmp_path / "demo.yaml").write_text("words: [exports, imports]\n")
        rules.load_rules.cache_clear()  # ... until the file changes
        assert rules.load_rules("demo") == {"words": ["exports", "imports"]}
    finally:
        rules.load_rules.cache_clear()
