"""Rights readiness: can the contact centre honour each of the six rights, per client and dataset?

For access (Art. 15), rectification (16), erasure (17), restriction (18), portability (20)
and objection (21), and for every client and dataset of the inventory (plus one row per
client for files no inventory dataset documents), a status — ``ready``, ``at risk`` or
``not ready`` — with the evidence behind it. The functions take the audit configuration
(:mod:`ccaudit.audit.configuration`) and an open connection to the subject index and return
DataFrames; only masked values, hashes, counts and file names come out.

The rules (the worst rule that fires gives the status; every reason is listed):

=====================================  ==============================  ==========================
Evidence                               Rights it bears on              Status when it fails
=====================================  ==============================  ==========================
An objector / restricted subject's     objection (21) / restriction    not ready (a violation:
record in the client's data received   (18), that client and dataset   e.g. an outbound campaign
after the objection date                                               calling someone who objected)
A request answered after its deadline  that right, every dataset of    not ready
(one month, three when extended,       the client
Art. 12(3)), or open past it
Files no inventory dataset matches     all six, the client's           not ready
(exchange not documented, Art. 30)     "(not in inventory)" row
Processor with no controller contact   all six                         not ready (requests cannot
(Art. 28(3)(e))                                                        be forwarded)
Share of records findable by a strong  all six                         < 50 %: not ready,
identifier (personal-data sheets and                                   < 90 %: at risk
calls)                                                                 (``readiness:`` thresholds)
Unreadable files in the dataset        all six                         at risk
No retention rule                      erasure                         at risk
Files held past their retention        erasure                         at risk
(Art. 5(1)(e))
Agents who take the client's calls     all six, every dataset of the   at risk when the share of
failed the exam (below the pass mark)  client                          its agents trained is below
or did not sign the code of conduct                                    ``trained_share`` (80 %)
=====================================  ==============================  ==========================

A client's score is the mean over its cells of ready = 1, at risk = 0.5, not ready = 0,
as a percentage. The findings behind the statuses are ranked by severity for the executive
summary: objection violations first, then late requests, unknown data, overdue data, staff
not trained, and the weaker evidence (contacts, findability, unreadable files); each kind
becomes one action (:func:`actions`) with the clients, datasets, data subjects and records
it affects, and the summary lists the top ones. ::

    audit = load_audit_config("data_samples/audit.yaml")
    con = connect(audit.inputs.db, read_only=True)
    result = assess(audit, con)
    print(result.summary)          # markdown for the DPO
    result.matrix                  # client, dataset, right, status, reasons
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import duckdb
import pandas as pd

from ccaudit.audit import retention
from ccaudit.audit.configuration import AuditConfig, Thresholds
from ccaudit.errors import CcauditError
from ccaudit.gdpr import RIGHTS
from ccaudit.index.identifiers import ID_TYPE_ENTITY
from ccaudit.index.queries import subjects_by_file
from ccaudit.report.masking import mask

READY, AT_RISK, NOT_READY = "ready", "at risk", "not ready"
STATUSES = (READY, AT_RISK, NOT_READY)
STATUS_VALUE = {READY: 1.0, AT_RISK: 0.5, NOT_READY: 0.0}
UNKNOWN_DATASET = "(not in inventory)"
# Finding kinds, most severe first (the executive summary's order).
SEVERITY = ("objection_violation", "late_request", "unknown_data", "overdue_data", "staff_not_trained",
            "no_controller_contact", "low_findability", "unreadable_files", "no_retention_rule")

EVIDENCE = ["client", "dataset", "role", "controller_contact", "files", "unreadable", "records",
            "findable", "share", "subjects", "retention", "overdue_files"]
VIOLATIONS = ["client", "dataset", "file", "record", "right", "since", "received", "identifier_type",
              "masked", "subject_id"]
REQUESTS = ["id", "type", "client", "received", "deadline", "answered", "extended", "status", "late"]
STAFF = ["agent", "name", "exam_score", "passed", "code_of_conduct_signed", "clients", "problem"]
MATRIX = ["client", "dataset", "right", "article", "status", "reasons"]
FINDINGS = ["severity", "kind", "client", "dataset", "count", "detail"]
ACTIONS = ["rank", "action", "kind", "clients", "datasets", "subjects", "records", "problems"]


# --------------------------------------------------------------------------------- evidence

def _file_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per indexed file: records that hold personal data (export sheets with a personal
    column, every call) and how many of them are findable by a strong identifier, plus the
    unreadable files (status ``error``)."""
    return con.execute("""
        WITH personal AS (   -- export sheets that hold personal data: their longest column
            SELECT file_id, coalesce(sheet, '') AS sheet, max("rows") AS records
            FROM columns WHERE coalesce(entity_type, '') <> '' GROUP BY ALL),
        findable AS (
            SELECT file_id, coalesce(sheet, '') AS sheet,
                   count(DISTINCT coalesce(CAST("row" AS VARCHAR), call_id)) AS findable
            FROM findings WHERE id_hash IS NOT NULL GROUP BY ALL),
        per_file AS (
            SELECT fl.path, sum(p.records) AS records, sum(coalesce(fd.findable, 0)) AS findable
            FROM files fl JOIN personal p ON p.file_id = fl.file_id
            LEFT JOIN findable fd ON fd.file_id = p.file_id AND fd.sheet = p.sheet
            WHERE fl.status = 'indexed' AND fl.kind = 'export' GROUP BY fl.path
            UNION ALL
            SELECT fl.path, fl.records, coalesce(fd.findable, 0)
            FROM files fl LEFT JOIN findable fd ON fd.file_id = fl.file_id
            WHERE fl.status = 'indexed' AND fl.kind = 'transcript')
        SELECT fl.path, fl.status, coalesce(pf.records, 0) AS records,
               coalesce(pf.findable, 0) AS findable
        FROM files fl LEFT JOIN per_file pf ON pf.path = fl.path
        WHERE fl.status IN ('indexed', 'error') ORDER BY fl.path
    """).df()


