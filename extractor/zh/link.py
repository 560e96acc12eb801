"""Chinese release text to facts: clause by clause, each figure given the metric, place,
counterpart and period in force where it stands.

Releases follow one shape: a lead names the economy and the period and gives the total, then
"其中" clauses give exports, imports and balance, then paragraphs by partner (对…进出口), trade
mode, firm type and product. The reporting economy and the period carry from sentence to
sentence until another is named; a metric and a counterpart hold within one sentence
(a clause without a metric continues the one before it: "出口53.6亿元，增长1.2%").

Segments (rules/zh/segments.yaml) hold within their clause, except in these recurring shapes:
- a list paired with a list of figures by 分别, like counterparts: "手机、汽车分别出口5亿元和3亿元，
  分别增长2%和4%"; "一般贸易和加工贸易…分别进出口…，增幅均为…" (均: the one rate holds for each);
- a list closed by its label, "A、B、C等“新三样”": 分别 pairs the figures with A, B, C, a single
  figure is the label's;
- "以X为主" and a clause naming only a segment ("民营企业2.39万家，进出口…") give the segment to
  the figure of the next clause: "进口商品以机电产品为主，进口值10亿元".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import date
from decimal import Decimal

from ..models import Growth, Money, Period, Place, Share, Span
from ..rules import load_rules
from .numbers import Number, find_numbers
from .periods import _month_end, find_periods
from .places import PlaceHit, find_places

_SENTENCE = re.compile(r"[^。；！？\n]+")
_CLAUSE = re.compile(r"[^，：:]+")
_CHINA = "CN"
# period words between a place and its figure: "内蒙古前两月外贸", "新疆今年前8个月进出口"
_PERIOD_WORDS = re.compile(r"^(?:今年|去年)?(?:前\d{1,2}|前[一二两三四五六七八九十]{1,3}|1[-—]\d{1,2}|[一二三四上下])?(?:个月|月份|月|季度|半年)?")
# a sentence that goes on about the period just named: "6月份，进出口…。其中，出口…", "当月…"
_CONTINUES = re.compile(r"\s*(?:其中|同期|当月|当季|该月|本月|单月)")
_YEAR_STATED = re.compile(r"(?:19|20)\d{2}年|今年|去年|上年")
# "外贸占比提升4个百分点至60.2%", "出口比重": the share of the figure just given, not a new figure
_SHARE_OF_CURRENT = re.compile(r"(?:的)?(?:占比|比重|份额)")


class _Cues(NamedTuple):
    metrics: list[tuple[str, str, re.Pattern]]
    deficit: re.Pattern
    segments: re.Pattern
    segment_names: dict[str, str]
    respectively: re.Pattern
    separator: re.Pattern  # a list separator ending the text before a list item
    counterpart: re.Pattern
    region_use: re.Pattern
    breakdown: re.Pattern


@functools.cache
def _cues() -> _Cues:
    data = load_rules("zh/cues")
    metrics = [(m["id"], m["metric"], re.compile(m["pattern"])) for m in data["metrics"]]
    segments = load_rules("zh/segments")
    seg = re.compile("|".join(re.escape(s) for s in sorted(segments, key=len, reverse=True)))
    return _Cues(metrics, re.compile(data["deficit"]), seg, segments, re.compile(data["respectively"]),
                 re.compile(data["list_separators"] + "$"), re.compile(data["counterpart_cue"]),
                 re.compile(data["region_use"]), re.compile(data["breakdown"]))


def find_metrics(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, metric, rule id) of every metric cue, longest first at each place."""
    metrics = _cues().metrics
    hits: list[tuple[int, int, str, str]] = []
    for rule, metric, pat in metrics:
        for m in pat.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b, *_ in hits):
                hits.append((m.start(), m.end(), metric, rule))
    return sorted(hits)


