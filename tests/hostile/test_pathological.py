"""Pathological texts, generated here (never committed as files): each stays bounded and yields
what a reader expects. The bounds are generous hang guards, not performance measurements."""
from __future__ import annotations

import math
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.errors import InputError
from extractor.io.read import decode_bytes

BOUND_S = 20

CASES = {
    "20,000 open brackets": ("(" * 20000, 0),
    "'1' then 50,000 ' 1'": ("1" + " 1" * 50000, 0),
    "a 100,000-digit amount": ("Exports rose to " + "9" * 100000 + " billion dlrs in 2023.", 0),
    "1e308 billion": ("Exports rose to 1e308 billion dlrs in 2023.", 0),
    "malformed 1,2,3,4,5,6 billion": ("Exports rose to 1,2,3,4,5,6 billion dlrs in 2023.", 0),
    "one 1.2-million-character line": ("trade " * 200000, 0),
    "20,000 percents": (" ".join(f"{i} pct" for i in range(20000)), 0),
    "10,000 money near-misses": (" ".join(f"{i}.5 billion dlrs from" for i in range(10000)), 0),
    "10,000 period near-misses": (" ".join("January to March 1987 and" for _ in range(10000)), 0),
    "deep nesting": ("[" * 5000 + "]" * 5000, 0),
    "NUL inside a sentence": ("Exports rose 5 pct\x00 to 3 billion dlrs in 2023.", 1),
    "Chinese with 万亿": ("今年前8个月，中国外贸进出口总值6.61万亿元，同比增长5.2%。", 1),  # read by extractor/zh
    "decimal comma": ("Les exportations ont atteint 6,61 milliards d'euros en 2023.", 0),
    # one statistic stated 3,000 times: merging, rounding checks and partners were quadratic in it
    "3,000 repeats of one trade sentence": (
        "Japan's exports to the United States rose 5 pct in 2023, the ministry said. " * 3000, 1),
}


@pytest.mark.parametrize("name", CASES)
def test_bounded_and_expected(name):
    text, n_facts = CASES[name]
    start = time.perf_counter()
    r = extract(text, published="2024-01-15")
    assert time.perf_counter() - start < BOUND_S
    assert len(r.facts) == n_facts
    _valid(text, r)


def _valid(text, r):
    for f in r.facts:
        for money in [f.value, *f.equivalents]:
            if money is not None:
                assert math.isfinite(money.amount) and abs(money.amount) <= Decimal("1e16")
                assert len(money.currency) == 3 and money.currency.isupper()
        for s in f.evidence:
            assert text[s.start:s.end] == s.text
    for x in [*r.partners, *r.causes]:
        for s in x.evidence:
            assert text[s.start:s.end] == s.text
    r.model_dump_json()  # strict JSON: no NaN or Infinity can be produced


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    _valid(text, extract(text, published="1987-03-02"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_refuse_clearly(data):
    try:
        text = decode_bytes(data)
    except InputError as exc:
        assert "not a text file" in str(exc)
        return
    assert "\x00" not in text
    _valid(text, extract(text, published="1987-03-02"))


def test_merging_compares_a_draft_with_a_bounded_number_of_groups(monkeypatch):
    """5,000 figures of one statistic that all differ (number soup): each draft is compared with at
    most merge._MAX_CANDIDATES groups, not with every group before it."""
    from extractor import merge as merge_module
    from extractor.assemble import Draft
    from extractor.models import Money

    calls = []
    real = merge_module._compatible

    def counting(f, d):
        calls.append(1)
        return real(f, d)

    monkeypatch.setattr(merge_module, "_compatible", counting)
    drafts = []
    for i in range(5000):
        d = Draft("exports", None, None, None, None, i)
        d.value = Money(amount=Decimal(i + 1), currency="USD", approximate=False, text=str(i + 1))
        drafts.append(d)
    assert len(merge_module.merge(drafts)) == 5000
    assert len(calls) <= 5000 * merge_module._MAX_CANDIDATES
