"""The checker as a whole: its registry, the seed, the fixture articles in fixtures/checks/, and recheck().

fixtures/checks/NAME.txt is an article (extracted, then checked with its publication date);
NAME.facts.json is a facts JSON another tool might produce (checked as it is). NAME.expected.json
lists the warnings and errors the article must raise - all of them - and any info it must
raise, as {"code", "severity"}; "absent" lists codes that must not fire at all.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import extractor
from extractor.checks import load_checks, run_checks
from extractor.checks.recheck import recheck
from extractor.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "checks"
SEED = ROOT / "seeds" / "000_ee76471017dac53f.txt"
CASES = sorted(p.name.split(".")[0] for p in FIXTURES.glob("*.expected.json"))
CODES = ["duplicate-figure", "conversion-rate", "components-sum", "part-exceeds-whole", "share-range",
         "share-vs-values", "growth-direction", "rounding", "implied-growth", "period-label", "period-after-reference",
         "points-vs-percent"]


def test_every_contract_code_is_registered():
    assert sorted(load_checks()) == sorted(CODES)


def test_every_check_says_in_rules_what_its_severities_mean():
    """rules/checks.yaml's Severities block names every check, so that each severity a check gives is
    explained where its tolerances are."""
    lines = (ROOT / "rules" / "checks.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Severities"))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "#")
    block = " ".join(" ".join(lines[start:end]).replace("#", " ").split())
    for severity in ("error", "warning", "info"):
        assert f" {severity} " in block
    assert [code for code in CODES if code not in block] == []


def test_every_check_has_a_fixture_that_fires_and_one_that_must_not():
    fires, quiet = set(), set()
    for name in CASES:
        expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
        fires |= {c["code"] for c in expected["checks"]}
        quiet |= set(expected["absent"])
    assert sorted(fires) == sorted(CODES) and sorted(quiet) == sorted(CODES)


def _checked(name: str):
    facts_json = FIXTURES / f"{name}.facts.json"
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    if facts_json.exists():
        return recheck(json.loads(facts_json.read_text(encoding="utf-8"))), expected
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    result = extractor.extract(text, id=name, published=expected["published"])
    return recheck(result.model_dump(mode="json")), expected


@pytest.mark.parametrize("name", CASES)
def test_fixture(name):
    result, expected = _checked(name)
    got = Counter((c.code, c.severity) for c in result.checks)
    want = Counter((c["code"], c["severity"]) for c in expected["checks"])
    alarms = Counter({k: n for k, n in got.items() if k[1] != "info"})
    assert alarms == Counter({k: n for k, n in want.items() if k[1] != "info"}), [c.message for c in result.checks]
    assert all(got[k] >= n for k, n in want.items() if k[1] == "info")
    assert [c.code for c in result.checks if c.code in expected["absent"]] == []
    ids = {f.id for f in result.facts}
    for check in result.checks:  # one plain sentence, naming facts that exist
        assert "\n" not in check.message and check.message.endswith(".") and check.message[0].isupper()
        assert check.facts and set(check.facts) <= ids


def test_seed_raises_exactly_the_duplicate_share():
    text = SEED.read_text(encoding="utf-8")
    result = extractor.extract(text, id=SEED.stem)
    for checks in (result.checks, run_checks(result.facts, result.article)):
        assert [(c.code, c.severity, c.facts) for c in checks] == [("duplicate-figure", "warning", ["f2", "f3"])]
    # published in September 2024 the article is checked against its date too: still only that
    dated = extractor.extract(text, id=SEED.stem, published="2024-09-12")
    assert [(c.code, c.severity) for c in run_checks(dated.facts, dated.article)] == [("duplicate-figure", "warning")]


# ---- recheck ------------------------------------------------------------------------------------

def _seed_json() -> dict:
    return extractor.extract(SEED.read_text(encoding="utf-8"), id=SEED.stem).model_dump(mode="json")


def test_recheck_replaces_old_checks_and_keeps_everything_else():
    data = _seed_json()
    data["checks"] = [{"code": "stale", "severity": "error", "message": "Old.", "facts": ["f1"]}]
    result = recheck(data)
    assert [c.code for c in result.checks] == ["duplicate-figure"]
    assert result.model_dump(mode="json") | {"checks": []} == data | {"checks": []}


def test_recheck_finds_what_another_tool_got_wrong():
    data = _seed_json()
    data["facts"][0]["growth"]["percent"] = -30.9  # "a yearly rise of 30.9 percent" stored as a fall
    assert ("growth-direction", "error") in [(c.code, c.severity) for c in recheck(data).checks]


@pytest.mark.parametrize("mutate, message", [
    (lambda d: [d], "expected an object, got a list"),
    (lambda d: {k: v for k, v in d.items() if k != "article"}, "article: Field required"),
    (lambda d: d | {"facts": [d["facts"][0] | {"metric": "gdp"}]}, "facts.0.metric"),
    (lambda d: d | {"schema_version": 2}, "schema_version 2"),
    (lambda d: d | {"facts": [d["facts"][0] | {"value": {"amount": "lots", "currency": "CNY", "text": "x"}}]},
     "facts.0.value.amount"),
])
def test_recheck_refuses_what_is_not_a_facts_json_in_one_line(mutate, message):
    with pytest.raises(InputError) as info:
        recheck(mutate(_seed_json()))
    assert message in str(info.value) and "\n" not in str(info.value)
