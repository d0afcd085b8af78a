"""The audit configuration (``ccaudit.audit.configuration``) and the sample's ``audit.yaml``.

Bad files are built from one small valid configuration, changed one key at a time: each must
stop the load with one ConfigError naming the key path and the file. The sample's
``gold/audit_problems.csv`` is held against the YAML and the data with the module's helpers
(the generator computes it without them) and with pandas reading the files directly.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from ccaudit.audit.configuration import PASS_MARK, AuditConfig, RightsRequest, load_audit_config
from ccaudit.audit.inventory import Duration, Retention, column_dates, filename_date, glob_regex
from ccaudit.config import Config
from ccaudit.errors import ConfigError, ReaderError
from ccaudit.index.identifiers import normalise
from ccaudit.samples.audit import PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
D = dt.date

BASE = {
    "inputs": {"exports": "exports", "transcripts": "transcripts"},
    "retention_defaults": {"transcripts": "P90D", "staff": "P1Y after:leaving_date"},
    "inventory": [
        {"dataset": "exports/acme/*.csv", "client": "acme", "role": "processor",
         "controller_contact": "dpo@acme.example", "purpose": "Service calls", "legal_basis": "contract",
         "usage": "Loaded into the dialler.", "received_from": r"filename:_(?P<date>\d{8})\.csv",
         "retention": "P30D", "deletion": "Secure delete"},
        {"dataset": "exports/own/staff.parquet", "client": "own", "role": "controller",
         "purpose": "HR", "legal_basis": "contract", "usage": "HR register.", "category": "staff",
         "deletion": "Rows removed"},
        {"dataset": "transcripts/**", "client": "acme", "role": "processor",
         "controller_contact": "dpo@acme.example", "purpose": "Quality", "legal_basis": "legitimate_interests",
         "usage": "Reviewed by team leaders.", "category": "transcripts", "deletion": "Purged"},
    ],
    "training": {"records": [{"agent": "E1", "name": "Ann Example", "elearning_completed": "2026-02-01",
                              "exam_score": 95, "code_of_conduct_signed": True,
                              "code_of_conduct_date": "2026-01-10"}]},
    "requests": [{"id": "R1", "type": "access", "client": "acme", "received": "2026-06-02",
                  "answered": "2026-06-20"}],
    "objections": [{"right": "objection", "client": "own", "date": "2026-09-15",
                    "identifier": {"type": "phone", "value": "+32 470 12 34 56"}}],
}


def write_config(folder: Path, data: dict, name: str = "audit.yaml") -> Path:
    for sub in ("exports/acme", "exports/own", "transcripts"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def changed(path: str, value) -> dict:
    """BASE with the value at a dotted path (``inventory.0.role``) replaced; ``DELETE`` removes it."""
    data = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is DELETE:
        del node[int(last) if isinstance(node, list) else last]
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return data


DELETE = object()


@pytest.fixture
def base_config(tmp_path) -> AuditConfig:
    return load_audit_config(write_config(tmp_path, BASE))


# --- the sample ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(samples_dir) -> AuditConfig:
    return load_audit_config(samples_dir / "audit.yaml")


@pytest.fixture(scope="module")
def gold(samples_dir) -> list[dict[str, str]]:
    with open(samples_dir / "gold" / "audit_problems.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_sample_loads(sample, samples_dir):
    assert sample.audit_date == D(2026, 11, 28) == sample.today
    assert sample.clients == ("brightbank", "telecomfr", "nlenergie", "callcenter")
    assert {e.role for e in sample.inventory} == {"processor", "controller"}
    assert isinstance(sample.scanner, Config)
    assert sample.scanner.languages == ("en", "fr", "nl")
    assert sample.inputs.exports == ((samples_dir / "exports").resolve(), (samples_dir / "outbound").resolve())
    assert {e.direction for e in sample.inventory} == {"received", "returned", "shared", "internal"}
    assert sample.inputs.db == (ROOT / "reports/latest/ccaudit.duckdb").resolve()
    assert sample.scanner.index.db == str(sample.inputs.db)
    assert sorted(r.type for r in sample.requests) == sorted(
        ["access", "access", "erasure", "portability", "objection", "rectification", "restriction"])
    assert len(sample.training.records) == 12 and sample.training.pass_mark == PASS_MARK
    assert {o.right for o in sample.objections} == {"objection", "restriction"}


def test_the_sample_scanner_settings_match_the_defaults_it_repeats(sample):
    assert sample.scanner.index.controller_clients == ("callcenter",)
    assert sample.scanner.countries == ("BE", "NL", "FR", "LU")


# --- bad configurations --------------------------------------------------------------------------
BAD = [
    (changed("inventry", []), "unknown key 'inventry'"),
    (changed("inventory.0.retension", "P1M"), "unknown key 'inventory[0].retension'"),
    (changed("inputs.folder", "x"), "unknown key 'inputs.folder'"),
    (changed("training.records.0.score", 9), "unknown key 'training.records[0].score'"),
    (changed("inventory.0.retention", "90 days"), "'inventory[0].retention' is not an ISO 8601 duration"),
    (changed("inventory.0.retention", "PT12H"), "'inventory[0].retention' is not an ISO 8601 duration"),
    (changed("inventory.0.retention", "P"), "'inventory[0].retention' is not an ISO 8601 duration"),
    (changed("inventory.0.retention", "P1Y until:x"), "'inventory[0].retention' is not an ISO 8601"),
    (changed("retention_defaults.transcripts", "P90"), "'retention_defaults.transcripts' is not an ISO 8601"),
    (changed("requests.0.received", "15/09/2026"), "'requests[0].received' must be a date written YYYY-MM-DD"),
    (changed("requests.0.answered", "2026-02-30"), "'requests[0].answered' must be a date"),
    (changed("audit_date", "tomorrow"), "'audit_date' must be a date"),
    (changed("objections.0.date", "2026-09-15T10:00:00"), "'objections[0].date' must be a date"),
    (changed("requests.0.answered", "2026-06-01"), "'requests[0].answered' is before the request"),
    (changed("inventory.0.role", "owner"), "'inventory[0].role' must be one of processor, controller, "
                                           "joint_controller"),
    (changed("inventory.0.legal_basis", "6(1)(b)"), "'inventory[0].legal_basis' must be one of consent"),
    (changed("requests.0.type", "deletion"), "'requests[0].type' must be one of access, rectification"),
    (changed("objections.0.right", "erasure"), "'objections[0].right' must be one of objection, restriction"),
    (changed("inventory.0.dataset", ["exports/acme/*.csv"]), "'inventory[0].dataset' must be a glob (a string)"),
    (changed("inventory.0.dataset", 12), "'inventory[0].dataset' must be a glob"),
    (changed("inventory.0.dataset", "export/acme/*.csv"), "'inventory[0].dataset' must start with an input "
                                                          "folder (exports, transcripts)"),
    (changed("inventory.0.dataset", "/data/exports/*.csv"), "'inventory[0].dataset' must be a relative glob"),
    (changed("inventory.0.dataset", "exports/[acme/*.csv"), "'inventory[0].dataset' is not a valid glob"),
    (changed("inventory.0.purpose", DELETE), "'inventory[0].purpose' is required"),
    (changed("inventory.0.controller_contact", DELETE), "'inventory[0].controller_contact' is required for a processor"),
    (changed("inventory.0.controller_contact", ""), "'inventory[0].controller_contact' must be a non-empty"),
    (changed("inputs", DELETE), "'inputs' is required"),
    (changed("requests.0.client", DELETE), "'requests[0].client' is required"),
    (changed("objections.0.identifier", {"type": "phone"}), "'objections[0].identifier.value' is required"),
    (changed("inventory.0.received_from", "mtime"), "'inventory[0].received_from' must be file_time, "
                                                    "column:<name> or filename:<regex>"),
    (changed("inventory.0.received_from", "column:"), "'inventory[0].received_from' must be file_time"),
    (changed("inventory.0.received_from", "filename:(\\d{8}"), "'inventory[0].received_from' is not a valid "
                                                               "regular expression"),
    (changed("inventory.0.received_from", "filename:\\d{8}"), "'inventory[0].received_from' needs a group"),
    (changed("inventory.2.received_from", "column:created_at"), "'inventory[2].received_from' reads a column, "
                                                                "but transcripts have no columns"),
    (changed("inventory.2.retention", "P1Y after:hired"), "'inventory[2].retention' counts 'after' a column"),
    (changed("inventory.1.category", "payroll"), "'inventory[1].category' 'payroll' has no retention default"),
    (changed("requests.0.client", "acne"), "'requests[0].client' names a client that is not in the inventory"),
    (changed("objections.0.identifier.type", "passport"), "'objections[0].identifier.type' must be one of"),
    (changed("objections.0.identifier.value", "12"), "'objections[0].identifier.value' is not a valid phone"),
    (changed("training.records.0.exam_score", 120), "'training.records[0].exam_score' must be a number from "
                                                    "0 to 100"),
    (changed("training.records.0.code_of_conduct_signed", "yes"), "'training.records[0].code_of_conduct_signed' "
                                                                  "must be true or false"),
    (changed("training.records.0.code_of_conduct_date", None), "'training.records[0].code_of_conduct_date' "
                                                               "is required when"),
    (changed("training.pass_mark", "90%"), "'training.pass_mark' must be a number"),
    (changed("requests.0.extended", "no"), "'requests[0].extended' must be true or false"),
    (changed("inputs.exports", "missing"), "'inputs.exports' names a folder that does not exist"),
    (changed("inputs.exports", ["exports", "gone"]), "'inputs.exports[1]' names a folder that does not exist"),
    (changed("inventory", []), "'inventory' must list at least one dataset"),
    (changed("inventory", {"dataset": "x"}), "'inventory' must be a list"),
    (changed("scanner", {"langauges": ["en"]}), "unknown key 'scanner.langauges'"),
    (changed("scanner", {"exports": {"sample_size": -1}}), "in 'scanner': 'exports.sample_size' must be a "
                                                          "positive integer"),
    (changed("scanner", ["en"]), "'scanner' must be a mapping"),
    (changed("readiness", {"trained_share": 80}), "'readiness.trained_share' must be a number from 0 to 1"),
    (changed("readiness", {"findable_ready": 0.4}), "'readiness.findable_not_ready' must not be above"),
    (changed("readiness", {"top_actions": 0}), "'readiness.top_actions' must be a whole number"),
    (changed("readiness", {"trained": 0.8}), "unknown key 'readiness.trained'"),
    # Records of processing (Art. 30): directions, roles, data, recipients, transfers.
    (changed("inventory.0.direction", "outbound"), "'inventory[0].direction' must be one of received, returned"),
    (changed("inventory.0.client_role", "owner"), "'inventory[0].client_role' must be one of"),
    (changed("inventory.1.client_role", "processor"), "'inventory[1].client_role' is for an exchange with a client"),
    (changed("inventory.0.data", ["identity", "medical"]), "'inventory[0].data[1]' must be one of identity"),
    (changed("inventory.0.data", "identity"), "'inventory[0].data' must be a list"),
    (changed("inventory.0.subjects", ["patients"]), "'inventory[0].subjects[0]' must be one of customers"),
    (changed("inventory.0.direction", "shared"), "'inventory[0].recipients' must name the third party"),
    (changed("inventory.0.transfers", [{"country": "Mars"}]), "'inventory[0].transfers[0].country' must be a "
                                                              "country code"),
    (changed("inventory.0.transfers", [{"country": "US", "safeguard": "trust"}]),
     "'inventory[0].transfers[0].safeguard' must be one of"),
    (changed("inventory.0.transfers", [{"safeguard": "none"}]), "'inventory[0].transfers[0].country' is required"),
    (changed("inventory.0.dataset", "outbound/acme/*.csv"), "'inventory[0].dataset' must start with an input folder"),
]


@pytest.mark.parametrize("data,fragment", BAD, ids=[f for _, f in BAD])
def test_bad_configuration_names_key_and_file(tmp_path, data, fragment):
    path = write_config(tmp_path, data)
    with pytest.raises(ConfigError) as info:
        load_audit_config(path)
    message = str(info.value)
    assert fragment in message
    assert message.startswith(f"{path}: ")
    assert "\n" not in message


def test_directions_give_the_seeds_roles_by_default(tmp_path):
    data = copy.deepcopy(BASE)
    data["inventory"][0].pop("role")
    returned = {**copy.deepcopy(BASE["inventory"][0]), "dataset": "exports/acme/out_*.csv", "direction": "returned",
                "data": [], "subjects": ["customers", "employees"], "recipients": ["Acme NV"],
                "transfers": [{"country": "NL"}, {"country": "US", "safeguard": "standard_contractual_clauses"}],
                "security": "SFTP"}
    returned.pop("role")
    data["inventory"].insert(0, returned)
    audit = load_audit_config(write_config(tmp_path, data))
    out, received, own = audit.inventory[0], audit.inventory[1], audit.inventory[2]
    # Returned results: the contact centre is the controller of what it sends, the client its processor.
    assert (out.direction, out.role, out.client_role) == ("returned", "controller", "processor")
    assert (received.direction, received.role, received.client_role) == ("received", "processor", "controller")
    assert (own.direction, own.role, own.client_role) == ("internal", "controller", None)
    # An empty list declares no personal data; a missing one declares nothing to check.
    assert out.data == () and out.declared_entities == frozenset() and received.data is None
    assert [t.unsafe for t in out.transfers] == [False, False] and out.transfers[1].outside_eea
    assert out.subjects == ("customers", "employees") and out.security == "SFTP"


def test_a_bad_identifier_is_never_quoted(tmp_path):
    path = write_config(tmp_path, changed("objections.0.identifier.value", "jan.peeters@"))
    path.write_text(path.read_text().replace("type: phone", "type: email"))
    with pytest.raises(ConfigError) as info:
        load_audit_config(path)
    assert "jan.peeters" not in str(info.value)
    assert "'objections[0].identifier.value' is not a valid email" in str(info.value)


@pytest.mark.parametrize("text,fragment", [
    ("inputs: [1, 2\n", "invalid YAML at line"),
    ("- a list\n", "top level must be a mapping"),
])
def test_unreadable_yaml(tmp_path, text, fragment):
    path = tmp_path / "audit.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        load_audit_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_audit_config(tmp_path / "nope.yaml")


def test_relative_paths_resolve_against_the_yaml_folder(tmp_path, monkeypatch):
    data = changed("inputs.db", "index/audit.duckdb")
    data["scanner"] = {"index": {"key_file": "keys/hmac.key"}}
    path = write_config(tmp_path / "conf", data)
    monkeypatch.chdir(tmp_path)
    cfg = load_audit_config("conf/audit.yaml")
    assert cfg.inputs.exports == ((tmp_path / "conf/exports").resolve(),)
    assert cfg.inputs.db == (tmp_path / "conf/index/audit.duckdb").resolve()
    assert cfg.scanner.index.key_file == str((tmp_path / "conf/keys/hmac.key").resolve())
    assert cfg.base == path.parent.resolve()


def test_defaults_and_optional_sections(tmp_path):
    data = {key: BASE[key] for key in ("inputs", "inventory", "retention_defaults")}
    cfg = load_audit_config(write_config(tmp_path, data))
    assert cfg.audit_date is None and cfg.today == dt.date.today()
    assert cfg.requests == () and cfg.objections == () and cfg.training.records == ()
    assert cfg.inputs.db == (tmp_path / "ccaudit.duckdb").resolve()
    assert str(cfg.inventory[1].received_from) == "file_time"
    assert cfg.inventory[1].controller_contact is None          # a controller needs none


def test_objection_identifier_is_normalised_and_kept_out_of_repr(base_config):
    objection = base_config.objections[0]
    assert objection.canonical == "+32470123456"
    assert "470" not in repr(objection) and "470" not in repr(base_config)


# --- globs and datasets ------------------------------------------------------------------------
@pytest.mark.parametrize("glob,key,expected", [
    ("exports/acme/*.csv", "exports/acme/list_20260101.csv", True),
    ("exports/acme/*.csv", "exports/acme/sub/list.csv", False),
    ("exports/acme/*.csv", "exports/acme/list.CSV", False),
    ("exports/**/*.csv", "exports/acme/sub/list.csv", True),
    ("exports/**/*.csv", "exports/list.csv", True),
    ("transcripts/**", "transcripts/acme/2026/call.json", True),
    ("exports/acme/call_list_week4?.csv", "exports/acme/call_list_week47.csv", True),
    ("exports/acme/call_list_week4?.csv", "exports/acme/call_list_week470.csv", False),
    ("exports/acme/[!x]*.csv", "exports/acme/a.csv", True),
    ("exports/acme/[!x]*.csv", "exports/acme/x.csv", False),
    ("exports/acme/a+b (1).csv", "exports/acme/a+b (1).csv", True),
])
def test_glob_matching(glob, key, expected):
    assert bool(glob_regex(glob).fullmatch(key)) is expected


def test_dataset_for_takes_the_first_matching_entry(tmp_path):
    data = copy.deepcopy(BASE)
    general = copy.deepcopy(data["inventory"][0]) | {"dataset": "exports/**", "client": "other"}
    data["inventory"].append(general)
    cfg = load_audit_config(write_config(tmp_path, data))
    assert cfg.dataset_for(tmp_path / "exports/acme/list_20260101.csv").client == "acme"
    assert cfg.dataset_for(tmp_path / "exports/acme/list.json").client == "other"
    assert cfg.dataset_for("exports/acme/list_20260101.csv").client == "acme"   # a key
    assert cfg.dataset_for(tmp_path / "elsewhere.csv") is None
    assert cfg.key_of(tmp_path / "transcripts/a/b.json") == "transcripts/a/b.json"


def test_sample_datasets(sample, samples_dir):
    crm = sample.dataset_for(samples_dir / "exports/brightbank/crm_export_2026-10.csv")
    assert (crm.client, crm.role, crm.legal_basis, crm.kind) == ("brightbank", "processor", "contract", "exports")
    assert sample.dataset_for(samples_dir / "transcripts/nlenergie/NE-20261114-0001.json").kind == "transcripts"
    assert sample.dataset_for(samples_dir / "exports/callcenter/callbacks_2026-11.ndjson") is None


# --- received dates ----------------------------------------------------------------------------
def test_received_date_from_file_time(tmp_path):
    data = changed("inventory.0.received_from", "file_time")
    cfg = load_audit_config(write_config(tmp_path, data))
    path = tmp_path / "exports/acme/list.csv"
    path.write_text("a\n1\n")
    stamp = dt.datetime(2026, 3, 4, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    assert cfg.received_date(path) == D(2026, 3, 4)


def test_received_date_from_a_column(tmp_path):
    data = changed("inventory.0.received_from", "column:created_at")
    cfg = load_audit_config(write_config(tmp_path, data))
    path = tmp_path / "exports/acme/list.csv"
    path.write_text("id,created_at\n1,2026-10-02 13:21:50\n2,2026-11-13T08:00:00Z\n3,\n4,not a date\n")
    assert cfg.received_date(path) == D(2026, 11, 13)
    frame = column_dates(path, "created_at")
    assert frame["date"].tolist() == [D(2026, 10, 2), D(2026, 11, 13), None, None]
    assert frame["row"].tolist() == [0, 1, 2, 3]
    (tmp_path / "exports/acme/other.csv").write_text("id,created\n1,2026-10-02\n")
    with pytest.raises(ReaderError, match="no column 'created_at'"):
        cfg.received_date(tmp_path / "exports/acme/other.csv")


@pytest.mark.parametrize("regex,name,expected", [
    (r"_(?P<date>\d{8})\.csv", "list_20260115.csv", D(2026, 1, 15)),
    (r"-(?P<date>\d{8})-", "BB-20261106-0001.json", D(2026, 11, 6)),
    (r"export_(\d{4}-\d{2}-\d{2})", "export_2026-10-31.csv", D(2026, 10, 31)),
    (r"crm_export_(?P<date>\d{4}-\d{2})", "crm_export_2026-10.csv", D(2026, 10, 1)),
    (r"(?P<x>v\d)_(?P<date>\d{6})", "v2_202611.csv", D(2026, 11, 1)),
    (r"_(?P<date>\d{8})\.csv", "list.csv", None),
    (r"_(?P<date>\d{8})\.csv", "list_20261340.csv", None),
])
def test_received_date_from_the_file_name(regex, name, expected):
    assert filename_date(name, re.compile(regex)) == expected


def test_received_date_by_the_entry(base_config, tmp_path):
    path = tmp_path / "exports/acme/list_20260115.csv"
    path.write_text("a\n1\n")
    assert base_config.received_date(path) == D(2026, 1, 15)
    assert base_config.received_date(tmp_path / "exports/nowhere/x.csv") is None


# --- retention -------------------------------------------------------------------------------
@pytest.mark.parametrize("text,start,expires", [
    ("P90D", D(2026, 11, 1), D(2027, 1, 30)),
    ("P6M", D(2026, 8, 31), D(2027, 2, 28)),
    ("P1M", D(2026, 1, 31), D(2026, 2, 28)),
    ("P1Y", D(2024, 2, 29), D(2025, 2, 28)),
    ("P2Y", D(2026, 3, 1), D(2028, 3, 1)),
    ("P4W", D(2026, 11, 1), D(2026, 11, 29)),
    ("P1Y6M", D(2026, 1, 15), D(2027, 7, 15)),
    ("p14d", D(2026, 11, 6), D(2026, 11, 20)),
])
def test_retention_periods(text, start, expires):
    retention = Retention.parse(text)
    assert retention.after is None
    assert retention.expires(start) == expires
    assert not retention.overdue(start, expires) and retention.overdue(start, expires + dt.timedelta(days=1))


def test_retention_after_a_column():
    retention = Retention.parse("P1Y after:leaving_date")
    assert retention.period == Duration(years=1) and retention.after == "leaving_date"
    assert str(retention) == "P1Y after:leaving_date"
    assert Retention.parse("P2Y after:date de départ").after == "date de départ"   # headers have spaces


@pytest.mark.parametrize("text", ["90D", "P", "PT1H", "P1H", "P1.5Y", "P-1D", "P1Y after:", "P1Y before:x", ""])
def test_bad_retention(text):
    with pytest.raises(ValueError):
        Retention.parse(text)


def test_retention_for_entries_and_categories(base_config):
    acme, staff, calls = base_config.inventory
    assert str(base_config.retention_for(acme)) == "P30D"
    assert str(base_config.retention_for(staff)) == "P1Y after:leaving_date"
    assert str(base_config.retention_for(calls)) == "P90D"
    assert str(base_config.retention_for("transcripts")) == "P90D"
    assert base_config.retention_for("recordings") is None


def test_request_deadlines():
    received = D(2026, 1, 31)
    assert RightsRequest("a", "access", "c", received).deadline == D(2026, 2, 28)
    assert RightsRequest("a", "access", "c", received, extended=True).deadline == D(2026, 4, 30)
    assert not RightsRequest("a", "access", "c", received, D(2026, 2, 28)).late()
    assert RightsRequest("a", "access", "c", received, D(2026, 3, 1)).late()
    assert not RightsRequest("a", "access", "c", received).late(as_of=D(2026, 2, 28))
    assert RightsRequest("a", "access", "c", received).late(as_of=D(2026, 3, 1))


# --- the gold problems against the YAML and the data --------------------------------------------
def by_problem(gold, problem) -> list[dict[str, str]]:
    return [row for row in gold if row["problem"] == problem]


def test_gold_vocabulary(gold):
    assert list(gold[0]) == ["problem", "client", "dataset", "file", "detail"]
    assert {row["problem"] for row in gold} == set(PROBLEMS)


def test_gold_holds_no_raw_identifier(gold, sample, samples_dir):
    text = (samples_dir / "gold" / "audit_problems.csv").read_text(encoding="utf-8")
    for objection in sample.objections:
        assert objection.identifier not in text and objection.canonical not in text


def test_not_in_inventory_is_every_file_no_glob_matches(sample, gold):
    unlisted = {key for key, path in sample.input_files() if sample.dataset_for(path) is None}
    assert unlisted == {row["file"] for row in by_problem(gold, "not_in_inventory")}
    assert unlisted == {"exports/callcenter/callbacks_2026-11.ndjson"}


def test_overdue_files_are_those_past_retention_by_received_date(sample, gold):
    overdue = set()
    for key, path in sample.input_files():
        entry = sample.dataset_for(path)
        retention = sample.retention_for(entry) if entry else None
        if retention is None or retention.after or entry.received_from.kind == "file_time":
            continue
        try:
            received = sample.received_date(path, entry)
        except ReaderError:
            continue
        if received is not None and retention.overdue(received, sample.today):
            overdue.add(key)
    rows = by_problem(gold, "overdue_file")
    assert overdue == {row["file"] for row in rows}
    assert "exports/brightbank/crm_export_2026-10.csv" in overdue
    assert any(key.startswith("transcripts/") for key in overdue)
    for row in rows:
        assert sample.dataset_for(row["file"]).dataset == row["dataset"]


def test_overdue_staff_records_are_past_one_year_after_leaving(sample, gold, samples_dir):
    (row,) = by_problem(gold, "overdue_records")
    path = samples_dir / row["file"]
    retention = sample.retention_for(sample.dataset_for(path))
    assert str(retention) == "P1Y after:leaving_date"
    assert Retention.parse("P2Y after:date de départ").after == "date de départ"   # headers have spaces
    dates = column_dates(path, retention.after)
    overdue = [r for r, d in zip(dates["row"], dates["date"]) if d is not None and retention.overdue(d, sample.today)]
    assert overdue and [int(r) for r in row["detail"].split("rows ")[1].split()] == overdue
    staff = pq.read_table(path).to_pandas()
    assert staff["leaving_date"].head(12).isna().all(), "the agents still work here"


def test_objector_is_in_a_later_call_list(sample, gold, samples_dir):
    (row,) = by_problem(gold, "objector_in_later_data")
    (objection,) = [o for o in sample.objections if o.right == "objection"]
    assert row["client"] == objection.client == sample.dataset_for(row["file"]).client
    path = samples_dir / row["file"]
    received = sample.received_date(path)
    assert objection.date < received
    line = int(re.search(r"row (\d+)", row["detail"]).group(1))
    calls = pd.read_csv(path, dtype=str)
    assert normalise(objection.identifier_type, calls.loc[line, "phone"], sample.scanner.phone_regions) \
        == objection.canonical
    # the lead was created after the objection too: a violation however the list is dated
    assert dt.date.fromisoformat(calls.loc[line, "created_at"][:10]) > objection.date
    # and nowhere else in the list
    spelled = calls["phone"].map(lambda v: normalise("phone", v, sample.scanner.phone_regions))
    assert (spelled == objection.canonical).sum() == 1
    assert any(r.type == "objection" and r.received == objection.date and r.client == objection.client
               for r in sample.requests)


def test_the_late_request_is_later_than_one_month(sample, gold):
    rows = by_problem(gold, "late_request")
    late = {r.id for r in sample.requests if r.late(sample.today)}
    assert late == {row["detail"].split()[0] for row in rows}
    for request in sample.requests:
        if request.id in late:
            assert request.answered is not None and request.answered > request.received + dt.timedelta(days=31)
            assert not request.extended
    # an extended request answered after one month but within three is on time
    assert any(r.extended and r.answered > r.received + dt.timedelta(days=31) and not r.late()
               for r in sample.requests)


def test_failed_and_unsigned_agents(sample, gold, samples_dir):
    staff = pq.read_table(samples_dir / "exports/callcenter/staff.parquet").to_pandas().head(12)
    names = dict(zip(staff["employee_id"], staff["full_name"]))
    assert {r.agent: r.name for r in sample.training.records} == names
    failed = {r.agent for r in sample.training.records if not r.passed(sample.training.pass_mark)}
    unsigned = {r.agent for r in sample.training.records if not r.code_of_conduct_signed}
    assert failed == {row["detail"].split()[0] for row in by_problem(gold, "exam_failed")}
    assert unsigned == {row["detail"].split()[0] for row in by_problem(gold, "code_of_conduct_unsigned")}
    assert len(failed) == 2 and len(unsigned) == 1 and not failed & unsigned
    for record in sample.training.records:
        assert (record.exam_score < 90) == (record.agent in failed)
    transcripts = " ".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in (samples_dir / "transcripts").rglob("*") if p.is_file())
    for agent in failed | unsigned:
        assert names[agent] in transcripts, "agents with problems take calls"


# --- the documentation ----------------------------------------------------------------------------
def test_the_documented_example_loads(tmp_path):
    doc = (ROOT / "docs" / "audit-config.md").read_text(encoding="utf-8")
    example = doc.split("## Example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "exports").mkdir()
    (tmp_path / "transcripts").mkdir()
    (tmp_path / "audit.yaml").write_text(example, encoding="utf-8")
    cfg = load_audit_config(tmp_path / "audit.yaml")
    assert [e.client for e in cfg.inventory] == ["brightbank", "callcenter", "brightbank"]


def test_every_key_is_documented():
    from ccaudit.audit import configuration as audit_config

    doc = (ROOT / "docs" / "audit-config.md").read_text(encoding="utf-8")
    for keys in (audit_config.TOP_KEYS, audit_config.INPUT_KEYS, audit_config.ENTRY_KEYS, audit_config.TRANSFER_KEYS, audit_config.READINESS_KEYS,
                 audit_config.TRAINING_KEYS, audit_config.RECORD_KEYS, audit_config.REQUEST_KEYS,
                 audit_config.OBJECTION_KEYS, audit_config.IDENTIFIER_KEYS):
        for key in keys:
            assert f"`{key}`" in doc or f"`records[].{key}`" in doc or f"`identifier.{key}`" in doc, key


def test_every_command_takes_an_audit_configuration_for_its_scanner_settings(samples_dir, tmp_path):
    """`--config` of the scans, the index and the notebooks may be the audit YAML: its
    `scanner` section is used, and the rest of the file is checked all the same."""
    from ccaudit.settings import load_config

    config = load_config(samples_dir / "audit.yaml")
    audit = load_audit_config(samples_dir / "audit.yaml")
    assert config == audit.scanner
    assert Path(config.index.db) == audit.inputs.db
    for folder in ("exports", "outbound", "transcripts"):
        (tmp_path / folder).symlink_to(samples_dir / folder)
    bad = tmp_path / "audit.yaml"
    bad.write_text((samples_dir / "audit.yaml").read_text(encoding="utf-8")
                   .replace("role: processor", "role: owner", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"inventory\[0\]\.role"):
        load_config(bad)
