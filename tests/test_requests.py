"""Data-subject requests: the access/portability bundle, the plan per right, the queries the
subject-index notebook shows, and the `subjects export` / `subjects plan` commands.

One small index is built for the module from files written here: a bank's CRM (the
contact centre is processor), the contact centre's own call list (controller) and a bank
call, with one person, Ann, in all three.
"""
from __future__ import annotations

import csv
import json
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.settings import load_config
from ccaudit.errors import CcauditError
from ccaudit.audit import requests
from ccaudit.index import lookup, queries
from ccaudit.index.build import build_index
from ccaudit.index.db import connect
from ccaudit.index.subjects import find_subject

KEY = "test-key-for-requests-0123456789"
ANN = {"email": "ann.peeters@telenet.be", "phone": "0475 12 34 56", "national": "85.07.30-033.28"}
CRM = [  # klant_id, voornaam, achternaam, e-mailadres, gsm, rijksregisternummer
    ("1001", "Jan", "Janssens", "jan.janssens@skynet.be", "0478 22 33 44", "90.02.01-097.43"),
    ("1002", "Marie", "Dubois", "marie.dubois@proximus.be", "0486 55 66 77", "72.11.15-123.60"),
    ("1003", "Ann", "Peeters", ANN["email"], ANN["phone"], ANN["national"]),
    ("1004", "Luc", "Maes", "luc.maes@telenet.be", "0499 88 77 66", "66.05.23-211.76"),
    ("1005", "Sofie", "Claes", "", "", ""),  # nothing to find her by
    ("1006", "Tom", "Wouters", "tom.wouters@gmail.com", "0470 11 22 33", "01.03.04-005.31"),
    ("1007", "Els", "Jacobs", "els.jacobs@hotmail.com", "0472 44 55 66", "88.12.31-345.34"),
    ("1008", "Bart", "Mertens", "bart.mertens@telenet.be", "0473 66 77 88", "79.09.09-456.07"),
]
CALL_LIST = [  # first_name, last_name, phone
    ("Koen", "Smets", "+32 478 99 88 77"),
    ("Ann", "Peeters", "+32475123456"),
    ("Nina", "Vos", "+32 486 12 12 12"),
    ("Wim", "Goossens", "+32 471 23 45 67"),
    ("Lies", "Hermans", "+32 474 76 54 32"),
    ("Dirk", "Aerts", "+32 493 11 11 22"),
]
CALL = {"call_id": "BB-0001", "language": "en", "turns": [
    {"speaker": "Agent", "start": 0.5, "end": 4.0, "text": "Good morning, BrightBank, how can I help?"},
    {"speaker": "Customer", "start": 4.5, "end": 9.0,
     "text": f"Hello, I would like a copy of my data. My e-mail is {ANN['email']}."},
    {"speaker": "Agent", "start": 9.5, "end": 12.0, "text": "Thank you, I have noted your request."},
]}
RAW = [ANN["email"], "0475 12 34 56", "+32475123456", "85.07.30-033.28", "Peeters"]


def _national(yymmdd: str, serial: str) -> str:
    """A valid Belgian national number (born in the 1900s) printed YY.MM.DD-SSS.CC."""
    base = int(yymmdd + serial)
    return f"{yymmdd[:2]}.{yymmdd[2:4]}.{yymmdd[4:]}-{serial}.{97 - base % 97:02d}"


