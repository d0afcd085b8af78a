"""Call transcripts: read them as speaker turns, write redacted copies in the same format.

    for path in discover_transcripts(["calls/"]):
        transcript = read_transcript(path)
        texts = [redact(turn.text) for turn in transcript.turns]   # offsets refer to turn.text
        write_redacted(transcript, texts, out_dir / path.name)

Formats (chosen by suffix; ``.json`` by its shape, in this order: ``results.items`` is
transcribe, ``turns`` is json, ``recognizedPhrases`` is azure, ``segments`` (or an array of
objects with "text" and "start"/"end"/"seek") is whisperx when WhisperX's own keys show
(``word_segments``, a segment's ``speaker`` or ``chars``, a word's ``score`` or ``speaker``) and
whisper otherwise, ``result`` / ``alternatives`` / a bare ``text`` (an object or an array of
them, or one object per line) is vosk; any other JSON is "not a transcript"):

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
  Words: every pronunciation item with a content, timed by its ``start_time``/``end_time``.
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

* ``whisper``: openai-whisper's result ``{"text", "segments": [{"id", "seek", "start", "end", "text",
  "tokens", ..., "words"?: [{"word", "start", "end", "probability"}]}], "language"}``, also as
  faster-whisper users dump it: a bare array of segments, or ``{"segments", "info":
  {"language", ...}}``, a word possibly an array ``[start, end, word, probability]``. A turn per
  segment, speaker "". Text: the segment text stripped (Whisper starts it with a blank). Start
  and end: the segment's, else its first / last timed word's. ``language`` from "language", else
  ``info.language``.
* ``whisperx``: ``{"segments": [{"start", "end", "text", "speaker"?, "words": [{"word", "start"?,
  "end"?, "score"?, "speaker"?}], "chars"?}], "word_segments"?, "language"?}``. As whisper; the
  speaker is the segment's ``speaker``, else the most frequent ``speaker`` of its words (the
  first seen on a tie), else "". A word without times (WhisperX cannot align digits) keeps None,
  and so does a NaN time.
* ``vosk``: KaldiRecognizer results ``{"result": [{"conf", "start", "end", "word"}], "text"}``,
  one object, an array of them, or one object per line; with SetMaxAlternatives the first of
  ``alternatives`` is read. A turn per utterance (also an empty ``{"text": ""}``), speaker "".
  Text: ``text`` as written, else the words joined by single spaces. Start: the first word's
  ``start``, end: the last word's ``end`` (None without words). An object with neither text nor
  result (a ``partial``) is refused.
* ``azure``: an Azure Speech batch-transcription result file ``{"source", "timestamp",
  "combinedRecognizedPhrases", "recognizedPhrases": [{"recognitionStatus", "channel",
  "speaker"?, "offset", "duration", "offsetInTicks", "durationInTicks", "locale"?, "nBest":
  [{"lexical", "itn", "maskedITN", "display", "words"?, "displayWords"?}]}]}``. A turn per phrase
  whose ``recognitionStatus`` is "Success" or missing, sorted by start (file order on a tie, phrases
  without times last). Text: ``nBest[0].display``. Times: ``offsetInTicks`` / 10^7 (else the ISO
  8601 ``offset``, "PT1M5.3S"), end = start + duration. Speaker: "Speaker N" for a numeric
  ``speaker``, a text speaker as written, else "channel N", else "". ``language``: the most
  frequent ``locale``. Words: ``displayWords`` (display form) when present, else ``words``
  (lexical form: lower case, numbers spelled, so only those found in the display get a Word).

Call ids: ``call_id`` (json) or ``jobName`` (transcribe) when present, else the file name's stem.

Word times: ``Turn.words`` holds a Word (character offsets into ``turn.text``, start and end in
seconds or None) for every word the engine timed that is found in the text: transcribe,
whisper, whisperx, vosk and azure; the other formats have none. Each engine word, stripped, is
looked for from the previous word's end: right there (blanks skipped), else as the next whole
word, case ignored; a word not found gets no Word. ``span_times(turn, start, end)`` gives the
times of a character span from them, falling back to the turn's start and end.

Errors: every unreadable file raises ReaderError with ``source`` set and a one-line reason
that never quotes the file. Cues are counted from 1 in messages ("cue 3 (line 12): malformed
time line"), and so are the elements of a JSON "turns" array ("turn 2: text is not a string"),
segments, words, utterances, result items and phrases ("segment 2, word 3: end is not a number",
"utterance 1: result item 2 has no word", "phrase 4: no nBest"), in file order.

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

For the engines below, a word of a changed turn is *kept* when it lies wholly in a stretch of
text that the old and new texts share (so its text is in the new text); every other word entry
of a changed turn, also one not found in the text, is *blanked*: its text becomes "" and its
times, confidence and speaker stay (so the copy still says when something was redacted).
Unchanged turns keep their words as they are. Written as UTF-8 JSON as for json; a file of one
object per line stays one (compact) object per line.

* whisper/whisperx: only changed segments are touched: ``text`` becomes the segment's original
  leading blanks + the new text; word entries kept or blanked; ``tokens`` emptied (token ids
  decode back to the old text); ``chars`` removed. When a text changed, a top-level ``text``
  (a string) is rebuilt as the segment texts concatenated, and ``word_segments`` as the
  segments' words in order. Everything else (ids, seek, log-probs, ``info``) is kept.
* vosk: a changed utterance gets ``text`` = the new text and its ``result`` items kept or
  blanked. Of ``alternatives`` only the one read (the first) is kept, in every utterance; so is
  everything else (``spk`` included).
* azure: a changed phrase gets the new text in ``display``, ``lexical``, ``itn`` and ``maskedITN``
  (those present); its ``words`` and ``displayWords`` kept or blanked. Every phrase that is a turn
  keeps only ``nBest[0]``; a phrase that is not a turn (recognitionStatus not "Success") loses
  its ``nBest``: neither was read, so neither was checked. When a text changed, every
  ``combinedRecognizedPhrases`` entry gets, in each of lexical/itn/maskedITN/display present,
  the new texts of its channel's turns (all turns when it names no channel) joined by single
  spaces, in turn order. ``source``, ``timestamp``, durations, offsets, confidences are kept.

Round trip: reading the copy gives ``turn.text == texts[i]`` for every turn, provided the new
texts hold no line break (refused with ValueError for text/vtt/srt), no leading or trailing
blank (vtt/srt/whisper/whisperx strip them), and that a speakerless line or cue does not become
one whose text starts with something that looks like "NAME: " (plain text has no way to escape
it). Speakers and turn times are kept too; a redacted word has no Word in the copy, so
``span_times`` over it falls back to the turn's times (transcribe: the changed turn has one Word,
its first item, holding the whole text).
"""
from __future__ import annotations

