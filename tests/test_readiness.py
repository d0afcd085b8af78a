"""Rights readiness: the planted problems of the samples drive the statuses, nothing else
does, and the status rules hold on small hand-made tables."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from ccaudit.audit import readiness as rd
from ccaudit.report import plots
from ccaudit.audit.configuration import RIGHTS, load_audit_config

D = dt.date


@pytest.fixture(scope="module")
def audit(samples_dir):
    return load_audit_config(samples_dir / "audit.yaml")


@pytest.fixture(scope="module")
def gold(samples_dir):
    return pd.read_csv(samples_dir / "gold" / "audit_problems.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def result(audit, config, tmp_path_factory):
    from ccaudit.index.build import build_index
    from ccaudit.index.db import connect

    db = tmp_path_factory.mktemp("readiness") / "index.duckdb"
    build_index(list(audit.inputs.folders), db=db, config=audit.scanner)
    con = connect(db, read_only=True)
    try:
        yield rd.assess(audit, con)
    finally:
        con.close()


def _status(matrix, client, dataset, right):
    row = matrix[(matrix.client == client) & (matrix.dataset == dataset) & (matrix.right == right)]
    assert len(row) == 1
    return row.iloc[0]["status"]


# --- the samples ---------------------------------------------------------------------------

def test_every_planted_objector_is_found_and_makes_objection_not_ready(result, gold):
    planted = gold[gold.problem == "objector_in_later_data"]
    assert len(planted)
    found = {(v.client, v.dataset, v.file, v.record) for v in result.violations.itertuples()}
    for p in planted.itertuples():
        record = re.search(r"(row \d+(?: of \w+)?|call \S+)$", p.detail).group(1)
        assert (p.client, p.dataset, p.file.split("/")[-1], record) in found
        assert _status(result.matrix, p.client, p.dataset, "objection") == rd.NOT_READY
    # Nothing spurious: the restriction's subject has no data received after 2026-11-27.
    assert len(result.violations) == len(planted)
    assert set(result.violations["right"]) == {"objection"}


def test_violations_show_masked_identifiers_only(result, audit):
    raw = {o.identifier for o in audit.objections} | {o.canonical for o in audit.objections}
    for value in result.violations["masked"]:
        assert value and value not in raw and "*" in value
    assert not any(v in result.summary for v in raw)


def test_late_requests_are_the_planted_ones_and_make_the_right_not_ready(result, gold):
    planted = gold[gold.problem == "late_request"]
    late = result.requests[result.requests.late]
    assert sorted(late["id"]) == sorted(d.split()[0] for d in planted["detail"])
    for r in late.itertuples():
        cells = result.matrix[(result.matrix.client == r.client) & (result.matrix.right == r.type)]
        assert set(cells["status"]) == {rd.NOT_READY}
    # Requests within their deadline (also the open ones and the extended one) are not late.
    on_time = result.requests[~result.requests.late]
    assert {"REQ-2026-003", "REQ-2026-006", "REQ-2026-007"} <= set(on_time["id"])


@pytest.mark.parametrize("problem, words", [("exam_failed", "exam failed"),
                                            ("code_of_conduct_unsigned", "code of conduct unsigned")])
def test_staff_problems_are_found_with_their_clients(result, gold, problem, words):
    planted = gold[gold.problem == problem]
    flagged = result.staff[result.staff.problem.str.contains(words)]
    assert sorted(flagged["agent"]) == sorted(d.split()[0] for d in planted["detail"])
    for p in planted.itertuples():
        agent = p.detail.split()[0]
        clients = p.detail.split("takes calls for ")[1].split(", ")
        row = flagged[flagged.agent == agent].iloc[0]
        assert row["clients"].split(", ") == clients
    # A client is at risk from its agents only when too few of them are trained (readiness.trained_share).
    for client in sorted(set(result.matrix["client"])):
        serving = result.staff[result.staff["clients"].str.split(", ").map(lambda cs: client in cs)]
        trained = (serving["problem"] == "").mean() if len(serving) else 1.0
        cells = result.matrix[result.matrix.client == client]
        flagged_here = cells["reasons"].str.contains("not trained or not signed")
        assert flagged_here.all() if trained < 0.8 else not flagged_here.any(), (client, trained)


def test_unknown_data_is_not_ready(result, gold):
    for p in gold[gold.problem == "not_in_inventory"].itertuples():
        cells = result.matrix[(result.matrix.client == p.client) & (result.matrix.dataset == rd.UNKNOWN_DATASET)]
        assert set(cells["status"]) == {rd.NOT_READY} and len(cells) == len(RIGHTS)


def test_overdue_files_match_the_gold(result, gold):
    planted = gold[gold.problem == "overdue_file"].groupby("dataset").size()
    got = result.evidence.set_index("dataset")["overdue_files"]
    assert got[got > 0].to_dict() == planted.to_dict()


def test_summary_ranks_the_objection_violation_first(result):
    text = result.summary
    assert text.startswith("## Executive summary")
    order = [text.index(w) for w in ("objection/restriction violation", "late request",
                                     "undocumented file", "overdue file", "not trained")]
    assert order == sorted(order)
    assert "What to do first:** Remove the objectors" in text
    assert list(result.findings["severity"]) == sorted(result.findings["severity"])
    assert result.scores["client"].iloc[0] == "callcenter"      # violation + unknown data


def test_heatmap_has_one_row_per_dataset(result):
    fig = plots.status_heatmap(result.matrix)
    assert len(fig.data[0].y) == len(result.evidence)
    assert len(fig.data[0].x) == len(RIGHTS)


# --- the rules on hand-made tables ---------------------------------------------------------

def _evidence(**changes):
    row = {"client": "acme", "dataset": "exports/acme/*.csv", "role": "processor",
           "controller_contact": "dpo@acme.example", "files": 1, "unreadable": 0, "records": 10,
           "findable": 10, "share": 1.0, "subjects": 10, "retention": "P90D", "overdue_files": 0}
    row.update(changes)
    return pd.DataFrame([row], columns=rd.EVIDENCE)


NO_VIOLATIONS = pd.DataFrame(columns=rd.VIOLATIONS)
NO_REQUESTS = pd.DataFrame(columns=rd.REQUESTS)
NO_STAFF = pd.DataFrame(columns=rd.STAFF)


def _matrix(evidence=None, violations=NO_VIOLATIONS, requests=NO_REQUESTS, staff=NO_STAFF):
    m = rd.status_matrix(_evidence() if evidence is None else evidence, violations, requests, staff)
    return dict(zip(m["right"], m["status"]))


def test_everything_documented_is_ready():
    assert set(_matrix().values()) == {rd.READY}
    m = rd.status_matrix(_evidence(), NO_VIOLATIONS, NO_REQUESTS, NO_STAFF)
    assert rd.client_scores(m)["score"].tolist() == [100]
    found = rd.findings(_evidence(), NO_VIOLATIONS, NO_REQUESTS, NO_STAFF)
    assert found.empty and "No problem found" in rd.executive_summary(found, rd.client_scores(m), m)


@pytest.mark.parametrize("changes, right, expected", [
    ({"controller_contact": ""}, "access", rd.NOT_READY),
    ({"controller_contact": "", "role": "controller"}, "access", rd.READY),
    ({"share": 0.4, "findable": 4}, "portability", rd.NOT_READY),
    ({"share": 0.8, "findable": 8}, "access", rd.AT_RISK),
    ({"unreadable": 1}, "rectification", rd.AT_RISK),
    ({"retention": ""}, "erasure", rd.AT_RISK),
    ({"retention": ""}, "access", rd.READY),
    ({"overdue_files": 2}, "erasure", rd.AT_RISK),
    ({"overdue_files": 2}, "objection", rd.READY),
    ({"dataset": rd.UNKNOWN_DATASET}, "access", rd.NOT_READY),
])
def test_evidence_rules(changes, right, expected):
    assert _matrix(_evidence(**changes))[right] == expected


def test_a_violation_makes_only_its_right_not_ready():
    v = pd.DataFrame([{"client": "acme", "dataset": "exports/acme/*.csv", "file": "a.csv", "record": "row 1",
                       "right": "restriction", "since": D(2026, 1, 1), "received": D(2026, 2, 1),
                       "identifier_type": "email", "masked": "j***@a***.be", "subject_id": "S1"}],
                     columns=rd.VIOLATIONS)
    m = _matrix(violations=v)
    assert m["restriction"] == rd.NOT_READY and m["objection"] == rd.READY == m["access"]
    other = _matrix(violations=v.assign(client="other"))
    assert other["restriction"] == rd.READY


def test_late_request_rules(audit):
    from dataclasses import replace

    from ccaudit.audit.configuration import RightsRequest
    requests = (RightsRequest("A", "access", "acme", D(2026, 1, 31), D(2026, 2, 28)),       # on the deadline
                RightsRequest("B", "erasure", "acme", D(2026, 1, 10), D(2026, 3, 1), extended=True),
                RightsRequest("C", "objection", "acme", D(2026, 1, 10), D(2026, 2, 11)),    # one day late
                RightsRequest("D", "portability", "acme", D(2026, 10, 1)))                  # open, overdue
    table = rd.request_timeliness(replace(audit, requests=requests, audit_date=D(2026, 11, 28)))
    assert table.set_index("id")["status"].to_dict() == {
        "A": "answered", "B": "answered", "C": "answered late", "D": "open, overdue"}
    m = _matrix(requests=table)
    assert m == {"access": rd.READY, "rectification": rd.READY, "erasure": rd.READY,
                 "restriction": rd.READY, "portability": rd.NOT_READY, "objection": rd.NOT_READY}


def test_staff_rule_applies_to_the_clients_the_agent_serves():
    staff = pd.DataFrame([{"agent": "E1", "name": "", "exam_score": 50.0, "passed": False,
                           "code_of_conduct_signed": True, "clients": "acme, other", "problem": "exam failed"}],
                         columns=rd.STAFF)
    assert set(_matrix(staff=staff).values()) == {rd.AT_RISK}
    assert set(_matrix(staff=staff.assign(clients="other")).values()) == {rd.READY}
    # One untrained agent among five: 80 % trained, not below the default threshold.
    others = pd.DataFrame([{"agent": f"E{i}", "name": "", "exam_score": 95.0, "passed": True,
                            "code_of_conduct_signed": True, "clients": "acme", "problem": ""} for i in range(2, 6)],
                          columns=rd.STAFF)
    five = pd.concat([staff, others], ignore_index=True)
    assert set(_matrix(staff=five).values()) == {rd.READY}
    strict = rd.status_matrix(_evidence(), NO_VIOLATIONS, NO_REQUESTS, five, rd.Thresholds(trained_share=0.9))
    assert set(strict["status"]) == {rd.AT_RISK}
    assert "1 of 5 agents taking this client's calls not trained or not signed (80% trained, below 90%)" \
        in strict["reasons"].iloc[0]


def test_findability_thresholds_come_from_the_configuration():
    evidence = _evidence(share=0.8, findable=8)
    assert set(rd.status_matrix(evidence, NO_VIOLATIONS, NO_REQUESTS, NO_STAFF,
                                rd.Thresholds(findable_ready=0.75))["status"]) == {rd.READY}
    assert set(rd.status_matrix(evidence, NO_VIOLATIONS, NO_REQUESTS, NO_STAFF,
                                rd.Thresholds(findable_not_ready=0.85))["status"]) == {rd.NOT_READY}


def test_actions_rank_what_to_fix_with_the_subjects_and_records_each_affects(result):
    todo = result.actions
    assert list(todo["rank"]) == list(range(1, len(todo) + 1))
    assert list(todo["kind"]) == list(dict.fromkeys(result.findings["kind"]))   # most severe first
    first = todo.iloc[0]
    assert first["kind"] == "objection_violation" and (first["subjects"], first["records"]) == (1, 1)
    overdue = todo.set_index("kind").loc["overdue_data"]
    ev = result.evidence[result.evidence["overdue_files"] > 0]
    assert overdue["records"] == ev["records"].sum() and overdue["subjects"] == ev["subjects"].sum() > 0
    assert "**Top 5 actions**" in result.summary and "1 subject(s), 1 record(s)" in result.summary


def test_score_weights_at_risk_half():
    m = pd.DataFrame({"client": ["a"] * 4, "status": [rd.READY, rd.READY, rd.AT_RISK, rd.NOT_READY]})
    assert rd.client_scores(m).iloc[0].to_dict() == {"client": "a", "ready": 2, "at risk": 1,
                                                     "not ready": 1, "score": 62}
