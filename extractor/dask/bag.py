"""`extract_bag`: tradefacts as a step in a Dask graph of your own.

    import dask.bag as db
    from extractor.dask import extract_bag

    articles = db.read_text("news/*.jsonl").map(json.loads)       # dicts with "text" (+ id, title …)
    facts = extract_bag(articles)                                  # a bag of contract dicts
    facts.filter(lambda c: c["facts"]).map(json.dumps).to_textfiles("facts/*.jsonl")

Each partition runs on a worker through that worker thread's bounded extraction process (see
worker.py): the model is loaded once per thread, and an article that overruns the time limit
or is over `max_chars` is failed rather than stalling the graph. A failed article raises
ArticleFailed by default; with `errors="return"` it comes out as `{"id", "error", "reason"}`
(no `facts` key), so that nothing is dropped unseen.
"""
from __future__ import annotations

import json
from typing import Any, Literal

from ..batch import DEFAULT_TARGET, Options
from ..errors import TradefactsError
from ..io.dumps import Limits, clean_text
from .worker import WorkerSettings, run_partition

_FIELDS = ("id", "title", "published", "source", "url")


class ArticleFailed(TradefactsError):
    """An article of a bag could not be extracted (extract_bag with errors="raise")."""


def extract_bag(bag, *, model: str | None = None, timeout: float | None = None, max_chars: int | None = None,
                errors: Literal["raise", "return"] = "raise", target: str = DEFAULT_TARGET):
    """A dask.bag of contract dicts, one per element of `bag`, in the same partitions and order.

    An element is an article's text, or a dict with `text` and optionally `id`, `title`,
    `published`, `source` and `url` (the JSONL record of `extract DUMP`). `timeout` (seconds per
    article) and `max_chars` default to rules/batch.yaml, as in the batch.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    settings = WorkerSettings(target=target, model=model, timeout=Options(timeout=timeout).timeout_seconds())
    limit = Limits.from_rules(max_chars).max_chars
    return bag.map_partitions(extract_partition, settings, limit, errors)


def extract_partition(items, settings: WorkerSettings, max_chars: int, errors: str) -> list[dict]:
    """The contract dicts of one partition's elements (run on a worker)."""
    items = list(items)
    out: list[dict[str, Any] | None] = [None] * len(items)
    tasks: list[tuple[int, dict]] = []
    for i, item in enumerate(items):
        task, problem = _task(item, settings.model)
        if problem is None and len(task["text"]) > max_chars:
            problem = ("too-large", f"too large: {len(task['text'])} characters (limit {max_chars} characters)")
        if problem is not None:
            out[i] = _failure(task.get("id"), *problem, errors)
        else:
            tasks.append((i, task))
    ids = {i: task["id"] for i, task in tasks}
    for r in run_partition(tasks, settings):
        out[r.seq] = json.loads(r.payload) if r.ok else _failure(ids[r.seq], r.reason or "error", r.payload, errors)
    return out  # type: ignore[return-value] - every position is filled above


def _task(item, model: str | None) -> tuple[dict, tuple[str, str] | None]:
    """(task, None), or (partial task, (reason, error)) for an element that is not an article."""
    if isinstance(item, str):
        return {"id": None, "text": clean_text(item), "model": model}, None
    if not isinstance(item, dict):
        return {}, ("unreadable", f"not an article: a {type(item).__name__}, not a text or a dict")
    task = {k: item.get(k) for k in _FIELDS} | {"text": item.get("text"), "model": model}
    if task["id"] is not None:
        task["id"] = str(task["id"])
    if not isinstance(task["text"], str):
        return task, ("unreadable", "no 'text' string")
    task["text"] = clean_text(task["text"])  # as the dump reader does
    return task, None


def _failure(rid, reason: str, error: str, errors: str) -> dict:
    if errors == "raise":
        raise ArticleFailed(f"article {rid!r}: {error}" if rid is not None else error)
    return {"id": rid, "error": error, "reason": reason}
