"""Identifiers, phones and addresses as speech-to-text writes them: lower case, no commas,
numbers said as words; phones of any country written internationally."""
from __future__ import annotations

import pytest

from ccaudit.detect.recognizers import AnyCaseAddressRecognizer, AnyCaseIbanRecognizer, EuPhoneRecognizer


@pytest.mark.parametrize("text, expected", [
    ("mijn iban is be71 0961 2345 6769 ja", ["be71 0961 2345 6769"]),
    ("nl91abna0417164300", ["nl91abna0417164300"]),
    ("c'est fr76 3000 6000 0112 3456 7890 189 voilà", ["fr76 3000 6000 0112 3456 7890 189"]),
    ("BE71 0961 2345 6769", ["BE71 0961 2345 6769"]),
    ("be71 0961 2345 6768", []),  # check digits wrong
    ("bestelling be12 ok", []),
])
def test_iban_in_any_case(text, expected):
    found = AnyCaseIbanRecognizer().analyze(text, ["IBAN_CODE"])
    assert [text[r.start:r.end] for r in found] == expected


PHONES = EuPhoneRecognizer(supported_regions=("BE", "NL", "FR", "LU", "DE", "GB"))


@pytest.mark.parametrize("text, number, reported", [
    # Written internationally: any country phonenumbers finds valid, reported on its own.
    ("you can reach me on +1 202 456 1111 tomorrow", "+1 202 456 1111", True),
    ("office +46 (0)8 123 456 78", "+46 (0)8 123 456 78", True),
    ("+212 6 61 23 45 67", "+212 6 61 23 45 67", True),
    ("0033 6 12 34 56 78", "0033 6 12 34 56 78", True),
    # A Belgian or Dutch mobile in any language's call.
    ("call me at 0494 92 82 32", "0494 92 82 32", True),
    ("bel me op 06 12 34 56 78", "06 12 34 56 78", True),
    # A landline alone could be an account number: below the threshold without context.
    ("dossier 02 512 34 56", "02 512 34 56", False),
])
def test_phone_scores(text, number, reported):
    found = {text[r.start:r.end]: r.score for r in PHONES.analyze(text, ["PHONE_NUMBER"])}
    assert number in found
    assert (found[number] >= 0.5) is reported


@pytest.mark.parametrize("text", [
    "you can reach me on +1-984-182-0190",  # invalid: no US exchange starts with 1
    "order 0123",
])
def test_invalid_phone_numbers_are_not_found(text):
    assert PHONES.analyze(text, ["PHONE_NUMBER"]) == []


@pytest.mark.parametrize("language, text, expected", [
    ("nl", "ik woon kerkstraat twaalf twee duizend antwerpen euh ja",
     ["kerkstraat twaalf twee duizend antwerpen"]),
    ("nl", "molenweg 10 9437 vj moerkapelle", ["molenweg 10 9437 vj moerkapelle"]),
    ("nl", "dat is kouter 61 8690 ezemaal", ["kouter 61 8690 ezemaal"]),
    ("nl", "sint-jansplein drie", ["sint-jansplein drie"]),
    ("fr", "j'habite rue de la loi seize mille bruxelles", ["rue de la loi seize mille bruxelles"]),
    ("fr", "douze rue de la paix 75002 paris", ["douze rue de la paix 75002 paris"]),
    ("fr", "chaussée de bruxelles 12 7570 gontrode", ["chaussée de bruxelles 12 7570 gontrode"]),
    ("en", "it's twelve high street", ["twelve high street"]),
    ("en", "221 baker street london", ["221 baker street"]),
    ("nl", "hoogstraat 29 vier duizend zes honderd negentig sainte-marie-sur-semois",
     ["hoogstraat 29 vier duizend zes honderd negentig sainte-marie-sur-semois"]),
    ("fr", "beatrixlaan quarante-quatre", ["beatrixlaan quarante-quatre"]),  # said in French
    ("nl", "ik woon in leuven", ["leuven"]),      # a known town after a verb of living
    ("en", "i live in leeds now", ["leeds"]),
])
def test_addresses_in_any_case(language, text, expected):
    found = AnyCaseAddressRecognizer(language).analyze(text, ["LOCATION"])
    assert [text[r.start:r.end] for r in found] == expected
    assert all(r.score >= 0.5 for r in found)


@pytest.mark.parametrize("language, text", [
    ("nl", "ik ben onderweg twee minuten"),
    ("nl", "de prijs is 2000 euro"),
    ("nl", "ik heb 2 kinderen en 3 honden"),
    ("nl", "ik bel over de factuur van twaalf maart"),
    ("nl", "uw contract loopt nog drie jaar"),
    ("fr", "à la place de deux jours"),
    ("fr", "en route pour deux jours"),
    ("fr", "je vous rappelle dans dix minutes"),
    ("en", "i have two cats"),
    ("en", "it costs 1500 pounds"),
    ("en", "that was in 2019 really"),
    ("en", "call me back 12 1000 times"),
    ("nl", "ik ben in orde"),
    ("en", "we went to nice"),
])
def test_no_address_in_ordinary_speech(language, text):
    found = AnyCaseAddressRecognizer(language).analyze(text, ["LOCATION"])
    assert [(text[r.start:r.end], r.score) for r in found if r.score >= 0.5] == []


def test_postcode_and_place_need_context():
    text = "adres is 2000 antwerpen"
    (found,) = AnyCaseAddressRecognizer("nl").analyze(text, ["LOCATION"])
    assert text[found.start:found.end] == "2000 antwerpen"
    assert found.score < 0.5  # Presidio's context enhancer lifts it ("adres")


