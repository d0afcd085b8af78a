"""Data subjects: records linked by shared strong identifiers, and where each one is.

A record is an export row (file, sheet, row) or a call (file, call id). Two records that
share an identifier hash belong to one subject, transitively: a CRM row with an e-mail and
a phone, a callback request with only that phone, and a call in which that phone was said
are one person. Names never link. The links are the connected components of the
record–identifier graph, found with a vectorised union-find (no pairwise comparison);
a subject's id is the smallest identifier hash in it, so it stays put while the subject
does not change.
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd


# How a record is keyed in SQL: exports by sheet and row, transcripts by call.
RECORD_KEY = "f.file_id, coalesce(f.sheet, ''), coalesce(f.\"row\", -1), coalesce(f.call_id, '')"


def components(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    """Connected-component labels (the smallest node id in each) of an undirected graph of
    ``n`` nodes given as edge arrays; nodes without edges are their own component.

    Vectorised union-find: each round hooks the larger root of every edge whose ends are
    in different trees under the smaller one, then compresses the paths; edges already
    inside one tree are dropped. A node's parent is always smaller than itself, so each
    tree's root is its smallest node.

    >>> components(np.array([0, 2]), np.array([1, 3]), 5).tolist()
    [0, 0, 2, 2, 4]
    >>> components(np.array([0, 1, 2]), np.array([1, 2, 3]), 4).tolist()
    [0, 0, 0, 0]
    >>> components(np.array([3, 0]), np.array([2, 3]), 4).tolist()
    [0, 1, 0, 0]
    """
    parent = np.arange(n, dtype=np.int64)
    while len(left):
        pl, pr = parent[left], parent[right]
        crossing = pl != pr
        if not crossing.any():
            break
        left, right, pl, pr = left[crossing], right[crossing], pl[crossing], pr[crossing]
        parent[np.maximum(pl, pr)] = np.minimum(pl, pr)
        while True:  # pointer jumping until every node points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


def link_subjects(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute ``identifiers`` and ``subjects`` from ``findings`` in one transaction.

    One query reads the edges (identifier rank, record rank, file, client); components and
    per-subject counts are numpy. Both tables are rebuilt whole and swapped in: at millions
    of identifiers, deleting and re-inserting rows under a primary key costs minutes where
    a new table sorted by its key costs seconds (and its zone maps make equality lookups
    fast without an index).
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
    # Components are labelled by their smallest node: identifier nodes come first, in hash
    # order, so a label is the rank of the component's smallest hash.
    labels = components(h, r + n_ids, n_ids + n_records)[:n_ids]
    edge_label = labels[h]

    def distinct_per_label(values: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.zeros(n_ids, dtype=np.int64)
        width = int(values.max()) + 1
        pairs = np.unique(edge_label * width + values)
        return np.bincount(pairs // width, minlength=n_ids)

    roots = np.unique(labels)
    counts = pd.DataFrame({
        "root": roots,
        "identifiers": np.bincount(labels, minlength=n_ids)[roots] if n_ids else roots,
        "records": distinct_per_label(r)[roots],
        "files": distinct_per_label(file_id)[roots],
        "clients": distinct_per_label(client)[roots],
    })
    ranks = pd.DataFrame({"rank": np.arange(n_ids, dtype=np.int64), "root": labels})
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("id_roots", ranks)
        con.register("subject_counts", counts)
        # The distinct hashes in rank order; a subject's id is its smallest hash, shortened.
        con.execute("""
            CREATE TEMP TABLE ranked_ids AS
            SELECT id_hash, id_type, row_number() OVER (ORDER BY id_hash) - 1 AS rank
            FROM (SELECT id_hash, min(id_type) AS id_type FROM findings
                  WHERE id_hash IS NOT NULL GROUP BY id_hash)
        """)
        con.execute("DROP TABLE identifiers")
        con.execute("""
            CREATE TABLE identifiers AS
            SELECT i.id_hash, i.id_type, 'S' || substr(root_id.id_hash, 1, 15) AS subject_id
            FROM ranked_ids i JOIN id_roots x ON x.rank = i.rank
            JOIN ranked_ids root_id ON root_id.rank = x.root
            ORDER BY i.id_hash
        """)
        con.execute("DROP TABLE subjects")
        con.execute("""
            CREATE TABLE subjects AS
            SELECT 'S' || substr(root_id.id_hash, 1, 15) AS subject_id,
                   c.identifiers::INTEGER AS identifiers, c.records::BIGINT AS records,
                   c.files::INTEGER AS files, c.clients::INTEGER AS clients
            FROM subject_counts c JOIN ranked_ids root_id ON root_id.rank = c.root
            ORDER BY subject_id
        """)
        con.execute("DROP TABLE ranked_ids")
        con.unregister("id_roots")
        con.unregister("subject_counts")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    # Built after the commit: inside the transaction it costs twice as long. A run killed
    # in between leaves correct but slower lookups; the next build creates it.
    ensure_indexes(con)
    return len(roots)


def ensure_indexes(con: duckdb.DuckDBPyConnection) -> None:
    """The index behind a subject's identifiers (``find_subject``), when missing."""
    con.execute("CREATE INDEX IF NOT EXISTS identifiers_subject ON identifiers (subject_id)")