def _write(root: Path) -> dict[str, Path]:
    crm = root / "exports" / "brightbank" / "crm.csv"
    calls = root / "exports" / "callcenter" / "call_list.csv"
    call = root / "transcripts" / "brightbank" / "BB-0001.json"
    for path in (crm, calls, call):
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(crm, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["klant_id", "voornaam", "achternaam", "e-mailadres", "gsm", "rijksregisternummer"])
        for row in CRM:
            national = row[5] and _national(row[5][:8].replace(".", ""), row[5][9:12])
            writer.writerow([*row[:5], national])
    with open(calls, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["first_name", "last_name", "phone"])
        writer.writerows(CALL_LIST)
    call.write_text(json.dumps(CALL), encoding="utf-8")
    return {"crm": crm, "call_list": calls, "call": call}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The files, a light configuration (English models only) and the index built from them."""
    root = tmp_path_factory.mktemp("requests")
    files = _write(root)
    cfg_file = root / "audit.yaml"
    cfg_file.write_text("languages: [en]\nexports: {ner_languages: [en]}\n"
                        f"index: {{db: {root / 'ccaudit.duckdb'}}}\n", encoding="utf-8")
    config = load_config(cfg_file)
    db = root / "ccaudit.duckdb"
    report = build_index([root / "exports", root / "transcripts"], db=db, config=config,
                         key=KEY.encode())
    assert report.failed == 0, report.errors
    return {"root": root, "files": files, "config": config, "config_file": cfg_file, "db": db}


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    """The HMAC key from the environment, as the command line reads it: no key file is
    ever created in the real home."""
    monkeypatch.setenv("CCAUDIT_KEY", KEY)


@pytest.fixture
def con(corpus):
    con = connect(corpus["db"], read_only=True)
    yield con
    con.close()


def _hash(corpus, id_type="email", value=ANN["email"]) -> str:
    with connect(corpus["db"], read_only=True) as con:
        return lookup.request_hash(con, id_type, value, corpus["config"], key=KEY.encode())


def _zip_text(bundle: Path) -> dict[str, str]:
    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


# ---------------------------------------------------------------------- the index the tests use

def test_ann_is_one_subject_across_the_bank_the_call_list_and_the_call(corpus, con):
    locations = find_subject(con, _hash(corpus))["locations"]
    assert [(Path(loc["source"]).name, loc.get("row"), loc.get("call_id")) for loc in locations] == [
        ("crm.csv", 2, None), ("call_list.csv", 1, None), ("BB-0001.json", None, "BB-0001")]


# ---------------------------------------------------------------------- the bundle

def test_bundle_holds_the_subjects_own_records_read_back_from_the_sources(corpus, con, tmp_path):
    bundle = requests.export_bundle(con, _hash(corpus, "phone", "0475/12.34.56"), tmp_path / "out",
                                    corpus["config"], key=KEY.encode())
    assert bundle.name.startswith("subject-S") and bundle.suffix == ".zip"
    files = _zip_text(bundle)
    assert sorted(files) == sorted(requests.BUNDLE_FILES)
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600

    document = json.loads(files["records.json"])
    assert document["subject"] == bundle.stem.removeprefix("subject-")
    crm = next(r for r in document["records"] if r["file"] == "crm.csv")
    # The whole row, every column, as the readers give it.
    assert crm["fields"] == {"klant_id": "1003", "voornaam": "Ann", "achternaam": "Peeters",
                             "e-mailadres": ANN["email"], "gsm": ANN["phone"],
                             "rijksregisternummer": ANN["national"]}
    assert (crm["client"], crm["controller"], crm["row"]) == ("brightbank", "brightbank", 2)
    call_list = next(r for r in document["records"] if r["file"] == "call_list.csv")
    assert call_list["controller"] == "the contact centre" and call_list["fields"]["phone"] == "+32475123456"
    [call] = document["calls"]
    assert [(t["speaker"], t["role"], t["start"], t["mentions_you"]) for t in call["turns"]] == [
        ("Agent", "agent", 0.5, False), ("Customer", "customer", 4.5, True), ("Agent", "agent", 9.5, False)]
    assert ANN["email"] in call["turns"][1]["text"]
    assert all("source" not in r for r in document["records"])  # server paths stay home

    records = list(csv.DictReader(files["records.csv"].splitlines()))
    assert len(records) == 2 and {r["file"] for r in records} == {"crm.csv", "call_list.csv"}
    assert list(records[0])[:5] == ["client", "controller", "file", "sheet", "row"]
    assert {r["e-mailadres"] for r in records} == {ANN["email"], ""}
    turns = list(csv.DictReader(files["calls.csv"].splitlines()))
    assert [t["turn"] for t in turns] == ["0", "1", "2"] and turns[1]["mentions_you"] == "yes"
    assert turns[1]["role"] == "customer" and ANN["email"] in turns[1]["text"]
    # Nobody else's record is in it.
    for name, values in [("Jan", "jan.janssens@skynet.be"), ("Koen", "+32 478 99 88 77")]:
        assert not any(values in text for text in files.values()), name

    for summary in (files["summary.md"], files["summary.txt"]):
        assert "brightbank" in summary and "callcenter" in summary
        assert "crm.csv" in summary and "call_list.csv" in summary and "BB-0001.json" in summary
        assert "indexed 20" in summary                       # when it was indexed
        assert "processes this data on behalf of brightbank" in summary
        assert "the contact centre is the controller" in summary
    assert files["summary.md"].startswith("# ") and "## What data" in files["summary.md"]


def test_nothing_raw_is_left_outside_the_zip(corpus, con, tmp_path):
    out = tmp_path / "out"
    bundle = requests.export_bundle(con, _hash(corpus), out, corpus["config"])
    assert [p.name for p in out.rglob("*")] == [bundle.name]
    # Exporting again replaces the bundle, still with nothing beside it.
    again = requests.export_bundle(con, _hash(corpus), out, corpus["config"])
    assert again == bundle and [p.name for p in out.rglob("*")] == [bundle.name]


def test_a_source_changed_since_indexing_is_checked_again_and_flagged(corpus, con, tmp_path):
    crm = corpus["files"]["crm"]
    original = crm.read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    # Ann's row and Jan's swap places: row 2 is now someone else.
    lines[1], lines[3] = lines[3], lines[1]
    try:
        crm.write_bytes("".join(lines).encode("utf-8"))
        bundle = requests.export_bundle(con, _hash(corpus), tmp_path, corpus["config"], key=KEY.encode())
    finally:
        crm.write_bytes(original)
    files = _zip_text(bundle)
    assert "CHANGED" in files["summary.txt"] and "crm.csv" in files["summary.txt"]
    assert "jan.janssens@skynet.be" not in files["records.csv"]          # not Ann's any more: left out
    source = next(s for s in json.loads(files["records.json"])["sources"] if s["file"] == "crm.csv")
    assert (source["status"], source["included"], source["left_out"]) == ("changed", 0, 1)


def test_a_changed_source_still_holding_the_subject_keeps_its_record(corpus, con, tmp_path):
    crm = corpus["files"]["crm"]
    original = crm.read_bytes()
    try:
        # A new last column: the bytes change, Ann's row still holds her identifiers.
        crm.write_bytes(original.replace(b"\r\n", b"\n").replace(b"\n", b";x\n"))
        bundle = requests.export_bundle(con, _hash(corpus), tmp_path, corpus["config"], key=KEY.encode())
    finally:
        crm.write_bytes(original)
    files = _zip_text(bundle)
    source = next(s for s in json.loads(files["records.json"])["sources"] if s["file"] == "crm.csv")
    assert (source["status"], source["included"]) == ("changed", 1)
    assert ANN["email"] in files["records.csv"]


def test_a_missing_source_is_flagged(corpus, con, tmp_path):
    call = corpus["files"]["call"]
    original = call.read_bytes()
    call.unlink()
    try:
        bundle = requests.export_bundle(con, _hash(corpus), tmp_path, corpus["config"])
        locations = requests.subject_locations(con, _hash(corpus), corpus["config"])
    finally:
        call.write_bytes(original)
    files = _zip_text(bundle)
    assert "MISSING" in files["summary.txt"] and "BB-0001.json" in files["summary.txt"]
    assert json.loads(files["records.json"])["calls"] == []
    assert files["calls.csv"].splitlines() == [",".join(requests.CALL_COLUMNS)]
    assert locations.set_index("file").loc["BB-0001.json", "source_status"] == "missing"


def test_an_unknown_subject_has_no_bundle_no_plan_and_no_location(corpus, con, tmp_path):
    id_hash = _hash(corpus, "email", "nobody@example.com")
    with pytest.raises(requests.UnknownSubject):
        requests.export_bundle(con, id_hash, tmp_path / "out", corpus["config"])
    assert not (tmp_path / "out").exists()
    assert requests.bundle_for(con, id_hash, "access", tmp_path / "out", corpus["config"]) is None
    assert requests.plan(con, id_hash, "erasure", corpus["config"]).empty
    assert requests.subject_locations(con, id_hash, corpus["config"]).empty
    assert "No data subject" in requests.request_headline(con, id_hash, "access", corpus["config"])


def test_a_bundle_is_made_for_access_and_portability_only(corpus, con, tmp_path):
    for right in requests.RIGHTS:
        made = requests.bundle_for(con, _hash(corpus), right, tmp_path / right, corpus["config"])
        assert (made is not None) == (right in ("access", "portability")), right


def test_malformed_values_are_refused(corpus, con):
    with pytest.raises(CcauditError, match="not a valid phone number"):
        lookup.request_hash(con, "phone", "12", corpus["config"], key=KEY.encode())
    with pytest.raises(CcauditError, match="unknown identifier type"):
        lookup.request_hash(con, "shoe_size", "42", corpus["config"], key=KEY.encode())


def test_an_index_built_with_another_key_is_refused(corpus, con):
    with pytest.raises(CcauditError, match="another HMAC key"):
        lookup.request_hash(con, "email", ANN["email"], corpus["config"], key=b"another key")


# ---------------------------------------------------------------------- locations and the plan

def test_locations_show_masked_identifiers_only(corpus, con):
    table = requests.subject_locations(con, _hash(corpus), corpus["config"])
    assert list(table.columns) == requests.LOCATION_COLUMNS
    assert table.set_index("file")["role"].to_dict() == {
        "call_list.csv": "controller", "crm.csv": "processor", "BB-0001.json": "processor"}
    crm = table.set_index("file").loc["crm.csv", "identifiers"]
    assert "e-mailadres: a***@t***.be" in crm and "gsm: +32 4** ** ** 56" in crm
    text = table.to_string()
    assert not any(raw in text for raw in RAW)


@pytest.mark.parametrize("right", list(requests.RIGHTS))
def test_plan_forwards_processor_data_to_the_client_and_lists_steps_for_controller_data(
        corpus, con, right):
    steps = requests.plan(con, _hash(corpus), right, corpus["config"], received=date(2026, 1, 31))
    assert list(steps.columns) == requests.PLAN_COLUMNS
    by_file = steps.set_index("file")
    assert set(by_file.index) == {"crm.csv", "call_list.csv", "BB-0001.json"}
    assert set(steps["article"]) == {requests.RIGHTS[right]} and set(steps["right"]) == {right}
    assert set(steps["deadline"]) == {"2026-02-28"}                     # one month, Art. 12(3)
    for file in ("crm.csv", "BB-0001.json"):                            # the bank's data: processor
        row = by_file.loc[file]
        assert (row["role"], row["controller"]) == ("processor", "brightbank")
        assert row["what_to_do"].startswith("Forward to the client (controller) brightbank")
        assert "Art. 28(3)(e)" in row["what_to_do"] and "brightbank" in row["who_acts"]
    own = by_file.loc["call_list.csv"]                                  # its own call list
    assert (own["role"], own["controller"]) == ("controller", "the contact centre")
    assert "Forward" not in own["what_to_do"] and "call_list.csv" in own["what_to_do"]
    assert "contact centre" in own["who_acts"]
    assert not any(raw in steps.to_string() for raw in RAW)


def test_each_right_has_its_own_steps(corpus, con):
    texts = {right: requests.plan(con, _hash(corpus), right, corpus["config"])
             .set_index("file").loc["call_list.csv", "what_to_do"] for right in requests.RIGHTS}
    assert len(set(texts.values())) == 6
    assert "do-not-call" in texts["objection"] and "Art. 17(3)" in texts["erasure"]
    assert "records.json" in texts["portability"] and "Art. 18(3)" in texts["restriction"]


def test_plan_refuses_an_unknown_right(corpus, con):
    with pytest.raises(CcauditError, match="unknown right 'forgetting'"):
        requests.plan(con, _hash(corpus), "forgetting", corpus["config"])


def test_the_deadline_is_one_month_after_receipt():
    assert requests.deadline(date(2026, 3, 15)) == date(2026, 4, 15)
    assert requests.deadline(date(2026, 1, 31)) == date(2026, 2, 28)


# ---------------------------------------------------------------------- the notebook's queries

def test_subjects_per_client_and_shared_subjects(corpus, con):
    per_client = queries.subjects_per_client(con, corpus["config"].index.controller_clients)
    assert list(per_client.columns) == queries.SUBJECTS_PER_CLIENT
    rows = per_client.set_index("client")
    assert rows.loc["callcenter", "role"] == "controller" and rows.loc["brightbank", "role"] == "processor"
    # Seven findable bank customers (the CRM) plus nobody new in the call: Ann is in both.
    assert rows.loc["brightbank", "subjects"] == 7
    assert rows.loc["brightbank", "also_other_clients"] == 1 == rows.loc["callcenter", "also_other_clients"]
    assert rows.loc["callcenter", "subjects"] == len(CALL_LIST)
    shared = queries.shared_subjects(con)
    assert len(shared) == 1
    assert shared.iloc[0]["client_list"] == "brightbank, callcenter" and shared.iloc[0]["records"] == 3
    assert shared.iloc[0]["subject_id"] == find_subject(con, _hash(corpus))["subject"]


def test_identifier_coverage_is_the_share_of_records_findable(corpus, con):
    coverage = queries.identifier_coverage(con)
    assert list(coverage.columns) == queries.COVERAGE
    rows = coverage.set_index("file")
    assert (rows.loc["crm.csv", "records"], rows.loc["crm.csv", "findable"]) == (8, 7)
    assert rows.loc["crm.csv", "share"] == pytest.approx(0.875)
    assert rows.loc["call_list.csv", "share"] == 1.0 and rows.loc["BB-0001.json", "kind"] == "transcript"
    assert coverage["share"].is_monotonic_increasing                   # the worst first
    assert set(queries.identifier_coverage(con, kind="export")["kind"]) == {"export"}
    per_client = queries.coverage_per_client(coverage).set_index(["client", "kind"])
    assert per_client.loc[("brightbank", "export"), "findable"] == 7


def test_index_headline_and_identifier_types(corpus, con):
    assert queries.index_headline(con).startswith("3 file(s) of 2 client(s) indexed, 0 unreadable")
    types = queries.identifier_types_per_client(con)
    assert types.loc["brightbank", "email"] == 7 and types.loc["callcenter", "phone"] == len(CALL_LIST)
    assert queries.unreadable_files(con).empty


def test_charts(corpus, con):
    from ccaudit.report import plots

    per_client = queries.subjects_per_client(con, ("callcenter",))
    fig = plots.subjects_chart(per_client)
    assert [t.name for t in fig.data] == ["only this client", "also another client"]
    assert list(fig.data[1].y) == [1, 1]
    fig = plots.coverage_chart(queries.identifier_coverage(con, kind="export"))
    assert list(fig.data[0].y)[-1] == "brightbank / crm.csv" and list(fig.data[0].x)[-1] == 87.5


# ---------------------------------------------------------------------- the command line

@pytest.fixture
def cli(corpus):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, ["subjects", *args, "--db", str(corpus["db"]),
                                   "--config", str(corpus["config_file"])])
    return run


def test_cli_export_prints_the_bundle_path(cli, tmp_path):
    result = cli("export", "--type", "phone", "+32 475 12 34 56", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    bundle = Path(result.stdout.strip())
    assert bundle.parent == tmp_path and bundle.exists()
    assert ANN["email"] in _zip_text(bundle)["records.csv"]


def test_cli_export_of_an_unknown_subject_writes_nothing_and_exits_0(cli, tmp_path):
    result = cli("export", "--type", "email", "nobody@example.com", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stdout == "" and "no subject with this identifier" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["export", "--out", "unused"], ["plan", "--right", "access"]])
def test_cli_refuses_a_malformed_value_with_exit_2(cli, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(command[0], "--type", "national_number", "85.07.30-033.29", *command[1:])
    assert result.exit_code == 2
    assert "not a valid national number" in result.stderr
    assert not any(tmp_path.iterdir())


def test_cli_plan_prints_who_does_what(cli):
    result = cli("plan", "--type", "email", ANN["email"].upper(), "--right", "erasure")
    assert result.exit_code == 0, result.output
    assert "3 location(s)" in result.stdout and "Right of erasure (Art. 17)" in result.stdout
    assert "Forward to the client (controller) brightbank" in result.stdout
    assert "[callcenter, controller] call_list.csv" in result.stdout
    assert not any(raw in result.stdout for raw in RAW[1:])


def test_cli_plan_json_and_unknown_subject(cli):
    result = cli("plan", "--type", "phone", "0475123456", "--right", "objection", "--json")
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)
    assert {s["role"] for s in steps} == {"controller", "processor"}
    assert all(set(s) == set(requests.PLAN_COLUMNS) for s in steps)
    unknown = cli("plan", "--type", "phone", "+32 470 00 00 01", "--right", "access")
    assert unknown.exit_code == 0 and "No data subject" in unknown.stdout
    assert json.loads(cli("plan", "--type", "phone", "+32 470 00 00 01", "--right", "access",
                          "--json").stdout) == []


def test_cli_plan_refuses_an_unknown_right(cli):
    result = cli("plan", "--type", "email", ANN["email"], "--right", "forgetting")
    assert result.exit_code == 2


def test_cli_rights_are_the_six_rights():
    import typing

    from ccaudit import cli

    assert typing.get_args(cli.Right) == tuple(requests.RIGHTS)

