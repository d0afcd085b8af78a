"""Tests of the speech-to-text engine formats of ccaudit.sources.transcripts: Whisper /
faster-whisper, WhisperX, Vosk and Azure batch transcription, word times (``Turn.words``,
``span_times``, also for Amazon Transcribe) and their redacted copies.

Golden files: tests/data/transcripts/<format>_call.json (see the README there); bad files are
walked by tests/test_transcript_readers.py::test_bad_file_is_refused. Other inputs are built
in tmp_path.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts import (
    TRANSCRIPT_FORMATS,
    Turn,
    Word,
    read_transcript,
    span_times,
    write_redacted,
)

DATA = Path(__file__).parent / "data" / "transcripts"
GOLDEN = {fmt: DATA / f"{fmt}_call.json" for fmt in ("whisper", "whisperx", "vosk", "azure")}


def write(folder: Path, name: str, content: str | dict | list) -> Path:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def turns_of(path: Path) -> list[tuple]:
    return [(t.index, t.speaker, t.text, t.start, t.end) for t in read_transcript(path).turns]


def word_texts(turn: Turn) -> list[str]:
    return [turn.text[w.start:w.end] for w in turn.words]


def span_of(turn: Turn, part: str) -> tuple[int, int]:
    start = turn.text.index(part)
    return start, start + len(part)


# --------------------------------------------------------------------------- golden files

EXPECTED_TURNS = {
    "whisper": [
        (0, "", "Goedemiddag, u spreekt met Anke van NLEnergie.", 0.0, 3.2),
        (1, "", "Dag, met Jan Peeters, mijn nummer is 0475 12 34 56.", 3.5, 8.9),
        (2, "", "Eén moment, ik kijk het na.", 9.2, 11.0),
        (3, "", "jan.peeters@example.be", 11.5, 14.0),
    ],
    "whisperx": [
        (0, "SPEAKER_00", "Good morning, you're speaking with Tom from the helpdesk.", 0.5, 3.1),
        (1, "SPEAKER_01", "My name is Claire Lambert, my number is 0032 475 99 88 77.", 3.4, 8.2),  # words' majority
        (2, "SPEAKER_00", "Thank you, Claire.", 8.5, 9.6),
        (3, "", "Okay.", 10.0, 10.4),                                   # no speaker anywhere
    ],
    "vosk": [
        (0, "", "bonjour je m'appelle marie dubois", 0.6, 2.57),
        (1, "", "mon numéro est zéro quatre septante neuf huit", 3.0, 5.77),
        (2, "", "", None, None),                                        # {"text": ""}: silence
        (3, "", "merci madame dubois", 7.5, 8.97),
    ],
    "azure": [  # sorted by offset; the NoMatch phrase is not a turn
        (0, "Speaker 1", "Goeiemiddag, u spreekt met Karel.", 0.5, 3.3),
        (1, "Speaker 2", "Met Els Maes, mijn gsm is 0486 11 22 33.", 4.1, 9.3),
        (2, "Speaker 1", "Dank u, mevrouw Maes.", 9.5, 11.0),            # ISO offsets only, no words
        (3, "channel 0", "Tot ziens.", 12.0, 13.0),                       # no speaker: the channel
    ],
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_golden_turns(fmt):
    assert turns_of(GOLDEN[fmt]) == EXPECTED_TURNS[fmt]


@pytest.mark.parametrize(("fmt", "language"), [
    ("whisper", "nl"), ("whisperx", "en"), ("vosk", None), ("azure", "nl-BE")])
def test_golden_metadata(fmt, language):
    transcript = read_transcript(GOLDEN[fmt])
    assert (transcript.format, transcript.call_id, transcript.language, transcript.started_at,
            transcript.channel) == (fmt, f"{fmt}_call", language, None, None)
    assert fmt in TRANSCRIPT_FORMATS


def engine_words(fmt: str) -> list[list[str]]:
    """Per turn, the words as the engine wrote them, stripped (Azure: the lexical words)."""
    doc = json.loads(GOLDEN[fmt].read_text("utf-8"))
    if fmt in ("whisper", "whisperx"):
        return [[w["word"].strip() for w in s["words"]] for s in doc["segments"]]
    if fmt == "vosk":
        return [[w["word"] for w in u.get("result", [])] for u in doc]
    by_display = {p["nBest"][0]["display"]: [w["word"] for w in p["nBest"][0].get("words", [])]
                  for p in doc["recognizedPhrases"] if p["recognitionStatus"] == "Success"}
    return [by_display[turn.text] for turn in read_transcript(GOLDEN[fmt]).turns]


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_word_offsets_index_the_turn_text(fmt):
    transcript = read_transcript(GOLDEN[fmt])
    for turn, said in zip(transcript.turns, engine_words(fmt)):
        found = word_texts(turn)
        if fmt == "azure":  # lexical words: lower case, numbers spelled out and not in the display text
            assert [w.lower() for w in found] == [w for w in said if w.lower() in turn.text.lower()]
        else:
            assert found == said
        assert all(a.end <= b.start for a, b in zip(turn.words, turn.words[1:]))
        for w in turn.words:
            if w.time_start is not None:
                assert turn.start <= w.time_start <= w.time_end <= turn.end


def test_word_times_as_written():
    whisper = read_transcript(GOLDEN["whisper"]).turns[1]
    assert whisper.words[3] == Word(*span_of(whisper, "Peeters,"), 4.88, 5.3)
    whisperx = read_transcript(GOLDEN["whisperx"]).turns[1]
    assert [(w.time_start, w.time_end) for w in whisperx.words][7:] == [(6.2, 6.55)] + [(None, None)] * 5
    azure = read_transcript(GOLDEN["azure"]).turns[1]
    assert word_texts(azure) == ["Met", "Els", "Maes", "mijn", "gsm", "is"]
    assert azure.words[2] == Word(8, 12, 4.9, 5.25)  # offsetInTicks / 10^7, + durationInTicks


@pytest.mark.parametrize(("fmt", "turn", "part", "times"), [
    ("whisper", 1, "0475 12 34 56", (6.72, 8.52)),
    ("whisper", 1, "Jan Peeters", (4.42, 5.3)),
    ("whisper", 3, "peeters", (11.5, 13.86)),               # part of a word: that word's times
    ("whisperx", 1, "Claire Lambert", (4.6, 5.35)),
    ("whisperx", 1, "0032 475 99 88 77", (3.4, 8.2)),       # words without times: the segment's
    ("whisperx", 1, "is 0032", (6.2, 6.55)),                # untimed words are ignored
    ("vosk", 1, "zéro quatre septante neuf huit", (4.05, 5.77)),
    ("vosk", 0, "dubois", (2.2, 2.57)),
    ("azure", 1, "Els Maes", (4.5, 5.25)),
    ("azure", 1, "0486 11 22 33", (4.1, 9.3)),              # lexical "nul vier ..." not in the display
    ("azure", 2, "Maes", (9.5, 11.0)),                      # a phrase without words
])
def test_span_times_of_golden_turns(fmt, turn, part, times):
    t = read_transcript(GOLDEN[fmt]).turns[turn]
    assert span_times(t, *span_of(t, part)) == times


def test_span_times_rules():
    turn = Turn(0, "", "ik ben Jan Peeters", 1.0, 4.0,
                (Word(0, 2, 1.0, 1.2), Word(7, 10, 2.0, None), Word(11, 18, None, 3.5)))
    assert span_times(turn, 7, 18) == (2.0, 3.5)
    assert span_times(turn, 7, 10) == (2.0, 4.0)        # no end time: the turn's end
    assert span_times(turn, 12, 14) == (1.0, 3.5)       # inside a word
    assert span_times(turn, 3, 6) == (1.0, 4.0)         # between words
    assert span_times(turn, 8, 8) == (2.0, 4.0)         # an empty span: the character at start
    assert span_times(turn, 2, 3) == (1.0, 4.0)         # a blank touches no word
    assert span_times(Turn(0, "", "x", None, None), 0, 1) == (None, None)
    assert Turn(0, "a", "b", None, None).words == ()   # old constructor calls still work


def test_transcribe_turns_have_word_times():
    turns = read_transcript(DATA / "transcribe_call.json").turns
    assert word_texts(turns[0]) == ["Bonjour", "Marie", "Dubois", "à l'appareil"]  # punctuation is no word
    assert [(w.time_start, w.time_end) for w in turns[0].words] == [(0.5, 1.1), (1.2, 1.6), (1.6, 2.1), (2.1, 2.9)]
    assert span_times(turns[1], *span_of(turns[1], "0470 98 76 54")) == (5.0, 6.8)
    assert span_times(turns[1], *span_of(turns[1], "mon numéro")) == (3.8, 4.5)


# --------------------------------------------------------------------------- shapes

def segment(text: str, start: float, words: list | None = None, **extra) -> dict:
    out = {"id": 0, "seek": 0, "start": start, "end": start + 1.0, "text": text, **extra}
    if words is not None:
        out["words"] = words
    return out


@pytest.mark.parametrize(("doc", "fmt"), [
    ({"text": " hallo", "segments": [segment(" hallo", 0.0)], "language": "nl"}, "whisper"),
    ([segment(" hallo", 0.0)], "whisper"),                                          # a list of segments
    ({"segments": [segment(" hallo", 0.0)], "info": {"language": "nl"}}, "whisper"),  # faster-whisper
    ({"segments": [segment(" hallo", 0.0)], "word_segments": []}, "whisperx"),
    ({"segments": [segment(" hallo", 0.0, speaker="SPEAKER_00")]}, "whisperx"),
    ({"segments": [segment(" hallo", 0.0, [{"word": "hallo", "start": 0.0, "end": 0.5, "score": 0.9}])]},
     "whisperx"),
    ([{"start": 0.0, "end": 1.0, "text": "hallo", "speaker": "A"}], "whisperx"),
    ({"result": [{"conf": 1.0, "start": 0.0, "end": 0.5, "word": "hallo"}], "text": "hallo"}, "vosk"),
    ({"text": "hallo"}, "vosk"),
    ([{"text": "hallo"}, {"text": "dag"}], "vosk"),
    ({"alternatives": [{"confidence": 200.0, "text": "hallo"}]}, "vosk"),
    ({"recognizedPhrases": [{"nBest": [{"display": "hallo"}]}]}, "azure"),
    ({"turns": [{"text": "hallo"}]}, "json"),
])
def test_shape_decides_the_format(tmp_path, doc, fmt):
    transcript = read_transcript(write(tmp_path, "call.json", doc))
    assert (transcript.format, transcript.turns[0].text) == (fmt, "hallo")


@pytest.mark.parametrize("doc", [[], [{"naam": "x"}], {"segment": []}, {"text": "x", "language": "nl"}, [1, 2], '"x"'])
def test_other_json_is_not_a_transcript(tmp_path, doc):
    with pytest.raises(ReaderError, match="not a transcript"):
        read_transcript(write(tmp_path, "call.json", doc))


def test_faster_whisper_dumps(tmp_path):
    """faster-whisper's Segment/Word named tuples dumped with json: words become arrays."""
    seg = segment(" Ik ben Jan.", 2.0, [[2.0, 2.2, " Ik", 0.9], [2.2, 2.5, " ben", 0.9], [2.5, 2.9, " Jan.", 0.8]])
    for doc in ([seg], {"segments": [seg], "info": {"language": "nl", "language_probability": 0.98}}):
        transcript = read_transcript(write(tmp_path, "fw.json", doc))
        turn = transcript.turns[0]
        assert (turn.text, turn.start, turn.end) == ("Ik ben Jan.", 2.0, 3.0)
        assert [(turn.text[w.start:w.end], w.time_start) for w in turn.words] == [
            ("Ik", 2.0), ("ben", 2.2), ("Jan.", 2.5)]
        assert transcript.language == ("nl" if isinstance(doc, dict) else None)
    out = write_redacted(transcript, ["Ik ben █████."], tmp_path / "fw_out.json")
    words = json.loads(out.read_text("utf-8"))["segments"][0]["words"]
    assert words == [[2.0, 2.2, " Ik", 0.9], [2.2, 2.5, " ben", 0.9], [2.5, 2.9, "", 0.8]]
    assert read_transcript(out).turns[0].text == "Ik ben █████."


