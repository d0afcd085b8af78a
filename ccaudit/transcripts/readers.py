"""Call transcripts: read them as speaker turns, write redacted copies in the same format.

    for path in discover_transcripts(["calls/"]):
        transcript = read_transcript(path)
        texts = [redact(turn.text) for turn in transcript.turns]   # offsets refer to turn.text
        write_redacted(transcript, texts, out_dir / path.name)

Formats (chosen by suffix; ``.json`` by its shape):

* ``json``: ``{"call_id", "language"?, "started_at"?, "channel"?, "turns": [{"speaker",
  "start", "end", "text"}]}``. Times are seconds (numbers, numeric strings, or "hh:mm:ss.f"
  strings); a missing or null speaker/text is "", a missing time None. Every element of
  "turns" is a turn, also one with an empty text, so ``Turn.index`` is the array position.
* ``transcribe``: Amazon Transcribe output, detected by ``results.items``. A turn is a run of
  consecutive items with the same speaker (``speaker_label`` of the item, else
  ``channel_label``, else looked up by start time in ``results.speaker_labels.segments`` or
  ``results.channel_labels.channels``; "" without any). A punctuation item belongs to the
  word before it (its own label is ignored). Text: the words joined by single spaces,
  punctuation glued to the word before; items whose content is empty add nothing. Start: the
  first word's ``start_time``, end: the last word's ``end_time`` (items with an empty content
  included). ``language`` is ``results.language_code`` when present, as written ("nl-BE").
* ``text`` (``.txt``): one turn per non-blank line, ``[hh:mm:ss] SPEAKER: text`` (the
  timestamp optional, ``[mm:ss]`` and a fraction accepted). The speaker is the part before
  the first ": " when it is at most 40 characters, holds a letter and no ":", and neither
  starts nor ends with a blank; otherwise the turn's speaker is "" and its text is the whole
  line after the timestamp. The text is exactly what follows "SPEAKER: ", line ending
  excluded (nothing is stripped). ``start`` comes from the timestamp; ``end`` is always None
  (the format has no end times; the next turn's start is NOT copied in).
* ``vtt``: ``WEBVTT`` header; each cue is a turn. Speaker from ``<v Name>`` (``</v>``
  optional), else from a "NAME: " prefix (same rule as text). Text: the cue lines, each
  stripped, joined with one space; formatting tags (``<i>``, ``<b>``, ``<c.x>``, timestamps)
  removed, character references (``&amp;``) decoded, then stripped. Identifiers, NOTE, STYLE
  and REGION blocks are skipped.
* ``srt``: numbered cues (the number line may be missing); the same speaker and text rules
  as vtt except that character references are left as they are (SRT has none) and ASS
  override tags (``{\\an8}``) are removed too.

Errors: every unreadable file raises ReaderError with ``source`` set and a one-line reason
that never quotes the file. Cues are counted from 1 in messages ("cue 3 (line 12): malformed
time line"), and so are the elements of a JSON "turns" array ("turn 2: text is not a string").

Redacted copies (``write_redacted``) re-read the original file and replace only the turn
texts, keeping everything else byte for byte where the format allows:

* text/vtt/srt: the file's lines and line endings are kept; a turn's text lines are replaced
  by ONE line: the original prefix (timestamp and "SPEAKER: " for text, the ``<v ...>`` tag or
  "NAME: " for cues) followed by the new text (for vtt with ``&``, ``<``, ``>`` escaped).
  Formatting tags and line breaks inside a cue are therefore lost. The file is written in the
  encoding it was read in (a BOM kept), or UTF-8 when the new text does not fit that encoding.
* json: ``turns[i]["text"]`` replaced, the rest kept; written as UTF-8 JSON (indented by 2
  when the original spans several lines, compact otherwise).
* transcribe: only turns whose text changed are touched. Their whole new text goes into the
  content of the turn's first pronunciation item (the first item if it has none); the other
  items of the turn keep their type and times but get an empty content, and every item of
  the turn keeps only its first alternative. ``results.transcripts[0].transcript`` is rebuilt
  from the turns (joined by single spaces), and so is the ``transcript`` of every
  ``results.audio_segments`` entry (from its item ids; emptied when they cannot be resolved).

Round trip: reading the copy gives ``turn.text == texts[i]`` for every turn, provided the new
texts hold no line break (refused with ValueError for text/vtt/srt), no leading or trailing
blank (vtt/srt strip them), and that a speakerless line or cue does not become one whose text
starts with something that looks like "NAME: " (plain text has no way to escape it).
"""
from __future__ import annotations

