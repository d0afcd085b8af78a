"""Presidio recognizers for what Presidio lacks in Belgium, the Netherlands, France and Luxembourg.

Each national identifier is found by a loose pattern and confirmed by python-stdnum's
checksum, so a look-alike (an order number, an amount) is rejected by arithmetic, not by
luck. Phone numbers are parsed by phonenumbers for the configured regions.

>>> rec = BeNationalNumberRecognizer()
>>> [r.entity_type for r in rec.analyze("RRN 85.07.30-033.28", ["BE_NATIONAL_NUMBER"])]
['BE_NATIONAL_NUMBER']
"""
from __future__ import annotations

import functools
import re
from datetime import date

import phonenumbers
from presidio_analyzer import (AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer,
                               RecognizerResult)
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, IbanRecognizer, PhoneRecognizer
from stdnum import luhn, verhoeff
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.fr import nir as fr_nir
from stdnum.nl import bsn as nl_bsn

# Context words per language: Presidio raises a hit's score when one appears near it.
CONTEXT = {
    "BE_NATIONAL_NUMBER": {
        "en": ["national", "register", "number", "nn", "id"],
        "nl": ["rijksregisternummer", "rijksregister", "rrn", "insz", "nummer"],
        "fr": ["registre", "national", "niss", "numéro"],
    },
    "NL_BSN": {
        "en": ["bsn", "citizen", "service", "number"],
        "nl": ["bsn", "burgerservicenummer", "sofinummer"],
        "fr": ["bsn"],
    },
    "FR_NIR": {
        "en": ["social", "security", "nir", "insee"],
        "nl": ["sociale", "zekerheid", "nir"],
        "fr": ["sécurité", "sociale", "nir", "insee", "numéro"],
    },
    "LU_NATIONAL_NUMBER": {
        "en": ["matricule", "national", "identification"],
        "nl": ["matricule", "identificatienummer"],
        "fr": ["matricule", "identification", "national"],
    },
    "PHONE_NUMBER": {
        "en": ["phone", "telephone", "mobile", "cell", "call", "number"],
        "nl": ["telefoon", "gsm", "mobiel", "nummer", "bellen", "terugbellen"],
        "fr": ["téléphone", "portable", "mobile", "numéro", "appeler", "rappeler"],
    },
    "LOCATION": {
        "en": ["address", "lives", "street", "live", "town", "city", "moved", "postcode"],
        "nl": ["adres", "woont", "straat", "woon", "woonplaats", "gemeente", "verhuisd", "postcode"],
        "fr": ["adresse", "habite", "rue", "habitez", "ville", "commune", "déménagé", "localité"],
    },
}


def context_words(entity: str, language: str) -> list[str]:
    """Context words for ``entity``: the language's own first, then the other languages'
    (a call that switches language may ask in one and answer in the other)."""
    by_language = CONTEXT.get(entity, {})
    words = list(by_language.get(language, []))
    for other in by_language.values():
        words += [w for w in other if w not in words]
    return words


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class BeNationalNumberRecognizer(PatternRecognizer):
    """Belgian national register number (rijksregisternummer / NN) and BIS number.

    11 digits ``YYMMDDSSSCC``, printed ``YY.MM.DD-SSS.CC``; validated by ``stdnum.be.nn``
    or ``stdnum.be.bis`` (mod 97, with the 2000s rule and the BIS month offsets).
    """

    ENTITY = "BE_NATIONAL_NUMBER"
    PATTERNS = [
        Pattern("be_nn_formatted", r"(?<![\d+][.\s])\b\d{2}[.\s]\d{2}[.\s]\d{2}[-\s.]\d{3}[.\s-]\d{2}\b"
                r"(?![.\s]\d)", 0.5),
        Pattern("be_nn_bare", r"(?<![\d.,-])\d{11}(?![\d]|[.,]\d)", 0.3),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.ENTITY, supported_language),
                         supported_language=supported_language, **kwargs)

    def validate_result(self, pattern_text: str) -> bool:
        number = _digits(pattern_text)
        return be_nn.is_valid(number) or be_bis.is_valid(number)


