"""Convert public, span-annotated corpora into one form for ``bench_public.py``.

Run it on the repositories brought in with the search tool's ``fetch`` (bare git
directories ``/work/.mirror/<owner>+<name>/repo``)::

    .venv/bin/python benchmarks/corpora.py --from /work/.mirror --out benchmarks/corpora

For every corpus and language it writes two JSONL files, one document a line:

* ``<corpus>/<language>.jsonl``: the text as published;
* ``<corpus>/<language>.stt.jsonl``: a *speech-to-text rendering* of the same documents:
  lower case, sentence punctuation and quotes removed, blanks collapsed, every span's
  offsets remapped exactly (a style the project's sample generator never produced).

A document is ``{"corpus", "language", "doc_id", "source", "turns": [{"speaker", "text",
"spans": [{"start", "end", "entity", "text", "label"}]}]}``: a dialogue, or a chunk of
consecutive (article) or sampled (independent) sentences, one turn per sentence. ``entity``
is a ccaudit entity name (``PERSON``, ``LOCATION``, ``PHONE_NUMBER``, ``EMAIL_ADDRESS``) or
``ignore``: an annotated name that is none of ours (organisations, products, venues, bands,
"nearby", "mom"…), kept so that the benchmark can set aside a finding there instead of
calling it wrong. ``label`` is the source's own label.

It also writes ``<corpus>/README.md`` (origin, commit, licence, what was kept, counts) and
``manifest.json`` (the same, for the benchmark and benchmarks/corpora/README.md). Sampling
is seeded: the same snapshots give the same files. Nothing is downloaded; only the standard
library is used. Sources absent from ``--from`` are skipped with a message.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261130
MAX_TURNS = 1500         # per corpus and language
SENTENCES_PER_DOC = 10   # sentence corpora: turns per document

# --------------------------------------------------------------------------- spans

PERSON, LOCATION, PHONE, EMAIL, IGNORE = "PERSON", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS", "ignore"

# Place and person expressions that are annotated as slots but name nobody and nothing:
# "nearby", "my area", "in de buurt", "mom". A span made only of these words (and the
# function words below) becomes an ``ignore`` span.
_GENERIC_WORDS = set("""
    a an the this that these those my our your their his her its another any some of in on at
    to from for near me us within one two ten mile miles radius same around round here there
    close closest nearest nearby neighboring neighbouring neighborhood neighbourhood area
    region vicinity location position spot place places current local out outside faraway
    far not city cities town towns downtown hometown home world earth country state capital
    international airport station train library mall office theater theaters theatre movies
    disco bar jazz tourist best campus
    de het een mijn onze uw hun deze dit die van in op bij niet ver dicht dichtbij dichtst
    dichtstbij dichtstbijzijnde dichtsbijzijnde vlakbij buiten hier hiervandaan daar buurt
    omgeving omstreken gebied hetzelfde huidige locatie plek positie stad thuis huis tafel
    le la les un une mon ma mes notre votre leur ici là près proche coin quartier ville maison
    mom mum mother dad father wife husband brother sister son daughter friend boss family
    mama papa moeder vader broer zus vrouw man maman papa mère père frère soeur sœur
""".split())


def is_generic(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return bool(words) and all(w in _GENERIC_WORDS or w in {"s"} for w in words)


@dataclass
class Span:
    start: int
    end: int
    entity: str
    label: str

    def as_json(self, text: str) -> dict:
        return {"start": self.start, "end": self.end, "entity": self.entity,
                "text": text[self.start:self.end], "label": self.label}


def make_span(text: str, start: int, end: int, entity: str, label: str) -> Span | None:
    """A span with blanks trimmed; names and places that name nothing become ``ignore``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if entity in (PERSON, LOCATION) and is_generic(text[start:end]):
        entity = IGNORE
    return Span(start, end, entity, label)


@dataclass
class Turn:
    speaker: str
    text: str
    spans: list[Span] = field(default_factory=list)

    def as_json(self) -> dict:
        spans = sorted(self.spans, key=lambda s: (s.start, s.end, s.entity))
        unique = []
        for s in spans:  # the same value annotated in two frames of one turn: once
            if not unique or (s.start, s.end, s.entity) != (unique[-1].start, unique[-1].end,
                                                            unique[-1].entity):
                unique.append(s)
        return {"speaker": self.speaker, "text": self.text,
                "spans": [s.as_json(self.text) for s in unique]}


@dataclass
class Doc:
    doc_id: str
    source: dict
    turns: list[Turn]


# --------------------------------------------------------------------------- tokens

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re",
                    "'ve", "'ll", "'d", "'m", "…", "»"}
