"""Spoken numbers and e-mail addresses: normalised for the recognizers, mapped back exactly."""
from __future__ import annotations

import pytest

from ccaudit.detect.spoken import normalise

CASES = [
    ("nl", "Mijn nummer is nul vier zeven vijf, twaalf, vierendertig, zesenvijftig. Dank u.",
     "nul vier zeven vijf, twaalf, vierendertig, zesenvijftig", "0475123456"),
    ("fr", "C'est le zéro quatre soixante-quinze douze trente-quatre cinquante-six, merci",
     "zéro quatre soixante-quinze douze trente-quatre cinquante-six", "0475123456"),
    ("en", "It is zero four seven five one two three four five six, thanks",
     "zero four seven five one two three four five six", "0475123456"),
    ("nl", "rijksregisternummer acht vijf nul zeven drie nul nul drie drie twee acht",
     "acht vijf nul zeven drie nul nul drie drie twee acht", "85073003328"),
    ("en", "my email is tom dot peeters at gmail dot com thanks",
     "tom dot peeters at gmail dot com", "tom.peeters@gmail.com"),
    ("fr", "c'est marie point dubois arobase orange point fr voilà",
     "marie point dubois arobase orange point fr", "marie.dubois@orange.fr"),
    ("nl", "jan punt peeters at gmail punt com", "jan punt peeters at gmail punt com",
     "jan.peeters@gmail.com"),
    # speech-to-text writes the "@" and leaves the dot a word
    ("en", "send email to joseph@gmail dot com please", "joseph@gmail dot com", "joseph@gmail.com"),
    ("nl", "mail naar jan punt peeters@telenet punt be graag", "jan punt peeters@telenet punt be",
     "jan.peeters@telenet.be"),
    # the dot word in capitals, as a typist may write it
    ("en", "Mail Tom DOT Peeters AT Gmail DOT com", "Tom DOT Peeters AT Gmail DOT com",
     "tom.peeters@gmail.com"),
    # speech-to-text: repeated digits, hesitations, digits and words mixed
    ("en", "call me on zero four nine four double two triple three four ok",
     "zero four nine four double two triple three four", "0494223334"),
    ("nl", "het is nul vier euh zeven vijf twaalf vierendertig zesenvijftig ja",
     "nul vier euh zeven vijf twaalf vierendertig zesenvijftig", "0475123456"),
    ("nl", "nul vier 75 twaalf 34 zesenvijftig", "nul vier 75 twaalf 34 zesenvijftig", "0475123456"),
    # "double" inside a run read in groups: the groups around it keep their own reading
    ("en", "it is one four oh zero eight thirty six one double three five hundred eight two zero",
     "one four oh zero eight thirty six one double three five hundred eight two zero",
     "140083613350820"),
    ("fr", "zéro quatre soixante et onze douze trente-quatre cinquante-six",
     "zéro quatre soixante et onze douze trente-quatre cinquante-six", "0471123456"),
]


@pytest.mark.parametrize("language,text,spoken,written", CASES)
def test_spoken_form_is_written_and_maps_back(language, text, spoken, written):
    n = normalise(text, language)
    start = n.text.index(written)
    o_start, o_end = n.to_original(start, start + len(written))
    assert text[o_start:o_end] == spoken
    assert n.spelled == []  # said as words, not spelled letter by letter
    # Text around the replacement maps back unchanged.
    if not text.startswith(spoken):
        assert n.to_original(0, 4) == (0, 4)
    if not text.endswith(spoken):
        tail = len(n.text) - 3
        assert text[slice(*n.to_original(tail, len(n.text)))] == n.text[tail:]


@pytest.mark.parametrize("language,text", [
    ("nl", "een nieuwe kaart en twee dagen, factuur van 29 euro"),
    ("fr", "le douze novembre, trois articles"),
    ("en", "one hundred and twenty one people at the office"),
    ("en", "meet me at home"),
    ("en", "mail jan@telenet.be or @john"),   # written already, or a handle: nothing to write out
    ("en", "a double room for two nights, triple checked"),
    ("nl", "euh ja twee keer euh"),
])
def test_counts_prices_and_prose_are_left_alone(language, text):
    assert normalise(text, language).text == text


@pytest.mark.parametrize("language,text,spoken,written", [
    ("nl", "dat is vierentwintig zes vijfenzeventig ja", "vierentwintig zes vijfenzeventig",
     "24/06/1975"),
    ("en", "nineteen five eighty six", "nineteen five eighty six", "19/05/1986"),
    ("fr", "le dix-neuf quatre septante et un", "dix-neuf quatre septante et un", "19/04/1971"),
    ("nl", "twaalf drie negentienhonderd tachtig", "twaalf drie negentienhonderd tachtig",
     "12/03/1980"),
])
def test_birth_dates_said_as_three_numbers(language, text, spoken, written):
    n = normalise(text, language, birth=True)
    start = n.text.index(written)
    assert text[slice(*n.to_original(start, start + len(written)))] == spoken
    # Without a word about the birth, the numbers are left as said.
    assert written not in normalise(text, language).text


@pytest.mark.parametrize("language,text", [
    ("fr", "trente et un deux quatre-vingt-dix"),  # 31 February
    ("nl", "drie en dertig vijf tachtig"),  # day 33
    ("en", "twelve three two thousand ninety"),  # in the future
    ("en", "twelve three"),  # no year
])
def test_impossible_birth_dates_are_no_dates(language, text):
    assert "/" not in normalise(text, language, birth=True).text


def test_unknown_language_still_normalises_emails():
    n = normalise("jan dot peeters at gmail dot com", None)
    assert n.text == "jan.peeters@gmail.com"



def test_a_text_that_says_no_dot_word_holds_no_spoken_address():
    """The domain of an address said aloud needs a dot word: a text without one is
    answered at once, one with it inside another word ("appointment") is read through."""
    from ccaudit.detect.spoken import _spoken_emails

    assert _spoken_emails("jan peeters at gmail com", "nl") == []
    assert _spoken_emails("see you at the appointment, at noon", "en") == []
    assert [w for _, _, w in _spoken_emails("my appointment at noon dot com", "en")] == \
        ["appointment@noon.com"]  # said like an address, read as one
