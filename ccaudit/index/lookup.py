"""A request's identifier → its data subject in the index: the one path every caller takes.

The command line (``ccaudit subjects find``, ``export``, ``plan``), notebook 06, the readiness
checks (objections) and the benchmarks all look a value up the same way:

1. **candidates** (:func:`candidate_hashes`): the value normalised for its type and hashed
   with the index key; a phone written nationally (``06 12 34 56 78``) is valid in several
   countries, and each reading is a candidate, most likely first;
2. **key check and resolution** (:func:`resolve`): an index built with another key is
   refused, since every lookup would silently match nothing; then the first candidate the
   index knows (:func:`resolve_hash`) is the request's hash (:func:`request_hash` does 1-2);
3. **subject** (:func:`~ccaudit.index.subjects.find_subject`): every location of the subject
   that identifier belongs to.

>>> from ccaudit.settings import load_config
>>> with open_index("ccaudit.duckdb", load_config()) as con:         # doctest: +SKIP
...     id_hash = request_hash(con, "phone", "0475 12 34 56", load_config())
...     find(con, "phone", "0475 12 34 56", load_config())["subject"]

A malformed value, an unknown type and a wrong key raise
:class:`~ccaudit.errors.CcauditError` with the reason (never the value).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from ccaudit.config import Config
from ccaudit.errors import CcauditError
from ccaudit.index.db import check_key, connect
from ccaudit.index.identifiers import DEFAULT_REGIONS, ID_TYPES, IDENTIFIER_TYPES, Hasher, load_key, normalise
from ccaudit.index.subjects import find_subject


def hasher_for(config: Config, key: bytes | None = None) -> Hasher:
    """The index's keyed hash: ``key``, else ``$CCAUDIT_KEY`` or ``index.key_file``."""
    return Hasher(key if key is not None else load_key(config.index.key_file))


def hash_value(id_type: str, value: str, hasher: Hasher,
               regions: tuple[str, ...] = DEFAULT_REGIONS) -> str:
    """The keyed hash of a value's first reading; CcauditError if malformed."""
    if id_type not in ID_TYPES:
        raise CcauditError(f"unknown identifier type '{id_type}' (one of {', '.join(ID_TYPES)})")
    canonical = normalise(id_type, value, regions)
    if canonical is None:
        raise CcauditError(f"the value is not {IDENTIFIER_TYPES[id_type].valid}")
    return hasher(id_type, canonical)


def candidate_hashes(id_type: str, value: str, hasher: Hasher,
                     regions: tuple[str, ...] = DEFAULT_REGIONS) -> list[str]:
    """Every hash a request's value may have been indexed under, most likely first.

    A phone written nationally ("06 12 34 56 78") is valid in several countries; each
    reading is a candidate. Other types have one. CcauditError if none is valid.
    """
    first = hash_value(id_type, value, hasher, regions)
    if id_type != "phone":
        return [first]
    out = [first]
    for region in regions:
        canonical = normalise("phone", value, (region,))
        if canonical:
            h = hasher("phone", canonical)
            if h not in out:
                out.append(h)
    return out


def resolve_hash(con: duckdb.DuckDBPyConnection, candidates: list[str]) -> str:
    """The first candidate hash the index knows, else the first candidate."""
    for h in candidates:
        if con.execute("SELECT 1 FROM identifiers WHERE id_hash = ?", [h]).fetchall():
            return h
    return candidates[0]


def open_index(db: str | Path, config: Config, key: bytes | None = None) -> duckdb.DuckDBPyConnection:
    """The index, read-only, refused (CcauditError) when it was built with another key."""
    con = connect(db, read_only=True)
    try:
        check_key(con, hasher_for(config, key).fingerprint)
    except BaseException:
        con.close()
        raise
    return con


def resolve(con: duckdb.DuckDBPyConnection, candidates: list[str], hasher: Hasher) -> str:
    """The candidate this index knows (:func:`resolve_hash`), once the index is found to be
    built with ``hasher``'s key (CcauditError otherwise)."""
    check_key(con, hasher.fingerprint)
    return resolve_hash(con, candidates)


def request_hash(con: duckdb.DuckDBPyConnection, id_type: str, value: str, config: Config,
                 key: bytes | None = None) -> str:
    """The hash a request's identifier is known by in this index: the key checked, every
    reading of the value tried (CcauditError for a malformed value or another key)."""
    hasher = hasher_for(config, key)
    return resolve(con, candidate_hashes(id_type, value, hasher, tuple(config.phone_regions)), hasher)


def find(con: duckdb.DuckDBPyConnection, id_type: str, value: str, config: Config,
         key: bytes | None = None) -> dict:
    """``{"subject": id or None, "locations": [...]}`` of the subject holding this value."""
    return find_subject(con, request_hash(con, id_type, value, config, key))


__all__ = ["candidate_hashes", "find", "hash_value", "hasher_for", "open_index",
           "request_hash", "resolve", "resolve_hash"]
