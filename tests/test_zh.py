"""The Chinese path: normaliser tables, routing through extract/extract_many, and the corpus
score (skipped without ../shared/corpus/). Sentences written for these tests."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractor
from extractor.zh.numbers import find_numbers
from extractor.zh.periods import find_periods
from extractor.zh.places import find_places

REF = date(2024, 9, 19)

NUMBERS = [  # text, [(kind, value)]
    ("进出口总值116.8亿元", [("amount", "11680000000")]),
    ("出口3.54万亿元", [("amount", "3540000000000")]),
    ("家用电器出口超360万元", [("amount", "3600000")]),
    ("贸易顺差517亿美元", [("amount", "51700000000")]),
    ("6.75万亿元人民币（约合1.07万亿美元）", [("amount", "6750000000000"), ("equivalent", "1070000000000")]),
    ("同比增长9.4%", [("growth", "9.4")]),
    ("比去年同期下降11.4%", [("growth", "-11.4")]),
    ("增长（下同）27.5%", [("growth", "27.5")]),
    ("增长1.2倍", [("growth", "120")]),
    ("激增4倍", [("growth", "400")]),
    ("下降超两成", [("growth", "-20")]),
    ("增幅均为1.3倍", [("growth", "130")]),
    ("顺差收窄21.8%", [("growth", "-21.8")]),
    ("分别增长8.2%、6.3%和13.7%", [("growth", "8.2"), ("growth", "6.3"), ("growth", "13.7")]),
    ("增速高于全国4.7个百分点", []),  # a point change is not a rate
    ("比重比去年同期提高5.6个百分点", []),
    ("占全省外贸总值的60.7%", [("share", "60.7")]),
    ("占28.6%", [("share", "28.6")]),
    ("外贸占比提升4个百分点至60.2%", [("share", "60.2")]),
    ("有进出口实绩的企业10.8万家", [("count", "108000")]),  # a count, no currency: never a trade figure
]


@pytest.mark.parametrize("text,expected", NUMBERS, ids=[t for t, _ in NUMBERS])
def test_numbers(text, expected):
    got = [(n.kind, n.value) for n in find_numbers(text)]
    assert got == [(k, Decimal(v)) for k, v in expected]


def test_growth_basis_month_on_month():
    [n] = find_numbers("环比增长3.9%")
    assert n.basis == "mom" and n.value == Decimal("3.9")


PERIODS = [  # text, reference, (start, end, granularity)
    ("今年前8个月", REF, ("2024-01-01", "2024-08-31", "ytd")),
    ("前两个月", date(2016, 3, 17), ("2016-01-01", "2016-02-29", "ytd")),
    ("1—8月", REF, ("2024-01-01", "2024-08-31", "ytd")),
    ("2016年1-2月", date(2016, 3, 17), ("2016-01-01", "2016-02-29", "ytd")),
    ("一季度", date(2018, 4, 13), ("2018-01-01", "2018-03-31", "quarter")),
    ("第二季度", REF, ("2024-04-01", "2024-06-30", "quarter")),
    ("上半年", REF, ("2024-01-01", "2024-06-30", "half")),
    ("前三季度", date(2021, 10, 25), ("2021-01-01", "2021-09-30", "ytd")),
    ("去年前三季度", date(2021, 10, 25), ("2020-01-01", "2020-09-30", "ytd")),
    ("12月份", date(2025, 1, 14), ("2024-12-01", "2024-12-31", "month")),
    ("8月份", REF, ("2024-08-01", "2024-08-31", "month")),
    ("全年", date(2025, 1, 14), ("2024-01-01", "2024-12-31", "year")),
    ("2025年", date(2026, 1, 26), ("2025-01-01", "2025-12-31", "year")),
]


@pytest.mark.parametrize("text,ref,expected", PERIODS, ids=[t for t, _, _ in PERIODS])
def test_periods(text, ref, expected):
    [(_, _, p, _)] = find_periods(text, ref)
    assert (p.start.isoformat(), p.end.isoformat(), p.granularity) == expected


def test_a_date_is_not_a_period():
    assert find_periods("3月17日电", REF) == []


def test_since_a_month_keeps_the_period_in_force():
    r = extractor.extract("今年前2个月，上海市进出口总值700亿元，同比增长18%，自2024年1月以来首次两位数增长。",
                          published="2026-03-21")
    assert {(f.period.start, f.period.end) for f in r.facts} == {(date(2026, 1, 1), date(2026, 2, 28))}


PLACES = [
    ("内蒙古自治区", "Inner Mongolia", "CN-NM"), ("西藏", "Tibet", "CN-XZ"), ("四川省", "Sichuan", "CN-SC"),
    ("哈萨克斯坦", "Kazakhstan", "KZ"), ("东盟", "ASEAN", None), ("中亚五国", "Central Asia", None),
    ("共建“一带一路”国家", "Belt and Road countries", None), ("厦门市", "Xiamen", None),
    ("印尼", "Indonesia", "ID"), ("中国香港", "Hong Kong", "HK"), ("东南亚", "Southeast Asia", None),
    ("海合会", "Gulf Cooperation Council", None), ("欧亚经济联盟", "Eurasian Economic Union", None),
]


@pytest.mark.parametrize("text,name,code", PLACES, ids=[t for t, _, _ in PLACES])
def test_places(text, name, code):
    [hit] = find_places(text)
    assert (hit.place.name, hit.place.code) == (name, code)


# every city of the national division codes (rules/zh/cities.yaml), English names in pinyin
CITIES = [("枣庄市", "Zaozhuang"), ("潍坊", "Weifang"), ("六安市", "Lu'an"), ("钦州", "Qinzhou"),
          ("义乌市", "Yiwu"), ("晋江市", "Jinjiang"), ("乌鲁木齐", "Urumqi")]
NOT_CITIES = ["白银出口", "合作市场", "对外合作", "国内市场"]


@pytest.mark.parametrize("text,name", CITIES, ids=[t for t, _ in CITIES])
def test_cities(text, name):
    [hit] = find_places(text)
    assert (hit.place.name, hit.place.kind) == (name, "city")


@pytest.mark.parametrize("text", NOT_CITIES)
def test_words_that_are_no_city(text):
    assert find_places(text) == []


def test_a_quarter_of_the_half_holds_for_its_sentence():
    text = ("上半年，江西省进出口总值2600亿元，同比增长5%。二季度，江西进出口增长8%，比一季度加快2个百分点。"
            "民营企业进出口1900亿元，增长6%。6月份，全省进出口480亿元，增长3%。其中，出口300亿元。")
    r = extractor.extract(text, published="2024-07-20")
    h1, q2, june = (date(2024, 1, 1), date(2024, 6, 30)), (date(2024, 4, 1), date(2024, 6, 30)), \
        (date(2024, 6, 1), date(2024, 6, 30))
    assert [(f.metric, f.segment, f.value and f.value.amount, f.growth and f.growth.percent,
             (f.period.start, f.period.end)) for f in r.facts] == [
        ("trade", None, Decimal("2.6e11"), Decimal("5"), h1),
        ("trade", None, None, Decimal("8"), q2),
        ("trade", "private enterprises", Decimal("1.9e11"), Decimal("6"), h1),
        ("trade", None, Decimal("4.8e10"), Decimal("3"), june),
        ("exports", None, Decimal("3e10"), None, june),
    ]


def test_a_city_release_reports_the_city():
    r = extractor.extract("今年前三季度，潍坊市进出口总值1500亿元，同比增长12%。", published="2022-10-25")
    assert [(f.region.name, f.value.amount, f.growth.percent) for f in r.facts] == \
        [("Weifang", Decimal("1.5e11"), Decimal("12"))]


ARTICLE = ("今年上半年，湖南省外贸进出口总值2000亿元，同比增长8%。其中，出口1200亿元，增长10%；进口800亿元，"
           "下降5%，贸易顺差400亿元。同期，湖南对东盟、欧盟进出口分别增长12%和3%。进出口增长主要得益于新兴市场拓展。")


def test_extract_routes_chinese():
    r = extractor.extract(ARTICLE, published="2024-07-20")
    assert r.article.language == "zh"
    got = {(f.metric, f.counterpart.name if f.counterpart else None): (
        f.value and f.value.amount, f.growth and f.growth.percent) for f in r.facts}
    assert got == {
        ("trade", None): (Decimal("2e11"), Decimal("8")),
        ("exports", None): (Decimal("1.2e11"), Decimal("10")),
        ("imports", None): (Decimal("8e10"), Decimal("-5")),
        ("balance", None): (Decimal("4e10"), None),
        ("trade", "ASEAN"): (None, Decimal("12")),
        ("trade", "European Union"): (None, Decimal("3")),
    }
    assert {f.region.name for f in r.facts} == {"Hunan"}
    assert {(f.period.start, f.period.end) for f in r.facts} == {(date(2024, 1, 1), date(2024, 6, 30))}
    assert [c.text for c in r.causes] == ["新兴市场拓展"]
    for f in r.facts:
        for s in f.evidence:
            assert ARTICLE[s.start:s.end] == s.text and s.rule


def test_deficit_is_negative():
    r = extractor.extract("今年1-2月，甘肃省进口50亿元，贸易逆差近10亿元。", published="2024-03-20")
    [balance] = [f for f in r.facts if f.metric == "balance"]
    assert balance.value.amount == Decimal("-1e9") and balance.value.approximate


def test_extract_many_mixes_languages():
    english = "Exports rose 5 percent to 10 billion dollars in May, Ruritania's statistics office said."
    results = extractor.extract_many([{"text": english, "published": "2024-06-10"},
                                      {"text": ARTICLE, "published": "2024-07-20"}])
    assert [r.article.language for r in results] == ["en", "zh"]
    assert len(results[1].facts) == 6


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "zh-dev.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/ is absent")
def test_corpus_spans_match_text():
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[:30]:
        a = json.loads(line)
        r = extractor.extract(a["text"], id=a["id"], published=a["published"])
        assert r.article.language == "zh"
        for f in r.facts:
            assert all(a["text"][s.start:s.end] == s.text for s in f.evidence)


def _segments(text: str, published: str) -> set[tuple]:
    r = extractor.extract(text, published=published)
    return {(f.metric, f.segment, f.value and f.value.amount, f.growth and f.growth.percent) for f in r.facts}


def test_product_lexicon_names_segments_in_plain_english():
    got = _segments("今年前5个月，江西省出口笔记本电脑120亿元，增长6%；汽车零配件出口35亿元，下降2%；"
                    "进口铁矿砂80亿元，增长9%。", "2024-06-20")
    assert got == {("exports", "laptop computers", Decimal("1.2e10"), Decimal("6")),
                   ("exports", "automobile parts", Decimal("3.5e9"), Decimal("-2")),
                   ("imports", "iron ore", Decimal("8e9"), Decimal("9"))}


def test_the_longest_name_wins():
    got = _segments("一季度，浙江省电动载人汽车出口42亿元，增长30%。", "2024-04-20")
    assert got == {("exports", "electric passenger vehicles", Decimal("4.2e9"), Decimal("30"))}


LEAD = "今年上半年，福建省外贸进出口1000亿元，增长6%。"


def test_segment_list_paired_by_respectively():
    got = _segments(LEAD + "手机、汽车和摩托车分别出口30亿元、20亿元和10亿元，分别增长5%、8%和12%。", "2024-07-20")
    assert got - {("trade", None, Decimal("1e11"), Decimal("6"))} == {
        ("exports", "mobile phones", Decimal("3e9"), Decimal("5")),
        ("exports", "automobiles", Decimal("2e9"), Decimal("8")),
        ("exports", "motorcycles", Decimal("1e9"), Decimal("12"))}


def test_segment_list_in_an_earlier_clause_and_one_rate_for_each():
    got = _segments(LEAD + "从贸易方式看，一般贸易和加工贸易是福建外贸的主体，分别进出口500亿元和200亿元，增幅均为12%。",
                    "2024-07-20")
    assert got - {("trade", None, Decimal("1e11"), Decimal("6"))} == {
        ("trade", "general trade", Decimal("5e10"), Decimal("12")),
        ("trade", "processing trade", Decimal("2e10"), Decimal("12"))}


def test_a_list_closed_by_its_label():
    paired = _segments(LEAD + "锂电池、太阳能电池等“新三样”出口分别增长20%和15%。", "2024-07-20")
    assert {(m, s, g) for m, s, _, g in paired if s} == {("exports", "lithium batteries", Decimal("20")),
                                                        ("exports", "solar cells", Decimal("15"))}
    single = _segments(LEAD + "电动汽车、锂电池“新三样”出口增长40%。", "2024-07-20")
    assert ("exports", '"new three" products', None, Decimal("40")) in single


def test_dominant_segment_names_the_next_figure():
    got = _segments(LEAD + "出口商品以机电产品为主，出口值300亿元，增长9%。", "2024-07-20")
    assert ("exports", "mechanical and electrical products", Decimal("3e10"), Decimal("9")) in got
    assert len(got) == 2


def test_a_clause_naming_only_a_segment_and_the_share_of_the_same_figure():
    r = extractor.extract(LEAD + "其中，民营企业3万家，进出口600亿元，增长10%，外贸占比提升2个百分点至60%。",
                          published="2024-07-20")
    [f] = [f for f in r.facts if f.segment]
    assert (f.metric, f.segment, f.value.amount, f.growth.percent, f.share.percent) == (
        "trade", "private enterprises", Decimal("6e10"), Decimal("10"), Decimal("60"))
    assert len(r.facts) == 2


CAUSES = [  # a sentence after LEAD, the causes it gives
    ("随着新能源产业链不断完善，机电产品出口增长8%。", ["新能源产业链不断完善"]),
    ("随着中欧班列开行，西安成为内陆开放高地。", []),  # no change stated: not a reason
    ("去年同期，受寒潮天气影响，港口进出口的基数较高。", []),  # said of a base, not of a change
    ("受海外需求减弱影响，出口下降3%。", ["海外需求减弱"]),
    ("在汽车出口带动下，出口增长10%。", ["汽车出口"]),
    ("在稳外贸政策的支撑下，进出口增长6%。", ["稳外贸政策"]),
    ("进口增长主要受大宗商品价格上涨拉动。", ["大宗商品价格上涨"]),
    ("出口增长12%，受益于海外订单回暖。", ["海外订单回暖"]),
    ("受光伏组件出口快速增长带动，出口增长11%。", ["光伏组件出口快速增长"]),  # 受…带动 without 主要
    ("出口增长主要是受欧洲订单回升的拉动。", ["欧洲订单回升"]),
    ("受海运价格上涨推动，进口增长4%。", ["海运价格上涨"]),
    ("受全球电子产品需求疲软拖累，出口下降3%。", ["全球电子产品需求疲软"]),
    ("出口增长主要得益于海外仓布局加快等因素。", ["海外仓布局加快"]),  # the label is no part of the reason
    ("出口增长得益于跨境电商快速发展等多重因素。", ["跨境电商快速发展"]),
    ("出口增长主要得益于船舶出口的带动。", ["船舶出口"]),
]


@pytest.mark.parametrize("sentence,expected", CAUSES, ids=[s for s, _ in CAUSES])
def test_cause_cues(sentence, expected):
    r = extractor.extract(LEAD + sentence, published="2024-07-20")
    assert [c.text for c in r.causes] == expected
    for c in r.causes:
        assert all((LEAD + sentence)[s.start:s.end] == s.text for s in c.evidence)


def test_a_rate_after_a_count_is_the_counts():
    r = extractor.extract("今年前三季度，山东省进出口总值2.5万亿元，增长4%。同期，山东有进出口实绩的企业6.1万家，增加7.2%，"
                          "其中民营企业进出口1.8万亿元，增长9%。", published="2024-10-20")
    got = {(f.metric, f.segment, f.value and f.value.amount, f.growth and f.growth.percent) for f in r.facts}
    assert got == {("trade", None, Decimal("2.5e12"), Decimal("4")),
                   ("trade", "private enterprises", Decimal("1.8e12"), Decimal("9"))}


RATE_WORDINGS = [  # a rate written with an adverb or a noun of the rate: the same growth figure
    ("出口额增长超过15%", "15"), ("出口增长逾15%", "15"), ("出口增长达到15%", "15"),
    ("出口增幅达15%", "15"), ("出口增速达到15%", "15"), ("出口降幅为15%", "-15"),
]


@pytest.mark.parametrize("clause,percent", RATE_WORDINGS, ids=[c for c, _ in RATE_WORDINGS])
def test_rate_wordings(clause, percent):
    r = extractor.extract(f"今年前4个月，江西省外贸进出口总值900亿元，同比增长3%。其中，{clause}。", published="2024-05-20")
    assert [(f.metric, f.growth and f.growth.percent) for f in r.facts] == [
        ("trade", Decimal("3")), ("exports", Decimal(percent))]


def _facts(text: str, published: str) -> list[tuple]:
    r = extractor.extract(text, published=published)
    return [(f.metric, f.counterpart and f.counterpart.name, f.segment, f.value and f.value.amount,
             f.growth and f.growth.percent, f.share and f.share.percent) for f in r.facts]


def test_a_share_in_a_sentence_without_a_metric_is_a_share_of_its_whole():
    got = _facts(LEAD + "一般贸易占比达到55%。东盟是福建第一大贸易伙伴，占全省外贸的19.5%。机电产品占出口总值的四成多，"
                 "其中手机占出口总值的8.5%。", "2024-07-20")
    assert got[1:] == [("trade", None, "general trade", None, None, Decimal("55")),
                       ("trade", "ASEAN", None, None, None, Decimal("19.5")),
                       ("exports", None, "mobile phones", None, None, Decimal("8.5"))]


def test_a_metric_inside_a_share_names_its_whole():
    # "出口总值" is the whole of the share, not a new figure: the rate after it is still the products'
    got = _facts(LEAD + "机电产品出口300亿元，占出口总值的55%，增长9%。", "2024-07-20")
    assert got[1:] == [("exports", None, "mechanical and electrical products", Decimal("3e10"), Decimal("9"),
                        Decimal("55"))]


SHARE_WORDINGS = [("比重为42.5%", "42.5"), ("所占份额达到42.5%", "42.5"), ("比重由40%提高至42.5%", "42.5"),
                  ("占比由40%提升至42.5%", "42.5")]


@pytest.mark.parametrize("clause,percent", SHARE_WORDINGS, ids=[c for c, _ in SHARE_WORDINGS])
def test_share_wordings(clause, percent):
    got = _facts(LEAD + f"民营企业进出口420亿元，{clause}。", "2024-07-20")
    assert got[1:] == [("trade", None, "private enterprises", Decimal("4.2e10"), None, Decimal(percent))]


def test_trade_amount_written_as_a_trade_volume():
    got = _facts(LEAD + "同期，福建与东盟贸易额为210亿元，增长7%；与欧盟双边贸易额150亿元。", "2024-07-20")
    assert got[1:] == [("trade", "ASEAN", None, Decimal("2.1e10"), Decimal("7"), None),
                       ("trade", "European Union", None, Decimal("1.5e10"), None, None)]


def _regions(text: str, published: str) -> list[tuple]:
    r = extractor.extract(text, published=published)
    return [(f.region and f.region.name, f.counterpart and f.counterpart.name, f.value and f.value.amount,
             f.growth and f.growth.percent) for f in r.facts]


HEILONGJIANG = "今年上半年，黑龙江省进出口总值1500亿元，同比增长6%。"


def test_a_pair_with_china_in_a_provinces_release_is_chinas_trade():
    got = _regions(HEILONGJIANG + "同期，中俄贸易额1.1万亿元。黑龙江对俄进出口1000亿元。", "2024-07-20")
    assert got[1:] == [("China", "Russia", Decimal("1.1e12"), None), ("Heilongjiang", "Russia", Decimal("1e11"), None)]


def test_the_national_figure_keeps_the_rate_after_it():
    got = _regions(HEILONGJIANG + "海关总署此前公布，上半年全国外贸进出口21万亿元，增长6.1%。同期，黑龙江出口300亿元，增长2%。",
                   "2024-07-20")
    assert got[1:] == [("China", None, Decimal("2.1e13"), Decimal("6.1")),
                       ("Heilongjiang", None, Decimal("3e10"), Decimal("2"))]
    got = _regions(HEILONGJIANG + "同期，中俄贸易额1.1万亿元，增长3.5%。", "2024-07-20")
    assert got[1:] == [("China", "Russia", Decimal("1.1e12"), Decimal("3.5"))]


GROUP_NAMES = [("对“一带一路”国家", "Belt and Road countries"), ("对共建一带一路国家", "Belt and Road countries"),
               ("对RCEP其他14个成员国", "RCEP members"), ("对《区域全面经济伙伴关系协定》其他成员国", "RCEP members"),
               ("对东南亚国家联盟", "ASEAN")]


@pytest.mark.parametrize("words,name", GROUP_NAMES, ids=[w for w, _ in GROUP_NAMES])
def test_group_names_as_counterparts_and_partners(words, name):
    r = extractor.extract(LEAD + f"同期，福建{words}进出口380亿元，增长9%。", published="2024-07-20")
    assert [(f.counterpart and f.counterpart.name, f.value.amount) for f in r.facts] == [
        (None, Decimal("1e11")), (name, Decimal("3.8e10"))]
    assert [p.name for p in r.partners] == [name]


def test_a_group_of_provinces_reports_as_one_economy():
    text = ("今年一季度，长三角地区进出口总值3.8万亿元，同比增长4.2%，占全国的36%。其中，上海市进出口1万亿元，增长2%；"
            "浙江省进出口1.2万亿元，增长6%。京津冀进出口1.2万亿元，增长1%。安徽省出口1200亿元。")
    got = _regions(text, "2024-04-25")
    assert got == [("Yangtze River Delta", None, Decimal("3.8e12"), Decimal("4.2")),
                   ("Shanghai", None, Decimal("1e12"), Decimal("2")),
                   ("Zhejiang", None, Decimal("1.2e12"), Decimal("6")),
                   ("Beijing-Tianjin-Hebei", None, Decimal("1.2e12"), Decimal("1")),
                   ("Anhui", None, Decimal("1.2e11"), None)]


def test_counterparts_without_a_figure_are_partners():
    r = extractor.extract(LEAD + "其中，对东盟、欧盟进出口均保持增长。福建与巴西山水相隔。", published="2024-07-20")
    assert [p.name for p in r.partners] == ["ASEAN", "European Union"]  # 与巴西 states no trade
    assert all((LEAD + "其中，对东盟、欧盟进出口均保持增长。")[s.start:s.end] == s.text
               for p in r.partners for s in p.evidence)


def test_a_breakdown_sentence_keeps_the_counterpart_and_segment_of_the_figure_before():
    got = _facts(LEAD + "同期，福建对东盟进出口260亿元，增长8%。其中，出口150亿元，增长12%；进口110亿元，增长3%。"
                 "民营企业进出口700亿元。其中，出口500亿元。", "2024-07-20")
    assert got[1:] == [("trade", "ASEAN", None, Decimal("2.6e10"), Decimal("8"), None),
                       ("exports", "ASEAN", None, Decimal("1.5e10"), Decimal("12"), None),
                       ("imports", "ASEAN", None, Decimal("1.1e10"), Decimal("3"), None),
                       ("trade", None, "private enterprises", Decimal("7e10"), None, None),
                       ("exports", None, "private enterprises", Decimal("5e10"), None, None)]


def test_a_breakdown_of_the_total_names_no_counterpart():
    got = _facts("今年上半年，福建省对东盟进出口260亿元。福建外贸进出口1000亿元。其中，出口600亿元。", "2024-07-20")
    assert [(m, c) for m, c, *_ in got] == [("trade", "ASEAN"), ("trade", None), ("exports", None)]


_RELEASE_PIECES = st.lists(st.sampled_from([
    "今年前8个月", "二季度", "12月份", "新疆", "京津冀", "全国", "对东盟", "对美", "中俄", "贸易额", "进出口", "出口",
    "进口", "贸易顺差", "2853.2亿元", "3.5万亿元", "同比增长30.9%", "下降2%", "增长1.2倍", "分别", "、", "和", "，", "。",
    "；", "其中", "\n", "占全省外贸总值的60%", "占比达到55%", "民营企业", "一般贸易", "得益于政策红利等因素",
    "受需求回暖带动", "对上述市场", "企业10.8万家",
]), max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RELEASE_PIECES)
def test_chinese_extract_never_raises_and_spans_are_grounded(text):
    r = extractor.extract(text, published="2024-09-19")
    spans = [s for f in r.facts for s in f.evidence] + [s for c in r.causes for s in c.evidence] \
        + [s for p in r.partners for s in p.evidence]
    for s in spans:
        assert text[s.start:s.end] == s.text
