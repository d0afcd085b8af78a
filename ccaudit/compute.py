"""Where the work runs: this process, a local Dask cluster, or an existing one.

``dask.distributed`` is the one engine for work spread over processes or machines:
``jobs=N`` starts a local cluster of N single-threaded worker processes on loopback;
``scheduler="tcp://host:8786"`` sends the work to an existing cluster, whose workers need ccaudit installed with the same pins and the input files at the same paths (a
shared mount). Neither means this process alone, with no Dask start-up cost::

    with dask_client(jobs=2) as client:       # None when the work stays here
        ...

Each worker keeps what it built for a task (the scanner and its models) for the next one:
:func:`ccaudit.workers.worker_state`. A secret the tasks need (the index's HMAC key) reaches each worker
once, by a worker plugin (:func:`shared_secret`), never in a task's arguments; :func:`results`
hands the tasks' results back in their order, and turns a lost scheduler into one message.
A worker lost in the middle of a run is not an error: the scheduler gives its tasks to
another worker (up to ``distributed.scheduler.allowed-failures`` times per task).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ccaudit.errors import CcauditError, ClusterError

if TYPE_CHECKING:
    from ccaudit.config import Config

log = logging.getLogger(__name__)

# How long to wait for a scheduler that does not answer.
CONNECT_TIMEOUT = "30s"
# On a cluster, an export larger than this is read in parts, one per worker at most.
PART_BYTES = 32 * 1024 * 1024


def parts_for(size: int, client: Any) -> int:
    """How many parts a file of ``size`` bytes is read in on ``client``'s cluster: one per
    :data:`PART_BYTES`, at most one per worker; each part reads the whole file and takes every
    n-th chunk of rows (``exports.chunk_rows``), so that one big file does not wait on one worker."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    return max(1, min(workers, -(-size // PART_BYTES)))


def where(config: "Config", jobs: int | None = None, scheduler: str | None = None
          ) -> tuple[int, str | None]:
    """Where to run: ``scheduler`` or ``jobs`` given (the command line) win over the
    configuration's ``compute`` section, in which a scheduler wins over ``jobs``. ``None``,
    ``0`` and ``""`` are not given (a notebook's defaults)."""
    if scheduler:
        return 1, scheduler
    if jobs:
        return jobs, None
    return (1, config.compute.scheduler) if config.compute.scheduler else (config.compute.jobs, None)


@contextmanager
def shared_secret(client: Any, name: str, value: Any) -> Iterator[None]:
    """``value`` on every worker of ``client`` under ``name`` (not secret itself: the
    key's fingerprint, say) while the block runs; removed from the workers afterwards."""
    from ccaudit.workers import SharedSecret

    client.register_plugin(SharedSecret(name, value), name=f"ccaudit-{name}")
    try:
        yield
    finally:
        # A scheduler that is gone took the plugin with it (and asking would wait for it).
        if client.status == "running":
            try:
                client.unregister_worker_plugin(f"ccaudit-{name}")
            except Exception:  # noqa: BLE001 - a cluster going away has nothing left to remove
                log.debug("could not remove the worker plugin", exc_info=True)


def results(client: Any, futures: list, on_done: Callable[[int, Any], None] | None = None
            ) -> Iterator[Any]:
    """The futures' results in the futures' order, each as soon as it and those before it are
    done; ``on_done(position, result)`` is called as each completes, in any order (progress).

    A task that raised raises here. A scheduler that stops answering is one
    :class:`~ccaudit.errors.ClusterError`; what was handed back before it is kept by the caller.
    """
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    position = {f.key: i for i, f in enumerate(futures)}
    done: dict[int, Any] = {}
    following = 0
    try:
        for future in as_completed(futures):
            i = position[future.key]
            done[i] = future.result()
            future.release()
            if on_done is not None:
                on_done(i, done[i])
            while following in done:
                yield done.pop(following)
                following += 1
    except KilledWorker:
        raise ClusterError("the workers running one task died one after the other (out of memory? "
                           "see distributed.scheduler.allowed-failures); the run stops, what was "
                           "finished is kept") from None
    except (FutureCancelledError, CommClosedError) as exc:
        if "scheduler-connection-lost" in str(exc) or isinstance(exc, CommClosedError) \
                or client.status != "running":
            address = getattr(client.scheduler, "address", None) or "the scheduler"
            raise ClusterError(f"the Dask scheduler ({address}) stopped answering in the middle of "
                               "the run; what was finished is kept, run again to complete it") from None
        raise


def _quiet_logs() -> None:
    # Logs of the cluster's own start and stop stay out of a scan's stderr.
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # A lost scheduler is reported once, by results(), not as the client's traceback.
    logging.getLogger("distributed.client").setLevel(logging.CRITICAL)


@contextmanager
def local_cluster(jobs: int) -> Iterator[Any]:
    """A Dask cluster of ``jobs`` single-threaded worker processes on this machine, for as
    long as the block runs (an audit run keeps one for all its notebooks). Everything listens
    on loopback: the scheduler, the workers and their status pages (a random port each)."""
    import dask
    from distributed import LocalCluster

    _quiet_logs()
    # Dask's nanny makes each worker hand freed memory back to the system at once
    # (MALLOC_TRIM_THRESHOLD_=65536): spaCy and the recognizers allocate and free all the
    # time, and a scan ran 12 % slower so. The workers keep glibc's default, as this process.
    with dask.config.set({"distributed.worker.daemon": False,
                          "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        try:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                   worker_dashboard_address="127.0.0.1:0")
        except RuntimeError as exc:
            raise ClusterError(
                f"the local Dask cluster could not start its workers ({exc}); from a Python "
                "script, call ccaudit under `if __name__ == \"__main__\":` (workers are started "
                "by spawning, which runs the script again)") from exc
    log.info("started a local Dask cluster of %d workers at %s", jobs, cluster.scheduler_address)
    try:
        yield cluster
    finally:
        cluster.close()


@contextmanager
def dask_client(jobs: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client on ``scheduler``, or on a local cluster of ``jobs`` processes, or
    ``None`` for this process alone (``jobs`` 1 and no scheduler)."""
    if jobs < 1:
        raise CcauditError("--jobs must be at least 1")
    if scheduler is None and jobs == 1:
        yield None
        return
    from distributed import Client

    _quiet_logs()
    if scheduler is None:
        with local_cluster(jobs) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"no Dask scheduler answers at {scheduler} ({type(exc).__name__})") from None
    try:
        yield client
    finally:
        client.close()
