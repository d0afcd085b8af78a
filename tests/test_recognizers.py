"""Recognizers: valid identifiers are found with their exact span, look-alikes are not.

All values are synthetic and built to pass (or fail) their checksums.
"""
from __future__ import annotations

import pytest

from spans import assert_finds, sample_texts

CASES = [
    # Belgian national register numbers (mod 97; 2000s rule) and BIS numbers
    ("RRN 85.07.30-033.28 genoteerd", "BE_NATIONAL_NUMBER", "85.07.30-033.28"),
    ("85073003328", "BE_NATIONAL_NUMBER", "85073003328"),
    ("02.03.15-456.59", "BE_NATIONAL_NUMBER", "02.03.15-456.59"),
    ("BIS 85.47.30-033.17", "BE_NATIONAL_NUMBER", "85.47.30-033.17"),
    ("85.07.30-033.29", "BE_NATIONAL_NUMBER", None),          # wrong check digits
    ("85073003329", "BE_NATIONAL_NUMBER", None),
    ("Order 12345678901 shipped", "BE_NATIONAL_NUMBER", None),  # 11 digits, no valid date/check
    # Dutch BSN (11-proof)
    ("BSN 123456782", "NL_BSN", "123456782"),
    ("123456783", "NL_BSN", None),
    ("000000000", "NL_BSN", None),
    ("1234567820", "NL_BSN", None),                            # part of a longer number
    ("BSN 123 456 782", "NL_BSN", "123 456 782"),
    # three groups that pass the 11-proof inside an international phone number
    ("call me on +48 512 116 829", "NL_BSN", None),
    ("call me on +48 512 116 829", "PHONE_NUMBER", "+48 512 116 829"),
    ("au 00352 628 716 941", "PHONE_NUMBER", "00352 628 716 941"),
    # French NIR (key = 97 - n mod 97)
    ("NIR 1 85 03 75 116 001 27", "FR_NIR", "1 85 03 75 116 001 27"),
    ("279069912345673", "FR_NIR", "279069912345673"),
    ("1 85 03 75 116 001 28", "FR_NIR", None),
    # Luxembourg matricule (Luhn + Verhoeff)
    ("matricule 1985073012341", "LU_NATIONAL_NUMBER", "1985073012341"),
    ("1985073012342", "LU_NATIONAL_NUMBER", None),
    # IBAN (ISO 7064 mod 97)
    ("BE71 0961 2345 6769", "IBAN_CODE", "BE71 0961 2345 6769"),
    ("NL91ABNA0417164300", "IBAN_CODE", "NL91ABNA0417164300"),
    ("BE71 0961 2345 6768", "IBAN_CODE", None),
    # Card numbers (Luhn)
    ("4970 1012 3456 7893", "CREDIT_CARD", "4970 1012 3456 7893"),
    ("5454545454545454", "CREDIT_CARD", "5454545454545454"),
    ("4970 1012 3456 7894", "CREDIT_CARD", None),
    # Phones: every Belgian spelling, Dutch and French forms
    ("bel 0475 12 34 56", "PHONE_NUMBER", "0475 12 34 56"),
    ("0475/12.34.56", "PHONE_NUMBER", "0475/12.34.56"),
    ("+32 475 12 34 56", "PHONE_NUMBER", "+32 475 12 34 56"),
    ("+32475123456", "PHONE_NUMBER", "+32475123456"),
    ("0032475123456", "PHONE_NUMBER", "0032475123456"),
    ("02 123 45 67", "PHONE_NUMBER", "02 123 45 67"),
    ("06-12345678", "PHONE_NUMBER", "06-12345678"),
    ("+31 6 12345678", "PHONE_NUMBER", "+31 6 12345678"),
    ("06 12 34 56 78", "PHONE_NUMBER", "06 12 34 56 78"),
    ("+33 6 12 34 56 78", "PHONE_NUMBER", "+33 6 12 34 56 78"),
    # North America's written layout, whatever the configured regions (no US among them)
    ("their number is 415-775-7644.", "PHONE_NUMBER", "415-775-7644"),
    ("call (415) 775-7644 today", "PHONE_NUMBER", "(415) 775-7644"),
    ("415.775.7644", "PHONE_NUMBER", "415.775.7644"),
    ("1-415-775-7644", "PHONE_NUMBER", "1-415-775-7644"),
    ("reach me on +1 415-775-7644", "PHONE_NUMBER", "+1 415-775-7644"),  # the whole number
    ("123-456-7890", "PHONE_NUMBER", None),            # no such area code
    ("order 415-775-76441", "PHONE_NUMBER", None),     # part of a longer number
    ("SKU 415-775-7644-B", "PHONE_NUMBER", None),
    ("415 775 7644", "PHONE_NUMBER", None),            # blanks alone: an order number as often
    ("you can call them on 330 223 3233", "PHONE_NUMBER", "330 223 3233"),  # ... so with a context word
    ("their number is 212 415-5788 but", "PHONE_NUMBER", "212 415-5788"),
    ("order 330 223 3233", "PHONE_NUMBER", None),      # (a column of them says no such word)
    ("call me on 977 625 2661", "PHONE_NUMBER", None),  # blanks and no such area code
    ("call me on (977) 625-2661", "PHONE_NUMBER", "(977) 625-2661"),  # bracketed: the layout says it
    ("(977) 625-2661", "PHONE_NUMBER", "(977) 625-2661"),  # at 0.4: reported with a context word
    ("no garage.415-382-0801 is the number", "PHONE_NUMBER", "415-382-0801"),  # a full stop glued
    ("it costs 3.415-382-0801", "PHONE_NUMBER", None),  # a decimal's point
    # Look-alikes that are not phone numbers
    ("1.234,56", "PHONE_NUMBER", None),
    ("123.45", "PHONE_NUMBER", None),
    ("2045678912", "PHONE_NUMBER", None),
    ("CMD-2026-000123", "PHONE_NUMBER", None),
    ("2026-10-03 14:22:01", "PHONE_NUMBER", None),
    ("85.07.30-033.28", "PHONE_NUMBER", None),
    # E-mail and IP
    ("mail jan.peeters@telenet.be nu", "EMAIL_ADDRESS", "jan.peeters@telenet.be"),
    ("192.168.1.20", "IP_ADDRESS", "192.168.1.20"),
    # Street addresses in three languages
    ("Kerkstraat 12", "LOCATION", "Kerkstraat 12"),
    ("12 rue de la Paix", "LOCATION", "12 rue de la Paix"),
    ("Rue de la Loi 16", "LOCATION", "Rue de la Loi 16"),
    ("221 Baker Street", "LOCATION", "221 Baker Street"),
    ("1234 AB", "LOCATION", "1234 AB"),
]


