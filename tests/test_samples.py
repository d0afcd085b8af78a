"""Tests of the synthetic sample generator (``ccaudit.samples``).

The files are read here with pandas, openpyxl, json and pyarrow directly, never with
ccaudit's own readers, so these tests check the data set rather than the readers.
"""
from __future__ import annotations

import csv
import datetime as dt
import ipaddress
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import phonenumbers
import pyarrow.parquet as pq
import pytest
from stdnum import iban, luhn
from stdnum.be import bis, nn
from stdnum.fr import nir
from stdnum.nl import bsn

from ccaudit.samples import generate
from ccaudit.samples.__main__ import main

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data_samples"
REFERENCE_DATE = dt.date(2026, 11, 1)
ENTITIES = {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "BE_NATIONAL_NUMBER",
            "NL_BSN", "FR_NIR", "LOCATION", "DATE_OF_BIRTH", "IP_ADDRESS"}
# rows per (file, sheet) at scale 1, as the brief sets them
ROWS = {
    ("brightbank/crm_export_2026-10.csv", ""): 400,
    ("telecomfr/clients_2026T3.xlsx", "Clients"): 300,
    ("telecomfr/clients_2026T3.xlsx", "Commandes"): 600,
    ("telecomfr/clients_2026T3.xlsx", "Produits"): 25,
    ("nlenergie/klanten.json", ""): 250,
    ("callcenter/callbacks_2026-11.ndjson", ""): 500,
    ("callcenter/staff.parquet", ""): 60,
    ("callcenter/call_list_week47.csv", ""): 400,
}
TEXT_SUFFIXES = {".csv", ".json", ".ndjson", ".md"}


# --- reading the files directly ------------------------------------------------------------
def read_tables(exports: Path, source: str) -> dict[str, pd.DataFrame]:
    """{sheet: table} of one readable file; the sheet is "" outside Excel."""
    path = exports / source
    if source == "brightbank/crm_export_2026-10.csv":
        return {"": pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)}
    if path.suffix == ".csv":
        return {"": pd.read_csv(path, dtype=str)}
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        tables = {}
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            tables[ws.title] = pd.DataFrame(rows[1:], columns=list(rows[0]), dtype=object)
        return tables
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"": pd.DataFrame([flatten(k) for k in data["klanten"]])}
    if path.suffix == ".ndjson":
        lines = path.read_text(encoding="utf-8").splitlines()
        return {"": pd.DataFrame([json.loads(line) for line in lines], dtype=object)}
    if path.suffix == ".parquet":
        return {"": pq.read_table(path).to_pandas()}
    raise AssertionError(f"no reader for {source}")


