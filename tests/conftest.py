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
os.environ.setdefault("CCAUDIT_KEY", "ccaudit-test-key-not-secret-0123456789")


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture(scope="session")
def analyzer(config):
    return build_analyzer(config, list(config.exports.ner_languages))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
