"""The README written next to the generated dataset (its file tables come from the specs)."""
from __future__ import annotations

from pathlib import Path

from ccaudit.samples import subjects
from ccaudit.samples.exports import DEFAULT_SEED, FILES, KEYS
from ccaudit.samples.transcripts import KEY as TRANSCRIPTS_KEY
from ccaudit.samples.transcripts import ERRORS as TRANSCRIPT_ERRORS
from ccaudit.samples.transcripts import PLAN

INTRO = """\
# ccaudit sample data

A small **synthetic** data set of contact-centre client exports and call transcripts,
used to develop and test ccaudit's GDPR data discovery. Every name, address, e-mail, phone number and identifier
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
- `transcripts/<client>/<call>`: call transcripts (see [Call transcripts](#call-transcripts)).
- `gold/columns.csv`: one row per (file, sheet, column) of every readable file:
  `source` (path under `exports/`), `sheet` (Excel sheet or empty), `column` (as a reader
  sees it; nested JSON is flattened to dotted names, lists of scalars joined, lists of
  objects kept as one column) and `entities` (the `;`-joined sorted entity names the
  column holds, empty when it holds no personal data).
- `gold/errors.csv`: `source,reason` for the files that are unreadable on purpose.
- `gold/subjects.csv`: the planted data subjects (see [Planted data subjects](#planted-data-subjects)).
- `audit.yaml`: the audit configuration of the sample clients, and
  `gold/audit_problems.csv`: the problems planted in it (see [Audit configuration](#audit-configuration)).

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
    "callcenter/staff.parquet": "Staff register: typed Parquet (dates as date32, numbers as doubles). "
                                "The first 12 rows are the agents; `leaving_date` is set for former "
                                "staff only; `exam_score` is a recruitment test, not the GDPR "
                                "e-learning exam (that one is in `audit.yaml`).",
    "callcenter/call_list_week47.csv": "Outbound campaign list: UTF-8, comma-separated, English headers.",
}

TRANSCRIPTS = """
## Call transcripts (`--only transcripts`)

{calls} calls at scale {scale} (36 per scale step) under `transcripts/<client>/`, 6 to 14
turns each, alternating agent (first) and customer: brightbank (Dutch and Belgian French),
telecomfr (French), nlenergie (Dutch, Netherlands) and callcenter (English; two calls switch
to French or Dutch mid-call, as does one brightbank call). About a third of the calls are
in each language. Agents greet with their own name (the agents of `staff.parquet`);
customers give their name, birth date (always with birth context), national number
(Belgian national register number, Dutch BSN, French NIR), phone numbers, e-mail
addresses, IBANs, addresses and, in a few calls, card numbers; **written** (`0475 12 34 56`,
`85.07.30-033.28`, `jan.peeters@gmail.com`) or **spoken** as words in the turn's language
(`nul vier zeven vijf, twaalf, vierendertig, zesenvijftig`, `zéro quatre septante-cinq douze
trente-quatre cinquante-six`, `zero four seven five, one two, three four, five six`,
`jan punt peeters at gmail punt com`, `marie point dubois arobase orange point fr`, national
numbers digit by digit). Look-alikes that are not personal data: dates without birth
context (`uw factuur van 3 maart`, `le 12 novembre`), amounts (`29,99 euro`), ticket and
order numbers, counts, card expiry dates.

Every file is UTF-8 without BOM, LF line ends. Formats (`call_id` is the file stem unless
the file holds one):

