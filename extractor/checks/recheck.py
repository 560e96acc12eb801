"""Re-check facts another tool produced: a JSON object in the contract's shape in, its checks redone.

>>> recheck([])
Traceback (most recent call last):
...
extractor.errors.InputError: not a facts JSON: expected an object, got a list
"""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..models import SCHEMA_VERSION, ArticleFacts
from . import run_checks


def recheck(data: Any) -> ArticleFacts:
    """Validate `data` as the contract's top-level object, drop its checks and run every check again.

    Raises InputError (one line) when `data` is not in the contract's shape.
    """
    if not isinstance(data, dict):
        raise InputError(f"not a facts JSON: expected an object, got {_a(type(data).__name__)}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise InputError(f"not a facts JSON this version reads: schema_version {version!r}, expected {SCHEMA_VERSION}")
    try:
        facts = ArticleFacts.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"not a facts JSON: {_first_problem(exc)}") from None
    return facts.model_copy(update={"checks": run_checks(facts.facts, facts.article)})


def _first_problem(exc: ValidationError) -> str:
    """'facts.0.metric: Input should be ...' and how many more problems there are."""
    problems = exc.errors()
    first = problems[0]
    where = ".".join(str(p) for p in first["loc"]) or "top level"
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _a(name: str) -> str:
    names = {"list": "a list", "str": "a string", "int": "a number", "float": "a number", "NoneType": "null"}
    return names.get(name, name)
