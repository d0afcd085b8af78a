"""What each command costs a user on the samples: wall time and peak memory, start-up included.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_commands.py``. Every
command runs in a fresh child process, as a user or a scheduler starts it, on
``data_samples/`` (a fresh subject index and saved-results folder under
``benchmarks/out/commands/``, keyed by a benchmark HMAC key); the audit run is timed twice:
after installation (nothing saved yet) and again with nothing changed. The peak is the
child's ``ru_maxrss`` with that of the processes it waited for (the audit run's kernel), as
``/usr/bin/time`` reports it.

The figures are printed, written to ``benchmarks/out/commands.json`` and summed up in a
Markdown table for the README. Only file names and figures are printed: never a value.
Not a test: nothing fails on a figure; a command that exits non-zero is reported.
"""
from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from machine_info import machine, write_json  # noqa: E402  (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SAMPLES = ROOT / "data_samples"
BENCH_KEY = "ccaudit-benchmark-key-not-secret-0123456789"

# (label, target seconds, target MB, arguments after `ccaudit`); {work} is the work folder.
ONE_EXPORT = "outbound/callcenter/dialler_upload_2026-11-20.csv"  # patterns and hints decide it
FREE_TEXT_EXPORT = "exports/brightbank/crm_export_2026-10.csv"  # Dutch notes: read like calls
DUTCH_CALL = "transcripts/nlenergie/NE-20261103-0005.srt"
ENGLISH_CALL = "transcripts/callcenter/CC-20261117-0002.json"


def commands(work: Path, audit_yaml: Path, lookup: tuple[str, str]) -> list[tuple[str, float | None, float | None, list[str]]]:
    s = SAMPLES
    db = str(work / "index.duckdb")
    return [
        ("`ccaudit --help`", None, None, ["--help"]),
        (f"`scan exports` one file that needs no NER ({Path(ONE_EXPORT).name})", 3.0, 400.0,
         ["scan", "exports", str(s / ONE_EXPORT), "--out", str(work / "one"), "-q"]),
        (f"`scan exports` one file with Dutch notes ({Path(FREE_TEXT_EXPORT).name}, 400 rows)", None, None,
         ["scan", "exports", str(s / FREE_TEXT_EXPORT), "--out", str(work / "notes"), "-q"]),
        ("`scan exports` the samples (10 files)", None, None,
         ["scan", "exports", str(s / "exports"), str(s / "outbound"), "--out", str(work / "exports"), "-q"]),
        ("`scan transcripts` one Dutch call", 6.0, None,
         ["scan", "transcripts", str(s / DUTCH_CALL), "--out", str(work / "nl"), "-q"]),
        ("`scan transcripts` one English call", 6.0, None,
         ["scan", "transcripts", str(s / ENGLISH_CALL), "--out", str(work / "en"), "-q"]),
        ("`scan transcripts` the samples (40 files)", None, None,
         ["scan", "transcripts", str(s / "transcripts"), "--out", str(work / "calls"), "-q"]),
        ("`index build` the samples", None, None,
         ["index", "build", str(s / "exports"), str(s / "outbound"), str(s / "transcripts"), "--db", db, "-q"]),
        ("`subjects find` one identifier", None, None,
         ["subjects", "find", "--type", lookup[0], lookup[1], "--db", db]),
        ("`audit run` after installation (fresh index, nothing saved)", 40.0, None,
         ["audit", "run", "--config", str(audit_yaml), "--out", str(work / "reports")]),
        ("`audit run` again, nothing changed", 15.0, None,
         ["audit", "run", "--config", str(audit_yaml), "--out", str(work / "reports")]),
    ]


def run_child(command: list[str], env: dict) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak RSS (MB, with the children it waited for)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=env)
    _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss / 1024


def audit_config(work: Path) -> Path:
    """The samples' audit configuration with its inputs absolute and its index in ``work``."""
    import yaml

    data = yaml.safe_load((SAMPLES / "audit.yaml").read_text(encoding="utf-8"))
    data["inputs"] = {"exports": [str(SAMPLES / "exports"), str(SAMPLES / "outbound")],
                      "transcripts": str(SAMPLES / "transcripts"),
                      "db": str(work / "audit" / "ccaudit.duckdb")}
    path = work / "audit.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def lookup_identifier() -> tuple[str, str]:
    """The identifier notebook 06 looks up by default (a planted, synthetic subject)."""
    import papermill

    params = papermill.inspect_notebook(str(ROOT / "notebooks" / "06_subject_request.ipynb"))
    return ast.literal_eval(params["id_type"]["default"]), ast.literal_eval(params["value"]["default"])


def markdown(figures: dict) -> str:
    m = figures["machine"]
    lines = [f"Machine: {m['nproc']} × {m['cpu']}, Python {m['python']}; commit {m['git']}; "
             f"load average {m['load_average_at_start'][0]} at start.", "",
             "| command (on `data_samples/`) | wall time | peak RSS | target |", "|---|---:|---:|---|"]
    for r in figures["commands"]:
        target = " and ".join(t for t in (
            f"≤ {r['target_seconds']:.0f} s" if r["target_seconds"] else "",
            f"≤ {r['target_mb']:.0f} MB" if r["target_mb"] else "") if t)
        verdict = ("met" if r["met"] else "**missed**") if target else ""
        failed = f" (exit {r['exit_code']})" if r["exit_code"] else ""
        lines.append(f"| {r['command']}{failed} | {r['seconds']:.1f} s | {r['peak_rss_mb']:,} MB "
                     f"| {target + ': ' + verdict if target else '–'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT / "commands.json")
    args = parser.parse_args(argv)
    work = OUT / "commands"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "CCAUDIT_KEY": BENCH_KEY}
    cli = Path(sys.executable).with_name("ccaudit")
    base = [str(cli)] if cli.exists() else [sys.executable, "-m", "ccaudit.cli"]
    figures: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "commands": []}
    for label, seconds_target, mb_target, arguments in commands(work, audit_config(work), lookup_identifier()):
        code, seconds, peak = run_child(base + arguments, env)
        met = code == 0 and (seconds_target is None or seconds <= seconds_target) \
            and (mb_target is None or peak <= mb_target)
        figures["commands"].append({"command": label, "exit_code": code, "seconds": round(seconds, 1),
                                    "peak_rss_mb": round(peak), "target_seconds": seconds_target,
                                    "target_mb": mb_target, "met": met})
        print(f"  {label}: {seconds:.1f} s, {peak:,.0f} MB" + (f", exit {code}" if code else ""), flush=True)
    write_json(figures, args.out)
    print(f"\nFigures written to {args.out}\n\n{markdown(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
