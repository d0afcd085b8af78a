"""The sample audit configuration (``audit.yaml``) and the problems planted in it.

``audit.yaml`` documents the sample clients' data exchanges, retention, staff training,
rights requests and objections (field reference: ``docs/audit-config.md``). Some of it is
wrong on purpose, for the retention and rights-readiness reports to find:

- files kept longer than their retention (by the received date the inventory gives);
- former staff kept longer than one year after leaving (``P1Y after:leaving_date``);
- an export file that no inventory glob matches;
- an objector (planted subject S04, objection to direct marketing) in a later outbound
  call list;
- a rights request answered more than one month after it was received;
- agents who failed the e-learning exam (below 90 %) or did not sign the code of conduct.

``gold/audit_problems.csv`` lists them: ``problem, client, dataset, file, detail``. The
problems are computed here from the YAML (read back with PyYAML) and from the files as
written, never with :mod:`ccaudit.audit.configuration`, so that tests can hold one against the
other. Dates come from the generator's fixed dates; the audit date is 2026-11-28.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import fnmatch
import json
import re
from pathlib import Path
from string import Template

import numpy as np
import openpyxl
import pyarrow.parquet as pq
import yaml

from ccaudit.samples import outbound
from ccaudit.samples import subjects
from ccaudit.samples.callcenter import N_AGENTS, STAFF_SOURCE
from ccaudit.samples.exports import FILES
from ccaudit.samples.spec import file_rng

AUDIT_DATE = dt.date(2026, 11, 28)
PASS_MARK = 90.0
PROBLEMS = ("overdue_file", "overdue_records", "not_in_inventory", "objector_in_later_data",
            "late_request", "exam_failed", "code_of_conduct_unsigned", "undeclared_data",
            "declared_not_found", "cross_client_leak", "unsafe_transfer")
GOLD_COLUMNS = ["problem", "client", "dataset", "file", "detail"]
OBJECTOR_PATTERN = 3             # S04: an energy customer who is also on the call list
RESTRICTED_PATTERN = 9           # S10: e-mail only (CRM, telco, a brightbank call)
OBJECTION_DATE = dt.date(2026, 9, 15)
RESTRICTION_DATE = dt.date(2026, 11, 27)
SOURCES = {f.key: f.source for f in FILES}

TEMPLATE = Template(r"""# ccaudit audit configuration for the sample clients (written by python -m ccaudit.samples).
# Field reference: docs/audit-config.md. Relative paths resolve against this file's folder.
# This file holds personal data (staff names, the identifiers in `objections`): keep it
# with the same care as the exports, and out of reports.
#
# Some entries are wrong on purpose, for the reports to find: gold/audit_problems.csv.

# The day the audit is computed for (file ages, overdue data, open requests). Leave it out
# to use the day the audit runs; the sample fixes it so that its reports never change.
audit_date: 2026-11-28

inputs:
  exports: [exports, outbound]         # one folder or a list of folders (outbound: what we send)
  transcripts: transcripts
  db: ../reports/latest/ccaudit.duckdb # the subject index (DuckDB), created when missing

# Overrides of the scanner configuration (ccaudit/conf/default.yaml): give only what changes.
scanner:
  languages: [en, fr, nl]
  countries: [BE, NL, FR, LU]
  phone_regions: [BE, NL, FR, LU, DE, GB]
  index:
    key_file: null                     # the HMAC key: $$CCAUDIT_KEY, else ~/.config/ccaudit/hmac.key
    controller_clients: [callcenter]

# Retention per data category, for inventory entries that give no retention of their own.
# ISO 8601 durations; "after:<column>" counts from a date in each record instead of the
# received date (a record without that date is not due).
retention_defaults:
  transcripts: P90D
  recordings: P90D
  call_lists: P6M
  customer_records: P1Y
  staff: P1Y after:leaving_date
  returned_data: P3M

