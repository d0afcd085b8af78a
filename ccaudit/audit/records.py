"""Records of processing (Art. 30) checked against the data found.

Each inventory entry is one exchange of data files: which way it goes (``received`` from a
client, ``returned`` to it, ``shared`` with a third party, ``internal``), who plays which
role, which personal data and data subjects it is meant to hold, who receives it and where
it goes. This module sets beside each entry what the scans and the subject index found, and
lists the problems:

* ``undeclared_data`` — an entity type found that the entry does not declare (data
  minimisation, Art. 5(1)(c)); its severity is the entity's sensitivity;
* ``declared_not_found`` — a category declared that no file of the dataset holds (a stale record);
* ``cross_client_leak`` — data returned to a client holding subjects found only in other
  clients' data (from the subject index);
* ``unsafe_transfer`` — data sent outside the EEA without a safeguard (Art. 44-49).

It does no I/O but what it is given: the audit configuration, the export scan's columns and
files, the transcript scan's findings and calls, and the subject index's file × subject pairs
(:func:`subjects_by_file`). The register splits into the **controller's record** (Art. 30(1):
what the contact centre decides) and one **processor's record** per client (Art. 30(2)).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ccaudit.audit.configuration import AuditConfig
from ccaudit.audit.inventory import DATA_CATEGORIES, InventoryEntry
from ccaudit.gdpr import CONTROLLER, RECEIVED, RETURNED, SAFEGUARDS, SHARED
from ccaudit.index.queries import subjects_by_file  # noqa: F401  (notebook 07 calls it from here)

CONTROLLER_RECORD = "controller (Art. 30(1))"
REGISTER = ["record", "controller", "dataset", "client", "direction", "role", "client_role", "purpose",
            "legal_basis", "subjects_declared", "data_declared", "data_found", "not_declared",
            "personal_columns", "files", "records", "subjects_found", "recipients", "transfers",
            "retention", "deletion", "security"]
PROBLEMS = ["problem", "severity", "client", "dataset", "file", "count", "detail"]
FLOWS = ["source", "target", "dataset", "direction", "role", "records"]
SEVERITY = {"high": 3, "moderate": 2, "low": 1, "none": 0}
CENTRE = "contact centre"


@dataclass
class Records:
    """The register (one row per exchange), its problems and the data flows."""

    register: pd.DataFrame
    problems: pd.DataFrame
    flows: pd.DataFrame

    def record(self, name: str) -> pd.DataFrame:
        """One record of the register: ``controller (Art. 30(1))`` or ``processor for <client>``."""
        return self.register[self.register["record"] == name].reset_index(drop=True)

    @property
    def records(self) -> list[str]:
        return list(dict.fromkeys(self.register["record"]))

    def headline(self) -> str:
        return headline(self.register, self.problems)

    def write(self, folder: str | Path) -> list[Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name, frame in (("register", self.register), ("problems", self.problems), ("flows", self.flows)):
            out.append(folder / f"records_{name}.csv")
            frame.to_csv(out[-1], index=False)
        out.append(write_workbook(self, folder / WORKBOOK))
        return out


WORKBOOK = "records_of_processing.xlsx"


def headline(register: pd.DataFrame, problems: pd.DataFrame) -> str:
    """One sentence: the exchanges, the records and the problems by kind."""
    by_kind = problems["problem"].value_counts()
    found = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in by_kind.items()) or "no problem"
    return (f"{len(register)} exchange(s) in {register['record'].nunique()} record(s) of processing; "
            f"{found}.")


def _entry_of(audit: AuditConfig, source: str) -> InventoryEntry | None:
    try:
        return audit.dataset_for(source)
    except (OSError, ValueError):
        return None


def _sheet_name(record: str) -> str:
    """``Controller Art. 30(1)``, ``Processor for <client>`` (a sheet name has 31 characters
    at most and none of ``[]:*?/\\``)."""
    name = "Controller Art. 30(1)" if record == CONTROLLER_RECORD else record.split(" (Art.")[0].capitalize()
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def write_workbook(records: Records, path: str | Path) -> Path:
    """The register as an XLSX workbook, one sheet per record (header frozen, filters on),
    then the problems: DPOs keep and hand over the register in a spreadsheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    sheets = [(_sheet_name(r), records.record(r)) for r in records.records]
    sheets.append(("Problems", records.problems))
    for title, frame in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        if frame.shape[1]:
            sheet.auto_filter.ref = f"A1:{get_column_letter(frame.shape[1])}{max(1, len(frame) + 1)}"
        for i, name in enumerate(frame.columns, start=1):
            width = max([len(str(name))] + [min(60, len(str(v))) for v in frame[name]])
            sheet.column_dimensions[get_column_letter(i)].width = max(10, width + 2)
            for cell in sheet[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _found(columns: pd.DataFrame, findings: pd.DataFrame, key_of, file_key) -> dict[int, dict]:
    """Per entry position: entity types found, personal columns, and per entity the worst sensitivity."""
    found: dict[int, dict] = {}
    personal = columns[columns["entity_type"].fillna("") != ""] if len(columns) else columns
    for row in personal.itertuples():
        entry = key_of(row.source)
        if entry is None:
            continue
        slot = found.setdefault(entry.position, {"entities": {}, "columns": 0})
        slot["columns"] += 1
        for entity in filter(None, str(row.entities or row.entity_type).split(";")):
            slot["entities"].setdefault(entity, (file_key(row.source), f"column {row.column}"))
    for source, group in (findings.groupby("source") if len(findings) else []):
        entry = key_of(source)
        if entry is None:
            continue
        slot = found.setdefault(entry.position, {"entities": {}, "columns": 0})
        for entity in group["entity_type"].unique():
            slot["entities"].setdefault(entity, (file_key(source), "a call"))
    return found


def _counts(files: pd.DataFrame, calls: pd.DataFrame, key_of) -> dict[int, tuple[int, int]]:
    """Per entry position: files scanned and records (rows of exports, calls)."""
    out: dict[int, list[int]] = {}
    for row in files.itertuples():
        entry = key_of(row.source)
        if entry is not None and row.status == "scanned":
            slot = out.setdefault(entry.position, [0, 0])
            slot[0] += 1
            slot[1] += int(row.rows or 0)
    for row in calls.itertuples():
        entry = key_of(row.source)
        if entry is not None:
            slot = out.setdefault(entry.position, [0, 0])
            slot[0] += 1
            slot[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def assess(audit: AuditConfig, columns: pd.DataFrame, files: pd.DataFrame, findings: pd.DataFrame,
           calls: pd.DataFrame, subjects: pd.DataFrame) -> Records:
    """The register and its problems, from the scans (columns.csv, files.csv,
    transcript_findings.csv, transcript_calls.csv) and :func:`subjects_by_file`."""
    cache: dict[str, InventoryEntry | None] = {}

    def key_of(source: str) -> InventoryEntry | None:
        if source not in cache:
            cache[source] = _entry_of(audit, source)
        return cache[source]

    found = _found(columns, findings, key_of, audit.key_of)
    counts = _counts(files, calls, key_of)
    sensitivity = audit.scanner.sensitivity
    own = set(audit.scanner.index.controller_clients)

    subjects = subjects.assign(entry=[getattr(key_of(p), "position", None) for p in subjects["path"]]) \
        if len(subjects) else pd.DataFrame(columns=["path", "subject_id", "entry"])
    by_entry = {e: set(g["subject_id"]) for e, g in subjects.dropna(subset=["entry"]).groupby("entry")}

    rows, problems, flows = [], [], []
    for entry in audit.inventory:
        slot = found.get(entry.position, {"entities": {}, "columns": 0})
        got = slot["entities"]
        n_files, n_records = counts.get(entry.position, (0, 0))
        declared = entry.declared_entities
        undeclared = sorted(set(got) - declared) if declared is not None else []
        controller = "the contact centre" if entry.role == CONTROLLER else entry.client
        record = CONTROLLER_RECORD if entry.role == CONTROLLER or entry.client in own \
            else f"processor for {entry.client} (Art. 30(2))"
        rows.append({
            "record": record, "controller": controller, "dataset": entry.dataset, "client": entry.client,
            "direction": entry.direction, "role": entry.role,
            "client_role": "" if entry.client in own else (entry.client_role or ""),
            "purpose": entry.purpose, "legal_basis": entry.legal_basis,
            "subjects_declared": ", ".join(entry.subjects),
            "data_declared": "(not declared)" if entry.data is None else ", ".join(entry.data) or "(none)",
            "data_found": ", ".join(sorted(got)), "not_declared": ", ".join(undeclared),
            "personal_columns": slot["columns"], "files": n_files, "records": n_records,
            "subjects_found": len(by_entry.get(entry.position, ())),
            "recipients": ", ".join(entry.recipients),
            "transfers": "; ".join(f"{t.country}" + (f" ({t.recipient})" if t.recipient else "")
                                   + f": {t.safeguard or 'no safeguard'}" for t in entry.transfers),
            "retention": str(audit.retention_for(entry).period) if audit.retention_for(entry) else "",
            "deletion": entry.deletion, "security": entry.security or ""})
        for entity in undeclared:
            level = sensitivity.get(entity, "low")
            where, what = got[entity]
            problems.append({"problem": "undeclared_data", "severity": level, "client": entry.client,
                             "dataset": entry.dataset, "file": where, "count": 1,
                             "detail": f"{entity} found in {what}, not declared ({level} sensitivity)"})
        if declared is not None and n_files:
            for name in entry.data:
                covered = set(DATA_CATEGORIES.get(name, (name,)))
                if not covered & set(got):
                    problems.append({"problem": "declared_not_found", "severity": "low",
                                     "client": entry.client, "dataset": entry.dataset, "file": "",
                                     "count": 1, "detail": f"{name} declared, never found"})
        for t in entry.transfers:
            if t.unsafe:
                problems.append({"problem": "unsafe_transfer", "severity": "high", "client": entry.client,
                                 "dataset": entry.dataset, "file": "", "count": 1,
                                 "detail": f"to {t.country}" + (f" ({t.recipient})" if t.recipient else "")
                                 + " without a safeguard (Art. 44-49: " + ", ".join(
                                     f"{k} {v}" for k, v in SAFEGUARDS.items() if v) + ")"})
        flows.extend(_flows(entry, n_records))
    problems += _leaks(audit, subjects)
    register = pd.DataFrame(rows, columns=REGISTER)
    register["_order"] = register["record"].map(lambda r: (r != CONTROLLER_RECORD, r))
    register = register.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    frame = pd.DataFrame(problems, columns=PROBLEMS)
    frame["_rank"] = frame["severity"].map(SEVERITY).fillna(0)
    frame = frame.sort_values(["_rank", "problem", "client", "dataset"], ascending=[False, True, True, True],
                              kind="stable").drop(columns="_rank").reset_index(drop=True)
    return Records(register, frame, pd.DataFrame(flows, columns=FLOWS))


def _flows(entry: InventoryEntry, records: int) -> list[dict]:
    base = {"dataset": entry.dataset, "direction": entry.direction, "role": entry.role,
            "records": max(records, 1)}
    if entry.direction == RECEIVED:
        return [{**base, "source": entry.client, "target": CENTRE}]
    if entry.direction == RETURNED:
        return [{**base, "source": CENTRE, "target": f"{entry.client} (returned)"}]
    if entry.direction == SHARED:
        return [{**base, "source": CENTRE, "target": r} for r in entry.recipients or ("third party",)]
    return [{**base, "source": f"{entry.client} (own data)", "target": CENTRE}]


def _leaks(audit: AuditConfig, subjects: pd.DataFrame) -> list[dict]:
    """Subjects in data returned to a client that the index finds only in other clients' data."""
    if subjects.empty:
        return []
    entries = {e.position: e for e in audit.inventory}
    frame = subjects.dropna(subset=["entry"]).copy()
    frame["client"] = frame["entry"].map(lambda p: entries[int(p)].client)
    frame["direction"] = frame["entry"].map(lambda p: entries[int(p)].direction)
    held = frame[frame["direction"].isin([RECEIVED, "internal"])].groupby("subject_id")["client"].agg(set)
    out = []
    for position, group in frame[frame["direction"] == RETURNED].groupby("entry"):
        entry = entries[int(position)]
        others: dict[str, int] = {}
        files: set[str] = set()
        for row in group.itertuples():
            holders = held.get(row.subject_id, set())
            if holders and entry.client not in holders:
                for client in sorted(holders):
                    others[client] = others.get(client, 0) + 1
                files.add(audit.key_of(row.path))
        for client, n in sorted(others.items()):
            out.append({"problem": "cross_client_leak", "severity": "high", "client": entry.client,
                        "dataset": entry.dataset, "file": "; ".join(sorted(files)), "count": n,
                        "detail": f"{n} subject(s) of {client} in data returned to {entry.client}"})
    return out


def load_scans(folder: str | Path) -> dict[str, pd.DataFrame] | None:
    """The scans' tables written in ``folder`` by notebooks 01 and 02 (or ``ccaudit scan``),
    or None when the export scan's are missing."""
    folder = Path(folder)
    names = {"columns": folder / "columns.csv", "files": folder / "files.csv",
             "findings": folder / "transcripts" / "transcript_findings.csv",
             "calls": folder / "transcripts" / "transcript_calls.csv"}
    if not names["columns"].exists() or not names["files"].exists():
        return None
    return {k: pd.read_csv(p, keep_default_na=False) if p.exists() else pd.DataFrame(
        columns=["source", "entity_type"]) for k, p in names.items()}


def scan_results(audit: AuditConfig, folder: str | Path | None) -> dict[str, pd.DataFrame]:
    """The scans' tables for :func:`assess`: those notebooks 01 and 02 wrote in ``folder``
    (an audit run's folder), else a new scan of the audit's inputs (a notebook run alone)."""
    found = load_scans(folder) if folder else None
    if found is not None:
        return found
    from ccaudit.detect.exports import scan_exports
    from ccaudit.detect.transcripts import scan_transcripts

    exports = scan_exports(list(audit.inputs.exports), audit.scanner, progress=True) \
        if audit.inputs.exports else None
    calls = scan_transcripts(list(audit.inputs.transcripts), audit.scanner, progress=True) \
        if audit.inputs.transcripts else None
    empty = pd.DataFrame(columns=["source", "entity_type"])
    return {"columns": exports.columns if exports else empty,
            "files": exports.files if exports else pd.DataFrame(columns=["source", "status", "rows"]),
            "findings": calls.findings if calls else empty,
            "calls": calls.calls if calls else pd.DataFrame(columns=["source"])}


__all__ = ["CONTROLLER_RECORD", "FLOWS", "PROBLEMS", "REGISTER", "Records", "WORKBOOK", "assess", "headline",
           "load_scans", "scan_results", "subjects_by_file", "write_workbook"]
