"""Payment data: card numbers (Luhn, spaces and dashes as said or typed) and IBANs in any
case."""
from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, IbanRecognizer

from ccaudit.detect.recognizers.common import QuickPatterns


class CardNumberRecognizer(QuickPatterns, CreditCardRecognizer):
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


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class AnyCaseIbanRecognizer(QuickPatterns, IbanRecognizer):
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

    def _pattern_flags(self, regex_flags):
        return self.global_regex_flags  # Presidio's IBAN analysis ignores the flags passed
