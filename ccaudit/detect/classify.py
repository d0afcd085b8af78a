"""The column classifier: which personal-data entities does a column hold?

Evidence comes from the values — a reproducible sample of distinct values run through
Presidio — and is weighed by what the column name says (:mod:`ccaudit.detect.hints`):

* a **structured** column (one value per cell: an e-mail, a phone, a national number)
  holds an entity when a clear share of its sampled values *is* that entity;
* a **free-text** column (notes, comments) holds every entity found in a clear share of
  its texts;
* a **date** column holds ``DATE_OF_BIRTH`` only when its name says birth or its dates
  put people at plausible ages; other dates are not personal data by themselves.

Names and places found by statistical NER are trusted less than checksummed identifiers:
in columns with few distinct values (queues, products, agents) or technical names they
need a column-name hint.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import Callable, Iterable, Sequence

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ccaudit.config import SENSITIVITY_LEVELS, Config
from ccaudit.entities import PRIORITY  # ties of two checksummed readings: the table's order
from ccaudit.detect.hints import ColumnHints, column_hints
from ccaudit.report.masking import mask
from ccaudit.detect.sampling import ColumnSketch

NER_ENTITIES = ("PERSON", "LOCATION")
NER_RECOGNIZER = "SpacyRecognizer"
# Statistical or lookup-based name finders: a pattern hit wins where they overlap.
NER_RECOGNIZERS = {NER_RECOGNIZER, "DeduceRecognizer"}
SENSITIVITY_ORDER = {level: i for i, level in enumerate(SENSITIVITY_LEVELS)}
# How far a single kind of evidence is trusted, before the share of values that show it.
RELIABILITY = {"pattern": 0.95, "address": 0.85, "ner": 0.75, "shape": 0.8, "date": 0.85}

_LETTERS = re.compile(r"\b[^\W\d_]{2,}\b")
_NAME_SHAPE = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*\.?(?:[\s'’\-]+[^\W\d_][^\W\d_'’.\-]*\.?){0,5}$")
_POSTCODE = re.compile(r"^(?:[1-9]\d{3}(?:\s?[A-Za-z]{2})?|\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")
# Digits (strptime's %d may be " 5"), the formats' separators, 8 to 10 characters.
_DATE_CHARS = re.compile(r"[\d ./-]{8,10}")
_MIDNIGHT = re.compile(r"[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$")


@dataclass
class ColumnProfile:
    """What ccaudit knows about one column: a data-catalogue entry, masked."""

    source: str
    sheet: str
    column: str
    entity_type: str = ""
    entities: tuple[str, ...] = ()
    confidence: float = 0.0
    sensitivity: str = "none"
    match_share: float = 0.0
    rows: int = 0
    null_share: float = 0.0
    distinct_share: float = 0.0
    kind: str = "structured"
    hinted: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default_factory=tuple)
    # Why: the kind of evidence that decided (pattern, address, ner, shape, date, free_text),
    # the recognizer (or rule) whose results decided, and its median score on the sample.
    evidence: str = ""
    decided_by: str = ""
    score: float | None = None
    # An analyst's reviewed decision (ccaudit.detect.reviews), when one applies.
    reviewed_by: str = ""
    reviewed_on: str = ""
    review_reason: str = ""

    def as_row(self) -> dict:
        return {
            "source": self.source, "sheet": self.sheet, "column": self.column,
            "entity_type": self.entity_type, "entities": ";".join(self.entities),
            "confidence": round(self.confidence, 3), "sensitivity": self.sensitivity,
            "match_share": round(self.match_share, 3), "rows": self.rows,
            "null_share": round(self.null_share, 3), "distinct_share": round(self.distinct_share, 3),
            "kind": self.kind, "hinted": ";".join(self.hinted), "examples": " | ".join(self.examples),
            "evidence": self.evidence, "decided_by": self.decided_by,
            "score": None if self.score is None else round(self.score, 3),
            "reviewed_by": self.reviewed_by, "reviewed_on": self.reviewed_on,
            "review_reason": self.review_reason,
        }


@dataclass
class _Value:
    """One sampled value and the entity spans found in it."""

    text: str
    results: list[RecognizerResult] = field(default_factory=list)

    def covered_by(self, entity: str) -> bool:
        """True when spans of ``entity`` cover (nearly) all letters and digits of the value."""
        spans = [(r.start, r.end) for r in self.results if r.entity_type == entity]
        if not spans:
            return False
        covered = set()
        for start, end in spans:
            covered.update(i for i in range(start, end) if self.text[i].isalnum())
        total = sum(1 for c in self.text if c.isalnum())
        return total > 0 and len(covered) >= 0.85 * total

    def entities(self) -> set[str]:
        return {r.entity_type for r in self.results}


def _is_ner(result: RecognizerResult) -> bool:
    meta = result.recognition_metadata or {}
    return meta.get("recognizer_name") in NER_RECOGNIZERS




def resolve_overlaps(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Keep one reading of each stretch of text.

    Pattern hits (checksums, formats) are precise, so they go first, highest score and
    longest span winning; an NER hit survives only where no pattern hit lies.
    """
    def key(r):
        return (-r.score, PRIORITY.get(r.entity_type, len(PRIORITY)), -(r.end - r.start), r.start)

    kept: list[RecognizerResult] = []
    patterns = sorted((r for r in results if not _is_ner(r)), key=key)
    ner = sorted((r for r in results if _is_ner(r)), key=key)
    for r in patterns + ner:
        if any(r.start < k.end and k.start < r.end for k in kept):
            continue
        kept.append(r)
    return sorted(kept, key=lambda r: r.start)


