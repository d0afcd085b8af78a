"""BrightBank, a Belgian bank: a cp1252 ``;`` CRM export and a truncated upload."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ccaudit.samples import contact, identifiers, subjects, values
from ccaudit.samples.delimited import write_delimited
from ccaudit.samples.notes import notes
from ccaudit.samples.people import addresses_of, make_people, relatives
from ccaudit.samples.spec import (BE_NN, DOB, EMAIL, IBAN, LOCATION, PERSON, PHONE, ExportFile,
                                  col, file_rng, header)
from ccaudit.samples.vstr import amounts, blank, choose, strs

CRM_SOURCE = "brightbank/crm_export_2026-10.csv"
PARTIAL_SOURCE = "brightbank/partial_upload.csv"
CRM_ROWS = 400
PARTIAL_ROWS = 30
ENCODING = "cp1252"
SEGMENTS = ["SEG-A1", "SEG-A2", "SEG-B1", "SEG-B2", "SEG-B3", "SEG-C1", "SEG-P0", "SEG-X9"]

CRM_COLUMNS = [
    col("klant_id"),
    col("voornaam", PERSON),
    col("achternaam", PERSON),
    col("e-mailadres", EMAIL),
    col("gsm", PHONE),
    col("rijksregisternummer", BE_NN),
    col("geboortedatum", DOB),
    col("adres", LOCATION),
    col("postcode", LOCATION),
    col("gemeente", LOCATION),
    col("iban", IBAN),
    col("saldo"),
    col("laatste_contact"),
    col("segment"),
    col("opmerking", PERSON, PHONE),
]


def crm_rows(n: int, seed: int, rng: np.random.Generator) -> list[np.ndarray]:
    """``n`` rows of CRM data as columns, in :data:`CRM_COLUMNS` order ("" = empty)."""
    people = make_people(seed, {"nl_BE": 0.62, "fr_BE": 0.38}, n, rng)
    street, postcode, town = addresses_of(seed, people.locale, rng)
    national = identifiers.be_national_numbers(people.birth, people.male, rng, bis_share=0.1)
    balance = rng.lognormal(7.0, 1.6, n) * np.where(rng.random(n) < 0.08, -1, 1)
    rel = relatives(seed, people, rng)
    return [
        strs(values.increasing_ids(n, rng, 1_000_000, 6)),
        people.first,
        people.last,
        blank(people.emails(rng), 0.04, rng),
        blank(contact.phones("BE", n, rng), 0.03, rng),
        identifiers.format_be_nn(national),
        values.date_strings(people.birth, "dmy"),
        street,
        postcode,
        town,
        identifiers.format_iban(identifiers.ibans("BE", n, rng)),
        amounts(balance),
        values.timestamp_strings(values.office_timestamps(n, rng, "2025-01-02", "2026-10-31")),
        choose(SEGMENTS, n, rng, [3, 4, 5, 4, 2, 3, 1, 1]),
        notes("nl", rel.first, rel.last, rel.male, contact.phones("BE", n, rng, mobile_share=0.8), rng),
    ]


def write_crm(path: Path, scale: int, seed: int) -> dict[str, int]:
    """The CRM export: ``;``-separated, cp1252, CRLF line ends, Dutch headers."""
    n = CRM_ROWS * scale
    columns = crm_rows(n, seed, file_rng(seed, CRM_SOURCE))
    plant_subjects(columns, subjects.placed(seed, scale, "crm", "", n))
    write_delimited(path, header(CRM_COLUMNS), columns, sep=";", encoding=ENCODING, newline="\r\n")
    return {"": n}


def plant_subjects(columns: list[np.ndarray], placed: list[tuple[int, subjects.Record]]) -> None:
    """Write the planted people over their rows: name, birth date, national number and
    the identifiers the plan gives (see :mod:`ccaudit.samples.subjects`)."""
    at = {name: i for i, (name, _) in enumerate(CRM_COLUMNS)}
    target = {"email": "e-mailadres", "phone": "gsm", "national_number": "rijksregisternummer", "iban": "iban"}
    for row, record in placed:
        p = record.person
        columns[at["voornaam"]][row], columns[at["achternaam"]][row] = p.first, p.last
        columns[at["geboortedatum"]][row] = values.date_strings(np.array([p.birth]), "dmy")[0]
        for id_type, text in record.spelled().items():
            columns[at[target[id_type]]][row] = text


def write_partial_upload(path: Path, scale: int, seed: int) -> dict[str, int]:
    """A CRM upload cut off inside a quoted field: the last quote is never closed."""
    n = PARTIAL_ROWS * scale
    columns = crm_rows(n + 1, seed, file_rng(seed, PARTIAL_SOURCE))
    write_delimited(path, header(CRM_COLUMNS), [c[:n] for c in columns], sep=";", encoding=ENCODING,
                    newline="\r\n", quote_all=True)
    cut = header(CRM_COLUMNS).index("adres")
    last = [f'"{c[n]}"' for c in columns[:cut]] + ['"' + str(columns[cut][n])[:5]]
    with open(path, "ab") as fh:                         # the last row stops inside "adres"
        fh.write(";".join(last).encode(ENCODING))
    return {"": n}


FILES = [
    ExportFile("crm", CRM_SOURCE, write_crm, {"": (CRM_ROWS, CRM_COLUMNS)}),
    ExportFile("broken", PARTIAL_SOURCE, write_partial_upload, {},
               reason="truncated upload: unterminated quoted field at end of file"),
]
