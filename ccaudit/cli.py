"""The ``ccaudit`` command line.

Exit status: 0 when at least one file was scanned, 1 when none could be, 2 on usage
errors (bad option, missing path, bad configuration).
"""
from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import sys
import threading
from pathlib import Path
from typing import List, Literal, Optional

import typer

from ccaudit.entities import ID_TYPES
from ccaudit.errors import CcauditError, ClusterError, ConfigError
from ccaudit.gdpr import RIGHTS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="GDPR data discovery and audit for contact centres.")
scan_app = typer.Typer(no_args_is_help=True, help="Scan sources for personal data.")
audit_app = typer.Typer(no_args_is_help=True, help="Run the whole audit and render reports.")
index_app = typer.Typer(no_args_is_help=True, help="Build the subject index (DuckDB).")
subjects_app = typer.Typer(no_args_is_help=True, help="Answer data-subject requests from the index.")
app.add_typer(scan_app, name="scan")
app.add_typer(index_app, name="index")
app.add_typer(subjects_app, name="subjects")
app.add_typer(audit_app, name="audit")

USAGE_ERROR = 2
# Another run holds the subject index (sysexits' EX_TEMPFAIL: a scheduler may retry later).
BUSY = 75
# The Dask cluster does not answer or went away (sysexits' EX_UNAVAILABLE).
UNAVAILABLE = 69


def _verbose(on: bool) -> None:
    """``--verbose``: ccaudit's INFO messages on stderr (what was loaded and why; no value
    from the data is ever logged)."""
    if on:
        logging.getLogger("ccaudit").setLevel(logging.INFO)


def _jobs_option():
    return typer.Option(None, "--jobs", "-j", min=1, help="Worker processes of a local Dask cluster "
                        "to spread the files over (1: this process alone; default: compute.jobs "
                        "in the configuration, 1).")


def _scheduler_option():
    return typer.Option(None, "--scheduler", help="Address of an existing Dask scheduler "
                        "(tcp://host:8786) to send the files to (default: compute.scheduler); "
                        "its workers must read them at the same paths.")


def _fail(message: str, code: int) -> None:
    typer.echo(f"ccaudit: {message}", err=True)
    raise typer.Exit(code)


@scan_app.command("exports")
def scan_exports_cmd(
    paths: List[Path] = typer.Argument(..., help="Files or folders (walked recursively)."),
    out: Path = typer.Option(Path("reports/latest"), "--out", help="Folder for columns.csv and errors.csv."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Folder of saved results: a file "
                                         "unchanged since it was scanned with the same settings is not scanned again."),
    jobs: Optional[int] = _jobs_option(),
    scheduler: Optional[str] = _scheduler_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is loaded and why "
                                 "(models per language, deduce, the name lexicon) and each file's outcome."),
) -> None:
    """Find the personal data in client exports, column by column.

    Writes OUT/columns.csv (one row per file, sheet and column), OUT/errors.csv (files that
    could not be read, with a one-line reason) and OUT/files.csv.
    """
    from ccaudit.settings import load_config
    from ccaudit.detect.exports import scan_exports

    _verbose(verbose)

    try:
        cfg = load_config(config)
        for path in paths:
            if not path.exists():
                raise CcauditError("no such file or folder", source=str(path))
        scan = scan_exports(paths, cfg, progress=not quiet, cache=cache, jobs=jobs, scheduler=scheduler)
    except ClusterError as exc:
        _fail(str(exc), UNAVAILABLE)
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    written = scan.write(out)
    scanned = int((scan.files["status"] == "scanned").sum()) if len(scan.files) else 0
    typer.echo(f"{scanned} file(s) scanned, {len(scan.errors)} unreadable, "
               f"{len(scan.personal)} of {len(scan.columns)} columns hold personal data", err=True)
    typer.echo(str(written["columns"]))
    if scanned == 0:
        raise typer.Exit(1)


