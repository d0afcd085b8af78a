"""Transcript discovery end to end on the committed sample calls, scored against the gold.

The analyzer is built once and the sample transcripts are scanned once (with redacted copies)
per module; the small date-of-birth calls are written in tmp and scanned with the same analyzer.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.detect.dutch import DeduceRecognizer
from ccaudit.detect.evaluate import load_gold_spans, match_spans, span_scores
from ccaudit.detect.recognizers import find_dates, has_birth_context
from ccaudit.detect.spoken import normalise
from ccaudit.sources.transcripts import read_transcript
from ccaudit.detect.analyzer import build_transcript_analyzer
from ccaudit.errors import CcauditError
from ccaudit.detect.transcripts import (
    CALLS,
    FINDINGS,
    scan_transcripts,
    speaker_roles,
)

TODAY = date(2026, 11, 28)
NATIONAL = {"BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR"}
IDENTIFIERS = {"EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD"} | NATIONAL
# Speaker labels of the sample calls that belong to the agent (spk_0 speaks first).
AGENT_LABELS = {"agent", "spk_0"}


def rel(source: str, root: Path) -> str:
    return Path(source).relative_to(root).as_posix()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[Path, str]:
    return {p: sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def transcripts_dir(samples_dir) -> Path:
    return samples_dir / "transcripts"


@pytest.fixture(scope="module")
def transcript_analyzer(config):
    return build_transcript_analyzer(config, TODAY)


@pytest.fixture(scope="module")
def gold(samples_dir) -> SimpleNamespace:
    folder = samples_dir / "gold"
    calls = pd.read_csv(folder / "transcript_calls.csv", dtype=str, keep_default_na=False)
    return SimpleNamespace(spans=load_gold_spans(folder / "transcript_spans.csv"), calls=calls,
                           errors=pd.read_csv(folder / "transcript_errors.csv", dtype=str))


@pytest.fixture(scope="module")
def sample(transcripts_dir, config, transcript_analyzer, tmp_path_factory) -> SimpleNamespace:
    """One scan of every sample transcript, with redacted copies, and the files' hashes before."""
    before = hashes(transcripts_dir)
    redacted = tmp_path_factory.mktemp("redacted")
    scan = scan_transcripts([transcripts_dir], config, analyzer=transcript_analyzer,
                            redact=redacted, today=TODAY)
    return SimpleNamespace(scan=scan, redacted=redacted, hashes=before)


@pytest.fixture(scope="module")
def matched(sample, gold):
    """Gold spans marked ``found`` and findings marked ``correct``, with the gold's formats."""
    formats = gold.calls[["call_id", "format"]]
    findings = sample.scan.findings.drop(columns="format").merge(formats, on="call_id", how="left")
    spans = gold.spans.merge(formats, on="call_id", how="left")
    return SimpleNamespace(findings=findings, spans=spans, match=match_spans(findings, spans))


@pytest.fixture(scope="module")
def turn_texts(gold, transcripts_dir) -> dict[tuple[str, int], str]:
    texts = {}
    for source in gold.calls["source"]:
        transcript = read_transcript(transcripts_dir / source)
        texts.update({(transcript.call_id, t.index): t.text for t in transcript.turns})
    return texts


def raw_values(spans: pd.DataFrame) -> set[str]:
    """The identifiers as said and as written (spoken digits normalised), and their digits."""
    values = set()
    for span in spans[spans["entity_type"].isin(IDENTIFIERS)].itertuples(index=False):
        forms = {span.text}
        if span.spoken:
            forms.add(normalise(span.text, span.language).text)
        for form in forms:
            values.add(form)
            digits = re.sub(r"\D", "", form)
            if len(digits) >= 8:
                values.add(digits)
    return values


def misses(spans: pd.DataFrame) -> str:
    lost = spans[~spans["found"]]
    return "; ".join(f"{r.call_id}#{r.turn} {r.entity_type}" for r in lost.itertuples(index=False))


# --------------------------------------------------------------------------- accuracy

RECALL_TARGETS = [
    ("EMAIL_ADDRESS", {"EMAIL_ADDRESS"}, 0.95),
    ("PHONE_NUMBER", {"PHONE_NUMBER"}, 0.95),
    ("IBAN_CODE", {"IBAN_CODE"}, 0.95),
    ("CREDIT_CARD", {"CREDIT_CARD"}, 0.95),
    ("national_number", NATIONAL, 0.95),
    ("PERSON", {"PERSON"}, 0.85),
]


