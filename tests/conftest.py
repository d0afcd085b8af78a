"""Shared fixtures: the analyzer is built once per session (it loads spaCy models)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ccaudit.analyzer import build_analyzer
from ccaudit.config import load_config

ROOT = Path(__file__).resolve().parent.parent
import os

SAMPLES = Path(os.environ.get("CCAUDIT_TEST_SAMPLES", ROOT / "data_samples"))


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture(scope="session")
def analyzer(config):
    return build_analyzer(config, list(config.exports.ner_languages))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
