"""Subject-index benchmark: building the index at scale, re-running it, looking subjects up.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_index.py``:

* **build**: ``build_index`` on a generated 1,000,000-row CRM CSV alone, on 10,000 generated
  transcripts alone, then on both together, each into a fresh DuckDB file and each in a
  child process (wall time, the child's peak RSS, time per stage); rows/s, calls/s, words/s.
  Target: the 1 M rows indexed in **≤ 2 minutes** (process wall time, on 2 CPUs).
* **re-run**: the last build again on the unchanged files (content hashes only).
* **lookups**: identifiers known to be in the index (real values of the CRM file written
  in other spellings, and identifiers written in the transcripts) plus unknown ones, each
  through :mod:`ccaudit.index.lookup` (candidates, resolution) + ``find_subject`` on one
  read-only connection: p50/p95/p99.
  Target: **p95 ≤ 50 ms**. Also ``ccaudit subjects find`` end to end, for information.
* **size**: the DuckDB file and its findings, identifiers and subjects.

``--profile ROWS`` profiles ``build_index`` with cProfile on the first ROWS rows of the CRM
and prints where the time goes. The figures are printed, written to
``benchmarks/out/bench_index.json`` and summed up in Markdown tables for
``benchmarks/README.md``. No identifier value is ever printed or written: only counts,
column names and timings. Not a test: nothing fails on a figure; only a missing input or a
crashed run exits non-zero.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import pstats
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from machine_info import machine, measured, peak_mb, write_json  # noqa: E402  (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
WORK = OUT / "index"                  # the transcript corpus, CRM slices and index files
SCALE_DIR = OUT / "scale"             # the 1M-row CRM, shared with bench_exports.py
sys.path.insert(0, str(ROOT))  # run from a checkout even if ccaudit is not installed

import numpy as np  # noqa: E402  (after the path tweak, like the ccaudit imports)
import pandas as pd  # noqa: E402

# A fixed key: the same values hash the same way in every run (never a real key).
KEY = b"ccaudit-benchmark-index-key-not-secret"
DEFAULT_ROWS = 1_000_000
DEFAULT_CALLS = 10_000
DEFAULT_LOOKUPS = 1_000
UNKNOWN_LOOKUPS = 100
CLI_RUNS = 3
# The generator writes 400 CRM rows and 36 calls per unit of --scale.
CRM_ROWS_PER_SCALE = 400
CALLS_PER_SCALE = 36
# Not the samples' seed (20261101) nor bench_transcripts.py's (20261102).
DEFAULT_SEED = 20261103
# Issue targets.
BUILD_TARGET_SECONDS = 120.0          # 1 M export rows, process wall time
BUILD_TARGET_ROWS = 1_000_000
LOOKUP_TARGET_P95_MS = 50.0

# Identifier-holding entities of the transcripts' gold spans (written, not spoken, ones).
GOLD_ID_TYPES = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IBAN_CODE": "iban",
                 "BE_NATIONAL_NUMBER": "national_number", "FR_NIR": "national_number",
                 "LU_NATIONAL_NUMBER": "national_number", "NL_BSN": "bsn", "CREDIT_CARD": "card"}


# --------------------------------------------------------------------------- inputs

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS,
                        help="CRM rows to index (default 1,000,000: the file bench_exports.py "
                             "generates; fewer rows are a slice of it)")
    parser.add_argument("--calls", type=int, default=DEFAULT_CALLS,
                        help="transcripts (calls) to index (default 10,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"generator seed of the transcripts (default {DEFAULT_SEED})")
    parser.add_argument("--lookups", type=int, default=DEFAULT_LOOKUPS,
                        help=f"known identifiers to look up (default {DEFAULT_LOOKUPS:,}; "
                             f"{UNKNOWN_LOOKUPS} unknown ones are added)")
    parser.add_argument("--skip-exports", action="store_true", help="do not index the CRM export")
    parser.add_argument("--skip-transcripts", action="store_true", help="do not index transcripts")
    parser.add_argument("--skip-builds", action="store_true",
                        help="reuse the index files of the last run (benchmarks/out/index/*.duckdb): "
                             "lookups and sizes only")
    parser.add_argument("--regenerate", action="store_true",
                        help="regenerate the CRM file, its slice and the transcripts even if they exist")
    parser.add_argument("--profile", type=int, default=0, metavar="ROWS",
                        help="also profile build_index with cProfile on the first ROWS CRM rows "
                             "(e.g. 100000) and print where the time goes")
    parser.add_argument("--out", type=Path, default=OUT / "bench_index.json",
                        help="JSON file for the figures (default: benchmarks/out/bench_index.json)")
    # Internal: one build in this (child) process; prints its figures as JSON.
    parser.add_argument("--child-build", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--child-db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.calls < 1 or args.lookups < 1:
        parser.error("--rows, --calls and --lookups must be at least 1")
    return args


def rel(path: Path) -> str:
    path = Path(path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def generate(out: Path, scale: int, only: str, seed: int | None = None) -> float:
    """Run the sample generator; returns its wall time (not part of any figure)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "ccaudit.samples", "--out", str(out), "--scale", str(scale),
               "--only", only]
    if seed is not None:
        command += ["--seed", str(seed)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def largest_csv(folder: Path) -> Path | None:
    found = sorted(folder.glob("exports/**/*.csv"), key=lambda p: p.stat().st_size)
    return found[-1] if found else None


def count_lines(path: Path) -> int:
    lines = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            lines += block.count(b"\n")
    return lines


def crm_file(rows: int, regenerate: bool) -> Path:
    """A CRM CSV of exactly ``rows`` records: the 1M-row scale file or a slice of a larger one.

    The scale file is ``benchmarks/out/scale/exports/…`` (bench_exports.py writes the same);
    for more rows than it has, a bigger one is generated under ``benchmarks/out/index/``.
    The generator writes one line per record (no quoted line breaks, checked), so a slice
    is the header and the first ``rows`` lines, byte for byte.
    """
    base_dir = SCALE_DIR if rows <= DEFAULT_ROWS else WORK / f"crm_x{math.ceil(rows / CRM_ROWS_PER_SCALE)}"
    base = None if regenerate else largest_csv(base_dir)
    if base is None:
        scale = math.ceil(max(rows, DEFAULT_ROWS) / CRM_ROWS_PER_SCALE)
        print(f"  generating {scale * CRM_ROWS_PER_SCALE:,} CRM rows into {rel(base_dir)} ...", flush=True)
        print(f"  generated in {generate(base_dir, scale, 'crm'):.0f} s (not counted)")
        base = largest_csv(base_dir)
        if base is None:
            sys.exit(f"bench: the generator wrote no CSV under {base_dir}")
        for stale in WORK.glob("exports/*/crm_*.csv"):
            stale.unlink()
    else:
        print(f"  reusing {rel(base)} (--regenerate to rebuild it)")
    records = count_lines(base) - 1
    if records == rows:
        return base
    if records < rows:
        sys.exit(f"bench: {rel(base)} has {records:,} lines of records, fewer than --rows {rows:,}")
    # Same client folder as the base file, so the index sees the same client.
    sliced = WORK / "exports" / base.parent.name / f"{base.stem}_{rows}.csv"
    if sliced.is_file() and sliced.stat().st_mtime >= base.stat().st_mtime and not regenerate:
        return sliced
    sliced.parent.mkdir(parents=True, exist_ok=True)
    with open(base, "rb") as source, open(sliced, "wb") as target:
        for _ in range(rows + 1):
            target.write(source.readline())
    print(f"  sliced its first {rows:,} rows into {rel(sliced)}")
    return sliced


def transcript_corpus(calls: int, seed: int, regenerate: bool) -> dict:
    """``calls`` generated transcripts (plus the generator's few broken files) and their size.

    Generated at ``--scale ceil(calls / 36)`` into ``benchmarks/out/index/transcripts_<calls>/``,
    then trimmed to ``calls`` calls (the last call ids in sorted order are deleted, with
    their gold rows). Words and turns are counted once with ccaudit's readers and kept in
    ``stamp.json``; reused while ``calls`` and ``seed`` stay the same.
    """
    folder = WORK / f"transcripts_{calls}"
    stamp_path = folder / "stamp.json"
    wanted = {"calls": calls, "seed": seed}
    if not regenerate and stamp_path.is_file():
        stamp = json.loads(stamp_path.read_text())
        if {k: stamp.get(k) for k in wanted} == wanted:
            print(f"  reusing {rel(folder)} (--regenerate to rebuild it)")
            return {**stamp, "folder": folder}
    scale = math.ceil(calls / CALLS_PER_SCALE)
    print(f"  generating {scale * CALLS_PER_SCALE:,} calls (--scale {scale} --seed {seed}) into "
          f"{rel(folder)} ...", flush=True)
    seconds = generate(folder, scale, "transcripts", seed)
    gold_calls = pd.read_csv(folder / "gold" / "transcript_calls.csv", dtype=str, keep_default_na=False)
    gold_calls = gold_calls.sort_values("call_id")
    drop = gold_calls.iloc[calls:]
    for source in drop["source"]:
        (folder / "transcripts" / source).unlink(missing_ok=True)
    gold_calls.iloc[:calls].to_csv(folder / "gold" / "transcript_calls.csv", index=False)
    spans_path = folder / "gold" / "transcript_spans.csv"
    spans = pd.read_csv(spans_path, dtype=str, keep_default_na=False)
    spans[~spans["call_id"].isin(set(drop["call_id"]))].to_csv(spans_path, index=False)
    print(f"  generated in {seconds:.0f} s (not counted); counting words ...", flush=True)
    stamp = {**wanted, "scale": scale, **count_words(folder / "transcripts")}
    stamp_path.write_text(json.dumps(stamp) + "\n")
    return {**stamp, "folder": folder}


def count_words(folder: Path) -> dict:
    """Files, readable calls, turns and whitespace-separated words, read as the scanner reads."""
    from ccaudit.errors import ReaderError
    from ccaudit.sources.transcripts import discover_transcripts, read_transcript

    files = calls = turns = words = 0
    for path in discover_transcripts([folder]):
        path = path[0] if isinstance(path, tuple) else path
        files += 1
        try:
            transcript = read_transcript(path)
        except ReaderError:
            continue
        calls += 1
        turns += len(transcript.turns)
        words += sum(len(t.text.split()) for t in transcript.turns)
    return {"files": files, "readable_calls": calls, "turns": turns, "words": words,
            "bytes": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())}


