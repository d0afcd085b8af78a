"""The tables and charts the transcripts notebook shows, on small hand-made scans."""
from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go
import pytest

from ccaudit.report import plots
from ccaudit.detect.analyzer import build_registry
from ccaudit.detect.recognizers import DateOfBirthRecognizer, IntroducedNameRecognizer
from ccaudit.detect.transcripts import CALLS, ERRORS, FINDINGS


def _finding(call: str, turn: int, role: str, entity: str, masked: str, language="nl",
             time_start=12.0, spoken=False) -> dict:
    client = call.split("-")[0].lower()
    return {"source": f"/calls/{client}/{call}.json", "client": client, "call_id": call,
            "format": "json", "turn": turn, "speaker": role, "role": role, "language": language,
            "time_start": time_start, "time_end": None if time_start is None else time_start + 4, "start": 0, "end": 9,
            "entity_type": entity, "score": 1.0, "spoken": spoken, "masked": masked}


def _call(call: str, findings: list[dict], languages="nl", turns=10, words=100,
          duration=75.3) -> dict:
    client = call.split("-")[0].lower()
    entities = sorted({f["entity_type"] for f in findings if f["call_id"] == call})
    return {"source": f"/calls/{client}/{call}.json", "client": client, "call_id": call,
            "format": "json", "language": languages.split(";")[0], "languages": languages,
            "turns": turns, "words": words, "duration": duration,
            "findings": sum(f["call_id"] == call for f in findings), "entities": ";".join(entities),
            "has_card": "CREDIT_CARD" in entities,
            "has_national_number": "BE_NATIONAL_NUMBER" in entities or "FR_NIR" in entities,
            "redacted": "", "seconds": 0.1}


@pytest.fixture
def scan():
    findings = [
        _finding("BB-1", 0, "agent", "PERSON", "S*** V***"),
        _finding("BB-1", 1, "customer", "PERSON", "N*** D***"),
        _finding("BB-1", 3, "customer", "BE_NATIONAL_NUMBER", "*********70", time_start=19.0),
        _finding("BB-1", 9, "customer", "CREDIT_CARD", "**** **** **** 2410", time_start=40.5),
        _finding("BB-1", 10, "agent", "CREDIT_CARD", "**** **** **** 2410", time_start=45.0),
        _finding("TF-2", 1, "customer", "PERSON", "A*** D***", language="fr"),
        _finding("TF-2", 3, "customer", "FR_NIR", "* ** ** ** *** *** 04", language="fr",
                 time_start=None),
        _finding("TF-2", 5, "customer", "EMAIL_ADDRESS", "e***@s***.fr", language="en",
                 spoken=True),
    ]
    calls = [_call("BB-1", findings), _call("TF-2", findings, languages="fr;en", duration=None),
             _call("CC-3", findings, languages="en", turns=6, words=40)]
    errors = [{"source": "/calls/cc/CC-9.json", "error": "invalid JSON at line 9 column 7"}]
    return (pd.DataFrame(findings, columns=FINDINGS), pd.DataFrame(calls, columns=CALLS),
            pd.DataFrame(errors, columns=ERRORS))


def test_headline_counts_calls_turns_words_findings_and_unreadable_files(scan):
    findings, calls, errors = scan
    assert plots.transcript_headline(calls, findings, errors) == (
        "3 call(s) scanned for 3 client(s): 26 turns, 240 words. 8 finding(s) of personal data "
        "in 2 call(s); 1 call(s) hold a card number, 2 a national number; "
        "1 file(s) could not be read.")


def test_headline_of_an_empty_scan():
    empty = pd.DataFrame(columns=CALLS)
    assert plots.transcript_headline(empty, pd.DataFrame(columns=FINDINGS),
                                     pd.DataFrame(columns=ERRORS)).startswith("0 call(s)")


def test_calls_per_client(scan):
    _, calls, _ = scan
    table = plots.calls_per_client(calls).set_index("client")
    assert table.loc["bb", ["calls", "findings", "calls with a card number"]].tolist() == [1, 5, 1]
    assert table.loc["tf", "calls with a national number"] == 1
    assert table.loc["cc", "findings"] == 0


def test_findings_per_call_most_first_with_flags_and_clock(scan):
    _, calls, _ = scan
    table = plots.findings_per_call(calls)
    assert table["call_id"].tolist() == ["BB-1", "TF-2", "CC-3"]
    first = table.iloc[0]
    assert (first["duration"], first["card"], first["national number"]) == ("1:15", "yes", "yes")
    assert table.iloc[1]["duration"] == "" and table.iloc[1]["languages"] == "fr, en"


def test_findings_by_entity_role_counts_per_role(scan):
    findings, _, _ = scan
    table = plots.findings_by_entity_role(findings)
    assert table.loc["PERSON"].tolist() == [2, 1, 3]             # customer, agent, total
    assert table.loc["CREDIT_CARD"].tolist() == [1, 1, 2]
    assert table.loc["FR_NIR", "agent"] == 0
    assert table.index[0] == "PERSON"                             # most frequent first