class NlBsnRecognizer(PatternRecognizer):
    """Dutch citizen service number (BSN): 9 digits passing the 11-proof (``stdnum.nl.bsn``)."""

    ENTITY = "NL_BSN"
    PATTERNS = [
        Pattern("nl_bsn_bare", r"(?<![\d.,-])\d{9}(?![\d]|[.,]\d)", 0.3),
        # Grouped, but not three groups inside a longer run of groups (``+48 512 116 829``).
        Pattern("nl_bsn_grouped", r"(?<![\d+][.\s])(?:\b\d{4}[.\s]\d{2}[.\s]\d{3}\b|"
                r"\b\d{3}[.\s]\d{3}[.\s]\d{3}\b)(?![.\s]\d)", 0.3),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.ENTITY, supported_language),
                         supported_language=supported_language, **kwargs)

    def validate_result(self, pattern_text: str) -> bool:
        number = _digits(pattern_text)
        # All-zero and repeated digits pass the 11-proof but are placeholders, not people.
        return len(set(number)) > 2 and nl_bsn.is_valid(number)


class FrNirRecognizer(PatternRecognizer):
    """French social security number (NIR): 13 characters + 2-digit key (``stdnum.fr.nir``)."""

    ENTITY = "FR_NIR"
    PATTERNS = [
        Pattern(
            "fr_nir",
            r"\b[1-478]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}\b",
            0.5,
        ),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.ENTITY, supported_language),
                         supported_language=supported_language, **kwargs)

    def validate_result(self, pattern_text: str) -> bool:
        return fr_nir.is_valid(re.sub(r"\s", "", pattern_text))


class LuNationalNumberRecognizer(PatternRecognizer):
    """Luxembourg national identification number (matricule): ``YYYYMMDDXXXCC``.

    python-stdnum has no Luxembourg personal-id module, so the two check digits are
    computed with its generic algorithms: the 12th is Luhn and the 13th Verhoeff, both
    over the first 11 digits; the first 8 must be a real date.
    """

    ENTITY = "LU_NATIONAL_NUMBER"
    PATTERNS = [
        Pattern("lu_matricule", r"\b(?:18|19|20)\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:0[1-9]|[12]\d|3[01])\s?\d{5}\b", 0.4),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.ENTITY, supported_language),
                         supported_language=supported_language, **kwargs)

    def validate_result(self, pattern_text: str) -> bool:
        number = _digits(pattern_text)
        if len(number) != 13:
            return False
        try:
            date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        except ValueError:
            return False
        head = number[:11]
        return (luhn.calc_check_digit(head) == number[11]
                and verhoeff.calc_check_digit(head) == number[12])


class CardNumberRecognizer(CreditCardRecognizer):
    """Presidio's card recognizer (Luhn-checked) plus the Mastercard 2-series (2221–2720),
    which its pattern misses.

    >>> [r.entity_type for r in CardNumberRecognizer().analyze("carte 2221 3431 6361 5670", ["CREDIT_CARD"])]
    ['CREDIT_CARD']
    """

    PATTERNS = CreditCardRecognizer.PATTERNS + [
        Pattern("Mastercard 2-series (weak)",
                r"\b(?:222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}\b",
                0.3),
    ]


