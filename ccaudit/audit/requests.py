"""Data-subject requests: the subject's own data read back, and who must do what.

Two answers to a request made with one identifier (looked up by its keyed hash, see
:func:`ccaudit.index.lookup.request_hash`):

* :func:`export_bundle` — the **access and portability bundle** (Art. 15 and 20): every
  record of the subject read back from the source files, in JSON and CSV, with a short
  readable summary, zipped into ``OUT/subject-<id>.zip``. It is the one output of ccaudit
  that holds raw personal data, so it is built in memory and only the zip is written
  (mode 0600).
* :func:`plan` — per location of the subject, what the right asks for, who acts and by
  when: where the contact centre is **processor** it forwards the request to the client,
  the **controller**, and acts only on its instructions (Art. 28(3)(e)); where it is
  controller it answers itself. Requests are answered within one month (Art. 12(3)).

>>> with lookup.open_index("ccaudit.duckdb", load_config()) as con:   # doctest: +SKIP
...     id_hash = lookup.request_hash(con, "phone", "0475 12 34 56", load_config())
...     export_bundle(con, id_hash, "requests/", load_config())
...     plan(con, id_hash, "erasure", load_config())

A source that changed since it was indexed (its sha256 differs) may no longer hold the
subject on the same row: its records are checked again against the subject's identifiers
and only those that still hold one go into the bundle; the summary flags the file. A
source that is gone is flagged too.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ccaudit.config import Config
from ccaudit.errors import CcauditError, ReaderError
from ccaudit.gdpr import CONTROLLER, COPY_RIGHTS, PROCESSOR, RIGHTS, deadline
from ccaudit.sources.walk import content_hash
from ccaudit.index.identifiers import IDENTIFIER_TYPES, Hasher, normalise
from ccaudit.index.lookup import hasher_for
from ccaudit.index.subjects import find_subject
from ccaudit.report.masking import mask

UNCHANGED, CHANGED, MISSING, UNREADABLE = "unchanged", "changed", "missing", "unreadable"
BUNDLE_FILES = ("records.json", "records.csv", "calls.csv", "summary.md", "summary.txt")
RECORD_META = ["client", "controller", "file", "sheet", "row"]
CALL_COLUMNS = ["client", "controller", "file", "call_id", "turn", "speaker", "role", "start",
                "end", "text", "mentions_you"]
PLAN_COLUMNS = ["client", "role", "controller", "who_acts", "file", "where", "right", "article",
                "what_to_do", "deadline"]
LOCATION_COLUMNS = ["client", "role", "file", "where", "identifiers", "indexed_at", "source_status"]


class UnknownSubject(CcauditError):
    """No subject in the index holds this identifier."""


# ---------------------------------------------------------------------- roles and identifiers

def role_of(client: str, config: Config) -> str:
    """The contact centre's role for a client's data: ``controller`` for the clients listed
    under ``index.controller_clients`` (its own call lists, staff), else ``processor``."""
    return CONTROLLER if client in config.index.controller_clients else PROCESSOR


def controller_of(client: str, config: Config) -> str:
    """Who decides about a client's data, in words.

    >>> from ccaudit.settings import load_config
    >>> controller_of("brightbank", load_config())
    'brightbank'
    >>> controller_of("callcenter", load_config())
    'the contact centre'
    """
    return "the contact centre" if role_of(client, config) == CONTROLLER else client


def _where(loc: dict) -> str:
    """``'row 12 (e-mailadres, gsm)'``, ``'sheet Clients, row 3 (courriel)'``, ``'call X, turns 2, 5'``."""
    if "row" in loc:
        sheet = f"sheet {loc['sheet']}, " if loc.get("sheet") else ""
        return f"{sheet}row {loc['row']} ({', '.join(loc['columns'])})"
    return f"call {loc['call_id']}, turn{'s' if len(loc['turns']) > 1 else ''} " + \
        ", ".join(map(str, loc["turns"]))


def _file_name(source: str) -> str:
    return Path(source).name


# ---------------------------------------------------------------------- reading back

@dataclass
class SourceCheck:
    """One source file of the subject, as found when the request is answered."""

    source: str
    client: str
    kind: str
    format: str
    indexed_at: str
    status: str = UNCHANGED          # unchanged | changed | missing | unreadable
    note: str = ""
    locations: int = 0               # records (rows or calls) the index points at
    included: int = 0                # read back into the bundle
    left_out: int = 0                # in a changed file, no longer holding the subject


@dataclass
class ReadBack:
    """A subject's records as read back from the sources (raw values: bundle only)."""

    subject: str
    id_types: list[str]
    records: list[dict] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)
    sources: list[SourceCheck] = field(default_factory=list)
    # (source, sheet, row) or (source, call_id) -> the masked identifiers found there
    masked: dict[tuple, list[str]] = field(default_factory=dict)


