"""The audit configuration: one YAML file that describes what the audit checks and where.

It holds the inputs (export and transcript folders, the subject index), overrides of the
scanner configuration (:mod:`ccaudit.config`), the inventory of data exchanges (Art. 30),
retention defaults per data category, staff training records, the log of rights requests
and the list of objections and restrictions. ``docs/audit-config.md`` is the field
reference; ``data_samples/audit.yaml`` the working example.

Every key is checked before any work starts. The first problem raises
:class:`~ccaudit.errors.ConfigError` naming the key path and the file, e.g.
``audit.yaml: 'inventory[2].retention' is not an ISO 8601 duration (P90D, P6M, P2Y)``.
Relative paths resolve against the YAML file's folder. ::

    audit = load_audit_config("data_samples/audit.yaml")
    entry = audit.dataset_for("data_samples/exports/brightbank/crm_export_2026-10.csv")
    entry.client, str(audit.retention_for(entry))      # ('brightbank', 'P1M')
    audit.received_date("data_samples/exports/brightbank/crm_export_2026-10.csv")  # 2026-10-01
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import phonenumbers


from ccaudit.config import Config, read_yaml_file, scanner_config
from ccaudit.errors import ConfigError
from ccaudit.audit.inventory import (DATA_CATEGORIES, InventoryEntry, ReceivedFrom, Retention, Transfer,
                                     column_dates, filename_date, glob_regex)
from ccaudit.gdpr import (CONTROLLER, DIRECTIONS, INTERNAL, LEGAL_BASES, OBJECTION_RIGHTS, RECEIVED, RIGHTS,
                          ROLES, SAFEGUARDS, SHARED, SUBJECT_CATEGORIES, deadline)
from ccaudit.sources.walk import walk

PASS_MARK = 90.0

TOP_KEYS = ("audit_date", "inputs", "scanner", "inventory", "retention_defaults", "training",
            "requests", "objections", "reviews", "readiness")
READINESS_KEYS = ("findable_ready", "findable_not_ready", "trained_share", "top_actions")
INPUT_KEYS = ("exports", "transcripts", "db")
ENTRY_KEYS = ("dataset", "client", "role", "controller_contact", "purpose", "legal_basis", "usage",
              "category", "received_from", "retention", "deletion", "direction", "client_role", "data",
              "subjects", "recipients", "transfers", "security")
ENTRY_REQUIRED = ("dataset", "client", "purpose", "legal_basis", "usage", "deletion")
TRANSFER_KEYS = ("country", "safeguard", "recipient")
TRAINING_KEYS = ("pass_mark", "records")
RECORD_KEYS = ("agent", "name", "elearning_completed", "exam_score", "code_of_conduct_signed",
               "code_of_conduct_date")
REQUEST_KEYS = ("id", "type", "client", "received", "answered", "extended", "forwarded", "subject")
OBJECTION_KEYS = ("right", "client", "date", "identifier")
IDENTIFIER_KEYS = ("type", "value")

# Country codes a transfer may name (ISO 3166 alpha-2, as phonenumbers knows them).
COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# ----------------------------------------------------------------------------- the sections

@dataclass(frozen=True)
class Inputs:
    exports: tuple[Path, ...]
    transcripts: tuple[Path, ...]
    db: Path

    @property
    def folders(self) -> tuple[Path, ...]:
        return self.exports + self.transcripts


@dataclass(frozen=True)
class TrainingRecord:
    """A staff member's GDPR training: e-learning exam and code of conduct."""

    agent: str                   # employee id, as in the staff register
    name: str | None
    elearning_completed: dt.date | None
    exam_score: float | None     # percent
    code_of_conduct_signed: bool
    code_of_conduct_date: dt.date | None

    def passed(self, pass_mark: float = PASS_MARK) -> bool:
        return self.exam_score is not None and self.exam_score >= pass_mark


@dataclass(frozen=True)
class Training:
    pass_mark: float = PASS_MARK
    records: tuple[TrainingRecord, ...] = ()

    def record(self, agent: str) -> TrainingRecord | None:
        return next((r for r in self.records if r.agent == agent), None)


