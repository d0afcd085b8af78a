"""Masking for display: what a report, a log line or a saved notebook may show of a value.

A masked value tells an analyst what kind of data sits in a column and lets a DPO
recognise a format, but never identifies a person: at most an initial, a country code,
a first digit and two last digits survive.

>>> mask("jan.peeters@telenet.be", "EMAIL_ADDRESS")
'j***@t***.be'
>>> mask("0475 12 34 56", "PHONE_NUMBER")
'+32 4** ** ** 56'
>>> mask("BE71 0961 2345 6769", "IBAN_CODE")
'BE** **** **** **69'
"""
from __future__ import annotations

import re

import phonenumbers

from ccaudit.entities import ENTITIES

STAR = "*"


def _keep_last(text: str, keep: int) -> str:
    """Replace every letter and digit with ``*`` except the last ``keep`` ones."""
    positions = [i for i, c in enumerate(text) if c.isalnum()]
    hidden = set(positions[:-keep] if keep else positions)
    return "".join(STAR if i in hidden else c for i, c in enumerate(text))


def mask_email(value: str) -> str:
    local, _, domain = value.strip().partition("@")
    labels = domain.split(".")
    tld = labels[-1] if len(labels) > 1 else ""
    head = f"{local[:1]}***@{labels[0][:1]}***"
    return f"{head}.{tld}" if tld else head


def mask_phone(value: str, regions=("BE", "NL", "FR", "LU", "DE", "GB")) -> str:
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            code, _, rest = text.partition(" ")
            digits = [i for i, c in enumerate(rest) if c.isdigit()]
            shown = {digits[0], *digits[-2:]} if len(digits) > 3 else set()
            return code + " " + "".join(c if (i in shown or not c.isdigit()) else STAR
                                        for i, c in enumerate(rest))
    return _keep_last(value, 2)


def mask_iban(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    grouped = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return grouped[:2] + _keep_last(grouped[2:], 2)


def mask_words(value: str) -> str:
    """Keep the initial of each word; digits become stars: ``Jan Peeters`` → ``J*** P***``."""
    words = []
    for word in value.split():
        initial = word[0] if word[0].isalpha() else STAR
        words.append(initial + STAR * 3 if len(word) > 1 or word[0].isalpha() else initial)
    return " ".join(words)


def mask_date(value: str) -> str:
    """Keep the century only: ``12/03/1985`` → ``**/**/19**``."""
    year = re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", value)
    out = re.sub(r"\d", STAR, value)
    if year:
        out = out[:year.start()] + value[year.start():year.start() + 2] + out[year.start() + 2:]
    return out


def mask_ip(value: str) -> str:
    if "." in value:
        first, *rest = value.split(".")
        return ".".join([first] + [STAR] * len(rest))
    parts = value.split(":")
    return ":".join([parts[0]] + [STAR if p else "" for p in parts[1:]])


# The masking styles; each entity names its own in the entity table (Entity.mask).
STYLES = {
    "email": mask_email,
    "phone": mask_phone,
    "iban": mask_iban,
    "last4": lambda v: _keep_last(v, 4),
    "last2": lambda v: _keep_last(v, 2),
    "words": mask_words,
    "date": mask_date,
    "ip": mask_ip,
}


def mask(value: str, entity: str | None = None) -> str:
    """Mask ``value`` as the ``entity`` it holds; unknown entities keep two last characters.

    >>> mask("85.07.30-033.28", "BE_NATIONAL_NUMBER")
    '**.**.**-***.28'
    >>> mask("Jan Peeters", "PERSON")
    'J*** P***'
    """
    value = str(value)
    if not value.strip():
        return value
    known = ENTITIES.get(entity or "")
    return STYLES[known.mask if known else "last2"](value)
