"""Fact assembly, construction by construction (issue: every statistic as one linked, grounded fact).

Each case is a short text written for the construction it names, with the facts a reader
would write down.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extractor import extract

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_ee76471017dac53f.txt"


def _facts(text: str, published: str):
    r = extract(text, published=published)
    for f in r.facts + [p for p in r.partners] + [c for c in r.causes]:
        for s in f.evidence:
            assert text[s.start:s.end] == s.text
    return r


def _row(f):
    return (f.metric, f.region and f.region.code, f.counterpart and (f.counterpart.code or f.counterpart.name),
            f.segment, f.period and (f.period.start.isoformat(), f.period.end.isoformat()),
            f.value and (f.value.amount, f.value.currency), f.growth and f.growth.percent,
            f.share and f.share.percent)


def test_second_clause_inherits_period_and_region():
    r = _facts("China's exports rose 6.9 percent year on year to 10.95 trillion yuan in the first half, "
               "while imports climbed 4.7 percent.", "2024-07-13")
    assert [_row(f) for f in r.facts] == [
        ("exports", "CN", None, None, ("2024-01-01", "2024-06-30"), (Decimal("10950000000000"), "CNY"),
         Decimal("6.9"), None),
        ("imports", "CN", None, None, ("2024-01-01", "2024-06-30"), None, Decimal("4.7"), None),
    ]


def test_comparison_figure_takes_its_own_period_and_inherits_currency_and_scale():
    r = _facts("Japan's trade surplus rose to 8.14 billion dlrs in February from 5.37 billion in January, "
               "the Finance Ministry said.", "1987-03-10")
    assert [_row(f) for f in r.facts] == [
        ("balance", "JP", None, None, ("1987-02-01", "1987-02-28"), (Decimal("8140000000"), "USD"), None, None),
        ("balance", "JP", None, None, ("1987-01-01", "1987-01-31"), (Decimal("5370000000"), "USD"), None, None),
    ]


def test_deficit_with_a_counterpart_is_negative():
    r = _facts("The U.S. trade deficit with Japan narrowed to 4.1 billion dlrs in March from a gap of "
               "5.2 billion dlrs a year earlier.", "1987-04-20")
    assert [_row(f) for f in r.facts] == [
        ("balance", "US", "JP", None, ("1987-03-01", "1987-03-31"), (Decimal("-4100000000"), "USD"), None, None),
        ("balance", "US", "JP", None, ("1986-03-01", "1986-03-31"), (Decimal("-5200000000"), "USD"), None, None),
    ]
    assert [p.code for p in r.partners] == ["JP"]


def test_trading_partner_with_bilateral_trade_is_the_counterpart():
    r = _facts("ASEAN remained China's largest trading partner in 2023, with bilateral trade of 6.41 trillion "
               "yuan.", "2024-01-12")
    (f,) = r.facts
    assert _row(f) == ("trade", "CN", "ASEAN", None, ("2023-01-01", "2023-12-31"),
                       (Decimal("6410000000000"), "CNY"), None, None)
    assert [(p.name, p.role) for p in r.partners] == [("ASEAN", "largest trading partner")]


@pytest.mark.parametrize(("text", "partners"), [
    # a flow stated inside a reason names its partners too
    ("Peru's exports rose 9 percent in May, driven by shipments to China and Japan.", ["CN", "JP"]),
    ("Uruguay's surplus reflects imports of $4 billion, including trade with Bolivia and Paraguay.", ["BO", "PY"]),
    # a place in a reason that states no flow of its own is no partner
    ("Peru's exports to Chile rose 9 percent in May, driven by strong demand in China.", ["CL"]),
    # a copula ends the flow: "trade is vital to Britain" names no partner
    ("Japan's exports rose 5 pct in 1986. Howe urged restraint because free trade is vital to Britain.", []),
])
def test_partners_a_trade_flow_names(text, partners):
    assert [p.code for p in _facts(text, "2023-06-20").partners] == partners


def test_absolute_changes_and_forecasts_are_not_facts():
    r = _facts("Exports rose 2.78 billion dlrs to 95.7 billion dlrs in 1986. Exports this year are expected "
               "to total 110 billion dlrs.", "1987-02-10")
    assert [_row(f) for f in r.facts] == [
        ("exports", None, None, None, ("1986-01-01", "1986-12-31"), (Decimal("95700000000"), "USD"), None, None)]


def test_current_account_and_budget_figures_are_not_trade():
    r = _facts("The current account showed a deficit of 760 mln stg in the fourth quarter, and the budget "
               "surplus was 1.2 billion stg.", "1987-03-05")
    assert r.facts == []


@pytest.mark.parametrize("text", [
    "The port of Rotterdam handled 14.5 million TEU in 2023, up 3 percent, and employs 1,200 people.",
    "The country's population reached 1.41 billion in 2023, while the stock index rose 4.2 percent.",
    "Washington will impose a 25 percent tariff on steel imports from March 1, 2025, officials said.",
    "The trade ministry said 45 firms attended the fair on March 3, 2024 in Hanoi.",
], ids=["port capacity", "population and stock index", "a tariff rate", "a count of firms"])
def test_numbers_that_are_not_trade_statistics_yield_no_fact(text):
    assert _facts(text, "2024-03-05").facts == []


def test_headline_and_body_mentions_merge_into_one_fact():
    text = SEED.read_text(encoding="utf-8")
    f1 = extract(text).facts[0]
    assert [s.text for s in f1.evidence][:2] == ["31% foreign trade growth", "a yearly rise of 30.9 percent"]
    assert f1.growth.percent == Decimal("30.9")


def test_rate_before_its_own_noun_is_about_that_noun():
    r = _facts("Indonesia's imports of copra fell in 1986 after the 31 pct devaluation of the rupiah.",
               "1987-03-01")
    assert r.facts == []


def test_share_compared_with_an_earlier_year():
    r = _facts("Energy products accounted for 19 percent of EU imports in 2023, down from 27 percent in 2022.",
               "2024-02-15")
    assert [(f.segment, f.period.start, f.share.percent) for f in r.facts] == [
        ("energy products", date(2023, 1, 1), Decimal("19")), ("energy products", date(2022, 1, 1), Decimal("27"))]


def test_sentence_subject_is_the_region_of_its_statistic():
    r = _facts("Japan's trade surplus rose to 8.14 billion dlrs in February. The United States last year had "
               "a record trade deficit of 169.8 billion dlrs.", "1987-03-10")
    assert [(f.region.code, f.value.amount) for f in r.facts] == [
        ("JP", Decimal("8140000000")), ("US", Decimal("-169800000000"))]


def test_a_clause_continuing_a_current_account_figure_is_not_trade():
    r = _facts("Germany's current account surplus widened to 6.6 billion marks in February from 4.8 billion in "
               "January but was down from 6.85 billion posted in February 1986. The trade surplus in February "
               "widened to 10.4 billion marks.", "1987-03-26")
    assert [(f.metric, f.value.amount) for f in r.facts] == [("balance", Decimal("10400000000"))]


def test_figures_for_a_period_not_yet_over_are_targets():
    r = _facts("Hungary's trade with the West fell into a deficit of 539.4 mln dlrs in 1986. "
               "The trade surplus this year is put at 300 mln dlrs.", "1987-03-11")
    assert [(f.value.amount, f.period.start.year) for f in r.facts] == [(Decimal("-539400000"), 1986)]


def test_another_series_after_compared_with_is_the_same_period():
    r = _facts("Turkey's trade deficit widened to 382 mln dlrs in April. April exports totalled 702 mln dlrs "
               "compared with imports of 1.08 billion.", "1987-06-02")
    assert [(f.metric, f.period.start, f.value.amount) for f in r.facts][1:] == [
        ("exports", date(1987, 4, 1), Decimal("702000000")), ("imports", date(1987, 4, 1), Decimal("1080000000"))]


def test_a_bare_deficit_after_budget_talk_is_not_trade():
    r = _facts("The trade deficit hit 15 billion dlrs in January. Congress debated the budget this week. "
               "The House called for slashing the deficit to about 134 billion dlrs.", "1987-04-21")
    assert [f.value.amount for f in r.facts] == [Decimal("-15000000000")]


def test_a_bare_earlier_year_after_part_of_a_year_means_the_same_months():
    r = _facts("The Philippines' trade deficit widened to 542 mln dlrs in the eight months to end-August. "
               "Exports in the eight-month period rose to 3.58 billion dlrs from 3.18 billion in 1986.", "1987-10-19")
    assert [(f.metric, f.period.start, f.period.end) for f in r.facts][1:] == [
        ("exports", date(1987, 1, 1), date(1987, 8, 31)), ("exports", date(1986, 1, 1), date(1986, 8, 31))]


def test_the_headline_period_is_the_context_of_the_lead():
    r = extract("The trade surplus doubled to 261 mln dlrs from January's 129 mln.", published="1987-03-16",
                title="BRAZIL TRADE SURPLUS RISES IN FEBRUARY")
    assert [(f.period.start, f.value.amount) for f in r.facts] == [
        (date(1987, 2, 1), Decimal("261000000")), (date(1987, 1, 1), Decimal("129000000"))]


def test_a_month_with_last_year_apart_is_that_month_a_year_before():
    r = _facts("Canada had a trade surplus of 533 mln dlrs in January. The January surplus last year was "
               "1.19 billion dlrs.", "1987-03-10")
    assert [(f.period.start, f.value.amount) for f in r.facts] == [
        (date(1987, 1, 1), Decimal("533000000")), (date(1986, 1, 1), Decimal("1190000000"))]