# The inventory of data exchanges (Art. 30): every file under the inputs should match one
# dataset glob (the first that matches wins). callbacks_2026-11.ndjson matches none.
inventory:
  - dataset: exports/brightbank/*.csv
    client: brightbank
    role: processor
    controller_contact: privacy@brightbank.example
    purpose: Service calls to current account holders about the migration of their account
    legal_basis: contract
    usage: >-
      The monthly CRM extract is loaded into the dialler; agents call each customer once,
      confirm the migration and note the outcome for BrightBank. Not used for marketing.
    category: customer_records
    received_from: 'filename:crm_export_(?P<date>\d{4}-\d{2})'   # a month: its first day
    retention: P1M                     # deleted one month after receipt, per the contract
    deletion: Secure delete from the SFTP drop and the dialler; deletion log sent to BrightBank
    data: [identity, contact, national_id, financial]
    subjects: [customers]

  - dataset: exports/telecomfr/*.xlsx
    client: telecomfr
    role: processor
    controller_contact: dpo@telecomfr.example
    purpose: Customer service for TelecomFR subscribers (orders, billing questions)
    legal_basis: contract
    usage: >-
      The quarterly customer and order workbook lets agents answer subscribers about their
      plan and orders. Card numbers are never read out.
    category: customer_records
    received_from: column:date_commande   # the latest order in the workbook
    retention: P90D
    deletion: Workbook deleted from the shared drive; TelecomFR confirms by e-mail
    data: [identity, contact, national_id, financial]
    subjects: [customers]

  - dataset: exports/nlenergie/*.json
    client: nlenergie
    role: processor
    controller_contact: privacy@nlenergie.example
    purpose: Customer service and meter-reading reminders for NL Energie customers
    legal_basis: contract
    usage: >-
      The customer export feeds the agents' screen when an NL Energie customer calls, and
      a reminder campaign for missing meter readings.
    category: customer_records
    received_from: file_time
    retention: P1Y
    deletion: Overwritten by the next export; the old file is securely deleted
    data: [identity, contact, national_id, financial]
    subjects: [customers]

  - dataset: exports/callcenter/staff.parquet
    client: callcenter
    role: controller
    controller_contact: dpo@ccbelgium.example
    purpose: Staff administration (contracts, pay, planning, training)
    legal_basis: contract
    usage: HR register of employees and former employees; payroll and planning use it.
    category: staff                    # P1Y after:leaving_date
    received_from: file_time
    deletion: Former employees' rows removed one year after leaving (HR monthly check)
    data: [employee_data]
    subjects: [employees]

  - dataset: exports/callcenter/call_list_*.csv
    client: callcenter
    role: controller
    controller_contact: dpo@ccbelgium.example
    purpose: Outbound retention and upsell campaigns run by the contact centre itself
    legal_basis: legitimate_interests
    usage: >-
      Weekly lead list loaded into the dialler for the contact centre's own campaigns;
      people who objected to direct marketing must be removed before loading.
    category: call_lists
    received_from: column:created_at   # the newest lead in the list
    deletion: Dialler campaign purged and the file deleted after six months
    data: [identity, contact]
    subjects: [prospects]

  - dataset: transcripts/brightbank/*
    client: brightbank
    role: processor
    controller_contact: privacy@brightbank.example
    purpose: Quality review of calls made for BrightBank
    legal_basis: legitimate_interests
    usage: Speech-to-text transcripts reviewed by team leaders for call quality.
    category: transcripts
    received_from: 'filename:-(?P<date>\d{8})-'
    retention: P14D                    # BrightBank allows two weeks, not the usual 90 days
    deletion: Transcripts and recordings purged by the recording platform's retention job
    data: [call_content, national_id, financial]
    subjects: [customers]

  - dataset: transcripts/telecomfr/*
    client: telecomfr
    role: processor
    controller_contact: dpo@telecomfr.example
    purpose: Quality review and dispute handling of calls made for TelecomFR
    legal_basis: legitimate_interests
    usage: Transcripts kept to settle billing disputes and coach agents.
    category: transcripts
    received_from: 'filename:-(?P<date>\d{8})-'
    deletion: Purged by the recording platform's retention job
    data: [call_content, national_id, financial]
    subjects: [customers]

  - dataset: transcripts/nlenergie/*
    client: nlenergie
    role: processor
    controller_contact: privacy@nlenergie.example
    purpose: Quality review of calls made for NL Energie
    legal_basis: legitimate_interests
    usage: Transcripts reviewed by team leaders; never used to profile customers.
    category: transcripts
    received_from: 'filename:-(?P<date>\d{8})-'
    deletion: Purged by the recording platform's retention job
    data: [call_content, national_id, financial]
    subjects: [customers]

  - dataset: transcripts/callcenter/*
    client: callcenter
    role: controller
    controller_contact: dpo@ccbelgium.example
    purpose: Quality review of the contact centre's own service line
    legal_basis: legitimate_interests
    usage: Transcripts of the contact centre's own calls, for coaching.
    category: transcripts
    received_from: 'filename:-(?P<date>\d{8})-'
    deletion: Purged by the recording platform's retention job
    data: [call_content, national_id, financial]
    subjects: [callers]

  # What the contact centre sends out. Returned to a client: call outcomes with the agents'
  # names (the contact centre is the controller of what it sends, the client its processor).
  - dataset: outbound/brightbank/*.csv
    client: brightbank
    direction: returned                # role: controller, client_role: processor (the defaults)
    controller_contact: dpo@ccbelgium.example
    purpose: Report the outcome of each migration call to BrightBank
    legal_basis: contract
    usage: One file a month with each customer's call outcome and the agent who called.
    category: returned_data
    received_from: 'filename:call_outcomes_(?P<date>\d{4}-\d{2})'
    deletion: Deleted from the outbound SFTP folder once BrightBank confirms receipt
    data: [identity, contact]          # customer e-mail and the agent's name; nothing else
    subjects: [customers, employees]
    recipients: [BrightBank NV]
    security: SFTP with key authentication; files encrypted at rest

  # Shared with a third party: the dialler vendor hosts the contact centre's campaigns.
  - dataset: outbound/callcenter/*.csv
    client: callcenter
    direction: shared
    role: controller
    purpose: Load the contact centre's own campaign leads into the hosted dialler
    legal_basis: legitimate_interests
    usage: A lead file per campaign day, uploaded to the dialler vendor's platform.
    category: call_lists
    received_from: 'filename:dialler_upload_(?P<date>\d{4}-\d{2}-\d{2})'
    deletion: The vendor purges a campaign's leads when the campaign closes
    data: [identity, contact, national_id]
    subjects: [prospects]
    recipients: [DialNow Inc.]
    transfers:
      - {country: US, recipient: DialNow Inc.}    # no safeguard given
    security: HTTPS upload; vendor access limited to the campaign team

# GDPR training of the agents (employee ids and names as in staff.parquet). The exam is the
# e-learning exam (pass mark below); staff.parquet's exam_score is another test.
training:
  pass_mark: 90
  records:
$training
# Rights requests received (Art. 15-21) and when they were answered (null: still open).
# Answer within one month of receipt (Art. 12(3)); extended: true allows two more months.
# `subject` is the case reference, never a raw identifier.
requests:
  - {id: REQ-2026-001, type: access, client: brightbank, received: 2026-06-02, forwarded: 2026-06-03, answered: 2026-06-24, subject: BrightBank case 2026-0412}
  - {id: REQ-2026-002, type: erasure, client: telecomfr, received: 2026-07-14, forwarded: 2026-07-15, answered: 2026-09-02, subject: TelecomFR ticket TF-88213}
  - {id: REQ-2026-003, type: portability, client: nlenergie, received: 2026-08-20, forwarded: 2026-08-21, extended: true, answered: 2026-10-09, subject: NL Energie zaak 5521}
  - {id: REQ-2026-004, type: objection, client: callcenter, received: $objection_date, answered: 2026-09-17, subject: callback ticket CC-2026-0871}
  - {id: REQ-2026-005, type: rectification, client: nlenergie, received: 2026-10-05, forwarded: 2026-10-06, answered: 2026-10-28, subject: NL Energie zaak 5604}
  - {id: REQ-2026-006, type: restriction, client: brightbank, received: $restriction_date, forwarded: 2026-11-27, answered: null, subject: BrightBank case 2026-0977}
  - {id: REQ-2026-007, type: access, client: callcenter, received: 2026-11-16, answered: null, subject: callback ticket CC-2026-1190}

# Objections (Art. 21) and restrictions (Art. 18) in force, with the identifier to look for.
# SENSITIVE: these are raw identifiers; reports show them masked or hashed only.
objections:
  - right: objection                   # to direct marketing (REQ-2026-004): absolute
    client: callcenter
    date: $objection_date
    identifier: {type: phone, value: '$objector_phone'}
  - right: restriction                 # REQ-2026-006, while the customer contests the data
    client: brightbank
    date: $restriction_date
    identifier: {type: email, value: '$restricted_email'}
""")


# --- writing ----------------------------------------------------------------------------------
def write_audit(out_dir: Path | str, seed: int, scale: int, written: dict[tuple[str, str], int],
                calls: list) -> None:
    """Write ``audit.yaml`` and ``gold/audit_problems.csv``, after every export (``written``:
    rows per (source, sheet)) and transcript (``calls``) was written."""
    out = Path(out_dir)
    agents = _agents(out, calls)
    plan = subjects.plan_subjects(seed, scale)
    objector = plan.people[OBJECTOR_PATTERN]
    restricted = plan.people[RESTRICTED_PATTERN]
    text = TEMPLATE.substitute(
        training=_training_yaml(agents, file_rng(seed, "audit/training")),
        objection_date=OBJECTION_DATE.isoformat(), restriction_date=RESTRICTION_DATE.isoformat(),
        objector_phone=objector.canonical("phone"), restricted_email=restricted.email)
    (out / "audit.yaml").write_text(text, encoding="utf-8", newline="\n")
    rows = problems(out, yaml.safe_load(text), seed, scale, written, calls,
                    {a["employee_id"]: a["clients"] for a in agents})
    (out / "gold").mkdir(parents=True, exist_ok=True)
    with open(out / "gold" / "audit_problems.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(GOLD_COLUMNS)
        writer.writerows(rows)


def _agents(out: Path, calls: list) -> list[dict]:
    """The agents (first staff rows) with the clients whose calls they took."""
    staff = pq.read_table(out / "exports" / STAFF_SOURCE, columns=["employee_id", "full_name", "hire_date"])
    agents = staff.slice(0, N_AGENTS).to_pylist()
    for agent in agents:
        agent["clients"] = sorted({c.client for c in calls if agent["full_name"] in c.turns[0].text})
    return agents


def _training_yaml(agents: list[dict], rng: np.random.Generator) -> str:
    """One record per agent: two who handle calls fail the exam, a third has not signed."""
    busy = [i for i, a in enumerate(agents) if a["clients"]]
    failed, unsigned = set(busy[:2]), busy[2]
    if len(busy) > 3:
        picked = rng.choice(busy, 3, replace=False).tolist()
        failed, unsigned = set(picked[:2]), picked[2]
    lines = []
    for i, agent in enumerate(agents):
        hired = agent["hire_date"]
        completed = max(hired, dt.date(2026, 1, 5)) + dt.timedelta(days=int(rng.integers(7, 120)))
        score = round(float(rng.uniform(62, 89)), 1) if i in failed else round(float(rng.uniform(90, 100)), 1)
        signed_on = max(hired, dt.date(2018, 5, 25)) + dt.timedelta(days=int(rng.integers(0, 10)))
        signed = i != unsigned
        lines.append(f"    - agent: {agent['employee_id']}\n"
                     f"      name: {json.dumps(agent['full_name'], ensure_ascii=False)}\n"
                     f"      elearning_completed: {completed.isoformat()}\n"
                     f"      exam_score: {score}\n"
                     f"      code_of_conduct_signed: {'true' if signed else 'false'}\n"
                     f"      code_of_conduct_date: {signed_on.isoformat() if signed else 'null'}\n")
    return "".join(lines)


# --- the problems, from the YAML and the files -------------------------------------------------
def problems(out: Path, config: dict, seed: int, scale: int, written: dict, calls: list,
             agent_clients: dict[str, list[str]]) -> list[list[str]]:
    """Gold rows, sorted by problem (in :data:`PROBLEMS` order), client and file.
    ``agent_clients``: the clients whose calls each agent took (for the details)."""
    audit_date = config["audit_date"]
    defaults = config["retention_defaults"]
    inventory = config["inventory"]
    files = _input_files(out)
    rows: list[list[str]] = []

    def entry_of(key: str) -> dict | None:
        return next((e for e in inventory if fnmatch.fnmatchcase(key, e["dataset"])), None)

    received: dict[str, dt.date | None] = {}
    for key in files:
        entry = entry_of(key)
        if entry is None:
            rows.append(["not_in_inventory", key.split("/")[1], "", key,
                         "no inventory dataset matches this file"])
            continue
        received[key] = _received(out / key, entry["received_from"])
        rule = str(entry.get("retention") or defaults[entry["category"]])
        period, _, after = rule.partition(" after:")
        if after:
            left = _overdue_rows(out / key, after, period, audit_date)
            if left:
                rows.append(["overdue_records", entry["client"], entry["dataset"], key,
                             f"{len(left)} records more than {period} past their {after}: rows "
                             + " ".join(map(str, left))])
        elif received[key] is not None and audit_date > _add(received[key], period):
            rows.append(["overdue_file", entry["client"], entry["dataset"], key,
                         f"received {received[key]}, retention {period}, due {_add(received[key], period)}"])

    rows += _objector_rows(config, seed, scale, calls, written, received, entry_of)
    for request in config["requests"]:
        deadline = _add(request["received"], "P3M" if request.get("extended") else "P1M")
        answered = request.get("answered")
        if (answered or audit_date) > deadline:
            rows.append(["late_request", request["client"], "", "",
                         f"{request['id']} {request['type']} received {request['received']}, "
                         f"answered {answered or 'not yet'}, deadline {deadline}"])
    staff_entry = entry_of(f"exports/{STAFF_SOURCE}")
    for record in config["training"]["records"]:
        where = ["callcenter", staff_entry["dataset"], f"exports/{STAFF_SOURCE}"]
        takes = "; takes calls for " + ", ".join(agent_clients.get(record["agent"]) or ["no client"])
        if record["exam_score"] is None or record["exam_score"] < config["training"]["pass_mark"]:
            rows.append(["exam_failed", *where, f"{record['agent']} scored {record['exam_score']} % "
                                                f"(pass mark {config['training']['pass_mark']} %){takes}"])
        if not record["code_of_conduct_signed"]:
            rows.append(["code_of_conduct_unsigned", *where, f"{record['agent']} has not signed{takes}"])
    rows += outbound.planted_problems()
    return sorted(rows, key=lambda r: (PROBLEMS.index(r[0]), r[1], r[3], r[4]))


def _objector_rows(config: dict, seed: int, scale: int, calls: list, written: dict, received: dict,
                   entry_of) -> list[list[str]]:
    """Records holding an objector's or restricted person's identifier, of the client bound by
    it, in files received after the objection (planted identifiers are nowhere else)."""
    plan = subjects.plan_subjects(seed, scale)
    rows = []
    for objection in config["objections"]:
        ident = objection["identifier"]
        person = next(p for p in plan.people if ident["value"] in (p.email, p.canonical("phone")))
        found: list[tuple[str, str]] = []                   # (file key, where in it)
        for record in plan.records:
            if record.person is not person or ident["type"] not in dict(record.ids):
                continue
            source = SOURCES[record.key]
            for row, placed in subjects.placed(seed, scale, record.key, record.sheet,
                                               written[(source, record.sheet)]):
                if placed is record:
                    found.append((f"exports/{source}", f"row {row}" + (f" of {record.sheet}" if record.sheet else "")))
        for call in calls:
            if call.person is person and any(t == ident["type"] for _, t, _, _ in call.planted):
                found.append((f"transcripts/{call.source}", f"call {call.call_id}"))
        for key, where in found:
            entry = entry_of(key)
            if entry is None or entry["client"] != objection["client"]:
                continue
            day = received.get(key)
            if day is not None and day > objection["date"]:
                rows.append(["objector_in_later_data", objection["client"], entry["dataset"], key,
                             f"{objection['right']} of {objection['date']} ({ident['type']}); "
                             f"file received {day}; {where}"])
    return rows


def _input_files(out: Path) -> list[str]:
    """Every file under exports/ and transcripts/, as ``exports/<client>/<file>`` keys."""
    return sorted(p.relative_to(out).as_posix() for folder in ("exports", "outbound", "transcripts")
                  for p in (out / folder).rglob("*") if p.is_file())


def _received(path: Path, rule: str) -> dt.date | None:
    """The received date by the inventory's rule; None for file_time (a checkout's time)."""
    if rule.startswith("filename:"):
        match = re.search(rule[len("filename:"):], path.name)
        if match is None:
            return None
        digits = match.group("date").replace("-", "")
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]) if len(digits) == 8 else 1)
    if rule.startswith("column:"):
        return max(_column_dates(path, rule[len("column:"):]), default=None)
    return None


def _column_dates(path: Path, column: str) -> list[dt.date]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as fh:
            return [dt.date.fromisoformat(r[column][:10]) for r in csv.DictReader(fh) if r[column]]
    if path.suffix == ".parquet":
        return [d for d in pq.read_table(path, columns=[column]).column(column).to_pylist() if d]
    out = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception:                                        # broken on purpose
        return []
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = list(next(rows, ()))
        if column in header:
            at = header.index(column)
            out += [r[at].date() if isinstance(r[at], dt.datetime) else r[at] for r in rows if r[at]]
    wb.close()
    return out


def _overdue_rows(path: Path, column: str, period: str, audit_date: dt.date) -> list[int]:
    """Rows whose ``column`` date plus ``period`` is before the audit date."""
    dates = pq.read_table(path, columns=[column]).column(column).to_pylist()
    return [i for i, d in enumerate(dates) if d is not None and audit_date > _add(d, period)]


def _add(day: dt.date, period: str) -> dt.date:
    """``day`` plus a duration of the forms used here (P14D, P90D, P1M, P6M, P1Y, P3M)."""
    number, unit = int(period[1:-1]), period[-1]
    if unit == "D":
        return day + dt.timedelta(days=number)
    months = day.month - 1 + number * (12 if unit == "Y" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
