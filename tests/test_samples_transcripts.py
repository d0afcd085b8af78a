"""Tests of the synthetic call transcripts (``ccaudit.samples.transcripts``) and their gold.

The files are parsed here with minimal readers written to the documented conventions,
never with ccaudit's own readers, so these tests check the data set rather than them.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.be import bis, nn
from stdnum.fr import nir
from stdnum.nl import bsn

from ccaudit.samples import generate
from ccaudit.samples.__main__ import main

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data_samples"
GOLD_FILES = ("transcript_spans.csv", "transcript_calls.csv", "transcript_errors.csv")
REGION = {"brightbank": "BE", "telecomfr": "FR", "nlenergie": "NL", "callcenter": "BE"}
LANGS = ("nl", "fr", "en")
FORMATS = ("json", "txt", "vtt", "srt", "transcribe")
NATIONAL = {"BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR"}
SPAN_COLUMNS = ["source", "call_id", "turn", "speaker", "language", "start", "end", "entity_type", "spoken", "text"]
BIRTH_WORDS = re.compile(r"geboren|geboortedatum|né|naissance|born|birth", re.I)
NUMBER_WORD = re.compile(r"^(nul|één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\w+(tig|tien)"
                         r"|zéro|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
                         r"|quinze|seize|vingt|trente|quarante|cinquante|soixante|septante|nonante|[\w-]+-[\w-]+"
                         r"|zero|one|two|three|four|five|seven|eight|nine)$")


# --- minimal readers ---------------------------------------------------------------------------
def read_turns(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """(call_id, [(speaker as in the file, text)]) by the documented conventions."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        doc = json.loads(text)
        if "jobName" in doc:
            turns: list[list] = []
            for item in doc["results"]["items"]:
                content = item["alternatives"][0]["content"]
                if item["type"] == "punctuation":
                    turns[-1][1] += content
                elif turns and turns[-1][0] == item["speaker_label"]:
                    turns[-1][1] += " " + content
                else:
                    turns.append([item["speaker_label"], content])
            return doc["jobName"], [tuple(t) for t in turns]
        return doc["call_id"], [(t["speaker"], t["text"]) for t in doc["turns"]]
    if path.suffix == ".txt":
        lines = [line for line in text.split("\n") if line.strip()]
        return path.stem, [re.fullmatch(r"(?:\[\d\d:\d\d:\d\d\] )?(AGENT|CUSTOMER): (.*)", line).groups()
                           for line in lines]
    if path.suffix == ".vtt":
        assert text.startswith("WEBVTT")
        return path.stem, re.findall(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n<v (\w+)>(.*?)(?:</v>)?$",
                                     text, re.M)
    if path.suffix == ".srt":
        return path.stem, re.findall(r"^\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n(AGENT|CUSTOMER): (.*)$",
                                     text, re.M)
    raise AssertionError(path)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("transcripts") / "a"
    generate(out, only=["transcripts"])
    return out


@pytest.fixture(scope="module")
def spans(sample) -> list[dict[str, str]]:
    return read_csv(sample / "gold" / "transcript_spans.csv")


@pytest.fixture(scope="module")
def calls(sample) -> list[dict[str, str]]:
    return read_csv(sample / "gold" / "transcript_calls.csv")


@pytest.fixture(scope="module")
def turns(sample, calls) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for row in calls:
        call_id, file_turns = read_turns(sample / "transcripts" / row["source"])
        assert call_id == row["call_id"]
        out[row["source"]] = file_turns
    return out


# --- determinism ---------------------------------------------------------------------------------
def dataset_files(root: Path) -> list[str]:
    return ["transcripts/" + name for name in files_under(root / "transcripts")] + [f"gold/{g}" for g in GOLD_FILES]


def test_same_seed_gives_the_same_files(sample, tmp_path):
    generate(tmp_path, only=["transcripts"])
    assert dataset_files(tmp_path) == dataset_files(sample)
    for name in dataset_files(sample):
        assert (tmp_path / name).read_bytes() == (sample / name).read_bytes(), name


def test_another_seed_gives_other_calls(sample, tmp_path):
    generate(tmp_path, seed=7, only=["transcripts"])
    assert (tmp_path / "gold/transcript_spans.csv").read_bytes() != (sample / "gold/transcript_spans.csv").read_bytes()


def test_committed_transcripts_match_a_fresh_generation(sample):
    assert (COMMITTED / "transcripts").is_dir(), "run: python -m ccaudit.samples --out data_samples"
    assert dataset_files(COMMITTED) == dataset_files(sample)
    for name in dataset_files(sample):
        assert (COMMITTED / name).read_bytes() == (sample / name).read_bytes(), f"{name} differs: regenerate"


