"""What the subject index says about readiness for data-subject requests.

Pure functions: each takes an open DuckDB connection to the index (read-only is enough)
and returns a DataFrame or a sentence; nothing else is read or written. Only subject ids,
counts and file names come out — never an identifier, not even masked.

>>> con = connect("ccaudit.duckdb", read_only=True)      # doctest: +SKIP
>>> identifier_coverage(con)                              # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

# One subject per record of an indexed file (a record: an export row or a call).
_SUBJECT_RECORDS = """
    SELECT DISTINCT i.subject_id, fl.client, fl.file_id, fl.kind,
           coalesce(f.sheet, '') AS sheet, coalesce(f."row", -1) AS "row",
           coalesce(f.call_id, '') AS call_id
    FROM identifiers i JOIN findings f ON f.id_hash = i.id_hash
    JOIN files fl ON fl.file_id = f.file_id
    WHERE fl.status = 'indexed'
"""
SUBJECTS_PER_CLIENT = ["client", "role", "subjects", "only_this_client", "also_other_clients",
                       "records", "files"]
SHARED_SUBJECTS = ["subject_id", "clients", "client_list", "files", "records", "identifier_types"]
COVERAGE = ["client", "file", "sheet", "kind", "records", "findable", "share"]


def index_headline(con: duckdb.DuckDBPyConnection) -> str:
    """One sentence: files, subjects, identifiers, and the last build."""
    files, failed, subjects, identifiers, clients = con.execute("""
        SELECT (SELECT count(*) FROM files WHERE status = 'indexed'),
               (SELECT count(*) FROM files WHERE status = 'error'),
               (SELECT count(*) FROM subjects), (SELECT count(*) FROM identifiers),
               (SELECT count(DISTINCT client) FROM files WHERE status = 'indexed')
    """).fetchone()
    last = con.execute("SELECT finished_at, status FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
    when = (f"last build {last[0]:%Y-%m-%d %H:%M}" if last and last[0] else "last build incomplete") \
        if last else "never built"
    return (f"{files} file(s) of {clients} client(s) indexed, {failed} unreadable; "
            f"{identifiers} distinct identifier(s) linking {subjects} data subject(s) ({when}).")


def subjects_per_client(con: duckdb.DuckDBPyConnection,
                        controller_clients: Iterable[str] = ()) -> pd.DataFrame:
    """Per client: its data subjects, how many of them appear only in its data and how many
    also in another client's, their records and the files they are in.

    ``role`` is the contact centre's: ``controller`` for ``controller_clients``, else
    ``processor``.
    """
    frame = con.execute(f"""
        WITH r AS ({_SUBJECT_RECORDS}),
        spread AS (SELECT subject_id, count(DISTINCT client) AS clients FROM r GROUP BY subject_id)
        SELECT r.client,
               count(DISTINCT r.subject_id) AS subjects,
               count(DISTINCT r.subject_id) FILTER (WHERE s.clients = 1) AS only_this_client,
               count(DISTINCT r.subject_id) FILTER (WHERE s.clients > 1) AS also_other_clients,
               count(DISTINCT (r.file_id, r.sheet, r."row", r.call_id)) AS records,
               count(DISTINCT r.file_id) AS files
        FROM r JOIN spread s USING (subject_id)
        GROUP BY r.client ORDER BY r.client
    """).df()
    controllers = set(controller_clients)
    frame.insert(1, "role", ["controller" if c in controllers else "processor"
                             for c in frame["client"]])
    return frame.reindex(columns=SUBJECTS_PER_CLIENT).astype(
        {c: "int64" for c in SUBJECTS_PER_CLIENT[2:]})


def shared_subjects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The data subjects found in more than one client's data, most clients first.

    One person in several clients' files is one request reaching several controllers (or
    the contact centre both as controller and as processor): each must be told.
    """
    frame = con.execute(f"""
        WITH r AS ({_SUBJECT_RECORDS})
        SELECT r.subject_id, count(DISTINCT r.client) AS clients,
               string_agg(DISTINCT r.client, ', ' ORDER BY r.client) AS client_list,
               count(DISTINCT r.file_id) AS files,
               count(DISTINCT (r.file_id, r.sheet, r."row", r.call_id)) AS records,
               (SELECT string_agg(DISTINCT i.id_type, ', ' ORDER BY i.id_type)
                FROM identifiers i WHERE i.subject_id = r.subject_id) AS identifier_types
        FROM r GROUP BY r.subject_id HAVING count(DISTINCT r.client) > 1
        ORDER BY clients DESC, records DESC, r.subject_id
    """).df()
    return frame.reindex(columns=SHARED_SUBJECTS)


