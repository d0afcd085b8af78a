"""Tests of the ``stt`` sample style (``python -m ccaudit.samples --style stt``) and its gold.

The engine formats (Whisper, WhisperX, Vosk, Azure) are parsed here by their documented
shapes; the default formats also with ccaudit's own readers. The corpus is generated once.
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

from ccaudit.samples import DEFAULT_SEED
from ccaudit.samples.__main__ import main
from ccaudit.samples.stt_names import CONGOLESE, MOROCCAN, ORIGINS, name_pools
from ccaudit.samples.stt_speech import ALPHABET, NATO, heard, name_letters

LANGS = ("nl", "fr", "en")
ENGINE_FORMATS = ("whisper", "whisperx", "vosk", "azure")
FORMATS = ("json", "txt", "vtt", "srt", "transcribe") + ENGINE_FORMATS
SPEAKERS = {"json": {"agent", "customer"}, "txt": {"AGENT", "CUSTOMER"}, "vtt": {"Agent", "Customer"},
            "srt": {"AGENT", "CUSTOMER"}, "transcribe": {"spk_0", "spk_1"}, "whisper": {""},
            "whisperx": {"SPEAKER_00", "SPEAKER_01"}, "vosk": {""}, "azure": {"1", "2"}}
IDENTIFIERS = ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "BE_NATIONAL_NUMBER", "NL_BSN",
               "FR_NIR", "DATE_OF_BIRTH")
REGION = {"brightbank": "BE", "telecomfr": "FR", "nlenergie": "NL", "callcenter": "BE"}
PUNCTUATION = re.compile(r"[,.?!;:\"()]")
FILLERS = ("euh", "uhm", "ehm", "bon", "ja", "allez", "um", "uh", "you know")


# --- reading the files by their documented shapes ----------------------------------------------
def read_turns(path: Path, fmt: str) -> list[tuple[str, str]]:
    """[(speaker as in the file, turn text)] for every format of the style."""
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        return [(t["speaker"], t["text"]) for t in json.loads(text)["turns"]]
    if fmt == "transcribe":
        turns: list[list[str]] = []
        for item in json.loads(text)["results"]["items"]:
            assert item["type"] == "pronunciation"          # no punctuation in this style
            label, word = item["speaker_label"], item["alternatives"][0]["content"]
            if turns and turns[-1][0] == label:
                turns[-1][1] += " " + word
            else:
                turns.append([label, word])
        return [tuple(t) for t in turns]
    if fmt == "txt":
        return [re.fullmatch(r"\[\d\d:\d\d:\d\d\] (AGENT|CUSTOMER): (.*)", line).groups()
                for line in text.split("\n") if line]
    if fmt == "vtt":
        return re.findall(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n<v (\w+)>(.*?)(?:</v>)?$", text, re.M)
    if fmt == "srt":
        return re.findall(r"^\d+\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n(AGENT|CUSTOMER): (.*)$", text, re.M)
    doc = json.loads(text)
    if fmt == "whisper":
        return [("", seg["text"].strip()) for seg in doc["segments"]]
    if fmt == "whisperx":
        return [(seg["speaker"], seg["text"].strip()) for seg in doc["segments"]]
    if fmt == "vosk":
        return [("", " ".join(w["word"] for w in utt["result"])) for utt in doc]
    if fmt == "azure":
        return [(str(p["speaker"]), p["nBest"][0]["display"]) for p in doc["recognizedPhrases"]]
    raise AssertionError(fmt)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stt") / "corpus"
    assert main(["--style", "stt", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def calls(corpus) -> list[dict[str, str]]:
    return read_csv(corpus / "gold" / "transcript_calls.csv")


@pytest.fixture(scope="session")
def spans(corpus) -> list[dict[str, str]]:
    return read_csv(corpus / "gold" / "transcript_spans.csv")


@pytest.fixture(scope="session")
def turns(corpus, calls) -> dict[str, list[tuple[str, str]]]:
    return {c["source"]: read_turns(corpus / "transcripts" / c["source"], c["format"]) for c in calls}


def outside_spans(text: str, rows: list[dict[str, str]]) -> str:
    """The turn with its gold spans blanked out."""
    for s in rows:
        text = text[:int(s["start"])] + " " * (int(s["end"]) - int(s["start"])) + text[int(s["end"]):]
    return text


@pytest.fixture(scope="session")
def plain_text(turns, spans) -> dict[str, str]:
    """Per language, the words of every turn outside the gold spans."""
    by_turn: dict[tuple[str, int], list] = {}
    for s in spans:
        by_turn.setdefault((s["source"], int(s["turn"])), []).append(s)
    out = {lang: [] for lang in LANGS}
    for source, file_turns in turns.items():
        for i, (_, text) in enumerate(file_turns):
            lang = next((s["language"] for s in by_turn.get((source, i), [])), None)
            out.setdefault(lang or "?", []).append(" ".join(outside_spans(text, by_turn.get((source, i), [])).split()))
    return {lang: "\n".join(texts) for lang, texts in out.items()}


# --- the command and its files -----------------------------------------------------------------
def test_command_writes_transcripts_and_gold(corpus, calls):
    files = sorted(p.relative_to(corpus / "transcripts").as_posix() for p in (corpus / "transcripts").rglob("*")
                   if p.is_file())
    assert files == sorted(c["source"] for c in calls)
    assert 40 <= len(calls) <= 80
    assert {c["format"] for c in calls} == set(FORMATS)
    assert {c["source"].split("/")[0] for c in calls} == set(REGION)
    assert Counter(c["languages"] for c in calls).keys() == set(LANGS)
    assert min(Counter(c["languages"] for c in calls).values()) >= 15
    assert read_csv(corpus / "gold" / "transcript_errors.csv") == []
    assert not (corpus / "exports").exists() and (corpus / "README.md").exists()
    for c in calls:
        suffix = Path(c["source"]).suffix
        assert suffix == (f".{c['format']}" if c["format"] in ("txt", "vtt", "srt") else ".json")


def test_only_does_not_apply_to_the_stt_style_and_out_is_required(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--style", "stt", "--out", str(tmp_path), "--only", "crm"])
    assert "--only" in capsys.readouterr().err
    with pytest.raises(SystemExit):                     # never over the committed data_samples
        main(["--style", "stt"])
    assert "--out" in capsys.readouterr().err


def test_refuses_a_default_dataset_directory(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "transcripts").mkdir()
    with pytest.raises(ValueError, match="default sample dataset"):
        main(["--style", "stt", "--out", str(tmp_path)])
    assert (tmp_path / "transcripts").exists()


def test_same_seed_same_bytes_other_seed_other_calls(corpus, tmp_path):
    main(["--style", "stt", "--out", str(tmp_path / "again")])
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        assert (tmp_path / "again" / path.relative_to(corpus)).read_bytes() == path.read_bytes(), path
    main(["--style", "stt", "--out", str(tmp_path / "other"), "--seed", "7"])
    assert (tmp_path / "other" / "gold" / "transcript_spans.csv").read_bytes() != \
        (corpus / "gold" / "transcript_spans.csv").read_bytes()


# --- gold ----------------------------------------------------------------------------------------
def test_every_span_is_the_text_at_its_offsets(calls, spans, turns):
    fmt = {c["source"]: c["format"] for c in calls}
    for s in spans:
        speaker, text = turns[s["source"]][int(s["turn"])]
        assert text[int(s["start"]):int(s["end"])] == s["text"], s
        assert speaker in SPEAKERS[fmt[s["source"]]], s
        # the gold names speakers as ccaudit's readers do: Azure's 1 is "Speaker 1"
        assert s["speaker"] == (f"Speaker {speaker}" if fmt[s["source"]] == "azure" else speaker), s
    for c in calls:
        assert len(turns[c["source"]]) == int(c["turns"])


def test_ccaudit_readers_agree_on_the_default_formats(corpus, calls, spans, turns):
    from ccaudit.errors import ReaderError
    from ccaudit.sources.transcripts import read_transcript

    engine = {c["source"] for c in calls if c["format"] in ENGINE_FORMATS}
    read = {}
    for c in calls:
        try:
            read[c["source"]] = [t.text for t in read_transcript(corpus / "transcripts" / c["source"]).turns]
        except ReaderError:
            assert c["source"] in engine, c          # an engine format ccaudit cannot read yet
    for source, texts in read.items():
        assert texts == [t for _, t in turns[source]], source
    for s in spans:
        if s["source"] in read:
            assert read[s["source"]][int(s["turn"])][int(s["start"]):int(s["end"])] == s["text"], s


def test_spans_are_within_turns_and_do_not_overlap(spans):
    by_turn: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for s in spans:
        assert s["spoken"] in ("true", "false") and s["text"] == s["text"].strip() and s["text"]
        by_turn.setdefault((s["source"], s["turn"]), []).append((int(s["start"]), int(s["end"])))
    for ranges in by_turn.values():
        ranges.sort()
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])), ranges


def test_enough_spans_per_entity_for_recall_targets(spans):
    counts = Counter(s["entity_type"] for s in spans)
    assert counts["PERSON"] >= 80 and counts["LOCATION"] >= 60, counts
    assert all(counts[e] >= 30 for e in IDENTIFIERS), counts
    per_lang = Counter((s["entity_type"], s["language"]) for s in spans)
    assert all(per_lang[("PERSON", lang)] >= 20 and per_lang[("LOCATION", lang)] >= 15 for lang in LANGS), per_lang


# --- the style -----------------------------------------------------------------------------------
def test_lower_case_without_punctuation(turns):
    for source, file_turns in turns.items():
        for _, text in file_turns:
            assert text == text.lower() and not PUNCTUATION.search(text), (source, text)
            assert text == text.strip() and "  " not in text, (source, text)


def test_fillers_and_repeated_words(plain_text):
    for filler in FILLERS:
        lang = "en" if filler in ("um", "uh", "you know") else "nl"
        assert re.search(rf"\b{filler}\b", plain_text[lang]), filler
    assert re.search(r"\b(euh|bon|allez)\b", plain_text["fr"])
    for lang in LANGS:
        assert re.search(r"\b(\w{2,5}) \1\b", plain_text[lang]), lang       # "mijn mijn naam is"


def _spelled(spans):
    return [s for s in spans if s["entity_type"] == "PERSON" and s["spoken"] == "true"]


def decode_spelling(text: str, lang: str) -> str:
    """The letters a spelled name stands for, by the style's conventions."""
    words = text.replace("-", " ").split() if re.fullmatch(r"[a-z](-[a-z])+", text) else text.split()
    nato = {w: w[0] for w in NATO}
    alphabet = {w: chr(97 + i) for i, ws in enumerate(ALPHABET.get(lang, [])) for w in ws}
    out, i = [], 0
    while i < len(words):
        w = words[i]
        if len(w) == 1:
            out.append(w)
            if words[i + 1:i + 3] and words[i + 1] in ("zoals", "comme", "for"):
                i += 2
            elif words[i + 1:i + 3] == ["as", "in"]:
                i += 3
        elif w in ("dubbel", "double", "deux"):
            out.append(words[i + 1] * 2)
            i += 1
        elif w in nato and w not in alphabet:
            out.append(nato[w])
        else:
            out.append(alphabet.get(w, nato.get(w, "?")))
        i += 1
    return "".join(out)


