"""Where the work runs: this process, a local Dask cluster, or an existing one.

``dask.distributed`` is the one engine for work spread over processes or machines:
``jobs=N`` starts a local cluster of N single-threaded worker processes on loopback; ``scheduler="tcp://host:8786"`` sends the work to an existing cluster, whose
workers need ccaudit installed with the same pins and the input files at the same paths (a
shared mount). Neither means this process alone, with no Dask start-up cost::

    with dask_client(jobs=2) as client:       # None when the work stays here
        ...

Each worker keeps what it built for a task (the scanner and its models) for the next one:
:func:`worker_state`.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from ccaudit.errors import CcauditError

log = logging.getLogger(__name__)

# How long to wait for a scheduler that does not answer.
CONNECT_TIMEOUT = "30s"
# What a worker process has built, by key (a scanner per configuration and date).
_STATE: dict[Any, Any] = {}


def worker_state(key: Any, build: Callable[[], Any]) -> Any:
    """``build()`` once per worker process and ``key``; the same object for later tasks."""
    if key not in _STATE:
        _STATE[key] = build()
    return _STATE[key]


@contextmanager
def dask_client(jobs: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client on ``scheduler``, or on a local cluster of ``jobs`` processes, or
    ``None`` for this process alone (``jobs`` 1 and no scheduler)."""
    if jobs < 1:
        raise CcauditError("--jobs must be at least 1")
    if scheduler is None and jobs == 1:
        yield None
        return
    import dask
    from distributed import Client, LocalCluster

    # Logs of the cluster's own start and stop stay out of a scan's stderr.
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.ERROR)
    with dask.config.set({"distributed.worker.daemon": False}):
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise CcauditError(f"no Dask scheduler answers at {scheduler} ({type(exc).__name__})") from None
            try:
                yield client
            finally:
                client.close()
            return
        # Everything on loopback: the scheduler, the workers and their status pages (a
        # random port each).
        try:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                   worker_dashboard_address="127.0.0.1:0")
        except RuntimeError as exc:
            raise CcauditError(
                f"the local Dask cluster could not start its workers ({exc}); from a Python "
                "script, call ccaudit under `if __name__ == \"__main__\":` (workers are started "
                "by spawning, which runs the script again)") from exc
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
