"""The review loop: an analyst's decision about a column or a finding is kept in a
reviewed-decisions file and applied by every later scan, index build and audit run; a
decision whose file, column or span is gone is listed as stale, never dropped."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.detect.reviews import load_reviews, parse_reviews, record_decision
from ccaudit.errors import ConfigError
from ccaudit.settings import load_config, load_settings

ENTITIES = load_config().entities
KEY = b"review-test-key-0123456789abcdef"


def _decision(**kw) -> dict:
    item = {"file": "acme/crm.csv", "column": "segment", "decision": "not personal data",
            "reason": "a segment code", "by": "JD", "date": "2026-12-03"}
    item.update(kw)
    return {k: v for k, v in item.items() if v is not None}


@pytest.fixture()
def exports(tmp_path) -> Path:
    """One client's export: a segment column of codes that look like nothing personal, a
    column of account managers' surnames the scan cannot tell from codes, and e-mails."""
    folder = tmp_path / "exports" / "acme"
    folder.mkdir(parents=True)
    rows = [{"klant": f"K{i:04d}", "segment": ["A1", "B2", "C3", "D4"][i % 4],
             "beheerder": ["X-17", "Y-22", "Z-31"][i % 3],
             "email": f"klant{i}@voorbeeld.be"} for i in range(40)]
    pd.DataFrame(rows).to_csv(folder / "crm.csv", index=False)
    return tmp_path / "exports"


def _write(path: Path, decisions: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"decisions": decisions}, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------- the file


@pytest.mark.parametrize("item, key", [
    (_decision(decision="maybe"), "decisions[0].decision"),
    (_decision(by=None), "decisions[0].by"),
    (_decision(date="yesterday"), "decisions[0].date"),
    (_decision(colour="red"), "decisions[0].colour"),
    (_decision(column=None), "decisions[0]"),
    (_decision(turn=1, start=4, end=9), "decisions[0]"),
    (_decision(column=None, turn=1, start=9, end=4), "decisions[0].end"),
    (_decision(column=None, turn=-1, start=1, end=4), "decisions[0].turn"),
])
def test_a_wrong_decision_names_its_key_and_the_file(tmp_path, item, key):
    path = _write(tmp_path / "reviews.yaml", [item])
    with pytest.raises(ConfigError) as caught:
        load_reviews(path, ENTITIES)
    assert f"'{key}" in str(caught.value) and str(path) in str(caught.value)


def test_the_file_parses_columns_and_findings():
    reviews = parse_reviews({"decisions": [
        _decision(decision="person"),
        _decision(column=None, file="acme/call.json", turn=2, start=5, end=9)]}, "r.yaml", ENTITIES)
    column, finding = reviews.decisions
    assert (column.kind, column.entity, column.on) == ("column", "PERSON", date(2026, 12, 3))
    assert (finding.kind, finding.entity, finding.turn, finding.start, finding.end) == ("finding", "", 2, 5, 9)
    assert column.matches_column("/data/exports/acme/crm.csv", "", "segment")
    assert not column.matches_column("/data/exports/other/crm.csv", "", "segment")
    assert finding.matches_finding("/t/acme/call.json", 2, 5, 9)
    assert not finding.matches_finding("/t/acme/call.json", 2, 5, 10)


def test_record_decision_appends_and_refuses_a_bad_one(tmp_path):
    path = tmp_path / "sub" / "reviews.yaml"
    first = record_decision(path, file="acme/crm.csv", column="segment", decision="not personal data",
                            reason="codes", by="JD", on=date(2026, 12, 1), entities=ENTITIES)
    record_decision(path, file="acme/*.csv", column="beheerder", decision="PERSON", reason="names",
                    by="AB", entities=ENTITIES)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="decision"):
        record_decision(path, file="acme/crm.csv", column="x", decision="NOT_AN_ENTITY", reason="r",
                        by="JD", entities=ENTITIES)
    assert path.read_text(encoding="utf-8") == before  # left as it was
    loaded = load_reviews(path, ENTITIES).decisions
    assert [d.label for d in loaded] == ["not personal data", "PERSON"]
    assert loaded[0] == dataclasses.replace(first, position=0)
    assert loaded[1].on == date.today()


