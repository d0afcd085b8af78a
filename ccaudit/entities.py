"""The entity table: every kind of personal data ccaudit reports, and the identifier types of
the subject index, in one place.

Each :class:`Entity` says how a column header hints at it, how it is masked for display,
which identifier type of the subject index it becomes (strong identifiers only), and how it
ranks when two checksummed readings of the same digits tie. Each :class:`IdentifierType`
says how a value is spelled canonically (its normaliser), how a subject is told about it,
what a valid value is, and how to find candidates in free text.

Adding an identifier type is a row here, a recognizer (``ccaudit/detect/recognizers/<country>.py``)
and its default sensitivity in ``ccaudit/conf/default.yaml``: see the README's "Adding an
identifier type". Sensitivity is configuration (a user may raise or lower it), so it lives
in the defaults, not here.

>>> ENTITIES["NL_BSN"].id_type, IDENTIFIER_TYPES["bsn"].normalise("1112.22.333", ())
('bsn', '111222333')
>>> ENTITY_ID_TYPE["FR_NIR"], ID_TYPE_ENTITY["national_number"]
('national_number', 'BE_NATIONAL_NUMBER')
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.fr import nir as fr_nir
from stdnum.nl import bsn as nl_bsn

DEFAULT_REGIONS = ("BE", "NL", "FR", "LU", "DE", "GB")


@dataclass(frozen=True)
class Entity:
    """One entity type (Presidio's name, as in every output)."""

    name: str
    hints: tuple[str, ...] = ()   # column-header words (normalised: lower case, no accents)
    mask: str = "last2"           # masking style, see ccaudit.report.masking.STYLES
    id_type: str | None = None    # identifier type of the subject index (strong identifiers)
    national: bool = False        # a national identifier (flagged per call and file)
    payment_card: bool = False    # payment card data (PCI DSS: flagged per call)
    digits: bool = False          # read from digits: never a spoken word's reading
    listed: bool = True           # in Config.entities (the standard list every scan reports)
    group: str = "identity"       # the category of personal data a record of processing names


@dataclass(frozen=True)
class IdentifierType:
    """One identifier type of the subject index (what ``ccaudit subjects find --type`` takes)."""

    name: str
    words: str                    # how a subject is told about it
    valid: str                    # what a valid value is (the message refusing a malformed one)
    normalise: Callable[[str, tuple[str, ...]], str | None]   # (value, phone regions) → canonical
    in_text: tuple[re.Pattern, ...] = ()    # candidates in free text, each then normalised
    quick: Callable[[str], bool] | None = None   # a fast check of compact digits (millions of cells)


# ---------------------------------------------------------------------- normalisers

_EMAIL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")


def _email(value: str, regions: tuple[str, ...] = ()) -> str | None:
    text = value.strip().strip("<>").lower()
    if text.startswith("mailto:"):
        text = text[7:]
    return text if _EMAIL.match(text) else None


@lru_cache(maxsize=200_000)
def _phone(value: str, regions: tuple[str, ...]) -> str | None:
    text = value.strip()
    compact = re.sub(r"[^\d+]", "", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    candidates = [None] if compact.startswith("+") else list(regions)
    if not compact.startswith("+") and NANP_REGION not in candidates and (
            PHONE_NANP_WRITTEN.fullmatch(text) or PHONE_NANP_SPACED.fullmatch(text)):
        candidates.append(NANP_REGION)
    for region in candidates:
        try:
            number = phonenumbers.parse(compact, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _national(value: str, regions: tuple[str, ...] = ()) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and (be_nn.is_valid(digits) or be_bis.is_valid(digits)):
        return digits
    if len(digits) == 15 and fr_nir.is_valid(digits):
        return digits
    # French NIR of Corsica (2A/2B) keeps its letters out of the digits-only form.
    compact = re.sub(r"[\s.-]", "", value.upper())
    if len(compact) == 15 and fr_nir.is_valid(compact):
        return compact
    if len(digits) == 13 and _lu_valid(digits):
        return digits
    return None


def _lu_valid(digits: str) -> bool:
    from ccaudit.detect.recognizers.lu import LuNationalNumberRecognizer

    return LuNationalNumberRecognizer.validate_result(None, digits)


def _bsn(value: str, regions: tuple[str, ...] = ()) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 8:
        digits = "0" + digits
    return digits if len(digits) == 9 and nl_bsn.is_valid(digits) else None


def _iban(value: str, regions: tuple[str, ...] = ()) -> str | None:
    compact = std_iban.compact(value)
    return compact if std_iban.is_valid(compact) else None


def _card(value: str, regions: tuple[str, ...] = ()) -> str | None:
    digits = re.sub(r"[\s-]", "", value)
    return digits if digits.isdigit() and 12 <= len(digits) <= 19 and luhn.is_valid(digits) else None


# Check digits computed directly: millions of column values, where python-stdnum's generic
# validation costs tens of microseconds each. A value failing these still gets the full
# normaliser (Corsican NIRs, Luxembourg numbers, BSNs written with 8 digits, ...).
def _mod97_national(v: str) -> bool:
    if len(v) == 11 and v.isdigit():
        check = int(v[9:])
        return check == 97 - int(v[:9]) % 97 or check == 97 - int("2" + v[:9]) % 97
    if len(v) == 15 and v.isdigit():
        return int(v[13:]) == 97 - int(v[:13]) % 97
    return False


def _bsn_ok(v: str) -> bool:
    if len(v) != 9 or not v.isdigit():
        return False
    total = sum((9 - i) * int(c) for i, c in enumerate(v[:8])) - int(v[8])
    return total % 11 == 0 and v != "000000000"


def _luhn_ok(v: str) -> bool:
    if not (v.isdigit() and 12 <= len(v) <= 19):
        return False
    total = 0
    for i, c in enumerate(reversed(v)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# IBAN mod 97: letters count as 10..35 (A..Z), the country and check digits moved last.
_IBAN_LETTERS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def iban_ok(v: str) -> bool:
    """A compact upper-case IBAN's mod-97 check, without python-stdnum's set-up per value."""
    if not (15 <= len(v) <= 34 and v[:2].isalpha() and v[2:4].isdigit() and v.isalnum()):
        return False
    return int((v[4:] + v[:4]).upper().translate(_IBAN_LETTERS)) % 97 == 1


# ---------------------------------------------------------------------- candidates in text

_EDGE = r"(?<![\w.,/:-])"
# A phone written internationally (+32 …, 0032 …) or nationally (0475 …): the phone
# recognizer and the index's free-text search share these.
PHONE_INTERNATIONAL = re.compile(_EDGE + r"(?:\+|00)\s?\d(?:[\s./()-]{0,2}\d){6,}")
PHONE_NATIONAL = re.compile(_EDGE + r"\(?0(?:[\s./()-]{0,2}\d){7,}")
# North America's written layout, "(415) 775-7644", "415-775-7644", "415.775.7644": a
# national number without a trunk prefix, told from an order number by its grouping.
# A sentence's full stop glued to it ("no garage.415-382-0801 is the number") is no decimal.
_NANP_EDGE = r"(?:(?<![\w.,/:-])|(?<=[^\W\d_]\.))"
PHONE_NANP_WRITTEN = re.compile(_NANP_EDGE + r"(?:1[-.])?(?:\(\d{3}\)[\s-]?\d{3}[-.\s]|\d{3}-\d{3}-|\d{3}\.\d{3}\.)\d{4}"
                                r"(?![\w-]|[.,]\d)")
# The same grouped by blanks, "330 223 3233", "212 415-5788": also how order and account
# numbers are written, so a phone number only with a context word ("number", "call").
PHONE_NANP_SPACED = re.compile(_NANP_EDGE + r"(?:1\s)?\d{3}\s\d{3}[\s-]\d{4}(?![\w-]|[.,]\d)")
NANP_REGION = "US"  # parses every +1 number; phonenumbers tells a Canadian one by its area code
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_IBAN_IN_TEXT = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
_NATIONAL_IN_TEXT = re.compile(r"(?<![\d.])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}(?![\d.])"
                               r"|(?<!\d)[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}(?!\d)")
_BSN_IN_TEXT = re.compile(r"(?<![\d.])\d{4}[.\s]?\d{2}[.\s]?\d{3}(?![\d.])")
_CARD_IN_TEXT = re.compile(r"(?<!\d)\d{4}(?:[\s-]?\d{4}){2}[\s-]?\d{1,7}(?!\d)")


# ---------------------------------------------------------------------- the tables

# The identifier types, in the order `ccaudit subjects find --type` lists them.
IDENTIFIER_TYPES: dict[str, IdentifierType] = {t.name: t for t in (
    IdentifierType("email", "e-mail address", "an e-mail address", _email, (_EMAIL_IN_TEXT,)),
    IdentifierType("phone", "phone number", "a valid phone number", _phone,
                   (PHONE_INTERNATIONAL, PHONE_NATIONAL, PHONE_NANP_WRITTEN)),
    IdentifierType("national_number", "national number",
                   "a valid national number (BE, FR or LU check digits)", _national,
                   (_NATIONAL_IN_TEXT,), _mod97_national),
    IdentifierType("iban", "bank account number (IBAN)", "a valid IBAN", _iban, (_IBAN_IN_TEXT,), iban_ok),
    IdentifierType("bsn", "BSN", "a valid BSN (11-proof)", _bsn, (_BSN_IN_TEXT,), _bsn_ok),
    IdentifierType("card", "payment card number", "a valid card number (Luhn)", _card,
                   (_CARD_IN_TEXT,), _luhn_ok),
)}

# The entities. Order: the standard list's (reports list entities in this order); where two
# checksummed readings of the same digits tie (a 15-digit French NIR can pass the Luhn check
# of a card number), the one with the lower PRIORITY below wins.
ENTITIES: dict[str, Entity] = {e.name: e for e in (
    Entity("PERSON", mask="words", hints=(
        "naam", "voornaam", "achternaam", "familienaam", "roepnaam", "tussenvoegsel",
        "nom", "prenom", "nom de famille", "name", "firstname", "first name", "lastname",
        "last name", "surname", "fullname", "full name", "given name", "vorname", "nachname",
        "agent", "medewerker", "employee name", "contactpersoon", "titulaire", "beller",
        "appelant", "caller")),
    Entity("EMAIL_ADDRESS", mask="email", id_type="email", group="contact",
           hints=("email", "e mail", "mail", "courriel", "emailadres", "mailadres")),
    Entity("PHONE_NUMBER", mask="phone", id_type="phone", digits=True, group="contact", hints=(
        "tel", "telefoon", "telefoonnummer", "gsm", "mobiel", "mobile", "phone", "telephone",
        "portable", "handy", "telefon", "msisdn", "fax", "cell", "callback number")),
    Entity("IBAN_CODE", mask="iban", id_type="iban", digits=True, group="financial", hints=(
        "iban", "rekeningnummer", "bankrekening", "rekening", "compte", "bank account",
        "account number", "konto", "rib")),
    Entity("CREDIT_CARD", mask="last4", id_type="card", digits=True, payment_card=True,
           group="financial", hints=(
        "kaartnummer", "kredietkaart", "card", "carte", "pan", "kreditkarte", "cc",
        "card number", "numero de carte")),
    Entity("BE_NATIONAL_NUMBER", id_type="national_number", national=True, digits=True,
           group="national_id", hints=(
        "rijksregisternummer", "rijksregister", "rrn", "insz", "nn", "niss", "registre national",
        "national number", "nationalnumber", "bis", "numero national", "identificatienummer")),
    Entity("NL_BSN", id_type="bsn", national=True, digits=True, group="national_id",
           hints=("bsn", "burgerservicenummer", "sofinummer")),
    Entity("FR_NIR", id_type="national_number", national=True, digits=True, group="national_id",
           hints=("nir", "securite sociale", "secu", "insee", "numero ss")),
    Entity("LU_NATIONAL_NUMBER", id_type="national_number", national=True, digits=True,
           listed=False, group="national_id", hints=("matricule",)),
    Entity("LOCATION", mask="words", group="contact", hints=(
        "adres", "address", "adresse", "straat", "street", "rue", "huisnummer", "gemeente",
        "stad", "city", "ville", "postcode", "code postal", "postal code", "zip", "plz",
        "woonplaats", "plaats", "localite", "commune", "ort", "strasse", "wohnort", "town")),
    Entity("DATE_OF_BIRTH", mask="date", digits=True, hints=(
        "geboortedatum", "geboren", "geboortejaar", "date de naissance", "naissance", "birth",
        "birthdate", "birthday", "dob", "geburtsdatum", "date naissance", "ne le")),
    Entity("IP_ADDRESS", mask="ip", digits=True, group="contact",
           hints=("ip", "ip address", "ipadres", "ipv4", "ipv6", "adresse ip")),
)}
PRIORITY = {name: i for i, name in enumerate((
    "BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "LU_NATIONAL_NUMBER", "IBAN_CODE", "CREDIT_CARD",
    "EMAIL_ADDRESS", "PHONE_NUMBER"))}

# Derived views, for the callers that need one.
STANDARD_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.listed)
NATIONAL_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.national)
DIGIT_ENTITIES = frozenset(e.name for e in ENTITIES.values() if e.digits)
PAYMENT_CARD_ENTITIES = frozenset(e.name for e in ENTITIES.values() if e.payment_card)
HINTS = {e.name: e.hints for e in ENTITIES.values() if e.hints}
ID_TYPES = tuple(IDENTIFIER_TYPES)
# entity → identifier type, and identifier type → the entity a free-text identifier is
# recorded as (the first entity of the table with that type).
ENTITY_ID_TYPE = {e.name: e.id_type for e in ENTITIES.values() if e.id_type}
ID_TYPE_ENTITY = {t: next(e.name for e in ENTITIES.values() if e.id_type == t) for t in IDENTIFIER_TYPES}
# The categories of personal data a record of processing names, each the entities it covers.
DATA_GROUPS = {g: tuple(e.name for e in ENTITIES.values() if e.group == g)
               for g in dict.fromkeys(e.group for e in ENTITIES.values())}

__all__ = ["DATA_GROUPS", "DEFAULT_REGIONS", "DIGIT_ENTITIES", "ENTITIES", "ENTITY_ID_TYPE", "Entity", "HINTS",
           "IDENTIFIER_TYPES", "ID_TYPES", "ID_TYPE_ENTITY", "IdentifierType", "NANP_REGION",
           "NATIONAL_ENTITIES", "PAYMENT_CARD_ENTITIES", "PHONE_INTERNATIONAL", "PHONE_NANP_SPACED", "PHONE_NANP_WRITTEN", "PHONE_NATIONAL", "PRIORITY",
           "STANDARD_ENTITIES", "iban_ok"]