def dataset_evidence(audit: AuditConfig, con: duckdb.DuckDBPyConnection,
                     files: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per client and inventory dataset (and one ``(not in inventory)`` row per client with
    undocumented files): role, controller contact, files, unreadable files, records with
    personal data, findable records and their share, retention rule and overdue files.

    Which files are overdue is the retention report's answer (``files``: the frame of
    :func:`ccaudit.audit.retention.file_retention`, computed when not given): a file past its
    received date plus retention. Rules counted ``after`` a column are about records, not
    files, and are left to the retention report.
    """
    if files is None:
        files = retention.file_retention(audit)
    coverage = _file_coverage(con)
    coverage["key"] = coverage["path"].map(audit.key_of)
    by_key = coverage.set_index("key")
    subjects_of = {audit.key_of(p): set(g["subject_id"]) for p, g in subjects_by_file(con).groupby("path")}
    held: dict[tuple[str, str], set] = {}
    rows: dict[tuple[str, str], dict] = {}
    for entry in audit.inventory:
        rule = audit.retention_for(entry)
        rows[(entry.client, entry.dataset)] = {
            "client": entry.client, "dataset": entry.dataset, "role": entry.role,
            "controller_contact": entry.controller_contact or "", "files": 0, "unreadable": 0,
            "records": 0, "findable": 0, "retention": str(rule) if rule else "", "overdue_files": 0}
    for file in files.itertuples():
        if file.status == retention.NOT_IN_INVENTORY:
            row = rows.setdefault((file.client, UNKNOWN_DATASET), {
                "client": file.client, "dataset": UNKNOWN_DATASET, "role": "", "controller_contact": "",
                "files": 0, "unreadable": 0, "records": 0, "findable": 0, "retention": "",
                "overdue_files": 0})
        else:
            row = rows[(file.client, file.dataset)]
        row["files"] += 1
        row["overdue_files"] += int(file.status == retention.OVERDUE)
        held.setdefault((row["client"], row["dataset"]), set()).update(subjects_of.get(file.file, ()))
        if file.file in by_key.index:
            found = by_key.loc[file.file]
            row["unreadable"] += int(found["status"] == "error")
            row["records"] += int(found["records"])
            row["findable"] += int(found["findable"])
    for (client, dataset), found in held.items():
        rows[(client, dataset)]["subjects"] = len(found)
    frame = pd.DataFrame(list(rows.values()), columns=[c for c in EVIDENCE if c != "share"])
    frame["subjects"] = frame["subjects"].fillna(0).astype("int64")
    frame["share"] = (frame["findable"] / frame["records"].where(frame["records"] > 0)).round(3)
    return frame[EVIDENCE].sort_values(["client", "dataset"]).reset_index(drop=True)


def objection_violations(audit: AuditConfig, con: duckdb.DuckDBPyConnection,
                         key: bytes | None = None, files: pd.DataFrame | None = None) -> pd.DataFrame:
    """Records of an objector or restricted subject in the bound client's data received
    after the objection's date: one row per record, with the identifier masked.

    The objection's identifier is hashed with the index key and resolved to its subject;
    every record of that subject (linked by any shared identifier) counts. A file whose
    received date is unknown is not counted.
    """
    from ccaudit.index import lookup

    if files is None:
        files = retention.file_retention(audit)
    received_of = dict(zip(files["file"], files["received"]))
    hasher = lookup.hasher_for(audit.scanner, key)
    regions = tuple(audit.scanner.phone_regions)
    rows = []
    for objection in audit.objections:
        try:
            wanted = lookup.resolve(con, lookup.candidate_hashes(
                objection.identifier_type, objection.identifier, hasher, regions), hasher)
        except CcauditError:
            continue
        found = con.execute("""
            SELECT fl.path, coalesce(f.sheet, '') AS sheet, f."row", coalesce(f.call_id, '') AS call_id,
                   i.subject_id, f.masked, f.id_hash = ? AS own
            FROM identifiers i JOIN findings f ON f.id_hash = i.id_hash
            JOIN files fl ON fl.file_id = f.file_id
            WHERE fl.status = 'indexed' AND fl.client = ?
              AND i.subject_id = (SELECT subject_id FROM identifiers WHERE id_hash = ?)
        """, [wanted, objection.client, wanted]).df()
        # One row per record (a record may hold several of the subject's identifiers).
        found = (found.sort_values(["own", "masked"], ascending=[False, True])
                 .drop_duplicates(["path", "sheet", "row", "call_id"])
                 .sort_values(["path", "sheet", "row", "call_id"]))
        for record in found.itertuples():
            entry = audit.dataset_for(record.path)
            received = received_of.get(audit.key_of(record.path)) if entry else None
            if received is None or pd.isna(received) or received <= objection.date:
                continue
            where = (f"call {record.call_id}" if record.call_id else
                     f"row {int(record.row)}" + (f" of {record.sheet}" if record.sheet else ""))
            rows.append({"client": objection.client, "dataset": entry.dataset,
                         "file": Path(record.path).name, "record": where, "right": objection.right,
                         "since": objection.date, "received": received,
                         "identifier_type": objection.identifier_type,
                         "masked": mask(objection.canonical or objection.identifier,
                                        ID_TYPE_ENTITY.get(objection.identifier_type)),
                         "subject_id": record.subject_id})
    return pd.DataFrame(rows, columns=VIOLATIONS).drop_duplicates(
        subset=["client", "file", "record", "right"]).reset_index(drop=True)


def request_timeliness(audit: AuditConfig) -> pd.DataFrame:
    """Every logged request with its deadline (Art. 12(3)) and whether it is late on the
    audit date: ``answered late``, ``open, overdue``, ``answered``, ``open``."""
    rows = []
    for r in audit.requests:
        late = r.late(audit.today)
        status = ("answered late" if late else "answered") if r.answered else \
                 ("open, overdue" if late else "open")
        rows.append({"id": r.id, "type": r.type, "client": r.client, "received": r.received,
                     "deadline": r.deadline, "answered": r.answered, "extended": r.extended,
                     "status": status, "late": late})
    return pd.DataFrame(rows, columns=REQUESTS)


def agent_clients(audit: AuditConfig, openings: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The clients each trained agent (employee id) takes calls for: the clients whose calls
    have the agent's name in their opening turns (``openings``: ``(client, text)`` per call,
    from :func:`ccaudit.sources.transcripts.openings.call_openings`)."""
    names = {r.agent: r.name for r in audit.training.records if r.name}
    found: dict[str, set[str]] = {a: set() for a in names}
    for client, text in openings:
        for agent, name in names.items():
            if name in text:
                found[agent].add(client)
    return {a: sorted(c) for a, c in found.items()}