class _TokenizedOnDemand(NlpArtifacts):
    """Tokenizer-only NLP artifacts that tokenize the value the first time a recognizer or
    the context enhancer reads its tokens, lemmas or keywords: most sampled values get no
    pattern hit, and nothing reads their tokens then. Read, they are what
    :class:`NlpArtifacts` holds for ``nlp.make_doc(text)`` with the lower-cased words as
    lemmas."""

    def __init__(self, nlp, text: str, engine, language: str):
        self.entities, self.scores = [], []
        self.nlp_engine, self.language = engine, language
        self._nlp, self._text, self._read = nlp, text, None

    def _tokens(self):
        if self._read is None:
            doc = self._nlp.make_doc(self._text)
            lemmas = [t.lower_ for t in doc]
            self._read = (doc, [t.idx for t in doc], lemmas,
                          NlpArtifacts.set_keywords(self.nlp_engine, lemmas, self.language))
        return self._read

    tokens = property(lambda self: self._tokens()[0])
    tokens_indices = property(lambda self: self._tokens()[1])
    lemmas = property(lambda self: self._tokens()[2])
    keywords = property(lambda self: self._tokens()[3])

    def to_json(self) -> str:
        self._tokens()
        return NlpArtifacts(self.entities, self.tokens, self.tokens_indices, self.lemmas,
                            self.nlp_engine, self.language).to_json()


def _tokenizer_artifacts(analyzer: AnalyzerEngine, texts: Sequence[str], language: str):
    """NLP artifacts without running NER: enough for pattern recognizers and context (the
    words are split when first read: :class:`_TokenizedOnDemand`)."""
    engine = analyzer.nlp_engine
    # ccaudit's engine tokenizes with the blank pipeline and loads no model; another one
    # (a caller's Presidio engine) with its own.
    blank = getattr(engine, "tokenizer_pipeline", None)
    nlp = blank(language) if blank is not None else engine.nlp[language]
    for text in texts:
        yield _TokenizedOnDemand(nlp, text, engine, language)


