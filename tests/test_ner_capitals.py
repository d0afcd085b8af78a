"""In a turn written with capitals, NER's spans must be written like names (the capitals'
test). A span that fails it is left out before any recognizer reads NER's output, so that it
hides nothing another rule finds on the same words; and NER does not read a turn where no
span could pass the test (every capital opens a sentence, no opener is a listed name)."""
from __future__ import annotations

import pytest

from ccaudit.detect import transcripts as T
from ccaudit.detect.analyzer import build_transcript_analyzer
from ccaudit.detect.spoken import normalise
from ccaudit.detect.transcripts import TranscriptScanner, scan_transcripts


@pytest.fixture(scope="module")
def scanner(config):
    return TranscriptScanner(config, build_transcript_analyzer(config))


def _found(scanner, texts):
    return [sorted((r.entity_type, text[r.start:r.end]) for r in results)
            for text, results in zip(texts, scanner.analyse_texts(texts))]


@pytest.mark.parametrize("text, expected", [
    # Mixed writing (a chat, an agent's notes): capitals at the sentence only, names in
    # lower case. NER reads them as persons and places, the capitals' test refuses its
    # spans; the lexicon's and the known places' readings of the same words stand.
    ("I want to see a film starring daniel craig and directed by sam mendes.",
     [("PERSON", "daniel craig"), ("PERSON", "sam mendes")]),
    ("Please book a table for tonight, and share it with christopher.", [("PERSON", "christopher")]),
    ("There is a concert in berlin on Friday, shall I book it?", [("LOCATION", "berlin")]),
    ("Je voudrais un rendez-vous avec marie dubois demain matin.", [("PERSON", "marie dubois")]),
])
def test_names_in_lower_case_in_a_turn_with_capitals_are_found(scanner, text, expected):
    assert _found(scanner, [text]) == [expected]


def _no_ner_kept(text: str, language: str) -> bool:
    import spacy

    turn = T._Turn(call=None, index=0, language=language, role="", norm=normalise(text, language),
                   context=[], birth_before=False)
    return T._no_ner_kept(turn, spacy.blank(language).make_doc(turn.norm.text))


@pytest.mark.parametrize("text, language", [
    ("Thank you for calling. How can I help you today?", "en"),
    ("Yes, that is right. One moment please.", "en"),
    ("Thanks. Goodbye!", "en"),
    ("Can I help? I'm listening, I'll wait.", "en"),
    ("Merci beaucoup, bonne journée.", "fr"),
    ("Dank u wel. Tot ziens!", "nl"),
])
def test_ner_does_not_read_a_turn_whose_capitals_only_open_sentences(text, language):
    assert _no_ner_kept(text, language)


@pytest.mark.parametrize("text, language", [
    ("my name is sophie martin", "en"),  # lower case: NER's spans are judged by their words
    ("My name is Sophie Martin.", "en"),  # a capital inside a sentence
    ("Yes. Peeters here, good morning.", "en"),  # a listed surname opening a sentence
    ("Merci de votre appel.", "fr"),  # an opener before a particle ("Marc de la Tour")
    ("Brussels.", "en"),  # the whole turn may be one name
    ("Il habite rue d'Aiguillon.", "fr"),  # a capital after an elision
    ("I spoke to J. Smith yesterday.", "en"),  # an initial before a capital
    ("Goodbye!", "en"),  # the whole turn may be one name
    ("Yes. Jansen here.", "en"),  # a listed surname opening a sentence
    ("Thanks. Glasgow then.", "en"),  # a listed place opening a sentence
    ("Hello, de I.", "en"),  # "I" after a particle
])
def test_ner_reads_a_turn_where_a_span_could_pass_the_capitals_test(text, language):
    assert not _no_ner_kept(text, language)


def test_not_reading_those_turns_changes_no_finding(config, samples_dir, monkeypatch):
    """The sample calls scanned with the shortcut and with NER on every turn: the same
    findings, and the shortcut was taken."""
    analyzer = build_transcript_analyzer(config)
    skipped = []
    real = T._no_ner_kept

    def counted(turn, doc):
        skipped.append(real(turn, doc))
        return skipped[-1]

    monkeypatch.setattr(T, "_no_ner_kept", counted)
    short = scan_transcripts([samples_dir / "transcripts"], config, analyzer=analyzer).findings
    assert sum(skipped) > 20 and not all(skipped)
    monkeypatch.setattr(T, "_no_ner_kept", lambda turn, doc: False)
    every = scan_transcripts([samples_dir / "transcripts"], config, analyzer=analyzer).findings
    assert len(short) > 200
    assert short.equals(every)
