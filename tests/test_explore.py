"""ccaudit.explore: per column and per finding, what was found and which recognizer or rule
decided, read from the scans' own classification; every value masked."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from ccaudit.detect.analyzer import Analyzers
from ccaudit.errors import CcauditError, ConfigError, ReaderError
from ccaudit.report.explore import explore, masked_text, record_review
from ccaudit.settings import load_config


@pytest.fixture(scope="module")
def analyzers():
    return Analyzers(load_config())


@pytest.fixture(scope="module")
def gold(samples_dir):
    return pd.read_csv(samples_dir / "gold" / "columns.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def explored(samples_dir, gold, analyzers):
    return {source: explore(samples_dir / "exports" / source, analyzers.config, analyzers)
            for source in sorted(set(gold["source"]))}


def test_every_gold_column_is_explained(explored, gold):
    for row in gold.itertuples():
        columns = explored[row.source].columns
        found = columns[(columns["column"] == row.column) & (columns["sheet"] == row.sheet)]
        assert len(found) == 1, (row.source, row.sheet, row.column)
        found = found.iloc[0]
        expected = set(filter(None, row.entities.split(";")))
        if not expected:
            assert found["entity_type"] == "", (row.source, row.column)
            continue
        assert found["entity_type"] in expected, (row.source, row.column)
        # The explanation names the recognizer, or the rule of ccaudit's own that decided.
        assert found["evidence"] in ("pattern", "address", "ner", "shape", "date", "free_text")
        assert found["decided_by"], (row.source, row.column)
        if found["evidence"] in ("pattern", "address", "ner"):
            assert re.fullmatch(r"\w+Recognizer|SpacyRecognizer", found["decided_by"]), found["decided_by"]
            assert 0 < found["score"] <= 1
        elif found["evidence"] == "free_text":
            assert found["entity_type"] + ": " in found["decided_by"]


def test_the_explanation_is_the_scans_own(samples_dir, explored, analyzers):
    from ccaudit.detect.exports import scan_exports

    scan = scan_exports(samples_dir / "exports" / "nlenergie", analyzers.config,
                        analyzer=analyzers.exports())
    columns = explored["nlenergie/klanten.json"].columns
    keep = ["column", "entity_type", "evidence", "decided_by"]
    assert columns[keep].values.tolist() == scan.columns[keep].values.tolist()


def test_free_text_notes_show_spans_over_masked_text(samples_dir, explored, gold):
    notes = pd.concat([e.notes for e in explored.values()], ignore_index=True)
    assert len(notes) >= 3
    assert notes["note"].str.contains("⟦PERSON ").any()
    assert notes["found"].str.match(r"^\w+: \w+ \(\d\.\d\d\)").all()
    # No name, e-mail or digit run of the samples survives in what an analyst is shown.
    frames = pd.concat([pd.concat([e.columns.astype(str), e.notes.astype(str)]) for e in explored.values()])
    shown = " ".join(frames.fillna("").astype(str).values.ravel())
    assert not re.search(r"[\w.]+@[\w-]+\.\w{2,}", shown)
    # Digit runs: none, but a card's last four (the masking PCI DSS allows) and the year.
    assert not re.search(r"(?<!\*\*\*\* )\d{4}", shown.replace("2026", ""))
    from ccaudit.sources.tables import read_tables

    raw = next(iter(read_tables(samples_dir / "exports" / "brightbank" / "crm_export_2026-10.csv"))).frame
    for name in raw["achternaam"].head(20):
        assert not re.search(rf"\b{re.escape(name)}\b", shown), "a surname is shown unmasked"


def test_a_call_shows_each_finding_with_its_recognizer(samples_dir, analyzers):
    path = samples_dir / "transcripts" / "brightbank" / "BB-20261106-0001.json"
    found = explore(path, analyzers.config, analyzers)
    spans = pd.read_csv(samples_dir / "gold" / "transcript_spans.csv", keep_default_na=False)
    spans = spans[spans["source"] == "brightbank/BB-20261106-0001.json"]
    assert found.kind == "transcript" and len(found.turns) >= len(set(spans["turn"]))
    got = set(zip(found.findings["turn"], found.findings["start"], found.findings["end"],
                  found.findings["entity_type"]))
    assert set(zip(spans["turn"], spans["start"], spans["end"], spans["entity_type"])) <= got
    assert found.findings["recognizer"].str.endswith("Recognizer").all()
    assert found.findings["score"].between(0, 1).all()
    text = " ".join(found.turns["text"])
    assert text.count("⟦") == len(found.findings)
    for raw in spans["text"]:
        assert raw not in text
    assert found.headline().startswith("BB-20261106-0001.json: ")


def test_masked_text_keeps_common_words_only():
    assert masked_text("klant van mevrouw Peeters", [], "nl") == "klant van m*** P***"
    assert masked_text("IBAN BE71 0961", [(5, 14, "IBAN_CODE", "BE** **61")], "en") == "IBAN ⟦IBAN_CODE BE** **61⟧"


def test_bad_input(samples_dir, analyzers, tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        explore(tmp_path / "missing.csv", analyzers.config, analyzers)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ReaderError, match="neither an export nor a transcript"):
        explore(tmp_path / "notes.docx", analyzers.config, analyzers)
    with pytest.raises(ReaderError):
        explore(samples_dir / "exports" / "telecomfr" / "broken_export.xlsx", analyzers.config, analyzers)


def test_record_review_checks_what_it_records(explored, tmp_path):
    import dataclasses

    found = explored["brightbank/crm_export_2026-10.csv"]
    config = load_config()
    with pytest.raises(ConfigError, match="reviewed-decisions file"):
        record_review(found, config, decision="PERSON", reason="r", by="JD", column="segment")
    config = dataclasses.replace(config, reviews=str(tmp_path / "reviews.yaml"))
    with pytest.raises(CcauditError, match="has no column 'nope'"):
        record_review(found, config, decision="PERSON", reason="r", by="JD", column="nope")
    with pytest.raises(CcauditError, match="reason"):
        record_review(found, config, decision="PERSON", reason="", by="JD", column="segment")
    assert not (tmp_path / "reviews.yaml").exists()
    line = record_review(found, config, decision="PERSON", reason="names", by="JD", column="segment")
    assert "brightbank/crm_export_2026-10.csv, column segment is PERSON (JD, " in line
