"""Linking constructions that recur across outlets, one table row each (issue 14).

Every text is written for the construction its case names; the expected slots are what a reader
writes down: (metric, region code, counterpart code or name, segment, period, amount, growth, share).
Texts go through the real pipeline (`extractor.extract`), NER included.
"""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from extractor import extract

Q3 = ("2022-01-01", "2022-09-30")
JUNE = ("2023-06-01", "2023-06-30")
H1 = ("2023-01-01", "2023-06-30")
MAY = ("2023-05-01", "2023-05-31")

CASES = {
    # a buyer or supplier named as a role is the counterpart, never the region
    "partner-role-buyer": (
        "Iran's non-oil exports rose 3% in June. China was the largest customer for Iranian goods with "
        "purchases worth $5.6 billion, followed by Iraq at $3.5 billion.", "2023-07-20",
        [("exports", "IR", None, "non-oil", JUNE, None, D("3"), None),
         ("exports", "IR", "CN", None, JUNE, (D("5600000000"), "USD"), None, None),
         ("exports", "IR", "IQ", None, JUNE, (D("3500000000"), "USD"), None, None)]),
    "partner-role-supplier": (
        "Vietnam's imports rose 2 percent in June. The largest supplier was China, with goods worth $9.1 billion.",
        "2023-07-20",
        [("imports", "VN", None, None, JUNE, None, D("2"), None),
         ("imports", "VN", "CN", None, JUNE, (D("9100000000"), "USD"), None, None)]),
    "partner-role-demonym-goods-give-region": (
        "Uganda was the biggest buyer of Kenyan goods in June, taking goods worth $72 million.", "2023-07-20",
        [("exports", "KE", "UG", None, JUNE, (D("72000000"), "USD"), None, None)]),
    "partner-rank-subject-is-counterpart": (
        "China's foreign trade rose 5 percent to 20 trillion yuan in the first half. ASEAN remained the largest "
        "trading partner, with trade rising 7 percent to 3.3 trillion yuan. The United States ranked third, with "
        "trade totalling 2.2 trillion yuan.", "2023-07-20",
        [("trade", "CN", None, None, H1, (D("20000000000000"), "CNY"), D("5"), None),
         ("trade", "CN", "ASEAN", None, H1, (D("3300000000000"), "CNY"), D("7"), None),
         ("trade", "CN", "US", None, H1, (D("2200000000000"), "CNY"), None, None)]),
    "possessor-of-a-partner-rank-reports": (
        "Exports to the United States, Vietnam's biggest market, rose 7 percent in June.", "2023-07-20",
        [("exports", "VN", "US", None, JUNE, None, D("7"), None)]),
    "periphrasis-is-no-counterpart": (
        "Indonesia's exports rose in June. Overall exports from Southeast Asia's largest economy rose 3 percent "
        "to $22 billion.", "2023-07-20",
        [("exports", "ID", None, None, JUNE, (D("22000000000"), "USD"), D("3"), None)]),
    "rate-of-a-compared-period-takes-its-period": (
        "Singapore's exports grew 3.1 per cent year-on-year in June, a much slower pace than the 11.4 per cent "
        "expansion in May. Exports to China plunged 33.8 per cent.", "2023-07-20",
        [("exports", "SG", None, None, JUNE, None, D("3.1"), None),
         ("exports", "SG", None, None, ("2023-05-01", "2023-05-31"), None, D("11.4"), None),
         ("exports", "SG", "CN", None, JUNE, None, D("-33.8"), None)]),
    "share-subject-is-counterpart": (
        "Russia's foreign trade rose 5 percent in June. According to customs data, Asian countries now account "
        "for approximately 70 percent of Russia's overall foreign trade.", "2023-07-20",
        [("trade", "RU", None, None, JUNE, None, D("5"), None),
         ("trade", "RU", "Asia", None, JUNE, None, None, D("70"))]),
    "year-to-date-ends-with-the-reported-period": (
        "U.S. exports rose 2 percent in September. Year-to-date exports dipped 0.4 percent.", "2019-11-05",
        [("exports", "US", None, None, ("2019-09-01", "2019-09-30"), None, D("2"), None),
         ("exports", "US", None, None, ("2019-01-01", "2019-09-30"), None, D("-0.4"), None)]),
    "first-quarters-of-a-year": (
        "Shandong's foreign trade grew 15.7 percent in the first three quarters of the year.", "2022-10-27",
        [("trade", "CN-SD", None, None, Q3, None, D("15.7"), None)]),
    "dateline-reports-an-unplaced-lead": (
        "SEOUL, July 1 (Reuters) - Exports rose 5 percent to $50 billion in June. Shipments to China rose "
        "3 percent.", "2023-07-01",
        [("exports", "KR", None, None, JUNE, (D("50000000000"), "USD"), D("5"), None),
         ("exports", "KR", "CN", None, JUNE, None, D("3"), None)]),
    "agency-reports-an-unplaced-lead": (
        "Exports rose 2.0 percent to C$69.9 billion in June, Statistics Canada said.", "2023-07-20",
        [("exports", "CA", None, None, JUNE, (D("69900000000"), "CAD"), D("2.0"), None)]),
    "figure-in-brackets-after-place": (
        "The United States posted trade deficits with the European Union (15.7 billion dollars) and "
        "Mexico (9.1 billion dollars) in June.", "2023-07-20",
        [("balance", "US", "European Union", None, JUNE, (D("-15700000000"), "USD"), None, None),
         ("balance", "US", "MX", None, JUNE, (D("-9100000000"), "USD"), None, None)]),
    # "respectively" pairs two lists in order
    "respectively-places": (
        "Imports into Iran from Germany and India reached $879 million and $813 million, respectively, in June.",
        "2023-07-20",
        [("imports", "IR", "DE", None, JUNE, (D("879000000"), "USD"), None, None),
         ("imports", "IR", "IN", None, JUNE, (D("813000000"), "USD"), None, None)]),
    "respectively-segments": (
        "Singapore's exports fell in June. Integrated circuits, disk media products and personal computer parts "
        "exports declined by 12 per cent, 42.7 per cent and 22.3 per cent respectively.", "2023-07-20",
        [("exports", "SG", None, "integrated circuits", JUNE, None, D("-12"), None),
         ("exports", "SG", None, "disk media products", JUNE, None, D("-42.7"), None),
         ("exports", "SG", None, "personal computer parts", JUNE, None, D("-22.3"), None)]),
    # a topic set by one sentence and kept by the anaphor of the next
    "topic-segment-kept-by-anaphor": (
        "Shandong's foreign trade grew 15.7 percent in the first nine months of the year. Private companies "
        "remained the backbone of the province's foreign trade. Their imports and exports expanded 20.8 percent "
        "to 1.79 trillion yuan.", "2022-10-27",
        [("trade", "CN-SD", None, None, Q3, None, D("15.7"), None),
         ("trade", "CN-SD", None, "private enterprises", Q3, (D("1790000000000"), "CNY"), D("20.8"), None)]),
    "counterpart-behind-group-noun": (
        "Chongqing's trade with economies involved in the Belt and Road Initiative reached 220.7 billion yuan "
        "in the first half.", "2023-07-20",
        [("trade", "CN-CQ", "Belt and Road Initiative countries", None, H1, (D("220700000000"), "CNY"), None, None)]),
    "group-anaphor-the-region": (
        "Trade between China and the five Central Asian countries grew in the first half. Exports to the "
        "five countries rose 5.6 percent to 188.18 billion yuan.", "2023-07-20",
        [("exports", "CN", "Central Asia", None, H1, (D("188180000000"), "CNY"), D("5.6"), None)]),
    "euro-area-as-region": (
        "The euro zone's trade surplus rose to 20 billion euros in June.", "2023-07-20",
        [("balance", None, None, None, JUNE, (D("20000000000"), "EUR"), None, None)]),
    "goods-and-services-is-trade": (
        "The U.S. trade deficit in goods and services shrank 4.7 percent in June to 52.5 billion dollars.",
        "2023-07-20",
        [("balance", "US", None, None, JUNE, (D("-52500000000"), "USD"), D("-4.7"), None)]),
    "export-earnings-cue": (
        "Bangladesh's export earnings rose 5 percent to $4.5 billion in June.", "2023-07-20",
        [("exports", "BD", None, None, JUNE, (D("4500000000"), "USD"), D("5"), None)]),
    "city-as-region": (
        "Dongguan's imports and exports rose 5 percent to 600 billion yuan in the first half.", "2023-07-20",
        [("trade", None, None, None, H1, (D("600000000000"), "CNY"), D("5"), None)]),
    "leaving-a-balance-is-a-level": (
        "Petroleum exports reached 15 billion dollars in June against imports of 14.7 billion dollars, "
        "leaving a surplus of 252 million dollars, the U.S. Commerce Department said.", "2023-07-20",
        [("exports", "US", None, "petroleum", JUNE, (D("15000000000"), "USD"), None, None),
         ("imports", "US", None, None, JUNE, (D("14700000000"), "USD"), None, None),
         ("balance", "US", None, None, JUNE, (D("252000000"), "USD"), None, None)]),
    # a product named after the cue ("exports of X"); degree and total words name none
    "segment-after-cue-of": (
        "Thailand's exports rose 4 percent in June. Exports of processed chicken and canned tuna climbed "
        "9.5 percent to $1.2 billion, while imports of crude oil fell 3 percent.", "2023-07-20",
        [("exports", "TH", None, None, JUNE, None, D("4"), None),
         ("exports", "TH", None, "processed chicken and canned tuna", JUNE, (D("1200000000"), "USD"), D("9.5"), None),
         ("imports", "TH", None, "crude oil", JUNE, None, D("-3"), None)]),
    "no-segment-from-degree-words": (
        "Total exports rose 2 percent to C$30 billion in June, and merchandise imports fell 1 percent, "
        "Statistics Canada said.", "2023-07-20",
        [("exports", "CA", None, None, JUNE, (D("30000000000"), "CAD"), D("2"), None),
         ("imports", "CA", None, None, JUNE, None, D("-1"), None)]),
    "the-figure-anaphor-keeps-the-counterpart": (
        "According to the statistics office, Georgia's trade with Turkey amounted to $2.5 billion in 2023. The "
        "figure was 8 percent higher than the $2.3 billion recorded in 2022.", "2024-04-09",
        [("trade", "GE", "TR", None, ("2023-01-01", "2023-12-31"), (D("2500000000"), "USD"), D("8"), None),
         ("trade", "GE", "TR", None, ("2022-01-01", "2022-12-31"), (D("2300000000"), "USD"), None, None)]),
    "same-period-this-year": (
        "Uzbekistan's foreign trade rose 9 percent in January-September. Exports to Russia fell from $3.1 billion "
        "in January-September 2022 to $2.9 billion in the same period this year.", "2023-11-10",
        [("trade", "UZ", None, None, ("2023-01-01", "2023-09-30"), None, D("9"), None),
         ("exports", "UZ", "RU", None, ("2022-01-01", "2022-09-30"), (D("3100000000"), "USD"), None, None),
         ("exports", "UZ", "RU", None, ("2023-01-01", "2023-09-30"), (D("2900000000"), "USD"), None, None)]),
    # goods-and-services releases: the services balance is a fact of its own, segment "services"
    "services-balance-is-a-segment": (
        "Australia's trade surplus narrowed to A$10 billion in June. The services surplus rose to A$1.2 billion, "
        "and services exports rose 3 percent.", "2023-07-20",
        [("balance", "AU", None, None, JUNE, (D("10000000000"), "AUD"), None, None),
         ("balance", "AU", None, "services", JUNE, (D("1200000000"), "AUD"), None, None),
         ("exports", "AU", None, "services", JUNE, None, D("3"), None)]),
    "gerund-change-with-absolute-and-rate": (
        "Mexico's exports rose 1 percent in June. Imports fell more steeply, dropping 2.1 billion dollars, or 4.5 percent, "
        "to 44.6 billion dollars.", "2023-07-20",
        [("exports", "MX", None, None, JUNE, None, D("1"), None),
         ("imports", "MX", None, None, JUNE, (D("44600000000"), "USD"), D("-4.5"), None)]),
    # a dateline city is where the story was written ("DUBAI:", "RIYADH —"), not what it reports on
    "dateline-city-is-not-the-region": (
        "DUBAI: Non-oil exports of the United Arab Emirates rose 5 percent to 25 billion dirhams in June.",
        "2023-07-20",
        [("exports", "AE", None, "non-oil", JUNE, (D("25000000000"), "AED"), D("5"), None)]),
    "dateline-decides-when-the-lead-names-only-a-partner": (
        "PHNOM PENH, July 3 - Exports to the United States rose 5 percent to $1.1 billion in June, the commerce "
        "ministry said.", "2023-07-20",
        [("exports", "KH", "US", None, JUNE, (D("1100000000"), "USD"), D("5"), None)]),
    "a-place-behind-a-preposition-is-no-modifier-of-the-cue": (
        "Officials said they want to ease friction with the United States over agricultural trade. Japan "
        "must reduce its trade surplus, which reached 58.6 billion dlrs in 1986.", "1987-04-02",
        [("balance", "JP", None, None, ("1986-01-01", "1986-12-31"), (D("58600000000"), "USD"), None, None)]),
    "capital-exports-are-no-trade": (
        "Swiss capital exports rose to 4.6 billion francs in June, the central bank said.", "2023-07-20", []),
    "a-blocker-after-a-bare-deficit-governs-it": (
        "Austria's trade surplus fell to 1.1 billion euros in March. There was a 300 million euro deficit in "
        "the services account.", "2023-04-29",
        [("balance", "AT", None, None, ("2023-03-01", "2023-03-31"), (D("1100000000"), "EUR"), None, None)]),
    "a-relative-clause-names-no-metric-for-the-figure-after-it": (
        "Norway's trade surplus rose to 50 billion crowns in March. The current account surplus, which includes "
        "trade in services as well as goods, climbed to 60 billion crowns.", "2023-04-29",
        [("balance", "NO", None, None, ("2023-03-01", "2023-03-31"), (D("50000000000"), "NOK"), None, None)]),
    "can-reach-is-a-forecast": (
        "Israel's exports to the United States were 2.3 billion dollars in 2022. The minister said exports to the "
        "United States can reach five billion dollars in five years.", "2023-04-29",
        [("exports", "IL", "US", None, ("2022-01-01", "2022-12-31"), (D("2300000000"), "USD"), None, None)]),
    # a city with its location written after it reports for itself; the province only locates it
    "located-city-is-the-region-apposition": (
        "The foreign trade of Jinhua, a city in east China's Zhejiang Province, rose 12 percent to 600 billion "
        "yuan in 2023.", "2024-01-20",
        [("trade", None, None, None, ("2023-01-01", "2023-12-31"), (D("600000000000"), "CNY"), D("12"), None)]),
    "located-city-is-the-region-in": (
        "Zhuhai in south China's Guangdong Province saw its foreign trade rise 5 percent to 300 billion yuan "
        "in 2023.", "2024-01-20",
        [("trade", None, None, None, ("2023-01-01", "2023-12-31"), (D("300000000000"), "CNY"), D("5"), None)]),
    "cents-are-a-price-not-a-trade-figure": (
        "Canada's trade surplus rose to 1.25 billion dlrs in June. On the positive trade news the Canadian "
        "dollar rose to 76.85 U.S. cts.", "1987-07-09",
        [("balance", "CA", None, None, ("1987-06-01", "1987-06-30"), (D("1250000000"), "CAD"), None, None)]),
    "the-two-months-end-with-the-reported-month": (
        "Malaysia's trade surplus widened to 4.7 billion ringgit in February. Imports were 20.2 billion ringgit "
        "in February 2022. The trade surplus for the two months rose to 6.8 billion ringgit.", "2023-03-18",
        [("balance", "MY", None, None, ("2023-02-01", "2023-02-28"), (D("4700000000"), "MYR"), None, None),
         ("imports", "MY", None, None, ("2022-02-01", "2022-02-28"), (D("20200000000"), "MYR"), None, None),
         ("balance", "MY", None, None, ("2023-01-01", "2023-02-28"), (D("6800000000"), "MYR"), None, None)]),
    "a-figure-s-own-cue-names-its-counterpart": (
        "Last year Thailand ran a 4.3 billion dollar trade surplus, including a 7.1 billion dollar surplus with "
        "the United States and a 5.5 billion dollar deficit with Japan.", "2023-03-11",
        [("balance", "TH", None, None, ("2022-01-01", "2022-12-31"), (D("4300000000"), "USD"), None, None),
         ("balance", "TH", "US", None, ("2022-01-01", "2022-12-31"), (D("7100000000"), "USD"), None, None),
         ("balance", "TH", "JP", None, ("2022-01-01", "2022-12-31"), (D("-5500000000"), "USD"), None, None)]),
    # split years name the fiscal year where that is how the economy writes it; "current fiscal year"
    "split-year-is-the-fiscal-year": (
        "India's trade deficit hit a record 6.96 billion dlrs in 1985/86 and is expected to fall to 5.6 "
        "billion in the current fiscal year.", "1987-03-27",
        [("balance", "IN", None, None, ("1985-04-01", "1986-03-31"), (D("-6960000000"), "USD"), None, None)]),
    "comparison-with-carried-period-takes-lead-period": (
        "Canada's trade surplus widened to C$5.05 billion in June from C$4.80 billion in May. The agency had "
        "initially reported a May surplus of C$5.32 billion. Total exports rose 2.0% from May to C$69.9 billion.",
        "2023-07-20",
        [("balance", "CA", None, None, JUNE, (D("5050000000"), "CAD"), None, None),
         ("balance", "CA", None, None, ("2023-05-01", "2023-05-31"), (D("4800000000"), "CAD"), None, None),
         ("balance", "CA", None, None, ("2023-05-01", "2023-05-31"), (D("5320000000"), "CAD"), None, None),
         ("exports", "CA", None, None, JUNE, (D("69900000000"), "CAD"), D("2.0"), None)]),
    # a figure inside a stated reason is a fact of the reason's own cue; the reason stays a cause
    "figure-inside-cause": (
        "Exports rose 6.1% to $21.4 billion in June, lifted by a 38.2% jump in copper exports and a 4.4% "
        "increase in fruit exports.", "2023-07-20",
        [("exports", None, None, None, JUNE, (D("21400000000"), "USD"), D("6.1"), None),
         ("exports", None, None, "copper", JUNE, None, D("38.2"), None),
         ("exports", None, None, "fruit", JUNE, None, D("4.4"), None)]),
    "levels-inside-cause": (
        "The June surplus reflects exports of $21.4 billion and imports of $19.9 billion.", "2023-07-20",
        [("exports", None, None, None, JUNE, (D("21400000000"), "USD"), None, None),
         ("imports", None, None, None, JUNE, (D("19900000000"), "USD"), None, None)]),
    # a reason without a trade flow gives no fact, and an amount that measures a change is no level
    "figure-of-other-reason": (
        "Exports rose 6.1% in June because of a 20% rise in copper prices and a $300 million increase in "
        "fruit exports.", "2023-07-20",
        [("exports", None, None, None, JUNE, None, D("6.1"), None)]),
    # "goods" before a cue is a segment beside a services figure, and nothing without one
    "goods-beside-services": (
        "Australia's trade surplus fell 4.7 percent in June. The goods surplus narrowed to A$9.1 billion, "
        "while the services deficit widened to A$1.2 billion.", "2023-08-03",
        [("balance", "AU", None, None, JUNE, None, D("-4.7"), None),
         ("balance", "AU", None, "goods", JUNE, (D("9100000000"), "AUD"), None, None),
         ("balance", "AU", None, "services", JUNE, (D("-1200000000"), "AUD"), None, None)]),
    "goods-alone": (
        "New Zealand's goods exports rose 11 percent to NZ$4.6 billion in June.", "2023-07-28",
        [("exports", "NZ", None, None, JUNE, (D("4600000000"), "NZD"), D("11"), None)]),
    # a share's whole names its own economy ("of Ethiopian exports"), over the article's first place
    "share-whole-names-economy": (
        "Brazil's coffee exports fell 5 percent in June, traders said. "
        "Tea accounts for 25 percent of Kenyan exports.", "2023-07-20",
        [("exports", "BR", None, "coffee", JUNE, None, D("-5"), None),
         ("exports", "KE", None, "tea", JUNE, None, None, D("25"))]),
    # a period and its figure with one qualifier between ("its 2022 record 13.6 billion dollar surplus")
    "qualified-possessive-period": (
        "Vietnam wants to cut its 2022 record 13.6 billion dollar trade surplus with China, which had "
        "been 10.2 billion dollars in 2021.", "2023-07-20",
        [("balance", "VN", "CN", None, ("2022-01-01", "2022-12-31"), (D("13600000000"), "USD"), None, None),
         ("balance", "VN", "CN", None, ("2021-01-01", "2021-12-31"), (D("10200000000"), "USD"), None, None)]),
    # "foreign/bilateral/total trade" before a modified noun is no trade cue, like bare "trade"
    "foreign-trade-minister": (
        "Chile's Foreign Trade Minister said firms have agreed to buy 1.8 billion dollars worth of Korean goods. "
        "Its short-term foreign trade credit rose to 430 million dollars.", "2023-07-20", []),
    # a bare "the deficit" is about what the last sentence ended on: the budget here, not trade
    "bare-deficit-after-budget": (
        "Brazil's trade deficit narrowed to 1.2 billion dollars in June, but the budget deficit widened. "
        "The deficit reached a record 48.5 billion dollars in fiscal 2022.", "2023-07-20",
        [("balance", "BR", None, None, JUNE, (D("-1200000000"), "USD"), None, None)]),
    # the world's trade is no economy's statistic
    "world-trade": (
        "Japan's exports rose 4 percent in June. World trade in manufactures grew by only three percent.",
        "2023-07-20",
        [("exports", "JP", None, None, JUNE, None, D("4"), None)]),
    # "compared to" opens a comparison: its "to" is no level marker
    "compared-to": (
        "June imports amounted to 1.29 billion dollars compared to 1.27 billion dollars in May.", "2023-07-20",
        [("imports", None, None, None, JUNE, (D("1290000000"), "USD"), None, None),
         ("imports", None, None, None, ("2023-05-01", "2023-05-31"), (D("1270000000"), "USD"), None, None)]),
    # an amount of a blocked series named right after it is no trade figure
    "amount-of-blocked-series-after": (
        "Taiwan's trade surplus rose to 13.6 billion dollars in June. The surplus let Taiwan accumulate "
        "some 54 billion dollars in foreign exchange reserves.", "2023-07-20",
        [("balance", "TW", None, None, JUNE, (D("13600000000"), "USD"), None, None)]),
    # an anaphor keeps the sign of the balance it refers to
    "anaphor-keeps-deficit-sign": (
        "Egypt's trade deficit rose to 3.1 billion dollars in May. It widened to 3.4 billion dollars in June.",
        "2023-07-20",
        [("balance", "EG", None, None, ("2023-05-01", "2023-05-31"), (D("-3100000000"), "USD"), None, None),
         ("balance", "EG", None, None, JUNE, (D("-3400000000"), "USD"), None, None)]),
    # a balance of its own in an earlier clause governs a bare "deficit" of a later one
    "other-balance-governs-later-clause": (
        "Korea's trade surplus rose to 2.1 billion dollars in June. The current account deficit fell to 600 million "
        "dollars in June, but was up from a 520 million deficit in May.", "2023-07-20",
        [("balance", "KR", None, None, JUNE, (D("2100000000"), "USD"), None, None)]),
    # a speaker before a share ("He added that 80 pct of ...") is no segment
    "speaker-is-no-segment": (
        "Exports rose 4 percent in June, the ministry said. An official added that 70 pct of Chile's exports "
        "went to Asia.", "2023-07-20",
        [("exports", "CL", None, None, JUNE, None, D("4"), None),
         ("exports", "CL", "Asia", None, JUNE, None, None, D("70"))]),
    # a sentence naming no series does not change the period in force
    "period-of-a-sentence-without-series": (
        "Norway's trade surplus narrowed to 40 billion crowns in June. The May figure was revised from "
        "48 billion. Exports fell 3 percent to 110 billion crowns.", "2023-07-20",
        [("balance", "NO", None, None, JUNE, (D("40000000000"), "NOK"), None, None),
         ("exports", "NO", None, None, JUNE, (D("110000000000"), "NOK"), D("-3"), None)]),
    # a share as the subject of a level verb is a share of the whole it names
    "share-as-subject": (
        "Chile's exports rose 8 percent in June. The share of copper in total exports edged up to 52.4 percent "
        "from 50.1 percent a year earlier. Exports to Asia grew, with China's share now up to 38 percent.", "2023-07-20",
        [("exports", "CL", None, None, JUNE, None, D("8"), None),
         ("exports", "CL", None, "copper", JUNE, None, None, D("52.4")),
         ("exports", "CL", None, "copper", ("2022-06-01", "2022-06-30"), None, None, D("50.1")),
         ("exports", "CL", "CN", None, JUNE, None, None, D("38"))]),
    # a capital standing for its country as a possessor or after with/to/from, and only there
    "capital-stands-for-country": (
        "South Korea's exports rose 5 percent in June. Seoul ran a trade surplus of 4.1 billion dollars with "
        "Washington in June, officials told reporters in Washington.", "2023-07-20",
        [("exports", "KR", None, None, JUNE, None, D("5"), None),
         ("balance", "KR", "US", None, JUNE, (D("4100000000"), "USD"), None, None)]),
    "capital-possessor-is-region": (
        "Washington's trade deficit with Taipei rose to 13.6 billion dollars in June.", "2023-07-20",
        [("balance", "US", "TW", None, JUNE, (D("-13600000000"), "USD"), None, None)]),
    # an anaphor after a bilateral figure keeps both sides of it
    "anaphor-keeps-both-sides": (
        "Taiwan's exports rose 3 percent in June. Washington's trade deficit with Taipei rose to 13.6 billion "
        "dollars in May. It widened to 14.1 billion dollars in June.", "2023-07-20",
        [("exports", "TW", None, None, JUNE, None, D("3"), None),
         ("balance", "US", "TW", None, ("2023-05-01", "2023-05-31"), (D("-13600000000"), "USD"), None, None),
         ("balance", "US", "TW", None, JUNE, (D("-14100000000"), "USD"), None, None)]),
    # Singapore's headline statistic by its name and its abbreviation
    "nodx": (
        "Singapore's non-oil domestic exports (NODX) grew 5.1 per cent in June. NODX to China fell 2 per cent.",
        "2023-07-20",
        [("exports", "SG", None, "non-oil domestic exports", JUNE, None, D("5.1"), None),
         ("exports", "SG", "CN", "non-oil domestic exports", JUNE, None, D("-2"), None)]),
    # outbound and inbound shipments are exports and imports
    "outbound-inbound-shipments": (
        "Outbound shipments from Thailand rose 6.1% to $24.3 billion in June. Inbound shipments of crude oil "
        "fell 9% to $3.2 billion.", "2023-07-20",
        [("exports", "TH", None, None, JUNE, (D("24300000000"), "USD"), D("6.1"), None),
         ("imports", "TH", None, "crude oil", JUNE, (D("3200000000"), "USD"), D("-9"), None)]),
    # "export turnover", "import-export turnover": the statistic, not a company's turnover
    "export-turnover": (
        "Vietnam's import-export turnover reached 61.4 billion USD in June, of which export turnover was "
        "31.9 billion USD.", "2023-07-20",
        [("trade", "VN", None, None, JUNE, (D("61400000000"), "USD"), None, None),
         ("exports", "VN", None, None, JUNE, (D("31900000000"), "USD"), None, None)]),
    # the verb with "worth" after it is the statistic
    "exported-worth": (
        "In the first half Zhejiang exported 12.5 billion yuan worth of furniture.", "2023-07-20",
        [("exports", "CN-ZJ", None, "furniture", H1, (D("12500000000"), "CNY"), None, None)]),
    "imported-goods-worth-names-them": (
        "In the first half Hungary imported farm products worth 4.4 billion euros from Brazil.", "2023-07-20",
        [("imports", "HU", "BR", "agricultural products", H1, (D("4400000000"), "EUR"), None, None)]),
    "imported-worth": (
        "Hungary imported goods worth 4.1 billion euros from Germany in June.", "2023-07-20",
        [("imports", "HU", "DE", None, JUNE, (D("4100000000"), "EUR"), None, None)]),
    # a period in a side remark after the figures ("in line with ... that began in March") is neither
    # the figures' period nor the one carried to the next sentence
    "period-of-a-side-remark": (
        "Peru's exports fell 8 percent to $2.9 billion in June. Copper exports dropped 11 percent to $1.2 "
        "billion, in line with the output cut that miners announced in March. Imports rose 4 percent to $3.1 "
        "billion.", "2023-07-20",
        [("exports", "PE", None, None, JUNE, (D("2900000000"), "USD"), D("-8"), None),
         ("exports", "PE", None, "copper", JUNE, (D("1200000000"), "USD"), D("-11"), None),
         ("imports", "PE", None, None, JUNE, (D("3100000000"), "USD"), D("4"), None)]),
    # "imported goods" / "exported goods" are the flows; their prices and carriage costs are not
    "imported-exported-goods": (
        "Australia's trade surplus narrowed in the June quarter. The value of imported goods fell 2 percent to "
        "A$98 billion, while the value of "
        "exported goods rose 5 percent to A$120 billion. Prices of imported goods rose 3 percent. Freight costs "
        "for imported goods of A$4 billion were included.", "2023-07-20",
        [("imports", "AU", None, None, ("2023-04-01", "2023-06-30"), (D("98000000000"), "AUD"), D("-2"), None),
         ("exports", "AU", None, None, ("2023-04-01", "2023-06-30"), (D("120000000000"), "AUD"), D("5"), None)]),
    # a rate compared with the series' rate of another period is a fact of that period, however the
    # comparison is worded, and its period sets no basis for the rate it is compared with
    "compared-rate-wordings": (
        "Malaysia's exports fell 6 percent in June, after a 2.5 percent decline in May. Exports to Japan dropped "
        "9 percent, a steeper fall than the 4 percent decrease in the previous month. Exports to India slid "
        "3 percent, easing from a 7 percent drop in the preceding month. Exports to Korea rose 8 percent, "
        "faster than May's 5 percent gain.", "2023-07-20",
        [("exports", "MY", None, None, JUNE, None, D("-6"), None),
         ("exports", "MY", None, None, MAY, None, D("-2.5"), None),
         ("exports", "MY", "JP", None, JUNE, None, D("-9"), None),
         ("exports", "MY", "JP", None, MAY, None, D("-4"), None),
         ("exports", "MY", "IN", None, JUNE, None, D("-3"), None),
         ("exports", "MY", "IN", None, MAY, None, D("-7"), None),
         ("exports", "MY", "KR", None, JUNE, None, D("8"), None),
         ("exports", "MY", "KR", None, MAY, None, D("5"), None)]),
    # a change stated as an amount with its rate in brackets (statistics offices' style)
    "rate-in-brackets-after-a-change": (
        "Ireland's trade surplus narrowed in June. Imports of goods increased by €1.2 billion (4.1%) in June, "
        "while exports of goods fell by €0.6 billion (-1.5%).", "2023-07-20",
        [("imports", "IE", None, None, JUNE, None, D("4.1"), None),
         ("exports", "IE", None, None, JUNE, None, D("-1.5"), None)]),
    # "to the region's foreign trade" is the reporting region's, not a reference to the bloc
    "region-possessive-is-no-group-anaphor": (
        "Yunnan's foreign trade rose 5 percent in the first half. Trade with ASEAN rose 9 percent. Private "
        "enterprises added 3 percent to the region's foreign trade.", "2023-07-20",
        [("trade", "CN-YN", None, None, H1, None, D("5"), None),
         ("trade", "CN-YN", "ASEAN", None, H1, None, D("9"), None),
         ("trade", "CN-YN", None, "private enterprises", H1, None, D("3"), None)]),
    # a place right before its figure in a list is the figure's counterpart
    "place-then-figure-list": (
        "The U.S. had large trade deficits last year with three Asian partners -- Taiwan 9.1 billion dlrs, Singapore "
        "2.3 billion and Malaysia 1.5 billion.", "1987-03-20",
        [("balance", "US", "TW", None, ("1986-01-01", "1986-12-31"), (D("-9100000000"), "USD"), None, None),
         ("balance", "US", "SG", None, ("1986-01-01", "1986-12-31"), (D("-2300000000"), "USD"), None, None),
         ("balance", "US", "MY", None, ("1986-01-01", "1986-12-31"), (D("-1500000000"), "USD"), None, None)]),
    # an average over sub-periods is no statistic of the period
    "averages-are-no-facts": (
        "Peru's trade surplus fell to 90 mln dlrs in February and has averaged under 150 mln dlrs since then. "
        "Exports averaged around 400 mln dlrs a month in 1985.", "1987-05-20",
        [("balance", "PE", None, None, ("1987-02-01", "1987-02-28"), (D("90000000"), "USD"), None, None)]),
    # a later period with a bare number of its own before it is that number's
    "period-owned-by-a-bare-number": (
        "Chile's trade surplus widened in March. Exports rose to 998 mln dlrs, from 889 mln in February and 903 "
        "in March 1986.", "1987-04-20",
        [("exports", "CL", None, None, ("1987-03-01", "1987-03-31"), (D("998000000"), "USD"), None, None),
         ("exports", "CL", None, None, ("1987-02-01", "1987-02-28"), (D("889000000"), "USD"), None, None)]),
    # "the year-ago month total of X": the period owns the figure, a relative one too
    "period-total-of": (
        "Austria's trade surplus rose to 2.1 billion euros in June from the year-ago month total of 1.7 billion "
        "euros.", "2023-07-20",
        [("balance", "AT", None, None, JUNE, (D("2100000000"), "EUR"), None, None),
         ("balance", "AT", None, None, ("2022-06-01", "2022-06-30"), (D("1700000000"), "EUR"), None, None)]),
    "compared-rate-against": (
        "Malaysia's exports grew 8 percent in the first half, against a 3 percent decline in the same period "
        "last year.", "2023-07-20",
        [("exports", "MY", None, None, H1, None, D("8"), None),
         ("exports", "MY", None, None, ("2022-01-01", "2022-06-30"), None, D("-3"), None)]),
    # a list of places after the preposition is one group, not its first member
    "counterpart-list-is-a-group": (
        "Turkey's exports to Iraq, Iran and Syria rose 12 percent in June.", "2023-07-20",
        [("exports", "TR", "Iraq, Iran and Syria", None, JUNE, None, D("12"), None)]),
    # "Over the past 12 months" / "Over the three months to May" open a span, not a comparison; "an
    # improvement on" compares; "the corresponding period of the last fiscal" is a year before
    "rolling-spans-and-year-ago-comparisons": (
        "Spain's trade deficit widened to 3.1 billion euros in June. Over the past 12 months, the deficit reached "
        "40.2 billion euros. Over the three months to June, the deficit was 9.8 billion euros, an improvement on the "
        "10.5 billion euros recorded in the comparable period of 2022.", "2023-07-20",
        [("balance", "ES", None, None, JUNE, (D("-3100000000"), "EUR"), None, None),
         ("balance", "ES", None, None, ("2022-07-01", "2023-06-30"), (D("-40200000000"), "EUR"), None, None),
         ("balance", "ES", None, None, ("2023-04-01", "2023-06-30"), (D("-9800000000"), "EUR"), None, None),
         ("balance", "ES", None, None, ("2022-04-01", "2022-06-30"), (D("-10500000000"), "EUR"), None, None)]),
    "corresponding-period-of-the-last-fiscal": (
        "India's trade deficit for April-June 2023-24 was $56 billion, compared with $70 billion in the "
        "corresponding period of the last fiscal.", "2023-07-20",
        [("balance", "IN", None, None, ("2023-04-01", "2023-06-30"), (D("-56000000000"), "USD"), None, None),
         ("balance", "IN", None, None, ("2022-04-01", "2022-06-30"), (D("-70000000000"), "USD"), None, None)]),
    "period-of-a-reason-is-not-the-figures": (
        "Turkey's trade deficit widened to 1.2 billion dlrs in May. Bankers forecast the 1987 trade deficit will "
        "exceed 3 billion dlrs, because exports are expected to slow in the last five months.", "1987-06-20",
        [("balance", "TR", None, None, ("1987-05-01", "1987-05-31"), (D("-1200000000"), "USD"), None, None)]),
    # the reporting region paired with another place: the other is the counterpart
    "between-the-region-and-a-partner": (
        "Hunan's foreign trade grew 4 percent to 300 billion yuan in the first half. Trade between Hunan and "
        "ASEAN countries rose 9 percent to 60 billion yuan.", "2023-07-20",
        [("trade", "CN-HN", None, None, H1, (D("300000000000"), "CNY"), D("4"), None),
         ("trade", "CN-HN", "ASEAN", None, H1, (D("60000000000"), "CNY"), D("9"), None)]),
    "hyphenated-pair-before-trade": (
        "China's foreign trade rose 5 percent in the first half, customs data showed. China-ASEAN trade reached "
        "3.1 trillion yuan, while EU-China trade fell 2 percent.", "2023-07-20",
        [("trade", "CN", None, None, H1, None, D("5"), None),
         ("trade", "CN", "ASEAN", None, H1, (D("3100000000000"), "CNY"), None, None),
         ("trade", "CN", "European Union", None, H1, None, D("-2"), None)]),
    # an ownership segment by its official category, whatever the outlet calls it
    "ownership-segment-by-its-category-name": (
        "Guangxi's foreign trade rose 6 percent in the first half. Private firms remained the backbone of the "
        "province's trade. Their imports and exports reached 200 billion yuan, up 9 percent. Exports of "
        "state-owned companies grew 3 percent.", "2023-07-20",
        [("trade", "CN-GX", None, None, H1, None, D("6"), None),
         ("trade", "CN-GX", None, "private enterprises", H1, (D("200000000000"), "CNY"), D("9"), None),
         ("exports", "CN-GX", None, "state-owned enterprises", H1, None, D("3"), None)]),
    # "rose ... to reach" is what happened; "expected to reach" is a forecast
    "past-change-to-reach-is-a-result": (
        "Vietnam's exports rose 8.1% in May. Imports grew 5.2% year on year to reach $27.3 billion. Shipments "
        "abroad are expected to reach $400 billion in the whole year.", "2023-06-20",
        [("exports", "VN", None, None, MAY, None, D("8.1"), None),
         ("imports", "VN", None, None, MAY, (D("27300000000"), "USD"), D("5.2"), None)]),
    # a product named in place of a repeated cue and verb ("... and tin to 180.6 mln")
    "gapped-product-takes-the-cue-of-the-first": (
        "Ghana's cocoa exports rose to 900 mln dlrs in 1986 from 700 mln in 1985 and gold to 450 mln from 410 mln.",
        "1987-03-20",
        [("exports", "GH", None, "cocoa", ("1986-01-01", "1986-12-31"), (D("900000000"), "USD"), None, None),
         ("exports", "GH", None, "cocoa", ("1985-01-01", "1985-12-31"), (D("700000000"), "USD"), None, None),
         ("exports", "GH", None, "gold", ("1986-01-01", "1986-12-31"), (D("450000000"), "USD"), None, None),
         ("exports", "GH", None, "gold", ("1985-01-01", "1985-12-31"), (D("410000000"), "USD"), None, None)]),
    # a forecast for a quarter named without its year, under way at publication, is no fact of last year
    "forecast-for-the-coming-quarter": (
        "Peru's trade surplus was 136 mln dlrs in March. For the next three months, officials estimated a "
        "surplus of 1.2 billion dlrs in the April-May-June period.", "1987-04-24",
        [("balance", "PE", None, None, ("1987-03-01", "1987-03-31"), (D("136000000"), "USD"), None, None)]),
    # a product before the cue in the singular is named as the product is, in the plural
    "singular-product-modifier-named-in-plural": (
        "Brazil's soybean exports rose 12 percent in May, while car and chemical exports fell 4 percent.",
        "2023-06-20",
        [("exports", "BR", None, "soybeans", MAY, None, D("12"), None),
         ("exports", "BR", None, "cars and chemicals", MAY, None, D("-4"), None)]),
}


