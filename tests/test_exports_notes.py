"""Free-text export columns (notes, comments) are read the way a call is read: names after
a title in any language, identifiers typed in lower case or spelled, masked examples only."""
from __future__ import annotations

import csv

import pytest

from ccaudit.detect.exports import scan_exports

SURNAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
            "Wouters", "De Smet", "Dubois", "Lambert"]
# Valid by checksum, synthetic.
IBANS = ["be71 0961 2345 6769", "nl91abna0417164300", "be68 5390 0754 7034"]


def _notes(i: int) -> str:
    name = SURNAMES[i % len(SURNAMES)]
    return [
        f"klant belde, wil dat we mevrouw {name} terugbellen morgen",
        f"le client demande que monsieur {name} rappelle demain matin",
        f"nieuwe rekening {IBANS[i % len(IBANS)]} doorgeven aan boekhouding",
        f"meneer {name} wil zijn adres wijzigen, belt later terug",
        f"rappel prévu, iban {IBANS[i % len(IBANS)]} à vérifier",
    ][i % 5]


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    root = tmp_path_factory.mktemp("notes")
    (root / "acme").mkdir()
    with open(root / "acme" / "tickets.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["ticket", "opmerking", "status"])
        writer.writeheader()
        for i in range(80):
            writer.writerow({"ticket": f"T-{1000 + i}", "opmerking": _notes(i),
                             "status": ["open", "closed"][i % 2]})
    return scan_exports([root])


def test_notes_hold_names_and_lower_case_ibans(scan):
    notes = scan.columns.set_index("column").loc["opmerking"]
    assert notes["kind"] == "free_text"
    assert {"PERSON", "IBAN_CODE"} <= set(notes["entities"].split(";"))


def test_notes_examples_are_masked(scan):
    notes = scan.columns.set_index("column").loc["opmerking"]
    shown = str(notes["examples"])
    assert shown
    assert not any(name in shown for name in SURNAMES)
    assert not any(iban in shown.lower() for iban in IBANS)


def test_other_columns_hold_no_personal_data(scan):
    others = scan.columns[scan.columns["column"] != "opmerking"]
    assert (others["entity_type"].fillna("") == "").all()
