"""Which language is spoken: per call, and per turn when a call switches language.

Offline detection with lingua, restricted to the configured languages. A short turn ("ja",
"oui merci") says too little about its language: it takes the call's language, or the
previous turn's when the call switched.

>>> guess = LanguageGuesser(("en", "fr", "nl"))
>>> guess.detect("Goedemorgen, u spreekt met Sofie van de klantendienst")
'nl'
>>> guess.per_turn(["Good morning, how can I help you today?", "Bonjour, je voudrais parler français s'il vous plaît", "oui"])
['en', 'fr', 'fr']
"""
from __future__ import annotations

from typing import Sequence

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder


_KNOWN_TEXTS = 200_000  # distinct texts remembered before starting afresh


class LanguageGuesser:
    """Detect the language of texts among ``languages`` (ISO 639-1 codes)."""

    def __init__(self, languages: Sequence[str], min_chars: int = 20, min_confidence: float = 0.6):
        codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
        self._languages = [Language.from_iso_code_639_1(code) for code in codes]
        self._detector = (LanguageDetectorBuilder.from_languages(*self._languages)
                          .with_preloaded_language_models().build()) if len(codes) > 1 else None
        self.default = languages[0]
        self.min_chars = min_chars
        self.min_confidence = min_confidence
        # Turns repeat ("thank you", the greeting): each distinct text is detected once.
        self._known: dict[str, str | None] = {}

    def detect(self, text: str) -> str | None:
        """The most likely language, or ``None`` when the text is too short or ambiguous."""
        if self._detector is None:
            return self.default
        if len(text.strip()) < self.min_chars:
            return None
        if text not in self._known:
            self._remember({text: self._detector.compute_language_confidence_values(text)})
        return self._known[text]

    def forget(self) -> None:
        """Forget the texts detected so far (a new scan starts: a long-lived scanner, as a
        cluster's worker keeps, detects each scan's texts afresh, as one process would)."""
        self._known.clear()

    def _remember(self, values: dict[str, list]) -> None:
        if len(self._known) > _KNOWN_TEXTS:
            self._known.clear()
        for text, found in values.items():
            self._known[text] = (None if not found or found[0].value < self.min_confidence
                                 else found[0].language.iso_code_639_1.name.lower())

    def prime(self, calls: Sequence[tuple[Sequence[str], str | None]]) -> None:
        """Guess at once, on lingua's threads, what :meth:`per_turn` will ask of these calls
        (``(texts, call_language)``): each new text long enough to tell, then the whole
        text of each call whose language is not given and that a turn needs. A batch of
        calls is primed in two passes instead of small passes per call."""
        if self._detector is None:
            return
        self._detect_new(text for texts, _ in calls for text in texts)
        # Then the whole text of each call that will need it (:meth:`_falls_back`).
        self._detect_new(" ".join(texts) for texts, call_language in calls
                         if not call_language and self._falls_back(texts))

    def _detect_new(self, texts) -> None:
        """Detect, in one pass on lingua's threads, the texts not known yet and long enough."""
        new = [t for t in dict.fromkeys(texts) if t not in self._known and len(t.strip()) >= self.min_chars]
        if new:
            self._remember(dict(zip(new, self._detector.compute_language_confidence_values_in_parallel(new))))

    def _falls_back(self, texts: Sequence[str]) -> bool:
        """Whether a turn of a call takes the call's language: one that says too little to
        tell comes before the first that tells, so the first turn does not tell (each
        turn's guess known already)."""
        return bool(texts) and self.detect(texts[0]) is None

    def per_turn(self, texts: Sequence[str], call_language: str | None = None) -> list[str]:
        """A language for every turn: detected where the turn says enough, else inherited.

        ``call_language`` (from the file's metadata) is the starting point; without it the
        whole call's text is detected.
        """
        if self._detector is not None:
            # The call's new texts long enough to tell, detected together on lingua's threads.
            new = list(dict.fromkeys(t for t in texts if t not in self._known
                                     and len(t.strip()) >= self.min_chars))
            if len(new) > 1:
                self._remember(dict(zip(new, self._detector
                                        .compute_language_confidence_values_in_parallel(new))))
        # The whole call's language is read only when a turn takes it: the turns before the
        # first that tells its own (most calls open with a greeting that does).
        current = call_language or (self._falls_back(texts) and self.detect(" ".join(texts))) \
            or self.default
        out = []
        for text in texts:
            current = self.detect(text) or current
            out.append(current)
        return out
