"""What the recognizers share: context words in the language of the text first (Presidio
raises a hit's score when one appears near it); each recognizer holds its own words."""
from __future__ import annotations

from presidio_analyzer import PatternRecognizer

import re


# Context words per language: Presidio raises a hit's score when one appears near it.
def context_words(by_language: dict[str, list[str]], language: str) -> list[str]:
    """Context words of a recognizer (``{language: words}``): the language's own first, then
    the other languages' (a call that switches language may ask in one and answer in the other)."""
    words = list(by_language.get(language, []))
    for other in by_language.values():
        words += [w for w in other if w not in words]
    return words


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class NationalIdRecognizer(PatternRecognizer):
    """A national identifier: loose ``PATTERNS`` confirmed by ``validate_result`` (its check
    digits), with the ``CONTEXT`` words of each language. A country module sets the three."""

    ENTITY: str
    PATTERNS: list
    CONTEXT: dict[str, list[str]] = {}

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.CONTEXT, supported_language),
                         supported_language=supported_language, **kwargs)
