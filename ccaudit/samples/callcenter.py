"""The contact centre's own data: callback requests, staff register and an outbound call list."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ccaudit.samples import contact, identifiers, subjects, values
from ccaudit.samples.delimited import write_delimited
from ccaudit.samples.notes import notes
from ccaudit.samples.people import People, make_people, relatives
from ccaudit.samples.pools import slugs
from ccaudit.samples.spec import (BE_NN, DOB, EMAIL, IBAN, IP, PERSON, PHONE, ExportFile, col,
                                  file_rng, header)
from ccaudit.samples.vstr import S, amounts, blank, cat, choose, join_rows, json_string, strs

CALLBACKS_SOURCE = "callcenter/callbacks_2026-11.ndjson"
STAFF_SOURCE = "callcenter/staff.parquet"
CALL_LIST_SOURCE = "callcenter/call_list_week47.csv"
CALLBACK_ROWS, STAFF_ROWS, CALL_LIST_ROWS = 500, 60, 400
N_AGENTS = 12
LEAVER_SHARE = 0.2               # staff rows (never the agents) that record a former colleague
assert subjects.RESERVED_ROWS["staff"] >= N_AGENTS, "planted subjects must not overwrite the agents"

QUEUES = {"nl": ["Billing NL", "Sales NL", "Support NL"],
          "fr": ["Billing FR", "Sales FR", "Support FR", "Retention FR"],
          "en": ["Support EN"]}
# client code -> (weight, {language: weight}, phone country, {language: name locale})
CLIENTS = {
    "BRIGHTBANK": (0.35, {"nl": 0.6, "fr": 0.3, "en": 0.1}, "BE", {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}),
    "TELECOMFR": (0.30, {"fr": 0.95, "en": 0.05}, "FR", {"fr": "fr_FR", "en": "en_GB"}),
    "NLENERGIE": (0.25, {"nl": 0.9, "en": 0.1}, "NL", {"nl": "nl_NL", "en": "en_GB"}),
    "ASSURBEL": (0.10, {"nl": 0.5, "fr": 0.45, "en": 0.05}, "BE", {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}),
}

CALLBACK_COLUMNS = [
    col("callback_id"), col("requested_at"), col("queue"), col("client"), col("language"),
    col("customer_name", PERSON), col("phone", PHONE), col("agent", PERSON), col("wait_seconds"),
    col("web_ip", IP), col("note", PERSON, PHONE),
]
STAFF_COLUMNS = [
    col("employee_id"), col("full_name", PERSON), col("work_email", EMAIL),
    col("national_number", BE_NN), col("birth_date", DOB), col("hire_date"), col("leaving_date"), col("iban", IBAN),
    col("team"), col("workstation_ip", IP), col("exam_score"), col("contract_hours"),
]
CALL_LIST_COLUMNS = [
    col("campaign_code"), col("first_name", PERSON), col("last_name", PERSON), col("phone", PHONE),
    col("week"), col("order_no"), col("amount"), col("product"), col("score"), col("created_at"),
    col("lead_uuid"),
]
CAMPAIGNS = ["W47-RET-01", "W47-RET-02", "W47-UPS-01", "W47-WIN-03", "W47-SAT-01"]
CALL_PRODUCTS = ["Fibre Max 1 Gb", "Forfait Mobile 20 Go", "TV Premium 200 chaînes", "Groene Stroom Vast",
                 "Stroom & Gas Vast 3 jaar", "Dynamisch Contract", "Spaarrekening Plus", "Zichtrekening Comfort",
                 "Brandverzekering Woning", "Autoverzekering Omnium"]


def staff_people(seed: int, n: int) -> People:
    """``n`` staff members; the first :data:`N_AGENTS` are the agents who handle callbacks
    (the same agents at every scale)."""
    mix = {"nl_BE": 0.6, "fr_BE": 0.35, "en_GB": 0.05}
    agents = make_people(seed, mix, N_AGENTS, file_rng(seed, STAFF_SOURCE + "#agents"), 19, 66)
    others = make_people(seed, mix, max(n - N_AGENTS, 0), file_rng(seed, STAFF_SOURCE + "#staff"), 19, 66)
    fields = ("locale", "male", "first", "last", "birth")
    return People(*(np.concatenate([getattr(agents, f), getattr(others, f)])[:n] for f in fields))


def phones_by_country(country: np.ndarray, rng: np.random.Generator, mobile_share: float = 0.85) -> np.ndarray:
    """A phone of each row's country (BE, NL or FR)."""
    out = np.empty(len(country), dtype=S)
    for name in sorted(set(country.tolist())):
        rows = country == name
        out[rows] = contact.phones(name, int(rows.sum()), rng, mobile_share)
    return out


