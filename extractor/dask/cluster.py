"""Connect to a Dask cluster: `--dask tcp://scheduler:8786` (one that is running) or `--dask local:N`
(a `LocalCluster` of N worker processes, one thread each, started here and stopped after the run).

Dask starts its worker processes as daemons by default, and a daemonic process may not start
child processes; tradefacts' workers need one (the bounded extraction process, see worker.py).
A local cluster is made with `distributed.worker.daemon` off for its whole life (restarts
included); workers started elsewhere need `DASK_DISTRIBUTED__WORKER__DAEMON=False` in their
environment, and a task on a daemonic worker fails with that advice.

>>> parse_target("local:2"), parse_target("tcp://10.0.0.5:8786")
(('local', 2), ('remote', 'tcp://10.0.0.5:8786'))
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError, TradefactsError
from ..rules import load_rules

log = logging.getLogger(__name__)

# what Dask's Client accepts: a scheme://address, or host:port (tcp)
_ADDRESS = re.compile(r"^([a-z][a-z0-9+.-]*://\S+|[^\s:/]+:\d+)$")


class ClusterError(TradefactsError):
    """The Dask scheduler cannot be reached, or no worker joins it."""


def parse_target(value: str) -> tuple[str, str | int]:
    """("local", N) for `local` / `local:N`, else ("remote", address); InputError when it is neither."""
    if value == "local" or value.startswith("local:"):
        n = value.partition(":")[2] or str(os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise InputError(f"--dask local:N needs a number of workers of at least 1, not {n!r}")
        return "local", int(n)
    if not _ADDRESS.match(value):
        raise InputError(f"--dask takes a scheduler address (tcp://host:8786) or local:N, not {value!r}")
    return "remote", value


@contextmanager
def connect(target: str) -> Iterator:
    """A `distributed.Client` on `target` (see parse_target), closed — with the cluster it started —
    on exit. ClusterError when the scheduler cannot be reached or no worker joins it in time."""
    kind, where = parse_target(target)
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--dask needs Dask: pip install 'tradefacts[dask]'") from None
    settings = load_rules("batch")["dask"]
    wait = float(settings["connect_timeout_seconds"])
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = client = None
        try:
            if kind == "local":
                cluster = LocalCluster(n_workers=int(where), threads_per_worker=1, processes=True,
                                       memory_limit=settings["local_memory_limit"], dashboard_address=":0",
                                       silence_logs=logging.ERROR)
                client = Client(cluster, set_as_default=False)
            else:
                client = Client(str(where), timeout=wait, set_as_default=False)
                client.wait_for_workers(1, timeout=wait)
        except (OSError, TimeoutError) as exc:
            _close(client, cluster)
            if client is None:
                raise ClusterError(f"cannot connect to the Dask scheduler at {where}: {exc}") from None
            raise ClusterError(f"no Dask worker joined the scheduler at {where} within {wait:g} s") from None
        try:
            yield client
        finally:
            _close(client, cluster)


def _close(client, cluster) -> None:
    for thing in (client, cluster):
        if thing is not None:
            try:
                thing.close()
            except Exception as exc:  # noqa: BLE001 - shutting down; the run's outcome is already decided
                log.debug("closing %s: %s", type(thing).__name__, exc)
