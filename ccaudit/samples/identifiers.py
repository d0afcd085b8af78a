"""Checksum-valid national identifiers, IBANs and card numbers, computed with numpy.

Every generator returns a string array (one value per row) and validates its output
with python-stdnum (see :func:`check`), so a wrong formula fails the generation instead
of shipping numbers that a classifier would rightly reject.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.fr import nir as fr_nir
from stdnum.nl import bsn as nl_bsn

from ccaudit.samples.values import split_dates
from ccaudit.samples.vstr import cat, cut, fill, strs, zpad

#: Values checked per column and call; larger columns are checked on an even sample.
CHECK_LIMIT = 1000


def check(values: Sequence[str], is_valid: Callable[[str], bool], what: str) -> None:
    """Raise AssertionError unless every checked non-empty value passes ``is_valid``.

    Up to :data:`CHECK_LIMIT` values are checked: all of them at small scales, an evenly
    spaced sample (first and last included) on the benchmark scales.
    """
    n = len(values)
    if n == 0:
        return
    index = range(n) if n <= CHECK_LIMIT else np.linspace(0, n - 1, CHECK_LIMIT).astype(int)
    for i in index:
        value = str(values[i])
        if value and not is_valid(value):
            raise AssertionError(f"generated an invalid {what} at row {i}: {value!r}")


def be_national_numbers(birth: np.ndarray, male: np.ndarray, rng: np.random.Generator,
                        bis_share: float = 0.0) -> np.ndarray:
    """Belgian national numbers (11 digits, YYMMDDSSSCC) for the given birth dates.

    The sequence SSS is odd for men and even for women. A ``bis_share`` of the rows get a
    BIS number instead (month + 40 when the gender is known, + 20 when it is not); stdnum
    validates both kinds as a Belgian national number.
    """
    year, month, day = split_dates(birth)
    n = len(birth)
    seq = 2 * rng.integers(0, 498, n) + np.where(male, 1, 2)          # 1..997 odd, 2..996 even
    bis = rng.random(n) < bis_share
    month = month + np.where(bis, np.where(rng.random(n) < 0.5, 20, 40), 0)
    base = (year % 100) * 10**7 + month * 10**5 + day * 10**3 + seq
    base_for_check = base + np.where(year >= 2000, 2 * 10**9, 0)
    number = base * 100 + (97 - base_for_check % 97)
    out = zpad(number, 11)
    check(out, lambda v: be_nn.is_valid(v) or be_bis.is_valid(v), "Belgian national number")
    return out


def format_be_nn(numbers: np.ndarray) -> np.ndarray:
    """``85073003328`` -> ``85.07.30-033.28`` (the usual printed form)."""
    return cat(cut(numbers, 0, 2), ".", cut(numbers, 2, 4), ".", cut(numbers, 4, 6), "-",
               cut(numbers, 6, 9), ".", cut(numbers, 9, 11))


def nl_bsns(n: int, rng: np.random.Generator) -> np.ndarray:
    """Dutch BSNs: 9 digits passing the 11-proof (weights 9..2 and -1)."""
    digits = np.empty((n, 9), dtype=np.int64)
    todo = np.arange(n)
    while todo.size:                                   # redraw the rows whose check is 10
        d = rng.integers(0, 10, (todo.size, 8))
        d[:, 0] = rng.integers(1, 7, todo.size)
        check_digit = (d * np.arange(9, 1, -1)).sum(axis=1) % 11
        ok = check_digit < 10
        digits[todo[ok], :8] = d[ok]
        digits[todo[ok], 8] = check_digit[ok]
        todo = todo[~ok]
    out = zpad(digits @ 10 ** np.arange(8, -1, -1), 9)
    check(out, nl_bsn.is_valid, "Dutch BSN")
    return out


def fr_nirs(birth: np.ndarray, male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """French NIRs (15 digits) matching sex, birth year and month; printed with spaces."""
    year, month, _ = split_dates(birth)
    n = len(birth)
    dept = rng.integers(1, 95, n)
    dept = np.where(dept >= 20, dept + 1, dept)         # 01..95 without Corsica's 20
    commune = rng.integers(1, 991, n)
    order = rng.integers(1, 1000, n)
    base = (np.where(male, 1, 2) * 10**12 + (year % 100) * 10**10 + month * 10**8
            + dept * 10**6 + commune * 10**3 + order)
    key = 97 - base % 97
    out = fill("{b:013d}{k:02d}", b=base, k=key)
    check(out, fr_nir.is_valid, "French NIR")
    return format_nir(out)


def format_nir(numbers: np.ndarray) -> np.ndarray:
    """``185077512345678`` -> ``1 85 07 75 123 456 78`` (the printed form)."""
    return cat(*_groups(numbers, (1, 2, 2, 2, 3, 3, 2), " "))


# --- IBANs -----------------------------------------------------------------------------
BE_BANK_CODES = np.array([1, 1, 5, 10, 63, 68, 68, 73, 103, 310, 320, 340, 363, 377,
                          523, 734, 735, 737, 738, 750, 973, 979])
NL_BANKS = ("ABNA", "INGB", "INGB", "RABO", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ")
FR_BANKS = np.array([30004, 30003, 30002, 10278, 20041, 30066, 11306, 17515, 16006, 13807])
LU_BANKS = np.array([1, 2, 3, 14, 30, 60, 141])


def _letters(code: str) -> int:
    """IBAN letter conversion: A=10 .. Z=35, concatenated as decimal digits."""
    return int("".join(str(ord(c) - 55) for c in code))


def _iban_check(remainder: np.ndarray, country: str) -> np.ndarray:
    """ISO 13616 check digits from the BBAN's remainder mod 97."""
    return 98 - (remainder * 10**6 + _letters(country) * 100) % 97