@pytest.mark.parametrize(("name", "entities", "target"), RECALL_TARGETS,
                         ids=[n for n, _, _ in RECALL_TARGETS])
def test_recall_per_entity(matched, name, entities, target):
    spans = matched.match[0]
    spans = spans[spans["entity_type"].isin(entities)]
    assert len(spans) > 0
    recall = spans["found"].mean()
    assert recall >= target, f"{name} recall {recall:.3f} < {target}: missed {misses(spans)}"


def test_recall_of_spoken_values(matched):
    spans = matched.match[0]
    spoken = spans[spans["spoken"]]
    assert len(spoken) >= 20
    recall = spoken["found"].mean()
    assert recall >= 0.8, f"spoken recall {recall:.3f}: missed {misses(spoken)}"


def test_overall_precision(matched):
    findings = matched.match[1]
    precision = findings["correct"].mean()
    wrong = findings[~findings["correct"]]
    detail = "; ".join(f"{r.call_id}#{r.turn} {r.entity_type} {r.masked}"
                       for r in wrong.itertuples(index=False))
    assert precision >= 0.85, f"precision {precision:.3f}: {detail}"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_accuracy_per_language(matched, language):
    scores = span_scores(matched.findings, matched.spans, by="language").set_index("group")
    row = scores.loc[language]
    assert row["gold"] >= 20
    assert row["recall"] >= 0.8, f"{language}: {row.to_dict()}"
    assert row["precision"] >= 0.85, f"{language}: {row.to_dict()}"


@pytest.mark.parametrize("fmt", ["json", "txt", "vtt", "srt", "transcribe"])
def test_recall_per_format(matched, fmt):
    scores = span_scores(matched.findings, matched.spans, by="format").set_index("group")
    row = scores.loc[fmt]
    assert row["gold"] > 0
    assert row["recall"] >= 0.8, f"{fmt}: {row.to_dict()}"


# --------------------------------------------------------------------------- calls and errors

def test_every_gold_call_is_scanned_with_its_verdicts(sample, gold, transcripts_dir):
    calls = sample.scan.calls
    assert list(calls.columns) == CALLS
    got = calls.assign(source=[rel(s, transcripts_dir) for s in calls["source"]]).set_index("source")
    assert set(gold.calls["source"]) == set(got.index)
    for row in gold.calls.itertuples(index=False):
        call = got.loc[row.source]
        assert call["call_id"] == row.call_id
        assert call["client"] == row.source.split("/")[0]
        assert call["format"] == {"txt": "text"}.get(row.format, row.format)
        assert call["turns"] == int(row.turns)
        assert bool(call["has_card"]) == (row.has_card == "true"), row.source
        assert bool(call["has_national_number"]) == (row.has_national_number == "true"), row.source


def test_findings_fields(sample, config):
    findings = sample.scan.findings
    assert list(findings.columns) == FINDINGS
    assert findings["role"].isin(["agent", "customer"]).all()
    assert (findings["start"] < findings["end"]).all()
    assert findings["score"].between(config.transcripts.min_score, 1).all()
    assert findings["masked"].str.contains(r"\*").all()


def test_unreadable_calls_are_reported_and_the_scan_goes_on(sample, gold, transcripts_dir):
    errors = sample.scan.errors
    assert list(errors.columns) == ["source", "error"]
    reported = {rel(s, transcripts_dir): e for s, e in zip(errors["source"], errors["error"])}
    # Nothing else failed: not the reading of good calls, nor their redacted copies.
    assert set(reported) == set(gold.errors["source"])
    for source, reason in reported.items():
        assert reason.strip() and "\n" not in reason, source
    scanned = {rel(s, transcripts_dir) for s in sample.scan.calls["source"]}
    assert not scanned & set(reported)
    assert len(scanned) == len(gold.calls)


# --------------------------------------------------------------------------- offsets