def test_only_transcripts_writes_no_exports_and_scale_multiplies(tmp_path):
    assert main(["--out", str(tmp_path), "--only", "transcripts", "--scale", "2"]) == 0
    assert not (tmp_path / "exports").exists()
    assert not (tmp_path / "gold" / "columns.csv").exists()
    assert len(read_csv(tmp_path / "gold/transcript_calls.csv")) == 72


def test_exports_only_write_no_transcripts(tmp_path):
    generate(tmp_path, only=["staff"])
    assert not (tmp_path / "transcripts").exists()


# --- structure -----------------------------------------------------------------------------------
def test_calls_parse_with_their_gold_turn_counts_and_speakers(calls, turns):
    assert len(calls) == 36
    for row in calls:
        file_turns = turns[row["source"]]
        assert len(file_turns) == int(row["turns"]), row["source"]
        assert 6 <= len(file_turns) <= 14
        roles = ["agent" if s.lower() in ("agent", "spk_0") else "customer" for s, _ in file_turns]
        assert roles == ["agent", "customer"] * (len(roles) // 2), row["source"]


def test_every_language_and_format_is_present(calls):
    formats = Counter(row["format"] for row in calls)
    assert set(formats) == set(FORMATS)
    assert 15 <= formats["json"] <= 21 and 2 <= formats["transcribe"] <= 3
    first = Counter(row["languages"].split(";")[0] for row in calls)
    assert all(10 <= first[lang] <= 14 for lang in LANGS), first
    switched = [row for row in calls if ";" in row["languages"]]
    assert 2 <= len(switched) <= 3
    assert {row["languages"] for row in calls if row["format"] == "transcribe"} == {"en"}
    assert {row["source"].split("/")[0] for row in calls} == set(REGION)


def test_some_json_files_lack_language_and_one_txt_lacks_timestamps(sample, calls):
    docs = [json.loads((sample / "transcripts" / r["source"]).read_text(encoding="utf-8"))
            for r in calls if r["format"] == "json"]
    assert 1 <= sum("language" not in d for d in docs) <= 4
    assert all(d["channel"] == "phone" and d["started_at"].endswith("Z") for d in docs)
    texts = [(sample / "transcripts" / r["source"]).read_text(encoding="utf-8") for r in calls if r["format"] == "txt"]
    assert sum(not t.startswith("[") for t in texts) == 1


def test_cards_and_national_numbers_are_flagged(calls, spans):
    for flag, entities in (("has_card", {"CREDIT_CARD"}), ("has_national_number", NATIONAL)):
        with_entity = {s["source"] for s in spans if s["entity_type"] in entities}
        assert with_entity == {r["source"] for r in calls if r[flag] == "true"}, flag
    assert 2 <= sum(r["has_card"] == "true" for r in calls) <= 6


# --- gold spans ----------------------------------------------------------------------------------
def test_gold_columns(sample):
    with open(sample / "gold/transcript_spans.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == SPAN_COLUMNS


def test_span_offsets_fall_inside_their_turn_and_match_the_text(spans, turns):
    assert len(spans) > 150
    for s in spans:
        speaker, text = turns[s["source"]][int(s["turn"])]
        start, end = int(s["start"]), int(s["end"])
        assert 0 <= start < end <= len(text), s
        assert text[start:end] == s["text"], s
        assert speaker == s["speaker"], s
        assert s["spoken"] in ("true", "false")


def test_spans_do_not_overlap(spans):
    by_turn: dict[tuple, list] = {}
    for s in spans:
        by_turn.setdefault((s["source"], s["turn"]), []).append((int(s["start"]), int(s["end"])))
    for ranges in by_turn.values():
        ranges.sort()
        assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))


VALID = {
    "IBAN_CODE": lambda v, _: iban.is_valid(v),
    "CREDIT_CARD": lambda v, _: luhn.is_valid(v.replace(" ", "")),
    "BE_NATIONAL_NUMBER": lambda v, _: nn.is_valid(v) or bis.is_valid(v),
    "NL_BSN": lambda v, _: bsn.is_valid(v),
    "FR_NIR": lambda v, _: nir.is_valid(v),
    "EMAIL_ADDRESS": lambda v, _: re.fullmatch(r"[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", v) is not None,
    "PHONE_NUMBER": lambda v, region: phonenumbers.is_valid_number(phonenumbers.parse(v, region)),
}


def test_written_identifiers_validate(spans):
    checked = Counter()
    for s in spans:
        if s["spoken"] == "false" and s["entity_type"] in VALID:
            region = REGION[s["source"].split("/")[0]]
            assert VALID[s["entity_type"]](s["text"], region), s
            checked[s["entity_type"]] += 1
    assert set(checked) == set(VALID), checked


