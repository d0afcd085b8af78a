"""The subject index: one DuckDB file, its schema created and migrated by version.

Tables (documented for analysts in the README, section "The subject index"):

* ``schema_version`` — the migrations applied;
* ``runs`` — one row per ``index build``: when, how many files indexed, unchanged, removed,
  failed, and whether it completed;
* ``files`` — every file seen: path, kind (export / transcript), client, format, size,
  content hash, status (indexed / error / removed), error reason, records;
* ``columns`` — export column profiles (as ``columns.csv``);
* ``findings`` — what was found where: exports by file, sheet, row and column (identifier
  cells); transcripts by file, call, turn, offsets and turn time (every finding); each with
  its entity, identifier type and keyed hash (``id_hash``) when it is a strong identifier,
  and a masked value;
* ``identifiers`` — each distinct keyed hash, its type and the subject it belongs to;
* ``subjects`` — each data subject: its identifiers, records, files and clients.

Each linking rebuilds ``identifiers`` and ``subjects`` whole (:func:`ccaudit.index.subjects.
link_subjects`): sorted by their key, unique by construction, without the key constraints
the first migration gave them (re-inserting millions of keys under one costs minutes).

No raw identifier is ever written: ``id_hash`` is an HMAC-SHA256 under a key kept outside
the database (:mod:`ccaudit.index.identifiers`).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from ccaudit.errors import CcauditError

# Each migration brings the schema from version i to i + 1; never edit a released one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,            -- running | complete
        files_seen INTEGER, files_indexed INTEGER, files_unchanged INTEGER,
        files_removed INTEGER, files_failed INTEGER,
        ccaudit_version VARCHAR
    );
    CREATE TABLE files (
        file_id INTEGER PRIMARY KEY,
        path VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,              -- export | transcript
        client VARCHAR,
        format VARCHAR,
        size BIGINT,
        content_hash VARCHAR,               -- sha256 of the bytes
        status VARCHAR NOT NULL,            -- indexed | error | removed
        error VARCHAR,
        records BIGINT,                     -- rows (exports) or calls (transcripts) read
        indexed_at TIMESTAMP,
        run_id INTEGER
    );
    CREATE TABLE columns (
        file_id INTEGER NOT NULL,
        sheet VARCHAR, "column" VARCHAR, entity_type VARCHAR, entities VARCHAR,
        confidence DOUBLE, sensitivity VARCHAR, kind VARCHAR, "rows" BIGINT,
        id_type VARCHAR                     -- set when the column holds a strong identifier
    );
    CREATE TABLE findings (
        file_id INTEGER NOT NULL,
        sheet VARCHAR,                      -- exports: '' when the format has no sheets
        "row" BIGINT,                       -- exports: 0-based data record
        "column" VARCHAR,
        call_id VARCHAR,                    -- transcripts
        turn INTEGER,
        start_offset INTEGER, end_offset INTEGER,
        time_start DOUBLE, time_end DOUBLE,
        role VARCHAR,                       -- agent | customer (transcripts)
        entity_type VARCHAR NOT NULL,
        id_type VARCHAR,                    -- email | phone | national_number | iban | bsn | card
        id_hash VARCHAR,                    -- HMAC-SHA256 (128 bits, hex) of the canonical value
        masked VARCHAR
    );
    CREATE TABLE identifiers (
        id_hash VARCHAR PRIMARY KEY,
        id_type VARCHAR NOT NULL,
        subject_id VARCHAR NOT NULL
    );
    CREATE TABLE subjects (
        subject_id VARCHAR PRIMARY KEY,
        identifiers INTEGER, records BIGINT, files INTEGER, clients INTEGER
    );
    CREATE INDEX findings_hash ON findings (id_hash);
    CREATE INDEX findings_file ON findings (file_id);
    CREATE INDEX identifiers_subject ON identifiers (subject_id);
    """,
    # 2: settings, e.g. the fingerprint of the key the hashes were made with.
    """
    CREATE TABLE settings (name VARCHAR PRIMARY KEY, value VARCHAR);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the index at ``path``.

    Read-only connections need an existing index at the current schema version.
    """
    path = Path(path)
    if read_only:
        if not path.exists():
            raise CcauditError("no index here: run `ccaudit index build` first", source=str(path))
        con = duckdb.connect(str(path), read_only=True)
        version = _version(con)
        if version != SCHEMA_VERSION:
            con.close()
            raise CcauditError(f"index schema version {version}, this ccaudit needs "
                               f"{SCHEMA_VERSION}: run `ccaudit index build` to migrate",
                               source=str(path))
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise CcauditError(f"cannot open the index ({type(exc).__name__})", source=str(path)) from None
    migrate(con)
    return con


def _version(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: a result left pending blocks con.register() in DuckDB 2.
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'schema_version'").fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the missing migrations, each in its own transaction; returns the version."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT current_timestamp)")
    version = _version(con)
    if version > SCHEMA_VERSION:
        raise CcauditError(f"index schema version {version} is newer than this ccaudit "
                           f"({SCHEMA_VERSION}): upgrade ccaudit")
    for number, sql in enumerate(MIGRATIONS[version:], start=version + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def check_key(con: duckdb.DuckDBPyConnection, fingerprint: str, record: bool = False) -> None:
    """Refuse a key other than the one the index was built with (lookups would silently
    match nothing). ``record`` stores the fingerprint when the index has none yet."""
    row = next(iter(con.execute("SELECT value FROM settings WHERE name = 'key_fingerprint'")
                    .fetchall()), None)
    if row is None:
        if record:
            con.execute("INSERT INTO settings VALUES ('key_fingerprint', ?)", [fingerprint])
        return
    if row[0] != fingerprint:
        raise CcauditError("this index was built with another HMAC key: set $CCAUDIT_KEY or "
                           "index.key_file to that key, or build a new index")


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "check_key", "connect", "migrate"]