def callbacks(n: int, seed: int, rng: np.random.Generator) -> list[np.ndarray]:
    """The callback columns, in :data:`CALLBACK_COLUMNS` order ("" = missing)."""
    client = choose(list(CLIENTS), n, rng, [c[0] for c in CLIENTS.values()])
    language, locale, country = (np.empty(n, dtype=S) for _ in range(3))
    for name, (_, languages, phone_country, locales) in CLIENTS.items():
        rows = client == name
        language[rows] = choose(list(languages), int(rows.sum()), rng, list(languages.values()))
        country[rows] = phone_country
        for lg, loc in locales.items():
            locale[rows & (language == lg)] = loc
    queue = np.empty(n, dtype=S)
    for lg, queues in QUEUES.items():
        rows = language == lg
        queue[rows] = choose(queues, int(rows.sum()), rng)
    people = make_people(seed, locale, n, rng)
    rel = relatives(seed, people, rng)
    agents = staff_people(seed, N_AGENTS).full_names
    return [
        values.uuids(n, rng),
        values.timestamp_strings(np.sort(values.office_timestamps(n, rng, "2026-11-01", "2026-11-30")),
                                 sep="T", suffix="Z"),
        queue, client, language, people.full_names,
        phones_by_country(country, rng),
        choose(agents, n, rng),
        strs(rng.exponential(240, n).astype(np.int64)),
        blank(contact.public_ips(n, rng), 0.15, rng),
        notes(language, rel.first, rel.last, rel.male, phones_by_country(country, rng), rng, empty_share=0.3),
    ]


def _plant_callbacks(columns: list[np.ndarray], placed: list[tuple[int, subjects.Record]]) -> None:
    """A planted person's callback request: their name and phone, for the plan's client, in
    their own language when the client serves it."""
    at = {name: i for i, (name, _) in enumerate(CALLBACK_COLUMNS)}
    for row, record in placed:
        _, languages, _, _ = CLIENTS[record.client]
        language = record.person.locale[:2] if record.person.locale[:2] in languages else "en"
        queues = QUEUES[language]
        columns[at["client"]][row], columns[at["language"]][row] = record.client, language
        columns[at["queue"]][row] = queues[row % len(queues)]
        columns[at["customer_name"]][row] = record.person.full_name
        columns[at["phone"]][row] = record.spelled()["phone"]


def write_callbacks(path: Path, scale: int, seed: int) -> dict[str, int]:
    """One JSON object per line, UTF-8; missing values are ``null``."""
    n = CALLBACK_ROWS * scale
    columns = callbacks(n, seed, file_rng(seed, CALLBACKS_SOURCE))
    _plant_callbacks(columns, subjects.placed(seed, scale, "callbacks", "", n))
    parts: list = []
    for i, (name, _) in enumerate(CALLBACK_COLUMNS):
        value = columns[i] if name == "wait_seconds" else json_string(columns[i])
        parts.extend([("{" if i == 0 else ", ") + f'"{name}": ', value])
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for start in range(0, n, 200_000):
            chunk = [p if isinstance(p, str) else p[start:start + 200_000] for p in parts]
            fh.write("\n".join(join_rows([*chunk, "}"])) + "\n")
    return {"": n}


