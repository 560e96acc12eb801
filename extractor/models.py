"""The facts contract (../shared/contract/FACTS.md) as frozen pydantic models.

These models are the source of truth for what `extract` emits: `extract schema` prints
their JSON Schema. Amounts and percents are exact `Decimal`s in Python and plain JSON
numbers on output.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, model_serializer

SCHEMA_VERSION = 1


def _json_number(value: Decimal) -> int | float:
    """285320000000 -> 285320000000 (int), Decimal('30.9') -> 30.9."""
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_json_number, when_used="json"), WithJsonSchema({"type": "number"})]

Metric = Literal["trade", "exports", "imports", "balance"]
PlaceKind = Literal["country", "subnational", "city", "bloc", "group", "port"]
Granularity = Literal["month", "quarter", "half", "ytd", "year", "range"]
Basis = Literal["yoy", "mom", "qoq", "period"]
Severity = Literal["error", "warning", "info"]
ReferenceBasis = Literal["published", "inferred-from-text", "today"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Character offsets into the article text as read: text[start:end] == span.text.

    The text as read is the input decoded (a byte-order mark, else UTF-8, else the detected
    encoding) with every line end normalised to "\\n" ("\\r\\n" and a lone "\\r" alike) and NUL
    characters removed: for a file, what Python's open(path, encoding=...).read() returns in text
    mode, NULs aside (so a CRLF file's offsets hold on that, not on its raw bytes); for a JSONL record, its
    text normalised the same way; for a page, article.text. The Python API indexes the string it
    is given, as given.
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    rule: str | None = Field(default=None, description="id of the rule that produced this mention")


class Place(_Frozen):
    name: str
    code: str | None = None
    kind: PlaceKind


class Period(_Frozen):
    start: date
    end: date
    text: str
    granularity: Granularity


class Money(_Frozen):
    amount: Number
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    approximate: bool = False
    text: str


class Growth(_Frozen):
    percent: Number
    basis: Basis | None = None
    points: bool = False
    text: str


class Percent(_Frozen):
    """A bare percent as parse_percent reads it ("minus six percent" -> -6; "3.5 percentage points" ->
    3.5 with points; "13.7 times" -> 1370, a multiple as N x 100 percent)."""
    percent: Number
    points: bool = False
    text: str


class Share(_Frozen):
    percent: Number
    of: str
    text: str


class Fact(_Frozen):
    id: str
    metric: Metric
    region: Place | None = None
    counterpart: Place | None = None
    segment: str | None = None
    period: Period | None = None
    value: Money | None = None
    equivalents: list[Money] = Field(default_factory=list)
    growth: Growth | None = None
    share: Share | None = None
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0, le=1)


class Partner(_Frozen):
    name: str
    code: str | None = None
    kind: PlaceKind
    role: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Cause(_Frozen):
    text: str
    cue: str
    facts: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)


class Check(_Frozen):
    code: str
    severity: Severity
    message: str
    facts: list[str] = Field(default_factory=list)


class Article(_Frozen):
    id: str
    sha256: str = Field(description="sha256 of the UTF-8 of the article text as read (line ends normalised): "
                                    "the idempotency key")
    title: str | None = None
    published: date | None = None
    source: str | None = None
    language: str = "en"
    reference_date: date
    reference_basis: ReferenceBasis
    text: str | None = Field(default=None, description=(
        "the article text as read, present only when it exists in no input file: the main text "
        "extracted from an HTML page or WARC record, which every span's offsets point into"))

    @model_serializer(mode="wrap")
    def _omit_absent_text(self, handler):
        """`text` appears only when kept, so plain-text articles serialise as before."""
        data = handler(self)
        if data.get("text") is None:
            data.pop("text", None)
        return data


class ArticleFacts(_Frozen):
    """Everything extracted from one article: the contract's top-level object."""

    schema_version: int = SCHEMA_VERSION
    article: Article
    facts: list[Fact] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    causes: list[Cause] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
