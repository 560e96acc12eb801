"""Unit tests of the golden comparator itself: it must find every kind of difference."""
from __future__ import annotations

import copy

import pytest
from golden import assign, compare, names_match, numbers_equal

TEXT = "Exports rose 6.9 percent to 10.95 trillion yuan, attributed to strong demand."


def _span(text: str) -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


CHINA = {"name": "China", "code": "CN", "kind": "country"}
YEAR = {"start": "2024-01-01", "end": "2024-12-31", "text": "2024", "granularity": "year"}
FACT = {
    "id": "f1",
    "metric": "exports",
    "region": CHINA,
    "counterpart": None,
    "segment": None,
    "period": YEAR,
    "value": {"amount": 10950000000000, "currency": "CNY", "approximate": False, "text": "10.95 trillion yuan"},
    "equivalents": [],
    "growth": {"percent": 6.9, "basis": "yoy", "points": False, "text": "6.9 percent"},
    "share": None,
    "evidence": [_span("Exports rose 6.9 percent to 10.95 trillion yuan")],
    "confidence": 0.9,
}
ACTUAL = {
    "schema_version": 1,
    "article": {"id": "a", "title": None, "published": "2025-01-13", "source": None, "language": "en",
                "reference_date": "2025-01-13", "reference_basis": "published"},
    "facts": [FACT],
    "partners": [{"name": "ASEAN", "code": None, "kind": "bloc", "role": "largest trading partner",
                  "evidence": []}],
    "causes": [{"text": "strong demand", "cue": "attributed to", "facts": ["f1"],
                "evidence": [_span("strong demand")]}],
    "checks": [{"code": "rounding", "severity": "info", "message": "m", "facts": ["f1"]}],
}
EXPECTED = {
    "article": {"published": "2025-01-13", "reference_basis": "published", "title": None},
    "facts": [{k: v for k, v in FACT.items() if k not in ("evidence", "confidence")}],
    "partners": [{"name": "Association of Southeast Asian Nations (ASEAN)", "code": None,
                  "kind": "bloc", "role": "largest trading partner"}],
    "causes": [{"text": "strong demand", "cue": "attributed to", "facts": ["f1"]}],
    "checks": [{"code": "rounding", "severity": "info", "facts": ["f1"]}],
}


def _with(base: dict, path: str, value) -> dict:
    """A deep copy of base with the value at a dotted path ("facts.0.value.amount") replaced."""
    out = copy.deepcopy(base)
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = out
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return out


def test_identical_results_match():
    assert compare(EXPECTED, ACTUAL, TEXT) == []


def test_actual_ids_and_order_do_not_matter():
    second = dict(copy.deepcopy(FACT), id="f2", metric="imports", growth=None, value=None, evidence=[])
    actual = _with(ACTUAL, "facts", [dict(second, id="f1"), dict(copy.deepcopy(FACT), id="f2")])
    actual = _with(actual, "causes.0.facts", ["f2"])
    actual = _with(actual, "checks.0.facts", ["f2"])
    expected = _with(EXPECTED, "facts", EXPECTED["facts"] + [dict(second, id="f2")])
    del expected["facts"][1]["evidence"]
    assert compare(expected, actual, TEXT) == []


# (name, path in ACTUAL, wrong value, a word the difference message must contain)
WRONG_ACTUAL = [
    ("wrong amount", "facts.0.value.amount", 10950000000001, "value.amount"),
    ("amount scale slip", "facts.0.value.amount", 10950000000, "value.amount"),
    ("wrong currency", "facts.0.value.currency", "USD", "value.currency"),
    ("wrong growth", "facts.0.growth.percent", 6.8, "growth.percent"),
    ("growth sign", "facts.0.growth.percent", -6.9, "growth.percent"),
    ("wrong basis", "facts.0.growth.basis", "mom", "growth.basis"),
    ("wrong region code", "facts.0.region", {"name": "China", "code": "TW", "kind": "country"}, "region.code"),
    ("wrong metric", "facts.0.metric", "imports", "metric"),
    ("wrong period end", "facts.0.period.end", "2024-06-30", "period.end"),
    ("counterpart added", "facts.0.counterpart", CHINA, "counterpart"),
    ("segment added", "facts.0.segment", "private enterprises", "segment"),
    ("growth missing", "facts.0.growth", None, "growth"),
    ("extra equivalent", "facts.0.equivalents", [{"amount": 1, "currency": "USD", "text": "$1"}], "equivalents"),
    ("missing fact", "facts", [], "missing fact"),
    ("extra fact", "facts", [FACT, dict(FACT, id="f2", metric="balance", value=None, growth=None,
                                        period=dict(YEAR, start="2023-01-01", end="2023-12-31"))],
     "extra fact"),
    ("span offsets wrong", "facts.0.evidence", [{"start": 0, "end": 7, "text": "Imports"}], "span"),
    ("span past the end", "causes.0.evidence", [{"start": 70, "end": 500, "text": "x"}], "span"),
    ("partner missing", "partners", [], "missing partner"),
    ("partner role wrong", "partners.0.role", "major export market", "role"),
    ("extra partner", "partners", ACTUAL["partners"] + [{"name": "Japan", "code": "JP", "kind": "country",
                                                          "role": None, "evidence": []}], "extra partner"),
    ("cause cue wrong", "causes.0.cue", "due to", "cause"),
    ("cause text wrong", "causes.0.text", "weak prices", "cause"),
    ("cause on wrong fact", "causes.0.facts", ["f9"], "cause"),
    ("extra cause", "causes", ACTUAL["causes"] * 2, "extra cause"),
    ("check missing", "checks", [], "missing check"),
    ("check severity", "checks.0.severity", "warning", "missing check"),
    ("published wrong", "article.published", "2025-01-14", "article.published"),
    ("title invented", "article.title", "Exports rose", "article.title"),
]


