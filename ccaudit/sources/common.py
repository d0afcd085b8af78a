"""Pieces shared by every reader: the chunk type, value-to-text rendering, column naming."""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ccaudit.errors import ReaderError


@dataclass(frozen=True)
class TableChunk:
    """One chunk of records from one table (a file, or one sheet of a workbook).

    ``frame`` has only object columns holding ``str`` or ``None``; ``frame.index`` holds the
    row index of each record (so ``start_row == frame.index[0]``). Records whose every value
    is empty are not yielded, which is why the index may have gaps. Columns of a later chunk
    of the same table start with the columns of the earlier chunks, in the same order, and
    may add new ones at the end (a key first seen later in JSON, a cell right of the header
    in Excel).
    """

    source: str
    sheet: str
    frame: pd.DataFrame
    start_row: int
    format: str


# Floats at least this large are printed in exponent form rather than as huge integers.
_INTEGRAL_FLOAT_LIMIT = 1e16


def to_text(value: Any) -> str | None:
    """Render one typed value as the text the classifier sees; empty values become None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return None if value.is_nan() else str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _bytes_text(bytes(value))
    if isinstance(value, dict):
        return compact_json(value) if value else None
    if isinstance(value, (list, tuple)):
        return list_text(value)
    return to_text(str(value))


def _float_text(value: float) -> str | None:
    # NaN is how pandas and Parquet writers spell a missing float.
    if math.isnan(value):
        return None
    # Excel stores every number as a float, and a nullable integer column written by pandas
    # becomes float: 32475123456.0 is a phone number, not a float, so drop the ".0".
    if value.is_integer() and abs(value) < _INTEGRAL_FLOAT_LIMIT:
        return str(int(value))
    return repr(value)


def _bytes_text(value: bytes) -> str | None:
    try:
        return to_text(value.decode("utf-8"))
    except UnicodeDecodeError:
        return value.hex()


def compact_json(value: Any) -> str:
    """JSON text without spaces, keeping non-ASCII letters readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=to_text)


def list_text(items: Sequence[Any]) -> str | None:
    """A list of scalars joined with ", "; a list holding objects or lists as JSON text."""
    if any(isinstance(item, (dict, list, tuple)) for item in items):
        return compact_json(list(items))
    texts = [text for text in map(to_text, items) if text is not None]
    return ", ".join(texts) if texts else None


def column_name(value: Any, position: int) -> str:
    """Header text of the column at 0-based ``position``; a blank header becomes column_N."""
    text = to_text(value)
    return text.strip() if text is not None else f"column_{position + 1}"


def dedupe_names(names: Iterable[str]) -> list[str]:
    """Make names unique the way pandas does: a, a.1, a.2 (skipping names already taken).

    Earlier names never depend on later ones, so a list extended at its end keeps its prefix.
    """
    counts: dict[str, int] = {}
    unique = []
    for name in names:
        count = counts.get(name, 0)
        while count > 0:
            counts[name] = count + 1
            name = f"{name}.{count}"
            count = counts.get(name, 0)
        counts[name] = count + 1
        unique.append(name)
    return unique


def records_frame(rows: list[list[str | None]], columns: list[str], index: list[int]) -> pd.DataFrame:
    """Object frame from rows of text; short rows are padded with None."""
    width = len(columns)
    padded = [row + [None] * (width - len(row)) if len(row) < width else row for row in rows]
    return pd.DataFrame(padded, columns=columns, index=pd.Index(index, dtype="int64"), dtype=object)


def drop_empty_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove records without any value (blank lines, empty objects), keeping the index."""
    if frame.shape[1] == 0:
        return frame.iloc[0:0]
    return frame.dropna(how="all")


def make_chunk(source: str, frame: pd.DataFrame, fmt: str, sheet: str = "") -> TableChunk:
    return TableChunk(source=source, sheet=sheet, frame=frame, start_row=int(frame.index[0]), format=fmt)


def open_error(exc: OSError, source: str) -> ReaderError:
    """A safe one-line reason for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        reason = "no such file"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a folder, not a file"
    elif isinstance(exc, PermissionError):
        reason = "cannot open file: permission denied"
    else:
        reason = f"cannot read file: {exc.strerror or type(exc).__name__}"
    return ReaderError(reason, source=source)
