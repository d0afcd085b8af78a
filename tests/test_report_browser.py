"""The audit's HTML as the DPO opens it: Debian's Chromium, headless, with no network.

One `ccaudit audit run` on the samples (module fixture), then every page of the run
folder is opened in Chromium through the DevTools protocol (a small stdlib websocket
client: selenium is not a dependency) and must render its charts and tables, log no
error, and request nothing but its own file. A second test reads every file of the run
folder, the DuckDB file included, for the raw identifiers the samples hold.

Chromium missing is a failure, not a skip: `.ci/run` installs it (`apt-get install chromium`).
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pandas as pd
import pytest
from typer.testing import CliRunner

from browser import Page, _forms, _tokens, chromium_session
from browser import raw_identifiers as browser_raw_identifiers

# The notebooks' kernels and the DevTools websocket talk over loopback; nothing else.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])

REPORTS = ("01_discover_exports", "02_scan_transcripts", "03_subject_index",
           "04_retention_report", "05_rights_readiness", "07_records_of_processing")
# What a page may load: itself and what it carries (DataTables imports its bundle from a blob:).
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
# What a chart may measure to print whole: the report's A4 landscape page, less its margins
# and the output's indent, in CSS pixels (the browser window below is wider, 1280 px).
PRINTED_WIDTH = 900


# ---------------------------------------------------------------------- the audit run, once
# `audit_yaml` and `run_folder` are session fixtures (conftest.py): test_notebooks reads the
# same run.

@pytest.fixture(scope="module")
def summary(run_folder) -> dict:
    return json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))


def test_the_run_folder_is_named_by_its_utc_start_and_holds_every_report(run_folder, summary):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}Z", run_folder.name)
    for name in REPORTS:
        assert (run_folder / f"{name}.ipynb").exists() and (run_folder / f"{name}.html").exists()
    for data in ("columns.csv", "errors.csv", "files.csv", "transcripts/transcript_calls.csv",
                 "transcripts/transcript_findings.csv", "retention_files.csv",
                 "retention_records.csv", "readiness_findings.csv", "readiness_status.csv",
                 "records_register.csv", "records_problems.csv", "records_of_processing.xlsx",
                 "summary.json"):
        assert (run_folder / data).exists(), data
    # The index is the configuration's (inputs.db): kept between scheduled runs.
    assert summary["inputs"]["index"] == str(run_folder.parent / "ccaudit.duckdb")
    assert Path(summary["inputs"]["index"]).exists()


def test_summary_json_holds_the_headline_figures_and_each_notebooks_status(run_folder, summary,
                                                                           samples_dir):
    assert summary["run"] == run_folder.name and summary["status"] == "ok" and summary["failure"] is None
    assert [n["name"] for n in summary["notebooks"]] == [f"{r}.ipynb" for r in REPORTS]
    assert all(n["status"] == "ok" and n["html"] and n["headline"] for n in summary["notebooks"])
    totals = summary["totals"]
    gold_errors = len(pd.read_csv(samples_dir / "gold" / "errors.csv"))
    gold_call_errors = len(pd.read_csv(samples_dir / "gold" / "transcript_errors.csv"))
    gold_calls = len(pd.read_csv(samples_dir / "gold" / "transcript_calls.csv"))
    assert totals["unreadable_files"] == gold_errors + gold_call_errors
    assert totals["calls"] == gold_calls
    exports = next(n for n in summary["notebooks"] if n["name"] == "01_discover_exports.ipynb")
    assert totals["files_scanned"] == exports["figures"]["files_scanned"] + gold_calls
    assert totals["columns_with_personal_data"] > 0 and totals["findings"] > 0
    # The planted subjects (some in several clients' data) are linked in the index.
    planted = pd.read_csv(samples_dir / "gold" / "subjects.csv")
    assert totals["subjects"] > 0
    assert totals["subjects_in_several_clients"] >= 1 and planted["subject"].nunique() >= 1
    assert summary["inputs"]["transcripts"] == [str((samples_dir / "transcripts").resolve())]


# The kind of problem each report gives for the generator's planted problems.
PLANTED = {"overdue_file": "overdue_file", "overdue_records": "overdue_records",
           "not_in_inventory": "not_in_inventory", "objector_in_later_data": "objection_violation",
           "late_request": "late_request", "exam_failed": "exam_failed",
           "code_of_conduct_unsigned": "code_of_conduct_unsigned", "undeclared_data": "undeclared_data",
           "declared_not_found": "declared_not_found", "cross_client_leak": "cross_client_leak",
           "unsafe_transfer": "unsafe_transfer"}
RECORDS = ("undeclared_data", "declared_not_found", "cross_client_leak", "unsafe_transfer")


def test_summary_json_names_every_problem_planted_in_the_samples_and_no_other(summary, samples_dir):
    gold = pd.read_csv(samples_dir / "gold" / "audit_problems.csv", keep_default_na=False)
    problems = summary["problems"]
    found = {(p["problem"], p.get("file", "")) for p in problems}
    for g in gold.itertuples():
        kind = PLANTED[g.problem]
        if kind in ("overdue_file", "overdue_records", "not_in_inventory"):
            assert (kind, g.file) in found, (kind, g.file)
        if kind == "overdue_records":
            rows = next(p["rows"] for p in problems if p["problem"] == kind and p["file"] == g.file)
            assert rows == [int(r) for r in g.detail.split("rows ")[1].split()]
        if kind == "objection_violation":
            hit = [p for p in problems if p["problem"] == kind and p["client"] == g.client]
            assert hit and hit[0]["dataset"] == g.dataset and hit[0]["count"] == 1, hit
        if kind == "late_request":
            assert any(p["problem"] == kind and g.detail.split()[0] in p["detail"] for p in problems)
        if kind in ("exam_failed", "code_of_conduct_unsigned"):
            agent = g.detail.split()[0]
            assert any(p["problem"] == kind and p.get("agent") == agent for p in problems), agent
    # Nothing else of those kinds: every overdue file, late request, agent... is planted.
    planted_files = {(PLANTED[g.problem], g.file) for g in gold.itertuples() if g.file}
    for p in problems:
        if p["problem"] in ("overdue_file", "overdue_records", "not_in_inventory"):
            assert (p["problem"], p["file"]) in planted_files, p
    agents = {g.detail.split()[0] for g in gold.itertuples()
              if g.problem in ("exam_failed", "code_of_conduct_unsigned")}
    assert {p["agent"] for p in problems if "agent" in p} == agents
    # The records of processing: every planted problem (kind, client, dataset, file), no other.
    planted = sorted((g.problem, g.client, g.dataset, g.file) for g in gold.itertuples() if g.problem in RECORDS)
    assert sorted((p["problem"], p["client"], p["dataset"], p["file"]) for p in problems
                  if p["problem"] in RECORDS) == planted
    totals = summary["totals"]
    assert totals["cross_client_leaks"] == 1 and totals["unsafe_transfers"] == 1
    assert totals["overdue_files"] == (gold["problem"] == "overdue_file").sum()
    assert totals["files_not_in_inventory"] == (gold["problem"] == "not_in_inventory").sum()
    assert totals["late_requests"] == (gold["problem"] == "late_request").sum()
    assert totals["objection_violations"] == (gold["problem"] == "objector_in_later_data").sum()
    assert totals["agents_not_trained"] == len(agents)


def test_index_links_every_report_with_its_headline(run_folder):
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs, self.figures = [], {}
            self._figure = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "a":
                self.hrefs.append(attrs["href"])
            if tag == "li" and "data-figure" in attrs:
                self._figure = attrs["data-figure"]

        def handle_data(self, data):
            if self._figure and data.strip() and self._figure not in self.figures:
                self.figures[self._figure] = int(data.strip().replace(",", ""))

    parsed = Links()
    parsed.feed((run_folder / "index.html").read_text(encoding="utf-8"))
    assert {f"{r}.html" for r in REPORTS} <= set(parsed.hrefs)
    assert all((run_folder / href).exists() for href in parsed.hrefs)
    summary = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    assert parsed.figures == {k: v for k, v in summary["totals"].items() if v is not None}


# ---------------------------------------------------------------------- Chromium over DevTools

@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    with chromium_session(tmp_path_factory.mktemp("chromium-profile")) as devtools:
        yield devtools


def _plotly_outputs(notebook: Path) -> int:
    """How many figures the executed notebook holds (each output calling Plotly.newPlot)."""
    nb = nbformat.read(notebook, as_version=4)
    return sum("Plotly.newPlot" in "".join(o.get("data", {}).get("text/html", ""))
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_draws_its_charts_and_tables_offline_without_errors(run_folder, chromium, name):
    page = Page(chromium, (run_folder / f"{name}.html").as_uri())
    try:
        expected = _plotly_outputs(run_folder / f"{name}.ipynb")
        state = page.settle(lambda s: s["figures"] == s["drawn"] and s["itables"] == s["tables"])
        assert expected >= 1 and state["figures"] == expected and state["drawn"] == expected, state
        assert state["tables"] >= 1 and state["tables"] == state["itables"] and state["rows"] > 0, state
        # Sortable: a click on a column's order control sorts the table by it.
        assert page.evaluate("""(async () => {
            const th = document.querySelector('table.dataTable thead th.dt-orderable-asc');
            th.querySelector('.dt-column-order').click();
            await new Promise(r => setTimeout(r, 100));
            return th.getAttribute('aria-sort');
        })()""") in ("ascending", "descending")
        # Printed: charts are drawn once, on screen, so none may be wider than the content
        # of a printed page (A4 landscape, 12 mm margins: about 960 px); no search boxes.
        widest = page.evaluate("Math.max(...[...document.querySelectorAll('svg.main-svg')]"
                               ".map(s => s.getBoundingClientRect().width))")
        assert 400 < widest <= PRINTED_WIDTH, widest
        page.devtools.call("Emulation.setEmulatedMedia", {"media": "print"}, session=page.session)
        assert page.evaluate("[...document.querySelectorAll('.dt-search')]"
                             ".filter(e => getComputedStyle(e).display !== 'none').length") == 0
        pdf = page.devtools.call("Page.printToPDF", {"preferCSSPageSize": True}, session=page.session)
        assert base64.b64decode(pdf["data"]).startswith(b"%PDF")
        assert page.errors() == []
        remote = [url for url in page.requests() if urlparse(url).scheme not in LOCAL_SCHEMES]
        assert remote == [], remote
        assert page.requests()[0] == (run_folder / f"{name}.html").as_uri()
    finally:
        page.close()


# Each report page, and its executed notebook, stays light enough to send by e-mail.
MAX_PAGE_BYTES = 2_000_000


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_page_is_light(run_folder, name):
    for suffix in (".html", ".ipynb"):
        size = (run_folder / f"{name}{suffix}").stat().st_size
        assert size <= MAX_PAGE_BYTES, f"{name}{suffix}: {size:,} bytes"
    html = (run_folder / f"{name}.html").read_text(encoding="utf-8")
    # plotly.js and the table script are embedded once each, compressed.
    assert html.count("window.ccauditPlotly = ") == 1
    assert html.count("DecompressionStream") == 3     # plotly.js, the table script, its CSS


def test_the_index_page_opens_offline_without_errors(run_folder, chromium):
    page = Page(chromium, (run_folder / "index.html").as_uri())
    try:
        assert page.evaluate("document.querySelectorAll('#reports a').length") >= len(REPORTS)
        assert page.evaluate("document.querySelectorAll('#figures li').length") >= 5
        assert page.errors() == []
        assert [u for u in page.requests() if urlparse(u).scheme not in LOCAL_SCHEMES] == []
    finally:
        page.close()


# ---------------------------------------------------------------------- no raw identifier

@pytest.fixture(scope="module")
def raw_identifiers(samples_dir) -> set[str]:
    return browser_raw_identifiers(samples_dir)


def test_the_leak_check_finds_identifiers_where_they_are(raw_identifiers, samples_dir):
    """The check below is not vacuous: it finds the samples' identifiers in the samples,
    whatever their spelling."""
    assert len(raw_identifiers) > 1000
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted((samples_dir / "exports").rglob("*.csv")))
    assert len(_tokens(text) & raw_identifiers) > 300
    for spelling in ("0475 12 34 56", "0475/12.34.56", "+32 475 12 34 56", "0032475123456"):
        assert _tokens(f"x {spelling}, y") & _forms("phone", "+32475123456"), spelling


def _texts(path: Path) -> list[str]:
    """What a file of the report folder holds as text; for the DuckDB index, its raw bytes
    and every value of its tables (its strings may be stored compressed); for a workbook
    (zipped XML), every cell."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", errors="replace")]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        texts += ["\t".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
                  for sheet in book.worksheets]
    if path.suffix == ".duckdb":
        texts.append(data.decode("latin-1"))
        import duckdb

        con = duckdb.connect(str(path), read_only=True)
        try:
            for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
                frame = con.execute(f'SELECT * FROM "{table}"').df()
                texts.append(frame.astype(str).to_csv(index=False))
        finally:
            con.close()
    return texts


