"""Personal data in call transcripts: per call, per turn and per speaker, with offsets.

>>> scan = scan_transcripts(["data_samples/transcripts"])         # doctest: +SKIP
>>> scan.findings[["call_id", "turn", "role", "entity_type", "masked"]]  # doctest: +SKIP
>>> scan.write("reports/latest/transcripts")                       # doctest: +SKIP

How a call is scanned:

1. It is read into turns (:mod:`ccaudit.sources.transcripts`); an unreadable file becomes
   a row of ``errors`` and the scan goes on.
2. Each turn gets a language: the file's metadata, else lingua, per turn when the call
   switches (:mod:`ccaudit.detect.language`), and a speaker role, agent or customer.
3. Numbers and e-mail addresses spoken as words are written out (:mod:`ccaudit.detect.spoken`),
   so the checksummed recognizers can validate them.
4. Turns are analysed in batches per language: spaCy NER (English, French) through
   ``nlp.pipe``, deduce for Dutch names, and the pattern recognizers once per turn. The
   words of the previous turn count as context ("what is your phone number?" — "0475…").
5. A date is reported only as a date of birth, when the turn or the one before says
   birth. Findings are mapped back to the original words; the value is masked.
"""
from __future__ import annotations

import copy
import functools
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd
from spacy.tokens import Span
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from tqdm import tqdm

from ccaudit.detect.analyzer import NER_MAPPING, build_transcript_analyzer
from ccaudit.detect.classify import (_ELISIONS, _INITIAL_BEFORE, _PARTICLES, _STREET_TYPES, NER_RECOGNIZER,
                                     NER_RECOGNIZERS, _name_like, ner_pipes, resolve_overlaps)
from ccaudit.config import Config
from ccaudit.settings import load_config
from ccaudit.entities import DIGIT_ENTITIES, NATIONAL_ENTITIES, PAYMENT_CARD_ENTITIES
from ccaudit.errors import CcauditError, ReaderError
from ccaudit.detect.language import LanguageGuesser
from ccaudit.detect.names import shared_finder
from ccaudit.report.masking import mask, mask_phone
from ccaudit.detect.recognizers import AnyCaseAddressRecognizer, DateOfBirthRecognizer, has_birth_context, strip_title
from ccaudit.detect.spelled_names import spelled_name_results
from ccaudit.detect.cache import ScanCache, fingerprint, matched_since
from ccaudit.detect.collector import fewer_collections
from ccaudit.detect.reviews import STATUS as REVIEW_STATUS, reviews_for
from ccaudit.detect.spoken import Normalised, normalise
from ccaudit.sources.transcripts import (Transcript, Turn, discover_transcripts, read_transcript,
                                         span_times)
from ccaudit.sources.walk import client_of

log = logging.getLogger(__name__)

FINDINGS = ["source", "client", "call_id", "format", "turn", "speaker", "role", "language",
            "time_start", "time_end", "start", "end", "entity_type", "score", "recognizer", "spoken",
            "masked", "reviewed_by", "reviewed_on", "review_reason"]
CALLS = ["source", "client", "call_id", "format", "language", "languages", "turns", "words",
         "duration", "findings", "entities", "has_card", "has_national_number", "redacted",
         "seconds"]
ERRORS = ["source", "error"]
AGENT, CUSTOMER = "agent", "customer"
# Where a national phone number is looked up first, by the language it was said in.
LANGUAGE_REGIONS = {"nl": ("BE", "NL"), "fr": ("BE", "FR", "LU"), "en": ("BE", "GB")}
_WORD = re.compile(r"\w+")
_ORG = r"(?P<org>[A-Z][\w&'’.-]*(?:\s[A-Z][\w&'’.-]*){0,2})"
# How agents answer: "Good afternoon, Assurbel, …", "Goedemiddag, BrightBank, met …",
# "… this is Marie from Assurbel, how can I help?": the organisation, never a person.
_ORG_IN_GREETING = [
    re.compile(r"^\s*(?i:good\s+(?:morning|afternoon|evening|day)|hello|hi|goedemorgen|"
               r"goedemiddag|goedenavond|goeiedag|dag|hallo|bonjour|bonsoir)\s*[,!.]?\s*"
               + _ORG + r"\s*,"),
    re.compile(r"(?<!\w)(?i:from|chez|bij)\s+" + _ORG + r"\s*[,.!?]"),
    # "you're speaking with Danny Van den Broeck at Assurbel.": the agent's employer.
    re.compile(r"(?i:speaking\s+with|this\s+is|through\s+to)\s+[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}?"
               r"\s+at\s+" + _ORG + r"\s*[,.!?]"),
    # Speech-to-text, lower case: where nothing but an organisation can be said ("assurbel
    # bonjour thomas à votre service", "vous êtes bien chez assurbel").
    re.compile(r"^\s*(?P<org>[^\W\d_][\w&'’.-]*)\s+(?:good\s+(?:morning|afternoon|evening)|"
               r"hello|bonjour|bonsoir|goedemorgen|goedemiddag|goedenavond|goeiedag|hallo)\b"),
    re.compile(r"(?i:vous\s+êtes\s+(?:bien\s+)?chez|bienvenue\s+chez|welkom\s+bij|"
               r"welcome\s+to|thank\s+you\s+for\s+calling|"
               r"thanks\s+for\s+calling)\s+(?P<org>[^\W\d_][\w&'’.-]*)"),
]
# Words that tie a person to an organisation: "Sven Peeters van BrightBank".
_LINKS = {"van", "from", "de", "of", "bij", "chez", "at"}


# Languages and nationalities: what a call says it speaks, not where someone lives.
_LANGUAGE_NAMES = {"nederlands", "vlaams", "frans", "engels", "duits", "néerlandais",
                   "neerlandais", "flamand", "français", "francais", "anglais", "allemand",
                   "dutch", "flemish", "french", "english", "german"}


@functools.lru_cache(maxsize=None)
def common_words(language: str) -> frozenset[str]:
    """The language's stop words (spaCy's lists) and speech fillers, lower case."""
    from ccaudit.detect.names import FILLERS, stop_words

    return stop_words(language) | FILLERS


@dataclass
class TranscriptScan:
    """The result of a scan: one row per finding, per call and per unreadable file."""

    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDINGS))
    calls: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CALLS))
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERRORS))
    # The analysts' finding decisions: each applied, or stale (its call or span is gone).
    reviews: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_STATUS))

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``transcript_findings.csv``, ``transcript_calls.csv``, ``errors.csv`` and
        ``transcript_reviews.csv``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, frame in (("transcript_findings", self.findings),
                            ("transcript_calls", self.calls), ("errors", self.errors),
                            ("transcript_reviews", self.reviews)):
            paths[name] = out / f"{name}.csv"
            frame.to_csv(paths[name], index=False)
        return paths

    @staticmethod
    def concat(parts: Sequence["TranscriptScan"]) -> "TranscriptScan":
        def cat(frames, columns):
            frames = [f for f in frames if len(f)]
            return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        scan = TranscriptScan(cat([p.findings for p in parts], FINDINGS),
                              cat([p.calls for p in parts], CALLS),
                              cat([p.errors for p in parts], ERRORS))
        reviews = [p.reviews for p in parts if len(p.reviews)]
        if reviews:
            # Each part lists every decision; a decision is applied when any part applied it.
            keys = [c for c in REVIEW_STATUS if c not in ("status", "matched")]
            merged = pd.concat(reviews, ignore_index=True)
            merged = merged.groupby(keys, dropna=False, sort=False, as_index=False)["matched"].sum()
            merged["status"] = merged["matched"].map(lambda n: "applied" if n else "stale")
            scan.reviews = merged[REVIEW_STATUS]
        scan.calls = scan.calls.sort_values("source", kind="stable", ignore_index=True)
        scan.errors = scan.errors.sort_values("source", kind="stable", ignore_index=True)
        scan.findings = scan.findings.sort_values(["source", "turn", "start"], kind="stable",
                                                  ignore_index=True)
        for column in ("time_start", "time_end"):  # None where a format has no times
            scan.findings[column] = pd.to_numeric(scan.findings[column], errors="coerce")
        scan.calls["duration"] = pd.to_numeric(scan.calls["duration"], errors="coerce")
        return scan