def ner_pipes(nlp) -> list[str]:
    """The components NER needs: ``ner`` and any embedding layer it listens to.

    The small and medium pipelines' NER has its own embedding layer: their shared
    ``tok2vec`` feeds only the tagger and parser, and running it would cost a third of
    NER's time for nothing. A pipeline whose NER listens to a shared layer (``tok2vec`` or
    ``transformer``) keeps that layer.
    """
    keep = []
    for name, pipe in nlp.pipeline:
        if "ner" in (getattr(pipe, "listening_components", None) or []):
            keep.append(name)
    return keep + ["ner"] if nlp.has_pipe("ner") else keep


def _ner_artifacts(analyzer: AnalyzerEngine, texts: Sequence[str], language: str):
    """NLP artifacts from NER alone: tagger, lemmatizer and parser are not needed here."""
    engine = analyzer.nlp_engine
    nlp = engine.nlp[language]
    with nlp.select_pipes(enable=ner_pipes(nlp)):
        docs = list(nlp.pipe(texts, batch_size=256))
    for doc in docs:
        yield engine._doc_to_nlp_artifact(doc, language)


def analyse_columns(samples: Sequence[Sequence[str]], ner: Sequence[bool], analyzer: AnalyzerEngine,
                    config: Config, probe: int | None = None,
                    reread: Callable[[int, list[_Value]], bool] | None = None) -> list[list[_Value]]:
    """Run Presidio over the sampled values of several columns at once.

    Pattern recognizers run once per value, with tokenizer-only artifacts. A column is
    first probed with ``probe`` values: when the probe is unanimous (every value the same
    checksummed entity, or nothing at all; nothing with words left for NER is not enough in a
    column NER reads: :func:`_settled`) the rest of its sample is not needed. spaCy
    NER then runs batched, per configured language, only for columns flagged in ``ner``
    and only on values that still hold words no pattern explained. ``reread(i, values)``
    (given the pattern results of column ``i``) says a column will be read again whatever
    NER finds here (free text read as notes, :func:`free_text_whatever_ner`): NER skips it.
    """
    probe = config.exports.probe_size if probe is None else probe
    ner_languages = [l for l in config.exports.ner_languages if l in analyzer.supported_languages]
    first = ner_languages[0] if ner_languages else analyzer.supported_languages[0]
    pattern_entities = [e for e in config.entities if e not in NER_ENTITIES] + ["LOCATION"]

    def patterns(texts: Sequence[str]) -> list[_Value]:
        out = []
        for text, artifacts in zip(texts, _tokenizer_artifacts(analyzer, texts, first)):
            hits = analyzer.analyze(text, language=first, entities=pattern_entities,
                                    nlp_artifacts=artifacts)
            out.append(_Value(text, [r for r in hits if not _is_ner(r)]))
        return out

    analysed = []
    for sample, wants_ner in zip(samples, ner):
        head = patterns(sample[:probe] if probe else sample)
        if probe and len(sample) > probe and not _settled(head, wants_ner):
            head += patterns(sample[probe:])
        analysed.append(head)

    todo = [v for i, (values, wants_ner) in enumerate(zip(analysed, ner))
            if wants_ner and not (reread is not None and reread(i, values))
            for v in values if _has_unexplained_words(v)]
    if todo:
        batch = [v.text for v in todo]
        for language in ner_languages:
            if not analyzer.nlp_engine.nlp[language].has_pipe("ner"):
                continue
            for value, artifacts in zip(todo, _ner_artifacts(analyzer, batch, language)):
                hits = analyzer.analyze(value.text, language=language,
                                        entities=list(NER_ENTITIES), nlp_artifacts=artifacts)
                value.results.extend(r for r in hits if _is_ner(r) and _name_like(value.text, r))
    for values in analysed:
        for v in values:
            v.results = resolve_overlaps(v.results)
    return analysed


_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "het", "le", "la", "les", "du", "des",
              "di", "da", "von", "zu", "del", "y", "e", "et", "en", "and"}
