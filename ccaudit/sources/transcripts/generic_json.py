"""The tool's own JSON transcript format (``json``): ``{"call_id", "language", "started_at",
"channel", "turns": [{"speaker", "start", "end", "text"}]}``, a turn per element of "turns",
and its redacted copy.
"""
from __future__ import annotations

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import Transcript, Turn, _Parsed
from ccaudit.sources.transcripts.json_common import _dump_json, _json_type, _optional_text, _seconds, _string


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
