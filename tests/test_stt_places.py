"""Places as speech-to-text writes them: towns nobody listed after a verb of living, town
compounds, addresses whose numbers are said as words, a town answering "where do you live"."""
from __future__ import annotations

from pathlib import Path

import pytest

from ccaudit.detect.recognizers import AnyCaseAddressRecognizer
from ccaudit.detect.analyzer import build_transcript_analyzer
from ccaudit.detect.transcripts import TranscriptScanner


def places(text, language):
    rec = AnyCaseAddressRecognizer(language)
    return [(text[r.start:r.end], r.score) for r in rec.analyze(text, ["LOCATION"])]


@pytest.mark.parametrize("language,text,expected", [
    ("nl", "ik woon in olne", ["olne"]),
    ("nl", "ik ben verhuisd van sint-niklaas naar sainte-marie-sur-semois",
     ["sint-niklaas", "sainte-marie-sur-semois"]),
    ("en", "i moved from casteau to leuven", ["casteau", "leuven"]),
    ("en", "i moved from evrardnec um to saint monique", ["evrardnec", "saint monique"]),
    ("fr", "j'habite à albertnec", ["albertnec"]),
])
def test_towns_after_a_verb_of_living(language, text, expected):
    assert [p for p, score in places(text, language) if score >= 0.5] == expected


@pytest.mark.parametrize("language,text,expected", [
    ("en", "when is the next train to glasgow", ["glasgow"]),
    ("en", "what time is it in chennai", ["chennai"]),
    ("en", "whats the time in sydney now", ["sydney"]),      # a first name too, but "in"
    ("nl", "ik rij morgen naar antwerpen", ["antwerpen"]),
    # Rarely written, but neither a word of the three languages nor a name.
    ("nl", "hoe wordt het weer over twee uur in uzbekistan", ["uzbekistan"]),
    ("nl", "wat voor weer wordt het morgen in boxmeer", ["boxmeer"]),  # a Dutch town of deduce's
    # "van" mostly means "of", but not before "naar" and a well-known place.
    ("nl", "de trein van rotterdam naar nijmegen vertrekt om tien uur", ["rotterdam", "nijmegen"]),
    ("nl", "een brief van janssens naar gent", ["gent"]),
])
def test_a_well_known_place_after_a_preposition_of_place(language, text, expected):
    """No verb of living: a listed place that written text names often and that is no
    ordinary word is said as a place."""
    assert [p for p, score in places(text, language) if score >= 0.5] == expected


@pytest.mark.parametrize("language,text,expected", [
    ("nl", "hoe wordt het weer in walden rusland morgen", ["walden", "rusland"]),
    ("en", "the best osteria in hallowell minnesota", ["hallowell", "minnesota"]),
    ("en", "how is the weather in tyonek new jersey", ["tyonek", "new jersey"]),
])
def test_a_town_nobody_listed_before_its_region(language, text, expected):
    """After a preposition of place, a word no list knows followed by a listed region or
    country is a town and its region."""
    assert [p for p, score in places(text, language) if score >= 0.5] == expected


@pytest.mark.parametrize("language,text", [
    ("nl", "is alles in orde belgië"),       # "orde": an ordinary word, not a town
    ("en", "i am in the office today"),
    ("nl", "tot de najaarszitting wierden uitgesteld"),  # "de" here is no preposition of place
])
def test_no_town_and_region_where_the_word_is_ordinary(language, text):
    found = [p for p, score in places(text, language) if score >= 0.5]
    assert found == []


@pytest.mark.parametrize("language,text", [
    ("en", "i want to locate a salon"),      # "a": an article, not "à Salon"
    ("en", "can you talk to austin about it"),  # a first name after "to"
    ("en", "i want to go to bed"),
    ("nl", "ik woon in een appartement"),
    ("nl", "ik woon in het centrum"),
    ("en", "i live in fear of the bill"),
    ("nl", "ik ben verhuisd van mening"),
    ("nl", "het pakket ligt bij janssens"),  # no verb of living: a surname, not a town
    ("fr", "j'habite à côté de la gare"),
    ("nl", "ik ben verhuisd naar mijn moeder"),
    ("nl", "ik zit nog in vergadering"),
    ("en", "sorry i was still in bed"),
])
def test_no_town_in_ordinary_speech(language, text):
    assert [p for p, score in places(text, language) if score >= 0.5] == []