@scan_app.command("transcripts")
def scan_transcripts_cmd(
    paths: List[Path] = typer.Argument(..., help="Transcript files or folders (walked recursively)."),
    out: Path = typer.Option(Path("reports/latest/transcripts"), "--out",
                             help="Folder for transcript_findings.csv, transcript_calls.csv and errors.csv."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
    jobs: Optional[int] = _jobs_option(),
    scheduler: Optional[str] = _scheduler_option(),
    redact: Optional[Path] = typer.Option(None, "--redact",
                                          help="Folder for redacted copies ([ENTITY_TYPE] placeholders)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Folder of saved results: a file "
                                         "unchanged since it was scanned with the same settings is not scanned again."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is loaded and why "
                                 "(models per language, deduce, the name lexicon) and each file's outcome."),
) -> None:
    """Find the personal data in call transcripts, per call, turn and speaker.

    Reads generic JSON, Amazon Transcribe JSON, text ([hh:mm:ss] SPEAKER: text), WebVTT
    and SRT. Writes OUT/transcript_findings.csv (offsets, turn times, masked values, never
    raw text), OUT/transcript_calls.csv and OUT/errors.csv.
    """
    from ccaudit.settings import load_config
    from ccaudit.detect.transcripts import scan_transcripts

    _verbose(verbose)

    try:
        cfg = load_config(config)
        for path in paths:
            if not path.exists():
                raise CcauditError("no such file or folder", source=str(path))
        if redact is not None and any(redact.resolve() == p.resolve() for p in paths):
            raise CcauditError("--redact must not be a scanned folder: originals are never overwritten")
        scan = scan_transcripts(paths, cfg, jobs=jobs, redact=redact, progress=not quiet, cache=cache,
                                scheduler=scheduler)
    except ClusterError as exc:
        _fail(str(exc), UNAVAILABLE)
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    written = scan.write(out)
    typer.echo(f"{len(scan.calls)} call(s) scanned, {len(scan.errors)} unreadable, "
               f"{len(scan.findings)} finding(s)", err=True)
    typer.echo(str(written["transcript_findings"]))
    if len(scan.calls) == 0:
        raise typer.Exit(1)


@index_app.command("build")
def index_build_cmd(
    paths: List[Path] = typer.Argument(None, help="Export and transcript files or folders "
                                       "(default: data_samples/exports and data_samples/transcripts)."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
    db: Optional[Path] = typer.Option(None, "--db", help="The index file (default: index.db in the config)."),
    jobs: Optional[int] = _jobs_option(),
    scheduler: Optional[str] = _scheduler_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is loaded and why "
                                 "(models per language, deduce, the name lexicon) and each file's outcome."),
) -> None:
    """Index exports and transcripts: keyed identifiers, findings and linked subjects.

    Incremental: unchanged files (same content hash) are skipped, changed files replace
    their rows, files gone from a scanned folder are marked removed. Prints the index path.
    Another run that holds the index is waited for (index.lock_timeout seconds); then exit 75.
    """
    from ccaudit.settings import load_config
    from ccaudit.index.build import build_index

    _verbose(verbose)
    from ccaudit.index.lock import IndexBusy

    paths = paths or [Path("data_samples/exports"), Path("data_samples/transcripts")]
    try:
        cfg = load_config(config)
        report = build_index(paths, db=db, config=cfg, progress=not quiet, jobs=jobs, scheduler=scheduler)
    except IndexBusy as exc:
        _fail(str(exc), BUSY)
    except ClusterError as exc:
        _fail(str(exc), UNAVAILABLE)
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    typer.echo(report.summary(), err=True)
    for error in report.errors:
        typer.echo(f"  {error['source']}: {error['error']}", err=True)
    typer.echo(str(db or cfg.index.db))


def _resolve(id_type: str, value: str, db: Optional[Path], config: Optional[Path]):
    """The configuration, the index (read-only) and the request's hash in it, as
    :mod:`ccaudit.index.lookup` resolves it for every caller (value checked, key checked,
    every reading of a national phone number tried)."""
    from ccaudit.settings import load_config
    from ccaudit.index import lookup
    from ccaudit.index.db import connect

    cfg = load_config(config)
    hasher = lookup.hasher_for(cfg)
    # A malformed value is refused before the index is opened.
    candidates = lookup.candidate_hashes(id_type, value, hasher, tuple(cfg.phone_regions))
    con = connect(db or cfg.index.db, read_only=True)
    try:
        return cfg, con, lookup.resolve(con, candidates, hasher)
    except BaseException:
        con.close()
        raise


ID_TYPE_HELP = ", ".join(ID_TYPES[:-1]) + f" or {ID_TYPES[-1]}."


@subjects_app.command("find")
def subjects_find_cmd(
    value: str = typer.Argument(..., help="The identifier as the person gave it."),
    id_type: str = typer.Option(..., "--type", help=ID_TYPE_HELP),
    db: Optional[Path] = typer.Option(None, "--db", help="The index file."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
    as_json: bool = typer.Option(False, "--json", help="Print {\"subject\": ID, \"locations\": [...]}."),
) -> None:
    """Every location of the data subject with this identifier (Art. 15 and 17 requests).

    An unknown subject prints no location and exits 0; a malformed value exits 2.
    """
    import json

    from ccaudit.index.subjects import find_subject

    try:
        cfg, con, id_hash = _resolve(id_type, value, db, config)
        try:
            found = find_subject(con, id_hash)
        finally:
            con.close()
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False))
        return
    if found["subject"] is None:
        typer.echo("no subject with this identifier in the index")
        return
    typer.echo(f"subject {found['subject']}: {len(found['locations'])} location(s)")
    for loc in found["locations"]:
        where = (f"sheet {loc['sheet']} " if loc.get("sheet") else "") + (
            f"row {loc['row']} ({', '.join(loc['columns'])})" if "row" in loc
            else f"call {loc['call_id']} turns {', '.join(map(str, loc['turns']))}")
        typer.echo(f"  [{loc['client']}] {loc['source']}: {where}")


