"""France: the social security number (NIR / numéro INSEE), confirmed by its key."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum.fr import nir as fr_nir

from ccaudit.detect.recognizers.common import NationalIdRecognizer


class FrNirRecognizer(NationalIdRecognizer):
    """French social security number (NIR): 13 characters + 2-digit key (``stdnum.fr.nir``)."""

    ENTITY = "FR_NIR"
    # Context words per language: Presidio raises a hit's score when one appears near it.
    CONTEXT = {
        "en": ["social", "security", "nir", "insee"],
        "nl": ["sociale", "zekerheid", "nir"],
        "fr": ["sécurité", "sociale", "nir", "insee", "numéro"],
    }
    PATTERNS = [
        Pattern(
            "fr_nir",
            r"\b[1-478]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}\b",
            0.5,
        ),
    ]

    def validate_result(self, pattern_text: str) -> bool:
        return fr_nir.is_valid(re.sub(r"\s", "", pattern_text))
