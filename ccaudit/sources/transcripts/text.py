"""Plain-text transcripts (``text``, ``.txt``): one turn per non-blank line, ``[hh:mm:ss]
SPEAKER: text``, and their redacted copies, line for line (the rules are in the package
docstring).
"""
from __future__ import annotations

import re

from ccaudit.sources.transcripts.common import (Transcript, Turn, _check_no_line_breaks, _clock_seconds,
                                                _decode, _encode, _lines, _Parsed, _split_speaker)


_TIMESTAMP = re.compile(r"[ \t]*\[(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?\][ \t]*")


def _parse_text(data: bytes, stem: str, source: str) -> _Parsed:
    text, encoding = _decode(data)
    lines = _lines(text)
    turns: list[Turn] = []
    where: list[tuple[int, str]] = []  # per turn: (line number, prefix kept when writing)
    for number, (line, _) in enumerate(lines):
        if not line.strip():
            continue
        start = None
        pos = 0
        stamp = _TIMESTAMP.match(line)
        if stamp:
            start = _clock_seconds(stamp)
            if start is not None:
                pos = stamp.end()
        if not pos:  # the leading blanks of an indented line belong to the prefix
            pos = len(line) - len(line.lstrip(" \t"))
        speaker, length = _split_speaker(line[pos:])
        pos += length
        turns.append(Turn(len(turns), speaker, line[pos:], start, None))
        where.append((number, line[:pos]))

    def render(texts: list[str]) -> bytes:
        _check_no_line_breaks(texts)
        out = [content + ending for content, ending in lines]
        for (number, prefix), new in zip(where, texts):
            out[number] = prefix + new + lines[number][1]
        return _encode("".join(out), encoding)

    return _Parsed(Transcript(source, stem, "text", tuple(turns)), render)
