"""Amazon Transcribe output (``transcribe``): a turn per run of ``results.items`` with the same
speaker or channel label, punctuation glued to the word before, words timed by their items,
and the redacted copy with ``results.transcripts`` and ``audio_segments`` rebuilt.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts.common import Transcript, Turn, Word, _Parsed
from ccaudit.sources.transcripts.json_common import _dump_json, _json_type, _optional_text, _seconds


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
