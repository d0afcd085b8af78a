"""The notebooks in the application analysts open them in: JupyterLab from the project's
environment (`make lab`'s configuration), on loopback, driven in headless Chromium.

JupyterLab serves copies of the notebooks (beside a link to the samples, so their default
parameters hold and nothing is saved into the repository); each notebook is opened, all its
cells are run through JupyterLab's own command, and the page must then hold its charts
(drawn) and interactive tables, have sent no request off loopback, and show no raw
identifier of the samples.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import Page, _tokens, chromium_session, raw_identifiers

pytestmark = [pytest.mark.slow, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}

# The notebook open in JupyterLab: its kernel's state and each code cell's execution count.
_NOTEBOOK = """(() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return {ready: false};
  const panel = app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return {ready: false};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return {ready: !!kernel && panel.context.isReady, kernel: kernel ? kernel.name : null,
          status: kernel ? kernel.status : null, cells: cells.length,
          ran: cells.filter(c => c.model.executionCount).length,
          errors: cells.filter(c => c.model.outputs.toJSON().some(o => o.output_type === 'error')).length};
})()"""
_SHOWN = """(() => {
  const figures = [...document.querySelectorAll('.jp-Notebook .plotly-graph-div')];
  return {figures: figures.length,
          drawn: figures.filter(f => f.querySelector('svg.main-svg')).length,
          tables: document.querySelectorAll('.jp-Notebook table.dataTable').length,
          text: document.querySelector('.jp-Notebook').innerText};
})()"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it, serving copies of the notebooks."""
    kernels = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
                             capture_output=True, text=True, check=True)
    if "ccaudit" not in json.loads(kernels.stdout)["kernelspecs"]:
        pytest.fail("the ccaudit kernel is not installed: make venv installs it "
                    "(python -m ipykernel install --sys-prefix --name ccaudit)")
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    (work / "data_samples").symlink_to(ROOT / "data_samples")
    port, token = _free_port(), secrets.token_hex(16)
    # Every cell in the page (JupyterLab otherwise renders only the cells in view).
    settings = work / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
           "JUPYTER_CONFIG_DIR": str(work / "config"), "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(work / "settings")}
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", f"--config={ROOT / 'jupyter_lab_config.py'}",
         f"--ServerApp.root_dir={work / 'notebooks'}", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.port_retries=0"],
        cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(work / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("JupyterLab did not start:\n" + (work / "lab.log").read_text()[-2000:])
        time.sleep(0.5)
    yield url, token, work
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    with chromium_session(tmp_path_factory.mktemp("lab-chromium")) as devtools:
        yield devtools


@pytest.fixture(scope="module")
def identifiers(samples_dir):
    return raw_identifiers(samples_dir)


def _run_in_lab(chromium, lab, notebook: str, timeout: float = 300) -> tuple[Page, dict]:
    url, token, _ = lab
    # ?reset: a fresh workspace, this notebook the only one open.
    page = Page(chromium, f"{url}/lab/tree/{notebook}?reset&token={token}")
    deadline = time.monotonic() + 120
    state = {}
    while time.monotonic() < deadline:
        state = page.evaluate(_NOTEBOOK)
        if state.get("ready") and state.get("status") == "idle":
            break
        time.sleep(0.5)
    assert state.get("ready") and state.get("kernel") == "ccaudit", state
    page.evaluate("(() => { const app = window.jupyterapp; app.shell.activateById(app.shell.currentWidget.id);"
                  " return app.commands.execute('notebook:run-all-cells').then(() => true); })()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1)
        state = page.evaluate(_NOTEBOOK)
        if state["ran"] == state["cells"] and state["status"] == "idle":
            break
    assert state["ran"] == state["cells"] and state["errors"] == 0, state
    # Charts draw and tables initialise once their outputs are attached.
    deadline = time.monotonic() + 30
    while True:
        shown = page.evaluate(_SHOWN)
        if shown["drawn"] == shown["figures"] or time.monotonic() > deadline:
            return page, shown
        time.sleep(0.5)


def _off_loopback(page: Page) -> list[str]:
    away = []
    for request in page.requests():
        where = urlparse(request)
        if where.scheme in LOCAL_SCHEMES:
            continue
        if where.scheme not in ("http", "https", "ws", "wss") or where.hostname not in LOOPBACK:
            away.append(request)
    return away


@pytest.mark.parametrize("notebook, charts", [("01_discover_exports.ipynb", 1),
                                              ("00_explore_a_file.ipynb", 0)])
def test_a_notebook_runs_in_jupyterlab_offline_and_masked(lab, chromium, identifiers, notebook, charts):
    page, shown = _run_in_lab(chromium, lab, notebook)
    try:
        assert shown["figures"] >= charts and shown["drawn"] == shown["figures"], shown
        assert shown["tables"] >= 2, "itables did not draw its interactive tables"
        assert _off_loopback(page) == []
        assert not page.errors()
        text = shown["text"]
        if notebook.startswith("00"):
            assert "⟦PERSON " in text and "EmailRecognizer" in text
        assert not (_tokens(text) & identifiers), "a raw identifier is shown in JupyterLab"
        assert not re.search(r"(?<![\w*])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[a-z]{2,}", text)
    finally:
        page.close()
    # Nothing JupyterLab ran was saved into the repository's notebooks.
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        assert '"outputs": []' in path.read_text(encoding="utf-8") or '"output_type"' not in path.read_text(
            encoding="utf-8"), path.name
