"""Synthetic call transcripts (Dutch, French, English) with gold spans of personal data.

Layout under the output directory::

    transcripts/<client>/<call_id>.<json|txt|vtt|srt>   the calls (see :data:`PLAN`)
    gold/transcript_spans.csv    one row per personal-data mention (character offsets in the turn)
    gold/transcript_calls.csv    one row per readable call
    gold/transcript_errors.csv   source,reason for the files that are unreadable on purpose

Formats: generic JSON (``{"call_id", "language", "started_at", "channel", "turns": [...]}``),
plain text (``[hh:mm:ss] AGENT: text``), WebVTT (``<v Agent>text</v>``), SRT
(``AGENT: text``) and Amazon Transcribe JSON (``jobName``, ``results.items``). Offsets in
the gold are Python string indices (Unicode code points) into the turn text exactly as a
reader returns it: see :mod:`ccaudit.samples.readme` for the conventions.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import phonenumbers

from ccaudit.samples import contact, identifiers, subjects
from ccaudit.samples.callcenter import N_AGENTS, staff_people
from ccaudit.samples.people import People, addresses, make_people
from ccaudit.samples.pools import get_pools
from ccaudit.samples.spec import BE_NN, BSN, CARD, EMAIL, IBAN, LOCATION, NIR, PHONE, file_rng
from ccaudit.samples.transcripts_script import (BORN, CLOSE_AGENT, CLOSE_CUSTOMER, GREET, ID_ANSWER,
                                                ID_ASK, INTRO, REASONS, SWITCH, TITLES, TOPICS, Turn,
                                                Value, dob, make_turn, person, render)
from ccaudit.samples.transcripts_speech import MONTHS, date_words, digits_words, number_words, \
    pairs_run_together, spoken_email, spoken_phone
from ccaudit.samples.values import split_dates
from ccaudit.samples.vstr import S, choose

KEY = "transcripts"
FORMATS = ("json", "txt", "vtt", "srt", "transcribe")
SUFFIX = {"json": ".json", "txt": ".txt", "vtt": ".vtt", "srt": ".srt", "transcribe": ".json"}
SPEAKERS = {"json": ("agent", "customer"), "txt": ("AGENT", "CUSTOMER"), "vtt": ("Agent", "Customer"),
            "srt": ("AGENT", "CUSTOMER"), "transcribe": ("spk_0", "spk_1")}
SPOKEN_SHARE = 0.3


@dataclass(frozen=True)
class Client:
    prefix: str
    company: str
    country: str                 # phones, IBANs and the national identifier
    locale: dict[str, str]       # language spoken by the customer -> name locale
    address_locale: dict[str, str]
    topics: tuple[str, ...]


CLIENTS = {
    "brightbank": Client("BB", "BrightBank", "BE", {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"},
                         {"nl": "nl_BE", "fr": "fr_BE", "en": "nl_BE"},
                         ("phone", "email", "iban", "address", "lookalike")),
    "telecomfr": Client("TF", "TelecomFR", "FR", {"fr": "fr_FR", "en": "en_GB", "nl": "nl_BE"},
                        {"fr": "fr_FR", "en": "fr_FR", "nl": "fr_FR"},
                        ("phone", "email", "iban", "address", "lookalike")),
    "nlenergie": Client("NE", "NL Energie", "NL", {"nl": "nl_NL", "en": "en_GB", "fr": "fr_FR"},
                        {"nl": "nl_NL", "en": "nl_NL", "fr": "nl_NL"},
                        ("phone", "email", "iban", "address", "lookalike")),
    "callcenter": Client("CC", "Assurbel", "BE", {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"},
                         {"en": "nl_BE", "fr": "fr_BE", "nl": "nl_BE"},
                         ("phone", "email", "iban", "address", "lookalike")),
}
NN_ENTITY = {"BE": BE_NN, "NL": BSN, "FR": NIR}
NN_LABEL = {
    "BE": {"nl": "rijksregisternummer", "fr": "numéro de registre national", "en": "national register number"},
    "NL": {"nl": "burgerservicenummer", "fr": "numéro BSN", "en": "BSN"},
    "FR": {"nl": "sofinummer", "fr": "numéro de sécurité sociale", "en": "social security number"},
}
AGENT_LOCALE = {"nl": "nl_BE", "fr": "fr_BE"}

# The calls at scale 1 ("client language[>switch] format flags"), repeated ``scale`` times.
# Flags: S phone, e-mail and national number spoken; C card payment; N national number asked;
# L no "language" field (JSON); T no timestamps and blank lines (txt).
PLAN = (
    "brightbank nl json S", "brightbank nl json C", "brightbank nl>fr json N", "brightbank nl txt",
    "brightbank nl txt T", "brightbank nl vtt N", "brightbank nl srt", "brightbank fr json SL",
    "brightbank fr json C", "brightbank fr txt N",
    "telecomfr fr json S", "telecomfr fr json N", "telecomfr fr json C", "telecomfr fr json",
    "telecomfr fr json L", "telecomfr fr txt", "telecomfr fr txt N", "telecomfr fr vtt",
    "telecomfr fr srt S",
    "nlenergie nl json S", "nlenergie nl json L", "nlenergie nl json N", "nlenergie nl vtt",
    "nlenergie nl srt S",
    "callcenter en transcribe S", "callcenter en transcribe N", "callcenter en transcribe",
    "callcenter en>fr json", "callcenter en>nl vtt", "callcenter en json S", "callcenter en json C",
    "callcenter en json L", "callcenter en json N", "callcenter en txt", "callcenter en srt S",
    "callcenter en vtt",
)
# unreadable on purpose: (source, reason)
ERRORS = (
    ("callcenter/CC-20261112-truncated.json", "invalid JSON: upload truncated mid-file"),
    ("telecomfr/TF-20261105-empty.json", "JSON without turns: empty turns list"),
    ("brightbank/BB-20261109-empty.txt", "empty file"),
    ("nlenergie/NE-20261118-corrupt.vtt", "binary data (NUL bytes) with a .vtt extension, not WebVTT"),
)


@dataclass
class Call:
    client: str
    call_id: str
    fmt: str
    turns: list[Turn]
    started_at: str
    language: str                # main (first) language
    flags: str
    has_card: bool
    has_nn: bool
    spec: str = ""               # the PLAN entry and the call's number, to build it again
    number: int = 0
    person: subjects.Person | None = None       # a planted subject as the customer
    planted: list[tuple[int, str, str, str]] = field(default_factory=list)  # turn, id type, spelling, value

    @property
    def source(self) -> str:
        return f"{self.client}/{self.call_id}{SUFFIX[self.fmt]}"

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(t.lang for t in self.turns))


# --- building a call ---------------------------------------------------------------------
def _one(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


class _Facts:
    """The customer's data and the spoken / written choice for each mention.

    With a planted ``person`` (see :mod:`ccaudit.samples.subjects`) the same random draws
    are made, so the call keeps its shape, but the person's name, birth date and
    identifiers are said instead; ``planted`` lists them (id type, spelling, text, canonical value).
    """

    def __init__(self, seed: int, client: Client, lang: str, force_spoken: bool, rng: np.random.Generator,
                 person: subjects.Person | None = None):
        self.seed, self.client, self.rng, self.force = seed, client, rng, force_spoken
        self.locale = client.locale[lang]
        self.people: People = make_people(seed, {self.locale: 1.0}, 1, rng)
        self.person = person
        self.planted: list[tuple[str, str, str, str]] = []
        if person is not None:
            self.people = People(np.array([self.locale], dtype=S), np.array([person.male]),
                                 np.array([person.first], dtype=S), np.array([person.last], dtype=S),
                                 np.array([person.birth], dtype="datetime64[D]"))
        self.first, self.last = str(self.people.first[0]), str(self.people.last[0])
        self.male = bool(self.people.male[0])
        y, m, d = split_dates(self.people.birth)
        self.birth = int(y[0]), int(m[0]), int(d[0])

    def spoken(self) -> bool:
        return self.force or bool(self.rng.random() < SPOKEN_SHARE)

    def name(self) -> Value:
        return person(f"{self.first} {self.last}")

    def title(self, lang: str) -> str:
        return TITLES[lang][0 if self.male else 1]

    def dob(self, lang: str) -> Value:
        y, m, d = self.birth
        style = int(self.rng.integers(3))
        if style == 0:
            return dob(date_words(y, m, d, lang))
        if style == 1 or lang == "fr":
            return dob(f"{d:02d}/{m:02d}/{y}")
        return dob(f"{d:02d}-{m:02d}-{y}" if lang == "nl" else f"{MONTHS['en'][m - 1]} {d}, {y}")

    def national_number(self, lang: str) -> Value:
        country = self.client.country
        spoken = self.spoken()
        if country == "BE":
            compact = str(identifiers.be_national_numbers(self.people.birth, self.people.male, self.rng)[0])
            written = compact if self.rng.random() < 0.4 else f"{compact[:2]}.{compact[2:4]}.{compact[4:6]}-" \
                                                                f"{compact[6:9]}.{compact[9:]}"
            assert written == compact or written == str(identifiers.format_be_nn(np.array([compact]))[0])
        elif country == "NL":
            compact = written = str(identifiers.nl_bsns(1, self.rng)[0])
        else:
            written = str(identifiers.fr_nirs(self.people.birth, self.people.male, self.rng)[0])
            compact = written.replace(" ", "")
            written = compact if self.rng.random() < 0.3 else written
        planted = self.person.national_number(country) if self.person else None
        if planted:
            id_type, value = planted
            spelling = "compact" if written == compact else "formatted" if country == "BE" else "spaced"
            compact, written = value, self.person.text(id_type, spelling, country)
            text = digits_words(compact, lang) if spoken else written
            self._plant(id_type, "spoken" if spoken else spelling, text, country)
        if spoken:
            return Value(digits_words(compact, lang), NN_ENTITY[country], True)
        return Value(written, NN_ENTITY[country])

    def phone(self, lang: str) -> Value:
        country = self.client.country
        if self.spoken():
            number = str(contact.phones(country, 1, self.rng, mobile_share=1.0)[0])
            nsn = str(phonenumbers.parse(number, country).national_number)
            sep = _one(self.rng, (", ", " "))
            planted = self.person is not None and self.person.country == country
            if planted:
                nsn = self.person.phone
                if pairs_run_together(nsn, country, lang):       # a planted number must be recoverable
                    sep = ", "
            said = spoken_phone(nsn, country, lang, sep, belgian=country == "BE")
            if planted:
                self._plant("phone", "spoken", said)
            return Value(said, PHONE, True)
        number = str(contact.phones(country, 1, self.rng, mobile_share=0.8)[0])
        if self.person is not None and self.person.country == country:
            spelling = str(choose(list(contact.MOBILE_SPELLINGS[country]), 1, self.plant_rng())[0])
            number = self.person.text("phone", spelling)
            self._plant("phone", spelling, number)
        return Value(number, PHONE)

    def email(self, lang: str) -> Value:
        address = str(self.people.emails(self.rng)[0])
        spoken = self.spoken()
        if self.person is not None:
            address = self.person.email
        text = spoken_email(address, lang) if spoken else address
        if self.person is not None:
            self._plant("email", "spoken" if spoken else "lower_case", text)
        return Value(text, EMAIL, spoken)

    def iban(self) -> Value:
        compact = identifiers.ibans(self.client.country, 1, self.rng)
        spelling = "compact" if self.rng.random() < 0.25 else "grouped"
        if self.person is not None and self.person.iban[:2] == self.client.country:
            text = self.person.text("iban", spelling)
            self._plant("iban", spelling, text)
            return Value(text, IBAN)
        if spelling == "compact":
            return Value(str(compact[0]), IBAN)
        return Value(str(identifiers.format_iban(compact)[0]), IBAN)

    def _plant(self, id_type: str, spelling: str, text: str, country: str = "") -> None:
        self.planted.append((id_type, spelling, text, self.person.canonical(id_type, country)))

    def plant_rng(self) -> np.random.Generator:
        """Choices that only planted calls make, kept off the call's own generator."""
        return file_rng(self.seed, f"subjects/{self.person.subject}/{self.client.prefix}")

    def address(self, lang: str) -> Value:
        pool = get_pools(self.seed)[self.client.address_locale[lang]]
        street, postcode, town = (str(a[0]) for a in addresses(pool, 1, self.rng))
        return Value(f"{street}, {postcode} {town}", LOCATION)

    def card(self) -> Value:
        return Value(str(identifiers.card_numbers(1, self.rng)[0]), CARD)


