"""Export discovery: which file, sheet and column holds which personal data.

>>> scan = scan_exports(["data_samples/exports"])          # doctest: +SKIP
>>> scan.columns[["source", "column", "entity_type"]]      # doctest: +SKIP
>>> scan.write("reports/latest")                            # doctest: +SKIP

Each file is read in chunks (memory stays bounded), each column is reduced to a seeded
sample of distinct values (:mod:`ccaudit.detect.sampling`), and the samples of a file are
analysed together so spaCy batches them (:mod:`ccaudit.detect.classify`). An unreadable file
becomes a row of ``errors`` with a one-line reason; the scan goes on.
"""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
from presidio_analyzer import AnalyzerEngine
from tqdm import tqdm

from ccaudit.detect.cache import ScanCache, fingerprint, matched_since
from ccaudit.detect.collector import fewer_collections
from ccaudit.detect.classify import (ColumnProfile, _Value, analyse_columns, apply_review, classify_column,
                                     free_text_whatever_ner, wants_ner)
from ccaudit.detect.reviews import STATUS as REVIEW_STATUS, Reviews, reviews_for
from ccaudit.config import Config
from ccaudit.settings import load_config
from ccaudit.errors import CcauditError, ReaderError
from ccaudit.sources.tables import describe, discover, read_tables
from ccaudit.detect.sampling import ColumnSketch
from ccaudit.sources.walk import client_of

log = logging.getLogger(__name__)

COLUMNS = ["source", "client", "sheet", "column", "entity_type", "entities", "confidence",
           "sensitivity", "match_share", "rows", "null_share", "distinct_share", "kind",
           "hinted", "examples", "evidence", "decided_by", "score", "reviewed_by", "reviewed_on",
           "review_reason"]
ERRORS = ["source", "error"]
FILES = ["source", "client", "format", "status", "sheets", "columns", "rows", "seconds"]


@dataclass
class ExportScan:
    """The result of a scan: one row per column, per unreadable file and per file."""

    columns: pd.DataFrame
    errors: pd.DataFrame
    files: pd.DataFrame
    # The analysts' column decisions: each applied, or stale (its file or column is gone).
    reviews: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_STATUS))

    @property
    def personal(self) -> pd.DataFrame:
        """Only the columns that hold personal data."""
        return self.columns[self.columns["entity_type"] != ""]

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``columns.csv``, ``errors.csv``, ``files.csv`` and ``reviews.csv`` into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, frame in (("columns", self.columns), ("errors", self.errors),
                            ("files", self.files), ("reviews", self.reviews)):
            paths[name] = out / f"{name}.csv"
            frame.to_csv(paths[name], index=False)
        return paths


