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
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pandas as pd
import phonenumbers
import pytest
from typer.testing import CliRunner

# The notebooks' kernels and the DevTools websocket talk over loopback; nothing else.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])

REPORTS = ("01_discover_exports", "02_scan_transcripts", "03_subject_index",
           "04_retention_report", "05_rights_readiness")
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
           "code_of_conduct_unsigned": "code_of_conduct_unsigned"}


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
    totals = summary["totals"]
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

class DevTools:
    """Chromium's DevTools protocol over one websocket, pages as flattened sessions.

    A minimal RFC 6455 client (text frames, client-side masking, no extensions): enough
    for JSON commands and the events they cause, which are kept in :attr:`events`.
    """

    def __init__(self, url: str, timeout: float = 60):
        where = urlparse(url)
        self.sock = socket.create_connection((where.hostname, where.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {where.path} HTTP/1.1\r\nHost: {where.netloc}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response
        self.events: list[dict] = []
        self._id = 0

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def _frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> dict:
        parts = []
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                n = int.from_bytes(self._read(2), "big")
            elif n == 127:
                n = int.from_bytes(self._read(8), "big")
            payload = self._read(n)  # the server does not mask
            opcode = first & 0x0F
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the connection")
            parts.append(payload)
            if first & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._frame(0x1, json.dumps(message).encode())
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, predicate, timeout: float = 60) -> dict:
        for event in self.events:
            if predicate(event):
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._message()
            self.events.append(event)
            if predicate(event):
                return event
        raise TimeoutError("no such DevTools event")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Headless Chromium and a DevTools connection to it; missing Chromium fails the test."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--window-size=1280,900", "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found: list[str] = []
    ready = threading.Event()

    def read_stderr():  # keep draining: a full pipe would stall the browser
        for line in process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    if not ready.wait(60) or not found:
        process.kill()
        pytest.fail(f"chromium did not start (exit status {process.poll()})")
    devtools = DevTools(found[0])
    yield devtools
    try:
        devtools.call("Browser.close")
    except (ConnectionError, OSError):
        pass
    devtools.close()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# Counts what the page drew: plotly figures with their SVG, and initialised DataTables.
_STATE = """(() => {
  const figures = [...document.querySelectorAll('.plotly-graph-div')];
  return {figures: figures.length,
          drawn: figures.filter(f => f.classList.contains('js-plotly-plot')
                                     && f.querySelector('svg.main-svg')).length,
          itables: document.querySelectorAll('table[id^="itables_"]').length,
          tables: document.querySelectorAll('table.dataTable').length,
          rows: document.querySelectorAll('table.dataTable tbody tr').length};
})()"""


class Page:
    """A page opened in its own tab, with what it logged and requested."""

    def __init__(self, devtools: DevTools, url: str):
        self.devtools = devtools
        target = devtools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = devtools.call("Target.attachToTarget",
                                     {"targetId": target, "flatten": True})["sessionId"]
        self.target = target
        for domain in ("Page", "Network", "Runtime", "Log"):
            devtools.call(f"{domain}.enable", session=self.session)
        self._start = len(devtools.events)
        devtools.call("Page.navigate", {"url": url}, session=self.session)
        devtools.wait_for(lambda e: e.get("sessionId") == self.session
                          and e.get("method") == "Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.devtools.call("Runtime.evaluate", {"expression": expression,
                                                         "returnByValue": True,
                                                         "awaitPromise": True},
                                    session=self.session)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def settle(self, done, timeout: float = 60) -> dict:
        """Poll the page's state until ``done(state)``; charts and tables draw after load."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.evaluate(_STATE)
            if done(state) or time.monotonic() > deadline:
                return state
            time.sleep(0.25)

    def _events(self, method: str) -> list[dict]:
        return [e["params"] for e in self.devtools.events[self._start:]
                if e.get("sessionId") == self.session and e.get("method") == method]

    def requests(self) -> list[str]:
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def errors(self) -> list[str]:
        console = [" ".join(str(a.get("value", a.get("description", ""))) for a in e["args"])
                   for e in self._events("Runtime.consoleAPICalled") if e["type"] in ("error", "assert")]
        thrown = [e["exceptionDetails"].get("exception", {}).get("description")
                  or e["exceptionDetails"]["text"] for e in self._events("Runtime.exceptionThrown")]
        logged = [f"{e['entry']['source']}: {e['entry']['text']} {e['entry'].get('url', '')}"
                  for e in self._events("Log.entryAdded") if e["entry"]["level"] == "error"]
        return console + thrown + logged

    def close(self) -> None:
        self.devtools.call("Target.closeTarget", {"targetId": self.target})


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

# The entity types whose values identify a person on their own (names are out of scope).
IDENTIFYING = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IBAN_CODE": "iban",
               "CREDIT_CARD": "card", "BE_NATIONAL_NUMBER": "national_number",
               "FR_NIR": "national_number", "NL_BSN": "bsn"}
# Linear-time patterns (the DuckDB file has long runs of letters and digits): an e-mail's
# local part starts where its run starts; digit groups are matched possessively.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
                    r"(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,24}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
# A run of digit groups and the separators people write between them: 0475/12.34.56,
# +32 (0)475 12 34 56.
_DIGITS = re.compile(r"\+?\d++(?:[ ./()\-\u00a0]{1,3}+\d++)*+")


def _forms(id_type: str, canonical: str) -> set[str]:
    """The spellings a report could reduce a canonical identifier to (see :func:`_tokens`)."""
    if id_type == "email":
        return {canonical}
    if id_type == "iban":
        return {canonical.upper()}
    if id_type == "phone":
        number = phonenumbers.parse(canonical)
        national = re.sub(r"\D", "", phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL))
        country, rest = str(number.country_code), str(number.national_number)
        return {country + rest, "00" + country + rest, national, country + "0" + rest}
    digits = re.sub(r"\D", "", canonical)
    return {digits, digits.lstrip("0")} if id_type == "bsn" else {digits}


def _tokens(text: str) -> set[str]:
    """Every identifier-like token of ``text``, reduced as :func:`_forms` does: e-mails in lower
    case, IBANs compact (each valid length), digit runs without separators — each run of
    consecutive digit groups, so a phone between other numbers is found too."""
    found = {m.group(0).lower() for m in _EMAIL.finditer(text)}
    for match in _IBAN.finditer(text):
        compact = match.group(0).replace(" ", "")
        found |= {compact[:n] for n in range(14, len(compact) + 1)}
    for match in _DIGITS.finditer(text):
        groups = re.findall(r"\d+", match.group(0))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                joined = "".join(groups[i:j])
                if len(joined) > 19:
                    break
                if len(joined) >= 8:
                    found.add(joined)
    return found


def _identifiers_in(id_type: str | None, text: str) -> set[str]:
    """The identifiers a source value holds: the whole value for an identifier column,
    what phonenumbers, an e-mail and an IBAN pattern find in free text."""
    from ccaudit.index.identifiers import normalise

    found = set()
    if id_type:
        canonical = normalise(id_type, text)
        if canonical:
            return _forms(id_type, canonical)
    for match in _EMAIL.finditer(text):
        found |= _forms("email", match.group(0).lower())
    for match in _IBAN.finditer(text):
        canonical = normalise("iban", match.group(0))
        found |= _forms("iban", canonical) if canonical else set()
    for region in ("BE", "NL", "FR"):
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            found |= _forms("phone", phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


@pytest.fixture(scope="module")
def raw_identifiers(samples_dir) -> set[str]:
    """Every e-mail, phone, national number, BSN, IBAN and card number in the samples: from
    the export columns the gold file says hold them, and the spans said in the calls."""
    from ccaudit.sources.tables import read_tables

    gold = pd.read_csv(samples_dir / "gold" / "columns.csv", keep_default_na=False)
    gold["types"] = gold["entities"].map(lambda e: [IDENTIFYING[x] for x in e.split(";") if x in IDENTIFYING])
    gold = gold[gold["types"].map(bool)]
    found: set[str] = set()
    for source, columns in gold.groupby("source"):
        for chunk in read_tables(samples_dir / "exports" / source):
            for column in columns[columns["sheet"] == (chunk.sheet or "")].itertuples():
                only = column.types[0] if column.entities in IDENTIFYING else None
                for value in chunk.frame[column.column].dropna().astype(str):
                    found |= _identifiers_in(only, value)
    spans = pd.read_csv(samples_dir / "gold" / "transcript_spans.csv", keep_default_na=False)
    for span in spans[spans["entity_type"].isin(list(IDENTIFYING))].itertuples():
        found |= _identifiers_in(IDENTIFYING[span.entity_type], span.text)
    return found


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
    and every value of its tables (its strings may be stored compressed)."""
    data = path.read_bytes()
    texts = [data.decode("utf-8", errors="replace")]
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
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".csv", ".json"}
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
