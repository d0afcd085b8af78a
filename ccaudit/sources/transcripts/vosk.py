"""Vosk KaldiRecognizer results (``vosk``): one object, an array of them or one object per line, a
turn per utterance (from the first of ``alternatives`` when there are), its words from
``result``, and the redacted copy.
"""
from __future__ import annotations

from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import Transcript, Turn, _Parsed
from ccaudit.sources.transcripts.engine_words import (_blanked, _EngineWord, _first_time, _last_time,
                                                      _surviving, _timed, _word_seconds)
from ccaudit.sources.transcripts.json_common import _json_type, _JsonFile, _string


_VOSK_KEYS = frozenset({"text", "result", "alternatives", "spk", "spk_frames"})


def _is_utterance(value: Any) -> bool:
    """A Vosk result: ``result`` (words), ``alternatives`` (SetMaxAlternatives), or a bare ``text``."""
    return isinstance(value, dict) and (
        "result" in value or isinstance(value.get("alternatives"), list)
        or ("text" in value and set(value) <= _VOSK_KEYS))


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