def test_spelled_names_spell_a_surname_said_in_the_call(spans):
    said: dict[str, set[str]] = {}
    for s in spans:
        if s["entity_type"] == "PERSON" and s["spoken"] == "false":
            words = s["text"].split()                  # "khalid ben said": also "ben said", "said"
            said.setdefault(s["call_id"], set()).update(name_letters(" ".join(words[i:])) for i in range(len(words)))
    spelled = _spelled(spans)
    assert len(spelled) >= 40
    for s in spelled:
        assert decode_spelling(s["text"], s["language"]) in said[s["call_id"]], s


@pytest.mark.parametrize("style, pattern, langs", [
    ("letters", r"[a-z]( ([a-z]|dubbel [a-z]|double [a-z]|deux [a-z]))+", LANGS),
    ("dashes", r"[a-z](-[a-z])+", LANGS),
    ("zoals", r"[a-z] zoals \w+ .*", ("nl",)),
    ("comme", r"[a-z] comme \w+ .*", ("fr",)),
    ("as in", r"[a-z] (as in|for) \S+ .*", ("en",)),
    ("nato", r"(papa|echo|tango|romeo|sierra|alpha|bravo|charlie|delta|foxtrot|golf|hotel|india|juliet|kilo|lima|"
             r"mike|november|oscar|quebec|uniform|victor|whiskey|x-ray|yankee|zulu)( \S+){2,}", LANGS),
    ("dutch alphabet", r"(anton|bernard|cornelis|dirk|eduard|ferdinand|gerard|hendrik|izaak|jan|karel|lodewijk|marie|"
                       r"nico|otto|pieter|rudolf|simon|theodoor|utrecht|willem|zaandam)( \S+){2,}", ("nl",)),
    ("french alphabet", r"(anatole|berthe|célestin|désiré|eugène|françois|gaston|henri|irma|joseph|louis|marcel|"
                        r"nicolas|pierre|paul|raoul|suzanne|thérèse|ursule)( \S+){2,}", ("fr",)),
])
def test_names_are_spelled_in_every_style(spans, style, pattern, langs):
    found = [s for s in _spelled(spans) if s["language"] in langs and re.fullmatch(pattern, s["text"])]
    assert found, style
    if style == "nato":
        assert any(all(w in NATO for w in s["text"].split()) for s in found)


