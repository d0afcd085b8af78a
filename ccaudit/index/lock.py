"""One run at a time on a subject index: an overlapping cron job or an analyst's notebook
during the nightly audit waits for the run that holds the index, then gives up with a message
naming the index and that run — never two writers, never a corrupted index.

The lock is ``<index>.lock`` beside the index file, held with ``flock`` for the whole run (an
index build, or an audit run from before its report folder is made until its index page is
written). The file says who holds it (command, process, host, start): a waiting run names
them. The lock goes with its process: a run that crashed or was killed leaves nothing to
clean up. The processes a run starts (the audit's notebook kernel) are its own: they find
the run's token in ``$CCAUDIT_INDEX_LOCK`` and go on without waiting::

    with index_lock("reports/latest/ccaudit.duckdb", "ccaudit index build", timeout=600):
        ...   # build
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import socket
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ccaudit.errors import CcauditError

log = logging.getLogger(__name__)

# "<lock file>\t<token>" of the lock this process's parent run holds.
ENV = "CCAUDIT_INDEX_LOCK"
POLL_SECONDS = 0.5


class IndexBusy(CcauditError):
    """Another run held the index for longer than this one would wait."""


def lock_path(db: str | os.PathLike) -> Path:
    db = Path(db).resolve()
    return db.with_name(db.name + ".lock")


def _holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def describe(holder: dict) -> str:
    if not holder:
        return "another run"
    return (f"`{holder.get('command', '?')}` (process {holder.get('pid', '?')} on "
            f"{holder.get('host', '?')}, since {holder.get('started', '?')})")


def _inherited(path: Path) -> bool:
    """Whether this process was started by the run that holds ``path`` (and it still does)."""
    held, _, token = os.environ.get(ENV, "").partition("\t")
    return bool(token) and held == str(path) and _holder(path).get("token") == token


@contextmanager
def index_lock(db: str | os.PathLike, command: str, timeout: float) -> Iterator[None]:
    """Hold the run lock of the index ``db`` for the body, waiting up to ``timeout`` seconds
    for another run to finish; :class:`IndexBusy` names the index and that run."""
    path = lock_path(db)
    if _inherited(path):
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + max(0.0, timeout)
        waiting = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting:
                    log.warning("the index %s is in use by %s: waiting up to %.0f s",
                                Path(db), describe(_holder(path)), timeout)
                    waiting = True
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"the index is in use by {describe(_holder(path))}; waited "
                                    f"{timeout:.0f} s (index.lock_timeout): try again when it "
                                    f"has finished", source=str(Path(db))) from None
                time.sleep(POLL_SECONDS)
        token = secrets.token_hex(8)
        handle.seek(0)
        handle.truncate()
        json.dump({"command": command, "pid": os.getpid(), "host": socket.gethostname(),
                   "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
                   "token": token}, handle)
        handle.flush()
        previous = os.environ.get(ENV)
        os.environ[ENV] = f"{path}\t{token}"
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = previous
            handle.seek(0)
            handle.truncate()
            handle.flush()
    finally:
        handle.close()  # releases the lock
