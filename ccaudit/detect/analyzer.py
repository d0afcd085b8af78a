"""The analyzer factory: one Presidio ``AnalyzerEngine`` for the configured languages, offline.

Presidio as shipped downloads a spaCy model it cannot find and lets tldextract fetch the
public suffix list; both are switched off here. The spaCy pipelines are pip packages named
in the configuration; a missing one is a clear error, never a download.

Build it once and pass it in::

    analyzer = build_analyzer(load_config())
    analyzer.analyze("Bel me op 0475 12 34 56", language="nl")
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import time
from datetime import date

import spacy
import thinc.api
import tldextract
import tldextract.tldextract
from presidio_analyzer import (AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry,
                               RecognizerResult)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer, SpacyRecognizer

from ccaudit.detect.classify import NER_RECOGNIZERS
from ccaudit.config import Config
from ccaudit.detect.dutch import DEDUCE, DeduceRecognizer
from ccaudit.errors import ConfigError
from ccaudit.detect.names import NameLexiconRecognizer
from ccaudit.detect.recognizers import (AnyCaseAddressRecognizer, AnyCaseIbanRecognizer, CardNumberRecognizer,
                                        DateOfBirthRecognizer, EuPhoneRecognizer, IntroducedNameRecognizer,
                                        IpRecognizer, QuickPatterns, StreetAddressRecognizer,
                                        national_recognizers)

log = logging.getLogger(__name__)

# spaCy labels → ccaudit entities. Organisations, products, money and dates are not
# personal data by themselves and are left out.
NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION",
               "FAC": "LOCATION"}
# Components a column or transcript scan does not need; dropping the parser halves NER time.
DISABLED_PIPES = ("parser", "senter")
# Recognizers whose names come from a lexicon (any letter case): where NER reads the same
# span, NER's result is kept, so that the export classifier, which takes names from NER
# alone, still sees it.
LEXICON_RECOGNIZER_NAMES = ("NameLexiconRecognizer",)


def go_offline() -> None:
    """Make every library Presidio uses work from local files only.

    tldextract (used by Presidio's e-mail recognizer) is pointed at its bundled public
    suffix snapshot instead of fetching the list from the network on first use.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if not getattr(tldextract.tldextract.TLD_EXTRACTOR, "_ccaudit_offline", False):
        extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                          fallback_to_snapshot=True)
        extractor._ccaudit_offline = True
        tldextract.tldextract.TLD_EXTRACTOR = extractor
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


