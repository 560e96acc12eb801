"""The public API: extractor.extract / parse_money / parse_period / parse_change."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor


def test_import_loads_no_model():
    code = "import sys, extractor; extractor.parse_money; assert 'spacy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_parse_money():
    m = extractor.parse_money("285.32 billion yuan")
    assert (m.amount, m.currency, m.approximate) == (Decimal("285320000000"), "CNY", False)


def test_parse_period():
    p = extractor.parse_period("the first eight months of this year", date(2024, 9, 12))
    assert (p.start, p.end, p.granularity) == (date(2024, 1, 1), date(2024, 8, 31), "ytd")


def test_parse_change():
    g = extractor.parse_change("fell 3.2 pct")
    assert (g.percent, g.points) == (Decimal("-3.2"), False)


def test_simple_sentence_end_to_end():
    r = extractor.extract("Exports rose 5.2 percent year on year to 1.2 trillion yuan in the first half.",
                          published="2024-07-15")
    (f,) = r.facts
    assert (f.metric, f.value.amount, f.value.currency, f.growth.percent, f.growth.basis) == (
        "exports", Decimal("1200000000000"), "CNY", Decimal("5.2"), "yoy")
    assert (f.period.start, f.period.end) == (date(2024, 1, 1), date(2024, 6, 30))


def test_text_without_statistics_has_no_facts():
    r = extractor.extract("The trade minister met her counterpart on March 3, 2024 to discuss 45 firms.",
                          published="2024-03-04")
    assert r.facts == []


_NEWSY = st.lists(st.sampled_from([
    "Exports rose", "imports fell", "3.2 pct", "to 4.5 billion dlrs", "from 1.2 billion", "in February",
    "a year earlier", "the trade deficit", "with Japan", "(about $40 billion)", "accounting for 92.5 percent",
    "due to lower prices", ",", ".", "\n", "\n\n", "Xinjiang's", "Search Trends", "I agree", "(((", "1e308 billion",
]), max_size=30).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NEWSY)
def test_extract_never_raises_and_spans_are_grounded(text):
    r = extractor.extract(text, published="1987-03-02")
    spans = [s for f in r.facts for s in f.evidence] + [s for c in r.causes for s in c.evidence] \
        + [s for p in r.partners for s in p.evidence]
    for s in spans:
        assert text[s.start:s.end] == s.text


def test_other_scripts_are_not_read_and_say_so():
    r = extractor.extract("وارتفعت الصادرات بنسبة 5 في المئة إلى 20 مليار دولار في مايو.", published="2024-09-12")
    assert r.article.language != "en" and r.facts == []
    assert [(c.code, c.severity) for c in r.checks] == [("unsupported-language", "info")]


def test_chinese_is_read_by_its_own_rules():
    r = extractor.extract("新疆前8个月外贸进出口总值2853.2亿元，同比增长30.9%。", published="2024-09-12")
    assert r.article.language == "zh"
    assert [(f.region.code, f.value.amount, f.growth.percent) for f in r.facts] == [
        ("CN-XJ", Decimal("285320000000"), Decimal("30.9"))]


def test_degenerate_repetition_is_masked_not_extracted():
    text = "Exports rose 5.2 percent to 1.2 trillion yuan in 2023. " + "trade " * 5000 + "(" * 20000
    r = extractor.extract(text, published="2024-01-15")
    assert [(f.metric, f.growth.percent) for f in r.facts] == [("exports", Decimal("5.2"))]


def test_official_model_name_is_accepted():
    r = extractor.extract("Exports rose 5.2 percent year on year to 1.2 trillion yuan in the first half.",
                          published="2024-07-15", model="en_core_web_sm")
    assert [f.metric for f in r.facts] == ["exports"]


# -- the API validates like the CLI (issue 20, point 4) -----------------------------------------

_H1 = "Exports rose 5.2 percent year on year to 1.2 trillion yuan in the first half."


@pytest.mark.parametrize("published", ["2024-13-01", "April 18, 2024", "18/04/2024", "yesterday", ""])
def test_a_published_that_is_no_date_is_refused(published):
    with pytest.raises(ValueError, match="published: not a date"):
        extractor.extract(_H1, published=published)


@pytest.mark.parametrize("published", ["2024-07-15", "2024-07-15T09:30:00Z", "2024-07-15T23:30:00-05:00",
                                       "Mon, 15 Jul 2024 09:30:00 GMT", date(2024, 7, 15)])
def test_obvious_date_forms_are_accepted(published):
    r = extractor.extract(_H1, published=published)
    assert (r.article.published, r.article.reference_basis) == (date(2024, 7, 15), "published")


def test_a_published_of_another_type_is_a_type_error():
    with pytest.raises(TypeError, match="published"):
        extractor.extract(_H1, published=20240715)


@pytest.mark.parametrize("articles, error, message", [
    ([{"text": None}], TypeError, r"articles\[0\]\['text'\]: the article text must be a str"),
    ([{"id": "a"}], TypeError, r"articles\[0\]: no 'text' key"),
    ([{"text": _H1}, 42], TypeError, r"articles\[1\]: expected a mapping"),
    ([{"text": _H1, "published": "2024-13-01"}], ValueError, r"articles\[0\]\['published'\]: not a date"),
    ([{"text": _H1, "title": 3}], TypeError, r"title: expected a str"),
])
def test_extract_many_refuses_what_is_not_an_article(articles, error, message):
    with pytest.raises(error, match=message):
        extractor.extract_many(articles)


def test_extract_many_takes_plain_texts():
    (r,) = extractor.extract_many([_H1])
    assert [f.metric for f in r.facts] == ["exports"]


def test_extract_many_returns_the_error_of_a_bad_article_in_its_place():
    out = extractor.extract_many([{"text": None}, {"text": _H1, "published": "2024-07-15"}], errors="return")
    assert isinstance(out[0], TypeError) and [f.metric for f in out[1].facts] == ["exports"]


def test_extract_many_refuses_an_unknown_errors_mode():
    with pytest.raises(ValueError, match="errors: expected 'raise' or 'return'"):
        extractor.extract_many([_H1], errors="ignore")


# -- the inferred reference date (issue 20, point 2) ---------------------------------------------

_CAPTIONED = """Vietnam's exports rise