import codecs
import difflib
import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ccaudit.sources import walk
from ccaudit.errors import ReaderError
from ccaudit.sources.common import open_error
from ccaudit.sources.encoding import detect_encoding

__all__ = ["TRANSCRIPT_FORMATS", "TRANSCRIPT_SUFFIXES", "Transcript", "Turn", "Word", "discover_transcripts",
           "read_transcript", "span_times", "write_redacted"]


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


# --------------------------------------------------------------------------- public API

def discover_transcripts(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Transcript files, sorted and de-duplicated.

    A path naming a file is kept whatever its suffix (``read_transcript`` then reports it). A
    folder is walked recursively for files with a suffix in ``TRANSCRIPT_SUFFIXES``, skipping
    hidden files and folders. A missing path, or a folder that cannot be listed, raises
    ReaderError.
    """
    return walk.discover(paths, lambda name: Path(name).suffix.lower() in TRANSCRIPT_SUFFIXES)


def read_transcript(path: str | os.PathLike) -> Transcript:
    """The transcript in ``path`` (see the module docstring); ReaderError if unreadable."""
    path = Path(path)
    parsed = _parse(path)
    return parsed.transcript


def span_times(turn: Turn, start: int, end: int) -> tuple[float | None, float | None]:
    """When the characters ``turn.text[start:end]`` were said: (first, last) time in seconds.

    The earliest start and the latest end of the turn's words that overlap the span (words
    without that time are ignored); each side falls back to ``turn.start`` / ``turn.end`` when
    no overlapping word has that time (a turn without words, a span between words, words the
    engine could not time). An empty span counts as the one character at ``start``.

    >>> turn = Turn(0, "", "ik ben Jan", 1.0, 3.0, (Word(0, 2, 1.0, 1.2), Word(7, 10, 2.1, 2.6)))
    >>> span_times(turn, 7, 10)
    (2.1, 2.6)
    >>> span_times(turn, 3, 6)          # "ben" has no Word: the turn's times
    (1.0, 3.0)
    """
    stop = max(end, start + 1)
    hits = [w for w in turn.words if w.start < stop and w.end > start]
    starts = [w.time_start for w in hits if w.time_start is not None]
    ends = [w.time_end for w in hits if w.time_end is not None]
    return (min(starts) if starts else turn.start, max(ends) if ends else turn.end)


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


_NOT_A_TRANSCRIPT = "not a transcript: no turns, segments, recognizedPhrases or result"


def _parse_json(data: bytes, stem: str, source: str) -> _Parsed:
    """The JSON formats, told apart by their own keys (see the module docstring)."""
    document, bom, by_line = _load_json(data)
    file = _JsonFile(data, bom, by_line, stem, source)
    if by_line:
        if _is_utterance(document[0]):
            return _parse_vosk(document, file)
    elif isinstance(document, dict):
        results = document.get("results")
        if isinstance(results, dict) and isinstance(results.get("items"), list):
            return _parse_transcribe(document, data, bom, stem, source)
        if "turns" in document:
            return _parse_generic(document, data, bom, stem, source)
        if "recognizedPhrases" in document:
            return _parse_azure(document, file)
        if "segments" in document:
            return _parse_segments(document, file)
        if _is_utterance(document):
            return _parse_vosk(document, file)
    elif isinstance(document, list) and document:
        if _is_utterance(document[0]):
            return _parse_vosk(document, file)
        if _is_segment(document[0]):
            return _parse_segments(document, file)
    raise ReaderError(_NOT_A_TRANSCRIPT)


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


_VOSK_KEYS = frozenset({"text", "result", "alternatives", "spk", "spk_frames"})


def _is_utterance(value: Any) -> bool:
    """A Vosk result: ``result`` (words), ``alternatives`` (SetMaxAlternatives), or a bare ``text``."""
    return isinstance(value, dict) and (
        "result" in value or isinstance(value.get("alternatives"), list)
        or ("text" in value and set(value) <= _VOSK_KEYS))


def _is_segment(value: Any) -> bool:
    """A Whisper-like segment, as in a list of segments dumped by faster-whisper users."""
    return isinstance(value, dict) and "text" in value and any(k in value for k in ("start", "end", "seek"))


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


def _parse_generic(document: dict, data: bytes, bom: bool, stem: str, source: str) -> _Parsed:
    items = document["turns"]
    if not isinstance(items, list):
        raise ReaderError(f"not a transcript: turns is {_json_type(items)}, not an array")
    turns = []
    for i, item in enumerate(items):
        what = f"turn {i + 1}"
        if not isinstance(item, dict):
            raise ReaderError(f"{what} is {_json_type(item)}, not an object")
        text = _string(item.get("text"), f"{what}: text")
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
    return _join_spans(pieces)[0]


def _join_spans(pieces: Iterable[tuple[bool, str]]) -> tuple[str, list[tuple[int, int] | None]]:
    """``_join`` and where each piece landed in the text (None for an empty one)."""
    text = ""
    spans: list[tuple[int, int] | None] = []
    for punctuation, content in pieces:
        if not content:
            spans.append(None)
            continue
        if text and not punctuation:
            text += " "
        spans.append((len(text), len(text) + len(content)))
        text += content
    return text, spans


def _lenient_seconds(value: Any) -> float | None:
    """A word's time when it reads, else None (a word's odd time must not refuse the file)."""
    try:
        return _seconds(value, "time")
    except ReaderError:
        return None


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
        text, spans = _join_spans(parsed[p] for p in positions)
        timed = tuple(Word(*span, _lenient_seconds(items[p].get("start_time")),
                           _lenient_seconds(items[p].get("end_time")))
                      for p, span in zip(positions, spans) if span and not parsed[p][0])
        turns.append(Turn(index, speaker, text, start, end, timed))
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


# --------------------------------------------------------------------------- word-level engines

@dataclass
class _EngineWord:
    text: str               # as the engine wrote it (Whisper's leading blank included)
    start: float | None
    end: float | None
    speaker: str | None = None


def _locate(text: str, pieces: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where each engine word is in ``text``, searched in order from the previous word's end.

    A word is its text stripped. It is taken right after the previous word (blanks skipped),
    else at the next place where it stands as a whole word, case ignored (Azure's lexical words
    are lower case in a capitalised display text); None when it is not found.

    >>> _locate("Hallo, ik ben Jan.", [" Hallo,", " ik", "ben", "jan", "Piet"])
    [(0, 6), (7, 9), (10, 13), (14, 17), None]
    """
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for piece in pieces:
        needle = piece.strip()
        span = None
        if needle:
            at = pos
            while at < len(text) and text[at].isspace():
                at += 1
            if text.startswith(needle, at):
                span = (at, at + len(needle))
            else:
                found = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", re.IGNORECASE).search(text, pos)
                span = found.span() if found else None
        if span:
            pos = span[1]
        spans.append(span)
    return spans


