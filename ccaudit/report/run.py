"""An audit run: its inputs, its run folder, and the registered notebooks executed in order.

The notebooks hold no logic: they call ccaudit and explain what the reader sees. A run
executes each with the parameters it declares (:mod:`~ccaudit.report.execute`), renders it
as self-contained HTML (:mod:`~ccaudit.report.html`) and writes the run's ``summary.json``
and ``index.html`` (:mod:`~ccaudit.report.summary`) from the files the notebooks wrote.

>>> run = new_run_folder("reports")                           # doctest: +SKIP
>>> run_audit(exports="data_samples/exports", out=run)         # doctest: +SKIP
PosixPath('reports/2026-11-28T152600Z/index.html')
"""
from __future__ import annotations

import dataclasses
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ccaudit.errors import CcauditError
from ccaudit.report.execute import (NOTEBOOKS_DIR, NotebookKernel, execute_notebook, notebook_parameters,
                                    notebook_title)
from ccaudit.report.html import INDEX_HTML, to_html
from ccaudit.report.registry import AUDIT_NOTEBOOKS, Headline, report_of
from ccaudit.report.summary import NotebookRun, write_summary

if TYPE_CHECKING:
    from ccaudit.audit.configuration import AuditConfig

log = logging.getLogger(__name__)

# The subject index the audit builds, in the report folder.
INDEX_FILE = "ccaudit.duckdb"
# The scans' saved results (ccaudit.detect.cache), beside the index: a re-run scans only
# what changed.
SCAN_CACHE = "scan-cache"
# Run folders are named by their UTC start, so they sort by time: 2026-11-28T152600Z.
RUN_ID_FORMAT = "%Y-%m-%dT%H%M%SZ"


class AuditFailed(CcauditError):
    """A notebook of the audit failed; the message names the notebook and the cell.

    ``index`` is the run's index.html, written all the same (it shows what ran).
    """

    def __init__(self, reason: str, *, source: str, index: Path) -> None:
        super().__init__(reason, source=source)
        self.index = index


# ---------------------------------------------------------------------- inputs and folders