def _subject_findings(con: duckdb.DuckDBPyConnection, subject: str) -> pd.DataFrame:
    """Every finding of the subject's identifiers, with its file."""
    return con.execute("""
        SELECT fl.path AS source, fl.kind, fl.client, fl.format, fl.content_hash, fl.indexed_at,
               coalesce(f.sheet, '') AS sheet, f."row", f."column", f.call_id, f.turn,
               f.entity_type, f.id_type, f.id_hash, f.masked
        FROM identifiers i JOIN findings f ON f.id_hash = i.id_hash
        JOIN files fl ON fl.file_id = f.file_id
        WHERE i.subject_id = ? AND fl.status = 'indexed'
        ORDER BY source, sheet, "row", "column", call_id, turn
    """, [subject]).df()


def _check(path: Path, indexed_hash: str) -> tuple[str, str]:
    if not path.exists():
        return MISSING, "the file is no longer there: its records could not be read back"
    try:
        if content_hash(path) != indexed_hash:
            return CHANGED, ("the file changed since it was indexed: its records were checked "
                             "again and only those still holding the subject's identifiers are "
                             "included; re-run `ccaudit index build` and export again")
    except OSError as exc:
        return UNREADABLE, f"cannot read the file ({exc.strerror})"
    return UNCHANGED, ""


class _Verifier:
    """Whether values still hold one of the subject's identifiers (for changed files)."""

    def __init__(self, hashes: set[str], id_types: list[str], config: Config, key: bytes | None):
        self.hashes = hashes
        self.id_types = id_types
        self.regions = tuple(config.phone_regions)
        self._key = key
        self._config = config
        self._hasher: Hasher | None = None

    def holds(self, values) -> bool:
        from ccaudit.index.extract import canonical_column, identifiers_in_text

        if self._hasher is None:
            self._hasher = hasher_for(self._config, self._key)
        for value in values:
            if value is None:
                continue
            text = str(value)
            for id_type in self.id_types:
                # The spellings the build may have stored: whole cell (per phone region,
                # as a column is normalised) or an identifier inside free text.
                found = {normalise(id_type, text, self.regions)}
                if id_type == "phone":
                    found |= {normalise(id_type, text, (r,)) for r in self.regions}
                    found |= set(canonical_column(pd.Series([text]), id_type,
                                                  (r,) + tuple(x for x in self.regions if x != r)).iloc[0]
                                 for r in self.regions)
                found |= {c for _, _, _, c in identifiers_in_text(text, [id_type], self.regions)}
                if any(self._hasher(id_type, c) in self.hashes for c in found if isinstance(c, str)):
                    return True
        return False


