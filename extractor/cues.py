"""Cue words found by the rule files: metric cues, blockers, and the linking word lists.

Each finder returns mentions with offsets into the sentence text it was given.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import regexes
from .prefilter import Literals, could_match, literals_of, lowered
from .rules import load_rules


@dataclass(frozen=True)
class MetricCue:
    start: int
    end: int
    text: str
    metric: str | None  # None for a blocker (current account, budget, prices ...)
    strong: bool
    sign: int | None
    rule: str
    other_balance: bool = False  # a blocker naming a balance of its own (current account, budget)
    partner: bool = False  # a buyer or supplier role: the place it is said of is the counterpart


def _words(phrases: list[str]) -> str:
    """An alternation of whole-word phrases, longest first."""
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"


@functools.cache
def _metric_regexes() -> list[tuple[re.Pattern, Literals, dict]]:
    data = load_rules("metrics")
    modifies = "|".join(sorted(map(re.escape, data["trade_modifies"]), key=len, reverse=True))
    entries = [dict(e, blocker=False, pattern=e["pattern"].replace("{trade_modifies}", modifies)) for e in data["metrics"]]
    entries += [dict(e, blocker=True) for e in data["blockers"]]
    neutral = "|".join(sorted(map(re.escape, data["neutral"]), key=len, reverse=True))
    entries.append({"id": "metric.neutral.v1", "pattern": neutral, "blocker": False, "neutral": True, "metric": None})
    compiled = [regexes.compile(rf"(?<![\w-])(?:{e['pattern']})(?![\w-])", re.IGNORECASE) for e in entries]
    return list(zip(compiled, literals_of(compiled), entries))


def is_candidate(sentence: str) -> bool:
    """Can this sentence yield or place a fact? It names a trade metric, a trading partner, or a
    pair ("between Britain and the Soviet Union") that partners.py reads."""
    if any(c.metric for c in find_metric_cues(sentence)):
        return True
    regex, literals = _partner_regex()
    return could_match(literals, lowered(sentence)) and bool(regex.search(sentence))


@functools.cache
def _partner_regex() -> tuple[re.Pattern, Literals]:
    regex = regexes.compile(load_rules("partners")["role_regex"] + r"|\bbetween\b", re.IGNORECASE)
    return regex, literals_of([regex])[0]


@functools.lru_cache(maxsize=4096)
def find_metric_cues(text: str) -> list[MetricCue]:
    """Metric cues and blockers in a sentence, left to right; the longest match wins at a start."""
    low = lowered(text)
    hits = [(m.start(), -(m.end() - m.start()), m, e)
            for regex, literals, e in _metric_regexes() if could_match(literals, low) for m in regex.finditer(text)]
    out, pos = [], 0
    for start, _, m, e in sorted(hits, key=lambda h: (h[0], h[1])):
        if start < pos:
            continue
        pos = m.end()
        if e.get("neutral"):
            continue
        out.append(MetricCue(m.start(), m.end(), m.group(0), None if e["blocker"] else e["metric"],
                             e.get("strength") == "strong", e.get("sign"), e["id"], bool(e.get("other_balance")),
                             bool(e.get("partner"))))
    return out


def is_forecast(before: str) -> bool:
    """Does the text before a value make it a forecast, target or plan ("is expected to reach")?
    A past change that governs the infinitive ("rose 7% to reach") is a result, not a plan.

    >>> is_forecast("Exports are expected to reach"), is_forecast("Imports rose by 7.49% to reach")
    (True, False)
    """
    L = linking()
    return bool(L["forecast"].search(before)) or any(
        not L["result_infinitive"].search(before[:m.start()]) for m in L["forecast_infinitive"].finditer(before))


@functools.cache
def linking() -> dict:
    """rules/linking.yaml with its word lists compiled to regexes."""
    data = load_rules("linking")
    return {
        "opener": regexes.compile(_words(data["comparison_openers"]), re.IGNORECASE),
        "change_before": regexes.compile(
            _words(data["change_verbs"]) + r"(?:\s+" + _words(data["change_adverbs"]) + r")*\s*$", re.IGNORECASE),
        "change_after": regexes.compile(r"^\s*" + _words(data["change_after"]), re.IGNORECASE),
        # case-sensitive: the modal "may" is a forecast cue, the month "May" is not
        "forecast": regexes.compile(_words(data["forecast_cues"])),
        "forecast_infinitive": regexes.compile(data["forecast_infinitive_regex"]),
        "stated_year": regexes.compile(data["stated_year_regex"], re.IGNORECASE),
        "result_infinitive": regexes.compile(data["result_infinitive_regex"], re.IGNORECASE),
        "clause_break": regexes.compile(data["clause_breaks_regex"], re.IGNORECASE),
        "counterpart_prep": regexes.compile(_words(data["counterpart_preps"]) + r"\s+(?:the\s+)?(?:"
                                            + data["counterpart_group_regex"] + ")?$", re.IGNORECASE),
        "non_counterpart": regexes.compile(data["non_counterpart_regex"], re.IGNORECASE),
        "counterpart_gap": regexes.compile(data["counterpart_gap_regex"], re.IGNORECASE),
        "prenominal": regexes.compile(_words(data["prenominal_nouns"]) + r"\s*$", re.IGNORECASE),
        # an amount that measures a change: "a 600 mln dlr increase in soybean exports", "an increase
        # in the surplus on oil of 200 mln stg"
        "change_noun_after": regexes.compile(r"^\s*(?:[a-z]{2,5}\s+)?" + _words(data["prenominal_nouns"]), re.IGNORECASE),
        "change_noun_of": regexes.compile(_words(data["prenominal_nouns"]) + r"\s+(?:in|of)\s+(?:[\w-]+\s+){1,6}?of\s+$",
                                          re.IGNORECASE),
        "period_opener": regexes.compile(_words(data["comparison_period_openers"]) + r"(?:\s+(?:in|of|for))?\s*$",
                                    re.IGNORECASE),
        "period_after_percent": regexes.compile(data["compared_percent_period_regex"], re.IGNORECASE),
        "bare_last_year": regexes.compile(data["bare_last_year_regex"], re.IGNORECASE),
        "bare_year": regexes.compile(data["bare_year_regex"]),
        "level_marker": regexes.compile(data["level_marker_regex"], re.IGNORECASE),
        "incidental_period": regexes.compile(data["incidental_period_regex"], re.IGNORECASE),
        "lead_basis": regexes.compile(data["lead_basis_regex"], re.IGNORECASE),
        "span_opener": regexes.compile(data["span_opener_regex"], re.IGNORECASE),
        "pair_trade": regexes.compile(data["pair_trade_regex"], re.IGNORECASE),
        "region_pair": regexes.compile(data["region_pair_regex"], re.IGNORECASE),
        "average": regexes.compile(data["average_regex"], re.IGNORECASE),
        "figure_with_place": regexes.compile(data["figure_with_place_regex"], re.IGNORECASE),
        "anaphor": regexes.compile(data["anaphor_regex"]),
        "share_subject_before": regexes.compile(data["share_subject_before_regex"], re.IGNORECASE),
        "share_subject_after": regexes.compile(data["share_subject_after_regex"], re.IGNORECASE),
        "rate_comparison": regexes.compile(data["rate_comparison_regex"], re.IGNORECASE),
        "periphrasis": regexes.compile(data["periphrasis_regex"], re.IGNORECASE),
        "group_anaphor": regexes.compile(data["group_anaphor_regex"], re.IGNORECASE),
        "respectively": regexes.compile(data["respectively_regex"], re.IGNORECASE),
        "list_separator": regexes.compile(data["list_separator_regex"], re.IGNORECASE),
        "list_split": regexes.compile(data["list_split_regex"], re.IGNORECASE),
        "list_member": regexes.compile(data["list_member_regex"]),
    }