@pytest.mark.parametrize(("name", "path", "value", "word"), WRONG_ACTUAL, ids=[row[0] for row in WRONG_ACTUAL])
def test_difference_is_found(name, path, value, word):
    diffs = compare(EXPECTED, _with(ACTUAL, path, value), TEXT)
    assert diffs, name
    assert any(word in d for d in diffs), diffs


def test_fields_absent_from_expected_are_not_compared():
    expected = copy.deepcopy(EXPECTED)
    del expected["facts"][0]["segment"], expected["facts"][0]["growth"], expected["checks"]
    expected["facts"][0]["value"] = {"amount": 10950000000000}
    actual = _with(ACTUAL, "facts.0.segment", "general trade")
    actual = _with(actual, "facts.0.growth", None)
    actual = _with(actual, "facts.0.value.currency", "USD")
    actual = _with(actual, "checks", [])
    assert compare(expected, actual, TEXT) == []


def test_extra_checks_are_not_differences():
    actual = _with(ACTUAL, "checks", ACTUAL["checks"] + [{"code": "sum", "severity": "warning",
                                                          "message": "m", "facts": ["f1"]}])
    assert compare(EXPECTED, actual, TEXT) == []


# (expected name, actual name, match?)
NAMES = [
    ("Xinjiang Uygur Autonomous Region", "Xinjiang", True),
    ("Belt and Road Initiative countries", "countries participating in the Belt and Road Initiative", True),
    ("total foreign trade", "the region's total foreign trade value", True),
    ("second-largest", "second largest trading partner", True),
    ("top five trading partners", "top five trading partner", True),
    ("private enterprises", "Private enterprises", True),
    ("private enterprises", "state-owned enterprises", False),
    ("Western Europe", "Eastern Europe", False),
    ("Latin America", "Africa", False),
    ("electronics", None, False),
    (None, None, True),
]


@pytest.mark.parametrize(("expected", "actual", "match"), NAMES, ids=[f"{e}|{a}" for e, a, _ in NAMES])
def test_names_match(expected, actual, match):
    assert names_match(expected, actual) is match


def test_name_containment_in_facts():
    expected = _with(EXPECTED, "facts.0.segment", "private enterprises")
    assert compare(expected, _with(ACTUAL, "facts.0.segment", "the private enterprises in the region"), TEXT) == []
    assert compare(expected, _with(ACTUAL, "facts.0.segment", "foreign-invested enterprises"), TEXT) != []


def test_place_name_checked_when_there_is_no_code():
    group = {"name": "Belt and Road Initiative countries", "code": None, "kind": "group"}
    expected = _with(EXPECTED, "facts.0.counterpart", group)
    ok = _with(ACTUAL, "facts.0.counterpart", dict(group, name="countries participating in the Belt and Road Initiative (BRI)"))
    bad = _with(ACTUAL, "facts.0.counterpart", dict(group, name="RCEP members"))
    assert compare(expected, ok, TEXT) == []
    assert any("counterpart.name" in d for d in compare(expected, bad, TEXT))


# (expected, actual, equal?)
NUMBERS = [(30.9, 30.9, True), (30.9, "30.90", True), (285320000000, 285320000000.0, True),
           (30.9, 31, False), (0.01, 0.02, False), (285320000000, 285320000001, False), (None, 0, False)]


@pytest.mark.parametrize(("expected", "actual", "equal"), NUMBERS, ids=[f"{e}|{a}" for e, a, _ in NUMBERS])
def test_numbers_equal(expected, actual, equal):
    assert numbers_equal(expected, actual) is equal


def test_assign_finds_the_cheapest_pairing():
    # greedy (row 0 takes its cheapest column 0) would cost 1 + 10; the optimum is 2 + 2
    assert assign([[1, 2], [10, 2]]) == [0, 1]
    assert assign([[1, 2], [2, 10]]) == [1, 0]