def _row(f):
    return (f.metric, f.region and f.region.code, f.counterpart and (f.counterpart.code or f.counterpart.name),
            f.segment, f.period and (f.period.start.isoformat(), f.period.end.isoformat()),
            f.value and (f.value.amount, f.value.currency), f.growth and f.growth.percent,
            f.share and f.share.percent)


@pytest.mark.parametrize("name", CASES)
def test_construction(name):
    text, published, expected = CASES[name]
    result = extract(text, published=published)
    for f in result.facts:
        assert all(text[s.start:s.end] == s.text for s in f.evidence)
    assert [_row(f) for f in result.facts] == expected


@pytest.mark.parametrize(("text", "causes"), [
    # a fronted reason ends where its main clause begins
    ("Thanks to improved land transport links, road transport carried 51.8 percent of the trade in 2023.",
     ["improved land transport links"]),
    ("Exports fell 3 percent in June, dragged down by weak sales abroad.", ["weak sales abroad"]),
    ("Exports rose 4 percent, supported by strong demand for chips.", ["strong demand for chips"]),
    # a reason ends before "despite": what follows is a concession, not a cause
    ("Trade rose 4 percent, reflecting the resilience of both economies despite rising trade frictions.",
     ["the resilience of both economies"]),
    # a reason ends before a long attribution ("…, data from the national statistics agency showed")
    ("Exports jumped 30 percent in May, driven by soaring revenues from gas, data from the national "
     "statistics agency SSB showed on Friday.", ["soaring revenues from gas"]),
    # "and" before a new indefinite noun phrase, or a repeated "by", starts a second reason
    ("Exports rose 6 percent in May, boosted by a 20% jump in copper sales and an 8% rise in fruit shipments.",
     ["a 20% jump in copper sales", "an 8% rise in fruit shipments"]),
    ("Exports fell 2 percent in May, hit by weaker demand in Europe and by a strong currency.",
     ["weaker demand in Europe", "a strong currency"]),
    ("Exports rose 5 percent in May, driven by higher shipments of copper and gold.",
     ["higher shipments of copper and gold"]),
    # "on" before a rising or falling quantity; a reason ends before ", while"
    ("Exports to Japan slid 12.4 per cent in May, on weaker purchases of liquefied gas.",
     ["weaker purchases of liquefied gas"]),
    ("Timber exports rose 2.1% in May, mainly on higher prices, while fish exports fell 3%.", ["higher prices"]),
    ("Exports rose 2 percent in May, and Chile can no longer rely on higher copper prices.", []),
])
def test_cause_cues(text, causes):
    assert [c.text for c in extract(text, published="2023-07-20").causes] == causes


