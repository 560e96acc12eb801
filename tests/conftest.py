"""Shared test setup: the disk cache (extractor/cache.py) goes to a temporary folder, never ~/.cache."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    old = os.environ.get("TRADEFACTS_CACHE_DIR")
    os.environ["TRADEFACTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("tradefacts-cache"))
    yield
    if old is None:
        os.environ.pop("TRADEFACTS_CACHE_DIR", None)
    else:
        os.environ["TRADEFACTS_CACHE_DIR"] = old
