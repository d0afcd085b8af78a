"""Notebooks stay thin and parameterized; they are executed by nbval (see pyproject) and here
through papermill and HTML export, as `ccaudit audit run` does."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_parameterized_thin_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "data_samples" in code[0].source
    # Every parameter documents itself (papermill --help-notebook reads `name: type = x  # help`).
    for line in filter(None, code[0].source.splitlines()):
        assert re.match(r"^\w+: \w+ = .+  # .+", line), line
    for cell in code[1:]:
        assert len(cell.source.splitlines()) <= 8, "logic belongs in the ccaudit package"
        assert "import" not in cell.source or "ccaudit" in cell.source
    # Committed notebooks carry no outputs: nothing from a scan is saved in git.
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert any(c.cell_type == "markdown" for c in nb.cells)


class _Text(HTMLParser):
    """The text a reader sees in an HTML report, and its headings."""

    def __init__(self):
        super().__init__()
        self.headings, self.text, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self._in = tag

    def handle_data(self, data):
        self.text.append(data)
        if self._in in ("h1", "h2"):
            self.headings.append(data.strip())


def _read_html(path: Path) -> tuple[str, _Text]:
    html = path.read_text(encoding="utf-8")
    parsed = _Text()
    parsed.feed(html)
    return html, parsed


# Raw values the samples hold; a report may show them masked only.
RAW_VALUES = {
    # The local part starts where its run of characters starts: the reports embed long
    # base64 scripts, on which an unanchored pattern takes minutes.
    "e-mail": r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+\.(?:be|com|fr|nl|uk)\b",
    "IBAN": r"\b(?:BE|NL|FR)\d{2} ?[\dA-Z]{4} ?\d{4} ?\d{4}",
    "phone": r"\b0\d{3} \d{2} \d{2} \d{2}\b",
    "card": r"\b\d{4} \d{4} \d{4} \d{4}\b",
}


# The kernel talks to papermill over loopback; every other host stays blocked.
@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_audit_run_renders_html_without_code_or_raw_values(samples_dir, run_folder):
    # The session's one audit run on the samples (conftest.py).
    tmp_path = run_folder
    assert (tmp_path / "index.html").is_file()
    html, _ = _read_html(tmp_path / "01_discover_exports.html")
    assert "scan_exports(" not in html                      # code cells hidden
    assert '"type":"heatmap"' in html                        # the plotly chart is embedded
    assert not re.search(RAW_VALUES["e-mail"], html)
    assert not re.search(r"\bBE\d{2} ?\d{4} ?\d{4} ?\d{4}\b", html)
    assert (tmp_path / "columns.csv").exists() and (tmp_path / "errors.csv").exists()

    transcripts_html = tmp_path / "02_scan_transcripts.html"
    html, parsed = _read_html(transcripts_html)
    assert "scan_transcripts(" not in html
    assert '"type":"bar"' in html
    assert "Calls with card numbers (PCI DSS) or national numbers" in parsed.headings
    for kind, pattern in RAW_VALUES.items():
        assert not re.search(pattern, html), kind
    # No value the gold file lists (the raw words said) reaches the report.
    gold = pd.read_csv(samples_dir / "gold" / "transcript_spans.csv")
    numbers = gold[~gold["entity_type"].isin(["PERSON", "LOCATION"]) & ~gold["spoken"]]
    leaked = [t for t in numbers["text"] if t in html]
    assert not leaked, f"{len(leaked)} raw value(s) in the report"
    assert (tmp_path / "transcripts" / "transcript_findings.csv").exists()
    assert (tmp_path / "transcripts" / "transcript_calls.csv").exists()

    # Each notebook was given only the parameters it declares.
    injected = [c.source for c in nbformat.read(tmp_path / "01_discover_exports.ipynb", 4).cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "transcripts_dir" not in injected[0] and "exports_dir" in injected[0]

    # The subject index: built into the report folder, shown with pseudonymous ids and counts.
    index_html = tmp_path / "03_subject_index.html"
    html, parsed = _read_html(index_html)
    assert "build_index(" not in html and "queries." not in html
    assert (tmp_path.parent / "ccaudit.duckdb").exists()  # the audit configuration's index
    assert {"Data subjects per client", "Data subjects found in several clients' data",
            "Can a request reach every record? Identifier coverage per file"} <= set(parsed.headings)
    assert '"type":"bar"' in html
    for kind, pattern in RAW_VALUES.items():
        assert not re.search(pattern, html), kind
    assert not [t for t in numbers["text"] if t in html]
    injected = [c.source for c in nbformat.read(tmp_path / "03_subject_index.ipynb", 4).cells
                if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "out_dir" not in injected[0] and "ccaudit.duckdb" in injected[0]


def test_notebook_parameters_are_read_from_the_parameters_cell():
    from ccaudit.report.execute import notebook_parameters
    from ccaudit.report.registry import AUDIT_NOTEBOOKS

    assert notebook_parameters(ROOT / "notebooks" / "02_scan_transcripts.ipynb") == {
        "transcripts_dir", "out_dir", "config_path", "jobs", "scheduler", "cache_dir", "progress"}
    assert notebook_parameters(ROOT / "notebooks" / "03_subject_index.ipynb") == {
        "exports_dir", "transcripts_dir", "db_path", "config_path", "jobs", "scheduler", "progress"}
    assert notebook_parameters(ROOT / "notebooks" / "06_subject_request.ipynb") >= {
        "id_type", "value", "right", "db_path", "out_dir"}
    assert all((ROOT / "notebooks" / name).exists() for name in AUDIT_NOTEBOOKS)
    # The index follows the scans; a single request's notebook is not part of the audit.
    assert AUDIT_NOTEBOOKS.index("03_subject_index.ipynb") == AUDIT_NOTEBOOKS.index(
        "02_scan_transcripts.ipynb") + 1
    assert "06_subject_request.ipynb" not in AUDIT_NOTEBOOKS


def test_the_request_notebook_offers_every_right():
    from ccaudit.audit.requests import RIGHTS

    params = nbformat.read(ROOT / "notebooks" / "06_subject_request.ipynb", 4).cells[1].source
    help_line = next(line for line in params.splitlines() if line.startswith("right:"))
    assert all(right in help_line for right in RIGHTS)


def test_audit_run_without_transcripts_folder_skips_notebook_02(tmp_path, monkeypatch):
    from ccaudit.report import run as report

    (tmp_path / "exports").mkdir()
    ran = []
    monkeypatch.setattr(report, "execute_notebook",
                        lambda nb, out, parameters, cwd=None, kernel=None: ran.append((nb.name, parameters)) or out)
    monkeypatch.setattr(report, "to_html", lambda nb, **kw: nb.with_suffix(".html"))
    report.run_audit(exports=tmp_path / "exports", out=tmp_path / "out")
    # The subject index is built from the exports alone.
    assert [name for name, _ in ran] == ["01_discover_exports.ipynb", "03_subject_index.ipynb"]
    assert dict(ran)["03_subject_index.ipynb"] == {
        "exports_dir": str((tmp_path / "exports").resolve()), "transcripts_dir": "",
        "config_path": "", "db_path": str((tmp_path / "out" / "ccaudit.duckdb").resolve()),
        "jobs": 0, "scheduler": "", "progress": False}

    (tmp_path / "calls").mkdir()
    ran.clear()
    report.run_audit(exports=tmp_path / "exports", out=tmp_path / "out",
                     transcripts=tmp_path / "calls")
    parameters = dict(ran)["02_scan_transcripts.ipynb"]
    assert parameters == {"transcripts_dir": str((tmp_path / "calls").resolve()),
                          "out_dir": str((tmp_path / "out" / "transcripts").resolve()),
                          "config_path": "", "progress": False, "jobs": 0, "scheduler": "",
                          # Saved scan results outlive the run folder: beside the run folders.
                          "cache_dir": str(tmp_path.resolve() / "scan-cache")}


def test_audit_run_names_a_missing_transcripts_folder(tmp_path):
    from ccaudit.errors import CcauditError
    from ccaudit.report.run import run_audit

    (tmp_path / "exports").mkdir()
    with pytest.raises(CcauditError, match="no such folder"):
        run_audit(exports=tmp_path / "exports", out=tmp_path / "out",
                  transcripts=tmp_path / "nowhere")


def test_the_request_notebook_defaults_to_a_subject_planted_in_several_clients_data():
    """Its default identifier is one the gold file's planted subjects hold, in more than one
    client's exports, so the notebook shows both a processor's and a controller's plan."""
    import ast

    import papermill

    from ccaudit.index.identifiers import normalise
    from ccaudit.sources.tables import read_tables

    defaults = {name: ast.literal_eval(p["default"]) for name, p in papermill.inspect_notebook(
        str(ROOT / "notebooks" / "06_subject_request.ipynb")).items()}
    wanted = normalise(defaults["id_type"], defaults["value"])
    assert wanted, "the default value is a valid identifier"
    samples = ROOT / "data_samples"
    gold = pd.read_csv(samples / "gold" / "subjects.csv", keep_default_na=False)
    gold = gold[(gold["kind"] == "export") & (gold["identifier_type"] == defaults["id_type"])]
    holders = set()
    for source, rows in gold.groupby("source"):
        want = {(sheet, int(row)): subject for sheet, row, subject
                in zip(rows["sheet"], rows["row"], rows["subject"])}
        for chunk in read_tables(samples / "exports" / source):
            for index, record in chunk.frame.iterrows():
                subject = want.get((chunk.sheet or "", int(index)))
                if subject and any(normalise(defaults["id_type"], v) == wanted
                                   for v in record.dropna()):
                    holders.add((subject, source.split("/")[0]))
    assert len({subject for subject, _ in holders}) == 1, holders
    assert len({client for _, client in holders}) >= 2, holders