def identifier_coverage(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> pd.DataFrame:
    """Per indexed file (and workbook sheet): records, and how many are findable by a
    strong identifier (an e-mail, phone, national number, BSN, IBAN or card number).

    A request is looked up by such an identifier, so a record without one cannot be found
    for the person who asks: ``share`` is the part of the file a right of access can
    reach. Records are rows (exports, per sheet) or calls (transcripts, one per file);
    ``kind`` keeps only ``export`` or ``transcript`` files. The lowest share comes first.
    """
    frame = con.execute("""
        WITH sheets AS (   -- records per export sheet: its longest column
            SELECT file_id, coalesce(sheet, '') AS sheet, max("rows") AS records
            FROM columns GROUP BY ALL),
        findable AS (
            SELECT file_id, coalesce(sheet, '') AS sheet,
                   count(DISTINCT coalesce(CAST("row" AS VARCHAR), call_id)) AS findable
            FROM findings WHERE id_hash IS NOT NULL GROUP BY ALL)
        SELECT fl.client, fl.path, s.sheet, fl.kind, s.records,
               coalesce(fd.findable, 0) AS findable
        FROM files fl JOIN sheets s ON s.file_id = fl.file_id
        LEFT JOIN findable fd ON fd.file_id = fl.file_id AND fd.sheet = s.sheet
        WHERE fl.status = 'indexed' AND fl.kind = 'export'
        UNION ALL
        SELECT fl.client, fl.path, '' AS sheet, fl.kind, fl.records,
               coalesce(fd.findable, 0) AS findable
        FROM files fl LEFT JOIN findable fd ON fd.file_id = fl.file_id
        WHERE fl.status = 'indexed' AND fl.kind = 'transcript'
    """).df()
    if kind:
        frame = frame[frame["kind"] == kind]
    if frame.empty:
        return pd.DataFrame(columns=COVERAGE)
    frame["file"] = frame["path"].map(lambda p: Path(p).name)
    frame["records"] = frame["records"].fillna(0).astype("int64")
    frame["findable"] = frame["findable"].astype("int64")
    frame["share"] = (frame["findable"] / frame["records"].where(frame["records"] > 0)).fillna(0.0).round(3)
    frame = frame.sort_values(["share", "client", "file", "sheet"]).reset_index(drop=True)
    return frame[COVERAGE]


def coverage_per_client(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per client and kind (export rows, calls): records, findable records and their share."""
    if coverage.empty:
        return pd.DataFrame(columns=["client", "kind", "records", "findable", "share"])
    out = coverage.groupby(["client", "kind"], sort=True)[["records", "findable"]].sum().reset_index()
    out["share"] = (out["findable"] / out["records"].where(out["records"] > 0)).fillna(0.0).round(3)
    return out


def identifier_types_per_client(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Clients × identifier types: distinct identifiers of each type found in their data."""
    frame = con.execute("""
        SELECT fl.client, f.id_type, count(DISTINCT f.id_hash) AS identifiers
        FROM findings f JOIN files fl ON fl.file_id = f.file_id
        WHERE f.id_hash IS NOT NULL AND fl.status = 'indexed'
        GROUP BY ALL
    """).df()
    if frame.empty:
        return pd.DataFrame()
    table = frame.pivot(index="client", columns="id_type", values="identifiers").fillna(0).astype("int64")
    table.columns.name = None
    return table.sort_index()


def unreadable_files(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Files the last builds could not read, with the reason: their records cannot be found."""
    frame = con.execute("""
        SELECT client, path, kind, error AS reason FROM files WHERE status = 'error'
        ORDER BY client, path
    """).df()
    frame.insert(1, "file", frame.pop("path").map(lambda p: Path(p).name))
    return frame


def subjects_by_file(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``path, subject_id`` of every subject the index found in each indexed file."""
    return con.execute("""
        SELECT DISTINCT f.path, i.subject_id
        FROM findings x JOIN files f USING (file_id) JOIN identifiers i USING (id_hash)
        WHERE f.status = 'indexed'
    """).df()


__all__ = ["coverage_per_client", "identifier_coverage", "identifier_types_per_client",
           "index_headline", "shared_subjects", "subjects_by_file", "subjects_per_client", "unreadable_files"]
