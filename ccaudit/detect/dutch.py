"""Dutch names and places with deduce, as a Presidio recognizer.

No Dutch spaCy pipeline is published on PyPI. deduce (a Dutch de-identification library)
finds Dutch and Flemish person names ("met Sofie Peeters", "meneer De Cock") and places
offline, from lookup lists and name patterns. Set ``models.nl: deduce`` in the
configuration to use it (the default).

deduce builds its lookup structures once, on first use after installation (one to two
minutes, stored in its package folder); ``make`` does that at install time::

    python -m ccaudit.detect.dutch

Afterwards loading takes a few seconds, once per process, and only when a Dutch text is
analysed.
"""
from __future__ import annotations

import gc
import logging
import functools
import threading
import time

from presidio_analyzer import EntityRecognizer, RecognizerResult

log = logging.getLogger(__name__)

# The configuration value of ``models.<lang>`` that selects deduce.
DEDUCE = "deduce"
# deduce tags → ccaudit entities.
TAGS = {"persoon": "PERSON", "patient": "PERSON", "locatie": "LOCATION"}
# deduce processor groups not needed here (the pattern recognizers cover them).
_DISABLED = {"institutions", "dates", "ages", "identifiers", "phone_numbers",
             "email_addresses", "urls"}

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
        deduce = Deduce()
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return deduce


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
        doc = self.deduce.deidentify(text, disabled=_DISABLED)
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
    main()