def test_spoken_values_point_at_the_words_said(matched, turn_texts):
    spans, findings = matched.match
    spoken = spans[spans["spoken"] & spans["found"]]
    assert len(spoken) >= 20
    for g in spoken.itertuples(index=False):
        text = turn_texts[(g.call_id, g.turn)]
        hits = findings[(findings["call_id"] == g.call_id) & (findings["turn"] == g.turn)
                        & (findings["entity_type"] == g.entity_type)
                        & (findings["start"] < g.end) & (findings["end"] > g.start)]
        where = f"{g.call_id}#{g.turn} {g.entity_type}"
        assert len(hits) == 1, where
        start, end = int(hits["start"].iloc[0]), int(hits["end"].iloc[0])
        said = text[start:end]
        assert start == 0 or not text[start - 1].isalnum(), where
        assert end == len(text) or not text[end].isalnum(), where
        assert said == said.strip() and said[0].isalnum() and said[-1].isalnum(), where
        # The gold values are said in words: a digit would mean normalised offsets.
        assert not re.search(r"\d", said), where


# --------------------------------------------------------------------------- privacy

def test_no_raw_identifier_is_written(sample, gold, tmp_path):
    paths = sample.scan.write(tmp_path)
    assert set(paths) == {"transcript_findings", "transcript_calls", "errors", "transcript_reviews"}
    written = "\n".join(p.read_text(encoding="utf-8") for p in paths.values())
    raw = raw_values(gold.spans)
    assert len(raw) > 100
    leaked = sorted(v for v in raw if v in written)
    assert not leaked, f"{len(leaked)} raw values in the written reports"
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", written)


# --------------------------------------------------------------------------- dates of birth

DATE_CALLS = {
    # name: (language, turn texts, {turn: date text reported as DATE_OF_BIRTH})
    "asked_before_en": ("en", ["Can I have your date of birth, please?", "Sure, it is 12/03/1985."],
                        {1: "12/03/1985"}),
    "asked_before_nl": ("nl", ["Wat is uw geboortedatum, alstublieft?", "Dat is 12 maart 1985."],
                        {1: "12 maart 1985"}),
    "said_in_turn_fr": ("fr", ["Que puis-je faire pour vous aujourd'hui ?",
                               "Je suis née le 3 avril 1979 et je voudrais changer d'adresse."],
                        {1: "3 avril 1979"}),
    "invoice_en": ("en", ["How can I help you today?",
                          "My invoice of March 12, 2026 is much higher than usual."], {}),
    "moving_nl": ("nl", ["Sinds wanneer woont u op dit adres?",
                         "We zijn op 12 maart 2015 verhuisd naar Gent."], {}),
    "answer_then_invoice_en": ("en", ["What is your date of birth?", "It's March 12, 1985.",
                                      "Thank you. Your last invoice was sent on 01/10/2026."],
                               {1: "March 12, 1985"}),
    # speech-to-text: day, month and year said as three numbers, read only after a question
    # about the birth; the same run of numbers elsewhere is no date
    "spoken_numbers_nl": ("nl", ["wat is uw geboortedatum", "vierentwintig zes vijfenzeventig"],
                          {1: "vierentwintig zes vijfenzeventig"}),
    "spoken_numbers_en": ("en", ["and your date of birth please", "nineteen five eighty six"],
                          {1: "nineteen five eighty six"}),
    "spoken_numbers_no_birth_nl": ("nl", ["hoeveel pakketten en welke maat",
                                          "vierentwintig zes vijfenzeventig"], {}),
}


@pytest.fixture(scope="module")
def date_scan(tmp_path_factory, config, transcript_analyzer):
    folder = tmp_path_factory.mktemp("dates")
    for name, (language, texts, _) in DATE_CALLS.items():
        turns = [{"speaker": "agent" if i % 2 == 0 else "customer", "text": t}
                 for i, t in enumerate(texts)]
        (folder / f"{name}.json").write_text(
            json.dumps({"call_id": name, "language": language, "turns": turns}), "utf-8")
    return scan_transcripts(folder, config, analyzer=transcript_analyzer, today=TODAY)


@pytest.mark.parametrize("name", sorted(DATE_CALLS))
def test_dates_are_reported_only_as_birth_dates(date_scan, name):
    _, texts, expected = DATE_CALLS[name]
    assert name in set(date_scan.calls["call_id"])
    findings = date_scan.findings[date_scan.findings["call_id"] == name]
    births = findings[findings["entity_type"] == "DATE_OF_BIRTH"]
    got = {int(r.turn): texts[int(r.turn)][int(r.start):int(r.end)]
           for r in births.itertuples(index=False)}
    assert got == expected
    other_dates = findings["entity_type"].str.contains("DATE") & (findings["entity_type"] != "DATE_OF_BIRTH")
    assert not other_dates.any()