_NO_SPACE_AFTER = {"(", "[", "{", "«", "$"}


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens into text (no blank before closing punctuation); their offsets."""
    out, offsets, pos, glue = [], [], 0, True
    for tok in tokens:
        if not glue and tok not in _NO_SPACE_BEFORE:
            out.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        out.append(tok)
        pos += len(tok)
        glue = tok in _NO_SPACE_AFTER
    return "".join(out), offsets


def align(tokens: list[str], text: str) -> list[tuple[int, int]] | None:
    """Offsets of ``tokens`` found in order in ``text`` (blanks between them only), or None."""
    offsets, pos = [], 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            return None
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
    return offsets if not text[pos:].strip() else None


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(first token, last token + 1, type)`` from IOB1 or IOB2 tags."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and name != kind)
        if start is not None and (tag == "O" or begins):
            spans.append((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, name
    return spans


def sentence_turn(tokens: list[str], tags: list[str], mapping: Callable[[str], str | None],
                  text: str | None = None, speaker: str = "speaker") -> Turn:
    offsets = align(tokens, text) if text is not None else None
    if offsets is None:
        text, offsets = detokenize(tokens)
    turn = Turn(speaker, text)
    for a, b, kind in bio_spans(tags):
        entity = mapping(kind)
        if entity:
            span = make_span(text, offsets[a][0], offsets[b - 1][1], entity, kind)
            if span:
                turn.spans.append(span)
    return turn


# --------------------------------------------------------------------------- git

class Snapshot:
    """A fetched repository: a bare git directory read with ``git show``."""

    def __init__(self, mirror: Path, repo: str):
        self.repo = repo
        self.git_dir = mirror / repo.replace("/", "+") / "repo"
        self.present = (self.git_dir / "HEAD").is_file()
        self.commit = self._git("rev-parse", "HEAD").decode().strip() if self.present else ""

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), *args], check=True,
                              capture_output=True).stdout

    def read(self, path: str) -> str:
        return self._git("show", f"HEAD:{path}").decode("utf-8")

    def files(self, prefix: str) -> list[str]:
        """Paths under ``prefix`` whose content the snapshot holds (large files are absent)."""
        out = []
        for line in self._git("ls-tree", "-r", "-l", "HEAD", prefix).decode().splitlines():
            meta, path = line.split("\t", 1)
            if meta.split()[3].isdigit():  # "-" for a folder, "BAD" for an absent blob
                out.append(path)
        return sorted(out)


# --------------------------------------------------------------------------- sampling

def sample_sentences(items: list, budget: int, rng: random.Random,
                     prefer: Callable | None = None) -> list:
    """``budget`` items in source order: the preferred ones first (up to half), then at random."""
    if len(items) <= budget:
        return list(items)
    index = list(range(len(items)))
    chosen: list[int] = []
    if prefer is not None:
        preferred = [i for i in index if prefer(items[i])]
        rng.shuffle(preferred)
        chosen = preferred[:budget // 2]
    taken = set(chosen)
    rest = [i for i in index if i not in taken]
    rng.shuffle(rest)
    chosen += rest[:budget - len(chosen)]
    return [items[i] for i in sorted(chosen)]


def chunk_docs(corpus: str, language: str, turns: list[tuple[dict, Turn]],
               size: int = SENTENCES_PER_DOC) -> list[Doc]:
    docs = []
    for n, i in enumerate(range(0, len(turns), size)):
        part = turns[i:i + size]
        docs.append(Doc(f"{corpus}-{language}-{n:04d}", {"items": [m for m, _ in part]},
                        [t for _, t in part]))
    return docs


# --------------------------------------------------------------------------- sources

@dataclass
class Source:
    name: str
    repo: str
    licence: str
    redistribute: bool
    kind: str
    description: str
    kept: str
    mapping_doc: str
    convert: Callable[[Snapshot, random.Random], dict[str, list[Doc]]]
    attribution: str = ""
    licence_file: str | None = None   # path in the repository, copied next to the data


# SLURP --------------------------------------------------------------------------

SLURP_MAP = {"person": PERSON, "audiobook_author": PERSON, "place_name": LOCATION,
             "email_address": EMAIL, "artist_name": IGNORE, "business_name": IGNORE,
             "transport_agency": IGNORE, "radio_name": IGNORE, "app_name": IGNORE}


def convert_slurp(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    items = []
    for n, line in enumerate(snap.read("dataset/slurp/test.jsonl").splitlines()):
        d = json.loads(line)
        tokens = [t["surface"] for t in d["tokens"]]
        text = d["sentence"]
        offsets = align(tokens, text)
        if offsets is None:
            text, offsets = detokenize(tokens)
        turn = Turn("speaker", text)
        for e in d["entities"]:
            entity = SLURP_MAP.get(e["type"])
            if entity and e["span"]:
                span = make_span(text, offsets[min(e["span"])][0], offsets[max(e["span"])][1],
                                 entity, e["type"])
                if span:
                    turn.spans.append(span)
        items.append(({"file": "dataset/slurp/test.jsonl", "line": n, "slurp_id": d["slurp_id"]},
                      turn))
    picked = sample_sentences(items, MAX_TURNS, rng,
                              prefer=lambda it: any(s.entity in (PERSON, EMAIL) for s in it[1].spans))
    return {"en": chunk_docs("slurp", "en", picked)}


# SGD ----------------------------------------------------------------------------

SGD_MAP = {
    **dict.fromkeys(["contact_name", "receiver", "recipient_name", "actors", "cast", "starring",
                     "directed_by", "director", "therapist_name"], PERSON),
    **dict.fromkeys(["address", "address_of_location", "street_address", "venue_address", "area",
                     "city", "city_of_event", "destination_city", "origin_city", "pickup_city",
                     "where_to", "location", "from_location", "to_location", "from", "to",
                     "from_city", "to_city", "origin_airport", "destination_airport"], LOCATION),
    "phone_number": PHONE,
    **dict.fromkeys(["artist", "attraction_name", "destination", "destination_airport_name",
                     "origin_airport_name", "event_location", "event_name", "from_station",
                     "to_station", "hotel_name", "place_name", "property_name", "restaurant_name",
                     "stylist_name", "theater_name", "venue", "pickup_location"], IGNORE),
}


def _json_values(text: str) -> list:
    """A file holding one JSON array, or several concatenated."""
    dec, pos, out = json.JSONDecoder(), 0, []
    while True:
        m = re.compile(r"\S").search(text, pos)
        if not m:
            return out
        obj, pos = dec.raw_decode(text, m.start())
        out.extend(obj if isinstance(obj, list) else [obj])


def convert_sgd(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    dialogues = []
    for split in ("test", "dev"):
        for path in snap.files(f"{split}/"):
            if not re.search(r"/dialogues_\d+\.json$", path):
                continue
            for d in _json_values(snap.read(path)):
                turns = []
                for t in d["turns"]:
                    text = t["utterance"]
                    turn = Turn("customer" if t["speaker"] == "USER" else "agent", text)
                    for frame in t["frames"]:
                        for s in frame["slots"]:
                            entity = SGD_MAP.get(s["slot"])
                            if entity:
                                span = make_span(text, s["start"], s["exclusive_end"], entity, s["slot"])
                                if span:
                                    turn.spans.append(span)
                    turns.append(turn)
                dialogues.append(({"file": path, "dialogue_id": d["dialogue_id"]}, turns))
    # Dialogues holding at least one of our entities, drawn at random until the budget is
    # used; those with a name or a phone number first, for up to two thirds of it (most
    # dialogues hold only places).
    def has(d, entities):
        return any(s.entity in entities for t in d[1] for s in t.spans)

    useful = [d for d in dialogues if has(d, (PERSON, LOCATION, PHONE))]
    rng.shuffle(useful)
    rich = [d for d in useful if has(d, (PERSON, PHONE))]
    chosen, total = [], 0
    for limit, pool in ((MAX_TURNS * 2 // 3, rich), (MAX_TURNS, useful)):
        for meta, turns in pool:
            if total + len(turns) > limit or any(m is meta for m, _ in chosen):
                continue
            chosen.append((meta, turns))
            total += len(turns)
    chosen.sort(key=lambda d: (d[0]["file"], d[0]["dialogue_id"]))
    return {"en": [Doc(f"sgd-en-{n:04d}", meta, turns) for n, (meta, turns) in enumerate(chosen)]}


# ABCD ---------------------------------------------------------------------------

def _find_all(text: str, pattern: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def _value_pattern(value: str) -> str:
    """A value as said in a chat: case and the separators between its words may differ."""
    parts = re.findall(r"\w+", value)
    return r"(?<!\w)" + r"[\s,.()\-]+".join(re.escape(p) for p in parts) + r"(?!\w)"


def _phone_pattern(value: str) -> str:
    """The phone's digits in order, with up to three separators between two of them."""
    return r"(?<!\d)\(?" + r"[\s().\-]{0,3}".join(re.sub(r"\D", "", value)) + r"(?!\d)"


