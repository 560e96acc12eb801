"""Each consistency check on hand-built facts: the case that fires, and the near miss that must not."""
from __future__ import annotations

from decimal import Decimal

import pytest
from checkfacts import CN, H1_2024, article, codes, fact, growth, money, period, place, share

from extractor.checks.components_sum import components_sum
from extractor.checks.conversion_rate import conversion_rate
from extractor.checks.duplicate_figure import duplicate_figure
from extractor.checks.growth_direction import growth_direction
from extractor.checks.implied_growth import implied_growth
from extractor.checks.part_exceeds_whole import part_exceeds_whole
from extractor.checks.period_label import period_label
from extractor.checks.points_vs_percent import points_vs_percent
from extractor.checks.rounding import rounding
from extractor.checks.share_range import share_range
from extractor.checks.share_vs_values import share_vs_values

US = place("United States", "US")
JP = place("Japan", "JP")
ASEAN = place("ASEAN", None, "bloc")


# ---- conversion-rate ----------------------------------------------------------------------------

def _converted(usd: str, per=H1_2024, currency="CNY", amount="12.13 trillion"):
    return [fact("f1", "exports", value=money(amount, currency), per=per,
                 equivalents=[money(usd, "USD", approximate=True)])]


def test_conversion_at_the_period_average_passes():
    # the ECB average for H1 2024 is about 7.2 yuan per dollar; 12.13 / 1.7 = 7.14
    assert conversion_rate(_converted("1.7 trillion"), article()) == []


def test_conversion_off_by_twelve_percent_warns_with_both_rates():
    [check] = conversion_rate(_converted("1.5 trillion"), article())
    assert (check.code, check.severity, check.facts) == ("conversion-rate", "warning", ["f1"])
    assert "8.0867 CNY per USD" in check.message and "2024-01-01 to 2024-06-30" in check.message
    assert "7.2" in check.message


def test_conversion_with_a_lost_scale_word_is_an_error():
    assert codes(conversion_rate(_converted("170 billion"), article())) == [("conversion-rate", "error")]


def test_conversion_at_the_rate_of_the_publication_day_passes():
    # the yen fell from about 115 per dollar in January 2022 to about 128 in mid-April; a January
    # figure converted at the day of publication (12 percent off the month's average) is not wrong
    jan = period("2022-01-01", "2022-01-31", "January", "month")
    facts = _converted("10.0 billion", per=jan, currency="JPY", amount="1.28 trillion")
    assert conversion_rate(facts, article("2022-04-20")) == []
    # ... but a rate from months after the article's date is no excuse: 149 is the rate of October
    late = _converted("10.0 billion", per=jan, currency="JPY", amount="1.49 trillion")
    assert codes(conversion_rate(late, article("2022-10-20"))) == [("conversion-rate", "warning")]
    # and without the article only the period itself counts
    assert codes(conversion_rate(facts, None)) == [("conversion-rate", "warning")]


@pytest.mark.parametrize("currency, amount, per", [
    ("VND", "1,020 trillion", H1_2024),                                   # not in the ECB history
    ("DEM", "11.6 billion", period("1987-02-01", "1987-02-28", "February")),  # historic, and before 1999
    ("JPY", "10.5 trillion", period("1987-02-01", "1987-02-28", "February")),  # known currency, before 1999
])
def test_conversion_without_a_rate_is_info_never_a_guess(currency, amount, per):
    [check] = conversion_rate(_converted("40.5 billion", per=per, currency=currency, amount=amount), article())
    assert check.severity == "info" and "not checked" in check.message


def test_conversion_without_a_period_is_info():
    assert codes(conversion_rate(_converted("1.5 trillion", per=None), article())) == [("conversion-rate", "info")]


def test_conversion_never_downloads(monkeypatch):
    import currency_converter.currency_converter as cc

    from extractor.checks import rates

    def no_network(*args, **kwargs):
        raise AssertionError("the checks must not download rates")

    monkeypatch.setattr(cc, "urlopen", no_network)
    rates.converter.cache_clear()
    try:
        assert conversion_rate(_converted("1.7 trillion"), article()) == []
    finally:
        rates.converter.cache_clear()


# ---- components-sum -----------------------------------------------------------------------------

def _trade(total: str, exports="10.95 trillion", imports="9.18 trillion", metric="trade"):
    return [fact("f1", metric, value=total), fact("f2", "exports", value=exports), fact("f3", "imports", value=imports)]


