"""False alarms on consistent articles (issue 16): constructions that recur in trade news, written for
these tests and read by the whole pipeline, with the near miss that must still raise its warning."""
from __future__ import annotations

import pytest
from checkfacts import fact, growth, money, period

import extractor
from extractor.checks.growth_direction import growth_direction
from extractor.checks.implied_growth import implied_growth

PUBLISHED = "2024-05-10"
Y2023, Y2022 = period("2023-01-01", "2023-12-31", "2023", "year"), period("2022-01-01", "2022-12-31", "2022", "year")

# a rate and the two levels it compares in one sentence: the article itself pairs them
NEAR = ("Brazil's exports rose 12.5 percent to 45.0 billion U.S. dollars in 2023 from 38.2 billion U.S. dollars "
        "in 2022, the trade ministry said on Friday.")

# the lead gives a rate of one measure (volume), a later paragraph the values of another year
FAR = ("Exports of Chilean wine rose 14.9 percent last year to 61 million litres, the vintners' association said "
       "on Monday.\n\nThe association said most of the wine shipped abroad came from the Maule valley, and that "
       "China, Brazil and the United States remained the largest buyers of the country's bottles.\n\n"
       "The value of wine exports reached 34.7 million dollars in 2023, up from 27.6 million dollars in 2022.")

# ... but a lead rate whose size the levels confirm and whose direction they contradict is a direction error
FAR_FLIPPED = ("Trade between Chile and Peru dropped 90 percent in 2023 from 2022, the foreign ministry said on "
               "Monday.\n\nOfficials said a new customs accord signed in March had cut waiting times at the border "
               "and encouraged more firms to ship goods.\n\nTrade between the two countries totalled 1.3 billion "
               "dollars in 2023, against 700 million dollars in 2022.")

# "fell 2.2 percent, or 1.4 billion": the change in money sits where a level goes; the rate fits the level
RECONCILED = ("Oman's merchandise imports fell 2.2 percent, or 1.4 billion rials, to 60.1 billion rials in October "
              "from 61.5 billion rials a year ago, the statistics centre said on Sunday.")

# a bound before the figure: "more than 40 percent" is 40 or more, and names no direction
BOUNDED_LEVELS = ("Ghana's exports to India jumped by more than 40 percent to 3.92 billion dollars in 2023, compared "
                  "with 2.71 billion dollars a year earlier, the central bank said.")
BOUNDED_FALL = ("Malaysia's exports of natural rubber fell by more than 30 percent in March from the previous month "
                "to 2.40 billion ringgit, down from 3.46 billion ringgit in February, the statistics department said "
                "on Tuesday.")


def _checks(text: str, code: str) -> list[tuple[str, str]]:
    result = extractor.extract(text, id="t", published=PUBLISHED)
    return [(c.severity, c.message) for c in result.checks if c.code == code]


def test_a_rate_beside_both_levels_that_they_contradict_warns():
    [(severity, message)] = _checks(NEAR, "implied-growth")
    assert severity == "warning" and "+17.8 percent" in message and "+12.5 percent" in message


def test_a_rate_stated_paragraphs_away_from_the_earlier_level_is_info():
    [(severity, message)] = _checks(FAR, "implied-growth")
    assert severity == "info"
    assert "+25.7 percent" in message and "+14.9 percent" in message and "characters away" in message


def test_a_far_rate_of_the_right_size_and_the_wrong_direction_still_warns():
    [(severity, message)] = _checks(FAR_FLIPPED, "implied-growth")
    assert severity == "warning" and "+85.7 percent" in message and "-90 percent" in message


def test_a_rate_that_fits_another_level_of_the_same_statistic_is_info():
    [(severity, message)] = _checks(RECONCILED, "implied-growth")
    assert severity == "info" and "the rate fits 60.1 bn" in message


def test_a_rate_with_a_lower_bound_is_not_contradicted_by_a_larger_change():
    # 3.92 against 2.71 is +44.6 percent (44.2 to 45.1 with their rounding): more than 40
    assert _checks(BOUNDED_LEVELS, "implied-growth") == []
    flipped = BOUNDED_LEVELS.replace("jumped", "dropped")
    assert [s for s, _ in _checks(flipped, "implied-growth")] == ["warning"]


def test_a_bound_before_the_figure_names_no_direction():
    result = extractor.extract(BOUNDED_FALL, id="t", published=PUBLISHED)
    assert [c for c in result.checks if c.code == "growth-direction"] == []
    # the verb still names the direction: the same phrase stored as a rise is an error
    [f] = [f for f in result.facts if f.growth is not None]
    assert f.growth.text == "fell by more than 30 percent"
    rise = f.model_copy(update={"growth": f.growth.model_copy(update={"percent": -f.growth.percent})})
    assert [c.severity for c in growth_direction([rise])] == ["error"]


@pytest.mark.parametrize("other, why", [
    ("17.68", "the levels fit another rate of the same statistic and period: the rate is another figure's"),
])
def test_levels_that_fit_another_stated_rate_are_info(other, why):
    facts = [fact("f1", "exports", value=money("581.1 billion"), per=Y2023, growth=growth("-8.57")),
             fact("f2", "exports", value=money("493.8 billion"), per=Y2022),
             fact("f3", "exports", per=Y2023, growth=growth(other))]
    [check] = implied_growth(facts)
    assert check.severity == "info" and "+17.68 percent of f3" in check.message, why


def test_levels_that_fit_the_same_rate_with_the_other_sign_still_warn():
    # a headline "up 17.7%" over a body "fell 17.7 percent": a direction error, not another figure
    facts = [fact("f1", "exports", value=money("581.1 billion"), per=Y2023, growth=growth("-17.7")),
             fact("f2", "exports", value=money("493.8 billion"), per=Y2022),
             fact("f3", "exports", per=Y2023, growth=growth("17.7"))]
    assert [c.severity for c in implied_growth(facts)] == ["warning"]


# an open economy trades more than it produces: a percent of GDP is a ratio, not a part of a whole
TRADE_TO_GDP = ("Vietnam's foreign trade reached 683 billion dollars in 2023, equal to 158 percent of its gross "
                "domestic product, the General Statistics Office said.")


def test_trade_above_100_percent_of_gdp_is_no_share_out_of_range():
    assert _checks(TRADE_TO_GDP, "share-range") == []
    # ... while a share of the country's own trade above 100 is
    own = TRADE_TO_GDP.replace("equal to 158 percent of its gross domestic product", "158 percent of its total trade")
    assert [s for s, _ in _checks(own, "share-range")] == ["error"]


def test_a_surplus_above_100_percent_of_gdp_is_out_of_range():
    # net exports are part of GDP: no surplus passes it
    surplus = "Vietnam's trade surplus reached 28 billion dollars in 2023, equal to 158 percent of its GDP."
    assert [s for s, _ in _checks(surplus, "share-range")] == ["error"]
