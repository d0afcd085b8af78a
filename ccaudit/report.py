"""Run the audit notebooks with papermill and export them as HTML for the DPO.

The notebooks hold no logic: they call ccaudit and explain what the reader sees. This
module executes them with parameters, renders each as self-contained HTML (code hidden,
nothing fetched from the network), and writes the run's ``index.html`` and
``summary.json`` from the files the notebooks wrote.

>>> run = new_run_folder("reports")                           # doctest: +SKIP
>>> run_audit(exports="data_samples/exports", out=run)         # doctest: +SKIP
PosixPath('reports/2026-11-28T152600Z/index.html')
"""
from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from ccaudit.errors import CcauditError

log = logging.getLogger(__name__)

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# nbconvert template (ccaudit/templates/ccaudit_report): JupyterLab's, without CDN scripts.
REPORT_TEMPLATE = "ccaudit_report"
# The audit's reports are registered in REPORTS (below the headline functions); notebook 06
# (one subject request) is run per request, not by the audit.
# Where notebook 02 writes its CSVs, under the report folder.
TRANSCRIPTS_SUBDIR = "transcripts"
# The subject index the audit builds, in the report folder.
INDEX_FILE = "ccaudit.duckdb"
INDEX_HTML = "index.html"
SUMMARY_JSON = "summary.json"
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

    @classmethod
    def from_folders(cls, exports: str | Path, transcripts: str | Path | None = None,
                     config: str | Path | None = None) -> AuditInputs:
        """Check the folders and the configuration before any work starts.

        ``transcripts`` defaults to the ``transcripts`` folder beside ``exports`` when there
        is one. A bad configuration raises :class:`~ccaudit.errors.ConfigError`.
        """
        from ccaudit.config import load_config

        exports = Path(exports).resolve()
        if not exports.exists():
            raise CcauditError("no such folder", source=str(exports))
        if transcripts is None:
            beside = exports.parent / "transcripts"
            transcripts = beside if beside.is_dir() else None
        elif not Path(transcripts).exists():
            raise CcauditError("no such folder", source=str(transcripts))
        if config is not None:
            load_config(config)
        return cls(exports=(exports,), transcripts=(Path(transcripts).resolve(),) if transcripts else (),
                   config=Path(config).resolve() if config else None)

    @classmethod
    def from_audit_config(cls, path: str | Path) -> AuditInputs:
        """Inputs, index and scanner settings from an audit configuration, checked whole
        before any work starts (:func:`~ccaudit.audit_config.load_audit_config`)."""
        from ccaudit.audit_config import load_audit_config

        audit = load_audit_config(path)
        for folder in audit.inputs.folders:
            if not folder.exists():
                raise CcauditError("no such folder (from inputs in the audit configuration)",
                                   source=str(folder))
        path = Path(path).resolve()
        return cls(exports=audit.inputs.exports, transcripts=audit.inputs.transcripts,
                   config=path, db=Path(audit.inputs.db).resolve(), audit_config=path)

    def index_path(self, out: Path) -> Path:
        return Path(self.db).resolve() if self.db else out / INDEX_FILE

    def notebook_values(self, out: Path) -> dict:
        """Every parameter value the audit can give; each notebook takes those it declares.
        One folder is given as a string, several as a list (the scans take either)."""
        def folders(paths: tuple[Path, ...]):
            return str(paths[0]) if len(paths) == 1 else [str(p) for p in paths]

        return {"exports_dir": folders(self.exports) if self.exports else "",
                "transcripts_dir": folders(self.transcripts) if self.transcripts else "",
                "config_path": str(self.config) if self.config else "",
                "db_path": str(self.index_path(out)),
                "audit_config": str(self.audit_config) if self.audit_config else ""}

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


# ---------------------------------------------------------------------- one notebook

