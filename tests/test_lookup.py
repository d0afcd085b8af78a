"""One request lookup for every caller: the Python API, the command line and notebook 06 give
the same subject for every spelling of every identifier planted in the samples' exports,
including a phone number written nationally that is valid in two countries."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.settings import load_config
from ccaudit.errors import CcauditError
from ccaudit.index import lookup
from ccaudit.index.identifiers import ID_TYPES, normalise
from ccaudit.sources.tables import read_tables

ROOT = Path(__file__).resolve().parent.parent
# The session's audit run (and notebook 06) talk to their kernels over loopback.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])


@pytest.fixture(scope="module")
def index(run_folder, audit_yaml) -> Path:
    """The subject index the session's audit run built from the samples."""
    db = audit_yaml.parent / "ccaudit.duckdb"
    assert db.exists()
    return db


@pytest.fixture(scope="module")
def spellings(samples_dir, index) -> pd.DataFrame:
    """Every identifier of the gold's planted export records, as written in their cells:
    ``subject`` (the gold's), ``id_type``, ``value``, ``source`` and ``found`` (the subject the
    Python API gives). A record's cells are tried for each of its identifier types; the cells
    that are that identifier are the ones the index knows (a postcode also reads as a phone)."""
    config = load_config()
    regions = tuple(config.phone_regions)
    gold = pd.read_csv(samples_dir / "gold" / "subjects.csv", keep_default_na=False)
    gold = gold[(gold["kind"] == "export") & gold["identifier_type"].isin(ID_TYPES)]
    rows = []
    with lookup.open_index(index, config) as con:
        for source, records in gold.groupby("source"):
            wanted = {}
            for r in records.itertuples():
                wanted.setdefault((r.sheet, int(r.row)), []).append((r.subject, r.identifier_type))
            for chunk in read_tables(samples_dir / "exports" / source):
                for index_, record in chunk.frame.iterrows():
                    for subject, id_type in wanted.get((chunk.sheet or "", int(index_)), ()):
                        for value in record.dropna().astype(str):
                            if normalise(id_type, value, regions):
                                found = lookup.find(con, id_type, value, config)["subject"]
                                rows.append({"subject": subject, "id_type": id_type, "value": value,
                                             "source": source, "found": found})
    out = pd.DataFrame(rows).dropna(subset=["found"])
    # Every planted identifier of every record is found by one of its record's cells.
    planted = gold.groupby(["subject", "identifier_type", "source"]).size().index
    hit = set(out.groupby(["subject", "id_type", "source"]).size().index)
    missing = [p for p in planted if p not in hit]
    assert not missing, f"planted identifiers the API does not find: {missing[:5]}"
    out = out.drop_duplicates(["subject", "id_type", "value"], ignore_index=True)
    assert len(out) >= 40 and set(out["id_type"]) >= {"email", "phone"}
    return out


def _two_country_phone(spellings: pd.DataFrame) -> tuple[str, str]:
    """A planted French mobile (+33 6 …) written as a French caller says it, ``06 12 34 56 78``:
    valid in the Netherlands too, where it is read first (BE, NL, FR, … is the region order)."""
    for r in spellings[spellings["id_type"] == "phone"].itertuples():
        canonical = normalise("phone", r.value)
        if canonical and canonical.startswith("+336"):
            national = "0" + canonical[3:]
            spoken = " ".join(re.findall("..", national))
            if normalise("phone", spoken, ("NL",)) and normalise("phone", spoken, ("FR",)):
                return r.subject, spoken
    pytest.fail("no French mobile among the planted subjects")


def _cli(index: Path, id_type: str, value: str) -> str | None:
    result = CliRunner().invoke(app, ["subjects", "find", value, "--type", id_type,
                                      "--db", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["subject"]


def test_api_and_cli_give_one_subject_per_planted_person_for_every_spelling(index, spellings):
    subjects = spellings.groupby("subject")["found"].nunique()
    assert (subjects == 1).all(), f"spellings of one person give several subjects: {subjects[subjects > 1]}"
    # One index subject per planted person: two people are never merged (name twins included).
    assert spellings.groupby("found")["subject"].nunique().max() == 1
    # The command line, on the same index, for every spelling: the same subject.
    for r in spellings.itertuples():
        assert _cli(index, r.id_type, r.value) == r.found, (
            f"{r.subject} {r.id_type}: the CLI and the API disagree")


def test_a_phone_valid_in_two_countries_is_found_by_its_second_reading(index, spellings):
    config = load_config()
    subject, spoken = _two_country_phone(spellings)
    hasher = lookup.hasher_for(config)
    candidates = lookup.candidate_hashes("phone", spoken, hasher, tuple(config.phone_regions))
    assert len(candidates) >= 2
    with lookup.open_index(index, config) as con:
        resolved = lookup.request_hash(con, "phone", spoken, config)
        assert resolved != candidates[0], "the first (Dutch) reading is not the one indexed"
        expected = lookup.find(con, "phone", spoken, config)["subject"]
    planted = set(spellings.loc[spellings["subject"] == subject, "found"])
    assert planted == {expected}
    assert _cli(index, "phone", spoken) == expected


def test_notebook_06_finds_the_subject_the_cli_finds(index, spellings, tmp_path):
    """The notebook, run as a DPO runs it (papermill), names the subject the command line finds
    for the two-country phone and for an e-mail address in another case than the record's."""
    import nbformat

    from ccaudit.report.execute import execute_notebook

    config = load_config()
    _, spoken = _two_country_phone(spellings)
    email = spellings[spellings["id_type"] == "email"].iloc[0]["value"]
    for id_type, value in (("phone", spoken), ("email", email.upper())):
        expected = _cli(index, id_type, value)
        assert expected is not None
        out = tmp_path / f"06_{id_type}.ipynb"
        execute_notebook(
            ROOT / "notebooks" / "06_subject_request.ipynb", out, cwd=ROOT / "notebooks",
            parameters={"id_type": id_type, "value": value, "right": "erasure", "db_path": str(index),
                        "out_dir": str(tmp_path / "requests"), "exports_dir": "", "transcripts_dir": ""})
        text = "".join(o.get("text", "") for c in nbformat.read(out, 4).cells
                       for o in c.get("outputs", []) if o.get("output_type") == "stream")
        assert f"Subject {expected}:" in text, f"notebook 06 and the CLI disagree on {id_type}"
        assert value not in text  # the value itself is never printed
    with lookup.open_index(index, config) as con:
        with pytest.raises(CcauditError, match="another HMAC key"):
            lookup.request_hash(con, "email", email, config, key=b"not the index key")
