"""The subject index: built once from the sample exports and transcripts and checked against
the planted subjects' gold; normalisation, keys and schema in isolation; incremental, removed,
killed and unreadable files on small copies of the samples in tmp.

Every build uses a fixed key passed in (the real key file is never touched) and shares one
export and one transcript analyzer (seconds saved per build; the analyzers are what a build
would make itself).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import numpy as np
import pandas as pd
import pytest
from stdnum import iban as std_iban
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.errors import CcauditError, ConfigError
from ccaudit.index import subjects as subjects_module
from ccaudit.index.build import IndexBuilder, build_index
from ccaudit.index.db import MIGRATIONS, SCHEMA_VERSION, connect
from ccaudit.index.extract import canonical_column
from ccaudit.index.identifiers import (DEFAULT_REGIONS, ENTITY_ID_TYPE, ID_TYPES, Hasher,
                                       load_key, normalise)
from ccaudit.index.lookup import candidate_hashes, hash_value, resolve_hash
from ccaudit.index.subjects import components, find_subject
from ccaudit.settings import load_config
from ccaudit.sources.tables import read_tables
from ccaudit.detect.analyzer import Analyzers

KEY = b"ccaudit-tests-fixed-key-0123456789"
OTHER_KEY = b"ccaudit-tests-other-key-9876543210"
TODAY = date(2026, 11, 28)
REGIONS = DEFAULT_REGIONS
TABLES = ("runs", "files", "columns", "findings", "identifiers", "subjects")
FIVE_SPELLINGS = ["0475 12 34 56", "0475/12.34.56", "+32 475 12 34 56", "+32475123456",
                  "0032475123456"]
ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()


# ----------------------------------------------------------------------------- helpers

def build(paths, db: Path, analyzers=None, **kwargs):
    paths = paths if isinstance(paths, list) else [paths]
    return build_index(paths, db=db, key=KEY, today=TODAY, analyzers=analyzers, **kwargs)


@contextmanager
def opened(db: Path):
    """A read-only connection, closed on exit (a build needs the file to itself)."""
    con = connect(db, read_only=True)
    try:
        yield con
    finally:
        con.close()


def query(db: Path, sql: str, params=None) -> pd.DataFrame:
    with opened(db) as con:
        return con.execute(sql, params or []).df()


def lookup(db, id_type: str, value: str, key: bytes = KEY) -> dict:
    """find_subject for a value as a request gives it, every reading of a national phone
    number tried as `ccaudit subjects find` does; ``db`` is a path or an open connection."""
    candidates = candidate_hashes(id_type, value, Hasher(key), REGIONS)
    if isinstance(db, duckdb.DuckDBPyConnection):
        return find_subject(db, resolve_hash(db, candidates))
    with opened(db) as con:
        return find_subject(con, resolve_hash(con, candidates))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def comparable(db: Path) -> dict[str, pd.DataFrame]:
    """What an index holds, keyed by path rather than file id (ids depend on history)."""
    frames = {
        "files": "SELECT path, kind, client, format, size, content_hash, status, error, records "
                 "FROM files",
        "columns": 'SELECT path, sheet, "column", entity_type, entities, c.kind, "rows", id_type '
                   "FROM columns c JOIN files USING (file_id)",
        "findings": 'SELECT path, sheet, "row", "column", call_id, turn, start_offset, end_offset, '
                    "role, entity_type, id_type, id_hash, masked FROM findings JOIN files USING (file_id)",
        "identifiers": "SELECT * FROM identifiers",
        "subjects": "SELECT * FROM subjects",
    }
    out = {}
    for name, sql in frames.items():
        frame = query(db, sql).astype(str)
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def assert_same_index(db: Path, reference: Path) -> None:
    got, expected = comparable(db), comparable(reference)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def assert_consistent(db: Path) -> None:
    """Findings belong to indexed files only; identifiers and subjects agree."""
    with opened(db) as con:
        orphans = con.execute("SELECT count(*) FROM findings f LEFT JOIN files USING (file_id) "
                              "WHERE files.file_id IS NULL OR files.status <> 'indexed'").fetchone()[0]
        unlinked = con.execute("SELECT count(*) FROM identifiers i LEFT JOIN subjects s "
                               "USING (subject_id) WHERE s.subject_id IS NULL").fetchone()[0]
    assert orphans == 0, f"{orphans} finding(s) of files not indexed"
    assert unlinked == 0, f"{unlinked} identifier(s) of no subject"


def cell(path: Path, sheet: str, row: int, column: str):
    for chunk in read_tables(path):
        if chunk.sheet == sheet and row in chunk.frame.index:
            return chunk.frame.at[row, column]
    raise KeyError(f"{path.name} {sheet!r} row {row}")


def id_columns(db: Path, path: Path, id_type: str) -> list[str]:
    frame = query(db, 'SELECT "column" FROM columns JOIN files USING (file_id) '
                      "WHERE path = ? AND id_type = ? ORDER BY 1", [path.resolve().as_posix(), id_type])
    return frame["column"].tolist()


def file_row(db: Path, path: Path) -> dict:
    frame = query(db, "SELECT * FROM files WHERE path = ?", [path.resolve().as_posix()])
    assert len(frame) == 1, f"{path.name} is not in files"
    return frame.iloc[0].to_dict()


def be_national_number(birth: str, sequence: str) -> str:
    """A valid Belgian national number (born before 2000): mod-97 check of the first nine digits."""
    base = birth + sequence
    return base + f"{97 - int(base) % 97:02d}"


def iban_of(country: str, bban: str) -> str:
    return f"{country}{std_iban.calc_check_digits(country + '00' + bban)}{bban}"


@pytest.fixture(scope="module")
def analyzers():
    """Builds of this module share one set of engines (each built on first need)."""
    return Analyzers(load_config())


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    """The CLI hashes with the tests' key; a stray key file would land in tmp, not ~/.config."""
    monkeypatch.setenv("CCAUDIT_KEY", KEY.decode())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


# ----------------------------------------------------------------------------- the sample index

@pytest.fixture(scope="module")
def index(samples_dir, tmp_path_factory, analyzers) -> SimpleNamespace:
    """One build of every sample export and transcript, and what its tables held right after."""
    db = tmp_path_factory.mktemp("index") / "index.duckdb"
    roots = [samples_dir / "exports", samples_dir / "transcripts"]
    report = build(roots, db, analyzers)
    with opened(db) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        files = con.execute("SELECT * FROM files ORDER BY file_id").df()
        subjects = con.execute("SELECT * FROM subjects ORDER BY subject_id").df()
    return SimpleNamespace(db=db, roots=roots, report=report, counts=counts, files=files,
                           subjects=subjects)