def test_whisper_without_word_timestamps_and_times_from_words(tmp_path):
    doc = {"segments": [segment(" Dag.", 0.0), {"text": " Jan", "words": [{"word": " Jan", "start": 1.5, "end": 1.9}]}]}
    turns = read_transcript(write(tmp_path, "w.json", doc)).turns
    assert (turns[0].words, turns[1].start, turns[1].end) == ((), 1.5, 1.9)


def test_whisper_word_not_in_the_text_gets_no_word(tmp_path):
    words = [{"word": " Hallo", "start": 0.0, "end": 0.3}, {"word": " Piet", "start": 0.3, "end": 0.6},
             {"word": " daar", "start": 0.6, "end": 0.9}, {"word": "", "start": 0.9, "end": 1.0}]
    turn = read_transcript(write(tmp_path, "w.json", {"segments": [segment(" Hallo daar", 0.0, words)]})).turns[0]
    assert [(turn.text[w.start:w.end], w.time_start) for w in turn.words] == [("Hallo", 0.0), ("daar", 0.6)]


def test_whisperx_unaligned_words_and_speaker_votes(tmp_path):
    text = '{"segments": [{"start": 0.0, "end": 2.0, "text": " Nummer 12", "words": [' \
           '{"word": "Nummer", "start": 0.1, "end": 0.5, "score": 0.9, "speaker": "SPEAKER_01"},' \
           '{"word": "12", "start": NaN, "end": NaN}]}]}'  # older WhisperX wrote NaN for unaligned words
    turn = read_transcript(write(tmp_path, "x.json", text)).turns[0]
    assert (turn.speaker, word_texts(turn)) == ("SPEAKER_01", ["Nummer", "12"])
    assert (turn.words[1].time_start, turn.words[1].time_end) == (None, None)
    votes = [{"word": w, "start": 0.0, "end": 0.1, "speaker": s}
             for w, s in (("a", "SPEAKER_00"), ("b", "SPEAKER_01"), ("c", "SPEAKER_01"), ("d", None))]
    doc = {"segments": [{"start": 0.0, "end": 1.0, "text": "a b c d", "words": votes}]}
    assert read_transcript(write(tmp_path, "y.json", doc)).turns[0].speaker == "SPEAKER_01"


