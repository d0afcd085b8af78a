"""Outbound sample files: data the contact centre sends out, with problems planted for the
records of processing (Art. 30) to find.

* ``outbound/brightbank/call_outcomes_2026-11.csv`` — **returned** to BrightBank: the outcome
  of each migration call with the agent who made it (the contact centre's own staff data).
  Planted: an ``iban`` column the entry does not declare (data minimisation, Art. 5(1)(c)),
  and two rows of TelecomFR's customers (a cross-client leak).
* ``outbound/callcenter/dialler_upload_2026-11-20.csv`` — **shared** with a dialler vendor in
  the United States: leads of the contact centre's own call list. Planted: the transfer has no
  safeguard (Art. 44-49), and the entry declares national numbers the file never holds (a
  stale record).

Rows are drawn from the exports already written (never a planted subject's row, so the
other gold files keep their meaning); ``gold/outbound_columns.csv`` gives each column's
entities, and :func:`planted_problems` the gold problems.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ccaudit.samples.spec import file_rng

FOLDER = "outbound"
RETURNED = "brightbank/call_outcomes_2026-11.csv"
SHARED = "callcenter/dialler_upload_2026-11-20.csv"
LEAKED_ROWS = 2
OUTCOMES = ("gemigreerd", "terugbellen", "geen antwoord", "weigert", "gemigreerd")
# What each outbound file's inventory entry declares (audit.yaml), and what each column holds.
DECLARED = {RETURNED: ("identity", "contact"), SHARED: ("identity", "contact", "national_id")}
COLUMNS = {RETURNED: {"klant_id": "", "e-mailadres": "EMAIL_ADDRESS", "uitkomst": "",
                      "agent": "PERSON", "gebeld_op": "", "iban": "IBAN_CODE"},
           SHARED: {"lead_id": "", "naam": "PERSON", "telefoon": "PHONE_NUMBER", "campagne": ""}}
GROUPS = {"identity": ("PERSON", "DATE_OF_BIRTH"),
          "contact": ("EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION", "IP_ADDRESS"),
          "national_id": ("BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "LU_NATIONAL_NUMBER"),
          "financial": ("IBAN_CODE", "CREDIT_CARD")}


def _planted_rows(out: Path, source: str) -> set[int]:
    gold = out / "gold" / "subjects.csv"
    if not gold.exists():
        return set()
    subjects = pd.read_csv(gold, keep_default_na=False)
    return {int(r) for r in subjects.loc[subjects["source"] == source, "row"] if str(r).strip()}


def write_outbound(out_dir: Path | str, seed: int) -> list[str]:
    """Write the outbound files and ``gold/outbound_columns.csv``; returns their keys."""
    out = Path(out_dir)
    rng = file_rng(seed, "outbound")
    crm = pd.read_csv(out / "exports" / "brightbank" / "crm_export_2026-10.csv", sep=";", dtype=str,
                      encoding="cp1252")
    telecom = pd.read_excel(out / "exports" / "telecomfr" / "clients_2026T3.xlsx", sheet_name="Clients", engine="openpyxl",
                            dtype=str)
    staff = pd.read_parquet(out / "exports" / "callcenter" / "staff.parquet")
    calls = pd.read_csv(out / "exports" / "callcenter" / "call_list_week47.csv", dtype=str)

    free = [i for i in range(len(crm)) if i not in _planted_rows(out, "brightbank/crm_export_2026-10.csv")]
    picked = sorted(rng.choice(free, size=min(28, len(free)), replace=False).tolist())
    leak_free = [i for i in range(len(telecom)) if i not in _planted_rows(out, "telecomfr/clients_2026T3.xlsx")]
    leaked = sorted(rng.choice(leak_free, size=LEAKED_ROWS, replace=False).tolist())
    agents = staff["full_name"].head(6).tolist()
    rows = [[crm.at[i, "klant_id"], crm.at[i, "e-mailadres"], OUTCOMES[int(rng.integers(len(OUTCOMES)))],
             agents[int(rng.integers(len(agents)))], f"2026-11-{int(rng.integers(3, 27)):02d}",
             crm.at[i, "iban"]] for i in picked]
    for j, i in enumerate(leaked):
        # TelecomFR's customers in BrightBank's returned file: sent to the wrong client.
        rows.insert(5 + 9 * j, [str(2000000 + j), telecom.at[i, "courriel"], OUTCOMES[0], agents[0],
                                "2026-11-12", ""])
    _write(out / FOLDER / RETURNED, list(COLUMNS[RETURNED]), rows, sep=";")

    free = [i for i in range(len(calls)) if i not in _planted_rows(out, "callcenter/call_list_week47.csv")]
    picked = sorted(rng.choice(free, size=min(25, len(free)), replace=False).tolist())
    rows = [[calls.at[i, "lead_uuid"][:8], f"{calls.at[i, 'first_name']} {calls.at[i, 'last_name']}",
             calls.at[i, "phone"], calls.at[i, "campaign_code"]] for i in picked]
    _write(out / FOLDER / SHARED, list(COLUMNS[SHARED]), rows, sep=",")

    gold = out / "gold" / "outbound_columns.csv"
    gold.parent.mkdir(parents=True, exist_ok=True)
    with open(gold, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "sheet", "column", "entities"])
        for source, columns in COLUMNS.items():
            writer.writerows([source, "", name, entity] for name, entity in columns.items())
    return [f"{FOLDER}/{RETURNED}", f"{FOLDER}/{SHARED}"]


def _write(path: Path, header: list[str], rows: list[list[str]], sep: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def planted_problems() -> list[list[str]]:
    """Gold rows (problem, client, dataset, file, detail) of the records of processing."""
    rows = []
    for source, declared in DECLARED.items():
        key = f"{FOLDER}/{source}"
        client = source.split("/")[0]
        dataset = f"{FOLDER}/{source.rsplit('/', 1)[0]}/*.csv"
        covered = {e for g in declared for e in GROUPS[g]}
        found = {e for e in COLUMNS[source].values() if e}
        for entity in sorted(found - covered):
            rows.append(["undeclared_data", client, dataset, key, f"{entity} found, not declared"])
        for group in declared:
            if not found & set(GROUPS[group]):
                rows.append(["declared_not_found", client, dataset, "", f"{group} declared, never found"])
    rows.append(["cross_client_leak", "brightbank", f"{FOLDER}/brightbank/*.csv", f"{FOLDER}/{RETURNED}",
                 f"{LEAKED_ROWS} subjects of telecomfr"])
    rows.append(["unsafe_transfer", "callcenter", f"{FOLDER}/callcenter/*.csv", "",
                 "to US (DialNow Inc.) without a safeguard"])
    return rows


__all__ = ["COLUMNS", "DECLARED", "FOLDER", "RETURNED", "SHARED", "planted_problems", "write_outbound"]
