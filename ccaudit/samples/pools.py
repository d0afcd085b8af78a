"""Pools of names and places drawn once from Faker, then sampled with numpy.

Calling Faker per cell is far too slow for the benchmark scales, so each locale gets a
few thousand Faker draws (duplicates kept, so Faker's name frequencies carry over) and
the exports pick from them with a seeded ``numpy.random.Generator``. A handful of real,
common street names and towns is mixed in so that addresses look like addresses.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from faker import Faker

from ccaudit.samples.vstr import strs

LOCALES = ("nl_BE", "fr_FR", "en_GB", "nl_NL")
NAMES_PER_POOL = 1500
PLACES_PER_POOL = 800

# Common real street names, mixed with Faker's (which are often "<first name>straat").
COMMON_STREETS = {
    "nl_BE": ("Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Nieuwstraat",
              "Schoolstraat", "Kapelstraat", "Beekstraat", "Veldstraat", "Hoogstraat",
              "Brugstraat", "Grote Markt", "Leopoldlaan", "Koning Albertlaan", "Kouter",
              "Sint-Jansstraat", "Nijverheidsstraat", "Lindenlaan"),
    "fr_BE": ("Rue de la Station", "Chaussée de Bruxelles", "Rue Haute", "Avenue Louise",
              "Rue du Centre", "Place Saint-Lambert", "Rue de l'Église", "Rue des Écoles",
              "Chaussée de Namur", "Rue du Moulin", "Avenue de la Gare", "Rue Saint-Gilles"),
    "fr_FR": ("rue de la Paix", "rue de l'Église", "avenue Jean Jaurès", "rue Victor Hugo",
              "place de la République", "boulevard Gambetta", "rue du Moulin", "rue de la Gare",
              "allée des Tilleuls", "rue Pasteur", "avenue du Général de Gaulle", "rue des Écoles"),
    "nl_NL": ("Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Julianastraat",
              "Wilhelminastraat", "Beatrixlaan", "Stationsweg", "Hoofdstraat", "Raadhuisstraat",
              "Kastanjelaan", "Prinses Irenestraat"),
    "en_GB": ("High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue"),
}
# Real (postcode, town) pairs, mixed with Faker's towns.
COMMON_TOWNS = {
    "nl_BE": (("1000", "Brussel"), ("2000", "Antwerpen"), ("9000", "Gent"), ("8000", "Brugge"),
              ("3000", "Leuven"), ("2800", "Mechelen"), ("3500", "Hasselt"), ("8500", "Kortrijk"),
              ("9300", "Aalst"), ("1800", "Vilvoorde"), ("2300", "Turnhout"),
              ("9100", "Sint-Niklaas"), ("8400", "Oostende"), ("3600", "Genk"), ("2500", "Lier"),
              ("9200", "Dendermonde"), ("1500", "Halle"), ("3300", "Tienen"), ("8800", "Roeselare")),
    "fr_BE": (("4000", "Liège"), ("5000", "Namur"), ("6000", "Charleroi"), ("7000", "Mons"),
              ("1300", "Wavre"), ("1400", "Nivelles"), ("4800", "Verviers"), ("7500", "Tournai"),
              ("6700", "Arlon"), ("5500", "Dinant"), ("1348", "Louvain-la-Neuve"),
              ("1050", "Ixelles"), ("1180", "Uccle")),
    "fr_FR": (("75002", "Paris"), ("75011", "Paris"), ("75015", "Paris"), ("69003", "Lyon"),
              ("13008", "Marseille"), ("31000", "Toulouse"), ("59000", "Lille"), ("33000", "Bordeaux"),
              ("44000", "Nantes"), ("67000", "Strasbourg"), ("35000", "Rennes"), ("06000", "Nice"),
              ("34000", "Montpellier"), ("21000", "Dijon"), ("51100", "Reims"), ("37000", "Tours")),
    "nl_NL": (("1011", "Amsterdam"), ("1071", "Amsterdam"), ("3011", "Rotterdam"),
              ("2511", "Den Haag"), ("3511", "Utrecht"), ("5611", "Eindhoven"), ("9711", "Groningen"),
              ("5038", "Tilburg"), ("1315", "Almere"), ("4811", "Breda"), ("6511", "Nijmegen"),
              ("2011", "Haarlem"), ("6811", "Arnhem"), ("8011", "Zwolle"), ("2311", "Leiden"),
              ("6211", "Maastricht")),
    "en_GB": (("SW1A 1AA", "London"), ("M1 1AE", "Manchester"), ("B1 1AA", "Birmingham")),
}


@dataclass(frozen=True)
class LocalePool:
    """Faker values of one locale as string arrays (one entry per Faker draw)."""

    locale: str
    first_male: np.ndarray
    first_female: np.ndarray
    last: np.ndarray
    streets: np.ndarray
    towns: np.ndarray              # Faker's town names
    common_streets: np.ndarray
    common_postcodes: np.ndarray   # real towns and their postcodes, aligned
    common_towns: np.ndarray

    def first_names(self, male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A first name per row, of the row's gender."""
        out = pick(self.first_female, len(male), rng)
        out[male] = pick(self.first_male, int(male.sum()), rng)
        return out

    def last_names(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return pick(self.last, n, rng)

    def street_names(self, n: int, rng: np.random.Generator, common_share: float = 0.5) -> np.ndarray:
        """Street names: Faker's and, for ``common_share`` of the rows, common real ones."""
        out = pick(self.streets, n, rng)
        common = rng.random(n) < common_share
        out[common] = pick(self.common_streets, int(common.sum()), rng)
        return out


def pick(values: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` values drawn uniformly (with replacement) from ``values``; a new array."""
    return values[rng.integers(0, len(values), n)]


def slug(text: str) -> str:
    """Accent-free lower-case letters and digits, as used in e-mail addresses."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_.lower() if c.isalnum())


def slugs(values: np.ndarray) -> np.ndarray:
    """:func:`slug` of many values (pool values repeat, so each is computed once)."""
    text = values.tolist()
    cache = {v: slug(v) for v in set(text)}
    return strs([cache[v] for v in text])


def _cp1252(values: list[str]) -> np.ndarray:
    """Keep values that a cp1252 (Windows) export can hold; as a string array."""
    kept = []
    for v in values:
        try:
            v.encode("cp1252")
        except UnicodeEncodeError:
            continue
        kept.append(v)
    return strs(kept)


@lru_cache(maxsize=4)
def get_pools(seed: int) -> dict[str, LocalePool]:
    """The pools of every locale in :data:`LOCALES` plus ``fr_BE`` (Wallonia, Brussels).

    ``fr_BE`` reuses the French names but has Belgian streets and towns. Deterministic
    for a given seed and Faker version.
    """
    pools: dict[str, LocalePool] = {}
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + i)
        pools[locale] = LocalePool(
            locale=locale,
            first_male=_cp1252([fake.first_name_male() for _ in range(NAMES_PER_POOL)]),
            first_female=_cp1252([fake.first_name_female() for _ in range(NAMES_PER_POOL)]),
            last=_cp1252([fake.last_name() for _ in range(NAMES_PER_POOL)]),
            streets=_cp1252([fake.street_name() for _ in range(PLACES_PER_POOL)]),
            towns=_cp1252([fake.city() for _ in range(PLACES_PER_POOL)]),
            common_streets=strs(COMMON_STREETS[locale]),
            common_postcodes=strs([p for p, _ in COMMON_TOWNS[locale]]),
            common_towns=strs([t for _, t in COMMON_TOWNS[locale]]),
        )
    fr, be = pools["fr_FR"], pools["nl_BE"]
    pools["fr_BE"] = LocalePool(
        locale="fr_BE", first_male=fr.first_male, first_female=fr.first_female, last=fr.last,
        streets=strs([s[:1].upper() + s[1:] for s in fr.streets.tolist()]),
        towns=be.towns, common_streets=strs(COMMON_STREETS["fr_BE"]),
        common_postcodes=strs([p for p, _ in COMMON_TOWNS["fr_BE"]]),
        common_towns=strs([t for _, t in COMMON_TOWNS["fr_BE"]]))
    return pools