@pytest.mark.parametrize("text,entity,expected", CASES, ids=[f"{c[1]}:{c[0]}" for c in CASES])
def test_recognizer_table(analyzer, text, entity, expected):
    assert_finds(analyzer, text, entity, expected)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_patterns_work_in_every_language(analyzer, language):
    assert_finds(analyzer, "Rappeler au 0475 12 34 56", "PHONE_NUMBER", "0475 12 34 56", language)
    assert_finds(analyzer, "RRN 85.07.30-033.28", "BE_NATIONAL_NUMBER", "85.07.30-033.28", language)


def test_no_us_only_recognizers(analyzer):
    names = {type(r).__name__ for r in analyzer.registry.recognizers}
    assert not any(n.startswith("Us") for n in names)
    assert {"BeNationalNumberRecognizer", "NlBsnRecognizer", "FrNirRecognizer",
            "EuPhoneRecognizer"} <= names


def test_phone_regions_are_configurable(config):
    from dataclasses import replace

    from ccaudit.detect.analyzer import build_registry

    registry = build_registry(replace(config, phone_regions=("GB",)), ["en"])
    phone = next(r for r in registry.recognizers if type(r).__name__ == "EuPhoneRecognizer")
    assert phone.supported_regions == ("GB",)
    assert phone.analyze("0475 12 34 56", ["PHONE_NUMBER"]) == []
    assert phone.analyze("+32 475 12 34 56", ["PHONE_NUMBER"])


def test_email_recognizer_never_fetches_the_public_suffix_list(monkeypatch):
    import tldextract.suffix_list

    from ccaudit.detect.analyzer import go_offline

    original = tldextract.suffix_list.find_first_response
    asked = []

    def spy(cache, urls, *args, **kwargs):
        asked.extend(urls)
        return original(cache, urls, *args, **kwargs)

    monkeypatch.setattr(tldextract.suffix_list, "find_first_response", spy)
    go_offline()
    extractor = tldextract.tldextract.TLD_EXTRACTOR
    extractor._extractor = None  # forget any suffix list already loaded in this process
    assert extractor("jan.peeters@telenet.be").suffix == "be"  # from the bundled snapshot
    assert asked == [], "tldextract asked the network for the public suffix list"


