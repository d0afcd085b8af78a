"""The names among the words spelled letter by letter (:mod:`ccaudit.detect.spelled` finds the
runs, :func:`ccaudit.detect.spoken.normalise` writes each as the word it spells): a spelled
word after "my name is", "naam", "nom" or echoing a word said just before is a PERSON.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (ContextAwareEnhancer,
                                                        LemmaContextAwareEnhancer)
from presidio_analyzer.nlp_engine import NlpArtifacts

from ccaudit.detect.spelled import fold
from ccaudit.detect.spoken import Normalised, normalise

# Words that say a name is being given or spelled.
NAME_WORDS = ["naam", "achternaam", "familienaam", "voornaam", "meisjesnaam", "heet",
              "spellen", "spel", "spelt", "nom", "prénom", "prenom", "appelle", "appelez",
              "épeler", "épelez", "épelle", "épelé", "name", "surname", "spell", "spelling",
              "spelled", "last name", "first name"]
# Words that say it is something else: a spelled street, town or e-mail is not a person.
OTHER_WORDS = {"adres", "adresse", "address", "straat", "straatnaam", "rue", "avenue", "chaussée",
               "boulevard", "street", "road", "lane", "laan", "gemeente", "woonplaats", "commune",
               "ville", "city", "town", "stad", "plaats", "dorp", "village", "localité", "woon",
               "woont", "wonen", "habite", "habitons", "live", "lives", "mail", "email",
               "e-mail", "mailadres", "emailadres", "e-mailadres", "courriel"}
_STREET = re.compile(r"(straat|laan|weg|plein|lei|dreef|steenweg|baan|kaai|markt|singel|gracht|"
                     r"street|road|avenue|lane)$")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_VOWEL = re.compile(r"[aeiouyàâäéèêëïîôöùûü]")
_ECHO_WINDOW = 8  # words before a spelled word where it may have been said


class SpelledNameRecognizer(EntityRecognizer):
    """PERSON for a spelled word that is a name.

    * The word was said just before it in the turn (``peeters p e e t e r s``), or the turn
      says name or spell (``mijn naam is d e s m e t``): :attr:`SCORE`.
    * Otherwise :attr:`WEAK_SCORE`, below the reporting threshold, with :data:`NAME_WORDS` as
      context: the previous turn asking "kan u uw naam spellen?" lifts it.

    A spelled street, town or e-mail, or letters without a vowel (an abbreviation), is not
    a name. Registered in an analyzer, it reads raw text and spans the letters said:

    >>> rec = SpelledNameRecognizer("nl")
    >>> text = "mijn naam is p e e t e r s"
    >>> [(text[r.start:r.end], r.score) for r in rec.analyze(text, ["PERSON"])]
    [('p e e t e r s', 0.85)]
    """

    ENTITY = "PERSON"
    SCORE = 0.85
    WEAK_SCORE = 0.4

    def __init__(self, supported_language: str = "en"):
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="SpelledNameRecognizer", context=list(NAME_WORDS))

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        """Spelled names in raw ``text``; the analyzer's context enhancer does the rest."""
        if self.ENTITY not in entities:
            return []
        norm = normalise(text, self.supported_language)
        results = self.analyze_normalised(norm)
        for r in results:
            r.start, r.end = norm.to_original(r.start, r.end)
        return results

    def analyze_normalised(self, norm: Normalised) -> list[RecognizerResult]:
        """Results on ``norm.text`` for the names among ``norm.spelled``, before context."""
        results = []
        words = [(m.start(), m.end(), m.group().lower())
                 for m in re.finditer(r"[\w'’-]+", norm.text)]
        for start, end, word in norm.spelled:
            plain = _plain(word)
            if len(plain) < 2 or not _VOWEL.search(plain) or _STREET.search(plain) or \
                    (len(plain) > 2 and plain in _ALPHABET):  # "a b c d": the alphabet
                continue
            before = [w for w in words if w[1] <= start and not _inside(w, norm.spelled)]
            cue = _last_cue(before)
            if cue == "other":
                continue
            echo = _echoed(plain, before[-_ECHO_WINDOW:])
            echoed = echo is not None
            named = cue == "name" or any(w[2] in _NAME_SET for w in words if w[0] >= end)
            score = self.SCORE if echoed or named else self.WEAK_SCORE
            why = "said just before" if echoed else "name or spell in the turn" if named else \
                "spelled word"
            explanation = AnalysisExplanation(
                recognizer=self.name, original_score=score,
                textual_explanation=f"spelled letter by letter; {why}")
            metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
            results.append(RecognizerResult(
                self.ENTITY, start, end, score, analysis_explanation=explanation,
                recognition_metadata=metadata))
            if echo is not None:  # the name as said before it is spelled: "baeyens dat is b a …"
                results.append(RecognizerResult(
                    self.ENTITY, echo[0], echo[1], score, recognition_metadata=dict(
                        metadata, evidence="spelled just after")))
        return sorted(results, key=lambda r: (r.start, r.end))


