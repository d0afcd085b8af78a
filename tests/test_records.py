"""Records of processing (Art. 30): each exchange's declared data beside what the scans and
the index found, its problems, and the register as an XLSX workbook."""
from __future__ import annotations

import copy

import pandas as pd
import pytest
from openpyxl import load_workbook

from ccaudit.audit import records
from ccaudit.audit.configuration import load_audit_config
from test_audit_config import BASE, write_config


def _audit(tmp_path, **entries):
    """BASE with the acme export entry changed and two outbound entries added."""
    data = copy.deepcopy(BASE)
    data["inventory"][0].update(entries.get("received", {}))
    data["inventory"].insert(0, {
        "dataset": "exports/acme/returned/*.csv", "client": "acme", "direction": "returned",
        "purpose": "Call outcomes", "legal_basis": "contract", "usage": "Monthly outcomes.",
        "retention": "P90D", "deletion": "Deleted", "data": ["identity", "contact"],
        "recipients": ["Acme NV"], **entries.get("returned", {})})
    data["inventory"].insert(1, {
        "dataset": "exports/own/vendor/*.csv", "client": "own", "direction": "shared", "role": "controller",
        "purpose": "Dialler", "legal_basis": "legitimate_interests", "usage": "Leads.", "retention": "P30D",
        "deletion": "Purged", "data": ["identity", "contact"], "recipients": ["DialNow Inc."],
        **entries.get("shared", {})})
    path = write_config(tmp_path, data)
    for folder in ("exports/acme/returned", "exports/own/vendor"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    return load_audit_config(path)


def _scan(tmp_path, rows):
    """Columns and files frames as the export scan writes them: (file, column, entities)."""
    columns = pd.DataFrame([{"source": str(tmp_path / f), "column": c, "entity_type": e.split(";")[0],
                             "entities": e} for f, c, e in rows])
    files = pd.DataFrame([{"source": str(tmp_path / f), "status": "scanned", "rows": 10}
                          for f in dict.fromkeys(f for f, _, _ in rows)])
    return columns, files


NO_CALLS = pd.DataFrame(columns=["source", "entity_type"])
NO_SUBJECTS = pd.DataFrame(columns=["path", "subject_id"])


def test_undeclared_and_declared_but_not_found(tmp_path):
    audit = _audit(tmp_path, received={"data": ["identity", "national_id", "IBAN_CODE"]})
    columns, files = _scan(tmp_path, [
        ("exports/acme/returned/out_2026-11.csv", "email", "EMAIL_ADDRESS"),
        ("exports/acme/returned/out_2026-11.csv", "iban", "IBAN_CODE"),
        ("exports/acme/crm_20261101.csv", "naam", "PERSON"),
        ("exports/acme/crm_20261101.csv", "gsm", "PHONE_NUMBER"),
        ("exports/acme/crm_20261101.csv", "iban", "IBAN_CODE")])
    found = records.assess(audit, columns, files, NO_CALLS, NO_CALLS, NO_SUBJECTS)
    problems = found.problems
    got = sorted(zip(problems["problem"], problems["dataset"], problems["severity"], problems["detail"]))
    assert got == [
        ("declared_not_found", "exports/acme/*.csv", "low", "national_id declared, never found"),
        # Outbound: identity declared and never found; the IBAN is not declared (high sensitivity).
        ("declared_not_found", "exports/acme/returned/*.csv", "low", "identity declared, never found"),
        ("undeclared_data", "exports/acme/*.csv", "moderate",
         "PHONE_NUMBER found in column gsm, not declared (moderate sensitivity)"),
        ("undeclared_data", "exports/acme/returned/*.csv", "high",
         "IBAN_CODE found in column iban, not declared (high sensitivity)")]
    assert problems["severity"].iloc[0] == "high"  # most severe first
    assert set(problems.loc[problems["problem"] == "undeclared_data", "file"]) == {
        "exports/acme/returned/out_2026-11.csv", "exports/acme/crm_20261101.csv"}
    # The shared entry's files were not scanned: nothing is said to be missing from them.
    assert not (problems["dataset"] == "exports/own/vendor/*.csv").any()
    register = found.register.set_index("dataset")
    assert register.loc["exports/acme/returned/*.csv", ["record", "role", "client_role", "not_declared"]].tolist() \
        == [records.CONTROLLER_RECORD, "controller", "processor", "IBAN_CODE"]
    assert register.loc["exports/acme/*.csv", "record"] == "processor for acme (Art. 30(2))"
    assert register.loc["exports/acme/*.csv", "files"] == 1 and register.loc["exports/acme/*.csv", "records"] == 10


def test_an_empty_data_list_makes_everything_undeclared_and_a_missing_one_nothing(tmp_path):
    audit = _audit(tmp_path, returned={"data": []})
    columns, files = _scan(tmp_path, [("exports/acme/returned/a.csv", "mail", "EMAIL_ADDRESS"),
                                      ("exports/acme/crm.csv", "nn", "BE_NATIONAL_NUMBER")])
    problems = records.assess(audit, columns, files, NO_CALLS, NO_CALLS, NO_SUBJECTS).problems
    assert problems[["problem", "dataset"]].values.tolist() == [
        ["undeclared_data", "exports/acme/returned/*.csv"]]   # the CRM entry declares nothing


def test_transfers_outside_the_eea_need_a_safeguard(tmp_path):
    audit = _audit(tmp_path, shared={"transfers": [
        {"country": "US", "recipient": "DialNow Inc."}, {"country": "IN", "safeguard": "none"},
        {"country": "GB", "safeguard": "adequacy_decision"}, {"country": "NL"}]})
    problems = records.assess(audit, *_scan(tmp_path, []), NO_CALLS, NO_CALLS, NO_SUBJECTS).problems
    unsafe = problems[problems["problem"] == "unsafe_transfer"]
    assert [d.split(" without")[0] for d in unsafe["detail"]] == ["to US (DialNow Inc.)", "to IN"]
    assert set(unsafe["severity"]) == {"high"}


def test_a_returned_file_holding_another_clients_subjects_is_a_leak(tmp_path):
    data = copy.deepcopy(BASE)
    data["inventory"].insert(0, {"dataset": "exports/acme/returned/*.csv", "client": "acme",
                                 "direction": "returned", "purpose": "p", "legal_basis": "contract",
                                 "usage": "u", "retention": "P1M", "deletion": "d"})
    data["inventory"].append({"dataset": "exports/beta/*.csv", "client": "beta", "role": "processor",
                              "controller_contact": "dpo@beta.example", "purpose": "p", "legal_basis": "contract",
                              "usage": "u", "retention": "P1M", "deletion": "d"})
    path = write_config(tmp_path, data)
    (tmp_path / "exports/acme/returned").mkdir(parents=True)
    (tmp_path / "exports/beta").mkdir(parents=True)
    audit = load_audit_config(path)
    subjects = pd.DataFrame([
        (tmp_path / "exports/acme/crm.csv", "s1"), (tmp_path / "exports/acme/returned/out.csv", "s1"),
        (tmp_path / "exports/beta/b.csv", "s2"), (tmp_path / "exports/acme/returned/out.csv", "s2"),
        (tmp_path / "exports/beta/b.csv", "s3"), (tmp_path / "exports/acme/returned/out.csv", "s3"),
        (tmp_path / "exports/acme/crm.csv", "s3"),             # also acme's own customer: no leak
        (tmp_path / "exports/acme/returned/out.csv", "s4"),    # found nowhere else: no leak
    ], columns=["path", "subject_id"]).astype({"path": str})
    found = records.assess(audit, *_scan(tmp_path, []), NO_CALLS, NO_CALLS, subjects)
    leak = found.problems[found.problems["problem"] == "cross_client_leak"]
    assert leak[["client", "count", "file", "detail"]].values.tolist() == [
        ["acme", 1, "exports/acme/returned/out.csv", "1 subject(s) of beta in data returned to acme"]]
    flows = found.flows.set_index("dataset")
    assert flows.loc["exports/acme/returned/*.csv", ["source", "target"]].tolist() == [
        "contact centre", "acme (returned)"]
    assert flows.loc["exports/beta/*.csv", ["source", "target", "role"]].tolist() == [
        "beta", "contact centre", "processor"]


def test_the_register_workbook_has_a_sheet_per_record_with_frozen_headers_and_filters(tmp_path):
    audit = _audit(tmp_path, shared={"transfers": [{"country": "US"}]})
    columns, files = _scan(tmp_path, [("exports/acme/crm.csv", "mail", "EMAIL_ADDRESS")])
    found = records.assess(audit, columns, files, NO_CALLS, NO_CALLS, NO_SUBJECTS)
    written = found.write(tmp_path / "out")
    assert {p.name for p in written} == {"records_register.csv", "records_problems.csv", "records_flows.csv",
                                         records.WORKBOOK}
    book = load_workbook(tmp_path / "out" / records.WORKBOOK)
    assert book.sheetnames == ["Controller Art. 30(1)", "Processor for acme", "Problems"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    controller = book["Controller Art. 30(1)"]
    header = [c.value for c in controller[1]]
    assert header[:3] == ["record", "controller", "dataset"] and "not_declared" in header
    datasets = [row[header.index("dataset")] for row in controller.iter_rows(min_row=2, values_only=True)]
    assert datasets == ["exports/acme/returned/*.csv", "exports/own/vendor/*.csv", "exports/own/staff.parquet"]
    problems = book["Problems"]
    assert [c.value for c in problems[1]] == records.PROBLEMS
    assert any(row[0] == "unsafe_transfer" for row in problems.iter_rows(min_row=2, values_only=True))


def test_notebook_07_reads_the_scans_of_its_run_or_says_there_are_none(tmp_path):
    assert records.load_scans(tmp_path) is None
    pd.DataFrame(columns=["source", "entity_type", "entities", "column"]).to_csv(tmp_path / "columns.csv", index=False)
    pd.DataFrame(columns=["source", "status", "rows"]).to_csv(tmp_path / "files.csv", index=False)
    scans = records.load_scans(tmp_path)
    assert set(scans) == {"columns", "files", "findings", "calls"} and scans["findings"].empty


def test_the_outbound_samples_are_classified_as_their_gold_says(samples_dir, analyzer):
    from ccaudit.detect.exports import scan_exports

    gold = pd.read_csv(samples_dir / "gold" / "outbound_columns.csv", keep_default_na=False)
    scan = scan_exports(samples_dir / "outbound", analyzer=analyzer)
    got = {(s.split("outbound/")[1], c): e for s, c, e in zip(scan.columns["source"], scan.columns["column"],
                                                              scan.columns["entity_type"])}
    assert got == {(r.source, r.column): r.entities for r in gold.itertuples()}
