"""The Netherlands: the citizen service number (BSN), confirmed by the eleven test."""
from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.nl import bsn as nl_bsn

from ccaudit.detect.recognizers.common import NationalIdRecognizer, digits


class NlBsnRecognizer(NationalIdRecognizer):
    """Dutch citizen service number (BSN): 9 digits passing the 11-proof (``stdnum.nl.bsn``)."""

    ENTITY = "NL_BSN"
    # Context words per language: Presidio raises a hit's score when one appears near it.
    CONTEXT = {
        "en": ["bsn", "citizen", "service", "number"],
        "nl": ["bsn", "burgerservicenummer", "sofinummer"],
        "fr": ["bsn"],
    }
    PATTERNS = [
        Pattern("nl_bsn_bare", r"(?<![\d.,-])\d{9}(?![\d]|[.,]\d)", 0.3),
        # Grouped, but not three groups inside a longer run of groups (``+48 512 116 829``).
        Pattern("nl_bsn_grouped", r"(?<![\d+][.\s])(?:\b\d{4}[.\s]\d{2}[.\s]\d{3}\b|"
                r"\b\d{3}[.\s]\d{3}[.\s]\d{3}\b)(?![.\s]\d)", 0.3),
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = digits(pattern_text)
        # All-zero and repeated digits pass the 11-proof but are placeholders, not people.
        return len(set(number)) > 2 and nl_bsn.is_valid(number)