_PARTICLE_CHARS = max(map(len, _PARTICLES))
# Street types written in lower case before a street's name in running French text ("rue
# Lesage", "boulevard Rochebonne"): part of a place, like a particle.
_STREET_TYPES = {"rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "quai",
                 "route", "chaussée", "square", "drève", "sentier", "passage", "faubourg"}
# An elided article split off by a tokenizer, inside a street's name ("rue d' Aiguillon",
# "rue de l' Hospice").
_ELISIONS = {"d'", "l'", "d’", "l’"}
# "p. Marseille", "c. Guillaume": a one-letter abbreviation or initial does not end a sentence.
_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])[^\W\d_]\.$")


def _ner_could_cover(text: str) -> bool:
    """Whether names or places NER may keep here (:func:`_name_like`) could cover the value
    (:meth:`_Value.covered_by`). An upper bound on what they cover: every word that has a
    capital, is a particle or holds ``d'``/``l'``, and, at either end of a span (each holds
    a capital), a particle that begins or ends another word ("garde" ends with "de")."""
    total = sum(c.isalnum() for c in text)
    if not total:
        return False
    whole = cut = 0
    for word in text.split():
        low = word.lower()
        letters = sum(c.isalnum() for c in word)
        if low in _PARTICLES or "d'" in low or "l'" in low or any(c.isupper() for c in word):
            whole += letters
        else:
            ends = max((len(p) for p in _PARTICLES if low.startswith(p) or low.endswith(p)), default=0)
            cut += min(letters, 2 * ends)
    spans = sum(c.isupper() for c in text)
    return whole + min(cut, 2 * _PARTICLE_CHARS * spans) >= 0.85 * total


def free_text_whatever_ner(source: str, sheet: str, sketch: ColumnSketch, values: list[_Value],
                           config: Config, today: date | None = None) -> bool:
    """Whether a column is free text whatever NER would find in it, given its pattern
    results: free text without NER, and too few values NER could wholly cover
    (:func:`_ner_could_cover`) for a name or place to make it structured, alone or with the
    patterns' entities (the thresholds of :func:`classify_column`). Notes and comments are
    read again as calls are, with NER of their own: NER here would be thrown away."""
    n = len(values)
    words = [len(v.text.split()) for v in values]
    if not n or median(words) < 4 or max(words) < 6:  # not free text (classify_column's test)
        return False
    ex = config.exports
    could = sum(1 for v in values if _ner_could_cover(v.text))
    if could >= min(ex.min_share, ex.hinted_min_share) * n:
        return False
    resolved = [_Value(v.text, resolve_overlaps(v.results)) for v in values]
    covered = sum(1 for v in resolved if any(v.covered_by(e) for e in v.entities()))
    return covered + could < ex.min_share * n and classify_column(
        source, sheet, sketch, resolved, config, today).kind == "free_text"


def _name_like(text: str, result: RecognizerResult) -> bool:
    """Whether an NER span is written like a name or place, not a common word.

    Every word capitalised (particles such as *van*, *de*, *le* aside); a single
    capitalised word opening a sentence proves nothing, unless it is the whole value.
    Dutch text read by English or French models otherwise yields "Terugbellen" as a person.
    """
    # "Wardville , Kansas" (a place and its state, merged), "Costa Rica ' s" (text split
    # into tokens): a lone comma or quote is no word.
    words = [w for w in text[result.start:result.end].split() if w not in (",", "'", "’")]
    while len(words) > 1 and (words[0].lower() in _PARTICLES or (
            result.entity_type == "LOCATION" and (words[0] in _STREET_TYPES
                                                  or words[0].lower() in _ELISIONS))):
        words = words[1:]  # "de Gruil", "van de Biesenbos": particles may open a surname
    if not words or not words[0][:1].isupper():
        return False
    if any(not (w[:1].isupper() or w.lower() in _PARTICLES or w[:2].lower() in ("d'", "l'"))
           for w in words):
        return False
    whole = not text[:result.start].strip() and not text[result.end:].strip(" .,;!?")
    before = text[:result.start].rstrip()
    opens_sentence = not before or (before.endswith((".", "!", "?", ":", ";", "\n"))
                                    and not _INITIAL_BEFORE.search(before))
    return whole or not (opens_sentence and len(words) == 1)