def notebook_parameters(notebook: Path) -> set[str]:
    """The parameters a notebook declares in its ``parameters`` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def notebook_title(notebook: Path) -> str:
    """The notebook's first heading, as the reader sees it; its name when it has none."""
    import nbformat

    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def execute_notebook(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None) -> Path:
    """Execute ``notebook`` with papermill into ``output``; errors name notebook and cell.

    The error carries the exception's type only: its message may quote a value from the
    data, and the executed notebook (kept in ``output``) has the full traceback.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   cwd=str(cwd) if cwd else None, progress_bar=False,
                                   kernel_name="python3", log_output=False,
                                   # The kernel talks over loopback, its messages signed; its
                                   # warning about unencrypted TCP would fill the scheduler's log.
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        # Cells counted from 1, markdown included, as a reader of the executed notebook would.
        raise CcauditError(f"cell {exc.cell_index + 1} (In [{exc.exec_count}]) failed with "
                           f"{exc.ename}; the traceback is in {output}",
                           source=notebook.name) from None
    except Exception as exc:  # the kernel died, timed out or could not start
        raise CcauditError(f"the notebook could not run: {type(exc).__name__}",
                           source=notebook.name) from exc
    return output


class _ExternalResources(HTMLParser):
    """What a page would fetch: ``src`` of scripts, images, frames, and stylesheets."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "audio": "src",
             "video": "src", "source": "src", "object": "data", "link": "href"}
    # Modules that import a URL (itables' and plotly's connected modes do this).
    IMPORT = re.compile(r"""\bimport\s*(?:\(\s*|[^'"();]*?\bfrom\s*|)["'](?:https?:)?//""")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get(self.LOADS.get(tag, ""), None)
        if tag == "link" and "stylesheet" not in (attrs.get("rel") or "") \
                and "preload" not in (attrs.get("rel") or ""):
            url = None
        if url and re.match(r"^\s*(?:https?:|//|ftp:|ws:|wss:)", url, re.I):
            self.found.append(url)
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script:
            self.found += [m.group(0) for m in self.IMPORT.finditer(data)]


def external_resources(html: str) -> list[str]:
    """The network resources an HTML page would load (links a reader may click are not).

    >>> external_resources('<script src="https://cdn.example/x.js"></script><a href="https://a.b">a</a>')
    ['https://cdn.example/x.js']
    >>> external_resources('<script type="module">import {x} from "https://u.pkg/b.js";</script>')
    ['import {x} from "https://']
    """
    parser = _ExternalResources()
    parser.feed(html)
    return parser.found


def to_html(notebook: Path, index: str | None = None) -> Path:
    """Render an executed notebook as self-contained HTML with code cells hidden.

    The page loads nothing from the network (the notebook embeds plotly.js and the table
    script; the template drops JupyterLab's CDN scripts); a page that would is an error.
    ``index`` is the link back to the run's index page. Returns the HTML path.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=REPORT_TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4),
                                          resources={"ccaudit_back_link": index})
    remote = external_resources(body)
    if remote:
        raise CcauditError(f"the report would load {len(remote)} resource(s) from the network, "
                           f"first {remote[0]!r}", source=notebook.name)
    html = notebook.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


# ---------------------------------------------------------------------- headline figures

@dataclass
class Headline:
    """What a report says in one sentence, and its figures for summary.json."""

    sentence: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)   # for summary.json: no raw values


def _csv(path: Path):
    import pandas as pd

    return pd.read_csv(path, keep_default_na=False) if path.exists() else None


def exports_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 01's files.csv, columns.csv and errors.csv."""
    from ccaudit import plots

    files, columns, errors = (_csv(folder / f"{n}.csv") for n in ("files", "columns", "errors"))
    if files is None or columns is None or errors is None:
        return Headline()
    personal = columns[columns["entity_type"] != ""]
    return Headline(plots.scan_headline(files, columns, errors), {
        "clients": int(files["client"].nunique()),
        "files_scanned": int((files["status"] == "scanned").sum()),
        "unreadable_files": len(errors),
        "columns": len(columns),
        "columns_with_personal_data": len(personal),
        "high_sensitivity_columns": int((personal["sensitivity"] == "high").sum())})