@dataclass(frozen=True)
class AuditInputs:
    """What an audit reads: from an audit configuration (:meth:`from_audit_config`, the
    scheduled run) or from folders and a scanner YAML (:meth:`from_folders`).

    ``exports`` and ``transcripts`` are folders (several when the audit configuration lists
    several); ``config`` the YAML the notebooks read their scanner settings from (an audit
    configuration holds them in its ``scanner`` section); ``db`` the subject index (default:
    ``ccaudit.duckdb`` in the run folder); ``audit_config`` the audit configuration, which
    the retention and readiness notebooks need.
    """

    exports: tuple[Path, ...]
    transcripts: tuple[Path, ...] = ()
    config: Path | None = None
    db: Path | None = None
    audit_config: Path | None = None
    # Where the scans and the index build run (ccaudit.compute): None takes the scanner
    # configuration's compute section.
    jobs: int | None = None
    scheduler: str | None = None

    @classmethod
    def from_folders(cls, exports: str | Path, transcripts: str | Path | None = None,
                     config: str | Path | None = None, checked: bool = False) -> AuditInputs:
        """Check the folders and the configuration before any work starts.

        ``transcripts`` defaults to the ``transcripts`` folder beside ``exports`` when there
        is one. A bad configuration raises :class:`~ccaudit.errors.ConfigError`; ``checked``
        says the caller has read and checked it already.
        """
        from ccaudit.settings import load_config

        exports = Path(exports).resolve()
        if not exports.exists():
            raise CcauditError("no such folder", source=str(exports))
        if transcripts is None:
            beside = exports.parent / "transcripts"
            transcripts = beside if beside.is_dir() else None
        elif not Path(transcripts).exists():
            raise CcauditError("no such folder", source=str(transcripts))
        if config is not None and not checked:
            load_config(config)
        return cls(exports=(exports,), transcripts=(Path(transcripts).resolve(),) if transcripts else (),
                   config=Path(config).resolve() if config else None)

    @classmethod
    def from_audit_config(cls, audit: AuditConfig | str | Path) -> AuditInputs:
        """Inputs, index and scanner settings from an audit configuration (checked, or a path
        to read and check whole before any work starts)."""
        from ccaudit.audit.configuration import AuditConfig, load_audit_config

        if not isinstance(audit, AuditConfig):
            audit = load_audit_config(audit)
        for folder in audit.inputs.folders:
            if not folder.exists():
                raise CcauditError("no such folder (from inputs in the audit configuration)",
                                   source=str(folder))
        path = Path(audit.source).resolve()
        return cls(exports=audit.inputs.exports, transcripts=audit.inputs.transcripts,
                   config=path, db=Path(audit.inputs.db).resolve(), audit_config=path)

    def index_path(self, out: Path) -> Path:
        return Path(self.db).resolve() if self.db else out / INDEX_FILE

    def lock(self, timeout: float):
        """The run lock of the configured index (:mod:`ccaudit.index.lock`), held for a whole
        run so that two runs never write one index; a run whose index is its own needs none."""
        from contextlib import nullcontext

        from ccaudit.index.lock import index_lock

        return index_lock(self.db, "ccaudit audit run", timeout) if self.db else nullcontext()

    def cache_path(self, out: Path) -> Path:
        """Beside the configured index; beside the run folders when each run has its own."""
        return (Path(self.db).resolve().parent if self.db else Path(out).resolve().parent) / SCAN_CACHE

    def notebook_values(self, out: Path) -> dict:
        """Every parameter value the audit can give; each notebook takes those it declares.
        One folder is given as a string, several as a list (the scans take either)."""
        def folders(paths: tuple[Path, ...]):
            return str(paths[0]) if len(paths) == 1 else [str(p) for p in paths]

        return {"exports_dir": folders(self.exports) if self.exports else "",
                "transcripts_dir": folders(self.transcripts) if self.transcripts else "",
                "config_path": str(self.config) if self.config else "",
                "db_path": str(self.index_path(out)),
                "cache_dir": str(self.cache_path(out)),
                # 0 and "": the configuration's compute section (run_notebooks gives a local
                # cluster's address when it starts one for the run).
                "jobs": self.jobs or 0,
                "scheduler": self.scheduler or "",
                "audit_config": str(self.audit_config) if self.audit_config else "",
                # Where the scans of this run wrote their tables (notebook 07 reads them).
                "results_dir": str(out),
                # Progress bars are for people at a notebook; a scheduled run logs instead.
                "progress": False}

    def describe(self, out: Path) -> dict:
        return {"exports": [str(p) for p in self.exports],
                "transcripts": [str(p) for p in self.transcripts],
                "config": str(self.config) if self.config else None,
                "audit_config": str(self.audit_config) if self.audit_config else None,
                "index": str(self.index_path(out))}


def new_run_folder(reports: str | Path, now: datetime | None = None) -> Path:
    """Create ``reports/<UTC timestamp>/`` for one audit run; never reuses a folder.

    >>> import tempfile
    >>> new_run_folder(tempfile.mkdtemp(), datetime(2026, 11, 28, 15, 26, tzinfo=timezone.utc)).name
    '2026-11-28T152600Z'
    """
    name = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(RUN_ID_FORMAT)
    reports = Path(reports)
    reports.mkdir(parents=True, exist_ok=True)
    for suffix in ["", *(f"-{n}" for n in range(2, 100))]:
        try:
            (folder := reports / f"{name}{suffix}").mkdir()
            return folder
        except FileExistsError:
            continue
    raise CcauditError("too many runs in one second", source=str(reports))


def run_notebooks(inputs: AuditInputs, out: str | Path,
                  notebooks: tuple[str, ...] | None = None,
                  notebooks_dir: Path | None = None) -> Path:
    """Execute the audit notebooks (default :data:`AUDIT_NOTEBOOKS`) in order into ``out``
    and render each as HTML; write ``summary.json`` and ``index.html``; returns the index.

    Each notebook is given only the parameters it declares. They run one after the other in
    one kernel (:class:`~ccaudit.report.execute.NotebookKernel`), each from an empty
    namespace: imports and models are loaded once per run. The first failing notebook
    stops the run (later ones build on it): the index and the summary say what ran, and
    :class:`AuditFailed` names the notebook and the cell.
    """
    notebooks = AUDIT_NOTEBOOKS if notebooks is None else notebooks
    notebooks_dir = NOTEBOOKS_DIR if notebooks_dir is None else Path(notebooks_dir)
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    run_id = out.name if re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}Z(?:-\d+)?", out.name) \
        else started.strftime(RUN_ID_FORMAT)
    values = inputs.notebook_values(out)
    runs = [NotebookRun(name, notebook_title(notebooks_dir / name)) for name in notebooks]
    with _cluster_for_run(inputs) as scheduler, NotebookKernel() as kernel:
        if scheduler:
            values.update(jobs=0, scheduler=scheduler)
        failure = _run_each(runs, values, inputs, out, notebooks_dir, kernel)
    index = write_summary(out, run_id, started, inputs, runs)
    if failure is not None:
        raise AuditFailed(failure.reason, source=failure.source, index=index)
    return index


