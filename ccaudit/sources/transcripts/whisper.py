"""openai-whisper, faster-whisper and WhisperX results (``whisper``, ``whisperx``): a turn per
segment, its words from the segment's ``words``, WhisperX told apart by its own keys (and its
speakers read), and the redacted copy.
"""
from __future__ import annotations

from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import Transcript, Turn, _Parsed
from ccaudit.sources.transcripts.engine_words import (_blanked, _EngineWord, _first_time, _last_time,
                                                      _majority, _surviving, _timed, _word_seconds)
from ccaudit.sources.transcripts.json_common import _json_type, _JsonFile, _optional_text, _seconds, _string


def _is_segment(value: Any) -> bool:
    """A Whisper-like segment, as in a list of segments dumped by faster-whisper users."""
    return isinstance(value, dict) and "text" in value and any(k in value for k in ("start", "end", "seek"))


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
