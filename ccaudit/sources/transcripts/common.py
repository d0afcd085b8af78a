"""What every transcript reader shares: the Word / Turn / Transcript model, the parsed form a
reader returns (the transcript and how to render its redacted copy), decoding a text file and
re-encoding it in its own encoding, its lines with their endings, clock times ("hh:mm:ss.f")
and "SPEAKER: " prefixes.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Callable

from ccaudit.sources.encoding import detect_encoding


@dataclass(frozen=True)
class Word:
    """A word of a turn that the engine timed: where it is in ``turn.text`` and when it was said."""
    start: int                  # character offsets of the word in turn.text: text[start:end]
    end: int
    time_start: float | None    # seconds from the start of the call, None when unknown
    time_end: float | None


@dataclass(frozen=True)
class Turn:
    index: int              # 0-based order of the turn in the file
    speaker: str            # as written in the file
    text: str               # the text findings' offsets refer to
    start: float | None     # seconds from the start of the call, None when unknown
    end: float | None
    words: tuple[Word, ...] = ()   # in text order; only the words found in the text (see span_times)


@dataclass(frozen=True)
class Transcript:
    source: str             # path as str (posix)
    call_id: str
    format: str             # one of TRANSCRIPT_FORMATS
    turns: tuple[Turn, ...]
    language: str | None = None
    started_at: str | None = None
    channel: str | None = None


TRANSCRIPT_SUFFIXES: frozenset[str] = frozenset({".json", ".txt", ".vtt", ".srt"})
TRANSCRIPT_FORMATS: tuple[str, ...] = ("json", "transcribe", "text", "vtt", "srt", "whisper", "whisperx", "vosk",
                                       "azure")

_MAX_SPEAKER = 40


@dataclass
class _Parsed:
    transcript: Transcript
    render: Callable[[list[str]], bytes]   # new turn texts -> bytes of the redacted copy


# --------------------------------------------------------------------------- text decoding

def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file; the encoding re-encodes the text to the same bytes.

    UTF-8 (a BOM allowed) else cp1252 else latin-1; "cp1252+bom" is cp1252 after a UTF-8 BOM.
    """
    encoding = detect_encoding(data, complete=True)  # empty / binary / UTF-16 -> ReaderError
    bom = "+bom" if encoding == "utf-8-sig" else ""
    for candidate in dict.fromkeys((encoding, f"cp1252{bom}", f"latin-1{bom}")):
        try:
            return _decode_as(data, candidate), candidate
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding.endswith("+bom"):
        return data[len(codecs.BOM_UTF8):].decode(encoding[:-4])
    return data.decode(encoding)


def _encode(text: str, encoding: str) -> bytes:
    """Encode in the file's own encoding, or UTF-8 (BOM kept) when the text does not fit."""
    bom = encoding == "utf-8-sig" or encoding.endswith("+bom")
    try:
        if encoding.endswith("+bom"):
            return codecs.BOM_UTF8 + text.encode(encoding[:-4])
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8-sig" if bom else "utf-8")


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[tuple[str, str]]:
    """(content, line ending) of every line; the ending is "" for a last line without one."""
    out = []
    for match in _LINE.finditer(text):
        raw = match.group()
        content = raw.rstrip("\r\n")
        out.append((content, raw[len(content):]))
    return out


def _check_no_line_breaks(texts: list[str]) -> None:
    for i, text in enumerate(texts):
        if "\n" in text or "\r" in text:
            raise ValueError(f"the text for turn index {i} holds a line break")


# --------------------------------------------------------------------------- times & speakers

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?")


def _clock_seconds(match: re.Match) -> float | None:
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return float(value)


def _speaker_ok(candidate: str) -> bool:
    return (0 < len(candidate) <= _MAX_SPEAKER and ":" not in candidate
            and candidate == candidate.strip() and any(c.isalpha() for c in candidate))


def _split_speaker(text: str) -> tuple[str, int]:
    """(speaker, length of the "SPEAKER: " prefix) or ("", 0) when the text has none."""
    cut = text.find(": ")
    if cut < 0 and text.endswith(":"):
        cut = len(text) - 1
    if cut < 0 or not _speaker_ok(text[:cut]):
        return "", 0
    return text[:cut], min(cut + 2, len(text))
