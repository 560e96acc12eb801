"""Cross-article checks over one series: what the sources of its statistics say against each other.

- `conflict`: a source whose figure differs beyond rounding from the value chosen for the
  statistic, published close to it, neither marked as a revision;
- `revision`: the same, where the chosen figure is marked revised, the other one as replaced, or the
  two were published far enough apart (rules/statistics.yaml revision.min_days_apart);
- `series-growth`: a stated rate no rounding reconciles with the levels of the series a year apart;
- `series-sum`: month values that do not add up to the value of the period they make up (year to
  date, quarter, year) when every month is known.

Every function is pure: `summarise` takes all the reports of one series and gives each statistic's
chosen report and sources, and the findings, the same whatever order the reports come in.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .checks.describe import amount, signed
from .checks.tolerance import Interval, percent_interval, ratio_off
from .statistics import PREVIOUS, REVISED, Report, choose, differ, settings, split_key


@dataclass(frozen=True)
class Finding:
    """A cross-article check finding, owned by one statistic (its key)."""

    code: str
    severity: str
    message: str
    key: str
    reports: tuple[Report, ...]


@dataclass
class Summary:
    """A statistic as the database keeps it: its chosen report, sources, and the codes of its findings."""

    key: str
    chosen: Report
    reports: list[Report]
    flags: list[str] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len({r.sha256 for r in self.reports})


def summarise(reports: list[Report]) -> tuple[list[Summary], list[Finding]]:
    """The statistics of one series and the findings over them."""
    by_key: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_key[r.key].append(r)
    stats = {k: Summary(k, choose(rs), sorted(rs, key=lambda r: (r.sha256, r.fact_id))) for k, rs in by_key.items()}
    findings: list[Finding] = []
    for s in sorted(stats.values(), key=lambda s: s.key):
        findings += disagreements(s)
    findings += series_growth(stats)
    findings += series_sum(stats)
    for f in findings:
        if f.code not in stats[f.key].flags:
            stats[f.key].flags.append(f.code)
    return sorted(stats.values(), key=lambda s: s.key), findings


# -- conflict and revision -------------------------------------------------------------------


def disagreements(s: Summary) -> list[Finding]:
    """The sources of other articles whose figure differs beyond rounding from the chosen one: at most
    one `revision` and one `conflict` finding per statistic, each listing the chosen report first."""
    cfg = settings()
    chosen = s.chosen
    revisions, conflicts = [], []
    for r in s.reports:
        if r.sha256 == chosen.sha256 or not differ(r, chosen):
            continue
        (revisions if _is_revision(r, chosen, cfg.revision) else conflicts).append(r)
    out = []
    if revisions:
        out.append(Finding("revision", "info", _message(s, revisions, "revises"), s.key, (chosen, *revisions)))
    if conflicts:
        ratios = [ratio_off(abs(r.figure()), abs(chosen.figure())) for r in conflicts]
        severe = any(x is not None and x >= cfg.conflict.error_factor for x in ratios)
        out.append(Finding("conflict", "error" if severe else "warning", _message(s, conflicts, "differs beyond rounding from"),
                           s.key, (chosen, *conflicts)))
    return out


def _is_revision(other: Report, chosen: Report, cfg) -> bool:
    """A later figure close to the earlier one (a preliminary figure made final): marked as a revision,
    or published long enough after it. Figures further apart are more often a misread than a revision."""
    a, b = chosen.figure(), other.figure()
    if a == 0 or (a > 0) != (b > 0) or abs(a - b) > abs(a) * cfg.max_relative_change:
        return False
    if chosen.revision == REVISED or other.revision == PREVIOUS:
        return True
    if chosen.published is None or other.published is None:
        return False
    return (chosen.published - other.published).days >= cfg.min_days_apart


def _message(s: Summary, others: list[Report], verb: str) -> str:
    """'... 9.16 bn USD (r-2:f4, 1987-03-27) disagrees with 8.14 bn USD (r-1:f1 and 2 more, 1987-03-27)'."""
    c = s.chosen
    figures: dict[str, list[Report]] = {}
    for r in sorted(others, key=lambda r: (r.published or date.min, r.sha256, r.fact_id)):
        figures.setdefault(_figure(r), []).append(r)
    listed = settings().conflict.listed
    said = "; ".join(f"{fig} ({rs[0].cite()}{f' and {len(rs) - 1} more' if len(rs) > 1 else ''}, "
                     f"{_date(rs[0].published)})" for fig, rs in list(figures.items())[:listed])
    if len(figures) > listed:
        said += f"; and {len(figures) - listed} other figures"
    return f"{_subject(s.key)}: {_figure(c)} ({c.cite()}, {_date(c.published)}) {verb} {said}."


def _figure(r: Report) -> str:
    return f"{signed(r.growth_percent)} percent" if r.is_rate else amount(r.amount, r.currency)


def _date(d: date | None) -> str:
    return d.isoformat() if d else "undated"


def _subject(key: str) -> str:
    series, start, end, unit = split_key(key)
    region, metric, counterpart, segment = series.split("|")
    what = f"{region} {metric}" + (f" with {counterpart}" if counterpart else "") + (f" ({segment})" if segment else "")
    rate = f" {unit.split(':', 1)[1]} rate" if unit.startswith("growth:") else ""
    return f"{what}{rate}, {start} to {end}"


# -- series-growth ---------------------------------------------------------------------------


def series_growth(stats: dict[str, Summary]) -> list[Finding]:
    """Rates against the levels of the same series `basis_months` earlier, in each currency."""
    cfg = settings().series_growth
    levels = {split_key(k)[1:]: s for k, s in stats.items() if not s.chosen.is_rate}
    out = []
    for s in sorted(stats.values(), key=lambda s: s.key):
        _, start, end, unit = split_key(s.key)
        rates = _rates(s)
        for rate in rates:
            basis = rate.growth_basis or "yoy"
            months = cfg.basis_months.get(basis)
            if months is None:
                continue
            currencies = [unit] if not s.chosen.is_rate else sorted({u for (a, b, u) in levels if (a, b) == (start, end)})
            for currency in currencies:
                now = levels.get((start, end, currency))
                before = levels.get((_shift(start, -months, False), _shift(end, -months, _month_end(end)), currency))
                if now is None or before is None:
                    continue
                found = _growth_finding(s.key, rate, now.chosen, before.chosen, cfg.min_articles)
                if found:
                    out.append(found)
    return out


def _rates(s: Summary) -> list[Report]:
    """The rate a statistic states: the chosen report's, else the latest report stating one."""
    with_rate = [r for r in s.reports if r.growth_percent is not None and not r.growth_points]
    if not with_rate:
        return []
    chosen = s.chosen if s.chosen in with_rate else choose(with_rate)
    return [chosen]


