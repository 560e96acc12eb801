"""A per-user disk cache for tables that are slow to build and change only with their inputs.

Building the place gazetteer and its ~3,000 ruler patterns from pycountry and rules/places.yaml
takes ~0.15 s, a sixth of `extract FILE`'s start-up; unpickling them takes ~3 ms. A cached value
is keyed by a hash of everything it is built from (the rule file's bytes, the building code's
source, library versions), so an edit to any of them builds afresh: a stale entry is never read.

The cache lives in $TRADEFACTS_CACHE_DIR, else $XDG_CACHE_HOME/tradefacts, else
~/.cache/tradefacts. TRADEFACTS_CACHE_DIR set to an empty string turns it off. A cache that
cannot be read or written is ignored: the value is built as if there were none.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where cached values go; None when caching is turned off."""
    explicit = os.environ.get("TRADEFACTS_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tradefacts"


def cached(name: str, inputs: list[bytes | str], build: Callable[[], T]) -> T:
    """`build()`, or its result from an earlier process given the same `inputs`."""
    path = _entry(name, inputs)
    if path is None:
        return build()
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - unpickling raises many kinds; a bad entry is rebuilt
        log.debug("cache entry %s unusable (%s); rebuilding", path, exc)
    value = build()
    _store(path, value)
    return value


def store(name: str, inputs: list[bytes | str], value: object) -> None:
    """Replace the cached value for `inputs` (for values that grow, like compiled regexes)."""
    path = _entry(name, inputs)
    if path is not None:
        _store(path, value)


def _entry(name: str, inputs: list[bytes | str]) -> Path | None:
    """The cache file for `inputs`: named by a hash of them (length-prefixed, so that moving bytes
    from one input to the next makes another key); None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    for part in inputs:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return folder / f"{name}-{digest.hexdigest()[:24]}.pickle"


def _store(path: Path, value: object) -> None:
    """Write atomically (temporary file, then rename) so that a concurrent reader never sees half."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - an unwritable cache (or value) is never fatal
        log.debug("cannot write cache entry %s: %s", path, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _remove_stale_temporaries(folder: Path, max_age_seconds: float = 3600) -> None:
    """Temporary files left by a process killed while writing (a batch worker past its time limit)."""
    now = time.time()
    for tmp in folder.glob("*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > max_age_seconds:
                tmp.unlink()


def source_of(module_file: str) -> bytes:
    """The bytes of a module's source file, as a cache input (b"" when it cannot be read)."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b""
