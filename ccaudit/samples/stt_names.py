"""Names of the origins common among a Belgian contact centre's customers, for the ``stt`` style.

Flemish, Dutch, Walloon, French, Italian, Polish, Turkish surnames, Eastern European
(Romanian, Czech) and British names come from Faker's locales, drawn once per
seed; Moroccan and Congolese names, and Turkish first names (Faker's ``tr_TR`` ones are
rare old names), come from the short hand lists below, combined at random, so they name
nobody in particular. Multi-word surnames keep their particles: "van den bossche",
"de smet", "el amrani", "ben said", "di stefano".

>>> import numpy as np
>>> pools = name_pools(1)
>>> person = draw_person(pools, "moroccan", np.random.default_rng(0))
>>> person.last in MOROCCAN[2]
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from faker import Faker

from ccaudit.samples.stt_speech import stt_lower
from ccaudit.samples.transcripts_speech import DIGITS

ORIGINS = ("flemish", "dutch", "walloon", "french", "moroccan", "turkish", "italian", "polish",
           "congolese", "romanian", "czech", "british")
# origin -> Faker locale (None: the hand lists); Turkish first names from TURKISH_FIRST
FAKER_LOCALES = {"flemish": "nl_BE", "dutch": "nl_NL", "walloon": "fr_BE", "french": "fr_FR", "turkish": "tr_TR",
                 "italian": "it_IT", "polish": "pl_PL", "romanian": "ro_RO", "czech": "cs_CZ", "british": "en_GB",
                 "moroccan": None, "congolese": None}
# (male first names, female first names, surnames)
MOROCCAN = (
    ("mohamed", "ahmed", "youssef", "karim", "rachid", "said", "hamza", "ilias", "mehdi", "anas", "bilal",
     "omar", "khalid", "nordin", "ayoub", "soufiane"),
    ("fatima", "khadija", "salma", "nadia", "yasmina", "samira", "imane", "hafsa", "naima", "leila", "souad",
     "meryem", "ikram", "sanae"),
    ("el amrani", "ben said", "el idrissi", "benali", "el ouazzani", "bouzidi", "el khatib", "azzouzi",
     "cherkaoui", "el mansouri", "ben moussa", "haddou", "boukhari", "ait ali", "el hamdaoui", "tahiri",
     "bennani", "ouali", "el yousfi", "ben haddou"),
)
CONGOLESE = (
    ("patrick", "christian", "serge", "papy", "junior", "jean-paul", "gloire", "fiston", "trésor", "cédric",
     "blaise", "dieudonné"),
    ("grâce", "divine", "nadine", "esther", "mireille", "merveille", "chance", "sarah", "ruth", "clarisse",
     "bénédicte", "josée"),
    ("mbuyi", "kalonji", "tshibanda", "mukendi", "ilunga", "kasongo", "lukusa", "mulumba", "ngoy", "kabeya",
     "tshimanga", "mwamba", "nsimba", "lumbala", "makiese", "nzuzi", "kabongo", "mbala", "tshilumba",
     "mutombo"),
)
TURKISH_FIRST = (
    ("mehmet", "ahmet", "mustafa", "emre", "burak", "hüseyin", "hasan", "murat", "yusuf", "kemal", "serkan",
     "okan"),
    ("ayşe", "fatma", "elif", "zeynep", "emine", "hatice", "büşra", "özlem", "derya", "selin", "merve", "gül"),
)
HAND_LISTS = {"moroccan": MOROCCAN, "congolese": CONGOLESE}
# Italian surnames with a particle, which Faker's it_IT list lacks.
ITALIAN_PARTICLES = ("di stefano", "de luca", "di pietro", "la rosa", "lo presti", "de santis", "di marco",
                     "lo bianco", "d'angelo", "de rosa")
PARTICLES = {"van", "de", "den", "der", "het", "ter", "ten", "te", "vande", "vanden", "vander", "le", "la",
             "du", "des", "da", "di", "dos", "lo", "el", "ben", "ait"}
_NUMBER_WORDS = {w for words in DIGITS.values() for w in words}
PARTICLE_SHARE = 0.35
DRAWS = 400


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    male: bool
    origin: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class NamePool:
    """First names and surnames by gender (Czech and Polish surnames have a male and a
    female form); the surnames with a particle ("van den bossche") apart."""

    first: dict[bool, tuple[str, ...]]          # male? -> first names
    last: dict[bool, tuple[str, ...]]
    particle_last: dict[bool, tuple[str, ...]]


def _usable(name: str) -> bool:
    """A name an engine would write: letters, hyphens and apostrophes inside words; a
    multi-word surname only with particles before its last word ("van den bossche")."""
    words = name.split(" ")
    if name in _NUMBER_WORDS:                # "seven" is a Turkish surname, and a number
        return False
    if not all(w and all(c.isalpha() or c in "-'" for c in w) and w[0].isalpha() for w in words):
        return False
    return all(w in PARTICLES for w in words[:-1]) or name in ITALIAN_PARTICLES


def _faker_names(locale: str, kind: str, seed: int, salt: int) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(seed * 1000 + salt)
    return sorted({n for n in (stt_lower(getattr(fake, kind)()) for _ in range(DRAWS)) if _usable(n)})


@lru_cache(maxsize=4)
def name_pools(seed: int) -> dict[str, NamePool]:
    """One :class:`NamePool` per origin of :data:`ORIGINS`; the same for a seed and Faker version."""
    pools = {}
    for o, origin in enumerate(ORIGINS):
        locale = FAKER_LOCALES[origin]
        first, last = {}, {}
        for male in (True, False):
            gender = "male" if male else "female"
            salt = 4 * o + 2 * male
            hand = HAND_LISTS.get(origin)
            if hand:
                first[male], last[male] = hand[0 if male else 1], hand[2]
                continue
            first[male] = TURKISH_FIRST[0 if male else 1] if origin == "turkish" else \
                tuple(_faker_names(locale, f"first_name_{gender}", seed, salt))
            names = _faker_names(locale, f"last_name_{gender}", seed, salt + 1)
            last[male] = tuple(sorted(set(names) | set(ITALIAN_PARTICLES))) if origin == "italian" else tuple(names)
        pools[origin] = NamePool(first, {m: tuple(n for n in v if " " not in n) for m, v in last.items()},
                                 {m: tuple(n for n in v if " " in n) for m, v in last.items()})
    return pools


def draw_person(pools: dict[str, NamePool], origin: str, rng: np.random.Generator, male: bool | None = None,
                last: str | None = None, particle: bool = False) -> Name:
    """A person of ``origin``; with ``particle`` a surname with a particle where the origin has
    any, else now and then one."""
    pool = pools[origin]
    male = bool(rng.random() < 0.5) if male is None else male
    firsts = pool.first[male]
    first = firsts[int(rng.integers(len(firsts)))]
    if last is None:
        particles = pool.particle_last[male]
        if particle and particles:
            names = particles
        elif origin in HAND_LISTS:
            names = pool.last[male] + particles
        else:
            names = particles if particles and rng.random() < PARTICLE_SHARE else pool.last[male]
        last = names[int(rng.integers(len(names)))]
    return Name(first, last, male, origin)
