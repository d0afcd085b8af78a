"""Build the subject index: scan what changed, store keyed identifiers, link subjects.

>>> report = build_index(["data_samples"], db="ccaudit.duckdb")     # doctest: +SKIP

* **Incremental.** A file whose bytes (sha256) are unchanged since it was indexed is not
  read again; a changed file replaces its old rows; a file gone from a scanned folder is
  marked ``removed`` and its findings are dropped.
* **Crash-safe.** Each export, and each batch of up to 50 transcripts, is written in its
  own transaction, the subject links in another: a run killed half-way leaves every file
  either as it was or fully re-indexed, and the next run indexes the rest and links again.
  ``runs.status`` says whether the last run completed.
* **One writer, many scanners.** With ``jobs`` or ``scheduler`` the files are scanned on a
  Dask cluster (:mod:`ccaudit.compute`); this process alone writes the DuckDB file.
* **Safe.** Identifiers are stored as HMAC-SHA256 hashes (:mod:`ccaudit.index.identifiers`);
  transcripts' findings keep their masked value only.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import secrets
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterable

import duckdb
import pandas as pd
from tqdm import tqdm

from ccaudit import __version__
from ccaudit.compute import where
from ccaudit.config import ComputeConfig, Config
from ccaudit.settings import load_config
from ccaudit.errors import CcauditError, ReaderError
from ccaudit.index.db import check_key, connect
from ccaudit.index.extract import canonical_column, id_type_of, identifiers_in_texts
from ccaudit.index.identifiers import ID_TYPE_ENTITY, Hasher, load_key
from ccaudit.index.lock import index_lock
from ccaudit.sources.tables import describe, read_tables
from ccaudit.sources.kinds import TRANSCRIPT, file_kind
from ccaudit.sources.walk import client_of, content_hash, walk

if TYPE_CHECKING:  # the analyzers pull Presidio and spaCy in: imported when first built
    from ccaudit.detect.analyzer import Analyzers

log = logging.getLogger(__name__)

# Transcripts are scanned and written this many files at a time: their NER is batched
# across the calls, and one transaction per file would cost more than the scan.
TRANSCRIPT_BATCH = 50
FINDING_COLUMNS = ["file_id", "sheet", "row", "column", "call_id", "turn", "start_offset",
                   "end_offset", "time_start", "time_end", "role", "entity_type", "id_type",
                   "id_hash", "masked"]


@dataclass
class IndexReport:
    """What one ``index build`` did."""

    run_id: int
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    subjects: int = 0
    identifiers: int = 0
    seconds: float = 0.0
    # Of ``seconds``: writing the scanned files into the index (the one writer's share) and
    # linking subjects.
    write_seconds: float = 0.0
    link_seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.indexed} file(s) indexed, {self.unchanged} unchanged, {self.removed} "
                f"removed, {self.failed} unreadable; {self.identifiers} identifiers, "
                f"{self.subjects} subjects ({self.seconds:.1f} s)")


@dataclass
class Unit:
    """Files scanned and stored together: one export, or a batch of transcripts. Each file
    is ``(path, kind, client, content hash, size, file id, has a row already)``."""

    kind: str
    files: list[tuple[Path, str, str, str, int, int, bool]]


def _scan_unit_in_worker(unit: Unit, config: Config, today: date | None, key_name: str):
    """Scan one unit on a Dask worker with the builder that worker keeps for this
    configuration, date and key (the key came once, by :func:`ccaudit.compute.shared_secret`;
    only its fingerprint is in the task). Returns hashed identifiers and masked values only."""
    return _worker_builder(config, today, key_name).scan(unit, materialise=True)


def _worker_builder(config: Config, today: date | None, key_name: str) -> "IndexBuilder":
    from ccaudit.detect.cache import fingerprint
    from ccaudit.workers import secret, worker_state

    return worker_state(("index", fingerprint(config, today), key_name),
                        lambda: IndexBuilder(None, config, Hasher(secret(key_name)), today))


def _classify_in_worker(unit: Unit, config: Config, today: date | None, key_name: str,
                        *sketches) -> tuple:
    """A large export's classification, from the sketches of its parts: its column rows,
    plan and info (or its error)."""
    from ccaudit.detect.exports import merge_sketches

    (path, *_rest), = unit.files
    failed = [s for s in sketches if isinstance(s, str)]
    if failed:
        return [], {}, {"format": describe(path), "rows": 0}, failed[0]
    try:
        return _worker_builder(config, today, key_name).classify_export(
            path, unit.files[0][5], merge_sketches(list(sketches))) + (None,)
    except ReaderError as exc:
        return [], {}, {"format": describe(path), "rows": 0}, exc.reason


def _part_in_worker(unit: Unit, classified: tuple, part: int, parts: int, config: Config,
                    today: date | None, key_name: str) -> tuple[list, str | None]:
    """One part of a large export's chunks, hashed: ``(position, frame)`` pairs, or the
    reason the file broke in this part."""
    _columns, plan, _info, error = classified
    if error or not plan:
        return [], None
    path, file_id = unit.files[0][0], unit.files[0][5]
    try:
        return list(_worker_builder(config, today, key_name).export_findings_at(
            path, file_id, plan, part, parts)), None
    except ReaderError as exc:
        return [], exc.reason


def _join_parts(classified: tuple, *parts: tuple) -> tuple:
    """The parts of a large export put back in the order of its chunks, as one unit's result;
    a chunk that could not be read makes the whole file an error (as in one process: every
    part reads the file up to where it breaks, so they all give the same reason)."""
    columns, _plan, info, error = classified
    if error:
        return [], [], info, error
    broken = [reason for _, reason in parts if reason is not None]
    if broken:
        return [], [], info, broken[0]
    ordered = sorted((pair for found, _ in parts for pair in found), key=lambda pair: pair[0])
    return columns, [frame for _, frame in ordered], info, None


def _discover(paths: Iterable[str | Path]) -> list[tuple[Path, str, str, Path]]:
    """``(absolute path, kind, client, root)`` of every file to index, sorted."""
    seen: dict[Path, tuple[str, str, Path]] = {}
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            raise CcauditError("no such file or folder", source=str(root))
        # Hidden files and folders and Office lock files left out, as by every scan.
        files = [root] if root.is_file() else sorted(walk(root, strict=False))
        for file in files:
            kind = file_kind(file)
            if kind is None:
                continue
            seen.setdefault(file.resolve(), (kind, client_of(file, root), root.resolve()))
    return [(p, k, c, r) for p, (k, c, r) in sorted(seen.items())]


class IndexBuilder:
    """Indexes files into an open index with the analyzers it is given (built on first need)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, config: Config, hasher: Hasher,
                 today: date | None = None, analyzers: Analyzers | None = None):
        self.con = con
        self.config = config
        self.hasher = hasher
        self.today = today
        self.regions = tuple(config.phone_regions)
        if analyzers is None:
            from ccaudit.detect.analyzer import Analyzers
            analyzers = Analyzers(config)
        self.analyzers = analyzers
        self._transcripts = None

    # ------------------------------------------------------------------ exports
    def export_rows(self, path: Path, file_id: int) -> tuple[list[dict], Iterable[pd.DataFrame], dict]:
        """Column profiles, then findings frames chunk by chunk (read lazily), and file info."""
        columns, plan, info = self.classify_export(path, file_id)
        return columns, self._export_findings(path, file_id, plan), info

    def classify_export(self, path: Path, file_id: int, sketched: tuple | None = None
                        ) -> tuple[list[dict], dict, dict]:
        """Column rows, the plan of what to read from which column, and file info
        (``sketched``: the file's sketch, read already)."""
        from ccaudit.detect.exports import scan_file

        profiles, info = scan_file(path, self.config, self.analyzers.exports, self.today,
                                   notes=self.transcript_scanner, sketched=sketched)
        columns = []
        plan: dict[tuple[str, str], tuple[str, str, bool, tuple[str, ...]]] = {}
        for p in profiles:
            id_type = id_type_of(p.entity_type) if p.kind != "free_text" else None
            text_types = tuple(dict.fromkeys(t for t in map(id_type_of, p.entities) if t)) \
                if p.kind == "free_text" else ()
            columns.append({"file_id": file_id, "sheet": p.sheet, "column": p.column,
                            "entity_type": p.entity_type, "entities": ";".join(p.entities),
                            "confidence": p.confidence, "sensitivity": p.sensitivity,
                            "kind": p.kind, "rows": p.rows, "id_type": id_type})
            if id_type:
                plan[(p.sheet, p.column)] = (p.entity_type, id_type, False, ())
            elif text_types:
                plan[(p.sheet, p.column)] = ("", "", True, text_types)
        return columns, plan, info

    def _export_findings(self, path: Path, file_id: int, plan) -> Iterable[pd.DataFrame]:
        """The findings of the file's chunks, chunk by chunk, in order."""
        for _, frame in self.export_findings_at(path, file_id, plan):
            yield frame

    def export_findings_at(self, path: Path, file_id: int, plan, part: int = 0, parts: int = 1
                           ) -> Iterable[tuple[int, pd.DataFrame]]:
        """Each chunk's position and findings (chunks without any are left out); with
        ``parts``, only the chunks whose position is ``part`` modulo ``parts`` (the others
        are read and skipped)."""
        if not plan:
            return
        for position, chunk in enumerate(read_tables(path, chunk_rows=self.config.exports.chunk_rows)):
            if position % parts != part:
                continue
            frames = []
            for name in chunk.frame.columns:
                key = (chunk.sheet, name)
                if key not in plan:
                    continue
                entity, id_type, free_text, text_types = plan[key]
                values = chunk.frame[name]
                if free_text:
                    frames.append(self._free_text(values, file_id, chunk.sheet, name, text_types))
                    continue
                canonical = canonical_column(values, id_type, self.regions)
                canonical = canonical.dropna()
                if canonical.empty:
                    continue
                hashes = self.hasher.many(id_type, canonical.tolist())
                frames.append(pd.DataFrame({
                    "file_id": file_id, "sheet": chunk.sheet, "row": canonical.index.astype("int64"),
                    "column": name, "entity_type": entity, "id_type": id_type, "id_hash": hashes}))
            if frames:
                yield position, pd.concat(frames, ignore_index=True)

    def _free_text(self, values: pd.Series, file_id: int, sheet: str, column: str,
                   id_types: tuple[str, ...]) -> pd.DataFrame:
        # Only texts that hold a digit run or an "@" can hold an identifier.
        candidates = values.dropna()
        candidates = candidates[candidates.astype(str).str.contains(r"@|\d{2}", regex=True)]
        found = identifiers_in_texts(candidates, id_types, self.regions)
        if found.empty:
            return pd.DataFrame()
        return pd.DataFrame({
            "file_id": file_id, "sheet": sheet, "row": found["row"].astype("int64"),
            "column": column, "entity_type": found["id_type"].map(ID_TYPE_ENTITY),
            "id_type": found["id_type"],
            "id_hash": self.hasher.many(found["id_type"].tolist(), found["canonical"].tolist())})

    # ------------------------------------------------------------------ transcripts
    def transcript_scanner(self):
        """The scanner of calls (and of exports' notes), built on first need."""
        from ccaudit.detect.transcripts import TranscriptScanner

        if self._transcripts is None:
            self._transcripts = TranscriptScanner(self.config, lambda: self.analyzers.transcripts(self.today),
                                                  today=self.today, identify=self._identify)
        return self._transcripts

    def transcript_rows(self, files: list[tuple[Path, int, str]]
                        ) -> dict[int, tuple[pd.DataFrame, dict, str | None]]:
        """Scan ``(path, file_id, client)`` transcripts together (NER batched across calls);
        per file id: its findings frame, its info and its error reason (``None``)."""
        scan = self.transcript_scanner().scan([(path, client, Path(path.name)) for path, _, client in files])
        f = scan.findings.reindex(columns=list(scan.findings.columns.union(["id_type", "id_hash"],
                                                                            sort=False)))
        findings = dict(tuple(f.groupby("source", sort=False))) if len(f) else {}
        calls = dict(tuple(scan.calls.groupby("source", sort=False))) if len(scan.calls) else {}
        errors = dict(zip(scan.errors["source"], scan.errors["error"])) if len(scan.errors) else {}
        out = {}
        for path, file_id, _ in files:
            source = path.as_posix()
            these = calls.get(source)
            if these is None or not len(these):
                out[file_id] = (pd.DataFrame(), {"format": describe(path), "rows": 0},
                                errors.get(source, "no call could be read"))
                continue
            g = findings.get(source, f.iloc[:0])
            frame = pd.DataFrame({
                "file_id": file_id, "call_id": g["call_id"], "turn": g["turn"],
                "start_offset": g["start"], "end_offset": g["end"], "time_start": g["time_start"],
                "time_end": g["time_end"], "role": g["role"], "entity_type": g["entity_type"],
                "id_type": g["id_type"], "id_hash": g["id_hash"], "masked": g["masked"]})
            out[file_id] = (frame, {"format": these["format"].iloc[0], "rows": len(these)}, None)
        return out

    def _identify(self, entity: str, value: str, regions: tuple[str, ...]) -> tuple[str, str] | None:
        from ccaudit.index.identifiers import normalise

        id_type = id_type_of(entity)
        if not id_type:
            return None
        canonical = normalise(id_type, value, regions)
        return (id_type, self.hasher(id_type, canonical)) if canonical else None

    # ------------------------------------------------------------------ files
    def _file_id(self, path: Path, taken: set[int] | None = None) -> tuple[int, bool]:
        """The file's id, and whether it has a row already; new ids avoid ``taken``."""
        con = self.con
        row = con.execute("SELECT file_id FROM files WHERE path = ?", [path.as_posix()]).fetchone()
        if row:
            return row[0], True
        file_id = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchone()[0]
        while taken and file_id in taken:
            file_id += 1
        return file_id, False

    # A unit of work is one export, or a batch of up to TRANSCRIPT_BATCH transcripts: it is
    # scanned (here, or on a Dask worker, which sends back hashed identifiers and masked
    # values only) and then stored by this process, the index's one writer, in order.
    def scan_export(self, path: Path, file_id: int, materialise: bool = False) -> tuple:
        """One export's column rows, findings (lazily read chunk by chunk, or a list when
        ``materialise``: to send from a worker), file info and error reason (``None``)."""
        try:
            columns, lazy, info = self.export_rows(path, file_id)
        except ReaderError as exc:
            return [], [], {"format": describe(path), "rows": 0}, exc.reason
        info = {"format": info["format"], "rows": info["rows"]}
        if materialise:
            try:
                lazy = list(lazy)
            except ReaderError as exc:  # breaks half-way: nothing of it is kept (as in _store)
                return [], [], info, exc.reason
        return columns, lazy, info, None

    def store_export(self, unit: "Unit", scanned: tuple, run_id: int) -> str | None:
        """Write one scanned export in one transaction; returns its error reason, or ``None``."""
        (path, kind, client, digest, size, file_id, exists), = unit.files
        columns, lazy, info, error = scanned
        with self._transaction():
            return self._store(path, kind, client, digest, size, run_id, file_id, exists, error,
                               info, columns, lazy)

    def store_transcripts(self, unit: "Unit", scanned: dict, run_id: int
                          ) -> list[tuple[Path, str | None]]:
        """Write a scanned batch of transcripts in one transaction; returns each path with its
        error reason (``None`` when indexed)."""
        out, frames = [], []
        with self._transaction():
            for path, _kind, client, digest, size, file_id, exists in unit.files:
                frame, info, error = scanned[file_id]
                out.append((path, self._store(path, TRANSCRIPT, client, digest, size, run_id, file_id,
                                              exists, error, info, [], [])))
                if not error and len(frame):
                    frames.append(frame)
            # One insert for the batch: a DuckDB statement per call costs more than its rows.
            if frames:
                self._insert_findings(pd.concat(frames, ignore_index=True))
        return out

    def scan(self, unit: "Unit", materialise: bool = False):
        if unit.kind == TRANSCRIPT:
            return self.transcript_rows([(path, file_id, client)
                                         for path, _, client, _, _, file_id, _ in unit.files])
        path, file_id = unit.files[0][0], unit.files[0][5]
        return self.scan_export(path, file_id, materialise)

    def store(self, unit: "Unit", scanned, run_id: int) -> list[tuple[Path, str | None]]:
        if unit.kind == TRANSCRIPT:
            return self.store_transcripts(unit, scanned, run_id)
        return [(unit.files[0][0], self.store_export(unit, scanned, run_id))]

    @contextmanager
    def _transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _store(self, path: Path, kind: str, client: str, digest: str, size: int, run_id: int,
               file_id: int, exists: bool, error: str | None, info: dict, columns: list[dict],
               lazy: Iterable[pd.DataFrame]) -> str | None:
        """Replace one file's rows, inside the caller's transaction; returns the error."""
        con = self.con
        con.execute("DELETE FROM findings WHERE file_id = ?", [file_id])
        con.execute("DELETE FROM columns WHERE file_id = ?", [file_id])
        try:
            for chunk in lazy:
                self._insert_findings(chunk)
        except ReaderError as exc:  # a file that breaks half-way: nothing of it is kept
            error = exc.reason
        if error:
            con.execute("DELETE FROM findings WHERE file_id = ?", [file_id])
            columns = []
        if columns:
            frame = pd.DataFrame(columns)
            con.register("new_columns", frame)
            con.execute('INSERT INTO columns SELECT file_id, sheet, "column", entity_type, '
                        'entities, confidence, sensitivity, kind, "rows", id_type FROM new_columns')
            con.unregister("new_columns")
        values = [path.as_posix(), kind, client, info.get("format") or describe(path), size,
                  digest, "error" if error else "indexed", error, info.get("rows", 0),
                  datetime.now(), run_id]
        if exists:
            con.execute("UPDATE files SET path = ?, kind = ?, client = ?, format = ?, size = ?, "
                        "content_hash = ?, status = ?, error = ?, records = ?, indexed_at = ?, "
                        "run_id = ? WHERE file_id = ?", values + [file_id])
        else:
            con.execute("INSERT INTO files (path, kind, client, format, size, content_hash, "
                        "status, error, records, indexed_at, run_id, file_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values + [file_id])
        return error

    def record_error(self, path: Path, kind: str, client: str, reason: str, run_id: int,
                     taken: set[int] | None = None) -> None:
        """A file that cannot even be opened: an ``error`` row, and none of its old findings
        (a new row's id avoids ``taken``, the ids given to files not stored yet)."""
        con = self.con
        file_id, exists = self._file_id(path, taken)
        con.execute("BEGIN TRANSACTION")
        try:
            if exists:
                con.execute("DELETE FROM findings WHERE file_id = ?", [file_id])
                con.execute("DELETE FROM columns WHERE file_id = ?", [file_id])
                con.execute("UPDATE files SET status = 'error', error = ?, content_hash = NULL, "
                            "records = 0, indexed_at = ?, run_id = ? WHERE file_id = ?",
                            [reason, datetime.now(), run_id, file_id])
            else:
                con.execute("INSERT INTO files (file_id, path, kind, client, format, status, error, "
                            "records, indexed_at, run_id) VALUES (?, ?, ?, ?, ?, 'error', ?, 0, ?, ?)",
                            [file_id, path.as_posix(), kind, client, describe(path), reason,
                             datetime.now(), run_id])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _insert_findings(self, frame: pd.DataFrame) -> None:
        if frame is None or not len(frame):
            return
        frame = frame.reindex(columns=FINDING_COLUMNS)
        self.con.register("new_findings", frame)
        self.con.execute("INSERT INTO findings SELECT file_id, sheet, \"row\", \"column\", call_id, "
                         "turn, start_offset, end_offset, time_start, time_end, role, entity_type, "
                         "id_type, id_hash, masked FROM new_findings")
        self.con.unregister("new_findings")


def build_index(paths: Iterable[str | Path] | str | Path, db: str | Path | None = None,
                config: Config | str | Path | None = None, key: bytes | None = None,
                progress: bool = False, today: date | None = None,
                analyzers: Analyzers | None = None, jobs: int | None = None,
                scheduler: str | None = None) -> IndexReport:
    """Index the exports and transcripts under ``paths`` into the DuckDB file ``db``.

    :param paths: files or folders (lists of them are flattened and empty strings skipped,
        so a notebook can pass its folder parameters as they are); exports and transcripts
        are told apart by suffix
        (JSON by content). The client is the first folder under a scanned folder (under
        its ``exports``/``transcripts`` folder when it holds both).
    :param db: the index file (default: ``index.db`` from the configuration). Another run
        that holds it is waited for, up to ``index.lock_timeout`` seconds
        (:mod:`ccaudit.index.lock`).
    :param key: the HMAC key (default: ``$CCAUDIT_KEY`` or ``index.key_file``).
    :param analyzers: the engines to scan with (:class:`~ccaudit.detect.analyzer.Analyzers`,
        built on first need); pass the same one to several builds to build them once. Its
        configuration is used when ``config`` is not given. Used in this process only.
    :param jobs: worker processes of a local Dask cluster that scan the files (default: the
        configuration's ``compute.jobs``; 1: this process alone).
    :param scheduler: an existing Dask scheduler's address (default: ``compute.scheduler``).
        On a cluster the workers scan and hash, and send back hashed identifiers and masked
        values only; this process writes the index, in the files' order, so the index is the
        one a single process builds. The HMAC key reaches each worker once (a worker plugin),
        in no task.
    """
    paths = _flatten(paths)
    if config is None and analyzers is not None:
        config = analyzers.config
    elif not isinstance(config, Config):
        config = load_config(config)
    # The analysts' reviewed decisions change no analyzer: analyzers built without them serve.
    if analyzers is not None and dataclasses.replace(analyzers.config, reviews=None, compute=ComputeConfig()) != \
            dataclasses.replace(config, reviews=None, compute=ComputeConfig()):
        raise CcauditError("the analyzers were built for another configuration", source=config.source)
    db = db or config.index.db
    with index_lock(db, "ccaudit index build", config.index.lock_timeout):
        return _build(paths, db, config, key, progress, today, analyzers, *where(config, jobs, scheduler))


def _build(paths: list, db: str | Path, config: Config, key: bytes | None, progress: bool,
           today: date | None, analyzers: Analyzers | None, jobs: int = 1,
           scheduler: str | None = None) -> IndexReport:
    from ccaudit.index.subjects import ensure_indexes, link_subjects

    started = time.perf_counter()
    files = _discover(paths)
    roots = {r for _, _, _, r in files} | {Path(p).resolve() for p in paths}
    hasher = Hasher(key if key is not None else load_key(config.index.key_file))
    con = connect(db)
    try:
        check_key(con, hasher.fingerprint, record=True)
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0]
        con.execute("INSERT INTO runs (run_id, started_at, status, ccaudit_version) "
                    "VALUES (?, ?, 'running', ?)", [run_id, datetime.now(), __version__])
        report = IndexReport(run_id=run_id)
        builder = IndexBuilder(con, config, hasher, today, analyzers)
        known = {p: (h, s) for p, h, s in con.execute(
            "SELECT path, content_hash, status FROM files").fetchall()}
        decisions, revisit = _reviews_changed(con, config)
        units = _plan(builder, files, known, revisit, run_id, report)
        bar = tqdm(total=sum(len(u.files) for u in units), desc="indexing", unit="file",
                   file=sys.stderr, disable=not progress, leave=False)
        for stored in _scan_and_store(builder, units, run_id, jobs, scheduler, bar, hasher, report):
            for path, error in stored:
                if error:
                    report.failed += 1
                    report.errors.append({"source": path.as_posix(), "error": error})
                else:
                    report.indexed += 1
        bar.close()
        present = {p.as_posix() for p, _, _, _ in files}
        for path_text, (_, status) in known.items():
            under_root = any(Path(path_text).is_relative_to(r) for r in roots)
            if status != "removed" and under_root and path_text not in present:
                con.execute("BEGIN TRANSACTION")
                con.execute("DELETE FROM findings WHERE file_id = (SELECT file_id FROM files WHERE path = ?)",
                            [path_text])
                con.execute("DELETE FROM columns WHERE file_id = (SELECT file_id FROM files WHERE path = ?)",
                            [path_text])
                con.execute("UPDATE files SET status = 'removed', run_id = ? WHERE path = ?",
                            [run_id, path_text])
                con.execute("COMMIT")
                report.removed += 1
        # The decisions these rows were built with: a later change re-indexes the files it touches.
        con.execute("INSERT OR REPLACE INTO settings VALUES ('reviews', ?)", [decisions])
        changed = report.indexed or report.removed or report.failed or not _linked(con)
        linking = time.perf_counter()
        if changed:
            link_subjects(con)
        else:
            ensure_indexes(con)
        report.link_seconds = round(time.perf_counter() - linking, 2)
        report.write_seconds = round(report.write_seconds, 2)
        report.identifiers, report.subjects = con.execute(
            "SELECT (SELECT count(*) FROM identifiers), (SELECT count(*) FROM subjects)").fetchone()
        report.seconds = round(time.perf_counter() - started, 2)
        con.execute("UPDATE runs SET finished_at = ?, status = 'complete', files_seen = ?, "
                    "files_indexed = ?, files_unchanged = ?, files_removed = ?, files_failed = ? "
                    "WHERE run_id = ?", [datetime.now(), len(files), report.indexed,
                                         report.unchanged, report.removed, report.failed, run_id])
        return report
    finally:
        con.close()