def speaker_roles(speakers: Sequence[str], config: Config) -> list[str]:
    """``agent`` or ``customer`` for each turn's speaker label.

    A label containing one of ``transcripts.agent_speakers`` (customer_speakers) says it;
    otherwise the call's first speaker is the agent and the others are customers.

    >>> from ccaudit.settings import load_config
    >>> speaker_roles(["spk_0", "spk_1", "spk_0"], load_config())
    ['agent', 'customer', 'agent']
    >>> speaker_roles(["CUSTOMER", "Agent"], load_config())
    ['customer', 'agent']
    """
    cfg = config.transcripts
    first = next((s for s in speakers if s), None)
    roles = []
    for speaker in speakers:
        label = (speaker or "").lower()
        if any(word in label for word in cfg.agent_speakers):
            roles.append(AGENT)
        elif any(word in label for word in cfg.customer_speakers):
            roles.append(CUSTOMER)
        else:
            roles.append(AGENT if speaker == first else CUSTOMER)
    return roles


def _call_language(transcript: Transcript, config: Config) -> str | None:
    code = (transcript.language or "").strip().lower()[:2]
    return code if code in config.languages else None


@dataclass
class _Turn:
    call: "_Call"
    index: int
    language: str
    role: str
    norm: Normalised
    context: list[str]
    birth_before: bool  # the previous turn said "birth"
    results: list[RecognizerResult] = field(default_factory=list)


@dataclass
class _Call:
    transcript: Transcript
    source: str
    client: str
    rel: Path
    seconds: float  # reading and preparing; analysis is added when the batch is done
    turns: list[_Turn] = field(default_factory=list)
    # Organisations the agent named in this call's greeting: learned per call, so a call's
    # findings never depend on which calls were scanned before it or in the same batch.
    organisations: set[str] = field(default_factory=set)


def _to_normalised(norm: Normalised, start: int, end: int) -> tuple[int | None, int | None]:
    """A span of the original text in the normalised text's offsets; ``(None, None)`` when
    it starts or ends inside a replaced stretch that it does not wholly cover."""
    def at(pos: int, is_end: bool) -> int | None:
        shift = 0
        for n_start, n_end, o_start, o_end in norm.replacements:
            if pos < o_start or (is_end and pos == o_start):
                break
            if pos < o_end or (is_end and pos == o_end):
                if (not is_end and pos == o_start) or (is_end and pos == o_end):
                    return n_start if not is_end else n_end
                return None
            shift = n_end - o_end
        return pos + shift
    return at(start, False), at(end, True)


def _merge_addresses(text: str, results: list[RecognizerResult],
                     kept: Callable[[RecognizerResult], bool] = lambda r: True,
                     joined: set[int] | None = None) -> list[RecognizerResult]:
    """One finding for "Kerkstraat 12, 2000 Antwerpen": address pieces (street, postcode and
    place) that follow each other with only a comma or blanks between them are one address,
    scored as its best piece. A piece ``kept`` refuses (NER's reading of OCR noise, "iO" in
    "8 et iO, rue Clairaut") is left alone, so that it does not take the street with it.
    ``joined`` receives the ``id`` of each result that took another piece in."""
    pieces = sorted((r for r in results if r.entity_type == "LOCATION" and kept(r)),
                    key=lambda r: (r.start, -r.end))
    merged: list[RecognizerResult] = []
    for r in pieces:
        last = merged[-1] if merged else None
        if last is not None and r.start <= last.end + 3 and re.fullmatch(
                r"[\s,]*", text[min(last.end, r.start):max(last.end, r.start)]):
            if r.end > last.end and joined is not None:
                joined.add(id(last))
            last.end = max(last.end, r.end)
            last.score = max(last.score, r.score)
            continue
        merged.append(r)
    return [r for r in results if r not in pieces] + merged


_PARTICLE_WORD = r"(?:van|vande|vanden|vander|de|der|den|ten|ter|te|von|zu|le|la|du|des|di|da|dos|" \
                 r"Van|De|Den|Der|Ver|Von|Le|La|Du|Di|Da|d'|'s)"
_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_LIST_ITEM = rf"(?:{_PARTICLE_WORD}\s+)*{_CAPITAL_WORD}(?:\s+(?:{_PARTICLE_WORD}\s+)*{_CAPITAL_WORD}){{0,3}}"
_LIST_SEP = r"\s*[,;]\s*(?:(?:en|and|et)\s+)?|\s+(?:en|and|et)\s+"
_NAME_LIST = re.compile(rf"(?<![\w'’-]){_LIST_ITEM}(?:(?:{_LIST_SEP}){_LIST_ITEM})+")
_LIST_ITEMS = re.compile(rf"(?<![\w'’-]){_LIST_ITEM}")
# What opens a list of people: "de heeren:", "les membres :", "Messrs".
_LIST_TITLE = re.compile(r"(?i:heeren|heren|leden|dames|messieurs|mm|membres|messrs|members|"
                         r"gentlemen|ladies)\.?\s*:?\s*$")


def _name_lists(turn: _Turn) -> None:
    """The other items of a list of names are names too: "de heeren: Sandberg, van Logchem,
    Salomonson en Janssen", where two or more items (and a quarter of them) are names
    already found, or one when the list follows "de heeren:". Items must be capitalised,
    and not places the lexicon knows."""
    persons = [r for r in turn.results if r.entity_type == "PERSON"]
    if len(persons) < 2:
        return
    text = turn.norm.text
    places = None
    added = []
    dropped = []
    for m in _NAME_LIST.finditer(text):
        items = [(i.start(), i.end()) for i in _LIST_ITEMS.finditer(text, m.start(), m.end())]
        named = [any(r.start < e and s < r.end for r in persons) for s, e in items]
        said = _LIST_TITLE.search(text, max(0, m.start() - 20), m.start())  # "de heeren: …"
        if not (said and sum(named) >= 1 or sum(named) >= 2 and 4 * sum(named) >= len(items)):
            continue
        for (start, end), is_named in zip(items, named):
            if is_named:
                continue
            while end > start and text[end - 1] in ".'’-":
                end -= 1
            if places is None:
                from ccaudit.detect.names import load_lexicon
                places = load_lexicon().places
            if text[start:end].lower() in places:
                continue
            overlapping = [r for r in turn.results if r.start < end and start < r.end]
            # NER's reading of a word in a list of names as a place gives way, unless NER's
            # place starts before the list's items: "la rue Française, Auguste et Fabienne".
            if any(r.entity_type != "LOCATION" or (r.recognition_metadata or {}).get(
                    "recognizer_name") not in NER_RECOGNIZERS
                   or not any(s <= r.start < e for s, e in items) for r in overlapping):
                continue
            dropped += overlapping
            added.append(RecognizerResult("PERSON", start, end, SPREAD_SCORE,
                                          recognition_metadata={"recognizer_name": "NameList",
                                                                "evidence": "in a list of names"}))
    if added:
        turn.results = resolve_overlaps([r for r in turn.results if r not in dropped] + added)


# Of names.PLACE_PREPOSITIONS, those that settle a person-or-place reading: "in San Francisco",
# "naar New Jersey", "dans le Kansas"; not those that open names as often ("to", "from", "à").
_PLACE_OVER_PERSON = {"nl": {"in", "naar", "te"}, "en": {"in"}, "fr": {"dans", "en"}}
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _places_after_prepositions(text: str, results: list[RecognizerResult],
                               language: str) -> list[RecognizerResult]:
    """Where spaCy reads a place and a name rule (deduce, the lexicon) a person on the same
    words, and a preposition of place comes before them, the place stands: "Hoe is het weer
    in San Francisco?" is no person called Francisco. Otherwise the person reading wins
    overlaps, as :func:`resolve_overlaps` has it."""
    prepositions = _PLACE_OVER_PERSON.get(language)
    if not prepositions:
        return results
    places = [r for r in results if r.entity_type == "LOCATION"
              and (r.recognition_metadata or {}).get("recognizer_name") == NER_RECOGNIZER]
    if not places:
        return results
    dropped = []
    for place in places:
        before = _WORD_BEFORE.search(text, 0, place.start)
        if before is None or before.group(1).lower() not in prepositions:
            continue
        dropped += [r for r in results if r.entity_type == "PERSON" and r is not place
                    and place.start <= r.start and r.end <= place.end
                    and (r.recognition_metadata or {}).get("recognizer_name") != NER_RECOGNIZER]
    return [r for r in results if r not in dropped] if dropped else results