def test_belgium_luxembourg_reports_as_one_economy():
    result = extract("The Belgo-Luxembourg Economic Union (BLEU) had a trade surplus of 11.9 billion francs in June.",
                     published="1987-07-09")
    assert [(f.metric, f.region and f.region.name, f.value.amount) for f in result.facts] == \
        [("balance", "Belgium-Luxembourg", D("11900000000"))]


@pytest.mark.xfail(reason="a bloc has no ISO code, so 'francs' is not resolved to the Belgian franc", strict=True)
def test_belgium_luxembourg_francs_are_belgian():
    result = extract("The BLEU had a trade surplus of 11.9 billion francs in June.", published="1987-07-09")
    assert result.facts[0].value.currency == "BEF"


# The headline names the economy reported on when the body's first trade sentence opens with a
# partner; a headline that quotes a speaker, or names a pair of places, decides nothing.
MAY = ("2024-05-01", "2024-05-31")
HEADLINE_BODY = "Germany and Britain bought more gas in May, and exports rose 11 percent to 98 billion crowns."


@pytest.mark.parametrize(("title", "region", "currency"), [
    ("Norway trade surplus soars on gas exports", "NO", "NOK"),
    ("Norway's exports climb 11% in May", "NO", "NOK"),
    (None, "DE", "SEK"),  # without a headline the first place named stays the region
    ("Norwegian minister says exports to Germany up", "DE", "SEK"),  # a speaker's place
    ("Norway, Germany trade grows", "DE", "SEK"),  # a pair of places
])
def test_headline_names_the_region(title, region, currency):
    result = extract(HEADLINE_BODY, published="2024-06-20", title=title)
    assert [(f.region.code, f.value.currency, f.period and f.period.start.isoformat()) for f in result.facts] == \
        [(region, currency, MAY[0])]


