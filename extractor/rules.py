"""Load the data files in rules/ (YAML), once per process, never at import time.

In a source checkout the files are read from `<repo>/rules/`; an installed wheel carries
them as `extractor/_rules/`.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleFileError

_HERE = Path(__file__).resolve().parent
# libyaml's safe loader when PyYAML was built with it (10x faster on the larger rule files)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def rules_dir() -> Path:
    """The folder holding the rule files (wheel copy first, then the source checkout)."""
    for candidate in (_HERE / "_rules", _HERE.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleFileError(f"no rules folder found next to {_HERE}")


@functools.cache
def load_rules(name: str) -> Any:
    """The parsed content of rules/NAME.yaml, e.g. load_rules("currencies").

    Parsed once per machine: the result is kept in the disk cache (extractor/cache.py) under the
    file's bytes, so an edited file is parsed afresh (~50 ms for all of them, per process)."""
    from .cache import cached

    path = rules_dir() / f"{name}.yaml"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(f"cannot read rule file {path}: {exc}") from exc

    def parse() -> Any:
        try:
            return yaml.load(raw.decode("utf-8"), Loader=_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RuleFileError(f"rule file {path} is not valid YAML: {exc}") from exc

    data = cached(f"rules-{name}", [raw, yaml.__version__], parse)
    if data is None:
        raise RuleFileError(f"rule file {path} is empty")
    from .rule_schemas import validate

    problem = validate(name, data)
    if problem is not None:
        raise RuleFileError(f"rule file {path} does not fit its schema: {problem}")
    return data
