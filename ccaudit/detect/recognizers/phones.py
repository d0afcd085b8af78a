"""Phone numbers of the configured regions, international or national, parsed and validated
by phonenumbers."""
from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from ccaudit.detect.recognizers.common import context_words
from ccaudit.entities import (NANP_REGION, PHONE_INTERNATIONAL, PHONE_NANP_SPACED, PHONE_NANP_WRITTEN,
                              PHONE_NATIONAL)


_EDGE = r"(?<![\w.,/:-])"
_WORD = re.compile(r"\w+")
_LU_CANDIDATE = re.compile(_EDGE + r"(?:6[2-9]1 \d{3} \d{3}|\d{2} \d{2} \d{2})")
_LU_NATIONAL = re.compile(r"^(?:6[2-9]1 \d{3} \d{3}|\d{2} \d{2} \d{2}(?: \d{2})?)$")


# Context words per language: Presidio raises a hit's score when one appears near it.
CONTEXT = {
    "en": ["phone", "telephone", "mobile", "cell", "call", "number"],
    "nl": ["telefoon", "gsm", "mobiel", "nummer", "bellen", "terugbellen"],
    "fr": ["téléphone", "portable", "mobile", "numéro", "appeler", "rappeler"],
}


def _dials_00(region: str) -> bool:
    """Whether ``region`` dials abroad with 00, as Luxembourg does (so that a number written
    with 00 reads the same there)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata is not None and metadata.international_prefix == "00"


class EuPhoneRecognizer(PhoneRecognizer):
    """Phone numbers for European regions, parsed and validated by phonenumbers.

    A number written in national form must carry its trunk prefix (``0475 12 34 56``,
    ``06-12345678``) and be valid in one of the configured regions, whatever the language
    it is said in; international forms (``+32``, ``0032``, ``+1-202-…``) are taken for any
    country where phonenumbers finds them valid, whatever ``phone_regions`` says.
    Digit runs without either are left alone: they are order numbers far more often.
    Luxembourg has no trunk prefix, so its national numbers are taken only in the
    grouped forms people write (``621 123 456``, ``26 12 34 56``); nor has North America,
    whose numbers are taken, whatever ``phone_regions`` says, in the layout written there
    (``(415) 775-7644``, ``415-775-7644``, ``415.775.7644``) when phonenumbers finds them
    valid, grouped by blanks (``415 775 7644``) only in a text that says a context word
    (:meth:`_north_american`).

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
                         context=context_words(CONTEXT, supported_language),
                         leniency=phonenumbers.Leniency.VALID, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None):
        results: dict[tuple[int, int], RecognizerResult] = {}
        # phonenumbers' matcher is slow and runs once per region: most cells (names,
        # amounts, ids, timestamps) hold nothing written like a phone number, and are skipped.
        international = PHONE_INTERNATIONAL.search(text) is not None
        national = PHONE_NATIONAL.search(text) is not None
        grouped_lu = "LU" in self.supported_regions and _LU_CANDIDATE.search(text) is not None
        north_american = self._north_american(text, nlp_artifacts) \
            if NANP_REGION not in self.supported_regions else []
        if not (international or national or grouped_lu):
            return north_american
        regions = self.supported_regions if (national or grouped_lu) else self.supported_regions[:1]
        for region in regions:
            if region == "LU" and not grouped_lu and region != regions[0] and _dials_00(regions[0]):
                # Luxembourg's matcher keeps its grouped national forms (none here) and the
                # numbers dialled with + or 00, which the first region's finds the same.
                continue
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
        # "+1 415-775-7644": the international number, not the national one inside it.
        return list(results.values()) + [
            r for r in north_american
            if not any(o.start < r.end and r.start < o.end for o in results.values())]

    def _north_american(self, text: str, nlp_artifacts) -> list[RecognizerResult]:
        """North American numbers by their layout. Written with dashes, dots or the area code
        in brackets and valid: a phone number on its own when phonenumbers says mobile or
        either. Grouped by blanks ("330 223 3233") and valid, in a text that says a context
        word ("number", "call"), or in the bracketed layout ("(977) 625-2661") but for an
        area code not in service: Presidio's 0.4, which a context word lifts above the
        reporting threshold."""
        found = []
        spans = []
        # Grouped by blanks, only where the text itself says a context word: never a column
        # of order numbers, whose cells say nothing else.
        words = set(_WORD.findall(text.lower())) if PHONE_NANP_SPACED.search(text) else set()
        spaced = bool(words.intersection(self.context))
        for pattern in (PHONE_NANP_WRITTEN, PHONE_NANP_SPACED) if spaced else (PHONE_NANP_WRITTEN,):
            for m in pattern.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in spans):
                    continue
                try:
                    number = phonenumbers.parse(m.group(), NANP_REGION)
                except phonenumbers.NumberParseException:
                    continue
                valid = phonenumbers.is_valid_number(number)
                bracketed = m.group().lstrip("1-.").startswith("(")
                if not valid and not (bracketed and phonenumbers.is_possible_number(number)):
                    continue
                result = self._get_recognizer_result(
                    phonenumbers.PhoneNumberMatch(m.start(), m.group(), number), text, NANP_REGION,
                    nlp_artifacts)
                if valid and pattern is PHONE_NANP_WRITTEN and phonenumbers.number_type(number) in (
                        phonenumbers.PhoneNumberType.MOBILE,
                        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
                    result.score = max(result.score, self.STRONG_SCORE)
                spans.append((m.start(), m.end()))
                found.append(result)
        return found
