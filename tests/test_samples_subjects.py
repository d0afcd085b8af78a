"""Tests of the planted data subjects (``ccaudit.samples.subjects``) and ``gold/subjects.csv``.

Every gold row is followed back to its record, read with ccaudit's own readers
(``read_tables``, ``read_transcript``); the identifier found there is checked with
python-stdnum / phonenumbers, and the records of one subject must be connected through
identifiers they really share, transitively, while different subjects (the name twins
above all) share none. Spoken values are turned back into text with the generator's own
word tables (not ccaudit's spoken-number normaliser), so these tests check the data set.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import phonenumbers
import pytest
from stdnum import iban
from stdnum.be import bis, nn
from stdnum.fr import nir
from stdnum.nl import bsn

from ccaudit.sources.tables import read_tables
from ccaudit.samples import generate
from ccaudit.samples.__main__ import main
from ccaudit.samples.subjects import PATTERNS, plan_subjects
from ccaudit.samples.transcripts_speech import EMAIL_WORDS, number_words
from ccaudit.sources.transcripts import read_transcript

COLUMNS = ["subject", "kind", "source", "sheet", "row", "call_id", "turn", "identifier_type", "spelling",
           "name_twin"]
REGIONS = ("BE", "NL", "FR")
# How each spelling category looks (spoken values are words, checked through the span gold).
SPELLINGS = {
    "phone": {"e164": r"\+\d{10,12}", "0032": r"00\d{10,12}", "international_spaced": r"\+\d\d \d+( \d+)+",
              "national_spaced": r"0\d+( \d+)+", "slashes_dots": r"0\d+/\d\d(\.\d\d)+",
              "national_compact": r"0\d{9}", "national_dash": r"0\d-\d{8}", "national_dots": r"0\d(\.\d\d){4}"},
    "email": {"lower_case": r"[a-z0-9._-]+@[a-z0-9.-]+", "upper_case": r"[A-Z0-9._-]+@[A-Z0-9.-]+",
              "mixed_case": r"(?=.*[A-Z])(?=.*[a-z])[A-Za-z0-9._-]+@[A-Za-z0-9.-]+"},
    "national_number": {"formatted": r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", "compact": r"\d{11}|\d{15}",
                        "spaced": r"\d \d\d \d\d \d\d \d{3} \d{3} \d\d"},
    "bsn": {"compact": r"\d{9}"},
    "iban": {"grouped": r"[A-Z]{2}\d\d( [A-Z0-9]{1,4})+", "compact": r"[A-Z]{2}\d\d[A-Z0-9]{10,30}"},
}
ENTITY_TYPE = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "BE_NATIONAL_NUMBER": "national_number",
               "FR_NIR": "national_number", "NL_BSN": "bsn", "IBAN_CODE": "iban"}
# where a record's name is, to check the name twins
NAME_FIELDS = {
    "brightbank/crm_export_2026-10.csv": ("voornaam", "achternaam"),
    "callcenter/callbacks_2026-11.ndjson": ("customer_name",),
    "callcenter/call_list_week47.csv": ("first_name", "last_name"),
    "callcenter/staff.parquet": ("full_name",),
    "nlenergie/klanten.json": ("persoon.naam",),
    "telecomfr/clients_2026T3.xlsx": ("prénom", "nom"),
}


# --- reading values back ---------------------------------------------------------------------
def readings(id_type: str, text: str) -> set[str]:
    """The canonical values ``text`` can be as an ``id_type`` (a national phone spelling may
    be valid in more than one country); empty when it is not a valid identifier."""
    text = text.strip()
    if id_type == "email":
        return {text.lower()} if re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text) else set()
    if id_type == "phone":
        compact = re.sub(r"[^\d+]", "", text)
        compact = "+" + compact[2:] if compact.startswith("00") else compact
        out = set()
        for region in ([None] if compact.startswith("+") else REGIONS):
            try:
                number = phonenumbers.parse(compact, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                out.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        return out
    if id_type == "iban":
        compact = iban.compact(text)
        return {compact} if iban.is_valid(compact) else set()
    digits = re.sub(r"\D", "", text)
    if id_type == "bsn":
        return {digits} if bsn.is_valid(digits) else set()
    valid = nn.is_valid(digits) or bis.is_valid(digits) if len(digits) == 11 else nir.is_valid(digits)
    return {digits} if valid else set()


def unspeak(text: str, lang: str) -> str:
    """Words back to what was said: "nul vier zeven vijf, twaalf" -> "047512",
    "jan punt peeters vierendertig at xs vier all punt nl" -> "jan.peeters34@xs4all.nl".
    Numbers are single (hyphenated) words or "soixante et onze"; the longest match wins."""
    vocabulary = {tuple(word.split()): sep for sep, word in EMAIL_WORDS[lang].items()}
    for n in range(100):
        for belgian in (False, True):
            vocabulary[tuple(number_words(n, lang, belgian).split())] = str(n) if n < 10 else f"{n:02d}"
    tokens, out, i = text.replace(",", " ").split(), [], 0
    while i < len(tokens):
        size = next((k for k in (3, 2, 1) if tuple(tokens[i:i + k]) in vocabulary), 0)
        out.append(vocabulary[tuple(tokens[i:i + size])] if size else tokens[i])
        i += size or 1
    return "".join(out)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def record_key(row: dict[str, str]) -> tuple:
    return row["kind"], row["source"], row["sheet"], row["row"], row["call_id"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("subjects")
    generate(out)
    return out


@pytest.fixture(scope="module")
def gold(sample) -> list[dict[str, str]]:
    return read_csv(sample / "gold" / "subjects.csv")


@pytest.fixture(scope="module")
def records(sample) -> dict[tuple[str, str], dict[int, dict[str, str | None]]]:
    """{(source, sheet): {row: {column: text}}} of every readable export, via ccaudit's readers."""
    out: dict = defaultdict(dict)
    for row in read_csv(sample / "gold" / "columns.csv"):
        key = (row["source"], row["sheet"])
        if key in out:
            continue
        for chunk in read_tables(sample / "exports" / row["source"]):
            for index, values in zip(chunk.frame.index, chunk.frame.to_dict("records")):
                out[(row["source"], chunk.sheet)][int(index)] = values
    return out