def test_total_trade_off_by_more_than_rounding_warns_with_the_sum():
    [check] = components_sum(_trade("20.31 trillion"))
    assert (check.code, check.severity, check.facts) == ("components-sum", "warning", ["f1", "f2", "f3"])
    assert check.message == ("Exports 10.95 trn + imports 9.18 trn = 20.13 trn CNY, but total trade is stated as "
                             "20.31 trn CNY (0.89% apart).")


def test_total_trade_within_rounding_passes():
    # 10.95 + 9.18 = 20.13, each figure +-0.005: 20.14 is still possible
    assert components_sum(_trade("20.14 trillion")) == []
    assert components_sum(_trade("20.1 trillion")) == []


def test_balance_with_a_lost_scale_word_is_an_error_naming_the_figure():
    [check] = components_sum(_trade("940.8 mln", exports="3.24 mln", imports="2.30 billion", metric="balance"))
    assert check.severity == "error" and "exports of 3.24 bn would fit" in check.message


def test_balance_with_the_wrong_sign_is_a_warning_that_says_so():
    [check] = components_sum(_trade("-0.28 billion", exports="4.21 billion", imports="3.93 billion",
                                    metric="balance"))
    assert check.severity == "warning" and "opposite sign" in check.message


def test_two_totals_for_one_period_are_not_summed():
    facts = _trade("20.31 trillion") + [fact("f4", "trade", value="20.13 trillion")]
    assert components_sum(facts) == []


def test_figures_of_different_periods_are_not_summed():
    facts = _trade("20.31 trillion")
    facts[0] = fact("f1", "trade", value="20.31 trillion", per=period("2023-01-01", "2023-06-30", "H1 2023"))
    assert components_sum(facts) == []


# ---- part-exceeds-whole -------------------------------------------------------------------------

def test_a_partner_above_the_total_warns():
    facts = [fact("f1", "exports", value="8.52 trillion"), fact("f2", "exports", value="9.31 trillion", counterpart=US)]
    [check] = part_exceeds_whole(facts)
    assert (check.severity, check.facts) == ("warning", ["f2", "f1"])
    assert "9.31 trn JPY" not in check.message and "9.31 trn CNY" in check.message


def test_a_partner_equal_to_the_total_within_rounding_passes():
    facts = [fact("f1", "exports", value="8.52 trillion"), fact("f2", "exports", value="8.524 trillion",
                                                                    counterpart=US)]
    assert part_exceeds_whole(facts) == []


def test_a_segment_ten_times_the_total_is_an_error():
    facts = [fact("f1", "imports", value="0.85 trillion"), fact("f2", "imports", value="8.5 trillion", segment="oil")]
    assert codes(part_exceeds_whole(facts)) == [("part-exceeds-whole", "error")]


def test_a_bilateral_surplus_may_exceed_the_overall_one():
    facts = [fact("f1", "balance", value="0.5 trillion"), fact("f2", "balance", value="2.1 trillion", counterpart=US)]
    assert part_exceeds_whole(facts) == []


# ---- share-range --------------------------------------------------------------------------------

@pytest.mark.parametrize("percent", ["120.5", "-3"])
def test_a_share_outside_0_to_100_is_an_error(percent):
    assert codes(share_range([fact("f1", "exports", share=share(percent), counterpart=US)])) == [
        ("share-range", "error")]


def test_shares_of_two_countries_above_100_warn():
    facts = [fact("f1", "exports", share=share("55.2"), counterpart=US),
             fact("f2", "exports", share=share("48.6"), counterpart=JP)]
    [check] = share_range(facts)
    assert (check.severity, check.facts) == ("warning", ["f1", "f2"]) and "103.8 percent" in check.message


def test_shares_of_two_countries_at_100_within_rounding_pass():
    # "60 percent" may be 59.5: the two can sum to 99.85
    facts = [fact("f1", "exports", share=share("60"), counterpart=US),
             fact("f2", "exports", share=share("40.4"), counterpart=JP)]
    assert share_range(facts) == []


def test_shares_of_overlapping_groups_are_not_summed():
    bri = place("Belt and Road Initiative countries", None, "group")
    facts = [fact("f1", "trade", share=share("92.5"), counterpart=bri),
             fact("f2", "trade", share=share("15.3"), counterpart=ASEAN),
             fact("f3", "trade", share=share("92.5"), segment="private enterprises")]
    assert share_range(facts) == []


