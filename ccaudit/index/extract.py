"""Identifiers of a whole export column, and identifiers inside free text.

Column classification (:mod:`ccaudit.classify`) decides from a sample which columns hold
which identifier; the index then needs every value of those columns in canonical form.
Millions of values are normalised with vectorised string operations; only what those
cannot settle (a national phone number whose country is open) goes through phonenumbers,
once per distinct value.
"""
from __future__ import annotations

import re
from typing import Iterable

import pandas as pd
import phonenumbers

from ccaudit.index.identifiers import ENTITY_ID_TYPE, normalise
from ccaudit.recognizers import _INTERNATIONAL, _NATIONAL

_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_IBAN_IN_TEXT = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
_NATIONAL_IN_TEXT = re.compile(r"(?<![\d.])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}(?![\d.])"
                               r"|(?<!\d)[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}(?!\d)")
_BSN_IN_TEXT = re.compile(r"(?<![\d.])\d{4}[.\s]?\d{2}[.\s]?\d{3}(?![\d.])")
_CARD_IN_TEXT = re.compile(r"(?<!\d)\d{4}(?:[\s-]?\d{4}){2}[\s-]?\d{1,7}(?!\d)")
_CANDIDATES = {
    "email": [_EMAIL_IN_TEXT],
    "phone": [_INTERNATIONAL, _NATIONAL],
    "iban": [_IBAN_IN_TEXT],
    "national_number": [_NATIONAL_IN_TEXT],
    "bsn": [_BSN_IN_TEXT],
    "card": [_CARD_IN_TEXT],
}


def phone_region(values: Iterable[str], regions: tuple[str, ...]) -> str:
    """The region in which most of ``values`` written nationally (``0475…``) are valid."""
    counts = dict.fromkeys(regions, 0)
    for value in values:
        compact = re.sub(r"[^\d+]", "", value or "")
        if not compact.startswith("0") or compact.startswith("00"):
            continue
        for region in regions:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(compact, region)):
                    counts[region] += 1
            except phonenumbers.NumberParseException:
                pass
    return max(regions, key=lambda r: counts[r]) if regions else "BE"


def canonical_column(values: pd.Series, id_type: str, regions: tuple[str, ...],
                     region: str | None = None) -> pd.Series:
    """Canonical spellings of a column's values (``None`` where a value is not one).

    Phones written nationally take the column's ``region`` (from :func:`phone_region`): a
    column of one export holds one country's numbering far more often than a mix.
    """
    text = values.astype("string")
    if id_type == "email":
        out = text.str.strip().str.lower()
        return out.where(out.str.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", na=False)).astype(object)
    if id_type == "phone":
        compact = text.str.replace(r"\(0\)", "", regex=True).str.replace(r"[^\d+]", "", regex=True)
        compact = compact.where(~compact.str.startswith("00", na=False), "+" + compact.str[2:])
        code = phonenumbers.country_code_for_region(region or (regions[0] if regions else "BE"))
        national = compact.str.startswith("0", na=False)
        out = compact.where(~national, f"+{code}" + compact.str[1:])
        ok = out.str.fullmatch(r"\+\d{8,15}", na=False)
        return out.where(ok).astype(object)
    if id_type in ("iban",):
        out = text.str.replace(r"[\s.-]", "", regex=True).str.upper()
        # stdnum's mod-97 check, once per distinct value.
        return _per_distinct(out, lambda v: normalise("iban", v))
    digits = text.str.replace(r"[\s./-]", "", regex=True)
    return _per_distinct(digits, lambda v: normalise(id_type, v, regions))


def _per_distinct(values: pd.Series, convert) -> pd.Series:
    distinct = values.dropna().unique()
    mapping = {v: convert(v) for v in distinct}
    return values.map(mapping, na_action="ignore").astype(object).where(values.notna(), None)


def identifiers_in_text(text: str, id_types: Iterable[str],
                        regions: tuple[str, ...]) -> list[tuple[str, int, int, str]]:
    """``(id_type, start, end, canonical)`` of the identifiers of ``id_types`` in ``text``.

    >>> identifiers_in_text("bel 0475 12 34 56 of mail JAN@x.be", ["phone", "email"], ("BE",))
    [('phone', 4, 17, '+32475123456'), ('email', 26, 34, 'jan@x.be')]
    """
    found = []
    for id_type in id_types:
        for pattern in _CANDIDATES.get(id_type, []):
            for m in pattern.finditer(text):
                canonical = normalise(id_type, m.group(), regions)
                if canonical:
                    found.append((id_type, m.start(), m.end(), canonical))
    found.sort(key=lambda f: (f[1], -f[2]))
    kept, end = [], -1
    for f in found:
        if f[1] >= end:
            kept.append(f)
            end = f[2]
    return kept


def id_type_of(entity: str) -> str | None:
    return ENTITY_ID_TYPE.get(entity)


__all__ = ["canonical_column", "id_type_of", "identifiers_in_text", "phone_region"]