def transcripts_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 02's transcript_calls.csv, transcript_findings.csv and errors.csv."""
    from ccaudit import plots

    folder = folder / TRANSCRIPTS_SUBDIR
    calls, findings, errors = (_csv(folder / f"{n}.csv") for n in
                               ("transcript_calls", "transcript_findings", "errors"))
    if calls is None or findings is None or errors is None:
        return Headline()
    for flag in ("has_card", "has_national_number"):
        calls[flag] = calls[flag].astype(str).str.lower() == "true"
    return Headline(plots.transcript_headline(calls, findings, errors), {
        "calls": len(calls),
        "findings": len(findings),
        "calls_with_findings": int((calls["findings"] > 0).sum()),
        "calls_with_card_number": int(calls["has_card"].sum()),
        "calls_with_national_number": int(calls["has_national_number"].sum()),
        "unreadable_files": len(errors)})


def index_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From the subject index notebook 03 built."""
    from ccaudit.index import queries
    from ccaudit.index.db import connect

    db = inputs.index_path(folder)
    if not db.exists():
        return Headline()
    con = connect(db, read_only=True)
    try:
        files, unreadable, subjects, identifiers = con.execute("""
            SELECT (SELECT count(*) FROM files WHERE status = 'indexed'),
                   (SELECT count(*) FROM files WHERE status = 'error'),
                   (SELECT count(*) FROM subjects), (SELECT count(*) FROM identifiers)
        """).fetchone()
        return Headline(queries.index_headline(con), {
            "files_indexed": files, "unreadable_files": unreadable, "subjects": subjects,
            "subjects_in_several_clients": len(queries.shared_subjects(con)),
            "identifiers": identifiers})
    finally:
        con.close()


def retention_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 04's retention_files.csv and retention_records.csv."""
    import pandas as pd

    from ccaudit import retention

    files, records = (_csv(folder / n) for n in (retention.FILES_CSV, retention.RECORDS_CSV))
    if files is None or records is None:
        return Headline()
    overdue = pd.to_numeric(files["overdue_records"], errors="coerce")
    files["overdue_records"] = overdue.fillna(0).astype("int64")
    late = files[files["status"] == retention.OVERDUE]
    unknown = files[files["status"].isin(retention.UNKNOWN)]
    problems = (
        [{"problem": "overdue_file", "client": r.client, "dataset": r.dataset, "file": r.file,
          "detail": f"received {r.received}, retention {r.retention}, due {r.expires}"}
         for r in late.itertuples()]
        + [{"problem": "overdue_records", "client": client, "dataset": group["dataset"].iloc[0],
            "file": file, "rows": sorted(int(x) for x in group["row"]),
            "detail": f"{len(group)} record(s) past their retention"}
           for (client, file), group in records.groupby(["client", "file"], sort=True)]
        + [{"problem": r.status.replace(" ", "_"), "client": r.client, "dataset": r.dataset,
            "file": r.file, "detail": r.reason} for r in unknown.itertuples()])
    return Headline(retention.headline(files), retention.headline_figures(files), problems)


def readiness_headline(folder: Path, inputs: AuditInputs) -> Headline:
    """From notebook 05's readiness_findings.csv, readiness_scores.csv and readiness_staff.csv."""
    found, scores, staff, matrix = (_csv(folder / f"readiness_{n}.csv")
                                    for n in ("findings", "scores", "staff", "status"))
    if found is None or scores is None or staff is None or matrix is None:
        return Headline()
    figures = {"checks": len(matrix),
               "ready": int((matrix["status"] == "ready").sum()),
               "at_risk": int((matrix["status"] == "at risk").sum()),
               "not_ready": int((matrix["status"] == "not ready").sum()),
               "problems": len(found)}
    figures.update({f"score_{r.client}": int(r.score) for r in scores.itertuples()})
    for kind in dict.fromkeys(found["kind"]):
        figures[kind] = int(found.loc[found["kind"] == kind, "count"].sum())
    # Agents are listed one problem each below, not as the findings' per-client lines.
    problems = [{"problem": r.kind, "client": r.client, "dataset": r.dataset, "count": int(r.count),
                 "detail": r.detail} for r in found.itertuples() if r.kind != "staff_not_trained"]
    for r in staff[staff["problem"] != ""].itertuples():
        for problem in r.problem.split("; "):
            problems.append({"problem": problem.replace(" ", "_"), "agent": r.agent,
                             "clients": r.clients, "detail": problem})
    worst = scores.iloc[0] if len(scores) else None
    sentence = (f"{figures['ready']} of {figures['checks']} right × dataset checks ready, "
                f"{figures['at_risk']} at risk, {figures['not_ready']} not ready; {len(found)} "
                f"problem(s) found" + (f"; lowest score {worst['client']} ({worst['score']} %)."
                                       if worst is not None else "."))
    return Headline(sentence, figures, problems)