def test_postcode_and_place_with_context_in_the_analyzer(analyzer):
    """The analyzer's context pass lifts a postcode and place after "address"."""
    text = "my address is 2000 antwerpen"
    results = analyzer.analyze(text, language="en", entities=["LOCATION"])
    assert any(text[r.start:r.end] == "2000 antwerpen" and r.score >= 0.5 for r in results)


def test_addresses_in_any_case_are_looked_for_only_where_one_can_start(samples_dir, monkeypatch):
    """The any-case address recognizer passes over tokens where no street, town or postcode
    can start (``_may_start``): on every sample text, as written and in lower case without
    punctuation (as speech-to-text writes it), in each language, it finds what it finds
    when it tries every token."""
    import re

    from ccaudit.detect.recognizers import AnyCaseAddressRecognizer
    from spans import sample_texts

    texts = sample_texts(samples_dir)
    texts += [re.sub(r"[^\w\s'-]", " ", t).lower() for t in texts]
    texts += ["ik woon kerkstraat twaalf twee duizend antwerpen euh ja", "douze rue de la paix",
              "twelve high street", "molenweg 10 9437 vj moerkapelle", "j'habite à sint-niklaas",
              "sint-jansplein twaalf", "kouter 61 8690 ezemaal", "2000 antwerpen"]
    found = 0
    for language in ("nl", "fr", "en"):
        recognizer = AnyCaseAddressRecognizer(language)
        quick = [[(r.start, r.end, r.score) for r in recognizer.analyze(t, ["LOCATION"])] for t in texts]
        monkeypatch.setattr(AnyCaseAddressRecognizer, "_may_start", staticmethod(lambda *_: True))
        every = [[(r.start, r.end, r.score) for r in recognizer.analyze(t, ["LOCATION"])] for t in texts]
        monkeypatch.undo()
        assert quick == every
        found += sum(map(len, quick))
    assert found > 100


def test_luxembourg_is_read_for_phones_only_where_its_own_forms_can_be(samples_dir, monkeypatch):
    """Luxembourg's phone matcher is not run on a text without its grouped national forms
    (it would only find the +/00 numbers the first region finds): on every sample text and
    on texts made to hold Luxembourg's and other numbers, the phone recognizer finds what it
    finds when every region's matcher runs."""
    import phonenumbers

    import ccaudit.detect.recognizers.phones as phones
    from spans import sample_texts

    texts = sample_texts(samples_dir) + [
        "au 00352 628 716 941", "call +352 26 12 34 56", "mon gsm 621 123 456", "0032 475 12 34 56",
        "tel 26 12 34 56 of 0475 12 34 56", "+44 20 7946 0958 en 06-12345678", "bel 0475/12.34.56"]
    recognizer = EuPhoneRecognizer(supported_regions=("BE", "NL", "FR", "LU", "DE", "GB"))
    ran = []
    real = phonenumbers.PhoneNumberMatcher

    def counting(text, region, *a, **k):
        ran.append(region)
        return real(text, region, *a, **k)

    monkeypatch.setattr(phones.phonenumbers, "PhoneNumberMatcher", counting)
    quick = [[(r.start, r.end, r.score) for r in recognizer.analyze(t, ["PHONE_NUMBER"])] for t in texts]
    skipped_lu = ran.count("BE") - ran.count("LU")
    monkeypatch.setattr(phones, "_dials_00", lambda region: False)  # every region's matcher runs
    every = [[(r.start, r.end, r.score) for r in recognizer.analyze(t, ["PHONE_NUMBER"])] for t in texts]
    assert quick == every
    assert skipped_lu > 20 and sum(map(len, quick)) > 30


@pytest.mark.parametrize("language, text, expected", [
    # A house number with a letter, as Dutch, Belgian and French addresses have them.
    ("nl", "mijn adres is kerkstraat 12a 2000 antwerpen", "kerkstraat 12a 2000 antwerpen"),
    ("fr", "j'habite rue de la loi 16b à bruxelles", "rue de la loi 16b"),
])
def test_house_number_with_a_letter_in_any_case(language, text, expected):
    found = AnyCaseAddressRecognizer(language).analyze(text, ["LOCATION"])
    assert expected in [text[r.start:r.end] for r in found]


def test_a_number_with_a_letter_alone_is_no_address():
    assert AnyCaseAddressRecognizer("nl").analyze("ticket 123a is klaar", ["LOCATION"]) == []


@pytest.mark.parametrize("text, expected", [
    ("Mon adresse est Rue de la Loi 16b, 1000 Bruxelles.", "Rue de la Loi 16b"),
    ("Mon adresse est Rue de la Loi 16, 1000 Bruxelles.", "Rue de la Loi 16"),
])
def test_written_french_street_with_a_lettered_house_number(text, expected):
    from ccaudit.detect.recognizers.addresses import StreetAddressRecognizer

    found = StreetAddressRecognizer(supported_language="fr").analyze(text, ["LOCATION"])
    assert expected in [text[r.start:r.end] for r in found]


def test_a_lettered_house_number_keeps_the_address_whole(config):
    """"Kerkstraat 12a" was read as a town alone after "woon in de", its number and postcode
    left out: the whole address is one finding."""
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner

    text = "Ik woon in de Kerkstraat 12a, 2000 Antwerpen."
    results = TranscriptScanner(config, build_transcript_analyzer(config)).analyse_texts([text])[0]
    assert [(r.entity_type, text[r.start:r.end]) for r in results] == [
        ("LOCATION", "Kerkstraat 12a, 2000 Antwerpen")]
