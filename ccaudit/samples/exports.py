"""Write the synthetic client exports and their gold labels.

Layout under the output directory::

    exports/<client>/<file>   the data (see :data:`FILES`)
    gold/columns.csv          source,sheet,column,entities for every column of every readable file
    gold/errors.csv           source,reason for the files that are unreadable on purpose
"""
from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ccaudit.samples import bank, callcenter, energy, subjects, telecom
from ccaudit.samples.spec import ExportFile

DEFAULT_SEED = 20261101
FILES: list[ExportFile] = bank.FILES + telecom.FILES + energy.FILES + callcenter.FILES
KEYS = tuple(dict.fromkeys(f.key for f in FILES))
# biggest first, so that parallel runs finish together
COST_ORDER = ("crm", "telecom", "callbacks", "calllist", "energie", "staff", "broken")


@dataclass(frozen=True)
class Written:
    """A written file: path relative to ``exports/``, rows per sheet, seconds spent."""

    source: str
    rows: dict[str, int]
    seconds: float


def select(only: Iterable[str] | None = None) -> list[ExportFile]:
    """The files whose key is in ``only`` (all files when ``only`` is empty), in layout order."""
    keys = set(only or KEYS)
    unknown = keys - set(KEYS)
    if unknown:
        raise ValueError(f"unknown file keys {sorted(unknown)}; choose from {', '.join(KEYS)}")
    return [f for f in FILES if f.key in keys]


def write_exports(out_dir: Path | str, scale: int = 1, seed: int = DEFAULT_SEED,
                  only: Iterable[str] | None = None, jobs: int = 0) -> list[Written]:
    """Write the selected export files (every row count times ``scale``) and the gold files.

    The content depends only on ``seed`` and ``scale``: each file has its own random
    generator (see :func:`ccaudit.samples.spec.file_rng`), so ``only`` and ``jobs`` change
    what is written and how fast, never what a file holds. ``jobs=0`` picks one process
    per CPU (at most 4) from scale 20 on, and a single process below.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out_dir)
    files = select(only)
    for f in files:
        (out / "exports" / f.source).parent.mkdir(parents=True, exist_ok=True)
    todo = sorted(files, key=lambda f: COST_ORDER.index(f.key))
    args = [(str(out), f.source, scale, seed) for f in todo]
    if jobs <= 0:
        jobs = min(os.cpu_count() or 1, 4) if scale >= 20 else 1
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=get_context("spawn")) as pool:
            done = list(pool.map(_write_one, *zip(*args)))
    else:
        done = [_write_one(*a) for a in args]
    by_source = {w.source: w for w in done}
    written = [by_source[f.source] for f in files]
    write_gold(out / "gold", files)
    return written


def _write_one(out_dir: str, source: str, scale: int, seed: int) -> Written:
    spec = next(f for f in FILES if f.source == source)
    start = time.perf_counter()
    rows = spec.write(Path(out_dir) / "exports" / source, scale, seed)
    return Written(source, rows, time.perf_counter() - start)


def subject_occurrences(written: Iterable[Written], seed: int, scale: int) -> list[subjects.Occurrence]:
    """The planted subjects' identifiers in the written files (for ``gold/subjects.csv``)."""
    keys = {f.source: f.key for f in FILES}
    files = [(keys[w.source], w.source, sheet, n) for w in written for sheet, n in w.rows.items()]
    return subjects.export_occurrences(seed, scale, files)


def gold_columns(files: Iterable[ExportFile]) -> list[list[str]]:
    """``[source, sheet, column, entities]`` rows, in file and column order."""
    return [[f.source, sheet, name, ";".join(entities)]
            for f in files for sheet, (_, columns) in f.sheets.items() for name, entities in columns]


def write_gold(gold_dir: Path, files: list[ExportFile]) -> None:
    """``columns.csv`` for the readable files and ``errors.csv`` for the broken ones."""
    gold_dir.mkdir(parents=True, exist_ok=True)
    with open(gold_dir / "columns.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "sheet", "column", "entities"])
        writer.writerows(gold_columns(f for f in files if f.reason is None))
    with open(gold_dir / "errors.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "reason"])
        writer.writerows([f.source, f.reason] for f in files if f.reason is not None)