# Hashes per findings query of a lookup (a subject of thousands of identifiers takes several).
LOOKUP_BATCH = 1000


def find_subject(con: duckdb.DuckDBPyConnection, id_hash: str) -> dict:
    """``{"subject": id or None, "locations": [...]}`` for an identifier hash.

    An export location is ``{"source", "sheet", "row", "columns", "client"}``; a transcript
    location ``{"source", "call_id", "turns", "client"}``. A handful of point queries (the
    sorted ``identifiers`` table, its subject index, the findings' hash index) and plain
    Python: tens of milliseconds on an index of millions of identifiers.
    """
    row = con.execute("SELECT subject_id FROM identifiers WHERE id_hash = ?", [id_hash]).fetchall()
    if not row:
        return {"subject": None, "locations": []}
    subject = row[0][0]
    hashes = [h for (h,) in con.execute(
        "SELECT id_hash FROM identifiers WHERE subject_id = ?", [subject]).fetchall()]
    # An IN-list of parameters is answered from the findings_hash index; one query per
    # hash would cost a round trip each (subjects of hundreds of identifiers exist).
    rows = []
    for start in range(0, len(hashes), LOOKUP_BATCH):
        part = hashes[start:start + LOOKUP_BATCH]
        rows += con.execute(f"""
            SELECT file_id, sheet, "row", "column", call_id, turn FROM findings
            WHERE id_hash IN ({", ".join("?" * len(part))})
        """, part).fetchall()
    ids = sorted({r[0] for r in rows})
    files = {file_id: (source, kind, client) for file_id, source, kind, client in con.execute(
        "SELECT file_id, path, kind, client FROM files "
        "WHERE status = 'indexed' AND file_id IN (SELECT unnest(?::INTEGER[]))", [ids]).fetchall()}
    return {"subject": subject, "locations": locations(rows, files)}


def locations(rows: list[tuple], files: dict[int, tuple[str, str, str]]) -> list[dict]:
    """Group a subject's findings ``(file_id, sheet, row, column, call_id, turn)`` into its
    records, exports then calls, each sorted by source and position; ``files`` maps a file
    id to ``(source, kind, client)`` (findings of other files are left out).

    >>> files = {1: ("a.csv", "export", "bank"), 2: ("c.json", "transcript", "bank")}
    >>> locations([(1, "", 4, "gsm", None, None), (2, None, None, None, "c1", 3),
    ...            (1, "", 4, "email", None, None), (3, "", 1, "x", None, None)], files)[0]
    {'source': 'a.csv', 'sheet': '', 'row': 4, 'columns': ['email', 'gsm'], 'client': 'bank'}
    """
    exports: dict[tuple, dict] = {}
    calls: dict[tuple, dict] = {}
    for file_id, sheet, row, column, call_id, turn in rows:
        if file_id not in files:
            continue
        source, kind, client = files[file_id]
        if kind == "export":
            key = (source, sheet or "", int(row))
            record = exports.setdefault(key, {"source": source, "sheet": sheet or "", "row": int(row),
                                              "columns": set(), "client": client})
            record["columns"].add(column)
        elif kind == "transcript":
            record = calls.setdefault((source, call_id), {"source": source, "call_id": call_id,
                                                          "turns": set(), "client": client})
            record["turns"].add(int(turn))
    out = []
    for key in sorted(exports):
        record = exports[key]
        out.append({**record, "columns": sorted(record["columns"])})
    for key in sorted(calls):
        record = calls[key]
        out.append({**record, "turns": sorted(record["turns"])})
    return out


__all__ = ["components", "ensure_indexes", "find_subject", "link_subjects", "locations"]
