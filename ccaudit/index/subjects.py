"""Data subjects: records linked by shared strong identifiers, and where each one is.

A record is an export row (file, sheet, row) or a call (file, call id). Two records that
share an identifier hash belong to one subject, transitively: a CRM row with an e-mail and
a phone, a callback request with only that phone, and a call in which that phone was said
are one person. Names never link. The links are the connected components of the
record–identifier graph, found with vectorised label propagation (no pairwise comparison);
a subject's id is the smallest identifier hash in it, so it stays put while the subject
does not change.
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from ccaudit.errors import CcauditError
from ccaudit.index.identifiers import ID_TYPES, Hasher, normalise

# How a record is keyed in SQL: exports by sheet and row, transcripts by call.
RECORD_KEY = "f.file_id, coalesce(f.sheet, ''), coalesce(f.\"row\", -1), coalesce(f.call_id, '')"


def components(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    """Connected-component labels (the smallest node id in each) of an undirected graph of
    ``n`` nodes given as edge arrays; nodes without edges are their own component.

    >>> components(np.array([0, 2]), np.array([1, 3]), 5).tolist()
    [0, 0, 2, 2, 4]
    >>> components(np.array([0, 1, 2]), np.array([1, 2, 3]), 4).tolist()
    [0, 0, 0, 0]
    """
    labels = np.arange(n, dtype=np.int64)
    if not len(left):
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        # Pointer jumping: follow labels to their own labels until they settle.
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


def link_subjects(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute ``identifiers`` and ``subjects`` from ``findings`` in one transaction.

    Everything after the one query that reads the edges is numpy: components, then per
    subject its identifiers, records, files and clients counted from the edge arrays.
    """
    edges = con.execute(f"""
        SELECT dense_rank() OVER (ORDER BY f.id_hash) - 1 AS h,
               dense_rank() OVER (ORDER BY {RECORD_KEY}) - 1 AS r,
               f.file_id AS file_id,
               dense_rank() OVER (ORDER BY coalesce(fl.client, '')) - 1 AS c
        FROM findings f JOIN files fl ON fl.file_id = f.file_id
        WHERE f.id_hash IS NOT NULL
    """).fetchnumpy()
    h, r = edges["h"].astype(np.int64), edges["r"].astype(np.int64)
    file_id, client = edges["file_id"].astype(np.int64), edges["c"].astype(np.int64)
    n_ids = int(h.max()) + 1 if len(h) else 0
    n_records = int(r.max()) + 1 if len(r) else 0
    labels = components(h, r + n_ids, n_ids + n_records)[:n_ids]
    ids = con.execute("""
        SELECT id_hash, min(id_type) AS id_type FROM findings
        WHERE id_hash IS NOT NULL GROUP BY id_hash ORDER BY id_hash
    """).df()
    # Components are labelled by their smallest node: identifier nodes come first, in hash
    # order, so the label is the index of the component's smallest hash.
    subject_of = np.array(["S" + x[:15] for x in ids["id_hash"].to_numpy()], dtype=object)
    ids["subject_id"] = subject_of[labels] if len(ids) else []
    edge_label = labels[h]

    def distinct_per_label(values: np.ndarray) -> np.ndarray:
        pairs = np.unique(edge_label * (int(values.max()) + 1) + values) if len(values) else values
        return np.bincount(pairs // (int(values.max()) + 1), minlength=n_ids) if len(values) else pairs

    roots = np.unique(labels)
    subjects = pd.DataFrame({
        "subject_id": subject_of[roots] if len(roots) else [],
        "identifiers": np.bincount(labels, minlength=n_ids)[roots] if len(roots) else [],
        "records": distinct_per_label(r)[roots] if len(roots) else [],
        "files": distinct_per_label(file_id)[roots] if len(roots) else [],
        "clients": distinct_per_label(client)[roots] if len(roots) else [],
    })
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM identifiers")
        con.execute("DELETE FROM subjects")
        con.register("new_ids", ids[["id_hash", "id_type", "subject_id"]])
        con.execute("INSERT INTO identifiers SELECT id_hash, id_type, subject_id FROM new_ids")
        con.unregister("new_ids")
        con.register("new_subjects", subjects)
        con.execute("INSERT INTO subjects SELECT subject_id, identifiers, records, files, clients "
                    "FROM new_subjects")
        con.unregister("new_subjects")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(subjects)


def hash_value(id_type: str, value: str, hasher: Hasher,
               regions: tuple[str, ...] = ("BE", "NL", "FR", "LU", "DE", "GB")) -> str:
    """The keyed hash a request's identifier is looked up by; CcauditError if malformed."""
    if id_type not in ID_TYPES:
        raise CcauditError(f"unknown identifier type '{id_type}' (one of {', '.join(ID_TYPES)})")
    canonical = normalise(id_type, value, regions)
    if canonical is None:
        what = {"email": "an e-mail address", "phone": "a valid phone number",
                "national_number": "a valid national number (BE, FR or LU check digits)",
                "iban": "a valid IBAN", "bsn": "a valid BSN (11-proof)",
                "card": "a valid card number (Luhn)"}[id_type]
        raise CcauditError(f"the value is not {what}")
    return hasher(id_type, canonical)


def candidate_hashes(id_type: str, value: str, hasher: Hasher,
                     regions: tuple[str, ...] = ("BE", "NL", "FR", "LU", "DE", "GB")) -> list[str]:
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


def find_subject(con: duckdb.DuckDBPyConnection, id_hash: str) -> dict:
    """``{"subject": id or None, "locations": [...]}`` for an identifier hash.

    An export location is ``{"source", "sheet", "row", "columns", "client"}``; a transcript
    location ``{"source", "call_id", "turns", "client"}``.
    """
    row = con.execute("SELECT subject_id FROM identifiers WHERE id_hash = ?", [id_hash]).fetchone()
    if row is None:
        return {"subject": None, "locations": []}
    subject = row[0]
    hashes = [h for (h,) in con.execute(
        "SELECT id_hash FROM identifiers WHERE subject_id = ?", [subject]).fetchall()]
    # One equality lookup per identifier: DuckDB answers those from the findings_hash index
    # (an IN-list over millions of findings would scan them all).
    rows = []
    for h in hashes:
        rows += con.execute("""
            SELECT f.file_id, f.sheet, f."row", f."column", f.call_id, f.turn
            FROM findings f WHERE f.id_hash = ?
        """, [h]).fetchall()
    frame = pd.DataFrame(rows, columns=["file_id", "sheet", "row", "column", "call_id", "turn"])
    ids = sorted({r[0] for r in rows})
    files = pd.DataFrame(con.execute(
        "SELECT file_id, path AS source, kind, client FROM files "
        "WHERE status = 'indexed' AND file_id IN (SELECT unnest(?::INTEGER[]))", [ids]).fetchall(),
        columns=["file_id", "source", "kind", "client"])
    frame = frame.merge(files, on="file_id", how="inner")
    return {"subject": subject, "locations": locations(frame)}


def locations(frame: pd.DataFrame) -> list[dict]:
    """Group a subject's findings into its records, sorted by source and position."""
    out = []
    exports = frame[frame["kind"] == "export"]
    for (source, sheet, row), group in exports.groupby(["source", "sheet", "row"], sort=True,
                                                       dropna=False):
        out.append({"source": source, "sheet": sheet or "", "row": int(row),
                    "columns": sorted(set(group["column"])), "client": group["client"].iloc[0]})
    calls = frame[frame["kind"] == "transcript"]
    for (source, call_id), group in calls.groupby(["source", "call_id"], sort=True):
        out.append({"source": source, "call_id": call_id,
                    "turns": sorted({int(t) for t in group["turn"]}),
                    "client": group["client"].iloc[0]})
    return out


__all__ = ["candidate_hashes", "components", "find_subject", "hash_value", "link_subjects",
           "locations", "resolve_hash"]