def _plan(builder: IndexBuilder, files: list, known: dict, revisit: set[str], run_id: int,
          report: IndexReport) -> list[Unit]:
    """What to scan, in order, with each new file's id given now (so that a run spread over
    a cluster numbers them as one process does). A file that cannot be read is recorded
    as an error here; an unchanged one is counted."""
    units: list[Unit] = []
    pending: list = []
    taken: set[int] = set()
    for path, kind, client, _root in files:
        try:
            size = path.stat().st_size
            digest = content_hash(path)
        except OSError as exc:
            reason = f"cannot read ({exc.strerror or type(exc).__name__})"
            builder.record_error(path, kind, client, reason, run_id, taken)
            report.failed += 1
            report.errors.append({"source": path.as_posix(), "error": reason})
            continue
        previous = known.get(path.as_posix())
        if previous and previous[0] == digest and previous[1] in ("indexed", "error") \
                and not _matches_any(path, revisit):
            report.unchanged += 1
            continue
        file_id, exists = builder._file_id(path, taken)
        taken.add(file_id)
        entry = (path, kind, client, digest, size, file_id, exists)
        if kind != TRANSCRIPT:
            units.append(Unit(kind, [entry]))
            continue
        pending.append(entry)
        if len(pending) >= TRANSCRIPT_BATCH:
            units.append(Unit(TRANSCRIPT, pending))
            pending = []
    if pending:
        units.append(Unit(TRANSCRIPT, pending))
    return units