def test_prefilters_skip_only_texts_the_patterns_cannot_match(samples_dir):
    """The address recognizer reads only texts with a digit, Presidio's e-mail recognizer
    only texts with an ``@``: on every sample text they give what the unfiltered
    recognizers give, and each address pattern does ask for a digit."""
    from presidio_analyzer import PatternRecognizer

    from ccaudit.detect.analyzer import AtEmailRecognizer
    from ccaudit.detect.recognizers import StreetAddressRecognizer

    assert all(r"\d" in p.regex for p in StreetAddressRecognizer.PATTERNS)
    texts = sample_texts(samples_dir)
    assert len(texts) > 500
    assert any("@" in t for t in texts) and any(c.isdigit() for t in texts for c in t)
    for language in ("en", "fr", "nl"):
        address = StreetAddressRecognizer(supported_language=language)
        email = AtEmailRecognizer(supported_language=language)
        assert email.name == "EmailRecognizer"
        hits = 0
        for text in texts:
            filtered = address.analyze(text, ["LOCATION"])
            plain = PatternRecognizer.analyze(address, text, ["LOCATION"],
                                              regex_flags=address.global_regex_flags)
            assert [(r.start, r.end, r.score) for r in filtered] == \
                [(r.start, r.end, r.score) for r in plain], text[:0]
            found = email.analyze(text, ["EMAIL_ADDRESS"])
            plain = PatternRecognizer.analyze(email, text, ["EMAIL_ADDRESS"])
            assert [(r.start, r.end, r.score) for r in found] == \
                [(r.start, r.end, r.score) for r in plain], text[:0]
            hits += len(found) + len(filtered)
        assert hits > 20  # the recognizers did find something on the samples


def test_quick_patterns_answer_as_the_full_analysis(analyzer, samples_dir):
    """A pattern recognizer with :class:`QuickPatterns` (IP addresses, cards, IBANs,
    national numbers, e-mail addresses, street addresses) gives on every sample text, and
    on texts made to hold what each one finds, exactly what its full analysis gives; a
    text none of its patterns matches is answered without that analysis."""
    from presidio_analyzer import PatternRecognizer

    from ccaudit.detect.recognizers import QuickPatterns

    quick = [r for r in analyzer.registry.recognizers if isinstance(r, QuickPatterns)]
    assert {type(r).__name__ for r in quick} >= {
        "IpRecognizer", "CardNumberRecognizer", "AnyCaseIbanRecognizer", "AtEmailRecognizer",
        "StreetAddressRecognizer", "BeNationalNumberRecognizer", "NlBsnRecognizer", "FrNirRecognizer"}
    assert {r.name for r in quick if type(r).__name__ == "IpRecognizer"} == {"IpRecognizer"}
    made = ["server 192.168.10.24 down", "ipv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here",
            "carte 4111 1111 1111 1111", "iban be71 0961 2345 6769", "BE71 0961 2345 6769",
            "RRN 85.07.30-033.28", "BSN 123456782", "NIR 2 55 08 14 168 025 38",
            "mail jan.peeters@example.com", "Kerkstraat 12, 2000 Antwerpen", "geen nummer"]
    texts = sample_texts(samples_dir) + made
    full_runs = 0

    def counted(original):
        def run(*args, **kwargs):
            nonlocal full_runs
            full_runs += 1
            return original(*args, **kwargs)
        return run

    hits = 0
    for r in quick:
        entities = r.supported_entities
        for text in texts:
            found = r.analyze(text, entities)
            guard = r._some_pattern_matches
            r._some_pattern_matches = lambda *_: True  # the full analysis, always
            try:
                full = r.analyze(text, entities)
            finally:
                r._some_pattern_matches = guard
            assert [(x.entity_type, x.start, x.end, x.score) for x in found] == \
                [(x.entity_type, x.start, x.end, x.score) for x in full], (type(r).__name__, text[:0])
            hits += len(found)
    assert hits > 100
    ip = next(r for r in quick if type(r).__name__ == "IpRecognizer")
    # Its pre-check (a colon or a dot between digits) holds for each of Presidio's patterns.
    assert all(":" in p.regex or r")\.(" in p.regex for p in ip.patterns)
    original = PatternRecognizer.analyze
    PatternRecognizer.analyze = counted(original)
    try:
        assert ip.analyze("geen nummer vandaag", ip.supported_entities) == []
        assert full_runs == 0  # nothing matched: Presidio's analysis never ran
        assert [(x.start, x.end) for x in ip.analyze("server 192.168.10.24 down",
                                                     ip.supported_entities)] == [(7, 20)]
        assert full_runs == 1
    finally:
        PatternRecognizer.analyze = original