def _growth_finding(key: str, rate: Report, now: Report, before: Report, min_articles: int) -> Finding | None:
    if len({rate.sha256, now.sha256, before.sha256}) < min_articles:
        return None
    a, b = _interval(now), _interval(before)
    if now.metric == "balance":  # a rate on a balance is the change in its size
        if (now.amount > 0) != (before.amount > 0):
            return None
        a, b = a.magnitude(), b.magnitude()
    ratio = a / b
    if ratio is None:
        return None
    implied = (ratio - Interval(Decimal(1), Decimal(1))).scaled(Decimal(100))
    if implied.overlaps(percent_interval(rate.growth_percent)):
        return None
    point = (abs(now.amount) / abs(before.amount) - 1) * 100
    reports = tuple(dict.fromkeys((rate, now, before)))
    return Finding("series-growth", "warning",
                   f"{_subject(key)}: the rate {signed(rate.growth_percent)} percent ({rate.cite()}) disagrees with "
                   f"the levels {amount(now.amount, now.currency)} ({now.cite()}) and "
                   f"{amount(before.amount, before.currency)} for {before.period_start} to {before.period_end} "
                   f"({before.cite()}), which imply {signed(round(point, 1))} percent.", key, reports)


# -- series-sum ------------------------------------------------------------------------------


def series_sum(stats: dict[str, Summary]) -> list[Finding]:
    """A statistic spanning whole months against the sum of its months, when every month is known."""
    min_months = settings().series_sum.min_months
    months = {(split_key(k)[1], split_key(k)[3]): s for k, s in stats.items()
              if not s.chosen.is_rate and _whole_months(*split_key(k)[1:3]) == 1}
    out = []
    for k, s in sorted(stats.items()):
        _, start, end, unit = split_key(k)
        n = _whole_months(start, end)
        if s.chosen.is_rate or n is None or n < min_months:
            continue
        parts = [months.get((_shift(start, i, False), unit)) for i in range(n)]
        if any(p is None for p in parts):
            continue
        total = Interval(Decimal(0), Decimal(0))
        for p in parts:
            total = total + _interval(p.chosen)
        whole = s.chosen
        if total.overlaps(_interval(whole)):
            continue
        stated = sum((p.chosen.amount for p in parts), Decimal(0))
        reports = tuple(dict.fromkeys((whole, *(p.chosen for p in parts))))
        out.append(Finding(
            "series-sum", "warning",
            f"{_subject(k)}: {amount(whole.amount, whole.currency)} ({whole.cite()}), but its {n} months add up to "
            f"{amount(stated, whole.currency)} ({', '.join(p.chosen.cite() for p in parts)}), beyond the rounding "
            f"of the stated figures.", k, reports))
    return out


def _interval(r: Report) -> Interval:
    return Interval.around(r.amount, r.tolerance())


def _whole_months(start: date, end: date) -> int | None:
    """How many calendar months [start, end] covers exactly, or None when it is not whole months."""
    if start.day != 1 or not _month_end(end) or end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def _shift(d: date, months: int, to_month_end: bool) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, last if to_month_end else min(d.day, last))