- **Generic JSON** `.json` (half the calls): `{{"call_id", "language", "started_at", "channel":
  "phone", "turns": [{{"speaker": "agent"|"customer", "start", "end", "text"}}]}}`, times in
  seconds; `language` (`nl`, `fr`, `en`: the call's first language) is missing from some
  files.
- **Plain text** `.txt`: one turn per non-empty line, `[hh:mm:ss] AGENT: text` or
  `CUSTOMER: text`; one file per 36 calls has no timestamps and blank lines between turns.
- **WebVTT** `.vtt`: `WEBVTT` header, cues `00:00:01.000 --> 00:00:04.200` then
  `<v Agent>text</v>` or `<v Customer>text` (the closing tag is left out in some files).
- **SRT** `.srt`: numbered cues, `00:00:01,000 --> 00:00:04,200`, then `AGENT: text` or
  `CUSTOMER: text`.
- **Amazon Transcribe JSON** `.json` (English): `jobName` is the call id; `results.items`
  holds `pronunciation` items (one word each, with `start_time`, `end_time`,
  `speaker_label`) and `punctuation` items (`,` `.` `?` `!`, no times); `spk_0` is the
  agent. A turn is a run of consecutive items of one speaker; its text is the words joined
  by single spaces with each punctuation mark attached to the word before it (no space).

Gold files:

- `gold/transcript_spans.csv`: one row per personal-data mention: `source` (path under
  `transcripts/`), `call_id`, `turn` (0-based index in the file), `speaker` (as written in
  the file: `agent`/`customer`, `AGENT`/`CUSTOMER`, `Agent`/`Customer`, `spk_0`/`spk_1`),
  `language` (of the turn), `start`, `end` (Python string offsets, in code points, into the
  turn text as a reader returns it: the JSON `text`; the line after `AGENT: ` /
  `CUSTOMER: ` for .txt and .srt; the text inside the voice tag for .vtt; the joined
  words for Transcribe), `entity_type`, `spoken` (`true` when said as words) and `text`
  (the mention, for reading). A span is the whole mention: an address is one LOCATION
  (`Kerkstraat 12, 2000 Antwerpen`), a spoken phone number runs from its first number
  word to its last, a spoken e-mail from the first word of the local part to the
  top-level domain. A title is not part of a PERSON span (`meneer` `Peeters`).
- `gold/transcript_calls.csv`: `source, call_id, format` (json, txt, vtt, srt,
  transcribe), `languages` (`;`-joined, in order of appearance), `turns`, `has_card`,
  `has_national_number`.
- `gold/transcript_errors.csv`: `source,reason` for the transcript files that are
  unreadable on purpose:

"""


SUBJECTS = """
## Planted data subjects

{count} people at scale {scale} ({per} per scale step, at most {cap}) appear in several records
each, so that a subject index has something to link: records that share a strong identifier
(e-mail address, phone number, national number, IBAN, BSN) belong to one data subject,
transitively, across files, sheets, formats, clients and transcripts. **Names never link.**
The people are written over existing rows (row counts and columns stay as listed above: the
row gets the person's name and birth date, their national number and e-mail address where
the file has such a column, and the identifiers below) and, for most of them, into one
call, where they are the customer and say their own identifiers (written or as words; the
spans in `gold/transcript_spans.csv` are those of the planted values). Every identifier is
valid by checksum and belongs to no one else in the data set.

Subject *k* follows pattern *k* mod 12 (S01 the first, S13 the first again at scale 2, ...).
File keys as in `--only`; `phone=e164` means the record holds the phone spelled that way:

{patterns}
What to expect:

- **One number, five spellings** (S01): `0475 12 34 56`, `0475/12.34.56`,
  `+32 475 12 34 56`, `+32475123456` and `0032475123456` are one phone, in the CRM, two
  callback requests, the call list and the telco workbook, and said as words in a call.
- **Chains**: S02's callback shares only a phone with the CRM row, the CRM row only an
  e-mail with the telco row (in mixed case), so callback and telco row are one subject
  though they share nothing; S06 does the same across three clients (callcenter, nlenergie,
  telecomfr).
- **Case and speech**: e-mail addresses in upper or mixed case (`JAN.PEETERS42@TELENET.BE`,
  `Jan.Peeters42@telenet.be`) are the lower-case address; spoken e-mails, phone numbers,
  national numbers and BSNs in calls are the written ones.
- **Staff are subjects too**: S03 and S07 work at the contact centre (`staff.parquet`) and
  are customers (same national number or IBAN, printed differently).
- **Name twins** (S08 and S09): two different people with the same first and last name,
  both in `callbacks` (same `customer_name`, different phones), sharing no identifier: two
  subjects. `name_twin` is `true` for both.
- **National spellings are ambiguous across countries**: `0475 12 34 56` is a Belgian
  mobile and also a valid French landline, `06 12 34 56 78` a French mobile and also a valid
  Dutch one. A planted number written nationally is in the country of its record's client:
  the telco workbook is French, the CRM Belgian, the energy export Dutch, and a callback
  request names its client in `client` (BRIGHTBANK and ASSURBEL Belgian, TELECOMFR French,
  NLENERGIE Dutch), so one callbacks column holds national spellings of three countries.
  Trying countries in a fixed order, or taking a column's majority country, splits subjects.

`gold/subjects.csv` has one row per record **and identifier that ties the record to another
record of the same subject** (a CRM row that shares its phone with a callback and its e-mail
with the telco has two rows; a planted value that no other record of the subject holds is
not listed). Columns:

- `subject`: the gold key (`S01`, `S02`, ...);
- `kind`: `export` or `transcript`;
- `source`: path under `exports/` or `transcripts/`;
- `sheet`: the Excel sheet, empty otherwise;
- `row`: exports only, the 0-based data record in file order (header excluded; per sheet
  for Excel; array index for JSON; line index for NDJSON);
- `call_id`, `turn`: transcripts only, the call and the 0-based customer turn where the
  identifier is said (its offsets are in `gold/transcript_spans.csv`, same call and turn);
- `identifier_type`: `email`, `phone`, `national_number` (Belgian national or BIS number,
  French NIR), `iban` or `bsn`;
- `spelling`: how the value is written, never the value itself: phones `national_spaced`
  (`0475 12 34 56`, `06 12 34 56 78`, `06 1234 5678`), `slashes_dots` (`0475/12.34.56`),
  `international_spaced` (`+32 475 12 34 56`, `+31 6 12345678`), `e164` (`+32475123456`),
  `0032` (`0032475123456`), `national_compact` (`0475123456`), `national_dash`
  (`06-12345678`), `national_dots` (`06.12.34.56.78`); e-mails `lower_case`, `upper_case`,
  `mixed_case`; national numbers `formatted` (`85.07.30-033.28`), `spaced` (NIR
  `1 85 07 75 123 456 78`), `compact` (digits only, also BSNs); IBANs `grouped`
  (`BE71 0961 2345 6769`), `compact`; and `spoken` (said as words in a call);
- `name_twin`: `true` for the people who share their name with another planted subject.

For one row per record, keep the first row of each (`subject`, `kind`, `source`, `sheet`,
`row`, `call_id`). Only planted people are listed; with `--only` the file lists the records
of the files written, and only identifiers shared among them.
"""


AUDIT = """
## Audit configuration

`audit.yaml` is the audit configuration of the sample clients, in the format that
`ccaudit.audit_config.load_audit_config` reads (field reference: `docs/audit-config.md` in
the repository): the inputs (`exports/`, `transcripts/`, the subject index), scanner
settings, the inventory of data exchanges (one glob per dataset with the client, the
contact centre's role, the controller's contact, purpose, legal basis, usage, where the
received date comes from, retention and deletion method), retention defaults per data
category, the agents' GDPR training, the log of rights requests and the objections and
restrictions in force. Its `audit_date` is fixed at 2026-11-28 so that reports on the
sample never change. It is written only with the whole data set (no `--only`).

Some of it is wrong on purpose. `gold/audit_problems.csv` lists what a retention or
rights-readiness report should find, one row per problem: `problem`, `client`, `dataset`
(the inventory glob, empty when none applies), `file` (path under this folder, empty for
requests) and `detail` (for reading; never a raw identifier). Problems:

- `overdue_file`: a file held past its retention on the audit date, its received date
  taken as the inventory says (`filename:`, `column:`; `file_time` files are never listed,
  a checkout's file times being arbitrary): the BrightBank CRM extract (received
  2026-10-01, `P1M`) and the BrightBank transcripts older than `P14D`.
- `overdue_records`: former staff (`staff.parquet`) kept more than `P1Y` after their
  `leaving_date` (the `staff` default, `P1Y after:leaving_date`); the detail lists the rows.
- `not_in_inventory`: `exports/callcenter/callbacks_2026-11.ndjson` matches no dataset.
- `objector_in_later_data`: planted subject S04 objected to direct marketing
  (`objections`, 2026-09-15, by phone) and is on the contact centre's own call list
  received afterwards (latest `created_at`); the detail gives the row. An objection binds
  the client it was made to only.
- `late_request`: a rights request answered more than one month after receipt
  (Art. 12(3); `extended: true` allows three).
- `exam_failed`, `code_of_conduct_unsigned`: agents (employee ids of `staff.parquet`, who
  greet customers by name in the transcripts) below the 90 % pass mark, or who have not
  signed the code of conduct; the detail names the clients whose calls they took.

Not problems: the restriction of 2026-11-27 (subject S10, no BrightBank data received
since), the open requests still within their month, the portability request answered
within its extended deadline. Unreadable files and files without a received date
(`partial_upload.csv` has no date in its name) are for the reports to show too, but are
not listed here.
"""


def render_patterns() -> str:
    """The planted-subject patterns as a Markdown list (from :data:`subjects.PATTERNS`)."""
    lines = []
    for k, pattern in enumerate(subjects.PATTERNS, start=1):
        records = []
        for key, sheet, ids, client in pattern.records:
            where = f"`{key}`" + (f" sheet `{sheet}`" if sheet else "") + (f" ({client})" if client else "")
            records.append(where + ": " + ", ".join(f"{t}={s}" for t, s in ids.items()))
        call = ""
        if pattern.call:
            client, kinds, spoken = pattern.call
            how = {True: "said as words", False: "written", None: "written or said"}[spoken]
            call = f"; a `{client}` call where the customer gives their {' or '.join(kinds)} ({how})"
        lines.append(f"{k}. S{k:02d}, {pattern.title}: " + "; ".join(records) + call + ".\n")
    return "".join(lines)


def render(scale: int = 1, seed: int = DEFAULT_SEED) -> str:
    seed_note = "default seed" if seed == DEFAULT_SEED else f"--seed {seed}"
    keys = ", ".join(KEYS + (TRANSCRIPTS_KEY,))
    parts = [INTRO.format(seed_note=seed_note, keys=keys, scale=scale)]
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
    parts.append(TRANSCRIPTS.format(calls=len(PLAN) * scale, scale=scale))
    parts.extend(f"- `transcripts/{source}`: {reason}.\n" for source, reason in TRANSCRIPT_ERRORS)
    parts.append(AUDIT)
    parts.append(SUBJECTS.format(count=subjects.subject_count(scale), scale=scale, per=subjects.SUBJECTS_PER_SCALE,
                                 cap=subjects.MAX_SUBJECTS, patterns=render_patterns()))
    return "".join(parts)


def write_readme(out_dir: Path | str, scale: int = 1, seed: int = DEFAULT_SEED) -> None:
    """Write ``README.md`` into ``out_dir``."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "README.md").write_text(render(scale, seed), encoding="utf-8")
