"""What the recognizers share: context words per entity and language (Presidio raises a
hit's score when one appears near it)."""
from __future__ import annotations

import re


# Context words per language: Presidio raises a hit's score when one appears near it.
CONTEXT = {
    "BE_NATIONAL_NUMBER": {
        "en": ["national", "register", "number", "nn", "id"],
        "nl": ["rijksregisternummer", "rijksregister", "rrn", "insz", "nummer"],
        "fr": ["registre", "national", "niss", "numéro"],
    },
    "NL_BSN": {
        "en": ["bsn", "citizen", "service", "number"],
        "nl": ["bsn", "burgerservicenummer", "sofinummer"],
        "fr": ["bsn"],
    },
    "FR_NIR": {
        "en": ["social", "security", "nir", "insee"],
        "nl": ["sociale", "zekerheid", "nir"],
        "fr": ["sécurité", "sociale", "nir", "insee", "numéro"],
    },
    "LU_NATIONAL_NUMBER": {
        "en": ["matricule", "national", "identification"],
        "nl": ["matricule", "identificatienummer"],
        "fr": ["matricule", "identification", "national"],
    },
    "PHONE_NUMBER": {
        "en": ["phone", "telephone", "mobile", "cell", "call", "number"],
        "nl": ["telefoon", "gsm", "mobiel", "nummer", "bellen", "terugbellen"],
        "fr": ["téléphone", "portable", "mobile", "numéro", "appeler", "rappeler"],
    },
    "LOCATION": {
        "en": ["address", "lives", "street", "live", "town", "city", "moved", "postcode"],
        "nl": ["adres", "woont", "straat", "woon", "woonplaats", "gemeente", "verhuisd", "postcode"],
        "fr": ["adresse", "habite", "rue", "habitez", "ville", "commune", "déménagé", "localité"],
    },
}


def context_words(entity: str, language: str) -> list[str]:
    """Context words for ``entity``: the language's own first, then the other languages'
    (a call that switches language may ask in one and answer in the other)."""
    by_language = CONTEXT.get(entity, {})
    words = list(by_language.get(language, []))
    for other in by_language.values():
        words += [w for w in other if w not in words]
    return words


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)
