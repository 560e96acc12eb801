"""Builders for hand-made facts, for the tests of extractor/checks/ (no extraction involved)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from extractor.models import Article, Fact, Growth, Money, Period, Place, Share, Span

CN = Place(name="China", code="CN", kind="country")
SCALES = {"trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9, "mln": Decimal(10) ** 6}


def money(text: str, currency: str = "CNY", approximate: bool = False) -> Money:
    """money("10.95 trillion") -> Money(amount=10950000000000, text="10.95 trillion")."""
    number, scale = text.split()[:2]
    amount = Decimal(number.replace(",", "")) * SCALES[scale]
    return Money(amount=amount, currency=currency, approximate=approximate, text=text)


def period(start: str, end: str, text: str = "", granularity: str = "range") -> Period:
    return Period(start=date.fromisoformat(start), end=date.fromisoformat(end), text=text, granularity=granularity)


H1_2024 = period("2024-01-01", "2024-06-30", "the first half of 2024", "half")


def growth(percent: str, text: str | None = None, basis: str | None = "yoy", points: bool = False) -> Growth:
    p = Decimal(percent)
    word = "rose" if p >= 0 else "fell"
    return Growth(percent=p, basis=basis, points=points, text=text or f"{word} {abs(p)} percent")


def share(percent: str, of: str = "the total") -> Share:
    return Share(percent=Decimal(percent), of=of, text=f"accounting for {percent} percent")


def place(name: str, code: str | None = None, kind: str = "country") -> Place:
    return Place(name=name, code=code, kind=kind)


def fact(id: str, metric: str, *, value: str | Money | None = None, currency: str = "CNY", per: Period | None = H1_2024,
         region: Place | None = CN, evidence: list[str] = (), **kw) -> Fact:
    """A fact; `value` may be a text like "10.95 trillion"; `evidence` texts become consecutive spans."""
    if isinstance(value, str):
        value = money(value, currency)
    spans, at = [], 0
    for text in evidence:
        spans.append(Span(start=at, end=at + len(text), text=text))
        at += len(text) + 1
    return Fact(id=id, metric=metric, region=region, period=per, value=value, evidence=spans, **kw)


def article(published: str | None = "2024-07-12") -> Article:
    ref = published or "2024-07-12"
    return Article(id="t", sha256="0" * 64, published=date.fromisoformat(published) if published else None,
                   reference_date=date.fromisoformat(ref),
                   reference_basis="published" if published else "inferred-from-text")


def codes(checks) -> list[tuple[str, str]]:
    """(code, severity) of each finding, in order."""
    return [(c.code, c.severity) for c in checks]
