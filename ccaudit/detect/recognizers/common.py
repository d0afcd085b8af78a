"""What the recognizers share: context words in the language of the text first (Presidio
raises a hit's score when one appears near it); each recognizer holds its own words."""
from __future__ import annotations

import re

import regex
from presidio_analyzer import PatternRecognizer
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS


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


# Texts up to this length are searched by the guards of :class:`QuickPatterns` without
# Presidio's regex timeout (a turn, a cell); longer ones (notes, a whole call in one turn) with it.
UNTIMED_CHARS = 1_000


class QuickPatterns:
    """For a pattern recognizer (put before it in the bases) whose findings all come from
    its patterns' matches: a text where none of the patterns matches anywhere gets no
    finding, and is answered after one search per pattern, without Presidio's per-pattern
    bookkeeping (two clock reads, a debug log call, a result and explanation per match).
    Most turns and cells hold no IP address, card or national number. A text where some
    pattern matches is analysed exactly as before (``tests/test_recognizers.py``).

    The patterns are searched with the flags the analysis uses (:meth:`_pattern_flags`), and
    with Presidio's timeout on a text longer than :data:`UNTIMED_CHARS` only."""

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        if not self._some_pattern_matches(text, self._pattern_flags(regex_flags)):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def _pattern_flags(self, regex_flags):
        return regex_flags or self.global_regex_flags  # as PatternRecognizer's analysis

    def _some_pattern_matches(self, text: str, flags: int) -> bool:
        compiled = self.__dict__.setdefault("_guards", {})
        found = compiled.get(flags)
        if found is None:
            found = compiled[flags] = [regex.compile(p.regex, flags=flags) for p in self.patterns]
        if len(text) <= UNTIMED_CHARS:
            # Reading the clock costs three times the search of a turn or a cell
            # (``tests/test_recognizers.py`` checks that no pattern backtracks on such a text).
            return any(c.search(text) for c in found)
        try:
            return any(c.search(text, timeout=REGEX_TIMEOUT_SECONDS) for c in found)
        except TimeoutError:
            return True  # Presidio's own analysis logs it


class NationalIdRecognizer(QuickPatterns, PatternRecognizer):
    """A national identifier: loose ``PATTERNS`` confirmed by ``validate_result`` (its check
    digits), with the ``CONTEXT`` words of each language. A country module sets the three."""

    ENTITY: str
    PATTERNS: list
    CONTEXT: dict[str, list[str]] = {}

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.CONTEXT, supported_language),
                         supported_language=supported_language, **kwargs)
