"""Run the audit notebooks with papermill and export them as HTML for the DPO.

The notebooks hold no logic: they call ccaudit and explain what the reader sees. This
module executes them with parameters and renders HTML with code cells hidden.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ccaudit.errors import CcauditError

log = logging.getLogger(__name__)

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# In order; later issues add the reports. 06_subject_request is run per request, not here.
AUDIT_NOTEBOOKS = ("01_discover_exports.ipynb", "02_scan_transcripts.ipynb",
                   "03_subject_index.ipynb")
# Notebooks whose CSVs go to a subfolder of the report folder.
OUT_SUBDIRS = {"02_scan_transcripts.ipynb": "transcripts"}
# Notebooks that have nothing to show without transcripts (others take them when given).
NEEDS_TRANSCRIPTS = {"02_scan_transcripts.ipynb"}
# The subject index the audit builds, in the report folder.
INDEX_FILE = "ccaudit.duckdb"


def notebook_parameters(notebook: Path) -> set[str]:
    """The parameters a notebook declares in its ``parameters`` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def execute_notebook(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None) -> Path:
    """Execute ``notebook`` with papermill into ``output``; errors name notebook and cell."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   cwd=str(cwd) if cwd else None, progress_bar=False,
                                   kernel_name="python3", log_output=False)
    except PapermillExecutionError as exc:
        raise CcauditError(f"cell {exc.exec_count} failed with {exc.ename}",
                           source=notebook.name) from None
    return output


def to_html(notebook: Path) -> Path:
    """Render an executed notebook as HTML with code cells hidden; returns the HTML path."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    html = notebook.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def run_audit(exports: str | Path, out: str | Path, config: str | Path | None = None,
              transcripts: str | Path | None = None,
              notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    """Execute the audit notebooks into ``out``; returns the main HTML path.

    ``transcripts`` defaults to the ``transcripts`` folder beside ``exports`` when there is
    one; without transcripts the notebooks that need them are skipped. Each notebook is
    given only the parameters it declares; the subject index is built into
    ``out/ccaudit.duckdb`` (keyed by ``$CCAUDIT_KEY`` or the configured key file, which the
    notebook's kernel reads as the command line does).
    """
    out = Path(out).resolve()
    exports = Path(exports).resolve()
    if not exports.exists():
        raise CcauditError("no such folder", source=str(exports))
    if transcripts is None:
        beside = exports.parent / "transcripts"
        transcripts = beside if beside.is_dir() else None
    elif not Path(transcripts).exists():
        raise CcauditError("no such folder", source=str(transcripts))
    values = {"exports_dir": str(exports),
              "transcripts_dir": str(Path(transcripts).resolve()) if transcripts else "",
              "config_path": str(Path(config).resolve()) if config else "",
              "db_path": str(out / INDEX_FILE)}
    htmls = []
    for name in AUDIT_NOTEBOOKS:
        notebook = notebooks_dir / name
        declared = notebook_parameters(notebook)
        if name in NEEDS_TRANSCRIPTS and not values["transcripts_dir"]:
            log.info("no transcripts folder: %s skipped", name)
            continue
        parameters = {k: v for k, v in values.items() if k in declared}
        if "out_dir" in declared:
            parameters["out_dir"] = str(out / OUT_SUBDIRS.get(name, ""))
        executed = execute_notebook(notebook, out / name, parameters, cwd=notebooks_dir)
        htmls.append(to_html(executed))
        log.info("rendered %s", htmls[-1])
    return htmls[0]
