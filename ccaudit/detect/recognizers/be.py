"""Belgium: the national register number (rijksregisternummer / numéro de registre
national, and the BIS number), confirmed by python-stdnum's checksum.

>>> rec = BeNationalNumberRecognizer()
>>> [r.entity_type for r in rec.analyze("RRN 85.07.30-033.28", ["BE_NATIONAL_NUMBER"])]
['BE_NATIONAL_NUMBER']
"""
from __future__ import annotations

from presidio_analyzer import Pattern
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn

from ccaudit.detect.recognizers.common import NationalIdRecognizer, digits


class BeNationalNumberRecognizer(NationalIdRecognizer):
    """Belgian national register number (rijksregisternummer / NN) and BIS number.

    11 digits ``YYMMDDSSSCC``, printed ``YY.MM.DD-SSS.CC``; validated by ``stdnum.be.nn``
    or ``stdnum.be.bis`` (mod 97, with the 2000s rule and the BIS month offsets).
    """

    ENTITY = "BE_NATIONAL_NUMBER"
    # Context words per language: Presidio raises a hit's score when one appears near it.
    CONTEXT = {
        "en": ["national", "register", "number", "nn", "id"],
        "nl": ["rijksregisternummer", "rijksregister", "rrn", "insz", "nummer"],
        "fr": ["registre", "national", "niss", "numéro"],
    }
    PATTERNS = [
        Pattern("be_nn_formatted", r"(?<![\d+][.\s])\b\d{2}[.\s]\d{2}[.\s]\d{2}[-\s.]\d{3}[.\s-]\d{2}\b"
                r"(?![.\s]\d)", 0.5),
        Pattern("be_nn_bare", r"(?<![\d.,-])\d{11}(?![\d]|[.,]\d)", 0.3),
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = digits(pattern_text)
        return be_nn.is_valid(number) or be_bis.is_valid(number)
