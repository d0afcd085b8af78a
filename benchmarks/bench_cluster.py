"""Cluster benchmark: ccaudit's scans and index builds on local Dask clusters of 1 and 2
workers against one process, on this machine (issue 13).

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_cluster.py``:

* **overhead**: the samples' transcripts and exports, warm, in this process and on a
  one-worker cluster: what Dask adds (task hand-off, results sent back) on small work.
* **transcripts ×10** (360 calls, the corpus of bench_transcripts.py): words/s warm (each
  cluster's workers have loaded their models in an untimed first scan), in this process and
  on 1 and 2 workers; the scaling efficiency is (rate with 2 / rate with 1) / 2.
* **index builds**: the 1 M-row CRM export (bench_index.py's file) as one file, and the same
  rows as 4 files of 250 k, and the ×10 transcripts, each into a fresh DuckDB file, in this
  process and on 1 and 2 workers (each cluster warmed by an untimed build of the samples):
  rows/s or words/s, and the share of the one writer (this process storing what the workers
  send back; in one process it also hashes, lazily) and of subject linking. On this machine
  the client shares the same 2 cores with the workers.
* **scan exports** of the CRM file alone (sketched in parts on a cluster): rows/s.

A projection of a 100 M-word backlog onto a cluster is printed from these figures. Every
build is also checked to give the index one process gives (same rows, counted). Not a test:
nothing fails on a figure. Figures go to ``benchmarks/out/cluster.json``.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
WORK = OUT / "cluster"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

KEY = b"ccaudit-benchmark-cluster-key-not-secret"
BACKLOG_WORDS = 100_000_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the CRM export (default 1,000,000)")
    parser.add_argument("--skip-exports", action="store_true", help="no CRM index builds")
    parser.add_argument("--skip-transcripts", action="store_true", help="no transcript scans or builds")
    parser.add_argument("--skip-builds", action="store_true", help="no CRM index builds (its scan only)")
    parser.add_argument("--out", type=Path, default=OUT / "cluster.json")
    parser.add_argument("--report", action="store_true",
                        help="print the tables of the figures already in --out, measuring nothing")
    return parser.parse_args(argv)


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def index_counts(db: Path) -> dict:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return dict(zip(["files", "findings", "identifiers", "subjects"], con.execute(
            "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM findings), "
            "(SELECT count(*) FROM identifiers), (SELECT count(*) FROM subjects)").fetchone()))


def warm(address: str) -> None:
    """Every worker of the cluster loads its models (an untimed build of the samples), as a
    long-running cluster's workers have: the builds below are timed warm, as in one process."""
    from ccaudit.index.build import build_index

    db = WORK / "warm.duckdb"
    db.unlink(missing_ok=True)
    build_index([ROOT / "data_samples" / "exports", ROOT / "data_samples" / "transcripts"], db=db,
                key=KEY, scheduler=address)
    db.unlink(missing_ok=True)


def build(paths, name: str, **where) -> dict:
    from ccaudit.index.build import build_index

    db = WORK / f"{name}.duckdb"
    db.unlink(missing_ok=True)
    report, seconds = timed(build_index, paths, db=db, key=KEY, **where)
    counts = index_counts(db)
    db.unlink(missing_ok=True)
    return {"seconds": round(seconds, 2), "write_seconds": report.write_seconds,
            "link_seconds": report.link_seconds, "indexed": report.indexed, **counts}