@dataclass
class Draft:
    metric: str
    region: Place | None
    counterpart: Place | None
    segment: str | None
    period: Period | None
    deficit: bool = False
    value: Money | None = None
    equivalents: list[Money] = field(default_factory=list)
    growth: Growth | None = None
    share: Share | None = None
    evidence: list[Span] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return {"amount": self.value, "growth": self.growth, "share": self.share}[kind] is not None

    def empty(self) -> bool:
        return self.value is None and self.growth is None and self.share is None

    def like(self, **changes) -> Draft:
        d = Draft(self.metric, self.region, self.counterpart, self.segment, self.period, self.deficit)
        for k, v in changes.items():
            setattr(d, k, v)
        return d


def _inside(part: Period | None, whole: Period | None) -> bool:
    """Is `part` a shorter period within `whole` (a quarter or month of the half being reported)?"""
    return part is not None and whole is not None and whole.start <= part.start and part.end <= whole.end \
        and part != whole


@functools.cache
def _china() -> Place:
    return find_places("中国")[0].place


def _counterpart(items: list[Place], within: tuple[Place | None, str | None]) -> Place | None:
    """The counterpart of a new figure: the one place of its list; none for a list of several (paired by
    分别 or a group total); without a list, that of the figure its sentence breaks down."""
    return items[0] if len(items) == 1 else None if items else within[0]


def _span(text: str, start: int, end: int, rule: str) -> Span:
    return Span(start=start, end=end, text=text[start:end], rule=rule)


def _is_region_use(after: str) -> bool:
    """A place names the reporting economy when a trade figure of it follows at once:
    "新疆外贸进出口", "四川以加工贸易方式进出口", "新疆对中亚五国进出口" (rules/zh/cues.yaml `region_use`)."""
    cues = _cues()
    rest = _PERIOD_WORDS.sub("", cues.segments.sub("", after))
    return cues.region_use.match(rest) is not None