def _timed(text: str, words: list[_EngineWord]) -> tuple[tuple[Word, ...], list[tuple[int, int] | None]]:
    """The turn's Words (the engine words found in ``text``) and every engine word's span."""
    spans = _locate(text, [w.text for w in words])
    return tuple(Word(span[0], span[1], w.start, w.end) for w, span in zip(words, spans) if span), spans


def _first_time(words: list[_EngineWord]) -> float | None:
    return next((w.start for w in words if w.start is not None), None)


def _last_time(words: list[_EngineWord]) -> float | None:
    return next((w.end for w in reversed(words) if w.end is not None), None)


def _word_seconds(value: Any, what: str) -> float | None:
    """A word's time; NaN (a word the aligner could not place) is unknown, not an error."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return _seconds(value, what)


def _surviving(old: str, new: str, spans: list[tuple[int, int] | None]) -> list[bool]:
    """Which words of a changed turn stand unchanged in its new text: those lying wholly in a
    stretch that the old and new texts share. A word not found in the old text does not."""
    blocks = [(a, a + size) for a, _, size in
              difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks() if size]
    return [span is not None and any(a <= span[0] and span[1] <= b for a, b in blocks) for span in spans]


def _blanked(items: list, keep: list[bool], key: str | int) -> list:
    """The word items with the text (``item[key]``) of those not kept emptied; times stay."""
    out = []
    for item, kept in zip(items, keep):
        if not kept:
            item = list(item) if isinstance(item, list) else dict(item)
            item[key] = ""
        out.append(item)
    return out


def _majority(labels: Iterable[str | None]) -> str:
    """The most frequent non-empty label (the first one seen on a tie), else ""."""
    votes = Counter(label for label in labels if label)
    return votes.most_common(1)[0][0] if votes else ""


# --------------------------------------------------------------------------- Whisper and WhisperX

def _looks_whisperx(container: dict, segments: list) -> bool:
    """WhisperX's own keys: ``word_segments``, a speaker, character alignments, word scores."""
    if "word_segments" in container:
        return True
    for segment in segments:
        if not isinstance(segment, dict):
            continue
        if "speaker" in segment or "chars" in segment:
            return True
        words = segment.get("words")
        if isinstance(words, list) and any(isinstance(w, dict) and ("score" in w or "speaker" in w)
                                           for w in words):
            return True
    return False