def read_back(con: duckdb.DuckDBPyConnection, id_hash: str, config: Config,
              key: bytes | None = None) -> ReadBack:
    """The subject's records read back from its source files with ccaudit's readers.

    Export rows come back whole (every column, as the readers render values: text, or
    ``None`` when empty); calls with every turn (speaker, role, times, text). Raises
    :class:`UnknownSubject` when no subject holds ``id_hash``. ``key`` is needed only to
    check again the records of a changed file (default: as :func:`ccaudit.index.lookup.request_hash`).
    """
    found = find_subject(con, id_hash)
    if found["subject"] is None:
        raise UnknownSubject("no subject with this identifier in the index")
    subject = found["subject"]
    findings = _subject_findings(con, subject)
    id_types = sorted(set(findings["id_type"].dropna()))
    back = ReadBack(subject=subject, id_types=id_types)
    verifier = _Verifier(set(findings["id_hash"]), id_types, config, key)
    by_source: dict[str, list[dict]] = {}
    for loc in found["locations"]:
        by_source.setdefault(loc["source"], []).append(loc)
    files = findings.drop_duplicates("source").set_index("source")
    for source, locs in by_source.items():
        info = files.loc[source]
        indexed_at = pd.Timestamp(info["indexed_at"]).strftime("%Y-%m-%d %H:%M") \
            if pd.notna(info["indexed_at"]) else ""
        check = SourceCheck(source=source, client=info["client"], kind=info["kind"],
                            format=info["format"] or "", indexed_at=indexed_at,
                            locations=len(locs))
        check.status, check.note = _check(Path(source), info["content_hash"])
        back.sources.append(check)
        if check.status in (MISSING, UNREADABLE):
            continue
        try:
            if info["kind"] == "export":
                _read_rows(Path(source), locs, check, back, config, verifier)
            else:
                _read_call(Path(source), locs, check, back, config)
        except ReaderError as exc:
            check.status, check.note = UNREADABLE, f"cannot be read any more: {exc.reason}"
    _masked_identifiers(findings, back, config)
    return back


def _read_rows(path: Path, locs: list[dict], check: SourceCheck, back: ReadBack,
               config: Config, verifier: _Verifier) -> None:
    from ccaudit.sources.tables import read_tables

    wanted = {(loc["sheet"], loc["row"]): loc for loc in locs}
    rows: dict[tuple[str, int], dict] = {}
    for chunk in read_tables(path, chunk_rows=config.exports.chunk_rows):
        sheet = chunk.sheet or ""
        hits = [i for i in chunk.frame.index if (sheet, int(i)) in wanted]
        for i in hits:
            values = chunk.frame.loc[i]
            rows[(sheet, int(i))] = {str(c): (None if pd.isna(v) else v) for c, v in values.items()}
        if len(rows) == len(wanted):
            break  # every record found: the rest of the file is not needed
    for key, loc in sorted(wanted.items()):
        values = rows.get(key)
        if values is None or (check.status == CHANGED and
                              not verifier.holds([values.get(c) for c in loc["columns"]])):
            check.left_out += 1
            continue
        check.included += 1
        back.records.append({"client": check.client,
                             "controller": controller_of(check.client, config),
                             "file": _file_name(path), "source": path.as_posix(),
                             "sheet": key[0], "row": key[1],
                             "identified_by": list(loc["columns"]), "fields": values})


def _read_call(path: Path, locs: list[dict], check: SourceCheck, back: ReadBack,
               config: Config) -> None:
    from ccaudit.sources.transcripts import read_transcript
    from ccaudit.detect.transcripts import speaker_roles

    transcript = read_transcript(path)
    roles = speaker_roles([t.speaker for t in transcript.turns], config)
    for loc in locs:
        # A call is known by its id: a changed file that no longer holds it is left out.
        if transcript.call_id != loc["call_id"]:
            check.left_out += 1
            continue
        check.included += 1
        mentioned = set(loc["turns"])
        back.calls.append({
            "client": check.client, "controller": controller_of(check.client, config),
            "file": _file_name(path),
            "source": path.as_posix(), "call_id": transcript.call_id,
            "language": transcript.language, "started_at": transcript.started_at,
            "channel": transcript.channel,
            "turns": [{"turn": t.index, "speaker": t.speaker, "role": role, "start": t.start,
                       "end": t.end, "text": t.text, "mentions_you": t.index in mentioned}
                      for t, role in zip(transcript.turns, roles)]})


def _masked_identifiers(findings: pd.DataFrame, back: ReadBack, config: Config) -> None:
    """Masked identifiers per record: exports masked from the values read back, calls from
    the index (which keeps only masked values of what was said)."""
    found = {}
    for r in findings[findings["kind"] == "export"].itertuples():
        found.setdefault((r.source, r.sheet, int(r.row), r.column), (r.entity_type, r.id_type))
    regions = tuple(config.phone_regions)
    for record in back.records:
        key = (record["source"], record["sheet"], record["row"])
        back.masked[key] = [f"{c}: {_mask_cell(record['fields'].get(c) or '', *found[(*key, c)], regions)}"
                            for c in record["identified_by"] if (*key, c) in found]
    calls = findings[findings["kind"] == "transcript"]
    for (source, call_id), group in calls.groupby(["source", "call_id"], sort=True):
        back.masked[(source, call_id)] = list(dict.fromkeys(
            f"{m} (turn {int(t)})" for m, t in zip(group["masked"].fillna(""), group["turn"])))


