"""Names introduced by the speaker or given after a title (\"my name is …\", \"ik ben …\",
\"madame …\"), in any case."""
from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult


_PARTICLE = r"(?:van|vanden|vander|de|der|den|het|ter|ten|te|in|op|le|la|les|du|des|di|da|del|della|dos|von|el|al|ben|d')"
# Compiled once: re's own cache of 512 patterns is churned by phonenumbers' many patterns.
_PARTICLE_WORD = re.compile(_PARTICLE)
_LOWER_AFTER = re.compile(r"\s+(?!" + _PARTICLE + r"\s)[a-zß-öø-ÿ]")
_TRAILING_PARTICLES = re.compile(r"(?:\s+" + _PARTICLE + r")+$")
_CAP = r"[A-ZÀ-ÖØ-Ý][\w'’-]*[a-zà-ÿ][\w'’-]*|[A-ZÀ-ÖØ-Ý]\.?(?=\s+[A-ZÀ-ÖØ-Ý])"
_LOWER = r"[a-zß-öø-ÿ][\w'’-]*"
_NAME = (rf"(?P<name>(?:{_PARTICLE}\s+)*(?:{_CAP}|{_LOWER})"
         rf"(?:\s+(?:{_PARTICLE}\s+)*(?:{_CAP}|{_LOWER})){{0,3}})")
TITLES = {
    "nl": ["mevrouw", "mevr", "meneer", "mijnheer", "dhr", "juffrouw", "dokter", "dr"],
    "fr": ["madame", "monsieur", "mademoiselle", "mme", "mlle", "m", "docteur", "maître", "dr"],
    "en": ["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"],
}
INTRODUCTIONS = {
    # the name follows these words...
    "nl": ["met", "mijn naam is", "ik ben", "ik heet", "hier is", "u spreekt met",
           "je spreekt met", "spreek ik met"],
    "fr": ["je m'appelle", "je m’appelle", "mon nom est", "je suis", "ici", "c'est",
           "vous parlez avec", "vous êtes en ligne avec"],
    "en": ["this is", "my name is", "i'm", "i am", "speaking with", "you're speaking with",
           "name's"],
}
SELF_NAMED_AFTER = {
    # ...or precedes these
    "nl": ["hier", "aan de lijn", "aan de telefoon"],
    "fr": ["à l'appareil", "à l’appareil"],
    "en": ["speaking", "here"],
}


_ANY_TITLE = re.compile(r"(?i:" + "|".join(sorted({t for ts in TITLES.values() for t in ts},
                                                     key=len, reverse=True)) + r")\.?\s+")


def strip_title(text: str, start: int, end: int) -> int:
    """Where a name starts once a leading title is cut ("Mrs Hewitt" → "Hewitt").

    >>> text = "Thank you, Mrs Hewitt."
    >>> text[strip_title(text, 11, 21):21]
    'Hewitt'
    """
    m = _ANY_TITLE.match(text, start, end)
    return m.end() if m and m.end() < end else start


class IntroducedNameRecognizer(EntityRecognizer):
    """Person names as contact-centre calls say them: after a title ("mevrouw De Cock",
    "monsieur Riou", "Mrs Hewitt") or in an introduction ("u spreekt met Sofie Peeters",
    "Lorraine Marion à l'appareil", "Thomas Hebert speaking"). Only the name is the span.

    Capitalised names are taken as written. Lower-case ones ("mevrouw peeters", "je
    m'appelle fatima el amrani") are checked by the name lexicon: the name is what
    :class:`ccaudit.detect.names.NameFinder` finds there, so "met de klantendienst" or "je suis
    désolé" name nobody.

    >>> rec = IntroducedNameRecognizer("nl")
    >>> text = "Dank u, mevrouw De Cock. Goedemiddag, met Sven Vercruysse."
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]
    ['De Cock', 'Sven Vercruysse']
    >>> text = "ja goeiedag u spreekt met sofie van den bossche"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]
    ['sofie van den bossche']
    """

    ENTITY = "PERSON"
    SCORE = 0.85

    def __init__(self, supported_language: str = "en"):
        # Every language's titles: a call switching language keeps its "meneer" or "Mrs".
        titles = "|".join(sorted({t for ts in TITLES.values() for t in ts}, key=len, reverse=True))
        before = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                          INTRODUCTIONS.get(supported_language, []))
        after = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                         SELF_NAMED_AFTER.get(supported_language, []))
        # Each pattern with the words it cannot match without: a text that lacks them is not
        # searched (the name, before the words, would be tried at every position).
        self._patterns = [(re.compile(rf"(?<!\w)(?i:{titles})\.?\s+{_NAME}(?!\w)"), None)]
        self._title = re.compile(rf"(?i:{titles})\.?\s+")
        if before:
            self._patterns.append((re.compile(rf"(?<!\w)(?i:{before})\s+{_NAME}(?![\w'’])"), None))
        if after:
            self._patterns.append((re.compile(
                rf"(?:^|(?<=[,.!?;:]\s)|(?<=^\s))(?:(?i:it's|it’s|it is|c'est|c’est|dit is)\s+)?"
                rf"{_NAME}\s+(?i:{after})(?!\w)"), re.compile(rf"\s(?i:{after})(?!\w)")))
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="IntroducedNameRecognizer")

    def load(self) -> None:
        self._finder = None

    def _lexicon_names(self, text: str) -> dict[int, int]:
        """Start → end of each name the lexicon finds after a title or an introduction."""
        from ccaudit.detect.names import shared_finder

        if getattr(self, "_finder", None) is None:
            self._finder = shared_finder(self.supported_language)
        return {start: end for start, end, _, evidence in self._finder.spans(text)
                if evidence in ("title", "introduction")}

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        spans = set()
        checked = None
        for pattern, needs in self._patterns:
            if needs is not None and needs.search(text) is None:
                continue
            for m in pattern.finditer(text):
                start, end = m.start("name"), m.end("name")
                title = self._title.match(text, start, end)
                if title and title.end() < end:  # "this is Mr O'Brien"
                    start = title.end()
                words = [w for w in text[start:end].split() if not _PARTICLE_WORD.fullmatch(w)]
                if not words or not words[0][:1].isupper():
                    # Written in lower case: the name, if any, is what the lexicon says.
                    checked = self._lexicon_names(text) if checked is None else checked
                    if start not in checked:
                        continue
                    end = checked[start]
                else:
                    # Capitalised: the name ends before the first lower-case word.
                    cut = _LOWER_AFTER.search(text[start:end])
                    if cut:
                        end = start + cut.start()
                        trailing = _TRAILING_PARTICLES.search(text[start:end])
                        if trailing:  # "met Sofie de volgende keer"
                            end = start + trailing.start()
                spans.add((start, end))
        return [RecognizerResult(self.ENTITY, start, end, self.SCORE,
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id})
                for start, end in sorted(spans)]
