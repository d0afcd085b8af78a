"""Shared fixtures: the analyzer is built once per session (it loads spaCy models)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ccaudit.detect.analyzer import build_analyzer
from ccaudit.settings import load_config

ROOT = Path(__file__).resolve().parent.parent
import os

SAMPLES = Path(os.environ.get("CCAUDIT_TEST_SAMPLES", ROOT / "data_samples"))
# The subject index's HMAC key for every test and notebook kernel (they inherit the
# environment): nothing is written into the real ~/.config. Key-file tests unset it.
TEST_KEY = "ccaudit-test-key-not-secret-0123456789"
os.environ["CCAUDIT_KEY"] = TEST_KEY


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture(scope="session")
def analyzer(config):
    return build_analyzer(config, list(config.exports.ner_languages))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


LATEST_INDEX = ROOT / "reports" / "latest" / "ccaudit.duckdb"
# Where the user's own index waits while the tests run (restored at the end).
SET_ASIDE = LATEST_INDEX.parent / ".ccaudit.duckdb.set-aside-by-tests"


def _test_key_index(db: Path) -> bool:
    import duckdb

    from ccaudit.index.identifiers import Hasher

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT value FROM settings WHERE name = 'key_fingerprint'").fetchall()
    except duckdb.Error:
        return False
    return bool(row) and row[0][0] == Hasher(TEST_KEY.encode()).fingerprint


def pytest_sessionstart(session):
    """Notebooks run under nbval with their defaults build ../reports/latest/ccaudit.duckdb
    with the tests' key. An index the user built there (`make audit`) holds another key and
    would be refused: it is set aside for the session and put back at its end."""
    if LATEST_INDEX.exists() and not SET_ASIDE.exists() and not _test_key_index(LATEST_INDEX):
        LATEST_INDEX.rename(SET_ASIDE)
        wal = LATEST_INDEX.with_name(LATEST_INDEX.name + ".wal")
        if wal.exists():
            wal.rename(SET_ASIDE.with_name(SET_ASIDE.name + ".wal"))


def pytest_sessionfinish(session, exitstatus):
    """Remove the index the notebooks made with the test key (left behind, it would refuse
    the user's own key: `make audit`, JupyterLab), and put the user's back."""
    if LATEST_INDEX.exists() and _test_key_index(LATEST_INDEX):
        for path in LATEST_INDEX.parent.glob("ccaudit.duckdb*"):
            path.unlink()
    if SET_ASIDE.exists() and not LATEST_INDEX.exists():
        SET_ASIDE.rename(LATEST_INDEX)
        wal = SET_ASIDE.with_name(SET_ASIDE.name + ".wal")
        if wal.exists():
            wal.rename(LATEST_INDEX.with_name(LATEST_INDEX.name + ".wal"))


# ---------------------------------------------------------------------- the audit run, once
# One `ccaudit audit run` on the samples per session: the browser tests open its pages and
# test_notebooks reads its HTML (two full runs would cost a minute and a half).

@pytest.fixture(scope="session")
def audit_yaml(samples_dir, tmp_path_factory) -> Path:
    """The samples' audit configuration, its inputs made absolute and its subject index
    moved beside the run folders (the repository's reports/ stays untouched)."""
    import yaml

    reports = tmp_path_factory.mktemp("reports")
    data = yaml.safe_load((samples_dir / "audit.yaml").read_text(encoding="utf-8"))
    data["inputs"] = {"exports": [str((samples_dir / f).resolve()) for f in ("exports", "outbound")],
                      "transcripts": str((samples_dir / "transcripts").resolve()),
                      "db": str(reports / "ccaudit.duckdb")}
    path = reports / "audit.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def run_folder(audit_yaml) -> Path:
    """`ccaudit audit run --config audit.yaml --out REPORTS` on the samples; its run folder.
    Tests that use it need ``@pytest.mark.allow_hosts(["127.0.0.1", "::1"])``: the kernels
    talk to papermill over loopback."""
    from typer.testing import CliRunner

    from ccaudit.cli import app

    reports = audit_yaml.parent
    result = CliRunner().invoke(app, ["audit", "run", "--config", str(audit_yaml),
                                      "--out", str(reports)])
    assert result.exit_code == 0, result.output
    index = Path(result.stdout.strip().splitlines()[-1])
    assert index.name == "index.html" and index.parent.parent == reports
    return index.parent


# ---------------------------------------------------------------------- slow tests
# `make test` runs everything but the end-to-end tests below (`-m "not slow"`, under four
# minutes on two cores); `make test-slow` runs those, and `.ci/run` both.

def pytest_collection_modifyitems(config, items):
    """Mark slow: every notebook under nbval (each starts a kernel and scans the samples),
    every test on the session's full audit run, and the two-process determinism runs."""
    slow = pytest.mark.slow
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb" or path.name == "test_determinism.py" \
                or "run_folder" in getattr(item, "fixturenames", ()):
            item.add_marker(slow)