def distinct_docs(nlp, texts: Sequence[str], batch_size: int = 256,
                  read: Callable[[int, object], bool] | None = None) -> list:
    """``nlp.pipe(texts)`` with each distinct text parsed once: a call centre's turns repeat
    ("thank you", "one moment please", the greeting), a pipeline's reading of a text does
    not depend on the texts batched with it, and a Doc is only read afterwards, so the
    turns that say the same words share one Doc.

    ``read(i, doc)``, given the i-th text's tokens (``nlp.make_doc``), says whether the
    pipeline's components must read it; a text none of whose turns needs them keeps its
    tokens alone (no entities). Each text is tokenized once either way.

    >>> import spacy
    >>> docs = distinct_docs(spacy.blank("en"), ["yes", "no", "yes"])
    >>> docs[0] is docs[2], [d.text for d in docs]
    (True, ['yes', 'no', 'yes'])
    """
    tokens: dict[str, object] = {}
    wanted: dict[str, None] = {}  # in order of first need
    for i, text in enumerate(texts):
        doc = tokens.get(text)
        if doc is None:
            doc = tokens[text] = nlp.make_doc(text)
        if text not in wanted and (read is None or read(i, doc)):
            wanted[text] = None
    for _ in nlp.pipe([tokens[t] for t in wanted], batch_size=batch_size):
        pass  # the components annotate each Doc in place
    return [tokens[t] for t in texts]


def _cased(turn: "_Turn") -> bool:
    """Whether a turn is written with capitals (not speech-to-text's lower case)."""
    return any(map(str.isupper, turn.norm.original))


# English's "I" (and "I'm", "I'll"...) is written with a capital and is no name.
_PRONOUN_I = {"i", "i'm", "i'll", "i've", "i'd"}


def _capitalised(text: str, r: RecognizerResult, language: str) -> bool:
    """The capitals' test of an NER (or deduce) span in a turn written with capitals:
    written like a name (:func:`_name_like`) or a listed name opening a sentence
    (:func:`_opening_name`); English's "I" alone is not."""
    if text[r.start:r.end].strip().lower().replace("’", "'") in _PRONOUN_I:
        return False
    return _name_like(text, r) or _opening_name(text, r, language)


def _no_ner_kept(turn: "_Turn", doc) -> bool:
    """Whether no span NER could find in a turn written with capitals would pass the
    capitals' test (:func:`_capitalised`), so that NER need not read it (``doc``: the
    turn's tokens). A span passes only if a word of it opens with a capital, so a turn
    passes this check when each token that opens with a capital is English's "I" or opens
    a sentence, none of them can be a listed name or place opening a sentence
    (:func:`_opening_name`) or the whole turn, and none has a particle beside it ("Marc de
    la Tour", "de I")."""
    if not _cased(turn):
        return False  # lower case: NER's spans are judged by their words
    text = turn.norm.text  # the Doc's text (spaCy's Doc.text joins its tokens again)
    for i, token in enumerate(doc):
        if not token.text[:1].isupper():
            continue
        at = token.idx
        first = text[at:].split(None, 1)[0]  # the whitespace word it opens
        end = at + len(first)
        before = text[:at].rstrip()
        previous = before.split()[-1].lower() if before else ""
        following = next((w for w in text[end:].split() if w not in (",", "'", "’")), "").lower()
        if (following in _PARTICLES or following[:2] in _ELISIONS
                or previous in _PARTICLES or previous in _STREET_TYPES or previous in _ELISIONS):
            return False
        if first.lower().replace("’", "'") in _PRONOUN_I:
            continue  # "I", "I'm": the test refuses them alone
        if before and (not before.endswith((".", "!", "?", ":", ";", "\n"))
                       or _INITIAL_BEFORE.search(before)):
            return False  # a capital inside a sentence
        if not before and not text[end:].strip(" .,;!?"):
            return False  # the whole turn may be one name
        for piece in doc[i:]:  # a one-word span from here: it ends at a token's end
            if piece.idx >= end:
                break
            for entity in ("PERSON", "LOCATION"):
                if _opening_name(text, RecognizerResult(entity, at, piece.idx + len(piece), 0.0),
                                 turn.language):
                    return False
    return True


def _opening_name(text: str, r: RecognizerResult, language: str) -> bool:
    """A person or place NER finds in one capitalised word opening a sentence ("Cheney's
    back.", "Guingamp NECROLOGIE."), which :func:`_name_like` does not take on its capital
    alone: a first name or surname (a listed place) of the lexicon that is no ordinary or
    common word of the three languages ("Terugbellen", "Merci", "Box" are not)."""
    from ccaudit.detect.names import COMMON_ZIPF, LANGUAGES

    word = text[r.start:r.end].strip()
    if r.entity_type not in ("PERSON", "LOCATION") or not word[:1].isupper() or not word.isalpha():
        return False
    lexicon = shared_finder(language).lexicon
    lower = word.lower()
    # No ordinary word in any of the three languages: notes and calls mix them ("Box
    # remplacée"). A place may be a frequent word of its own country's language ("Glasgow").
    if r.entity_type == "LOCATION":
        return lower in lexicon.places and not any(lexicon.is_dictionary_word(lower, other)
                                                   for other in LANGUAGES)
    return (lower in lexicon.first or lower in lexicon.surnames) and all(
        not lexicon.is_word(lower, other) and lexicon.frequency(lower, other) < COMMON_ZIPF
        for other in LANGUAGES)


class _DocArtifacts(NlpArtifacts):
    """The NLP artifacts of a Doc: its tokens, the entities kept, and the words' offsets,
    lower-cased forms (as lemmas: the small pipelines' lemmas would turn "born" into "bear")
    and keywords, these three listed the first time something reads them (the context
    enhancer reads them only for a hit that can gain from context: most turns have none)."""

    def __init__(self, doc, entities, scores, engine, language: str):
        self.entities, self.tokens = entities, doc
        self.scores = scores if scores else [0.85] * len(entities)  # as NlpArtifacts
        self.nlp_engine, self.language = engine, language
        self._words = None

    def _read(self):
        if self._words is None:
            lemmas = [t.lower_ for t in self.tokens]
            self._words = ([t.idx for t in self.tokens], lemmas,
                           NlpArtifacts.set_keywords(self.nlp_engine, lemmas, self.language))
        return self._words

    tokens_indices = property(lambda self: self._read()[0])
    lemmas = property(lambda self: self._read()[1])
    keywords = property(lambda self: self._read()[2])

    def to_json(self) -> str:
        return NlpArtifacts(self.entities, self.tokens, self.tokens_indices, self.lemmas,
                            self.nlp_engine, self.language, self.scores).to_json()


_UNKNOWN = object()  # positions not given: _enhance finds them


def _enhance(analyzer: AnalyzerEngine, text: str, results: list[RecognizerResult], artifacts,
             recognizers: list, context: list[str] | None,
             positions: dict[str, int] | None | object = _UNKNOWN) -> list[RecognizerResult]:
    """``analyzer._enhance_using_context(text, results, artifacts, recognizers, context)``.

    The engine first hands each recognizer its own results to enhance, and gathers them in
    the recognizers' order; a recognizer that keeps :class:`EntityRecognizer`'s
    ``enhance_using_context`` returns them as they are. When every recognizer keeps it and
    ``results`` already come in the recognizers' order (as :meth:`TranscriptScanner._recognize`
    gathers them), that step changes nothing, and only the context enhancer runs. Nothing
    to enhance: nothing comes back. ``positions``: :func:`_positions` of ``recognizers``,
    when the caller keeps it."""
    if not results:
        return results
    at = _positions(recognizers) if positions is _UNKNOWN else positions
    if at is not None:
        order = [at.get(r.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY), -1)
                 for r in results]
        if order[0] >= 0 and all(a <= b for a, b in zip(order, order[1:])):
            return analyzer.context_aware_enhancer.enhance_using_context(
                text=text, raw_results=results, nlp_artifacts=artifacts, recognizers=recognizers,
                context=context)
    return analyzer._enhance_using_context(text, results, artifacts, recognizers, context)


