"""Which reader reads a file: chosen by its suffix, and a ``.json`` file by its shape (the keys
each engine writes, in the order the package docstring gives); any failure becomes a
ReaderError that names the file and never quotes it.
"""
from __future__ import annotations

from pathlib import Path

from ccaudit.errors import ReaderError
from ccaudit.sources.common import open_error
from ccaudit.sources.transcripts.azure import _parse_azure
from ccaudit.sources.transcripts.common import _Parsed
from ccaudit.sources.transcripts.cues import _parse_srt, _parse_vtt
from ccaudit.sources.transcripts.generic_json import _parse_generic
from ccaudit.sources.transcripts.json_common import _JsonFile, _load_json
from ccaudit.sources.transcripts.text import _parse_text
from ccaudit.sources.transcripts.transcribe import _parse_transcribe
from ccaudit.sources.transcripts.vosk import _is_utterance, _parse_vosk
from ccaudit.sources.transcripts.whisper import _is_segment, _parse_segments


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


_NOT_A_TRANSCRIPT = "not a transcript: no turns, segments, recognizedPhrases or result"


def _parse_json(data: bytes, stem: str, source: str) -> _Parsed:
    """The JSON formats, told apart by their own keys (see the package docstring)."""
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
