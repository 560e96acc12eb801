"""Statistics: identity keys, revision marks, the chosen value, and the cross-article checks (one pass and
one near miss each), all on reports written here."""
from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from extractor import rules
from extractor import statistics as stats
from extractor.errors import RuleFileError
from extractor.series_checks import summarise
from extractor.statistics import Report, choose, revision_marks, series_key, statistic_key


def row(**kw) -> dict:
    base = {"region_code": "CN-XJ", "region_name": "Xinjiang", "metric": "trade", "counterpart_code": None,
            "counterpart_name": None, "segment": None, "period_start": date(2024, 1, 1),
            "period_end": date(2024, 8, 31), "amount": Decimal("285320000000"), "currency": "CNY",
            "growth_percent": None, "growth_basis": None, "growth_points": None}
    return base | kw


KEYS = [
    ("level", row(), "CN-XJ|trade|||2024-01-01|2024-08-31|CNY"),
    ("counterpart by code", row(counterpart_code="KZ", counterpart_name="Kazakhstan"),
     "CN-XJ|trade|KZ||2024-01-01|2024-08-31|CNY"),
    ("bloc by name", row(counterpart_name="European  Union"), "CN-XJ|trade|european union||2024-01-01|2024-08-31|CNY"),
    ("segment normalised", row(segment=" Private  Enterprises."),
     "CN-XJ|trade||private enterprises|2024-01-01|2024-08-31|CNY"),
    ("rate alone: its basis", row(amount=None, currency=None, growth_percent=Decimal("30.9"), growth_basis=None),
     "CN-XJ|trade|||2024-01-01|2024-08-31|growth:yoy"),
    ("points", row(amount=None, currency=None, growth_percent=Decimal("2"), growth_basis="mom", growth_points=True),
     "CN-XJ|trade|||2024-01-01|2024-08-31|growth:mom-points"),
    ("region without code", row(region_code=None, region_name="ASEAN"), "asean|trade|||2024-01-01|2024-08-31|CNY"),
    ("a bar in a name cannot split the key", row(segment="cars|parts"),
     "CN-XJ|trade||cars/parts|2024-01-01|2024-08-31|CNY"),
    ("no region", row(region_code=None, region_name=None), None),
    ("no period", row(period_start=None, period_end=None), None),
    ("share only", row(amount=None, currency=None), None),
]


@pytest.mark.parametrize(("fact", "key"), [k[1:] for k in KEYS], ids=[k[0] for k in KEYS])
def test_statistic_key(fact, key):
    assert statistic_key(fact) == key
    if key:
        assert stats.split_key(key)[0] == series_key(fact)


def _contract(*spans: tuple[str, str]) -> dict:
    return {"facts": [{"id": fid, "evidence": [{"start": s, "end": s + len(t), "text": t}]} for fid, s, t in spans]}


# (text, the figures it states, the marks expected)
MARKS = [
    ("Canada had a surplus of 533 mln dlrs in January against an upward revised 965 mln dlrs in December.",
     ["533 mln dlrs", "965 mln dlrs"], {"f2": "revised"}),
    ("Exports were 905 mln dlrs against 929 mln, revised from 971 mln in December.",
     ["905 mln dlrs", "929 mln", "971 mln"], {"f2": "revised", "f3": "previous"}),
    ("The deficit came after a revised 37.15 billion dlrs in the third quarter.", ["37.15 billion dlrs"],
     {"f1": "revised"}),
    ("Surplus of 1.2 billion, from an originally reported 1.5 billion.", ["1.2 billion", "1.5 billion"],
     {"f2": "previous"}),
    # near misses: a revised forecast in another clause; no cue at all
    ("The government revised its forecast; exports rose to 5.2 billion dlrs.", ["5.2 billion dlrs"], {}),
    ("Exports rose to 5.2 billion dlrs from 4.9 billion.", ["5.2 billion dlrs", "4.9 billion"], {}),
]


@pytest.mark.parametrize(("text", "figures", "marks"), MARKS, ids=[m[0][:50] for m in MARKS])
def test_revision_marks(text, figures, marks):
    spans = [(f"f{i + 1}", text.index(fig), fig) for i, fig in enumerate(figures)]
    assert revision_marks(text, _contract(*spans)) == marks