def flatten(obj: dict, prefix: str = "") -> dict:
    """Nested objects to dotted names, in document order; lists are kept as values."""
    out = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def read_gold(root: Path) -> list[dict[str, str]]:
    with open(root / "gold" / "columns.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_errors(root: Path) -> list[dict[str, str]]:
    with open(root / "gold" / "errors.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def present(series: pd.Series) -> list:
    return [v for v in series.tolist() if v is not None and not (isinstance(v, float) and v != v)]


def table_content(path: Path) -> object:
    """Comparable content of a binary file (cell values, or the Arrow table)."""
    if path.suffix == ".xlsx" and zipfile.is_zipfile(path):
        wb = openpyxl.load_workbook(path)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    return path.read_bytes()


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "a"
    generate(out, scale=1)
    return out


@pytest.fixture(scope="module")
def gold(sample) -> list[dict[str, str]]:
    return read_gold(sample)


@pytest.fixture(scope="module")
def tables(sample, gold) -> dict[tuple[str, str], pd.DataFrame]:
    out = {}
    for source in dict.fromkeys(row["source"] for row in gold):
        for sheet, table in read_tables(sample / "exports", source).items():
            out[(source, sheet)] = table
    return out


def gold_columns_with(gold, entity: str) -> list[dict[str, str]]:
    return [row for row in gold if row["entities"] == entity]


# --- determinism -------------------------------------------------------------------------------
def test_same_seed_gives_the_same_files(sample, tmp_path):
    again = tmp_path / "b"
    generate(again, scale=1)
    assert files_under(again) == files_under(sample)
    for name in files_under(sample):
        a, b = sample / name, again / name
        if a.suffix in TEXT_SUFFIXES:
            assert a.read_bytes() == b.read_bytes(), name
        else:
            assert table_content(a) == table_content(b), name


def test_another_seed_gives_other_data(sample, tmp_path):
    other = tmp_path / "c"
    generate(other, scale=1, seed=7, only=["crm"])
    source = "exports/brightbank/crm_export_2026-10.csv"
    assert (other / source).read_bytes() != (sample / source).read_bytes()


def test_parallel_jobs_write_the_same_files(sample, tmp_path):
    generate(tmp_path, scale=1, only=["energie", "calllist"], jobs=2)
    for name in ("nlenergie/klanten.json", "callcenter/call_list_week47.csv"):
        assert (tmp_path / "exports" / name).read_bytes() == (sample / "exports" / name).read_bytes()


def test_committed_samples_match_a_fresh_generation(sample):
    assert COMMITTED.is_dir(), "run: python -m ccaudit.samples --out data_samples"
    assert files_under(COMMITTED) == files_under(sample)
    for name in files_under(sample):
        committed, fresh = COMMITTED / name, sample / name
        if fresh.suffix in TEXT_SUFFIXES:
            assert committed.read_bytes() == fresh.read_bytes(), f"{name} differs: regenerate data_samples"
        else:
            assert table_content(committed) == table_content(fresh), f"{name} differs: regenerate data_samples"


# --- gold labels -------------------------------------------------------------------------------
def test_gold_lists_every_column_of_every_readable_file(sample, gold, tables):
    from_files = {(source, sheet, str(column)) for (source, sheet), table in tables.items()
                  for column in table.columns}
    from_gold = {(row["source"], row["sheet"], row["column"]) for row in gold}
    assert from_gold == from_files
    assert len(gold) == len(from_gold), "a column is listed twice"
    broken = {row["source"] for row in read_errors(sample)}
    readable = {row["source"] for row in gold}
    assert broken == {"brightbank/partial_upload.csv", "telecomfr/broken_export.xlsx"}
    assert sorted(readable | broken) == files_under(sample / "exports")
    assert not readable & broken


def test_gold_columns_are_in_file_order(gold, tables):
    for (source, sheet), table in tables.items():
        listed = [row["column"] for row in gold if row["source"] == source and row["sheet"] == sheet]
        assert listed == [str(c) for c in table.columns]


def test_gold_entities_are_known_sorted_names(gold):
    for row in gold:
        names = row["entities"].split(";") if row["entities"] else []
        assert set(names) <= ENTITIES, row
        assert names == sorted(names), row
    assert {n for row in gold for n in row["entities"].split(";") if n} == ENTITIES


def test_crm_has_the_brief_columns(gold):
    crm = {row["column"]: row["entities"] for row in gold
           if row["source"] == "brightbank/crm_export_2026-10.csv"}
    assert len(crm) == 15
    assert crm["rijksregisternummer"] == "BE_NATIONAL_NUMBER"
    assert crm["opmerking"] == "PERSON;PHONE_NUMBER"
    assert crm["saldo"] == crm["klant_id"] == crm["laatste_contact"] == ""


# --- identifiers are valid -------------------------------------------------------------------
VALIDATORS = {
    "BE_NATIONAL_NUMBER": lambda v: nn.is_valid(v) or bis.is_valid(v),
    "NL_BSN": bsn.is_valid,
    "FR_NIR": nir.is_valid,
    "IBAN_CODE": iban.is_valid,
    "CREDIT_CARD": lambda v: luhn.is_valid(v.replace(" ", "")) and len(v.replace(" ", "")) == 16
    and v[0] in "245",
    # case-insensitive: some planted subjects' addresses are upper or mixed case on purpose
    "EMAIL_ADDRESS": lambda v: re.fullmatch(r"[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", v, re.I) is not None,
    "IP_ADDRESS": lambda v: ipaddress.ip_address(v) is not None,
}


def is_valid_phone(value: str) -> bool:
    for region in ("BE", "NL", "FR"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            pass
    return False


@pytest.mark.parametrize("entity", sorted(VALIDATORS) + ["PHONE_NUMBER"])
def test_identifier_columns_validate(entity, gold, tables):
    check = is_valid_phone if entity == "PHONE_NUMBER" else VALIDATORS[entity]
    columns = gold_columns_with(gold, entity)
    assert columns
    for row in columns:
        values = present(tables[(row["source"], row["sheet"])][row["column"]])
        assert len(values) > 50, row
        bad = [v for v in values if not check(str(v))]
        assert not bad, f"{row['source']} {row['column']}: {bad[:5]}"


def test_crm_national_numbers_match_birth_dates_and_include_bis(tables):
    crm = tables[("brightbank/crm_export_2026-10.csv", "")]
    n_bis = 0
    for number, born in zip(crm["rijksregisternummer"], crm["geboortedatum"]):
        assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", number)
        module = bis if bis.is_valid(number) else nn
        n_bis += module is bis
        assert module.get_birth_date(number) == dt.datetime.strptime(born, "%d/%m/%Y").date()
    assert 0.04 < n_bis / len(crm) < 0.2


def age(born: dt.date) -> int:
    return REFERENCE_DATE.year - born.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day))


def test_birth_dates_are_adults(gold, tables):
    for row in gold_columns_with(gold, "DATE_OF_BIRTH"):
        for value in present(tables[(row["source"], row["sheet"])][row["column"]]):
            if isinstance(value, str):
                born = (dt.datetime.strptime(value, "%d/%m/%Y") if "/" in value
                        else dt.datetime.strptime(value, "%Y-%m-%d")).date()
            else:
                born = value.date() if isinstance(value, dt.datetime) else value
            assert 18 <= age(born) <= 90, (row["column"], value)


def test_phone_spellings_are_mixed(tables):
    gsm = present(tables[("brightbank/crm_export_2026-10.csv", "")]["gsm"])
    for spelling in (r"04\d\d \d\d \d\d \d\d", r"04\d\d/\d\d\.\d\d\.\d\d", r"\+32 4\d\d \d\d \d\d \d\d",
                     r"\+324\d{8}", r"00324\d{8}"):
        assert any(re.fullmatch(spelling, v) for v in gsm), spelling
    nl = present(tables[("nlenergie/klanten.json", "")]["contact.telefoon"])
    for spelling in (r"06-\d{8}", r"\+31 6 \d{8}"):
        assert any(re.fullmatch(spelling, v) for v in nl), spelling
    fr = present(tables[("telecomfr/clients_2026T3.xlsx", "Clients")]["téléphone"])
    for spelling in (r"0[67] \d\d \d\d \d\d \d\d", r"\+33 [67] \d\d \d\d \d\d \d\d", r"0\d \d{3} \d\d \d\d"):
        assert any(re.fullmatch(spelling, v) for v in fr), spelling


def mentions_phone(text: str) -> bool:
    return any(any(True for _ in phonenumbers.PhoneNumberMatcher(text, region)) for region in ("BE", "NL", "FR"))


@pytest.mark.parametrize("source,sheet,column", [
    ("brightbank/crm_export_2026-10.csv", "", "opmerking"),
    ("telecomfr/clients_2026T3.xlsx", "Clients", "commentaire"),
    ("callcenter/callbacks_2026-11.ndjson", "", "note"),
])
def test_notes_mention_phones_and_some_are_empty(tables, source, sheet, column):
    values = tables[(source, sheet)][column]
    notes = present(values)
    assert 0.15 < 1 - len(notes) / len(values) < 0.4
    assert sum(mentions_phone(v) for v in notes) / len(notes) >= 0.5
    assert len(set(notes)) > 0.5 * len(notes)


def test_look_alike_columns_hold_no_e_mail_or_iban(gold, tables):
    for row in gold:
        if row["entities"]:
            continue
        for value in present(tables[(row["source"], row["sheet"])][row["column"]])[:200]:
            text = str(value)
            assert "@" not in text, row
            assert not iban.is_valid(text), row


# --- formats ---------------------------------------------------------------------------------
def test_crm_is_cp1252_not_utf8(sample):
    raw = (sample / "exports/brightbank/crm_export_2026-10.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert re.search("[éèëçô]", text)
    assert text.splitlines()[0].count(";") == 14


def test_excel_dates_are_real_dates(sample):
    wb = openpyxl.load_workbook(sample / "exports/telecomfr/clients_2026T3.xlsx")
    for sheet, column in (("Clients", "date de naissance"), ("Commandes", "date_commande")):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        cell = ws.cell(row=2, column=header.index(column) + 1)
        assert cell.is_date and isinstance(cell.value, dt.datetime)


def test_parquet_columns_are_typed(sample):
    schema = pq.read_schema(sample / "exports/callcenter/staff.parquet")
    assert str(schema.field("birth_date").type) == "date32[day]"
    assert str(schema.field("hire_date").type) == "date32[day]"
    assert str(schema.field("exam_score").type) == "double"
    assert str(schema.field("national_number").type) == "string"


def test_json_is_nested_with_some_missing_emails(sample):
    data = json.loads((sample / "exports/nlenergie/klanten.json").read_text(encoding="utf-8"))
    assert set(data) == {"export_datum", "klanten"}
    first = data["klanten"][0]
    assert set(first["persoon"]) == {"naam", "geboortedatum", "bsn", "email"}
    assert isinstance(first["meterstanden"], list) and isinstance(first["meterstanden"][0], dict)
    missing = sum(k["persoon"]["email"] is None for k in data["klanten"])
    assert 0 < missing < 0.15 * len(data["klanten"])


def test_broken_files_are_unreadable(sample):
    with pytest.raises(pd.errors.ParserError):
        pd.read_csv(sample / "exports/brightbank/partial_upload.csv", sep=";", encoding="cp1252")
    with pytest.raises(Exception):
        openpyxl.load_workbook(sample / "exports/telecomfr/broken_export.xlsx")
    assert (sample / "README.md").read_text(encoding="utf-8").count("synthetic") >= 1


# --- scale and CLI -----------------------------------------------------------------------------
def row_counts(root: Path) -> dict[tuple[str, str], int]:
    counts = {}
    for source in dict.fromkeys(row["source"] for row in read_gold(root)):
        for sheet, table in read_tables(root / "exports", source).items():
            counts[(source, sheet)] = len(table)
    return counts


def test_scale_one_has_the_brief_row_counts(sample):
    assert row_counts(sample) == ROWS


def test_scale_multiplies_every_row_count(tmp_path):
    generate(tmp_path, scale=3)
    assert row_counts(tmp_path) == {key: 3 * rows for key, rows in ROWS.items()}


def test_cli_only_writes_the_chosen_files(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--only", "crm,staff", "--scale", "2", "--seed", "5"]) == 0
    assert files_under(tmp_path / "exports") == ["brightbank/crm_export_2026-10.csv",
                                                  "callcenter/staff.parquet"]
    assert {row["source"] for row in read_gold(tmp_path)} == {"brightbank/crm_export_2026-10.csv",
                                                             "callcenter/staff.parquet"}
    assert read_errors(tmp_path) == []
    assert "rows=800" in capsys.readouterr().out


def test_cli_rejects_unknown_keys(tmp_path):
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path), "--only", "nope"])
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path), "--scale", "0"])


def test_module_runs_as_a_script(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ccaudit.samples", "--out", str(tmp_path), "--only", "staff"],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "exports/callcenter/staff.parquet").is_file()
