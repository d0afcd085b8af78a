"""Synthetic people: names, gender, birth date, e-mail and postal address per locale.

All ages are computed against the fixed :data:`REFERENCE_DATE`, never today's date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ccaudit.samples import contact
from ccaudit.samples.pools import LocalePool, get_pools, pick, slugs
from ccaudit.samples.vstr import S, cat, fill, strs, where

REFERENCE_DATE = dt.date(2026, 11, 1)
COUNTRY = {"nl_BE": "BE", "fr_BE": "BE", "fr_FR": "FR", "nl_NL": "NL", "en_GB": "GB"}


@dataclass
class People:
    """One person per row; arrays of equal length."""

    locale: np.ndarray      # string: pool locale per row
    male: np.ndarray        # bool
    first: np.ndarray       # string
    last: np.ndarray        # string
    birth: np.ndarray       # datetime64[D]

    def __len__(self) -> int:
        return len(self.first)

    @property
    def full_names(self) -> np.ndarray:
        return cat(self.first, " ", self.last)

    def emails(self, rng: np.random.Generator) -> np.ndarray:
        """E-mail addresses derived from the names, on domains of the person's country."""
        out = np.empty(len(self), dtype=S)
        years = self.birth.astype("datetime64[Y]").astype(np.int64) + 1970
        for locale in sorted(set(self.locale.tolist())):
            rows = self.locale == locale
            out[rows] = contact.emails(slugs(self.first[rows]), slugs(self.last[rows]), years[rows],
                                       COUNTRY[locale], rng)
        return out


def make_people(seed: int, locales: dict[str, float] | np.ndarray, n: int, rng: np.random.Generator,
                min_age: int = 18, max_age: int = 90) -> People:
    """``n`` people aged min_age..max_age at the reference date.

    ``locales`` is either a weighted mix (``{"nl_BE": 0.6, "fr_BE": 0.4}``) or the
    locale of every row.
    """
    pools = get_pools(seed)
    if isinstance(locales, dict):
        names = list(locales)
        weights = np.array(list(locales.values()), dtype=float)
        locale = strs(names)[rng.choice(len(names), n, p=weights / weights.sum())]
    else:
        locale = strs(locales)
    male = rng.random(n) < 0.49
    first = np.empty(n, dtype=S)
    last = np.empty(n, dtype=S)
    for name in sorted(set(locale.tolist())):
        rows = np.flatnonzero(locale == name)
        first[rows] = pools[name].first_names(male[rows], rng)
        last[rows] = pools[name].last_names(rows.size, rng)
    return People(locale, male, first, last, birth_dates(n, rng, min_age, max_age))


def relatives(seed: int, people: People, rng: np.random.Generator) -> People:
    """Other people of the same locales, half of them sharing the row's surname."""
    other = make_people(seed, people.locale, len(people), rng)
    same = rng.random(len(people)) < 0.5
    other.last[same] = people.last[same]
    return other


def birth_dates(n: int, rng: np.random.Generator, min_age: int = 18, max_age: int = 90) -> np.ndarray:
    """Birth dates (``datetime64[D]``) of people aged min_age..max_age on the reference date."""
    ref = REFERENCE_DATE
    lo = np.datetime64(dt.date(ref.year - max_age - 1, ref.month, ref.day) + dt.timedelta(days=1))
    hi = np.datetime64(dt.date(ref.year - min_age, ref.month, ref.day))
    return lo + rng.integers(0, (hi - lo).astype(int) + 1, n)


def addresses_of(seed: int, locale: np.ndarray, rng: np.random.Generator
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`addresses` for rows of mixed locales (``locale`` per row)."""
    n = len(locale)
    street, postcode, town = (np.empty(n, dtype=S) for _ in range(3))
    for name in sorted(set(locale.tolist())):
        rows = locale == name
        street[rows], postcode[rows], town[rows] = addresses(get_pools(seed)[name], int(rows.sum()), rng)
    return street, postcode, town


def addresses(pool: LocalePool, n: int, rng: np.random.Generator,
              common_share: float = 0.4) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(street and number, postcode, town) per row in the locale's own conventions.

    Belgian and Dutch: ``Kerkstraat 12`` (sometimes ``bus 3`` / ``12A``), French
    ``12 rue de la Paix``; postcodes ``9000`` (BE), ``1234 AB`` (NL), ``75002`` (FR).
    """
    country = COUNTRY[pool.locale]
    streets = pool.street_names(n, rng)
    number = rng.integers(1, 180, n)
    number = np.where(rng.random(n) < 0.6, number % 40 + 1, number)      # many low numbers
    extra = rng.random(n) < 0.06
    towns = pick(pool.towns, n, rng)
    postcodes = _postcodes(country, n, rng)
    common = rng.random(n) < common_share
    real = rng.integers(0, len(pool.common_towns), int(common.sum()))
    towns[common] = pool.common_towns[real]
    if country == "NL":                                   # the town's 4 digits + random letters
        postcodes[common] = cat(pool.common_postcodes[real], " ", np.strings.slice(postcodes[common], 5, 7))
    else:
        postcodes[common] = pool.common_postcodes[real]
    if country == "FR":
        street = fill("{k} {s}", k=strs(number), s=streets)
    elif country == "BE":
        street = where(extra, fill("{s} {k} bus {b}", s=streets, k=strs(number), b=strs(number % 7 + 1)),
                       fill("{s} {k}", s=streets, k=strs(number)))
    else:
        street = cat(streets, " ", strs(number), where(extra, strs(np.array(list("ABC")))[number % 3], ""))
    return street, postcodes, towns


NL_POSTCODE_LETTERS = strs([a + b for a in "ABCDEFGHJKLMNPRTVWXZ" for b in "ABCDEFGHJKLMNPRSTVWXZ"
                            if a + b not in ("SA", "SD", "SS")])


def _postcodes(country: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if country == "BE":
        return strs(rng.integers(100, 1000, n) * 10)
    if country == "NL":
        return cat(strs(rng.integers(1000, 10000, n)), " ", pick(NL_POSTCODE_LETTERS, n, rng))
    if country == "FR":
        dept = rng.integers(1, 96, n)
        return fill("{d:02d}{x:03d}", d=np.where(dept == 20, 21, dept), x=rng.integers(0, 100, n) * 10)
    return np.full(n, "SW1A 1AA", dtype=S)