def test_headline_country_keeps_a_province_of_the_body():
    result = extract("Guangdong's foreign trade rose 5.2 percent in the first five months.", published="2024-06-20",
                     title="China's coastal provinces lift trade")
    assert [f.region.code for f in result.facts] == ["CN-GD"]


def test_periodless_figure_of_another_sentence_stays_apart():
    # a figure with no period joins another sentence's fact only when they state a number in common
    result = extract("Norwegian tankers supplied Chile with about 30 pct of its crude imports during the early "
                     "1980s. Norway's imports from Chile dropped 36 pct to 160 mln crowns in the first eight "
                     "months of 1986.", published="1987-03-16")
    [eight_months] = [f for f in result.facts if f.period is not None]
    assert (eight_months.growth.percent, eight_months.share) == (D("-36"), None)


def test_an_amount_names_the_cue_that_decided_its_metric():
    result = extract("Peru's exports rose 5% to $4 billion in June. The figure was $3.5 billion in May.",
                     published="2023-07-20")
    rules = [[s.rule for s in f.evidence if s.text.startswith("$")] for f in result.facts]
    assert rules == [["value+metric.exports.v1"], ["value+context"]]


def test_bare_dollar_converting_another_dollar_is_the_us_dollar():
    text = "Australia's exports rose 3 percent to A$41.2 billion ($27.5 billion) in June."
    [fact] = extract(text, published="2023-07-20").facts
    assert (fact.value.amount, fact.value.currency) == (D("41200000000"), "AUD")
    assert [(e.amount, e.currency) for e in fact.equivalents] == [(D("27500000000"), "USD")]


