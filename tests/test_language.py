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



def test_remembered_and_batched_detection_gives_the_same_languages(samples_dir):
    """Each distinct text is detected once and a call's new texts together on lingua's
    threads: the languages are those of one plain detection per turn."""
    from ccaudit.sources.transcripts import read_transcript

    calls = []
    for path in sorted((samples_dir / "transcripts").rglob("*")):
        if path.is_file():
            try:
                calls.append([t.text for t in read_transcript(path).turns])
            except Exception:  # the deliberately broken samples
                pass
    assert len(calls) > 30
    guesser = LanguageGuesser(("en", "fr", "nl"))
    detector = guesser._detector

    def plain(text):
        if len(text.strip()) < guesser.min_chars:
            return None
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value < guesser.min_confidence:
            return None
        return values[0].language.iso_code_639_1.name.lower()

    switched = 0
    for texts in calls + calls:  # the second time, every text is remembered
        current = plain(" ".join(texts)) or guesser.default
        expected = []
        for text in texts:
            current = plain(text) or current
            expected.append(current)
        assert guesser.per_turn(texts) == expected
        switched += len(set(expected)) > 1
    assert switched > 0  # some sample calls change language
    assert set(guesser._known.values()) >= {"en", "fr", "nl"}


def test_calls_primed_together_get_the_languages_of_one_detection_per_turn(samples_dir):
    """``prime`` guesses a batch of calls' texts in one parallel pass (and the whole text of
    each call without a language that a turn needs in a second): ``per_turn`` then asks
    lingua nothing more, and gives each call the languages a guesser that was never primed
    gives."""
    from ccaudit.sources.transcripts import read_transcript

    calls = []
    for path in sorted((samples_dir / "transcripts").rglob("*")):
        if path.is_file():
            try:
                transcript = read_transcript(path)
            except Exception:  # the deliberately broken samples
                continue
            calls.append(([t.text for t in transcript.turns], transcript.language or None))
    assert len(calls) > 30 and any(language for _, language in calls) \
        and any(not language for _, language in calls)
    plain = LanguageGuesser(("en", "fr", "nl"))
    expected = [plain.per_turn(texts, language) for texts, language in calls]

    primed = LanguageGuesser(("en", "fr", "nl"))
    passes = []

    class Counting:
        def __init__(self, detector):
            self.detector = detector

        def compute_language_confidence_values(self, text):
            passes.append(1)
            return self.detector.compute_language_confidence_values(text)

        def compute_language_confidence_values_in_parallel(self, texts):
            passes.append(len(texts))
            return self.detector.compute_language_confidence_values_in_parallel(texts)

    primed._detector = Counting(primed._detector)
    primed.prime(calls)
    assert 1 <= len(passes) <= 2 and passes[0] > 100
    done = len(passes)
    assert [primed.per_turn(texts, language) for texts, language in calls] == expected
    assert len(passes) == done  # nothing left to guess


class _Recording:
    """A lingua detector that records the texts it is asked about."""

    def __init__(self, detector):
        self.detector, self.asked = detector, []

    def compute_language_confidence_values(self, text):
        self.asked.append(text)
        return self.detector.compute_language_confidence_values(text)

    def compute_language_confidence_values_in_parallel(self, texts):
        self.asked.extend(texts)
        return self.detector.compute_language_confidence_values_in_parallel(texts)


@pytest.mark.parametrize("primed", [False, True])
def test_the_whole_call_is_read_only_when_a_turn_takes_its_language(primed):
    opens = ["Goedemorgen, u spreekt met Sofie, waarmee kan ik u helpen?", "ja",
             "Ik wil graag mijn adres wijzigen, ik ben verhuisd."]
    short_first = ["ja", "oké", "Goedemorgen, ik bel over mijn factuur van vorige maand."]
    guesser = LanguageGuesser(("en", "fr", "nl"))
    guesser._detector = recording = _Recording(guesser._detector)
    if primed:
        guesser.prime([(opens, None), (short_first, None)])
    assert guesser.per_turn(opens) == ["nl", "nl", "nl"]
    assert guesser.per_turn(short_first) == ["nl", "nl", "nl"]
    assert " ".join(opens) not in recording.asked  # its first turn tells
    assert " ".join(short_first) in recording.asked  # "ja", "oké" take the call's
