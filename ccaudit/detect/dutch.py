"""Dutch names and places with deduce, as a Presidio recognizer.

No Dutch spaCy pipeline is published on PyPI. deduce (a Dutch de-identification library)
finds Dutch and Flemish person names ("met Sofie Peeters", "meneer De Cock") and places
offline, from lookup lists and name patterns. Set ``models.nl: deduce`` in the
configuration to use it (the default).

deduce builds its lookup structures once, on first use after installation (one to two
minutes, stored in its package folder); ``make`` does that at install time::

    python -m ccaudit.detect.dutch

which also keeps a copy without the lookup lists of the groups ccaudit never runs (the
healthcare institutions: a third of the data) and with the street names' trie read lazily
(:class:`LazyChildren`), so that loading takes under 0.1 s instead of 1.3 s, once per
process, and only when a Dutch text is analysed.
"""
from __future__ import annotations

import gc
import logging
import functools
import json
import os
import pickle
import threading
import time
from pathlib import Path

from presidio_analyzer import EntityRecognizer, RecognizerResult

log = logging.getLogger(__name__)

# The configuration value of ``models.<lang>`` that selects deduce.
DEDUCE = "deduce"
# deduce tags → ccaudit entities.
TAGS = {"persoon": "PERSON", "patient": "PERSON", "locatie": "LOCATION"}
# deduce processor groups not needed here (the pattern recognizers cover them).
_DISABLED = {"institutions", "dates", "ages", "identifiers", "phone_numbers",
             "email_addresses", "urls"}
# Not run on a text: the disabled groups, and the redactor (only its annotations are read,
# never the text it would write with them replaced).
_NOT_RUN = _DISABLED | {"redactor"}
# Lookup structures only the disabled groups read (the institutions' annotators), left out
# of the trimmed copy, and the folder of that copy (deduce's cache layout: cache/…pickle).
_UNUSED_LOOKUPS = ("healthcare_institution", "hospital")
# Tries whose first level is kept as pickled branches, each read on first lookup: the street
# names are 190,000 first words and millions of nodes, 0.7 s of the 0.75 s load.
_LAZY_LOOKUPS = ("street",)
# The layout of the trimmed copy: a copy of another layout is rewritten.
_LAYOUT = 2
TRIMMED_CACHE = Path(__file__).resolve().parent / "data" / "deduce"


class LazyChildren(dict):
    """The first level of a deduce lookup trie (first word → branch) whose branches are
    unpickled on first lookup: ``None`` stands for a leaf (a one-word entry, most of them),
    bytes for a pickled branch. Lookups (``in``, ``[]``, ``keys()``, ``get``) and every
    trie operation of docdeid give the same answers as the plain dict they replace
    (``tests/test_lazy_loading.py``); a Dutch text reads the branches of its own words."""

    __slots__ = ()

    @classmethod
    def of(cls, children: dict) -> "LazyChildren":
        lazy = cls()
        for head, branch in children.items():
            leaf = branch.is_terminal and not branch.children and branch.matching_pipeline is None
            dict.__setitem__(lazy, head, None if leaf else
                             pickle.dumps(branch, protocol=pickle.HIGHEST_PROTOCOL))
        return lazy

    def __getitem__(self, head):
        branch = dict.__getitem__(self, head)
        if branch is None or type(branch) is bytes:
            if branch is None:
                from docdeid.ds.lookup import LookupTrie

                branch = LookupTrie()
                branch.is_terminal = True
            else:
                branch = pickle.loads(branch)
            dict.__setitem__(self, head, branch)
        return branch

    def get(self, head, default=None):
        return self[head] if head in self else default

    def values(self):
        return [self[head] for head in self]

    def items(self):
        return [(head, self[head]) for head in self]

    def __reduce__(self):  # as stored: pickling reads no branch
        return (LazyChildren, (), None, None, iter(dict.items(self)))


def _lazy_trie(trie):
    """A copy of a lookup trie whose first level is :class:`LazyChildren`."""
    import copy

    lazy = copy.copy(trie)
    lazy.children = LazyChildren.of(trie.children)
    return lazy


@functools.lru_cache(maxsize=1)
def load_deduce():
    """The process's deduce instance, loaded on first use (seconds, and a transient peak of
    about 1 GB while its lookup structures are unpickled): every analyzer shares it."""
    started = time.perf_counter()
    deduce = _load_deduce()
    log.info("loaded deduce for Dutch names and places (%.1f s)", time.perf_counter() - started)
    return deduce


def _load_deduce():
    # Importing deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG), which
    # would send every log line of the process to stdout: a handler on the root logger for
    # the time of the import makes that call do nothing.
    root, guard = logging.getLogger(), logging.NullHandler()
    root.addHandler(guard)
    try:
        from deduce import Deduce
    finally:
        root.removeHandler(guard)
    logging.getLogger("deduce").setLevel(logging.WARNING)
    # Millions of lookup objects are unpickled: with the garbage collector paused that takes
    # a third of the time; frozen afterwards, they stay out of its passes for good
    # (otherwise exiting alone takes ~8 s).
    enabled = gc.isenabled()
    gc.disable()
    try:
        deduce = _trimmed_deduce(Deduce)
        if deduce is None:
            deduce = Deduce()
            _write_trimmed(deduce)
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return deduce