@contextmanager
def _cluster_for_run(inputs: AuditInputs):
    """The Dask scheduler the run's notebooks send their scans to, or ``None`` for their own
    process. With ``jobs`` above 1 one local cluster serves every notebook of the run, so
    its workers load their models once."""
    from ccaudit.compute import local_cluster, where
    from ccaudit.settings import load_config

    jobs, scheduler = where(load_config(inputs.config), inputs.jobs, inputs.scheduler)
    if scheduler or jobs == 1:
        yield scheduler
        return
    with local_cluster(jobs) as cluster:
        yield cluster.scheduler_address


def _run_each(runs: list[NotebookRun], values: dict, inputs: AuditInputs, out: Path,
              notebooks_dir: Path, kernel: NotebookKernel) -> CcauditError | None:
    """Execute and render each notebook in order; the first failure stops and is returned."""
    for run in runs:
        notebook = notebooks_dir / run.name
        entry = report_of(run.name)
        if entry.needs_transcripts and not values["transcripts_dir"]:
            run.status, run.reason = "skipped", "no transcripts folder"
            log.info("%s skipped: no transcripts folder", run.name)
            continue
        if entry.needs_audit_config and not values["audit_config"]:
            run.status, run.reason = "skipped", "no audit configuration (--config audit.yaml)"
            log.info("%s skipped: no audit configuration", run.name)
            continue
        declared = notebook_parameters(notebook)
        parameters = {k: v for k, v in values.items() if k in declared}
        if "out_dir" in declared:
            parameters["out_dir"] = str(out / entry.out_subdir)
        log.info("running %s", run.name)
        clock = time.monotonic()
        try:
            executed = execute_notebook(notebook, out / run.name, parameters, cwd=notebooks_dir,
                                        kernel=kernel)
            run.notebook = run.name
            run.html = to_html(executed, index=INDEX_HTML).name
        except CcauditError as exc:
            run.status, run.reason = "failed", exc.reason
            run.notebook = run.name if (out / run.name).exists() else None
            log.error("%s", exc)
            return exc
        finally:
            run.seconds = round(time.monotonic() - clock, 1)
        run.status = "ok"
        headline = entry.headline(out, inputs) if entry.headline else Headline()
        run.headline, run.figures, run.problems = headline.sentence, headline.figures, headline.problems
        log.info("%s done in %.0f s: %s", run.name, run.seconds, run.headline or "rendered")
    return None


def run_audit(exports: str | Path | None = None, out: str | Path = "reports",
              config: str | Path | None = None, transcripts: str | Path | None = None,
              notebooks_dir: Path | None = None, audit_config: str | Path | None = None,
              jobs: int | None = None, scheduler: str | None = None) -> Path:
    """Execute the audit notebooks into ``out``; returns ``out/index.html``.

    With ``audit_config`` (the scheduled audit) its inputs, index and scanner settings are
    used and every report runs. Otherwise ``exports`` (and ``transcripts``, by default the
    ``transcripts`` folder beside ``exports``) are scanned and indexed into
    ``out/ccaudit.duckdb``, without the retention and readiness reports. The index is keyed
    by ``$CCAUDIT_KEY`` or the configured key file, which the notebooks' kernel reads as
    the command line does. ``jobs`` and ``scheduler``: where the scans and the index build
    run (default: the scanner configuration's ``compute`` section; :mod:`ccaudit.compute`).
    """
    from ccaudit.settings import load_config

    if audit_config is not None:
        inputs = AuditInputs.from_audit_config(audit_config)
    elif exports is not None:
        inputs = AuditInputs.from_folders(exports, transcripts, config)
    else:
        raise CcauditError("give an audit configuration or an exports folder")
    inputs = dataclasses.replace(inputs, jobs=jobs, scheduler=scheduler)
    with inputs.lock(load_config(inputs.config).index.lock_timeout):
        return run_notebooks(inputs, out, notebooks_dir=notebooks_dir)
