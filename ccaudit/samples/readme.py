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
`ccaudit.audit.configuration.load_audit_config` reads (field reference: `docs/audit-config.md` in
the repository): the inputs (`exports/`, `outbound/`, `transcripts/`, the subject index), scanner
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

What the contact centre sends out is in `outbound/` (an exports folder of the inputs; its
columns' gold is `gold/outbound_columns.csv`): `outbound/brightbank/call_outcomes_2026-11.csv`,
**returned** to BrightBank (call outcomes with the agents' names), and
`outbound/callcenter/dialler_upload_2026-11-20.csv`, **shared** with a dialler vendor in the
United States. Every inventory entry declares its `data` and `subjects` (Art. 30); the records
of processing (notebook 07) should find:

- `undeclared_data`: the returned file's `iban` column, which its entry does not declare
  (data minimisation, Art. 5(1)(c));
- `declared_not_found`: the shared entry declares `national_id`, which its file never holds;
- `cross_client_leak`: two rows of the returned file are TelecomFR's customers (their
  e-mail addresses are in TelecomFR's workbook only);
- `unsafe_transfer`: the shared entry's transfer to the United States gives no safeguard.

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


STT = """\
# ccaudit sample data: speech-to-text style

Synthetic call transcripts written the way speech-to-text engines write them, with gold
spans of the personal data in them, to measure detection on a style that the recognizers
were not tuned on. Written by

    python -m ccaudit.samples --style stt --out DIR     # {seed_note}, scale {scale}

Like the default dataset, every name, address and identifier is made up (Faker with a
fixed seed, small hand-written lists of common Moroccan, Congolese and Turkish names
combined at random); national numbers, BSNs, NIRs, IBANs and card numbers are valid by
checksum and phone numbers valid per `phonenumbers`, but belong to nobody. The same seed
and scale give the same bytes. There are no exports, no `audit.yaml` and no planted
subjects.

## Layout

- `transcripts/<client>/<call_id>.<json|txt|vtt|srt>`: {calls} calls ({per} per scale step,
  16 per client: brightbank, telecomfr, nlenergie, callcenter), each in one language
  ({languages}), {min_turns} to {max_turns} turns alternating agent (first) and customer.
- `gold/transcript_spans.csv`: one row per personal-data mention, the columns of the
  default style: `source` (path under `transcripts/`), `call_id`, `turn` (0-based), `speaker`
  (as in the file, empty for Whisper and Vosk), `language`, `start`, `end` (Python string
  offsets into the turn text, see below), `entity_type`, `spoken`, `text`.
- `gold/transcript_calls.csv`: `source, call_id, format, languages, turns, has_card,
  has_national_number`; `format` is one of {formats}.
- `gold/transcript_errors.csv`: header only (no file is unreadable on purpose).

## Formats and turn texts

The formats follow one another call by call, so each client and language has most of them.

| format | suffix | speakers | turn text (what the offsets index) |
| --- | --- | --- | --- |
| `json` | `.json` | `agent`/`customer` | `turns[i].text` |
| `txt` | `.txt` | `AGENT`/`CUSTOMER` | the line after `SPEAKER: ` |
| `vtt` | `.vtt` | `Agent`/`Customer` | the text inside the voice tag |
| `srt` | `.srt` | `AGENT`/`CUSTOMER` | the line after `SPEAKER: ` |
| `transcribe` | `.json` | `spk_0`/`spk_1` | the items' words joined by single spaces (no punctuation items here) |
| `whisper` | `.json` | none | a segment's `text` stripped (it starts with a space, as every word does) |
| `whisperx` | `.json` | `SPEAKER_00`/`SPEAKER_01` | a segment's `text` stripped (words holding a digit have no times) |
| `vosk` | `.json` | none | an utterance's `result` words joined by one space (= its `text`); numbers only in words |
| `azure` | `.json` | `1`/`2` (`speaker` of the phrase) | `recognizedPhrases[i].nBest[0].display` |

One turn is one segment (Whisper, WhisperX), utterance (Vosk) or recognized phrase (Azure).
Whisper and WhisperX files are written as those tools write them: one line, non-ASCII
characters as `\\u` escapes; in WhisperX files a word holding a digit has no times (it
could not be aligned).

## What the calls hold

- Lower case throughout, no commas, full stops, question marks; fillers (`euh`, `uhm`,
  `ehm`, `ja`, `allez`, `bon`, `ben`, `um`, `uh`, `you know`) and repeated short words
  (`mijn mijn naam is`) between the words of the template, never inside a mention.
- Names of Flemish, Dutch, Walloon, French, Moroccan, Turkish, Italian, Polish, Congolese,
  Romanian, Czech and British origin, with particles (`van den bossche`, `de smet`,
  `el amrani`, `ben said`, `di stefano`): first and last name, bare surnames at the start
  of a turn (`peeters goeiedag`), a title and surname or the first name only from the
  agent, a relative's full name mid-sentence (`ik bel voor mijn moeder marleen van den
  bossche`), agents' names in the greeting.
- Surnames spelled letter by letter: `p e e t e r s` (`p dubbel e t e r s`), `d-e-s-m-e-t`,
  `p zoals pieter …`, `p comme paul …`, `p as in peter …` / `p for peter`, the NATO alphabet
  (`papa echo echo tango echo romeo sierra`), the Dutch (`pieter eduard eduard theodoor …`)
  and French (`paul eugène eugène thérèse …`) spelling alphabets.
- Addresses in each language's order, of the forms `kerkstraat twaalf twee duizend antwerpen`,
  `rue de la station seize 4000 liège`, `12 rue de la paix 75002 paris`, `twelve high
  street london sw1a 1aa`), postcodes in words or digits (`soixante-quinze zéro onze`,
  `tien elf a b`), towns on their own (`ik woon in mechelen`, `i moved from ghent to
  leuven`).
- Numbers partly digits, partly words (`nul vier 75 twaalf 34 56`), `double four`,
  `triple zero`, `dubbel vijf`; IBANs grouped or compact in lower case (`be79 3329 8094
  3733`, `nl91abna0417164300`) or letters and digits said (`b e seven nine three three …`);
  card numbers by groups or digit by digit; national numbers compact, grouped
  (`85 07 30 033 28`, `1 85 07 75 123 456 78`) or in words; e-mail addresses with the
  separators said (`jan punt peeters at gmail punt com`, `j a n dot p e e t e r s at …`,
  `apenstaartje`, `arobase`); foreign mobiles (`+44 7400 123456`, `0033 6 12 34 56 78`,
  `+1 201 555 0147`, or `plus four four …`); Belgian mobiles said in English.
- Dates of birth in words or digits (`twaalf maart negentien vijfentachtig`, `12 maart
  1985`, `twaalf drie vijfentachtig`, `douze mars mille neuf cent quatre-vingt-cinq`,
  `twelfth of march nineteen eighty five`, `march twelfth 1985`); every national number is
  said twice (read back by the agent, or said again when the agent asks).
- Look-alikes that are not personal data: amounts, dates without birth context, ticket
  references, counts, card expiry dates.

## Gold conventions

- A span is the whole mention as said. An address whose street, number, postcode and town
  follow each other is one LOCATION; with a word between (`kerkstraat twaalf in
  mechelen`) it is two (street and number, town). A town said on its own is a LOCATION.
- A spelled name is ONE PERSON span covering exactly the spelled words; the name said
  before it is its own PERSON span. Titles are not part of a PERSON span.
- `spoken` is `true` when any part of the mention is said as words: spelled names,
  numbers (partly) in words, every e-mail address (its `@` and dots are words); `false`
  for names as words and for mentions written in digits (`be79 3329 8094 3733`,
  `+44 7400 123456`, `12 maart 1985`).
- A date of birth is the date only (`le` / `the` / `op` outside).

## Gold spans at scale {scale}

| entity | nl | fr | en | total |
| --- | --- | --- | --- | --- |
{counts}
"""


def stt_counts(calls) -> dict[str, dict[str, int]]:
    """Gold spans per entity and language of ``stt`` calls."""
    counts: dict[str, dict[str, int]] = {}
    for call in calls:
        for turn in call.turns:
            for span in turn.spans:
                by_lang = counts.setdefault(span.entity, {"nl": 0, "fr": 0, "en": 0})
                by_lang[turn.lang] += 1
    return dict(sorted(counts.items()))


def render_stt(calls, scale: int = 1, seed: int = DEFAULT_SEED) -> str:
    """The README of an ``--style stt`` directory (:mod:`ccaudit.samples.stt`)."""
    from ccaudit.samples import stt

    seed_note = "default seed" if seed == DEFAULT_SEED else f"--seed {seed}"
    langs = {lang: sum(c.language == lang for c in calls) for lang in ("nl", "fr", "en")}
    rows = "".join(f"| {entity} | {c['nl']} | {c['fr']} | {c['en']} | {sum(c.values())} |\n"
                   for entity, c in stt_counts(calls).items())
    return STT.format(seed_note=seed_note, scale=scale, calls=len(calls), per=len(calls) // scale,
                      languages=", ".join(f"{n} {lang}" for lang, n in langs.items()),
                      formats=", ".join(f"`{f}`" for f in stt.FORMATS), counts=rows,
                      min_turns=min(len(c.turns) for c in calls), max_turns=max(len(c.turns) for c in calls))


def write_stt_readme(out_dir: Path | str, calls, scale: int = 1, seed: int = DEFAULT_SEED) -> None:
    """Write ``README.md`` of an ``--style stt`` directory into ``out_dir``."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "README.md").write_text(render_stt(calls, scale, seed), encoding="utf-8")
