"""Build the subject index: scan what changed, store keyed identifiers, link subjects.

>>> report = build_index(["data_samples"], db="ccaudit.duckdb")     # doctest: +SKIP

* **Incremental.** A file whose bytes (sha256) are unchanged since it was indexed is not
  read again; a changed file replaces its old rows; a file gone from a scanned folder is
  marked ``removed`` and its findings are dropped.
* **Crash-safe.** Each export, and each batch of up to 50 transcripts, is written in its
  own transaction, the subject links in another: a run killed half-way leaves every file
  either as it was or fully re-indexed, and the next run indexes the rest and links again. ``runs.status`` says whether the
  last run completed.
* **Safe.** Identifiers are stored as HMAC-SHA256 hashes (:mod:`ccaudit.index.identifiers`);
  transcripts' findings keep their masked value only.
"""
from __future__ import annotations

import dataclasses
import json
import logging
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
from ccaudit.config import Config
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
    errors: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.indexed} file(s) indexed, {self.unchanged} unchanged, {self.removed} "
                f"removed, {self.failed} unreadable; {self.identifiers} identifiers, "
                f"{self.subjects} subjects ({self.seconds:.1f} s)")


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
        from ccaudit.detect.exports import scan_file

        profiles, info = scan_file(path, self.config, self.analyzers.exports, self.today,
                                   notes=self.transcript_scanner)
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
        return columns, self._export_findings(path, file_id, plan), info

    def _export_findings(self, path: Path, file_id: int, plan) -> Iterable[pd.DataFrame]:
        if not plan:
            return
        for chunk in read_tables(path, chunk_rows=self.config.exports.chunk_rows):
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
                yield pd.concat(frames, ignore_index=True)

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

    def index_file(self, path: Path, kind: str, client: str, digest: str, size: int,
                   run_id: int) -> str | None:
        """Index one export in one transaction; returns the error reason, or ``None``."""
        file_id, exists = self._file_id(path)
        error, info, columns, lazy = None, {"format": describe(path), "rows": 0}, [], []
        try:
            columns, lazy, info = self.export_rows(path, file_id)
            info = {"format": info["format"], "rows": info["rows"]}
        except ReaderError as exc:
            error, lazy = exc.reason, []
        with self._transaction():
            return self._store(path, kind, client, digest, size, run_id, file_id, exists, error,
                               info, columns, lazy)

    def index_transcripts(self, batch: list[tuple[Path, str, str, int]], run_id: int
                          ) -> list[tuple[Path, str | None]]:
        """Index ``(path, client, digest, size)`` transcripts, scanned together, in one
        transaction; returns each path with its error reason (``None`` when indexed)."""
        ids, taken = [], set()
        for path, *_ in batch:
            file_id, exists = self._file_id(path, taken)
            taken.add(file_id)
            ids.append((file_id, exists))
        scanned = self.transcript_rows([(path, file_id, client) for (path, client, _, _), (file_id, _)
                                        in zip(batch, ids)])
        out, frames = [], []
        with self._transaction():
            for (path, client, digest, size), (file_id, exists) in zip(batch, ids):
                frame, info, error = scanned[file_id]
                out.append((path, self._store(path, TRANSCRIPT, client, digest, size, run_id, file_id,
                                              exists, error, info, [], [])))
                if not error and len(frame):
                    frames.append(frame)
            # One insert for the batch: a DuckDB statement per call costs more than its rows.
            if frames:
                self._insert_findings(pd.concat(frames, ignore_index=True))
        return out

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

    def record_error(self, path: Path, kind: str, client: str, reason: str, run_id: int) -> None:
        """A file that cannot even be opened: an ``error`` row, and none of its old findings."""
        con = self.con
        row = con.execute("SELECT file_id FROM files WHERE path = ?", [path.as_posix()]).fetchone()
        con.execute("BEGIN TRANSACTION")
        try:
            if row:
                con.execute("DELETE FROM findings WHERE file_id = ?", [row[0]])
                con.execute("DELETE FROM columns WHERE file_id = ?", [row[0]])
                con.execute("UPDATE files SET status = 'error', error = ?, content_hash = NULL, "
                            "records = 0, indexed_at = ?, run_id = ? WHERE file_id = ?",
                            [reason, datetime.now(), run_id, row[0]])
            else:
                file_id = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchone()[0]
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
                analyzers: Analyzers | None = None) -> IndexReport:
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
        configuration is used when ``config`` is not given.
    """
    paths = _flatten(paths)
    if config is None and analyzers is not None:
        config = analyzers.config
    elif not isinstance(config, Config):
        config = load_config(config)
    # The analysts' reviewed decisions change no analyzer: analyzers built without them serve.
    if analyzers is not None and dataclasses.replace(analyzers.config, reviews=None) != \
            dataclasses.replace(config, reviews=None):
        raise CcauditError("the analyzers were built for another configuration", source=config.source)
    db = db or config.index.db
    with index_lock(db, "ccaudit index build", config.index.lock_timeout):
        return _build(paths, db, config, key, progress, today, analyzers)


def _build(paths: list, db: str | Path, config: Config, key: bytes | None, progress: bool,
           today: date | None, analyzers: Analyzers | None) -> IndexReport:
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
        bar = tqdm(files, desc="indexing", unit="file", file=sys.stderr, disable=not progress,
                   leave=False)
        pending: list[tuple[Path, str, str, int]] = []

        def count(results: list[tuple[Path, str | None]]) -> None:
            for path, error in results:
                if error:
                    report.failed += 1
                    report.errors.append({"source": path.as_posix(), "error": error})
                else:
                    report.indexed += 1

        for path, kind, client, _root in bar:
            bar.set_postfix_str(path.name, refresh=False)
            try:
                size = path.stat().st_size
                digest = content_hash(path)
            except OSError as exc:
                reason = f"cannot read ({exc.strerror or type(exc).__name__})"
                builder.record_error(path, kind, client, reason, run_id)
                report.failed += 1
                report.errors.append({"source": path.as_posix(), "error": reason})
                continue
            previous = known.get(path.as_posix())
            if previous and previous[0] == digest and previous[1] in ("indexed", "error") \
                    and not _matches_any(path, revisit):
                report.unchanged += 1
                continue
            if kind == TRANSCRIPT:
                pending.append((path, client, digest, size))
                if len(pending) >= TRANSCRIPT_BATCH:
                    count(builder.index_transcripts(pending, run_id))
                    pending = []
                continue
            count([(path, builder.index_file(path, kind, client, digest, size, run_id))])
        if pending:
            count(builder.index_transcripts(pending, run_id))
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
        if changed:
            link_subjects(con)
        else:
            ensure_indexes(con)
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