@pytest.fixture(scope="module")
def spans(sample) -> dict[tuple[str, int], list[dict[str, str]]]:
    out = defaultdict(list)
    for span in read_csv(sample / "gold" / "transcript_spans.csv"):
        out[(span["call_id"], int(span["turn"]))].append(span)
    return out


@pytest.fixture(scope="module")
def values(sample, gold, records, spans) -> list[set[str]]:
    """The canonical value(s) each gold row points at, read back from its record."""
    turns: dict[str, list[str]] = {}
    out = []
    for row in gold:
        id_type, spelling = row["identifier_type"], row["spelling"]
        if row["kind"] == "export":
            cells = records[(row["source"], row["sheet"])][int(row["row"])].values()
            pattern = SPELLINGS[id_type][spelling]
            found = [readings(id_type, c) for c in cells if c and re.fullmatch(pattern, c)]
        else:
            if row["source"] not in turns:
                turns[row["source"]] = [t.text for t in read_transcript(sample / "transcripts" / row["source"]).turns]
            text = turns[row["source"]][int(row["turn"])]
            found = []
            for span in spans[(row["call_id"], int(row["turn"]))]:
                if ENTITY_TYPE.get(span["entity_type"]) != id_type:
                    continue
                said = text[int(span["start"]):int(span["end"])]
                assert said == span["text"]
                assert (span["spoken"] == "true") == (spelling == "spoken"), row
                if spelling == "spoken":
                    said = unspeak(said, span["language"])
                else:
                    assert re.fullmatch(SPELLINGS[id_type][spelling], said), (row, said)
                found.append(readings(id_type, said))
        found = [f for f in found if f]
        assert len(found) == 1, f"{row}: {len(found)} valid {id_type} values spelled {spelling}"
        out.append(found[0])
    return out