def write_staff(path: Path, scale: int, seed: int) -> dict[str, int]:
    """A typed Parquet table: dates as date32, scores and hours as doubles."""
    n = STAFF_ROWS * scale
    rng = file_rng(seed, STAFF_SOURCE)
    people = staff_people(seed, n)
    placed = subjects.placed(seed, scale, "staff", "", n)
    for row, record in placed:                 # before the e-mails and hire dates derive from them
        p = record.person
        people.first[row], people.last[row], people.male[row], people.birth[row] = p.first, p.last, p.male, p.birth
    seen: dict[str, int] = {}
    emails = []
    for name in cat(slugs(people.first), ".", slugs(people.last)).tolist():   # namesakes get 2, 3...
        seen[name] = seen.get(name, 0) + 1
        emails.append(f"{name}{seen[name] if seen[name] > 1 else ''}@ccbelgium.be")
    hired_from = np.maximum(people.birth + np.timedelta64(18 * 366, "D"), np.datetime64("2005-01-01"))
    span = (np.datetime64("2026-10-31") - hired_from).astype(np.int64)
    hire = hired_from + (rng.random(n) * span).astype(np.int64)
    bank = choose(["BE", "NL", "FR", "LU"], n, rng, [85, 6, 5, 4])
    iban = np.empty(n, dtype=S)
    for country in ("BE", "NL", "FR", "LU"):
        rows = bank == country
        iban[rows] = identifiers.ibans(country, int(rows.sum()), rng)
    score = np.round(rng.normal(74, 12, n).clip(0, 100), 1)
    employee_id = cat("E", strs(values.increasing_ids(n, rng, 1000, 3)))       # drawn in column order
    national = identifiers.be_national_numbers(people.birth, people.male, rng, 0.05)
    for row, record in placed:
        planted = record.spelled()
        national[row] = planted["national_number"]
        iban[row] = planted.get("iban", iban[row])
    leaving = leaving_dates(hire, {row for row, _ in placed}, file_rng(seed, STAFF_SOURCE + "#leaving"))
    table = pa.table({
        "employee_id": _arrow(employee_id),
        "full_name": _arrow(people.full_names),
        "work_email": pa.array(emails, type=pa.string()),
        "national_number": _arrow(national),
        "birth_date": pa.array(people.birth, type=pa.date32()),
        "hire_date": pa.array(hire, type=pa.date32()),
        "leaving_date": pa.array(leaving, mask=np.isnat(leaving), type=pa.date32()),
        "iban": _arrow(iban),
        "team": _arrow(choose(sum(QUEUES.values(), []), n, rng)),
        "workstation_ip": _arrow(contact.private_ips(n, rng)),
        "exam_score": pa.array(score, mask=rng.random(n) < 0.05, type=pa.float64()),
        "contract_hours": pa.array(rng.choice([38.0, 38.0, 36.0, 32.0, 30.4, 24.0, 19.0], n), type=pa.float64()),
    })
    pq.write_table(table, path, compression="snappy")
    return {"": n}


def leaving_dates(hire: np.ndarray, keep: set[int], rng: np.random.Generator) -> np.ndarray:
    """Leaving dates (NaT for current staff): a share of the rows after the agents and the
    planted colleagues left between six months after their hire and 2026-10-31. Drawn from
    their own generator, so the other columns do not depend on them."""
    n = len(hire)
    leaving = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    earliest = hire + np.timedelta64(183, "D")
    span = (np.datetime64("2026-10-31") - earliest).astype(np.int64)
    left = (rng.random(n) < LEAVER_SHARE) & (span > 0) & (np.arange(n) >= N_AGENTS)
    left[list(keep)] = False
    offsets = (rng.random(n) * np.maximum(span, 0)).astype(np.int64)
    leaving[left] = earliest[left] + offsets[left]
    return leaving


def _arrow(text: np.ndarray) -> pa.Array:
    return pa.array(text.tolist(), type=pa.string())


def write_call_list(path: Path, scale: int, seed: int) -> dict[str, int]:
    """Outbound campaign list: UTF-8, comma-separated, English headers."""
    n = CALL_LIST_ROWS * scale
    rng = file_rng(seed, CALL_LIST_SOURCE)
    mix = {"nl_BE": 0.35, "fr_BE": 0.2, "nl_NL": 0.2, "fr_FR": 0.2, "en_GB": 0.05}
    people = make_people(seed, mix, n, rng)
    country = np.full(n, "BE", dtype=S)                  # British expats live in Belgium
    country[people.locale == "nl_NL"] = "NL"
    country[people.locale == "fr_FR"] = "FR"
    amount = rng.choice([9.99, 12.5, 19.99, 29.99, 44.99, 54.99, 120.0], n) * rng.integers(1, 4, n)
    columns = [
        choose(CAMPAIGNS, n, rng, [4, 2, 3, 2, 1]),
        people.first,
        blank(people.last, 0.02, rng),
        phones_by_country(country, rng, mobile_share=0.9),
        np.full(n, 47),
        rng.integers(10**9, 10**10, n),
        blank(amounts(amount, decimal=".", thousands=""), 0.03, rng),
        choose(CALL_PRODUCTS, n, rng),
        np.round(rng.beta(2, 3, n), 3),
        values.timestamp_strings(values.office_timestamps(n, rng, "2026-10-01", "2026-11-13")),
        values.uuids(n, rng),
    ]
    for row, record in subjects.placed(seed, scale, "calllist", "", n):
        columns[1][row], columns[2][row] = record.person.first, record.person.last
        columns[3][row] = record.spelled()["phone"]
    write_delimited(path, header(CALL_LIST_COLUMNS), columns)
    return {"": n}


FILES = [
    ExportFile("callbacks", CALLBACKS_SOURCE, write_callbacks, {"": (CALLBACK_ROWS, CALLBACK_COLUMNS)}),
    ExportFile("staff", STAFF_SOURCE, write_staff, {"": (STAFF_ROWS, STAFF_COLUMNS)}),
    ExportFile("calllist", CALL_LIST_SOURCE, write_call_list, {"": (CALL_LIST_ROWS, CALL_LIST_COLUMNS)}),
]
