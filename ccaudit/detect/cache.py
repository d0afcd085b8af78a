"""Saved scan results, one per file and keyed by its content: a file whose bytes, settings
and scanner are unchanged is not scanned again.

A scan given a cache folder looks each file up by the sha256 of its bytes and a
fingerprint of everything else its result depends on (the scanner configuration, the
reference date, the reviewed decisions, the versions of ccaudit's detection code and of
the models; for calls, the clients scanned with it). A hit returns the rows the scan wrote
for that file — the same masked values as its CSV tables, never a raw value — and the
reviewed decisions it matched, so that they are counted as applied again::

    cache = ScanCache("reports/latest/scan-cache", "exports", fingerprint(config, today))
    rows = cache.get(path, client)    # None: scan it, then cache.put(path, rows, client)

Entries are JSON files named by their key. A damaged or foreign entry is a miss (the file
is scanned again and its entry rewritten); nothing is ever deleted but by the user.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import tempfile
from datetime import date
from importlib import metadata
from pathlib import Path

from ccaudit.config import Config
from ccaudit.sources.walk import content_hash

log = logging.getLogger(__name__)

# Bumped when the layout of an entry changes.
FORMAT = 1
# The code a scan's result depends on, relative to the package: detection, readers, settings.
_CODE = ("detect", "sources", "entities.py", "config.py", "settings.py", "conf")
_PACKAGES = ("presidio-analyzer", "spacy", "deduce", "phonenumbers", "python-stdnum",
             "lingua-language-detector", "text2num")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of ccaudit's detection and reader code and of the libraries and data it uses:
    a changed recognizer, rule or model makes every saved result stale."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in _CODE:
        base = root / part
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                stat = file.stat()
                if file.suffix in (".py", ".yaml", ".yml"):
                    digest.update(file.relative_to(root).as_posix().encode() + file.read_bytes())
                else:  # data files (the name lexicon): their size and time
                    digest.update(f"{file.relative_to(root).as_posix()}:{stat.st_size}:"
                                  f"{stat.st_mtime_ns}".encode())
    for package in _PACKAGES:
        digest.update(f"{package}={_version(package)}".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(config: Config, today: date | None, **extra) -> str:
    """What a scan's result depends on besides the file's bytes."""
    settings = dataclasses.asdict(config)
    settings.pop("compute", None)  # where the work ran changes no result
    reviews = config.reviews
    models = {lang: f"{name}={_version(name)}" if name else None for lang, name in config.models.items()}
    payload = {"format": FORMAT, "code": code_version(), "config": settings, "models": models,
               "today": (today or date.today()).isoformat(),
               "reviews": content_hash(Path(reviews)) if reviews and Path(reviews).exists() else None,
               **extra}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class ScanCache:
    """The saved results of one kind of scan (``exports`` or ``transcripts``) in ``folder``."""

    def __init__(self, folder: str | os.PathLike, kind: str, fingerprint: str) -> None:
        self.folder = Path(folder) / kind
        self.kind = kind
        self.fingerprint = fingerprint
        self.hits = self.misses = 0
        self._digests: dict[tuple, str] = {}

    def key(self, path: Path, *context: str) -> str:
        """The file's bytes, where it is and what it was scanned with (``context``: its client)."""
        stat = path.stat()
        seen = (path, stat.st_size, stat.st_mtime_ns)
        if seen not in self._digests:  # read once for the lookup and the save
            self._digests[seen] = content_hash(path)
        parts = [self.fingerprint, path.as_posix(), *context, self._digests[seen]]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, path: Path, *context: str) -> dict | None:
        """The saved result of ``path`` as it is now, or ``None``."""
        try:
            key = self.key(path, *context)
            saved = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:  # not saved yet, or the file itself is gone
            saved, key = None, None
        except (OSError, ValueError):
            log.info("%s: its saved result is unreadable; scanned again", path.as_posix())
            saved = None
        if not isinstance(saved, dict) or saved.get("key") != key or "result" not in saved:
            self.misses += 1
            return None
        self.hits += 1
        return saved["result"]

    def put(self, path: Path, result: dict, *context: str) -> None:
        """Save ``path``'s result (rows of masked values, JSON types only); written whole or
        not at all. A cache that cannot be written is logged, never fatal."""
        tmp = None
        try:
            key = self.key(path, *context)
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"key": key, "kind": self.kind, "result": result}, handle)
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            log.warning("scan results not saved in %s (%s)", self.folder, type(exc).__name__)

    def summary(self) -> str:
        return f"{self.hits} {self.kind} file(s) unchanged since saved, {self.misses} scanned"


def matched_since(before: dict[int, int], after: dict[int, int]) -> dict[str, int]:
    """The reviewed decisions matched between two snapshots of
    :meth:`~ccaudit.detect.reviews.Reviews.matched` (JSON keys: positions as text)."""
    return {str(k): n - before.get(k, 0) for k, n in after.items() if n - before.get(k, 0)}