# ---- share-vs-values ----------------------------------------------------------------------------

def _part_of(total: str, part: str, percent: str, of: str = "the country's total exports"):
    return [fact("f1", "exports", value=total, currency="USD"),
            fact("f2", "exports", value=part, currency="USD", counterpart=US, share=share(percent, of))]


def test_a_share_disagreeing_with_the_values_warns():
    [check] = share_vs_values(_part_of("80.0 billion", "20.0 billion", "35.5"))
    assert (check.severity, check.facts) == ("warning", ["f2", "f1"])
    assert "is 25 percent of" in check.message and "35.5 percent" in check.message


def test_a_share_agreeing_within_rounding_passes():
    # 20.0 / 80.0 with rounding is 24.92 .. 25.08 percent
    assert share_vs_values(_part_of("80.0 billion", "20.0 billion", "25.04")) == []


def test_a_share_of_world_trade_is_not_a_share_of_the_region_total():
    assert share_vs_values(_part_of("80.0 billion", "20.0 billion", "3.1", of="world exports")) == []


# ---- growth-direction ---------------------------------------------------------------------------

def test_a_sign_contradicting_its_phrase_is_an_error():
    facts = [fact("f1", "imports", growth=growth("5.2", text="fell 5.2 percent"))]
    [check] = growth_direction(facts)
    assert check.severity == "error" and "+5.2 percent" in check.message and "'fell 5.2 percent'" in check.message


@pytest.mark.parametrize("percent, text", [("-0.5", "0.5 pct less than"), ("18.2", "18.2 per cent more than"),
                                           ("-12.5", "were down by 12.5 pct"), ("3", "rose\nthree pct"),
                                           ("24.4", "24.4 pct")])
def test_a_sign_agreeing_with_its_phrase_passes(percent, text):
    assert growth_direction([fact("f1", "exports", growth=growth(percent, text=text))]) == []


def test_a_phrase_naming_both_directions_warns():
    facts = [fact("f1", "exports", growth=growth("3", text="fell in March but were up 3 pct"))]
    assert codes(growth_direction(facts)) == [("growth-direction", "warning")]


# ---- rounding -----------------------------------------------------------------------------------

def test_merged_mentions_beyond_rounding_warn():
    facts = [fact("f1", "trade", growth=growth("29.6", text="a yearly rise of 29.6 percent"),
                  evidence=["31% foreign trade growth", "a yearly rise of 29.6 percent"])]
    [check] = rounding(facts)
    assert check.severity == "warning" and "31 and 29.6 percent" in check.message


def test_a_headline_rounding_the_body_passes():
    facts = [fact("f1", "trade", growth=growth("30.9", text="a yearly rise of 30.9 percent"),
                  evidence=["31% foreign trade growth", "a yearly rise of 30.9 percent"])]
    assert rounding(facts) == []


@pytest.mark.parametrize("headline, body", [
    ("18.1", "18.2"),     # "up 18.1%" over "rose 18.2%": the extractor keeps the two apart
    ("31", "30.2"),       # 30.2 rounds to 30, not 31
    ("-12.5", "12.5"),    # "down 12.5%" over "rose 12.5 percent"
])
def test_two_facts_of_one_statistic_a_rounding_apart_warn(headline, body):
    facts = [fact("f1", "exports", growth=growth(headline), per=None), fact("f2", "exports", growth=growth(body))]
    [check] = rounding(facts)
    assert (check.code, check.severity, check.facts) == ("rounding", "warning", ["f1", "f2"])
    assert "no rounding reconciles" in check.message


@pytest.mark.parametrize("a, b, why", [
    ("11.3", "11.6", "three units apart: more likely two statistics than a misprint"),
    ("30.9", "31", "a rounding"),
])
def test_two_facts_of_one_statistic_apart_or_rounding_pass(a, b, why):
    assert rounding([fact("f1", "exports", growth=growth(a)), fact("f2", "exports", growth=growth(b))]) == [], why