def vosk_result(text: str, start: float = 0.0) -> dict:
    words = text.split()
    return {"result": [{"conf": 0.9, "start": start + k / 2, "end": start + k / 2 + 0.4, "word": w}
                       for k, w in enumerate(words)], "text": text}


def test_vosk_single_object_lines_and_alternatives(tmp_path):
    single = read_transcript(write(tmp_path, "one.json", vosk_result("goeiemorgen met piet", 1.0)))
    assert turns_of(Path(single.source)) == [(0, "", "goeiemorgen met piet", 1.0, 2.4)]
    lines = "\n".join(json.dumps(u) for u in (vosk_result("goeiemorgen"), {"text": ""}, vosk_result("dag", 3.0)))
    by_line = read_transcript(write(tmp_path, "lines.json", lines + "\n\n"))
    assert (by_line.format, [t.text for t in by_line.turns]) == ("vosk", ["goeiemorgen", "", "dag"])
    alternatives = {"alternatives": [dict(vosk_result("met piet claes"), confidence=210.0),
                                     dict(vosk_result("met piet klaas"), confidence=180.0)]}
    turn = read_transcript(write(tmp_path, "alt.json", alternatives)).turns[0]
    assert (turn.text, word_texts(turn)) == ("met piet claes", ["met", "piet", "claes"])