@dataclass(frozen=True)
class RightsRequest:
    """A rights request received (Art. 15-21) and when it was answered.

    >>> r = RightsRequest("R1", "erasure", "telecomfr", dt.date(2026, 7, 14), dt.date(2026, 9, 2))
    >>> r.deadline, r.late()
    (datetime.date(2026, 8, 14), True)
    """

    id: str
    type: str
    client: str
    received: dt.date
    answered: dt.date | None = None
    extended: bool = False       # deadline extended by two months, with notice (Art. 12(3))
    forwarded: dt.date | None = None   # forwarded to the controller (as processor)
    subject: str | None = None   # masked reference, never a raw identifier

    @property
    def deadline(self) -> dt.date:
        return deadline(self.received, self.extended)

    def late(self, as_of: dt.date | None = None) -> bool:
        """Answered after the deadline, or still open after it on ``as_of`` (default today)."""
        if self.answered is not None:
            return self.answered > self.deadline
        return (as_of or dt.date.today()) > self.deadline


@dataclass(frozen=True)
class Objection:
    """An objection (Art. 21) or restriction (Art. 18) binding ``client`` from ``date`` on.

    The identifier is personal data: it is kept out of ``repr``; ``canonical`` is its
    normalised form (as :func:`ccaudit.index.identifiers.normalise` gives it) for matching.
    """

    right: str
    client: str
    date: dt.date
    identifier_type: str
    identifier: str = field(repr=False)
    canonical: str = field(repr=False, default="")


@dataclass(frozen=True)
class Thresholds:
    """Where the readiness report draws its lines (``readiness:`` in the audit YAML)."""

    findable_ready: float = 0.9      # records findable by a strong identifier: below, at risk
    findable_not_ready: float = 0.5  # below this share, not ready
    trained_share: float = 0.8       # agents taking a client's calls who are trained: below, at risk
    top_actions: int = 5             # actions the executive summary lists


@dataclass(frozen=True)
class AuditConfig:
    source: str
    base: Path                   # the YAML file's folder
    audit_date: dt.date | None
    inputs: Inputs
    scanner: Config
    inventory: tuple[InventoryEntry, ...]
    retention_defaults: dict[str, Retention]
    training: Training
    requests: tuple[RightsRequest, ...]
    objections: tuple[Objection, ...]
    readiness: Thresholds = field(default_factory=Thresholds)

    @property
    def today(self) -> dt.date:
        """The day the audit is computed for: ``audit_date``, else today."""
        return self.audit_date or dt.date.today()

    @property
    def clients(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.client for e in self.inventory))

    # --- files and datasets -----------------------------------------------------------
    def key_of(self, path: str | os.PathLike) -> str | None:
        """A file's key: the name of the input folder holding it, then its path inside it
        (``exports/brightbank/crm_export_2026-10.csv``); None outside every input."""
        found = self._locate(path)
        return found[1] if found else None

    def input_files(self) -> Iterator[tuple[str, Path]]:
        """(key, path) of every file under the inputs, sorted by key; hidden files skipped."""
        seen = {}
        for folder in self.inputs.folders:
            for path in walk(folder, strict=False):
                seen.setdefault(f"{folder.name}/{path.relative_to(folder).as_posix()}", path)
        yield from sorted(seen.items())

    def dataset_for(self, path: str | os.PathLike) -> InventoryEntry | None:
        """The first inventory entry whose glob matches the file (a path, or a key such as
        ``exports/brightbank/crm_export_2026-10.csv``), or None: data not in the inventory."""
        found = self._locate(path)
        key = found[1] if found else Path(path).as_posix()
        return next((e for e in self.inventory if e.matches(key)), None)

    def retention_for(self, entry_or_category: InventoryEntry | str | None) -> Retention | None:
        """The entry's own retention, else its category's default; for a category name,
        that category's default. None: no rule."""
        if isinstance(entry_or_category, InventoryEntry):
            if entry_or_category.retention is not None:
                return entry_or_category.retention
            return self.retention_defaults.get(entry_or_category.category or "")
        return self.retention_defaults.get(entry_or_category or "")

    def received_date(self, path: str | os.PathLike, entry: InventoryEntry | None = None) -> dt.date | None:
        """The date the file was received, by the entry's ``received_from`` (the matching
        entry when not given). None when the rule gives no date (the file name has no date,
        the column is empty) or the file is in no dataset.

        ``column:`` reads the file: an unreadable file, or one without that column, raises
        :class:`~ccaudit.errors.ReaderError`.
        """
        entry = entry or self.dataset_for(path)
        if entry is None:
            return None
        found = self._locate(path)
        file = found[0] if found else Path(path)
        rule = entry.received_from
        if rule.kind == "file_time":
            return dt.date.fromtimestamp(file.stat().st_mtime)
        if rule.kind == "filename":
            return filename_date(file.name, rule.pattern)
        dates = column_dates(file, rule.column, self.scanner.exports.chunk_rows)["date"].dropna()
        return max(dates) if len(dates) else None

    def key_of(self, path: str | os.PathLike) -> str:
        """The file's key (``exports/brightbank/crm.csv``): its input folder's name, then its
        path inside it; the path as given when it is under no input folder."""
        found = self._locate(path)
        return found[1] if found else Path(path).as_posix()

    def _locate(self, path: str | os.PathLike) -> tuple[Path, str] | None:
        given = Path(path)
        candidates = [given] if given.is_absolute() else [Path.cwd() / given, self.base / given]
        for candidate in candidates:
            resolved = candidate.resolve()
            for folder in self.inputs.folders:
                if resolved.is_relative_to(folder):
                    return resolved, f"{folder.name}/{resolved.relative_to(folder).as_posix()}"
        return None


