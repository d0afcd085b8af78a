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
from ccaudit.detect.classify import (ColumnProfile, _Value, analyse_columns, apply_review, classify_column,
                                     wants_ner)
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


def _sketch_file(path: Path, config: Config) -> tuple[dict[str, dict[str, ColumnSketch]], str]:
    """Read a file chunk by chunk into per-sheet, per-column sketches."""
    sheets: dict[str, dict[str, ColumnSketch]] = {}
    rows_read: dict[str, int] = {}
    fmt = ""
    for chunk in read_tables(path, chunk_rows=config.exports.chunk_rows):
        fmt = chunk.format
        columns = sheets.setdefault(chunk.sheet, {})
        before = rows_read.get(chunk.sheet, 0)
        for name in chunk.frame.columns:
            if name not in columns:
                columns[name] = ColumnSketch(str(name), k=config.exports.sample_size,
                                             seed=config.exports.seed)
                # A column first seen in a later chunk (NDJSON keys) was null before it.
                columns[name].rows = columns[name].nulls = before
            columns[name].update(chunk.frame[name])
        # Columns missing from this chunk are null in it.
        for name, sketch in columns.items():
            if name not in chunk.frame.columns:
                sketch.rows += len(chunk.frame)
                sketch.nulls += len(chunk.frame)
        rows_read[chunk.sheet] = before + len(chunk.frame)
    return sheets, fmt


@dataclass
class FileClassification:
    """One file's columns as classified, with the analysed sample each was decided on
    (texts and recognizer results, in memory only: :func:`ccaudit.explore` reads them)."""

    profiles: list[ColumnProfile]
    values: list[list[_Value]]
    info: dict


def scan_file(path: Path, config: Config, analyzer: AnalyzerEngine | Callable[[], AnalyzerEngine],
              today: date | None = None, notes=None, reviews: Reviews | None = None
              ) -> tuple[list[ColumnProfile], dict]:
    """Classify every column of one file.

    Raises :class:`ReaderError` if the file is unreadable. ``analyzer`` may be a function
    returning one, called only once the file has been read. ``notes`` (a function returning
    a :class:`~ccaudit.detect.transcripts.TranscriptScanner`, called only when a column holds
    free text) reads notes and comments as a call is read: names said without a title or in
    lower case, spelled names and identifiers, Dutch names; without it, free text gets the
    column patterns and spaCy NER only. ``reviews``: the analysts' decisions to apply
    (default: the file the configuration names).
    """
    found = classify_file(path, config, analyzer, today, notes, reviews)
    return found.profiles, found.info


def classify_file(path: Path, config: Config, analyzer: AnalyzerEngine | Callable[[], AnalyzerEngine],
                  today: date | None = None, notes=None, reviews: Reviews | None = None
                  ) -> FileClassification:
    """:func:`scan_file` with the analysed samples kept beside the profiles."""
    started = time.perf_counter()
    sheets, fmt = _sketch_file(path, config)
    if callable(analyzer) and not isinstance(analyzer, AnalyzerEngine):
        analyzer = analyzer()
    sketches = [(sheet, s) for sheet, cols in sheets.items() for s in cols.values()]
    # One batch per file: spaCy is far faster on many texts at once.
    analysed = analyse_columns([s.sample() for _, s in sketches],
                               [wants_ner(s, config) for _, s in sketches], analyzer, config)
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


def scan_exports(paths: Iterable[str | Path] | str | Path, config: Config | str | Path | None = None,
                 analyzer: AnalyzerEngine | None = None, progress: bool = False,
                 today: date | None = None, cache: str | Path | None = None) -> ExportScan:
    """Scan files and folders (recursively) of client exports for personal data.

    :param paths: files or folders; CSV/TSV, XLSX, JSON, NDJSON and Parquet are read.
    :param config: a :class:`~ccaudit.config.Config`, a path to a YAML file, or ``None``
        for the defaults.
    :param analyzer: a Presidio analyzer from :func:`ccaudit.detect.analyzer.build_analyzer`;
        built from ``config`` when not given (build it once when scanning repeatedly).
    :param progress: show a progress bar on stderr.
    :param today: reference date for birth-date plausibility (default: today).
    :param cache: a folder of saved results (:mod:`ccaudit.detect.cache`): a file unchanged
        since its result was saved there, with the same settings, is not scanned again.
    :returns: an :class:`ExportScan`; unreadable files are in its ``errors``.
    :raises ReaderError: when a given path does not exist.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(config, Config):
        config = load_config(config)
    sources = _sources(paths)
    engine: list[AnalyzerEngine] = [analyzer] if analyzer is not None else []

    def get_analyzer() -> AnalyzerEngine:
        # Built on first need: a run where no file can be read loads no model.
        if not engine:
            from ccaudit.detect.analyzer import build_analyzer
            languages = list(dict.fromkeys(config.exports.ner_languages or config.languages[:1]))
            try:
                engine.append(build_analyzer(config, languages))
            except CcauditError:
                raise
            except Exception as exc:
                raise CcauditError(f"cannot build the analyzer ({type(exc).__name__}: {exc})") from exc
        return engine[0]

    notes: list = []

    def get_notes():
        # Notes and comments are read like calls; the scanner shares the loaded pipelines.
        if not notes:
            from ccaudit.detect.transcripts import TranscriptScanner
            notes.append(TranscriptScanner(config, today=today))
        return notes[0]

    rows, errors, files = [], [], []
    reviews = reviews_for(config)
    saved = ScanCache(cache, "exports", fingerprint(config, today)) if cache is not None else None
    bar = tqdm(sources, desc="scanning exports", unit="file", file=sys.stderr,
               disable=not progress, leave=False)
    for path, client in bar:
        source = path.as_posix()
        bar.set_postfix_str(path.name, refresh=False)
        found = saved.get(path, client) if saved is not None else None
        if found is not None:
            files.append(found["file"])
            rows.extend(found["columns"])
            reviews.count(found["reviews"])
            continue
        matched = reviews.matched()
        try:
            profiles, info = scan_file(path, config, get_analyzer, today, notes=get_notes, reviews=reviews)
        except ReaderError as exc:
            reason = exc.reason
        except CcauditError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bad file must not stop the scan
            # The exception text may quote the data: only its type is reported.
            reason = f"unexpected error while scanning ({type(exc).__name__})"
            log.debug("%s: unexpected error", source, exc_info=True)
        else:
            files.append({"source": source, "client": client, "status": "scanned", **info})
            columns = [{**p.as_row(), "client": client} for p in profiles]
            rows.extend(columns)
            if saved is not None:
                saved.put(path, {"file": files[-1], "columns": columns,
                                 "reviews": matched_since(matched, reviews.matched())}, client)
            continue
        errors.append({"source": source, "error": reason})
        files.append({"source": source, "client": client, "format": describe(path), "status": "error",
                      "sheets": 0, "columns": 0, "rows": 0, "seconds": 0.0})
        log.info("%s: %s", source, reason)
    bar.close()
    if saved is not None:
        log.info("%s", saved.summary())
    return ExportScan(columns=pd.DataFrame(rows, columns=COLUMNS),
                      errors=pd.DataFrame(errors, columns=ERRORS),
                      files=pd.DataFrame(files, columns=FILES), reviews=reviews.status("column"))
