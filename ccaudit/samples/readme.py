"""The README written next to the generated dataset (its file tables come from the specs)."""
from __future__ import annotations

from pathlib import Path

from ccaudit.samples.exports import DEFAULT_SEED, FILES, KEYS

INTRO = """\
# ccaudit sample data

A small **synthetic** data set of contact-centre client exports, used to develop and test
ccaudit's GDPR data discovery. Every name, address, e-mail, phone number and identifier
was generated with [Faker](https://faker.readthedocs.io/) (locales nl_BE, fr_FR, en_GB,
nl_NL) and numpy: none of it comes from a real person. National numbers, BIS numbers,
BSNs, NIRs, IBANs, card numbers and phone numbers are **valid by checksum** (checked with
python-stdnum and phonenumbers while generating) so that detectors cannot reject them on
format alone; they are drawn at random, and a match with a real person's number would be
pure chance.

Ages and timestamps are computed from the fixed reference date 2026-11-01, never from
today's date, and the same seed always gives the same files.

## Regenerate

    python -m ccaudit.samples --out data_samples                      # this directory ({seed_note})
    python -m ccaudit.samples --out /tmp/big --scale 2500 --only crm  # 1,000,000-row CRM CSV only
    python -m ccaudit.samples --out /tmp/big --scale 2500             # everything, for benchmarks

- `--scale N` multiplies every row count (Excel sheets stop at Excel's limit of
  1,048,575 data rows).
- `--seed S` changes the random data; the same seed and scale give the same files.
- `--only KEYS` writes only some files; KEYS is a comma-separated list of
  {keys}. The gold files then list only those files.
- `--jobs J` writes the files in J processes (default: one per CPU, at most 4, from
  scale 20 on). The content does not depend on it.

## Layout

- `exports/<client>/<file>`: the data.
- `gold/columns.csv`: one row per (file, sheet, column) of every readable file:
  `source` (path under `exports/`), `sheet` (Excel sheet or empty), `column` (as a reader
  sees it; nested JSON is flattened to dotted names, lists of scalars joined, lists of
  objects kept as one column) and `entities` (the `;`-joined sorted entity names the
  column holds, empty when it holds no personal data).
- `gold/errors.csv`: `source,reason` for the files that are unreadable on purpose.

Entity names: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, IBAN_CODE, CREDIT_CARD,
BE_NATIONAL_NUMBER (national and BIS numbers), NL_BSN, FR_NIR, LOCATION, DATE_OF_BIRTH,
IP_ADDRESS.

Columns without personal data are deliberately look-alikes: numeric ids, 10-digit order
numbers, amounts with decimal commas, UUIDs, timestamps, hire and contract dates, week
numbers, product and queue names, codes and scores.

Missing values are a few percent of some columns: empty CSV fields, empty Excel cells,
JSON `null`, Parquet nulls.

## Files (rows at scale {scale})
"""

FORMATS = {
    "brightbank/crm_export_2026-10.csv": "Belgian bank CRM: `;`-separated, **cp1252**, CRLF, Dutch headers.",
    "telecomfr/clients_2026T3.xlsx": "French telco workbook: sheets Clients, Commandes, Produits; "
                                     "birth and order dates are real Excel dates.",
    "nlenergie/klanten.json": 'Dutch energy supplier: UTF-8 JSON `{"export_datum": ..., "klanten": [...]}` '
                              "with nested objects; some `persoon.email` are null.",
    "callcenter/callbacks_2026-11.ndjson": "Callback requests, one JSON object per line; "
                                           "`agent` holds 12 agent names.",
    "callcenter/staff.parquet": "Staff register: typed Parquet (dates as date32, numbers as doubles).",
    "callcenter/call_list_week47.csv": "Outbound campaign list: UTF-8, comma-separated, English headers.",
}


def render(scale: int = 1, seed: int = DEFAULT_SEED) -> str:
    seed_note = "default seed" if seed == DEFAULT_SEED else f"--seed {seed}"
    parts = [INTRO.format(seed_note=seed_note, keys=", ".join(KEYS), scale=scale)]
    for f in FILES:
        if f.reason:
            continue
        parts.append(f"\n### `exports/{f.source}` (`--only {f.key}`)\n\n{FORMATS[f.source]}\n")
        for sheet, (rows, columns) in f.sheets.items():
            title = f"Sheet `{sheet}`, " if sheet else ""
            parts.append(f"\n{title}{rows * scale} rows:\n\n| column | entities |\n| --- | --- |\n")
            parts.extend(f"| `{name}` | {', '.join(ents) or '-'} |\n" for name, ents in columns)
    parts.append("\n## Unreadable on purpose (`--only broken`)\n\n")
    parts.extend(f"- `exports/{f.source}`: {f.reason}.\n" for f in FILES if f.reason)
    return "".join(parts)


def write_readme(out_dir: Path | str, scale: int = 1, seed: int = DEFAULT_SEED) -> None:
    """Write ``README.md`` into ``out_dir``."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "README.md").write_text(render(scale, seed), encoding="utf-8")
