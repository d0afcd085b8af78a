"""The audit's reports, one entry each: the notebook, what it needs to run, where its tables
go, the headline read back from what it wrote and the figures it adds to summary.json.

Adding a report is its notebook, its domain module, its plots and one entry in REPORTS.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ccaudit.report.run import AuditInputs

# Where notebook 02 writes its CSVs, under the report folder.
TRANSCRIPTS_SUBDIR = "transcripts"


@dataclass
class Headline:
    """What a report says in one sentence, and its figures for summary.json."""

    sentence: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)   # for summary.json: no raw values


def _csv(path: Path):
    import pandas as pd

    return pd.read_csv(path, keep_default_na=False) if path.exists() else None


def _reviews(path: Path) -> tuple[dict[str, int], list[dict]]:
    """The reviewed decisions a scan wrote: how many applied and stale, and each stale one as
    a problem (a decision whose file, column or span is gone is listed, not dropped)."""
    reviews = _csv(path)
    if reviews is None or reviews.empty:
        return {"reviewed_decisions": 0, "stale_reviewed_decisions": 0}, []
    stale = reviews[reviews["status"] == "stale"]
    problems = [{"problem": "stale_reviewed_decision", "file": r.file,
                 "detail": (f"column {r.column}" if r.kind == "column" else
                            f"turn {r.turn}, characters {r.start}-{r.end}")
                 + f": '{r.decision}' by {r.by} on {r.date} matches nothing scanned"}
                for r in stale.itertuples()]
    return {"reviewed_decisions": len(reviews) - len(stale), "stale_reviewed_decisions": len(stale)}, problems


def exports_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 01's files.csv, columns.csv and errors.csv."""
    from ccaudit.report import plots

    files, columns, errors = (_csv(folder / f"{n}.csv") for n in ("files", "columns", "errors"))
    if files is None or columns is None or errors is None:
        return Headline()
    personal = columns[columns["entity_type"] != ""]
    reviewed, problems = _reviews(folder / "reviews.csv")
    return Headline(plots.scan_headline(files, columns, errors), {
        "clients": int(files["client"].nunique()),
        "files_scanned": int((files["status"] == "scanned").sum()),
        "unreadable_files": len(errors),
        "columns": len(columns),
        "columns_with_personal_data": len(personal),
        "high_sensitivity_columns": int((personal["sensitivity"] == "high").sum()),
        **reviewed}, problems)


def transcripts_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 02's transcript_calls.csv, transcript_findings.csv and errors.csv."""
    from ccaudit.report import plots

    folder = folder / TRANSCRIPTS_SUBDIR
    calls, findings, errors = (_csv(folder / f"{n}.csv") for n in
                               ("transcript_calls", "transcript_findings", "errors"))
    if calls is None or findings is None or errors is None:
        return Headline()
    for flag in ("has_card", "has_national_number"):
        calls[flag] = calls[flag].astype(str).str.lower() == "true"
    reviewed, problems = _reviews(folder / "transcript_reviews.csv")
    return Headline(plots.transcript_headline(calls, findings, errors), {
        "calls": len(calls),
        "findings": len(findings),
        "calls_with_findings": int((calls["findings"] > 0).sum()),
        "calls_with_card_number": int(calls["has_card"].sum()),
        "calls_with_national_number": int(calls["has_national_number"].sum()),
        "unreadable_files": len(errors), **reviewed}, problems)


def index_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From the subject index notebook 03 built."""
    from ccaudit.index import queries
    from ccaudit.index.db import connect

    db = inputs.index_path(folder)
    if not db.exists():
        return Headline()
    con = connect(db, read_only=True)
    try:
        files, unreadable, subjects, identifiers = con.execute("""
            SELECT (SELECT count(*) FROM files WHERE status = 'indexed'),
                   (SELECT count(*) FROM files WHERE status = 'error'),
                   (SELECT count(*) FROM subjects), (SELECT count(*) FROM identifiers)
        """).fetchone()
        return Headline(queries.index_headline(con), {
            "files_indexed": files, "unreadable_files": unreadable, "subjects": subjects,
            "subjects_in_several_clients": len(queries.shared_subjects(con)),
            "identifiers": identifiers})
    finally:
        con.close()


def retention_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 04's retention_files.csv and retention_records.csv."""
    import pandas as pd

    from ccaudit.audit import retention

    files, records = (_csv(folder / n) for n in (retention.FILES_CSV, retention.RECORDS_CSV))
    if files is None or records is None:
        return Headline()
    overdue = pd.to_numeric(files["overdue_records"], errors="coerce")
    files["overdue_records"] = overdue.fillna(0).astype("int64")
    late = files[files["status"] == retention.OVERDUE]
    unknown = files[files["status"].isin(retention.UNKNOWN)]
    problems = (
        [{"problem": "overdue_file", "client": r.client, "dataset": r.dataset, "file": r.file,
          "detail": f"received {r.received}, retention {r.retention}, due {r.expires}"}
         for r in late.itertuples()]
        + [{"problem": "overdue_records", "client": client, "dataset": group["dataset"].iloc[0],
            "file": file, "rows": sorted(int(x) for x in group["row"]),
            "detail": f"{len(group)} record(s) past their retention"}
           for (client, file), group in records.groupby(["client", "file"], sort=True)]
        + [{"problem": r.status.replace(" ", "_"), "client": r.client, "dataset": r.dataset,
            "file": r.file, "detail": r.reason} for r in unknown.itertuples()])
    return Headline(retention.headline(files), retention.headline_figures(files), problems)