@pytest.fixture(scope="module")
def scan(config, tmp_path_factory):
    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    root = tmp_path_factory.mktemp("places")

    def run(lines):
        path = root / f"call{len(list(root.iterdir()))}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts = [line.split(": ", 1)[1] for line in lines]
        found = scanner.scan([(path, "client", Path(path.name))]).findings
        return [(int(r.turn), texts[int(r.turn)][int(r.start):int(r.end)])
                for r in found.itertuples() if r.entity_type == "LOCATION"]
    return run


@pytest.mark.parametrize("said,address", [
    ("ik ben verhuisd naar dorpsstraat honderd veertien twee duizend acht honderd mechelen",
     "dorpsstraat honderd veertien twee duizend acht honderd mechelen"),
    ("i live at brahimsingel thirty two eight thousand five hundred kortrijk",
     "brahimsingel thirty two eight thousand five hundred kortrijk"),
    ("j'habite rue du moulin trente-trois neuf mille deux cent septante kampenhout",
     "rue du moulin trente-trois neuf mille deux cent septante kampenhout"),
])
def test_an_address_said_in_number_words_is_one_place(scan, said, address):
    # Written out, the numbers would run together ("dorpsstraat 1142800 mechelen").
    assert scan(["AGENT: wat is uw adres", f"CUSTOMER: {said}"]) == [(1, address)]


def test_a_known_town_answering_where_one_lives(scan):
    assert scan(["AGENT: which town do you live in", "CUSTOMER: in rotterdam"]) == [(1, "rotterdam")]
    assert scan(["AGENT: good morning", "CUSTOMER: in rotterdam"]) == []


@pytest.fixture(scope="module")
def scan_all(config, tmp_path_factory):
    """Every finding of a one-turn call (language given in a generic JSON transcript)."""
    import json

    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    root = tmp_path_factory.mktemp("prepositions")

    def run(language, text):
        path = root / f"call{len(list(root.iterdir()))}.json"
        path.write_text(json.dumps({"call_id": path.stem, "language": language, "turns": [
            {"speaker": "customer", "start": 0, "end": 1, "text": text}]}), encoding="utf-8")
        found = scanner.scan([(path, "client", Path(path.name))]).findings
        return [(text[int(r.start):int(r.end)], r.entity_type) for r in found.itertuples()]
    return run


@pytest.mark.parametrize("language,text,place", [
    # deduce or the name lexicon read a person (Francisco, Ramona), spaCy a place: "in" settles it
    ("nl", "Hoe is het weer in San Francisco?", "San Francisco"),
    ("nl", "Ik wil eten in Ramona", "Ramona"),
])
def test_a_place_after_a_preposition_of_place_is_no_person(scan_all, language, text, place):
    assert scan_all(language, text) == [(place, "LOCATION")]


def test_a_name_without_a_preposition_of_place_stays_a_person(scan_all):
    assert ("Virginia Peeters", "PERSON") in scan_all("nl", "Goedemiddag, ik ben Virginia Peeters")


def test_a_town_and_its_state_are_one_place(scan_all):
    """Merged into "Wardville , Kansas", the two places must still pass as written like names:
    the comma between them is no lower-case word."""
    assert scan_all("nl", "Boek een reservering voor 8 personen in Wardville , Kansas") == [
        ("Wardville , Kansas", "LOCATION")]


def test_dutch_towns_are_places_but_not_those_called_like_a_first_name_or_a_word():
    from ccaudit.detect.names import load_lexicon

    places = load_lexicon().places
    assert {"boxmeer", "wijhe", "raalte", "delfland"} <= places  # deduce's towns and regions
    assert {"engeland", "angleterre", "scotland"} <= places  # nations no source lists
    assert not {"axel", "sloot", "look"} & places  # "u spreekt met axel", "de sloot"
