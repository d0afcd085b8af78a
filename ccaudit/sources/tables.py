"""File readers: every supported export as chunks of text records.

    for path in discover(["exports/"]):
        for chunk in read_tables(path):
            ...  # chunk.frame: object columns of str/None, chunk.frame.index = row indices

Formats: CSV/TSV (.csv, .tsv), Excel (.xlsx, .xlsm), JSON (.json), NDJSON (.ndjson, .jsonl),
Parquet (.parquet). Whatever the format, values come out as text (see ``to_text``): empty or
blank cells are None, integers "12345", integral floats "12", other floats their shortest
repr "29.99", booleans "true"/"false", dates "YYYY-MM-DD", datetimes "YYYY-MM-DD HH:MM:SS"
(with fraction/zone if any).

Row index (``frame.index``, ``start_row``): the 0-based record position in file order, header
excluded; per sheet for Excel; the array position for JSON; the physical line for NDJSON.
Records with no value at all (blank lines, empty rows) are not yielded but keep their place
in the count, so the index may have gaps.

Bad input raises ReaderError with a one-line reason that never quotes the data (``source``
is set; ``row``/``sheet`` too when known). A file that yields no record at all is an error
too, so that the report shows it: a header-only CSV ("header only: no data rows"), a workbook
whose sheets are all empty or header-only ("no data rows in any sheet"), JSON without
records ("no records"), Parquet without rows ("no data rows"). ``read_tables`` is a
generator: errors surface while iterating, possibly after some chunks were yielded.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ccaudit.sources import walk
from ccaudit.errors import ReaderError
from ccaudit.sources.common import TableChunk, open_error, to_text
from ccaudit.sources.delimited import read_delimited
from ccaudit.sources.excel import read_excel
from ccaudit.sources.jsonfiles import read_json, read_ndjson
from ccaudit.sources.parquet import read_parquet

__all__ = ["SUPPORTED_SUFFIXES", "TableChunk", "describe", "discover", "read_tables", "to_text"]

_Reader = Callable[[Path, str, int], Iterator[TableChunk]]

# suffix -> (format name, reader)
_FORMATS: dict[str, tuple[str, _Reader]] = {
    ".csv": ("csv", read_delimited),
    ".tsv": ("csv", read_delimited),
    ".xlsx": ("xlsx", read_excel),
    ".xlsm": ("xlsx", read_excel),
    ".json": ("json", read_json),
    ".ndjson": ("ndjson", read_ndjson),
    ".jsonl": ("ndjson", read_ndjson),
    ".parquet": ("parquet", read_parquet),
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

_NO_RECORDS = {"csv": "header only: no data rows", "xlsx": "no data rows in any sheet",
               "json": "no records", "ndjson": "no records"}


def describe(path: str | os.PathLike) -> str:
    """Format name of a file from its suffix ("csv", "xlsx", ...), or "unknown"."""
    fmt = _FORMATS.get(Path(path).suffix.lower())
    return fmt[0] if fmt else "unknown"


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to scan, sorted and de-duplicated.

    A path naming a file is taken as is, even with an unsupported suffix, so that the caller
    reports it. A folder is walked recursively for files with a supported suffix, skipping
    hidden files and folders and Excel lock files (``~$name.xlsx``). A missing path, or a
    folder that cannot be listed, raises ReaderError. (:func:`ccaudit.sources.walk.discover`.)
    """
    return walk.discover(paths, _wanted)


def _wanted(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def read_tables(path: str | os.PathLike, chunk_rows: int = 100_000) -> Iterator[TableChunk]:
    """Yield the file's records in chunks of at most ``chunk_rows`` (see the module docstring).

    An Excel workbook yields the chunks of each sheet in workbook order. Raises ReaderError
    (with ``source`` set) for an unreadable file.
    """
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise ReaderError(f"unsupported file type {suffix or '(no suffix)'}", source=source)
    fmt, reader = _FORMATS[suffix]
    try:
        # Open once up front: the same reasons for every format, whoever opens it next
        # (pyarrow and openpyxl have their own messages for a missing file).
        with open(path, "rb"):
            pass
        yielded = False
        for chunk in reader(path, source, chunk_rows):
            yielded = True
            yield chunk
        if not yielded:
            raise ReaderError(_NO_RECORDS.get(fmt, "no data rows"))
    except ReaderError as exc:
        if exc.source is None:  # readers leave the file name to us
            exc.source = source
            exc.args = (str(exc),)
        raise
    except OSError as exc:
        raise open_error(exc, source) from exc
    except Exception as exc:  # a library failing on odd input: report the file, go on
        # The exception's own text may quote the data: give its type only.
        raise ReaderError(f"unreadable file ({type(exc).__name__})", source=source) from exc