def split_csv(source: Path, parts: int) -> Path:
    """The CSV's rows in ``parts`` files (header repeated) under one client folder."""
    folder = WORK / "split" / "exports" / source.parent.name
    if folder.is_dir() and len(list(folder.glob("*.csv"))) == parts:
        return folder.parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with open(source, "rb") as handle:
        header = handle.readline()
        lines = handle.readlines()
    size = -(-len(lines) // parts)
    for i in range(parts):
        with open(folder / f"{source.stem}_part{i + 1}.csv", "wb") as out:
            out.write(header)
            out.writelines(lines[i * size:(i + 1) * size])
    return folder.parent


def transcripts_figures(figures: dict) -> None:
    from bench_index import count_words

    from ccaudit.compute import local_cluster
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import scan_transcripts
    from ccaudit.settings import load_config

    config = load_config()
    corpus = OUT / "transcripts_scale" / "transcripts"
    if not corpus.is_dir():
        sys.exit("bench: run benchmarks/bench_transcripts.py first (it writes the ×10 corpus)")
    samples = ROOT / "data_samples" / "transcripts"
    words = count_words(corpus)["words"]
    sample_words = count_words(samples)["words"]
    analyzer = build_transcript_analyzer(config)
    scan_transcripts([samples], config, analyzer=analyzer)
    here, here_s = timed(scan_transcripts, [samples], config, analyzer=analyzer)
    scan_transcripts([corpus], config, analyzer=analyzer)
    _, here_x10 = timed(scan_transcripts, [corpus], config, analyzer=analyzer)
    rows = {"one process": {"seconds": round(here_x10, 2), "words_per_second": round(words / here_x10)}}
    overhead = {"samples_words": sample_words, "one_process_seconds": round(here_s, 2)}
    for workers in (1, 2):
        with local_cluster(workers) as cluster:
            address = cluster.scheduler_address
            scan_transcripts([corpus], config, scheduler=address)  # models loaded on each worker
            if workers == 1:
                scan_transcripts([samples], config, scheduler=address)
                remote, seconds = timed(scan_transcripts, [samples], config, scheduler=address)
                overhead["one_worker_seconds"] = round(seconds, 2)
                overhead["same_findings"] = bool(remote.findings.equals(here.findings))
            scan, seconds = timed(scan_transcripts, [corpus], config, scheduler=address)
        rows[f"{workers} worker{'s' * (workers > 1)}"] = {
            "seconds": round(seconds, 2), "words_per_second": round(words / seconds),
            "findings": len(scan.findings)}
        print(f"  transcripts ×10 on {workers} worker(s): {seconds:.1f} s", flush=True)
    one, two = rows["1 worker"]["words_per_second"], rows["2 workers"]["words_per_second"]
    figures["transcripts_x10"] = {"words": words, "runs": rows,
                                  "scaling_efficiency": round(two / one / 2, 2)}
    overhead["seconds_added"] = round(overhead["one_worker_seconds"] - overhead["one_process_seconds"], 2)
    figures["overhead_samples"] = overhead
    builds = {"one process": build([corpus], "tx")}
    for workers in (1, 2):
        with local_cluster(workers) as cluster:
            warm(cluster.scheduler_address)
            builds[f"{workers} worker{'s' * (workers > 1)}"] = build([corpus], f"tx{workers}",
                                                                       scheduler=cluster.scheduler_address)
    for b in builds.values():
        b["words_per_second"] = round(words / b["seconds"])
    figures["index_transcripts_x10"] = builds


def scan_figures(figures: dict, rows: int) -> None:
    """``scan exports`` on the CRM file alone: one file, sketched in parts on a cluster."""
    from bench_index import crm_file

    from ccaudit.compute import local_cluster
    from ccaudit.detect.exports import scan_exports

    crm = crm_file(rows, regenerate=False)
    samples = ROOT / "data_samples" / "exports"
    scan_exports([samples])  # this process's models, as the workers' below
    local, seconds = timed(scan_exports, [crm])
    runs = {"one process": {"seconds": round(seconds, 2)}}
    same = True
    for workers in (1, 2):
        with local_cluster(workers) as cluster:
            scan_exports([samples], scheduler=cluster.scheduler_address)
            remote, seconds = timed(scan_exports, [crm], scheduler=cluster.scheduler_address)
        same = same and remote.columns.equals(local.columns)
        runs[f"{workers} worker{'s' * (workers > 1)}"] = {"seconds": round(seconds, 2)}
        print(f"  scan exports, {workers} worker(s): {seconds:.1f} s", flush=True)
    for r in runs.values():
        r["rows_per_second"] = round(rows / r["seconds"])
    figures["scan_crm"] = {"rows": rows, "runs": runs, "same_columns": same,
                           "scaling_efficiency": round(runs["2 workers"]["rows_per_second"]
                                                       / runs["1 worker"]["rows_per_second"] / 2, 2)}


def exports_figures(figures: dict, rows: int) -> None:
    from bench_index import crm_file

    from ccaudit.compute import local_cluster

    crm = crm_file(rows, regenerate=False)
    split = split_csv(crm, 4)
    out = {}
    build([ROOT / "data_samples" / "exports"], "warm")  # this process's models, as the workers'
    for name, paths in (("one file", [crm]), ("4 files", [split])):
        runs = {"one process": build(paths, "crm")}
        print(f"  {name}, one process: {runs['one process']['seconds']:.0f} s", flush=True)
        for workers in (1, 2):
            with local_cluster(workers) as cluster:
                warm(cluster.scheduler_address)
                runs[f"{workers} worker{'s' * (workers > 1)}"] = build(
                    paths, f"crm{workers}", scheduler=cluster.scheduler_address)
            print(f"  {name}, {workers} worker(s): {runs[list(runs)[-1]]['seconds']:.0f} s", flush=True)
        for r in runs.values():
            r["rows_per_second"] = round(rows / r["seconds"])
        one, two = runs["1 worker"]["rows_per_second"], runs["2 workers"]["rows_per_second"]
        same = {k: v for k, v in runs["one process"].items() if k in ("findings", "identifiers", "subjects")}
        out[name] = {"runs": runs, "scaling_efficiency": round(two / one / 2, 2),
                     "same_index": all({k: r[k] for k in same} == same for r in runs.values())}
    figures["index_crm"] = {"rows": rows, **out}


def projection(figures: dict) -> dict:
    """A 100 M-word backlog indexed on a cluster of N workers, from the measured index builds:
    the rate of one worker, the efficiency from 1 to 2 workers, the one writer's own rate
    (words stored per second of its time) and subject linking, which runs once at the end
    (its time per identifier from the CRM build)."""
    builds = figures.get("index_transcripts_x10")
    crm = figures.get("index_crm", {}).get("one file", {}).get("runs", {}).get("one process")
    if not builds or "2 workers" not in builds:
        return {}
    words = figures["transcripts_x10"]["words"]
    one, two = builds["1 worker"], builds["2 workers"]
    per_worker = one["words_per_second"]
    efficiency = two["words_per_second"] / per_worker / 2
    writer = words / max(two["write_seconds"], 1e-9)
    link_seconds = 0.0
    if crm and crm["link_seconds"]:
        identifiers = two["identifiers"] / words * BACKLOG_WORDS
        link_seconds = identifiers / (crm["identifiers"] / crm["link_seconds"])
    out = {"per_worker_words_per_second": per_worker, "efficiency": round(efficiency, 2),
           "writer_words_per_second": round(writer), "link_seconds": round(link_seconds),
           "workers": {}}
    for workers in (2, 8, 32, 128):
        rate = min(per_worker * workers * efficiency, writer)
        out["workers"][workers] = {"words_per_second": round(rate),
                                   "hours": round((BACKLOG_WORDS / rate + link_seconds) / 3600, 1),
                                   "writer_bound": rate >= writer}
    return out


def markdown(figures: dict) -> str:
    lines = []
    tx = figures.get("transcripts_x10")
    if tx:
        lines += ["| transcripts ×10, warm | seconds | words/s |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['seconds']} | {v['words_per_second']:,} |" for k, v in tx["runs"].items()]
        lines += [f"\nScaling efficiency 1 → 2 workers: **{tx['scaling_efficiency']:.2f}**."]
        o = figures["overhead_samples"]
        lines += [f"Dask overhead on the 36 sample calls ({o['samples_words']:,} words), warm: "
                  f"{o['one_process_seconds']} s in one process, {o['one_worker_seconds']} s on one "
                  f"worker (+{o['seconds_added']} s); same findings: {o['same_findings']}.\n"]
    for title, key, unit in (("index build, transcripts ×10", "index_transcripts_x10", "words_per_second"),):
        runs = figures.get(key)
        if runs:
            lines += [f"| {title} | seconds | words/s | writer s | linking s |", "|---|---:|---:|---:|---:|"]
            lines += [f"| {k} | {v['seconds']} | {v[unit]:,} | {v['write_seconds']} | {v['link_seconds']} |"
                      for k, v in runs.items()]
            lines.append("")
    scan = figures.get("scan_crm")
    if scan:
        lines += [f"| scan exports, {scan['rows']:,} CRM rows, one file | seconds | rows/s |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['seconds']} | {v['rows_per_second']:,} |" for k, v in scan["runs"].items()]
        lines += [f"\nScaling efficiency 1 → 2 workers: **{scan['scaling_efficiency']:.2f}**; "
                  f"same columns each time: {scan['same_columns']}.\n"]
    crm = figures.get("index_crm")
    if crm:
        for name in ("one file", "4 files"):
            part = crm[name]
            lines += [f"| index build, {crm['rows']:,} CRM rows as {name} | seconds | rows/s | writer s | linking s |",
                      "|---|---:|---:|---:|---:|"]
            lines += [f"| {k} | {v['seconds']} | {v['rows_per_second']:,} | {v['write_seconds']} | {v['link_seconds']} |"
                      for k, v in part["runs"].items()]
            lines += [f"\nScaling efficiency 1 → 2 workers: **{part['scaling_efficiency']:.2f}**; "
                      f"same index each time: {part['same_index']}.\n"]
    p = figures.get("projection")
    if p:
        lines += [f"Projection of {BACKLOG_WORDS:,} words indexed: {p['per_worker_words_per_second']:,} "
                  f"words/s per worker, efficiency {p['efficiency']:.2f} (1 → 2 workers), the one writer "
                  f"stores {p['writer_words_per_second']:,} words/s, subject linking at the end "
                  f"about {p['link_seconds']} s.", "",
                  "| workers | words/s | hours | bound by the writer |", "|---:|---:|---:|---|"]
        lines += [f"| {n} | {v['words_per_second']:,} | {v['hours']} | {'yes' if v['writer_bound'] else 'no'} |"
                  for n, v in p["workers"].items()]
    return "\n".join(lines)


def main(argv=None) -> int:
    from machine_info import machine, write_json

    args = parse_args(argv)
    if args.report:
        figures = json.loads(args.out.read_text())
        figures["projection"] = projection(figures)
        print(markdown(figures))
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    # A part left out (--skip-…) keeps its figures from the last run.
    figures: dict = json.loads(args.out.read_text()) if args.out.is_file() else {}
    figures["machine"] = machine()
    if not args.skip_transcripts:
        print("transcripts: one process, then local clusters of 1 and 2 workers ...", flush=True)
        transcripts_figures(figures)
    if not args.skip_exports:
        print(f"scan exports of {args.rows:,} CRM rows ...", flush=True)
        scan_figures(figures, args.rows)
        if not args.skip_builds:
            print(f"index builds of {args.rows:,} CRM rows ...", flush=True)
            exports_figures(figures, args.rows)
    figures["projection"] = projection(figures)
    write_json(figures, args.out)
    print(markdown(figures))
    print(f"\nFigures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