def test_vosk_without_text_joins_the_words(tmp_path):
    doc = vosk_result("ja  dat klopt")
    del doc["text"]
    turn = read_transcript(write(tmp_path, "v.json", [doc])).turns[0]
    assert (turn.text, word_texts(turn)) == ("ja dat klopt", ["ja", "dat", "klopt"])


def azure_phrase(display: str, offset: str | float, **extra) -> dict:
    phrase = {"recognitionStatus": "Success", "channel": 0, "nBest": [{"display": display, "lexical": display.lower()}]}
    if isinstance(offset, str):
        phrase["offset"], phrase["duration"] = offset, "PT1S"
    else:
        phrase["offsetInTicks"], phrase["durationInTicks"] = offset * 1e7, 1e7
    phrase.update(extra)
    return phrase


def test_azure_times_speakers_and_order(tmp_path):
    phrases = [azure_phrase("Drie.", "PT1M5.3S", channel=1), azure_phrase("Een.", 0.5, speaker=2.0),
               azure_phrase("Twee.", "PT2S", speaker="Guest-1"), azure_phrase("Vier.", "PT1H", recognitionStatus=None),
               azure_phrase("Stil.", 3.0, recognitionStatus="InitialSilenceTimeout"),
               {"recognitionStatus": "Success", "nBest": [{"display": "Geen tijd."}]}]
    assert turns_of(write(tmp_path, "a.json", {"recognizedPhrases": phrases})) == [
        (0, "Speaker 2", "Een.", 0.5, 1.5), (1, "Guest-1", "Twee.", 2.0, 3.0), (2, "channel 1", "Drie.", 65.3, 66.3),
        (3, "channel 0", "Vier.", 3600.0, 3601.0), (4, "", "Geen tijd.", None, None)]