def test_two_rates_of_different_bases_or_periods_are_not_compared():
    mom = fact("f2", "exports", growth=growth("-12.5", basis="mom"))
    other = fact("f2", "exports", growth=growth("-12.5"), per=period("2023-01-01", "2023-06-30"))
    assert rounding([fact("f1", "exports", growth=growth("12.5")), mom]) == []
    assert rounding([fact("f1", "exports", growth=growth("12.5")), other]) == []


def test_merged_amounts_are_compared_in_the_fact_currency():
    agree = fact("f1", "trade", value="285.32 billion", evidence=["285.32 billion yuan", "285.3 billion yuan",
                                                                  "$40.55 billion"])
    differ = fact("f1", "trade", value="285.32 billion", evidence=["285.32 billion yuan", "258.32 billion yuan"])
    assert rounding([agree]) == []
    assert codes(rounding([differ])) == [("rounding", "warning")]


# ---- implied-growth -----------------------------------------------------------------------------

Y2023, Y2022 = period("2023-01-01", "2023-12-31", "2023", "year"), period("2022-01-01", "2022-12-31", "2022", "year")


def _levels(percent: str, basis: str | None = "yoy"):
    return [fact("f1", "exports", value="45.0 billion", per=Y2023, growth=growth(percent, basis=basis)),
            fact("f2", "exports", value="38.2 billion", per=Y2022)]


def test_levels_implying_another_growth_warn():
    [check] = implied_growth(_levels("12.5"))
    assert (check.severity, check.facts) == ("warning", ["f1", "f2"])
    assert "+17.8 percent" in check.message and "+12.5 percent" in check.message


@pytest.mark.parametrize("percent, basis", [("17.8", "yoy"), ("18", None), ("17.6", "yoy")])
def test_levels_agreeing_within_rounding_pass(percent, basis):
    # 45.0 / 38.2 - 1 is 17.80 percent; with both levels rounded it may be 17.6 .. 18.0
    assert implied_growth(_levels(percent, basis)) == []


def test_a_rate_against_the_previous_month_names_its_basis():
    feb, jan = period("1987-02-01", "1987-02-28", "February", "month"), period("1987-01-01", "1987-01-31", "January")
    feb86 = period("1986-02-01", "1986-02-28", "February 1986", "month")
    facts = [fact("f1", "exports", value="20.61 billion", per=feb, growth=growth("-20.9")),
             fact("f2", "exports", value="26.06 billion", per=jan),
             fact("f3", "exports", value="15.22 billion", per=feb86)]
    [check] = implied_growth(facts)
    assert check.facts == ["f1", "f3"] and "the basis may be mom" in check.message


def _rest(whole: str, part: str, part_share: str):
    return [fact("f1", "trade", growth=growth(whole)),
            fact("f2", "trade", growth=growth(part), share=share(part_share), counterpart=ASEAN)]


def test_a_rest_that_must_have_been_negative_warns():
    [check] = implied_growth(_rest("30", "2", "95"))
    assert (check.severity, check.facts) == ("warning", ["f2", "f1"]) and "impossible" in check.message


def test_a_striking_rest_is_info_with_the_figure():
    [check] = implied_growth(_rest("5", "20", "95"))
    assert check.severity == "info" and "-68.9 percent" in check.message


def test_the_seed_figures_imply_an_unremarkable_rest():
    # BRI trade 92.5 percent of the total, up 28 percent, total up 30.9: the rest grew about 82 percent
    assert implied_growth(_rest("30.9", "28", "92.5")) == []


# ---- duplicate-figure ---------------------------------------------------------------------------

def test_the_same_share_for_two_subjects_warns():
    facts = [fact("f1", "trade", share=share("92.5"), counterpart=ASEAN),
             fact("f2", "trade", share=share("92.5"), segment="private enterprises")]
    assert [(c.code, c.severity, c.facts) for c in duplicate_figure(facts)] == [
        ("duplicate-figure", "warning", ["f1", "f2"])]


def test_a_text_pasted_twice_warns():
    texts = ["rose 4.2 percent", "140.5 billion ringgit", "climbed 9.1 percent"]
    facts = [fact("f1", "exports", growth=growth("4.2"), evidence=texts[:2] + ["x" * 50]),
             fact("f2", "imports", growth=growth("9.1"), evidence=texts[2:])]
    # lay the spans out as the text reads: the three figures, then the same three again
    spans = [(0, texts[0]), (20, texts[1]), (50, texts[2]), (80, texts[0]), (100, texts[1]), (130, texts[2])]
    from extractor.models import Span
    ev = [Span(start=a, end=a + len(t), text=t) for a, t in spans]
    facts = [facts[0].model_copy(update={"evidence": [ev[0], ev[1], ev[3], ev[4]]}),
             facts[1].model_copy(update={"evidence": [ev[2], ev[5]]})]
    [check] = duplicate_figure(facts)
    assert check.severity == "warning" and "appear twice in the same order" in check.message


