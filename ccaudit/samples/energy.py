"""NLEnergie, a Dutch energy supplier: a nested JSON customer export."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ccaudit.samples import contact, identifiers, subjects, values
from ccaudit.samples.people import addresses, make_people
from ccaudit.samples.pools import get_pools
from ccaudit.samples.spec import BSN, DOB, EMAIL, IBAN, LOCATION, PERSON, PHONE, ExportFile, col, file_rng
from ccaudit.samples.vstr import S, blank, cat, choose, fill, fill_rows, json_string, strs, where

SOURCE = "nlenergie/klanten.json"
ROWS = 250
EXPORT_DATE = "2026-10-31"
PRODUCTS = ["Groene Stroom Vast", "Groene Stroom Variabel", "Stroom & Gas Vast 1 jaar",
            "Stroom & Gas Vast 3 jaar", "Dynamisch Contract", "Groen Gas Variabel", "Zonnestroom Terugleveren"]
TAGS = ["vip", "groen", "zonnepanelen", "e-factuur", "slimme-meter", "maandbedrag", "nieuw", "opzegging"]

# Column names as a reader that flattens nested objects sees them.
COLUMNS = [
    col("klantnummer"), col("contract.uuid"), col("contract.product"), col("contract.startdatum"),
    col("persoon.naam", PERSON), col("persoon.geboortedatum", DOB), col("persoon.bsn", BSN),
    col("persoon.email", EMAIL), col("contact.telefoon", PHONE), col("adres.straat", LOCATION),
    col("adres.postcode", LOCATION), col("adres.plaats", LOCATION), col("iban", IBAN), col("tags"),
    col("meterstanden"), col("verbruik_kwh"),
]


def customers(n: int, seed: int, rng: np.random.Generator,
              planted: list[tuple[int, subjects.Record]] = ()) -> list[str]:
    """``n`` customer objects as compact JSON text (keys in export order), one per entry;
    the ``planted`` people (see :mod:`ccaudit.samples.subjects`) over their rows."""
    people = make_people(seed, {"nl_NL": 1.0}, n, rng)
    street, postcode, town = addresses(get_pools(seed)["nl_NL"], n, rng)
    start = values.dates_between(n, rng, "2012-01-01", "2026-10-01").astype("datetime64[M]")
    usage = np.round(rng.gamma(4.0, 700.0, n), 1)
    fields = {
        "klantnummer": fill("NL-{x:08d}", x=values.increasing_ids(n, rng, 12_000, 5)),
        "uuid": values.uuids(n, rng),
        "product": choose(PRODUCTS, n, rng, [5, 3, 3, 2, 2, 1, 1]),
        "startdatum": values.date_strings(start.astype("datetime64[D]")),
        "naam": people.full_names,
        "geboortedatum": values.date_strings(people.birth),
        "bsn": identifiers.nl_bsns(n, rng),
        "email": blank(people.emails(rng), 0.05, rng),
        "telefoon": contact.phones("NL", n, rng, mobile_share=0.75),
        "straat": street, "postcode": postcode, "plaats": town,
        "iban": identifiers.ibans("NL", n, rng),
    }
    target = {"email": "email", "phone": "telefoon", "bsn": "bsn", "iban": "iban"}
    for row, record in planted:
        fields["naam"][row] = record.person.full_name
        fields["geboortedatum"][row] = values.date_strings(np.array([record.person.birth]))[0]
        for id_type, text in record.spelled().items():
            fields[target[id_type]][row] = text
    text = {k: json_string(v) for k, v in fields.items()}
    return fill_rows(
        '{{"klantnummer": {klantnummer}, "contract": {{"uuid": {uuid}, "product": {product}, '
        '"startdatum": {startdatum}}}, "persoon": {{"naam": {naam}, "geboortedatum": {geboortedatum}, '
        '"bsn": {bsn}, "email": {email}}}, "contact": {{"telefoon": {telefoon}}}, "adres": {{"straat": '
        '{straat}, "postcode": {postcode}, "plaats": {plaats}}}, "iban": {iban}, "tags": {tags}, '
        '"meterstanden": {meterstanden}, "verbruik_kwh": {verbruik}}}',
        **text, tags=_tags(n, rng), meterstanden=_readings(usage, rng), verbruik=strs(usage))


def _tags(n: int, rng: np.random.Generator) -> np.ndarray:
    """JSON lists of 0 to 3 distinct tags, in :data:`TAGS` order."""
    count = rng.choice(4, n, p=[0.25, 0.35, 0.25, 0.15])
    rank = rng.random((n, len(TAGS))).argsort(axis=1).argsort(axis=1)
    out, empty = np.full(n, "[", dtype=S), np.ones(n, dtype=bool)
    for j, tag in enumerate(TAGS):
        take = rank[:, j] < count
        out = where(take, cat(out, where(empty, "", ", "), f'"{tag}"'), out)
        empty &= ~take
    return cat(out, "]")


def _readings(usage: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """JSON lists of 1 to 4 quarterly meter readings ``{"datum": ..., "kwh": ...}``."""
    n = len(usage)
    count = rng.integers(1, 5, n)
    kwh = rng.integers(1_000, 60_000, n)
    out = np.full(n, "[", dtype=S)
    for q in range(4):
        item = fill(f'{{{{"datum": "2026-{1 + 3 * q:02d}-01", "kwh": {{k}}}}}}', k=strs(kwh))
        out = where(q < count, cat(out, ", " if q else "", item), out)
        kwh = kwh + (usage / 4 * (0.6 + 0.8 * (q % 2))).astype(np.int64)
    return cat(out, "]")


def write_customers(path: Path, scale: int, seed: int) -> dict[str, int]:
    """``{"export_datum": ..., "klanten": [...]}``, UTF-8, one customer per line."""
    n = ROWS * scale
    lines = customers(n, seed, file_rng(seed, SOURCE), subjects.placed(seed, scale, "energie", "", n))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f'{{"export_datum": "{EXPORT_DATE}", "klanten": [\n')
        fh.write(",\n".join(lines))
        fh.write("\n]}\n")
    return {"": n}


FILES = [ExportFile("energie", SOURCE, write_customers, {"": (ROWS, COLUMNS)})]
