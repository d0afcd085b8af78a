"""The ``stt`` sample style: call transcripts as speech-to-text engines write them, with gold
spans, to judge detection on text the recognizers were not tuned on.

``python -m ccaudit.samples --style stt --out DIR [--seed S] [--scale N]`` writes::

    DIR/transcripts/<client>/<call_id>.<json|txt|vtt|srt>   64 calls per scale step
    DIR/gold/transcript_spans.csv    one row per personal-data mention
    DIR/gold/transcript_calls.csv    one row per call (``format`` names the writer)
    DIR/gold/transcript_errors.csv   header only: no file is unreadable on purpose
    DIR/README.md                    what the style holds (:func:`ccaudit.samples.readme.render_stt`)

No exports, no ``audit.yaml`` and no planted subjects. Calls are in Dutch, French and
English for the four clients of :data:`ccaudit.samples.transcripts.CLIENTS`, in the five
formats of the default style and the four engine formats of
:mod:`ccaudit.samples.transcripts_engines` (Whisper, WhisperX, Vosk, Azure), all ``.json``
but txt/vtt/srt. Turn texts are lower case without sentence punctuation, with fillers and
repeated words (:mod:`ccaudit.samples.stt_script`); names of many origins
(:mod:`ccaudit.samples.stt_names`), spelled letter by letter; numbers, identifiers,
addresses and dates partly in digits, partly in words (:mod:`ccaudit.samples.stt_speech`).

What each call holds (topics, the customer's origin, the spelling style, the foreign
number's country) is fixed by its position (:class:`Topics`, :func:`plan_calls`), so every
phenomenon is there and the counts per entity hardly move with the seed (a card number
said again, a town moved from); the seed draws the people, the values and how they are
said. Every identifier is valid by checksum, and a spoken one reads back as its value
(:func:`ccaudit.samples.stt_speech.heard`).
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import phonenumbers

from ccaudit.samples import contact, identifiers
from ccaudit.samples import transcripts_engines as engines
from ccaudit.samples.callcenter import N_AGENTS, staff_people
from ccaudit.samples.people import People, birth_dates
from ccaudit.samples.pools import get_pools, slug
from ccaudit.samples.spec import BE_NN, BSN, CARD, DOB, EMAIL, IBAN, LOCATION, NIR, PERSON, PHONE, file_rng
from ccaudit.samples.stt_names import Name, draw_person, name_pools
from ccaudit.samples.stt_script import (AGAIN, BORN, BOTH_ANSWER, CLOSE_AGENT, CLOSE_CUSTOMER, CONFIRM,
                                        DOB_ANSWER, GREET, ID_ASK, INTRO, INTRO_FOR, NN_ANSWER, NN_READBACK,
                                        PRONOUNS, REASONS, RELATIONS, SAY_AGAIN, SPELL_ANSWER, SPELL_ASK,
                                        TITLES, TOPICS, stt_turn)
from ccaudit.samples.stt_speech import (MONTHS_LOWER, SPELLING_STYLES, digit_words, number, say_card, say_date,
                                        say_email, say_house_number, say_iban, say_international, say_national,
                                        say_phone, say_postcode, spell_name, stt_lower)
from ccaudit.samples import transcripts as plain
from ccaudit.samples.transcripts import CALL_COLUMNS, CLIENTS, RENDER, SPAN_COLUMNS, Client, timings
from ccaudit.samples.transcripts import _write_csv, call_row
from ccaudit.samples.transcripts import SPEAKERS as PLAIN_SPEAKERS
from ccaudit.samples.transcripts_script import Turn, Value
from ccaudit.samples.vstr import strs

STYLE = "stt"
FORMATS = ("json", "txt", "vtt", "srt", "transcribe", "whisper", "whisperx", "vosk", "azure")
SUFFIX = {f: "." + f if f in ("txt", "vtt", "srt") else ".json" for f in FORMATS}
SPEAKERS = {**PLAIN_SPEAKERS, **engines.SPEAKERS}
CALLS_PER_CLIENT = 16
# the language of each of a client's calls, in order
LANGUAGES = {
    "brightbank": "nl fr nl en nl fr nl fr en nl fr nl en fr nl fr".split(),
    "telecomfr": "fr fr en fr nl fr en fr fr nl fr en fr fr nl en".split(),
    "nlenergie": "nl nl en nl fr nl nl en nl fr nl en nl nl fr en".split(),
    "callcenter": "en en nl en fr en en fr en nl en fr en nl fr en".split(),
}
# the customer's origin, call by call (every client goes through all of it): "home" is the
# client's own country and language (see HOME, British in English calls); "+" a surname
# with a particle ("van den bossche", "el amrani", "di stefano")
ORIGIN_CYCLE = ("home", "moroccan+", "home+", "italian+", "turkish", "home", "polish", "congolese", "home+",
                "romanian", "czech", "home", "moroccan", "congolese", "french+", "turkish")
HOME = {("brightbank", "nl"): "flemish", ("brightbank", "fr"): "walloon", ("telecomfr", "fr"): "french",
        ("telecomfr", "nl"): "flemish", ("nlenergie", "nl"): "dutch", ("nlenergie", "fr"): "walloon",
        ("callcenter", "nl"): "flemish", ("callcenter", "fr"): "walloon"}
# English calls: the customer is British; other languages: HOME
ADDRESS_LOCALE = {"BE": {"nl": "nl_BE", "fr": "fr_BE", "en": "nl_BE"},
                  "FR": {"nl": "fr_FR", "fr": "fr_FR", "en": "fr_FR"},
                  "NL": {"nl": "nl_NL", "fr": "nl_NL", "en": "nl_NL"}}
# the foreign mobiles, one after the other: region and how it is said (say_international)
ABROAD = (("GB", "plus"), ("US", "plus"), ("FR", "00"), ("NL", "words"), ("MA", "plus"), ("TR", "00"),
          ("IT", "words"), ("PL", "plus"), ("CD", "00"), ("RO", "plus"), ("DE", "words"), ("CZ", "00"),
          ("GB", "words"), ("FR", "plus"), ("US", "words"), ("LU", "00"))
NN_ENTITY = {"BE": BE_NN, "NL": BSN, "FR": NIR}
NN_LABEL = {
    "BE": {"nl": "rijksregisternummer", "fr": "numéro de registre national", "en": "national register number"},
    "NL": {"nl": "burgerservicenummer", "fr": "numéro bsn", "en": "bsn number"},
    "FR": {"nl": "frans sociaal zekerheidsnummer", "fr": "numéro de sécurité sociale",
           "en": "french social security number"},
}
AGENT_LOCALE = {"nl": "nl_BE", "fr": "fr_BE"}
AZURE_LOCALES = {"BE": {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"},
                 "FR": {"nl": "nl-BE", "fr": "fr-FR", "en": "en-GB"},
                 "NL": {"nl": "nl-NL", "fr": "fr-BE", "en": "en-GB"}}
# how English speakers name Belgian towns
ENGLISH_TOWNS = {"antwerpen": "antwerp", "brussel": "brussels", "bruxelles": "brussels", "gent": "ghent",
                 "brugge": "bruges", "oostende": "ostend", "liège": "liege", "den haag": "the hague"}
_UK_STREETS = ("high street", "station road", "church lane", "victoria road", "park avenue", "mill lane",
               "the green", "manor road")
_UK_TOWNS = (("sw1a 1aa", "london"), ("m1 1ae", "manchester"), ("b1 1aa", "birmingham"), ("ls1 4ap", "leeds"),
             ("cf10 1eb", "cardiff"), ("eh1 1yz", "edinburgh"))


@dataclass
class SttCall:
    client: str
    call_id: str
    fmt: str
    turns: list[Turn]
    started_at: str
    language: str
    has_card: bool
    has_nn: bool
    flags: str = ""              # the default writers' options: none in this style

    @property
    def source(self) -> str:
        return f"{self.client}/{self.call_id}{SUFFIX[self.fmt]}"

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(t.lang for t in self.turns))


# --- what each call holds ----------------------------------------------------------------------
@dataclass(frozen=True)
class Topics:
    """What the k-th call of a client (0-based) is about: fixed by k, whatever the seed."""

    k: int
    client: str

    @property
    def j(self) -> int:
        return self.k % CALLS_PER_CLIENT

    @property
    def nn_country(self) -> str | None:
        country = CLIENTS[self.client].country
        if country == "BE" and self.j % 8 == 5:
            return None                                   # identified by birth date only
        if self.client == "callcenter" and self.j % 8 in (3, 7):  # insured expats: a BSN or a NIR
            return "NL" if self.j % 8 == 3 else "FR"
        return country

    @property
    def dob(self) -> bool:
        return self.j % 5 in (0, 1, 3) or self.nn_country is None

    @property
    def address_form(self) -> str:
        """``words`` / ``digits``: the postcode so; ``split``: "kerkstraat twaalf in mechelen"."""
        return "split" if self.j % 8 == 6 else "words" if (self.j // 2) % 2 == 0 else "digits"

    @property
    def relative(self) -> bool:
        return self.j % 4 == 1

    @property
    def spelled(self) -> bool:
        return self.j % 6 != 5

    def topics(self) -> list[str]:
        j, out = self.j, []
        for topic, on in (("phone", j % 10 < 7), ("abroad", j % 4 == 2), ("email", j % 5 in (0, 2, 4)),
                          ("iban", j % 16 in (0, 1, 3, 4, 6, 8, 9, 11, 13, 14)), ("card", j % 2 == 1),
                          ("address", j % 8 in (0, 1, 3, 4, 6)), ("town", j % 3 == 0), ("lookalike", j % 3 == 1),
                          ("relative_dob", self.relative and j % 8 == 1)):
            if on:
                out.append(topic)
        return out


def _one(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def _loc(text: str, spoken: bool = False) -> Value:
    return Value(text, LOCATION, spoken)


class _Caller:
    """The customer of one call and how the engine writes what they say."""

    def __init__(self, seed: int, client: Client, lang: str, topics: Topics, rng: np.random.Generator,
                 fmt: str, abroad: tuple[str, str]):
        self.seed, self.client, self.lang, self.rng = seed, client, lang, rng
        self.digits = fmt != "vosk"                     # Vosk writes every number in words
        self.belgian = lang == "fr" and client.country != "FR"
        self.nn_country = topics.nn_country
        self.foreign = abroad                                # (region, style of say_international)
        self.address_form = topics.address_form
        self.street_first = topics.j % 4 != 3             # Brussels and Wallonia: "rue de la loi seize", mostly
        origin = ORIGIN_CYCLE[(topics.j + list(CLIENTS).index(topics.client) * 3) % len(ORIGIN_CYCLE)]
        particle, origin = origin.endswith("+"), origin.rstrip("+")
        if origin == "home":
            origin = "british" if lang == "en" else HOME[(topics.client, lang)]
        pools = name_pools(seed)
        self.name: Name = draw_person(pools, origin, rng, particle=particle)
        self.birth = birth_dates(1, rng)
        self.relative: Name = draw_person(pools, origin, rng,
                                          last=self.name.last if rng.random() < 0.5 else None)
        self.relative_birth = birth_dates(1, rng, 60, 95)
        # an insured expat lives in Belgium (address, phone) but banks at home
        self.country = client.country
        self.bank_country = self.nn_country or client.country
        # in half the English calls of a Belgian client the customer has a British address
        self.address_locale = ("en_GB" if lang == "en" and client.country == "BE" and topics.j % 2 == 0
                               else ADDRESS_LOCALE[self.country][lang])
        self.pool = get_pools(seed)[self.address_locale if self.address_locale != "en_GB" else "nl_BE"]
        self.home = self._town()                        # (postcode, town) of the address and "i live in"

    # names
    def who(self) -> tuple[str, Value]:
        """How the agent addresses the customer: title and surname, title and full name, first name."""
        r = self.rng.random()
        title = TITLES[self.lang][0 if self.name.male else 1]
        if r < 0.6:
            return title, Value(self.name.last, PERSON)
        if r < 0.8:
            return title, Value(self.name.full, PERSON)
        return "", Value(self.name.first, PERSON)

    def spelled(self, style: str) -> Value:
        return Value(spell_name(self.name.last, self.lang, style, self.rng), PERSON, True)

    # identifiers
    def dob(self, birth: np.ndarray) -> Value:
        y, m, d = (int(x) for x in str(birth[0]).split("-"))
        text, spoken = say_date(y, m, d, self.lang, self.rng, self.digits, self.belgian)
        return Value(text, DOB, spoken)

    def national_number(self) -> str:
        male = np.array([self.name.male])
        if self.nn_country == "BE":
            return str(identifiers.be_national_numbers(self.birth, male, self.rng)[0])
        if self.nn_country == "NL":
            return str(identifiers.nl_bsns(1, self.rng)[0])
        return str(identifiers.fr_nirs(self.birth, male, self.rng)[0]).replace(" ", "")

    def said_nn(self, compact: str) -> Value:
        text, spoken = say_national(compact, self.nn_country, self.lang, self.rng, self.digits, self.belgian)
        return Value(text, NN_ENTITY[self.nn_country], spoken)

    def phone(self) -> Value:
        country = self.country
        number = str(contact.phones(country, 1, self.rng, mobile_share=1.0)[0])
        nsn = str(phonenumbers.parse(number, country).national_number)
        if self.lang == "en" or (self.lang == "nl" and self.rng.random() < 0.5):
            nsn = _with_run(nsn, country, self.rng)       # "double four", "triple zero", "dubbel vijf"
        if self.digits and self.rng.random() < 0.2:       # as written, blanks only
            text = re.sub(r"\s+", " ", re.sub(r"[/.\-]", " ", contact.spell_mobile(nsn, country, "national_spaced")))
            return Value(text, PHONE)
        text, spoken = say_phone(nsn, country, self.lang, self.rng, self.digits, self.belgian)
        return Value(text, PHONE, spoken)

    def abroad(self) -> Value:
        region, style = self.foreign
        e164 = foreign_mobile(region, self.rng)
        text, spoken = say_international(e164, self.lang, self.rng, self.digits, style)
        if not spoken:
            assert phonenumbers.is_valid_number(phonenumbers.parse(text, "BE")), text
        return Value(text, PHONE, spoken)

    def email(self) -> Value:
        year = np.array([int(str(self.birth[0])[:4])])
        country = "GB" if self.name.origin == "british" else self.client.country
        address = str(contact.emails(strs([slug(self.name.first)]), strs([slug(self.name.last)]), year, country,
                                     self.rng)[0])
        return Value(say_email(address, self.lang, self.rng, self.digits), EMAIL, True)

    def iban(self) -> Value:
        compact = str(identifiers.ibans(self.bank_country, 1, self.rng)[0])
        text, spoken = say_iban(compact, self.lang, self.rng, self.digits, self.belgian)
        return Value(text, IBAN, spoken)

    def card(self, number: str | None = None) -> tuple[str, Value]:
        number = number or str(identifiers.card_numbers(1, self.rng)[0])
        text, spoken = say_card(number, self.lang, self.rng, self.digits, self.belgian)
        return number, Value(text, CARD, spoken)

    # places
    def _town(self) -> tuple[str, str]:
        pool = self.pool
        if self.address_locale == "en_GB":
            return _one(self.rng, _UK_TOWNS)
        if self.rng.random() < 0.6:
            i = int(self.rng.integers(len(pool.common_towns)))
            postcode, town = str(pool.common_postcodes[i]), str(pool.common_towns[i])
            if self.country == "NL":
                postcode += " " + _one(self.rng, ("ab", "cd", "ek", "gh", "lp", "rs", "tv", "xz"))
        else:
            town = str(pool.towns[int(self.rng.integers(len(pool.towns)))])
            postcode = {"BE": lambda: str(int(self.rng.integers(100, 1000)) * 10),
                        "NL": lambda: f"{int(self.rng.integers(1000, 10000))} "
                                      f"{_one(self.rng, ('ab', 'bc', 'gh', 'kl', 'mn', 'pr', 'tw'))}",
                        "FR": lambda: f"{int(self.rng.integers(1, 96)):02d}{int(self.rng.integers(0, 100)) * 10:03d}"
                        }[self.country]()
        town = stt_lower(town)
        if self.lang == "en":
            town = ENGLISH_TOWNS.get(town, town)
        return stt_lower(postcode), town

    def towns(self) -> tuple[Value, Value]:
        """The town the customer lives in, and the one they moved from."""
        return _loc(self.home[1]), _loc(self._town()[1])

    def address(self) -> list:
        """The address as a chain of values and words: one LOCATION when street, number,
        postcode and town follow each other, two when a word ("in", "à") comes between."""
        rng, lang = self.rng, self.lang
        uk = self.address_locale == "en_GB"
        street = _one(rng, _UK_STREETS) if uk else stt_lower(str(self.pool.street_names(1, rng)[0]))
        house = int(rng.integers(1, 40)) if rng.random() < 0.7 else int(rng.integers(40, 180))
        num, s1 = say_house_number(house, lang, rng, self.digits, self.belgian)
        postcode, town = self.home
        country = "GB" if uk else self.country
        code, s2 = say_postcode(postcode, country, lang, rng, self.digits and self.address_form == "digits",
                                self.belgian)
        if self.address_locale in ("nl_BE", "nl_NL") or (self.address_locale == "fr_BE" and self.street_first):
            line = f"{street} {num}"                                      # kerkstraat twaalf, rue de la loi seize
            if self.address_locale == "nl_BE" and rng.random() < 0.15:
                box, s3 = say_house_number(int(rng.integers(1, 9)), lang, rng, self.digits)
                line, s1 = f"{line} bus {box}", s1 or s3
        else:
            line = f"{num} {street}"                                      # twelve high street, 12 rue de la paix
        spoken = s1 or s2
        if self.address_form == "split":
            joiner = {"nl": "in", "fr": "à", "en": "in"}[lang]
            return [_loc(line, s1), joiner, _loc(town)]
        whole = f"{line} {town} {code}" if uk else f"{line} {code} {town}"
        return [_loc(whole, spoken)]


def _with_run(nsn: str, country: str, rng: np.random.Generator) -> str:
    """The number with two or three equal subscriber digits in a row, still valid."""
    for _ in range(20):
        area = 3 if country == "BE" else 1
        at = int(rng.integers(area, len(nsn) - 2))
        run = 3 if rng.random() < 0.5 else 2
        digit = str(int(rng.integers(0, 10)))
        candidate = nsn[:at] + digit * run + nsn[at + run:]
        candidate = candidate[:len(nsn)]
        if contact.is_valid_phone("0" + candidate, country):
            return candidate
    return nsn


def foreign_mobile(region: str, rng: np.random.Generator) -> str:
    """A valid mobile number of ``region`` in E.164, from phonenumbers' example number with
    its last digits redrawn (US: only the last two, inside the 555-01xx fiction range)."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    nsn = str(example.national_number)
    keep = len(nsn) - (2 if region == "US" else 6)
    for _ in range(50):
        candidate = nsn[:keep] + "".join(str(int(d)) for d in rng.integers(0, 10, len(nsn) - keep))
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def lookalikes(lang: str, rng: np.random.Generator, digits: bool, belgian: bool) -> dict[str, str]:
    """Values that are not personal data: dates without birth context, amounts, references."""
    def a_date() -> str:
        month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
        said = str(day) if digits and rng.random() < 0.4 else number(day, lang, belgian)
        name = MONTHS_LOWER[lang][month - 1]
        return f"{name} {said}" if lang == "en" else f"{said} {name}"
    euros, cents = int(rng.integers(5, 400)), int(rng.integers(1, 100))
    currency = {"nl": "euro", "fr": "euros", "en": "euros"}[lang]
    amount = f"{euros} {currency} {cents}" if digits and rng.random() < 0.4 else \
        f"{number(euros, lang, belgian)} {currency} {number(cents, lang, belgian)}"
    ref = str(int(rng.integers(10000, 100000)))
    month, yy = int(rng.integers(1, 13)), int(rng.integers(27, 32))
    return {"date": a_date(), "date2": a_date(), "amount": amount,
            "ref": ref if digits and rng.random() < 0.5 else digit_words(ref, lang, rng),
            "count": number(int(rng.integers(2, 6)), lang, belgian),
            "expiry": f"{month:02d} {yy}" if digits and rng.random() < 0.4 else
            f"{number(month, lang, belgian)} {number(yy, lang, belgian)}"}


