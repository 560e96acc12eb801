"""The batch on a Dask cluster: `extract DUMP --dask tcp://scheduler:8786` or `--dask local:N`.

The same `BatchRun` as `extract --workers N`, with a `DaskPool` in place of the local worker
processes: the client reads the dump with the same reader (so ids, unreadable records and the
skip check by sha256 are those of the local batch, and workers need no access to the files),
and the articles to extract go to the cluster in partitions, one Dask task each.

- cluster.py  connect to a scheduler, or start a LocalCluster (`local:N`)
- pool.py     DaskPool: partitions in, results out; tasks lost to a restart are sent again
- worker.py   on each worker thread: a bounded extraction process (model loaded once, the
              per-article time limit kept) and, for PostgreSQL, the database writes
- bag.py      extract_bag(bag): the same step in a Dask graph of your own

With a PostgreSQL database the workers insert the articles themselves (one transaction per
task); with SQLite, which takes one writer, or a JSONL output, they send the contract JSON back
and the client writes it.
"""
from __future__ import annotations

from .bag import ArticleFailed, extract_bag
from .cluster import ClusterError, connect, parse_target
from .pool import DaskPool, DaskSettings
from .worker import WorkerSettings

__all__ = ["ArticleFailed", "ClusterError", "DaskPool", "DaskSettings", "WorkerSettings", "connect", "extract_bag",
           "parse_target", "pool_for"]


def pool_for(cluster, options, *, database: str | None = None, run_id: int | None = None,
             return_lines: bool = True, settings: DaskSettings | None = None) -> DaskPool:
    """A DaskPool for a BatchRun with `options` (batch.Options) on `cluster` (a distributed.Client,
    or a target such as "tcp://host:8786" or "local:2", connected when the run starts). With a
    PostgreSQL `database`, the workers insert the articles of run `run_id` themselves; SQLite is
    left to the client's StoreSink, which needs the contract JSON back (as a JSONL output does:
    `return_lines`)."""
    from ..store import database_url

    on_workers = database is not None and database_url(database).startswith("postgresql")
    worker = WorkerSettings(target=options.target, model=options.model, timeout=options.timeout_seconds(),
                            database=database if on_workers else None, run_id=run_id if on_workers else None,
                            return_lines=return_lines or not on_workers)
    return DaskPool(cluster, worker, settings)