# --- the file ------------------------------------------------------------------------------------
def test_gold_columns_and_vocabulary(sample, gold):
    with open(sample / "gold" / "subjects.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    for row in gold:
        assert re.fullmatch(r"S\d\d+", row["subject"]), row
        assert row["identifier_type"] in SPELLINGS, row
        assert row["spelling"] in SPELLINGS[row["identifier_type"]] or row["spelling"] == "spoken", row
        assert row["name_twin"] in ("true", "false"), row
        if row["kind"] == "export":
            assert row["row"].isdigit() and row["call_id"] == row["turn"] == "" and row["spelling"] != "spoken", row
        else:
            assert row["kind"] == "transcript", row
            assert row["row"] == row["sheet"] == "" and row["turn"].isdigit(), row
            assert row["source"].endswith(f"{row['call_id']}.{row['source'].rsplit('.', 1)[1]}"), row
    assert len({tuple(r.values()) for r in gold}) == len(gold), "a row is listed twice"
    assert gold == sorted(gold, key=lambda r: (r["subject"], r["kind"])), "not sorted by subject"


def test_every_row_points_at_a_real_record_with_a_valid_identifier(values, gold):
    assert len(values) == len(gold) >= 50


def test_records_of_a_subject_are_connected_through_shared_identifiers(gold, values):
    by_subject: dict[str, dict[tuple, dict[str, set]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for row, found in zip(gold, values):
        by_subject[row["subject"]][record_key(row)][row["identifier_type"]] |= found
    for subject, recs in by_subject.items():
        keys = list(recs)
        assert len(keys) >= 2, subject

        def share(a, b):
            return any(recs[a][t] & recs[b].get(t, set()) for t in recs[a])

        # every row is shared with another record of its subject
        for key in keys:
            assert any(share(key, other) for other in keys if other != key), (subject, key)
        reached, todo = {keys[0]}, [keys[0]]
        while todo:
            here = todo.pop()
            for other in keys:
                if other not in reached and share(here, other):
                    reached.add(other)
                    todo.append(other)
        assert reached == set(keys), f"{subject} falls apart: {set(keys) - reached}"


def subject_values(gold, values) -> dict[str, set[tuple[str, str]]]:
    """(type, value) of each subject, only the readings its records agree on."""
    rows: dict[str, list] = defaultdict(list)
    for row, found in zip(gold, values):
        rows[row["subject"]].append((record_key(row), row["identifier_type"], found))
    out = {}
    for subject, items in rows.items():
        out[subject] = {(t, v) for key, t, found in items for v in found
                        if any(v in f for k, t2, f in items if k != key and t2 == t)}
    return out


def test_subjects_share_no_identifier_and_twins_share_a_name(gold, values, records):
    own = subject_values(gold, values)
    subjects = sorted(own)
    for i, a in enumerate(subjects):
        for b in subjects[i + 1:]:
            assert not own[a] & own[b], (a, b)
    names: dict[str, set[str]] = defaultdict(set)
    for row in gold:
        if row["kind"] == "export":
            record = records[(row["source"], row["sheet"])][int(row["row"])]
            names[row["subject"]].add(" ".join(record[c] for c in NAME_FIELDS[row["source"]]))
    twins = sorted({r["subject"] for r in gold if r["name_twin"] == "true"})
    assert len(twins) >= 2 and len(twins) % 2 == 0
    for a, b in zip(twins[::2], twins[1::2]):
        assert len(names[a]) == len(names[b]) == 1 and names[a] == names[b], (a, b, names[a], names[b])
    assert all(len(names[s]) == 1 for s in subjects), "a subject's records carry different names"


def test_no_other_record_holds_a_planted_identifier(sample, gold, values, records, spans):
    own = subject_values(gold, values)
    owner = {v: s for s, vs in own.items() for v in vs}
    listed = {(r["subject"], record_key(r)) for r in gold}
    entity_columns = [(r["source"], r["sheet"], r["column"], ENTITY_TYPE[r["entities"]])
                      for r in read_csv(sample / "gold" / "columns.csv") if r["entities"] in ENTITY_TYPE]
    checked = 0
    for source, sheet, column, id_type in entity_columns:
        for i, record in records[(source, sheet)].items():
            if record.get(column):
                checked += 1
                for value in readings(id_type, record[column]):
                    if (id_type, value) in owner:
                        key = ("export", source, sheet, str(i), "")
                        assert (owner[(id_type, value)], key) in listed, (source, sheet, i, column)
    for (call_id, _), call_spans in spans.items():
        for span in call_spans:
            id_type = ENTITY_TYPE.get(span["entity_type"])
            if id_type is None:
                continue
            text = unspeak(span["text"], span["language"]) if span["spoken"] == "true" else span["text"]
            for value in readings(id_type, text):
                if (id_type, value) in owner:
                    key = ("transcript", span["source"], "", "", call_id)
                    assert (owner[(id_type, value)], key) in listed, span
    assert checked > 3000


# --- what is planted -------------------------------------------------------------------------------
def test_the_planted_cases_are_all_there(gold, values):
    subjects = {r["subject"] for r in gold}
    assert len(subjects) == 12
    one = [(r, v) for r, v in zip(gold, values) if r["subject"] == "S01" and r["identifier_type"] == "phone"]
    assert {r["spelling"] for r, _ in one} >= {"national_spaced", "slashes_dots", "international_spaced", "e164",
                                               "0032", "spoken"}
    assert len(set.intersection(*(v for _, v in one))) == 1, "S01's spellings are not one number"
    spellings = {(r["identifier_type"], r["spelling"]) for r in gold}
    assert {("email", "upper_case"), ("email", "mixed_case"), ("phone", "spoken"), ("bsn", "spoken"),
            ("national_number", "formatted"), ("national_number", "compact"), ("iban", "grouped"),
            ("iban", "compact")} <= spellings
    kinds = defaultdict(set)
    for r in gold:
        kinds[r["subject"]].add(r["kind"])
    assert sum("transcript" in k for k in kinds.values()) >= 8
    sources = {r["source"] for r in gold if r["kind"] == "export"}
    assert len(sources) == 6 and any(r["sheet"] == "Clients" for r in gold)
    assert {r["source"].split("/")[0] for r in gold if r["kind"] == "transcript"} == {
        "brightbank", "callcenter", "nlenergie", "telecomfr"}


def test_chains_link_records_that_share_nothing(gold, values):
    """S02 and S06: A and B share a phone, B and C an e-mail; A and C share nothing."""
    for subject in ("S02", "S06"):
        recs: dict[tuple, set] = defaultdict(set)
        for row, found in zip(gold, values):
            if row["subject"] == subject:
                recs[record_key(row)] |= {(row["identifier_type"], v) for v in found}
        keys = list(recs)
        apart = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:] if not recs[a] & recs[b]]
        assert any(a[1] != b[1] and "callbacks" in a[1] + b[1] and "telecomfr" in a[1] + b[1]
                   for a, b in apart), subject


@pytest.mark.parametrize(("text", "lang", "said"), [
    ("nul vier zeven vijf, twaalf, vierendertig, zesenvijftig", "nl", "0475123456"),
    ("zéro quatre septante-cinq douze trente-quatre soixante et onze", "fr", "0475123471"),
    ("zéro six soixante douze", "fr", "066012"),
    ("zero four seven five, one two", "en", "047512"),
    ("marie point dubois tiret bas dix-huit arobase orange point fr", "fr", "marie.dubois_18@orange.fr"),
    ("jan punt peeters at xs vier all punt nl", "nl", "jan.peeters@xs4all.nl"),
])
def test_unspeak(text, lang, said):
    assert unspeak(text, lang) == said


def test_spoken_rows_match_spoken_gold_spans(gold, spans):
    spoken = [r for r in gold if r["spelling"] == "spoken"]
    assert len(spoken) >= 4
    for row in spoken:
        assert any(s["spoken"] == "true" and ENTITY_TYPE.get(s["entity_type"]) == row["identifier_type"]
                   for s in spans[(row["call_id"], int(row["turn"]))]), row


# --- determinism and scale -------------------------------------------------------------------------
def test_same_seed_gives_the_same_subjects(tmp_path, sample):
    only = "crm,callbacks,calllist,telecom"
    for name in ("a", "b"):
        assert main(["--out", str(tmp_path / name), "--only", only]) == 0
    a, b = (tmp_path / name / "gold" / "subjects.csv" for name in ("a", "b"))
    assert a.read_bytes() == b.read_bytes()
    partial = read_csv(a)
    assert len(partial) > 10
    full = {tuple(r.values()) for r in read_csv(sample / "gold" / "subjects.csv")}
    assert {tuple(r.values()) for r in partial} <= full
    assert {r["source"] for r in partial} <= {
        "brightbank/crm_export_2026-10.csv", "callcenter/callbacks_2026-11.ndjson",
        "callcenter/call_list_week47.csv", "telecomfr/clients_2026T3.xlsx"}


def test_another_seed_plants_other_people(tmp_path):
    assert main(["--out", str(tmp_path), "--only", "crm,callbacks", "--seed", "7"]) == 0
    assert read_csv(tmp_path / "gold" / "subjects.csv")
    assert plan_subjects(7, 1).people[0].email != plan_subjects(20261101, 1).people[0].email


@pytest.mark.parametrize("scale", [1, 2, 200])
def test_subject_count_scales_with_a_cap(scale):
    plan = plan_subjects(20261101, scale)
    assert len(plan.people) == min(12 * scale, 1200)
    assert len({p.subject for p in plan.people}) == len(plan.people)
    twins = [p for p in plan.people if p.twin]
    assert len(twins) == 2 * len(plan.people) // len(PATTERNS)
    for a, b in zip(twins[::2], twins[1::2]):
        assert (a.first, a.last) == (b.first, b.last) and a.email != b.email and a.phone != b.phone
