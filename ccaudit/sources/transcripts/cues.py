"""Subtitle transcripts, WebVTT (``vtt``) and SRT (``srt``): one turn per cue, its speaker from a
``<v Name>`` voice tag or a "NAME: " prefix, its text with formatting tags removed, and their
redacted copies, one line per cue.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import (_CLOCK, Transcript, Turn, _check_no_line_breaks,
                                                _clock_seconds, _decode, _encode, _lines, _Parsed,
                                                _split_speaker)


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