def _unanimous(values: list[_Value]) -> bool:
    """True when every value holds nothing, or every value is wholly the same entity."""
    if all(not v.results for v in values):
        return True
    kinds = {frozenset(v.entities()) for v in values}
    if len(kinds) != 1:
        return False
    (entities,) = kinds
    return len(entities) == 1 and all(v.covered_by(next(iter(entities))) for v in values)


def _settled(probe: list[_Value], wants_ner: bool) -> bool:
    """Whether a column's probe decides it: unanimous (:func:`_unanimous`), and, where NER
    could still speak, unanimous in one entity or with no word left for NER to read."""
    if not _unanimous(probe):
        return False
    return not wants_ner or any(v.results for v in probe) or not any(
        _has_unexplained_words(v) for v in probe)


def _has_unexplained_words(value: _Value) -> bool:
    text = value.text
    for r in value.results:
        text = text[:r.start] + " " * (r.end - r.start) + text[r.end:]
    if "@" in text or _LETTERS.search(text) is None:
        return False
    # Mostly digits and punctuation (JSON, codes, amounts): nothing for NER to read.
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.4 * len(text.replace(" ", ""))


def is_categorical(sketch: ColumnSketch, config: Config) -> bool:
    """Few distinct values (queues, products, agents, codes): a category, not an attribute."""
    ex = config.exports
    share = sketch.distinct / sketch.non_null if sketch.non_null else 0.0
    return sketch.distinct <= ex.categorical_max_distinct or share <= ex.categorical_max_distinct_share


def wants_ner(sketch: ColumnSketch, config: Config) -> bool:
    """Whether NER can change the verdict on this column (it is the costly part).

    In a categorical column names and places count only with a column-name hint; a column
    whose name says name or place is judged on the shape of its values.
    """
    hints = column_hints(sketch.name, config.hints)
    if hints.positive & set(NER_ENTITIES) and not hints.negative:
        return False
    return not is_categorical(sketch, config)


def _parse_date(text: str) -> date | None:
    text = _MIDNIGHT.sub("", text.strip())
    if not _DATE_CHARS.fullmatch(text):  # what every format of _DATE_FORMATS is made of
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _birth_evidence(texts: Sequence[str], age_range: tuple[int, int], today: date):
    """Share of values that are dates, and share that are plausible birth dates."""
    dates = [d for d in (_parse_date(t) for t in texts) if d is not None]
    if not texts or not dates:
        return 0.0, 0.0, 0
    youngest, oldest = age_range
    plausible = [d for d in dates if youngest <= (today - d).days / 365.25 <= oldest]
    span_years = (max(dates) - min(dates)).days / 365.25
    return len(dates) / len(texts), len(plausible) / len(texts), span_years