@pytest.mark.parametrize(("text", "expected"), [
    ("geboren op 12 maart 1985", [("12 maart 1985", "1985-03-12")]),
    ("le 3 avril 1979", [("3 avril 1979", "1979-04-03")]),
    ("née le 1er mai 1990", [("1er mai 1990", "1990-05-01")]),
    ("March 12, 1985", [("March 12, 1985", "1985-03-12")]),
    ("the 12th of March 1985", [("12th of March 1985", "1985-03-12")]),
    ("12/03/1985", [("12/03/1985", "1985-03-12")]),  # day first
    ("12.03.1985 of 1985-03-12", [("12.03.1985", "1985-03-12"), ("1985-03-12", "1985-03-12")]),
    ("31/02/1985", []),
    ("30 februari 1990", []),
    ("12/03/2027", []),   # after today
    ("12/03/1850", []),   # older than anyone alive
    ("dossier 2026-9379, ticket 20547", []),
])
def test_find_dates(text, expected):
    assert [(text[s:e], d.isoformat()) for s, e, d in find_dates(text, TODAY)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Wat is uw geboortedatum?", True),
    ("Ik ben geboren in Gent.", True),
    ("Quelle est votre date de naissance ?", True),
    ("Je suis née le 3 avril", True),
    ("When were you born?", True),
    ("Could you confirm your DOB?", True),
    ("Your invoice of 12 March 2026", False),
    ("Je n'en ai pas connaissance.", False),
    ("La borne est en panne.", False),
    ("Mijn verjaardagstaart", False),
])
def test_has_birth_context(text, expected):
    assert has_birth_context(text) is expected


# --------------------------------------------------------------------------- speaker roles

@pytest.mark.parametrize(("speakers", "roles"), [
    (["AGENT", "Klant", "AGENT"], ["agent", "customer", "agent"]),
    (["Customer", "Agent"], ["customer", "agent"]),
    (["Conseiller", "Appelant"], ["agent", "customer"]),
    (["spk_0", "spk_1", "spk_0"], ["agent", "customer", "agent"]),
    (["spk_1", "spk_0", "spk_1"], ["agent", "customer", "agent"]),  # the first speaker
    (["Sofie", "Jan Peeters", "Sofie"], ["agent", "customer", "agent"]),
])
def test_speaker_roles(config, speakers, roles):
    assert speaker_roles(speakers, config) == roles


def test_findings_carry_the_speakers_role(matched):
    spans, findings = matched.match
    found = spans[spans["found"]]
    assert len(found) > 100
    for g in found.itertuples(index=False):
        hits = findings[(findings["call_id"] == g.call_id) & (findings["turn"] == g.turn)]
        expected = "agent" if g.speaker.lower() in AGENT_LABELS else "customer"
        assert set(hits["role"]) == {expected}, f"{g.call_id}#{g.turn} {g.speaker}"


def test_agents_own_name_is_reported(matched):
    spans, findings = matched.match
    intros = spans[(spans["entity_type"] == "PERSON") & (spans["turn"] == 0)
                   & spans["speaker"].str.lower().isin(AGENT_LABELS)]
    assert len(intros) >= 30
    recall = intros["found"].mean()
    assert recall >= 0.85, f"agent names {recall:.3f}: missed {misses(intros)}"
    names = findings[(findings["turn"] == 0) & (findings["entity_type"] == "PERSON")
                     & findings["correct"]]
    assert (names["role"] == "agent").all()


# --------------------------------------------------------------------------- redaction

def test_redacted_copies_mirror_the_calls(sample, gold, transcripts_dir):
    copies = {p.relative_to(sample.redacted).as_posix()
              for p in sample.redacted.rglob("*") if p.is_file()}
    assert copies == set(gold.calls["source"])
    for call in sample.scan.calls.itertuples(index=False):
        assert Path(call.redacted) == sample.redacted / rel(call.source, transcripts_dir)


