"""Tests of ccaudit.sources.transcripts readers and redacted-copy writers.

Golden files live in tests/data/transcripts/ (one per format) and tests/data/transcripts/bad/
(see the README there); other inputs are built in tmp_path.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ccaudit.errors import ReaderError
from ccaudit.sources.transcripts import (
    TRANSCRIPT_SUFFIXES,
    Transcript,
    Turn,
    discover_transcripts,
    read_transcript,
    write_redacted,
)

DATA = Path(__file__).parent / "data" / "transcripts"
BAD_DIR = DATA / "bad"
GOLDEN = {
    "json": DATA / "generic_call.json",
    "transcribe": DATA / "transcribe_call.json",
    "text": DATA / "plain_call.txt",
    "vtt": DATA / "webvtt_call.vtt",
    "srt": DATA / "subtitles_call.srt",
}


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def reader_error(path: Path) -> ReaderError:
    with pytest.raises(ReaderError) as info:
        read_transcript(path)
    return info.value


def turns_of(path: Path) -> list[tuple]:
    return [(t.index, t.speaker, t.text, t.start, t.end) for t in read_transcript(path).turns]


# --------------------------------------------------------------------------- golden files

EXPECTED_TURNS = {
    "json": [
        (0, "agent", "Goedemorgen, u spreekt met Sofie van NLEnergie.", 0.0, 3.2),
        (1, "customer", "Dag, met Jan Peeters, mijn nummer is 0475 12 34 56.", 3.5, 9.75),
        (2, "agent", "Dank u. En uw e-mailadres?", 10.0, None),
        (3, "customer", "jan.peeters@example.be", None, None),
    ],
    "transcribe": [
        (0, "spk_0", "Bonjour, Marie Dubois à l'appareil.", 0.5, 2.9),
        (1, "spk_1", "Oui, mon numéro est le 0470 98 76 54.", 3.4, 6.8),
    ],
    "text": [
        (0, "AGENT", "Goeiemiddag, u spreekt met Karel.", 1.0, None),
        (1, "Klant", "Hallo, met Els Maes. Mijn gsm is 0486 11 22 33.", 5.0, None),
        (2, "AGENT", "  Ik noteer het: 0486 11 22 33, klopt dat?", 62.0, None),
        (3, "", "Dit is een regel zonder spreker", None, None),
        (4, "Klant", "Ja, dat klopt.   ", 70.0, None),
        (5, "Sofie Janssens", "Ik neem het over. Adres: Kerkstraat 12.", 75.0, None),
    ],
    "vtt": [
        (0, "Agent", "Bonjour, service clients, Luc à l'appareil.", 0.5, 3.0),
        (1, "Claire Lambert", "Oui bonjour, je vous appelle au sujet de ma facture n° 4471.", 3.2, 7.85),
        (2, "AGENT", "Votre IBAN est BE71 0961 2345 6769 & c'est bien ça ?", 7.9, 9.1),
        (3, "", "Pas de locuteur ici <3", 9.5, 11.0),
    ],
    "srt": [
        (0, "CUSTOMER", "My name is Tom Wouters, phone 0032 475 99 88 77.", 1.0, 4.2),
        (1, "Agent", "Thank you, Tom.", 4.5, 6.0),
        (2, "", "No speaker on this one.", 6.25, 8.0),
        (3, "spk_1", "tom.wouters@example.com", 60.0, 62.5),
    ],
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_golden_turns(fmt):
    assert turns_of(GOLDEN[fmt]) == EXPECTED_TURNS[fmt]


@pytest.mark.parametrize(("fmt", "call_id", "language", "started_at", "channel"), [
    ("json", "CALL-2026-0001", "nl", "2026-11-03T09:14:05+01:00", "phone"),
    ("transcribe", "tf-call-7781", "fr-BE", None, None),
    ("text", "plain_call", None, None, None),
    ("vtt", "webvtt_call", None, None, None),
    ("srt", "subtitles_call", None, None, None),
])
def test_golden_metadata(fmt, call_id, language, started_at, channel):
    transcript = read_transcript(GOLDEN[fmt])
    assert isinstance(transcript, Transcript)
    assert all(isinstance(turn, Turn) for turn in transcript.turns)
    assert (transcript.format, transcript.call_id, transcript.language, transcript.started_at,
            transcript.channel) == (fmt, call_id, language, started_at, channel)
    assert transcript.source == GOLDEN[fmt].as_posix()


def test_text_offsets_are_relative_to_the_text_after_the_speaker():
    raw = GOLDEN["text"].read_text("utf-8").splitlines()
    turn = read_transcript(GOLDEN["text"]).turns[1]
    line = raw[1]
    assert line.startswith("[00:00:05] Klant: ")
    assert turn.text.index("0486 11 22 33") == line.index("0486 11 22 33") - len("[00:00:05] Klant: ")
    assert line.endswith(turn.text)


@pytest.mark.parametrize(("line", "speaker", "text", "start"), [
    ("AGENT: hallo", "AGENT", "hallo", None),
    ("[00:01:02] spk_0: hallo", "spk_0", "hallo", 62.0),
    ("[01:02] Customer: hallo", "Customer", "hallo", 62.0),
    ("[1:00:00.5] Sofie Janssens: hallo", "Sofie Janssens", "hallo", 3600.5),
    ("[00:00:07]Agent: no space after the stamp", "Agent", "no space after the stamp", 7.0),
    ("  AGENT: indented", "AGENT", "indented", None),
    ("AGENT:", "AGENT", "", None),
    ("AGENT: ", "AGENT", "", None),
    ("AGENT:  two spaces", "AGENT", " two spaces", None),
    ("AGENT:no space", "", "AGENT:no space", None),
    ("0475 12 34 56: digits only", "", "0475 12 34 56: digits only", None),
    ("[00:00:09] 112: digits only", "", "112: digits only", 9.0),
    ("x" * 41 + ": too long", "", "x" * 41 + ": too long", None),
    ("Om 10:30: belt u terug", "", "Om 10:30: belt u terug", None),
    ("[00:00:03] zonder spreker", "", "zonder spreker", 3.0),
    ("[00:99:03] bad stamp: kept", "", "[00:99:03] bad stamp: kept", None),
    ("tekst met tab\tnet zo", "", "tekst met tab\tnet zo", None),
])
def test_text_line_rules(tmp_path, line, speaker, text, start):
    turn = read_transcript(write(tmp_path, "call.txt", line + "\n")).turns[0]
    assert (turn.speaker, turn.text, turn.start, turn.end) == (speaker, text, start, None)


def test_text_encodings(tmp_path):
    line = "AGENT: Françoise Dupré, rue de l'Église\n"
    for encoding in ("utf-8", "utf-8-sig", "cp1252"):
        turn = read_transcript(write(tmp_path, f"{encoding}.txt", line, encoding)).turns[0]
        assert turn.text == "Françoise Dupré, rue de l'Église"


def test_vtt_cue_without_text_and_without_hours(tmp_path):
    path = write(tmp_path, "c.vtt", "\ufeffWEBVTT\n\n01:02.500 --> 01:04.000\n\n"
                                    "00:05.000 --> 00:06.000\n<v Bob></v>\n")
    assert turns_of(path) == [(0, "", "", 62.5, 64.0), (1, "Bob", "", 5.0, 6.0)]


def test_srt_without_number_lines(tmp_path):
    path = write(tmp_path, "c.srt", "00:00:01,000 --> 00:00:02,000\nAGENT: hallo\n")
    assert turns_of(path) == [(0, "AGENT", "hallo", 1.0, 2.0)]


def transcribe_doc(items: list[dict], **results) -> dict:
    return {"results": {"items": items, **results}}


def word(content: str, start: float, label: str | None = None, **extra) -> dict:
    item = {"type": "pronunciation", "start_time": f"{start:.2f}", "end_time": f"{start + 0.4:.2f}",
            "alternatives": [{"content": content}], **extra}
    if label:
        item["speaker_label"] = label
    return item


def punct(content: str, label: str | None = None) -> dict:
    item = {"type": "punctuation", "alternatives": [{"content": content}]}
    if label:
        item["speaker_label"] = label
    return item


def test_transcribe_labels_on_items_and_runs(tmp_path):
    items = [word("Hallo", 0.0, "spk_0"), punct(".", "spk_1"), word("Ja", 1.0, "spk_1"),
             punct("?", "spk_1"), word("Goed", 2.0, "spk_1"), word("dan", 3.0, "spk_0"), punct("!")]
    path = write(tmp_path, "job.json", json.dumps(transcribe_doc(items)))
    transcript = read_transcript(path)
    assert transcript.call_id == "job" and transcript.language is None
    assert turns_of(path) == [(0, "spk_0", "Hallo.", 0.0, 0.4), (1, "spk_1", "Ja? Goed", 1.0, 2.4),
                              (2, "spk_0", "dan!", 3.0, 3.4)]


def test_transcribe_channel_labels_and_no_labels(tmp_path):
    channels = {"channels": [{"channel_label": "ch_0", "items": [{"start_time": "0.00"}]},
                             {"channel_label": "ch_1", "items": [{"start_time": "1.00"}]}]}
    items = [word("Hallo", 0.0), word("Dag", 1.0), punct(".")]
    assert turns_of(write(tmp_path, "a.json", json.dumps(transcribe_doc(items, channel_labels=channels)))) == [
        (0, "ch_0", "Hallo", 0.0, 0.4), (1, "ch_1", "Dag.", 1.0, 1.4)]
    assert turns_of(write(tmp_path, "b.json", json.dumps(transcribe_doc(items)))) == [
        (0, "", "Hallo Dag.", 0.0, 1.4)]


def test_generic_json_fallbacks(tmp_path):
    doc = {"turns": [{"speaker": None, "text": None, "start": "", "end": "00:01:02.5"},
                     {"speaker": 2, "text": "x", "start": 1}]}
    path = write(tmp_path, "stem.json", json.dumps(doc))
    transcript = read_transcript(path)
    assert transcript.call_id == "stem" and transcript.language is None
    assert turns_of(path) == [(0, "", "", None, 62.5), (1, "2", "x", 1.0, None)]


# --------------------------------------------------------------------------- redacted copies

def redact(text: str) -> str:
    """A stand-in redactor: digits, names and e-mail addresses masked (changes lengths)."""
    text = re.sub(r"\S+@\S+", "<EMAIL_ADDRESS>", text)
    text = re.sub(r"\d[\d ]*\d", "[PHONE]", text)
    return re.sub(r"Peeters|Maes|Dubois|Wouters|Lambert|Janssens", "█" * 5, text)


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_round_trip(tmp_path, fmt):
    original = read_transcript(GOLDEN[fmt])
    texts = [redact(turn.text) + (" & <b>" if fmt in ("vtt", "json") else "") for turn in original.turns]
    assert texts != [turn.text for turn in original.turns]
    out = write_redacted(original, texts, tmp_path / "out" / GOLDEN[fmt].name)
    assert out == tmp_path / "out" / GOLDEN[fmt].name
    copy = read_transcript(out)
    assert [turn.text for turn in copy.turns] == texts
    assert [(t.index, t.speaker, t.start, t.end) for t in copy.turns] == \
           [(t.index, t.speaker, t.start, t.end) for t in original.turns]
    assert (copy.call_id, copy.format, copy.language, copy.started_at, copy.channel) == \
           (original.call_id, original.format, original.language, original.started_at, original.channel)
    raw = out.read_bytes().decode("utf-8")
    for secret in ("0475 12 34 56", "0486 11 22 33", "0470", "Dubois", "0032 475", "tom.wouters@",
                   "jan.peeters@", "BE71 0961"):
        assert secret not in raw


def test_round_trip_keeps_the_rest_of_the_text_file(tmp_path):
    original = read_transcript(GOLDEN["text"])
    out = write_redacted(original, [turn.text for turn in original.turns], tmp_path / "same.txt")
    assert out.read_bytes() == GOLDEN["text"].read_bytes()
    texts = [redact(turn.text) for turn in original.turns]
    lines = write_redacted(original, texts, tmp_path / "red.txt").read_bytes().split(b"\r\n")
    assert lines[1] == "[00:00:05] Klant: Hallo, met Els █████. Mijn gsm is [PHONE].".encode()
    assert lines[2] == b"" and lines[3].startswith(b"[01:02] AGENT:   Ik noteer")


def test_round_trip_keeps_vtt_header_notes_and_cue_settings(tmp_path):
    original = read_transcript(GOLDEN["vtt"])
    texts = [redact(turn.text) for turn in original.turns]
    raw = write_redacted(original, texts, tmp_path / "red.vtt").read_text("utf-8")
    assert raw.startswith("WEBVTT - call 2026-11-05\nKind: captions\n\nNOTE synthetic test call")
    assert "00:00:03.200 --> 00:00:07.850 align:start\n<v.customer Claire Lambert>" in raw
    assert "AGENT: Votre IBAN est BE[PHONE] &amp; c'est bien ça ?\n" in raw
    assert "NOTE\nsecond note\nspanning lines\n" in raw


def test_round_trip_srt_keeps_crlf_and_numbers(tmp_path):
    original = read_transcript(GOLDEN["srt"])
    texts = [redact(turn.text) for turn in original.turns]
    raw = write_redacted(original, texts, tmp_path / "red.srt").read_bytes()
    assert raw.startswith(b"1\r\n00:00:01,000 --> 00:00:04,200\r\nCUSTOMER: My name is Tom \xe2\x96\x88")
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_transcribe_redaction_carries_text_in_the_first_word(tmp_path):
    original = read_transcript(GOLDEN["transcribe"])
    texts = [original.turns[0].text, "Oui, mon numéro est le [PHONE]."]
    out = write_redacted(original, texts, tmp_path / "red.json")
    doc = json.loads(out.read_text("utf-8"))
    items = doc["results"]["items"]
    assert items[0]["alternatives"][0]["content"] == "Bonjour"  # unchanged turn untouched
    assert items[6]["alternatives"] == [{"confidence": "0.99", "content": "Oui, mon numéro est le [PHONE]."}]
    assert all(item["alternatives"][0]["content"] == "" for item in items[7:])
    assert len(items[13]["alternatives"]) == 1
    assert [(i["start_time"], i["end_time"]) for i in items[6:] if i["type"] == "pronunciation"] == \
           [(i["start_time"], i["end_time"]) for i in json.loads(GOLDEN["transcribe"].read_text("utf-8"))
            ["results"]["items"][6:] if i["type"] == "pronunciation"]
    assert doc["results"]["transcripts"][0]["transcript"] == " ".join(texts)
    assert [s["transcript"] for s in doc["results"]["audio_segments"]] == texts
    assert doc["jobName"] == "tf-call-7781" and doc["results"]["speaker_labels"]["speakers"] == 2
    copy = read_transcript(out)
    assert " ".join(turn.text for turn in copy.turns) == " ".join(texts)


def test_redacted_cp1252_text_stays_cp1252_unless_it_cannot(tmp_path):
    path = write(tmp_path, "call.txt", "AGENT: Françoise 0475\r\n", "cp1252")
    transcript = read_transcript(path)
    out = write_redacted(transcript, ["Françoise ****"], tmp_path / "a.txt")
    assert out.read_bytes() == "AGENT: Françoise ****\r\n".encode("cp1252")
    out = write_redacted(transcript, ["Françoise ████"], tmp_path / "b.txt")
    assert out.read_bytes() == "AGENT: Françoise ████\r\n".encode("utf-8")
    assert read_transcript(out).turns[0].text == "Françoise ████"


def test_redacted_copy_keeps_a_bom(tmp_path):
    path = write(tmp_path, "call.txt", "AGENT: Jan\n", "utf-8-sig")
    out = write_redacted(read_transcript(path), ["***"], tmp_path / "out.txt")
    assert out.read_bytes() == "\ufeffAGENT: ***\n".encode("utf-8")


def test_write_redacted_refuses_bad_input(tmp_path):
    path = write(tmp_path, "call.txt", "AGENT: Jan\nKLANT: Piet\n")
    transcript = read_transcript(path)
    with pytest.raises(ValueError, match="2 turns"):
        write_redacted(transcript, ["x"], tmp_path / "out.txt")
    with pytest.raises(ValueError, match="line break"):
        write_redacted(transcript, ["x", "y\nz"], tmp_path / "out.txt")
    with pytest.raises(ValueError, match="overwrite"):
        write_redacted(transcript, ["x", "y"], path)
    path.write_text("AGENT: Jan\nKLANT: Joris\n")
    with pytest.raises(ReaderError, match="changed since it was read"):
        write_redacted(transcript, ["x", "y"], tmp_path / "out.txt")


# --------------------------------------------------------------------------- discovery

def test_discover_transcripts(tmp_path):
    for name in ("b/call.vtt", "a.txt", "a.JSON", "c.srt", "notes.docx", ".hidden.txt", ".git/x.txt",
                 "deep/er/d.json"):
        write(tmp_path, name, "x")
    odd = write(tmp_path, "given.log", "x")
    found = discover_transcripts([tmp_path, tmp_path / "a.txt", odd])
    names = [path.relative_to(tmp_path).as_posix() for path in found]
    assert names == sorted(["a.JSON", "a.txt", "b/call.vtt", "c.srt", "deep/er/d.json", "given.log"])
    assert TRANSCRIPT_SUFFIXES == {".json", ".txt", ".vtt", ".srt"}
    with pytest.raises(ReaderError, match="no such file or folder"):
        discover_transcripts([tmp_path / "weg"])


def test_missing_file_and_folder(tmp_path):
    assert reader_error(tmp_path / "weg.txt").reason == "no such file"
    (tmp_path / "map.vtt").mkdir()
    assert reader_error(tmp_path / "map.vtt").reason == "is a folder, not a file"
    assert reader_error(write(tmp_path, "Makefile", "x")).reason == "unsupported file type (no suffix)"


# --------------------------------------------------------------------------- bad input

def bad_files() -> list[Path]:
    return sorted(path for path in BAD_DIR.iterdir() if path.is_file())


# Names of the formats' own fields: an error may name them.
FORMAT_WORDS = {"turns", "text", "start", "end", "speaker", "call_id", "content", "items", "results",
                "alternatives", "start_time", "end_time", "type", "pronunciation", "WEBVTT", "NOTE",
                # Whisper, WhisperX, Vosk, Azure
                "segments", "word", "words", "word_segments", "result", "partial", "recognizedPhrases", "nBest",
                "display", "offset", "offsetInTicks", "duration", "durationInTicks"}


def file_values(path: Path) -> set[str]:
    """Words and numbers in the file that could be personal data (4 characters or more)."""
    text = path.read_bytes().decode("latin-1")
    tokens = {token for token in re.findall(r"[\w@.+-]{4,}", text) if re.search(r"[A-Za-z0-9]", token)}
    return tokens - FORMAT_WORDS


def test_bad_files_folder_is_not_empty():
    assert len(bad_files()) >= 20
    assert all("__" in path.name for path in bad_files())


@pytest.mark.parametrize("path", bad_files(), ids=lambda path: path.name)
def test_bad_file_is_refused(path):
    expected = path.name.split("__")[0].replace("_", " ")
    error = reader_error(path)
    assert expected in error.reason
    assert error.source == path.as_posix()
    assert "\n" not in str(error)
    leaked = {value for value in file_values(path) if value in error.reason}
    assert not leaked, f"the message quotes the file: {leaked}"


# --------------------------------------------------------------------------- generated samples

def gold_rows(samples: Path, name: str) -> list[dict[str, str]]:
    with open(samples / "gold" / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sample_path(samples: Path, source: str) -> Path:
    """Gold sources are relative to data_samples/transcripts/ (or to data_samples/)."""
    for base in (samples / "transcripts", samples):
        if (base / source).exists():
            return base / source
    return samples / "transcripts" / source


def test_generated_transcript_samples(samples_dir):
    """Every call of the generated samples reads (call id, turn count, format as the gold says,
    gold span offsets index the turn text); every file of transcript_errors.csv is refused."""
    gold = samples_dir / "gold"
    if not ((gold / "transcript_calls.csv").exists() and (gold / "transcript_errors.csv").exists()):
        pytest.skip("data_samples/gold/transcript_*.csv not generated yet")
    calls = gold_rows(samples_dir, "transcript_calls.csv")
    errors = gold_rows(samples_dir, "transcript_errors.csv")
    assert calls and errors
    read = {}
    for row in calls:
        transcript = read_transcript(sample_path(samples_dir, row["source"]))
        read[row["source"]] = transcript
        assert transcript.call_id == row.get("call_id", transcript.call_id), row["source"]
        if row.get("turns"):
            assert len(transcript.turns) == int(row["turns"]), row["source"]
        if row.get("format"):
            assert transcript.format == {"txt": "text"}.get(row["format"], row["format"]), row["source"]
    if (gold / "transcript_spans.csv").exists():
        for row in gold_rows(samples_dir, "transcript_spans.csv"):
            turn = read[row["source"]].turns[int(row["turn"])]
            assert turn.text[int(row["start"]):int(row["end"])] == row["text"], (row["source"], row["turn"])
            if row.get("speaker"):
                assert turn.speaker == row["speaker"], (row["source"], row["turn"])
    for row in errors:
        with pytest.raises(ReaderError):
            read_transcript(sample_path(samples_dir, row["source"]))
