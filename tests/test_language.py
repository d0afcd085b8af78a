"""Language per call and per turn, offline."""
from __future__ import annotations

import pytest

from ccaudit.detect.language import LanguageGuesser


@pytest.fixture(scope="module")
def guess():
    return LanguageGuesser(("en", "fr", "nl"))


@pytest.mark.parametrize("text,expected", [
    ("Goedemorgen, u spreekt met Sofie Janssens van BrightBank, waarmee kan ik u helpen?", "nl"),
    ("Bonjour, Marc Lefèvre à l'appareil, que puis-je faire pour vous ?", "fr"),
    ("Good morning, this is Tom Peeters, how can I help you today?", "en"),
    ("Mijn geboortedatum is twaalf maart negentien vijfentachtig", "nl"),
])
def test_detect(guess, text, expected):
    assert guess.detect(text) == expected


def test_short_turns_inherit_the_language(guess):
    turns = ["Goedemorgen, u spreekt met Sofie, waarmee kan ik u helpen?", "ja", "oké",
             "Excuse me, could we continue in English please?", "yes", "sure"]
    assert guess.per_turn(turns) == ["nl", "nl", "nl", "en", "en", "en"]


def test_metadata_language_is_the_starting_point(guess):
    assert guess.per_turn(["ja", "ok"], call_language="nl") == ["nl", "nl"]
    assert guess.per_turn(["oui", "non"], call_language="fr") == ["fr", "fr"]


def test_a_single_configured_language_needs_no_detection():
    assert LanguageGuesser(("fr",)).per_turn(["Good morning to you all"]) == ["fr"]