@dataclass(frozen=True)
class Report:
    """One report of the audit: its notebook, what it needs to run, where its tables go, the
    headline read back from what it wrote, and the figures it adds to summary.json's totals.
    Adding a report is its notebook, its domain module and plots, and one entry in REPORTS."""

    notebook: str
    headline: Callable[[Path, AuditInputs], Headline] | None = None
    needs_transcripts: bool = False     # nothing to show without transcripts
    needs_audit_config: bool = False    # inventory, retention, training, requests
    out_subdir: str = ""                # its CSVs go to this subfolder of the report folder
    totals: tuple[tuple[str, str], ...] = ()   # (summary.json total, the headline's figure)


# In the order they run (each may build on the earlier ones).
REPORTS = (
    Report("01_discover_exports.ipynb", exports_headline, totals=(
        ("files_scanned", "files_scanned"), ("unreadable_files", "unreadable_files"),
        ("columns_with_personal_data", "columns_with_personal_data"))),
    Report("02_scan_transcripts.ipynb", transcripts_headline, needs_transcripts=True,
           out_subdir=TRANSCRIPTS_SUBDIR, totals=(
               ("files_scanned", "calls"), ("unreadable_files", "unreadable_files"),
               ("calls", "calls"), ("findings", "findings"))),
    Report("03_subject_index.ipynb", index_headline, totals=(
        ("subjects", "subjects"), ("subjects_in_several_clients", "subjects_in_several_clients"))),
    Report("04_retention_report.ipynb", retention_headline, needs_audit_config=True, totals=(
        ("overdue_files", "overdue_files"), ("overdue_records", "overdue_records"),
        ("files_not_in_inventory", "not_in_inventory"))),
    Report("05_rights_readiness.ipynb", readiness_headline, needs_audit_config=True, totals=(
        ("rights_checks_not_ready", "not_ready"), ("rights_checks_at_risk", "at_risk"),
        ("objection_violations", "objection_violation"), ("late_requests", "late_request"),
        ("agents_not_trained", "staff_not_trained"))),
)
AUDIT_NOTEBOOKS = tuple(r.notebook for r in REPORTS)


def report_of(notebook: str) -> Report:
    """The registry's entry for a notebook; a notebook not registered runs with no headline."""
    return next((r for r in REPORTS if r.notebook == notebook), Report(notebook))


TOTAL_LABELS = {"files_scanned": "files scanned", "unreadable_files": "unreadable files",
                "columns_with_personal_data": "columns with personal data", "calls": "calls",
                "findings": "findings in calls", "subjects": "data subjects",
                "subjects_in_several_clients": "subjects in several clients' data",
                "overdue_files": "files held past retention", "overdue_records": "records held past retention",
                "files_not_in_inventory": "files not in the inventory",
                "rights_checks_not_ready": "rights checks not ready",
                "rights_checks_at_risk": "rights checks at risk",
                "objection_violations": "records of objectors in later data",
                "late_requests": "requests answered late", "agents_not_trained": "agents not trained or unsigned"}


# ---------------------------------------------------------------------- the run

@dataclass
class NotebookRun:
    """One audit notebook in a run: what became of it, and what its report says."""

    name: str
    title: str
    status: str = "not run"          # ok | failed | skipped | not run
    reason: str = ""                 # why it failed or was skipped
    seconds: float | None = None
    notebook: str | None = None      # the executed notebook, relative to the run folder
    html: str | None = None
    headline: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)


def totals(runs: list[NotebookRun]) -> dict[str, int | None]:
    """The run's headline figures, added up from the notebooks that ran (None: none did)."""
    by_name = {run.name: run for run in runs}
    out: dict[str, int | None] = {name: None for r in REPORTS for name, _ in r.totals}
    for r in REPORTS:
        run = by_name.get(r.notebook)
        if run is None or not run.figures:
            continue
        for name, figure in r.totals:  # a figure a report did not give is none found
            out[name] = (out[name] or 0) + run.figures.get(figure, 0)
    return out