def _mask_cell(value: str, entity: str, id_type: str, regions: tuple[str, ...]) -> str:
    """A cell's identifier, masked: the cell when it is the identifier, else each identifier
    inside it (a note's phone number), never the rest of a free text.

    >>> _mask_cell("Bel terug op 0475 12 34 56.", "PHONE_NUMBER", "phone", ("BE",))
    '+32 4** ** ** 56'
    """
    from ccaudit.index.extract import identifiers_in_text

    if normalise(id_type, value, regions) is not None:
        return mask(value, entity)
    inside = [value[start:end] for _, start, end, _ in identifiers_in_text(value, [id_type], regions)]
    return ", ".join(mask(part, entity) for part in inside) or mask(value, entity)

def subject_locations(con: duckdb.DuckDBPyConnection, id_hash: str, config: Config,
                      key: bytes | None = None) -> pd.DataFrame:
    """The subject's locations for the DPO: where, for which client, and the identifiers
    found there — **masked** (read back from the source, then masked). Empty for an
    unknown subject."""
    found = find_subject(con, id_hash)
    if found["subject"] is None:
        return pd.DataFrame(columns=LOCATION_COLUMNS)
    back = read_back(con, id_hash, config, key)
    sources = {s.source: s for s in back.sources}
    rows = []
    for loc in found["locations"]:
        check = sources[loc["source"]]
        key_ = (loc["source"], loc["sheet"], loc["row"]) if "row" in loc \
            else (loc["source"], loc["call_id"])
        rows.append({"client": loc["client"], "role": role_of(loc["client"], config),
                     "file": _file_name(loc["source"]), "where": _where(loc),
                     "identifiers": "; ".join(back.masked.get(key_, [])) or "(not read back)",
                     "indexed_at": check.indexed_at, "source_status": check.status})
    return pd.DataFrame(rows, columns=LOCATION_COLUMNS)


# ---------------------------------------------------------------------- the bundle



def _summary(back: ReadBack, config: Config, prepared: datetime) -> list[tuple[str, list[str]]]:
    """The summary's sections: (title, lines)."""
    turns = sum(len(c["turns"]) for c in back.calls)
    mentioned = sum(t["mentions_you"] for c in back.calls for t in c["turns"])
    what = [f"{len(back.records)} record(s) in client files"]
    by_file: dict[tuple[str, str], list[str]] = {}
    for record in back.records:
        fields = by_file.setdefault((record["client"], record["file"]), [])
        fields += [c for c in record["fields"] if c not in fields]
    what += [f"{client} / {file}: {', '.join(fields)}" for (client, file), fields in by_file.items()]
    if back.calls:
        what.append(f"{len(back.calls)} call transcript(s), {turns} turn(s), {mentioned} of which "
                    "mention you")
    what.append("found by your " + ", ".join(IDENTIFIER_TYPES[t].words if t in IDENTIFIER_TYPES else t
                                    for t in back.id_types))
    who = []
    for client in sorted({s.client for s in back.sources}):
        if role_of(client, config) == CONTROLLER:
            who.append(f"{client}: the contact centre's own data; the contact centre is the "
                       "controller and answers this request")
        else:
            who.append(f"{client}: the contact centre processes this data on behalf of {client}, "
                       f"the controller, which decides on requests about it (Art. 28)")
    where = []
    for s in back.sources:
        records = "call(s)" if s.kind == "transcript" else "record(s)"
        line = (f"{s.client} / {_file_name(s.source)} ({s.format}): {s.included} of {s.locations} "
                f"{records} included; indexed {s.indexed_at or 'at an unknown time'}")
        where.append(line + ("" if s.status == UNCHANGED else f" — {s.status.upper()}"))
    checks = [f"{s.status.upper()}: {s.client} / {_file_name(s.source)}: {s.note}"
              + (f" ({s.left_out} record(s) left out)" if s.left_out else "")
              for s in back.sources if s.status != UNCHANGED]
    if back.calls:
        checks.append("Calls hold what others said too (the agent, sometimes a third person): "
                      "review them before sending (Art. 15(4)).")
    checks.append("This bundle holds personal data: send it over the agreed secure channel only, "
                  "and delete it once sent.")
    intro = [f"Prepared on {prepared:%Y-%m-%d %H:%M} with ccaudit from the contact centre's index "
             "of client files and call transcripts, the records read back from the files themselves "
             "(right of access, Art. 15 GDPR; data portability, Art. 20).",
             "records.json holds everything in a machine-readable form; records.csv one row per "
             "record; calls.csv one row per turn of each call."]
    return [(f"Personal data held about data subject {back.subject}", intro),
            ("What data", what), ("Who is responsible for it", who),
            ("Where it is held, and when it was indexed", where), ("Checks", checks)]


