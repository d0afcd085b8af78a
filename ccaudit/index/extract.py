"""Identifiers of a whole export column, and identifiers inside free text.

Column classification (:mod:`ccaudit.detect.classify`) decides from a sample which columns hold
which identifier; the index then needs every value of those columns in canonical form.
Millions of values are normalised with vectorised string operations; only what those
cannot settle (a national phone number whose country is open) goes through phonenumbers,
once per distinct value.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
import phonenumbers

from ccaudit.entities import ENTITY_ID_TYPE, IDENTIFIER_TYPES, PHONE_NANP_WRITTEN, iban_ok
from ccaudit.index.identifiers import normalise

def _phone_shape(compact: str, regions: tuple[str, ...]) -> str | None:
    """For a number's shape (its first digits and length), the country code it takes:
    international numbers keep theirs when valid; a national number takes the first
    configured region where it is valid — the same rule as :func:`normalise`, so a number
    is hashed alike in a column, in a call and in a request."""
    try:
        if compact.startswith("+"):
            number = phonenumbers.parse(compact, None)
            return "" if phonenumbers.is_valid_number(number) else None
        for region in regions:
            number = phonenumbers.parse(compact, region)
            if phonenumbers.is_valid_number(number):
                return f"+{number.country_code}"
    except phonenumbers.NumberParseException:
        return None
    return None


def canonical_column(values: pd.Series, id_type: str, regions: tuple[str, ...],
                     column_country: bool = True) -> pd.Series:
    """Canonical spellings of a column's values (``None`` where a value is not one).

    A phone written nationally takes the first region where it is valid, in the order of
    ``phone_regions`` (home country first), except that, with ``column_country``, the
    country most numbers of the column are written in internationally goes first.
    """
    text = values.astype("string")
    if id_type == "email":
        out = text.str.strip().str.lower()
        return out.where(out.str.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", na=False)).astype(object)
    if id_type == "phone":
        compact = text.str.replace(r"\(0\)", "", regex=True).str.replace(r"[^\d+]", "", regex=True)
        compact = compact.where(~compact.str.startswith("00", na=False), "+" + compact.str[2:])
        # Validity and country depend on the leading digits and the length: settled once per
        # shape with phonenumbers (millions of values, a few hundred shapes).
        shape = compact.str[:5] + ":" + compact.str.len().astype("string")
        firsts = compact.groupby(shape, sort=False).first()
        # Numbers written internationally in the same column tell its country: a French
        # client's "+33 6…" beside "06…" makes "06…" French, not Dutch.
        order = tuple(regions)
        counts = compact.groupby(shape, sort=False).size()
        by_country: dict[str, int] = {}
        for key, sample in firsts.items():
            if sample.startswith("+") and _phone_shape(sample, order) is not None:
                region = phonenumbers.region_code_for_number(phonenumbers.parse(sample, None))
                if region in order:
                    by_country[region] = by_country.get(region, 0) + int(counts[key])
        if by_country and column_country:
            top = max(order, key=lambda r: by_country.get(r, 0))
            order = (top,) + tuple(r for r in order if r != top)
        codes = {key: _phone_shape(sample, order) for key, sample in firsts.items()}
        code = shape.map(codes).astype("string")
        national = compact.str.startswith("0", na=False) & code.notna()
        out = compact.where(~national, code + compact.str[1:])
        ok = code.notna() & out.str.fullmatch(r"\+\d{7,15}", na=False)
        out = out.where(ok).astype(object)
        # North America's written layout ("415-775-7644"): no trunk prefix, so its grouping
        # says what the digits alone do not (as for the recognizer).
        nanp = ~ok & text.str.strip().str.fullmatch(PHONE_NANP_WRITTEN.pattern, na=False)
        if nanp.any():
            read = _per_distinct(text[nanp].str.strip(),
                                 lambda v: normalise("phone", v, regions) or pd.NA)
            out = out.where(~nanp, read.reindex(out.index))
        return out
    if id_type in ("iban",):
        out = text.str.replace(r"[\s.-]", "", regex=True).str.upper()
        # stdnum's mod-97 check, once per distinct value.
        return _per_distinct(out, lambda v: v if iban_ok(v) else normalise("iban", v))
    digits = text.str.replace(r"[\s./-]", "", regex=True)
    known = IDENTIFIER_TYPES.get(id_type)
    fast = known.quick if known else None
    return _per_distinct(digits, lambda v: v if fast and fast(v) else normalise(id_type, v, regions))


def _per_distinct(values: pd.Series, convert) -> pd.Series:
    """``convert`` of each value, computed once per distinct value (``None`` for missing)."""
    done: dict = {}
    out = []
    append = out.append
    for value in values.to_numpy(dtype=object, na_value=None):
        if value is None:
            append(None)
            continue
        result = done.get(value, done)
        if result is done:
            result = done[value] = convert(value)
        append(result)
    return pd.Series(out, index=values.index, dtype=object)


def identifiers_in_text(text: str, id_types: Iterable[str],
                        regions: tuple[str, ...]) -> list[tuple[str, int, int, str]]:
    """``(id_type, start, end, canonical)`` of the identifiers of ``id_types`` in ``text``.

    >>> identifiers_in_text("bel 0475 12 34 56 of mail JAN@x.be", ["phone", "email"], ("BE",))
    [('phone', 4, 17, '+32475123456'), ('email', 26, 34, 'jan@x.be')]
    """
    found = []
    for id_type in id_types:
        for pattern in (IDENTIFIER_TYPES[id_type].in_text if id_type in IDENTIFIER_TYPES else ()):
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


def identifiers_in_texts(texts: pd.Series, id_types: Iterable[str],
                         regions: tuple[str, ...]) -> pd.DataFrame:
    """:func:`identifiers_in_text` for a whole column: one row per identifier found, with
    the text's index (``row``), ``id_type``, ``start``, ``end`` and ``canonical``.

    The candidates of every text are collected first, then canonicalised per type in one
    vectorised pass (:func:`canonical_column`, regions in the configured order, as for a
    single text), so a column of a million notes costs a few seconds, not a phonenumbers
    parse per number.

    >>> notes = pd.Series(["bel 0475 12 34 56", None, "mail JAN@x.be of 0475 12 34 56"])
    >>> identifiers_in_texts(notes, ["phone", "email"], ("BE",)).values.tolist()
    [[0, 'phone', 4, 17, '+32475123456'], [2, 'email', 5, 13, 'jan@x.be'], [2, 'phone', 17, 30, '+32475123456']]
    """
    columns = ["row", "id_type", "start", "end", "canonical"]
    rows, kinds, starts, ends, matched = [], [], [], [], []
    texts = texts.dropna()
    pairs = list(zip(texts.index.tolist(), texts.astype(str).tolist()))
    for id_type in id_types:
        for pattern in (IDENTIFIER_TYPES[id_type].in_text if id_type in IDENTIFIER_TYPES else ()):
            finditer = pattern.finditer
            for row, text in pairs:
                for m in finditer(text):
                    rows.append(row)
                    kinds.append(id_type)
                    starts.append(m.start())
                    ends.append(m.end())
                    matched.append(m.group())
    if not rows:
        return pd.DataFrame(columns=columns)
    found = pd.DataFrame({"row": rows, "id_type": kinds, "start": starts, "end": ends,
                          "canonical": None})
    values = pd.Series(matched, dtype=object)
    for id_type, where in found.groupby("id_type", sort=False).groups.items():
        found.loc[where, "canonical"] = canonical_column(values.loc[where], id_type, regions,
                                                         column_country=False).to_numpy()
    found = found[found["canonical"].notna()]
    found = found.sort_values(["row", "start", "end"], ascending=[True, True, False], kind="stable")
    # Overlapping candidates (a national number inside a longer one): the first, longest wins.
    keep, last_row, end = [], None, -1
    for row, start, stop in zip(found["row"].tolist(), found["start"].tolist(), found["end"].tolist()):
        if row != last_row:
            last_row, end = row, -1
        keep.append(start >= end)
        if start >= end:
            end = stop
    return found[keep].reset_index(drop=True)[columns]


def id_type_of(entity: str) -> str | None:
    return ENTITY_ID_TYPE.get(entity)


__all__ = ["canonical_column", "id_type_of", "identifiers_in_text", "identifiers_in_texts"]