class StreetAddressRecognizer(PatternRecognizer):
    """Street addresses as written in Belgium, the Netherlands, France and the UK.

    ``Kerkstraat 12``, ``Rue de la Loi 16``, ``12 rue de la Paix``, ``221B Baker Street``,
    ``1234 AB`` (Dutch postcode), ``2000 Antwerpen`` (postcode + place).
    """

    ENTITY = "LOCATION"
    _NL_DE = (r"straat|laan|weg|plein|lei|dreef|steenweg|kaai|gracht|singel|dijk|hof|baan|"
              r"markt|park|pad|veld|berg|dal|wijk|kade|steeg|strasse|straße|allee|platz|gasse|ring")
    _FR = (r"rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|"
           r"chaussée|rond-point|clos|passage|faubourg|résidence")
    _EN = (r"street|st\.?|road|rd\.?|lane|ln\.?|avenue|ave\.?|drive|dr\.?|close|way|court|"
           r"ct\.?|place|square|gardens|crescent|terrace|hill|grove|row|mews|parade")
    # Capitalised words that open a sentence, never a street name ("It's Ankehof 106").
    _NOT_STARTER = (r"(?!(?i:it|that|what|here|there|this|my|our|yes|no|ok|okay|i|i'm|we|mijn|"
                    r"onze|ons|ik|wij|we|het|dat|dit|op|ja|nee|oké|naar|in|c'est|mon|ma|mes|"
                    r"notre|oui|non|je|nous|au|à)['’]?s?\b)")
    PATTERNS = [
        # Kerkstraat 12, Sint-Jansplein 3b, Grote Markt 5 bus 2
        Pattern("street_nl", rf"\b{_NOT_STARTER}[A-ZÀ-Ý][\w'’.\-]*(?:\s(?:[A-ZÀ-Ý0-9][\w'’.\-]*|van|de|der|den|het|ter|ten|te|op|in|la|le)){{0,3}}?(?i:\s?(?:{_NL_DE}))\s+\d{{1,4}}(?:\s?[a-zA-Z]\b)?", 0.6),
        Pattern("street_nl_compound", rf"\b[A-ZÀ-Ý][\w'’\-]*(?i:{_NL_DE})\s+\d{{1,4}}(?:\s?[a-zA-Z]\b)?", 0.6),
        # 12 rue de la Paix; 3 bis, avenue Foch
        Pattern("street_fr_number_first", rf"\b\d{{1,4}}(?:\s?(?i:bis|ter|[a-d]))?,?\s+(?i:{_FR})\s+[\w'’\-]+(?:\s[\w'’\-]+){{0,4}}", 0.6),
        # Rue de la Loi 16, Avenue Louise 54
        Pattern("street_fr_number_last", rf"\b(?i:{_FR})\s+[\w'’\-]+(?:\s[\w'’\-]+){{0,4}}?\s+\d{{1,4}}\b", 0.6),
        # 221B Baker Street
        Pattern("street_en", rf"\b\d{{1,4}}[A-Za-z]?\s+[A-Z][\w'’\-]*(?:\s[A-Z][\w'’\-]*){{0,3}}\s(?i:{_EN})\b", 0.6),
        # Dutch postcode 1234 AB
        Pattern("postcode_nl", r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?:\s+[A-Z][a-zà-ÿ'’]+(?:[\s-][A-Z][a-zà-ÿ'’]+){0,2})?", 0.4),
        # 2000 Antwerpen, 75002 Paris
        Pattern("postcode_place", r"\b(?:0[1-9]\d{3}|[1-9]\d{3,4})\s+[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[\s-][A-ZÀ-Ýa-zà-ÿ'’]+){0,3}\b", 0.4),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(self.ENTITY, supported_language),
                         supported_language=supported_language,
                         # Street types are matched case-insensitively, but the leading
                         # capital of a street or place name must stay a capital.
                         global_regex_flags=re.DOTALL | re.MULTILINE, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        # Presidio's registry passes its own global flags (IGNORECASE); keep ours.
        return super().analyze(text, entities, nlp_artifacts, regex_flags=self.global_regex_flags)


_EDGE = r"(?<![\w.,/:-])"
_INTERNATIONAL = re.compile(_EDGE + r"(?:\+|00)\s?\d(?:[\s./()-]{0,2}\d){6,}")
_NATIONAL = re.compile(_EDGE + r"\(?0(?:[\s./()-]{0,2}\d){7,}")
_LU_CANDIDATE = re.compile(_EDGE + r"(?:6[2-9]1 \d{3} \d{3}|\d{2} \d{2} \d{2})")
_LU_NATIONAL = re.compile(r"^(?:6[2-9]1 \d{3} \d{3}|\d{2} \d{2} \d{2}(?: \d{2})?)$")