def _scan_and_store(builder: IndexBuilder, units: list[Unit], run_id: int, jobs: int,
                    scheduler: str | None, bar, hasher: Hasher, report: IndexReport
                    ) -> Iterable[list[tuple[Path, str | None]]]:
    """Scan the units here or on a Dask cluster, and store each, in order, in this process:
    the index has one writer. Yields what each unit's files came to."""
    from ccaudit.compute import dask_client, results, shared_secret

    def store(unit: Unit, scanned) -> list[tuple[Path, str | None]]:
        started = time.perf_counter()
        try:
            return builder.store(unit, scanned, run_id)
        finally:
            report.write_seconds += time.perf_counter() - started
            bar.update(len(unit.files))

    if not units:
        return  # nothing changed: no cluster is asked
    if scheduler is None and (jobs == 1 or len(units) < 2):
        for unit in units:
            bar.set_postfix_str(unit.files[0][0].name, refresh=False)
            yield store(unit, builder.scan(unit))
        return
    # The key goes to each worker once, under a name of this run (its fingerprint, stored in
    # the index already, and a random part, so that two runs on one cluster never share or
    # remove each other's); a task names it, never the key.
    key_name = f"{hasher.fingerprint[:16]}-{secrets.token_hex(4)}"
    with dask_client(jobs, scheduler) as client, shared_secret(client, key_name, hasher.key):
        config = client.scatter(builder.config, broadcast=True)
        groups = [_submit(client, unit, config, builder.today, key_name) for unit in units]
        done = results(client, [future for group in groups for future in group])
        for unit, group in zip(units, groups):
            got = [next(done) for _ in group]
            # Stored as soon as it and the units before it are back, while the workers go on.
            yield store(unit, got[0] if len(got) == 1 else _join_parts(*got))


