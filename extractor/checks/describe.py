"""How check messages write figures and subjects: "20.13 trn CNY", "exports of Xinjiang with Russia".

>>> amount(Decimal("20130000000000"), "CNY")
'20.13 trn CNY'
>>> percent(Decimal("0.8934"))
'0.89%'
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from ..models import Fact
from ..rules import load_rules


def _display() -> dict:
    return load_rules("checks")["display"]


def number(x: Decimal, places: int = 3) -> str:
    """A plain number with at most `places` decimals and no trailing zeros."""
    q = Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def amount(x: Decimal, currency: str | None = None) -> str:
    """An amount in the largest scale word it reaches: 940800000 -> '940.8 mln'."""
    cfg = _display()
    word = ""
    for factor, name in cfg["scales"]:
        if abs(x) >= factor:
            x, word = x / Decimal(factor), name
            break
    out = number(x, cfg["amount_decimals"])
    return " ".join(p for p in (out, word, currency) if p)


def percent(x: Decimal) -> str:
    """'0.89%': two significant decimals are enough to show how far apart figures are."""
    return f"{number(x, 2 if abs(x) < 10 else 1)}%"


def metric(name: str) -> str:
    return _display()["metrics"].get(name, name)


def subject(f: Fact) -> str:
    """The fact in words a reader can find in the article: 'exports (f3, with Japan, cars)'."""
    detail = [f.id] + ([f"with {f.counterpart.name}"] if f.counterpart is not None else []) + \
        ([f.segment] if f.segment else [])
    return f"{metric(f.metric)} ({', '.join(detail)})"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def quoted(text: str) -> str:
    """A phrase from the article on one line, in quotes: wire copy wraps mid-phrase."""
    return "'" + " ".join(text.split()) + "'"


def signed(x: Decimal) -> str:
    """A change with its sign: '+28', '-12.5', '0'."""
    return ("+" if x > 0 else "") + number(x)