def _segment_words(segment: dict, what: str) -> list[_EngineWord]:
    raw = segment.get("words")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ReaderError(f"{what}: words is {_json_type(raw)}, not an array")
    words = []
    for j, item in enumerate(raw):
        where = f"{what}, word {j + 1}"
        if isinstance(item, dict):
            text, start, end, speaker = item.get("word"), item.get("start"), item.get("end"), item.get("speaker")
        elif isinstance(item, list) and len(item) >= 3:  # faster-whisper's Word tuple dumped as is
            (start, end, text), speaker = item[:3], None
        else:
            raise ReaderError(f"{where} is {_json_type(item)}, not an object")
        text = _string(text, f"{where}: word")
        words.append(_EngineWord(text, _word_seconds(start, f"{where}: start"),
                                 _word_seconds(end, f"{where}: end"),
                                 _optional_text(speaker, f"{where}: speaker")))
    return words


def _parse_segments(document: dict | list, file: _JsonFile) -> _Parsed:
    container = document if isinstance(document, dict) else {}
    segments = document["segments"] if isinstance(document, dict) else document
    if not isinstance(segments, list):
        raise ReaderError(f"not a transcript: segments is {_json_type(segments)}, not an array")
    fmt = "whisperx" if _looks_whisperx(container, segments) else "whisper"
    turns: list[Turn] = []
    spans_of: list[list[tuple[int, int] | None]] = []
    for i, segment in enumerate(segments):
        what = f"segment {i + 1}"
        if not isinstance(segment, dict):
            raise ReaderError(f"{what} is {_json_type(segment)}, not an object")
        text = _string(segment.get("text"), f"{what}: text").strip()
        words = _segment_words(segment, what)
        timed, spans = _timed(text, words)
        start = _seconds(segment.get("start"), f"{what}: start")
        end = _seconds(segment.get("end"), f"{what}: end")
        speaker = ""
        if fmt == "whisperx":
            speaker = (_optional_text(segment.get("speaker"), f"{what}: speaker")
                       or _majority(w.speaker for w in words))
        turns.append(Turn(i, speaker, text, _first_time(words) if start is None else start,
                          _last_time(words) if end is None else end, timed))
        spans_of.append(spans)
    language = _optional_text(container.get("language"), "language")
    info = container.get("info")  # faster-whisper's TranscriptionInfo
    if language is None and isinstance(info, dict):
        language = _optional_text(info.get("language"), "info: language")
    transcript = Transcript(file.source, file.stem, fmt, tuple(turns), language=language or None)

    def render(texts: list[str]) -> bytes:
        changed = False
        for turn, segment, spans, new in zip(turns, segments, spans_of, texts):
            if new == turn.text:
                continue
            changed = True
            raw = segment.get("text") or ""
            segment["text"] = raw[:len(raw) - len(raw.lstrip())] + new  # Whisper's leading blank kept
            if isinstance(segment.get("words"), list):
                keep = _surviving(turn.text, new, spans)
                segment["words"] = [_blanked([w], [k], 2 if isinstance(w, list) else "word")[0]
                                    for w, k in zip(segment["words"], keep)]
            if "tokens" in segment:  # token ids decode back to the original text
                segment["tokens"] = []
            segment.pop("chars", None)
        if changed and isinstance(container.get("text"), str):
            container["text"] = "".join(segment.get("text") or "" for segment in segments)
        if changed and "word_segments" in container:
            container["word_segments"] = [w for segment in segments for w in segment.get("words") or []]
        return file.dump(document)

    return _Parsed(transcript, render)