@pytest.fixture(scope="module")
def gold_subjects(samples_dir) -> pd.DataFrame:
    """``gold/subjects.csv`` with the absolute path of each record's file."""
    path = samples_dir / "gold" / "subjects.csv"
    assert path.exists(), f"{path} is missing: the planted subjects' gold"
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    folder = {"export": "exports", "transcript": "transcripts"}
    gold["path"] = [(samples_dir / folder[k] / s).resolve().as_posix()
                    for k, s in zip(gold["kind"], gold["source"])]
    return gold


def record_of(row) -> tuple:
    """A gold row's record as find_subject locates it: (source, sheet, row) or (source, call)."""
    if row.kind == "export":
        return row.path, row.sheet, int(row.row)
    return row.path, row.call_id


def location_record(loc: dict) -> tuple:
    if "row" in loc:
        return loc["source"], loc["sheet"], loc["row"]
    return loc["source"], loc["call_id"]


@pytest.fixture(scope="module")
def gold_links(index, gold_subjects) -> pd.DataFrame:
    """Each gold row with the index subjects of the identifiers of its type in its record."""
    with opened(index.db) as con:
        cur = con.cursor()
        cur.register("gold", gold_subjects.reset_index())
        linked = cur.execute("""
            SELECT g."index", list(DISTINCT i.subject_id) FILTER (WHERE i.subject_id IS NOT NULL)
                   AS subject_ids,
                   count(f.id_hash) AS hashes
            FROM gold g
            LEFT JOIN files fl ON fl.path = g.path
            LEFT JOIN findings f ON f.file_id = fl.file_id AND f.id_type = g.identifier_type AND (
                (g.kind = 'export' AND coalesce(f.sheet, '') = g.sheet
                 AND f."row" = TRY_CAST(g."row" AS BIGINT))
                OR (g.kind = 'transcript' AND f.call_id = g.call_id
                    AND f.turn = TRY_CAST(g.turn AS INTEGER)))
            LEFT JOIN identifiers i ON i.id_hash = f.id_hash
            GROUP BY g."index" ORDER BY g."index"
        """).df()
        cur.close()
    out = gold_subjects.copy()
    out["subject_ids"] = linked["subject_ids"].map(lambda ids: sorted(ids) if ids is not None else [])
    out["hashes"] = linked["hashes"].to_numpy()
    return out


def describe_row(row) -> str:
    where = f"row {row.row}" if row.kind == "export" else f"call {row.call_id} turn {row.turn}"
    return f"{row.subject} {row.source} {row.sheet} {where} {row.identifier_type} ({row.spelling})"


def test_build_report_matches_the_tables(index):
    report, counts = index.report, index.counts
    assert report.indexed + report.failed == counts["files"] == len(index.files)
    assert report.unchanged == report.removed == 0
    assert (report.identifiers, report.subjects) == (counts["identifiers"], counts["subjects"])
    assert counts["findings"] >= counts["identifiers"] > 0
    run = query(index.db, "SELECT * FROM runs WHERE run_id = ?", [report.run_id]).iloc[0]
    assert run["status"] == "complete" and pd.notna(run["finished_at"])
    assert (run["files_seen"], run["files_indexed"], run["files_failed"]) == (
        len(index.files), report.indexed, report.failed)


def test_files_know_their_kind_and_client(index):
    files = index.files
    for path, kind, client in files[["path", "kind", "client"]].itertuples(index=False):
        folder, owner = Path(path).parts[-3:-1]
        assert (folder, owner) == ({"export": "exports", "transcript": "transcripts"}[kind], client)
    assert set(files["kind"]) == {"export", "transcript"}


def test_unreadable_samples_are_errors_with_a_reason_and_the_run_goes_on(index, samples_dir):
    gold = pd.concat([pd.read_csv(samples_dir / "gold" / name, dtype=str)
                      for name in ("errors.csv", "transcript_errors.csv")])
    files = index.files
    failed = files[files["status"] == "error"]
    root = samples_dir.resolve()
    assert {Path(p).relative_to(root).as_posix().split("/", 1)[1] for p in failed["path"]} == set(
        gold["source"])
    assert failed["error"].str.len().gt(0).all()
    assert len(index.report.errors) == index.report.failed == len(failed)
    indexed = files[files["status"] == "indexed"]
    assert len(indexed) == len(files) - len(failed) and indexed["records"].gt(0).all()
    stray = query(index.db, "SELECT count(*) AS n FROM findings JOIN files USING (file_id) "
                            "WHERE status = 'error'")["n"].iloc[0]
    assert stray == 0


def test_schema_is_as_documented_in_the_readme(index):
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The subject index", 1)[1].split("\n## ", 1)[0]
    documented = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`\w+`", cells[0]):
            names = re.findall(r"`([^`]+)`", cells[2])
            documented[cells[0].strip("`")] = {n.strip() for group in names for n in group.split(",")}
    assert set(documented) == set(TABLES)
    with opened(index.db) as con:
        for table, columns in documented.items():
            actual = {c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table]).fetchall()}
            assert actual == columns, table


# ----------------------------------------------------------------------------- linking (gold)

def test_every_planted_identifier_is_in_the_index(gold_links):
    missing = gold_links[gold_links["hashes"] == 0]
    assert missing.empty, f"{len(missing)} planted identifier(s) not indexed:\n" + "\n".join(
        describe_row(r) for r in missing.itertuples())


def test_records_of_one_subject_are_one_subject(gold_links):
    split = []
    for subject, rows in gold_links.groupby("subject"):
        ids = {i for found in rows["subject_ids"] for i in found}
        if len(ids) != 1:
            split.append(f"{subject}: {len(ids)} index subjects\n  " + "\n  ".join(
                f"{describe_row(r)} -> {r.subject_ids}" for r in rows.itertuples()))
    assert not split, f"{len(split)} planted subject(s) not linked into one:\n" + "\n".join(split)


def test_different_subjects_are_not_linked(gold_links):
    owners: dict[str, set[str]] = {}
    for row in gold_links.itertuples():
        for subject_id in row.subject_ids:
            owners.setdefault(subject_id, set()).add(row.subject)
    merged = {s: sorted(g) for s, g in owners.items() if len(g) > 1}
    assert not merged, f"index subjects holding several planted people: {merged}"
    twins = gold_links[gold_links["name_twin"] == "true"]
    assert twins["subject"].nunique() >= 2
    twin_ids = {s: {i for ids in rows["subject_ids"] for i in ids} for s, rows in twins.groupby("subject")}
    for a in twin_ids:
        for b in twin_ids:
            assert a == b or not twin_ids[a] & twin_ids[b], f"name twins {a} and {b} linked"