def link(text: str, reference: date, counterparts: list[tuple[int, int, Place]] | None = None) -> list[Draft]:
    """Every figure of `text` as a draft fact, in order of mention; `counterparts`, when given, gets every
    place written as the counterpart of a trade cue, with or without a figure ("对东盟、欧盟进出口均保持增长")."""
    cues = _cues()
    deficit_pat, seg_pat, seg_names, resp_pat = cues.deficit, cues.segments, cues.segment_names, cues.respectively
    sep_pat, cp_cue, breakdown = cues.separator, cues.counterpart, cues.breakdown
    drafts: list[Draft] = []
    region: Place | None = None
    period: Period | None = None
    lead: Period | None = None  # the first period stated: the release's own
    within: tuple[Place | None, str | None] = (None, None)  # what a "其中" sentence breaks down
    previous = 0
    for sm in _SENTENCE.finditer(text):
        s0, sentence = sm.start(), sm.group()
        # "对东盟进出口765亿元。其中，出口420亿元；进口345亿元": the parts of the figure before are ASEAN's
        if breakdown.match(sentence):
            last = next((d for d in reversed(drafts[previous:]) if not d.empty()), None)
            within = (last.counterpart, last.segment) if last is not None else (None, None)
        elif text[s0 - 1:s0] != "；":
            within = (None, None)
        previous = len(drafts)  # the drafts of this sentence start here
        if _inside(period, lead) and text[s0 - 1:s0] != "；" and not _CONTINUES.match(sentence):
            period = lead  # "二季度，…增长39.1%。民营企业进出口占…": a quarter of the half holds for its sentence
        metric: str | None = None
        deficit = False
        items: list[Place] = []  # the counterparts of "对A、B和C…分别…"
        respectively = False
        counts: dict[str, int] = {}
        current: Draft | None = None
        partners_here = "贸易伙伴" in sentence or "分别" in sentence
        seg_items: list[str] = []  # the segments of "A、B和C…分别…"
        seg_label = False  # the list was closed by its label ("等“新三样”")
        last_seg_end = -10
        carry: str | None = None  # the segment the next clause's figure takes (以X为主, a segment-only clause)
        home = region  # a city's figures inside a province's release hold for their sentence only
        for cm in _CLAUSE.finditer(sentence):
            c0, clause = s0 + cm.start(), cm.group()
            clause_region: Place | None = None
            segment: str | None = None
            events: list[tuple[int, int, str, object]] = []
            events += [(a + c0, b + c0, "period", (p, r)) for a, b, p, r in find_periods(clause, reference)]
            events += [(h.start + c0, h.end + c0, "place", h) for h in find_places(clause)]
            events += [(a + c0, b + c0, "metric", (m, r)) for a, b, m, r in find_metrics(clause)]
            events += [(m.start() + c0, m.end() + c0, "segment", seg_names[m.group()]) for m in seg_pat.finditer(clause)]
            numbers = find_numbers(clause)
            events += [(n.start + c0, n.end + c0, "number", n) for n in numbers]
            # "占全省外贸总值的60.7%": a metric inside a share names its whole, never a figure of its own
            wholes = [(n.start + c0, n.end + c0) for n in numbers if n.kind == "share"]
            events += [(m.start() + c0, m.end() + c0, "respectively", None) for m in resp_pat.finditer(clause)]
            events.sort(key=lambda e: (e[0], -e[1]))
            last_place_end, last_was_cp = -10, False
            inherited, carry = carry, None
            clause_has_metric = clause_has_figure = False
            for start, end, kind, obj in events:
                if kind == "period":
                    p, _rule = obj
                    if not re.match(r"同期|以来", text[end:end + 2]) and (start == 0 or text[start - 1] not in "较比自"):
                        if period is not None and not _YEAR_STATED.search(p.text) and p.end.year != period.end.year:
                            # "2025年…全年…": a period without its year is in the year being reported
                            shift = period.end.year - p.end.year
                            p = p.model_copy(update={"start": p.start.replace(year=p.start.year + shift),
                                                     "end": _month_end(p.end.year + shift, p.end.month)})
                        period = p
                        lead = lead or p
                elif kind == "place":
                    h: PlaceHit = obj
                    before = text[c0:start]
                    between = text[last_place_end:start]
                    if h.short or cp_cue.search(before) or (last_was_cp and sep_pat.match(between)):
                        if not (last_was_cp and sep_pat.match(between)):
                            items = []
                            respectively = False
                            counts = {}
                            current = None
                        items.append(h.place)
                        last_was_cp = True
                        if counterparts is not None and find_metrics(text[end:c0 + len(clause)]):
                            counterparts.append((start, end, h.place))
                        if h.short and text[start - 1:start] == "中" and region is not None and region.code != _CHINA:
                            clause_region = _china()  # "中俄贸易额" in a province's release: China's trade with Russia
                    elif _is_region_use(text[end:c0 + len(clause)]) and (h.place.kind != "group" or h.domestic):
                        last_was_cp = False
                        if h.place.code == _CHINA and region is not None and region.code != _CHINA:
                            # the national figure of a province's release: its draft keeps the clauses of
                            # figures after it ("全国外贸进出口45万亿元，增长3.8%"); a metric starts the next
                            clause_region = h.place
                        else:
                            region = h.place
                            if (h.place.kind != "city" and not h.domestic) or home is None or home.kind == "city":
                                home = region
                        items, current = [], None
                    elif partners_here and h.place != region and h.place.kind in ("country", "bloc", "group"):
                        # "尼泊尔跃升为西藏第一大贸易伙伴，…双边贸易值…"
                        if not (sep_pat.match(between) and last_was_cp):
                            items, counts, respectively = [], {}, False
                        items.append(h.place)
                        last_was_cp = True
                    else:
                        last_was_cp = False
                    last_place_end = end
                elif kind == "segment":
                    between = text[last_seg_end:start]
                    if len(seg_items) > 1 and (between in ("", "等") or seg_label):
                        seg_label = True  # "A、B、C等“新三样”": the label of the list, not an item
                    elif seg_items and sep_pat.match(between):
                        seg_items.append(obj)
                    else:
                        seg_items, seg_label = [obj], False
                    last_seg_end = end
                    segment = obj
                    inherited = None
                    if text[start - 1:start] == "以" and text[end:end + 2] == "为主":
                        carry = obj  # "进口商品以机电产品为主，进口值…"
                    if current is not None and current.empty():
                        current.segment = segment
                elif kind == "respectively":
                    respectively = True
                elif kind == "metric":
                    m, rule = obj
                    if any(a <= start < b for a, b in wholes):
                        continue
                    clause_has_metric = True
                    if (current is not None and current.metric == m and not current.has("share")
                            and _SHARE_OF_CURRENT.match(text, end)):
                        continue
                    metric = m
                    deficit = bool(deficit_pat.search(text[start:end]))
                    current = Draft(m, clause_region or region, _counterpart(items, within),
                                    segment or inherited or within[1], period, deficit)
                    current.evidence.append(_span(text, start, end, rule))
                    counts = {}
                    drafts.append(current)
                elif kind == "number":
                    n: Number = obj
                    if n.kind == "count":
                        # "企业10.8万家，增加8.9%": the figures after a count are the count's, until a metric
                        current = Draft(metric or "trade", region, None, None, period)  # never kept
                        current.counted = True
                        continue
                    if getattr(current, "counted", False):
                        continue
                    if metric is None and n.kind == "share":
                        # "一般贸易占比达到68%", "东盟…占全省外贸的18%": the share is of the whole it names, else of trade
                        whole = find_metrics(text[start:end])
                        metric = whole[0][2] if whole else "trade"
                    if metric is None:
                        continue
                    if current is None:
                        current = Draft(metric, clause_region or region, _counterpart(items, within),
                                        segment or within[1], period, deficit)
                        drafts.append(current)
                    if n.kind == "equivalent":
                        if current.value is not None:
                            current.equivalents.append(_money(n, text[start:end], current.deficit))
                            current.evidence.append(_span(text, start, end, n.rule))
                        continue
                    clause_has_figure = True
                    target = current
                    if len(items) > 1 and respectively:
                        i = counts.get(n.kind, 0)
                        counts[n.kind] = i + 1
                        if i >= len(items):
                            continue
                        target = next((d for d in drafts if d.counterpart is items[i] and getattr(d, "_s", None) == s0
                                       and d.metric == metric), None)
                        if target is None:
                            target = current.like(counterpart=items[i])
                            target._s = s0
                            drafts.append(target)
                    elif len(seg_items) > 1 and respectively:
                        i = counts.get(n.kind, 0)
                        counts[n.kind] = i + 1
                        # "增幅均为1.3倍", "均增长5%": one rate for every item of the list
                        each = range(len(seg_items)) if "均" in text[start - 1:end] else [i] if i < len(seg_items) else []
                        for j in each:
                            target = next((d for d in drafts if d.segment == seg_items[j] and getattr(d, "_s", None) == s0
                                           and d.metric == metric and not d.has(n.kind)), None)
                            if target is None:
                                target = current.like(segment=seg_items[j], counterpart=None)
                                target._s = s0
                                drafts.append(target)
                            _attach(target, n, text, start, end)
                        continue
                    elif target.has(n.kind):
                        target = current.like()
                        drafts.append(target)
                        current = target
                    _attach(target, n, text, start, end)
            if segment is not None and not clause_has_metric and not clause_has_figure and carry is None:
                carry = segment  # "民营企业2.39万家，进出口9939.9亿元"
        region = home
    return [d for d in drafts if not d.empty()]


def _money(n: Number, surface: str, deficit: bool) -> Money:
    amount = -n.value if deficit else n.value
    return Money(amount=amount, currency=n.currency, approximate=n.approximate, text=surface)


def _attach(d: Draft, n: Number, text: str, start: int, end: int) -> None:
    surface = text[start:end]
    if n.kind == "amount":
        d.value = Money(amount=-n.value if d.deficit else n.value, currency=n.currency,
                        approximate=n.approximate, text=surface)
    elif n.kind == "growth":
        d.growth = Growth(percent=n.value, basis=n.basis or "yoy", points=False, text=surface)
    else:
        d.share = Share(percent=n.value, of=n.of, text=surface)
    d.evidence.append(_span(text, start, end, n.rule))
