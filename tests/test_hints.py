"""Column-name hints in Dutch, French, English and German."""
from __future__ import annotations

import pytest

from ccaudit.detect.hints import column_hints

POSITIVE = [
    ("voornaam", "PERSON"), ("achternaam", "PERSON"), ("prénom", "PERSON"), ("Nachname", "PERSON"),
    ("klantnaam", "PERSON"), ("customer_name", "PERSON"), ("nom", "PERSON"),
    ("e-mailadres", "EMAIL_ADDRESS"), ("courriel", "EMAIL_ADDRESS"), ("customerEmail", "EMAIL_ADDRESS"),
    ("gsm", "PHONE_NUMBER"), ("téléphone", "PHONE_NUMBER"), ("telefoonnummer", "PHONE_NUMBER"),
    ("Handy", "PHONE_NUMBER"),
    ("rijksregisternummer", "BE_NATIONAL_NUMBER"), ("NISS", "BE_NATIONAL_NUMBER"),
    ("persoon.bsn", "NL_BSN"), ("NIR", "FR_NIR"),
    ("date de naissance", "DATE_OF_BIRTH"), ("geboortedatum", "DATE_OF_BIRTH"),
    ("Geburtsdatum", "DATE_OF_BIRTH"), ("birth_date", "DATE_OF_BIRTH"),
    ("adres.straat", "LOCATION"), ("code postal", "LOCATION"), ("gemeente", "LOCATION"),
    ("iban", "IBAN_CODE"), ("numéro de carte", "CREDIT_CARD"), ("workstation_ip", "IP_ADDRESS"),
]


@pytest.mark.parametrize("name,entity", POSITIVE)
def test_positive_hints(name, entity):
    assert entity in column_hints(name).positive


@pytest.mark.parametrize("name", ["klant_id", "montant", "order_no", "queue", "produit",
                                  "lead_uuid", "score satisfaction", "week"])
def test_technical_names_are_negative_and_suggest_nothing(name):
    hints = column_hints(name)
    assert hints.negative
    assert not hints.positive


@pytest.mark.parametrize("name", ["e-mailadres", "adresse ip"])
def test_mail_and_ip_addresses_are_not_places(name):
    assert "LOCATION" not in column_hints(name).positive


def test_extra_hints_from_config():
    assert "PERSON" in column_hints("titularis", {"PERSON": ("titularis",)}).positive
    assert "PERSON" not in column_hints("titularis").positive
