"""Schemas of the rule files the linker and the consistency checks read, checked when a file is loaded.

A key the code does not read is an error, not a silent no-op: a misspelt `clause_break_regex`
would otherwise leave the linker on its defaults without a word. Every pattern must compile.
Files without a schema here are loaded as they are (their own loaders check what they use).
"""
from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import regexes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(value: str) -> str:
    try:
        regexes.compile(value.replace("{trade_modifies}", "x"), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"pattern does not compile: {exc}") from exc
    return value


class MetricRule(_Strict):
    id: str
    pattern: str
    metric: Literal["trade", "exports", "imports", "balance"]
    strength: Literal["strong", "weak"]
    sign: Optional[Literal[-1, 1]] = None
    partner: bool = False

    _pattern = field_validator("pattern")(_compiles)


class BlockerRule(_Strict):
    id: str
    pattern: str
    other_balance: bool = False

    _pattern = field_validator("pattern")(_compiles)


class Metrics(_Strict):
    metrics: list[MetricRule]
    trade_modifies: list[str]
    neutral: list[str]
    blockers: list[BlockerRule]


class CauseRule(_Strict):
    id: str
    pattern: str
    cue: str

    _pattern = field_validator("pattern")(_compiles)


class Causes(_Strict):
    cues: list[CauseRule]
    reject_regex: str
    forecast_regex: str
    split_regex: str
    stop_regex: str

    _patterns = field_validator("reject_regex", "forecast_regex", "split_regex", "stop_regex")(_compiles)


class Linking(_Strict):
    comparison_openers: list[str]
    change_verbs: list[str]
    change_adverbs: list[str]
    change_after: list[str]
    forecast_cues: list[str]
    forecast_infinitive_regex: str
    stated_year_regex: str
    result_infinitive_regex: str
    clause_breaks_regex: str
    counterpart_preps: list[str]
    counterpart_gap_regex: str
    figure_with_place_regex: str
    respectively_regex: str
    list_separator_regex: str
    list_split_regex: str
    list_member_regex: str
    counterpart_group_regex: str
    anaphor_regex: str
    group_anaphor_regex: str
    periphrasis_regex: str
    rate_comparison_regex: str
    share_subject_before_regex: str
    share_subject_after_regex: str
    non_counterpart_regex: str
    prenominal_nouns: list[str]
    comparison_period_openers: list[str]
    compared_percent_period_regex: str
    bare_last_year_regex: str
    bare_year_regex: str
    level_marker_regex: str
    incidental_period_regex: str
    span_opener_regex: str
    pair_trade_regex: str
    region_pair_regex: str
    lead_basis_regex: str
    average_regex: str

    _patterns = field_validator(
        "clause_breaks_regex", "figure_with_place_regex", "respectively_regex", "list_separator_regex",
        "list_split_regex", "list_member_regex", "counterpart_group_regex", "anaphor_regex",
        "group_anaphor_regex", "periphrasis_regex", "rate_comparison_regex", "share_subject_before_regex",
        "share_subject_after_regex", "non_counterpart_regex", "compared_percent_period_regex",
        "bare_last_year_regex", "bare_year_regex", "level_marker_regex",
        "incidental_period_regex", "lead_basis_regex", "average_regex", "span_opener_regex",
        "pair_trade_regex", "region_pair_regex", "forecast_infinitive_regex", "result_infinitive_regex",
        "stated_year_regex", "counterpart_gap_regex")(_compiles)


class Segments(_Strict):
    modifiers: list[str]
    phrases: list[str]
    phrase_names: dict[str, str]
    gapped_regex: str
    excluding_regex: str
    cue_segments: list[str]
    cue_segment_names: dict[str, str]
    contrast_modifiers: list[str]
    contrast_regex: str
    of_cues_regex: str
    phrase_stops: list[str]
    generic_heads: list[str]
    speaker_words: list[str]

    _patterns = field_validator("excluding_regex", "contrast_regex", "of_cues_regex", "gapped_regex")(_compiles)


class Partners(_Strict):
    role_regex: str
    elided_role_regex: str
    not_partners: list[str]

    _patterns = field_validator("role_regex", "elided_role_regex")(_compiles)


class Reporters(_Strict):
    headline_speech_verbs: list[str]
    headline_pair_regex: str
    datelines: dict[str, str]
    agencies: dict[str, str]

    _patterns = field_validator("headline_pair_regex")(_compiles)



# ---- rules/checks.yaml: the consistency checks' settings (what each means: the file's header) ----

_Metric = Literal["trade", "exports", "imports", "balance"]
_Severity = Literal["error", "warning", "info"]


class _Tolerance(_Strict):
    stated_number: str
    approximate_relative: float = Field(ge=0)

    _patterns = field_validator("stated_number")(_compiles)


class _CheckSeverity(_Strict):
    error_factor: float = Field(gt=1)
    rescale_factors: list[int]


class _Display(_Strict):
    scales: list[tuple[int, str]]
    amount_decimals: int = Field(ge=0)
    metrics: dict[_Metric, str]