# ---------------------------------------------------------------------------- validation

class _Checker:
    """Checks values at a key path and raises one ConfigError naming the key and the file."""

    def __init__(self, where: str) -> None:
        self.where = where
        # What an inventory entry's `data` may name: the categories and every entity.
        self.data_names: tuple[str, ...] = tuple(DATA_CATEGORIES)

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ConfigError(f"'{key}' {problem}", source=self.where)

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping of keys")
        for name in value:
            if name not in allowed:
                raise ConfigError(f"unknown key '{key + '.' if key else ''}{name}' "
                                  f"(known: {', '.join(allowed)})", source=self.where)
        for name in required:
            if value.get(name) is None:
                raise ConfigError(f"'{key + '.' if key else ''}{name}' is required", source=self.where)
        return value

    def items(self, value: Any, key: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
        return value

    def text(self, value: Any, key: str, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return value.strip()

    def choice(self, value: Any, key: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}")
        return value

    def date(self, value: Any, key: str, optional: bool = False) -> dt.date | None:
        if value is None and optional:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(key, "must be a date written YYYY-MM-DD")

    def flag(self, value: Any, key: str, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def number(self, value: Any, key: str, low: float, high: float, optional: bool = False) -> float | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.fail(key, f"must be a number from {low:g} to {high:g}")
        return float(value)

    def retention(self, value: Any, key: str, tables: bool = True) -> Retention | None:
        if value is None:
            return None
        try:
            retention = Retention.parse(value)
        except ValueError:
            self.fail(key, "is not an ISO 8601 duration (P90D, P6M, P2Y), optionally followed by "
                           "'after:<column>' (P1Y after:leaving_date)")
        if retention.after and not tables:
            self.fail(key, "counts 'after' a column, but transcripts have no columns")
        return retention

    def received_from(self, value: Any, key: str, tables: bool) -> ReceivedFrom:
        if value is None or value == "file_time":
            return ReceivedFrom("file_time")
        if not isinstance(value, str):
            self.fail(key, "must be file_time, column:<name> or filename:<regex>")
        kind, sep, rest = value.partition(":")
        if kind == "column" and sep and rest.strip():
            if not tables:
                self.fail(key, "reads a column, but transcripts have no columns "
                               "(use file_time or filename:<regex>)")
            return ReceivedFrom("column", column=rest.strip())
        if kind == "filename" and sep and rest:
            try:
                pattern = re.compile(rest)
            except re.error as exc:
                self.fail(key, f"is not a valid regular expression ({exc.msg})")
            if not pattern.groups:
                self.fail(key, "needs a group that captures the date, e.g. (?P<date>\\d{8})")
            return ReceivedFrom("filename", pattern=pattern)
        self.fail(key, "must be file_time, column:<name> or filename:<regex>")


def _entry(item: Any, position: int, check: _Checker, kinds: dict[str, str]) -> InventoryEntry:
    key = f"inventory[{position}]"
    check.mapping(item, key, ENTRY_KEYS, ENTRY_REQUIRED)
    dataset = item["dataset"]
    if not isinstance(dataset, str) or not dataset.strip():
        check.fail(f"{key}.dataset", "must be a glob (a string), e.g. exports/brightbank/*.csv")
    dataset = dataset.strip()
    parts = dataset.split("/")
    if dataset.startswith("/") or "\\" in dataset or ".." in parts or "" in parts:
        check.fail(f"{key}.dataset", "must be a relative glob with '/' between folders, "
                                     "e.g. exports/brightbank/*.csv")
    if parts[0] not in kinds:
        check.fail(f"{key}.dataset", f"must start with an input folder ({', '.join(kinds)})")
    try:
        regex = glob_regex(dataset)
    except (ValueError, re.error) as exc:
        check.fail(f"{key}.dataset", f"is not a valid glob ({exc})")
    kind = kinds[parts[0]]
    tables = kind == "exports"
    given_role = item.get("role")
    direction = item.get("direction")
    if direction is None:
        direction = INTERNAL if given_role == CONTROLLER else RECEIVED
    direction = check.choice(direction, f"{key}.direction", tuple(DIRECTIONS))
    default_role, default_client_role = DIRECTIONS[direction]
    role = check.choice(given_role if given_role is not None else default_role, f"{key}.role", ROLES)
    client_role = item.get("client_role", default_client_role)
    if client_role is not None:
        client_role = check.choice(client_role, f"{key}.client_role", ROLES)
    if direction == INTERNAL and client_role is not None and item.get("client_role") is not None:
        check.fail(f"{key}.client_role", "is for an exchange with a client: an internal dataset has none")
    data = None
    if "data" in item:
        data = tuple(check.choice(d, f"{key}.data[{i}]", check.data_names)
                     for i, d in enumerate(check.items(item["data"], f"{key}.data")))
    subjects = tuple(check.choice(d, f"{key}.subjects[{i}]", SUBJECT_CATEGORIES)
                     for i, d in enumerate(check.items(item.get("subjects"), f"{key}.subjects")))
    recipients = tuple(check.text(r, f"{key}.recipients[{i}]")
                       for i, r in enumerate(check.items(item.get("recipients"), f"{key}.recipients")))
    if direction == SHARED and not recipients:
        check.fail(f"{key}.recipients", "must name the third party the data is shared with")
    transfers = []
    for i, t in enumerate(check.items(item.get("transfers"), f"{key}.transfers")):
        at = f"{key}.transfers[{i}]"
        check.mapping(t, at, TRANSFER_KEYS, ("country",))
        country = check.text(t["country"], f"{at}.country").upper()
        if country not in COUNTRIES:
            check.fail(f"{at}.country", "must be a country code (ISO 3166, e.g. US)")
        safeguard = t.get("safeguard")
        if safeguard is not None:
            safeguard = check.choice(safeguard, f"{at}.safeguard", tuple(SAFEGUARDS))
        transfers.append(Transfer(country, safeguard,
                                  check.text(t.get("recipient"), f"{at}.recipient", optional=True)))
    if role != "controller" and item.get("controller_contact") is None:
        check.fail(f"{key}.controller_contact", f"is required for a {role.replace('_', ' ')} "
                                                "(where rights requests go)")
    contact = check.text(item.get("controller_contact"), f"{key}.controller_contact", optional=True)
    category = item.get("category")
    if category is not None and (not isinstance(category, str) or not _NAME.fullmatch(category)):
        check.fail(f"{key}.category", "must be a category name (letters, digits, _)")
    return InventoryEntry(
        dataset=dataset,
        client=check.text(item["client"], f"{key}.client"),
        role=role,
        controller_contact=contact,
        purpose=check.text(item["purpose"], f"{key}.purpose"),
        legal_basis=check.choice(item["legal_basis"], f"{key}.legal_basis", LEGAL_BASES),
        usage=check.text(item["usage"], f"{key}.usage"),
        received_from=check.received_from(item.get("received_from"), f"{key}.received_from", tables),
        retention=check.retention(item.get("retention"), f"{key}.retention", tables),
        deletion=check.text(item["deletion"], f"{key}.deletion"),
        category=category,
        direction=direction,
        client_role=client_role,
        data=data,
        subjects=subjects,
        recipients=recipients,
        transfers=tuple(transfers),
        security=check.text(item.get("security"), f"{key}.security", optional=True),
        kind=kind,
        position=position,
        regex=regex,
    )


def _folders(value: Any, key: str, check: _Checker, base: Path) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else check.items(value, key)
    out = []
    for i, item in enumerate(items):
        at = key if isinstance(value, str) else f"{key}[{i}]"
        folder = (base / check.text(item, at)).resolve()
        if not folder.is_dir():
            check.fail(at, f"names a folder that does not exist ({folder})")
        out.append(folder)
    return tuple(out)


def _scanner(value: Any, where: str, base: Path, db: Path | None) -> Config:
    if value is not None and not isinstance(value, dict):
        _Checker(where).fail("scanner", "must be a mapping of scanner settings (see ccaudit/conf/default.yaml)")
    try:
        config = scanner_config(value, where, "scanner.")
    except ConfigError as exc:
        raise ConfigError(f"in 'scanner': {exc.reason}", source=where) from None
    key_file = config.index.key_file
    if key_file is not None and not Path(key_file).expanduser().is_absolute():
        key_file = str((base / key_file).resolve())
    index = dataclasses.replace(config.index, db=str(db or (base / config.index.db).resolve()),
                                key_file=key_file)
    return dataclasses.replace(config, index=index)


def _thresholds(value: Any, check: _Checker) -> Thresholds:
    if value is None:
        return Thresholds()
    check.mapping(value, "readiness", READINESS_KEYS)
    base = Thresholds()
    shares = {k: check.number(value.get(k, getattr(base, k)), f"readiness.{k}", 0, 1)
              for k in ("findable_ready", "findable_not_ready", "trained_share")}
    if shares["findable_not_ready"] > shares["findable_ready"]:
        check.fail("readiness.findable_not_ready", "must not be above readiness.findable_ready")
    top = value.get("top_actions", base.top_actions)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 50:
        check.fail("readiness.top_actions", "must be a whole number from 1 to 50")
    return Thresholds(**shares, top_actions=top)


def _training(value: Any, check: _Checker) -> Training:
    if value is None:
        return Training()
    check.mapping(value, "training", TRAINING_KEYS)
    pass_mark = check.number(value.get("pass_mark", PASS_MARK), "training.pass_mark", 0, 100)
    records, agents = [], set()
    for i, item in enumerate(check.items(value.get("records"), "training.records")):
        key = f"training.records[{i}]"
        check.mapping(item, key, RECORD_KEYS, ("agent",))
        agent = item["agent"]
        if not isinstance(agent, (str, int)) or isinstance(agent, bool):
            check.fail(f"{key}.agent", "must be the employee id (as in the staff register)")
        agent = str(agent).strip()
        if agent in agents:
            check.fail(f"{key}.agent", "appears twice in training.records")
        agents.add(agent)
        signed = check.flag(item.get("code_of_conduct_signed"), f"{key}.code_of_conduct_signed")
        signed_on = check.date(item.get("code_of_conduct_date"), f"{key}.code_of_conduct_date", optional=True)
        if signed and signed_on is None:
            check.fail(f"{key}.code_of_conduct_date", "is required when code_of_conduct_signed is true")
        if not signed and signed_on is not None:
            check.fail(f"{key}.code_of_conduct_date", "is set but code_of_conduct_signed is false")
        records.append(TrainingRecord(
            agent=agent,
            name=check.text(item.get("name"), f"{key}.name", optional=True),
            elearning_completed=check.date(item.get("elearning_completed"), f"{key}.elearning_completed",
                                           optional=True),
            exam_score=check.number(item.get("exam_score"), f"{key}.exam_score", 0, 100, optional=True),
            code_of_conduct_signed=signed,
            code_of_conduct_date=signed_on,
        ))
    return Training(pass_mark, tuple(records))


def _requests(value: Any, check: _Checker, clients: set[str]) -> tuple[RightsRequest, ...]:
    out, ids = [], set()
    for i, item in enumerate(check.items(value, "requests")):
        key = f"requests[{i}]"
        check.mapping(item, key, REQUEST_KEYS, ("id", "type", "client", "received"))
        ident = check.text(str(item["id"]) if isinstance(item["id"], int) else item["id"], f"{key}.id")
        if ident in ids:
            check.fail(f"{key}.id", "appears twice in requests")
        ids.add(ident)
        received = check.date(item["received"], f"{key}.received")
        answered = check.date(item.get("answered"), f"{key}.answered", optional=True)
        forwarded = check.date(item.get("forwarded"), f"{key}.forwarded", optional=True)
        for name, day in (("answered", answered), ("forwarded", forwarded)):
            if day is not None and day < received:
                check.fail(f"{key}.{name}", "is before the request was received")
        out.append(RightsRequest(
            id=ident,
            type=check.choice(item["type"], f"{key}.type", tuple(RIGHTS)),
            client=_client(item["client"], f"{key}.client", check, clients),
            received=received, answered=answered,
            extended=check.flag(item.get("extended"), f"{key}.extended"),
            forwarded=forwarded,
            subject=check.text(item.get("subject"), f"{key}.subject", optional=True),
        ))
    return tuple(out)


def _objections(value: Any, check: _Checker, clients: set[str], regions: tuple[str, ...]) -> tuple[Objection, ...]:
    from ccaudit.index.identifiers import ID_TYPES, normalise

    out = []
    for i, item in enumerate(check.items(value, "objections")):
        key = f"objections[{i}]"
        check.mapping(item, key, OBJECTION_KEYS, OBJECTION_KEYS)
        ident = check.mapping(item["identifier"], f"{key}.identifier", IDENTIFIER_KEYS, IDENTIFIER_KEYS)
        id_type = check.choice(ident["type"], f"{key}.identifier.type", ID_TYPES)
        raw = str(ident["value"]) if isinstance(ident["value"], int) else ident["value"]
        raw = check.text(raw, f"{key}.identifier.value")
        canonical = normalise(id_type, raw, regions)
        if canonical is None:               # the value itself is never quoted
            check.fail(f"{key}.identifier.value", f"is not a valid {id_type}")
        out.append(Objection(
            right=check.choice(item["right"], f"{key}.right", OBJECTION_RIGHTS),
            client=_client(item["client"], f"{key}.client", check, clients),
            date=check.date(item["date"], f"{key}.date"),
            identifier_type=id_type, identifier=raw, canonical=canonical,
        ))
    return tuple(out)


def _client(value: Any, key: str, check: _Checker, clients: set[str]) -> str:
    name = check.text(value, key)
    if name not in clients:
        check.fail(key, f"names a client that is not in the inventory ({', '.join(sorted(clients))})")
    return name


def load_audit_config(path: str | os.PathLike) -> AuditConfig:
    """Read and check the audit configuration at ``path``; raise ConfigError on the first problem."""
    return audit_config(read_yaml_file(path, "audit configuration"), path)


def is_audit_config(data: object) -> bool:
    """Whether a YAML mapping is an audit configuration rather than a scanner one: it has
    the audit's own sections (an inventory, inputs), which no scanner file has."""
    return isinstance(data, dict) and ("inventory" in data or "inputs" in data)


def audit_config(data: dict, path: str | os.PathLike) -> AuditConfig:
    """Check the audit configuration ``data`` read from ``path`` (relative folders are read
    from the file's folder); raise ConfigError on the first problem."""
    where = str(path)
    check = _Checker(where)
    check.mapping(data, "", TOP_KEYS, ("inputs", "inventory"))
    base = Path(path).resolve().parent
    audit_date = check.date(data.get("audit_date"), "audit_date", optional=True)

    raw_inputs = check.mapping(data["inputs"], "inputs", INPUT_KEYS)
    exports = _folders(raw_inputs.get("exports"), "inputs.exports", check, base)
    transcripts = _folders(raw_inputs.get("transcripts"), "inputs.transcripts", check, base)
    if not exports and not transcripts:
        check.fail("inputs", "must name at least one exports or transcripts folder")
    db_text = check.text(raw_inputs.get("db"), "inputs.db", optional=True)
    db = (base / db_text).resolve() if db_text else None
    scanner = _scanner(data.get("scanner"), where, base, db)
    reviews_text = check.text(data.get("reviews"), "reviews", optional=True)
    reviews = reviews_text or scanner.reviews
    if reviews is not None:
        # The reviewed-decisions file: checked now, so a mistake stops the run before any work.
        reviews = str((base / Path(reviews).expanduser()).resolve())
        scanner = dataclasses.replace(scanner, reviews=reviews)
        from ccaudit.detect.reviews import load_reviews
        load_reviews(reviews, scanner.entities)
    inputs = Inputs(exports, transcripts, Path(scanner.index.db))

    kinds = {f.name: "exports" for f in exports}
    for folder in transcripts:
        if kinds.get(folder.name) == "exports":
            check.fail("inputs.transcripts", f"uses the folder name '{folder.name}' of an exports folder")
        kinds[folder.name] = "transcripts"
    check.data_names = tuple(DATA_CATEGORIES) + tuple(scanner.entities)
    inventory = tuple(_entry(item, i, check, kinds)
                      for i, item in enumerate(check.items(data["inventory"], "inventory")))
    if not inventory:
        check.fail("inventory", "must list at least one dataset")

    defaults = {}
    raw_defaults = data.get("retention_defaults") or {}
    if not isinstance(raw_defaults, dict):
        check.fail("retention_defaults", "must be a mapping of category: duration")
    for category, value in raw_defaults.items():
        if not isinstance(category, str) or not _NAME.fullmatch(category):
            check.fail(f"retention_defaults.{category}", "is not a category name (letters, digits, _)")
        defaults[category] = check.retention(value, f"retention_defaults.{category}")
    for entry in inventory:
        if entry.category is not None and entry.category not in defaults and entry.retention is None:
            check.fail(f"inventory[{entry.position}].category",
                       f"'{entry.category}' has no retention default and the entry gives no retention")
        rule = entry.retention or defaults.get(entry.category or "")
        if entry.kind == "transcripts" and rule is not None and rule.after:
            check.fail(f"inventory[{entry.position}].category",
                       "gives a retention 'after' a column, but transcripts have no columns")

    clients = {e.client for e in inventory}
    return AuditConfig(
        source=where, base=base, audit_date=audit_date, inputs=inputs, scanner=scanner,
        inventory=inventory, retention_defaults=defaults,
        training=_training(data.get("training"), check),
        readiness=_thresholds(data.get("readiness"), check),
        requests=_requests(data.get("requests"), check, clients),
        objections=_objections(data.get("objections"), check, clients, scanner.phone_regions),
    )
