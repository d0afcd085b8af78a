"""Azure Speech batch-transcription result files (``azure``): a turn per recognized phrase, sorted
by start, times from ticks or ISO 8601 durations, speakers and channels, words from
``displayWords`` (else ``words``), and the redacted copy with ``combinedRecognizedPhrases``
rebuilt.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import Transcript, Turn, Word, _Parsed
from ccaudit.sources.transcripts.engine_words import _blanked, _EngineWord, _majority, _surviving, _timed
from ccaudit.sources.transcripts.json_common import _json_type, _JsonFile, _string


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
