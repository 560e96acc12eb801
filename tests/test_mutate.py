"""bench/mutate.py on articles written for these tests: each planted contradiction is one rewritten
figure, found again by the extractor and caught by a check; a consistent article raises nothing."""
from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "mutate.py"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def mutate():
    spec = importlib.util.spec_from_file_location("bench_mutate", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_mutate"] = module
    spec.loader.exec_module(module)
    return module


CUSTOMS = {"id": "customs", "published": "2024-05-10", "text": (
    "BEIJING, May 9 (Xinhua) -- China's exports rose 5.2 percent year on year to 1.52 trillion yuan in April, "
    "while imports grew 8.4 percent to 1.21 trillion yuan, the General Administration of Customs said on "
    "Thursday. Total foreign trade came to 2.73 trillion yuan in April, leaving a trade surplus of 310 billion "
    "yuan.\n\nExports to the United States rose 3.1 percent to 245.6 billion yuan, or 16.2 percent of the total, "
    "while exports to Japan fell 2.4 percent.")}

SEOUL = {"id": "seoul", "published": "2024-04-02", "text": (
    "Korea's exports up 12.5% in March\n\nSEOUL, April 1 -- South Korea's exports rose 12.5 percent year on "
    "year to 45 billion dollars in March, from 40 billion dollars in March last year, the trade ministry said "
    "on Monday.")}

TOKYO = {"id": "tokyo", "published": "2024-02-21", "text": (
    "TOKYO, Feb 20 - Japan's exports rose 6.8 percent to 7.2 trillion yen (about 48.5 billion dollars) in "
    "January, the Finance Ministry said.")}


def _run(mutate, rows, kinds):
    return mutate.run({"test": rows}, kinds, seed=0)


def _changed(original: str, mutant: str) -> tuple[str, str]:
    """The one stretch where two texts differ."""
    i = next(i for i, (a, b) in enumerate(zip(original, mutant)) if a != b)
    j = 0
    while j < min(len(original), len(mutant)) - i and original[-1 - j] == mutant[-1 - j]:
        j += 1
    return original[i:len(original) - j], mutant[i:len(mutant) - j]


@pytest.mark.parametrize("kind, before, after", [
    ("components-sum", "1.52", "2.52"),    # exports 2.52 trillion: exports + imports is not the total
    ("balance", "310", "510"),             # a surplus of 510 billion where 1.52 - 1.21 is 0.31 trillion
    ("part-whole", "245.6", "2456"),       # exports to the US ten times over: above all exports
    ("share-range", "16.2", "116.2"),
    ("share-vs-values", "16.2", "36.2"),   # 245.6 of 1,520 is 16.2 percent, not 36.2
    ("duplicate-figure", "3.1", "8.4"),    # exports to the US given the imports' rate
])
def test_each_kind_plants_one_figure_that_is_extracted_and_caught(mutate, kind, before, after):
    report = _run(mutate, [CUSTOMS], [kind])
    [outcome] = report.outcomes
    assert (outcome.mutant.old, outcome.mutant.new) == (before, after)
    assert _changed(CUSTOMS["text"], outcome.mutant.text) == _changed(before, after)
    assert outcome.extracted and outcome.detected, outcome
    assert report.by_kind()[kind] == {"made": 1, "extracted": 1, "detected": 1}
    assert report.false_alarms()["test"]["false"] == 0


def test_a_kind_that_does_not_apply_makes_no_mutant(mutate):
    # no equivalent in another currency, no figure stated twice, no share for two periods
    report = _run(mutate, [CUSTOMS], ["conversion", "rounding", "points-vs-percent"])
    assert report.outcomes == []
    assert report.by_kind()["conversion"] == {"made": 0, "extracted": 0, "detected": 0}


def test_the_equivalent_at_the_wrong_rate_is_caught(mutate):
    [outcome] = _run(mutate, [TOKYO], ["conversion"]).outcomes
    assert (outcome.mutant.old, outcome.mutant.new) == ("48.5", "485")
    assert outcome.extracted and outcome.detected and outcome.codes == ["conversion-rate"]


def test_a_rate_against_its_two_levels_is_caught(mutate):
    [outcome] = _run(mutate, [SEOUL], ["growth-vs-levels"]).outcomes
    assert (outcome.mutant.old, outcome.mutant.new) == ("up", "down")
    assert outcome.extracted and outcome.detected and "implied-growth" in outcome.codes


def test_an_article_already_inconsistent_gets_no_sum_planted(mutate):
    broken = {**CUSTOMS, "text": CUSTOMS["text"].replace("2.73 trillion", "2.93 trillion")}
    report = _run(mutate, [broken], ["components-sum"])
    assert report.outcomes == []
    assert report.false_alarms()["test"] == {"articles": 1, "alarms": 1, "known": 0, "false": 1, "rate": 1.0,
                                             "ids": ["customs"]}


def test_mutants_are_the_same_for_the_same_seed_and_differ_by_seed(mutate):
    def texts(seed):
        return [o.mutant.text for o in mutate.run({"t": [CUSTOMS]}, list(mutate.KINDS), seed=seed).outcomes]
    assert texts(0) == texts(0)
    assert any(texts(s) != texts(0) for s in (1, 2, 3))


def test_render_and_typos_keep_the_way_the_figure_is_written(mutate):
    assert mutate.render(Decimal("9309.60"), "930.96") == "9309.6"
    assert mutate.render(Decimal("67640"), "6,764") == "67,640"
    assert mutate.render(Decimal("29.9"), "30.90", keep_places=True) == "29.90"
    variants = mutate.leading_digit_variants("0.58", mutate.random.Random(0))
    assert sorted(variants) == ["0.28", "0.38", "0.48", "0.68", "0.78", "0.88"]


@pytest.mark.skipif(not (CORPUS / "modern-dev.jsonl").exists(), reason="needs ../shared/corpus")
def test_the_command_prints_the_table_on_a_slice(mutate, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["mutate.py", "--set", "modern-dev", "--articles", "3", "--no-history"])
    assert mutate.main() == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["kind", "made", "extracted", "detected", "det/extr", "det/made"]
    assert any(line.startswith("modern-dev") and line.split()[1] == "3" for line in out.splitlines())


HEADLINE = {"id": "headline", "published": "2024-04-02", "text": (
    "Korea's exports up 12.5% in March\n\nSEOUL, April 1 -- South Korea's exports rose 12.5 percent year on "
    "year in March, the trade ministry said on Monday.")}


def test_a_headline_that_does_not_round_to_the_body_is_caught(mutate):
    # "up 12.4%" over "rose 12.5 percent": the two mentions are not merged, and rounding compares them
    [outcome] = _run(mutate, [SEOUL], ["rounding"]).outcomes
    assert (outcome.mutant.old, outcome.mutant.new) == ("12.5", "12.4")
    assert outcome.extracted and outcome.detected and outcome.codes == ["rounding"]


def test_a_headline_with_the_opposite_direction_is_caught(mutate):
    # no levels to compare with: only the other mention says the headline's "down" is wrong
    [outcome] = _run(mutate, [HEADLINE], ["growth-vs-mention"]).outcomes
    assert {outcome.mutant.old, outcome.mutant.new} in ({"up", "down"}, {"rose", "fell"})
    assert outcome.extracted and outcome.detected and outcome.codes == ["rounding"]
