"""Explore one file: what is in it, and why ccaudit says so.

>>> found = explore("data_samples/exports/brightbank/crm_export_2026-10.csv")   # doctest: +SKIP
>>> found.columns[["column", "entity_type", "decided_by", "score"]]              # doctest: +SKIP

For an export, one row per column: masked sample values, the entity found, the share of
sampled values that matched, the column-name hint, the evidence and the recognizer (or
ccaudit's own rule) that decided, with its median score, and the analyst's reviewed decision
when there is one; for free-text columns, a few notes with each span found shown over masked
text. For a call, its turns with each finding over masked text, and the findings with their
recognizer and score. The explanation is read from the same classification the scans make
(:func:`ccaudit.detect.exports.classify_file`, :class:`ccaudit.detect.transcripts.TranscriptScanner`),
never from a second code path.

Masked text keeps the language's common words and masks every other word to its initial
(digits to ``*``), so a note reads ``klant mevr ⟦PERSON P***⟧ belt terug op ⟦PHONE_NUMBER +32 4** ** ** 56⟧``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ccaudit.config import Config
from ccaudit.errors import ReaderError
from ccaudit.report.masking import STAR, mask
from ccaudit.settings import load_config
from ccaudit.sources.kinds import EXPORT, TRANSCRIPT, file_kind

COLUMNS = ["sheet", "column", "kind", "entity_type", "sensitivity", "match_share", "hinted",
           "evidence", "decided_by", "score", "examples", "reviewed"]
NOTES = ["sheet", "column", "note", "found"]
TURNS = ["turn", "speaker", "role", "language", "text"]
FINDINGS = ["turn", "start", "end", "entity_type", "masked", "recognizer", "score", "spoken",
            "reviewed"]
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass
class Exploration:
    """What :func:`explore` found in one file (every value masked)."""

    source: str
    kind: str
    columns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTES))
    turns: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TURNS))
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDINGS))
    info: dict = field(default_factory=dict)

    def headline(self) -> str:
        name = Path(self.source).name
        if self.kind == EXPORT:
            personal = self.columns[self.columns["entity_type"] != ""]
            kinds = ", ".join(sorted(set(personal["entity_type"]))) or "none"
            return (f"{name}: {len(self.columns)} column(s), {self.info.get('rows', 0)} row(s); "
                    f"{len(personal)} hold personal data ({kinds}).")
        kinds = ", ".join(sorted(set(self.findings["entity_type"]))) or "none"
        return (f"{name}: {len(self.turns)} turn(s), {len(self.findings)} finding(s) "
                f"({kinds}).")


def masked_text(text: str, spans, language: str | None) -> str:
    """``text`` with every span ``(start, end, entity, masked)`` shown as ``⟦ENTITY masked⟧``
    and every other word masked to its initial unless it is a common word of ``language``.

    >>> masked_text("call Jan back on 0475 12 34 56", [(17, 30, "PHONE_NUMBER", "+32 4** ** ** 56")], "en")
    'call J*** back on ⟦PHONE_NUMBER +32 4** ** ** 56⟧'
    """
    from ccaudit.detect.transcripts import common_words

    common = common_words(language) if language else frozenset()
    out, pos = [], 0
    for start, end, entity, shown in sorted(spans):
        if start < pos:
            continue  # overlapping spans: the first one is shown
        out.append(_mask_words(text[pos:start], common))
        out.append(f"⟦{entity} {shown}⟧")
        pos = end
    out.append(_mask_words(text[pos:], common))
    return "".join(out)


def _mask_words(text: str, common: frozenset[str]) -> str:
    def one(match: re.Match) -> str:
        word = match.group(0)
        if any(c.isdigit() for c in word):
            return re.sub(r"\d", STAR, word)
        if word.lower() in common:
            return word
        return word[0] + STAR * 3 if len(word) > 1 else word
    return _WORD.sub(one, text)


def explore(path: str | Path, config: Config | str | Path | None = None, analyzers=None,
            today: date | None = None, notes: int = 3) -> Exploration:
    """Explain what ccaudit finds in one export or call transcript (every value masked).

    :param path: one file: an export (CSV, XLSX, JSON, NDJSON, Parquet) or a call transcript.
    :param config: a :class:`~ccaudit.config.Config`, a scanner or audit YAML, or None.
    :param analyzers: an :class:`~ccaudit.detect.analyzer.Analyzers` to reuse (a notebook
        exploring several files pays for the models once).
    :param notes: how many notes of each free-text column to show.
    :raises ReaderError: the file is missing, of no supported kind, or unreadable.
    """
    from ccaudit.detect.analyzer import Analyzers

    path = Path(path)
    if not path.is_file():
        raise ReaderError("no such file", source=str(path))
    if not isinstance(config, Config):
        config = load_config(config)
    analyzers = analyzers or Analyzers(config)
    kind = file_kind(path)
    if kind == EXPORT:
        return _explore_export(path, config, analyzers, today, notes)
    if kind == TRANSCRIPT:
        return _explore_call(path, config, analyzers, today)
    raise ReaderError("neither an export nor a transcript ccaudit reads", source=str(path))


def _reviewed(by: str, on: str, reason: str) -> str:
    return f"{by}, {on}: {reason}" if by else ""


def _explore_export(path: Path, config: Config, analyzers, today, notes: int) -> Exploration:
    from ccaudit.detect.exports import classify_file
    from ccaudit.detect.transcripts import TranscriptScanner

    scanner: list = []

    def get_notes():
        if not scanner:
            scanner.append(TranscriptScanner(config, lambda: analyzers.transcripts(today), today=today))
        return scanner[0]

    from ccaudit.detect.language import LanguageGuesser

    found = classify_file(path, config, analyzers.exports, today, notes=get_notes)
    rows, note_rows = [], []
    default = config.languages[0] if config.languages else None
    guesser = LanguageGuesser(config.languages, min_chars=config.transcripts.min_language_chars)
    for profile, values in zip(found.profiles, found.values):
        rows.append({"sheet": profile.sheet, "column": profile.column, "kind": profile.kind,
                     "entity_type": profile.entity_type, "sensitivity": profile.sensitivity,
                     "match_share": round(profile.match_share, 3), "hinted": ";".join(profile.hinted),
                     "evidence": profile.evidence, "decided_by": profile.decided_by,
                     "score": None if profile.score is None else round(profile.score, 3),
                     "examples": " | ".join(profile.examples),
                     "reviewed": _reviewed(profile.reviewed_by, profile.reviewed_on, profile.review_reason)})
        if profile.kind != "free_text" or not profile.entities:
            continue
        shown = 0
        for value in values:
            spans = [(r.start, r.end, r.entity_type, mask(value.text[r.start:r.end], r.entity_type))
                     for r in value.results if r.entity_type in profile.entities]
            if not spans:
                continue
            recognizers = sorted({f"{r.entity_type}: {(r.recognition_metadata or {}).get('recognizer_name', '')} "
                                  f"({r.score:.2f})" for r in value.results if r.entity_type in profile.entities})
            note_rows.append({"sheet": profile.sheet, "column": profile.column,
                              "note": masked_text(value.text, spans, guesser.detect(value.text) or default),
                              "found": "; ".join(recognizers)})
            shown += 1
            if shown >= notes:
                break
    return Exploration(path.as_posix(), EXPORT, pd.DataFrame(rows, columns=COLUMNS),
                       pd.DataFrame(note_rows, columns=NOTES), info=found.info)


_LABEL = re.compile(r"(?:spk|speaker|ch|channel|spreker|locuteur)[_ -]?\d+|\d+", re.IGNORECASE)


def _speaker(label: str, config: Config) -> str:
    """A role or engine label ("Agent", "klant", "spk_0") as it is; a name, masked."""
    words = config.transcripts.agent_speakers + config.transcripts.customer_speakers
    if not label or _LABEL.fullmatch(label.strip()) or any(w in label.lower() for w in words):
        return label
    return mask(label, "PERSON")


def _explore_call(path: Path, config: Config, analyzers, today) -> Exploration:
    from ccaudit.detect.transcripts import TranscriptScanner, speaker_roles
    from ccaudit.sources.transcripts import read_transcript

    transcript = read_transcript(path)
    scan = TranscriptScanner(config, lambda: analyzers.transcripts(today), today=today).scan(
        [(path, path.parent.name, Path(path.name))])
    if len(scan.errors):
        raise ReaderError(str(scan.errors["error"].iloc[0]), source=path.as_posix())
    call_language = scan.calls["language"].iloc[0] if len(scan.calls) else None
    findings = scan.findings
    roles = speaker_roles([t.speaker for t in transcript.turns], config)
    turn_rows = []
    for turn, role in zip(transcript.turns, roles):
        mine = findings[findings["turn"] == turn.index]
        language = mine["language"].iloc[0] if len(mine) else call_language
        spans = list(zip(mine["start"], mine["end"], mine["entity_type"], mine["masked"]))
        turn_rows.append({"turn": turn.index, "speaker": _speaker(turn.speaker, config),
                          "role": role, "language": language,
                          "text": masked_text(turn.text, spans, language)})
    rows = pd.DataFrame({
        "turn": findings["turn"], "start": findings["start"], "end": findings["end"],
        "entity_type": findings["entity_type"], "masked": findings["masked"],
        "recognizer": findings["recognizer"], "score": findings["score"], "spoken": findings["spoken"],
        "reviewed": [_reviewed(b, o, r) for b, o, r in zip(findings["reviewed_by"], findings["reviewed_on"],
                                                          findings["review_reason"])]},
        columns=FINDINGS)
    info = scan.calls.iloc[0].to_dict() if len(scan.calls) else {}
    return Exploration(path.as_posix(), TRANSCRIPT, turns=pd.DataFrame(turn_rows, columns=TURNS),
                       findings=rows, info={k: info[k] for k in ("language", "turns", "words", "findings")
                                            if k in info})


def record_review(found: Exploration, config: Config, *, decision: str, reason: str, by: str,
                  column: str | None = None, sheet: str | None = None, turn: int | None = None,
                  start: int | None = None, end: int | None = None, file: str | None = None) -> str:
    """Record an analyst's decision about a column (an export) or a finding (a call) of the
    explored file in the reviewed-decisions file the configuration names; returns what was
    recorded, in one line. ``file`` defaults to the file's folder and name
    (``brightbank/crm_export_2026-10.csv``); give a glob to cover later exports too.

    The column or the span must be one :func:`explore` found; a ConfigError names the
    problem otherwise, and nothing is written."""
    from ccaudit.detect.reviews import record_decision
    from ccaudit.errors import CcauditError, ConfigError

    if config.reviews is None:
        raise ConfigError("names no reviewed-decisions file: add 'reviews: reviews.yaml' to the "
                          "audit configuration (or the scanner configuration)", source=config.source)
    if not by or not reason:
        raise CcauditError("a reviewed decision needs a reason and the reviewer's name or initials")
    if found.kind == EXPORT:
        if column is None:
            raise CcauditError("name the column the decision is about", source=found.source)
        known = found.columns[(found.columns["column"] == column) & (found.columns["sheet"] == (sheet or ""))]
        if known.empty:
            raise CcauditError(f"has no column '{column}'" + (f" in sheet '{sheet}'" if sheet else ""),
                               source=found.source)
    else:
        if None in (turn, start, end):
            raise CcauditError("name the finding's turn, start and end (from the findings table)",
                               source=found.source)
        known = found.findings[(found.findings["turn"] == turn) & (found.findings["start"] == start)
                               & (found.findings["end"] == end)]
        if known.empty:
            raise CcauditError(f"has no finding at turn {turn}, characters {start}–{end}", source=found.source)
    path = Path(found.source)
    made = record_decision(config.reviews, file=file or f"{path.parent.name}/{path.name}", decision=decision,
                           reason=reason, by=by, column=column, sheet=sheet if column else None,
                           turn=turn, start=start, end=end, entities=config.entities)
    where = (f"column {column}" if column else f"turn {turn}, characters {start}–{end}")
    return f"recorded in {config.reviews}: {made.file}, {where} is {made.label} ({made.by}, {made.on})"


__all__ = ["Exploration", "explore", "masked_text", "record_review"]