# --- building a call ---------------------------------------------------------------------------
def build_call(seed: int, client_name: str, k: int, fmt: str, spelling: str, abroad: tuple[str, str],
               agents: People) -> SttCall:
    """The k-th call (0-based) of a client, in ``fmt``, the name spelled in style ``spelling``,
    a foreign number (if any) of ``abroad`` = (region, style of
    :func:`~ccaudit.samples.stt_speech.say_international`)."""
    client = CLIENTS[client_name]
    lang = LANGUAGES[client_name][k % CALLS_PER_CLIENT]
    plan = Topics(k, client_name)
    rng = file_rng(seed, f"stt/{client_name}/{k + 1}")
    day = np.datetime64("2026-11-02") + int(rng.integers(0, 26))
    started = f"{day}T{int(rng.integers(8, 19)):02d}:{int(rng.integers(0, 60)):02d}:{int(rng.integers(0, 60)):02d}Z"
    call_id = f"{client.prefix}S-{str(day).replace('-', '')}-{k + 1:04d}"
    caller = _Caller(seed, client, lang, plan, rng, fmt, abroad)
    name = caller.name
    pool = [i for i in range(N_AGENTS) if AGENT_LOCALE.get(lang, str(agents.locale[i])) == agents.locale[i]]
    a = _one(rng, pool)
    agent = stt_lower(f"{agents.first[a]} {agents.last[a]}" if rng.random() < 0.7 else str(agents.first[a]))

    turns: list[Turn] = []

    def say(speaker: str, options, values: dict) -> None:
        template = options if isinstance(options, str) else _one(rng, options)
        turns.append(stt_turn(speaker, lang, template, values, rng))

    def common() -> dict:
        title, who = caller.who()
        return {"title": title, "who": who, "nn_label": NN_LABEL[caller.nn_country or client.country][lang],
                "ne": BORN[name.male], **lookalikes(lang, rng, caller.digits, caller.belgian)}

    say("agent", GREET[lang], {"agent": Value(agent, PERSON), "company": stt_lower(client.company)})
    reason = _one(rng, REASONS[lang]).format(**lookalikes(lang, rng, caller.digits, caller.belgian))
    relative = caller.relative
    mine, yours = _one(rng, RELATIONS[lang][relative.male])
    intro = {"name": Value(name.full, PERSON), "surname": Value(name.last, PERSON), "reason": reason,
             "relation": mine, "relative": Value(relative.full, PERSON)}
    say("customer", INTRO_FOR[lang] if plan.relative else INTRO[lang], intro)
    if plan.spelled:
        say("agent", SPELL_ASK[lang], {})
        say("customer", SPELL_ANSWER[lang], {"surname": Value(name.last, PERSON), "spelled": caller.spelled(spelling)})

    nn = caller.national_number() if plan.nn_country else None
    if plan.dob and nn and rng.random() < 0.5:
        say("agent", ID_ASK[lang]["both"], common())
        say("customer", BOTH_ANSWER[lang], {**common(), "dob": caller.dob(caller.birth), "nn": caller.said_nn(nn)})
    else:
        if plan.dob:
            say("agent", ID_ASK[lang]["dob"], common())
            say("customer", DOB_ANSWER[lang], {**common(), "dob": caller.dob(caller.birth)})
        if nn:
            say("agent", ID_ASK[lang]["nn"], common())
            say("customer", NN_ANSWER[lang], {**common(), "nn": caller.said_nn(nn)})
    if nn:                                        # said a second time: read back, or said again
        if rng.random() < 0.6:
            say("agent", NN_READBACK[lang], {"nn": caller.said_nn(nn)})
            say("customer", CONFIRM[lang], {})
        else:
            say("agent", SAY_AGAIN[lang], {})
            say("customer", AGAIN[lang], {"value": caller.said_nn(nn)})

    topics = plan.topics()
    topics = [topics[i] for i in rng.permutation(len(topics))]
    for topic in topics:
        asks, answers = TOPICS[topic][lang]
        values = {**common(), "your_relation": yours, "pronoun": PRONOUNS[lang][0 if relative.male else 1],
                  "ne": BORN[relative.male]}
        if topic == "phone":
            values["phone"] = caller.phone()
        elif topic == "abroad":
            values["phone"] = caller.abroad()
        elif topic == "email":
            values["email"] = caller.email()
        elif topic == "iban":
            values["iban"] = caller.iban()
        elif topic == "card":
            card, values["card"] = caller.card()
        elif topic == "address":
            values["address"] = caller.address()
        elif topic == "town":
            values["town"], values["town2"] = caller.towns()
        elif topic == "relative_dob":
            values["dob"] = caller.dob(caller.relative_birth)
        say("agent", asks, values)
        say("customer", answers, values)
        if topic == "card" and rng.random() < 0.4:
            say("agent", SAY_AGAIN[lang], {})
            say("customer", AGAIN[lang], {"value": caller.card(card)[1]})
    say("agent", CLOSE_AGENT[lang], common())
    say("customer", CLOSE_CUSTOMER[lang], {})
    assert [t.speaker for t in turns] == ["agent", "customer"] * (len(turns) // 2)
    return SttCall(client_name, call_id, fmt, turns, started, lang, has_card="card" in topics, has_nn=nn is not None)


def plan_calls(seed: int, scale: int) -> list[SttCall]:
    """Every call: :data:`CALLS_PER_CLIENT` per client and scale step, the clients taking
    turns, so that the formats (one after the other) and the spelling styles (per language)
    are spread over clients and languages."""
    agents = staff_people(seed, N_AGENTS)
    calls, spelled, abroad = [], {lang: 0 for lang in SPELLING_STYLES}, 0
    for k in range(CALLS_PER_CLIENT * scale):
        for client in CLIENTS:
            lang = LANGUAGES[client][k % CALLS_PER_CLIENT]
            plan = Topics(k, client)
            style = SPELLING_STYLES[lang][spelled[lang] % len(SPELLING_STYLES[lang])]
            spelled[lang] += plan.spelled
            foreign = ABROAD[abroad % len(ABROAD)]
            abroad += "abroad" in plan.topics()
            calls.append(build_call(seed, client, k, FORMATS[len(calls) % len(FORMATS)], style, foreign, agents))
    return calls


# --- writing -----------------------------------------------------------------------------------
def render(call: SttCall) -> str:
    times = timings(call)
    if call.fmt == "azure":
        return engines.render_azure(call, times, AZURE_LOCALES[CLIENTS[call.client].country])
    return {**RENDER, **engines.RENDER}[call.fmt](call, times)


# The speaker label as ccaudit's readers give it (Azure's numbers become "Speaker 1").
GOLD_SPEAKERS = {"azure": ("Speaker 1", "Speaker 2")}


def span_rows(call: SttCall) -> list[list]:
    return plain.span_rows(call, GOLD_SPEAKERS.get(call.fmt, SPEAKERS[call.fmt]))


def write_stt(out_dir: Path | str, scale: int = 1, seed: int = 20261101) -> list[SttCall]:
    """Write ``transcripts/`` (64 calls times ``scale``) and the gold files of the ``stt`` style.

    Refuses a directory that holds the default dataset (``exports/``, ``audit.yaml``), whose
    transcripts it would replace."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out_dir)
    if (out / "exports").exists() or (out / "audit.yaml").exists():
        raise ValueError(f"{out} holds a default sample dataset: write the stt style into another directory")
    root = out / "transcripts"
    if root.exists():
        shutil.rmtree(root)
    calls = plan_calls(seed, scale)
    assert len({c.source for c in calls}) == len(calls)
    for call in calls:
        for t in call.turns:
            assert t.text == t.text.strip() and "  " not in t.text and t.text == stt_lower(t.text), t.text
        path = root / call.source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(call), encoding="utf-8", newline="\n")
    gold = out / "gold"
    gold.mkdir(parents=True, exist_ok=True)
    _write_csv(gold / "transcript_spans.csv", SPAN_COLUMNS, [r for c in calls for r in span_rows(c)])
    _write_csv(gold / "transcript_calls.csv", CALL_COLUMNS, [call_row(c) for c in calls])
    _write_csv(gold / "transcript_errors.csv", ["source", "reason"], [])
    return calls