def test_subject_counts_cover_their_records(index, gold_links, samples_dir):
    """A linked subject counts at least its planted records, files and clients."""
    subjects = index.subjects.set_index("subject_id")
    checked = 0
    for subject, rows in gold_links.groupby("subject"):
        ids = {i for found in rows["subject_ids"] for i in found}
        if len(ids) != 1:
            continue                        # reported by test_records_of_one_subject_are_one_subject
        counts = subjects.loc[ids.pop()]
        records = {record_of(r) for r in rows.itertuples()}
        clients = {source.split("/")[0] for source in rows["source"]}
        assert counts["records"] >= len(records), subject
        assert counts["files"] >= len({r[0] for r in records}), subject
        assert counts["clients"] >= len(clients), subject
        assert counts["identifiers"] >= rows["identifier_type"].nunique(), subject
        checked += 1
    assert checked > 0


@pytest.fixture(scope="module")
def gold_columns(samples_dir) -> pd.DataFrame:
    """Gold export columns that hold exactly one kind of strong identifier, with its type."""
    columns = pd.read_csv(samples_dir / "gold" / "columns.csv", dtype=str, keep_default_na=False)
    columns = columns[columns["entities"].isin(ENTITY_ID_TYPE)].copy()
    columns["id_type"] = columns["entities"].map(ENTITY_ID_TYPE)
    return columns


@pytest.fixture(scope="module")
def export_frames(samples_dir):
    """Read each sample export once: ``frames(source)[sheet]`` is the whole sheet."""
    cache: dict[str, dict[str, pd.DataFrame]] = {}

    def frames(source: str) -> dict[str, pd.DataFrame]:
        if source not in cache:
            sheets: dict[str, list[pd.DataFrame]] = {}
            for chunk in read_tables(samples_dir / "exports" / source):
                sheets.setdefault(chunk.sheet, []).append(chunk.frame)
            cache[source] = {s: pd.concat(f) for s, f in sheets.items()}
        return cache[source]

    return frames


def raw_export_values(row, gold_columns, export_frames) -> list[str]:
    """The identifier of the gold row's type as written in its export row (gold columns)."""
    cols = gold_columns[(gold_columns["source"] == row.source) & (gold_columns["sheet"] == row.sheet)
                        & (gold_columns["id_type"] == row.identifier_type)]["column"]
    frame = export_frames(row.source)[row.sheet]
    values = [frame.at[int(row.row), c] for c in cols]
    return [v for v in values if isinstance(v, str) and v.strip()]


def missing_records(con, rows, gold_columns, export_frames) -> list[str]:
    """Look up each export value of one planted subject; what its records lack, per value."""
    expected = {record_of(r) for r in rows.itertuples()}
    problems = []
    for row in rows[rows["kind"] == "export"].itertuples():
        values = raw_export_values(row, gold_columns, export_frames)
        if not values:
            problems.append(f"{describe_row(row)}: no value in the gold's identifier column")
        for value in values:
            got = {location_record(loc) for loc in lookup(con, row.identifier_type, value)["locations"]}
            if not expected <= got:
                problems.append(f"{describe_row(row)}: {len(expected - got)} of {len(expected)} "
                                f"record(s) not found")
    return problems


def test_a_request_with_any_planted_value_finds_every_record_of_its_subject(
        index, gold_subjects, gold_columns, export_frames):
    """Art. 15: the identifier as an export holds it is looked up and leads to every record."""
    exports = gold_subjects[gold_subjects["kind"] == "export"]
    assert exports["subject"].nunique() == gold_subjects["subject"].nunique()
    with opened(index.db) as con:
        problems = [p for _, rows in gold_subjects.groupby("subject")
                    for p in missing_records(con, rows, gold_columns, export_frames)]
    assert not problems, "\n".join(problems)


