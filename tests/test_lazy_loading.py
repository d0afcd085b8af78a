"""Only what the data needs is loaded (issue 14): a spaCy pipeline for a language present and
needing NER, deduce for Dutch text only; pattern matching tokenizes with the blank pipeline,
which must split and read words exactly as the packaged pipelines do."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from ccaudit.detect.analyzer import LazyPipelines, build_analyzer, load_spacy
from ccaudit.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent

# What a fresh process loads while it scans one file: spaCy packages and deduce.
_PROBE = textwrap.dedent("""
    import json, sys, spacy
    loads = []
    real = spacy.load
    spacy.load = lambda name, *a, **k: loads.append(str(name)) or real(name, *a, **k)
    from ccaudit.detect import dutch
    kind, path = sys.argv[1:]
    if kind == "export":
        from ccaudit.detect.exports import scan_exports
        found = len(scan_exports(path).personal)
    else:
        from ccaudit.detect.transcripts import scan_transcripts
        found = len(scan_transcripts(path).findings)
    print(json.dumps({"spacy": loads, "deduce": dutch.load_deduce.cache_info().currsize,
                      "found": found, "dask": "distributed" in sys.modules}))
""")


def _loaded(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, kind, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-500:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_export_decided_by_patterns_and_hints_loads_no_model(samples_dir, config):
    loaded = _loaded("export", samples_dir / "outbound" / "callcenter" / "dialler_upload_2026-11-20.csv")
    assert loaded["found"] >= 2          # names and phone numbers found all the same
    assert loaded["spacy"] == [] and loaded["deduce"] == 0
    assert not loaded["dask"]            # one process: no Dask imported, nothing started


def test_an_export_with_names_to_read_loads_the_ner_pipelines(samples_dir, config):
    loaded = _loaded("export", samples_dir / "exports" / "nlenergie" / "klanten.json")
    assert set(loaded["spacy"]) == {config.models[lang] for lang in config.exports.ner_languages}
    assert loaded["deduce"] == 0         # no free text: deduce stays unloaded


def test_a_dutch_call_loads_deduce_and_no_french_pipeline(samples_dir, config):
    loaded = _loaded("calls", samples_dir / "transcripts" / "nlenergie" / "NE-20261103-0005.srt")
    assert loaded["deduce"] == 1 and loaded["found"] > 0
    assert config.models["fr"] not in loaded["spacy"]
    # Dutch place names are read by another language's NER (transcripts.places_from).
    assert loaded["spacy"] == [config.models[config.transcripts.places_from["nl"]]]


def test_an_english_call_loads_the_english_pipeline_only(samples_dir, config):
    loaded = _loaded("calls", samples_dir / "transcripts" / "callcenter" / "CC-20261117-0002.json")
    assert loaded["spacy"] == [config.models["en"]] and loaded["deduce"] == 0


def _sample_texts(samples_dir: Path) -> list[str]:
    """Every distinct value of the sample exports and every turn of the sample calls."""
    from ccaudit.sources.tables import discover, read_tables
    from ccaudit.sources.transcripts import read_transcript
    from ccaudit.errors import ReaderError

    texts: set[str] = set()
    for path in discover([samples_dir / "exports", samples_dir / "outbound"]):
        try:
            for chunk in read_tables(path):
                for column in chunk.frame.columns:
                    texts.update(chunk.frame[column].dropna().astype(str).unique())
        except ReaderError:
            continue
    for path in sorted((samples_dir / "transcripts").rglob("*.*")):
        try:
            texts.update(t.text for t in read_transcript(path).turns)
        except ReaderError:
            continue
    return sorted(texts)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_blank_tokenizer_reads_words_as_the_packaged_pipeline_does(samples_dir, config, language):
    texts = _sample_texts(samples_dir)
    assert len(texts) > 3000
    blank, model = load_spacy(language, None), load_spacy(language, config.models[language])
    assert model.pipe_names, "a packaged pipeline, not a blank one"
    differ = []
    for text in texts:
        a, b = blank.make_doc(text), model.make_doc(text)
        if [(t.text, t.idx, t.is_stop, t.is_punct) for t in a] != \
                [(t.text, t.idx, t.is_stop, t.is_punct) for t in b]:
            differ.append(len(text))
    assert not differ, f"{len(differ)} text(s) tokenized otherwise"


def test_pipelines_load_on_first_use_and_a_missing_package_fails_at_build(config):
    import dataclasses

    pipelines = LazyPipelines({"en": config.models["en"], "nl": None})
    assert pipelines and "nl" in pipelines and list(pipelines.keys()) == ["en", "nl"]
    assert pipelines.loaded() == []
    assert not pipelines["nl"].pipe_names and pipelines.loaded() == ["nl"]
    with pytest.raises(KeyError):
        pipelines["de"]
    missing = dataclasses.replace(config, models={**config.models, "fr": "fr_no_such_pipeline"})
    with pytest.raises(ConfigError, match="fr_no_such_pipeline.*not installed"):
        build_analyzer(missing, ["en", "fr"])


def test_verbose_says_what_was_loaded_and_why(samples_dir, tmp_path):
    done = subprocess.run([sys.executable, "-m", "ccaudit.cli", "scan", "transcripts", "-q", "-v",
                           str(samples_dir / "transcripts" / "nlenergie" / "NE-20261103-0005.srt"),
                           "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-500:]
    assert "loaded deduce for Dutch names" in done.stderr
    assert "loaded spaCy pipeline" in done.stderr and "fr_core" not in done.stderr
    # Nothing from the call itself is logged: no finding's text.
    findings = pd.read_csv(tmp_path / "transcript_findings.csv", keep_default_na=False)
    assert len(findings) and not any(m and m in done.stderr for m in findings["masked"])


# deduce's full lookup structures against the trimmed copy, on the Dutch sample calls' turns.
_DEDUCE = textwrap.dedent("""
    import gc, json, os, sys
    from pathlib import Path
    from ccaudit.detect import dutch
    gc.disable()  # millions of lookup objects: as ccaudit loads them (9 s otherwise)
    from ccaudit.sources.transcripts import discover_transcripts, read_transcript
    dutch._load_deduce()  # writes the trimmed copy if it is missing
    from deduce import Deduce
    trimmed = dutch._trimmed_deduce(Deduce)
    full = Deduce()
    def turns(path):
        try:
            return read_transcript(path).turns
        except Exception:  # the samples' unreadable files
            return []
    texts = list(dict.fromkeys(turn.text for path in discover_transcripts([Path(sys.argv[1])])
                               for turn in turns(path) if turn.text.strip()))
    def spans(d, t):
        return sorted((a.start_char, a.end_char, a.tag)
                      for a in d.deidentify(t, disabled=dutch._DISABLED).annotations)
    print(json.dumps({"trimmed": trimmed is not None, "texts": len(texts),
                      "found": sum(len(spans(full, t)) for t in texts),
                      "differ": sum(spans(full, t) != spans(trimmed, t) for t in texts)}), flush=True)
    os._exit(0)  # not seconds of freeing them
""")


def test_deduce_on_its_trimmed_lookup_structures_finds_what_the_full_ones_find(samples_dir):
    done = subprocess.run([sys.executable, "-c", _DEDUCE, str(samples_dir / "transcripts")],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-500:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["trimmed"] and out["texts"] > 250 and out["found"] > 50
    assert out["differ"] == 0


def test_a_stale_trimmed_copy_is_not_used(tmp_path, monkeypatch):
    from ccaudit.detect import dutch

    monkeypatch.setattr(dutch, "TRIMMED_CACHE", tmp_path)
    assert dutch._trimmed_deduce(lambda **kw: pytest.fail("loaded")) is None  # no copy
    (tmp_path / "stamp.json").write_text(json.dumps({**dutch._stamp(), "size": 1}))
    assert dutch._trimmed_deduce(lambda **kw: pytest.fail("loaded")) is None  # another cache