def _audit_yaml(tmp_path: Path, samples: Path, **inputs) -> Path:
    import yaml

    data = yaml.safe_load((samples / "audit.yaml").read_text(encoding="utf-8"))
    data["inputs"] = {"exports": [str((samples / f).resolve()) for f in ("exports", "outbound")],
                      "transcripts": str((samples / "transcripts").resolve()),
                      "db": str(tmp_path / "index.duckdb"), **inputs}
    path = tmp_path / "audit.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_audit_run_with_an_audit_configuration_runs_every_report_on_its_inputs(
        tmp_path, monkeypatch, samples_dir):
    from ccaudit.report import run as report

    config = _audit_yaml(tmp_path, samples_dir)
    ran = []
    monkeypatch.setattr(report, "execute_notebook",
                        lambda nb, out, parameters, cwd=None, kernel=None: ran.append((nb.name, parameters)) or out)
    monkeypatch.setattr(report, "to_html", lambda nb, **kw: nb.with_suffix(".html"))
    report.run_audit(audit_config=config, out=tmp_path / "out")
    assert [name for name, _ in ran] == list(report.AUDIT_NOTEBOOKS)
    given = dict(ran)
    # The index is the configuration's inputs.db; the scans read its scanner section.
    assert given["03_subject_index.ipynb"]["db_path"] == str(tmp_path / "index.duckdb")
    assert given["01_discover_exports.ipynb"]["config_path"] == str(config)
    # The scans' saved results live beside that index, so a re-run scans only what changed.
    assert given["01_discover_exports.ipynb"]["cache_dir"] == str(tmp_path / "scan-cache")
    assert given["02_scan_transcripts.ipynb"]["cache_dir"] == str(tmp_path / "scan-cache")
    assert given["04_retention_report.ipynb"] == {
        "audit_config": str(config), "db_path": str(tmp_path / "index.duckdb"),
        "out_dir": str((tmp_path / "out").resolve())}
    assert given["05_rights_readiness.ipynb"]["audit_config"] == str(config)
    # The register reads the scans of the same run.
    assert given["07_records_of_processing.ipynb"]["results_dir"] == str((tmp_path / "out").resolve())


