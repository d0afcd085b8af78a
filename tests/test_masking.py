"""Masking keeps a value's kind recognisable and never its identity."""
from __future__ import annotations

import re

import pytest

from ccaudit.report.masking import mask

CASES = [
    ("jan.peeters@telenet.be", "EMAIL_ADDRESS", "j***@t***.be"),
    ("0475 12 34 56", "PHONE_NUMBER", "+32 4** ** ** 56"),
    ("0475/12.34.56", "PHONE_NUMBER", "+32 4** ** ** 56"),
    ("0032475123456", "PHONE_NUMBER", "+32 4** ** ** 56"),
    ("06-12345678", "PHONE_NUMBER", "+31 6 ******78"),
    ("BE71 0961 2345 6769", "IBAN_CODE", "BE** **** **** **69"),
    ("4970 1012 3456 7893", "CREDIT_CARD", "**** **** **** 7893"),
    ("85.07.30-033.28", "BE_NATIONAL_NUMBER", "**.**.**-***.28"),
    ("85073003328", "BE_NATIONAL_NUMBER", "*********28"),
    ("Jan Peeters", "PERSON", "J*** P***"),
    ("12/03/1985", "DATE_OF_BIRTH", "**/**/19**"),
    ("192.168.1.20", "IP_ADDRESS", "192.*.*.*"),
]


@pytest.mark.parametrize("value,entity,expected", CASES)
def test_mask(value, entity, expected):
    assert mask(value, entity) == expected


@pytest.mark.parametrize("value,entity,_", CASES)
def test_masked_value_keeps_at_most_four_digits_or_two_letters_of_a_word(value, entity, _):
    masked = mask(value, entity)
    assert masked != value
    digits = re.sub(r"\D", "", value)
    kept = re.sub(r"\D", "", masked)
    # The country code of a phone, the first octet of an IP, the century of a date and the
    # last four of a card are all that survive.
    assert len(kept) <= 4 or kept.startswith(("32", "31", "192"))
    assert len(kept) < len(digits) or not digits


def test_unknown_entity_keeps_two_last_characters():
    assert mask("ABC123", None) == "****23"