def convert_abcd(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    docs = []
    for convo in json.loads(snap.read("data/abcd_sample.json")):
        personal, order = convo["scenario"]["personal"], convo["scenario"]["order"]
        values: list[tuple[str, str, str, str]] = []  # (value, pattern, entity, label)
        name = personal.get("customer_name", "")
        if name:
            values.append((name, _value_pattern(name), PERSON, "customer_name"))
            values += [(part, _value_pattern(part), PERSON, "customer_name part")
                       for part in name.split()]
        if personal.get("email"):
            values.append((personal["email"], re.escape(personal["email"]), EMAIL, "email"))
        if personal.get("phone"):
            values.append((personal["phone"], _phone_pattern(personal["phone"]), PHONE, "phone"))
        for key in ("full_address", "street_address", "city", "zip_code"):
            if order.get(key):
                values.append((order[key], _value_pattern(order[key]), LOCATION, key))
        if personal.get("username"):
            values.append((personal["username"], _value_pattern(personal["username"]), IGNORE,
                           "username"))
        turns = []
        for speaker, text in convo["original"]:
            if speaker == "action":  # the agent's tool log, not something said
                continue
            turn = Turn(speaker, text)
            taken: list[tuple[int, int]] = []
            # Longest values first: "6821 1st ave san mateo, ny 75227" before "75227".
            for _, pattern, entity, label in sorted(values, key=lambda v: -len(v[0])):
                for a, b in _find_all(text, pattern):
                    if any(a < y and x < b for x, y in taken):
                        continue
                    span = make_span(text, a, b, entity, label)
                    if span:
                        turn.spans.append(span)
                        taken.append((a, b))
            turns.append(turn)
        docs.append(Doc(f"abcd-en-{convo['convo_id']}", {"file": "data/abcd_sample.json",
                                                         "convo_id": convo["convo_id"]}, turns))
    return {"en": docs}


# WNUT-17 ------------------------------------------------------------------------

WNUT_MAP = {"person": PERSON, "location": LOCATION, "corporation": IGNORE, "group": IGNORE,
            "product": IGNORE, "creative-work": IGNORE}


def read_conll(text: str, token_col: int = 0, tag_col: int = -1, sep: str | None = None):
    """Sentences of a one-token-a-line file, blank lines between sentences."""
    sentence: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if sentence:
                yield sentence
            sentence = []
            continue
        parts = line.split(sep) if sep else line.split()
        sentence.append((parts[token_col], parts[tag_col]))
    if sentence:
        yield sentence


def convert_wnut(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    items = []
    for n, sent in enumerate(read_conll(snap.read("emerging.test.annotated"), sep="\t")):
        turn = sentence_turn([t for t, _ in sent], [g for _, g in sent], WNUT_MAP.get)
        items.append(({"file": "emerging.test.annotated", "sentence": n}, turn))
    return {"en": chunk_docs("wnut17", "en", sample_sentences(items, MAX_TURNS, rng))}


# xSID ---------------------------------------------------------------------------

XSID_MAP = {"location": LOCATION, "artist": PERSON, "restaurant_name": IGNORE,
            "object_name": IGNORE, "movie_name": IGNORE, "entity_name": IGNORE,
            "album": IGNORE, "track": IGNORE, "playlist": IGNORE, "facility": IGNORE}
XSID_VERSION = "data/xSID-0.7"


def convert_xsid(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    out = {}
    for language in ("nl", "en"):
        items = []
        for split in ("test", "valid"):
            path = f"{XSID_VERSION}/{language}.{split}.conll"
            text, tokens, tags, ident = None, [], [], None
            for line in snap.read(path).splitlines() + [""]:
                if line.startswith("# text ="):
                    text = line.split("=", 1)[1].strip()
                elif line.startswith("# id ="):
                    ident = line.split("=", 1)[1].strip()
                elif line.startswith("#"):
                    continue
                elif line.strip():
                    parts = line.split("\t")
                    tokens.append(parts[1])
                    tags.append(parts[3])
                elif tokens:
                    turn = sentence_turn(tokens, tags, XSID_MAP.get, text)
                    items.append(({"file": path, "id": ident}, turn))
                    text, tokens, tags, ident = None, [], [], None
        out[language] = chunk_docs("xsid", language, sample_sentences(items, MAX_TURNS, rng))
    return out


# Europeana Newspapers -------------------------------------------------------------

EUROPEANA_MAP = {"PER": PERSON, "LOC": LOCATION, "ORG": IGNORE}
EUROPEANA_FILES = {"nl": "enp_NL.kb.bio/enp_NL.kb.bio", "fr": "enp_FR.bnf.bio/enp_FR.bnf.bio"}
MAX_SENTENCE_TOKENS = 60


_ABBREVIATIONS = {"mm", "mme", "mmes", "mlle", "mr", "mrs", "dr", "st", "ste", "mgr", "jhr",
                  "hr", "mevr", "wed", "gebr", "prof", "gen", "col", "cap", "lieut", "n°", "no"}


def _ends_sentence(tok: str, nxt: str | None) -> bool:
    """After . ! ? — not after an initial or a title ("M.", "J.", "Mgr."), nor before a word in
    lower case."""
    if tok[-1:] not in ".!?":
        return False
    stem = tok.rstrip(".!?")
    if tok.endswith(".") and (len(stem) == 1 or stem.lower() in _ABBREVIATIONS):
        return False
    return nxt is None or not nxt[:1].islower()


def _pseudo_sentences(rows: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The files have no sentence breaks: cut at sentence ends (never inside a name), at
    most 60 tokens."""
    out, cur = [], []
    for i, (tok, tag) in enumerate(rows):
        cur.append((tok, tag))
        nxt_tok, nxt = (rows[i + 1][0], rows[i + 1][1]) if i + 1 < len(rows) else (None, "O")
        inside = nxt.startswith("I-") and tag != "O"
        if not inside and (_ends_sentence(tok, nxt_tok) or len(cur) >= MAX_SENTENCE_TOKENS):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def convert_europeana(snap: Snapshot, rng: random.Random) -> dict[str, list[Doc]]:
    out = {}
    for language, path in EUROPEANA_FILES.items():
        rows = [tuple(line.split()) for line in snap.read(path).splitlines() if line.strip()]
        rows = [r for r in rows if len(r) == 2]
        sentences = _pseudo_sentences(rows)
        # Chunks of 10 consecutive sentences (a piece of an article), drawn at random.
        blocks = [list(range(i, min(i + SENTENCES_PER_DOC, len(sentences))))
                  for i in range(0, len(sentences), SENTENCES_PER_DOC)]
        order = list(range(len(blocks)))
        rng.shuffle(order)
        chosen = sorted(order[:MAX_TURNS // SENTENCES_PER_DOC])
        docs = []
        for n, b in enumerate(chosen):
            turns = [sentence_turn([t for t, _ in sentences[i]], [g for _, g in sentences[i]],
                                   EUROPEANA_MAP.get) for i in blocks[b]]
            docs.append(Doc(f"europeana-{language}-{n:04d}",
                            {"file": path, "sentences": [blocks[b][0], blocks[b][-1]]}, turns))
        out[language] = docs
    return out


SOURCES = [
    Source("slurp", "pswietojanski/slurp", "CC BY 4.0 (text; the audio, not used, is CC BY-NC 4.0)",
           True, "speech (transcribed voice-assistant requests)",
           "SLURP: real spoken English requests to a voice assistant, transcribed in lower case "
           "without punctuation (Bastianelli et al., EMNLP 2020).",
           "dataset/slurp/test.jsonl: every utterance with a person, audiobook-author or e-mail "
           "slot (up to half the budget), the rest drawn at random: 1,500 utterances, 10 per document.",
           "person, audiobook_author → PERSON; place_name → LOCATION; email_address → "
           "EMAIL_ADDRESS (said as words: \"john@gmail dot com\"); artist_name (bands as well as "
           "people), business_name, transport_agency, radio_name, app_name → ignore; generic "
           "places (\"town\", \"nearby\") → ignore; other slots (dates, times…) dropped.",
           convert_slurp,
           "SLURP, Bastianelli, Vanzo, Swietojanski and Rieser, \"SLURP: A Spoken Language "
           "Understanding Resource Package\", EMNLP 2020. https://github.com/pswietojanski/slurp",
           "LICENSE.txt"),
    Source("sgd", "google-research-datasets/dstc8-schema-guided-dialogue", "CC BY-SA 4.0", True,
           "dialogue (written, crowd-paraphrased user–assistant dialogues)",
           "Schema-Guided Dialogue (Rastogi et al., AAAI 2020): task-oriented dialogues between "
           "a user and a virtual assistant (bookings, payments, messages, homes, doctors…), "
           "with slot values marked by character offsets.",
           "test/ and dev/ dialogues present in the snapshot (files of 4 MiB and more are "
           "absent from it); dialogues holding at least one PERSON, LOCATION or PHONE_NUMBER "
           "span, drawn at random until 1,500 turns, those with a PERSON or PHONE_NUMBER first "
           "(up to 1,000 turns).",
           "contact_name, receiver, recipient_name, actors, cast, starring, directed_by, "
           "director, therapist_name → PERSON; address, street_address, venue_address, "
           "address_of_location, city and the other city or area slots → LOCATION; "
           "phone_number → PHONE_NUMBER (US numbers: 415-775-7644); restaurant, hotel, "
           "theatre, venue, station, airport-name, salon, property and attraction names, "
           "artists, events, ride destinations → ignore; \"Mom\" and the like → ignore.",
           convert_sgd,
           "Schema-Guided Dialogue dataset, Google Research, Rastogi et al. 2020, CC BY-SA 4.0. "
           "https://github.com/google-research-datasets/dstc8-schema-guided-dialogue",
           "LICENSE.txt"),
    Source("abcd", "asappresearch/abcd", "MIT", True,
           "dialogue (customer-service chat between two people)",
           "Action-Based Conversations Dataset (Chen et al., NAACL 2021): customer-service chats "
           "whose scenario holds the customer's name, e-mail, phone, address and zip code.",
           "data/abcd_sample.json only (3 dialogues): the full data/abcd_v1.1.json.gz is over "
           "the snapshot's 4 MiB file limit. The agent's action log lines are left out.",
           "Gold spans are derived: each scenario value found in a turn (case-insensitive, any "
           "separators) is a span: customer_name and its first or last name alone → PERSON; "
           "email → EMAIL_ADDRESS; phone → PHONE_NUMBER (US format); street_address, "
           "full_address, city, zip_code → LOCATION; username → ignore.",
           convert_abcd,
           "ABCD, Copyright (c) 2021 ASAPP Research, MIT licence. https://github.com/asappresearch/abcd",
           "LICENSE"),
    Source("wnut17", "leondz/emerging_entities_17", "CC BY 4.0", True,
           "noisy written text (tweets, Reddit, YouTube, StackExchange)",
           "WNUT-17 Emerging and Rare Entities (Derczynski et al., W-NUT 2017).",
           "emerging.test.annotated: all 1,287 test sentences, 10 per document.",
           "person → PERSON; location → LOCATION; corporation, group, product, creative-work → ignore.",
           convert_wnut,
           "WNUT-17 Emerging Entities, Derczynski, Nichols, van Erp and Limsopatham 2017, "
           "CC BY 4.0. https://github.com/leondz/emerging_entities_17"),
    Source("xsid", "mainlp/xsid", "CC BY-SA 4.0", True,
           "short requests to a voice assistant (written, Dutch translated from English)",
           "xSID 0.7 (van der Goot et al., NAACL 2021): the same assistant requests in English "
           "and, translated by hand, Dutch, with slot annotations.",
           f"{XSID_VERSION}/{{nl,en}}.{{test,valid}}.conll: all 800 requests per language, 10 per document.",
           "location → LOCATION (\"nearby\", \"huidige locatie\"… → ignore); artist → PERSON "
           "(mostly musicians' names); restaurant, object, movie, album, track, playlist, entity "
           "and facility names → ignore.",
           convert_xsid,
           "xSID, van der Goot et al., \"From Masked Language Modeling to Translation\", NAACL "
           "2021, CC BY-SA 4.0. https://github.com/mainlp/xsid",
           "LICENSE"),
    Source("europeana", "EuropeanaNewspapers/ner-corpora", "CC0 1.0", True,
           "historical newspapers (19th century, OCR)",
           "Europeana Newspapers NER corpora (Neudecker, LREC 2016): OCRed Dutch (KB) and French "
           "(BnF) newspapers with PER, LOC, ORG by hand; old spelling and OCR errors.",
           "enp_NL.kb.bio and enp_FR.bnf.bio: cut into sentences (after . ! ? but not after an "
           "initial or a title, at most 60 tokens, never inside a name), then 150 random chunks "
           "of 10 consecutive sentences per language.",
           "PER → PERSON; LOC → LOCATION; ORG → ignore (IOB1 tags in the French file are read "
           "as such).",
           convert_europeana,
           "Europeana Newspapers NER corpora, Europeana Newspapers Project 2012–2015, CC0. "
           "https://github.com/EuropeanaNewspapers/ner-corpora",
           "LICENSE.md"),
]

# Considered and not converted (listed in the README the converter writes).
NOT_USED = [
    ("CoNLL-2002 Dutch (De Morgen 2000)", "nltk/nltk_data packages/corpora/conll2002.zip; "
     "dice-group/FOX input/conll2002", "research use in the CoNLL-2002 shared task only, "
     "\"no permission … for commercial applications\"", "not used at all"),
    ("WikiNER French and Dutch", "dice-group/FOX input/Wikiner", "CC BY 3.0",
     "the .bz2 files are over the snapshot's 4 MiB limit; besides, fr_core_news_sm (both "
     "tools' French NER) was trained on WikiNER, so it would not be an independent test"),
    ("ABCD full (10,042 dialogues)", "asappresearch/abcd data/abcd_v1.1.json.gz", "MIT",
     "over the snapshot's 4 MiB limit: only the 3-dialogue sample is converted"),
    ("Harper Valley Bank (Gridspace-Stanford)", "cricketclub/gridspace-stanford-harper-valley",
     "Apache-2.0 (repository LICENSE)", "the closest to our calls (1,446 simulated bank calls, "
     "human and ASR transcripts, caller names in the metadata) but the snapshot is 693 MB, over "
     "the 500 MB limit; worth obtaining by other means"),
    ("MASSIVE (nl-NL, fr-FR, en-US)", "alexa/massive", "CC BY 4.0", "the data is not in the "
     "repository (an archive outside GitHub)"),
    ("ANCOR (spoken French)", "boberle/coreference_databases", "CC BY-NC-SA 4.0",
     "its named entities were added by a tagger (Flair), not by hand, and the licence is "
     "non-commercial"),
    ("MSNER (speech NER on VoxPopuli), presidio-research synthetic data", "–", "–",
     "held back as an independent check: not used in any way; SLUE-VoxPopuli avoided for the "
     "same reason"),
]


# --------------------------------------------------------------------------- rendering

_SENTENCE_PUNCT = set(".,;:!?…")
_QUOTES = set("\"“”„«»‹›()[]{}")


def stt_render(text: str, spans: list[dict]) -> tuple[str, list[dict]]:
    """Lower case, sentence punctuation (. , ; : ! ? …, before a blank or at the end) and
    quotes or brackets removed, blanks collapsed; spans remapped to the new offsets."""
    kept: list[tuple[str, int]] = []   # (character, index in the original)
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _QUOTES:
            continue
        if ch in _SENTENCE_PUNCT:
            after = text[i + 1] if i + 1 < n else " "
            before = text[i - 1] if i > 0 else " "
            if after.isspace() or after in _QUOTES or after in _SENTENCE_PUNCT or before.isspace():
                continue
        for low in ch.lower():
            kept.append((" " if low.isspace() else low, i))
    collapsed: list[tuple[str, int]] = []
    for ch, i in kept:
        if ch == " " and (not collapsed or collapsed[-1][0] == " "):
            continue
        collapsed.append((ch, i))
    while collapsed and collapsed[-1][0] == " ":
        collapsed.pop()
    new_text = "".join(ch for ch, _ in collapsed)
    new_spans = []
    for s in spans:
        inside = [j for j, (ch, i) in enumerate(collapsed) if s["start"] <= i < s["end"] and ch != " "]
        if not inside:
            continue
        a, b = inside[0], inside[-1] + 1
        new_spans.append({**s, "start": a, "end": b, "text": new_text[a:b]})
    return new_text, new_spans


# --------------------------------------------------------------------------- output

def doc_json(source: Source, language: str, doc: Doc) -> dict:
    return {"corpus": source.name, "language": language, "doc_id": doc.doc_id,
            "source": doc.source, "turns": [t.as_json() for t in doc.turns]}


def stt_doc(doc: dict) -> dict:
    turns = []
    for t in doc["turns"]:
        text, spans = stt_render(t["text"], t["spans"])
        turns.append({**t, "text": text, "spans": spans})
    return {**doc, "rendering": "stt", "turns": turns}


def check(doc: dict) -> None:
    for t in doc["turns"]:
        for s in t["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(t["text"]), (doc["doc_id"], s)
            assert t["text"][s["start"]:s["end"]] == s["text"], (doc["doc_id"], s)


def counts(docs: list[dict]) -> dict:
    entities: dict[str, int] = {}
    for d in docs:
        for t in d["turns"]:
            for s in t["spans"]:
                entities[s["entity"]] = entities.get(s["entity"], 0) + 1
    return {"documents": len(docs), "turns": sum(len(d["turns"]) for d in docs),
            "words": sum(len(t["text"].split()) for d in docs for t in d["turns"]),
            "spans": dict(sorted(entities.items()))}


def write_jsonl(path: Path, docs: Iterable[dict]) -> str:
    data = "".join(json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in docs)
    path.write_text(data, encoding="utf-8")
    return hashlib.sha256(data.encode()).hexdigest()


def corpus_readme(source: Source, entry: dict) -> str:
    lines = [f"# {source.name}", "", source.description, "",
             f"* origin: https://github.com/{source.repo}, commit `{entry['commit']}`",
             f"* licence: {source.licence}" + (" — see `LICENSE` here" if entry.get("licence_file") else ""),
             f"* attribution: {source.attribution}", f"* kind: {source.kind}",
             f"* kept: {source.kept}", f"* entities: {source.mapping_doc}",
             "* changed: converted by `benchmarks/corpora.py` into ccaudit's benchmark form (JSONL, "
             "character offsets, ccaudit entity names); `*.stt.jsonl` is the same text lower-cased "
             "without sentence punctuation. The converted files are distributed under the "
             "source's licence.", "",
             "| file | documents | turns | words | spans |", "|---|---:|---:|---:|---|"]
    for f in entry["files"]:
        c = f["counts"]
        spans = ", ".join(f"{k} {v}" for k, v in c["spans"].items()) or "–"
        lines.append(f"| `{f['file']}` | {c['documents']} | {c['turns']} | {c['words']:,} | {spans} |")
    lines += ["", "Regenerate: `.venv/bin/python benchmarks/corpora.py --from /work/.mirror "
              f"--out benchmarks/corpora --only {source.name}` after fetching `{source.repo}`.", ""]
    return "\n".join(lines)


def index_readme(manifest: dict) -> str:
    lines = ["# Public corpora for `bench_public.py`", "",
             "Converted by `benchmarks/corpora.py` from public, span-annotated sources that "
             "nobody tuned ccaudit on. Every file holds one document per line (see the docstring "
             "of `corpora.py` for the form); `<language>.stt.jsonl` is the speech-to-text "
             "rendering (lower case, no sentence punctuation). MSNER and presidio-research's "
             "synthetic data are deliberately **not** used: they are held back as an independent "
             "check.", "",
             "| corpus | kind | languages | origin (commit) | licence | documents / turns / words | "
             "gold spans (PERSON, LOCATION, PHONE_NUMBER, EMAIL_ADDRESS; ignore) | in the repository |",
             "|---|---|---|---|---|---|---|---|"]
    for name, e in manifest["corpora"].items():
        published = [f for f in e["files"] if f["rendering"] == "published"]
        langs = ", ".join(f["language"] for f in published)
        docs = sum(f["counts"]["documents"] for f in published)
        turns = sum(f["counts"]["turns"] for f in published)
        words = sum(f["counts"]["words"] for f in published)
        spans: dict[str, int] = {}
        for f in published:
            for k, v in f["counts"]["spans"].items():
                spans[k] = spans.get(k, 0) + v
        gold = ", ".join(str(spans.get(k, 0)) for k in (PERSON, LOCATION, PHONE, EMAIL))
        lines.append(f"| [{name}]({name}/README.md) | {e['kind']} | {langs} | "
                     f"`{e['repo']}` (`{e['commit'][:10]}`) | {e['licence']} | "
                     f"{docs} / {turns:,} / {words:,} | {gold}; {spans.get(IGNORE, 0)} | "
                     f"{'no: regenerate' if e['redistribute'] else 'no: run the converter'} |")
    lines += ["", "Counts are for the published rendering; the stt rendering has the same documents "
              "and spans (a span that held only punctuation would be dropped).", "",
              "## Considered and not used", "", "| source | where | licence | why not |",
              "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in NOT_USED]
    lines += ["", "## Regenerating", "",
              "The converted files are **not** committed: this workplace's rule for data brought in "
              "from\npublic repositories is that developers keep it out of the project's commits "
              "(it may live only\nin the steering repository's `shared/`). Only this README and "
              "`manifest.json` (origins,\nlicences, counts and the sha256 of every converted file) "
              "are in git; the per-corpus folders\nare git-ignored, and `bench_public.py` skips a "
              "corpus that is absent.", "",
              "Fetch the repositories above (the search tool's `fetch` puts each under "
              "`/work/.mirror/<owner>+<name>/repo`), then run "
              "`.venv/bin/python benchmarks/corpora.py --from /work/.mirror --out benchmarks/corpora`. "
              "Sampling uses a fixed seed: the same snapshots give the same files "
              "(`manifest.json` records each file's sha256). A source whose licence does not allow "
              "redistribution would be written to `benchmarks/out/corpora/` (git-ignored) instead; "
              "`bench_public.py` reads both folders and skips what is absent.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="mirror", type=Path, default=Path("/work/.mirror"),
                        help="folder of fetched repositories (<owner>+<name>/repo)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "corpora",
                        help="output folder for redistributable corpora (default benchmarks/corpora)")
    parser.add_argument("--private-out", type=Path, default=ROOT / "benchmarks" / "out" / "corpora",
                        help="output folder for corpora that may not be redistributed (git-ignored)")
    parser.add_argument("--only", nargs="*", help="corpora to convert (default: all)")
    args = parser.parse_args(argv)
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {"corpora": {}}
    manifest["seed"] = SEED
    for source in SOURCES:
        if args.only and source.name not in args.only:
            continue
        snap = Snapshot(args.mirror, source.repo)
        if not snap.present:
            print(f"{source.name}: {snap.git_dir} not found: fetch {source.repo} first; skipped")
            continue
        rng = random.Random(f"{SEED}-{source.name}")
        by_language = source.convert(snap, rng)
        folder = (args.out if source.redistribute else args.private_out) / source.name
        folder.mkdir(parents=True, exist_ok=True)
        entry = {"repo": source.repo, "commit": snap.commit, "licence": source.licence,
                 "redistribute": source.redistribute, "kind": source.kind,
                 "folder": folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT)
                 else folder.as_posix(), "files": []}
        for language, docs in sorted(by_language.items()):
            published = [doc_json(source, language, d) for d in docs]
            stt = [stt_doc(d) for d in published]
            for rendering, rows, name in (("published", published, f"{language}.jsonl"),
                                          ("stt", stt, f"{language}.stt.jsonl")):
                for d in rows:
                    check(d)
                digest = write_jsonl(folder / name, rows)
                entry["files"].append({"file": name, "language": language, "rendering": rendering,
                                       "sha256": digest, "counts": counts(rows)})
        if source.licence_file:
            (folder / "LICENSE").write_text(snap.read(source.licence_file), encoding="utf-8")
            entry["licence_file"] = "LICENSE"
        (folder / "README.md").write_text(corpus_readme(source, entry), encoding="utf-8")
        manifest["corpora"][source.name] = entry
        size = sum(p.stat().st_size for p in folder.iterdir())
        summary = "; ".join(f"{f['file']}: {f['counts']['documents']} docs, {f['counts']['turns']} "
                            f"turns, spans {f['counts']['spans']}"
                            for f in entry["files"] if f["rendering"] == "published")
        print(f"{source.name} ({snap.commit[:10]}): {summary}; {size / 1e6:.2f} MB in {entry['folder']}")
    manifest["corpora"] = dict(sorted(manifest["corpora"].items(),
                                      key=lambda kv: [s.name for s in SOURCES].index(kv[0])
                                      if kv[0] in [s.name for s in SOURCES] else 99))
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (args.out / "README.md").write_text(index_readme(manifest), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
