"""Presidio recognizers for what Presidio lacks in Belgium, the Netherlands, France and
Luxembourg, one module per country the way presidio-analyzer's ``country_specific`` folders
are, and generic ones (phones, payment data, dates of birth, introduced names, addresses).

Each national identifier is found by a loose pattern and confirmed by python-stdnum's
checksum, so a look-alike (an order number, an amount) is rejected by arithmetic, not by
luck. Phone numbers are parsed by phonenumbers for the configured regions.
"""
from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from ccaudit.detect.recognizers.addresses import AnyCaseAddressRecognizer, StreetAddressRecognizer
from ccaudit.detect.recognizers.be import BeNationalNumberRecognizer
from ccaudit.detect.recognizers.common import QuickPatterns, context_words
from ccaudit.detect.recognizers.dates import (BIRTH_CONTEXT, MONTH_NUMBER, MONTHS, DateOfBirthRecognizer,
                                              find_dates, has_birth_context)
from ccaudit.detect.recognizers.financial import AnyCaseIbanRecognizer, CardNumberRecognizer
from ccaudit.detect.recognizers.fr import FrNirRecognizer
from ccaudit.detect.recognizers.introductions import (INTRODUCTIONS, SELF_NAMED_AFTER, TITLES,
                                                      IntroducedNameRecognizer, strip_title)
from ccaudit.detect.recognizers.lu import LuNationalNumberRecognizer
from ccaudit.detect.recognizers.network import IpRecognizer
from ccaudit.detect.recognizers.nl import NlBsnRecognizer
from ccaudit.detect.recognizers.phones import EuPhoneRecognizer

__all__ = ["AnyCaseAddressRecognizer", "AnyCaseIbanRecognizer", "BIRTH_CONTEXT", "BeNationalNumberRecognizer",
           "CardNumberRecognizer", "DateOfBirthRecognizer", "EuPhoneRecognizer", "FrNirRecognizer",
           "INTRODUCTIONS", "IntroducedNameRecognizer", "IpRecognizer", "LuNationalNumberRecognizer", "MONTHS",
           "MONTH_NUMBER", "NATIONAL_RECOGNIZERS", "NlBsnRecognizer", "QuickPatterns", "SELF_NAMED_AFTER",
           "StreetAddressRecognizer", "TITLES", "context_words", "find_dates", "has_birth_context",
           "national_recognizers", "strip_title"]

# The national identifiers by country (ISO code): one module per country.
NATIONAL_RECOGNIZERS: dict[str, tuple[type[PatternRecognizer], ...]] = {
    "BE": (BeNationalNumberRecognizer,),
    "NL": (NlBsnRecognizer,),
    "FR": (FrNirRecognizer,),
    "LU": (LuNationalNumberRecognizer,),
}


def national_recognizers(countries, language: str) -> list[PatternRecognizer]:
    """The national-identifier recognizers for ``countries`` (ISO codes) in ``language``."""
    return [cls(supported_language=language) for c in countries for cls in NATIONAL_RECOGNIZERS.get(c, ())]
