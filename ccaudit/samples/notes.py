"""Agent notes in Dutch, French and English that mention people and phone numbers.

Among non-empty notes 30 % hold a name and a phone, 30 % only a name, 30 % only a
phone and 10 % neither, so a column of notes holds PERSON and PHONE_NUMBER.
``{name}`` is a full name, ``{title}`` a title and a surname ("Mme Dubois"). A template
marked ``F|`` or ``M|`` speaks of a woman or a man; rows of the other gender get the
first (neutral) template of the same kind instead.
"""
from __future__ import annotations

import numpy as np

from ccaudit.samples.vstr import S, cat, fill, where

TEMPLATES = {
    "nl": {
        "both": ("Gesprek met {name}, terugbellen op {phone}.",
                 "{name} vraagt om terugbellen op {phone} na 17u.",
                 "F|Dochter {name} belde namens haar moeder; bereikbaar op {phone}.",
                 "Nieuw gsm-nummer doorgegeven door {name}: {phone}",
                 "{title} belt terug via {phone} i.v.m. kredietaanvraag."),
        "name": ("Gesprek met {name} over nieuwe kaart.",
                 "F|Dochter {name} heeft gebeld namens haar moeder.",
                 "Volmacht gegeven aan {name} voor de zichtrekening.",
                 "Klacht van {name} over de beheerskosten, doorgestuurd naar kantoor.",
                 "{title} wenst de spaarrekening af te sluiten."),
        "phone": ("Klant belde over factuur, terugbellen op {phone}.",
                  "Niet bereikbaar op vast nummer, wel op {phone}.",
                  "Terugbellen op {phone} tussen 9u en 12u.",
                  "Sms met activatiecode gestuurd naar {phone}."),
        "none": ("Adreswijziging verwerkt.",
                 "Klant wenst geen reclame meer te ontvangen.",
                 "Kaart geblokkeerd na verlies; nieuwe kaart besteld.",
                 "Pincode opnieuw aangevraagd, verzonden per post.",
                 "Dossier 2026-4471 afgesloten."),
    },
    "fr": {
        "both": ("Rappeler {title} au {phone}.",
                 "{name} souhaite être rappelé(e) au {phone} après 18h.",
                 "Échange avec {name}, nouveau numéro : {phone}.",
                 "M|Le fils de la cliente, {name}, a laissé son numéro : {phone}."),
        "name": ("Réclamation concernant la facture de septembre, déposée par {name}.",
                 "Résiliation demandée par {name}.",
                 "{title} a changé d'opérateur pour le fixe.",
                 "Procuration établie pour {name}."),
        "phone": ("Client injoignable, essayer le {phone}.",
                  "Rappeler au {phone} entre 12h et 14h.",
                  "Portabilité du numéro {phone} en cours.",
                  "SMS de confirmation envoyé au {phone}."),
        "none": ("Box remplacée, problème résolu.",
                 "Client satisfait de l'intervention du technicien.",
                 "Changement de forfait effectué ; effet au 01/11.",
                 "Facture envoyée par courrier."),
    },
    "en": {
        "both": ("Customer asked to be called back on {phone}; spoke with {name}.",
                 "{name} requests a callback on {phone} after 5 pm.",
                 "Call {title} back on {phone} about the refund.",
                 "F|Daughter {name} called on behalf of her father, reachable on {phone}."),
        "name": ("Spoke with {name} about the late payment.",
                 "{name} wants to cancel the contract.",
                 "Complaint from {title} escalated to team lead.",
                 "Power of attorney for {name} received."),
        "phone": ("Call back on {phone}, line dropped.",
                  "Customer prefers to be reached on {phone}.",
                  "Voicemail left on {phone}."),
        "none": ("Escalated to team lead, no further action.",
                 "Wrong number, customer unknown.",
                 "Ticket 48213 closed after confirmation."),
    },
}
TITLES = {"nl": ("meneer", "mevrouw"), "fr": ("M.", "Mme"), "en": ("Mr", "Mrs")}
KINDS = ("both", "name", "phone", "none")
KIND_WEIGHTS = (0.3, 0.3, 0.3, 0.1)


def notes(lang: np.ndarray | str, first: np.ndarray, last: np.ndarray, male: np.ndarray,
          phones: np.ndarray, rng: np.random.Generator, empty_share: float = 0.25) -> np.ndarray:
    """One note per row in the row's language ("" for an empty note)."""
    n = len(first)
    empty = rng.random(n) < empty_share
    kind = rng.choice(len(KINDS), n, p=KIND_WEIGHTS)
    which = rng.integers(0, 2**16, n)
    out = np.full(n, "", dtype=S)
    for lg, table in TEMPLATES.items():
        in_lang = ~empty & (lang == lg if not isinstance(lang, str) else np.full(n, lang == lg))
        for k, kind_name in enumerate(KINDS):
            gender, texts = zip(*(t.split("|") if t[1:2] == "|" else ("", t) for t in table[kind_name]))
            chosen = which % len(texts)
            marked = np.array(gender)[chosen]
            chosen[((marked == "F") & male) | ((marked == "M") & ~male)] = 0
            for j, template in enumerate(texts):
                rows = in_lang & (kind == k) & (chosen == j)
                if rows.any():
                    title = where(male[rows], *TITLES[lg])
                    if template.startswith("{title}"):
                        title = np.strings.capitalize(title)
                    out[rows] = fill(template, name=cat(first[rows], " ", last[rows]),
                                     title=cat(title, " ", last[rows]), phone=phones[rows])
    return out