def test_a_spelled_name_follows_the_name_as_its_own_span(spans):
    by_turn: dict[tuple[str, str], list[dict]] = {}
    for s in spans:
        by_turn.setdefault((s["source"], s["turn"]), []).append(s)
    pairs = [(a, b) for rows in by_turn.values() for a, b in zip(rows, rows[1:])
             if a["entity_type"] == b["entity_type"] == "PERSON" and a["spoken"] == "false" and b["spoken"] == "true"]
    assert len(pairs) >= 10
    assert all(int(a["end"]) < int(b["start"]) for a, b in pairs)


def test_names_of_many_origins_with_particles(spans):
    names = [s["text"] for s in spans if s["entity_type"] == "PERSON" and s["spoken"] == "false"]
    surnames = {n.split(" ", 1)[1] if " " in n else n for n in names} | set(names)
    pools = name_pools(DEFAULT_SEED)
    for origin in ORIGINS:                              # Flemish … Moroccan, Turkish, Congolese, Polish …
        pool = pools[origin]
        assert surnames & set(pool.last[True] + pool.last[False] + pool.particle_last[True]
                              + pool.particle_last[False]), origin
    text = "\n".join(names)
    for particles in ("van|de|den|der|vande|vanden|ter|ten", "el|ben|ait", "di|lo|la|le|da|dos|du"):
        assert re.search(rf"(^| )({particles}) \w+", text, re.M), particles
    assert any(n.endswith(last) for n in names for last in MOROCCAN[2] if " " in last)
    assert any(n.endswith(last) for n in names for last in CONGOLESE[2])
    mid = [s for s in spans if s["entity_type"] == "PERSON" and " " in s["text"] and s["spoken"] == "false"
           and int(s["start"]) > 0]
    assert mid


