"""What the readers of the word-timing engines (Whisper/WhisperX, Vosk, Azure) share: an engine
word, finding each one in the turn text (the Words of a turn), a turn's first and last word
times, which words a redaction left standing and blanking the others, and the majority label
(a speaker, a locale).
"""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ccaudit.sources.transcripts.common import Word
from ccaudit.sources.transcripts.json_common import _seconds


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