def test_period_of_a_compared_rate_sets_no_basis():
    text = "Malaysia's exports to Korea rose 8 percent in June, faster than May's 5 percent gain."
    june, may = extract(text, published="2023-07-20").facts
    assert (june.growth.percent, june.growth.basis) == (D("8"), "yoy")
    assert (may.period.start.month, may.growth.percent) == (5, D("5"))


def test_level_a_compared_rate_led_to_is_of_its_period():
    text = "Malaysia's exports fell 4 percent to RM110 billion in June, after a 2 percent decline to RM115 billion in May."
    june, may = extract(text, published="2023-07-20").facts
    assert (june.period.start.month, june.value.amount, june.growth.percent) == (6, D("110000000000"), D("-4"))
    assert (may.period.start.month, may.value.amount, may.growth.percent) == (5, D("115000000000"), D("-2"))


def test_compared_rate_of_another_noun_is_no_fact():
    text = "Malaysia's exports fell 4 percent in June, after a 20 percent devaluation of the ringgit."
    assert [f.growth.percent for f in extract(text, published="2023-07-20").facts] == [D("-4")]


@pytest.mark.parametrize(("lead", "basis"), [
    ("On a month-on-month basis, ", "mom"), ("On a monthly basis, ", "mom"),
    ("On a quarterly basis, ", "qoq"), ("On a year-on-year basis, ", "yoy"), ("In dollar terms, ", "yoy")])
def test_sentence_that_opens_with_its_basis_gives_it_to_its_rates(lead, basis):
    text = f"Chile's exports rose 5 percent in June. {lead}imports slipped 0.4 percent."
    assert [f.growth.basis for f in extract(text, published="2023-07-20").facts] == ["yoy", basis]