def test_places_in_each_languages_word_order(spans, turns):
    locs = [s for s in spans if s["entity_type"] == "LOCATION"]
    by_lang = {lang: "\n".join(s["text"] for s in locs if s["language"] == lang) for lang in LANGS}
    assert re.search(r"(straat|laan|weg|plein|dreef|markt)( \S+)* (één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|"
                     r"elf|twaalf|\w+tig|\w+tien)\b", by_lang["nl"])                          # kerkstraat twaalf
    assert re.search(r"^(rue|avenue|chaussée|place|boulevard)\b[^\n]*? (\d+|un|deux|trois|quatre|cinq|six|sept|huit|"
                     r"neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|"
                     r"septante|quatre-vingt|nonante)\b", by_lang["fr"], re.M)            # rue de la loi seize
    assert re.search(r"^(\d+|\w+) (rue|avenue|allée|boulevard|place|impasse|chemin)\b", by_lang["fr"], re.M)  # 12 rue …
    assert re.search(r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)( \w+)? "
                     r"(high street|station road|church lane|victoria road|park avenue|mill lane|the green|manor road)",
                     by_lang["en"], re.M)                                                   # twelve high street
    assert re.search(r"\bduizend\b|duizend ", by_lang["nl"]) and re.search(r"\bmille\b", by_lang["fr"])
    assert re.search(r" \d{4} \S+$", by_lang["nl"], re.M)                                  # 2000 antwerpen
    alone = [s for s in locs if " " not in s["text"] or not re.search(r"\d| (un|één|one)\b", s["text"])]
    contexts = [turns[s["source"]][int(s["turn"])][1][:int(s["start"])] for s in alone]
    assert any(c.endswith(("woon in ", "habite à ", "live in ")) for c in contexts)


