"""CSV and TSV files, read in chunks with the pandas C parser.

Every field is read as text so that leading zeros survive: ``dtype=object`` with
``na_filter=False`` gives the Python strings directly (pandas 3's ``dtype=str`` would build
Arrow strings, only for us to convert them back: ~40% slower). The header row is
read as a data row (``header=None``) and named here: pandas would otherwise silently turn a
first data row with too many fields into an index, instead of reporting it.

Row index: 0-based record index below the header. Blank lines (and rows whose fields are
all empty) count as records but are not yielded.
"""
from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ccaudit.errors import ReaderError
from ccaudit.sources.common import TableChunk, column_name, dedupe_names, make_chunk
from ccaudit.sources.encoding import FALLBACK_ENCODING, HEAD_BYTES, detect_encoding, read_head

DELIMITERS = ",;\t|"
# The sniffer is slow on big samples and a few dozen lines are plenty.
_SNIFF_LINES = 50
_SNIFF_CHARS = 64 * 1024
_TAIL_BYTES = 4096

_TOO_MANY = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_EOF_IN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def read_delimited(path: Path, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    head = read_head(path)
    complete = len(head) < HEAD_BYTES
    encoding = detect_encoding(head, complete)
    text = head.decode(encoding, errors="ignore")  # errors: the head may end mid-character
    lines = _lines(text, complete)
    delimiter = sniff_delimiter(lines, prefer_tab=path.suffix.lower() == ".tsv")
    skip = _leading_blank_lines(lines)
    last_line = _last_line(path)
    # Named from the head, in the encoding it was valid in, in case a later decoding error
    # restarts the parse in another encoding before the first chunk is out.
    names = _head_header(text, delimiter, skip)

    first = True
    for raw, is_last in _raw_chunks(path, encoding, delimiter, skip, chunk_rows):
        if first:
            if names is None or len(names) != raw.shape[1]:
                names = _header_names(raw.iloc[0])
            raw, first = raw.iloc[1:], False
        if is_last and len(raw):
            _check_last_record(raw.iloc[-1], last_line, delimiter)
        frame = _text_frame(raw, names)
        if len(frame):
            yield make_chunk(source, frame, "csv")


def _lines(text: str, complete: bool) -> list[str]:
    """The first lines of the file, split where the C parser splits them."""
    lines = re.split(r"\r\n|\r|\n", text[:_SNIFF_CHARS])
    if not complete or len(text) > _SNIFF_CHARS:
        lines = lines[:-1]  # cut in the middle
    return lines


def sniff_delimiter(lines: list[str], prefer_tab: bool = False) -> str:
    """The delimiter among , ; tab | : csv.Sniffer, checked against the header line."""
    lines = [line for line in lines if line.strip()][:_SNIFF_LINES]
    header = lines[0] if lines else ""
    if prefer_tab and "\t" in header:
        return "\t"
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed and sniffed in header:
        return sniffed
    # Fall back on the delimiter the header line uses most (ties: order of DELIMITERS).
    counts = [(header.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    count, _, best = max(counts)
    if count:
        return best
    # A single column: split on nothing that occurs, so "Peeters, Jan" stays one value.
    return next((d for d in DELIMITERS if not any(d in line for line in lines)), ",")


def _leading_blank_lines(lines: list[str]) -> int:
    """Blank lines before the header: the C parser cannot start on an empty line."""
    count = 0
    for line in lines:
        if line.strip():
            break
        count += 1
    return count


def _last_line(path: Path) -> bytes | None:
    """The file's last line if it does not end with a newline (None when it does)."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - _TAIL_BYTES))
        tail = handle.read()
    last = re.split(rb"[\r\n]", tail)[-1]
    return last if last.strip() else None


def _raw_chunks(path: Path, encoding: str, delimiter: str, skip: int,
                chunk_rows: int) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Raw pandas chunks (row 0 = header), each with a flag telling whether it is the last.

    If bytes fail to decode, start over with the next encoding and skip the rows already
    yielded: delimiters, quotes and newlines are ASCII in all these encodings, so the rows
    are the same.
    """
    done = 0  # rows (header included) already yielded
    while True:
        try:
            for chunk, is_last in _with_last(_pandas_chunks(path, encoding, delimiter, skip, chunk_rows)):
                if len(chunk):
                    chunk = chunk.iloc[max(0, done - int(chunk.index[0])):]
                if len(chunk):
                    done = int(chunk.index[-1]) + 1
                    yield chunk, is_last
            return
        except UnicodeDecodeError as exc:
            if encoding not in FALLBACK_ENCODING:
                raise ReaderError("cannot decode the text") from exc
            encoding = FALLBACK_ENCODING[encoding]


def _pandas_chunks(path: Path, encoding: str, delimiter: str, skip: int, chunk_rows: int) -> Iterator[pd.DataFrame]:
    try:
        reader = pd.read_csv(
            path, sep=delimiter, header=None, dtype=object, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, skiprows=skip, encoding=encoding, engine="c",
            chunksize=chunk_rows,
        )
        with reader:
            yield from reader
    except pd.errors.EmptyDataError as exc:
        raise ReaderError("empty file") from exc
    except pd.errors.ParserError as exc:
        raise _parser_error(str(exc), skip) from exc


def _with_last(chunks: Iterator[pd.DataFrame]) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Pass chunks through one behind, so that the final one can be flagged."""
    previous = None
    for chunk in chunks:
        if previous is not None:
            yield previous, False
        previous = chunk
    if previous is not None:
        yield previous, True


def _parser_error(message: str, skip: int) -> ReaderError:
    """Translate a C parser message (which holds positions, not data) into a reason."""
    if match := _TOO_MANY.search(message):
        expected, line, saw = (int(g) for g in match.groups())
        # "line" is 1-based and counts the skipped lines and the header.
        return ReaderError(f"too many fields: expected {expected}, saw {saw}", row=line - skip - 2)
    if match := _EOF_IN_QUOTE.search(message):
        # "row" is 0-based and counts the header but not the skipped lines.
        return ReaderError("truncated: unterminated quoted field at end of file", row=int(match.group(1)) - 1)
    return ReaderError("malformed CSV")


def _head_header(text: str, delimiter: str, skip: int) -> list[str] | None:
    """Column names parsed from the decoded head (None if the head alone cannot tell)."""
    try:
        header = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=object, na_filter=False,
                             skip_blank_lines=False, skiprows=skip, nrows=1, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    return _header_names(header.iloc[0]) if len(header) else None


def _header_names(header: pd.Series) -> list[str]:
    return dedupe_names(column_name(value, i) for i, value in enumerate(header.tolist()))


def _check_last_record(record: pd.Series, last_line: bytes | None, delimiter: str) -> None:
    """Report a final line without newline that has fewer fields than the header.

    The parser pads short rows with empty strings, so compare the empty fields at the end of
    the record with the empty fields actually written at the end of the file.
    """
    if last_line is None:
        return
    values = record.tolist()
    trailing_empty = len(values) - len(_rstrip_empty(values))
    needed = min(trailing_empty, len(values) - 1)  # a record of n fields has n-1 delimiters
    written = 0
    tail = last_line
    sep = delimiter.encode("ascii")
    while written < needed and (tail.endswith(sep) or tail.endswith(sep + b'""')):
        tail = tail[: -len(sep)] if tail.endswith(sep) else tail[: -len(sep) - 2]
        written += 1
    if written < needed:
        raise ReaderError(f"truncated: last line has {len(values) - needed + written} of {len(values)} fields",
                          row=int(record.name) - 1)


def _rstrip_empty(values: list) -> list:
    while values and values[-1] == "":
        values = values[:-1]
    return values


# str.isspace over a whole object array in one C loop; "" is not "space", so test it apart.
_isspace = np.frompyfunc(str.isspace, 1, 1)


def _text_frame(raw: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Object columns of str/None, named, indexed by row index, without empty records."""
    columns = {}
    has_value = np.zeros(len(raw), dtype=bool)
    for position, name in enumerate(names):
        # With na_filter=False every cell is a str (short rows are padded with "").
        values = raw[position].to_numpy(dtype=object, copy=True)
        blank = (values == "") | _isspace(values).astype(bool)
        values[blank] = None
        has_value |= ~blank
        columns[name] = values
    # The parser counts the header as row 0.
    frame = pd.DataFrame(columns, index=raw.index - 1, dtype=object)
    return frame if has_value.all() else frame[has_value]