def _positions(recognizers: list) -> dict[str, int] | None:
    """Each recognizer's place in ``recognizers`` by its id, or ``None`` when one of them
    enhances its own results (:func:`_enhance`)."""
    if any(type(r).enhance_using_context is not EntityRecognizer.enhance_using_context
           for r in recognizers):
        return None
    return {r.id: i for i, r in enumerate(recognizers)}


def _copy_result(r: RecognizerResult) -> RecognizerResult:
    """A copy of a recognizer's result that can be changed in place (the enhancer and the
    scanners move its bounds and score, and add to its metadata and explanation) without
    changing the original: a result's fields, its explanation's and its metadata's values
    are plain values, so copying the three objects is a deep copy."""
    c = copy.copy(r)
    c.recognition_metadata = dict(r.recognition_metadata) if r.recognition_metadata else r.recognition_metadata
    c.analysis_explanation = copy.copy(r.analysis_explanation)
    return c


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SPREAD_SCORE = 0.7
# A finding whose words can be looked for elsewhere: letters, blanks, hyphens, apostrophes.
_SPREADABLE = re.compile(r"[^\W\d_]+(?:[\s'’-]+[^\W\d_]+)*['’]?")


_RUN = re.compile(r"[\w'’-]+")


def _said_again(text: str, phrases: set[tuple[str, ...]], longest: int) -> list[tuple[int, int]]:
    """Where ``text`` says one of ``phrases`` (lower-case words) as whole words, whatever the
    case, its words apart by blanks only; the longest phrase first, left to right, without
    overlaps. A word is a whole run of letters, digits, apostrophes and hyphens: "jan" is not
    found in "jan-pieter" nor in "jan's".

    >>> _said_again("Merci Jan Peeters, jan!", {("jan",), ("jan", "peeters")}, 2)
    [(6, 17), (19, 22)]
    """
    low = text.lower()
    if "Σ" not in text and not any(p[0] in low for p in phrases):
        # Each word's lower case is in the text's ("Σ" aside: its lower case depends on the
        # letters around it): no phrase's first word there, no phrase said.
        return []
    runs = [(m.start(), m.end(), m.group().lower()) for m in _RUN.finditer(text)]
    out = []
    i = 0
    while i < len(runs):
        for k in range(min(longest, len(runs) - i), 0, -1):
            words = runs[i:i + k]
            if tuple(w for _, _, w in words) in phrases and all(
                    text[a[1]:b[0]].isspace() for a, b in zip(words, words[1:])):
                out.append((words[0][0], words[-1][1]))
                i += k
                break
        else:
            i += 1
    return out


def _spread_names(call: _Call) -> None:
    """A name found once in a call names the same person wherever the call says it again:
    "c'est chance kabeya" makes "merci chance" a name too, and a spelled "d e s m e t"
    the "desmet" said before or after it. The whole name and each of its words (not
    particles, titles, fillers or the language's function words) are looked for as whole
    words in every turn; in a turn written with capitals, only capitalised. A word that is
    also a common word ("chance", "swift", "mari") counts again only where a name is said:
    after a title or an introduction ("merci chance", "thanks mr swift"). Per call,
    so a call's findings never depend on the calls scanned with it."""
    from ccaudit.detect.names import (COMMON_ZIPF, PARTICLES, PLACE_NAME_POPULARITY, TITLES,
                               VERY_COMMON_ZIPF, load_lexicon, not_words)

    said: dict[str, None] = {}
    lexicon = load_lexicon()
    for turn in call.turns:
        stop = common_words(turn.language)
        for r in turn.results:
            if r.entity_type != "PERSON":
                continue
            found = turn.norm.text[r.start:r.end]
            if not _SPREADABLE.fullmatch(found):
                continue  # "www.reddit.com", "jan.peeters", "r2d2": no name to look for
            words = [w.lower() for w in _NAME_WORD.findall(found)]
            if len(words) > 1:
                said.setdefault(" ".join(words))
            for w in words:
                if len(w) > 2 and w not in PARTICLES and w not in TITLES and w not in stop \
                        and w not in call.organisations and not (
                            w in lexicon.places and lexicon.first.get(w, 0) < PLACE_NAME_POPULARITY):
                    said.setdefault(w)
    if not said:
        return
    phrases = {tuple(p.split()) for p in said}
    longest = max(map(len, phrases))
    for turn in call.turns:
        text = not_words(turn.norm.text)  # not inside addresses, handles or links
        cased = _cased(turn)
        taken = [(r.start, r.end) for r in turn.results]
        added = []
        finder = None
        for start, end in _said_again(text, phrases, longest):
            found = text[start:end]
            if cased and not found[:1].isupper():
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            if " " not in found:
                finder = finder or shared_finder(turn.language)
                word, lexicon = found.lower(), finder.lexicon
                frequency = lexicon.frequency(word, turn.language)
                if (lexicon.is_word(word, turn.language) or frequency >= COMMON_ZIPF) and (
                        frequency >= VERY_COMMON_ZIPF or not finder.name_slot(text, start)):
                    continue  # "c'est bien": too common a word; "pas de chance": no name said
            added.append(RecognizerResult(
                "PERSON", start, end, SPREAD_SCORE,
                recognition_metadata={"recognizer_name": "CallNameSpread",
                                      "evidence": "named elsewhere in the call"}))
        if added:
            turn.results = resolve_overlaps(turn.results + added)


# The most distinct texts a scan remembers the readings of (normalised, recognized) before it
# starts afresh: the memos only save work, and a long scan's memory stays bounded.
_MEMO_TEXTS = 200_000