def test_entity_role_chart_has_one_bar_trace_per_role(scan):
    findings, _, _ = scan
    fig = plots.entity_role_chart(findings)
    assert isinstance(fig, go.Figure)
    assert [t.name for t in fig.data] == plots.ROLES
    customer = dict(zip(fig.data[0].y, fig.data[0].x))
    assert customer["PERSON"] == 2 and customer["CREDIT_CARD"] == 1


def test_findings_by_language_counts_calls_where_spoken(scan):
    findings, calls, _ = scan
    table = plots.findings_by_language(findings, calls)
    assert list(table.columns) == ["en", "fr", "nl"]
    assert table.loc["calls"].tolist() == [2, 1, 1]               # TF-2 switches to English
    assert table.loc["findings"].tolist() == [1, 2, 5]
    assert table.loc["FR_NIR", "fr"] == 1 and table.loc["EMAIL_ADDRESS", "en"] == 1
    assert list(table.index[2:]) == ["PERSON", "EMAIL_ADDRESS", "CREDIT_CARD",
                                     "BE_NATIONAL_NUMBER", "FR_NIR"]   # the configuration's order


def test_findings_by_language_without_findings(scan):
    _, calls, _ = scan
    table = plots.findings_by_language(pd.DataFrame(columns=FINDINGS), calls)
    assert table.loc["findings"].tolist() == [0, 0, 0] and table.loc["calls", "en"] == 2


def test_pci_and_national_calls_lists_masked_values_only(scan):
    findings, calls, _ = scan
    table = plots.pci_and_national_calls(calls, findings)
    assert table["call_id"].tolist() == ["BB-1", "TF-2"]          # card calls first, CC-3 not listed
    card = table.iloc[0]["card numbers"]
    assert card == ("**** **** **** 2410 (customer, 0:40); **** **** **** 2410 (agent, 0:45)")
    assert table.iloc[0]["national numbers"] == "*********70 (customer, 0:19) [BE_NATIONAL_NUMBER]"
    assert table.iloc[1]["national numbers"] == "* ** ** ** *** *** 04 (customer, turn 3) [FR_NIR]"
    assert table.iloc[1]["card numbers"] == ""


def test_finding_examples_are_masked_capped_and_stable(scan):
    findings, _, _ = scan
    table = plots.finding_examples(findings, per_entity=1)
    assert sorted(table["entity"]) == sorted(findings["entity_type"].unique())
    assert set(table["masked"]) <= set(findings["masked"])
    assert "start" not in table and "source" not in table
    assert table.equals(plots.finding_examples(findings, per_entity=1))
    assert len(plots.finding_examples(findings, per_entity=5)) == len(findings)


def test_unreadable_files_are_named_under_the_scanned_folder(scan):
    _, _, errors = scan
    table = plots.unreadable_files(errors, "/calls")
    assert table.to_dict("records") == [{"file": "cc/CC-9.json",
                                         "reason": "invalid JSON at line 9 column 7"}]


def _registry(config):
    registry = build_registry(config, list(config.languages))
    for language in config.languages:
        registry.add_recognizer(DateOfBirthRecognizer(language))
        registry.add_recognizer(IntroducedNameRecognizer(language))
    return registry


def test_language_coverage_follows_the_configured_models(config):
    table = plots.language_coverage(config, _registry(config))
    assert list(table.columns) == ["en", "fr", "nl"]
    assert table.loc["PERSON", "nl"].startswith("deduce")
    assert table.loc["PERSON", "en"].startswith(f"spaCy NER ({config.models['en']})")
    assert "name after a title" in table.loc["PERSON", "fr"]
    assert "street address pattern" in table.loc["LOCATION", "fr"]
    assert set(table.loc["CREDIT_CARD"]) == {"validated pattern"}
    assert set(table.loc["PHONE_NUMBER"]) == {"phonenumbers"}
    assert set(table.loc["DATE_OF_BIRTH"]) == {"date, when birth is said"}
    assert table.loc["numbers said as words", "nl"].startswith("written out")


def test_language_coverage_shows_a_language_without_a_model(config):
    no_french = dataclasses.replace(config, models={**config.models, "fr": None})
    table = plots.language_coverage(no_french, _registry(no_french))
    assert "spaCy" not in table.loc["PERSON", "fr"] and "spaCy" in table.loc["PERSON", "en"]
    assert table.loc["LOCATION", "fr"] == "street address pattern"
    assert table.loc["IBAN_CODE", "fr"] == "validated pattern"


def test_language_coverage_marks_what_no_recognizer_finds(config):
    table = plots.language_coverage(config, build_registry(config, list(config.languages)))
    assert set(table.loc["DATE_OF_BIRTH"]) == {plots.NO_COVERAGE}


def test_an_empty_scan_gives_empty_tables_not_errors():
    calls, findings = pd.DataFrame(columns=CALLS), pd.DataFrame(columns=FINDINGS)
    assert plots.calls_per_client(calls).empty and plots.findings_per_call(calls).empty
    assert plots.pci_and_national_calls(calls, findings).empty
    assert plots.finding_examples(findings).empty and plots.findings_by_entity_role(findings).empty
    assert plots.findings_by_language(findings, calls).loc["findings"].empty
    assert len(plots.entity_role_chart(findings).data) == len(plots.ROLES)
