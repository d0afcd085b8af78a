"""What the JSON transcript readers share: loading a ``.json`` file (one document, or one object
per line as Vosk users log them), writing the redacted copy in the same layout, and reading a
field as a string, a label or a number of seconds, with the readers' error messages.
"""
from __future__ import annotations

import codecs
import json
import math
from dataclasses import dataclass
from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import _CLOCK, _clock_seconds, _decode, _lines


def _load_json(data: bytes) -> tuple[Any, bool, bool]:
    """(document, whether it had a UTF-8 BOM, whether it is one JSON object per line).

    A file of one object per line (as Vosk users log utterances) gives the list of objects.
    """
    text, encoding = _decode(data)
    bom = encoding == "utf-8-sig" or encoding.endswith("+bom")
    try:
        return json.loads(text), bom, False
    except json.JSONDecodeError as exc:  # the position only: exc.msg may quote the text
        objects = _json_lines(text) if exc.msg == "Extra data" else None
        if objects is None:
            raise ReaderError(f"invalid JSON at line {exc.lineno} column {exc.colno}") from exc
        return objects, bom, True


def _json_lines(text: str) -> list | None:
    """The objects of a file holding one JSON object per line; None when its first line is not one."""
    objects: list = []
    for number, (line, _) in enumerate(_lines(text), 1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as exc:
            if not objects:
                return None
            raise ReaderError(f"invalid JSON at line {number} column {exc.colno}") from exc
        if len(objects) == 1 and not isinstance(objects[0], dict):
            return None
    return objects


def _dump_json(document: Any, original: bytes, bom: bool) -> bytes:
    indent = 2 if b"\n" in original.strip() else None
    separators = None if indent else (",", ":")
    text = json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
    if indent:
        text += "\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


@dataclass
class _JsonFile:
    data: bytes             # the original bytes (their layout decides the copy's indentation)
    bom: bool
    by_line: bool           # one JSON object per line
    stem: str
    source: str

    def dump(self, document: Any) -> bytes:
        if not self.by_line:
            return _dump_json(document, self.data, self.bom)
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in document)
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def _json_type(value: Any) -> str:
    for kind, name in ((bool, "a boolean"), (str, "a string"), ((int, float), "a number"),
                       (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "null"


def _string(value: Any, what: str, default: str | None = "") -> str | None:
    """A JSON string field: ``default`` when missing or null, a ReaderError when not a string."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise ReaderError(f"{what} is {_json_type(value)}, not a string")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ReaderError(f"{what} is {_json_type(value)}, not a string")
    return str(value)


def _seconds(value: Any, what: str) -> float | None:
    """Seconds from a JSON number, a numeric string or an "hh:mm:ss.f" string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ReaderError(f"{what} is not a number")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        try:
            seconds = float(value.strip())
        except ValueError:
            clock = _CLOCK.fullmatch(value.strip())
            seconds = _clock_seconds(clock) if clock else None
            if seconds is None:
                raise ReaderError(f"{what} is not a number") from None
    else:
        raise ReaderError(f"{what} is not a number")
    if not math.isfinite(seconds) or seconds < 0:
        raise ReaderError(f"{what} is not a number of seconds")
    return seconds
