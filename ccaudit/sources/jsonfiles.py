"""JSON documents and NDJSON (JSON Lines) files.

Each record is flattened into text columns: nested objects give dotted names
(``customer.email``), a list of scalars is joined with ", ", a list holding objects stays one
column of compact JSON text. Columns appear in the order their key is first met.

A JSON document is loaded whole (the standard library has no streaming parser); only the
flattening is chunked. Its records are an array of objects at the top level, or the array of
objects held by a top-level object (beside scalar metadata such as an export date); if the
object holds several such arrays, the longest is taken (the first of equals). Row index: the
position in that array.

An NDJSON file is read line by line. Row index: the 0-based physical line number, so blank
lines count but yield no record.
"""
from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.common import TableChunk, drop_empty_records, list_text, make_chunk, records_frame, to_text
from ccaudit.sources.encoding import FALLBACK_ENCODING, detect_encoding, detect_file_encoding


def flatten(record: dict[str, Any], prefix: str = "", out: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """One JSON object as {dotted column name: text or None}."""
    out = {} if out is None else out
    for key, value in record.items():
        name = prefix + key if prefix else key  # JSON keys are always strings
        if type(value) is str:  # the common case, first: the loop runs for every field
            out[name] = value if value.strip() else None
        elif isinstance(value, dict):
            flatten(value, f"{name}.", out)
        elif isinstance(value, list):
            out[name] = list_text(value)
        else:
            out[name] = to_text(value)
    return out


def read_json(path: Path, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    records = _pick_records(_load(path))
    yield from _flat_chunks(enumerate(records), source, "json", chunk_rows)


def read_ndjson(path: Path, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    encoding = detect_file_encoding(path)
    yield from _flat_chunks(_ndjson_records(path, encoding), source, "ndjson", chunk_rows)


def _load(path: Path) -> Any:
    data = path.read_bytes()
    encoding = detect_encoding(data, complete=True)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:  # a UTF-8 BOM, then bytes that are not UTF-8
        text = data.removeprefix(codecs.BOM_UTF8).decode("cp1252", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:  # the position only: exc.msg may quote the text
        raise ReaderError(f"invalid JSON at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ReaderError("JSON nested too deeply") from exc


def _pick_records(data: Any) -> list[dict]:
    if isinstance(data, list):
        for i, item in enumerate(data):
            if not isinstance(item, dict):
                raise ReaderError(f"JSON array holds {_json_type(item)}, not an object", row=i)
        return data
    if isinstance(data, dict):
        arrays = [value for value in data.values()
                  if isinstance(value, list) and all(isinstance(item, dict) for item in value)]
        if not arrays:
            raise ReaderError("JSON object holds no array of objects")
        return max(arrays, key=len)  # max keeps the first of equals
    raise ReaderError(f"JSON top level is {_json_type(data)}, not an array of objects")


def _json_type(value: Any) -> str:
    """What a JSON value is, for messages ("a string"): never the value itself."""
    for kind, name in ((bool, "a boolean"), (str, "a string"), ((int, float), "a number"), (list, "an array")):
        if isinstance(value, kind):
            return name
    return "null" if value is None else "an object"


def _ndjson_records(path: Path, encoding: str) -> Iterator[tuple[int, dict]]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:  # the head looked like UTF-8 but this line is not
                encoding = FALLBACK_ENCODING.get(encoding, "latin-1")
                line = raw.decode(encoding, errors="replace")
            if number == 0:
                line = line.lstrip("\ufeff")
            if not line.strip():
                continue
            yield number, _parse_line(line, number, complete=raw.endswith(b"\n"))


def _parse_line(line: str, number: int, complete: bool) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        what = "invalid JSON" if complete else "truncated: incomplete JSON"
        raise ReaderError(f"{what} on line {number + 1}", row=number) from exc
    if not isinstance(record, dict):
        raise ReaderError(f"line {number + 1} holds {_json_type(record)}, not an object", row=number)
    return record


def _flat_chunks(numbered: Iterable[tuple[int, dict]], source: str, fmt: str,
                 chunk_rows: int) -> Iterator[TableChunk]:
    columns: dict[str, None] = {}  # an ordered set: the order of first appearance
    batch: list[tuple[int, dict]] = []
    for row, record in numbered:
        batch.append((row, record))
        if len(batch) == chunk_rows:
            yield from _flat_chunk(batch, columns, source, fmt)
            batch = []
    if batch:
        yield from _flat_chunk(batch, columns, source, fmt)


def _flat_chunk(batch: list[tuple[int, dict]], columns: dict[str, None], source: str,
                fmt: str) -> Iterator[TableChunk]:
    flat = [flatten(record) for _, record in batch]
    for values in flat:
        columns.update(dict.fromkeys(values))
    names = list(columns)
    rows = [[values.get(name) for name in names] for values in flat]
    frame = drop_empty_records(records_frame(rows, names, [row for row, _ in batch]))
    if len(frame):
        yield make_chunk(source, frame, fmt)