# --------------------------------------------------------------------------- one build (child)

def child_build(paths: list[str], db: Path) -> int:
    """Run ``build_index`` once in this process; print its figures as one JSON line.

    Coarse timers wrap the stages (a few calls each, so no measurable overhead): the
    analyzers' build, column classification, canonical spellings, free text, DuckDB
    inserts, transcript scanning and subject linking. What is left of the export time
    is reading the chunks, hashing and building the frames.
    """
    import logging
    import warnings

    import ccaudit.detect.exports
    import ccaudit.index.build as build
    import ccaudit.index.subjects
    from ccaudit.detect.analyzer import Analyzers

    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    timers: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timers[name] = timers.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    # Only what this version of ccaudit has: the index code changes more often than this file.
    for owner, attr, name in [
            (Analyzers, "exports", "export_analyzer_build"),
            (ccaudit.detect.exports, "scan_file", "classification_incl_analyzer"),
            (build, "canonical_column", "canonical_columns"),
            (build, "phone_region", "canonical_columns"),
            (build, "identifiers_in_texts", "free_text"),
            (build.IndexBuilder, "transcript_rows", "transcripts_total"),
            (Analyzers, "transcripts", "transcript_analyzer_build"),
            (build, "content_hash", "content_hashes"),
            (ccaudit.index.subjects, "link_subjects", "link_subjects")]:
        if hasattr(owner, attr):
            setattr(owner, attr, timed(name, getattr(owner, attr)))

    started = time.perf_counter()
    report = build.build_index(paths, db=db, key=KEY)
    seconds = time.perf_counter() - started
    stages = {k: round(v, 2) for k, v in timers.items()}
    print(json.dumps({"seconds": round(seconds, 2), "indexed": report.indexed,
                      "unchanged": report.unchanged, "failed": report.failed,
                      "identifiers": report.identifiers, "subjects": report.subjects,
                      "errors": len(report.errors), "stages": stages}))
    return 0