def call_files(audit: AuditConfig) -> list[tuple[str, Path]]:
    """``(client, path)`` of every call under the audit's transcript folders."""
    folders = tuple(f"{f.name}/" for f in audit.inputs.transcripts)
    out = []
    for key, path in audit.input_files():
        if key.startswith(folders):
            entry = audit.dataset_for(key)
            out.append((entry.client if entry else key.split("/")[1], path))
    return out


def staff_readiness(audit: AuditConfig, clients_of: dict[str, list[str]]) -> pd.DataFrame:
    """Every training record (the name masked) with the clients the agent takes calls for and its problem:
    ``exam failed``, ``code of conduct unsigned``, both, or ``""``."""
    mark = audit.training.pass_mark
    rows = []
    for r in audit.training.records:
        problems = ([] if r.passed(mark) else ["exam failed"]) + \
                   ([] if r.code_of_conduct_signed else ["code of conduct unsigned"])
        rows.append({"agent": r.agent, "name": mask(r.name, "PERSON") if r.name else "", "exam_score": r.exam_score,
                     "passed": r.passed(mark), "code_of_conduct_signed": r.code_of_conduct_signed,
                     "clients": ", ".join(clients_of.get(r.agent, [])), "problem": "; ".join(problems)})
    return pd.DataFrame(rows, columns=STAFF)