def test_redacted_copies_keep_turns_and_drop_values(sample, matched, gold, transcripts_dir):
    spans = matched.match[0]
    findings = sample.scan.findings
    placeholders = 0
    for source in gold.calls["source"]:
        original = read_transcript(transcripts_dir / source)
        copy = read_transcript(sample.redacted / source)
        assert copy.format == original.format, source
        assert [(t.speaker, t.start, t.end) for t in copy.turns] == \
            [(t.speaker, t.start, t.end) for t in original.turns], source
        texts = [t.text for t in copy.turns]
        ours = findings[findings["call_id"] == original.call_id]
        for f in ours.itertuples(index=False):
            assert f"[{f.entity_type}]" in texts[f.turn], f"{source}#{f.turn}"
            placeholders += 1
        for g in spans[(spans["call_id"] == original.call_id) & spans["found"]].itertuples():
            assert g.text not in texts[g.turn], f"{source}#{g.turn} {g.entity_type}"
        # Turns without findings are copied unchanged.
        for i, (before, after) in enumerate(zip(original.turns, copy.turns)):
            if i not in set(ours["turn"]):
                assert before.text == after.text, f"{source}#{i}"
    assert placeholders > 150


def test_originals_are_untouched(sample, transcripts_dir):
    assert len(sample.hashes) >= 40
    assert hashes(transcripts_dir) == sample.hashes


def test_redacting_a_single_file(tmp_path, config, transcript_analyzer, transcripts_dir, gold):
    """A file given by name is copied under its own name into the redaction folder."""
    source = gold.calls["source"].iloc[0]
    scan = scan_transcripts(transcripts_dir / source, config, analyzer=transcript_analyzer,
                            redact=tmp_path / "redacted", today=TODAY)
    copy = tmp_path / "redacted" / Path(source).name
    assert scan.errors.empty, scan.errors.to_dict("records")
    assert (tmp_path / "redacted").is_dir(), "the redacted copy was written as the folder's name"
    assert copy.is_file()
    assert len(read_transcript(copy).turns) == int(gold.calls["turns"].iloc[0])


# --------------------------------------------------------------------------- processes

@pytest.mark.allow_hosts(["127.0.0.1", "::1"])   # a local Dask cluster, on loopback
def test_two_processes_find_the_same(sample, config, transcripts_dir):
    # French calls only: each spawned process builds its own analyzer, and deduce (Dutch)
    # would add seconds per process.
    client = "telecomfr"
    parallel = scan_transcripts(transcripts_dir / client, config, jobs=2, today=TODAY)

    def same(one, two, order):
        # A process whose calls have no end times returns None where the others have NaN.
        one, two = (f.sort_values(order, ignore_index=True).fillna(float("nan")) for f in (one, two))
        pd.testing.assert_frame_equal(one, two, check_dtype=False)

    serial = sample.scan.findings[sample.scan.findings["client"] == client]
    assert len(serial) > 30
    same(parallel.findings, serial, ["source", "turn", "start", "end", "entity_type"])
    calls = [c for c in CALLS if c not in ("seconds", "redacted")]
    same(parallel.calls[calls], sample.scan.calls.loc[sample.scan.calls["client"] == client, calls],
         ["source"])
    assert list(parallel.errors["source"]) == [
        s for s in sample.scan.errors["source"] if Path(s).parent.name == client]


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_an_existing_dask_cluster_finds_the_same(sample, config, transcripts_dir):
    """`--scheduler ADDRESS`: the calls go to a cluster someone else started (here one worker
    process on loopback), and come back as one process finds them."""
    from distributed import LocalCluster

    client = "telecomfr"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = scan_transcripts(transcripts_dir / client, config, today=TODAY,
                                  scheduler=cluster.scheduler_address)
    local = scan_transcripts(transcripts_dir / client, config, today=TODAY)
    pd.testing.assert_frame_equal(remote.findings, local.findings)
    calls = [c for c in CALLS if c != "seconds"]
    pd.testing.assert_frame_equal(remote.calls[calls], local.calls[calls])
    pd.testing.assert_frame_equal(remote.errors, local.errors)


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_no_scheduler_at_an_address_is_one_clear_error(config, transcripts_dir, monkeypatch):
    from ccaudit import compute

    monkeypatch.setattr(compute, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(CcauditError, match="no Dask scheduler answers at tcp://127.0.0.1:9"):
        scan_transcripts(transcripts_dir / "telecomfr", config, scheduler="tcp://127.0.0.1:9")


# --------------------------------------------------------------------------- command line

runner = CliRunner()


@pytest.fixture(scope="module")
def cli_run(transcripts_dir, tmp_path_factory, transcript_analyzer):
    """``ccaudit scan transcripts`` on one client's calls, with redacted copies."""
    out, redacted = tmp_path_factory.mktemp("cli_out"), tmp_path_factory.mktemp("cli_redacted")
    folder = transcripts_dir / "nlenergie"
    # The module's analyzer stands in for the one the command would build (seconds saved).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ccaudit.detect.transcripts.build_transcript_analyzer",
                      lambda config, today=None: transcript_analyzer)
        result = runner.invoke(app, ["scan", "transcripts", str(folder), "--out", str(out),
                                     "--redact", str(redacted), "--quiet"])
    return SimpleNamespace(result=result, out=out, redacted=redacted, folder=folder)