@subjects_app.command("export")
def subjects_export_cmd(
    value: str = typer.Argument(..., help="The identifier as the person gave it."),
    id_type: str = typer.Option(..., "--type", help=ID_TYPE_HELP),
    out: Path = typer.Option(..., "--out", help="Folder for subject-<id>.zip."),
    db: Optional[Path] = typer.Option(None, "--db", help="The index file."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
) -> None:
    """Write the subject's access and portability bundle (Art. 15 and 20) and print its path.

    OUT/subject-<id>.zip holds records.json, records.csv, calls.csv, summary.md and
    summary.txt: the subject's records read back from the source files — the one output
    of ccaudit with raw personal data. Nothing else is written. An unknown subject writes
    no bundle, says so on stderr and exits 0 (stdout stays empty); a malformed value exits 2.
    """
    from ccaudit.audit.requests import UnknownSubject, export_bundle

    try:
        cfg, con, id_hash = _resolve(id_type, value, db, config)
        try:
            bundle = export_bundle(con, id_hash, out, cfg)
        finally:
            con.close()
    except UnknownSubject as exc:
        typer.echo(f"ccaudit: {exc}: no bundle written", err=True)
        return
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    except OSError as exc:
        _fail(f"cannot write the bundle into {out} ({exc.strerror})", 1)
    typer.echo(str(bundle))


# The six rights (ccaudit.gdpr.RIGHTS), as a Literal so --help lists them.
Right = Literal[tuple(RIGHTS)]


@subjects_app.command("plan")
def subjects_plan_cmd(
    value: str = typer.Argument(..., help="The identifier as the person gave it."),
    id_type: str = typer.Option(..., "--type", help=ID_TYPE_HELP),
    right: Right = typer.Option(..., "--right", help="The right exercised (Art. 15-18, 20, 21)."),
    db: Optional[Path] = typer.Option(None, "--db", help="The index file."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file merged over the defaults."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per location, as a list."),
) -> None:
    """Who must act and what to do, per location of the subject, to answer a request.

    Where the contact centre is processor the step is to forward the request to the client
    (the controller) with what to send; where it is controller, the steps themselves. The
    deadline is one month from today (Art. 12(3)). No value from the data is printed. An
    unknown subject prints a message and exits 0 (`--json`: []); a malformed value exits 2.
    """
    import json

    from ccaudit.audit.requests import plan, request_headline

    try:
        cfg, con, id_hash = _resolve(id_type, value, db, config)
        try:
            steps = plan(con, id_hash, right, cfg)
            headline = request_headline(con, id_hash, right, cfg)
        finally:
            con.close()
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    if as_json:
        typer.echo(json.dumps(steps.to_dict(orient="records"), ensure_ascii=False))
        return
    typer.echo(headline)
    for step in steps.itertuples():
        typer.echo(f"  [{step.client}, {step.role}] {step.file}: {step.where}\n"
                   f"    who: {step.who_acts}\n    do: {step.what_to_do}\n    by: {step.deadline}")


@audit_app.command("run")
def audit_run_cmd(
    config: Optional[Path] = typer.Option(
        None, "--config", help="The audit configuration (docs/audit-config.md: inputs, inventory, "
                               "retention, training, requests, objections), or a scanner YAML "
                               "merged over the defaults."),
    out: Path = typer.Option(Path("reports"), "--out",
                             help="Folder for the reports: each run writes OUT/<UTC timestamp>/."),
    exports: Optional[Path] = typer.Option(
        None, "--exports", help="Folder of client exports, without an audit configuration "
                                "(default data_samples/exports)."),
    transcripts: Optional[Path] = typer.Option(
        None, "--transcripts", help="Folder of call transcripts, without an audit configuration "
                                    "(default: the transcripts folder beside --exports)."),
    jobs: Optional[int] = _jobs_option(),
    scheduler: Optional[str] = _scheduler_option(),
) -> None:
    """Run the whole audit: execute the notebooks in order and render them as HTML.

    With an audit configuration (`--config data_samples/audit.yaml`) its inputs, subject
    index and scanner settings are used and all five reports run: exports, transcripts,
    subject index, retention, rights readiness. With folders only, the first three run.

    Writes OUT/<UTC timestamp>/ (e.g. reports/2026-11-28T152600Z/): each executed notebook
    and its HTML (self-contained, works offline), the reports' CSVs, index.html linking the
    reports with the headline figures and the problems found, and summary.json. The subject
    index is the configuration's inputs.db (else ccaudit.duckdb in the run folder). Prints
    the path of index.html; logs go to stderr. Exit status 1 when a notebook fails (the
    message names it and the cell), 2 on a bad option, path or configuration, 75 when another
    run held the index longer than index.lock_timeout. With --jobs N one local Dask cluster
    scans for all the notebooks; --scheduler sends the scans to an existing one.
    """
    from ccaudit.index.lock import IndexBusy
    from ccaudit.report.run import AuditFailed, AuditInputs, new_run_folder, run_notebooks
    from ccaudit.settings import load_settings

    logging.getLogger("ccaudit.report").setLevel(logging.INFO)
    try:
        settings = load_settings(config)  # the file is read once, and checked whole
        if settings.audit is not None:
            if exports is not None or transcripts is not None:
                raise CcauditError("--exports and --transcripts come from the audit configuration's "
                                   "inputs: give one or the other", source=str(config))
            inputs = AuditInputs.from_audit_config(settings.audit)
        else:
            inputs = AuditInputs.from_folders(exports or Path("data_samples/exports"), transcripts,
                                              config, checked=True)
        inputs = dataclasses.replace(inputs, jobs=jobs, scheduler=scheduler)
    except (ConfigError, CcauditError) as exc:
        _fail(str(exc), USAGE_ERROR)
    try:
        # Another run on the same index is waited for before the report folder is made.
        with inputs.lock(settings.scanner.index.lock_timeout):
            index = run_notebooks(inputs, new_run_folder(out))
    except IndexBusy as exc:
        _fail(str(exc), BUSY)
    except AuditFailed as exc:
        _fail(f"{exc} (report: {exc.index})", 1)
    except CcauditError as exc:
        _fail(str(exc), 1)
    typer.echo(str(index))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    _leave(code)


def _leave(code) -> None:
    """End the console command without freeing, object by object, what it loaded.

    After a scan the interpreter's own teardown frees the spaCy pipelines' and deduce's
    lookup structures one object at a time: about 0.8 s of a 7 s holdout scan, for memory the
    operating system takes back at once. Once the command has finished and closed its files,
    the exit handlers run, output is flushed and the process ends. A process that still has
    threads running, child processes, a DuckDB connection it may not have closed, a Dask
    cluster, or a profiler, debugger or coverage tracer (which write at exit) ends the usual
    way.
    """
    if not isinstance(code, int):
        if code is not None:
            raise SystemExit(code)
        code = 0
    import multiprocessing

    busy = (threading.active_count() > sum(t.daemon for t in threading.enumerate()) + 1
            or multiprocessing.active_children()
            or any(name in sys.modules for name in ("duckdb", "distributed"))
            or sys.getprofile() is not None or sys.gettrace() is not None)
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if busy or run_handlers is None:
        raise SystemExit(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