def test_cli_finds_a_subject_in_exports_and_a_call(index, gold_subjects, gold_columns, export_frames,
                                                   cli_env):
    kinds = gold_subjects.groupby("subject")["kind"].agg(set)
    subject = sorted(s for s, k in kinds.items() if k == {"export", "transcript"})[0]
    rows = gold_subjects[gold_subjects["subject"] == subject]
    first = next(r for r in rows.itertuples() if r.kind == "export"
                 and raw_export_values(r, gold_columns, export_frames))
    value = raw_export_values(first, gold_columns, export_frames)[0]
    result = runner.invoke(app, ["subjects", "find", "--type", first.identifier_type, value,
                                 "--db", str(index.db), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found == lookup(index.db, first.identifier_type, value)
    assert found["subject"], f"{describe_row(first)} not found"
    exports = [loc for loc in found["locations"] if "row" in loc]
    calls = [loc for loc in found["locations"] if "call_id" in loc]
    assert exports and calls
    for loc in exports:
        assert set(loc) == {"source", "sheet", "row", "columns", "client"}
        assert loc["columns"] and loc["client"] == Path(loc["source"]).parent.name
    for loc in calls:
        assert set(loc) == {"source", "call_id", "turns", "client"}
        assert loc["turns"] and loc["client"] == Path(loc["source"]).parent.name
    # Every record of the subject is checked by the request test above; here, its calls.
    for row in rows[rows["kind"] == "transcript"].itertuples():
        call = [loc for loc in calls if (loc["source"], loc["call_id"]) == record_of(row)]
        assert call and int(row.turn) in call[0]["turns"], describe_row(row)
    # The plain listing names the same places.
    text = runner.invoke(app, ["subjects", "find", "--type", first.identifier_type, value,
                               "--db", str(index.db)])
    assert text.exit_code == 0 and found["subject"] in text.stdout
    assert len(text.stdout.strip().splitlines()) == 1 + len(found["locations"])


def test_cli_unknown_subject_exits_0_with_no_location(index, cli_env):
    result = runner.invoke(app, ["subjects", "find", "--type", "email", "nobody.here@example.org",
                                 "--db", str(index.db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"subject": None, "locations": []}


def test_cli_without_an_index_exits_2(tmp_path, cli_env):
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["subjects", "find", "--type", "email", "a.b@example.org",
                                 "--db", str(missing)])
    assert result.exit_code == 2
    assert "index build" in result.stderr and not missing.exists()


# ----------------------------------------------------------------------------- normalisation

@pytest.mark.parametrize("spelling", FIVE_SPELLINGS)
def test_five_phone_spellings_are_one_number(spelling):
    hasher = Hasher(KEY)
    first = normalise("phone", FIVE_SPELLINGS[0])
    assert first is not None and first.startswith("+32")
    assert normalise("phone", spelling) == first
    assert hash_value("phone", spelling, hasher) == hasher("phone", first)


def test_five_phone_spellings_are_one_number_in_a_column():
    column = pd.Series(FIVE_SPELLINGS, dtype=object)
    canonical = canonical_column(column, "phone", REGIONS)
    assert canonical.nunique() == 1 and canonical.iloc[0] == normalise("phone", FIVE_SPELLINGS[0])
    hasher = Hasher(KEY)
    assert len({hasher("phone", v) for v in canonical}) == 1


def test_national_numbers_in_a_column_are_read_as_in_a_request():
    """A Belgian call list with a Dutch number: each national number takes the first region
    where it is valid, exactly as a request for it is hashed."""
    belgian = ["0475 12 34 56", "0486 11 22 33", "0497/44.55.66", "0471 23 45 67"]
    column = pd.Series(belgian + ["06-12345678"], dtype=object)
    canonical = canonical_column(column, "phone", REGIONS)
    assert canonical.tolist() == [normalise("phone", v, REGIONS) for v in column]
    assert all(v.startswith("+32") for v in canonical.iloc[:4])


def test_international_numbers_of_a_column_tell_the_country_of_its_national_ones():
    """A French client's column: "+33 6…" beside "06…" makes "06…" French, not Dutch."""
    column = pd.Series(["+33 6 12 34 56 78", "+33 6 98 76 54 32", "06 11 22 33 44"], dtype=object)
    assert canonical_column(column, "phone", REGIONS).iloc[2] == "+33611223344"


def test_north_american_numbers_are_read_by_their_layout():
    """No trunk prefix: "415-775-7644" is a number by its grouping, in a request, a column
    and free text alike, whatever the regions; the same digits ungrouped are not."""
    regions = ("BE", "NL", "FR")
    spellings = ["415-775-7644", "(415) 775-7644", "415.775.7644", "+1 415 775 7644"]
    assert {normalise("phone", v, regions) for v in spellings} == {"+14157757644"}
    assert normalise("phone", "4157757644", regions) is None
    assert normalise("phone", "123-456-7890", regions) is None  # no such area code
    # Grouped by blanks: found in free text beside a context word, and indexed as the same number.
    assert normalise("phone", "415 775 7644", regions) == normalise("phone", "415 775-7644", regions) \
        == "+14157757644"
    column = pd.Series(spellings + ["4157757644", "123-456-7890", "0475 12 34 56", None], dtype=object)
    canonical = canonical_column(column, "phone", regions)
    assert canonical.iloc[:4].tolist() == ["+14157757644"] * 4
    assert canonical.iloc[4:6].isna().all() and canonical.iloc[6] == "+32475123456"
    assert canonical.iloc[7] is pd.NA


@pytest.mark.parametrize("value", ["0000000000", "+32 475 12 34 56 78", "0475 12 34 5"])
def test_an_invalid_phone_in_a_column_is_not_indexed(value):
    """Placeholders and mistyped numbers are no identifier: they must not link rows.
    (Germany numbers with variable lengths, so a short Belgian typo can be a valid German
    number: the regions here are the Benelux and France.)"""
    regions = ("BE", "NL", "FR")
    assert normalise("phone", value, regions) is None
    column = pd.Series(["0475 12 34 56", value], dtype=object)
    assert pd.isna(canonical_column(column, "phone", regions).iloc[1])


NATIONAL = be_national_number("850101", "123")
IBAN = iban_of("BE", "310008298438")


@pytest.mark.parametrize("id_type, spellings", [
    ("email", ["Jan.Peeters@Telenet.BE", "jan.peeters@telenet.be", " JAN.PEETERS@TELENET.BE "]),
    ("national_number", [NATIONAL, f"85.01.01-123.{NATIONAL[-2:]}", f"850101 123 {NATIONAL[-2:]}"]),
    ("iban", [IBAN, " ".join(re.findall(".{1,4}", IBAN)), IBAN.lower()]),
])
def test_spellings_of_one_identifier_are_one_value(id_type, spellings):
    canonical = {normalise(id_type, s) for s in spellings}
    assert len(canonical) == 1 and None not in canonical
    value = canonical.pop()
    if id_type == "email":
        assert value == value.lower() == value.strip()
    if id_type == "national_number":
        assert value.isdigit() and len(value) == 11
    if id_type == "iban":
        assert value == value.upper() and " " not in value
    column = canonical_column(pd.Series(spellings, dtype=object), id_type, REGIONS)
    assert column.tolist() == [value] * len(spellings)
    hasher = Hasher(KEY)
    assert {hash_value(id_type, s, hasher) for s in spellings} == {hasher(id_type, value)}


def wrong_check(value: str, at: slice) -> str:
    """The value with its two check digits (at ``at``) changed."""
    digits = f"{(int(value[at]) + 1) % 100:02d}"
    return value[:at.start] + digits + value[at.stop:]


MALFORMED = [
    ("email", "not-an-email"),
    ("phone", "0475"),
    ("national_number", wrong_check(NATIONAL, slice(9, 11))),
    ("iban", wrong_check(IBAN, slice(2, 4))),
]


@pytest.mark.parametrize("id_type, value", MALFORMED)
def test_malformed_value_is_refused(id_type, value):
    assert normalise(id_type, value) is None
    with pytest.raises(CcauditError):
        hash_value(id_type, value, Hasher(KEY))


@pytest.mark.parametrize("id_type, value", MALFORMED)
def test_cli_malformed_value_exits_2_with_one_line(tmp_path, cli_env, id_type, value):
    db = tmp_path / "index.duckdb"
    connect(db).close()
    result = runner.invoke(app, ["subjects", "find", "--type", id_type, value, "--db", str(db)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ccaudit:")
    assert "Traceback" not in result.output and value not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_identifier_type_is_refused():
    with pytest.raises(CcauditError):
        hash_value("passport", "AB123456", Hasher(KEY))
    assert set(ID_TYPES) == set(ENTITY_ID_TYPE.values())


# ----------------------------------------------------------------------------- no raw identifier

@pytest.fixture(scope="module")
def raw_identifiers(samples_dir, gold_columns, export_frames) -> set[str]:
    """A fixed-seed sample of identifiers as the samples write them, and their canonical forms."""
    rng = np.random.default_rng(20261128)
    values: set[str] = set()
    for column in gold_columns.itertuples():
        frame = export_frames(column.source).get(column.sheet)
        cells = frame[column.column].dropna().astype(str)
        cells = cells[cells.str.strip() != ""]
        picked = rng.choice(cells.to_numpy(), size=min(12, len(cells)), replace=False)
        for value in picked:
            values.add(value)
            canonical = normalise(column.id_type, value)
            if canonical:
                values.add(canonical)
    spans = pd.read_csv(samples_dir / "gold" / "transcript_spans.csv", dtype=str, keep_default_na=False)
    spans = spans[spans["entity_type"].isin(ENTITY_ID_TYPE) & (spans["spoken"] == "false")]
    for span in spans.itertuples():
        values.add(span.text)
        canonical = normalise(ENTITY_ID_TYPE[span.entity_type], span.text)
        if canonical:
            values.add(canonical)
    for spelling in FIVE_SPELLINGS:
        values.add(spelling)
    return {v for v in values if len(v) >= 8 and v.isascii()}


def leaks(db: Path, values: set[str]) -> tuple[list[str], list[str]]:
    """The values found in the index's tables (in SQL), and in its file's bytes."""
    with opened(db) as con:
        texts = []
        for table in TABLES:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND data_type = 'VARCHAR'", [table]).fetchall()]
            for column in columns:
                texts += [v for (v,) in con.execute(
                    f'SELECT DISTINCT "{column}" FROM {table} WHERE "{column}" IS NOT NULL').fetchall()]
    stored = "\x00".join(texts)
    # The file and any write-ahead log, connections closed. Identifiers are ASCII: a stored
    # one would lie inside a run of printable bytes (DuckDB may also compress strings, hence SQL).
    data = b"".join(p.read_bytes() for p in sorted(db.parent.glob(db.name + "*")))
    printable = b"\x00".join(re.findall(rb"[\x20-\x7e]{8,}", data))
    return (sorted(v for v in values if v in stored),
            sorted(v for v in values if v.encode("ascii") in printable))


def test_no_raw_identifier_is_stored(index, raw_identifiers):
    assert len(raw_identifiers) >= 50
    in_tables, in_bytes = leaks(index.db, raw_identifiers)
    assert not in_tables, f"{len(in_tables)} raw identifier(s) in the tables"
    assert not in_bytes, f"{len(in_bytes)} raw identifier(s) in the database file"


def test_the_leak_check_sees_a_stored_identifier(index, raw_identifiers, tmp_path):
    """The check above can fail: a raw value written into a copy of the index is seen."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(index.db, copy)
    planted = max(sorted(raw_identifiers), key=len)
    con = connect(copy)
    try:
        con.execute("INSERT INTO findings (file_id, entity_type, masked) VALUES (1, 'X', ?)", [planted])
    finally:
        con.close()
    in_tables, in_bytes = leaks(copy, raw_identifiers)
    assert in_tables == [planted] and in_bytes == [planted]


# ----------------------------------------------------------------------------- idempotent re-run

def test_second_build_on_unchanged_files_changes_nothing(index):
    before = comparable(index.db)
    again = build(index.roots, index.db)
    assert again.run_id == index.report.run_id + 1
    assert (again.indexed, again.removed, again.failed) == (0, 0, 0)
    assert again.unchanged == len(index.files)
    with opened(index.db) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        files = con.execute("SELECT * FROM files ORDER BY file_id").df()
        subjects = con.execute("SELECT * FROM subjects ORDER BY subject_id").df()
        run = con.execute("SELECT status, files_indexed, files_unchanged FROM runs WHERE run_id = ?",
                          [again.run_id]).fetchone()
    assert counts == {**index.counts, "runs": index.counts["runs"] + 1}
    pd.testing.assert_frame_equal(files, index.files)          # indexed_at and run_id untouched
    pd.testing.assert_frame_equal(subjects, index.subjects)
    assert (again.identifiers, again.subjects) == (index.report.identifiers, index.report.subjects)
    assert run == ("complete", 0, len(index.files))
    after = comparable(index.db)
    for name in before:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)


# ----------------------------------------------------------------------------- small trees in tmp

CALLS = ("BB-20261106-0001.json", "BB-20261109-0004.txt", "BB-20261126-0002.json")


@pytest.fixture
def tree(samples_dir, tmp_path) -> SimpleNamespace:
    """A small copy of the samples: the CRM's first 40 rows, a truncated upload, three calls."""
    root = tmp_path / "data"
    exports, calls = root / "exports" / "brightbank", root / "transcripts" / "brightbank"
    exports.mkdir(parents=True)
    calls.mkdir(parents=True)
    crm = exports / "crm.csv"
    crm.write_bytes(b"".join((samples_dir / "exports/brightbank/crm_export_2026-10.csv")
                             .read_bytes().splitlines(keepends=True)[:41]))
    shutil.copy(samples_dir / "exports/brightbank/partial_upload.csv", exports / "partial_upload.csv")
    for name in CALLS:
        shutil.copy(samples_dir / "transcripts/brightbank" / name, calls / name)
    return SimpleNamespace(root=root, crm=crm, broken=exports / "partial_upload.csv",
                           calls=[calls / n for n in CALLS])


def change_email(db: Path, crm: Path, row: int = 0) -> tuple[str, str, str]:
    """Give the CRM row a new e-mail address in place; returns (column, old, new)."""
    (column,) = id_columns(db, crm, "email")
    old = cell(crm, "", row, column)
    new = "changed." + old
    data = crm.read_bytes()
    assert data.count(old.encode("latin-1")) == 1
    crm.write_bytes(data.replace(old.encode("latin-1"), new.encode("latin-1")))
    return column, old, new


def test_small_tree_build(tree, tmp_path, analyzers):
    db = tmp_path / "index.duckdb"
    report = build([tree.root], db, analyzers)
    assert (report.indexed, report.failed) == (4, 1)
    assert file_row(db, tree.crm)["records"] == 40
    broken = file_row(db, tree.broken)
    assert broken["status"] == "error" and broken["error"]
    assert_consistent(db)


def test_changed_file_replaces_its_rows(tree, tmp_path, analyzers):
    db = tmp_path / "index.duckdb"
    first = build([tree.root], db, analyzers)
    files_before = query(db, "SELECT * FROM files ORDER BY file_id")
    crm_before = file_row(db, tree.crm)
    findings_before = query(db, "SELECT count(*) AS n FROM findings WHERE file_id = ?",
                            [crm_before["file_id"]])["n"].iloc[0]
    (phone_column,) = id_columns(db, tree.crm, "phone")
    phone = cell(tree.crm, "", 0, phone_column)
    column, old, new = change_email(db, tree.crm)

    second = build([tree.root], db, analyzers)
    assert (second.indexed, second.unchanged, second.removed) == (1, first.indexed + first.failed - 1, 0)
    crm_after = file_row(db, tree.crm)
    assert crm_after["file_id"] == crm_before["file_id"]
    assert crm_after["run_id"] == second.run_id and crm_after["content_hash"] == sha256(tree.crm)
    findings_after = query(db, "SELECT count(*) AS n FROM findings WHERE file_id = ?",
                           [crm_before["file_id"]])["n"].iloc[0]
    assert findings_after == findings_before
    others = query(db, "SELECT * FROM files WHERE path <> ? ORDER BY file_id", [crm_after["path"]])
    pd.testing.assert_frame_equal(
        others, files_before[files_before["path"] != crm_after["path"]].reset_index(drop=True))

    assert lookup(db, "email", old) == {"subject": None, "locations": []}
    found = lookup(db, "email", new)
    (row,) = [loc for loc in found["locations"] if loc.get("row") == 0]
    assert (row["source"], row["sheet"], row["client"]) == (crm_after["path"], "", "brightbank")
    assert column in row["columns"]
    assert lookup(db, "phone", phone)["subject"] == found["subject"]
    assert_consistent(db)


def test_removed_file_is_marked_and_its_locations_go(tree, tmp_path, samples_dir, analyzers):
    db = tmp_path / "index.duckdb"
    first = build([tree.root], db, analyzers)
    gone = tree.calls[0]
    before = file_row(db, gone)
    hashes = query(db, "SELECT DISTINCT id_hash FROM findings WHERE file_id = ? AND id_hash IS NOT NULL",
                   [before["file_id"]])["id_hash"].tolist()
    assert hashes
    gone.unlink()

    second = build([tree.root], db, analyzers)
    assert (second.removed, second.indexed, second.unchanged) == (1, 0, first.indexed + first.failed - 1)
    after = file_row(db, gone)
    assert after["status"] == "removed" and after["run_id"] == second.run_id
    assert query(db, "SELECT count(*) AS n FROM findings WHERE file_id = ?",
                 [before["file_id"]])["n"].iloc[0] == 0
    with opened(db) as con:
        for h in hashes:
            found = find_subject(con, h)
            assert all(loc["source"] != before["path"] for loc in found["locations"])
            if found["subject"] is None:
                assert found["locations"] == []
    assert_consistent(db)

    third = build([tree.root], db, analyzers)                     # removed once, not again
    assert (third.removed, third.indexed) == (0, 0) and file_row(db, gone)["status"] == "removed"

    shutil.copy(samples_dir / "transcripts" / "brightbank" / gone.name, gone)
    fourth = build([tree.root], db, analyzers)                    # back again: indexed again
    assert fourth.indexed == 1 and file_row(db, gone)["status"] == "indexed"
    with opened(db) as con:
        assert any(loc["source"] == before["path"] for loc in find_subject(con, hashes[0])["locations"])


def test_killed_run_leaves_the_index_intact_and_the_next_run_completes(tree, tmp_path, monkeypatch,
                                                                        analyzers):
    db = tmp_path / "index.duckdb"
    build([tree.root], db, analyzers)
    before = comparable(db)
    call = tree.calls[1]
    victim = file_row(db, call)
    _, _, new_email = change_email(db, tree.crm)
    text = call.read_text("utf-8")
    said = re.search(r"[\w.+-]+@[\w-]+\.\w+", text).group()
    call.write_text(text.replace(said, "other." + said), "utf-8")

    insert = IndexBuilder._insert_findings

    def crash_in_the_call(self, frame):
        insert(self, frame)
        if frame is not None and len(frame) and (frame["file_id"] == victim["file_id"]).any():
            raise KeyboardInterrupt        # killed half-way through the call's transaction

    with monkeypatch.context() as patch:
        patch.setattr(IndexBuilder, "_insert_findings", crash_in_the_call)
        with pytest.raises(KeyboardInterrupt):
            build([tree.root], db, analyzers)

    runs = query(db, "SELECT run_id, status, finished_at FROM runs ORDER BY run_id")
    assert runs["status"].tolist() == ["complete", "running"] and pd.isna(runs["finished_at"].iloc[1])
    crm = file_row(db, tree.crm)
    assert crm["content_hash"] == sha256(tree.crm) and crm["run_id"] == 2      # committed
    mid = comparable(db)
    untouched = mid["files"][mid["files"]["path"] != crm["path"]].reset_index(drop=True)
    expected = before["files"][before["files"]["path"] != crm["path"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(untouched, expected)                          # the call as it was
    for name in ("identifiers", "subjects"):                                    # links as they were
        pd.testing.assert_frame_equal(mid[name], before[name], obj=name)
    call_findings = lambda frames: frames["findings"][frames["findings"]["path"] == victim["path"]]
    pd.testing.assert_frame_equal(call_findings(mid), call_findings(before))
    assert_consistent(db)

    resumed = build([tree.root], db, analyzers)
    assert (resumed.indexed, resumed.failed) == (1, 0)
    status = query(db, "SELECT status FROM runs WHERE run_id = ?", [resumed.run_id])["status"]
    assert status.tolist() == ["complete"]
    assert lookup(db, "email", new_email)["subject"]
    clean = tmp_path / "clean.duckdb"
    build([tree.root], clean, analyzers)
    assert_same_index(db, clean)


def test_run_killed_while_linking_is_linked_by_the_next_run(tree, tmp_path, monkeypatch,
                                                            analyzers):
    db = tmp_path / "index.duckdb"
    build([tree.root], db, analyzers)
    _, old, new = change_email(db, tree.crm)

    def killed(con):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(subjects_module, "link_subjects", killed)
        with pytest.raises(KeyboardInterrupt):
            build([tree.root], db, analyzers)
    assert lookup(db, "email", new)["subject"] is None                # files indexed, not linked yet

    resumed = build([tree.root], db, analyzers)
    assert resumed.indexed == 0
    assert lookup(db, "email", new)["subject"] and lookup(db, "email", old)["subject"] is None
    clean = tmp_path / "clean.duckdb"
    build([tree.root], clean, analyzers)
    assert_same_index(db, clean)


def test_file_that_cannot_be_opened_is_an_error_row(tree, tmp_path, monkeypatch, analyzers):
    from ccaudit.index import build as build_module

    locked = tree.calls[2]
    content_hash = build_module.content_hash

    def permission_denied(path):
        if Path(path).name == locked.name:
            raise PermissionError(13, "Permission denied", str(path))
        return content_hash(path)

    monkeypatch.setattr(build_module, "content_hash", permission_denied)
    db = tmp_path / "index.duckdb"
    report = build([tree.root], db, analyzers)
    assert report.failed == 2 and report.indexed == 3
    assert any(e["source"].endswith(locked.name) for e in report.errors)
    row = file_row(db, locked)
    assert row["status"] == "error" and "ermission" in row["error"]


def test_cli_index_build_prints_the_index_path(tree, tmp_path, cli_env):
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["index", "build", str(tree.root / "exports"), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == str(db)
    assert "indexed" in result.stderr
    (column,) = id_columns(db, tree.crm, "email")
    email = cell(tree.crm, "", 3, column)
    found = lookup(db, "email", email)                        # $CCAUDIT_KEY hashed the build
    assert found["locations"] and found["locations"][0]["row"] == 3


# ----------------------------------------------------------------------------- a French call

def test_french_mobile_said_in_a_french_call_links_to_the_telco_row(tmp_path, analyzers):
    """``06 12 34 56 78`` in a TelecomFR call is the French mobile +33 6 12 34 56 78."""
    root = tmp_path / "data"
    exports, calls = root / "exports" / "telecomfr", root / "transcripts" / "telecomfr"
    exports.mkdir(parents=True)
    calls.mkdir(parents=True)
    firsts = ["Camille", "Louis", "Emma", "Hugo", "Chloé", "Lucas", "Léa", "Jules", "Manon", "Arthur"]
    lasts = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
    rows = ["id_client;prénom;nom;téléphone;courriel"]
    for i in range(30):
        first, last = firsts[i % len(firsts)], lasts[i % len(lasts)]
        phone = f"+33 6 {10 + i % 20:02d} {(37 * i) % 100:02d} {(53 * i) % 100:02d} {(71 * i) % 100:02d}"
        assert normalise("phone", phone) == "+33" + re.sub(r"\D", "", phone)[2:]
        rows.append(f"{5000 + i};{first};{last};{phone};{first.lower()}.{last.lower()}{i}@orange.fr")
    (exports / "clients.csv").write_text("\n".join(rows) + "\n", "utf-8")
    row = 7
    national = "0" + re.sub(r"\D", "", rows[row + 1].split(";")[3])[2:]
    spoken = " ".join(re.findall("..", national))
    (calls / "TF-20261120-0042.txt").write_text(
        "[00:00:01] AGENT: Bonjour, TelecomFR, Thomas à l'appareil, que puis-je faire pour vous ?\n"
        "[00:00:05] CUSTOMER: Bonjour, je voudrais changer mon offre mobile.\n"
        "[00:00:09] AGENT: Quel est votre numéro de portable ?\n"
        f"[00:00:12] CUSTOMER: Mon numéro de portable, c'est le {spoken}.\n"
        "[00:00:17] AGENT: Merci, c'est noté. Au revoir.\n", "utf-8")
    db = tmp_path / "index.duckdb"
    report = build([root], db, analyzers)
    assert report.failed == 0
    calls_found = query(db, "SELECT f.id_hash FROM findings f JOIN files USING (file_id) "
                            "WHERE kind = 'transcript' AND id_type = 'phone'")
    assert len(calls_found) == 1, "the phone said in the call is not indexed"
    said = calls_found["id_hash"].iloc[0]
    with opened(db) as con:
        found = find_subject(con, said)
    records = {location_record(loc) for loc in found["locations"]}
    dutch = Hasher(KEY)("phone", normalise("phone", national, ("NL",)))
    assert ((exports / "clients.csv").resolve().as_posix(), "", row) in records, (
        "the call's number was taken for a Dutch one" if said == dutch else "the call is not linked")


# ----------------------------------------------------------------------------- the key

def test_key_file_is_created_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("CCAUDIT_KEY", raising=False)
    key_file = tmp_path / "deep" / "er" / "hmac.key"
    key = load_key(key_file)
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key) >= 16
    assert load_key(key_file) == key
    other = load_key(tmp_path / "second.key")
    assert other != key


def test_default_key_file_is_under_the_config_home(tmp_path, monkeypatch):
    monkeypatch.delenv("CCAUDIT_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    key = load_key()
    key_file = tmp_path / "xdg" / "ccaudit" / "hmac.key"
    assert key_file.exists() and load_key(key_file) == key


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660], ids=oct)
def test_key_file_readable_by_others_is_refused(tmp_path, monkeypatch, mode):
    monkeypatch.delenv("CCAUDIT_KEY", raising=False)
    key_file = tmp_path / "hmac.key"
    load_key(key_file)
    key_file.chmod(mode)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_key(key_file)


def test_key_from_the_environment_wins(tmp_path, monkeypatch):
    key_file = tmp_path / "hmac.key"
    monkeypatch.setenv("CCAUDIT_KEY", OTHER_KEY.decode())
    assert load_key(key_file) == OTHER_KEY
    assert not key_file.exists()
    monkeypatch.setenv("CCAUDIT_KEY", "short")
    with pytest.raises(ConfigError):
        load_key(key_file)


def test_different_keys_give_different_hashes():
    for id_type, value in [("phone", FIVE_SPELLINGS[0]), ("email", "jan.peeters@telenet.be")]:
        one, two = hash_value(id_type, value, Hasher(KEY)), hash_value(id_type, value, Hasher(OTHER_KEY))
        assert one != two and len(one) == len(two) == 32
        assert one == hash_value(id_type, value, Hasher(KEY))


# ----------------------------------------------------------------------------- schema

def test_new_index_is_at_the_current_schema_version(tmp_path):
    db = tmp_path / "new.duckdb"
    con = connect(db)
    try:
        versions = con.execute("SELECT version, applied_at FROM schema_version ORDER BY version").fetchall()
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()
    assert [v for v, _ in versions] == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert set(TABLES) | {"schema_version"} <= tables

    con = connect(db)                                   # again: nothing re-applied
    try:
        again = con.execute("SELECT version, applied_at FROM schema_version ORDER BY version").fetchall()
        assert again == versions
    finally:
        con.close()
    with opened(db) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_index_newer_than_ccaudit_is_refused(tmp_path):
    db = tmp_path / "new.duckdb"
    connect(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(CcauditError, match="newer"):
        connect(db)
    with pytest.raises(CcauditError):
        connect(db, read_only=True)


@pytest.mark.parametrize("read_only", [False, True])
def test_connection_is_ready_for_a_dataframe(tmp_path, read_only):
    """An analyst registers a DataFrame (e.g. a batch of requests) right after connecting."""
    db = tmp_path / "new.duckdb"
    connect(db).close()
    con = connect(db, read_only=read_only)
    try:
        con.register("requests", pd.DataFrame({"id_hash": ["x"]}))
        joined = con.execute("SELECT count(*) FROM requests JOIN identifiers USING (id_hash)").fetchall()
        assert joined == [(0,)]
    finally:
        con.close()


def test_read_only_connect_needs_an_index(tmp_path):
    missing = tmp_path / "missing.duckdb"
    with pytest.raises(CcauditError, match="index build"):
        connect(missing, read_only=True)
    assert not missing.exists()


# ----------------------------------------------------------------------------- components

def reference_components(left, right, n) -> list[int]:
    """Union-find, labels being each component's smallest node."""
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left, right):
        ra, rb = root(int(a)), root(int(b))
        parent[max(ra, rb)] = min(ra, rb)
    return [root(x) for x in range(n)]


@pytest.mark.parametrize("edges, n, expected", [
    ([], 3, [0, 1, 2]),                                     # isolated nodes
    ([(0, 1), (1, 2)], 3, [0, 0, 0]),                       # A-B, B-C: A and C are one
    ([(2, 1), (1, 0)], 4, [0, 0, 0, 3]),                    # the same, edges reversed; 3 alone
    ([(0, 1), (2, 3), (3, 4)], 6, [0, 0, 2, 2, 2, 5]),      # two components and an isolated node
    ([(5, 4), (4, 3), (3, 2), (2, 1), (1, 0)], 6, [0] * 6), # a chain written backwards
    ([(0, 0), (1, 1)], 2, [0, 1]),                          # self-loops link nothing
    ([(3, 7), (7, 1), (5, 6), (6, 2), (2, 4)], 8, [0, 1, 2, 1, 2, 2, 2, 1]),
])
def test_components(edges, n, expected):
    left = np.array([a for a, _ in edges], dtype=np.int64)
    right = np.array([b for _, b in edges], dtype=np.int64)
    assert components(left, right, n).tolist() == expected


@pytest.mark.parametrize("seed", range(5))
def test_components_match_union_find_on_random_graphs(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 400))
    m = int(rng.integers(0, n))
    left, right = rng.integers(0, n, m), rng.integers(0, n, m)
    assert components(left, right, n).tolist() == reference_components(left, right, n)


# ---------------------------------------------------------------------- bulk paths

def test_free_text_in_bulk_finds_what_each_text_gives(samples_dir):
    """The vectorised pass over a column of notes gives exactly what the one-text function
    gives for each note: same identifiers, same offsets, same canonical values."""
    from ccaudit.index.extract import identifiers_in_text, identifiers_in_texts
    from ccaudit.sources.tables import read_tables

    gold = pd.read_csv(samples_dir / "gold" / "columns.csv", keep_default_na=False)
    texts = []
    for row in gold[gold["entities"].str.contains(";")].itertuples():  # notes hold several
        for chunk in read_tables(samples_dir / "exports" / row.source):
            if chunk.sheet == (row.sheet or "") and row.column in chunk.frame:
                texts += chunk.frame[row.column].dropna().astype(str).tolist()
    texts += ["bel 0475 12 34 56 of 0475/12.34.56, mail JAN@x.be", "BE71 0961 2345 6769 en 85.07.30-033.61",
              "nummer 0032475123456 0032475123456", "", "geen nummer", "1234"]
    assert len(texts) > 50
    series = pd.Series(texts, index=range(100, 100 + len(texts)))
    types = ("email", "phone", "iban", "national_number", "bsn", "card")
    bulk = identifiers_in_texts(series, types, REGIONS)
    one_by_one = [(row, t, s, e, c) for row, text in series.items()
                  for t, s, e, c in identifiers_in_text(text, types, REGIONS)]
    assert len(one_by_one) > 20
    assert sorted(map(tuple, bulk.values.tolist())) == sorted(one_by_one)


@pytest.mark.parametrize("key", [b"0123456789abcdef", b"k" * 64, b"a-key-longer-than-a-block-" * 4])
def test_hashing_in_bulk_is_the_same_hmac(key):
    import hashlib
    import hmac

    from ccaudit.index.identifiers import Hasher

    hasher = Hasher(key)
    values = ["+32475123456", "jan@x.be", "é@ü.fr", "BE71096123456769", "", "x" * 300]
    types = ["phone", "email", "email", "iban", "card", "email"]
    expected = [hmac.new(key, f"{t}:{v}".encode(), hashlib.sha256).hexdigest()[:32]
                for t, v in zip(types, values)]
    assert hasher.many(types, values) == expected == [hasher(t, v) for t, v in zip(types, values)]
    assert hasher.many("phone", values[:1]) == expected[:1] and hasher.many("email", []) == []


def test_linking_leaves_sorted_tables_and_the_subject_index(tree, tmp_path, analyzers):
    """Each linking rebuilds identifiers and subjects whole (no key constraint left to slow
    the next one), keeps the subject index, and a second linking gives the same subjects."""
    from ccaudit.index.subjects import link_subjects

    db = tmp_path / "i.duckdb"
    build([tree.root], db, analyzers)
    con = duckdb.connect(str(db))
    try:
        before = con.execute("SELECT * FROM subjects ORDER BY subject_id").fetchall()
        ids = con.execute("SELECT * FROM identifiers ORDER BY id_hash").fetchall()
        assert link_subjects(con) == len(before)
        assert con.execute("SELECT * FROM subjects ORDER BY subject_id").fetchall() == before
        assert con.execute("SELECT * FROM identifiers ORDER BY id_hash").fetchall() == ids
        assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name IN "
                           "('identifiers', 'subjects')").fetchall()[0][0] == 0
        assert con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'identifiers'"
                           ).fetchall() == [("identifiers_subject",)]
    finally:
        con.close()
