"""Linking: the numbers of each sentence joined to their metric, place, period and segment.

The linker works over the sequence of mentions in a sentence (rules, not a parse): money
readings, percents, periods, places, metric cues and the linking words of rules/linking.yaml.
The result is one Draft per number; merge.py turns drafts into facts.

How a number is placed (the constructions, with a typical example each):
- metric: a cue right after a money reading ("a 3.51 billion dlr deficit"), else the nearest
  cue before it in its clause ("exports rose 27 pct"), else — for a percent — the nearest after
  ("a yearly rise of 30.9 percent in foreign trade"), else the previous clause's metric.
  A weak cue ("deficit") under a blocker ("current account") yields nothing.
- role: after a change verb ("rose 2.78 billion dlrs") an amount is a change, not a level;
  after a comparison opener ("from", "against", "compared with") it is the figure of another
  period; values joined by "and" keep the role of the value before them.
- period: a possessive period ("January's 129 mln"); else the first period after the value
  that no comparison opener separates from it ("6.72 billion and 6.64 billion in January");
  else the clause's main period, the sentence's, or the one carried from earlier sentences.
  Relative periods ("a year earlier", "the same 1986 period") resolve against the main one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from . import regexes
from .causes import CauseMention
from .cues import MetricCue, find_metric_cues, is_forecast, linking
from .models import Growth, Money, Period, Place, Share, Span
from .normalise.changes import ChangeMention, basis_in, find_changes
from .normalise.money import MoneyReading, find_money, resolve_currency
from .normalise.periods import PeriodMention, find_periods, shift_years
from .normalise.places import lookup_place, same_place
from .pipeline import PlaceMention
from .segments import gapped_segment, segment_named, subject_phrase, subject_segment
from .sentence_periods import SentencePeriods, blank, has_opener, last_marker, months_between
from .text import Sentence

BLOCKED = "blocked"
_DOLLARS = frozenset({"USD", "HKD", "CAD", "AUD", "NZD", "SGD", "TWD"})
_BARE_TOTAL = regexes.compile(r"^(?:the\s+|its\s+|their\s+)?(?:[\w-]+(?:'s|’s)\s+)?total$", re.IGNORECASE)
_METRIC_NOUN = {"trade": "foreign trade", "exports": "exports", "imports": "imports", "balance": "trade balance"}
_NOT_OVER_GRACE_DAYS = 15  # monthly data can be released a little before its month ends
_ANAPHOR = regexes.compile(r"\b(?:these|the|this|those) (?:figures?|numbers?|data|statistics)\b|^(?:It|They)\b", re.IGNORECASE)
_RELATIVE_CLAUSE = regexes.compile(r",\s+(?:which|who)\b")
_COMPARED_LEVEL_CUES = frozenset({"from", "against", "compared with", "versus"})
_EQUIVALENT_GAP = regexes.compile(r"^\s*\(\s*(?:about|around|approximately|roughly|some|nearly|or|equal to|equivalent to)?\s*$",
                             re.IGNORECASE)


@dataclass
class Draft:
    """One number linked to its context, before merging."""

    metric: str
    region: Place | None
    counterpart: Place | None
    segment: str | None
    period: Period | None
    sentence: int
    value: Money | None = None
    equivalents: list[Money] = field(default_factory=list)
    growth: Growth | None = None
    share: Share | None = None
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    anchor: int = -1  # where its number starts in the sentence


@dataclass
class Context:
    """What carries from sentence to sentence within one article."""

    reference_date: date
    text: str = ""                  # the article as read: spans quote it
    reference_inferred: bool = False  # no publication date: the reference came from the text
    region: Place | None = None
    region_code: str | None = None
    period: Period | None = None
    lead_period: Period | None = None  # the first main period of the article: what its news is about
    metric: str | None = None
    currency: str | None = None
    dollar: str | None = None      # a dollar named outright earlier ("H.K. dlrs", "U.S. dlrs")
    bilateral: Place | None = None  # "trade between Argentina and Brazil": the article's counterpart
    locators: frozenset[int] = frozenset()  # starts of mentions that only locate a place before them
    comparison_offset: int | None = None  # months between the last main and comparison periods
    trade_context: bool = False  # the article has been talking about trade, not budgets or accounts
    balance_sign: int = 1  # the sign of the balance last named: "The deficit rose ... It widened to 3.6 billion"
    # the topic a sentence sets and an anaphor keeps ("Private firms played a bigger part. Their
    # imports and exports rose 17 pct"; "Trade with RCEP members stayed strong. It reached ...")
    topic_segment: str | None = None
    services_reported: bool = False  # the article states a services figure: "goods" before a cue is a segment
    topic_counterpart: Place | None = None
    topic_region: Place | None = None  # the reporting side of the topic ("Washington's deficit with Taipei")
    # the last bloc or group a figure was about: "trade with the region", "imports from the bloc"
    group_counterpart: Place | None = None


# an amount of a blocked series named right after it: "54 billion U.S. Dlrs in foreign exchange reserves",
# "24 billion dlrs in debt servicing"
_OWN_BLOCKER_AFTER = regexes.compile(r"\s+(?:in|of)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?")
# a figure's own cue after it, in a reason: "a 53.8% jump in crude oil exports", "an 8.9% increase in soybean exports"
_OWN_CUE_AFTER = regexes.compile(r"\s*(?:[a-z-]+\s+)?(?:in|of)\s+(?:[\w-]+\s+){0,3}")


@dataclass
class _Item:
    """A number in the sentence being linked."""

    start: int
    end: int
    kind: str  # "money" | "growth" | "share"
    money: MoneyReading | None = None
    change: ChangeMention | None = None
    comparison: bool = False
    role: str = "main"  # "main" | "comparison" | "change" | "equivalent"
    period_mention: PeriodMention | None = None


class SentenceLinker:
    """Links the numbers of one sentence; see the module docstring for the rules."""

    def __init__(self, ctx: Context, sent: Sentence, places: list[PlaceMention],
                 causes: list[CauseMention], index: int) -> None:
        self.ctx, self.sent, self.s, self.index = ctx, sent, sent.text, index
        self.L = linking()
        self.cues = find_metric_cues(self.s)
        self._anaphoric = bool(self.L["anaphor"].match(self.s))
        self.money = find_money(self.s)
        base = sent.start
        here = [replace(p, start=p.start - base, end=p.end - base) for p in places
                if base <= p.start and p.end <= sent.end]
        self.places = [p for p in here if not any(m.start < p.end and p.start < m.end for m in self.money)]
        self.changes = [c for c in find_changes(self.s, [(m.start, m.end) for m in self.money]) if c.kind in ("growth", "share")
                        or c.kind == "level" and (c.cue or "").lower() in _COMPARED_LEVEL_CUES]
        # periods matter where a figure or a trade cue is (the grammar is the costliest finder)
        worth = self.money or self.changes or any(c.metric for c in self.cues)
        self.causes = causes
        self.clauses = self._clauses()
        found = find_periods(self.s, ctx.reference_date, ctx.region_code) if worth else []
        self.pd = SentencePeriods(self.s, found, ctx, self.cues, self._clause_of)
        self.periods = self.pd.mentions
        self._compared: set[int] = set()  # periods of comparison figures (they set a rate's basis)

    # ---- sentence structure -------------------------------------------------------------
    def _clauses(self) -> list[tuple[int, int]]:
        bounds, pos = [], 0
        for m in self.L["clause_break"].finditer(self.s):
            if any(c.start <= m.start() < c.end for c in self.cues):
                continue  # "imports and exports" is one cue, not two clauses
            if m.start() > pos:
                bounds.append((pos, m.start()))
            pos = m.start()
        bounds.append((pos, len(self.s)))
        return bounds

    def _clause_of(self, pos: int) -> tuple[int, int]:
        for c in self.clauses:
            if c[0] <= pos < c[1]:
                return c
        return self.clauses[-1]

    def _in_relative(self, cue: MetricCue) -> bool:
        """Is the cue inside a relative clause (", which ...") that follows another cue?"""
        k0, _ = self._clause_of(cue.start)
        return bool(k0 and _RELATIVE_CLAUSE.match(self.s, k0) and any(c.end <= k0 for c in self.cues))

    def _in_cause(self, start: int) -> bool:
        return self._cause_of(start) is not None

    def _cause_of(self, start: int) -> CauseMention | None:
        return next((c for c in self.causes if c.cue_start <= start < c.end), None)

    def _cause_cues(self, cause: CauseMention) -> list[MetricCue]:
        """The trade cues inside a stated reason ("boosted by a 53.8% jump in crude oil exports")."""
        return [c for c in self.cues if cause.start <= c.start < cause.end and c.metric is not None and c.strong]

    def _blank_places(self, a: int, b: int) -> str:
        """s[a:b] with places blanked, so that "a 169 billion dlr U.S. trade deficit" joins up."""
        return blank(self.s, a, b, self.places)

    # ---- metric ---------------------------------------------------------------------------
    def metric_for(self, item: _Item) -> MetricCue | str | None:
        cause = self._cause_of(item.start)
        if cause is not None:  # a figure inside a reason is a fact of the reason's own cue, or none
            inside = self._cause_cues(cause)
            after = next((c for c in inside if c.start >= item.end), None)
            if after is not None and _OWN_CUE_AFTER.fullmatch(self.s[item.end:after.start]):
                return after  # "a 53.8% jump in crude oil exports"
            return next((c for c in reversed(inside) if c.end <= item.start), None) or after
        c0, c1 = self._clause_of(item.start)
        cues = [c for c in self.cues if c0 <= c.start < c1 and not self._in_cause(c.start)]
        if _RELATIVE_CLAUSE.match(self.s, c0) and any(c.end <= c0 for c in self.cues):
            # "The current account surplus, which includes trade in services as well as goods, climbed
            # to 7.38 billion": the relative clause ends at its comma; the figure after is the subject's
            close = self.s.find(",", c0 + 1, item.start)
            if close != -1:
                cues = [c for c in cues if c.start > close]
        if any(not c.partner for c in cues):  # "The surplus with the U.S., its largest trading partner, rose"
            cues = [c for c in cues if not c.partner]
        chosen = None
        if item.kind == "money":  # "a 3.51 billion dlr deficit", "a 169 billion dlr U.S. trade deficit"
            chosen = self._cue_right_after(item, cues)
        if chosen is None:
            before = [c for c in cues if c.end <= item.start]
            if before:
                chosen = before[-1]
            elif item.kind == "growth":
                chosen = next((c for c in cues if c.start >= item.end), None)
        if chosen is None:  # an earlier clause's cue: "oil exports, which made up 55 pct of ..."
            # but not one inside a relative clause after the subject's cue: "The current account
            # surplus, which includes trade in services as well as goods, climbed to 7.38 billion"
            chosen = next((c for c in reversed(self.cues) if c.end <= c0 and not self._in_relative(c)), None)
        if chosen is None and item.kind == "share" and item.change.of:
            # "Energy products accounted for 19 percent of EU imports": the whole names the metric
            at = self.s.find(item.change.of, item.change.number_end)
            of_cues = [c for c in find_metric_cues(item.change.of) if c.metric]
            if of_cues:  # at sentence offsets, so that the whole's own place is found ("of Ethiopian exports")
                return replace(of_cues[0], start=of_cues[0].start + at, end=of_cues[0].end + at) if at >= 0 \
                    else of_cues[0]
        if item.kind == "money" and any(c.metric is None and c.start >= item.end
                                        and _OWN_BLOCKER_AFTER.fullmatch(self.s[item.end:c.start]) for c in self.cues):
            return BLOCKED  # "to accumulate some 54 billion U.S. Dlrs in foreign exchange reserves"
        if chosen is None:
            return None
        if chosen.metric is None:
            return BLOCKED
        if not chosen.strong:
            k0, _ = self._clause_of(chosen.start)
            governing = [c for c in self.cues if k0 <= c.start and c.end <= chosen.start and (c.strong or c.metric is None)]
            if governing and governing[-1].metric is None:
                return BLOCKED
            # "The invisible trade deficit fell to 617 mln ..., but was up from a 527 mln deficit": the
            # sentence's balance of its own, in an earlier clause, governs a bare one of a later clause
            earlier = [c for c in self.cues if c.end <= chosen.start and (c.strong and c.metric or c.other_balance)]
            if not governing and earlier and earlier[-1].other_balance:
                return BLOCKED
            # "a 500 mln mark deficit in the services account": a blocker right after governs too
            if any(c.metric is None and c.start >= chosen.end
                   and re.fullmatch(r"\s+(?:in|on|of)\s+(?:the\s+|its\s+|their\s+)?", self.s[chosen.end:c.start])
                   for c in self.cues):
                return BLOCKED
            # a bare "deficit" is a trade balance only in an article about trade ("Interest surplus",
            # "the budget deficit" are not): a trade cue in this sentence, or trade the last context
            if not governing and not self.ctx.trade_context and not any(c.strong and c.metric for c in self.cues):
                return BLOCKED
        return chosen

    # ---- places -----------------------------------------------------------------------------
    def region_for(self, cue: MetricCue | None) -> Place | None:
        """A place right before the cue ("Xinjiang's trade", "Swiss trade deficit"), else the article's.
        A buyer or supplier ("China was the largest customer") is a counterpart, never the region."""
        if cue is not None and not cue.partner:
            for i, j in self._trade_pairs():  # "EU-China trade" in a story on China
                q, p = self.places[i], self.places[j]
                if p.end <= cue.start <= p.end + 20 \
                        and (same_place(q.place, self.ctx.region) or same_place(p.place, self.ctx.region)):
                    return self.ctx.region
            for p in self.places:
                if p.start + self.sent.start in self.ctx.locators:
                    continue  # "Shenzhen in south China's Guangdong Province saw its foreign trade"
                gap = self.s[p.end:cue.start]
                if p.end <= cue.start and re.fullmatch(r"\s*(?:'s|’s)?\s*(?:[\w-]+\s+){0,2}", gap) \
                        and not self.L["counterpart_prep"].search(self.s[:p.start]) \
                        and (p.place.kind in ("country", "subnational", "bloc") or p.place.kind == "city" and re.match(r"(?:'s|’s)", gap)) \
                        and not re.search(r"\d", gap):
                    return p.place
            # the subject of the sentence: "The United States last year had a record trade deficit"
            c0, _ = self._clause_of(cue.start)
            subject = next((p for p in self.places if c0 <= p.start < cue.start and not p.demonym
                            and re.fullmatch(r"(?:the\s+)?", self.s[c0:p.start], re.IGNORECASE)), None)
            if subject is not None and any(c.partner and subject.end <= c.start < cue.start for c in self.cues):
                subject = None  # "ASEAN remained the largest trading partner, with trade of ...": a counterpart
            if subject is not None and subject.place.kind in ("country", "bloc", "subnational") \
                    and not re.search(r"[,;]|\b(?:its|their)\s+(?:\w+\s+)?$", self.s[subject.end:cue.start]) \
                    and not any(subject.end <= p.start < cue.start for p in self.places):
                return subject.place
        return self.ctx.region

    def counterpart_for(self, item: _Item, region: Place | None) -> Place | None:
        """The place a figure is stated with ("followed by Iraq at $3.5 billion"), the buyer or
        supplier its cue names ("China was the largest customer ... with purchases worth $5.6
        billion"), else a place after with/to/from in the figure's clause, else in an earlier
        clause of the sentence ("its trade surplus with the U.S., which rose to 7.4 billion dlrs")."""
        clause = self._clause_of(item.start)
        return self._counterpart_at(item, region) or self._after_own_cue(item, region) or \
            self._share_subject(item, region) or \
            self._counterpart_in((clause[0], item.start), item, region) or \
            self._partner_subject(item, region) or \
            self._counterpart_in(clause, item, region) or \
            self._counterpart_in((0, clause[0]), item, region)

    def _counterpart_at(self, item: _Item, region: Place | None) -> Place | None:
        """"followed by Japan with SR11.4 billion", "Iraq at $3.5 billion": the place the figure is given with."""
        for p in reversed(self.places):
            if p.end <= item.start:
                if not p.demonym and not same_place(p.place, region) and p.place.kind not in ("city", "port") \
                        and self.L["figure_with_place"].fullmatch(self.s[p.end:item.start]):
                    return p.place
                return None
        return None

    def _cue_right_after(self, item: _Item, cues: list[MetricCue]) -> MetricCue | None:
        """The cue a money figure premodifies: the first after it with only places between
        ("a 169 billion dlr U.S. trade deficit")."""
        return next((c for c in cues if c.start >= item.end and not self._blank_places(item.end, c.start).strip()), None)

    def _after_own_cue(self, item: _Item, region: Place | None) -> Place | None:
        """"... and a 5.6 billion dlr shortfall with Japan": the figure's own cue right after it names
        its counterpart, whatever place came before in the clause."""
        if item.kind != "money":
            return None
        cue = self._cue_right_after(item, [c for c in self.cues if c.metric])
        if cue is None:
            return None
        p = next((p for p in self.places if p.start >= cue.end), None)
        if p is None or p.demonym or same_place(p.place, region) or p.place.kind in ("city", "port") \
                or not re.fullmatch(r"\s+(?:with|to|from|vis-a-vis)\s+(?:the\s+)?", self.s[cue.end:p.start]):
            return None
        return p.place

    def _share_subject(self, item: _Item, region: Place | None) -> Place | None:
        """"Asian countries now account for 70 percent of Russia's foreign trade", "the EU's share
        fell to 16 percent": the place a share is said of is its counterpart."""
        if item.kind != "share":
            return None
        c0, _ = self._clause_of(item.start)
        for p in self.places:
            if c0 <= p.start < item.start and not p.demonym and not same_place(p.place, region) \
                    and p.place.kind not in ("city", "port") \
                    and self.L["share_subject_before"].fullmatch(self.s[c0:p.start]) \
                    and self.L["share_subject_after"].match(self.s, p.end):
                return p.place
        return None

    def _group_anaphor(self, item: _Item) -> Place | None:
        """"trade with the region", "exports to the five countries", "imports from the bloc": the
        bloc or group the article last gave a figure for (or its bilateral counterpart)."""
        group = self.ctx.group_counterpart or self.ctx.bilateral
        if group is None or group.kind not in ("bloc", "group"):
            return None
        c0, c1 = self._clause_of(item.start)
        return group if self.L["group_anaphor"].search(self.s[c0:c1]) else None

    def _partner_subject(self, item: _Item, region: Place | None) -> Place | None:
        """The place the sentence names as a buyer, supplier or trading partner before the figure
        ("ASEAN remained the largest trading partner, with trade of 3.3 trillion yuan"): the subject
        of the partner cue's clause."""
        cue = next((c for c in reversed(self.cues) if c.partner and c.start < item.start), None)
        return self._partner_of(cue, region) if cue is not None else None

    def _partner_of(self, cue: MetricCue, region: Place | None) -> Place | None:
        c0, _ = self._clause_of(cue.start)
        subject = [p for p in self.places if c0 <= p.start < cue.start and not p.demonym
                   and not same_place(p.place, region) and p.place.kind not in ("city", "port")]
        return subject[-1].place if subject else None

    def _counterpart_in(self, clause: tuple[int, int], item: _Item, region: Place | None) -> Place | None:
        c0, c1 = clause
        found = []
        for i, p in enumerate(self.places):
            if not (c0 <= p.start < c1) or self._in_cause(p.start) or same_place(p.place, region) \
                    or p.demonym or p.place.kind in ("city", "port"):
                continue
            before = self.s[max(c0, p.start - 60):p.start]
            if self.L["periphrasis"].match(self.s, p.end):  # "exports from Southeast Asia's largest economy"
                continue
            if self.L["counterpart_prep"].search(before) and not linking()["non_counterpart"].search(before) \
                    or self._paired_with_region(i, region) or self._hyphen_pair(i, region):
                found.append(self._coordinated(i))
        before = [pl for start, pl in found if start < item.start]
        if before:
            return before[-1]
        if found:
            # "a 4.3 billion dlr surplus, including a 7.1 billion surplus with the U.S.": a place after
            # another figure is that figure's
            start, place = found[0]
            if item.kind == "money" and any(item.end <= m.start < start for m in self.money):
                return None
            return place
        cue = self.metric_for(item)
        if isinstance(cue, MetricCue) and re.match(r"(?:bilateral|two-way)\b", cue.text, re.IGNORECASE):
            # "ASEAN remained China's largest trading partner, with bilateral trade of ...": the partner
            return next((p.place for p in self.places if p.start < cue.start and not p.demonym
                         and not same_place(p.place, region) and p.place.kind not in ("city", "port")), None)
        return None

    def _paired_with_region(self, i: int, region: Place | None) -> bool:
        """"Trade between Anhui and Belt and Road partner countries jumped": the place paired with
        the reporting region after "between" is the counterpart."""
        if i == 0 or region is None:
            return False
        q, p = self.places[i - 1], self.places[i]
        around = self.s[max(0, q.start - 20):q.start] + "X" + self.s[q.end:p.start]
        return same_place(q.place, region) and bool(self.L["region_pair"].search(around))

    def _trade_pairs(self) -> list[tuple[int, int]]:
        """The hyphenated pairs of places naming a trade relation ("China-EU trade", "EU-China
        bilateral trade"), as indexes into self.places."""
        return [(i, i + 1) for i, (q, p) in enumerate(zip(self.places, self.places[1:]))
                if self.s[q.end:p.start] == "-" and self.L["pair_trade"].match(self.s, p.end)]

    def _hyphen_pair(self, i: int, region: Place | None) -> bool:
        """"China-EU trade reached 5.09 trillion yuan", "EU-China trade": the place joined to the
        reporting region in such a pair is the counterpart."""
        return region is not None and any(
            i in pair and same_place(self.places[pair[1] if i == pair[0] else pair[0]].place, region)
            for pair in self._trade_pairs())

    def _coordinated(self, i: int) -> tuple[int, Place]:
        """"Hong Kong and Macao", "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan" after a
        preposition: one group named by the list (a list ends at its "and")."""
        p, j = self.places[i], i
        while j + 1 < len(self.places) and self.L["list_separator"].match(self.s[self.places[j].end:self.places[j + 1].start]):
            j += 1
            if re.search(r"\band\b", self.s[self.places[j - 1].end:self.places[j].start]):
                return p.start, Place(name=self.s[p.start:self.places[j].end], code=None, kind="group")
        return p.start, p.place

    def segment_for(self, cue: MetricCue | None, pos: int) -> str | None:
        c0, _ = self._clause_of(pos)
        governing = [c for c in self.cues if c0 <= c.start and cue is not None and not cue.strong
                     and c.end <= cue.start and c.strong]
        if cue is not None and cue.end <= pos and (gapped := gapped_segment(self.s, pos, cue.end)):
            return gapped  # "rubber shipments fell to 625 mln and tin to 180.6 mln": named after the cue
        return segment_named(self.s, pos, [cue] + governing[-1:] if cue is not None else [],
                             contrast=self.ctx.services_reported)

    def _prenominal_elsewhere(self, item: _Item) -> bool:
        """"a 31 pct devaluation of the rupiah": a rate before its own noun is about that noun,
        unless the noun's phrase names trade ("a 104 pct increase in soybean exports")."""
        c = item.change
        if c is None or c.kind != "growth" or not self.L["prenominal"].search(self.s[c.number_end:c.end]):
            return False
        if self._compared_at(item.start) and self._noun_of_the_series(c.end):
            return False  # "fell 4 per cent, after a 3.9 per cent decline in August": the series' rate then
        if any(m.metric for m in find_metric_cues(self.s[c.number_end:c.end])):
            return False  # "31% foreign trade growth": the noun phrase is trade
        tail = self.s[c.end:c.end + 50]
        if re.match(r"\s*(?:on|over|from|against|compared (?:with|to)|year|month)\b", tail, re.IGNORECASE) \
                or re.search(r",\s*$", self.s[:c.start]):
            return False  # "totalled 73.8 billion francs, an 8.9 pct increase on January": about the figure
        return not (re.match(r"\s*(?:in|of)\b", tail) and any(m.metric and m.start < 25 for m in find_metric_cues(tail)))

    def _noun_of_the_series(self, end: int) -> bool:
        """After a change noun, nothing that names what changed: an end of clause, a period ("decline in
        August") or a comparison ("from"), not "of the rupiah" or "in oil prices"."""
        tail = self.s[end:]
        m = re.match(r"\s*in\s+", tail)
        if m:
            return any(p.start == end + m.end() for p in self.periods)
        return not re.match(r"\s*(?:of|in|on)\b", tail)

    def _share_part(self, c: ChangeMention) -> str | None:
        """The part a share-subject names, as a segment when it is no place and no series: "copper"
        of "the share of copper in total exports" ("China's share" is the counterpart's)."""
        if c.part is None or find_metric_cues(c.part):
            return None
        at = self.s.rfind(c.part, 0, c.start)
        if any(at <= p.start < at + len(c.part) for p in self.places) or lookup_place(c.part):
            return None
        return c.part.lower()

    def _subject_segment(self, c: ChangeMention) -> str | None:
        c0, _ = self._clause_of(c.start)
        return subject_segment(self.s, c0, c.start, [q.start for q in self.cues] + [p.start for p in self.places])

    def _rate_period(self, item: _Item, taken: set[int]) -> tuple[Period | None, bool]:
        """A rate's period: its own when it is a comparison rate ("a slower pace than the 11.4 per cent
        expansion in August", "faster than August's 18.2 per cent fall"), else the main one."""
        main, explicit = self.pd.main(item.start, taken)
        p = self.pd.possessive(item.start)
        compared = self._compared_at(item.start)
        if p is None and compared:
            p = self.pd.forward(item.start, item.end, True, taken)
        item.comparison = compared and p is not None  # not the period the next sentences carry
        if p is None or id(p) in taken and not (compared and id(p) in self._compared):
            return main, explicit
        period = self.pd.resolve(p, main)
        if period is None:
            return main, explicit
        taken.add(id(p))
        return period, True

    def _compared_share(self, item: _Item, share: Draft, taken: set[int]) -> Draft:
        c = item.change
        p = next((p for p in self.periods if p.start >= item.end and self.pd.is_comparison(p)), None)
        period = self.pd.resolve(p, share.period) if p is not None else (
            shift_years(share.period, -1) if share.period is not None else None)
        draft = Draft(share.metric, share.region, share.counterpart, share.segment, period, self.index)
        draft.share = Share(percent=c.percent, of=share.share.of, text=c.text)
        draft.evidence.append(self._span(c.start, c.end, c.rule))
        return draft

    # ---- roles ---------------------------------------------------------------------------------
    def _role(self, item: _Item, prev: _Item | None) -> str:
        before = self.s[max(0, item.start - 60):item.start]
        after = self.s[item.end:item.end + 25]
        if self.L["change_before"].search(before) or self.L["change_after"].search(after) \
                or self.L["change_noun_after"].match(after) or self.L["change_noun_of"].search(before):
            return "change"
        c0, _ = self._clause_of(item.start)
        lo = prev.end if prev is not None else c0
        gap = self.pd.blank(lo, item.start)
        marker = last_marker(self.L, gap)
        if marker == "opener":
            return "comparison"
        if marker is None and prev is not None and prev.comparison and \
                not re.search(r"[;]|\b(?:while|whereas|but)\b", self.s[prev.end:item.start]):
            return "comparison"
        return "main"

    def _other_metric_compared(self, item: _Item, metric: str, previous: Draft | None) -> bool:
        """Is a comparison figure another series named after the opener ("compared with imports of")?"""
        if previous is None or previous.metric == metric:
            return False
        gap = self.s[max(0, item.start - 40):item.start]
        return any(c.strong and c.metric == metric and c.start >= item.start - 40 for c in self.cues) \
            and has_opener(self.L, gap)

    def _not_over(self, period: Period | None) -> bool:
        """A figure for a period that has not ended at publication is a target or forecast
        ("a surplus of 300 mln dlrs this year"). Only with a real publication date."""
        return (period is not None and not self.ctx.reference_inferred
                and (period.end - self.ctx.reference_date).days > _NOT_OVER_GRACE_DAYS)

    def _coming(self, period: Period) -> bool:
        """A period named without its year that is under way at publication in its next year ("For the
        next three months ... in the April-May-June period", published in April): the resolver took last
        year's, but a forecast means this year's."""
        if self.L["stated_year"].search(period.text):
            return False
        ahead = shift_years(period, 1)
        return ahead.start <= self.ctx.reference_date <= ahead.end

    def _forecast(self, item: _Item) -> bool:
        return is_forecast(self.s[:item.start])

    # ---- the pass ---------------------------------------------------------------------------------
    def _roles(self, items: list[_Item]) -> list[_Item]:
        """First pass over the money readings: equivalents, changes, comparison figures."""
        kept, prev = [], None
        for item in items:
            cause = self._cause_of(item.start)
            if cause is not None and (item.kind == "share" or not self._cause_cues(cause)):
                continue  # a figure of a reason that names no trade flow: "due to a 20 pct rise in oil prices"
            if item.kind == "money":
                m = item.money
                if prev is not None and _EQUIVALENT_GAP.match(self.s[prev.end:item.start]):
                    item.role = "equivalent"
                elif self._after_compared_rate(item):
                    item.role, item.comparison = "comparison", True
                else:
                    item.role = self._role(item, prev)
                    item.comparison = item.role == "comparison"
                prev = item
                if item.role == "change" or not m.scaled and m.currency is None and m.family is None:
                    continue
                if self.L["average"].search(self.s[max(0, item.start - 40):item.start]):
                    continue  # "has averaged under 150 mln": a mean, no statistic of the period
                if not m.scaled and m.amount < 1:
                    continue  # "76.58 U.S. cts": a price or an exchange rate, never a trade statistic
            kept.append(item)
        return kept

    def _after_compared_rate(self, item: _Item) -> bool:
        """"after a 3.9 per cent decline to S$17.1 billion in August": the level a compared rate led to is a
        comparison figure too, of the rate's period."""
        return any(c.kind == "growth" and c.end <= item.start and re.fullmatch(r"\s+to\s+", self.s[c.end:item.start])
                   and self._compared_at(c.number_start) for c in self.changes)

    def _compared_at(self, pos: int) -> bool:
        """Does a rate comparison ("after a", "than the", "faster than August's") open right before pos in its clause?"""
        return bool(self.L["rate_comparison"].search(self.s[self._clause_of(pos)[0]:pos]))

    def _attach_periods(self, items: list[_Item], taken: set[int]) -> None:
        """Second pass: the periods that belong to comparison figures (and possessives) are theirs."""
        for item in items:
            if item.kind != "money" or item.role == "equivalent":
                continue
            p = self.pd.possessive(item.start)
            if p is None and item.comparison:
                p = self.pd.forward(item.start, item.end, item.comparison, taken)
            if p is not None:
                item.period_mention = p
                taken.add(id(p))
                if item.comparison:  # "fell 20.9 pct to 20.61 billion from 26.06 billion in January"
                    self._compared.add(id(p))

    def link(self) -> list[Draft]:
        items = [_Item(m.start, m.end, "money", money=m) for m in self.money]
        items += [_Item(c.number_start, c.number_end, c.kind, change=c) for c in self.changes]
        items.sort(key=lambda i: i.start)
        items = self._roles(items)
        drafts: list[Draft] = []
        taken: set[int] = set()
        self._attach_periods(items, taken)
        last_value: Draft | None = None
        last_comparison_period: Period | None = None
        clause_counterpart: Place | None = None
        last_metric: MetricCue | None = None
        last_main_period: Period | None = None
        # "rose 4.5 percent on the quarter, while exports fell 1.2 percent"; "On a monthly basis, exports ..."
        lead = self.L["lead_basis"].match(self.s)
        last_basis: str | None = basis_in(lead.group(0)) if lead else None
        last_share: Draft | None = None
        for item in items:
            if item.kind == "level":  # "accounted for 19 percent of imports, down from 27 percent in 2022"
                if last_share is not None:
                    drafts.append(self._compared_share(item, last_share, taken))
                continue
            if item.kind == "money":
                m = item.money
                if m.currency in _DOLLARS:
                    self.ctx.dollar = m.currency
                if m.currency or m.family:  # the article's currency, even from a figure that is no fact
                    self.ctx.currency = self._currency(m)
                if item.role == "equivalent":
                    if last_value is not None:
                        last_value.equivalents.append(self._money(m, self._equivalent_currency(m, last_value)))
                        last_value.evidence.append(self._span(m.start, m.end, "equivalent"))
                    continue
            cue = self.metric_for(item)
            if cue == BLOCKED or self._prenominal_elsewhere(item):
                continue
            if cue is None:
                cue = last_metric if last_metric is not None else None
                # only an anaphor carries the previous sentence's metric ("These figures were down 12.5 pct")
                metric = cue.metric if cue is not None else (self.ctx.metric if _ANAPHOR.search(self.s) else None)
            else:
                metric = cue.metric
                last_metric = cue
            if metric is None:
                continue
            region = self.region_for(cue if isinstance(cue, MetricCue) else None)
            counterpart = self.counterpart_for(item, region) or clause_counterpart
            if same_place(counterpart, region):  # "a Japanese global trade surplus" after "deficit with Japan"
                counterpart = None
            if counterpart is None and metric == "trade" and self.ctx.bilateral is not None:
                counterpart = self.ctx.bilateral
            if counterpart is None and self._anaphoric and self.ctx.topic_counterpart is not None:
                if same_place(self.ctx.topic_counterpart, region) and self.ctx.topic_region is not None:
                    region = self.ctx.topic_region  # "It widened to 3.61 billion": Washington's, with Taipei
                if not same_place(self.ctx.topic_counterpart, region):
                    counterpart = self.ctx.topic_counterpart
            if counterpart is None:
                counterpart = self._group_anaphor(item)
            if counterpart is not None and counterpart.kind in ("bloc", "group"):
                self.ctx.group_counterpart = counterpart
            clause_counterpart = counterpart
            segment = self.segment_for(cue if isinstance(cue, MetricCue) else None, item.start)
            if segment is None and self._anaphoric:
                segment = self.ctx.topic_segment
            explicit = True
            if item.kind == "money":
                p = item.period_mention or (None if item.comparison else self.pd.forward(item.start, item.end, item.comparison, taken))
                if p is not None:
                    main, _ = self.pd.main(item.start, taken)
                    period = self.pd.resolve(p, main)
                    if item.comparison and period is not None and main is not None and p.start > item.end:
                        period = self.pd.same_months(period, p, main)
                    if item.comparison:
                        taken.add(id(p))
                elif item.comparison and self._other_metric_compared(item, metric, last_value):
                    # "April exports totalled 702 mln dlrs compared with imports of 1.08 billion": the
                    # same period, another series
                    item.comparison = False
                    period, explicit = self.pd.main(item.start, taken)
                elif item.comparison:
                    # "... from 15.01 billion": the comparison of this sentence, else the article's last one
                    explicit = last_comparison_period is not None
                    period = last_comparison_period or self.pd.carried_comparison(item.start, taken)
                else:
                    period, explicit = self.pd.main(item.start, taken)
                if item.comparison and period is not None and p is not None:  # a stated comparison period
                    last_comparison_period = period
                    main, _ = self.pd.main(item.start, taken)
                    if main is not None:
                        self.ctx.comparison_offset = months_between(main, period)
                if item.comparison and period is None:
                    continue
            else:
                period, explicit = self._rate_period(item, taken)
            if self._forecast(item) and not (explicit and period is not None and period.end < self.ctx.reference_date
                                             and not self._coming(period)):
                continue
            if self._not_over(period):
                continue
            draft = Draft(metric, region, counterpart, segment, period, self.index, anchor=item.start)
            if not item.comparison and period is not None:
                last_main_period = period
            if item.kind == "money":
                currency = m.currency or self._currency(m)
                if currency is None:
                    continue
                amount = m.amount
                if metric == "balance":
                    sign = self._balance_sign(item, cue if isinstance(cue, MetricCue) else None)
                    amount = amount * sign
                draft.value = self._money(m, currency, amount)
                # the value's rule names the cue that decided its metric: "value+metric.exports.v1"
                # ("value+context": carried from an earlier sentence), so a wrong fact can be traced
                draft.evidence.append(self._span(m.start, m.end, f"value+{cue.rule}" if isinstance(cue, MetricCue)
                                                 else "value+context"))
                self.ctx.currency = currency
                last_value = draft
            else:
                c = item.change
                if c.kind == "growth":
                    basis = c.basis or self._basis(item, period) or last_basis or "yoy"
                    last_basis = basis if (c.basis or self._basis(item, period)) else last_basis
                    draft.growth = Growth(percent=c.percent, basis=basis,
                                          points=c.points, text=c.text)
                else:
                    of = c.of or "total"
                    if _BARE_TOTAL.match(of):  # "the region's total": the total of the same metric
                        of = f"total {_METRIC_NOUN[metric]}"
                    draft.share = Share(percent=c.percent, of=of, text=c.text)
                    draft.segment = draft.segment or self._subject_segment(c) or self._share_part(c)
                    last_share = draft
                draft.evidence.append(self._span(c.start, c.end, c.rule))
                last_value = None
            draft.confidence = 0.9 if explicit and isinstance(cue, MetricCue) and cue.strong else 0.7
            drafts.append(draft)
        self._carry(last_metric, taken, last_main_period)
        self._respectively(drafts)
        self._carry_topic(drafts)
        return drafts

    def _carry_topic(self, drafts: list[Draft]) -> None:
        """The topic the next sentence's anaphor refers to: this sentence's subject when it is a
        segment ("Private companies remained the backbone ...") or a counterpart ("Trade with
        ASEAN stayed strong"); kept through an anaphoric sentence; otherwise none."""
        if self._anaphoric:
            return
        # the first clause about trade: "According to the statistics office, the country's trade with ..."
        c0, c1 = next(((a, b) for a, b in self.clauses if any(a <= c.start < b and c.metric for c in self.cues)),
                      self.clauses[0])
        segment = subject_phrase(self.s[c0:c1])
        counterpart = region = None
        if segment is None:
            firsts = [d for d in drafts if d.anchor < c1]
            places = {(d.counterpart.code or d.counterpart.name) for d in firsts if d.counterpart}
            if firsts and len(places) == 1 and all(d.counterpart for d in firsts):
                counterpart, region = firsts[0].counterpart, firsts[0].region
            elif not drafts:
                counterpart = self._counterpart_in((c0, c1), _Item(c1, c1, "money"), self.ctx.region) \
                    if any(c.metric for c in self.cues if c.start < c1) else None
        self.ctx.topic_segment, self.ctx.topic_counterpart, self.ctx.topic_region = segment, counterpart, region
        if counterpart is not None and counterpart.kind in ("bloc", "group"):
            self.ctx.group_counterpart = counterpart  # "Trade with the EU has been falling. ... to the bloc"

    # ---- "A and B rose 5 and 3 pct respectively" ------------------------------------------------
    def _respectively(self, drafts: list[Draft]) -> None:
        """Pair a list of places, metrics or segments with the list of figures of one kind that
        follows it, in order, in a sentence that says "respectively"."""
        m = self.L["respectively"].search(self.s)
        if m is None:
            return
        kinds = {"value": [], "growth": [], "share": []}
        for d in drafts:
            if 0 <= d.anchor < m.start():
                kinds["value" if d.value else "growth" if d.growth else "share"].append(d)
        runs = self._place_runs(m.start(), drafts[0].region if drafts else None)
        for ks in kinds.values():
            if len(ks) < 2:
                continue
            for run in reversed(runs):
                tail = ks[-len(run):]
                if len(tail) == len(run) and run[-1].end <= tail[0].anchor:
                    for d, p in zip(tail, run):
                        d.counterpart = p.place
                    break
            else:
                self._distribute_subject(ks)

    def _place_runs(self, end: int, region: Place | None) -> list[list[PlaceMention]]:
        """Lists of two or more places before `end` ("ASEAN, the United States and the EU")."""
        runs, run = [], []
        for p in self.places:
            if p.end > end or p.demonym or p.place.kind in ("city", "port") or same_place(p.place, region):
                continue
            if run and self.L["list_separator"].match(self.s[run[-1].end:p.start]):
                run.append(p)
            else:
                run = [p]
                runs.append(run)
        return [r for r in runs if len(r) >= 2]

    def _distribute_subject(self, ks: list[Draft]) -> None:
        """"Exports and imports rose 5 and 3 pct", "Integrated circuits, disk media and PC parts
        declined by 12, 42.7 and 22.3 pct": the subject's members, in order, are the figures'
        metrics or segments."""
        first = ks[0].evidence[0].start - self.sent.start
        c0, _ = self._clause_of(first)
        parts = self.L["list_split"].split(self.s[c0:first].strip(" ,"))
        if len(parts) != len(ks):
            return
        cues = [find_metric_cues(part) for part in parts]
        if all(len(c) == 1 and c[0].metric and c[0].end == len(part) for c, part in zip(cues, parts)):
            for d, c in zip(ks, cues):
                d.metric = c[0].metric
            return
        if cues[-1] and cues[-1][-1].end == len(parts[-1]):  # "... and PC parts exports": the cue is shared
            parts[-1], cues[-1] = parts[-1][:cues[-1][-1].start].strip(), cues[-1][:-1]
        if not any(cues) and all(self.L["list_member"].fullmatch(part) for part in parts):
            for d, part in zip(ks, parts):
                d.segment = re.sub(r"\s+", " ", part.lower())

    def _carry(self, last_metric: MetricCue | None, taken: set[int], main_period: Period | None) -> None:
        mains = [p for p in self.periods if p.period is not None and id(p) not in taken
                 and not self.pd.is_comparison(p)]
        if main_period is not None:
            self.ctx.period = main_period
            self.ctx.lead_period = self.ctx.lead_period or main_period
        elif mains and self.cues:  # "The March figure was revised from 69 mln dlrs": no series, no new period
            self.ctx.period = self.pd.refine(mains[-1].period)
        if last_metric is not None and last_metric.metric is not None:
            self.ctx.metric = last_metric.metric
        signs = [c.sign for c in self.cues if c.metric == "balance" and c.sign is not None]
        if signs:
            self.ctx.balance_sign = signs[-1]
        elif any(c.metric is None for c in self.cues):
            self.ctx.metric = None
        # the context is the last the sentence talks about: "attack the trade deficit ... but not the
        # budget deficit" leaves the budget, so a bare "the deficit" next is not the trade balance
        last = [c for c in self.cues if c.strong and c.metric or c.other_balance]
        if last:
            self.ctx.trade_context = not last[-1].other_balance

    # ---- small helpers ----------------------------------------------------------------------------
    def _currency(self, m: MoneyReading) -> str | None:
        if m.family == "dollar" and self.ctx.dollar:
            return self.ctx.dollar
        if m.family is not None:
            return resolve_currency(m.family, self.ctx.region_code)
        return self.ctx.currency

    def _equivalent_currency(self, m: MoneyReading, of: Draft) -> str | None:
        """A conversion's currency. A bare "$" converting a figure in another dollar ("NZ$4.6 billion
        ($3.16 billion)") is the US dollar: a conversion into the figure's own currency says nothing."""
        currency = m.currency or self._currency(m)
        if m.currency is None and m.family == "dollar" and of.value is not None \
                and currency == of.value.currency and currency != "USD":
            return "USD"
        return currency

    def _balance_sign(self, item: _Item, cue: MetricCue | None) -> int:
        c0, _ = self._clause_of(item.start)
        near = [c for c in self.cues if c.sign is not None and c0 <= c.start and
                (c.end <= item.start or (c.start >= item.end and not self.s[item.end:c.start].strip()))]
        after = [c for c in near if c.start >= item.end]
        chosen = after[0] if after else (near[-1] if near else cue)
        if re.search(r"\bin deficit\b", self.s[c0:item.start], re.IGNORECASE):
            return -1
        if chosen is None:  # the balance carried from an earlier sentence ("It widened to ...")
            return self.ctx.balance_sign
        return -1 if chosen.sign == -1 else 1

    def _basis(self, item: _Item, period: Period | None) -> str | None:
        """yoy / mom / qoq from the comparison period stated with a rate ("rose 4.2 pct from March",
        "Compared with August, exports were up 1.2 percent"); None when none is stated."""
        c0, c1 = self._clause_of(item.start)
        others = [c.number_start for c in self.changes if c.number_start != item.start]
        lo = max([c0] + [o for o in others if o < item.start])
        hi = min([c1] + [o for o in others if o > item.start])
        # "faster than August's 18.2 per cent fall": a period fused with another rate is that rate's own
        owned = {id(self.pd.possessive(o)) for o in others}
        comps = [p for p in self.periods if lo <= p.start < hi and id(p) not in owned
                 and (self.pd.is_comparison(p) or id(p) in self._compared)]
        comps.sort(key=lambda p: (p.start < item.start, abs(p.start - item.end)))
        if not comps or period is None:
            return None
        other = self.pd.resolve(comps[0], period)
        if other is None:
            return None
        months = (period.start.year - other.start.year) * 12 + period.start.month - other.start.month
        if period.granularity == "year":
            return "yoy" if months == 12 else None
        return {12: "yoy", 1: "mom", 3: "qoq"}.get(months)

    def _money(self, m: MoneyReading, currency: str, amount=None) -> Money:
        return Money(amount=m.amount if amount is None else amount, currency=currency,
                     approximate=m.approximate, text=m.text)

    def _span(self, start: int, end: int, rule: str | None) -> Span:
        a, b = self.sent.start + start, self.sent.start + end
        return Span(start=a, end=b, text=self.ctx.text[a:b], rule=rule)