def test_azure_display_words_are_preferred(tmp_path):
    best = {"display": "Mijn gsm is 0486 11 22 33.", "lexical": "mijn gsm is nul vier acht zes",
            "displayWords": [{"displayText": t, "offsetInTicks": (1 + k) * 1e7, "durationInTicks": 5e6}
                             for k, t in enumerate(["Mijn", "gsm", "is", "0486", "11", "22", "33."])],
            "words": [{"word": t, "offsetInTicks": (1 + k) * 1e7, "durationInTicks": 5e6}
                      for k, t in enumerate("mijn gsm is nul vier acht zes".split())]}
    phrase = {"recognitionStatus": "Success", "offset": "PT1S", "duration": "PT7S", "nBest": [best]}
    doc = {"recognizedPhrases": [phrase]}
    turn = read_transcript(write(tmp_path, "a.json", doc)).turns[0]
    assert word_texts(turn) == ["Mijn", "gsm", "is", "0486", "11", "22", "33."]
    assert span_times(turn, *span_of(turn, "0486 11 22 33")) == (4.0, 7.5)


# --------------------------------------------------------------------------- redacted copies

def redact(text: str) -> str:
    """A stand-in redactor (changes lengths): e-mails, digits, a spoken number, surnames."""
    text = re.sub(r"\S+@\S+", "<EMAIL_ADDRESS>", text)
    text = re.sub(r"\d[\d ]*\d", "[PHONE]", text)
    text = text.replace("zéro quatre septante neuf huit", "[PHONE]")
    return re.sub(r"Peeters|Lambert|Claire|Maes|[Dd]ubois", "█████", text)