def test_quick_patterns_search_a_text_of_the_untimed_length_without_backtracking(analyzer):
    """The guards of :class:`QuickPatterns` search a text of up to ``UNTIMED_CHARS``
    characters without Presidio's timeout: on texts of that length built to make a pattern
    backtrack (runs of what its classes take, without what would end a match), each
    pattern still answers within a second (the slowest, a Dutch street's pattern over one
    long hyphened word, takes about 40 ms: its time grows with the square of the word's
    length), and a longer text is searched with the timeout."""
    import regex

    from ccaudit.detect.recognizers import QuickPatterns
    from ccaudit.detect.recognizers.common import UNTIMED_CHARS

    quick = [r for r in analyzer.registry.recognizers if isinstance(r, QuickPatterns)]
    pieces = ["a", "A", "1", "1 ", "1.", "1-", "12 ", "Aaa ", "aaa ", "Kerkstraat ", "straat ",
              "rue ", "de ", "1 rue ", "A1", "a.", "a@", "a-", "::", "1:", "ff:", "1.1.", "Aa-",
              "Aa Bb ", "2A ", "0", "00 ", "BE", "be1", "\u00e9", "1 a ", "x'"]
    texts = [(piece * UNTIMED_CHARS)[:UNTIMED_CHARS - 1] + end
             for piece in pieces for end in ("!", "1", "a")]
    patterns = {(p.regex, r._pattern_flags(None)) for r in quick for p in r.patterns}
    assert len(patterns) > 15
    for pattern, flags in patterns:
        compiled = regex.compile(pattern, flags=flags)
        for text in texts:
            compiled.search(text, timeout=1.0)  # raises TimeoutError when it backtracks

    timed = []

    class Clocked:
        def __init__(self, compiled):
            self.compiled = compiled

        def search(self, text, **kwargs):
            timed.append("timeout" in kwargs)
            return self.compiled.search(text, **kwargs)

    card = next(r for r in quick if type(r).__name__ == "CardNumberRecognizer")
    flags = card._pattern_flags(None)
    card._some_pattern_matches("warm", flags)
    card._guards[flags] = [Clocked(c) for c in card._guards[flags]]
    try:
        assert not card._some_pattern_matches("geen kaart " * 10, flags)
        assert not card._some_pattern_matches("geen kaart " * UNTIMED_CHARS, flags)
    finally:
        del card._guards[flags]
    assert timed and not any(timed[:len(card.patterns)]) and all(timed[len(card.patterns):])


def test_introductions_search_after_words_only_in_texts_that_say_them(samples_dir):
    """The pattern of a name said before "speaking", "hier", "à l'appareil" is searched only
    in a text that says one of those words: on every sample text, and on texts that do say
    them, the recognizer gives what it gives with every pattern searched."""
    from ccaudit.detect.recognizers.introductions import IntroducedNameRecognizer

    texts = sample_texts(samples_dir) + [
        "Thomas Hebert speaking.", "ja, Sofie Peeters hier", "bonjour, Lorraine Marion à l'appareil",
        "it's Tom  here", "Hebert speakingly", "Jan aan de  lijn"]
    said = 0
    for language in ("en", "fr", "nl"):
        guarded = IntroducedNameRecognizer(language)
        plain = IntroducedNameRecognizer(language)
        assert any(needs is not None for _, needs in guarded._patterns)
        plain._patterns = [(pattern, None) for pattern, _ in plain._patterns]
        for recognizer in (guarded, plain):
            recognizer.load()
        for text in texts:
            found = [(r.start, r.end) for r in guarded.analyze(text, ["PERSON"])]
            assert found == [(r.start, r.end) for r in plain.analyze(text, ["PERSON"])], text[:0]
            said += len(found)
    assert said > 20


def test_a_north_american_number_by_its_layout_alone_needs_a_context_word(config):
    """Grouped by blanks, or bracketed with an area code not in service, a number scores
    Presidio's 0.4: a call reports it where a context word is said, not otherwise."""
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner

    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    texts = ["(977) 625-2661", "my phone is (977) 625-2661", "ref 330 223 3233",
             "their number is 330 223 3233", "(415) 775-7644"]
    found = [[(r.entity_type, text[r.start:r.end]) for r in results]
             for text, results in zip(texts, scanner.analyse_texts(texts))]
    assert found[0] == [] and found[2] == []
    assert ("PHONE_NUMBER", "(977) 625-2661") in found[1]  # ("call" is a stop word to spaCy)
    assert ("PHONE_NUMBER", "330 223 3233") in found[3]
    assert ("PHONE_NUMBER", "(415) 775-7644") in found[4]  # valid: a phone number on its own


def test_a_context_word_that_is_a_stop_word_still_lifts_a_score(config):
    """spaCy's English stop words hold "call": Presidio's enhancer drops stop words before
    it looks for context, so "call me on 02 …" would leave a landline at 0.4. A recognizer's
    context word is never a stop word to ccaudit's engine; other stop words still are."""
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner

    analyzer = build_transcript_analyzer(config)
    engine = analyzer.nlp_engine
    assert "call" in engine.context_words
    assert not engine.is_stopword("call", "en") and engine.is_stopword("me", "en")
    texts = ["please call me on 02 123 45 67 tomorrow", "see you on 02 123 45 67 tomorrow"]
    found = [[(r.entity_type, text[r.start:r.end]) for r in results]
             for text, results in zip(texts, TranscriptScanner(config, analyzer).analyse_texts(texts))]
    assert ("PHONE_NUMBER", "02 123 45 67") in found[0]
    assert ("PHONE_NUMBER", "02 123 45 67") not in found[1]