def run_child(command: list[str], env: dict | None = None) -> tuple[int, float, float, str, str]:
    """Run a command; return its exit code, wall seconds, peak RSS (MB), stdout and stderr.

    The peak RSS is the command's own, through a launcher (:func:`machine_info.measured`),
    as bench_exports.py does.
    """
    started = time.perf_counter()
    child = subprocess.Popen(measured(command), cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    # The outputs are small (one JSON line, a few messages): no risk of a full pipe.
    stdout = child.stdout.read()
    stderr = child.stderr.read()
    child.wait()
    seconds = time.perf_counter() - started
    child.stdout.close()
    child.stderr.close()
    peak, stderr = peak_mb(stderr)
    return child.returncode, seconds, peak, stdout, stderr


def build_in_child(name: str, paths: list[Path], db: Path, fresh: bool = True) -> dict:
    """``build_index`` in a child process: its figures, wall time and peak RSS."""
    if fresh:
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--child-db", str(db),
               "--child-build", *map(str, paths)]
    print(f"  {name}: build_index({', '.join(rel(p) for p in paths)}) into {rel(db)} ...", flush=True)
    load = os.getloadavg()[0]
    code, wall, peak_mb, stdout, stderr = run_child(command)
    if code != 0:
        # Only the last line (the exception's type and message), never a whole traceback.
        last = [line for line in stderr.splitlines() if line.strip()][-1:] or ["(no message)"]
        sys.exit(f"bench: the {name} build exited with {code}: {last[0][:200]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures.update({"name": name, "paths": [rel(p) for p in paths], "db": rel(db),
                    "wall_seconds": round(wall, 2), "peak_rss_mb": round(peak_mb),
                    "load_average_at_start": round(load, 2)})
    print(f"    {figures['seconds']:.1f} s in build_index, {wall:.1f} s process wall, "
          f"peak RSS {peak_mb:,.0f} MB; {figures['indexed']} file(s) indexed, "
          f"{figures['unchanged']} unchanged, {figures['failed']} unreadable")
    stages = ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in figures["stages"].items())
    print(f"    stages: {stages}")
    return figures


def index_size(db: Path) -> dict:
    """The index file's size and its table counts (read-only connection)."""
    from ccaudit.index.db import connect

    con = connect(db, read_only=True)
    try:
        counts = con.execute("""
            SELECT (SELECT count(*) FROM findings), (SELECT count(*) FROM findings WHERE id_hash IS NOT NULL),
                   (SELECT count(*) FROM identifiers), (SELECT count(*) FROM subjects),
                   (SELECT count(*) FROM files), (SELECT coalesce(max(records), 0) FROM subjects)
        """).fetchone()
    finally:
        con.close()
    wal = db.with_name(db.name + ".wal")
    size = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return {"db_bytes": size, "findings": counts[0], "findings_with_hash": counts[1],
            "identifiers_rows": counts[2], "subjects_rows": counts[3], "files_rows": counts[4],
            "largest_subject_records": counts[5]}


