"""The retention report finds every planted retention problem of the samples, and nothing else;
status boundaries; unreadable files are listed, never raised."""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import pytest

from ccaudit.report import plots
from ccaudit.audit import retention
from ccaudit.audit.configuration import load_audit_config
from ccaudit.audit.retention import (EXPIRING, NO_RECEIVED_DATE, NO_RULE, NOT_IN_INVENTORY, OK, OVERDUE,
                               RECORDS_OVERDUE, UNREADABLE, retention_status)


@pytest.fixture(scope="module")
def audit(samples_dir):
    return load_audit_config(samples_dir / "audit.yaml")


@pytest.fixture(scope="module")
def gold(samples_dir):
    return pd.read_csv(samples_dir / "gold" / "audit_problems.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def files(audit):
    return retention.file_retention(audit)


@pytest.fixture(scope="module")
def indexed(audit, tmp_path_factory):
    """An index of the two exports holding overdue data: the overdue CRM export and staff."""
    from ccaudit.index.build import build_index
    from ccaudit.index.db import connect

    db = tmp_path_factory.mktemp("index") / "ccaudit.duckdb"
    exports = audit.inputs.exports[0]
    build_index([exports / "brightbank" / "crm_export_2026-10.csv",
                 exports / "callcenter" / "staff.parquet"], db=db, config=audit.scanner)
    con = connect(db, read_only=True)
    yield con
    con.close()


# ------------------------------------------------------------------- planted problems

def test_every_overdue_file_is_found_and_nothing_else(files, gold):
    planted = set(gold.loc[gold["problem"] == "overdue_file", "file"])
    assert set(files.loc[files["status"] == OVERDUE, "file"]) == planted
    # The gold's due date is the expiry the report computes.
    for _, row in gold[gold["problem"] == "overdue_file"].iterrows():
        found = files.set_index("file").loc[row["file"]]
        assert f"due {found['expires']:%Y-%m-%d}" in row["detail"]
        assert found["client"] == row["client"] and found["dataset"] == row["dataset"]


def test_overdue_records_are_the_planted_rows(audit, files, gold):
    planted = gold[gold["problem"] == "overdue_records"]
    assert set(files.loc[files["status"] == RECORDS_OVERDUE, "file"]) == set(planted["file"])
    records = retention.overdue_records(audit)
    for _, row in planted.iterrows():
        wanted = {int(n) for n in row["detail"].split("rows ")[1].split()}
        assert set(records.loc[records["file"] == row["file"], "row"]) == wanted
    assert set(records["file"]) == set(planted["file"])
    assert (records["expires"] < audit.today).all() and (records["days_overdue"] > 0).all()


def test_data_not_in_the_inventory_is_found(files, gold):
    planted = set(gold.loc[gold["problem"] == "not_in_inventory", "file"])
    assert set(files.loc[files["status"] == NOT_IN_INVENTORY, "file"]) == planted
    unknown = retention.unknown_data(files)
    assert planted <= set(unknown["file"])
    assert (unknown.loc[unknown["status"] == NOT_IN_INVENTORY, "dataset"] == "").all()


def test_every_file_under_the_inputs_is_reported_once(audit, files):
    assert sorted(files["file"]) == [key for key, _ in audit.input_files()]
    assert files["status"].isin(retention.STATUSES).all()


def test_headline_and_summaries_count_the_planted_problems(audit, files, gold):
    figures = retention.headline_figures(files)
    assert figures["overdue_files"] == (gold["problem"] == "overdue_file").sum()
    assert figures["overdue_transcripts"] == gold["file"].str.startswith("transcripts/").sum()
    assert figures["not_in_inventory"] == 1 and figures["files_with_overdue_records"] == 1
    assert f"{figures['overdue_files']} held past their retention" in retention.headline(files, audit.today)
    by_client = retention.overdue_by_client(files).set_index("client")
    assert by_client.loc["brightbank", "overdue_files"] == 7
    assert by_client.loc["callcenter", "overdue_records"] == 8
    datasets = retention.dataset_retention(files).set_index(["client", "dataset"])
    assert datasets.loc[("brightbank", "transcripts/brightbank/*"), "status"] == OVERDUE
    assert datasets.loc[("callcenter", "(not in inventory)"), "status"] == NOT_IN_INVENTORY
    assert datasets["files"].sum() == len(files)


def test_subjects_and_entities_affected_come_from_the_index(audit, indexed):
    files = retention.file_retention(audit, indexed).set_index("file")
    crm = files.loc["exports/brightbank/crm_export_2026-10.csv"]
    assert crm["status"] == OVERDUE and crm["overdue_records"] == crm["records"] > 0
    assert 0 < crm["subjects"] <= crm["records"]
    assert {"EMAIL_ADDRESS", "IBAN_CODE", "BE_NATIONAL_NUMBER"} <= set(crm["entities"].split(", "))
    staff = files.loc["exports/callcenter/staff.parquet"]
    assert staff["overdue_records"] == 8 and 0 < staff["subjects"] <= 8
    records = retention.overdue_records(audit, indexed)
    assert len(records) == 8 and (records["subjects"] >= 1).all()
    assert records["entities"].str.len().gt(0).all()
    # Not indexed: nothing counted, nothing invented.
    assert pd.isna(files.loc["exports/callcenter/call_list_week47.csv", "subjects"])


def test_charts_are_built(audit, files):
    timeline = plots.retention_timeline(files, audit.today)
    assert {t.name for t in timeline.data} >= {OVERDUE, EXPIRING, OK}
    assert any(a.text.startswith("audit date 2026-11-28") for a in timeline.layout.annotations)
    bars = plots.overdue_chart(retention.overdue_by_client(files))
    assert list(bars.data[0].x) == sorted(files["client"].unique())


# ------------------------------------------------------------------------ status logic

@pytest.mark.parametrize("expires, today, status", [
    ("2026-11-28", "2026-11-28", EXPIRING),    # the last day it may be kept: not yet overdue
    ("2026-11-27", "2026-11-28", OVERDUE),
    ("2026-12-28", "2026-11-28", EXPIRING),    # 30 days left
    ("2026-12-29", "2026-11-28", OK),          # 31 days left
])
def test_retention_status(expires, today, status):
    assert retention_status(dt.date.fromisoformat(expires), dt.date.fromisoformat(today)) == status


def _audit(tmp_path, audit_date: str, inventory: str, defaults: str = ""):
    config = tmp_path / "audit.yaml"
    config.write_text(textwrap.dedent(f"""\
        audit_date: {audit_date}
        inputs: {{exports: exports, db: index.duckdb}}
        retention_defaults: {{{defaults}}}
        inventory:
        """) + textwrap.indent(textwrap.dedent(inventory), "  "), encoding="utf-8")
    return load_audit_config(config)


ENTRY = """\
- dataset: {dataset}
  client: acme
  role: processor
  controller_contact: dpo@acme.example
  purpose: service calls
  legal_basis: contract
  usage: dialler
  deletion: secure delete
  received_from: {received_from}
"""


def _entry(dataset, received_from, retention=None, category=None):
    text = ENTRY.format(dataset=dataset, received_from=f"'{received_from}'")
    text += f"  retention: {retention}\n" if retention else ""
    return text + (f"  category: {category}\n" if category else "")


def _write(tmp_path, name, text):
    path = tmp_path / "exports" / "acme" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("audit_date, status", [
    ("2027-02-28", EXPIRING),     # 2026-08-31 + P6M is clamped to 2027-02-28: its last day
    ("2027-03-01", OVERDUE),
])
def test_month_end_expiry(tmp_path, audit_date, status):
    _write(tmp_path, "list_2026-08-31.csv", "name\nx\n")
    audit = _audit(tmp_path, audit_date,
                   _entry("exports/acme/*.csv", r"filename:list_(?P<date>[\d-]{10})", "P6M"))
    row = retention.file_retention(audit).iloc[0]
    assert row["expires"] == dt.date(2027, 2, 28) and row["status"] == status


def test_no_rule_no_date_and_unreadable_files_are_listed_not_raised(tmp_path):
    _write(tmp_path, "dated_2026-01-01.csv", "name\nx\n")
    _write(tmp_path, "undated.csv", "name\nx\n")
    _write(tmp_path, "orders.csv", "a;b\n\"unterminated\n")          # no created_at column
    _write(tmp_path, "staff.xlsx", "plain text, not a workbook")
    _write(tmp_path, "notes.txt", "stray file")
    inventory = (_entry("exports/acme/dated_*.csv", r"filename:_(?P<date>[\d-]{10})")
                 + _entry("exports/acme/undated.csv", r"filename:_(?P<date>[\d-]{10})", "P1M")
                 + _entry("exports/acme/orders.csv", "column:created_at", "P1M")
                 + _entry("exports/acme/staff.xlsx", "file_time", category="staff"))
    audit = _audit(tmp_path, "2026-11-28", inventory, "staff: P1Y after:leaving_date")
    files = retention.file_retention(audit).set_index("file")["status"].to_dict()
    assert files == {"exports/acme/dated_2026-01-01.csv": NO_RULE,
                     "exports/acme/undated.csv": NO_RECEIVED_DATE,
                     "exports/acme/orders.csv": UNREADABLE,
                     "exports/acme/staff.xlsx": UNREADABLE,
                     "exports/acme/notes.txt": NOT_IN_INVENTORY}
    table = retention.file_retention(audit)
    assert set(retention.unreadable(table)["file"]) == {"exports/acme/orders.csv",
                                                        "exports/acme/staff.xlsx"}
    assert len(retention.unknown_data(table)) == 5
    assert retention.overdue_records(audit).empty
    assert retention.headline_figures(table)["unknown_files"] == 5