def test_a_headline_repeating_one_figure_passes():
    facts = [fact("f1", "exports", growth=growth("4.2"), evidence=["rise 4.2%", "rose 4.2 percent", "140.5 billion"]),
             fact("f2", "imports", growth=growth("9.1"), evidence=["climbed 9.1 percent"])]
    assert duplicate_figure(facts) == []


# ---- period-label -------------------------------------------------------------------------------

def test_a_label_contradicting_its_dates_warns():
    facts = [fact("f1", "exports", value="14.45 trillion",
                  per=period("2024-01-01", "2024-08-31", "the first seven months", "ytd"))]
    [check] = period_label(facts, article("2024-09-12"))
    assert check.severity == "warning" and "2024-01-01 to 2024-07-31" in check.message


def test_a_comparison_period_carrying_the_label_of_its_figure_passes():
    # "rose to 10.3 billion in February from 9.9 billion": the January figure carries "February"
    facts = [fact("f1", "exports", value="9.9 billion", per=period("1987-01-01", "1987-01-31", "February", "month"))]
    assert period_label(facts, article("1987-04-21")) == []


def test_a_period_ending_after_publication_warns():
    facts = [fact("f1", "exports", value="16.45 trillion",
                  per=period("2024-01-01", "2024-08-31", "the first eight months of this year", "ytd"))]
    assert codes(period_label(facts, article("2024-05-09"))) == [("period-label", "warning")]
    assert period_label(facts, article("2024-08-20")) == []  # within the grace of 15 days
    assert period_label(facts, article("2024-09-09")) == []


def test_a_period_after_an_inferred_reference_date_passes():
    # the seed's date comes from a photo caption, not the publication: nothing to compare with
    facts = [fact("f1", "exports", value="16.45 trillion",
                  per=period("2024-01-01", "2024-08-31", "the first eight months of this year", "ytd"))]
    assert period_label(facts, article(None)) == []


# ---- points-vs-percent --------------------------------------------------------------------------

def test_a_points_phrase_stored_as_percent_warns():
    facts = [fact("f1", "exports", growth=growth("-0.7", text="a decline of 0.7 percentage points", points=False))]
    assert codes(points_vs_percent(facts)) == [("points-vs-percent", "warning")]


def test_a_points_phrase_stored_as_points_passes():
    facts = [fact("f1", "exports", growth=growth("-0.7", text="a decline of 0.7 percentage points", points=True))]
    assert points_vs_percent(facts) == []


def _shares(change: str, points: bool, text: str):
    return [fact("f1", "exports", counterpart=CN, per=Y2023, share=share("6.1"),
                 growth=growth(change, text=text, points=points)),
            fact("f2", "exports", counterpart=CN, per=Y2022, share=share("6.8"))]


def test_a_share_change_in_points_stated_as_percent_warns():
    [check] = points_vs_percent(_shares("-0.7", False, "fell 0.7 percent"))
    assert check.facts == ["f1", "f2"] and "percentage points" in check.message


def test_a_share_change_in_percent_stated_as_points_warns():
    # 6.1 against 6.8 is -0.7 points or -10.3 percent
    [check] = points_vs_percent(_shares("-10.3", True, "fell 10.3 percentage points"))
    assert "change in percent" in check.message


def test_a_share_change_in_points_stated_as_points_passes():
    assert points_vs_percent(_shares("-0.7", True, "a decline of 0.7 percentage points")) == []


def test_a_value_growth_beside_two_shares_is_not_read_as_points():
    facts = _shares("-0.7", False, "fell 0.7 percent")
    facts[0] = facts[0].model_copy(update={"value": money("120.5 billion")})
    assert points_vs_percent(facts) == []


def test_decimal_amounts_survive_the_checks_unchanged():
    # the checks read the facts; they never round or rewrite them
    f = fact("f1", "exports", value="10.95 trillion")
    components_sum([f])
    assert f.value.amount == Decimal(10950000000000)