# --------------------------------------------------------------------------- lookups

def spellings(id_type: str, value: str, i: int) -> str:
    """Another way a person (or a clerk) writes the same identifier; the ``i``-th variant."""
    import phonenumbers

    value = value.strip()
    if id_type == "email":
        return [value, value.upper(), f"  {value} ", f"<{value}>", f"mailto:{value}"][i % 5]
    if id_type == "phone":
        compact = "".join(c for c in value if c.isdigit() or c == "+")
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        try:
            number = phonenumbers.parse(compact, "BE")
        except phonenumbers.NumberParseException:
            return value
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        forms = [value, e164, "00" + e164[1:],
                 phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)]
        # National spellings only for the first region's numbers: "0475 …" means Belgium.
        if phonenumbers.region_code_for_number(number) == "BE":
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            digits = "".join(c for c in national if c.isdigit())
            forms += [national, f"{digits[:4]}/{digits[4:6]}.{digits[6:8]}.{digits[8:]}"]
        return forms[i % len(forms)]
    if id_type in ("national_number", "bsn", "card"):
        digits = "".join(c for c in value if c.isdigit())
        return [value, digits, " ".join(digits[k:k + 3] for k in range(0, len(digits), 3))][i % 3] \
            if digits.isdigit() and len(digits) >= 9 else value
    if id_type == "iban":
        compact = value.replace(" ", "").upper()
        return [value, compact, compact.lower(),
                " ".join(compact[k:k + 4] for k in range(0, len(compact), 4))][i % 4]
    return value


def known_from_crm(db: Path, csv: Path, wanted: int, rng: random.Random) -> list[dict]:
    """``wanted`` identifiers of random CRM rows, spread evenly over the identifier columns.

    The columns are those the index itself classified as identifiers (its ``columns``
    table); the values are read back from the file with ccaudit's readers and written in
    another spelling. Each lookup must find a subject with that very row among its records.
    """
    from ccaudit.index.db import connect
    from ccaudit.sources.tables import read_tables

    con = connect(db, read_only=True)
    try:
        columns = con.execute("""
            SELECT c."column", c.id_type, f.records FROM columns c JOIN files f USING (file_id)
            WHERE f.path = ? AND c.id_type IS NOT NULL ORDER BY c."column"
        """, [csv.resolve().as_posix()]).fetchall()
    finally:
        con.close()
    if not columns:
        return []
    records = int(columns[0][2])
    rows = sorted(rng.sample(range(records), min(records, wanted)))
    picks = {row: columns[k % len(columns)][:2] for k, row in enumerate(rng.sample(rows, len(rows)))}
    out = []
    for chunk in read_tables(csv):
        frame = chunk.frame
        here = [r for r in picks if frame.index[0] <= r <= frame.index[-1] and r in frame.index]
        for row in here:
            column, id_type = picks[row]
            value = frame.at[row, column]
            if value:
                out.append({"source": "crm", "id_type": id_type, "value": value,
                            "path": csv.resolve().as_posix(), "row": row, "column": column})
    for i, item in enumerate(out):
        item["value"] = spellings(item["id_type"], item["value"], i)
    return out


def known_from_transcripts(folder: Path, wanted: int, rng: random.Random) -> list[dict]:
    """Identifiers written (not spoken) in the transcripts, from the generator's gold spans.

    The gold quotes each span's text; a spoken one ("nul vier…") is skipped, since a
    request gives the identifier in writing. The lookup must find a subject with that call.
    """
    spans = pd.read_csv(folder / "gold" / "transcript_spans.csv", dtype=str, keep_default_na=False)
    spans = spans[spans["entity_type"].isin(GOLD_ID_TYPES) & (spans["spoken"] == "false")]
    spans = spans.drop_duplicates(["entity_type", "text"])
    picked = spans.sample(n=min(wanted, len(spans)), random_state=rng.randrange(2**31))
    root = (folder / "transcripts").resolve()
    return [{"source": "transcript", "id_type": GOLD_ID_TYPES[s.entity_type], "value": s.text,
             "path": (root / s.source).as_posix(), "call_id": s.call_id}
            for s in picked.itertuples()]


