"""Small exact-number helpers shared by merging and the checks."""
from __future__ import annotations

from decimal import Decimal


def decimals(x: Decimal) -> int:
    """How many decimals a stated figure has: Decimal("30.9") -> 1, Decimal("31") -> 0."""
    exp = x.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def agree_within_rounding(a: Decimal, b: Decimal) -> bool:
    """True when the coarser figure is the finer one rounded: 31 and 30.9 agree, 30.9 and 30.7 do not.

    >>> agree_within_rounding(Decimal("30.9"), Decimal("31"))
    True
    >>> agree_within_rounding(Decimal("30.9"), Decimal("30.7"))
    False
    """
    coarse = min(decimals(a), decimals(b))
    return abs(a - b) <= Decimal(5) * Decimal(10) ** -(coarse + 1)