# --------------------------------------------------------------------------- Vosk

def _vosk_best(utterance: dict, what: str) -> dict:
    """The recognizer result an utterance's turn comes from (the first of ``alternatives``)."""
    if "result" in utterance or "text" in utterance:
        return utterance
    alternatives = utterance.get("alternatives")
    if alternatives is None:
        raise ReaderError(f"{what} has no text or result")
    if not isinstance(alternatives, list):
        raise ReaderError(f"{what}: alternatives is {_json_type(alternatives)}, not an array")
    if not alternatives:
        return {}
    if not isinstance(alternatives[0], dict):
        raise ReaderError(f"{what}: alternatives is not an array of objects")
    return alternatives[0]


def _parse_vosk(document: dict | list, file: _JsonFile) -> _Parsed:
    utterances = document if isinstance(document, list) else [document]
    turns: list[Turn] = []
    parts: list[tuple[dict, dict, list[tuple[int, int] | None]]] = []  # (utterance, result read, spans)
    for i, utterance in enumerate(utterances):
        what = f"utterance {i + 1}"
        if not isinstance(utterance, dict):
            raise ReaderError(f"{what} is {_json_type(utterance)}, not an object")
        best = _vosk_best(utterance, what)
        result = best.get("result")
        if result is None:
            result = []
        elif not isinstance(result, list):
            raise ReaderError(f"{what}: result is {_json_type(result)}, not an array")
        words = []
        for j, item in enumerate(result):
            where = f"{what}: result item {j + 1}"
            if not isinstance(item, dict):
                raise ReaderError(f"{where} is {_json_type(item)}, not an object")
            word = item.get("word")
            if word is None:
                raise ReaderError(f"{where} has no word")
            if not isinstance(word, str):
                raise ReaderError(f"{where}: word is {_json_type(word)}, not a string")
            words.append(_EngineWord(word, _word_seconds(item.get("start"), f"{where}: start"),
                                     _word_seconds(item.get("end"), f"{where}: end")))
        text = _string(best.get("text"), f"{what}: text", default=None)
        if text is None:
            text = " ".join(w.text.strip() for w in words if w.text.strip())
        timed, spans = _timed(text, words)
        turns.append(Turn(i, "", text, _first_time(words), _last_time(words), timed))
        parts.append((utterance, best, spans))
    transcript = Transcript(file.source, file.stem, "vosk", tuple(turns))

    def render(texts: list[str]) -> bytes:
        for turn, (utterance, best, spans), new in zip(turns, parts, texts):
            if best is utterance:
                utterance.pop("alternatives", None)  # never read, so never checked
            elif utterance["alternatives"] or new != turn.text:
                utterance["alternatives"] = [best]
            if new == turn.text:
                continue
            best["text"] = new
            if isinstance(best.get("result"), list):
                best["result"] = _blanked(best["result"], _surviving(turn.text, new, spans), "word")
        return file.dump(document)

    return _Parsed(transcript, render)