def test_the_audit_configuration_names_the_file_and_checks_it(samples_dir, tmp_path):
    data = yaml.safe_load((samples_dir / "audit.yaml").read_text(encoding="utf-8"))
    data["inputs"] = {"exports": [str((samples_dir / f).resolve()) for f in ("exports", "outbound")],
                      "transcripts": str((samples_dir / "transcripts").resolve()),
                      "db": str(tmp_path / "index.duckdb")}
    data["reviews"] = "reviews.yaml"
    audit = tmp_path / "audit.yaml"
    audit.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # Not written yet: no decision, and the path is resolved from the file's folder.
    assert load_settings(audit).scanner.reviews == str((tmp_path / "reviews.yaml").resolve())
    _write(tmp_path / "reviews.yaml", [_decision(decision="maybe")])
    result = CliRunner().invoke(app, ["scan", "exports", str(samples_dir / "exports" / "brightbank"),
                                      "--config", str(audit), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "decisions[0].decision" in result.output and "reviews.yaml" in result.output
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------- scans


def test_a_decision_flips_a_column_in_the_next_scan_exports(exports, tmp_path):
    out = tmp_path / "out"
    config = tmp_path / "scanner.yaml"
    config.write_text("reviews: reviews.yaml\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["scan", "exports", str(exports), "--config", str(config),
                               "--out", str(out)]).exit_code == 0
    before = pd.read_csv(out / "columns.csv", keep_default_na=False).set_index("column")
    assert before.loc["email", "entity_type"] == "EMAIL_ADDRESS"
    assert before.loc["beheerder", "entity_type"] == ""
    assert pd.read_csv(out / "reviews.csv").empty

    _write(tmp_path / "reviews.yaml", [
        _decision(file="acme/*.csv", column="email", decision="not personal data",
                  reason="the client's own shared mailboxes", by="JD"),
        _decision(file="acme/crm.csv", column="beheerder", decision="PERSON",
                  reason="account managers' short names", by="AB", date="2026-12-02"),
        _decision(file="acme/old.csv", column="segment", reason="file since deleted", by="JD")])
    result = runner.invoke(app, ["scan", "exports", str(exports), "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    after = pd.read_csv(out / "columns.csv", keep_default_na=False).set_index("column")
    assert after.loc["email", ["entity_type", "sensitivity", "examples"]].tolist() == ["", "none", ""]
    assert after.loc["email", ["evidence", "reviewed_by", "reviewed_on"]].tolist() == ["review", "JD", "2026-12-03"]
    assert "EMAIL_ADDRESS" in after.loc["email", "decided_by"]  # what the scan had said
    assert after.loc["beheerder", ["entity_type", "reviewed_by", "review_reason"]].tolist() == [
        "PERSON", "AB", "account managers' short names"]
    assert after.loc["beheerder", "examples"] and "X-17" not in after.loc["beheerder", "examples"]
    # Columns nobody reviewed keep the scan's own verdict.
    assert (after.drop(["email", "beheerder"])["reviewed_by"] == "").all()
    reviews = pd.read_csv(out / "reviews.csv", keep_default_na=False)
    assert reviews[["file", "column", "status", "matched"]].values.tolist() == [
        ["acme/*.csv", "email", "applied", 1], ["acme/crm.csv", "beheerder", "applied", 1],
        ["acme/old.csv", "segment", "stale", 0]]


def test_a_decision_reindexes_the_file_it_touches(exports, tmp_path):
    from ccaudit.detect.analyzer import Analyzers
    from ccaudit.index.build import build_index

    config = load_config()
    analyzers = Analyzers(config)
    db = tmp_path / "index.duckdb"
    first = build_index([exports], db=db, config=config, key=KEY, analyzers=analyzers)
    assert first.indexed == 1
    reviewed = dataclasses.replace(config, reviews=str(_write(tmp_path / "reviews.yaml", [
        _decision(column="email", reason="shared mailboxes")])))
    again = build_index([exports], db=db, config=reviewed, key=KEY, analyzers=analyzers)
    # The bytes did not change, the decision did: the file is indexed again, once.
    assert (again.indexed, again.unchanged) == (1, 0)
    assert build_index([exports], db=db, config=reviewed, key=KEY, analyzers=analyzers).unchanged == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT entity_type FROM columns WHERE \"column\" = 'email'").fetchone() == ("",)
        assert con.execute("SELECT count(*) FROM findings WHERE \"column\" = 'email'").fetchone() == (0,)
        stored = json.loads(con.execute("SELECT value FROM settings WHERE name = 'reviews'").fetchone()[0])
    assert [json.loads(d)["column"] for d in stored] == ["email"]
    # Withdrawn: indexed again, the e-mails back.
    back = build_index([exports], db=db, config=config, key=KEY, analyzers=analyzers)
    assert back.indexed == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM findings WHERE \"column\" = 'email'").fetchone()[0] == 40


def test_finding_decisions_drop_or_retype_a_span_and_stale_ones_are_listed(samples_dir, tmp_path):
    from ccaudit.detect.transcripts import scan_transcripts

    calls = tmp_path / "calls" / "brightbank"
    calls.mkdir(parents=True)
    shutil.copy(samples_dir / "transcripts" / "brightbank" / "BB-20261106-0001.json", calls)
    config = load_config()
    plain = scan_transcripts(tmp_path / "calls", config)
    first, second = plain.findings.iloc[0], plain.findings.iloc[1]
    path = _write(tmp_path / "reviews.yaml", [
        _decision(column=None, file="brightbank/BB-20261106-0001.json", turn=int(first.turn),
                  start=int(first.start), end=int(first.end), reason="the agent's own name"),
        _decision(column=None, file="brightbank/BB-20261106-0001.json", turn=int(second.turn),
                  start=int(second.start), end=int(second.end), decision="LOCATION",
                  reason="a shop's name", by="AB"),
        _decision(column=None, file="brightbank/BB-20261106-0001.json", turn=99, start=0, end=4,
                  reason="transcribed again since")])
    scan = scan_transcripts(tmp_path / "calls", dataclasses.replace(config, reviews=str(path)),
                            redact=tmp_path / "redacted")
    spans = list(zip(scan.findings["turn"], scan.findings["start"]))
    assert (first.turn, first.start) not in spans
    assert len(scan.findings) == len(plain.findings) - 1
    assert int(scan.calls["findings"].iloc[0]) == len(plain.findings) - 1
    retyped = scan.findings[(scan.findings["turn"] == second.turn) & (scan.findings["start"] == second.start)]
    assert retyped[["entity_type", "reviewed_by", "review_reason"]].values.tolist() == [
        ["LOCATION", "AB", "a shop's name"]]
    # The redacted copy keeps the span reviewed as not personal data.
    redacted = json.loads(next((tmp_path / "redacted").rglob("*.json")).read_text(encoding="utf-8"))
    original = json.loads((calls / "BB-20261106-0001.json").read_text(encoding="utf-8"))
    turn = int(first.turn)
    said = original["turns"][turn]["text"][int(first.start):int(first.end)]
    assert said in redacted["turns"][turn]["text"]
    assert scan.reviews[["turn", "status", "matched"]].values.tolist() == [
        [first.turn, "applied", 1], [second.turn, "applied", 1], [99, "stale", 0]]


# ---------------------------------------------------------------------- the audit run


@pytest.mark.slow
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_the_audit_run_applies_decisions_and_its_reports_show_them(samples_dir, tmp_path):
    exports = tmp_path / "exports" / "brightbank"
    calls = tmp_path / "transcripts" / "brightbank"
    exports.mkdir(parents=True)
    calls.mkdir(parents=True)
    shutil.copy(samples_dir / "exports" / "brightbank" / "crm_export_2026-10.csv", exports)
    shutil.copy(samples_dir / "transcripts" / "brightbank" / "BB-20261106-0001.json", calls)
    _write(tmp_path / "reviews.yaml", [
        _decision(file="brightbank/crm_export_*.csv", column="segment", decision="PERSON",
                  reason="segment holds account managers", by="JD"),
        _decision(column=None, file="brightbank/BB-20261106-0001.json", turn=0, start=26, end=41,
                  reason="the agent's own name", by="AB"),
        _decision(file="brightbank/crm_export_2026-09.csv", column="iban", reason="last month's file",
                  by="JD")])
    (tmp_path / "scanner.yaml").write_text("reviews: reviews.yaml\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "run", "--exports", str(tmp_path / "exports"),
                                      "--transcripts", str(tmp_path / "transcripts"),
                                      "--config", str(tmp_path / "scanner.yaml"), "--out", str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    run = Path(result.stdout.strip().splitlines()[-1]).parent
    columns = pd.read_csv(run / "columns.csv", keep_default_na=False).set_index("column")
    assert columns.loc["segment", ["entity_type", "reviewed_by"]].tolist() == ["PERSON", "JD"]
    findings = pd.read_csv(run / "transcripts" / "transcript_findings.csv", keep_default_na=False)
    assert not ((findings["turn"] == 0) & (findings["start"] == 26)).any()
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    figures = {n["name"]: n["figures"] for n in summary["notebooks"]}
    assert figures["01_discover_exports.ipynb"]["reviewed_decisions"] == 1
    assert figures["01_discover_exports.ipynb"]["stale_reviewed_decisions"] == 1
    assert figures["02_scan_transcripts.ipynb"]["reviewed_decisions"] == 1
    stale = [p for p in summary["problems"] if p["problem"] == "stale_reviewed_decision"]
    assert [(p["file"], p["detail"].split(":")[0]) for p in stale] == [
        ("brightbank/crm_export_2026-09.csv", "column iban")]
    page = (run / "01_discover_exports.html").read_text(encoding="utf-8")
    assert "Reviewed decisions" in page and "segment holds account managers" in page
    assert "stale" in page and re.search(r"last month(&#39;|&#x27;|')s file", page)
    calls_page = (run / "02_scan_transcripts.html").read_text(encoding="utf-8")
    assert re.search(r"the agent(&#39;|&#x27;|')s own name", calls_page)
    with duckdb.connect(str(run / "ccaudit.duckdb"), read_only=True) as con:
        assert con.execute("SELECT entity_type FROM columns WHERE \"column\" = 'segment'").fetchone() == ("PERSON",)