def write_summary(out: Path, run_id: str, started: datetime, inputs: AuditInputs,
                  runs: list[NotebookRun]) -> Path:
    """Write ``summary.json`` (machine-readable) and ``index.html`` (for the DPO) into ``out``."""
    from ccaudit import __version__

    failed = next((run for run in runs if run.status == "failed"), None)
    finished = datetime.now(timezone.utc)
    summary = {
        "run": run_id, "status": "failed" if failed else "ok",
        "failure": {"notebook": failed.name, "reason": failed.reason} if failed else None,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round((finished - started).total_seconds(), 1),
        "ccaudit_version": __version__, "inputs": inputs.describe(out),
        "totals": totals(runs),
        # Every problem the reports found, for a scheduler to act on (no raw values).
        "problems": [{"report": run.name, **problem} for run in runs for problem in run.problems],
        "notebooks": [asdict(run) for run in runs]}
    (out / SUMMARY_JSON).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    return write_index(out, summary)


def write_index(out: Path, summary: dict) -> Path:
    """Render the run's ``index.html`` from its summary: headline figures, one link per report."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    data_files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                        if p.is_file() and p.suffix in (".csv", ".duckdb"))
    html = env.get_template("audit_index.html.j2").render(
        summary=summary, labels=TOTAL_LABELS, data_files=data_files,
        css=(TEMPLATES_DIR / REPORT_TEMPLATE / "report.css").read_text(encoding="utf-8"))
    index = out / INDEX_HTML
    index.write_text(html, encoding="utf-8")
    return index


def run_notebooks(inputs: AuditInputs, out: str | Path,
                  notebooks: tuple[str, ...] | None = None,
                  notebooks_dir: Path | None = None) -> Path:
    """Execute the audit notebooks (default :data:`AUDIT_NOTEBOOKS`) in order into ``out``
    and render each as HTML; write ``summary.json`` and ``index.html``; returns the index.

    Each notebook is given only the parameters it declares. The first failing notebook
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
    failure: CcauditError | None = None
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
            executed = execute_notebook(notebook, out / run.name, parameters, cwd=notebooks_dir)
            run.notebook = run.name
            run.html = to_html(executed, index=INDEX_HTML).name
        except CcauditError as exc:
            run.status, run.reason, failure = "failed", exc.reason, exc
            run.notebook = run.name if (out / run.name).exists() else None
            log.error("%s", exc)
            break
        finally:
            run.seconds = round(time.monotonic() - clock, 1)
        run.status = "ok"
        headline = entry.headline(out, inputs) if entry.headline else Headline()
        run.headline, run.figures, run.problems = headline.sentence, headline.figures, headline.problems
        log.info("%s done in %.0f s: %s", run.name, run.seconds, run.headline or "rendered")
    index = write_summary(out, run_id, started, inputs, runs)
    if failure is not None:
        raise AuditFailed(failure.reason, source=failure.source, index=index)
    return index


def run_audit(exports: str | Path | None = None, out: str | Path = "reports",
              config: str | Path | None = None, transcripts: str | Path | None = None,
              notebooks_dir: Path | None = None, audit_config: str | Path | None = None) -> Path:
    """Execute the audit notebooks into ``out``; returns ``out/index.html``.

    With ``audit_config`` (the scheduled audit) its inputs, index and scanner settings are
    used and every report runs. Otherwise ``exports`` (and ``transcripts``, by default the
    ``transcripts`` folder beside ``exports``) are scanned and indexed into
    ``out/ccaudit.duckdb``, without the retention and readiness reports. The index is keyed
    by ``$CCAUDIT_KEY`` or the configured key file, which the notebooks' kernel reads as
    the command line does.
    """
    if audit_config is not None:
        inputs = AuditInputs.from_audit_config(audit_config)
    elif exports is not None:
        inputs = AuditInputs.from_folders(exports, transcripts, config)
    else:
        raise CcauditError("give an audit configuration or an exports folder")
    return run_notebooks(inputs, out, notebooks_dir=notebooks_dir)
