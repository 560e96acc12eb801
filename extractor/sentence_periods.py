"""Which period each figure of a sentence is for: the period half of the linker (assemble.py).

A sentence's period mentions (normalise/periods.py) are shared out among its figures:
- possessive: a period fused with the figure ("January's 129 mln", "a 1986 surplus of 9.5 billion");
- forward: the first period after a figure that no comparison opener separates from it
  ("6.72 billion and 6.64 billion in January");
- main: the figure's clause's period, else the sentence's before it, else the one carried from
  earlier sentences (Context.period);
- comparison: a period after an opener ("from 1.94 billion in February", "against 1986") belongs
  to a comparison figure, never to the main one; relative periods ("a year earlier", "the same
  1986 period") resolve against the main period.
The words that mark a comparison period are in rules/linking.yaml.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from . import regexes
from .cues import MetricCue, linking
from .models import Period
from .normalise.periods import PeriodMention, resolve_relative, shift_months, shift_years

if TYPE_CHECKING:
    from .assemble import Context

_POSSESSIVE = regexes.compile(r"^\s*(?:'s|’s|')?\s*$")
# "from 889.2 mln in January and 903.2 in February 1986": a later period with a number of its own
# right before it is that number's, not the period of an earlier figure
_OWN_NUMBER = regexes.compile(r"(?<![\w.,])\d[\d.,]*\s+(?:in|for|during)\s+$")
_MAX_POSSESSIVE_GAP = 4  # "January's 129 mln": at most an apostrophe-s and spaces between
# "its 1986 record 13.6 billion dlr trade surplus", "the February revised 1.2 billion": one qualifier between
_POSSESSIVE_QUALIFIED = regexes.compile(r"^(?:'s|’s)?\s+(?:record|revised|provisional|preliminary|estimated)\s+$")
# "from the year-ago month total of 8.5 billion", "from the unrevised January level of 1.29 billion"
_PERIOD_TOTAL_OF = regexes.compile(r"^\s+(?:total|figure|level|tally)\s+of\s+$")


class SentencePeriods:
    """The period mentions of one sentence and the rules that give them to its figures."""

    def __init__(self, text: str, mentions: list[PeriodMention], ctx: Context, cues: list[MetricCue],
                 clause_of: Callable[[int], tuple[int, int]]) -> None:
        self.s, self.ctx, self.cues, self.clause_of = text, ctx, cues, clause_of
        self.L = linking()
        self.mentions = [self._to_date(self._align_year(self._trailing(p))) for p in mentions]

    def _trailing(self, p: PeriodMention) -> PeriodMention:
        """"The trade deficit for the two months widened to ...": the months that end with the period
        the article reports on (its lead's), a period of the sentence like any stated one."""
        cur = self.ctx.lead_period or self.ctx.period  # the period the article reports on
        if p.relation != "trailing" or cur is None:
            return p
        return replace(p, period=resolve_relative(p, cur), relation=None)

    def _to_date(self, p: PeriodMention) -> PeriodMention:
        """"Year-to-date exports dipped 0.4%" in a report on September: January to the end of the
        period the article is about, not to the publication date."""
        cur = self.ctx.period
        if p.rule != "period.ytd.year_to_date.v1" or cur is None or p.period is None:
            return p
        return replace(p, period=Period(start=date(cur.end.year, 1, 1), end=cur.end, text=p.period.text,
                                        granularity="year" if cur.end.month == 12 else "ytd"))

    def _align_year(self, p: PeriodMention) -> PeriodMention:
        """A period stated without a year takes the year of the carried period it falls in
        ("the first eight months of this year" ... "from January to August"). Only where the
        reference date was inferred from the text: a real publication date resolves better."""
        cur = self.ctx.period
        if not self.ctx.reference_inferred or p.period is None or cur is None or re.search(r"\d{2}", p.text) \
                or re.search(r"\b(?:last|this|next)\b", p.text, re.IGNORECASE):
            return p
        moved = shift_years(p.period, cur.end.year - p.period.end.year)
        if moved != p.period and moved.start <= cur.end and cur.start <= moved.end:
            return replace(p, period=moved)
        return p

    def is_comparison(self, p: PeriodMention) -> bool:
        """Is the period introduced as the comparison ("from ... in 2022", "against January")?"""
        before = self.s[max(0, p.start - 45):p.start]
        if self.L["span_opener"].match(self.s, 0, p.start):
            return False  # "Over the past 12 months, the deficit reached ...": a span, not a comparison
        return bool(self.L["period_opener"].search(before[-20:]) or self.L["period_after_percent"].search(before))

    def resolve(self, p: PeriodMention, current: Period | None) -> Period | None:
        """The period a mention names, a relative one ("a year earlier") taken against `current`."""
        if p.period is not None and current is not None and current.granularity != "year" \
                and p.period.granularity == "year" and self.L["bare_last_year"].match(p.text):
            # "from 5.33 billion last year" after a quarter's figure: the same quarter a year before
            return shift_years(current, -1)
        if p.period is not None:
            return p.period
        if current is None:
            return None
        return resolve_relative(p, current)

    def main(self, pos: int, taken: set[int]) -> tuple[Period | None, bool]:
        """The main period for a number at pos, and whether the sentence states it: its clause's,
        else the sentence's before it, else the carried one (not stated)."""
        c0, c1 = self.clause_of(pos)
        candidates = [p for p in self.mentions if p.period is not None and id(p) not in taken
                      and not self.is_comparison(p)]
        in_clause = [p for p in candidates if c0 <= p.start < c1 and not self.incidental(pos, p)
                     and not (p.start > pos and _OWN_NUMBER.search(self.s, 0, p.start))]
        before = [p for p in candidates if p.start < pos]
        for group in (in_clause, before[::-1]):
            if group:
                first = group[0].period
                # "The January surplus last year was 1.19 billion": that month of last year
                if first.granularity == "month" and any(
                        self.L["bare_last_year"].match(q.text) for q in in_clause if q is not group[0]):
                    return shift_years(first, -1), True
                return self.refine(first), True
        return self._carried(), False

    def incidental(self, pos: int, p: PeriodMention) -> bool:
        """Is p, after the figure at pos, in a side remark ("..., in line with the cut that began in
        May")? Then it is no period of the figure."""
        return p.start > pos and bool(self.L["incidental_period"].search(self.blank(pos, p.start)))

    def _carried(self) -> Period | None:
        """The carried period, unless this sentence compares with it ("The agency had reported a
        May surplus of C$5.32 billion." then "Exports rose 2.0% from May"): then the article's
        lead period, the one its news is about."""
        cur, lead = self.ctx.period, self.ctx.lead_period
        if cur is None or lead is None or lead == cur:
            return cur
        for p in self.mentions:
            if self.is_comparison(p):
                other = self.resolve(p, cur)
                if other is not None and (other.start, other.end) == (cur.start, cur.end):
                    return lead
        return cur

    def refine(self, new: Period) -> Period:
        """Keep a carried finer period inside the new one ("first 20 days of February", then "February")."""
        cur = self.ctx.period
        if cur is not None and cur != new and new.start <= cur.start and cur.end <= new.end \
                and new.granularity == "month" and cur.granularity == "range":
            return cur
        return new

    def carried_comparison(self, pos: int, taken: set[int]) -> Period | None:
        """"... from 15.01 billion" with no period: the main period shifted as the article's last
        stated comparison was."""
        main, _ = self.main(pos, taken)
        if main is None or self.ctx.comparison_offset is None:
            return None
        return shift_months(main, -self.ctx.comparison_offset)

    def forward(self, start: int, end: int, comparison: bool, taken: set[int]) -> PeriodMention | None:
        """The first period after the figure at start:end that belongs to it, if any."""
        for p in self.mentions:
            if p.start < end:
                continue
            if id(p) in taken and not comparison:
                return None
            gap = self.blank(end, p.start)
            if not comparison and has_opener(self.L, gap):
                return None
            if not comparison and (self.is_comparison(p) or p.period is None):
                return None
            if re.search(r"[;]|\b(?:while|whereas|but)\b", gap) or self.incidental(start, p):
                return None
            if p.rule == "period.relative.trailing_months.v1" and self.clause_of(p.start) != self.clause_of(start):
                return None  # "the February deficit was 2.4 billion and the two-month deficit 8.1 billion"
            if any(end <= c.start < p.start and c.metric is None for c in self.cues):
                return None
            return p
        return None

    def possessive(self, start: int) -> PeriodMention | None:
        """"January's 129 mln", "a 1986 surplus of 9.5 billion": a period fused with the figure."""
        for p in self.mentions:
            if p.end <= start and _PERIOD_TOTAL_OF.match(self.s[p.end:start]):
                return p  # a relative one ("the year-ago month") too: resolved against the main period
            if p.end > start or p.period is None:
                continue
            gap = self.s[p.end:start]
            if _POSSESSIVE.match(gap) and len(gap) <= _MAX_POSSESSIVE_GAP or _POSSESSIVE_QUALIFIED.match(gap):
                return p
            cue = next((c for c in self.cues if p.end <= c.start and c.end <= start and c.metric), None)
            if cue is not None and re.fullmatch(r"\s*(?:of|at)?\s*", self.s[cue.end:start]) \
                    and not self.s[p.end:cue.start].strip():
                return p
        return None

    def blank(self, a: int, b: int) -> str:
        """s[a:b] with period mentions blanked, so that "from" in "from January to August" is no opener."""
        return blank(self.s, a, b, self.mentions)

    def same_months(self, period: Period, mention: PeriodMention, main: Period) -> Period:
        """"exports in the eight-month period rose to 3.58 billion dlrs from 3.18 billion in 1986":
        a bare year after a figure for part of a year means the same months of that year."""
        if period.granularity == "year" and main.granularity != "year" and period.start.year < main.start.year \
                and self.L["bare_year"].match(mention.text.strip()):
            return shift_years(main, period.start.year - main.start.year)
        return period


def months_between(later: Period, earlier: Period) -> int:
    return (later.start.year - earlier.start.year) * 12 + later.start.month - earlier.start.month


def blank(s: str, a: int, b: int, mentions) -> str:
    """s[a:b] with the given mentions (anything with start/end offsets into s) blanked."""
    chars = list(s[a:b])
    for m in mentions:
        for i in range(max(m.start, a), min(m.end, b)):
            chars[i - a] = " "
    return "".join(chars)


def has_opener(L: dict, gap: str) -> bool:
    return last_marker(L, gap) == "opener"


def last_marker(L: dict, gap: str) -> str | None:
    """Which comes last in gap: a comparison opener, a level marker ("to", "totalled"), or neither. A
    marker inside an opener ("to" of "compared to") is the opener's."""
    opener = [m.end() for m in L["opener"].finditer(gap)]
    level = [m.end() for m in L["level_marker"].finditer(gap)]
    if not opener and not level:
        return None
    if opener and (not level or max(opener) >= max(level)):
        return "opener"
    return "level"
