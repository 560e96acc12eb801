"""What the review page shows, as plain data: the marked text, the facts table, partners, causes, checks.

The template (templates/review.html) only lays this out; every value it prints is escaped there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import ArticleFacts, Fact, Growth, Money, Period, Place, Span
from .segments import Labelled, Token, segment

# the facts table, in the contract's order
FACT_COLUMNS = ("metric", "region", "counterpart", "segment", "period", "value", "equivalents", "growth", "share",
                "confidence", "rule")

GOLDEN_ANGLE = 137.508  # successive hues this far apart stay distinguishable however many facts there are


@dataclass(frozen=True)
class MarkInfo:
    """One evidence span as the page marks it: `key` its id (f1-e2), `kind` fact|partner|cause, `owner`
    the fact, partner or cause it belongs to (f1, p1, c1)."""

    key: str
    kind: str
    owner: str
    rule: str
    text: str
    label: str
    hue: int
    grounded: bool  # text[start:end] == span.text: false would be an extraction bug, shown on the page


@dataclass(frozen=True)
class Cell:
    value: str
    said: str = ""  # the words of the article it was read from


@dataclass
class Row:
    """A fact, partner or cause: its id, cells and the keys of its marks."""

    id: str
    cells: dict[str, Cell]
    marks: list[MarkInfo]
    hue: int = 0
    facts: list[str] = field(default_factory=list)  # a cause's facts


@dataclass
class Review:
    result: ArticleFacts
    text: str | None  # None: not known (a stored article whose text the database does not keep)
    tokens: list[Token]
    marks: dict[str, MarkInfo]
    facts: list[Row]
    partners: list[Row]
    causes: list[Row]
    columns: tuple[str, ...] = FACT_COLUMNS

    @property
    def ungrounded(self) -> list[MarkInfo]:
        return [m for m in self.marks.values() if not m.grounded]


def build_review(result: ArticleFacts, text: str | None = None, *, text_missing_ok: bool = False) -> Review:
    """The page's data for RESULT over TEXT, the article text its spans index (default: article.text).

    `text_missing_ok`: without a text the page shows the facts and their evidence words, nothing marked.

    >>> from extractor.models import Article
    >>> r = build_review(ArticleFacts(article=Article(id="a", sha256="0", reference_date="2024-01-01",
    ...                                               reference_basis="today")), "No figures.")
    >>> r.tokens, r.facts
    (['No figures.'], [])
    """
    if text is None:
        text = result.article.text
    if text is None and not text_missing_ok:
        raise ValueError("the article text is needed: pass it, or a result whose article keeps it")
    marks: dict[str, MarkInfo] = {}
    labelled: list[Labelled] = []

    def add(kind: str, owner: str, n: int, span: Span, hue: int, label: str) -> MarkInfo:
        key = f"{owner}-e{n}"
        if text is None:  # nothing to mark, nor to check the span against
            marks[key] = MarkInfo(key=key, kind=kind, owner=owner, rule=span.rule or "", text=span.text,
                                  label=label, hue=hue, grounded=True)
            return marks[key]
        grounded = 0 <= span.start <= span.end <= len(text) and text[span.start:span.end] == span.text
        info = MarkInfo(key=key, kind=kind, owner=owner, rule=span.rule or "", text=span.text, label=label, hue=hue,
                        grounded=grounded)
        marks[key] = info
        if 0 <= span.start <= span.end <= len(text):
            labelled.append(Labelled(span.start, span.end, key))
        return info

    facts = []
    for i, fact in enumerate(result.facts):
        hue = round(i * GOLDEN_ANGLE) % 360
        label = f"{fact.id}: {summary(fact)}"
        row = Row(id=fact.id, cells=fact_cells(fact), marks=[], hue=hue)
        row.marks = [add("fact", fact.id, n, e, hue, f"{label} [{e.rule or 'no rule'}]")
                     for n, e in enumerate(fact.evidence, 1)]
        facts.append(row)
    partners = []
    for i, p in enumerate(result.partners, 1):
        pid = f"p{i}"
        row = Row(id=pid, cells={"name": Cell(p.name), "code": Cell(p.code or ""), "kind": Cell(p.kind),
                                 "role": Cell(p.role or "")}, marks=[])
        row.marks = [add("partner", pid, n, e, 0, f"partner {p.name}" + (f" ({p.role})" if p.role else ""))
                     for n, e in enumerate(p.evidence, 1)]
        partners.append(row)
    causes = []
    for i, c in enumerate(result.causes, 1):
        cid = f"c{i}"
        row = Row(id=cid, cells={"text": Cell(c.text), "cue": Cell(c.cue)}, marks=[], facts=list(c.facts))
        row.marks = [add("cause", cid, n, e, 0, f"cause ({c.cue}) of {', '.join(c.facts) or 'no fact'}")
                     for n, e in enumerate(c.evidence, 1)]
        causes.append(row)
    return Review(result=result, text=text, tokens=segment(text, labelled) if text is not None else [], marks=marks, facts=facts,
                  partners=partners, causes=causes)


def fact_cells(fact: Fact) -> dict[str, Cell]:
    rules = list(dict.fromkeys(e.rule for e in fact.evidence if e.rule))
    return {
        "metric": Cell(fact.metric),
        "region": Cell(place(fact.region)),
        "counterpart": Cell(place(fact.counterpart)),
        "segment": Cell(fact.segment or ""),
        "period": Cell(period(fact.period), fact.period.text if fact.period else ""),
        "value": Cell(money(fact.value), fact.value.text if fact.value else ""),
        "equivalents": Cell("; ".join(money(m) for m in fact.equivalents), "; ".join(m.text for m in fact.equivalents)),
        "growth": Cell(growth(fact.growth), fact.growth.text if fact.growth else ""),
        "share": Cell(f"{number(fact.share.percent)}% of {fact.share.of}" if fact.share else "",
                      fact.share.text if fact.share else ""),
        "confidence": Cell(f"{fact.confidence:.2f}"),
        "rule": Cell(", ".join(rules)),
    }


def summary(fact: Fact) -> str:
    """One line for a mark's tooltip.

    >>> from extractor.models import Growth
    >>> summary(Fact(id="f1", metric="exports", growth=Growth(percent=Decimal("-3.2"), basis="yoy", text="fell 3.2%")))
    'exports, -3.2% (yoy)'
    """
    parts = [fact.metric, place(fact.region), f"with {place(fact.counterpart)}" if fact.counterpart else "",
             fact.segment or "", period(fact.period), money(fact.value), growth(fact.growth),
             f"{number(fact.share.percent)}% of {fact.share.of}" if fact.share else ""]
    return ", ".join(p for p in parts if p)


def place(p: Place | None) -> str:
    """'Xinjiang Uygur Autonomous Region (CN-XJ)'; '' for none."""
    if p is None:
        return ""
    return f"{p.name} ({p.code})" if p.code else p.name


def period(p: Period | None) -> str:
    """'2024-01-01 to 2024-08-31 (ytd)'."""
    return f"{p.start.isoformat()} to {p.end.isoformat()} ({p.granularity})" if p else ""


def money(m: Money | None) -> str:
    """'285,320,000,000 CNY', '≈ 40,550,000,000 USD' when approximate.

    >>> money(Money(amount=Decimal("2.8532E+11"), currency="CNY", text="285.32 billion yuan"))
    '285,320,000,000 CNY'
    """
    if m is None:
        return ""
    return f"{'≈ ' if m.approximate else ''}{number(m.amount, grouped=True)} {m.currency}"


def growth(g: Growth | None) -> str:
    """'+30.9% (yoy)', '-1.5 points'."""
    if g is None:
        return ""
    sign = "+" if g.percent > 0 else ""
    unit = " points" if g.points else "%"
    return f"{sign}{number(g.percent)}{unit}" + (f" ({g.basis})" if g.basis else "")


def number(d: Decimal, grouped: bool = False) -> str:
    """A Decimal as written, without exponent: Decimal('3E+1') -> '30'."""
    text = format(d, ",f" if grouped else "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