_NAME_SET = {w for w in NAME_WORDS if " " not in w}


def _plain(word: str) -> str:
    return re.sub(r"[\s'’\-]", "", fold(word))


def _inside(word: tuple[int, int, str], spans) -> bool:
    return any(s <= word[0] and word[1] <= e for s, e, _ in spans)


def _last_cue(words: Sequence[tuple[int, int, str]]) -> str | None:
    """``"name"`` or ``"other"``: what the nearest cue word before a spelled word says."""
    for i in range(len(words) - 1, -1, -1):
        word = words[i][2]
        if word in _NAME_SET or (word == "name" and i and words[i - 1][2] in ("last", "first")):
            return "name"
        if word in OTHER_WORDS:
            return "other"
    return None


def _echoed(plain: str, words: Sequence[tuple[int, int, str]]) -> tuple[int, int] | None:
    """``(start, end)`` of the one to three words among ``words`` that spell ``plain``
    (``van damme``), the last such, or ``None``."""
    folded = [_plain(w) for _, _, w in words]
    for b in range(len(folded), 0, -1):
        for a in range(max(0, b - 3), b):
            if "".join(folded[a:b]) == plain:
                return words[a][0], words[b - 1][1]
    return None


def spelled_name_results(norm: Normalised, context_words: Sequence[str] = (),
                         enhancer: ContextAwareEnhancer | None = None) -> list[RecognizerResult]:
    """PERSON results on ``norm.text`` for its spelled names, lifted by ``context_words``
    (the previous turn's words) through Presidio's context enhancer.

    >>> from ccaudit.detect.spoken import normalise
    >>> norm = normalise("ja dat is d e s m e t", "nl")
    >>> [(norm.text[r.start:r.end], r.score) for r in spelled_name_results(norm, [])]
    [('Desmet', 0.4)]
    >>> [r.score for r in spelled_name_results(norm, ["kan", "u", "uw", "naam", "spellen"])]
    [0.75]
    """
    if not norm.spelled:
        return []
    recognizer = _recognizer()
    results = recognizer.analyze_normalised(norm)
    weak = [r for r in results if r.score < recognizer.SCORE]
    context = [w.lower() for w in context_words]
    if not weak or not context or OTHER_WORDS.intersection(context):
        return results
    # Whole words: "spel" must not be lifted by "spelen", nor "nom" by "nombre".
    enhancer = enhancer or LemmaContextAwareEnhancer(context_matching_mode="whole_word")
    artifacts = NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[],
                             nlp_engine=None, language=recognizer.supported_language)
    lifted = enhancer.enhance_using_context(norm.text, weak, artifacts, [recognizer], context)
    return sorted([r for r in results if r.score >= recognizer.SCORE] + lifted,
                  key=lambda r: r.start)


@lru_cache(maxsize=1)
def _recognizer() -> SpelledNameRecognizer:
    # Stateless: one instance serves every call (building one logs a line each time).
    return SpelledNameRecognizer()


__all__ = ["NAME_WORDS", "OTHER_WORDS", "SpelledNameRecognizer", "spelled_name_results"]