# --------------------------------------------------------------------------- Azure batch transcription

_ISO_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                           r"(?:(\d+(?:\.\d+)?)S)?)?")
_TICKS_PER_SECOND = 10_000_000


def _iso_seconds(text: str) -> float | None:
    """Seconds of an ISO 8601 duration as Azure writes them: "PT1.2S", "PT1M5.3S", "P1DT2H"."""
    match = _ISO_DURATION.fullmatch(text)
    if not match or not any(match.groups()) or text.endswith("T"):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return round(((days * 24 + hours) * 60 + minutes) * 60 + seconds, 7)


def _azure_time(value: dict, name: str, what: str) -> float | None:
    """``<name>InTicks`` (100 ns) in seconds, else the ISO duration in ``<name>``; None if neither."""
    ticks = value.get(f"{name}InTicks")
    if ticks is not None:
        number = None
        if isinstance(ticks, (int, float)) and not isinstance(ticks, bool):
            number = float(ticks)
        elif isinstance(ticks, str):
            try:
                number = float(ticks)
            except ValueError:
                pass
        if number is None or not math.isfinite(number) or number < 0:
            raise ReaderError(f"{what}: {name}InTicks is not a number of ticks")
        return round(number / _TICKS_PER_SECOND, 7)
    text = value.get(name)
    if text is None:
        return None
    seconds = _iso_seconds(text.strip()) if isinstance(text, str) else None
    if seconds is None:
        raise ReaderError(f"{what}: {name} is not a duration")
    return seconds


def _azure_span(value: dict, what: str) -> tuple[float | None, float | None]:
    start = _azure_time(value, "offset", what)
    duration = _azure_time(value, "duration", what)
    return start, (round(start + duration, 7) if start is not None and duration is not None else None)


