"""Literal prefilters: a regex is skipped only over text where it cannot match."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.causes import _compiled as _causes
from extractor.cues import _metric_regexes, _partner_regex
from extractor.normalise.periods import _patterns
from extractor.prefilter import could_match, lowered, required_literals
from extractor.text import sentences

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters-trade.jsonl"
PERIODS = [(p.id, p.regex, p.literals) for p in _patterns()]
CUES = [(e["id"], rx, literals) for rx, literals, e in _metric_regexes()]
CAUSES = [(c["id"], rx, literals) for rx, literals, c in _causes()[0]]
ALL = PERIODS + CUES + CAUSES + [("partners", *_partner_regex())]


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"(?:the\s+)?first\s+quarter", re.IGNORECASE, {"quarter"}),  # the longest of the words every match holds
    (r"jan(?:uary)?|feb(?:ruary)?", re.IGNORECASE, {"jan", "feb"}),  # one per alternative
    (r"(?-i:May|MAY)\s+\d+", re.IGNORECASE, {"may"}),  # lower-cased: a weaker test, never a wrong one
    (r"[Qq]uarter", 0, {"quarter"}),
    (r"(?:ab)+cd", 0, None),  # too short to be worth checking
    (r"(?:export)?s", re.IGNORECASE, None),  # an optional word is not required
    (r"\d+ (?:pct|)", 0, None),  # an empty alternative needs nothing
    (r"(?:exports|) (?:rose|fell)", 0, {" rose", " fell"}),  # written out; "exports rose" holds " rose"
    (r"jan(?:uary)?\s+\d+|january", re.IGNORECASE, {"jan"}),  # "january" holds "jan"
])
def test_required_literals(pattern, flags, expected):
    got = required_literals(re.compile(pattern, flags))
    assert got == (frozenset(expected) if expected else None)


def test_non_ascii_text_always_runs_the_regex():
    # re pairs the long s with "s" when ignoring case; str.lower() does not
    regex = re.compile("surplus", re.IGNORECASE)
    assert regex.search("\u017furplus") and lowered("\u017furplus") is None
    assert could_match(required_literals(regex), lowered("\u017furplus"))


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("fixtures/*.txt"))]
    if CORPUS.exists():
        texts += [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    return texts


def test_no_sentence_that_a_rule_regex_matches_is_filtered_out():
    misses, filtered = [], 0
    for text in _texts():
        for sentence in sentences(text):
            low = lowered(sentence.text)
            for rule, regex, literals in ALL:
                may = could_match(literals, low)
                filtered += not may
                if not may and regex.search(sentence.text):
                    misses.append((rule, sentence.text))
    assert misses == []
    assert filtered > 0  # the test exercises the filter


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_period_example_in_any_case_and_context_still_runs_its_regex(data):
    rule, regex, literals, example = data.draw(st.sampled_from(
        [(p.id, p.regex, p.literals, ex) for p in _patterns() for ex in p.examples]))
    assert regex.search(example) and could_match(literals, lowered(example)), (rule, example)
    flips = data.draw(st.lists(st.booleans(), min_size=len(example), max_size=len(example)))
    cased = "".join(c.upper() if f else c for c, f in zip(example, flips))
    text = data.draw(st.text(alphabet="abc XYZ.,0123", max_size=20)) + " " + cased + " " + \
        data.draw(st.text(alphabet="abc XYZ.,0123", max_size=20))
    if regex.search(text):
        assert could_match(literals, lowered(text)), (rule, text)