class _ConversionRate(_Strict):
    warn_relative: float = Field(ge=0)
    max_days_after: int = Field(ge=0)
    article_relative: float = Field(ge=0)
    equivalent_gap: str

    _patterns = field_validator("equivalent_gap")(_compiles)


class _Empty(_Strict):
    pass


class _PartExceedsWhole(_Strict):
    metrics: list[_Metric]


class _ShareRange(_Strict):
    disjoint_kinds: list[str]
    ratio_wholes: list[str]
    ratio_metrics: list[_Metric]


class _ShareVsValues(_Strict):
    metrics: list[_Metric]
    foreign_whole_words: list[str]


class _GrowthDirection(_Strict):
    rise: list[str]
    fall: list[str]


class _Bounds(_Strict):
    at_least: list[str]
    at_most: list[str]


class _ImpliedGrowth(_Strict):
    near_chars: int = Field(ge=0)
    notable_rise: float
    notable_fall: float
    basis_months: dict[str, int]


class _Rounding(_Strict):
    near_miss_units: float = Field(gt=0)
    amount_max_relative: float = Field(ge=0, le=1)
    measure_words: list[str]


class _DuplicateFigure(_Strict):
    min_decimals_percent: int = Field(ge=0)
    min_amount: int = Field(ge=0)
    repeated_text_min_figures: int = Field(ge=2)


class _PeriodLabel(_Strict):
    probe_shift_months: int = Field(gt=0)
    future_severity: _Severity
    future_grace_days: int = Field(ge=0)


class _PeriodAfterReference(_Strict):
    severity: _Severity


class Checks(_Strict):
    tolerance: _Tolerance
    severity: _CheckSeverity
    display: _Display
    conversion_rate: _ConversionRate
    components_sum: _Empty
    part_exceeds_whole: _PartExceedsWhole
    share_range: _ShareRange
    share_vs_values: _ShareVsValues
    growth_direction: _GrowthDirection
    bounds: _Bounds
    implied_growth: _ImpliedGrowth
    rounding: _Rounding
    duplicate_figure: _DuplicateFigure
    period_label: _PeriodLabel
    period_after_reference: _PeriodAfterReference
    points_vs_percent: _Empty


# --- the Chinese path (rules/zh/)
class ZhPatternRule(_Strict):
    id: str
    pattern: str

    _pattern = field_validator("pattern")(_compiles)


class ZhMetricRule(ZhPatternRule):
    metric: Literal["trade", "exports", "imports", "balance"]


class ZhAmount(ZhPatternRule):
    scales: dict[str, float]
    currencies: dict[str, str]


class ZhCauseRule(ZhPatternRule):
    cue: str
    needs_change: bool = False


class ZhCues(_Strict):
    metrics: list[ZhMetricRule]
    deficit: str
    amount: ZhAmount
    equivalent_cue: str
    growth: list[ZhPatternRule]
    listed_growth: ZhPatternRule
    negative_verbs: list[str]
    share: list[ZhPatternRule]
    count: ZhPatternRule
    respectively: str
    list_separators: str
    counterpart_cue: str
    region_use: str
    breakdown: str
    causes: list[ZhCauseRule]
    cause_splitters: str
    cause_trailer: str
    partner_clause: str
    change_words: str

    _patterns = field_validator("deficit", "equivalent_cue", "respectively", "list_separators", "counterpart_cue",
                                "region_use", "breakdown", "cause_splitters", "cause_trailer", "partner_clause",
                                "change_words")(_compiles)


class ZhPeriodRule(ZhPatternRule):
    kind: Literal["ytd", "quarter", "half", "ytd-quarters", "year", "month"]


class ZhPeriods(_Strict):
    year_prefix: str
    patterns: list[ZhPeriodRule]
    year_alone: ZhPatternRule

    _patterns = field_validator("year_prefix")(_compiles)


class ZhPlaces(_Strict):
    provinces_short: dict[str, tuple[str, str]]
    english: dict[str, str]
    entries: dict[str, tuple[str, Optional[str], Literal["country", "subnational", "city", "bloc", "group", "port"]]]
    short: dict[str, tuple[str, Optional[str], Literal["country", "subnational", "city", "bloc", "group", "port"]]]
    domestic_groups: list[str]
    bare_words: list[str]
    cities: dict[str, tuple[str, str]]
    ports: dict[str, tuple[str, str]]


SCHEMAS: dict[str, type[BaseModel]] = {
    "linking": Linking, "metrics": Metrics, "causes": Causes, "segments": Segments,
    "partners": Partners, "reporters": Reporters, "checks": Checks,
    "zh/cues": ZhCues, "zh/periods": ZhPeriods, "zh/places": ZhPlaces,
}


def validate(name: str, data: object) -> str | None:
    """None when `data` (rules/NAME.yaml) fits its schema, else a one-line reason."""
    schema = SCHEMAS.get(name)
    if schema is None:
        return None
    try:
        schema.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        said = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:3])
        return said + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
    return None