def unknown_identifiers(count: int, rng: random.Random) -> list[dict]:
    """Valid identifiers that no generated file holds, by construction or almost surely.

    Random e-mail addresses on a domain the generator never uses; German mobile numbers
    (the generator writes Belgian, Dutch and French ones only; a random Belgian mobile
    number would be one of a million generated ones a few percent of the time); Belgian
    national numbers of people born 1900-1915 (the generator's are 18 to 90 years old);
    Belgian IBANs with a random account number.
    """
    from stdnum import iban as std_iban

    from ccaudit.index.identifiers import normalise

    out = []
    while len(out) < count:
        kind = ("email", "phone", "national_number", "iban")[len(out) % 4]
        if kind == "email":
            value = f"nobody.{rng.randrange(10**9):09d}@example-unknown.org"
        elif kind == "phone":
            value = f"+49 151 {rng.randrange(10**8):08d}"
        elif kind == "national_number":
            first = f"{rng.randrange(0, 16):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}" \
                    f"{rng.randrange(1, 998):03d}"
            value = f"{first}{97 - int(first) % 97:02d}"
        else:
            head = f"{rng.randrange(1, 10**10):010d}"
            bban = f"{head}{(int(head) % 97) or 97:02d}"
            value = f"BE{std_iban.calc_check_digits('BE00' + bban)}{bban}"
        if normalise(kind, value):
            out.append({"source": "unknown", "id_type": kind, "value": value})
    return out


def percentiles(ms: list[float]) -> dict:
    if not ms:
        return {"n": 0}
    a = np.asarray(ms)
    return {"n": len(a), "p50_ms": round(float(np.percentile(a, 50)), 2),
            "p95_ms": round(float(np.percentile(a, 95)), 2),
            "p99_ms": round(float(np.percentile(a, 99)), 2), "max_ms": round(float(a.max()), 2),
            "mean_ms": round(float(a.mean()), 2)}


def run_lookups(db: Path, items: list[dict]) -> dict:
    """Every lookup as ``ccaudit subjects find`` makes it, on one read-only connection.

    ``candidate_hashes`` (the value's hash, and for a phone written nationally its reading
    in each region) + ``resolve_hash`` (the first candidate the index knows) +
    ``find_subject``, all from :mod:`ccaudit.index.lookup` as every caller. The order is
    shuffled (known and unknown mixed). The first lookup, which pays the connection's first
    query, is timed with the others and also reported on its own.
    """
    from ccaudit.settings import load_config
    from ccaudit.errors import CcauditError
    from ccaudit.index.identifiers import Hasher
    from ccaudit.index.lookup import candidate_hashes, open_index, resolve_hash
    from ccaudit.index.subjects import find_subject

    config = load_config()
    regions = tuple(config.phone_regions)
    hasher = Hasher(KEY)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    con = open_index(db, config, key=KEY)  # read-only, the key checked, as every caller
    open_ms = (time.perf_counter() - started) * 1000
    total: dict[str, list[float]] = {}
    query: list[float] = []
    outcome = {"found": 0, "record_located": 0, "not_found": 0, "malformed": 0,
               "unknown_found": 0, "max_locations": 0}
    misses: dict[str, int] = {}
    try:
        for item in items:
            t0 = time.perf_counter()
            try:
                candidates = candidate_hashes(item["id_type"], item["value"], hasher, regions)
            except CcauditError:
                outcome["malformed"] += 1
                misses[f"{item['source']} {item['id_type']} malformed"] = \
                    misses.get(f"{item['source']} {item['id_type']} malformed", 0) + 1
                continue
            t1 = time.perf_counter()
            id_hash = resolve_hash(con, candidates)
            found = find_subject(con, id_hash)
            t2 = time.perf_counter()
            ms = (t2 - t0) * 1000
            total.setdefault(item["source"], []).append(ms)
            query.append((t2 - t1) * 1000)
            item["ms"] = ms
            if item["source"] == "unknown":
                outcome["unknown_found"] += found["subject"] is not None
                continue
            if found["subject"] is None:
                outcome["not_found"] += 1
                key = f"{item['source']} {item['id_type']} not found"
                misses[key] = misses.get(key, 0) + 1
                continue
            outcome["found"] += 1
            outcome["max_locations"] = max(outcome["max_locations"], len(found["locations"]))
            located = any(loc["source"] == item["path"] and (
                loc.get("row") == item.get("row") if "row" in item else loc.get("call_id") == item["call_id"])
                for loc in found["locations"])
            outcome["record_located"] += located
    finally:
        con.close()
    timed = [i for i in items if "ms" in i]
    known = [ms for source, values in total.items() if source != "unknown" for ms in values]
    return {"db": rel(db), "path": "lookup.candidate_hashes + lookup.resolve_hash + find_subject",
            "open_connection_ms": round(open_ms, 2), "load_average_at_start": round(load, 2),
            "first_lookup_ms": round(timed[0]["ms"], 2) if timed else None,
            "known": {**percentiles(known), "by_source": {s: percentiles(v) for s, v in total.items()
                                                          if s != "unknown"},
                      "by_type": {t: percentiles([i["ms"] for i in timed
                                                  if i["id_type"] == t and i["source"] != "unknown"])
                                  for t in sorted({i["id_type"] for i in timed})}},
            "unknown": percentiles(total.get("unknown", [])),
            "all": percentiles([i["ms"] for i in timed]),
            "query_only": percentiles(query),
            "asked": {"known": sum(i["source"] != "unknown" for i in items),
                      "unknown": sum(i["source"] == "unknown" for i in items)},
            **outcome, "misses": misses}