class TranscriptScanner:
    """Scans transcripts with one analyzer, built on first need and then reused."""

    def __init__(self, config: Config | None = None,
                 analyzer: AnalyzerEngine | Callable[[], AnalyzerEngine] | None = None,
                 today: date | None = None, identify=None):
        """``analyzer``: an engine, or a function that builds one on first need (default:
        :func:`build_transcript_analyzer`).

        ``identify(entity, value, regions)`` → ``(id_type, id_hash)`` or ``None``: when given,
        findings get ``id_type`` and ``id_hash`` columns (the subject index uses it; the
        value it receives is the written form, never stored)."""
        self.config = config or load_config()
        self.identify = identify
        self.today = today
        self._analyzer = analyzer
        self.guesser = LanguageGuesser(self.config.languages,
                                       min_chars=self.config.transcripts.min_language_chars)
        self._anonymizer = None
        self._clients: set[str] = set()  # every scanned client's folder name
        self._organisations: set[str] = {o.lower() for o in self.config.transcripts.organisations}
        self.reviews = reviews_for(self.config)  # renewed per scan: it counts what it matched
        # The recognizers' raw results per distinct text (see _recognize), kept for one scan
        # or one call of analyse_texts, and the recognizers asked per language and entities.
        self._raw_results: dict[tuple, list[RecognizerResult]] = {}
        self._normalised: dict[tuple[str, str, bool], Normalised] = {}  # per turn text, one scan
        self._recognizers: dict[tuple, tuple[list, dict | None]] = {}  # with _positions

    @property
    def analyzer(self) -> AnalyzerEngine:
        if self._analyzer is None or callable(self._analyzer):
            try:
                self._analyzer = (self._analyzer() if self._analyzer is not None
                                  else build_transcript_analyzer(self.config, self.today))
            except CcauditError:
                raise
            except Exception as exc:
                raise CcauditError(f"cannot build the analyzer ({type(exc).__name__}: {exc})") from exc
        return self._analyzer

    # ------------------------------------------------------------------ free texts
    def _forget(self) -> None:
        """A scan's memos start empty: each distinct text of a scan is detected, normalised
        and recognized once, and nothing is kept from one scan to the next."""
        self._raw_results = {}
        self._normalised = {}
        self.guesser.forget()

    def analyse_texts(self, texts: Sequence[str]) -> list[list[RecognizerResult]]:
        """Free texts (an export's notes and comments) analysed as calls of one turn each:
        the language of each text, numbers, e-mails and names said or spelled, every name
        and place rule of a call. Results are in each text's own offsets.

        >>> scanner = TranscriptScanner()                                        # doctest: +SKIP
        >>> [r.entity_type for r in scanner.analyse_texts(["klant mevr peeters belt terug"])[0]]  # doctest: +SKIP
        ['PERSON']
        """
        with fewer_collections():
            return self._analyse_texts(texts)

    def _analyse_texts(self, texts: Sequence[str]) -> list[list[RecognizerResult]]:
        self._forget()
        calls = self._prepare_all([(Transcript(source="", call_id="", format="text",
                                               turns=(Turn(0, "", text, None, None),)),
                                    "", "", Path(), 0.0) for text in texts])
        self._analyse([c.turns[0] for c in calls])
        for call in calls:
            _name_lists(call.turns[0])
            _spread_names(call)
        out = []
        for call in calls:
            turn = call.turns[0]
            results = []
            for r in turn.results:
                start, end = turn.norm.to_original(r.start, r.end)
                results.append(RecognizerResult(r.entity_type, start, end, r.score,
                                                recognition_metadata=r.recognition_metadata))
            out.append(results)
        return out

    # ------------------------------------------------------------------ one batch of files
    def scan(self, files: Sequence[tuple[Path, str, Path]], redact: Path | None = None,
             progress: bool = False, cache: str | Path | None = None) -> TranscriptScan:
        """Scan ``(path, client, relative path)`` triples; redacted copies go under ``redact``.

        ``cache``: a folder of saved results (:mod:`ccaudit.detect.cache`); a call unchanged
        since it was saved there is not read again. Not used when redacted copies are asked
        for or findings are identified (the subject index keeps its own record). The garbage
        collector runs less often meanwhile (:func:`fewer_collections`)."""
        with fewer_collections():
            return self._scan(files, redact, progress, cache)

    def _scan(self, files, redact, progress, cache) -> TranscriptScan:
        parts, batch, pending = [], [], 0  # batch: calls read, to prepare and analyse together
        errors: list[dict] = []
        self.reviews = reviews_for(self.config)
        self._forget()
        # All clients up front: a call's findings must not depend on the batch it is in.
        self._clients.update(client.lower() for _, client, _ in files)
        saved = None
        if cache is not None and redact is None and self.identify is None:
            saved = ScanCache(cache, "transcripts",
                              fingerprint(self.config, self.today, clients=sorted(self._clients)))
        hits: list[dict] = []
        bar = tqdm(files, desc="scanning transcripts", unit="call", file=sys.stderr,
                   disable=not progress, leave=False)
        for path, client, rel in bar:
            source = path.as_posix()
            started = time.perf_counter()
            found = saved.get(path, client) if saved is not None else None
            if found is not None:
                hits.append(found)
                self.reviews.count(found["reviews"])
                continue
            try:
                transcript = read_transcript(path)
            except ReaderError as exc:
                errors.append({"source": source, "error": exc.reason})
                log.info("%s: %s", source, exc.reason)
                continue
            except Exception as exc:  # noqa: BLE001 - a bad file must not stop the scan
                errors.append({"source": source,
                               "error": f"unexpected error while reading ({type(exc).__name__})"})
                continue
            batch.append((transcript, source, client, rel, time.perf_counter() - started))
            pending += len(transcript.turns)
            if pending >= self.config.transcripts.batch_turns:
                parts.append(self._finish(self._prepare_all(batch), redact, errors, saved))
                batch, pending = [], 0
                if len(self._raw_results) + len(self._normalised) > _MEMO_TEXTS:
                    self._raw_results, self._normalised = {}, {}  # a long scan's memory stays bounded
        bar.close()
        if batch:
            parts.append(self._finish(self._prepare_all(batch), redact, errors, saved))
        if hits:
            parts.append(TranscriptScan(
                findings=pd.DataFrame([f for h in hits for f in h["findings"]], columns=FINDINGS),
                calls=pd.DataFrame([h["call"] for h in hits], columns=CALLS)))
        if saved is not None:
            log.info("%s", saved.summary())
        parts.append(TranscriptScan(errors=pd.DataFrame(errors, columns=ERRORS),
                                    reviews=self.reviews.status("finding")))
        return TranscriptScan.concat(parts)

    def _prepare_all(self, read: list[tuple[Transcript, str, str, Path, float]]) -> list[_Call]:
        """The calls read (``(transcript, source, client, relative path, seconds reading
        it)``), prepared: their languages guessed together first, on lingua's threads (each
        text's guess is its own, whatever it is guessed with), then each call normalised."""
        started = time.perf_counter()
        self.guesser.prime([([t.text for t in transcript.turns], _call_language(transcript, self.config))
                            for transcript, *_ in read])
        share = (time.perf_counter() - started) / max(1, sum(len(r[0].turns) for r in read))
        calls = []
        for transcript, source, client, rel, seconds in read:
            call = self._prepare(transcript, source, client, rel, time.perf_counter())
            call.seconds += seconds + share * len(call.turns)
            calls.append(call)
        return calls

    def _prepare(self, transcript: Transcript, source: str, client: str, rel: Path,
                 started: float) -> _Call:
        if client:
            self._clients.add(client.lower())
        call = _Call(transcript, source, client, rel, 0.0)
        texts = [t.text for t in transcript.turns]
        languages = self.guesser.per_turn(texts, _call_language(transcript, self.config))
        roles = speaker_roles([t.speaker for t in transcript.turns], self.config)
        previous = ""
        for turn, role in list(zip(transcript.turns, roles))[:3]:
            if role == AGENT:
                for pattern in _ORG_IN_GREETING:
                    call.organisations.update(m.group("org").lower()
                                              for m in pattern.finditer(turn.text))
        asked = has_birth_context(previous)  # the turn before speaks of a birth
        for turn, language, role in zip(transcript.turns, languages, roles):
            here = has_birth_context(turn.text)
            # Read, never changed: the turns that say the same thing share one.
            key = (turn.text, language, asked or here)
            norm = self._normalised.get(key)
            if norm is None:
                norm = self._normalised[key] = normalise(turn.text, language, birth=key[2])
            call.turns.append(_Turn(
                call=call, index=turn.index, language=language, role=role, norm=norm,
                context=_WORD.findall(previous.lower()), birth_before=asked))
            previous, asked = turn.text, here
        call.seconds = time.perf_counter() - started
        return call

    def _finish(self, calls: list[_Call], redact: Path | None, errors: list[dict],
                saved: ScanCache | None = None) -> TranscriptScan:
        started = time.perf_counter()
        self._analyse([t for c in calls for t in c.turns])
        # The batch is analysed at once: each call gets its share of the time, by turns.
        share = (time.perf_counter() - started) / max(1, sum(len(c.turns) for c in calls))
        matched = {}
        for call in calls:
            call.seconds += share * len(call.turns)
            for turn in call.turns:
                _name_lists(turn)
            _spread_names(call)
            before = self.reviews.matched()
            self._review(call)
            matched[call.source] = matched_since(before, self.reviews.matched())
        findings, rows = [], []
        for call in calls:
            call_findings = self._findings(call)
            findings.extend(call_findings)
            redacted = ""
            if redact is not None:
                try:
                    redacted = self._redact(call, redact).as_posix()
                except (ReaderError, ValueError, OSError) as exc:
                    reason = exc.reason if isinstance(exc, ReaderError) else type(exc).__name__
                    errors.append({"source": call.source, "error": f"redacted copy not written ({reason})"})
            rows.append(self._call_row(call, call_findings, redacted))
            if saved is not None:
                saved.put(Path(call.source), {"call": rows[-1], "findings": call_findings,
                                              "reviews": matched[call.source]}, call.client)
        columns = FINDINGS + (["id_type", "id_hash"] if self.identify is not None else [])
        return TranscriptScan(findings=pd.DataFrame(findings, columns=columns),
                              calls=pd.DataFrame(rows, columns=CALLS))

    # ------------------------------------------------------------------ analysis
    def _analyse(self, turns: list[_Turn]) -> None:
        analyzer = self.analyzer
        engine = analyzer.nlp_engine
        entities = list(self.config.entities)
        by_language: dict[str, list[_Turn]] = {}
        for turn in turns:
            if turn.norm.text.strip():
                by_language.setdefault(turn.language, []).append(turn)
        for language, group in by_language.items():
            nlp = engine.nlp[language]
            places_from = self.config.transcripts.places_from.get(language)
            places_only = bool(places_from) and not nlp.has_pipe("ner")
            if places_only:
                # No pipeline of its own (Dutch: deduce): another language's NER reads its
                # place names, which are spelled alike; its person names are not trusted.
                nlp = engine.nlp[places_from]
            with nlp.select_pipes(enable=ner_pipes(nlp)):
                # NER does not read a turn where none of its spans could be kept (which
                # depends on its words, language and casing: asked once for each).
                unread: dict[tuple[str, bool], bool] = {}

                def read(i: int, doc) -> bool:
                    turn = group[i]
                    key = (turn.norm.text, _cased(turn))
                    if key not in unread:
                        unread[key] = _no_ner_kept(turn, doc)
                    return not unread[key]

                docs = distinct_docs(nlp, [t.norm.text for t in group], read=read)
                # Per distinct Doc and casing: read, never changed.
                artifacts: dict[tuple[int, bool], NlpArtifacts] = {}
                for turn, doc in zip(group, docs):
                    key = (id(doc), _cased(turn))
                    if key not in artifacts:
                        artifacts[key] = self._artifacts(engine, doc, turn.language, places_only,
                                                         key[1], turn.norm.text)
                    turn.results = self._analyse_turn(analyzer, turn, artifacts[key],
                                                      entities, places_only)

    @staticmethod
    def _artifacts(engine, doc, language: str, places_only: bool, cased: bool,
                   text: str) -> NlpArtifacts:
        """The NLP artifacts of one Doc, as the recognizers and the context enhancer read them
        (``text``: the Doc's text, which spaCy would join from its tokens on each read of
        ``doc.text``).

        In a turn written with capitals, NER's spans that fail the capitals' test
        (:func:`_capitalised`) are left out here, before any recognizer reads them: such a
        span is never reported, and must not hide what another recognizer finds on the same
        words (Presidio drops a result inside one of the same entity with a higher score:
        "starring quentin kenihan", NER's lower-case person would take the lexicon's)."""
        # NER's entities as Presidio's engine maps them (labels ignored or renamed), without
        # the artifacts it would build around them: the ones below replace them.
        if doc.has_annotation("ENT_IOB"):
            spans, scores = engine._get_updated_entities(engine._get_entities(doc),
                                                         engine._get_scores_for_entities(doc))
            spans, scores = list(spans), list(scores)
        else:
            spans, scores = [], None
        # Context words are matched on the words as said (the small pipelines' lemmas
        # would turn "born" into "bear").
        if places_only or (cased and spans):
            def passes(entity: str, start: int, end: int) -> bool:
                return _capitalised(text, RecognizerResult(entity, start, end, 0.0), language)

            def reading(e):
                """The span as kept: whole, cut after its lower-case head, or ``None``."""
                entity = NER_MAPPING.get(e.label_, e.label_)
                if places_only and entity != "LOCATION":
                    return None
                if not cased or passes(entity, e.start_char, e.end_char):
                    return e
                if not e[0].text[:1].islower():
                    return None
                # A name after the words that lead to it ("gare de Versailles", "hôpital
                # d' Ypres", "au Caire", "madame Legendre"): from a capitalised word on.
                for k in range(1, len(e)):
                    if e[k].text[:1].isupper() and passes(entity, e[k].idx, e.end_char):
                        return Span(doc, e.start + k, e.end, label=e.label)
                return None

            read = [(reading(e), score) for e, score in zip(spans, scores or [])]
            spans, scores = [e for e, _ in read if e is not None], [s for e, s in read if e is not None]
        return _DocArtifacts(doc, spans, scores, engine, language)

    def _analyse_turn(self, analyzer: AnalyzerEngine, turn: _Turn, artifacts: NlpArtifacts,
                      entities, places_only: bool = False) -> list:
        text = turn.norm.text
        if not any(map(str.isdigit, text)):
            # Numbers said as words are written out by now: a turn without a digit holds no
            # phone, IBAN, card, national number, IP address or date, and their recognizers
            # need not read it.
            entities = [e for e in entities if e not in DIGIT_ENTITIES]
        results = self._recognize(analyzer, text, turn.language, entities, artifacts,
                                  turn.context or None, places_only)
        results += spelled_name_results(turn.norm, turn.context)
        results += self._addresses_as_said(analyzer, turn)
        # A turn written in lower case (speech-to-text) says nothing by its capitals: NER
        # spans there are checked against the language's common words instead.
        cased = _cased(turn)

        def from_ner(r: RecognizerResult) -> bool:
            return (r.recognition_metadata or {}).get("recognizer_name") in NER_RECOGNIZERS

        def capitalised(r: RecognizerResult) -> bool:
            return _capitalised(text, r, turn.language)

        # An NER piece that fails the test does not join an address; in lower case a word
        # beside a known place is its name ("in wardville kansas"), merged.
        # In a turn written with capitals each NER piece passed the capitals' test before it
        # joined: the address it now opens ("Rennes, 7, rue Lesage") is not tested again.
        joined: set[int] = set()
        results = _merge_addresses(text, results, (lambda r: not from_ner(r) or capitalised(r))
                                   if cased else lambda r: True, joined if cased else None)
        kept = []
        for r in results:
            if r.entity_type == DateOfBirthRecognizer.ENTITY and r.score < DateOfBirthRecognizer.SCORE:
                if not turn.birth_before:
                    continue  # a date, but nothing says it is a birth date
                r.score = DateOfBirthRecognizer.SCORE
            if r.score < self.config.transcripts.min_score:
                continue
            if r.entity_type == "PERSON":
                r.start = strip_title(text, r.start, r.end)
            if r.entity_type in ("PERSON", "LOCATION") and self._organisation(text, r, turn.call,
                                                                               cased):
                continue
            if r.entity_type == "LOCATION" and text[r.start:r.end].lower() in _LANGUAGE_NAMES:
                continue
            if from_ner(r) and id(r) not in joined and not (
                    capitalised(r) if cased else self._uncased_name(text, r, turn.language)):
                continue
            kept.append(r)
        # A name rule's span inside NER's longer name ("Édouard Blanc": the lexicon knows
        # "édouard", NER the whole name) takes NER's bounds, since rules win overlaps; in
        # a lower-case turn only over words that are no ordinary words ("rey bonne journée").
        ner_names = [r for r in kept if r.entity_type == "PERSON" and from_ner(r)]
        for r in kept:
            if r.entity_type == "PERSON" and r not in ner_names:
                for n in ner_names:
                    if n.start <= r.start and r.end <= n.end and (
                            cased or self._name_words(text[n.start:r.start] + " " + text[r.end:n.end],
                                                      turn.language)):
                        r.start, r.end = n.start, n.end
                        break
        return resolve_overlaps(_places_after_prepositions(text, kept, turn.language))

    def _recognize(self, analyzer: AnalyzerEngine, text: str, language: str, entities: list[str],
                   artifacts: NlpArtifacts, context: list[str] | None,
                   places_only: bool) -> list[RecognizerResult]:
        """``analyzer.analyze(text, language, entities, nlp_artifacts=artifacts, context=context)``,
        with each recognizer run once per distinct text of a scan.

        A recognizer reads only the text, the entities asked for and the NLP artifacts, and
        the artifacts are the same for the same words in the same language (one Doc per
        distinct text, :func:`distinct_docs`); only the context words of the turn before
        differ between two turns that say the same thing. So the recognizers' raw results
        are kept per text and language, and each turn gets a copy of them, enhanced with its
        own context and filtered as ``analyze`` would (``tests/test_scan_speed.py`` compares
        the two on every sample turn).
        """
        if analyzer.log_decision_process:  # the engine's tracer wants its own calls
            return analyzer.analyze(text, language=language, entities=entities,
                                    nlp_artifacts=artifacts, context=context)
        wanted = tuple(entities)
        asked = self._recognizers.get((id(analyzer), language, wanted))
        if asked is None:
            recognizers = analyzer.registry.get_recognizers(language=language, entities=entities)
            asked = self._recognizers[(id(analyzer), language, wanted)] = (recognizers,
                                                                           _positions(recognizers))
        recognizers, positions = asked
        # NER's spans (the capitals' test leaves some out, by the turn's casing) with the text.
        key = (id(analyzer), language, wanted, places_only, text,
               tuple((e.start_char, e.end_char, e.label_) for e in artifacts.entities))
        raw = self._raw_results.get(key)
        if raw is None:
            raw = []
            for recognizer in recognizers:
                if not recognizer.is_loaded:
                    recognizer.load()
                    recognizer.is_loaded = True
                found = recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts)
                for r in found or ():
                    # As the engine does: the enhancer and the scanners read these.
                    if not r.recognition_metadata:
                        r.recognition_metadata = {}
                    r.recognition_metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY,
                                                      recognizer.id)
                    r.recognition_metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY,
                                                      recognizer.name)
                    raw.append(r)
            self._raw_results[key] = raw
        results = _enhance(analyzer, text, [_copy_result(r) for r in raw], artifacts,
                           recognizers, context, positions)
        results = analyzer._AnalyzerEngine__remove_low_scores(results, None, recognizers)
        results = EntityRecognizer.remove_duplicates(results)
        for r in results:
            r.analysis_explanation = None
        return results

    def _addresses_as_said(self, analyzer: AnalyzerEngine, turn: _Turn) -> list[RecognizerResult]:
        """Addresses read on the words as said, in the normalised text's offsets: writing out
        numbers glues a house number to its postcode ("dorpsstraat honderd veertien twee
        duizend acht honderd mechelen" → "dorpsstraat 1142800 mechelen"). A context word in
        the turn or the one before lifts the score, as Presidio's enhancer would."""
        norm = turn.norm
        if not norm.replacements:
            return []
        recognizer = self._address_recognizer(analyzer, turn.language)
        if recognizer is None:
            return []
        context = set(turn.context) | set(_WORD.findall(norm.original.lower()))
        lifted = bool(context.intersection(recognizer.context))
        out = []
        for r in recognizer.analyze(norm.original, [recognizer.ENTITY]):
            start, end = _to_normalised(norm, r.start, r.end)
            if start is None or end is None:
                continue
            score = min(1.0, max(r.score + 0.35, 0.4)) if lifted else r.score
            out.append(RecognizerResult(r.entity_type, start, end, score,
                                        recognition_metadata=r.recognition_metadata))
        return out

    def _address_recognizer(self, analyzer: AnalyzerEngine, language: str):
        cache = self.__dict__.setdefault("_address_recognizers", {})
        if (id(analyzer), language) not in cache:
            cache[(id(analyzer), language)] = next(
                (r for r in analyzer.registry.recognizers
                 if isinstance(r, AnyCaseAddressRecognizer) and r.supported_language == language),
                None)
        return cache[(id(analyzer), language)]

    @staticmethod
    def _name_words(text: str, language: str) -> bool:
        """Whether every word of ``text`` could be part of a name: not an ordinary word of
        the language, or a listed first name or surname."""
        lexicon = shared_finder(language).lexicon
        return all(w in lexicon.first or w in lexicon.surnames or not lexicon.is_word(w, language)
                   for w in (w.lower() for w in _NAME_WORD.findall(text)))

    def _uncased_name(self, text: str, r: RecognizerResult, language: str) -> bool:
        """Whether an NER span in a lower-case turn can be a name or place, cut to it: the
        common words ("my", "bonjour", "oké"), fillers and letters at either end are not
        part of it ("bonjour charles pichon" → "charles pichon"); only those, no name."""
        from ccaudit.detect.names import PARTICLES

        stop = common_words(language)

        def common(word: str) -> bool:
            word = word.lower().replace("’", "'")
            return len(word) < 2 or word in stop or word.split("'")[0] in stop  # "that's"

        # Runs of words that are not common words (particles inside them kept); the first
        # with a known first name or surname, else the first: "lee that's Lee" (a name,
        # then its spelling) is "lee".
        runs, run = [], []
        for w in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text[r.start:r.end]):
            if not common(w.group()):
                run.append(w)
            elif run and w.group().lower() not in PARTICLES:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        if not runs:
            return False
        lexicon = shared_finder(language).lexicon
        run = next((run for run in runs if any(
            w.group().lower() in lexicon.first or w.group().lower() in lexicon.surnames
            for w in run)), runs[0])
        if len(run) == 1 and run[0].group().lower() not in lexicon.zipf \
                and run[0].group().lower() not in lexicon.places:
            return False  # one word no list or dictionary knows: OCR noise ("trrir", "esi")
        r.start, r.end = r.start + run[0].start(), r.start + run[-1].end()
        return True

    def _organisation(self, text: str, r: RecognizerResult, call: _Call, cased: bool = True) -> bool:
        """Whether a name or place is an organisation (configured, or a client's folder
        name); a name running into one ("Sven Peeters van BrightBank") is cut before it,
        and in a lower-case turn one after it ("brightbank bonjour charles pichon") after."""
        orgs = self._organisations | self._clients | call.organisations
        words = list(re.finditer(r"[\w'’-]+", text[r.start:r.end]))
        for i, w in enumerate(words):
            if w.group().lower() in orgs:
                if i == 0:
                    if cased or len(words) == 1:
                        return True
                    r.start += words[1].start()  # the greeting words go with the NER check
                    return False
                keep = words[i - 2] if i >= 2 and words[i - 1].group().lower() in _LINKS else words[i - 1]
                r.end = r.start + keep.end()
                return False
        return False

    def _review(self, call: _Call) -> None:
        """The analysts' decisions on this call's findings: a span reviewed as not personal
        data is dropped (not reported, indexed or redacted), one of another type retyped."""
        if not self.reviews:
            return
        for turn in call.turns:
            kept = []
            for r in turn.results:
                start, end = turn.norm.to_original(r.start, r.end)
                decision = self.reviews.finding(call.source, turn.index, start, end)
                if decision is None:
                    kept.append(r)
                    continue
                if decision.entity:
                    kept.append(RecognizerResult(decision.entity, r.start, r.end, r.score,
                                                 recognition_metadata={**(r.recognition_metadata or {}),
                                                                       "review": decision}))
            turn.results = kept

    # ------------------------------------------------------------------ output
    def _findings(self, call: _Call) -> list[dict]:
        tr = call.transcript
        rows = []
        for turn in call.turns:
            source_turn = tr.turns[turn.index]
            for r in turn.results:
                start, end = turn.norm.to_original(r.start, r.end)
                times = span_times(source_turn, start, end)
                spoken = any(n_start < r.end and r.start < n_end
                             for n_start, n_end, _, _ in turn.norm.replacements)
                rows.append({
                    "source": call.source, "client": call.client, "call_id": tr.call_id,
                    "format": tr.format, "turn": turn.index, "speaker": source_turn.speaker,
                    "role": turn.role, "language": turn.language,
                    # The words' own times where the engine timed them, else the turn's.
                    "time_start": times[0], "time_end": times[1],
                    "start": start, "end": end, "entity_type": r.entity_type,
                    "score": round(float(r.score), 3),
                    "recognizer": (r.recognition_metadata or {}).get("recognizer_name", ""),
                    "spoken": spoken,
                    "masked": self._mask(turn.norm.text[r.start:r.end], r.entity_type,
                                         turn.language)})
                review = (r.recognition_metadata or {}).get("review")
                rows[-1].update(reviewed_by=review.by if review else "",
                                reviewed_on=review.on.isoformat() if review else "",
                                review_reason=review.reason if review else "")
                if self.identify is not None:
                    found = self.identify(r.entity_type, turn.norm.text[r.start:r.end],
                                          self._regions(turn.language))
                    rows[-1]["id_type"], rows[-1]["id_hash"] = found or (None, None)
        return rows

    def _regions(self, language: str) -> tuple[str, ...]:
        """Phone regions in the order a number said in ``language`` is read: "06 09 93 71 73"
        is valid in France and in the Netherlands, and the language decides."""
        preferred = [r for r in LANGUAGE_REGIONS.get(language, ()) if r in self.config.phone_regions]
        return tuple(preferred + [r for r in self.config.phone_regions if r not in preferred])

    def _mask(self, value: str, entity: str, language: str) -> str:
        if entity != "PHONE_NUMBER":
            return mask(value, entity)
        return mask_phone(value, self._regions(language))

    def _call_row(self, call: _Call, findings: list[dict], redacted: str) -> dict:
        tr = call.transcript
        entities = sorted({f["entity_type"] for f in findings})
        starts = [t.start for t in tr.turns if t.start is not None]
        ends = [t.end for t in tr.turns if t.end is not None]
        return {
            "source": call.source, "client": call.client, "call_id": tr.call_id,
            "format": tr.format, "language": _call_language(tr, self.config) or (
                call.turns[0].language if call.turns else ""),
            "languages": ";".join(dict.fromkeys(t.language for t in call.turns)),
            "turns": len(tr.turns), "words": sum(len(t.text.split()) for t in tr.turns),
            "duration": round(max(ends) - min(starts), 3) if starts and ends else None,
            "findings": len(findings), "entities": ";".join(entities),
            "has_card": any(e in PAYMENT_CARD_ENTITIES for e in entities),
            "has_national_number": any(e in entities for e in NATIONAL_ENTITIES),
            "redacted": redacted,
            "seconds": round(call.seconds, 3)}

    def _redact(self, call: _Call, out_dir: Path) -> Path:
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig
        from presidio_anonymizer.entities import RecognizerResult as Span

        if self._anonymizer is None:
            self._anonymizer = AnonymizerEngine()
        texts = []
        for turn in call.turns:
            original = turn.norm.original
            spans = []
            for r in turn.results:
                start, end = turn.norm.to_original(r.start, r.end)
                spans.append(Span(r.entity_type, start, end, r.score))
            if not spans:
                texts.append(original)
                continue
            operators = {s.entity_type: OperatorConfig("replace", {"new_value": f"[{s.entity_type}]"})
                         for s in spans}
            texts.append(self._anonymizer.anonymize(original, spans, operators).text)
        from ccaudit.sources.transcripts import write_redacted
        return write_redacted(call.transcript, texts, out_dir / call.rel)


