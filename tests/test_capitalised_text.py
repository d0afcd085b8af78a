"""Text written with capitals (notes, newspapers, chats): NER's places behind the words that
lead to them, addresses that end where their capitals end, and names that a writer who uses
capitals writes with one. Found on public newspaper text (Europeana, French), checked here
on sentences of our own."""
from __future__ import annotations

import pytest
import spacy
from presidio_analyzer import RecognizerResult
from spacy.tokens import Span

from ccaudit.detect import transcripts as T
from ccaudit.detect.names import shared_finder
from ccaudit.detect.recognizers.addresses import AnyCaseAddressRecognizer, StreetAddressRecognizer
from ccaudit.detect.transcripts import TranscriptScanner


@pytest.fixture(scope="module")
def scanner(config, analyzer):
    return TranscriptScanner(config, analyzer)


def _found(scanner, text):
    return sorted((r.entity_type, text[r.start:r.end]) for r in scanner.analyse_texts([text])[0])


def _kept(analyzer, text, language, spans, cased=True):
    """NER's spans (token bounds and labels) as the scanner keeps them for the recognizers."""
    doc = spacy.blank(language).make_doc(text)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in spans]
    artifacts = TranscriptScanner._artifacts(analyzer.nlp_engine, doc, language, False, cased, text)
    return [(e.label_, e.text) for e in artifacts.entities]


@pytest.mark.parametrize("text, span, expected", [
    # NER's place includes the words that lead to it: the place is kept from its capital on.
    ("Nous sommes arrivés à la gare de Versailles vers midi.", (5, 8, "LOC"), ("LOCATION", "Versailles")),
    ("Il demeure villa Miramar depuis mai.", (2, 4, "LOC"), ("LOCATION", "Miramar")),
    ("Merci de votre appel, madame Legendre, à bientôt.", (5, 7, "PER"), ("PERSON", "Legendre")),
])
def test_ner_span_with_a_lower_case_head_is_cut_to_its_name(analyzer, text, span, expected):
    assert _kept(analyzer, text, "fr", [span]) == [expected]


@pytest.mark.parametrize("text, span", [
    ("Nous sommes arrivés à la gare vers midi.", (5, 6, "LOC")),       # no capital in it
    ("Nous sommes arrivés hier. Merci pour tout.", (3, 6, "LOC")),     # the capital opens a sentence
])
def test_ner_span_without_a_name_behind_its_head_is_still_left_out(analyzer, text, span):
    assert _kept(analyzer, text, "fr", [span]) == []


def test_lower_case_text_keeps_ner_spans_whole(analyzer):
    # Judged by their words later (speech-to-text): not cut here.
    text = "nous sommes arrivés à la gare de versailles"
    assert _kept(analyzer, text, "fr", [(5, 8, "LOC")], cased=False) == [("LOCATION", "gare de versailles")]


def test_a_place_and_the_street_after_it_are_one_address(scanner):
    text = "Ils habitent à Rennes, 7, rue Lesage depuis le mois de mai."
    assert ("LOCATION", "Rennes, 7, rue Lesage") in _found(scanner, text)


def test_a_merged_address_opened_by_ner_is_not_tested_again_for_capitals():
    text = "Sitaée à Rennes, 7, rue Lesage."
    ner = RecognizerResult("LOCATION", 9, 15, 0.85,
                           recognition_metadata={"recognizer_name": T.NER_RECOGNIZER})
    street = RecognizerResult("LOCATION", 17, 30, 0.6,
                              recognition_metadata={"recognizer_name": "AnyCaseAddressRecognizer"})
    joined: set[int] = set()
    merged = T._merge_addresses(text, [ner, street], lambda r: True, joined)
    assert [(text[r.start:r.end], id(r) in joined) for r in merged] == [("Rennes, 7, rue Lesage", True)]
    # Nothing joined: the set stays empty.
    alone = RecognizerResult("LOCATION", 9, 15, 0.85)
    joined.clear()
    T._merge_addresses(text, [alone], lambda r: True, joined)
    assert joined == set()


@pytest.mark.parametrize("text, expected", [
    ("Ils habitent au 7, rue Lesage depuis le mois de mai.", "7, rue Lesage"),
    ("J'habite au 12 rue de la Paix depuis deux ans.", "12 rue de la Paix"),
    # Written in lower case throughout: nothing says where the street's name ends.
    ("J'habite au 12 rue de la paix à Bruxelles.", "12 rue de la paix à Bruxelles"),
])
def test_written_street_ends_with_its_capitals(text, expected):
    recognizer = StreetAddressRecognizer(supported_language="fr")
    found = [text[r.start:r.end] for r in recognizer.analyze(text, ["LOCATION"])]
    assert expected in found


@pytest.mark.parametrize("text, expected", [
    ("Nous habitons 7 rue Lesage depuis mai.", "7 rue Lesage"),
    ("J'habite rue Lesage douze depuis mai.", "rue Lesage douze"),  # the number said after it
    ("ik woon in de kerkstraat twaalf sinds vorig jaar", "kerkstraat twaalf"),
])
def test_street_said_in_any_case_ends_with_its_capitals(text, expected):
    recognizer = AnyCaseAddressRecognizer(supported_language="fr" if "rue" in text else "nl")
    found = [text[r.start:r.end] for r in recognizer.analyze(text, ["LOCATION"])]
    assert expected in found


def test_a_street_in_a_list_of_names_stays_a_place(scanner):
    text = "Au coin de la rue Française, Auguste et Fabienne se sont arrêtés."
    found = _found(scanner, text)
    assert ("LOCATION", "rue Française") in found
    assert ("PERSON", "Française") not in found
    assert {("PERSON", "Auguste"), ("PERSON", "Fabienne")} <= set(found)


@pytest.mark.parametrize("text, language, name", [
    ("Dans l'Ouest, M. Rosse, maire de Dinan, battra M. Baudet.", "fr", None),
    ("Het huis wordt bewoond door baron de Wimpffen, sekretaris bij het gezantschap.", "nl",
     "baron de Wimpffen"),
])
def test_a_name_written_with_capitals_starts_with_one(text, language, name):
    spans = [text[s:e] for s, e, _, _ in shared_finder(language).spans(text)]
    assert "maire de Dinan" not in spans
    if name:
        assert name in spans