def test_cli_scan_transcripts(cli_run, gold):
    result = cli_run.result
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == str(cli_run.out / "transcript_findings.csv")
    calls = pd.read_csv(cli_run.out / "transcript_calls.csv", dtype=str, keep_default_na=False)
    expected = gold.calls[gold.calls["source"].str.startswith("nlenergie/")]
    assert set(calls["call_id"]) == set(expected["call_id"])
    findings = pd.read_csv(cli_run.out / "transcript_findings.csv", dtype=str)
    assert list(findings.columns) == FINDINGS and len(findings) > 10
    errors = pd.read_csv(cli_run.out / "errors.csv", dtype=str)
    assert [Path(s).name for s in errors["source"]] == [
        Path(s).name for s in gold.errors["source"] if s.startswith("nlenergie/")]
    copies = sorted(p.name for p in cli_run.redacted.iterdir())
    assert copies == sorted(Path(s).name for s in expected["source"])


def test_cli_prints_no_raw_identifier(cli_run, gold):
    result = cli_run.result
    spans = gold.spans[gold.spans["source"].str.startswith("nlenergie/")]
    raw = raw_values(spans)
    assert len(raw) > 10
    printed = result.stdout + result.stderr
    written = "\n".join(p.read_text("utf-8") for p in cli_run.out.iterdir())
    assert not [v for v in raw if v in printed]
    assert not [v for v in raw if v in written]


def test_cli_exit_1_when_no_call_could_be_read(tmp_path, transcripts_dir, gold):
    folder = tmp_path / "in"
    folder.mkdir()
    for source in gold.errors["source"]:
        shutil.copy(transcripts_dir / source, folder / Path(source).name)
    result = runner.invoke(app, ["scan", "transcripts", str(folder), "--out", str(tmp_path / "out"),
                                 "-q"])
    assert result.exit_code == 1, result.output
    errors = pd.read_csv(tmp_path / "out" / "errors.csv", dtype=str)
    assert len(errors) == len(gold.errors)


def test_cli_missing_path_exit_2(tmp_path):
    result = runner.invoke(app, ["scan", "transcripts", str(tmp_path / "nope"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "nope" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_bad_config_exit_2_names_key(tmp_path, transcripts_dir):
    config = tmp_path / "bad.yaml"
    config.write_text("transcripts:\n  min_scor: 0.5\n")
    result = runner.invoke(app, ["scan", "transcripts", str(transcripts_dir / "nlenergie"),
                                 "--config", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "transcripts.min_scor" in result.output and "bad.yaml" in result.output


@pytest.mark.parametrize("spelling", ["same", "roundabout"])
def test_cli_redact_into_the_scanned_folder_exit_2(tmp_path, spelling):
    folder = tmp_path / "calls"
    folder.mkdir()
    call = folder / "call.txt"
    call.write_text("AGENT: Goedemorgen, u spreekt met Sofie Peeters.\n", "utf-8")
    before = sha256(call)
    redact = folder if spelling == "same" else folder / ".." / "calls"
    result = runner.invoke(app, ["scan", "transcripts", str(folder), "--redact", str(redact),
                                 "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 2
    assert sha256(call) == before and [p.name for p in folder.iterdir()] == ["call.txt"]


# --------------------------------------------------------------------------- Dutch names

def test_deduce_finds_dutch_names_offline():
    text = "Goedemorgen, u spreekt met Sofie Peeters"
    results = DeduceRecognizer().analyze(text, ["PERSON"])
    assert [(r.entity_type, text[r.start:r.end]) for r in results] == [("PERSON", "Sofie Peeters")]