# ---------------------------------------------------------------------- files and processes

def _client_of(file: Path, root: Path) -> tuple[str, Path]:
    """The client (as for exports) and the path relative to the scanned root."""
    try:
        rel = file.relative_to(root)
    except ValueError:
        rel = Path(file.name)
    if not rel.parts:  # the file itself was given
        rel = Path(file.name)
    return client_of(file, root), rel


def _sources(paths: Iterable[str | Path]) -> list[tuple[Path, str, Path]]:
    seen: dict[Path, tuple[str, Path]] = {}
    for raw in paths:
        root = Path(raw)
        for file in discover_transcripts([root]):
            seen.setdefault(file, _client_of(file, root))
    return [(path, client, rel) for path, (client, rel) in sorted(seen.items())]


def _scan_in_worker(files, redact, cache, config: Config, today: date | None,
                    clients: tuple[str, ...]) -> TranscriptScan:
    """One slice of calls on a Dask worker, with the scanner that worker keeps for this
    configuration and date (its models loaded once). Every client of the whole scan is known
    up front, as in one process: a call's findings never depend on its slice."""
    from ccaudit.workers import worker_state

    scanner = worker_state(("transcripts", fingerprint(config, today)),
                           lambda: TranscriptScanner(config, today=today))
    scanner._clients = set(clients)
    return scanner.scan(files, redact=redact, cache=cache)