def _source_cache() -> Path:
    import deduce.deduce
    from deduce.lookup_structs import _CACHE_FILE, _CACHE_SUBDIR

    return Path(deduce.deduce._LOOKUP_LIST_PATH) / _CACHE_SUBDIR / _CACHE_FILE


def _stamp() -> dict:
    """What the trimmed copy was made from: deduce's version and its own cache file."""
    from deduce import __version__

    source = _source_cache()
    stat = source.stat()
    return {"deduce_version": __version__, "source": str(source), "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns, "layout": _LAYOUT}


def _config() -> dict:
    """deduce's base configuration without the annotators of the groups never run."""
    import deduce.deduce

    with open(deduce.deduce._BASE_CONFIG_FILE, encoding="utf-8") as f:
        config = json.load(f)
    config["annotators"] = {name: a for name, a in config["annotators"].items()
                            if a.get("group") not in _DISABLED}
    return config


def _trimmed_deduce(Deduce):
    """deduce on the trimmed copy of its lookup structures, or ``None`` when the copy is
    missing or was made from another deduce or another cache (then the full one loads)."""
    stamp_file = TRIMMED_CACHE / "stamp.json"
    try:
        if json.loads(stamp_file.read_text(encoding="utf-8")) != _stamp():
            return None
    except (OSError, ValueError):
        return None
    return Deduce(load_base_config=False, config=_config(), cache_path=TRIMMED_CACHE)


def _write_trimmed(deduce) -> None:
    """Keep the lookup structures of ``deduce`` without the unused ones, for next time."""
    from deduce import __version__
    from deduce.lookup_structs import _CACHE_FILE, _CACHE_SUBDIR
    from datetime import datetime

    structs = deduce.lookup_structs
    kept = type(structs)()
    for name in structs:
        if name in _LAZY_LOOKUPS:
            kept[name] = _lazy_trie(structs[name])
        elif name not in _UNUSED_LOOKUPS:
            kept[name] = structs[name]
    folder = TRIMMED_CACHE / _CACHE_SUBDIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / (_CACHE_FILE + ".partial")
        with open(partial, "wb") as f:
            pickle.dump({"deduce_version": __version__, "saved_datetime": str(datetime.now()),
                         "lookup_structs": kept}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, folder / _CACHE_FILE)
        (TRIMMED_CACHE / "stamp.json").write_text(json.dumps(_stamp()), encoding="utf-8")
    except OSError:  # a read-only installation: the full structures load each time
        log.debug("cannot keep deduce's trimmed lookup structures", exc_info=True)


def entity_of(tag: str) -> str | None:
    """The ccaudit entity of a deduce tag (``persoon``, ``patient``, ``locatie``…)."""
    for key, entity in TAGS.items():
        if key in tag:
            return entity
    return None


class DeduceRecognizer(EntityRecognizer):
    """``PERSON`` and ``LOCATION`` in Dutch text, found by deduce."""

    SCORE = 0.85

    def __init__(self, supported_language: str = "nl"):
        super().__init__(supported_entities=["PERSON", "LOCATION"],
                         supported_language=supported_language, name="DeduceRecognizer")

    def load(self) -> None:
        # deduce loads on first use: only an analyzer that meets a Dutch text pays for it.
        self._deduce = None
        self._lock = threading.Lock()

    @property
    def deduce(self):
        """The recognizer's deduce instance, loaded on first use."""
        with self._lock:
            if self._deduce is None:
                self._deduce = load_deduce()
        return self._deduce

    def analyze(self, text, entities, nlp_artifacts=None):
        wanted = set(entities) & {"PERSON", "LOCATION"}
        if not wanted or not text.strip():
            return []
        doc = self.deduce.deidentify(text, disabled=_NOT_RUN)
        out = []
        for ann in doc.annotations:
            entity = entity_of(ann.tag)
            if entity in wanted:
                start, end = ann.start_char, ann.end_char
                # deduce may run a name into the next sentence ("Dupont. Bonne").
                cut = text.find(". ", start, end)
                if cut > start:
                    end = cut
                out.append(RecognizerResult(entity, start, end, self.SCORE,
                                            recognition_metadata={"recognizer_name": self.name,
                                                                  "recognizer_identifier": self.id}))
        return out


def main() -> None:
    """Build deduce's lookup structures now (run at install time)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info("building deduce's Dutch name lookup structures (once after install)…")
    load_deduce()
    log.info("deduce ready")


if __name__ == "__main__":
    # The module's own copy, not __main__: the trimmed copy pickles LazyChildren by its name.
    from ccaudit.detect.dutch import main as _main

    _main()
