"""re.compile for the rule patterns, with the compiled programs kept in the disk cache.

The rule files expand to a few hundred regexes, some of them large alternations; Python's `re`
parses and compiles them in pure Python, ~160 ms per process, an eighth of `extract FILE`'s
start-up. The compiled program of a pattern (the list of opcodes `re` hands to its C engine) is
a plain list of integers, so it is kept in the per-user disk cache (extractor/cache.py) and given
straight to the engine next time: the same call `re` itself makes, for the same pattern object.

This leans on CPython's internals (`re._parser`, `re._compiler._code`, `_sre.compile`), so the
cache is keyed by the exact Python build and the engine's MAGIC number, and anything unexpected
falls back to plain re.compile. Programs are saved when the process exits.
"""
from __future__ import annotations

import atexit
import logging
import re
import sys
from typing import Any

from .cache import cache_dir, cached

log = logging.getLogger(__name__)

_MAX_ENTRIES = 1000  # beyond this (rules edited many times), keep only what this process used
_programs: dict[tuple[str, int], tuple] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the cached program when there is one."""
    global _dirty
    programs = _load()
    if programs is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    _used.add(key)
    args = programs.get(key)
    if args is not None:
        try:
            return _engine().compile(pattern, *args)
        except Exception:  # noqa: BLE001 - a program this engine refuses: compile it afresh
            programs.pop(key, None)
    try:
        args = _program(pattern, int(flags))
        compiled = _engine().compile(pattern, *args)
    except Exception:  # noqa: BLE001 - internals not as expected (or a bad pattern): re.compile decides
        return re.compile(pattern, flags)
    programs[key] = args
    _dirty = True
    return compiled


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """The arguments after `pattern` of _sre.compile, as re._compiler.compile computes them."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(p, flags)]  # opcodes are int subclasses: plain ints pickle
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | p.state.flags), code, p.state.groups - 1, dict(groupindex), tuple(indexgroup)


def _engine():
    import _sre

    return _sre


def _load() -> dict | None:
    """The cached programs of this Python build (an empty dict at first), or None when the disk
    cache is off or the internals are not those this module knows."""
    global _programs
    if _programs is None:
        if cache_dir() is None or sys.implementation.name != "cpython" or not hasattr(re, "_compiler"):
            return None
        _programs = dict(cached("regexes", _build_key(), dict))
        atexit.register(_save)
    return _programs


def _build_key() -> list[str]:
    return [sys.version, str(getattr(_engine(), "MAGIC", "")), str(getattr(_engine(), "CODESIZE", ""))]


def _save() -> None:
    """Write the programs back when this process compiled new ones."""
    from .cache import store

    if not _dirty or _programs is None:
        return
    programs = _programs
    if len(programs) > _MAX_ENTRIES:
        programs = {k: v for k, v in programs.items() if k in _used}
    store("regexes", _build_key(), programs)