def _azure_label(value: Any, name: str, what: str) -> str | None:
    """A speaker or channel number as text ("1"); None when absent or blank."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ReaderError(f"{what}: {name} is {_json_type(value)}, not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _azure_speaker(phrase: dict, what: str) -> str:
    speaker = _azure_label(phrase.get("speaker"), "speaker", what)
    if speaker is not None:
        return f"Speaker {speaker}" if speaker.isdigit() else speaker
    channel = _azure_label(phrase.get("channel"), "channel", what)
    return f"channel {channel}" if channel is not None else ""


# (key in nBest[0], the word's text in each of its items); displayWords match the display text
_AZURE_WORD_LISTS = (("displayWords", "displayText"), ("words", "word"))


@dataclass
class _AzurePhrase:
    phrase: dict
    best: dict                                          # nBest[0]
    spans: dict[str, list[tuple[int, int] | None]]     # per word list: each item's span in display


def _parse_azure(document: dict, file: _JsonFile) -> _Parsed:
    phrases = document["recognizedPhrases"]
    if not isinstance(phrases, list):
        raise ReaderError(f"not a transcript: recognizedPhrases is {_json_type(phrases)}, not an array")
    found: list[tuple[tuple, Turn, _AzurePhrase, str | None]] = []
    for i, phrase in enumerate(phrases):
        what = f"phrase {i + 1}"
        if not isinstance(phrase, dict):
            raise ReaderError(f"{what} is {_json_type(phrase)}, not an object")
        status = phrase.get("recognitionStatus")
        if status is not None and status != "Success":
            continue
        nbest = phrase.get("nBest")
        if nbest is None or nbest == []:
            raise ReaderError(f"{what}: no nBest")
        if not isinstance(nbest, list):
            raise ReaderError(f"{what}: nBest is {_json_type(nbest)}, not an array")
        best = nbest[0]
        if not isinstance(best, dict):
            raise ReaderError(f"{what}: nBest is not an array of objects")
        display = best.get("display")
        if display is None:
            raise ReaderError(f"{what}: nBest has no display")
        if not isinstance(display, str):
            raise ReaderError(f"{what}: display is {_json_type(display)}, not a string")
        start, end = _azure_span(phrase, what)
        speaker = _azure_speaker(phrase, what)
        words: list[_EngineWord] | None = None
        spans: dict[str, list[tuple[int, int] | None]] = {}
        timed: tuple[Word, ...] = ()
        for key, text_key in _AZURE_WORD_LISTS:
            raw = best.get(key)
            if raw is None:
                continue
            if not isinstance(raw, list):
                raise ReaderError(f"{what}: {key} is {_json_type(raw)}, not an array")
            items = []
            for j, item in enumerate(raw):
                where = f"{what}, {key} item {j + 1}"
                if not isinstance(item, dict):
                    raise ReaderError(f"{where} is {_json_type(item)}, not an object")
                text = _string(item.get(text_key), f"{where}: {text_key}")
                items.append(_EngineWord(text, *_azure_span(item, where)))
            item_words, spans[key] = _timed(display, items)
            if words is None:  # the display words when there are, else the lexical ones
                words, timed = items, item_words
        locale = phrase.get("locale")
        turn = Turn(0, speaker, display, start, end, timed)
        found.append(((start is None, start or 0.0, i), turn, _AzurePhrase(phrase, best, spans),
                      locale if isinstance(locale, str) and locale else None))
    found.sort(key=lambda entry: entry[0])
    turns = [Turn(index, t.speaker, t.text, t.start, t.end, t.words) for index, (_, t, _, _) in enumerate(found)]
    kept = [entry[2] for entry in found]
    language = _majority(entry[3] for entry in found) or None
    transcript = Transcript(file.source, file.stem, "azure", tuple(turns), language=language)

    def render(texts: list[str]) -> bytes:
        read = {id(entry.phrase) for entry in kept}
        for phrase in phrases:
            if id(phrase) not in read:  # not a turn (recognitionStatus), so never checked
                phrase.pop("nBest", None)
        changed = False
        for turn, entry, new in zip(turns, kept, texts):
            entry.phrase["nBest"] = [entry.best]  # the other hypotheses were never read
            if new == turn.text:
                continue
            changed = True
            entry.best["display"] = new
            for key in ("lexical", "itn", "maskedITN"):
                if key in entry.best:
                    entry.best[key] = new
            for key, text_key in _AZURE_WORD_LISTS:
                if key in entry.spans:
                    entry.best[key] = _blanked(entry.best[key], _surviving(turn.text, new, entry.spans[key]),
                                               text_key)
        combined = document.get("combinedRecognizedPhrases")
        if changed and isinstance(combined, list):
            for summary in combined:
                if not isinstance(summary, dict):
                    continue
                joined = " ".join(new for entry, new in zip(kept, texts) if new and (
                    "channel" not in summary or entry.phrase.get("channel") == summary["channel"]))
                for key in ("lexical", "itn", "maskedITN", "display"):
                    if key in summary:
                        summary[key] = joined
        return file.dump(document)

    return _Parsed(transcript, render)