def test_spoken_mentions_are_words(spans):
    for s in (s for s in spans if s["spoken"] == "true"):
        assert not re.search(r"\d", s["text"]), s
        words = re.split(r"[ ,]+", s["text"])
        if s["entity_type"] == "EMAIL_ADDRESS":
            assert {"at", "arobase"} & set(words) and {"dot", "punt", "point"} & set(words), s
        else:
            assert all(NUMBER_WORD.match(w) for w in words if w not in ("et",)), s
            if s["entity_type"] in NATIONAL:
                assert len(words) == {"BE_NATIONAL_NUMBER": 11, "NL_BSN": 9, "FR_NIR": 15}[s["entity_type"]]


def test_spoken_phone_email_and_national_number_in_every_language(spans):
    spoken = {(s["language"], s["entity_type"] if s["entity_type"] not in NATIONAL else "NATIONAL")
              for s in spans if s["spoken"] == "true"}
    for lang in LANGS:
        for entity in ("PHONE_NUMBER", "EMAIL_ADDRESS", "NATIONAL"):
            assert (lang, entity) in spoken, (lang, entity)


def test_every_entity_and_the_agents_names(spans):
    entities = Counter(s["entity_type"] for s in spans)
    assert set(entities) == {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD",
                             "BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "LOCATION", "DATE_OF_BIRTH"}
    agents = {s["source"] for s in spans if s["turn"] == "0" and s["entity_type"] == "PERSON"}
    assert len(agents) == 36


def test_birth_dates_have_birth_context_and_look_alikes_are_not_labelled(spans, turns):
    for s in (s for s in spans if s["entity_type"] == "DATE_OF_BIRTH"):
        assert BIRTH_WORDS.search(turns[s["source"]][int(s["turn"])][1]), s
    labelled = {(s["source"], int(s["turn"])): [(int(s["start"]), int(s["end"]))] for s in spans}
    amounts = dates = 0
    month = r"(maart|april|mei|juni|novembre|octobre|mars|avril|March|April|May|June|November|October|\w+ber|\w+ari)"
    for source, file_turns in turns.items():
        for i, (_, text) in enumerate(file_turns):
            for m in re.finditer(r"\d+[,.]\d\d euros?|\b\d{1,2} " + month + r"\b(?! \d{4})", text):
                assert not any(a <= m.start() < b for a, b in labelled.get((source, i), [])), (source, text)
                amounts += "euro" in m.group()
                dates += "euro" not in m.group()
    assert amounts > 10 and dates > 10


def test_transcribe_items_follow_the_joining_rule(sample, calls):
    for row in (r for r in calls if r["format"] == "transcribe"):
        doc = json.loads((sample / "transcripts" / row["source"]).read_text(encoding="utf-8"))
        items = doc["results"]["items"]
        assert items[0]["speaker_label"] == "spk_0"
        for item in items:
            content = item["alternatives"][0]["content"]
            if item["type"] == "punctuation":
                assert content in ",.?!" and "start_time" not in item
            else:
                assert " " not in content and float(item["end_time"]) > float(item["start_time"])
        _, file_turns = read_turns(sample / "transcripts" / row["source"])
        assert doc["results"]["transcripts"][0]["transcript"] == " ".join(t for _, t in file_turns)
        assert len(doc["results"]["speaker_labels"]["segments"]) == len(file_turns)


# --- bad files -----------------------------------------------------------------------------------
def test_bad_files_exist_are_listed_and_are_bad(sample, calls):
    errors = read_csv(sample / "gold/transcript_errors.csv")
    assert len(errors) == 4 and all(e["reason"] for e in errors)
    listed = {e["source"] for e in errors}
    assert listed | {r["source"] for r in calls} == set(files_under(sample / "transcripts"))
    assert not listed & {r["source"] for r in calls}
    by_suffix = {Path(s).suffix: sample / "transcripts" / s for s in listed if not s.endswith(".json")}
    assert by_suffix[".txt"].stat().st_size == 0
    assert b"\x00" in by_suffix[".vtt"].read_bytes() and not by_suffix[".vtt"].read_bytes().startswith(b"WEBVTT")
    outcomes = []
    for s in (s for s in listed if s.endswith(".json")):
        try:
            outcomes.append(json.loads((sample / "transcripts" / s).read_text(encoding="utf-8"))["turns"])
        except json.JSONDecodeError:
            outcomes.append("invalid")
    assert sorted(map(str, outcomes)) == ["[]", "invalid"]