def cli_lookup(db: Path, item: dict) -> dict:
    """``ccaudit subjects find VALUE --type T --db DB`` end to end (process start included)."""
    cli = Path(sys.executable).with_name("ccaudit")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "ccaudit.cli"]
    command += ["subjects", "find", item["value"], "--type", item["id_type"], "--db", str(db), "--json"]
    env = {**os.environ, "CCAUDIT_KEY": KEY.decode()}
    runs, found = [], None
    for _ in range(CLI_RUNS):
        code, seconds, _, stdout, _ = run_child(command, env)
        if code != 0:
            return {"exit_code": code}
        runs.append(seconds)
        found = json.loads(stdout)["subject"] is not None
    return {"runs": [round(s, 2) for s in runs], "median_seconds": round(float(np.median(runs)), 2),
            "id_type": item["id_type"], "found": found}


# --------------------------------------------------------------------------- profile

# Where the time of an export build goes: (label, file suffix, function name).
PROFILE_STAGES = [
    ("build_index, total", "index/build.py", "build_index"),
    ("  column classification (scan_file, incl. analyzer build)", "detect/exports.py", "scan_file"),
    ("    analyzer build (spaCy models, recognizers)", "detect/analyzer.py", "build_analyzer"),
    ("  reading the chunks for the findings (read_tables)", "sources/tables.py", "read_tables"),
    ("  canonical spellings of the columns (canonical_column)", "index/extract.py", "canonical_column"),
    ("    check digits, once per distinct value (_per_distinct)", "index/extract.py", "_per_distinct"),
    ("      of which python-stdnum's IBAN check (iban.is_valid)", "stdnum/iban.py", "is_valid"),
    ("    phone numbers, once per shape (_phone_shape)", "index/extract.py", "_phone_shape"),
    ("  free-text column (identifiers_in_text per cell)", "index/build.py", "_free_text"),
    ("    phone checks in free text (phonenumbers)", "index/identifiers.py", "_phone"),
    ("  HMAC hashing (Hasher.__call__)", "index/identifiers.py", "__call__"),
    ("  DuckDB inserts (_insert_findings)", "index/build.py", "_insert_findings"),
    ("  subject linking (link_subjects)", "index/subjects.py", "link_subjects"),
    ("  content hash (sha256 of the file)", "index/build.py", "content_hash"),
]


def run_profile(rows: int, regenerate: bool) -> dict:
    """cProfile of ``build_index`` on the first ``rows`` CRM rows, in this process."""
    from ccaudit.index.build import build_index

    csv = crm_file(rows, regenerate)
    db = WORK / f"profile_{rows}.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    print(f"  cProfile: build_index({rel(csv)}) ...", flush=True)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build_index([csv], db=db, key=KEY)
    profiler.disable()
    seconds = time.perf_counter() - started
    dump = WORK / f"profile_{rows}.prof"
    profiler.dump_stats(dump)
    stats = pstats.Stats(profiler)
    cumulative: dict[tuple[str, str], float] = {}
    for (file, _, name), (_, _, _, ct, _) in stats.stats.items():
        key = (file.replace("\\", "/"), name)
        cumulative[key] = max(cumulative.get(key, 0.0), ct)
    total = next((ct for (f, n), ct in cumulative.items()
                  if f.endswith("index/build.py") and n == "build_index"), seconds)
    stages = []
    for label, suffix, name in PROFILE_STAGES:
        ct = sum(ct for (f, n), ct in cumulative.items() if f.endswith(suffix) and n == name)
        stages.append({"stage": label.strip(), "indent": len(label) - len(label.lstrip()),
                       "seconds": round(ct, 2), "share": round(ct / total, 3) if total else None})
    print(f"  profiled {rows:,} rows: {seconds:.1f} s under cProfile (its overhead inflates "
          f"pure-Python code; the unprofiled build is faster); cumulative time per stage:")
    for s, (label, _, _) in zip(stages, PROFILE_STAGES):
        print(f"    {label:<68} {s['seconds']:7.1f} s  {100 * (s['share'] or 0):5.1f} %")
    print("  top functions by own time:")
    top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    functions = []
    for (file, line, name), (cc, nc, tt, ct, _) in top:
        where = file.split("site-packages/")[-1].split("/work/main/")[-1]
        functions.append({"function": f"{where}:{line}({name})", "calls": nc,
                          "own_seconds": round(tt, 2), "cumulative_seconds": round(ct, 2)})
        print(f"    {tt:7.2f} s own {ct:7.2f} s cum {nc:>10,} calls  {where}:{line}({name})")
    print(f"  full profile: {rel(dump)} (python -m pstats {rel(dump)})")
    return {"rows": rows, "csv": rel(csv), "seconds_under_profiler": round(seconds, 2),
            "stages": stages, "top_own_time": functions, "profile_file": rel(dump)}


# --------------------------------------------------------------------------- report

def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("**PASS**" if ok else "**FAIL**")


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


