"""Names as written text prints them: lists of surnames, ranks and offices before a name,
surnames set in capitals, possessives, popular first names that are also places."""
from __future__ import annotations

import pytest

from ccaudit.detect.names import NameFinder, load_lexicon
from ccaudit.detect.analyzer import build_transcript_analyzer
from ccaudit.detect.transcripts import TranscriptScanner


def found(text, language):
    finder = NameFinder(load_lexicon(), language)
    return [text[s:e] for s, e, _, _ in finder.spans(text)]


@pytest.mark.parametrize("language,text,name", [
    ("nl", "Het afschrift van eenen brief, door den minister Betz aan den heer van der Maesen.", "Betz"),
    ("en", "Lord Elcho has proposed the appointment.", "Elcho"),
    ("fr", "Il a été reçu par le général Bugeaud hier soir.", "Bugeaud"),
    ("nl", "M. de Brouwer geb. Hendriks, oud 42 jaar.", "Hendriks"),
    ("nl", "De verkoping geschiedt ten huize van den heer GREVEN te Zwolle.", "GREVEN"),
    ("en", "add jane's birthday party for tomorrow", "jane's"),
    ("en", "today i had a meeting with george", "george"),
])
def test_written_names(language, text, name):
    assert name in found(text, language)


@pytest.mark.parametrize("language,text", [
    ("nl", "De minister van Financiën sprak in de Kamer."),  # an office, no name
    ("nl", "Het BESTUUR en de REDACTIE danken de lezers."),  # capitals, ordinary words
    ("en", "i live in florence now"),  # a town after "in"
    ("en", "that's what it's about"),
])
def test_written_non_names(language, text):
    assert found(text, language) == []


@pytest.fixture(scope="module")
def scanner(config):
    return TranscriptScanner(config, build_transcript_analyzer(config))


def test_the_other_items_of_a_list_of_names_are_names(scanner):
    text = ("Tweede afdeeling, de heeren: Sandberg, van Logchem, P. H. de Schepper, van Delden, "
            "van Setten, van Boijen, van Dedem, Zeehuisen, Scholteu.")
    names = [text[r.start:r.end] for r in scanner.analyse_texts([text])[0] if r.entity_type == "PERSON"]
    assert {"Sandberg", "van Boijen", "van Dedem", "Zeehuisen", "Scholteu"} <= set(names)


def test_a_list_of_towns_stays_towns(scanner):
    text = "Wij bezochten Amsterdam, Rotterdam, Jan Peeters en Utrecht."
    results = scanner.analyse_texts([text])[0]
    assert [text[r.start:r.end] for r in results if r.entity_type == "PERSON"] == ["Jan Peeters"]


def _persons(scanner, text):
    return [text[r.start:r.end] for r in scanner.analyse_texts([text])[0] if r.entity_type == "PERSON"]


def test_a_surname_opening_a_sentence_is_a_name_when_ner_says_so(scanner):
    """One capitalised word opening a sentence proves nothing on its capital; a name of the
    lexicon there that is no ordinary word in any language, read by NER as a person, is."""
    assert _persons(scanner, "Janssens will send the contract tomorrow.") == ["Janssens"]


@pytest.mark.parametrize("text", [
    "Box remplacée, problème résolu pour le client.",    # an English word in a French note
    "Terugbellen na de vakantie graag, alles is goed.",
])
def test_an_ordinary_word_opening_a_sentence_stays_a_word(scanner, text):
    assert _persons(scanner, text) == []


def test_a_listed_place_opening_a_sentence_is_a_place(scanner):
    text = "Belgium has a new government since last week."
    found = [(text[r.start:r.end], r.entity_type) for r in scanner.analyse_texts([text])[0]]
    assert found == [("Belgium", "LOCATION")]
