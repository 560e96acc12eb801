"""Contradictions that planted errors (bench/mutate.py, issue 16) showed the checks missing, written for
these tests and read by the whole pipeline, each beside the consistent or explained text that must stay
quiet."""
from __future__ import annotations

import extractor

PUBLISHED = "2024-06-20"


def _checks(text: str, code: str, published: str = PUBLISHED) -> list[tuple[str, list[str], str]]:
    result = extractor.extract(text, id="t", published=published)
    return [(c.severity, c.facts, c.message) for c in result.checks if c.code == code]


def _severe(text: str, code: str, published: str = PUBLISHED) -> list[tuple[str, list[str], str]]:
    return [c for c in _checks(text, code, published) if c[0] != "info"]


# ---- rounding: two facts of one statistic whose amounts are a near miss ---------------------------

# the same month's surplus stated twice, one unit of the last digit apart
TWICE = ("Chile posted a trade surplus of 1.25 billion dollars in April, against 4.38 billion dollars in March, the "
         "central bank said on Tuesday.\n\nThe March surplus was 4.37 billion dollars.")
# ... the same figures, the text saying one replaced the other: a revision, no misprint
REVISED = ("Chile posted a trade surplus of 1.25 billion dollars in April, against an upward revised 4.38 billion "
           "dollars in March, the central bank said on Tuesday.\n\nThe March surplus was first put at 4.37 billion "
           "dollars.")
# ... a loose round figure of the same month (a forecast the article reports): further apart than 2%
LOOSE = ("Chile posted a trade surplus of 4.37 billion dollars in March, the central bank said on Tuesday.\n\n"
         "Traders had bet on a 4.5 billion dollar surplus in March.")


def test_one_statistic_stated_twice_a_unit_apart_warns():
    [(severity, facts, message)] = _severe(TWICE, "rounding")
    assert severity == "warning" and facts == ["f2", "f3"]
    assert "4.38 bn USD and 4.37 bn USD" in message and "no rounding reconciles" in message


def test_a_figure_the_text_marks_as_revised_is_no_misprint():
    assert _severe(REVISED, "rounding") == []


def test_a_round_figure_further_apart_than_the_relative_bound_passes():
    assert _severe(LOOSE, "rounding") == []


# ---- rounding: a headline that rounds the body's rate, with the opposite sign --------------------

FLIPPED_HEADLINE = ("Peru's exports up 9% in May\n\nPeru's exports fell 8.8 percent year on year in May to 5.12 "
                    "billion dollars, the trade ministry said.")
ROUNDED_HEADLINE = ("Peru's exports down 9% in May\n\nPeru's exports fell 8.8 percent year on year in May to 5.12 "
                    "billion dollars, the trade ministry said.")


def test_a_headline_rate_rounding_the_body_with_the_other_sign_warns():
    [(severity, facts, message)] = _severe(FLIPPED_HEADLINE, "rounding")
    assert severity == "warning" and len(facts) == 2 and "+9 and -8.8 percent" in message


def test_a_headline_rounding_the_body_with_its_sign_passes():
    assert _severe(ROUNDED_HEADLINE, "rounding") == []


# ---- conversion-rate: conversions the ECB history cannot check, against each other ---------------

TENGE = ("Kazakhstan's exports reached 9.1 trillion tenge (about $20.2 billion) in 2023, the statistics bureau said."
         "\n\nImports came to 6.3 trillion tenge (about ${imports} billion) in 2023.")
# the second conversion is no fact (a difference, not a level), yet the writer's rate all the same
STERLING = ("Britain's trade with Japan came to 6.4 billion sterling (9.6 billion dlrs) last year, the minister said."
            "\n\nHe said Japan sold Britain 2.9 billion sterling ({more} billion dlrs) more than it bought.")


def test_two_conversions_of_a_currency_without_ecb_rates_at_odds_are_one_error():
    [(severity, facts, message)] = _severe(TENGE.format(imports="1.39"), "conversion-rate")
    assert severity == "error" and facts == ["f1", "f2"]
    assert "450.495 KZT per USD" in message and "no rate to tell which is wrong" in message


def test_conversions_at_one_rate_are_left_as_info():
    checks = _checks(TENGE.format(imports="13.9"), "conversion-rate")
    assert [c[0] for c in checks] == ["info", "info"]
    assert all("agrees with the article's other conversion of KZT to USD (1)" in c[2] for c in checks)


def test_a_conversion_of_the_text_outside_the_facts_checks_a_fact():
    [(severity, facts, message)] = _severe(STERLING.format(more="44"), "conversion-rate", "1987-04-20")
    assert severity == "error" and facts == ["f1"] and "'2.9 billion sterling (44 billion dlrs)' (no fact)" in message
    assert _severe(STERLING.format(more="4.4"), "conversion-rate", "1987-04-20") == []


# ---- rounding: figures measured differently are two statistics ----------------------------------

NOMINAL_REAL = ("Sweden's exports fell {nominal}3 percent in 2023, the statistics office said on Monday.\n\n"
                "{volume}Sweden's exports rose 2.6 percent in 2023, helped by machinery and timber.")
ADJUSTED = ("Norway's {adjusted}trade surplus was 41.74 billion crowns in May, the statistics office said.\n\n"
            "{unadjusted}The May surplus was 41.75 billion crowns.")


def test_a_nominal_and_a_volume_rate_of_one_statistic_are_two_statistics():
    assert _severe(NOMINAL_REAL.format(nominal="by a nominal ", volume="In volume terms, "), "rounding") == []
    [(severity, _, _)] = _severe(NOMINAL_REAL.format(nominal="", volume=""), "rounding")
    assert severity == "warning"


def test_an_adjusted_and_an_unadjusted_amount_are_two_statistics():
    assert _severe(ADJUSTED.format(adjusted="seasonally adjusted ", unadjusted="Unadjusted, "), "rounding") == []
    [(severity, _, _)] = _severe(ADJUSTED.format(adjusted="", unadjusted=""), "rounding")
    assert severity == "warning"