def test_audit_run_without_an_audit_configuration_skips_retention_and_readiness(tmp_path, monkeypatch):
    from ccaudit.report import run as report

    (tmp_path / "exports").mkdir()
    monkeypatch.setattr(report, "execute_notebook", lambda nb, out, parameters, cwd=None, kernel=None: out)
    monkeypatch.setattr(report, "to_html", lambda nb, **kw: nb.with_suffix(".html"))
    report.run_audit(exports=tmp_path / "exports", out=tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    skipped = {n["name"]: n["reason"] for n in summary["notebooks"] if n["status"] == "skipped"}
    assert set(skipped) == {"02_scan_transcripts.ipynb", "04_retention_report.ipynb",
                            "05_rights_readiness.ipynb", "07_records_of_processing.ipynb"}
    assert "audit configuration" in skipped["04_retention_report.ipynb"]


def test_cli_audit_run_refuses_a_bad_audit_configuration_before_any_work(tmp_path, samples_dir,
                                                                         monkeypatch):
    from typer.testing import CliRunner

    from ccaudit.report import run as report
    from ccaudit.cli import app

    monkeypatch.setattr(report, "execute_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    config = _audit_yaml(tmp_path, samples_dir)
    text = config.read_text(encoding="utf-8").replace("retention: P1M", "retention: one month", 1)
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "run", "--config", str(config), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "inventory[0].retention" in result.stderr and str(config) in result.stderr
    assert not (tmp_path / "r").exists()

    missing = _audit_yaml(tmp_path, samples_dir, exports=str(tmp_path / "nowhere"))
    result = CliRunner().invoke(app, ["audit", "run", "--config", str(missing), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "nowhere" in result.stderr

    good = _audit_yaml(tmp_path, samples_dir)
    result = CliRunner().invoke(app, ["audit", "run", "--config", str(good), "--exports",
                                      str(samples_dir / "exports"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "audit configuration's inputs" in result.stderr


def test_the_transcripts_folder_beside_the_exports_is_found_without_being_named(samples_dir, tmp_path):
    from ccaudit.report.run import AuditInputs

    inputs = AuditInputs.from_folders(samples_dir / "exports")
    assert inputs.transcripts == ((samples_dir / "transcripts").resolve(),)
    (tmp_path / "exports").mkdir()
    assert AuditInputs.from_folders(tmp_path / "exports").transcripts == ()
