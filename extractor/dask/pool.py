"""`DaskPool`: the `Pool` a `BatchRun` uses to extract on a Dask cluster.

The run reads the dump and checks what is already stored exactly as the local batch does; the
articles it submits are gathered into partitions (rules/batch.yaml `dask`: so many articles or
characters), each sent as one Dask task (`worker.run_partition`). A bounded number of tasks is in
flight (per worker thread), so memory stays bounded on the client, the scheduler and the workers.

What can go wrong with a task:
- its worker dies (killed, out of memory): Dask runs it again on another worker by itself, up to
  `distributed.scheduler.allowed-failures`; past that (`KilledWorker`) its articles are failed
  as `worker-died`, and the next run tries them again;
- the whole cluster restarts (`client.restart()`): the task is cancelled; it is sent again, up to
  `max_attempts` times;
- it raises (a database a worker cannot write, a daemonic worker, tradefacts missing on a
  worker): the run stops with BatchError, as when a local worker cannot start.
"""
from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import CancelledError
from contextlib import ExitStack
from dataclasses import dataclass, field

from ..batch import BatchError, Result
from ..rules import load_rules
from .cluster import connect
from .worker import WorkerSettings, run_partition

log = logging.getLogger(__name__)

# how often the pool asks the scheduler how many worker threads there are (clusters scale)
_THREADS_REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class DaskSettings:
    """rules/batch.yaml `dask`, with overrides (tests use small partitions)."""

    partition_articles: int
    partition_chars: int
    tasks_per_thread: int
    max_attempts: int

    @classmethod
    def from_rules(cls, **overrides) -> DaskSettings:
        d = load_rules("batch")["dask"]
        values = {k: int(d[k]) for k in ("partition_articles", "partition_chars", "tasks_per_thread", "max_attempts")}
        return cls(**{**values, **overrides})


@dataclass
class _Partition:
    tasks: list[tuple[int, dict]] = field(default_factory=list)
    chars: int = 0
    attempts: int = 0


class DaskPool:
    """Extraction on a Dask cluster, in partitions. `cluster` is a distributed.Client, or a target
    for cluster.connect ("tcp://host:8786", "local:N"): then the pool connects when the run starts
    it (a run with nothing to extract starts no cluster) and disconnects when it is closed."""

    def __init__(self, cluster, worker: WorkerSettings, settings: DaskSettings | None = None):
        self.worker = worker
        self.settings = settings or DaskSettings.from_rules()
        self.client = None if isinstance(cluster, str) else cluster
        self._target = cluster if isinstance(cluster, str) else None
        self._connection = ExitStack()
        self._held = _Partition()
        self._futures: dict = {}  # future -> _Partition
        self._threads = 0
        self._threads_at = 0.0

    def start(self) -> None:
        if self.client is None:
            self.client = self._connection.enter_context(connect(self._target))
        self._refresh_threads(force=True)
        if not self._threads:
            raise BatchError("the Dask cluster has no worker")
        log.info("Dask: %d worker threads, scheduler %s, dashboard %s", self._threads, self.client.scheduler.address,
                 self.client.dashboard_link)

    @property
    def idle(self) -> int:
        """Room left in the partitions that may be in flight (tasks_per_thread per worker thread):
        counted in partitions, so that partitions cut short by partition_chars bound memory too."""
        self._refresh_threads()
        slots = max(self._threads, 1) * self.settings.tasks_per_thread - len(self._futures)
        return max(0, slots * self.settings.partition_articles - len(self._held.tasks))

    @property
    def threads(self) -> int:
        """Worker threads in the cluster (as last asked)."""
        return self._threads

    def submit(self, seq: int, task: dict) -> None:
        self._held.tasks.append((seq, task))
        self._held.chars += len(task.get("text") or "")
        if (len(self._held.tasks) >= self.settings.partition_articles
                or self._held.chars >= self.settings.partition_chars):
            self._send_held()

    def wait(self, timeout: float | None) -> list[Result]:
        from distributed import wait

        if self._held.tasks:
            self._send_held()
        if not self._futures:
            return []
        try:
            with self.client.as_current():  # wait() asks for the current client, which need not be the default
                wait(list(self._futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        except CancelledError:
            pass  # wait() raises when a task it saw finish was cancelled: _collect sends those again
        results: list[Result] = []
        for future in [f for f in self._futures if f.status != "pending"]:
            results += self._collect(future)
        return results

    def close(self) -> None:
        """Cancel the tasks still in flight (the run is stopping; the next run redoes them)."""
        self._held = _Partition()
        if self._futures:
            try:
                self.client.cancel(list(self._futures))
            except Exception as exc:  # noqa: BLE001 - stopping anyway; the scheduler forgets them with the client
                log.debug("cancelling Dask tasks: %s", exc)
        self._futures = {}
        self._connection.close()

    # -- helpers --------------------------------------------------------------------------

    def _send_held(self) -> None:
        part, self._held = self._held, _Partition()
        self._send(part)

    def _send(self, part: _Partition) -> None:
        part.attempts += 1
        key = f"tradefacts-extract-{part.tasks[0][0]}-{uuid.uuid4().hex[:12]}"
        future = self.client.submit(run_partition, part.tasks, self.worker, key=key, pure=False)
        self._futures[future] = part

    def _collect(self, future) -> list[Result]:
        from distributed import KilledWorker

        part = self._futures.pop(future)
        if future.status == "error":
            exc = future.exception()
            if isinstance(exc, KilledWorker):
                return _failed(part, f"the Dask workers running its task died ({exc})")
            raise BatchError(f"a Dask task failed: {type(exc).__name__}: {exc}")
        if future.status == "finished":
            try:
                return future.result()
            except CancelledError:
                pass  # its result was lost with its worker before it could be fetched: as cancelled
        # cancelled (the cluster restarted) or lost: send it again
        if part.attempts < self.settings.max_attempts:
            log.info("a Dask task was %s (the cluster restarted?); sending it again", future.status)
            self._send(part)
            return []
        return _failed(part, f"the Dask task was lost {part.attempts} times (the cluster restarted)")

    def _refresh_threads(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._threads_at >= _THREADS_REFRESH_SECONDS:
            self._threads = sum(self.client.nthreads().values())
            self._threads_at = now


def _failed(part: _Partition, error: str) -> list[Result]:
    return [Result(seq, False, error, 0, "worker-died") for seq, _ in part.tasks]