# ----------------------------------------------------------------------------------- status

def _worse(a: str, b: str) -> str:
    return a if STATUSES.index(a) >= STATUSES.index(b) else b


def _agents_of(staff: pd.DataFrame, client: str) -> tuple[int, int]:
    """(agents who take ``client``'s calls, of whom not trained or not signed)."""
    here = [s for s in staff.itertuples(index=False)
            if client in [c.strip() for c in str(s.clients).split(",")]] if len(staff) else []
    return len(here), sum(1 for s in here if s.problem)


def status_matrix(evidence: pd.DataFrame, violations: pd.DataFrame, requests: pd.DataFrame,
                  staff: pd.DataFrame, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """One row per client, dataset and right: the status and the reasons, by the rules in the
    module docstring. Pure: works on the four tables above (or hand-made ones)."""
    limits = thresholds or Thresholds()
    late = requests[requests["late"].astype(bool)] if len(requests) else requests
    rows = []
    for ev in evidence.itertuples(index=False):
        agents, untrained = _agents_of(staff, ev.client)
        for right in RIGHTS:
            status, reasons = READY, []

            def fire(level: str, reason: str) -> None:
                nonlocal status
                status = _worse(status, level)
                reasons.append(reason)

            if ev.dataset == UNKNOWN_DATASET:
                fire(NOT_READY, f"{ev.files} file(s) not in the inventory: exchange not documented")
            elif ev.role == "processor" and not ev.controller_contact:
                fire(NOT_READY, "no controller contact to forward requests to")
            right_of = {"objection": "objection", "restriction": "restriction"}.get(right)
            if right_of and len(violations):
                hit = violations[(violations["client"] == ev.client) & (violations["dataset"] == ev.dataset)
                                 & (violations["right"] == right_of)]
                if len(hit):
                    fire(NOT_READY, f"{len(hit)} record(s) of a subject who exercised this right, "
                                    "in data received after it")
            for r in (late[(late["client"] == ev.client) & (late["type"] == right)].itertuples()
                      if len(late) else []):
                fire(NOT_READY, f"request {r.id} {r.status} (deadline {r.deadline})")
            if ev.records and pd.notna(ev.share):
                if ev.share < limits.findable_not_ready:
                    fire(NOT_READY, f"only {ev.share:.0%} of records findable by a strong identifier")
                elif ev.share < limits.findable_ready:
                    fire(AT_RISK, f"{ev.share:.0%} of records findable by a strong identifier")
            if ev.unreadable:
                fire(AT_RISK, f"{ev.unreadable} unreadable file(s) cannot be searched")
            if right == "erasure" and ev.dataset != UNKNOWN_DATASET:
                if not ev.retention:
                    fire(AT_RISK, "no retention rule")
                if ev.overdue_files:
                    fire(AT_RISK, f"{ev.overdue_files} file(s) held past their retention")
            # One untrained agent among many does not put a client at risk: the share does.
            if agents and untrained and (agents - untrained) / agents < limits.trained_share:
                fire(AT_RISK, f"{untrained} of {agents} agents taking this client's calls not trained "
                              f"or not signed ({(agents - untrained) / agents:.0%} trained, below "
                              f"{limits.trained_share:.0%})")
            rows.append({"client": ev.client, "dataset": ev.dataset, "right": right,
                         "article": RIGHTS[right], "status": status, "reasons": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=MATRIX)


def client_scores(matrix: pd.DataFrame) -> pd.DataFrame:
    """Per client: cells ready / at risk / not ready and the score (ready 1, at risk ½,
    not ready 0, averaged, in %). Lowest score first."""
    if matrix.empty:
        return pd.DataFrame(columns=["client", *STATUSES, "score"])
    counts = pd.crosstab(matrix["client"], matrix["status"]).reindex(columns=list(STATUSES), fill_value=0)
    score = matrix.assign(v=matrix["status"].map(STATUS_VALUE)).groupby("client")["v"].mean()
    out = counts.assign(score=(100 * score).round(0).astype("int64")).reset_index()
    out.columns.name = None
    return out.sort_values(["score", "client"]).reset_index(drop=True)


def status_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix pivoted for reading: one row per client and dataset, one column per right."""
    if matrix.empty:
        return pd.DataFrame()
    table = matrix.pivot(index=["client", "dataset"], columns="right", values="status")
    table = table.reindex(columns=list(RIGHTS))
    table.columns = [f"{r} ({RIGHTS[r]})" for r in RIGHTS]
    return table


# ------------------------------------------------------------------------- findings, summary

def findings(evidence: pd.DataFrame, violations: pd.DataFrame, requests: pd.DataFrame,
             staff: pd.DataFrame, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Everything that lowers a status, one row per problem and client/dataset, most severe
    first (:data:`SEVERITY`)."""
    rows = []

    def add(kind, client, dataset, count, detail):
        rows.append({"severity": SEVERITY.index(kind) + 1, "kind": kind, "client": client,
                     "dataset": dataset, "count": int(count), "detail": detail})

    for (client, dataset, right), group in violations.groupby(["client", "dataset", "right"], sort=True):
        add("objection_violation", client, dataset, len(group),
            f"{len(group)} record(s) of a subject who asked for {right} (since "
            f"{group['since'].iloc[0]}) in data received later: {', '.join(group['masked'][:3])}")
    for r in requests[requests["late"].astype(bool)].itertuples() if len(requests) else []:
        add("late_request", r.client, "", 1, f"{r.id} ({r.type}) {r.status}: received {r.received}, "
                                             f"deadline {r.deadline}, answered {r.answered or 'not yet'}")
    for ev in evidence.itertuples(index=False):
        if ev.dataset == UNKNOWN_DATASET:
            add("unknown_data", ev.client, ev.dataset, ev.files,
                f"{ev.files} file(s) match no inventory dataset")
            continue
        if ev.overdue_files:
            add("overdue_data", ev.client, ev.dataset, ev.overdue_files,
                f"{ev.overdue_files} file(s) held past retention {ev.retention}")
        if ev.role == "processor" and not ev.controller_contact:
            add("no_controller_contact", ev.client, ev.dataset, 1, "no controller contact")
        if ev.records and pd.notna(ev.share) and ev.share < (thresholds or Thresholds()).findable_ready:
            add("low_findability", ev.client, ev.dataset, ev.records - ev.findable,
                f"{ev.share:.0%} of records findable by a strong identifier")
        if ev.unreadable:
            add("unreadable_files", ev.client, ev.dataset, ev.unreadable, f"{ev.unreadable} unreadable file(s)")
        if not ev.retention:
            add("no_retention_rule", ev.client, ev.dataset, 1, "no retention rule")
    for s in staff[staff["problem"] != ""].itertuples() if len(staff) else []:
        add("staff_not_trained", "callcenter" if not s.clients else s.clients, "", 1,
            f"{s.agent}: {s.problem}" + (f" (exam {s.exam_score:g} %)" if not s.passed and s.exam_score is not None
                                         else "") + f"; takes calls for {s.clients or 'no client'}")
    frame = pd.DataFrame(rows, columns=FINDINGS)
    return frame.sort_values(["severity", "client", "dataset", "detail"]).reset_index(drop=True)


_ACTIONS = {
    "objection_violation": "Remove the objectors from the lists before they are dialled again and "
                           "check the suppression step of the campaign load (Art. 21(3)).",
    "late_request": "Review why requests missed the one-month deadline and track open ones "
                    "against it (Art. 12(3)).",
    "unknown_data": "Document the undocumented files in the inventory or delete them (Art. 30).",
    "overdue_data": "Delete the data held past its retention (Art. 5(1)(e)).",
    "staff_not_trained": "Have the agents retake the exam and sign the code of conduct before "
                         "they take calls again (Art. 32(4), 39(1)(b)).",
    "no_controller_contact": "Record each controller's contact for rights requests (Art. 28(3)(e)).",
    "low_findability": "Ask the clients for a strong identifier (e-mail, phone) in every record.",
    "unreadable_files": "Ask for readable copies of the broken files.",
    "no_retention_rule": "Agree a retention period for each dataset.",
}
_TITLES = {
    "objection_violation": "objection/restriction violation(s)", "late_request": "late request(s)",
    "unknown_data": "undocumented file(s)", "overdue_data": "overdue file(s)",
    "staff_not_trained": "agent(s) not trained or not signed",
    "no_controller_contact": "dataset(s) without a controller contact",
    "low_findability": "record(s) not findable by a strong identifier",
    "unreadable_files": "unreadable file(s)", "no_retention_rule": "dataset(s) without retention rule",
}


def actions(found: pd.DataFrame, evidence: pd.DataFrame, violations: pd.DataFrame) -> pd.DataFrame:
    """What to fix, one action per kind of problem, most severe first: the clients and
    datasets it touches and the data subjects and records it affects (a dataset's problem:
    that dataset's; an agent's training gap: the datasets of the clients whose calls the
    agent takes; a late request: its requester; a violation: the records and subjects
    found)."""
    ev = evidence.set_index(["client", "dataset"])
    rows = []
    for kind, group in found.groupby("kind", sort=False):
        clients = sorted({c.strip() for cs in group["client"] for c in str(cs).split(",") if c.strip()})
        if kind == "objection_violation":
            hit = violations[violations["client"].isin(clients)]
            subjects, records, datasets = int(hit["subject_id"].nunique()), len(hit), sorted(set(hit["dataset"]))
        elif kind == "late_request":
            subjects, records, datasets = len(group), 0, []
        else:
            if kind == "staff_not_trained":
                touched = [k for k in ev.index if k[0] in clients and k[1] != UNKNOWN_DATASET]
            else:
                touched = [k for k in zip(group["client"], group["dataset"]) if k in ev.index]
            datasets = sorted({d for _, d in touched})
            subjects = int(sum(ev.loc[k, "subjects"] for k in touched))
            records = int(sum(ev.loc[k, "records"] for k in touched))
        rows.append({"action": _ACTIONS[kind], "kind": kind, "clients": ", ".join(clients),
                     "datasets": ", ".join(datasets), "subjects": subjects, "records": records,
                     "problems": int(group["count"].sum())})
    frame = pd.DataFrame(rows, columns=[c for c in ACTIONS if c != "rank"])
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def executive_summary(found: pd.DataFrame, scores: pd.DataFrame, matrix: pd.DataFrame,
                      todo: pd.DataFrame | None = None, top: int = 5) -> str:
    """A short markdown text for the DPO: the overall picture, what is wrong (most severe
    first, with counts) and what to do first. Masked values only."""
    cells = len(matrix)
    not_ready = int((matrix["status"] == NOT_READY).sum()) if cells else 0
    at_risk = int((matrix["status"] == AT_RISK).sum()) if cells else 0
    lines = ["## Executive summary", ""]
    if cells:
        worst = scores.iloc[0]
        lines.append(f"Of {cells} right × dataset checks, **{cells - not_ready - at_risk} are ready, "
                     f"{at_risk} at risk and {not_ready} not ready**. Lowest score: "
                     f"**{worst['client']} ({worst['score']} %)**; "
                     + ", ".join(f"{r.client} {r.score} %" for r in scores.itertuples()) + ".")
    if found.empty:
        lines += ["", "No problem found: every right is ready for every client and dataset."]
        return "\n".join(lines)
    lines += ["", "**What is wrong**, most severe first:", ""]
    for number, (kind, group) in enumerate(found.groupby("kind", sort=False), 1):
        clients = ", ".join(sorted(set(", ".join(group["client"]).split(", "))))
        lines.append(f"{number}. **{int(group['count'].sum())} {_TITLES[kind]}** ({clients}): "
                     + "; ".join(group["detail"].head(3)) + ("; …" if len(group) > 3 else ""))
    first = found["kind"].iloc[0]
    lines += ["", f"**What to do first:** {_ACTIONS[first]}"]
    if todo is not None and len(todo):
        lines += ["", f"**Top {min(top, len(todo))} actions**, with the data subjects and records each "
                      "one affects:", ""]
        for r in todo.head(top).itertuples():
            lines.append(f"{r.rank}. {r.action} — {r.clients}: **{r.subjects} subject(s), "
                         f"{r.records} record(s)** ({r.problems} problem(s)).")
    else:
        second = [k for k in dict.fromkeys(found["kind"]) if k != first][:2]
        if second:
            lines.append("Then: " + " ".join(_ACTIONS[k] for k in second))
    return "\n".join(lines)


# ------------------------------------------------------------------------------ all at once

@dataclass
class Readiness:
    """Every table of the readiness report, and the summary built from them."""

    evidence: pd.DataFrame
    violations: pd.DataFrame
    requests: pd.DataFrame
    staff: pd.DataFrame
    matrix: pd.DataFrame
    scores: pd.DataFrame
    findings: pd.DataFrame
    summary: str
    actions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ACTIONS))

    @property
    def table(self) -> pd.DataFrame:
        return status_table(self.matrix)

    def write(self, folder: str | Path) -> list[Path]:
        """Write the tables as CSV (``readiness_*.csv``) for the scheduled run's summary and
        for analysts. Masked values only; staff appear by their agent id, without name."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tables = {"findings": self.findings, "actions": self.actions, "status": self.matrix, "scores": self.scores,
                  "evidence": self.evidence, "violations": self.violations,
                  "requests": self.requests, "staff": self.staff.drop(columns=["name"])}
        written = []
        for name, frame in tables.items():
            frame.to_csv(folder / f"readiness_{name}.csv", index=False)
            written.append(folder / f"readiness_{name}.csv")
        return written


def assess(audit: AuditConfig, con: duckdb.DuckDBPyConnection, key: bytes | None = None,
           clients_of: dict[str, list[str]] | None = None,
           files: pd.DataFrame | None = None) -> Readiness:
    """Run every check of the readiness report on an audit configuration and its index
    (``files``: the retention report's per-file frame, when already computed)."""
    if files is None:
        files = retention.file_retention(audit)
    evidence = dataset_evidence(audit, con, files)
    violations = objection_violations(audit, con, key, files)
    requests = request_timeliness(audit)
    if clients_of is None:
        from ccaudit.sources.transcripts.openings import call_openings
        clients_of = agent_clients(audit, call_openings(call_files(audit)))
    staff = staff_readiness(audit, clients_of)
    limits = audit.readiness
    matrix = status_matrix(evidence, violations, requests, staff, limits)
    scores = client_scores(matrix)
    found = findings(evidence, violations, requests, staff, limits)
    todo = actions(found, evidence, violations)
    return Readiness(evidence, violations, requests, staff, matrix, scores, found,
                     executive_summary(found, scores, matrix, todo, limits.top_actions), todo)


__all__ = ["ACTIONS", "AT_RISK", "Thresholds", "NOT_READY", "READY", "Readiness", "actions", "agent_clients", "assess", "call_files", "client_scores",
           "dataset_evidence", "executive_summary", "findings", "objection_violations",
           "request_timeliness", "staff_readiness", "status_matrix", "status_table"]
