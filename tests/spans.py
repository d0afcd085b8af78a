"""Helpers for recognizer tests: which entities cover which text, and the samples' texts."""
from __future__ import annotations

from pathlib import Path


def found(analyzer, text: str, language: str = "en", entities=None) -> set[tuple[str, str]]:
    """``{(entity, matched text)}`` for one text."""
    results = analyzer.analyze(text, language=language, entities=entities)
    return {(r.entity_type, text[r.start:r.end]) for r in results}


def assert_finds(analyzer, text: str, entity: str, expected: str | None, language: str = "en"):
    """``expected`` is the exact span for ``entity``, or ``None`` when it must not be found."""
    hits = {span for kind, span in found(analyzer, text, language, [entity]) if kind == entity}
    if expected is None:
        assert not hits, f"{entity} wrongly found in a {len(text)}-character text: {sorted(hits)}"
    else:
        assert expected in hits, f"{entity} not found as expected; got {sorted(hits)}"


def sample_texts(samples_dir: Path) -> list[str]:
    """Every distinct value of the sample exports and every turn of the sample calls."""
    from ccaudit.sources.tables import discover, read_tables
    from ccaudit.sources.transcripts import read_transcript
    from ccaudit.errors import ReaderError

    texts: set[str] = set()
    for path in discover([samples_dir / "exports", samples_dir / "outbound"]):
        try:
            for chunk in read_tables(path):
                for column in chunk.frame.columns:
                    texts.update(chunk.frame[column].dropna().astype(str).unique())
        except ReaderError:
            continue
    for path in sorted((samples_dir / "transcripts").rglob("*.*")):
        try:
            texts.update(t.text for t in read_transcript(path).turns)
        except ReaderError:
            continue
    return sorted(texts)