class EuPhoneRecognizer(PhoneRecognizer):
    """Phone numbers for European regions, parsed and validated by phonenumbers.

    A number written in national form must carry its trunk prefix (``0475 12 34 56``,
    ``06-12345678``) and be valid in one of the configured regions, whatever the language
    it is said in; international forms (``+32``, ``0032``, ``+1-202-…``) are taken for any
    country where phonenumbers finds them valid, whatever ``phone_regions`` says.
    Digit runs without either are left alone: they are order numbers far more often.
    Luxembourg has no trunk prefix, so its national numbers are taken only in the
    grouped forms people write (``621 123 456``, ``26 12 34 56``).

    Scores: an international number or a national mobile number is a phone number on its
    own (``STRONG_SCORE``, above the reporting threshold: "you can reach me on +44 …");
    a national landline number (which an account or order number can resemble) scores
    Presidio's 0.4 and needs a context word ("phone", "gsm", "numéro") to be reported.
    """

    STRONG_SCORE = 0.6

    def __init__(self, supported_regions=("BE", "NL", "FR", "LU", "DE", "GB"),
                 supported_language: str = "en", **kwargs):
        super().__init__(supported_regions=tuple(supported_regions),
                         supported_language=supported_language,
                         context=context_words("PHONE_NUMBER", supported_language),
                         leniency=phonenumbers.Leniency.VALID, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None):
        results: dict[tuple[int, int], RecognizerResult] = {}
        # phonenumbers' matcher is slow and runs once per region: most cells (names,
        # amounts, ids, timestamps) hold nothing written like a phone number, and are skipped.
        international = _INTERNATIONAL.search(text) is not None
        national = _NATIONAL.search(text) is not None
        grouped_lu = "LU" in self.supported_regions and _LU_CANDIDATE.search(text) is not None
        if not (international or national or grouped_lu):
            return []
        regions = self.supported_regions if (national or grouped_lu) else self.supported_regions[:1]
        for region in regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency):
                raw = match.raw_string.strip()
                if not raw.startswith(("+", "00")):
                    if region == "LU":
                        if not _LU_NATIONAL.match(raw):
                            continue
                    elif not re.match(r"\(?0", raw):
                        continue
                # Part of a longer number or of a decimal amount: not a phone number.
                before = text[match.start - 1] if match.start > 0 else ""
                after = text[match.end] if match.end < len(text) else ""
                if before.isalnum() or (before and before in "-/") or after.isalnum() or (
                        after in ".," and text[match.end + 1:match.end + 2].isdigit()):
                    continue
                key = (match.start, match.end)
                if key not in results:
                    result = self._get_recognizer_result(match, text, region, nlp_artifacts)
                    if raw.startswith(("+", "00")) or phonenumbers.number_type(match.number) in (
                            phonenumbers.PhoneNumberType.MOBILE,
                            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
                        result.score = max(result.score, self.STRONG_SCORE)
                    results[key] = result
        return list(results.values())


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class AnyCaseIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer (ISO 7064 mod 97, country formats), in any letter case.

    Speech-to-text engines write ``be79 3329 8094 3733`` and people type
    ``nl91abna0417164300``; Presidio's patterns want capitals. The text is read with its
    ASCII letters upper-cased, which keeps every offset.

    >>> text = "mijn rekening is be71 0961 2345 6769"
    >>> [text[r.start:r.end] for r in AnyCaseIbanRecognizer().analyze(text, ["IBAN_CODE"])]
    ['be71 0961 2345 6769']
    """

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        return super().analyze(text.translate(_ASCII_UPPER), entities, nlp_artifacts, regex_flags)


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
# which the name lexicon then checks (ccaudit.names).
_PARTICLE = r"(?:van|vanden|vander|de|der|den|het|ter|ten|te|in|op|le|la|les|du|des|di|da|del|della|dos|von|el|al|ben|d')"
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
    :class:`ccaudit.names.NameFinder` finds there, so "met de klantendienst" or "je suis
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
        self._patterns = [re.compile(rf"(?<!\w)(?i:{titles})\.?\s+{_NAME}(?!\w)")]
        self._title = re.compile(rf"(?i:{titles})\.?\s+")
        if before:
            self._patterns.append(re.compile(rf"(?<!\w)(?i:{before})\s+{_NAME}(?![\w'’])"))
        if after:
            self._patterns.append(re.compile(
                rf"(?:^|(?<=[,.!?;:]\s)|(?<=^\s))(?:(?i:it's|it’s|it is|c'est|c’est|dit is)\s+)?"
                rf"{_NAME}\s+(?i:{after})(?!\w)"))
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="IntroducedNameRecognizer")

    def load(self) -> None:
        self._finder = None

    def _lexicon_names(self, text: str) -> dict[int, int]:
        """Start → end of each name the lexicon finds after a title or an introduction."""
        from ccaudit.names import NameFinder, load_lexicon

        if getattr(self, "_finder", None) is None:
            self._finder = NameFinder(load_lexicon(), self.supported_language)
        return {start: end for start, end, _, evidence in self._finder.spans(text)
                if evidence in ("title", "introduction")}

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        spans = set()
        checked = None
        for pattern in self._patterns:
            for m in pattern.finditer(text):
                start, end = m.start("name"), m.end("name")
                title = self._title.match(text, start, end)
                if title and title.end() < end:  # "this is Mr O'Brien"
                    start = title.end()
                words = [w for w in text[start:end].split() if not re.fullmatch(_PARTICLE, w)]
                if not words or not words[0][:1].isupper():
                    # Written in lower case: the name, if any, is what the lexicon says.
                    checked = self._lexicon_names(text) if checked is None else checked
                    if start not in checked:
                        continue
                    end = checked[start]
                else:
                    # Capitalised: the name ends before the first lower-case word.
                    cut = re.search(r"\s+(?!" + _PARTICLE + r"\s)[a-zß-öø-ÿ]", text[start:end])
                    if cut:
                        end = start + cut.start()
                        trailing = re.search(r"(?:\s+" + _PARTICLE + r")+$", text[start:end])
                        if trailing:  # "met Sofie de volgende keer"
                            end = start + trailing.start()
                spans.add((start, end))
        return [RecognizerResult(self.ENTITY, start, end, self.SCORE,
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id})
                for start, end in sorted(spans)]


def national_recognizers(countries, language: str) -> list[PatternRecognizer]:
    """The national-identifier recognizers for ``countries`` (ISO codes) in ``language``."""
    by_country = {
        "BE": [BeNationalNumberRecognizer],
        "NL": [NlBsnRecognizer],
        "FR": [FrNirRecognizer],
        "LU": [LuNationalNumberRecognizer],
    }
    return [cls(supported_language=language) for c in countries for cls in by_country.get(c, [])]


# ---------------------------------------------------------------------- addresses in any case

_STREET_SUFFIXES_NL = tuple(StreetAddressRecognizer._NL_DE.split("|"))
_STREET_WORDS_FR = ("rue", "avenue", "boulevard", "chaussée", "chaussee", "place", "chemin",
                    "allée", "allee", "impasse", "quai", "route", "clos", "square", "drève",
                    "sentier", "rond-point", "passage", "faubourg")
_STREET_WORDS_EN = ("street", "road", "lane", "avenue", "drive", "crescent", "terrace", "grove",
                    "mews", "gardens", "square", "boulevard")
# Compounds that end like a street but are ordinary words ("ik ben onderweg").
_NOT_STREETS = {"onderweg", "halfweg", "achterweg", "zijweg", "loopbaan", "woonwijk", "kerkhof",
                "ijsberg", "vandaal", "terugweg", "heenweg", "snelweg", "overweg", "omweg",
                "uitweg", "binnenweg", "weg", "baan", "hof", "park", "veld", "berg", "dal", "wijk",
                "pad", "ring", "markt", "lei", "kade", "dijk", "plein", "allee", "platz",
                "handelingspark", "pretpark", "speelveld", "voetbalveld", "vliegveld"}
# Particles inside street and place names: "rue de la loi", "sint-jansplein", "den haag".
_NAME_PARTICLES = {"de", "la", "le", "les", "du", "des", "d", "l", "van", "der", "den", "het",
                   "ter", "ten", "te", "sint", "saint", "sainte", "st", "of", "the", "op", "aan",
                   "in", "bis", "ter"}
# What follows a number that is not an address: durations, amounts, counts.
_UNITS = {"euro", "euros", "eur", "cent", "cents", "dollar", "dollars", "pound", "pounds",
          "minuut", "minuten", "minute", "minutes", "uur", "uren", "heure", "heures", "hour",
          "hours", "dag", "dagen", "jour", "jours", "day", "days", "week", "weken", "semaine",
          "semaines", "weeks", "maand", "maanden", "mois", "month", "months", "jaar", "jaren",
          "an", "ans", "année", "années", "year", "years", "keer", "fois", "times", "procent",
          "pourcent", "percent", "km", "kilometer", "kilometers", "meter", "meters", "mètres",
          "seconden", "secondes", "seconds", "kwh", "gb", "mb", "stuks", "pièces", "items",
          "articles", "artikelen", "produits", "products", "people", "personnes", "mensen",
          "klanten", "clients", "customers", "calls", "appels", "oproepen"}
_PLACE_PREPOSITIONS = {"in", "te", "uit", "naar", "bij", "à", "a", "au", "près", "de", "from",
                       "near", "to", "van"}
# Words that open a town's name: "saint monique", "sint truiden", "sainte marie".
_PLACE_PREFIXES = {"saint", "sainte", "sint", "st", "san", "santa", "le", "la", "den", "de"}
_LIVING = {"woon", "woont", "wonen", "woonde", "verhuisd", "verhuizen", "habite", "habites",
           "habitez", "habitons", "habitent", "j'habite", "vis", "vit", "live", "lives", "living",
           "lived", "moved", "adres", "adresse", "address", "domicilié", "domiciliée", "gedomicilieerd"}
# Place names that are also words said every day in a call ("in orde", "à la", "to be").
_COMMON_PLACE_WORDS = {"orde", "order", "ordre", "be", "de", "la", "le", "les", "het", "een",
                       "the", "and", "et", "en", "bon", "bien", "good", "nice", "best", "most",
                       "court", "mais", "maar", "dat", "die", "deze", "dit", "ons", "mijn"}
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def _any_number_word(word: str) -> bool:
    """Whether ``word`` is a number word in Dutch, French or English (looked up once)."""
    from ccaudit.spoken import _is_number_word

    return any(_is_number_word(word, lang) for lang in ("nl", "fr", "en"))


class AnyCaseAddressRecognizer(EntityRecognizer):
    """Street addresses as speech-to-text writes them: lower case, numbers said as words,
    no commas. ``kerkstraat twaalf twee duizend antwerpen``, ``rue de la loi seize``,
    ``douze rue de la paix``, ``twelve high street``, ``molenweg 10 9437 vj moerkapelle``.

    A street (a Dutch compound ending in a street word, or a French or English street
    word with its name) needs a house number, in digits or words; a postcode and the place
    that follow belong to the address. Words of the language's stop list never make a
    street name, and a number followed by a unit ("twee minuten") is no house number.
    A postcode with its place alone ("2000 antwerpen") scores below the reporting
    threshold unless a context word (adres, woon, habite, address, live…) lifts it.

    >>> rec = AnyCaseAddressRecognizer("nl")
    >>> text = "ik woon kerkstraat twaalf twee duizend antwerpen euh ja"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["LOCATION"])]
    ['kerkstraat twaalf twee duizend antwerpen']
    """

    ENTITY = "LOCATION"
    SCORE = 0.6
    POSTCODE_SCORE = 0.4

    def __init__(self, supported_language: str = "en"):
        self.language = supported_language
        from ccaudit.names import stop_words

        self.stop = stop_words(supported_language) - _NAME_PARTICLES
        self._place_names = None  # towns, regions, countries: the name lexicon's, on first need
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="AnyCaseAddressRecognizer",
                         context=context_words("LOCATION", supported_language))

    def load(self) -> None:
        pass

    # -- tokens
    def _number(self, word: str) -> bool:
        # An address may be said in another language than the turn's ("beatrixlaan
        # quarante-quatre"): number words of the three languages count.
        if word.isdigit():
            return len(word) <= 5
        return _any_number_word(word)

    def _numbers(self, tokens, i, limit=6):
        """Index after the run of number words starting at token ``i`` (``i`` if none)."""
        j = i
        while j < len(tokens) and j - i < limit and self._number(tokens[j][2]):
            j += 1
        return j

    def _name_word(self, word: str) -> bool:
        # "sint-niklaas", "sainte-marie-sur-semois", "'s-hertogenbosch"
        return word.replace("-", "").replace("'", "").replace("’", "").isalpha() \
            and word not in self.stop and word not in _UNITS

    def _place(self, tokens, i):
        """Index after a place name starting at token ``i`` (one word, or a particle and a
        word: "den haag", "la louvière"), ``i`` if none."""
        if i < len(tokens) and tokens[i][2] in _NAME_PARTICLES and i + 1 < len(tokens) \
                and self._name_word(tokens[i + 1][2]):
            return i + 2
        if i < len(tokens) and self._name_word(tokens[i][2]) and not self._number(tokens[i][2]):
            return i + 1
        return i

    def _postcode(self, tokens, i):
        """Index after a postcode (4 or 5 digits, a Dutch "1234 ab", or said as words with a
        thousand in it), ``i`` if none."""
        if i >= len(tokens):
            return i
        word = tokens[i][2]
        if word.isdigit() and len(word) in (4, 5) and word[0] != "0" or (
                word.isdigit() and len(word) == 5):
            j = i + 1
            if len(word) == 4 and j < len(tokens) and re.fullmatch(r"[a-z]{2}", tokens[j][2]) \
                    and tokens[j][2] not in self.stop:
                j += 1
            return j
        j = self._numbers(tokens, i)
        if j > i and any(t[2] in ("duizend", "mille", "thousand") for t in tokens[i:j]):
            return j
        return i

    def _tail(self, tokens, j):
        """House number done at ``j``: an optional postcode and place."""
        k = self._postcode(tokens, j)
        if k > j:
            m = self._place(tokens, k)
            if m > k:
                return m
        return j

    def _house(self, tokens, i, with_postcode: bool = False):
        """Index after a house number starting at token ``i`` and the postcode and place
        that may follow it ("twaalf twee duizend antwerpen", "10 9437 vj moerkapelle");
        ``None`` when there is no house number (or, ``with_postcode``, no postcode)."""
        j = self._numbers(tokens, i, limit=7)
        if j == i or (j < len(tokens) and tokens[j][2] in _UNITS):
            return None
        for split in range(i + 1, j + 1):  # the shortest house number after which a postcode
            end = self._tail(tokens, split)   # and place follow
            if end > split:
                return end
        if with_postcode:
            return None
        return min(j, i + 3)

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]
        spans: list[tuple[int, int, float]] = []
        i = 0
        while i < len(tokens):
            found = self._street_at(tokens, i)
            if found:
                start, end = found
                spans.append((tokens[start][0], tokens[end - 1][1], self.SCORE))
                i = end
                continue
            town = self._town_at(tokens, i)
            if town:
                spans.append(town)
                i += 2
                continue
            k = self._postcode(tokens, i)
            if k > i and tokens[i][2].isdigit():
                m = self._place(tokens, k)
                if m > k:
                    spans.append((tokens[i][0], tokens[m - 1][1], self.POSTCODE_SCORE))
                    i = m
                    continue
            i += 1
        # An explanation is what Presidio's context enhancer records the context word in.
        return [RecognizerResult(self.ENTITY, s, e, score,
                                 analysis_explanation=AnalysisExplanation(self.name, score),
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id})
                for s, e, score in spans]

    def _town_at(self, tokens, i):
        """``(start, end, score)`` of a known town after a place preposition ("ik woon in
        leuven", "j'habite à uccle", "i live in leeds"): reported on its own after a verb of
        living, else only when a context word lifts it."""
        if tokens[i][2] not in _PLACE_PREPOSITIONS or i + 1 >= len(tokens):
            return None
        word = tokens[i + 1][2]
        if len(word) < 3 or word in self.stop or word in _COMMON_PLACE_WORDS or \
                not self._name_word(word) or self._street_at(tokens, i + 1):
            return None  # a street address follows: read as one
        lived = any(t[2] in _LIVING for t in tokens[max(0, i - 4):i])
        end = i + 2
        if word in _PLACE_PREFIXES and end < len(tokens) and self._name_word(tokens[end][2]) \
                and tokens[end][2] not in _PLACE_PREPOSITIONS:
            end += 1  # "saint monique", "sint truiden"
        elif not self._town_like(word, lived):
            return None
        if not lived and tokens[i][2] == "van":
            return None  # "van" is mostly no "from"
        return tokens[i + 1][0], tokens[end - 1][1], self.SCORE if lived else self.POSTCODE_SCORE

    def _town_like(self, word: str, lived: bool) -> bool:
        """Whether ``word`` after a place preposition can be a town: a known place, a
        compound like "sint-niklaas" or "sainte-marie-sur-semois", or a town nobody listed
        ("ik woon in olne", "moved from casteau"): after a verb of living, a word that is not
        an ordinary word of the language nor a first name."""
        if word in self._places():
            return True
        parts = word.split("-")
        if len(parts) > 2 or len(parts) == 2 and parts[0] in _PLACE_PREFIXES:
            return True
        from ccaudit.names import RARE_ZIPF, load_lexicon

        lexicon = load_lexicon()
        if not lived or lexicon.first.get(word):
            return False
        return not lexicon.is_word(word, self.language) and \
            lexicon.frequency(word, self.language) < RARE_ZIPF + 0.7

    def _places(self) -> frozenset[str]:
        if self._place_names is None:
            from ccaudit.names import load_lexicon

            self._place_names = load_lexicon().places
        return self._place_names

    def _street_at(self, tokens, i):
        """``(first token, token after)`` of a street address starting at token ``i``."""
        word = tokens[i][2]
        # Dutch and German compounds: kerkstraat 12, sint-jansplein twaalf
        if word.endswith(_STREET_SUFFIXES_NL) and word not in _NOT_STREETS and word.isalpha() \
                or re.fullmatch(r"[^\W\d_]+-[^\W\d_]*(?:" + "|".join(_STREET_SUFFIXES_NL) + ")", word):
            end = self._house(tokens, i + 1)
            return (i, end) if end else None
        # Any street name with its number, postcode and place: "kouter 61 8690 ezemaal"
        if self._name_word(word) and not self._number(word):
            end = self._house(tokens, i + 1, with_postcode=True)
            if end:
                return i, end
        # French: rue de la loi seize / douze rue de la paix; English: twelve high street
        j = self._numbers(tokens, i, limit=3)
        if j > i and j < len(tokens) and tokens[j][2] in _STREET_WORDS_FR:
            k, names = j + 1, 0
            while k < len(tokens) and k - j <= 5 and (tokens[k][2] in _NAME_PARTICLES or (
                    self._name_word(tokens[k][2]) and not self._number(tokens[k][2]))):
                names += tokens[k][2] not in _NAME_PARTICLES
                k += 1
            if names:
                return i, self._tail(tokens, k)
        if j > i:
            k = j
            while k < len(tokens) and k - j < 3 and self._name_word(tokens[k][2]) \
                    and tokens[k][2] not in _STREET_WORDS_EN:
                k += 1
            if k > j and k < len(tokens) and tokens[k][2] in _STREET_WORDS_EN:
                return i, self._tail(tokens, k + 1)
        if word in _STREET_WORDS_FR:
            k, names = i + 1, 0
            while k < len(tokens) and k - i <= 5 and (tokens[k][2] in _NAME_PARTICLES or (
                    self._name_word(tokens[k][2]) and not self._number(tokens[k][2]))):
                names += tokens[k][2] not in _NAME_PARTICLES
                k += 1
            if names:
                end = self._house(tokens, k)
                if end:
                    return i, end
        return None