def ibans(country: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """Compact IBANs of ``country`` (BE, NL, FR or LU), with valid national checks."""
    if country == "BE":
        bank = rng.choice(BE_BANK_CODES, n)
        account = rng.integers(0, 10**7, n)
        national = (bank * 10**7 + account) % 97
        national = np.where(national == 0, 97, national)
        bban = (bank * 10**7 + account) * 100 + national
        cd = _iban_check(bban % 97, "BE")
        out = fill("BE{c:02d}{b:012d}", c=cd, b=bban)
    elif country == "NL":
        bank = rng.integers(0, len(NL_BANKS), n)
        rem = np.array([_letters(b) % 97 for b in NL_BANKS])[bank]
        account = rng.integers(10**8, 10**10, n)
        cd = _iban_check((rem * 10**10 + account) % 97, "NL")
        out = fill("NL{c:02d}{b}{a:010d}", c=cd, b=strs(list(NL_BANKS))[bank], a=account)
    elif country == "FR":
        bank = rng.choice(FR_BANKS, n)
        branch = rng.integers(1, 10**5, n)
        account = rng.integers(10**9, 10**11, n)
        key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
        rem = (bank * 10**5 + branch) % 97
        rem = ((rem * 10**11 + account) % 97 * 100 + key) % 97
        cd = _iban_check(rem, "FR")
        out = fill("FR{c:02d}{b:05d}{br:05d}{a:011d}{k:02d}", c=cd, b=bank, br=branch, a=account, k=key)
    elif country == "LU":
        bank = rng.choice(LU_BANKS, n)
        account = rng.integers(10**11, 10**13, n)
        cd = _iban_check((bank % 97 * 10**13 + account) % 97, "LU")
        out = fill("LU{c:02d}{b:03d}{a:013d}", c=cd, b=bank, a=account)
    else:
        raise ValueError(f"no IBAN generator for {country}")
    check(out, std_iban.is_valid, f"{country} IBAN")
    return out


def format_iban(numbers: np.ndarray) -> np.ndarray:
    """Printed IBANs (all of one country): groups of four, ``BE71 0961 2345 6769``."""
    length = len(str(numbers[0])) if len(numbers) else 0
    return cat(*_groups(numbers, [4] * ((length + 3) // 4), " "))


def _groups(a: np.ndarray, sizes, sep: str) -> list:
    """The pieces of ``a`` cut at ``sizes``, with ``sep`` between them (for :func:`cat`)."""
    parts, at = [], 0
    for size in sizes:
        parts.extend([sep, cut(a, at, at + size)] if at else [cut(a, at, at + size)])
        at += size
    return parts


# --- payment cards ---------------------------------------------------------------------
CARD_PREFIXES = ("4970", "4974", "4532", "4556", "4917", "5132", "5413", "5355", "5168", "2221")


def card_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """16-digit Visa / Mastercard numbers with a Luhn check digit, printed in groups of 4."""
    prefixes = np.array([[int(c) for c in p] for p in CARD_PREFIXES])
    payload = rng.integers(0, 10, (n, 15))
    payload[:, :4] = prefixes[rng.integers(0, len(CARD_PREFIXES), n)]
    doubled = payload[:, 0::2] * 2                      # the digits in odd positions from the right
    total = (doubled - 9 * (doubled > 9)).sum(axis=1) + payload[:, 1::2].sum(axis=1)
    digits = np.column_stack([payload, (10 - total % 10) % 10])
    out = zpad(digits @ 10 ** np.arange(15, -1, -1), 16)
    check(out, luhn.is_valid, "card number")
    return cat(*_groups(out, (4, 4, 4, 4), " "))
