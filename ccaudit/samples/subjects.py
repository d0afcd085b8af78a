"""Planted data subjects: the same synthetic people in several exports and calls, with gold.

A subject index links records that share a strong identifier (e-mail, phone, national
number, IBAN, BSN), transitively, across files, sheets, formats, clients and transcripts;
names never link. To exercise it, a fixed set of people (:data:`SUBJECTS_PER_SCALE` per
scale step, at most :data:`MAX_SUBJECTS`) is written over existing rows of the exports and
into the customer's side of some calls, each following one of the :data:`PATTERNS`: one
mobile number in its five usual spellings, chains (A and B share a phone, B and C an
e-mail, A and C nothing), a colleague who is also a bank customer, identifiers said as
words in a call, and two different people with the same name.

The plan depends only on the seed and the scale. Which rows are overwritten depends on
the seed and the file's row count (:func:`placed`), so a writer and the gold agree without
talking to each other. ``gold/subjects.csv`` (:func:`write_gold`) has one row per record
and identifier that ties the record to another record of its subject; raw values are
never written there, only how they are spelled.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import phonenumbers

from ccaudit.samples import contact, identifiers
from ccaudit.samples.people import COUNTRY, make_people
from ccaudit.samples.pools import slug
from ccaudit.samples.spec import file_rng
from ccaudit.samples.vstr import choose

SUBJECTS_PER_SCALE = 12
MAX_SUBJECTS = 1200
ID_TYPES = ("email", "phone", "national_number", "iban", "bsn")
# Rows a writer must keep: the first staff rows are the agents named in callbacks and calls
# (callcenter.N_AGENTS, checked there).
RESERVED_ROWS = {"staff": 12}
# Identifiers a planted row always gets, besides the plan's: a national number must match
# the birth date written next to it, an e-mail address is made from the name. They count in
# the gold only where they are shared with another record of the subject.
ALWAYS = {"crm": (("national_number", "formatted"), ("email", "lower_case")),
          "staff": (("national_number", "compact"),),
          "telecom": (("national_number", "spaced"), ("email", "lower_case")),
          "energie": (("email", "lower_case"),)}
GOLD_COLUMNS = ["subject", "kind", "source", "sheet", "row", "call_id", "turn", "identifier_type",
                "spelling", "name_twin"]


@dataclass(frozen=True)
class Person:
    """A planted subject: one person and their identifiers (compact spellings)."""

    subject: str                 # gold key: S01, S02, ...
    pattern: str
    locale: str
    male: bool
    first: str
    last: str
    birth: np.datetime64
    email: str                   # lower case
    phone: str                   # national significant number of a mobile of ``country``
    country: str                 # BE, NL or FR: phone, national number and IBAN (unless iban_country)
    national: str                # BE national number, NL BSN or FR NIR, digits only
    nir: str                     # a French NIR for the telco's NIR column, whatever the country
    iban: str
    twin: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"

    def national_number(self, country: str) -> tuple[str, str] | None:
        """(identifier type, digits) of the national identifier valid in ``country``, if any."""
        if country == "FR":
            return "national_number", self.nir
        if country == self.country:
            return ("bsn" if country == "NL" else "national_number"), self.national
        return None

    def canonical(self, id_type: str, country: str = "") -> str:
        """The value that ties records together (what an index stores, before hashing)."""
        if id_type == "email":
            return self.email
        if id_type == "phone":
            return f"+{phonenumbers.country_code_for_region(self.country)}{self.phone}"
        if id_type == "iban":
            return self.iban
        if id_type == "bsn":
            return self.national
        return self.nir if country == "FR" or self.country == "FR" else self.national

    def text(self, id_type: str, spelling: str, country: str = "") -> str:
        """The identifier as written in a record, ``spelling`` being a category of the gold."""
        if id_type == "email":
            return {"lower_case": self.email, "upper_case": self.email.upper(),
                    "mixed_case": _mixed_case(self.email)}[spelling]
        if id_type == "phone":
            return contact.spell_mobile(self.phone, self.country, spelling)
        if id_type == "iban":
            return self.iban if spelling == "compact" else str(identifiers.format_iban(np.array([self.iban]))[0])
        value = self.canonical(id_type, country)
        if spelling == "compact":
            return value
        if len(value) == 15:                                            # NIR
            return str(identifiers.format_nir(np.array([value]))[0])
        return str(identifiers.format_be_nn(np.array([value]))[0])


def _mixed_case(email: str) -> str:
    """``jan.peeters42@telenet.be`` -> ``Jan.Peeters42@telenet.be`` (names capitalised)."""
    local, domain = email.split("@")
    return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain


@dataclass(frozen=True)
class Record:
    """A planted export record: a row of ``key``'s file (sheet ``sheet``) gets the person's
    name and the identifiers in ``ids`` ((type, spelling) pairs)."""

    person: Person
    key: str
    sheet: str
    ids: tuple[tuple[str, str], ...]
    client: str = ""             # callbacks: the client the request is for

    def country(self, id_type: str) -> str:
        """The country whose national identifier a national-number column holds ("" = the person's)."""
        return "FR" if self.key == "telecom" and id_type == "national_number" else ""

    def spelled(self) -> dict[str, str]:
        """Identifier type -> the text to write."""
        return {t: self.person.text(t, s, self.country(t)) for t, s in self.ids}


@dataclass(frozen=True)
class CallPlan:
    """A call of ``client`` (transcripts folder) where the person is the customer; chosen
    among the calls whose customer says one of ``kinds`` (in that order), ``spoken`` if set."""

    person: Person
    client: str
    kinds: tuple[str, ...]
    spoken: bool | None = None


@dataclass(frozen=True)
class Pattern:
    title: str
    locale: str
    records: tuple[tuple, ...]   # (key, sheet, {id_type: spelling}, client)
    call: tuple | None = None    # (client, kinds, spoken)
    iban_country: str = ""
    staff: bool = False          # aged like staff (19-66)
    twin_of_previous: bool = False


def _rec(key: str, sheet: str = "", client: str = "", **ids: str) -> tuple:
    return key, sheet, ids, client


PATTERNS = (
    Pattern("one mobile in its five spellings, and said as words", "nl_BE", (
        _rec("crm", phone="national_spaced", email="lower_case", iban="grouped"),
        _rec("callbacks", client="BRIGHTBANK", phone="e164"),
        _rec("callbacks", client="BRIGHTBANK", phone="slashes_dots"),
        _rec("calllist", phone="0032"),
        _rec("telecom", "Clients", phone="international_spaced")),
        call=("brightbank", ("phone",), True)),
    Pattern("chain: callback -phone- CRM -e-mail- telco; national number in a call", "fr_BE", (
        _rec("callbacks", client="ASSURBEL", phone="international_spaced"),
        _rec("crm", phone="slashes_dots", email="lower_case", iban="grouped"),
        _rec("telecom", "Clients", email="mixed_case")),
        call=("callcenter", ("national_number",), None)),
    Pattern("colleague who banks at BrightBank: staff -national number, IBAN- CRM", "nl_BE", (
        _rec("staff", iban="compact"),
        _rec("crm", iban="grouped", phone="e164", email="lower_case"),
        _rec("callbacks", client="BRIGHTBANK", phone="0032")), staff=True),
    Pattern("energy customer: BSN said in a call, e-mail in upper case", "nl_NL", (
        _rec("energie", bsn="compact", email="upper_case", phone="national_dash", iban="compact"),
        _rec("calllist", phone="e164")),
        call=("nlenergie", ("bsn",), True)),
    Pattern("telco customer: NIR in the workbook and in a call", "fr_FR", (
        _rec("telecom", "Clients", email="lower_case", phone="national_spaced"),
        _rec("callbacks", client="TELECOMFR", phone="e164"),
        _rec("calllist", phone="international_spaced")),
        call=("telecomfr", ("national_number",), None)),
    Pattern("chain across three clients: callback -phone- energy -e-mail- telco", "nl_NL", (
        _rec("callbacks", client="NLENERGIE", phone="international_spaced"),
        _rec("energie", phone="national_dash", email="lower_case"),
        _rec("telecom", "Clients", email="upper_case"))),
    Pattern("colleague with a Dutch bank account: staff -IBAN- energy -IBAN- call", "nl_BE", (
        _rec("staff", iban="compact"),
        _rec("energie", iban="compact")),
        call=("nlenergie", ("iban",), None), iban_country="NL", staff=True),
    Pattern("name twin (first of two different people with one name)", "nl_BE", (
        _rec("crm", phone="national_spaced", email="lower_case", iban="grouped"),
        _rec("callbacks", client="BRIGHTBANK", phone="e164"))),
    Pattern("name twin (second): same first and last name, nothing else shared", "nl_BE", (
        _rec("calllist", phone="national_spaced"),
        _rec("callbacks", client="ASSURBEL", phone="slashes_dots")),
        call=("callcenter", ("phone",), False), twin_of_previous=True),
    Pattern("e-mail only: lower case, upper case and in a call", "fr_BE", (
        _rec("crm", email="lower_case"),
        _rec("telecom", "Clients", email="upper_case")),
        call=("brightbank", ("email",), None)),
    Pattern("national number printed in the CRM, said in a call", "nl_BE", (
        _rec("crm", phone="0032"),
        _rec("callbacks", client="BRIGHTBANK", phone="national_compact")),
        call=("brightbank", ("national_number",), None)),
    Pattern("IBAN grouped in the CRM, read out in a call", "nl_BE", (
        _rec("crm", iban="grouped", phone="international_spaced"),
        _rec("calllist", phone="e164")),
        call=("brightbank", ("iban", "phone"), None)),
)


@dataclass
class Plan:
    people: list[Person] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    calls: list[CallPlan] = field(default_factory=list)


def subject_count(scale: int) -> int:
    return min(SUBJECTS_PER_SCALE * scale, MAX_SUBJECTS)


@lru_cache(maxsize=4)
def plan_subjects(seed: int, scale: int) -> Plan:
    """The planted people, their export records and calls (rows are chosen by :func:`placed`)."""
    rng = file_rng(seed, "subjects")
    n = subject_count(scale)
    width = max(2, len(str(n)))
    plan = Plan()
    seen: set[tuple[str, str]] = set()
    for k in range(n):
        pattern = PATTERNS[k % len(PATTERNS)]
        following = PATTERNS[(k + 1) % len(PATTERNS)]
        twin_of = plan.people[-1] if pattern.twin_of_previous else None
        is_twin = pattern.twin_of_previous or (following.twin_of_previous and k + 1 < n)
        person = _person(seed, f"S{k + 1:0{width}d}", pattern, twin_of, is_twin, rng, seen)
        plan.people.append(person)
        for key, sheet, ids, client in pattern.records:
            pairs = dict(ids)
            for id_type, spelling in ALWAYS.get(key, ()):
                pairs.setdefault(id_type, spelling)
            plan.records.append(Record(person, key, sheet, tuple(pairs.items()), client))
        if pattern.call:
            plan.calls.append(CallPlan(person, *pattern.call))
    return plan


def _person(seed: int, subject: str, pattern: Pattern, twin: Person | None, is_twin: bool,
            rng: np.random.Generator, seen: set[tuple[str, str]]) -> Person:
    ages = (19, 66) if pattern.staff else (18, 90)
    people = make_people(seed, {pattern.locale: 1.0}, 1, rng, *ages)
    country = COUNTRY[pattern.locale]
    if twin is not None:                         # same name, same gender; nothing else shared
        people.first[0], people.last[0], people.male[0] = twin.first, twin.last, twin.male
    birth, male = people.birth, people.male
    first, last = str(people.first[0]), str(people.last[0])
    domains = contact.DOMAINS[country]
    while True:                                  # values no other planted person has
        email = f"{slug(first)}.{slug(last)}{int(rng.integers(10, 100))}@" \
                f"{choose(list(domains), 1, rng, list(domains.values()))[0]}"
        number = str(contact.phones(country, 1, rng, mobile_share=1.0)[0])
        phone = str(phonenumbers.parse(number, country).national_number)
        if country == "BE":
            national = str(identifiers.be_national_numbers(birth, male, rng)[0])
        elif country == "NL":
            national = str(identifiers.nl_bsns(1, rng)[0])
        else:
            national = ""
        nir = str(identifiers.fr_nirs(birth, male, rng)[0]).replace(" ", "")
        iban = str(identifiers.ibans(pattern.iban_country or country, 1, rng)[0])
        values = {("email", email), ("phone", phone), ("national", national or nir), ("nir", nir),
                  ("iban", iban)}
        if not values & seen:
            seen.update(values)
            break
    return Person(subject, pattern.title, pattern.locale, bool(male[0]), first, last, birth[0], email, phone,
                  country, national or nir, nir, iban, is_twin)


# --- where the records go ------------------------------------------------------------------
def placed(seed: int, scale: int, key: str, sheet: str, n: int) -> list[tuple[int, Record]]:
    """(row, record) of the planted records of file ``key`` (sheet ``sheet``) with ``n`` rows,
    in plan order. The rows are distinct and depend only on the seed, the file and ``n``."""
    records = [r for r in plan_subjects(seed, scale).records if r.key == key and r.sheet == sheet]
    if not records:
        return []
    first = RESERVED_ROWS.get(key, 0)
    if n - first < len(records):
        raise ValueError(f"{key} has {n} rows, too few for {len(records)} planted records")
    rng = file_rng(seed, f"subjects/{key}/{sheet}")
    rows = first + rng.choice(n - first, len(records), replace=False)
    return list(zip(rows.tolist(), records))


# --- gold -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    """One identifier of a planted subject in one record (export row or call turn)."""

    person: Person
    kind: str                    # export | transcript
    source: str
    sheet: str
    row: int | None
    call_id: str
    turn: int | None
    id_type: str
    spelling: str
    value: str                   # canonical; used to find what is shared, never written

    @property
    def record(self) -> tuple:
        return self.kind, self.source, self.sheet, self.row, self.call_id


def export_occurrences(seed: int, scale: int, files: Iterable[tuple[str, str, str, int]]) -> list[Occurrence]:
    """The identifiers written into the exports; ``files`` holds (key, source, sheet, rows)."""
    out = []
    for key, source, sheet, n in files:
        for row, record in placed(seed, scale, key, sheet, n):
            for id_type, spelling in record.ids:
                out.append(Occurrence(record.person, "export", source, sheet, row, "", None, id_type, spelling,
                                      record.person.canonical(id_type, record.country(id_type))))
    return out


def shared(occurrences: list[Occurrence]) -> list[Occurrence]:
    """The occurrences whose value appears in at least two records of the subject, sorted."""
    records: dict[tuple, set] = {}
    for o in occurrences:
        records.setdefault((o.person.subject, o.id_type, o.value), set()).add(o.record)
    kept = [o for o in occurrences if len(records[(o.person.subject, o.id_type, o.value)]) > 1]
    return sorted(kept, key=lambda o: (o.person.subject, o.kind, o.source, o.sheet, o.row or 0, o.call_id,
                                       o.turn or 0, ID_TYPES.index(o.id_type)))


def gold_rows(occurrences: list[Occurrence]) -> list[list]:
    return [[o.person.subject, o.kind, o.source, o.sheet, "" if o.row is None else o.row, o.call_id,
             "" if o.turn is None else o.turn, o.id_type, o.spelling, str(o.person.twin).lower()]
            for o in shared(occurrences)]


def write_gold(gold_dir: Path, occurrences: list[Occurrence]) -> None:
    """``subjects.csv``: one row per record and shared identifier of every planted subject."""
    gold_dir.mkdir(parents=True, exist_ok=True)
    with open(gold_dir / "subjects.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(GOLD_COLUMNS)
        writer.writerows(gold_rows(occurrences))