def classify_column(source: str, sheet: str, sketch: ColumnSketch, values: list[_Value],
                    config: Config, today: date | None = None) -> ColumnProfile:
    """Decide the entities of one column from its analysed sample and its name."""
    ex = config.exports
    today = today or date.today()
    hints: ColumnHints = column_hints(sketch.name, config.hints)
    profile = ColumnProfile(
        source=source, sheet=sheet, column=sketch.name, rows=sketch.rows,
        null_share=sketch.nulls / sketch.rows if sketch.rows else 0.0,
        distinct_share=sketch.distinct / sketch.non_null if sketch.non_null else 0.0,
        hinted=tuple(sorted(hints.positive)),
    )
    n = len(values)
    if n == 0:
        profile.kind = "empty"
        return profile
    texts = [v.text for v in values]
    categorical = is_categorical(sketch, config)

    # Per-entity share of values the entity fully explains, and which evidence it came from.
    full: Counter[str] = Counter()
    source_of: dict[str, str] = {}
    for v in values:
        for entity in v.entities():
            if v.covered_by(entity):
                full[entity] += 1
                ner_only = all(_is_ner(r) for r in v.results if r.entity_type == entity)
                kind = "ner" if ner_only else ("address" if entity == "LOCATION" else "pattern")
                source_of.setdefault(entity, kind)
                if kind != "ner":
                    source_of[entity] = kind
    shares = {e: c / n for e, c in full.items()}

    # Names and places from NER alone are noisy: distrust them in categorical or technical
    # columns unless the name says otherwise.
    for entity in NER_ENTITIES:
        if source_of.get(entity) == "ner" and entity not in hints.positive:
            if categorical or (hints.negative and shares.get(entity, 0) < 0.8):
                shares.pop(entity, None)

    # A hinted name or place column whose values look like names or places. A technical
    # word in the name (product_name) voids name shapes, but not postcodes ("postcode"
    # holds "code").
    for entity in NER_ENTITIES:
        if entity not in hints.positive:
            continue
        shaped = 0.0 if hints.negative else sum(1 for t in texts if _NAME_SHAPE.match(t.strip())) / n
        if entity == "LOCATION":
            shaped = max(shaped, sum(1 for t in texts if _POSTCODE.match(t.strip())) / n)
        if shaped > shares.get(entity, 0):
            shares[entity], source_of[entity] = shaped, "shape"

    # Birth dates: a date column with a birth hint or with plausible, spread-out ages.
    date_share, birth_share, span = _birth_evidence(texts, ex.birth_age_range, today)
    if date_share >= ex.min_share:
        hinted_birth = "DATE_OF_BIRTH" in hints.positive
        if hinted_birth and birth_share >= ex.hinted_min_share or (
                not hints.negative and birth_share >= 0.9 and span >= 20):
            shares["DATE_OF_BIRTH"] = birth_share
            source_of["DATE_OF_BIRTH"] = "date"
        # Whatever the verdict, a date is not a phone number or an identifier.
        for entity in list(shares):
            if entity != "DATE_OF_BIRTH" and source_of.get(entity) != "shape":
                shares.pop(entity)

    def threshold(entity: str) -> float:
        return ex.hinted_min_share if entity in hints.positive else ex.min_share

    coverage = sum(1 for v in values if any(v.covered_by(e) for e in shares)) / n
    structured = [e for e, s in shares.items() if s >= threshold(e)]
    if not structured and shares and coverage >= ex.min_share:
        # Mixed columns ("contact": e-mail or phone) — together they explain the column.
        structured = [e for e, s in shares.items() if s >= 0.15 and source_of[e] != "ner"]
    if structured:
        primary = max(structured, key=lambda e: (shares[e], source_of[e] != "ner"))
        others = [e for e in shares if e != primary and shares[e] >= 0.1
                  and source_of[e] not in ("ner", "shape")]
        entities = [primary] + sorted(others, key=lambda e: -shares[e])
        share = shares[primary]
        confidence = RELIABILITY[source_of[primary]] * min(1.0, share / max(threshold(primary), 1e-9) * 0.75 + 0.25)
        if primary in hints.positive:
            confidence = min(0.99, confidence + 0.1)
        _finish(profile, entities, share, confidence, "structured", values, config)
        profile.evidence = source_of[primary]
        profile.decided_by, profile.score = _decided_by(values, primary, source_of[primary],
                                                        primary in hints.positive)
        return profile

    # Free text: several entities, each in a clear share of the texts.
    words = [len(t.split()) for t in texts]
    if median(words) >= 4 and max(words) >= 6:
        profile.kind = "free_text"
        found: Counter[str] = Counter()
        for v in values:
            found.update(v.entities())
        entities = [e for e, c in found.most_common()
                    if c / n >= ex.free_text_min_share and c >= ex.free_text_min_hits]
        if entities:
            share = sum(1 for v in values if v.entities() & set(entities)) / n
            confidence = min(0.95, 0.5 + share / 2)
            _finish(profile, entities, share, confidence, "free_text", values, config)
            profile.evidence = "free_text"
            decided = [(e, *_decided_by(values, e, "free_text", False)) for e in entities]
            profile.decided_by = "; ".join(f"{e}: {name}" for e, name, _ in decided)
            scores = [s for _, _, s in decided if s is not None]
            profile.score = median(scores) if scores else None
        return profile
    return profile