def readiness_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 05's readiness_findings.csv, readiness_scores.csv and readiness_staff.csv."""
    found, scores, staff, matrix = (_csv(folder / f"readiness_{n}.csv")
                                    for n in ("findings", "scores", "staff", "status"))
    if found is None or scores is None or staff is None or matrix is None:
        return Headline()
    figures = {"checks": len(matrix),
               "ready": int((matrix["status"] == "ready").sum()),
               "at_risk": int((matrix["status"] == "at risk").sum()),
               "not_ready": int((matrix["status"] == "not ready").sum()),
               "problems": len(found)}
    figures.update({f"score_{r.client}": int(r.score) for r in scores.itertuples()})
    for kind in dict.fromkeys(found["kind"]):
        figures[kind] = int(found.loc[found["kind"] == kind, "count"].sum())
    # Agents are listed one problem each below, not as the findings' per-client lines.
    problems = [{"problem": r.kind, "client": r.client, "dataset": r.dataset, "count": int(r.count),
                 "detail": r.detail} for r in found.itertuples() if r.kind != "staff_not_trained"]
    for r in staff[staff["problem"] != ""].itertuples():
        for problem in r.problem.split("; "):
            problems.append({"problem": problem.replace(" ", "_"), "agent": r.agent,
                             "clients": r.clients, "detail": problem})
    worst = scores.iloc[0] if len(scores) else None
    sentence = (f"{figures['ready']} of {figures['checks']} right × dataset checks ready, "
                f"{figures['at_risk']} at risk, {figures['not_ready']} not ready; {len(found)} "
                f"problem(s) found" + (f"; lowest score {worst['client']} ({worst['score']} %)."
                                       if worst is not None else "."))
    return Headline(sentence, figures, problems)


def records_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 07's records_register.csv and records_problems.csv."""
    register, problems = (_csv(folder / f"records_{n}.csv") for n in ("register", "problems"))
    if register is None or problems is None:
        return Headline()
    from ccaudit.audit import records

    counts = problems["problem"].value_counts()
    figures = {"exchanges": len(register), "records": int(register["record"].nunique()),
               **{kind: int(counts.get(kind, 0)) for kind in
                  ("undeclared_data", "declared_not_found", "cross_client_leak", "unsafe_transfer")}}
    sentence = records.headline(register, problems)
    listed = [{"problem": r.problem, "severity": r.severity, "client": r.client, "dataset": r.dataset,
               "file": r.file, "count": int(r.count), "detail": r.detail} for r in problems.itertuples()]
    return Headline(sentence, figures, listed)


@dataclass(frozen=True)
class Report:
    """One report of the audit: its notebook, what it needs to run, where its tables go, the
    headline read back from what it wrote, and the figures it adds to summary.json's totals.
    Adding a report is its notebook, its domain module and plots, and one entry in REPORTS."""

    notebook: str
    headline: Callable[[Path, AuditInputs], Headline] | None = None
    needs_transcripts: bool = False     # nothing to show without transcripts
    needs_audit_config: bool = False    # inventory, retention, training, requests
    out_subdir: str = ""                # its CSVs go to this subfolder of the report folder
    totals: tuple[tuple[str, str], ...] = ()   # (summary.json total, the headline's figure)


# In the order they run (each may build on the earlier ones).
REPORTS = (
    Report("01_discover_exports.ipynb", exports_headline, totals=(
        ("files_scanned", "files_scanned"), ("unreadable_files", "unreadable_files"),
        ("columns_with_personal_data", "columns_with_personal_data"))),
    Report("02_scan_transcripts.ipynb", transcripts_headline, needs_transcripts=True,
           out_subdir=TRANSCRIPTS_SUBDIR, totals=(
               ("files_scanned", "calls"), ("unreadable_files", "unreadable_files"),
               ("calls", "calls"), ("findings", "findings"))),
    Report("03_subject_index.ipynb", index_headline, totals=(
        ("subjects", "subjects"), ("subjects_in_several_clients", "subjects_in_several_clients"))),
    Report("04_retention_report.ipynb", retention_headline, needs_audit_config=True, totals=(
        ("overdue_files", "overdue_files"), ("overdue_records", "overdue_records"),
        ("files_not_in_inventory", "not_in_inventory"))),
    Report("05_rights_readiness.ipynb", readiness_headline, needs_audit_config=True, totals=(
        ("rights_checks_not_ready", "not_ready"), ("rights_checks_at_risk", "at_risk"),
        ("objection_violations", "objection_violation"), ("late_requests", "late_request"),
        ("agents_not_trained", "staff_not_trained"))),
    Report("07_records_of_processing.ipynb", records_headline, needs_audit_config=True, totals=(
        ("undeclared_data", "undeclared_data"), ("cross_client_leaks", "cross_client_leak"),
        ("unsafe_transfers", "unsafe_transfer"))),
)
AUDIT_NOTEBOOKS = tuple(r.notebook for r in REPORTS)


def report_of(notebook: str) -> Report:
    """The registry's entry for a notebook; a notebook not registered runs with no headline."""
    return next((r for r in REPORTS if r.notebook == notebook), Report(notebook))


TOTAL_LABELS = {"files_scanned": "files scanned", "unreadable_files": "unreadable files",
                "columns_with_personal_data": "columns with personal data", "calls": "calls",
                "findings": "findings in calls", "subjects": "data subjects",
                "subjects_in_several_clients": "subjects in several clients' data",
                "overdue_files": "files held past retention", "overdue_records": "records held past retention",
                "files_not_in_inventory": "files not in the inventory",
                "rights_checks_not_ready": "rights checks not ready",
                "rights_checks_at_risk": "rights checks at risk",
                "objection_violations": "records of objectors in later data",
                "late_requests": "requests answered late", "agents_not_trained": "agents not trained or unsigned",
                "undeclared_data": "data found but not declared", "cross_client_leaks": "cross-client leaks",
                "unsafe_transfers": "transfers outside the EEA without a safeguard"}