SECRETS = ("Peeters", "peeters", "0475", "Lambert", "Claire", "0032", "99 88", "Maes", "maes", "0486",
           "tweeëntwintig", "dubois", "Dubois", "quatre", "septante", "Wouters", "wouters")


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_round_trip(tmp_path, fmt):
    original = read_transcript(GOLDEN[fmt])
    texts = [redact(turn.text) for turn in original.turns]
    assert texts != [turn.text for turn in original.turns]
    out = write_redacted(original, texts, tmp_path / "out" / GOLDEN[fmt].name)
    copy = read_transcript(out)
    assert [turn.text for turn in copy.turns] == texts
    assert [(t.index, t.speaker, t.start, t.end) for t in copy.turns] == \
           [(t.index, t.speaker, t.start, t.end) for t in original.turns]
    assert (copy.call_id, copy.format, copy.language) == (original.call_id, original.format, original.language)
    raw = out.read_text("utf-8")
    assert not [secret for secret in SECRETS if secret in raw]
    for before, after in zip(original.turns, copy.turns):
        if before.text == after.text:
            assert before.words == after.words          # an unchanged turn keeps every word
        else:                                         # the words kept are those not redacted
            kept = word_texts(after)
            assert kept == [w for w in word_texts(before) if w in kept]
            assert not {w for w in kept if "█" in w or "[" in w}


def test_round_trip_without_changes_keeps_every_turn(tmp_path):
    for fmt, path in GOLDEN.items():
        original = read_transcript(path)
        copy = read_transcript(write_redacted(original, [t.text for t in original.turns], tmp_path / f"{fmt}.json"))
        assert copy.turns == original.turns, fmt


def test_whisper_redaction(tmp_path):
    original = read_transcript(GOLDEN["whisper"])
    texts = [redact(turn.text) for turn in original.turns]
    doc = json.loads(write_redacted(original, texts, tmp_path / "w.json").read_text("utf-8"))
    segments = doc["segments"]
    assert [s["text"] for s in segments] == [" " + t for t in texts]          # Whisper's leading blank kept
    assert doc["text"] == "".join(s["text"] for s in segments)
    assert segments[0]["tokens"] == [50364, 1400, 2200, 50514]                # unchanged segment untouched
    assert segments[1]["tokens"] == [] and segments[3]["tokens"] == []        # ids decode to the old text
    assert [w["word"] for w in segments[1]["words"]] == [" Dag,", " met", " Jan", "", " mijn", " nummer", " is",
                                                         "", "", "", ""]      # redacted words blanked
    before = json.loads(GOLDEN["whisper"].read_text("utf-8"))["segments"][1]["words"]
    assert [(w["start"], w["end"]) for w in segments[1]["words"]] == [(w["start"], w["end"]) for w in before]
    assert segments[3]["words"][0]["word"] == "" and segments[1]["avg_logprob"] == -0.21


def test_whisperx_redaction_rebuilds_word_segments_and_drops_chars(tmp_path):
    doc = json.loads(GOLDEN["whisperx"].read_text("utf-8"))
    doc["segments"][1]["chars"] = [{"char": c, "start": 3.4, "end": 3.5} for c in doc["segments"][1]["text"]]
    path = write(tmp_path, "x.json", doc)
    original = read_transcript(path)
    texts = [redact(turn.text) for turn in original.turns]
    out = json.loads(write_redacted(original, texts, tmp_path / "out.json").read_text("utf-8"))
    assert "chars" not in out["segments"][1]
    assert out["word_segments"] == [w for s in out["segments"] for w in s["words"]]
    assert [w["word"] for w in out["segments"][1]["words"]] == ["My", "name", "is", "", "", "my", "number", "is",
                                                                "", "", "", "", ""]