# The rules that decide without a recognizer's result (classify_column's own evidence).
RULES = {"shape": "column-name hint and the values' shape (names, postcodes)",
         "date": "dates that put people at plausible, spread-out ages"}


def _decided_by(values: list[_Value], entity: str, evidence: str, hinted: bool) -> tuple[str, float | None]:
    """The recognizer whose results decided ``entity`` on the sample (the one most of its
    results came from, on the values they explain) and their median score; for evidence
    that is a rule of the classifier's own, the rule. Read from the results the decision
    was made on, so the explanation cannot disagree with it."""
    if evidence in RULES:
        return RULES[evidence] + (" (hinted)" if hinted and evidence == "shape" else ""), None
    counted: Counter[str] = Counter()
    scores: list[float] = []
    for v in values:
        if evidence != "free_text" and not v.covered_by(entity):
            continue
        for r in v.results:
            if r.entity_type == entity:
                counted[(r.recognition_metadata or {}).get("recognizer_name") or "unknown"] += 1
                scores.append(r.score)
    if not counted:
        return "", None
    return counted.most_common(1)[0][0], median(scores)


def apply_review(profile: ColumnProfile, decision, values: list[_Value], config: Config) -> ColumnProfile:
    """The column as the analyst decided: no personal data, or ``decision.entity`` (its
    sensitivity, masked examples and the share of sampled values it explains), with who
    decided, when and why. The classifier's own verdict stays in ``decided_by``'s wording."""
    before = profile.entity_type or "none"
    if decision.entity:
        n = len(values) or 1
        share = sum(1 for v in values if v.covered_by(decision.entity)) / n
        kind = profile.kind if profile.kind in ("structured", "free_text") else "structured"
        _finish(profile, [decision.entity], share, 0.99, kind, values, config)
    else:
        profile.entity_type, profile.entities, profile.sensitivity = "", (), "none"
        profile.match_share, profile.confidence, profile.examples = 0.0, 0.0, ()
    profile.evidence = "review"
    profile.decided_by = f"reviewed (the scan said {before})"
    profile.score = None
    profile.reviewed_by, profile.reviewed_on = decision.by, decision.on.isoformat()
    profile.review_reason = decision.reason
    return profile


def _finish(profile: ColumnProfile, entities: list[str], share: float, confidence: float,
            kind: str, values: list[_Value], config: Config) -> None:
    profile.entities = tuple(entities)
    profile.entity_type = entities[0]
    profile.match_share = share
    profile.confidence = max(0.0, min(confidence, 0.99))
    profile.kind = kind
    levels = [config.sensitivity.get(e, "low") for e in entities]
    profile.sensitivity = min(levels, key=lambda lvl: SENSITIVITY_ORDER[lvl])
    profile.examples = tuple(_examples(values, entities, kind, config.exports.max_examples))


def _examples(values: list[_Value], entities: list[str], kind: str, limit: int) -> list[str]:
    """Masked examples: whole values for structured columns, masked spans for free text."""
    out: list[str] = []
    for v in values:
        if len(out) >= limit:
            break
        if kind == "structured":
            if v.covered_by(entities[0]):
                out.append(mask(v.text, entities[0]))
        else:
            spans = [r for r in v.results if r.entity_type in entities]
            if spans:
                out.append(" · ".join(mask(v.text[r.start:r.end], r.entity_type) for r in spans))
    if kind == "structured" and not out:
        # Evidence from shape or dates: mask each sampled value as the entity.
        out = [mask(v.text, entities[0]) for v in values[:limit]]
    return out
