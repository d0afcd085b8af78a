"""One assertion helper for recognizer tables: which entities cover which text."""
from __future__ import annotations


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
