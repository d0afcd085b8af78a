"""Shared fixtures: the analyzer is built once per session (it loads spaCy models)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ccaudit.analyzer import build_analyzer
from ccaudit.config import load_config

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


def pytest_sessionfinish(session, exitstatus):
    """Notebooks run under nbval with their defaults build ../reports/latest/ccaudit.duckdb
    with the tests' key; left behind, it would refuse the user's own key afterwards
    (`make audit`, JupyterLab). Remove an index made with the test key only."""
    import duckdb

    from ccaudit.index.identifiers import Hasher

    test_key = TEST_KEY.encode()
    db = ROOT / "reports" / "latest" / "ccaudit.duckdb"
    if not db.exists() or not test_key:
        return
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT value FROM settings WHERE name = 'key_fingerprint'").fetchall()
    except duckdb.Error:
        return
    if row and row[0][0] == Hasher(test_key).fingerprint:
        for path in db.parent.glob("ccaudit.duckdb*"):
            path.unlink()
