"""Dates of birth: written or said dates near a question about the birth, in Dutch, French
and English, refused when impossible or in the future."""
from __future__ import annotations

import re
from datetime import date

from presidio_analyzer import EntityRecognizer, RecognizerResult


MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
}
# Spellings speech-to-text and people also use, mapped to the month number.
_MONTH_ALIASES = {"fevrier": 2, "aout": 8, "decembre": 12, "jan": 1, "feb": 2, "febr": 2,
                  "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                  "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12, "déc": 12,
                  "janv": 1, "févr": 2, "avr": 4, "juil": 7}
MONTH_NUMBER = {name: i + 1 for names in MONTHS.values() for i, name in enumerate(names)}
MONTH_NUMBER.update(_MONTH_ALIASES)

# Words that say a date is a birth date, per language (matched as whole words or word starts).
BIRTH_CONTEXT = {
    "nl": ["geboren", "geboortedatum", "geboortedag", "geboortejaar", "verjaardag"],
    "fr": ["naissance", "né", "née", "naquit", "anniversaire"],
    "en": ["born", "birth", "birthday", "birthdate", "dob"],
}
_BIRTH_WORDS = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted({re.escape(w) for ws in BIRTH_CONTEXT.values() for w in ws},
                                    key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


def has_birth_context(text: str) -> bool:
    """Whether ``text`` says "birth" in Dutch, French or English.

    >>> has_birth_context("Wat is uw geboortedatum?"), has_birth_context("Je suis née le 3 avril")
    (True, True)
    >>> has_birth_context("Your invoice of 12 March 2026")
    False
    """
    return _BIRTH_WORDS.search(text) is not None


_MONTH_WORD = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|e|ste|de)?"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)"
_DATE_PATTERNS = [
    # 12/03/1985, 12-03-1985, 12.03.1985 (day first, as in Belgium, the Netherlands, France)
    re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-]" + _YEAR + r"(?![\d/-])"),
    # 1985-03-12
    re.compile(r"(?<![\d/.-])" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d/-])"),
    # 12 maart 1985, le 3 avril 1979, 1er mai 1990, the 12th of March 1985
    re.compile(r"(?<!\w)" + _DAY + r"\s+(?:of\s+)?(?P<mn>" + _MONTH_WORD + r")\.?,?\s+" + _YEAR
               + r"(?!\d)", re.IGNORECASE),
    # March 12, 1985 / March 12th 1985
    re.compile(r"(?<!\w)(?P<mn>" + _MONTH_WORD + r")\.?\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)",
               re.IGNORECASE),
]


def find_dates(text: str, today: date | None = None, max_age: int = 120):
    """``(start, end, date)`` of every valid calendar date in ``text`` with a four-digit year
    no later than ``today`` and at most ``max_age`` years before it.

    >>> [(s, e, d.isoformat()) for s, e, d in find_dates("geboren op 12 maart 1985, niet 31/02/1985")]
    [(11, 24, '1985-03-12')]
    """
    today = today or date.today()
    found: dict[tuple[int, int], date] = {}
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = int(parts["m"]) if parts.get("m") else MONTH_NUMBER[parts["mn"].lower()]
            try:
                value = date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            if value <= today and today.year - value.year <= max_age and not any(
                    s <= m.start() and m.end() <= e for s, e in found):
                found[(m.start(), m.end())] = value
    return sorted((s, e, d) for (s, e), d in found.items())


class DateOfBirthRecognizer(EntityRecognizer):
    """Dates said or written in a call, reported as ``DATE_OF_BIRTH`` when birth is mentioned.

    A date in a text that says birth ("geboren", "date de naissance", "born") scores
    ``SCORE``; any other date scores ``CANDIDATE_SCORE``, below the reporting threshold, so
    the transcript scanner can promote it when the previous turn asked for the birth date
    and drop it otherwise: an invoice date is not personal data.
    """

    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.85
    CANDIDATE_SCORE = 0.2

    def __init__(self, supported_language: str = "en", today: date | None = None):
        self.today = today
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="DateOfBirthRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        score = self.SCORE if has_birth_context(text) else self.CANDIDATE_SCORE
        return [RecognizerResult(self.ENTITY, start, end, score,
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id})
                for start, end, _ in find_dates(text, self.today)]


# A name as said after a title or in an introduction, with the particles of Dutch, Flemish,
# French, Italian and Arabic surnames ("De Cock", "van der Berg", "d'Hondt", "el Amrani"):
# capitalised words, or lower-case words as speech-to-text writes them ("mevrouw peeters"),
# which the name lexicon then checks (ccaudit.detect.names).