import codecs
import html
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ccaudit.errors import ReaderError
from ccaudit.readers._common import open_error
from ccaudit.readers._text import detect_encoding

__all__ = ["TRANSCRIPT_SUFFIXES", "Transcript", "Turn", "discover_transcripts", "read_transcript",
           "write_redacted"]


@dataclass(frozen=True)
class Turn:
    index: int              # 0-based order of the turn in the file
    speaker: str            # as written in the file
    text: str               # the text findings' offsets refer to
    start: float | None     # seconds from the start of the call, None when unknown
    end: float | None


@dataclass(frozen=True)
class Transcript:
    source: str             # path as str (posix)
    call_id: str
    format: str             # "json", "text", "vtt", "srt", "transcribe"
    turns: tuple[Turn, ...]
    language: str | None = None
    started_at: str | None = None
    channel: str | None = None


TRANSCRIPT_SUFFIXES: frozenset[str] = frozenset({".json", ".txt", ".vtt", ".srt"})

_MAX_SPEAKER = 40


# --------------------------------------------------------------------------- public API

def discover_transcripts(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Transcript files, sorted and de-duplicated.

    A path naming a file is kept whatever its suffix (``read_transcript`` then reports it). A
    folder is walked recursively for files with a suffix in ``TRANSCRIPT_SUFFIXES``, skipping
    hidden files and folders. A missing path, or a folder that cannot be listed, raises
    ReaderError.
    """
    found: dict[Path, Path] = {}
    for given in map(Path, paths):
        if given.is_dir():
            files: Iterable[Path] = _walk(given)
        elif given.exists():
            files = [given]
        else:
            raise ReaderError("no such file or folder", source=given.as_posix())
        for file in files:
            found.setdefault(file.resolve(), file)
    return sorted(found.values())


def _walk(folder: Path) -> Iterator[Path]:
    def fail(exc: OSError) -> None:
        raise ReaderError(f"cannot list folder: {exc.strerror}",
                          source=str(exc.filename or folder)) from exc

    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in TRANSCRIPT_SUFFIXES:
                yield Path(root, name)


def read_transcript(path: str | os.PathLike) -> Transcript:
    """The transcript in ``path`` (see the module docstring); ReaderError if unreadable."""
    path = Path(path)
    parsed = _parse(path)
    return parsed.transcript


def write_redacted(transcript: Transcript, texts: Sequence[str], out_path: str | os.PathLike) -> Path:
    """Write a copy of ``transcript.source`` with turn i's text replaced by ``texts[i]``.

    The original file is re-read (ReaderError if it no longer reads, or if its turns are no
    longer those of ``transcript``); ValueError if ``texts`` does not hold one string per turn,
    if a text holds a line break in a line-based format, or if ``out_path`` is the source.
    Parent folders of ``out_path`` are created. Returns ``out_path`` as a Path.
    """
    texts = list(texts)
    if len(texts) != len(transcript.turns):
        raise ValueError(f"{len(texts)} texts for {len(transcript.turns)} turns")
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("texts must be strings")
    source = Path(transcript.source)
    out = Path(out_path)
    if out.exists() and out.resolve() == source.resolve():
        raise ValueError("refusing to overwrite the original transcript")
    parsed = _parse(source)
    if [t.text for t in parsed.transcript.turns] != [t.text for t in transcript.turns]:
        raise ReaderError("the file changed since it was read", source=transcript.source)
    data = parsed.render(texts)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


# --------------------------------------------------------------------------- dispatch

@dataclass
class _Parsed:
    transcript: Transcript
    render: Callable[[list[str]], bytes]   # new turn texts -> bytes of the redacted copy


def _parse(path: Path) -> _Parsed:
    source = path.as_posix()
    suffix = path.suffix.lower()
    parsers = {".json": _parse_json, ".txt": _parse_text, ".vtt": _parse_vtt, ".srt": _parse_srt}
    if suffix not in parsers:
        raise ReaderError(f"unsupported file type {suffix or '(no suffix)'}", source=source)
    try:
        data = path.read_bytes()
        parsed = parsers[suffix](data, path.stem, source)
        if not parsed.transcript.turns:
            raise ReaderError("no turns")
        return parsed
    except ReaderError as exc:
        if exc.source is None:
            exc.source = source
            exc.args = (str(exc),)
        raise
    except OSError as exc:
        raise open_error(exc, source) from exc
    except RecursionError as exc:
        raise ReaderError("JSON nested too deeply", source=source) from exc
    except Exception as exc:  # never quote the exception: its text may hold the data
        raise ReaderError(f"unreadable file ({type(exc).__name__})", source=source) from exc


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


# --------------------------------------------------------------------------- plain text

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


# --------------------------------------------------------------------------- WebVTT and SRT

_CUE_TIMES = re.compile(
    r"[ \t]*(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})[ \t]+-->[ \t]+"
    r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})(?:[ \t].*)?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_FORMAT_TAGS = re.compile(
    r"</?(?:b|i|u|c|v|font|lang|ruby|rt|span)(?=[\s.>/])[^>]*>|<(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}>",
    re.IGNORECASE)
_ASS_TAGS = re.compile(r"\{\\[^}]*\}")


def _cue_times(line: str) -> tuple[float, float] | None:
    match = _CUE_TIMES.fullmatch(line)
    if not match:
        return None
    start = _clock_seconds(_CLOCK.fullmatch(_clock_text(match.groups()[:4])))
    end = _clock_seconds(_CLOCK.fullmatch(_clock_text(match.groups()[4:])))
    if start is None or end is None:
        return None
    return start, end


def _clock_text(groups: tuple) -> str:
    hours, minutes, seconds, fraction = groups
    return f"{hours + ':' if hours else ''}{minutes}:{seconds}.{fraction}"


def _blocks(lines: list[tuple[str, str]], first: int = 0) -> Iterator[list[int]]:
    """Line numbers of each run of non-blank lines."""
    block: list[int] = []
    for number in range(first, len(lines)):
        if lines[number][0].strip():
            block.append(number)
        elif block:
            yield block
            block = []
    if block:
        yield block


@dataclass
class _Cue:
    times_line: int
    payload: list[int] = field(default_factory=list)
    prefix: str = ""


def _cue_turn(index: int, cue: _Cue, lines: list[tuple[str, str]], times: tuple[float, float],
              vtt: bool) -> Turn:
    joined = " ".join(lines[n][0].strip() for n in cue.payload)
    speaker = ""
    voice = _VOICE.search(joined)
    if voice and not joined[:voice.start()].strip(" "):
        cue.prefix = voice.group()
        speaker = voice.group(1).strip()
    body = _FORMAT_TAGS.sub("", joined)
    if not vtt:
        body = _ASS_TAGS.sub("", body)
    body = body.strip()
    if not speaker:
        named, length = _split_speaker(body)
        if length:
            speaker, body = named, body[length:]
            cue.prefix = f"{named}: "
    if vtt:
        body = html.unescape(body)
        speaker = html.unescape(speaker)
    return Turn(index, speaker, body.strip(), times[0], times[1])


def _render_cues(lines: list[tuple[str, str]], cues: list[_Cue], texts: list[str], encoding: str,
                 vtt: bool) -> bytes:
    _check_no_line_breaks(texts)
    out = [content + ending for content, ending in lines]
    for cue, new in zip(cues, texts):
        if vtt:
            new = new.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        line = cue.prefix + new
        if cue.payload:
            first, last = cue.payload[0], cue.payload[-1]
            out[first] = line + lines[last][1]
            for number in cue.payload[1:]:
                out[number] = ""
        elif line:
            ending = lines[cue.times_line][1] or "\n"
            out[cue.times_line] = lines[cue.times_line][0] + ending + line + lines[cue.times_line][1]
    return _encode("".join(out), encoding)


_VTT_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")


def _parse_vtt(data: bytes, stem: str, source: str) -> _Parsed:
    text, encoding = _decode(data)
    lines = _lines(text)
    header = lines[0][0].lstrip("\ufeff") if lines else ""
    if not re.fullmatch(r"WEBVTT(?:[ \t].*)?", header):
        raise ReaderError("missing WEBVTT header on line 1")
    blocks = list(_blocks(lines))
    cue_blocks = [b for b in (blocks[1:] if blocks and blocks[0][0] == 0 else blocks)
                  if not _VTT_SKIPPED.fullmatch(lines[b[0]][0])]
    # The time line comes first, or after a cue identifier.
    cues, turns = _cues(cue_blocks, lines, lambda first: 0 if "-->" in first else 1, vtt=True)
    return _Parsed(Transcript(source, stem, "vtt", tuple(turns)),
                   lambda texts: _render_cues(lines, cues, texts, encoding, vtt=True))


def _cues(blocks, lines, time_line_at, vtt: bool) -> tuple[list[_Cue], list[Turn]]:
    """Cues and turns of a VTT or SRT file; ``time_line_at(first line)`` finds the time line."""
    cues: list[_Cue] = []
    turns: list[Turn] = []
    for block in blocks:
        number = len(cues) + 1
        at = time_line_at(lines[block[0]][0])
        times = _cue_times(lines[block[at]][0]) if at < len(block) else None
        if times is None:
            bad_line = block[min(at, len(block) - 1)] + 1
            raise ReaderError(f"cue {number} (line {bad_line}): malformed time line")
        cue = _Cue(block[at], block[at + 1:])
        cues.append(cue)
        turns.append(_cue_turn(len(turns), cue, lines, times, vtt=vtt))
    return cues, turns


def _parse_srt(data: bytes, stem: str, source: str) -> _Parsed:
    text, encoding = _decode(data)
    lines = _lines(text)
    # The time line follows the cue number.
    cues, turns = _cues(list(_blocks(lines)), lines,
                        lambda first: 1 if first.strip().lstrip("\ufeff").isdigit() else 0, vtt=False)
    return _Parsed(Transcript(source, stem, "srt", tuple(turns)),
                   lambda texts: _render_cues(lines, cues, texts, encoding, vtt=False))


# --------------------------------------------------------------------------- JSON

def _load_json(data: bytes) -> tuple[Any, bool]:
    """(document, whether it had a UTF-8 BOM)."""
    text, encoding = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:  # the position only: exc.msg may quote the text
        raise ReaderError(f"invalid JSON at line {exc.lineno} column {exc.colno}") from exc
    return document, encoding == "utf-8-sig" or encoding.endswith("+bom")


def _dump_json(document: Any, original: bytes, bom: bool) -> bytes:
    indent = 2 if b"\n" in original.strip() else None
    separators = None if indent else (",", ":")
    text = json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
    if indent:
        text += "\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def _parse_json(data: bytes, stem: str, source: str) -> _Parsed:
    document, bom = _load_json(data)
    if isinstance(document, dict):
        results = document.get("results")
        if isinstance(results, dict) and isinstance(results.get("items"), list):
            return _parse_transcribe(document, data, bom, stem, source)
        if "turns" in document:
            return _parse_generic(document, data, bom, stem, source)
    raise ReaderError("not a transcript: no turns")


def _json_type(value: Any) -> str:
    for kind, name in ((bool, "a boolean"), (str, "a string"), ((int, float), "a number"),
                       (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "null"


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


def _parse_generic(document: dict, data: bytes, bom: bool, stem: str, source: str) -> _Parsed:
    items = document["turns"]
    if not isinstance(items, list):
        raise ReaderError(f"not a transcript: turns is {_json_type(items)}, not an array")
    turns = []
    for i, item in enumerate(items):
        what = f"turn {i + 1}"
        if not isinstance(item, dict):
            raise ReaderError(f"{what} is {_json_type(item)}, not an object")
        text = item.get("text")
        if text is None:
            text = ""
        elif not isinstance(text, str):
            raise ReaderError(f"{what}: text is {_json_type(text)}, not a string")
        speaker = _optional_text(item.get("speaker"), f"{what}: speaker") or ""
        turns.append(Turn(i, speaker, text, _seconds(item.get("start"), f"{what}: start"),
                          _seconds(item.get("end"), f"{what}: end")))
    call_id = _optional_text(document.get("call_id"), "call_id")
    transcript = Transcript(
        source, call_id if call_id and call_id.strip() else stem, "json", tuple(turns),
        language=_optional_text(document.get("language"), "language"),
        started_at=_optional_text(document.get("started_at"), "started_at"),
        channel=_optional_text(document.get("channel"), "channel"))

    def render(texts: list[str]) -> bytes:
        for item, new in zip(items, texts):
            item["text"] = new
        return _dump_json(document, data, bom)

    return _Parsed(transcript, render)


# --------------------------------------------------------------------------- Amazon Transcribe

def _time_key(value: Any) -> float | None:
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return None


def _label_lookup(results: dict) -> dict[float, str]:
    """start time -> label, from speaker_labels.segments (else channel_labels.channels)."""
    lookup: dict[float, str] = {}
    speakers = results.get("speaker_labels")
    channels = results.get("channel_labels")
    groups = []
    if isinstance(speakers, dict) and isinstance(speakers.get("segments"), list):
        groups = [(g, "speaker_label") for g in speakers["segments"]]
    elif isinstance(channels, dict) and isinstance(channels.get("channels"), list):
        groups = [(g, "channel_label") for g in channels["channels"]]
    for group, name in groups:
        if not isinstance(group, dict) or not isinstance(group.get("items"), list):
            continue
        for item in group["items"]:
            if not isinstance(item, dict):
                continue
            key = _time_key(item.get("start_time"))
            label = item.get(name) or group.get(name)
            if key is not None and isinstance(label, str):
                lookup.setdefault(key, label)
    return lookup


def _content(item: dict, number: int) -> str:
    alternatives = item.get("alternatives")
    if not alternatives:
        return ""
    if not isinstance(alternatives, list) or not isinstance(alternatives[0], dict):
        raise ReaderError(f"item {number}: alternatives is not an array of objects")
    content = alternatives[0].get("content")
    if content is None:
        return ""
    if not isinstance(content, str):
        raise ReaderError(f"item {number}: content is {_json_type(content)}, not a string")
    return content


def _join(pieces: Iterable[tuple[bool, str]]) -> str:
    """Transcribe words joined by spaces, punctuation glued to the word before."""
    text = ""
    for punctuation, content in pieces:
        if not content:
            continue
        text += content if punctuation or not text else " " + content
    return text


def _parse_transcribe(document: dict, data: bytes, bom: bool, stem: str, source: str) -> _Parsed:
    results = document["results"]
    items = results["items"]
    lookup = _label_lookup(results)
    groups: list[tuple[str, list[int]]] = []  # (speaker, item positions)
    parsed: list[tuple[bool, str]] = []
    previous: str | None = None
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReaderError(f"item {i + 1} is {_json_type(item)}, not an object")
        punctuation = item.get("type") == "punctuation"
        parsed.append((punctuation, _content(item, i + 1)))
        if punctuation and previous is not None:
            speaker = previous
        else:
            label = item.get("speaker_label") or item.get("channel_label")
            if not isinstance(label, str):
                label = lookup.get(_time_key(item.get("start_time")), "")
            speaker = label
        if groups and groups[-1][0] == speaker:
            groups[-1][1].append(i)
        else:
            groups.append((speaker, [i]))
        previous = speaker
    turns = []
    for index, (speaker, positions) in enumerate(groups):
        words = [items[p] for p in positions if not parsed[p][0]]
        start = _seconds(words[0].get("start_time"), f"item {positions[0] + 1}: start_time") if words else None
        end = _seconds(words[-1].get("end_time"), f"item {positions[-1] + 1}: end_time") if words else None
        turns.append(Turn(index, speaker, _join(parsed[p] for p in positions), start, end))
    job = _optional_text(document.get("jobName"), "jobName")
    language = results.get("language_code")
    transcript = Transcript(source, job if job and job.strip() else stem, "transcribe", tuple(turns),
                            language=language if isinstance(language, str) and language else None)

    def render(texts: list[str]) -> bytes:
        changed = False
        for turn, (_, positions), new in zip(turns, groups, texts):
            if new == turn.text:
                continue
            carrier = next((p for p in positions if not parsed[p][0]), positions[0])
            for p in positions:
                item = items[p]
                alternatives = item.get("alternatives") or [{}]
                first = dict(alternatives[0])
                first["content"] = new if p == carrier else ""
                item["alternatives"] = [first]
                changed = True
        if changed:
            _rebuild_summaries(results, items, texts)
        return _dump_json(document, data, bom)

    def _rebuild_summaries(results: dict, items: list, texts: list[str]) -> None:
        summaries = results.get("transcripts")
        if isinstance(summaries, list) and summaries and isinstance(summaries[0], dict):
            summaries[0]["transcript"] = " ".join(text for text in texts if text)
        segments = results.get("audio_segments")
        if not isinstance(segments, list):
            return
        by_id = {item.get("id"): item for item in items if isinstance(item, dict) and "id" in item}
        for segment in segments:
            if not isinstance(segment, dict) or "transcript" not in segment:
                continue
            ids = segment.get("items")
            members = [by_id.get(i) for i in ids] if isinstance(ids, list) else []
            if members and all(member is not None for member in members):
                segment["transcript"] = _join((m.get("type") == "punctuation", _content(m, 0))
                                              for m in members)
            else:  # cannot tell which words it holds: better empty than unredacted
                segment["transcript"] = ""

    return _Parsed(transcript, render)