def _markdown(sections) -> str:
    (title, intro), *rest = sections
    out = [f"# {title}", "", *intro, ""]
    for heading, lines in rest:
        out += [f"## {heading}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out)


def _text(sections) -> str:
    (title, intro), *rest = sections
    out = [title, "=" * len(title), "", *intro, ""]
    for heading, lines in rest:
        out += [heading, "-" * len(heading), *(f"  * {line}" for line in lines), ""]
    return "\n".join(out)


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _without_path(record: dict) -> dict:
    """A record for the bundle: the file's name and client say where; server paths stay home."""
    return {k: v for k, v in record.items() if k != "source"}


def bundle_files(back: ReadBack, config: Config, prepared: datetime) -> dict[str, bytes]:
    """The bundle's files, in memory: ``records.json``, ``records.csv``, ``calls.csv``,
    ``summary.md`` and ``summary.txt``."""
    from ccaudit import __version__

    fields = list(dict.fromkeys(c for r in back.records for c in r["fields"]))
    # A field named like a record column keeps its place under another name.
    header = RECORD_META + [f"{c} (field)" if c in RECORD_META else c for c in fields]
    records = _csv(header, [[r["client"], r["controller"], r["file"], r["sheet"], r["row"],
                             *(r["fields"].get(c) for c in fields)] for r in back.records])
    calls = _csv(CALL_COLUMNS, [[c["client"], c["controller"], c["file"], c["call_id"], t["turn"],
                                 t["speaker"], t["role"], t["start"], t["end"], t["text"],
                                 "yes" if t["mentions_you"] else ""]
                                for c in back.calls for t in c["turns"]])
    document = {
        "subject": back.subject, "prepared_at": prepared.isoformat(), "generator": f"ccaudit {__version__}",
        "found_by": back.id_types,
        "records": [_without_path(r) for r in back.records],
        "calls": [_without_path(c) for c in back.calls],
        "sources": [{"client": s.client, "controller": controller_of(s.client, config),
                     "file": _file_name(s.source), "kind": s.kind, "format": s.format,
                     "indexed_at": s.indexed_at, "status": s.status, "records": s.locations,
                     "included": s.included, "left_out": s.left_out} for s in back.sources],
    }
    sections = _summary(back, config, prepared)
    return {"records.json": json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
            "records.csv": records, "calls.csv": calls,
            "summary.md": _markdown(sections).encode("utf-8"),
            "summary.txt": _text(sections).encode("utf-8")}


def export_bundle(con: duckdb.DuckDBPyConnection, id_hash: str, out_dir: str | Path,
                  config: Config, key: bytes | None = None) -> Path:
    """Write the subject's access and portability bundle; returns ``OUT/subject-<id>.zip``.

    The files are built in memory and only the zip reaches the disk (written beside its
    final name with mode 0600, then renamed), so no raw value is left outside it even if
    the export fails half-way. Raises :class:`UnknownSubject` when no subject holds
    ``id_hash``.
    """
    back = read_back(con, id_hash, config, key)
    prepared = datetime.now().replace(microsecond=0)
    files = bundle_files(back, config, prepared)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"subject-{back.subject}.zip"
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=out)
    try:
        with os.fdopen(handle, "wb") as stream, zipfile.ZipFile(stream, "w") as bundle:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=prepared.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                bundle.writestr(info, data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def bundle_for(con: duckdb.DuckDBPyConnection, id_hash: str, right: str, out_dir: str | Path,
               config: Config, key: bytes | None = None) -> Path | None:
    """The bundle a request calls for: written (:func:`export_bundle`) for access and
    portability when a subject holds ``id_hash``; ``None`` for the other rights (they need
    no copy of the data, and none is made) or an unknown subject."""
    if right not in COPY_RIGHTS or find_subject(con, id_hash)["subject"] is None:
        return None
    return export_bundle(con, id_hash, out_dir, config, key)


# ---------------------------------------------------------------------- the plan

# Where the contact centre is processor: what it sends the controller, then does on its word.
_FORWARD = {
    "access": "the request, the date it was received and where the data is ({file}, {where}); "
              "on its instruction, send it this record from the bundle (`ccaudit subjects "
              "export`) for it to answer the subject",
    "rectification": "the request with the corrections asked and where the data is ({file}, "
                     "{where}); correct the record only when it instructs so",
    "erasure": "the request and where the data is ({file}, {where}); when it instructs erasure, "
               "delete the {thing} and run `ccaudit index build` to confirm it is gone",
    "restriction": "the request and where the data is ({file}, {where}); on its instruction, "
                   "mark the {thing} restricted: kept, but not used (no calls, no campaigns)",
    "portability": "the request and this record from the bundle (records.json, records.csv: "
                   "`ccaudit subjects export`; {file}, {where}), for it to hand to the subject or "
                   "to another controller (Art. 20(2))",
    "objection": "the request and where the data is ({file}, {where}); an objection to direct "
                 "marketing must be followed (Art. 21(3)): on its instruction, take the subject "
                 "off every call list at once",
}
_PROCESSOR_RULE = (". Do not answer the subject yourself: act only on the controller's "
                   "instructions (Art. 28(3)(e), 32(4)).")
# Where the contact centre is controller: the steps, for an export row and for a call.
_STEPS = {
    "access": {
        "row": "Send the subject a copy of {file}, {where} (the bundle: `ccaudit subjects export`) "
               "with the purposes, recipients, retention period and source of the data (Art. 15(1)-(3)).",
        "call": "Send the subject the turns of {where} (the bundle: `ccaudit subjects export`), "
                "with the purposes, recipients and retention period (Art. 15(1)-(3)); remove what "
                "others said about third persons first (Art. 15(4)).",
    },
    "rectification": {
        "row": "Correct the inaccurate fields of {file}, {where} and of the same record in the "
               "system it was exported from; tell every recipient of the data (Art. 19) and "
               "confirm to the subject.",
        "call": "A transcript records what was said: do not rewrite it; add the subject's "
                "correction as a note to {where} (a supplementary statement, Art. 16) and correct "
                "the customer record it fed; tell recipients (Art. 19).",
    },
    "erasure": {
        "row": "Check whether the record must still be kept (legal obligation, legal claims: "
               "Art. 17(3)); if not, delete {file}, {where} and the same record in the source "
               "system, and let backups expire; tell recipients (Art. 19); run `ccaudit index "
               "build` and check that `ccaudit subjects find` no longer lists it.",
        "call": "Check whether the call must still be kept (Art. 17(3)); if not, delete the "
                "transcript and recording of {where} in {file}, or redact the subject's turns "
                "(`ccaudit scan transcripts --redact`); tell recipients (Art. 19); run `ccaudit "
                "index build` to confirm.",
    },
    "restriction": {
        "row": "Mark {file}, {where} as restricted: keep it, but do not use it (no calls, no "
               "campaigns, no changes) until the question is settled; tell the subject before "
               "lifting it (Art. 18(3)) and tell recipients (Art. 19).",
        "call": "Mark {where} in {file} as restricted: keep the recording and transcript, but do "
                "not use them (quality reviews, training) until the question is settled; tell "
                "the subject before lifting it (Art. 18(3)).",
    },
    "portability": {
        "row": "Send the subject records.json / records.csv of the bundle (`ccaudit subjects "
               "export`) for {file}, {where} — the data the subject provided, processed by consent "
               "or contract (Art. 20(1)); to another controller directly if asked (Art. 20(2)).",
        "call": "Calls are rarely data the subject provided under Art. 20(1): send the turns of "
                "{where} from the bundle (calls.csv) only if the call was processed by consent or "
                "contract; otherwise answer under the right of access.",
    },
    "objection": {
        "row": "Stop using {file}, {where} for the purpose objected to, unless compelling "
               "legitimate grounds override it (Art. 21(1)); for direct marketing stop at once "
               "and for good: take the subject off every call list and onto the do-not-call "
               "list (Art. 21(2)-(3)).",
        "call": "Stop using {where} for the purpose objected to (quality reviews, training, "
                "analytics) unless compelling legitimate grounds override it (Art. 21(1)); if the "
                "call was a marketing call, put the subject on the do-not-call list (Art. 21(3)).",
    },
}


def plan(con: duckdb.DuckDBPyConnection, id_hash: str, right: str, config: Config,
         received: date | None = None) -> pd.DataFrame:
    """Per location of the subject: who must act and what to do for ``right``, and by when.

    Columns: ``client``; ``role`` (the contact centre's: ``controller`` for
    ``index.controller_clients``, else ``processor``); ``controller``; ``who_acts``;
    ``file`` and ``where`` (sheet, row and identifier columns, or call and turns);
    ``right``; ``article``; ``what_to_do`` (for processor data: *forward to the client
    (controller) <client>: what to send*; for controller data: the steps); ``deadline``
    (ISO date, one month after ``received``, default today: Art. 12(3)). No value from the
    data is shown. Empty for an unknown subject.
    """
    if right not in RIGHTS:
        raise CcauditError(f"unknown right '{right}' (one of {', '.join(RIGHTS)})")
    found = find_subject(con, id_hash)
    due = deadline(received).isoformat()
    rows = []
    for loc in found["locations"]:
        client, kind = loc["client"], "row" if "row" in loc else "call"
        role = role_of(client, config)
        words = {"file": _file_name(loc["source"]), "where": _where(loc),
                 "thing": "record" if kind == "row" else "call's transcript and recording"}
        if role == PROCESSOR:
            who = f"the client {client} (controller) decides; the contact centre forwards"
            what = (f"Forward to the client (controller) {client}, without undue delay: "
                    + _FORWARD[right].format(**words) + _PROCESSOR_RULE)
        else:
            who = "the contact centre (controller): its DPO"
            what = _STEPS[right][kind].format(**words)
        rows.append({"client": client, "role": role, "controller": controller_of(client, config),
                     "who_acts": who, "file": words["file"], "where": words["where"],
                     "right": right, "article": RIGHTS[right], "what_to_do": what, "deadline": due})
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def request_headline(con: duckdb.DuckDBPyConnection, id_hash: str, right: str, config: Config,
                     received: date | None = None) -> str:
    """One sentence for the top of a request: who, where, what role, by when."""
    found = find_subject(con, id_hash)
    if found["subject"] is None:
        return ("No data subject with this identifier in the index: answer the person that no "
                "data about them was found (Art. 15(1)), once the index is up to date.")
    locs = found["locations"]
    clients = sorted({loc["client"] for loc in locs})
    roles = ", ".join(f"{c} ({role_of(c, config)})" for c in clients)
    return (f"Subject {found['subject']}: {len(locs)} location(s) in "
            f"{len({loc['source'] for loc in locs})} file(s) of {len(clients)} client(s): {roles}. "
            f"Right of {right} ({RIGHTS.get(right, '?')}): answer by {deadline(received)} "
            f"(one month, Art. 12(3)).")


__all__ = ["BUNDLE_FILES", "COPY_RIGHTS", "RIGHTS", "ReadBack", "SourceCheck", "UnknownSubject",
           "bundle_files", "bundle_for", "controller_of", "deadline", "export_bundle", "plan", "read_back",
           "request_headline", "role_of", "subject_locations"]
