"""Which kind of input a file is: a client export (a table) or a call transcript.

>>> file_kind(Path("calls/call_0001.vtt")), file_kind(Path("exports/crm.csv"))
('transcript', 'export')
"""
from __future__ import annotations

from pathlib import Path

from ccaudit.sources.tables import SUPPORTED_SUFFIXES
from ccaudit.sources.transcripts import TRANSCRIPT_SUFFIXES

EXPORT, TRANSCRIPT = "export", "transcript"


def file_kind(path: Path) -> str | None:
    """``export`` or ``transcript``: JSON files are told apart by their content."""
    suffix = path.suffix.lower()
    if suffix in (".vtt", ".srt"):
        return TRANSCRIPT
    if suffix == ".json":
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096).decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
        except OSError:
            return EXPORT
        if head.startswith("{") and any(key in head for key in ('"turns"', '"results"', '"jobName"')):
            return TRANSCRIPT
        return EXPORT
    if suffix == ".txt":
        return TRANSCRIPT
    if suffix in SUPPORTED_SUFFIXES:
        return EXPORT
    if suffix in TRANSCRIPT_SUFFIXES:
        return TRANSCRIPT
    return None


__all__ = ["EXPORT", "TRANSCRIPT", "file_kind"]
