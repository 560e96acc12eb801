"""Stated figures as intervals: a figure is exact to half a unit of its last stated digit.

>>> m = Money(amount=Decimal("10950000000000"), currency="CNY", text="10.95 trillion yuan")
>>> i = money_interval(m)
>>> (i.lo, i.hi) == (Decimal("10.945e12"), Decimal("10.955e12"))
True
>>> percent_interval(Decimal("30.9"))
Interval(lo=Decimal('30.85'), hi=Decimal('30.95'))
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..models import Money
from ..numbers import decimals
from ..rules import load_rules


@dataclass(frozen=True)
class Interval:
    """A closed range of values a stated figure may stand for."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def around(cls, x: Decimal, tol: Decimal) -> Interval:
        return cls(x - tol, x + tol)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        corners = [a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(corners), max(corners))

    def __truediv__(self, other: Interval) -> Interval | None:
        """None when the divisor may be zero (nothing can be said)."""
        if other.lo <= 0 <= other.hi:
            return None
        return self * Interval(1 / other.hi, 1 / other.lo)

    def scaled(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def magnitude(self) -> Interval:
        """The sizes the values may have: [-5, -3] -> [3, 5] (an interval across zero is left as it is)."""
        return Interval(-self.hi, -self.lo) if self.hi < 0 else self

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """How far apart two intervals are (0 when they overlap)."""
        return max(Decimal(0), self.lo - other.hi, other.lo - self.hi)


@functools.cache
def _stated_number() -> re.Pattern[str]:
    return re.compile(load_rules("checks")["tolerance"]["stated_number"])


def _last_digit_unit(x: Decimal) -> Decimal:
    """The place value of the last non-zero digit: 10950000000000 -> 10000000000."""
    if x == 0:
        return Decimal(0)
    return Decimal(1).scaleb(x.normalize().as_tuple().exponent)


def money_tolerance(m: Money) -> Decimal:
    """Half a unit of the last digit the text states, in base units ("285.32 billion" -> 5000000)."""
    amount = abs(m.amount)
    unit = None
    found = _stated_number().search(m.text or "")
    if found:
        digits = found.group().replace(",", "")
        try:
            number = Decimal(digits)
        except InvalidOperation:
            number = Decimal(0)
        if number > 0:
            scale = amount / number
            places = len(digits.split(".")[1]) if "." in digits else 0
            unit = scale * Decimal(1).scaleb(-places)
    if unit is None:  # "five billion": no digits to read, the amount's own last digit counts
        unit = _last_digit_unit(amount)
    tol = unit / 2
    if m.approximate:
        tol += amount * Decimal(str(load_rules("checks")["tolerance"]["approximate_relative"]))
    return tol


def money_interval(m: Money) -> Interval:
    return Interval.around(m.amount, money_tolerance(m))


def percent_interval(p: Decimal) -> Interval:
    """A stated percent with its rounding: 31 -> [30.5, 31.5]."""
    return Interval.around(p, Decimal(5).scaleb(-decimals(p) - 1))


def ratio_off(a: Decimal, b: Decimal) -> Decimal | None:
    """How many times larger the larger of two same-signed figures is; None when not comparable."""
    if a == 0 or b == 0 or (a > 0) != (b > 0):
        return None
    a, b = abs(a), abs(b)
    return max(a, b) / min(a, b)


def severity_of(ratio: Decimal | None) -> str:
    """'error' when two figures are off by the error factor or more, else 'warning'."""
    factor = Decimal(str(load_rules("checks")["severity"]["error_factor"]))
    return "error" if ratio is not None and ratio >= factor else "warning"