# The most calls one task of a cluster scans: a scan parses each distinct turn once, and
# calls repeat their greetings, so larger slices parse less (45 calls a slice cost 9 % more
# than one scan of 360); but the progress bar moves by slices.
SLICE_CALLS = 100


def _slices(files: list, workers: int) -> list[list]:
    """``files`` in slices for ``workers``: two slices each (one waiting while the other
    runs, so a slow worker does not hold the rest), of at most :data:`SLICE_CALLS` calls.

    >>> [len(s) for s in _slices(list(range(360)), 2)], [len(s) for s in _slices(list(range(5)), 4)]
    ([90, 90, 90, 90], [1, 1, 1, 1, 1])
    """
    size = max(1, min(SLICE_CALLS, -(-len(files) // (workers * 2))))
    return [files[i:i + size] for i in range(0, len(files), size)]


def scan_transcripts(paths: Iterable[str | Path] | str | Path,
                     config: Config | str | Path | None = None,
                     analyzer: AnalyzerEngine | None = None, jobs: int | None = None,
                     redact: str | Path | None = None, progress: bool = False,
                     today: date | None = None, cache: str | Path | None = None,
                     scheduler: str | None = None) -> TranscriptScan:
    """Scan call transcripts (files or folders, walked recursively) for personal data.

    :param paths: JSON, Amazon Transcribe JSON, text, WebVTT and SRT transcripts.
    :param config: a :class:`~ccaudit.config.Config`, a YAML path, or ``None`` (defaults).
    :param analyzer: from :func:`build_transcript_analyzer`; built when not given (only
        used when ``jobs`` is 1: each process builds its own).
    :param jobs: worker processes of a local Dask cluster to spread the files over (1: this
        process alone; default: the configuration's ``compute.jobs``).
    :param scheduler: the address of an existing Dask scheduler to send the files to
        (:mod:`ccaudit.compute`; default: ``compute.scheduler``); its workers read the files
        at the same paths.
    :param redact: folder for redacted copies, in their own format, with ``[ENTITY_TYPE]``
        in place of each finding (same relative paths as under the scanned folder).
    :param progress: show a progress bar on stderr.
    :param today: reference date for the plausibility of birth dates (default: today).
    :param cache: a folder of saved results (:mod:`ccaudit.detect.cache`): a call unchanged
        since its result was saved there, with the same settings, is not scanned again.
    :returns: a :class:`TranscriptScan`; unreadable files are in its ``errors``.
    :raises ReaderError: when a given path does not exist.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(config, Config):
        config = load_config(config)
    from ccaudit.compute import dask_client, results, where

    jobs, scheduler = where(config, jobs, scheduler)
    if jobs < 1:
        raise CcauditError("--jobs must be at least 1")
    files = _sources(paths)
    redact_dir = Path(redact) if redact is not None else None
    if scheduler is None and (jobs == 1 or len(files) < 2):
        return TranscriptScanner(config, analyzer, today).scan(files, redact_dir, progress, cache)

    clients = tuple(sorted({client.lower() for _, client, _ in files}))
    with dask_client(jobs, scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        slices = _slices(files, workers)
        shared = client.scatter(config, broadcast=True)
        futures = client.map(_scan_in_worker, slices, redact=redact_dir, cache=cache, config=shared,
                             today=today, clients=clients, pure=False)
        with tqdm(total=len(files), desc="scanning transcripts", unit="call", file=sys.stderr,
                  disable=not progress, leave=False) as bar:
            parts = list(results(client, futures, lambda _, part: bar.update(len(slices[_]))))
    return TranscriptScan.concat(parts)


__all__ = ["TranscriptScan", "TranscriptScanner", "common_words", "scan_transcripts",
           "speaker_roles"]