def test_no_raw_identifier_in_any_file_of_the_report_folder(run_folder, summary, raw_identifiers):
    files = sorted(p for p in run_folder.rglob("*") if p.is_file())
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".csv", ".json", ".xlsx"}
    files.append(Path(summary["inputs"]["index"]))  # the subject index, beside the runs
    leaks = {}
    for path in files:
        tokens = set().union(*(_tokens(text) for text in _texts(path)))
        hits = tokens & raw_identifiers
        if hits:
            leaks[path.name if path.suffix == ".duckdb" else path.relative_to(run_folder).as_posix()] = len(hits)
    assert leaks == {}, f"raw identifiers (count per file): {leaks}"


# ---------------------------------------------------------------------- failures

def _notebook(path: Path, *sources: str) -> None:
    cells = [nbformat.v4.new_markdown_cell(f"# {path.stem.replace('_', ' ')}")]
    cells.append(nbformat.v4.new_code_cell('exports_dir: str = ""  # a folder', metadata={"tags": ["parameters"]}))
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_a_failing_notebook_fails_the_run_naming_notebook_and_cell(tmp_path, monkeypatch):
    """Exit status 1, the notebook and cell named on stderr; index.html and summary.json say
    what ran, and the reports after the failing one are not run."""
    from ccaudit.report import run as report
    from ccaudit.cli import app

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "a_fine_report.ipynb", "print(len(exports_dir) > 0)")
    _notebook(notebooks / "b_broken_report.ipynb", "x = 1", "x / 0")
    _notebook(notebooks / "c_later_report.ipynb", "print('never')")
    monkeypatch.setattr(report, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(report, "AUDIT_NOTEBOOKS", ("a_fine_report.ipynb", "b_broken_report.ipynb",
                                                    "c_later_report.ipynb"))
    (tmp_path / "exports").mkdir()
    result = CliRunner().invoke(app, ["audit", "run", "--exports", str(tmp_path / "exports"),
                                      "--out", str(tmp_path / "reports")])
    assert result.exit_code == 1
    assert "b_broken_report.ipynb: cell 5 (In [4]) failed with ZeroDivisionError" in result.stderr
    assert result.stdout == ""
    (run,) = (tmp_path / "reports").iterdir()
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "failed"
    assert summary["failure"]["notebook"] == "b_broken_report.ipynb"
    assert [(n["name"][0], n["status"]) for n in summary["notebooks"]] == [
        ("a", "ok"), ("b", "failed"), ("c", "not run")]
    assert (run / "a_fine_report.html").exists() and (run / "b_broken_report.ipynb").exists()
    assert not (run / "c_later_report.ipynb").exists()
    index = (run / "index.html").read_text(encoding="utf-8")
    assert "The audit failed" in index and "ZeroDivisionError" in index


@pytest.mark.parametrize("option, message", [
    ("--exports", "no such folder"),
    ("--config", "'languages' must be"),   # the key and the file are named
])
def test_bad_options_fail_before_any_work(tmp_path, option, message):
    from ccaudit.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("languages: 12\n", encoding="utf-8")
    args = (["--exports", str(tmp_path / "nowhere")] if option == "--exports"
            else ["--exports", str(tmp_path), "--config", str(bad)])
    result = CliRunner().invoke(app, ["audit", "run", *args, "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "reports").exists()


def test_the_register_workbook_of_the_run_holds_every_record(run_folder):
    from openpyxl import load_workbook

    register = pd.read_csv(run_folder / "records_register.csv", keep_default_na=False)
    book = load_workbook(run_folder / "records_of_processing.xlsx")
    assert book.sheetnames == ["Controller Art. 30(1)", "Processor for brightbank", "Processor for nlenergie",
                               "Processor for telecomfr", "Problems"]
    rows = sum(sheet.max_row - 1 for sheet in book.worksheets[:-1])
    assert rows == len(register) and all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    assert book["Problems"].max_row - 1 == len(pd.read_csv(run_folder / "records_problems.csv"))