def test_revision_marks_skip_spans_that_do_not_match_the_text():
    assert revision_marks("a revised 5 mln", _contract(("f1", 0, "5 mln"))) == {}


def report(article: str, amount: str | None, *, published=date(1987, 3, 27), key=None, fact="f1", text=None,
           revision=None, growth=None, start=date(1986, 2, 1), end=date(1986, 2, 28), metric="balance") -> Report:
    unit = "USD" if amount is not None else "growth:yoy"
    key = key or f"JP|{metric}|||{start}|{end}|{unit}"
    return Report(fact_pk=abs(hash((article, fact))) % 10**9, key=key, record_id=article, sha256=f"{article:0>64}",
                  published=published, fact_id=fact, metric=metric, period_start=start, period_end=end,
                  granularity="month", amount=Decimal(amount) if amount is not None else None,
                  currency="USD" if amount is not None else None, approximate=False,
                  value_text=text or (f"{Decimal(amount) / 10**9} billion dlrs" if amount is not None else None),
                  growth_percent=Decimal(growth) if growth is not None else None,
                  growth_basis="yoy" if growth is not None else None, growth_points=False, revision=revision)


def test_the_most_recent_publication_is_chosen():
    old, new = report("a", "4800000000", published=date(1987, 3, 1)), report("b", "4770000000")
    assert choose([old, new]) is new and choose([new, old]) is new


def test_a_figure_marked_revised_wins_on_the_same_day_and_precision_breaks_ties():
    plain, revised = report("a", "4800000000"), report("b", "4770000000", revision="revised")
    assert choose([plain, revised]) is revised
    rough, precise = report("a", "4800000000", text="4.8 billion dlrs"), report("b", "4770000000", text="4.77 billion")
    assert choose([rough, precise]) is precise
    replaced = report("c", "4770000000", text="4.77 billion", revision="previous")
    assert choose([replaced, rough]) is rough


def _codes(reports):
    summaries, findings = summarise(reports)
    return {(f.code, f.severity) for f in findings}, summaries, findings


def test_three_stories_of_one_figure_are_one_statistic_with_three_sources():
    _, summaries, findings = _codes([report(a, "4770000000") for a in ("r-1", "r-2", "r-3")])
    assert [(s.key, s.sources) for s in summaries] == [("JP|balance|||1986-02-01|1986-02-28|USD", 3)]
    assert findings == []


def test_conflict_beyond_rounding_and_its_near_miss():
    codes, _, findings = _codes([report("a", "9160000000", text="9.16 billion"), report("b", "8140000000")])
    assert codes == {("conflict", "warning")}
    assert "9.16 bn USD (a:f1, 1987-03-27) differs beyond rounding from 8.14 bn USD (b:f1" in findings[0].message
    # 4.8 billion is 4.77 billion rounded: no finding
    assert _codes([report("a", "4770000000", text="4.77 billion"), report("b", "4800000000", text="4.8 billion")])[0] \
        == set()


def test_a_lost_scale_word_is_an_error_conflict():
    codes, _, _ = _codes([report("a", "4770000000"), report("b", "4770000", text="4.77 mln dlrs")])
    assert codes == {("conflict", "error")}


def test_revision_marked_or_published_weeks_later():
    marked = [report("a", "4800000000", text="4.80 billion"), report("b", "4770000000", revision="revised")]
    assert _codes(marked)[0] == {("revision", "info")}
    later = [report("a", "4800000000", text="4.80 billion", published=date(1987, 3, 1)), report("b", "4770000000")]
    assert _codes(later)[0] == {("revision", "info")}
    # near miss: three days apart, unmarked: a conflict
    close = [report("a", "4800000000", text="4.80 billion", published=date(1987, 3, 24)), report("b", "4770000000")]
    assert _codes(close)[0] == {("conflict", "warning")}
    # far apart in size (a deficit read as a surplus) is no revision, however late
    flipped = [report("a", "-4770000000", published=date(1987, 3, 1)), report("b", "4770000000")]
    assert _codes(flipped)[0] == {("conflict", "warning")}