def markdown(figures: dict) -> str:
    """The figures as Markdown tables for benchmarks/README.md."""
    m = figures["machine"]
    lines = [f"Machine: {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['system']}; "
             f"load average {m['load_average_at_start'][0]} at start, "
             f"{m.get('load_average_at_end', ['?'])[0]} at end; ccaudit {m.get('git') or '?'}.", ""]
    builds = figures.get("builds", {})
    if builds:
        lines += ["| build (fresh index) | input | build_index | process wall | rate | peak RSS "
                  "| target |", "|---|---|---:|---:|---:|---:|---|"]
        for key, b in builds.items():
            inputs, rate, target = [], [], ""
            if "rows" in b:
                inputs.append(f"{b['rows']:,} CRM rows")
            if "calls" in b:
                inputs.append(f"{b['calls']:,} calls ({b['words']:,} words)")
            if key == "exports":
                rate.append(f"{b['rows'] / b['seconds']:,.0f} rows/s")
                if b["rows"] == BUILD_TARGET_ROWS:
                    target = (f"≤ {BUILD_TARGET_SECONDS:.0f} s wall: "
                              f"{verdict(b['wall_seconds'] <= BUILD_TARGET_SECONDS)}")
                else:
                    target = f"(target is for {BUILD_TARGET_ROWS:,} rows)"
            elif key == "transcripts":
                rate.append(f"{b['calls'] / b['seconds']:,.1f} calls/s, "
                            f"{b['words'] / b['seconds']:,.0f} words/s")
            elif key == "both":
                rate.append(f"{(b.get('rows', 0) + b.get('calls', 0)) / b['seconds']:,.0f} records/s")
            elif key == "rerun":
                inputs = [f"same files, unchanged ({b['unchanged']} files)"]
            lines.append(f"| {b['label']} | {', '.join(inputs)} | {b['seconds']:.1f} s "
                         f"| {b['wall_seconds']:.1f} s | {', '.join(rate) or '–'} "
                         f"| {b['peak_rss_mb']:,} MB | {target} |")
        lines.append("")
    if figures.get("indexes"):
        lines += ["| index | file size | findings (with hash) | identifiers | subjects "
                  "| largest subject |", "|---|---:|---:|---:|---:|---:|"]
        for b in figures["indexes"].values():
            lines.append(f"| {b['label']} | {mb(b['db_bytes'])} | {b['findings']:,} "
                         f"({b['findings_with_hash']:,}) | {b['identifiers_rows']:,} "
                         f"| {b['subjects_rows']:,} | {b['largest_subject_records']:,} records |")
        lines.append("")
    lk = figures.get("lookups")
    if lk:
        def row(title, p, extra="", target=""):
            lines.append(f"| {title} | {p.get('n', 0):,} | {p.get('p50_ms', 0):.1f} ms "
                         f"| {p.get('p95_ms', 0):.1f} ms | {p.get('p99_ms', 0):.1f} ms "
                         f"| {p.get('max_ms', 0):.1f} ms | {extra} | {target} |")
        lines += [f"Lookups on `{lk['db']}` (`{lk['path']}`, one read-only connection):",
                  "", "| lookups | n | p50 | p95 | p99 | max | outcome | target |",
                  "|---|---:|---:|---:|---:|---:|---|---|"]
        known_asked = lk["asked"]["known"]
        row("known identifiers", lk["known"],
            f"{lk['found']:,}/{known_asked:,} found, {lk['record_located']:,} at their row/call"
            + (f", {lk['malformed']} malformed" if lk["malformed"] else ""))
        for source, p in lk["known"]["by_source"].items():
            row(f"  of which from the {'CRM file' if source == 'crm' else 'transcripts'}", p)
        row("unknown identifiers", lk["unknown"], f"{lk['unknown_found']} found (expected 0)")
        ok = lk["all"].get("p95_ms", math.inf) <= LOOKUP_TARGET_P95_MS
        row("all", lk["all"], "", f"p95 ≤ {LOOKUP_TARGET_P95_MS:.0f} ms: {verdict(ok)}")
        cli = figures.get("cli_lookup") or {}
        if cli.get("runs"):
            lines.append(f"| `ccaudit subjects find` (CLI, process start included) | {len(cli['runs'])} "
                         f"| {cli['median_seconds'] * 1000:,.0f} ms | | | {max(cli['runs']) * 1000:,.0f} ms "
                         f"| {'found' if cli['found'] else 'NOT found'} | (information) |")
    return "\n".join(lines)



# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child_build:
        return child_build(args.child_build, args.child_db)
    os.chdir(ROOT)
    if args.skip_exports and args.skip_transcripts and not args.profile:
        sys.exit("bench: nothing to do (--skip-exports and --skip-transcripts)")
    WORK.mkdir(parents=True, exist_ok=True)
    figures: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                     "key": "fixed benchmark key", "builds": {}}
    print("== Inputs (generated once, reused; generation is not timed)")
    csv = None if args.skip_exports else crm_file(args.rows, args.regenerate)
    corpus = None if args.skip_transcripts else transcript_corpus(args.calls, args.seed, args.regenerate)
    if csv is not None:
        figures["exports_input"] = {"csv": rel(csv), "rows": args.rows, "bytes": csv.stat().st_size}
    if corpus is not None:
        figures["transcripts_input"] = {k: v for k, v in corpus.items() if k != "folder"}
        figures["transcripts_input"]["folder"] = rel(corpus["folder"] / "transcripts")
        print(f"  transcripts: {corpus['readable_calls']:,} readable calls in {corpus['files']:,} files, "
              f"{corpus['turns']:,} turns, {corpus['words']:,} words, {corpus['bytes'] / 1e6:.0f} MB")

    # (key, label, paths, index file, figures of the input); the files are named by size, so
    # a small run does not overwrite the full-size indexes that --skip-builds reuses.
    plan = []
    if csv is not None:
        plan.append(("exports", "CRM export alone", [csv], WORK / f"exports_{args.rows}.duckdb",
                     {"rows": args.rows}))
    if corpus is not None:
        words = {"calls": corpus["readable_calls"], "words": corpus["words"]}
        plan.append(("transcripts", "transcripts alone", [corpus["folder"] / "transcripts"],
                     WORK / f"transcripts_{args.calls}.duckdb", words))
    if csv is not None and corpus is not None:
        plan.append(("both", "CRM export + transcripts", [csv, corpus["folder"] / "transcripts"],
                     WORK / f"both_{args.rows}_{args.calls}.duckdb", {"rows": args.rows, **words}))
    builds = figures["builds"]
    indexes = figures["indexes"] = {}
    last_db = None
    if args.skip_builds:
        print("\n== Index files of an earlier run (--skip-builds)")
        for key, label, paths, db, extra in plan:
            if db.is_file():
                indexes[key] = {"label": label, **index_size(db)}
                last_db = db
                print(f"  {label}: {rel(db)}, {mb(indexes[key]['db_bytes'])}")
        if last_db is None:
            sys.exit("bench: no index file to reuse: run without --skip-builds first")
    else:
        print("\n== Builds (each into a fresh index, in a child process)")
        for key, label, paths, db, extra in plan:
            builds[key] = {**build_in_child(label, paths, db), "label": label, **extra}
            indexes[key] = {"label": label, **index_size(db)}
            last_db, last_paths = db, paths
        if last_db is not None:
            builds["rerun"] = {**build_in_child("re-run, files unchanged", last_paths, last_db, fresh=False),
                               "label": "re-run of the last build on unchanged files"}
    if last_db is not None:
        print(f"\n== Lookups on {rel(last_db)}")
        rng = random.Random(20261128)
        items: list[dict] = []
        share = args.lookups if corpus is None else (args.lookups if csv is None else args.lookups * 4 // 5)
        if csv is not None:
            items += known_from_crm(last_db, csv, share, rng)
        if corpus is not None:
            items += known_from_transcripts(corpus["folder"], args.lookups - len(items), rng)
        items += unknown_identifiers(UNKNOWN_LOOKUPS, rng)
        rng.shuffle(items)
        lookups = run_lookups(last_db, items)
        figures["lookups"] = lookups
        a, k, u = lookups["all"], lookups["known"], lookups["unknown"]
        print(f"  {lookups['asked']['known']:,} known identifiers: {lookups['found']:,} found, "
              f"{lookups['record_located']:,} at their own row or call, {lookups['not_found']} not found, "
              f"{lookups['malformed']} malformed {lookups['misses'] or ''}")
        print(f"  {lookups['asked']['unknown']} unknown identifiers: {lookups['unknown_found']} found (expected 0)")
        for title, p in (("known", k), ("unknown", u), ("all", a)):
            print(f"  {title:<8} n={p['n']:,} p50 {p['p50_ms']:.1f} ms, p95 {p['p95_ms']:.1f} ms, "
                  f"p99 {p['p99_ms']:.1f} ms, max {p['max_ms']:.1f} ms")
        q = lookups["query_only"]
        print(f"  without hashing (resolve + find_subject only): p50 {q['p50_ms']:.1f} ms, "
              f"p95 {q['p95_ms']:.1f} ms")
        print(f"  first lookup {lookups['first_lookup_ms']:.1f} ms; opening the connection "
              f"{lookups['open_connection_ms']:.1f} ms; by type: "
              + ", ".join(f"{t} p95 {p['p95_ms']:.1f} ms" for t, p in k["by_type"].items() if p.get("n")))
        sample = next((i for i in items if i["source"] != "unknown"), None)
        if sample is not None:
            figures["cli_lookup"] = cli_lookup(last_db, sample)
            cli = figures["cli_lookup"]
            if cli.get("runs"):
                print(f"  ccaudit subjects find (CLI, {CLI_RUNS} runs): median {cli['median_seconds']:.2f} s "
                      f"({', '.join(f'{s:.2f}' for s in cli['runs'])} s), found: {cli['found']}")
            else:
                print(f"  ccaudit subjects find exited with {cli.get('exit_code')}")

    if args.profile:
        print(f"\n== Profile: build_index on the first {args.profile:,} CRM rows, in this process")
        figures["profile"] = run_profile(args.profile, False)

    figures["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_json(figures, args.out)
    print(f"\nFigures written to {rel(args.out)}\n\n{markdown(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
