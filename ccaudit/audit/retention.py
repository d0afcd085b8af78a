"""Retention: is any data kept longer than agreed (GDPR Art. 5(1)(e))?

Pure functions over the audit configuration (:mod:`ccaudit.audit.configuration`) and, where data
subjects and entities are counted, an open connection to the subject index. Every date is
computed for the configuration's ``audit_date`` (:attr:`AuditConfig.today`), so reruns give
the same report. Nothing is written; only file names, dates, counts, row numbers and entity
names come out — never a value from the data. ::

    audit = load_audit_config("data_samples/audit.yaml")
    con = connect(audit.inputs.db, read_only=True)
    files = file_retention(audit, con)           # one row per file under the inputs
    headline(files)                              # one sentence for the DPO
    dataset_retention(files)                     # per client and dataset
    overdue_records(audit, con)                  # records past an "after:<column>" rule

A file's status is one of :data:`STATUSES`. A file that cannot be read (to find its
received date or the dates of its records) is listed as ``unreadable`` with the reason;
it never stops the report.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from ccaudit.audit.configuration import AuditConfig
from ccaudit.audit.inventory import InventoryEntry, Retention, column_dates
from ccaudit.errors import CcauditError

OVERDUE = "overdue"
RECORDS_OVERDUE = "records overdue"   # an after:<column> rule: some records past their end
EXPIRING = "expires within 30 days"
OK = "ok"
NO_RULE = "no rule"
NOT_IN_INVENTORY = "not in inventory"
NO_RECEIVED_DATE = "no received date"
UNREADABLE = "unreadable"
# Worst first: the order tables and charts use.
STATUSES = (OVERDUE, RECORDS_OVERDUE, EXPIRING, NOT_IN_INVENTORY, NO_RULE, NO_RECEIVED_DATE,
            UNREADABLE, OK)
# Data nobody can say how long to keep: a finding in itself.
UNKNOWN = (NOT_IN_INVENTORY, NO_RULE, NO_RECEIVED_DATE, UNREADABLE)
SOON_DAYS = 30

FILES = ["client", "dataset", "file", "kind", "role", "retention", "received", "expires",
         "age_days", "days_left", "status", "records", "overdue_records", "subjects",
         "entities", "reason", "read_error"]
RECORDS = ["client", "dataset", "file", "sheet", "row", "column", "date", "expires",
           "days_overdue", "subjects", "entities"]
DATASETS = ["client", "dataset", "kind", "role", "retention", "files", "oldest_received",
            "newest_received", "next_expiry", "overdue_files", "overdue_records", "expiring_files",
            "unknown_files", "records", "subjects", "status"]
BY_CLIENT = ["client", "overdue_files", "overdue_transcripts", "overdue_records", "subjects",
             "expiring_files", "unknown_files"]


def retention_status(expires: dt.date, today: dt.date, soon_days: int = SOON_DAYS) -> str:
    """``overdue`` when ``today`` is past the expiry, ``expires within 30 days`` when the
    expiry is within ``soon_days`` (the expiry day itself included: data may still be held
    on its last day), else ``ok``.

    >>> retention_status(dt.date(2026, 11, 28), dt.date(2026, 11, 28))
    'expires within 30 days'
    >>> retention_status(dt.date(2026, 11, 27), dt.date(2026, 11, 28))
    'overdue'
    """
    if today > expires:
        return OVERDUE
    return EXPIRING if (expires - today).days <= soon_days else OK


# ------------------------------------------------------------------------------ per file

def file_retention(audit: AuditConfig, con: duckdb.DuckDBPyConnection | None = None,
                   soon_days: int = SOON_DAYS) -> pd.DataFrame:
    """One row per file under the audit's inputs (columns :data:`FILES`), sorted by client
    and file: its dataset, received date, age, expiry and status.

    ``records`` come from the index (rows or calls read); ``overdue_records`` counts the
    records held past their end (the whole file when it is overdue), ``subjects`` the data
    subjects they belong to and ``entities`` the kinds of personal data in them. Without
    ``con`` these are left empty, except overdue records of ``after:`` rules.
    """
    today = audit.today
    index = _index_files(con)
    rows = []
    for key, path in audit.input_files():
        entry = audit.dataset_for(key)
        rule = audit.retention_for(entry) if entry else None
        known = index.get(path.resolve().as_posix(), {})
        row = {"client": entry.client if entry else _client_of(key), "file": key,
               "dataset": entry.dataset if entry else "", "kind": _kind(audit, path),
               "role": entry.role if entry else "", "retention": str(rule) if rule else "",
               "received": None, "expires": None, "age_days": None, "days_left": None,
               "records": known.get("records"), "overdue_records": 0, "subjects": None,
               "entities": "", "reason": "", "read_error": known.get("error") or ""}
        rows.append(row)
        if entry is None:
            row.update(status=NOT_IN_INVENTORY, reason="no inventory dataset matches this file")
            continue
        try:
            received = audit.received_date(path, entry)
        except (CcauditError, OSError) as exc:
            row.update(status=UNREADABLE, reason=f"received date: {_reason(exc)}",
                       read_error=row["read_error"] or _reason(exc))
            continue
        if received is not None:
            row.update(received=received, age_days=(today - received).days)
        if rule is None:
            row.update(status=NO_RULE, reason=f"no retention for dataset {entry.dataset}"
                       + (f" nor category {entry.category}" if entry.category else ""))
            continue
        if rule.after:
            try:
                due = _records_past(audit, entry, rule, path, key, soon_days)
            except (CcauditError, OSError) as exc:
                row.update(status=UNREADABLE, reason=f"{rule.after}: {_reason(exc)}",
                           read_error=row["read_error"] or _reason(exc))
                continue
            overdue = due[due["status"] == OVERDUE]
            row.update(status=RECORDS_OVERDUE if len(overdue) else
                       EXPIRING if (due["status"] == EXPIRING).any() else OK,
                       overdue_records=len(overdue),
                       expires=min(due["expires"]) if len(due) else None)
            if row["expires"] is not None:
                row["days_left"] = (row["expires"] - today).days
            if len(overdue) and known:
                row.update(_affected(con, known["file_id"], overdue))
            continue
        if received is None:
            row.update(status=NO_RECEIVED_DATE,
                       reason=f"received_from {entry.received_from} gives no date")
            continue
        expires = rule.expires(received)
        status = retention_status(expires, today, soon_days)
        row.update(expires=expires, days_left=(expires - today).days, status=status)
        if status == OVERDUE:
            row["overdue_records"] = known.get("records") or 0
            if known:
                row.update(_affected(con, known["file_id"]))
    frame = pd.DataFrame(rows, columns=FILES)
    frame["records"] = frame["records"].astype("Int64")
    frame["subjects"] = frame["subjects"].astype("Int64")
    frame["overdue_records"] = frame["overdue_records"].astype("int64")
    for column in ("age_days", "days_left"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values(["client", "file"], kind="stable").reset_index(drop=True)


def overdue_records(audit: AuditConfig, con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Every record held past an ``after:<column>`` rule (``P1Y after:leaving_date``): its
    file, sheet and 0-based row, the date in that column, when it expired and by how many
    days, with the data subjects and entities the index found in it (columns
    :data:`RECORDS`). Unreadable files are left out: :func:`file_retention` lists them.
    """
    index = _index_files(con)
    parts = []
    for key, path in audit.input_files():
        entry = audit.dataset_for(key)
        rule = audit.retention_for(entry) if entry else None
        if rule is None or not rule.after:
            continue
        try:
            due = _records_past(audit, entry, rule, path, key)
        except (CcauditError, OSError):
            continue
        due = due[due["status"] == OVERDUE].drop(columns="status")
        if due.empty:
            continue
        known = index.get(path.resolve().as_posix())
        due["subjects"], due["entities"] = 0, ""
        if known and con is not None:
            per_row = _per_row(con, known["file_id"], due)
            due = due.drop(columns=["subjects", "entities"]).merge(
                per_row, on=["sheet", "row"], how="left")
            due["subjects"] = due["subjects"].fillna(0)
            due["entities"] = due["entities"].fillna("")
        parts.append(due)
    if not parts:
        return pd.DataFrame(columns=RECORDS)
    frame = pd.concat(parts, ignore_index=True).reindex(columns=RECORDS)
    frame["subjects"] = frame["subjects"].astype("int64")
    return frame.sort_values(["client", "file", "sheet", "row"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------ summaries

def overdue(files: pd.DataFrame) -> pd.DataFrame:
    """The files held past their retention, or holding records past it, oldest expiry first."""
    held = files[files["status"].isin([OVERDUE, RECORDS_OVERDUE])]
    return held.sort_values(["expires", "file"], kind="stable").reset_index(drop=True)


def expiring(files: pd.DataFrame) -> pd.DataFrame:
    """The files (or records) whose retention ends within 30 days: plan their deletion."""
    soon = files[files["status"] == EXPIRING]
    return soon.sort_values(["expires", "file"], kind="stable").reset_index(drop=True)


def unknown_data(files: pd.DataFrame) -> pd.DataFrame:
    """Files for which nobody can say how long they may be kept: not in the inventory, no
    retention rule, no received date, or unreadable — with the reason."""
    unknown = files[files["status"].isin(UNKNOWN)]
    columns = ["client", "file", "kind", "dataset", "status", "records", "reason"]
    return unknown[columns].sort_values(["client", "file"], kind="stable").reset_index(drop=True)


def unreadable(files: pd.DataFrame) -> pd.DataFrame:
    """Files that could not be read — to find their dates, or by the index — with the reason.
    Their retention may still be known (from the file name), their content is not."""
    bad = files[files["read_error"].str.len() > 0]
    return bad[["client", "file", "kind", "status", "read_error"]].reset_index(drop=True)


def dataset_retention(files: pd.DataFrame) -> pd.DataFrame:
    """Per client and dataset (files not in the inventory grouped per client): the files,
    their received dates, the next expiry, and how many files and records are overdue,
    expiring or unknown; ``status`` is the worst of its files' (columns :data:`DATASETS`)."""
    rows = []
    for (client, dataset), group in files.groupby(["client", "dataset"], sort=True):
        received, expires = group["received"].dropna(), group["expires"].dropna()
        upcoming = [d for d in expires if d is not None]
        statuses = set(group["status"])
        rows.append({
            "client": client, "dataset": dataset or "(not in inventory)",
            "kind": ", ".join(sorted(set(group["kind"]))), "role": group["role"].iloc[0],
            "retention": group["retention"].iloc[0], "files": len(group),
            "oldest_received": min(received) if len(received) else None,
            "newest_received": max(received) if len(received) else None,
            "next_expiry": min(upcoming) if upcoming else None,
            "overdue_files": int((group["status"] == OVERDUE).sum()),
            "overdue_records": int(group["overdue_records"].sum()),
            "expiring_files": int((group["status"] == EXPIRING).sum()),
            "unknown_files": int(group["status"].isin(UNKNOWN).sum()),
            "records": int(group["records"].fillna(0).sum()),
            "subjects": int(group["subjects"].fillna(0).sum()),
            "status": next(s for s in STATUSES if s in statuses),
        })
    return pd.DataFrame(rows, columns=DATASETS)


def overdue_by_client(files: pd.DataFrame) -> pd.DataFrame:
    """Per client: overdue files (of which transcripts), overdue records, the data subjects
    affected (summed over files: a subject in two files counts twice), files expiring within
    30 days and unknown files (columns :data:`BY_CLIENT`)."""
    rows = []
    for client, group in files.groupby("client", sort=True):
        late = group["status"] == OVERDUE
        rows.append({"client": client, "overdue_files": int(late.sum()),
                     "overdue_transcripts": int((late & (group["kind"] == "transcript")).sum()),
                     "overdue_records": int(group["overdue_records"].sum()),
                     "subjects": int(group["subjects"].fillna(0).sum()),
                     "expiring_files": int((group["status"] == EXPIRING).sum()),
                     "unknown_files": int(group["status"].isin(UNKNOWN).sum())})
    return pd.DataFrame(rows, columns=BY_CLIENT)


def headline_figures(files: pd.DataFrame) -> dict[str, int]:
    """The figures the DPO reads first (also for ``summary.json``)."""
    late = files["status"] == OVERDUE
    return {"files": len(files),
            "overdue_files": int(late.sum()),
            "overdue_transcripts": int((late & (files["kind"] == "transcript")).sum()),
            "overdue_records": int(files["overdue_records"].sum()),
            "files_with_overdue_records": int((files["status"] == RECORDS_OVERDUE).sum()),
            "expiring_files": int((files["status"] == EXPIRING).sum()),
            "unknown_files": int(files["status"].isin(UNKNOWN).sum()),
            "not_in_inventory": int((files["status"] == NOT_IN_INVENTORY).sum())}


def headline(files: pd.DataFrame, today: dt.date | None = None) -> str:
    """One sentence: what is kept too long, what expires soon, what nobody documented."""
    f = headline_figures(files)
    when = f" on {today:%Y-%m-%d}" if today else ""
    return (f"{f['files']} file(s) checked{when}: {f['overdue_files']} held past their retention "
            f"({f['overdue_transcripts']} of them transcripts), {f['overdue_records']} record(s) "
            f"overdue in all, {f['expiring_files']} expiring within {SOON_DAYS} days, and "
            f"{f['unknown_files']} with no known retention ({f['not_in_inventory']} not in the "
            f"inventory).")


FILES_CSV, RECORDS_CSV = "retention_files.csv", "retention_records.csv"


def write(files: pd.DataFrame, records: pd.DataFrame, folder: str | Path) -> list[Path]:
    """Write the report's tables as CSV for the scheduled run's summary and for analysts:
    ``retention_files.csv`` (one row per file) and ``retention_records.csv`` (records past
    an ``after:<column>`` rule). Names, dates, counts and row numbers only."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for frame, name in ((files, FILES_CSV), (records, RECORDS_CSV)):
        frame.to_csv(folder / name, index=False)
        written.append(folder / name)
    return written


# ------------------------------------------------------------------------------ helpers

def _records_past(audit: AuditConfig, entry: InventoryEntry, rule: Retention, path: Path,
                  key: str, soon_days: int = SOON_DAYS) -> pd.DataFrame:
    """``client, dataset, file, sheet, row, column, date, expires, days_overdue, status`` of
    every record with a date in the rule's column (a record without one is not due)."""
    dates = column_dates(path, rule.after, audit.scanner.exports.chunk_rows).dropna(subset=["date"])
    today = audit.today
    expires = [rule.expires(d) for d in dates["date"]]
    return pd.DataFrame({
        "client": entry.client, "dataset": entry.dataset, "file": key,
        "sheet": dates["sheet"].fillna("").astype(str).tolist(),
        "row": dates["row"].astype("int64").tolist(), "column": rule.after,
        "date": dates["date"].tolist(), "expires": expires,
        "days_overdue": [max((today - e).days, 0) for e in expires],
        "status": [retention_status(e, today, soon_days) for e in expires]})


def _index_files(con: duckdb.DuckDBPyConnection | None) -> dict[str, dict]:
    if con is None:
        return {}
    frame = con.execute("SELECT file_id, path, status, records, error FROM files "
                        "WHERE status <> 'removed'").df()
    return {p: {"file_id": int(i), "records": int(r) if s == "indexed" and pd.notna(r) else None,
                "error": e if s == "error" and isinstance(e, str) else ""}
            for i, p, s, r, e in frame[["file_id", "path", "status", "records", "error"]].itertuples(index=False)}


def _affected(con: duckdb.DuckDBPyConnection, file_id: int, rows: pd.DataFrame | None = None) -> dict:
    """Data subjects and entity types in a file (or in its ``rows``: sheet, row)."""
    if rows is None:
        subjects, entities = con.execute("""
            SELECT (SELECT count(DISTINCT i.subject_id) FROM findings f
                    JOIN identifiers i USING (id_hash) WHERE f.file_id = $id),
                   (SELECT string_agg(DISTINCT e, ', ' ORDER BY e) FROM (
                        SELECT entity_type AS e FROM findings WHERE file_id = $id
                        UNION SELECT entity_type FROM columns
                        WHERE file_id = $id AND coalesce(entity_type, '') <> ''))
        """, {"id": file_id}).fetchall()[0]
        return {"subjects": int(subjects or 0), "entities": entities or ""}
    per_row = _per_row(con, file_id, rows)
    cur = _register(con, rows)
    try:
        subjects = cur.execute("""
            SELECT count(DISTINCT i.subject_id) FROM findings f JOIN identifiers i USING (id_hash)
            JOIN wanted w ON w.sheet = coalesce(f.sheet, '') AND w."row" = f."row"
            WHERE f.file_id = ?""", [file_id]).fetchall()[0][0]
    finally:
        cur.close()
    entities = sorted({e for text in per_row["entities"] for e in text.split(", ") if e})
    return {"subjects": int(subjects), "entities": ", ".join(entities)}


def _per_row(con: duckdb.DuckDBPyConnection, file_id: int, rows: pd.DataFrame) -> pd.DataFrame:
    """``sheet, row, subjects, entities`` for the given records of a file."""
    cur = _register(con, rows)
    try:
        return cur.execute("""
            SELECT w.sheet, w."row", count(DISTINCT i.subject_id) AS subjects,
                   coalesce(string_agg(DISTINCT f.entity_type, ', ' ORDER BY f.entity_type), '')
                       AS entities
            FROM wanted w
            LEFT JOIN findings f ON f.file_id = ? AND coalesce(f.sheet, '') = w.sheet
                                 AND f."row" = w."row"
            LEFT JOIN identifiers i ON i.id_hash = f.id_hash
            GROUP BY w.sheet, w."row" ORDER BY w.sheet, w."row"
        """, [file_id]).df().astype({"row": "int64", "subjects": "int64"})
    finally:
        cur.close()


def _register(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """A cursor on ``con`` where ``wanted`` is the table of records (sheet, row) asked about."""
    cur = con.cursor()
    cur.register("wanted", pd.DataFrame({"sheet": rows["sheet"].astype(str).tolist(),
                                       "row": rows["row"].astype("int64").tolist()}))
    return cur


def _kind(audit: AuditConfig, path: Path) -> str:
    resolved = path.resolve()
    return "transcript" if any(resolved.is_relative_to(f) for f in audit.inputs.transcripts) else "export"


def _client_of(key: str) -> str:
    """The client of a file no dataset documents: the first folder under its input."""
    parts = key.split("/")
    return parts[1] if len(parts) > 2 else ""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