# --- numbers and identifiers -------------------------------------------------------------------
def values(spans, entity):
    return [s for s in spans if s["entity_type"] == entity]


def test_numbers_partly_digits_partly_words(spans):
    phones = [s["text"] for s in values(spans, "PHONE_NUMBER")]
    assert any(re.search(r"\d", p) and re.search(r"[a-zé]{3,}", p) for p in phones)
    texts = "\n".join(s["text"] for s in spans if s["language"] == "en")
    assert re.search(r"\bdouble (oh|zero|one|two|three|four|five|six|seven|eight|nine)\b", texts)
    assert re.search(r"\btriple (oh|zero|one|two|three|four|five|six|seven|eight|nine)\b", texts)
    assert re.search(r"\bdubbel (nul|één|twee|drie|vier|vijf|zes|zeven|acht|negen)\b",
                     "\n".join(s["text"] for s in spans if s["language"] == "nl" and s["entity_type"] != "PERSON"))


def check_identifier(entity: str, value: str, region: str) -> bool:
    if entity == "PHONE_NUMBER":
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(value, region))
        except phonenumbers.NumberParseException:
            return False
    return {"IBAN_CODE": iban.is_valid, "CREDIT_CARD": luhn.is_valid, "NL_BSN": bsn.is_valid, "FR_NIR": nir.is_valid,
            "BE_NATIONAL_NUMBER": lambda v: nn.is_valid(v) or bis.is_valid(v)}[entity](value)


@pytest.mark.parametrize("entity", ["PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "BE_NATIONAL_NUMBER", "NL_BSN",
                                    "FR_NIR"])
def test_identifiers_read_back_valid(spans, entity):
    """Written ones as they stand, spoken ones as a listener writes them down."""
    for s in values(spans, entity):
        value = heard(s["text"], s["language"]) if s["spoken"] == "true" else s["text"].replace(" ", "")
        assert check_identifier(entity, value, REGION[s["source"].split("/")[0]]), s
    spoken = Counter(s["spoken"] for s in values(spans, entity))
    assert spoken["true"] >= 5 and (spoken["false"] >= 5 or entity == "PHONE_NUMBER"), spoken


def test_ibans_in_lower_case_grouped_compact_and_spelled(spans):
    written = [s["text"] for s in values(spans, "IBAN_CODE") if s["spoken"] == "false"]
    assert all(t == t.lower() and iban.is_valid(t) for t in written)
    assert any(re.fullmatch(r"[a-z]{2}\d{2}( [a-z0-9]{1,4})+", t) for t in written)       # be79 3329 8094 3733
    assert any(re.fullmatch(r"[a-z]{2}\d{2}[a-z0-9]{10,}", t) for t in written)          # nl91abna0417164300
    spelled = [s["text"] for s in values(spans, "IBAN_CODE") if s["spoken"] == "true"]
    assert any(re.match(r"[a-z] [a-z] (zero|one|two|three|four|five|six|seven|eight|nine|oh) ", t) for t in spelled)


def test_international_phones_are_valid(spans):
    foreign = [s for s in values(spans, "PHONE_NUMBER") if re.match(r"\+|00", s["text"])]
    assert len(foreign) >= 5
    for s in foreign:
        number = phonenumbers.parse(s["text"], "BE")
        assert phonenumbers.is_valid_number(number), s
    codes = {phonenumbers.parse(s["text"], "BE").country_code for s in foreign}
    assert len(codes - {32}) >= 4
    spoken = [heard(s["text"], s["language"]) for s in values(spans, "PHONE_NUMBER")
              if s["spoken"] == "true" and re.match(r"plus|zero zero|nul nul|zéro zéro", s["text"])]
    assert spoken and all(phonenumbers.is_valid_number(phonenumbers.parse(v, "BE")) for v in spoken)


def test_a_belgian_mobile_said_in_english(spans):
    said = [s for s in values(spans, "PHONE_NUMBER") if s["language"] == "en" and s["spoken"] == "true"
            and REGION[s["source"].split("/")[0]] == "BE" and re.match(r"(zero|oh) four", s["text"])]
    assert said
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(heard(s["text"], "en"), "BE")) for s in said)


