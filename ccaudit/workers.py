"""What a Dask worker keeps between tasks, and what it is given once per run rather than
with each task (:mod:`ccaudit.compute` sends the work).

Imported on the workers (and by :func:`ccaudit.compute.shared_secret`) only: it needs
``distributed``.
"""
from __future__ import annotations

from typing import Any, Callable

from distributed.diagnostics.plugin import WorkerPlugin

from ccaudit.errors import CcauditError

# What a worker process has built, by key (a scanner per configuration and date), and the
# secrets the plugins put there.
_STATE: dict[Any, Any] = {}


def worker_state(key: Any, build: Callable[[], Any]) -> Any:
    """``build()`` once per worker process and ``key``; the same object for later tasks."""
    if key not in _STATE:
        _STATE[key] = build()
    return _STATE[key]


class SharedSecret(WorkerPlugin):
    """One value in each worker's state: on the workers there now and on any that joins
    later (one restarted after a crash). It travels once per worker, in no task graph."""

    def __init__(self, name: str, value: Any) -> None:
        self.name, self._value = name, value

    def setup(self, worker) -> None:
        _STATE[("secret", self.name)] = self._value

    def teardown(self, worker) -> None:
        # The secret goes, and whatever was built with it (keys that name it: a run's
        # index builder and its hasher), so a long-lived worker keeps nothing of a run.
        for key in [k for k in _STATE if isinstance(k, tuple) and self.name in k]:
            del _STATE[key]

    def __repr__(self) -> str:  # the value never shows, in a log or the dashboard
        return f"SharedSecret({self.name!r})"


def secret(name: str) -> Any:
    """On a worker: the value :func:`ccaudit.compute.shared_secret` put there."""
    try:
        return _STATE[("secret", name)]
    except KeyError:
        raise CcauditError("this Dask worker was not given the run's key (its plugin is missing)") from None