def test_series_growth_against_the_levels_a_year_apart():
    year_ago = report("a", "4770000000", published=date(1986, 3, 27))
    now = report("b", "8140000000", start=date(1987, 2, 1), end=date(1987, 2, 28), growth="70.6")
    assert _codes([year_ago, now])[0] == set()  # 8.14 / 4.77 = +70.6%
    wrong = report("b", "8140000000", start=date(1987, 2, 1), end=date(1987, 2, 28), growth="60")
    codes, summaries, findings = _codes([year_ago, wrong])
    assert codes == {("series-growth", "warning")}
    assert findings[0].key == "JP|balance|||1987-02-01|1987-02-28|USD" and "imply +70.6 percent" in findings[0].message
    assert [s.flags for s in summaries] == [[], ["series-growth"]]
    # a rate stated alone, by a third story
    rate = report("c", None, growth="60", start=date(1987, 2, 1), end=date(1987, 2, 28))
    assert ("series-growth", "warning") in _codes([year_ago, now, rate])[0]


def test_series_growth_within_one_article_is_left_to_the_per_article_check():
    year_ago = report("a", "4770000000", fact="f2")
    wrong = report("a", "8140000000", start=date(1987, 2, 1), end=date(1987, 2, 28), growth="60")
    assert _codes([year_ago, wrong])[0] == set()


def _month(article: str, month: int, amount: str, **kw) -> Report:
    start = date(1987, month, 1)
    end = date(1987, month + 1, 1) - timedelta(days=1)
    return report(article, amount, start=start, end=end, **kw)


def test_series_sum_of_months_against_their_quarter():
    months = [_month("a", 1, "1000000000", text="1.0 billion"), _month("b", 2, "1100000000", text="1.1 billion"),
              _month("c", 3, "1200000000", text="1.2 billion")]
    good = report("d", "3300000000", start=date(1987, 1, 1), end=date(1987, 3, 31), text="3.3 billion")
    assert _codes([*months, good])[0] == set()
    bad = report("d", "3600000000", start=date(1987, 1, 1), end=date(1987, 3, 31), text="3.6 billion")
    codes, _, findings = _codes([*months, bad])
    assert codes == {("series-sum", "warning")} and "its 3 months add up to 3.3 bn USD" in findings[0].message
    # near miss: a month unknown, nothing is compared
    assert _codes([*months[:2], bad])[0] == set()


def test_the_summary_does_not_depend_on_the_order_of_the_reports():
    reports = [report("a", "4800000000", text="4.80 billion", published=date(1987, 3, 24)),
               report("b", "4770000000", revision="revised"), report("c", "4770000", text="4.77 mln"),
               report("d", "8140000000", start=date(1987, 2, 1), end=date(1987, 2, 28), growth="60")]
    first = summarise(reports)
    for perm in itertools.permutations(reports):
        again = summarise(list(perm))
        assert [(s.key, s.chosen, s.sources, s.flags) for s in again[0]] == \
            [(s.key, s.chosen, s.sources, s.flags) for s in first[0]]
        assert again[1] == first[1]


@pytest.fixture
def scratch_rules(tmp_path, monkeypatch):
    from pathlib import Path

    real = Path(rules.rules_dir())
    for p in real.glob("*.yaml"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(rules, "rules_dir", lambda: tmp_path)
    rules.load_rules.cache_clear()
    stats.settings.cache_clear()
    yield tmp_path
    rules.load_rules.cache_clear()
    stats.settings.cache_clear()


def test_a_broken_statistics_rule_file_is_a_rule_file_error_naming_the_setting(scratch_rules):
    path = scratch_rules / "statistics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_days_apart: 14", "min_days_apart: soon"),
                    encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"statistics.yaml revision.min_days_apart"):
        stats.settings()


def test_a_bad_regex_in_the_statistics_rule_file_is_a_rule_file_error(scratch_rules):
    path = scratch_rules / "statistics.yaml"
    text = path.read_text(encoding="utf-8").replace("cue: '(?i)revis", "cue: '(?i)(revis")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"revision.cue.*not a regex"):
        stats.settings()