def _lookalikes(lang: str, rng: np.random.Generator) -> dict[str, str]:
    """Values that are not personal data: dates without birth context, amounts, references."""
    def a_date() -> str:
        month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
        if rng.random() < 0.7:
            return date_words(2026, month, day, lang).rsplit(" ", 1)[0]        # "3 maart"
        return f"{day:02d}/{month:02d}"
    euros, cents = int(rng.integers(5, 400)), int(rng.integers(0, 100))
    ref = _one(rng, (f"2026-{int(rng.integers(1000, 10000))}", str(int(rng.integers(10000, 100000))),
                     str(int(rng.integers(10**9, 10**10)))))
    count = int(rng.integers(2, 6))
    return {"date": a_date(), "date2": a_date(), "amount": f"{euros}{'.' if lang == 'en' else ','}{cents:02d}",
            "ref": ref, "count": number_words(count, lang) if rng.random() < 0.6 else str(count),
            "expiry": f"{int(rng.integers(1, 13)):02d}/{int(rng.integers(27, 32))}"}


def build_call(seed: int, client_name: str, spec: str, number: int, agents: People,
               subject: subjects.Person | None = None) -> Call:
    """One call of the plan; ``number`` is its 1-based position among the client's calls.
    With ``subject``, a planted person is the customer (see :class:`_Facts`)."""
    _, langs, fmt, *rest = spec.split()
    flags = rest[0] if rest else ""
    client = CLIENTS[client_name]
    rng = file_rng(seed, f"transcripts/{client_name}/{number}")
    lang1, _, lang2 = langs.partition(">")
    day = np.datetime64("2026-11-02") + int(rng.integers(0, 26))
    started = f"{day}T{int(rng.integers(8, 19)):02d}:{int(rng.integers(0, 60)):02d}:{int(rng.integers(0, 60)):02d}Z"
    call_id = f"{client.prefix}-{str(day).replace('-', '')}-{number:04d}"

    facts = _Facts(seed, client, lang2 or lang1, "S" in flags, rng, subject)
    agent_pool = [i for i in range(N_AGENTS) if AGENT_LOCALE.get(lang1, str(agents.locale[i])) == agents.locale[i]]
    agent_i = _one(rng, agent_pool)
    agent = person(f"{agents.first[agent_i]} {agents.last[agent_i]}")

    identity = _one(rng, ("nn", "both")) if ("S" in flags or "N" in flags) else _one(rng, ("dob", "dob", "nn", "both"))
    forced = (["phone", "email"] if "S" in flags else []) + (["card"] if "C" in flags else [])
    for topic, share in (("phone", 0.7), ("email", 0.5)):
        if topic not in forced and rng.random() < share:
            forced.append(topic)
    others = [t for t in client.topics if t not in forced]
    others = [others[i] for i in rng.permutation(len(others))]
    k = max(len(forced), int(rng.integers(0, 5)), 2 if lang2 else 0)
    chosen = forced + others[:max(0, k - len(forced))]
    chosen = [chosen[i] for i in rng.permutation(len(chosen))]
    n_turns = 6 + 2 * len(chosen)
    # the customer turn where the language changes: the identity answer or a topic answer
    switch_at = 3 + 2 * int(rng.integers(0, len(chosen) + 1)) if lang2 else n_turns

    def lang_of(i: int) -> str:
        return lang2 if i >= switch_at else lang1

    turns: list[Turn] = []

    def say(speaker: str, template: str, values: dict) -> None:
        i = len(turns)
        lang = lang_of(i)
        if i == switch_at:
            template = SWITCH[lang] + template
        turns.append(make_turn(speaker, lang, template, values))

    company = client.company
    say("agent", _one(rng, GREET[lang_of(0)]), {"agent": agent, "company": company})
    reason, _ = render(_one(rng, REASONS[lang_of(1)]), _lookalikes(lang_of(1), rng))
    say("customer", _one(rng, INTRO[lang_of(1)]), {"name": facts.name(), "reason": reason})

    def common(lang: str) -> dict:
        return {"title": facts.title(lang), "surname": person(facts.last),
                "nn_label": NN_LABEL[client.country][lang], "ne": BORN[facts.male], **_lookalikes(lang, rng)}

    lang = lang_of(2)
    say("agent", ID_ASK[lang][identity], common(lang))
    lang = lang_of(3)
    values = common(lang)
    if identity in ("dob", "both"):
        values["dob"] = facts.dob(lang)
    if identity in ("nn", "both"):
        values["nn"] = facts.national_number(lang)
    say("customer", _one(rng, ID_ANSWER[lang][identity]), values)

    for topic in chosen:
        table = TOPICS[topic]
        ask_lang = lang_of(len(turns))
        say("agent", _one(rng, table[ask_lang][0]), common(ask_lang))
        lang = lang_of(len(turns))
        values = common(lang)
        if topic == "phone":
            values["phone"] = facts.phone(lang)
        elif topic == "email":
            values["email"] = facts.email(lang)
        elif topic == "iban":
            values["iban"] = facts.iban()
        elif topic == "address":
            values["address"] = facts.address(lang)
        elif topic == "card":
            values["card"] = facts.card()
        say("customer", _one(rng, table[lang][1]), values)

    lang = lang_of(len(turns))
    say("agent", _one(rng, CLOSE_AGENT[lang]), common(lang))
    say("customer", _one(rng, CLOSE_CUSTOMER[lang_of(len(turns))]), {})
    assert len(turns) == n_turns and 6 <= n_turns <= 14
    assert [t.speaker for t in turns] == ["agent", "customer"] * (n_turns // 2)
    planted = []
    for id_type, spelling, text, value in facts.planted:
        at = [i for i, t in enumerate(turns) if t.speaker == "customer" and any(s.text == text for s in t.spans)]
        planted.append((at[0], id_type, spelling, value))
    return Call(client_name, call_id, fmt, turns, started, lang1, flags,
                has_card="card" in chosen, has_nn=identity != "dob", spec=spec, number=number,
                person=subject, planted=planted)


def plan_calls(seed: int, scale: int) -> list[Call]:
    """Every call of the dataset: :data:`PLAN` repeated ``scale`` times, some of them with a
    planted subject as the customer (:func:`plant_subjects`)."""
    agents = staff_people(seed, N_AGENTS)
    calls, counters = [], {}
    for _ in range(scale):
        for spec in PLAN:
            client = spec.split()[0]
            counters[client] = counters.get(client, 0) + 1
            calls.append(build_call(seed, client, spec, counters[client], agents))
    plant_subjects(seed, scale, calls, agents)
    return calls


ENTITY_ID_TYPE = {PHONE: "phone", EMAIL: "email", IBAN: "iban", BE_NN: "national_number",
                  NIR: "national_number", BSN: "bsn"}


def plant_subjects(seed: int, scale: int, calls: list[Call], agents: People) -> None:
    """Rebuild some calls with a planted subject as the customer (in place).

    Each :class:`ccaudit.samples.subjects.CallPlan` takes an unused call of its client whose
    customer says the first of its identifier kinds that some call offers, spoken or written
    as it asks when possible; without such a call the subject has no call.
    """
    rng = file_rng(seed, "subjects/calls")
    pools: dict[tuple[str, str, bool], list[int]] = {}
    for i, call in enumerate(calls):
        for t in call.turns:
            for s in t.spans:
                if t.speaker == "customer" and s.entity in ENTITY_ID_TYPE:
                    pools.setdefault((call.client, ENTITY_ID_TYPE[s.entity], s.spoken), []).append(i)
    for key in sorted(pools):                   # drawn in a fixed order, popped from the end
        pools[key] = [pools[key][j] for j in rng.permutation(len(pools[key]))]
    used: set[int] = set()
    for plan in subjects.plan_subjects(seed, scale).calls:
        pick = None
        for kind in plan.kinds:
            first = plan.spoken if plan.spoken is not None else bool(rng.integers(2))
            for spoken in (first, not first):
                pool = pools.get((plan.client, kind, spoken), [])
                while pool and pool[-1] in used:
                    pool.pop()
                if pool:
                    pick = pool.pop()
                    break
            if pick is not None:
                break
        if pick is None:
            continue
        used.add(pick)
        call = calls[pick]
        calls[pick] = build_call(seed, call.client, call.spec, call.number, agents, plan.person)


# --- timing ------------------------------------------------------------------------------
def timings(call: Call) -> list[tuple[int, int]]:
    """(start, end) of every turn in milliseconds, multiples of 100."""
    rng = file_rng(0, f"timing/{call.call_id}")
    at = 100 * int(rng.integers(3, 20))
    out = []
    for turn in call.turns:
        length = max(1200, 100 * round(len(turn.text) * 0.62))
        out.append((at, at + length))
        at += length + 100 * int(rng.integers(3, 15))
    return out


def _clock(ms: int, sep: str) -> str:
    s, ms = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{sep}{ms:03d}"


# --- writers -----------------------------------------------------------------------------
def render_json(call: Call, times) -> str:
    doc = {"call_id": call.call_id}
    if "L" not in call.flags:
        doc["language"] = call.language
    doc.update({"started_at": call.started_at, "channel": "phone",
                "turns": [{"speaker": t.speaker, "start": s / 1000, "end": e / 1000, "text": t.text}
                          for t, (s, e) in zip(call.turns, times)]})
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_txt(call: Call, times) -> str:
    bare = "T" in call.flags
    lines = []
    for t, (s, _) in zip(call.turns, times):
        stamp = "" if bare else f"[{_clock(s, '.')[:8]}] "
        lines.append(f"{stamp}{t.speaker.upper()}: {t.text}")
    return ("\n\n" if bare else "\n").join(lines) + "\n"


def render_vtt(call: Call, times) -> str:
    closed = int(call.call_id[-1]) % 2 == 0        # half the files leave the voice tag open
    cues = ["WEBVTT", ""]
    for t, (s, e) in zip(call.turns, times):
        assert not set("<>&") & set(t.text)
        cues += [f"{_clock(s, '.')} --> {_clock(e, '.')}",
                 f"<v {t.speaker.capitalize()}>{t.text}{'</v>' if closed else ''}", ""]
    return "\n".join(cues)


def render_srt(call: Call, times) -> str:
    cues = []
    for i, (t, (s, e)) in enumerate(zip(call.turns, times), 1):
        cues += [str(i), f"{_clock(s, ',')} --> {_clock(e, ',')}", f"{t.speaker.upper()}: {t.text}", ""]
    return "\n".join(cues)


PUNCTUATION = ",.?!"


def transcribe_items(text: str) -> list[tuple[str, str]]:
    """("pronunciation" | "punctuation", content) of a turn; the words are the text split
    on single spaces, trailing ``,.?!`` split off as punctuation items."""
    items = []
    for token in text.split(" "):
        word = token.rstrip(PUNCTUATION)
        assert word, f"a Transcribe token without a word: {token!r} in {text!r}"
        items.append(("pronunciation", word))
        items.extend(("punctuation", c) for c in token[len(word):])
    return items


def join_items(items: list[tuple[str, str]]) -> str:
    """The reader's rule: words joined by single spaces, punctuation attached to the previous word."""
    out = ""
    for kind, content in items:
        out += content if kind == "punctuation" or not out else " " + content
    return out


def render_transcribe(call: Call, times) -> str:
    rng = file_rng(0, f"confidence/{call.call_id}")
    items, segments = [], []
    for i, (t, (s, e)) in enumerate(zip(call.turns, times)):
        label = "spk_0" if t.speaker == "agent" else "spk_1"
        turn_items = transcribe_items(t.text)
        assert join_items(turn_items) == t.text
        words = sum(kind == "pronunciation" for kind, _ in turn_items)
        step = (e - s) // words // 10 * 10
        seg_items, w = [], 0
        for kind, content in turn_items:
            if kind == "punctuation":
                items.append({"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": content}]})
                continue
            ws, we = s + w * step, s + (w + 1) * step - 10
            w += 1
            start, end = f"{ws / 1000:.2f}", f"{we / 1000:.2f}"
            confidence = f"{0.8 + 0.2 * rng.random():.4f}"
            items.append({"type": "pronunciation", "alternatives": [{"confidence": confidence, "content": content}],
                          "start_time": start, "end_time": end, "speaker_label": label})
            seg_items.append({"start_time": start, "speaker_label": label, "end_time": end})
        segments.append({"start_time": seg_items[0]["start_time"], "speaker_label": label,
                         "end_time": seg_items[-1]["end_time"], "items": seg_items})
    doc = {"jobName": call.call_id, "status": "COMPLETED",
           "results": {"transcripts": [{"transcript": " ".join(t.text for t in call.turns)}],
                       "speaker_labels": {"speakers": 2, "segments": segments},
                       "items": items}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


RENDER = {"json": render_json, "txt": render_txt, "vtt": render_vtt, "srt": render_srt,
          "transcribe": render_transcribe}


def error_files(seed: int) -> dict[str, bytes]:
    """The unreadable files of :data:`ERRORS`."""
    rng = file_rng(seed, "transcripts/errors")
    truncated = json.dumps({"call_id": "CC-20261112-0099", "language": "en", "started_at": "2026-11-12T10:02:00Z",
                            "channel": "phone", "turns": [{"speaker": "agent", "start": 0.4, "end": 3.1,
                                                           "text": "Good morning, how can I help you?"}]},
                           indent=2)
    noise = rng.integers(0, 256, 512, dtype=np.uint8)
    noise[::7] = 0
    return {
        ERRORS[0][0]: truncated[: len(truncated) * 2 // 3].encode(),
        ERRORS[1][0]: b'{"call_id": "TF-20261105-empty", "turns": []}\n',
        ERRORS[2][0]: b"",
        ERRORS[3][0]: noise.tobytes(),
    }


# --- gold --------------------------------------------------------------------------------
SPAN_COLUMNS = ["source", "call_id", "turn", "speaker", "language", "start", "end", "entity_type", "spoken", "text"]
CALL_COLUMNS = ["source", "call_id", "format", "languages", "turns", "has_card", "has_national_number"]


def span_rows(call: Call, speakers: tuple[str, str] | None = None) -> list[list]:
    """Gold rows of a call's spans; ``speakers`` (agent, customer) as the readers name them,
    default the format's own labels."""
    agent, customer = speakers or SPEAKERS[call.fmt]
    return [[call.source, call.call_id, i, agent if t.speaker == "agent" else customer, t.lang, s.start, s.end,
             s.entity, str(s.spoken).lower(), s.text]
            for i, t in enumerate(call.turns) for s in t.spans]


def call_row(call: Call) -> list:
    return [call.source, call.call_id, call.fmt, ";".join(call.languages), len(call.turns),
            str(call.has_card).lower(), str(call.has_nn).lower()]


def _write_csv(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def subject_occurrences(calls: list[Call]) -> list[subjects.Occurrence]:
    """The planted subjects' identifiers said in ``calls`` (for ``gold/subjects.csv``)."""
    return [subjects.Occurrence(c.person, "transcript", c.source, "", None, c.call_id, turn, id_type, spelling,
                                value)
            for c in calls for turn, id_type, spelling, value in c.planted]


def write_transcripts(out_dir: Path | str, scale: int = 1, seed: int = 20261101) -> list[Call]:
    """Write ``transcripts/`` (36 calls times ``scale`` plus the bad files) and the gold files."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out_dir)
    root = out / "transcripts"
    if root.exists():
        shutil.rmtree(root)
    calls = plan_calls(seed, scale)
    assert len({c.source for c in calls}) == len(calls)
    for call in calls:
        path = root / call.source
        path.parent.mkdir(parents=True, exist_ok=True)
        for t in call.turns:
            assert "\n" not in t.text and t.text == t.text.strip() and not re.search(r"\s\s", t.text)
        path.write_text(RENDER[call.fmt](call, timings(call)), encoding="utf-8", newline="\n")
    for source, content in error_files(seed).items():
        (root / source).parent.mkdir(parents=True, exist_ok=True)
        (root / source).write_bytes(content)
    gold = out / "gold"
    gold.mkdir(parents=True, exist_ok=True)
    _write_csv(gold / "transcript_spans.csv", SPAN_COLUMNS, [r for c in calls for r in span_rows(c)])
    _write_csv(gold / "transcript_calls.csv", CALL_COLUMNS, [call_row(c) for c in calls])
    _write_csv(gold / "transcript_errors.csv", ["source", "reason"], [list(e) for e in ERRORS])
    return calls