def test_emails_said_with_their_separators(spans):
    emails = [s for s in values(spans, "EMAIL_ADDRESS")]
    assert all(s["spoken"] == "true" and "@" not in s["text"] for s in emails)
    text = "\n".join(s["text"] for s in emails)
    for word in ("punt", "point", "dot", " at ", "arobase"):
        assert word in text, word
    assert re.search(r"^([a-z] ){2,}[a-z] (punt|point|dot|at|arobase|apenstaartje) ", text, re.M)   # j a n dot …


def test_dates_of_birth_in_words_and_digits(spans):
    dates = values(spans, "DATE_OF_BIRTH")
    assert {s["spoken"] for s in dates} == {"true", "false"}
    text = "\n".join(s["text"] for s in dates)
    assert re.search(r"negentien \w+|mille neuf cent|nineteen \w+", text)
    assert re.search(r"\b(19|20)\d\d\b", text)


# --- engine formats ----------------------------------------------------------------------------
def engine_docs(corpus, calls, fmt):
    return [(c, json.loads((corpus / "transcripts" / c["source"]).read_text(encoding="utf-8")))
            for c in calls if c["format"] == fmt]


def test_whisper_shape(corpus, calls):
    docs = engine_docs(corpus, calls, "whisper")
    assert docs
    for c, doc in docs:
        assert doc["language"] == c["languages"] and doc["text"] == "".join(s["text"] for s in doc["segments"])
        for i, seg in enumerate(doc["segments"]):
            assert seg["id"] == i and seg["text"].startswith(" ") and seg["start"] < seg["end"]
            assert all(w["word"].startswith(" ") and 0 < w["probability"] <= 1 for w in seg["words"])
            assert "".join(w["word"] for w in seg["words"]) == seg["text"]
        assert (corpus / "transcripts" / c["source"]).read_text(encoding="utf-8").isascii()


def test_whisperx_shape(corpus, calls):
    docs = engine_docs(corpus, calls, "whisperx")
    untimed = 0
    for c, doc in docs:
        assert doc["language"] == c["languages"]
        assert [s["speaker"] for s in doc["segments"]][:2] == ["SPEAKER_00", "SPEAKER_01"]
        for seg in doc["segments"]:
            assert " ".join(w["word"] for w in seg["words"]) == seg["text"].strip()
            for w in seg["words"]:
                if any(ch.isdigit() for ch in w["word"]):
                    assert set(w) == {"word"}
                    untimed += 1
                else:
                    assert w["speaker"] == seg["speaker"] and w["start"] < w["end"] and 0 < w["score"] <= 1
        assert doc["word_segments"] == [w for s in doc["segments"] for w in s["words"]]
    assert docs and untimed


def test_vosk_shape(corpus, calls):
    docs = engine_docs(corpus, calls, "vosk")
    assert docs
    for _, doc in docs:
        assert isinstance(doc, list)
        for utt in doc:
            assert utt["text"] == " ".join(w["word"] for w in utt["result"])
            assert not re.search(r"\d", utt["text"])                       # Vosk says numbers in words
            assert all(set(w) == {"conf", "end", "start", "word"} for w in utt["result"])


def test_azure_shape(corpus, calls):
    docs = engine_docs(corpus, calls, "azure")
    assert docs
    for c, doc in docs:
        assert {"source", "timestamp", "durationInTicks", "recognizedPhrases"} <= set(doc)
        for p in doc["recognizedPhrases"]:
            assert p["recognitionStatus"] == "Success" and p["channel"] == 0 and p["speaker"] in (1, 2)
            assert re.fullmatch(r"PT(\d+M)?\d+(\.\d+)?S", p["offset"]) and re.fullmatch(r"PT(\d+M)?\d+(\.\d+)?S",
                                                                                        p["duration"])
            assert isinstance(p["offsetInTicks"], float) and isinstance(p["durationInTicks"], float)
            best = p["nBest"][0]
            assert {"confidence", "lexical", "itn", "maskedITN", "display", "words"} <= set(best)
            assert " ".join(w["word"] for w in best["words"]) == best["display"]
            assert all({"word", "offsetInTicks", "durationInTicks", "confidence"} <= set(w) for w in best["words"])