def _sources(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    seen: dict[Path, str] = {}
    for raw in paths:
        root = Path(raw)
        for file in discover([root]):
            seen.setdefault(file, client_of(file, root))
    return sorted(seen.items())


def sketch_file(path: Path, config: Config, part: int = 0, parts: int = 1
                ) -> tuple[dict[str, dict[str, ColumnSketch]], str]:
    """Read a file chunk by chunk into per-sheet, per-column sketches. With ``parts``, the
    values of every chunk whose position is ``part`` modulo ``parts`` only (rows and nulls of
    all): :func:`merge_sketches` of the parts is the whole file's sketch."""
    sheets: dict[str, dict[str, ColumnSketch]] = {}
    rows_read: dict[str, int] = {}
    fmt = ""
    for position, chunk in enumerate(read_tables(path, chunk_rows=config.exports.chunk_rows)):
        fmt = chunk.format
        columns = sheets.setdefault(chunk.sheet, {})
        before = rows_read.get(chunk.sheet, 0)
        for name in chunk.frame.columns:
            if name not in columns:
                columns[name] = ColumnSketch(str(name), k=config.exports.sample_size,
                                             seed=config.exports.seed)
                # A column first seen in a later chunk (NDJSON keys) was null before it.
                columns[name].rows = columns[name].nulls = before
            columns[name].update(chunk.frame[name], values=position % parts == part)
        # Columns missing from this chunk are null in it.
        for name, sketch in columns.items():
            if name not in chunk.frame.columns:
                sketch.rows += len(chunk.frame)
                sketch.nulls += len(chunk.frame)
        rows_read[chunk.sheet] = before + len(chunk.frame)
    return sheets, fmt


def merge_sketches(parts: list[tuple[dict[str, dict[str, ColumnSketch]], str]]
                   ) -> tuple[dict[str, dict[str, ColumnSketch]], str]:
    """The parts of :func:`sketch_file` (same file, every part) as the whole file's sketch."""
    sheets, fmt = parts[0]
    for other, _ in parts[1:]:
        for sheet, columns in sheets.items():
            for name, sketch in columns.items():
                sketch.merge(other[sheet][name])
    return sheets, fmt


@dataclass
class FileClassification:
    """One file's columns as classified, with the analysed sample each was decided on
    (texts and recognizer results, in memory only: :func:`ccaudit.explore` reads them)."""

    profiles: list[ColumnProfile]
    values: list[list[_Value]]
    info: dict


def scan_file(path: Path, config: Config, analyzer: AnalyzerEngine | Callable[[], AnalyzerEngine],
              today: date | None = None, notes=None, reviews: Reviews | None = None,
              sketched: tuple | None = None) -> tuple[list[ColumnProfile], dict]:
    """Classify every column of one file.

    Raises :class:`ReaderError` if the file is unreadable. ``analyzer`` may be a function
    returning one, called only once the file has been read. ``notes`` (a function returning
    a :class:`~ccaudit.detect.transcripts.TranscriptScanner`, called only when a column holds
    free text) reads notes and comments as a call is read: names said without a title or in
    lower case, spelled names and identifiers, Dutch names; without it, free text gets the
    column patterns and spaCy NER only. ``reviews``: the analysts' decisions to apply
    (default: the file the configuration names). ``sketched``: the file's sketch when it was
    read already (:func:`sketch_file`, in parts on a cluster).
    """
    found = classify_file(path, config, analyzer, today, notes, reviews, sketched)
    return found.profiles, found.info


def classify_file(path: Path, config: Config, analyzer: AnalyzerEngine | Callable[[], AnalyzerEngine],
                  today: date | None = None, notes=None, reviews: Reviews | None = None,
                  sketched: tuple | None = None) -> FileClassification:
    """:func:`scan_file` with the analysed samples kept beside the profiles."""
    started = time.perf_counter()
    sheets, fmt = sketched if sketched is not None else sketch_file(path, config)
    if callable(analyzer) and not isinstance(analyzer, AnalyzerEngine):
        analyzer = analyzer()
    sketches = [(sheet, s) for sheet, cols in sheets.items() for s in cols.values()]
    # One batch per file: spaCy is far faster on many texts at once. Free text that notes
    # read again needs no NER here.
    def reread(i: int, values) -> bool:
        sheet, sketch = sketches[i]
        return free_text_whatever_ner(path.as_posix(), sheet, sketch, values, config, today)

    analysed = analyse_columns([s.sample() for _, s in sketches],
                               [wants_ner(s, config) for _, s in sketches], analyzer, config,
                               reread=reread if notes is not None else None)
    profiles = [classify_column(path.as_posix(), sheet, sketch, values, config, today)
                for (sheet, sketch), values in zip(sketches, analysed)]
    free = [i for i, p in enumerate(profiles) if p.kind == "free_text"]
    if free and notes is not None:
        scanner = notes()
        for i in free:
            (sheet, sketch), values = sketches[i], analysed[i]
            texts = [v.text for v in values]
            reread = [_Value(t, rs) for t, rs in zip(texts, scanner.analyse_texts(texts))]
            profiles[i] = classify_column(path.as_posix(), sheet, sketch, reread, config, today)
            analysed[i] = reread
    reviews = reviews_for(config) if reviews is None else reviews
    for i, profile in enumerate(profiles):
        decision = reviews.column(profile.source, profile.sheet, profile.column) if reviews else None
        if decision is not None:
            apply_review(profile, decision, analysed[i], config)
    info = {"format": fmt, "sheets": len(sheets), "columns": len(sketches),
            "rows": sum(max((s.rows for s in cols.values()), default=0) for cols in sheets.values()),
            "seconds": round(time.perf_counter() - started, 3)}
    return FileClassification(profiles, list(analysed), info)


class _ExportScanner:
    """What scanning exports needs, built on first need and kept: the analyzer, the reader
    of notes (a transcript scanner) and the reviewed decisions. One per scan in this
    process; one per worker and configuration on a Dask cluster."""

    def __init__(self, config: Config, today: date | None, analyzer: AnalyzerEngine | None = None):
        self.config, self.today = config, today
        self._analyzer = analyzer
        self._notes = None
        self.reviews = reviews_for(config)

    def analyzer(self) -> AnalyzerEngine:
        # Built on first need: a run where no file can be read loads no model.
        if self._analyzer is None:
            from ccaudit.detect.analyzer import build_analyzer
            config = self.config
            languages = list(dict.fromkeys(config.exports.ner_languages or config.languages[:1]))
            try:
                self._analyzer = build_analyzer(config, languages)
            except CcauditError:
                raise
            except Exception as exc:
                raise CcauditError(f"cannot build the analyzer ({type(exc).__name__}: {exc})") from exc
        return self._analyzer

    def notes(self):
        # Notes and comments are read like calls; the scanner shares the loaded pipelines.
        if self._notes is None:
            from ccaudit.detect.transcripts import TranscriptScanner
            self._notes = TranscriptScanner(self.config, today=self.today)
        return self._notes

    def scan(self, path: Path, client: str, sketched: tuple | None = None) -> dict:
        """One file's row of ``files``, its column rows, its error (``None``) and the reviewed
        decisions it matched (positions as text: :func:`~ccaudit.detect.cache.matched_since`).
        ``sketched``: its sketch, read already in parts (:func:`sketch_file`)."""
        source = path.as_posix()
        matched = self.reviews.matched()
        try:
            with fewer_collections():
                profiles, info = scan_file(path, self.config, self.analyzer, self.today, notes=self.notes,
                                           reviews=self.reviews, sketched=sketched)
        except ReaderError as exc:
            reason = exc.reason
        except CcauditError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad file must not stop the scan
            # The exception text may quote the data: only its type is reported.
            reason = f"unexpected error while scanning ({type(exc).__name__})"
            log.debug("%s: unexpected error", source, exc_info=True)
        else:
            return {"file": {"source": source, "client": client, "status": "scanned", **info},
                    "columns": [{**p.as_row(), "client": client} for p in profiles], "error": None,
                    "reviews": matched_since(matched, self.reviews.matched())}
        return self.failed(path, client, reason)

    @staticmethod
    def failed(path: Path, client: str, reason: str) -> dict:
        log.info("%s: %s", path.as_posix(), reason)
        return {"file": {"source": path.as_posix(), "client": client, "format": describe(path),
                         "status": "error", "sheets": 0, "columns": 0, "rows": 0, "seconds": 0.0},
                "columns": [], "error": reason, "reviews": {}}


def _worker_scanner(config: Config, today: date | None) -> _ExportScanner:
    from ccaudit.workers import worker_state

    return worker_state(("exports", fingerprint(config, today)), lambda: _ExportScanner(config, today))


def _scan_export_in_worker(path: Path, client: str, config: Config, today: date | None) -> dict:
    """One export on a Dask worker, with the scanner that worker keeps for this configuration
    and date (models loaded once per worker)."""
    return _worker_scanner(config, today).scan(path, client)


def _sketch_part_in_worker(path: Path, config: Config, part: int, parts: int) -> tuple | str:
    """One part of a large export's sketch (:func:`sketch_file`), or why the file cannot be
    read (every part reads all of it, so each gives the reason one process would)."""
    try:
        return sketch_file(path, config, part, parts)
    except ReaderError as exc:
        return exc.reason
    except Exception as exc:  # noqa: BLE001 - as in one process: the type, never the text
        log.debug("%s: unexpected error", path.as_posix(), exc_info=True)
        return f"unexpected error while scanning ({type(exc).__name__})"


def _finish_export_in_worker(path: Path, client: str, config: Config, today: date | None,
                             *sketches) -> dict:
    """A large export classified from the sketches of its parts."""
    failed = [s for s in sketches if isinstance(s, str)]
    if failed:
        return _ExportScanner.failed(path, client, failed[0])
    return _worker_scanner(config, today).scan(path, client, merge_sketches(list(sketches)))


def _submit_export(client, path: Path, owner: str, config, today: date | None):
    """The future of one export's result; a large one is sketched in parts first
    (:func:`ccaudit.compute.parts_for`), so one big file does not wait on one worker."""
    from ccaudit.compute import parts_for

    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # gone since it was found: its one task says why it cannot be read
    parts = parts_for(size, client)
    if parts < 2:
        return client.submit(_scan_export_in_worker, path, owner, config=config, today=today, pure=False)
    sketches = [client.submit(_sketch_part_in_worker, path, config, part, parts, pure=False)
                for part in range(parts)]
    return client.submit(_finish_export_in_worker, path, owner, config, today, *sketches, pure=False)


def scan_exports(paths: Iterable[str | Path] | str | Path, config: Config | str | Path | None = None,
                 analyzer: AnalyzerEngine | None = None, progress: bool = False,
                 today: date | None = None, cache: str | Path | None = None,
                 jobs: int | None = None, scheduler: str | None = None) -> ExportScan:
    """Scan files and folders (recursively) of client exports for personal data.

    :param paths: files or folders; CSV/TSV, XLSX, JSON, NDJSON and Parquet are read.
    :param config: a :class:`~ccaudit.config.Config`, a path to a YAML file, or ``None``
        for the defaults.
    :param analyzer: a Presidio analyzer from :func:`ccaudit.detect.analyzer.build_analyzer`;
        built from ``config`` when not given (build it once when scanning repeatedly; used
        only in this process).
    :param progress: show a progress bar on stderr.
    :param today: reference date for birth-date plausibility (default: today).
    :param cache: a folder of saved results (:mod:`ccaudit.detect.cache`): a file unchanged
        since its result was saved there, with the same settings, is not scanned again.
    :param jobs: worker processes of a local Dask cluster to spread the files over (1: this
        process alone; default: the configuration's ``compute.jobs``).
    :param scheduler: the address of an existing Dask scheduler to send the files to
        (default: ``compute.scheduler``); its workers read the files at the same paths.
        Either way the result equals this process's, row for row.
    :returns: an :class:`ExportScan`; unreadable files are in its ``errors``.
    :raises ReaderError: when a given path does not exist.
    """
    from ccaudit.compute import dask_client, results, where

    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(config, Config):
        config = load_config(config)
    jobs, scheduler = where(config, jobs, scheduler)
    if jobs < 1:
        raise CcauditError("--jobs must be at least 1")
    sources = _sources(paths)
    here = _ExportScanner(config, today, analyzer)
    saved = ScanCache(cache, "exports", fingerprint(config, today)) if cache is not None else None
    found: list[dict | None] = [saved.get(path, client) if saved is not None else None
                                for path, client in sources]
    todo = [i for i, f in enumerate(found) if f is None]
    bar = tqdm(total=len(sources), desc="scanning exports", unit="file", file=sys.stderr,
               disable=not progress, leave=False)
    bar.update(len(sources) - len(todo))

    def keep(i: int, result: dict) -> None:
        found[i] = result
        path, client = sources[i]
        if saved is not None and result["error"] is None:
            saved.put(path, {k: result[k] for k in ("file", "columns", "reviews")}, client)

    local = not todo or (scheduler is None and (jobs == 1 or len(todo) < 2))
    if local:
        for i in todo:
            bar.set_postfix_str(sources[i][0].name, refresh=False)
            keep(i, here.scan(*sources[i]))
            bar.update()
    else:
        with dask_client(jobs, scheduler) as client:
            shared = client.scatter(config, broadcast=True)
            futures = [_submit_export(client, *sources[i], shared, today) for i in todo]
            for i, result in zip(todo, results(client, futures, lambda *_: bar.update())):
                keep(i, result)
    bar.close()
    rows, errors, files = [], [], []
    reviews = here.reviews
    for (path, _), result in zip(sources, found):
        files.append(result["file"])
        rows.extend(result["columns"])
        if result.get("error"):
            errors.append({"source": path.as_posix(), "error": result["error"]})
    # Decisions matched in this process are counted already; those of saved results and of
    # the workers are counted here.
    scanned_here = set(todo) if local else set()
    for i, result in enumerate(found):
        if i not in scanned_here:
            reviews.count(result["reviews"])
    if saved is not None:
        log.info("%s", saved.summary())
    return ExportScan(columns=pd.DataFrame(rows, columns=COLUMNS),
                      errors=pd.DataFrame(errors, columns=ERRORS),
                      files=pd.DataFrame(files, columns=FILES), reviews=reviews.status("column"))