A container ship at Hai Phong port, Vietnam, June 2, 2024. /CFP

Vietnam's exports rose 5 percent year on year last month to 30 billion dollars, the trade ministry said on {said}.
"""


def test_the_body_date_wins_over_a_photo_caption():
    r = extractor.extract(_CAPTIONED.format(said="March 14, 2024"))
    assert (r.article.reference_date, r.article.reference_basis) == (date(2024, 3, 14), "inferred-from-text")
    assert [(f.period.start, f.period.end) for f in r.facts] == [(date(2024, 2, 1), date(2024, 2, 29))]


def test_an_inferred_reference_never_precedes_a_period_reported_as_past():
    text = ("China's exports surge\n\nA container ship in Qingdao, east China's Shandong Province, March 7, 2024. /CFP\n\n"
            "China's exports rose 4.6 percent year on year to 16.45 trillion yuan in the first eight months of this "
            "year, customs data showed.\n")
    r = extractor.extract(text)
    assert (r.article.reference_date, r.article.reference_basis) == (date(2024, 8, 31), "inferred-from-text")
    assert [(f.period.start, f.period.end) for f in r.facts] == [(date(2024, 1, 1), date(2024, 8, 31))]
    assert "period-after-reference" not in [c.code for c in r.checks]


def test_a_period_after_todays_reference_is_flagged():
    from extractor.checks.period_after_reference import period_after_reference

    r = extractor.extract("China's exports rose 4.6 percent year on year to 16.45 trillion yuan in the first half "
                          "of 2024, customs data showed.", published="2024-07-13")
    article = r.article.model_copy(update={"reference_date": date(2024, 3, 1), "reference_basis": "today",
                                           "published": None})
    (check,) = period_after_reference(r.facts, article)
    assert (check.code, check.severity, check.facts) == ("period-after-reference", "warning", ["f1"])
    assert "2024-06-30" in check.message and "2024-03-01" in check.message
    assert period_after_reference(r.facts, r.article) == []  # a publication date: period-label's business


def test_the_api_indexes_a_crlf_text_as_given():
    text = "Trade report\r\n\r\nExports rose 5.2 percent year on year to 1.2 trillion yuan in the first half.\r\n"
    r = extractor.extract(text, published="2024-07-15")
    spans = [s for f in r.facts for s in f.evidence]
    assert spans and all(text[s.start:s.end] == s.text for s in spans)
