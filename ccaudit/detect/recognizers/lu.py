"""Luxembourg: the national identification number (matricule), confirmed by its Luhn and
Verhoeff check digits."""
from __future__ import annotations

from datetime import date

from presidio_analyzer import Pattern
from stdnum import luhn, verhoeff

from ccaudit.detect.recognizers.common import NationalIdRecognizer, digits


class LuNationalNumberRecognizer(NationalIdRecognizer):
    """Luxembourg national identification number (matricule): ``YYYYMMDDXXXCC``.

    python-stdnum has no Luxembourg personal-id module, so the two check digits are
    computed with its generic algorithms: the 12th is Luhn and the 13th Verhoeff, both
    over the first 11 digits; the first 8 must be a real date.
    """

    ENTITY = "LU_NATIONAL_NUMBER"
    # Context words per language: Presidio raises a hit's score when one appears near it.
    CONTEXT = {
        "en": ["matricule", "national", "identification"],
        "nl": ["matricule", "identificatienummer"],
        "fr": ["matricule", "identification", "national"],
    }
    PATTERNS = [
        Pattern("lu_matricule", r"\b(?:18|19|20)\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:0[1-9]|[12]\d|3[01])\s?\d{5}\b", 0.4),
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = digits(pattern_text)
        if len(number) != 13:
            return False
        try:
            date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        except ValueError:
            return False
        head = number[:11]
        return (luhn.calc_check_digit(head) == number[11]
                and verhoeff.calc_check_digit(head) == number[12])