def test_vosk_redaction(tmp_path):
    original = read_transcript(GOLDEN["vosk"])
    texts = [redact(turn.text) for turn in original.turns]
    doc = json.loads(write_redacted(original, texts, tmp_path / "v.json").read_text("utf-8"))
    assert [u["text"] for u in doc] == texts
    assert [w["word"] for w in doc[1]["result"]] == ["mon", "numéro", "est", "", "", "", "", ""]
    assert [(w["start"], w["end"]) for w in doc[0]["result"]] == [
        (0.6, 0.97), (1.0, 1.37), (1.4, 1.77), (1.8, 2.17), (2.2, 2.57)]     # times kept: the turn's too


def test_vosk_redaction_by_line_and_alternatives(tmp_path):
    lines = "\n".join(json.dumps(u) for u in (vosk_result("met piet claes"), vosk_result("goed")))
    original = read_transcript(write(tmp_path, "lines.json", lines + "\n"))
    raw = write_redacted(original, ["met piet █████", "goed"], tmp_path / "out.json").read_text("utf-8")
    assert [json.loads(line)["text"] for line in raw.splitlines()] == ["met piet █████", "goed"]
    alternatives = {"alternatives": [vosk_result("met piet claes"), vosk_result("met piet klaas")]}
    original = read_transcript(write(tmp_path, "alt.json", alternatives))
    out = write_redacted(original, ["met piet █████"], tmp_path / "alt_out.json")
    doc = json.loads(out.read_text("utf-8"))
    assert [a["text"] for a in doc["alternatives"]] == ["met piet █████"]    # the unread one dropped
    assert [w["word"] for w in doc["alternatives"][0]["result"]] == ["met", "piet", ""]


def test_azure_redaction(tmp_path):
    original = read_transcript(GOLDEN["azure"])
    texts = [redact(turn.text) for turn in original.turns]
    doc = json.loads(write_redacted(original, texts, tmp_path / "a.json").read_text("utf-8"))
    phrases = doc["recognizedPhrases"]
    assert "nBest" not in phrases[2]                                  # NoMatch: never read, so dropped
    assert all(len(p["nBest"]) == 1 for p in phrases if "nBest" in p)  # the other hypotheses too
    changed = phrases[0]["nBest"][0]
    assert {changed[k] for k in ("display", "lexical", "itn", "maskedITN")} == {texts[1]}
    assert [w["word"] for w in changed["words"]] == ["met", "els", "", "mijn", "gsm", "is"] + [""] * 7
    unchanged = phrases[1]["nBest"][0]
    assert unchanged["lexical"] == "goeiemiddag u spreekt met karel" and len(unchanged["words"]) == 5
    assert doc["combinedRecognizedPhrases"][0]["display"] == " ".join(texts)
    assert doc["combinedRecognizedPhrases"][0]["lexical"] == " ".join(texts)
    assert doc["source"].endswith("azure_call.wav") and doc["durationInTicks"] == 139000000


def test_azure_redaction_of_display_words(tmp_path):
    best = {"display": "Ik ben Els Maes.",
            "displayWords": [{"displayText": t, "offset": f"PT{k}S", "duration": "PT0.5S"}
                             for k, t in enumerate(["Ik", "ben", "Els", "Maes."])]}
    doc = {"combinedRecognizedPhrases": [{"channel": 0, "display": "Ik ben Els Maes."}, {"channel": 1, "display": "x"}],
           "recognizedPhrases": [{"channel": 0, "offset": "PT0S", "nBest": [best]}]}
    original = read_transcript(write(tmp_path, "a.json", doc))
    out = json.loads(write_redacted(original, ["Ik ben Els █████."], tmp_path / "o.json").read_text("utf-8"))
    assert [w["displayText"] for w in out["recognizedPhrases"][0]["nBest"][0]["displayWords"]] == [
        "Ik", "ben", "Els", ""]
    assert [c["display"] for c in out["combinedRecognizedPhrases"]] == ["Ik ben Els █████.", ""]