def one_per_reading(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """One result per reading (span, entity, score), the same one whatever the hash seed.

    Presidio deduplicates with ``set(results)``; results compare equal on span, entity and
    score alone, so when two recognizers agree, which one's metadata survives depended on
    the string hash seed — and the scanners treat a name from NER (checked further) and one
    from a rule differently. The rule's result is kept, then NER's, then a lexicon's, then
    the first recognizer by name.
    """
    def rank(r: RecognizerResult):
        name = (r.recognition_metadata or {}).get("recognizer_name") or ""
        return (2 if name in LEXICON_RECOGNIZER_NAMES else int(name in NER_RECOGNIZERS), name)

    best: dict[tuple, RecognizerResult] = {}
    for r in results:
        key = (r.start, r.end, r.entity_type, r.score)
        if key not in best or rank(r) < rank(best[key]):
            best[key] = r
    kept = list(best.values())
    # A rule's or a lexicon's name inside a longer NER span ("Thorbecke" in deduce's "de heer
    # Thorbecke", "Fournier" in spaCy's "M. Fournier") would be dropped by Presidio as
    # contained at an equal score: a hundredth more keeps both, and the scanners choose.
    ner = [r for r in kept if rank(r)[0] == 1]
    for r in kept:
        if rank(r)[0] != 1 and r.entity_type in ("PERSON", "LOCATION") and any(
                n.entity_type == r.entity_type and n.start <= r.start and r.end <= n.end
                and (n.start, n.end) != (r.start, r.end) and n.score >= r.score for n in ner):
            r.score = round(r.score + 0.01, 4)
    return kept


class ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, skipped when no hit can gain from context.

    Presidio deep-copies every result of every text before looking at context; most texts
    hold only hits that are already certain (checksummed) or come from recognizers without
    context words (NER), and need none of it.
    """

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        raw_results = one_per_reading(raw_results)
        with_context = {r.id for r in recognizers if r.context}
        if not any(r.score < 1.0 and (r.recognition_metadata or {}).get("recognizer_identifier")
                   in with_context for r in raw_results):
            return raw_results
        return super().enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)


class LazyPipelines(dict):
    """language → spaCy pipeline, each loaded the first time a text of that language needs
    it (``nlp["fr"]``), so that a scan pays only for the languages its data holds. Every
    configured language counts as present (``"fr" in nlp``, ``nlp.keys()``); ``loaded()``
    says which were loaded. Tokenizing and stop-word lookups, which pattern recognizers need,
    use the language's blank pipeline and load nothing
    (:meth:`OfflineSpacyNlpEngine.tokenizer_pipeline`)."""

    def __init__(self, models: dict[str, str | None]):
        super().__init__()
        self.models = dict(models)

    def __missing__(self, language: str):
        if language not in self.models:
            raise KeyError(language)
        nlp = self[language] = load_spacy(language, self.models[language])
        return nlp

    def __bool__(self) -> bool:
        return bool(self.models)

    def __contains__(self, language) -> bool:
        return language in self.models

    def __iter__(self):
        return iter(self.models)

    def __len__(self) -> int:
        return len(self.models)

    def keys(self):
        return self.models.keys()

    def loaded(self) -> list[str]:
        """The languages whose pipeline has been loaded so far."""
        return [lang for lang in self.models if dict.__contains__(self, lang)]


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that loads installed packages only and never downloads, and
    each only when a text of its language needs NER (:class:`LazyPipelines`).

    A language whose model is ``None`` gets a blank pipeline (tokenizer only), so pattern
    recognizers still run for it.
    """

    def __init__(self, models: dict[str, str | None]):
        ner = NerModelConfiguration(model_to_presidio_entity_mapping=NER_MAPPING,
                                    labels_to_ignore=[], low_score_entity_names=[])
        super().__init__(models=[{"lang_code": k, "model_name": v or ""} for k, v in models.items()],
                         ner_model_configuration=ner)
        self._model_names = dict(models)

    def load(self) -> None:
        for language, name in self._model_names.items():
            check_model(language, name)   # a missing package fails now, not mid-scan
        self.nlp = LazyPipelines(self._model_names)

    def full_pipeline(self, language: str) -> spacy.language.Language:
        """The whole pipeline of ``language``, for Presidio's own path (``analyze`` without
        NLP artifacts, ``process_batch``): lemmas for context words as Presidio reads them.
        ccaudit's scans run NER alone on :attr:`nlp` and never load it."""
        if language not in self._model_names:
            raise KeyError(language)
        return load_full_spacy(language, self._model_names[language])

    def process_text(self, text: str, language: str):
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        return self._doc_to_nlp_artifact(self.full_pipeline(language)(text), language)

    def process_batch(self, texts, language: str, batch_size: int = 1, n_process: int = 1,
                      as_tuples: bool = False):
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        nlp = self.full_pipeline(language)
        if as_tuples:
            texts = list(texts)
            if not all(isinstance(item, tuple) and len(item) == 2 for item in texts):
                raise ValueError("When 'as_tuples' is True, 'texts' must be a list of tuples (text, context).")
            for doc, context in nlp.pipe(((str(t), c) for t, c in texts), as_tuples=True,
                                         batch_size=batch_size, n_process=n_process):
                yield doc.text, self._doc_to_nlp_artifact(doc, language), context
        else:
            for doc in nlp.pipe((str(t) for t in texts), batch_size=batch_size, n_process=n_process):
                yield doc.text, self._doc_to_nlp_artifact(doc, language)

    def get_nlp(self, language: str) -> spacy.language.Language:
        return self.full_pipeline(language)

    def tokenizer_pipeline(self, language: str) -> spacy.language.Language:
        """The pipeline to tokenize ``language`` with when no NER is needed: the language's
        pipeline when it is loaded already, else the blank one, which splits words and reads
        stop words and punctuation as the packaged one does (tests/test_lazy_loading.py) and
        loads nothing. (Building a language's rules costs seconds for French: never twice.)"""
        loaded = dict.get(self.nlp, language)   # a lookup per context word: no load, no list
        if loaded is None:  # loaded by another engine of this process (notes read as calls)
            loaded = _LOADED.get((language, self._model_names.get(language)))
        return loaded if loaded is not None else _blank(language)

    # Context words are compared without stop words and punctuation: the language's lexical
    # attributes, the same in its blank pipeline, which loads nothing. A recognizer's own
    # context word is never a stop word: spaCy's English list holds "call", which Presidio's
    # enhancer would otherwise never see ("call me on 02 123 45 67").
    context_words: frozenset[str] = frozenset()

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() not in self.context_words and self.tokenizer_pipeline(language).vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        return self.tokenizer_pipeline(language).vocab[word].is_punct


def check_model(language: str, model: str | None) -> None:
    """A configured spaCy package that is not installed is a clear error, never a download."""
    if model and model != DEDUCE and not spacy.util.is_package(model):
        raise ConfigError(
            f"spaCy model '{model}' for language '{language}' is not installed "
            f"(pip install it, or set models.{language} to another installed pipeline or null)")


# (language, package) → the pipeline load_spacy loaded: its tokenizer serves every engine.
_LOADED: dict[tuple[str, str], spacy.language.Language] = {}


@functools.lru_cache(maxsize=None)
def load_spacy(language: str, model: str | None) -> spacy.language.Language:
    """Load an installed spaCy pipeline by package name, with the components its NER needs
    only, or a blank one for ``None``.

    ccaudit runs a pipeline's NER alone (:func:`ccaudit.detect.classify.ner_pipes`): the
    tagger, morphologizer, lemmatizer and parser are never run on a column or a call, so they
    are not loaded (:func:`components_ner_needs`; French loads in 0.6 s instead of 1.2 s: the
    lemmatizer's tables are half of it). The tokenizer, vocabulary and vectors are the same,
    so are NER's results. Presidio's own path, ``analyze`` without NLP artifacts, gets the
    whole pipeline (:func:`load_full_spacy`).

    ``deduce`` (Dutch) gets a blank pipeline too: its names come from
    :class:`ccaudit.detect.dutch.DeduceRecognizer`, not from spaCy. Each pipeline is loaded once
    per process: the export and transcript analyzers of one run share it.
    """
    if not model or model == DEDUCE:
        return _blank(language)
    check_model(language, model)
    started = time.perf_counter()
    needed = components_ner_needs(model)
    with _factored_token_match(), _numpy_matmul():
        if needed is None:
            nlp = spacy.load(model)
        else:
            nlp = spacy.load(model, exclude=[c for c in _pipeline_names(model) if c not in needed])
    for pipe in DISABLED_PIPES:
        if pipe in nlp.pipe_names:
            nlp.disable_pipe(pipe)
    log.info("loaded spaCy pipeline %s for '%s' texts that need NER (%s; matrix products by "
             "NumPy's BLAS; %.1f s)", model, language, ", ".join(nlp.pipe_names) or "tokenizer only",
             time.perf_counter() - started)
    _LOADED[language, model] = nlp
    return nlp


@functools.lru_cache(maxsize=None)
def load_full_spacy(language: str, model: str | None) -> spacy.language.Language:
    """The whole pipeline (parser and sentence splitter disabled), for Presidio's own
    ``analyze(text)`` without NLP artifacts, which reads lemmas for context words: the same
    as :func:`load_spacy` when its NER needs every component."""
    if not model or model == DEDUCE or components_ner_needs(model) is None:
        return load_spacy(language, model)
    check_model(language, model)
    started = time.perf_counter()
    with _factored_token_match(), _numpy_matmul():
        nlp = spacy.load(model)
    for pipe in DISABLED_PIPES:
        if pipe in nlp.pipe_names:
            nlp.disable_pipe(pipe)
    log.info("loaded the whole spaCy pipeline %s for '%s' (%.1f s)", model, language,
             time.perf_counter() - started)
    return nlp


def _package_config(model: str):
    """The installed pipeline's ``config.cfg``, not interpolated (``None`` if not found)."""
    found = sorted(spacy.util.get_package_path(model).glob("*/config.cfg"))
    return spacy.util.load_config(found[0], interpolate=False) if found else None


def _pipeline_names(model: str) -> list[str]:
    config = _package_config(model)
    return list(config["nlp"]["pipeline"]) if config is not None else []


@functools.lru_cache(maxsize=None)
def components_ner_needs(model: str) -> frozenset[str] | None:
    """The components of an installed pipeline its ``ner`` needs: itself, and the shared
    embedding layer it listens to, if any (its model config names a listener and its
    ``upstream``; ``*`` keeps every ``tok2vec`` and ``transformer``). ``None`` (load it
    whole) for a pipeline without ``ner`` or whose config cannot be read."""
    config = _package_config(model)
    if config is None:
        return None
    pipeline = list(config["nlp"].get("pipeline", []))
    components = config.get("components", {})
    if "ner" not in pipeline or "ner" not in components:
        return None
    needed = {"ner"}
    stack = [components["ner"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "Listener" in str(node.get("@architectures", "")):
                upstream = str(node.get("upstream", "*"))
                if upstream == "*":
                    needed |= {name for name in pipeline
                               if str(components.get(name, {}).get("factory")) in ("tok2vec", "transformer")}
                elif upstream in pipeline:
                    needed.add(upstream)
                else:
                    return None
            stack.extend(node.values())
    return frozenset(needed)


@functools.lru_cache(maxsize=None)
def _blank(language: str) -> spacy.language.Language:
    with _factored_token_match():
        return spacy.blank(language)


# A regular expression this long is an alternation of whole-word patterns (spaCy's French
# TOKEN_MATCH: 266 alternatives, 1.45 MB, 1.8 s to compile, each alternative repeating the
# same 3 KB letter classes).
_BIG_PATTERN = 100_000
_BIG_CLASS = 100
_ATOM = re.compile(r"\[(?:\\.|[^\]\\])*\][*+?]?|\\.|\((?:\?:)?|\)[*+?]?|[^\[\\()]")


# The pieces of a pattern that matter for splitting it: an escape, a letter class (to its end),
# a group bracket, a bar, or a run of anything else.
_PIECE = re.compile(r"\\.?|\[(?:\\.|[^\]\\])*(?:\]|\\?$)|[()|]|[^\\\[()|]+", re.S)


def _alternatives(body: str) -> list[str]:
    """The top-level alternatives of a pattern (``|`` outside groups and classes)."""
    out, depth, start = [], 0, 0
    for piece in _PIECE.finditer(body):
        c = piece.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and not depth:
            out.append(body[start:piece.start()])
            start = piece.end()
    return out + [body[start:]]


def factored_alternation(pattern: str) -> str | None:
    """The same language as ``(?iu)(?:^A$)|(?:^B$)|…`` with the alternatives that share
    their leading and trailing letter classes merged: ``^LEAD(?:a|b|…)TAIL$``.

    The union of ``lead·mᵢ·tail`` is ``lead·(m₁|m₂|…)·tail``, so every string is matched by
    one exactly when it is by the other (spaCy only asks whether a token matches). Any
    other shape gives ``None``: the pattern is then compiled as it is.
    """
    if not pattern.startswith("(?iu)"):
        return None
    groups: dict[tuple[str, str], dict[str, None]] = {}
    for alternative in _alternatives(pattern[5:]):
        if not (alternative.startswith("(?:^") and alternative.endswith("$)")):
            return None
        body = alternative[4:-2]
        atoms = _ATOM.findall(body)
        if "".join(atoms) != body:
            return None
        big = [a.startswith("[") and len(a) > _BIG_CLASS for a in atoms]
        first_small = big.index(False) if False in big else len(atoms)
        tail_at = next((i for i in range(first_small, len(atoms)) if big[i]), len(atoms))
        key = ("".join(atoms[:first_small]), "".join(atoms[tail_at:]))
        groups.setdefault(key, {})["".join(atoms[first_small:tail_at])] = None
    return "(?iu)" + "|".join(f"(?:^{lead}(?:{'|'.join(middles)}){tail}$)"
                              for (lead, tail), middles in groups.items())


@functools.lru_cache(maxsize=8)
def _compiled_big(pattern: str) -> re.Pattern | None:
    factored = factored_alternation(pattern)
    return re.compile(factored) if factored is not None else None


@contextlib.contextmanager
def _factored_token_match():
    """While spaCy builds a language, huge alternations compile factored (0.04 s, not 1.8 s
    for French, once at import and again when a pipeline's tokenizer is read from disk)."""
    original = re.compile

    def compile(pattern, flags=0):
        if isinstance(pattern, str) and not flags and len(pattern) > _BIG_PATTERN:
            compiled = _compiled_big(pattern)
            if compiled is not None:
                return compiled
        return original(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = original


def _numpy_matmul():
    """While spaCy builds a pipeline, its layers take thinc's NumPy operations with the matrix
    products done by NumPy's BLAS (OpenBLAS in NumPy's wheels) rather than by ``blis``: on
    the 2-core AMD EPYC of the benchmarks blis' generic kernels multiply at 40 GFLOP/s, NumPy's
    at 116 on one thread, and NER over the ×10 corpus's distinct turns takes 1.12 s instead of
    1.65 s in English, 0.63 s instead of 1.08 s in French, with the same entities. A model
    keeps the operations it was built with; Presidio's own loads are untouched."""
    return thinc.api.use_ops("numpy", use_blis=False)


def build_registry(config: Config, languages: list[str]) -> RecognizerRegistry:
    """Every recognizer ccaudit uses, per language. No US-only recognizer is loaded."""
    recognizers = []
    for lang in languages:
        recognizers += [
            AtEmailRecognizer(supported_language=lang),
            AnyCaseIbanRecognizer(supported_language=lang),
            CardNumberRecognizer(supported_language=lang),
            IpRecognizer(supported_language=lang),
            EuPhoneRecognizer(supported_regions=config.phone_regions, supported_language=lang),
            StreetAddressRecognizer(supported_language=lang),
            AnyCaseAddressRecognizer(supported_language=lang),
            SpacyRecognizer(supported_language=lang, supported_entities=["PERSON", "LOCATION"]),
            *national_recognizers(config.countries, lang),
        ]
        if config.models.get(lang) == DEDUCE:
            recognizers.append(DeduceRecognizer(supported_language=lang))
        # Names in any letter case, from first-name and surname lexicons (loaded on first
        # use, once per process, and shared by every language).
        recognizers.append(NameLexiconRecognizer(supported_language=lang))
        for custom in config.custom_entities:
            recognizers.append(PatternRecognizer(
                supported_entity=custom.entity, supported_language=lang,
                patterns=[Pattern(custom.entity.lower(), custom.regex, custom.score)],
                context=list(custom.hints)))
    return _Registry(recognizers=recognizers, supported_languages=languages)


class AtEmailRecognizer(QuickPatterns, EmailRecognizer):
    """Presidio's e-mail recognizer, reading only texts that hold an ``@``: its one pattern
    needs one (``[@]``), so the others cannot match, and most turns and cells have none.
    Named as Presidio's, so findings and explanations read the same."""

    def __init__(self, supported_language: str = "en"):
        super().__init__(supported_language=supported_language, name="EmailRecognizer")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        if "@" not in text:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


class _Registry(RecognizerRegistry):
    """Presidio's registry, with each (language, entities) selection of recognizers made once:
    the analyzer asks for it again on every text."""

    def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        cache = self.__dict__.setdefault("_selected", {})
        key = (language, tuple(entities or ()), all_fields, len(self.recognizers))
        if key not in cache:
            cache[key] = super().get_recognizers(language, entities, all_fields)
        return cache[key]


def build_analyzer(config: Config, languages: list[str] | None = None) -> AnalyzerEngine:
    """Build the Presidio analyzer for ``languages`` (default: all configured ones).

    >>> from ccaudit.settings import load_config
    >>> analyzer = build_analyzer(load_config(), ["en"])
    >>> [r.entity_type for r in analyzer.analyze("jan.peeters@telenet.be", language="en")]
    ['EMAIL_ADDRESS']
    """
    go_offline()
    languages = list(languages or config.languages)
    unknown = [lang for lang in languages if lang not in config.models]
    if unknown:
        raise ConfigError(f"no model entry for language '{unknown[0]}'", source=config.source)
    nlp_engine = OfflineSpacyNlpEngine({lang: config.models[lang] for lang in languages})
    nlp_engine.load()
    return _keep_context_words(AnalyzerEngine(
        registry=build_registry(config, languages), nlp_engine=nlp_engine,
        supported_languages=languages, context_aware_enhancer=ContextEnhancer()))


def _keep_context_words(analyzer: AnalyzerEngine) -> AnalyzerEngine:
    """Tell the engine its recognizers' context words (never stop words to it); called again
    whenever recognizers are added."""
    analyzer.nlp_engine.context_words = frozenset(
        w.strip().lower() for r in analyzer.registry.recognizers for w in (r.context or ()))
    return analyzer



def build_transcript_analyzer(config: Config, today: date | None = None) -> AnalyzerEngine:
    """The analyzer for every configured language, plus the date-of-birth recognizer."""
    analyzer = build_analyzer(config, list(config.languages))
    for language in config.languages:
        analyzer.registry.add_recognizer(DateOfBirthRecognizer(language, today=today))
        analyzer.registry.add_recognizer(IntroducedNameRecognizer(language))
    return _keep_context_words(analyzer)



class Analyzers:
    """The engines a scan or an index build needs, each built on first need and kept, so that
    several builds (a test session, a benchmark, a notebook) pay for them once:
    ``build_index(paths, analyzers=Analyzers(config))``.

    ``exports()`` is the analyzer for column classification (the configured NER languages);
    ``transcripts(today)`` the one for calls, with the date-of-birth and introduced-name
    recognizers (``today`` bounds the dates of birth it accepts).
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._exports: AnalyzerEngine | None = None
        self._transcripts: dict[object, AnalyzerEngine] = {}

    def exports(self) -> AnalyzerEngine:
        if self._exports is None:
            exports = self.config.exports
            self._exports = build_analyzer(self.config, list(dict.fromkeys(
                exports.ner_languages or self.config.languages[:1])))
        return self._exports

    def transcripts(self, today=None) -> AnalyzerEngine:
        if today not in self._transcripts:
            self._transcripts[today] = build_transcript_analyzer(self.config, today)
        return self._transcripts[today]
