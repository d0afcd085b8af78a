"""The first turns of calls, read for the readiness report's staff check (which clients an
agent takes calls for): the reading lives here, the rule in :mod:`ccaudit.audit.readiness`."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ccaudit.errors import CcauditError
from ccaudit.sources.transcripts import read_transcript


def call_openings(files: Iterable[tuple[str, Path]], turns: int = 4) -> Iterator[tuple[str, str]]:
    """``(client, text)`` of each ``(client, path)`` call: its first ``turns`` turns joined.
    Unreadable calls are skipped (the index lists them)."""
    for client, path in files:
        try:
            said = read_transcript(path).turns
        except (CcauditError, OSError, ValueError):
            continue
        yield client, " ".join(t.text for t in said[:turns])


__all__ = ["call_openings"]
