"""`extract info`: what is installed and where things live, as one flat mapping.

>>> sorted(about())[:3]
['cache_dir', 'contract_schema_version', 'model']
"""
from __future__ import annotations

import platform
import sys
from typing import Any


def about(*, model: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Versions and folders; never loads the model (only looks the package up). With `db`, that
    database's schema version too (TradefactsError when it cannot be opened)."""
    from . import __version__
    from .cache import cache_dir
    from .errors import ModelError
    from .models import SCHEMA_VERSION
    from .rules import rules_dir
    from .spacy_model import model_version, resolve_model
    from .store import STORE_SCHEMA_VERSION

    try:
        name = resolve_model(model)
    except ModelError as exc:
        name, version, where = None, None, str(exc)
    else:
        version, where = model_version(name), _package_path(name)
    cache = cache_dir()
    out: dict[str, Any] = {
        "tradefacts": __version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "spacy": _version("spacy"),
        "model": name if model is None or name == model else f"{name} (for --model {model})",
        "model_version": version,
        "model_path": where,
        "contract_schema_version": SCHEMA_VERSION,
        "store_schema_version": STORE_SCHEMA_VERSION,  # what this release creates and reads
        "rules_dir": str(rules_dir()),
        "cache_dir": str(cache) if cache is not None else "off (TRADEFACTS_CACHE_DIR is empty)",
    }
    if db is not None:
        import os

        from .errors import InputError
        from .store import Store, database_url, redact

        if "://" not in db and not os.path.exists(db):
            raise InputError(f"no such database: {db}")
        store = Store.open(db, create=False)
        try:
            out["database"] = redact(database_url(db))
            out["database_schema_version"] = store.schema_version()
        finally:
            store.close()
    return out


def _version(package: str) -> str | None:
    import importlib.metadata

    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _package_path(name: str) -> str | None:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(iter(spec.submodule_search_locations))