def _submit(client, unit: Unit, config, today: date | None, key_name: str) -> list:
    """The futures of one unit's result: one, or for a large export
    (:func:`ccaudit.compute.parts_for`) its classification, itself from the sketches of
    its parts, then its hashed parts. The parts come back to this process, which joins them
    (:func:`_join_parts`)."""
    from ccaudit.compute import parts_for
    from ccaudit.detect.exports import _sketch_part_in_worker

    parts = parts_for(unit.files[0][4], client) if unit.kind != TRANSCRIPT else 1
    if parts < 2:
        return [client.submit(_scan_unit_in_worker, unit, config, today, key_name, pure=False)]
    path = unit.files[0][0]
    sketches = [client.submit(_sketch_part_in_worker, path, config, part, parts, pure=False)
                for part in range(parts)]
    classified = client.submit(_classify_in_worker, unit, config, today, key_name, *sketches,
                               pure=False)
    return [classified] + [client.submit(_part_in_worker, unit, classified, part, parts, config,
                                         today, key_name, pure=False) for part in range(parts)]


def _reviews_changed(con: duckdb.DuckDBPyConnection, config: Config) -> tuple[str, set[str]]:
    """The reviewed decisions now (as stored in ``settings``) and the file globs of those
    added, changed or withdrawn since the last build: files they match are indexed again
    even when their bytes are unchanged."""
    from ccaudit.detect.reviews import reviews_for

    now = sorted(json.dumps(d.as_row(), sort_keys=True) for d in reviews_for(config).decisions)
    row = next(iter(con.execute("SELECT value FROM settings WHERE name = 'reviews'").fetchall()), None)
    before = json.loads(row[0]) if row else []
    changed = set(now) ^ set(before)
    return json.dumps(now), {json.loads(d)["file"] for d in changed}


def _matches_any(path: Path, globs: set[str]) -> bool:
    return any(PurePosixPath(path.as_posix()).match(g) for g in globs)


def _flatten(paths) -> list[str | Path]:
    """``"a"``, ``["a", ["b", ""]]`` → the non-empty paths, in order.

    >>> _flatten(["exports", ["t1", "t2"], "", None])
    ['exports', 't1', 't2']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out = []
    for item in paths or []:
        if isinstance(item, (list, tuple)):
            out += _flatten(item)
        elif item:
            out.append(item)
    return out


def _linked(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the subjects reflect the findings (the last run completed its linking)."""
    last = con.execute("SELECT status FROM runs ORDER BY run_id DESC LIMIT 1 OFFSET 1").fetchone()
    return last is not None and last[0] == "complete"


__all__ = ["IndexBuilder", "IndexReport", "build_index"]
