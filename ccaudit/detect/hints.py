"""Column-name hints in Dutch, French, English and German.

A header such as ``rijksregisternummer``, ``courriel`` or ``date de naissance`` raises the
confidence that a column holds an entity; ``klant_id``, ``montant`` or ``queue`` lowers it
for names and places. Hints only weigh the evidence: the values decide (see
:mod:`ccaudit.detect.classify`).

>>> column_hints("e-mailadres").positive
frozenset({'EMAIL_ADDRESS'})
>>> column_hints("klant_id").negative
True
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from ccaudit.entities import HINTS

# The column-header words of each entity are in the entity table (ccaudit.entities.HINTS).
# Words of at least four letters also match inside compounds (telefoonnummer, klantnaam);
# shorter ones must be a whole word of the header (nom, gsm, ip).

# Words that mark a column as technical or commercial: an id, an amount, a product.
NEGATIVE = (
    "id", "uuid", "guid", "code", "nr", "no", "order", "bestelling", "commande", "factuur",
    "invoice", "facture", "bedrag", "saldo", "amount", "montant", "prix", "price", "prijs",
    "total", "totaal", "qty", "quantity", "quantite", "aantal", "score", "rating", "week",
    "status", "statut", "segment", "product", "produit", "forfait", "abonnement", "queue",
    "wachtrij", "file", "team", "campaign", "campagne", "categorie", "category", "libelle",
    "label", "timestamp", "created", "updated", "tags", "type", "language", "taal", "langue",
    "seconds", "duration", "duur", "kwh", "verbruik", "hours", "uren", "count", "version",
    "client code", "klantcode",
)


def normalise_header(name: str) -> str:
    """Lower-case, strip accents, split camelCase and punctuation into single spaces.

    >>> normalise_header("Date_de_Naissance")
    'date de naissance'
    >>> normalise_header("customerEmail")
    'customer email'
    """
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(name))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _matches(word: str, header: str) -> bool:
    if " " in word or len(word) < 4:
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", header) is not None
    return word in header.replace(" ", "")


@dataclass(frozen=True)
class ColumnHints:
    """What a column name says: entities it suggests, and whether it looks technical."""

    positive: frozenset[str]
    negative: bool


def column_hints(name: str, extra: Mapping[str, tuple[str, ...]] | None = None) -> ColumnHints:
    """Hints from a column name (its last dotted part weighs as much as the whole).

    >>> sorted(column_hints("persoon.geboortedatum").positive)
    ['DATE_OF_BIRTH']
    """
    header = normalise_header(name)
    positive = set()
    for entity, words in HINTS.items():
        if any(_matches(w, header) for w in words):
            positive.add(entity)
    for entity, words in (extra or {}).items():
        if any(_matches(normalise_header(w), header) for w in words):
            positive.add(entity)
    if positive & {"EMAIL_ADDRESS", "IP_ADDRESS"}:
        positive.discard("LOCATION")  # an e-mail address or IP address is not a place
    negative = any(_matches(w, header) for w in NEGATIVE)
    return ColumnHints(frozenset(positive), negative)
