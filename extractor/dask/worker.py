"""What runs on a Dask worker: one partition of articles, extracted with the local batch's bounds.

Each worker thread keeps a `WorkerPool` of one extraction process for as long as the worker
lives, so the spaCy model is loaded once per thread, not per task or per article; the partition
goes to it in chunks whose NER runs batched, and an article that overruns the time limit has
that process killed and replaced, and comes back failed ("timeout after N s"), exactly as in
`extract --workers N`. (A Dask task itself cannot be stopped: the time limit has to live in a
process the task can kill.)

With a `database`, the worker inserts the partition's articles itself, in one transaction, and
sends back only whether each was inserted; the client counts them and writes the failures, so
a partition re-run after its worker died inserts nothing twice and counts nothing twice.
"""
from __future__ import annotations

import json
import multiprocessing
import threading
from dataclasses import dataclass

from ..batch import BatchError, Result, WorkerPool
from ..io.dumps import text_sha256
from ..statistics import revision_marks
from ..store import Done, Store

_DAEMON_ADVICE = ("this Dask worker is a daemonic process and cannot start tradefacts' extraction process: "
                  "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment "
                  "(README, 'On a Dask cluster')")


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker handles a partition (sent along with every task)."""

    target: str  # the extraction function, "module:name"
    model: str | None
    timeout: float  # seconds per article
    database: str | None = None  # insert the articles into this database here, on the worker
    run_id: int | None = None
    return_lines: bool = True  # send the contract JSON back (for a JSONL output or a client-side database)

    @property
    def pool_key(self) -> tuple:
        return (self.target, self.model, self.timeout)


# Per thread and per process on purpose: the extraction process (and its loaded model) and the
# database connections must outlive the tasks that use them.
_threads = threading.local()
_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def run_partition(tasks: list[tuple[int, dict]], settings: WorkerSettings) -> list[Result]:
    """The Result of each (seq, task) in `tasks`, in order; with a database, the articles inserted."""
    results = extract_all(_pool(settings), tasks)
    if settings.database is not None:
        results = _insert(results, tasks, settings)
    return results


def extract_all(pool: WorkerPool, tasks: list[tuple[int, dict]]) -> list[Result]:
    """Every task through `pool` (in chunks, as in the local batch); results in task order."""
    got: dict[int, Result] = {}
    for seq, task in tasks:
        while not pool.idle:
            got.update((r.seq, r) for r in pool.wait(None))
        pool.submit(seq, task)
    while pool.outstanding:
        got.update((r.seq, r) for r in pool.wait(None))
    return [got[seq] for seq, _ in tasks]


def _pool(settings: WorkerSettings) -> WorkerPool:
    """This thread's extraction pool, started on first use (and again if the settings change)."""
    pool = getattr(_threads, "pool", None)
    if pool is not None and _threads.key == settings.pool_key:
        return pool
    if pool is not None:
        pool.close()
        _threads.pool = None
    if multiprocessing.current_process().daemon:
        raise BatchError(_DAEMON_ADVICE)
    pool = WorkerPool(1, target=settings.target, model=settings.model, timeout=settings.timeout)
    pool.start()
    _threads.pool, _threads.key = pool, settings.pool_key
    return pool


def _insert(results: list[Result], tasks: list[tuple[int, dict]], settings: WorkerSettings) -> list[Result]:
    store = _store(settings.database)
    done = []
    for k, (_, task) in enumerate(tasks):
        if results[k].ok:
            contract = json.loads(results[k].payload)
            done.append((k, Done(record_id=task["id"], sha256=text_sha256(task["text"]), contract=contract,
                                 url=task.get("url"), revisions=revision_marks(task["text"], contract))))
    inserted = store.insert_articles(settings.run_id, [d for _, d in done])
    out = list(results)
    for i, (k, _) in enumerate(done):
        out[k] = results[k]._replace(stored=i in inserted, payload=results[k].payload if settings.return_lines else "")
    return out


def _store(url: str) -> Store:
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store.open(url, create=False)
        return _stores[url]
