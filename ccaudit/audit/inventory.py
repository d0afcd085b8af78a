"""The inventory of data exchanges (Art. 30): one entry per dataset, the files its glob
matches, how long they are kept (:class:`Retention`, ISO 8601 :class:`Duration`s) and where a
file's received date comes from (:class:`ReceivedFrom`: the file's time, a date column, or
the file name). The audit configuration (:mod:`ccaudit.audit.configuration`) reads and
checks the YAML into these.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

import pandas as pd

from ccaudit.entities import DATA_GROUPS
from ccaudit.errors import ReaderError
from ccaudit.gdpr import EEA, add_months

# The categories of personal data an inventory entry's ``data`` may name besides entity types:
# the entity table's groups, and two that name what a kind of data holds.
DATA_CATEGORIES: dict[str, tuple[str, ...]] = {
    **DATA_GROUPS,
    # What a call says: names, places and contact data (national numbers, bank and card
    # numbers said in a call must be declared as such).
    "call_content": DATA_GROUPS["identity"] + DATA_GROUPS["contact"],
    # An HR register: identity, contact, payroll and national numbers.
    "employee_data": tuple(e for g in ("identity", "contact", "financial", "national_id")
                           for e in DATA_GROUPS[g]),
}

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
_DATE_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration in calendar units (years, months, weeks, days).

    >>> Duration.parse("P6M").add_to(dt.date(2026, 8, 31))
    datetime.date(2027, 2, 28)
    >>> str(Duration.parse("P1Y2M10D"))
    'P1Y2M10D'
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        """``P90D``, ``P6M``, ``P2Y``, ``P1Y6M``, ``P4W``; raises ValueError otherwise.

        Time parts (``PT12H``) are refused: retention is counted in days.
        """
        match = _DURATION.fullmatch(text.strip().upper()) if isinstance(text, str) else None
        if match is None or not any(match.groups()):
            raise ValueError(text)
        return cls(*(int(g or 0) for g in match.groups()))

    def add_to(self, day: dt.date) -> dt.date:
        """``day`` plus this duration: months first (the day clamped to the month's end), then days."""
        return add_months(day, self.months + 12 * self.years) + dt.timedelta(weeks=self.weeks,
                                                                            days=self.days)

    def __str__(self) -> str:
        parts = [(self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")]
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n) if any(n for n, _ in parts) else "P0D"


@dataclass(frozen=True)
class Retention:
    """How long data is kept: ``period`` from the received date, or, with ``after``, from the
    date in that column of each record (``P1Y after:leaving_date``: one year after leaving;
    a record with no such date is not due).

    >>> r = Retention.parse("P1Y after:leaving_date")
    >>> r.after, r.expires(dt.date(2025, 3, 31))
    ('leaving_date', datetime.date(2026, 3, 31))
    """

    period: Duration
    after: str | None = None

    @classmethod
    def parse(cls, text: str) -> Retention:
        if not isinstance(text, str):
            raise ValueError(text)
        duration, _, rest = text.strip().partition(" ")
        after = None
        if rest.strip():
            kind, _, column = rest.strip().partition(":")
            if kind != "after" or not column.strip():
                raise ValueError(text)
            after = column.strip()
        return cls(Duration.parse(duration), after)

    def expires(self, start: dt.date) -> dt.date:
        """The day the retention ends: ``start`` plus the period. Data still held after it is
        overdue."""
        return self.period.add_to(start)

    def overdue(self, start: dt.date, today: dt.date) -> bool:
        """Whether data received (or counted from) ``start`` is still held past its end on ``today``."""
        return today > self.expires(start)

    def __str__(self) -> str:
        return f"{self.period} after:{self.after}" if self.after else str(self.period)


@dataclass(frozen=True)
class ReceivedFrom:
    """Where a file's received date comes from: ``file_time`` (modification time),
    ``column:<name>`` (the latest date in that column) or ``filename:<regex>`` (the date
    in the file name, from the group named ``date`` or the first group)."""

    kind: str
    column: str | None = None
    pattern: re.Pattern | None = None

    def __str__(self) -> str:
        if self.kind == "column":
            return f"column:{self.column}"
        if self.kind == "filename":
            return f"filename:{self.pattern.pattern}"
        return self.kind


@dataclass(frozen=True)
class Transfer:
    """Where an exchange's data goes outside the contact centre's country (Art. 30(1)(e))."""

    country: str                  # ISO 3166 alpha-2
    safeguard: str | None = None  # adequacy_decision, standard_contractual_clauses, ... or none
    recipient: str | None = None

    @property
    def outside_eea(self) -> bool:
        return self.country not in EEA

    @property
    def unsafe(self) -> bool:
        """Outside the EEA with no safeguard (Art. 44-49)."""
        return self.outside_eea and self.safeguard in (None, "none")


@dataclass(frozen=True)
class InventoryEntry:
    """One documented data exchange (Art. 30): the files that match ``dataset``."""

    dataset: str                 # glob relative to the inputs: exports/brightbank/*.csv
    client: str
    role: str                    # processor | controller | joint_controller
    controller_contact: str | None
    purpose: str
    legal_basis: str             # Art. 6(1): consent ... legitimate_interests
    usage: str
    received_from: ReceivedFrom
    retention: Retention | None  # None: the category's default, if any
    deletion: str
    category: str | None = None
    # Art. 30: which way the data goes, the client's role for that direction, the personal
    # data and data subjects agreed (None: not declared), who receives it, transfers outside
    # the country, the security measures.
    direction: str = "received"   # received | returned | shared | internal
    client_role: str | None = "controller"
    data: tuple[str, ...] | None = None
    subjects: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    security: str | None = None
    kind: str = "exports"        # exports | transcripts: the input the glob starts in
    position: int = 0            # index in the inventory list
    regex: re.Pattern | None = field(default=None, repr=False, compare=False)

    def matches(self, key: str) -> bool:
        """Whether a file's key (``exports/brightbank/x.csv``) matches the glob."""
        return self.regex.fullmatch(key) is not None

    @property
    def declared_entities(self) -> frozenset[str] | None:
        """The entity types ``data`` covers (None: no data declared)."""
        if self.data is None:
            return None
        return frozenset(e for name in self.data for e in DATA_CATEGORIES.get(name, (name,)))



def glob_regex(pattern: str) -> re.Pattern:
    """A glob as a regular expression on ``/``-separated keys: ``*`` and ``?`` stay within
    one folder, ``**`` spans any number of folders, ``[abc]`` / ``[!abc]`` are classes.

    >>> bool(glob_regex("exports/**/*.csv").fullmatch("exports/a/b/c.csv"))
    True
    >>> bool(glob_regex("exports/*.csv").fullmatch("exports/a/c.csv"))
    False
    """
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                raise ValueError("unclosed '['")
            body = pattern[i + 1:end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))


def parse_date_text(text: str | None) -> dt.date | None:
    """The date at the start of an ISO date or timestamp text (``2026-10-02 13:21:50``,
    ``2026-11-01T08:27:17Z``), else None."""
    match = _DATE_PREFIX.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def filename_date(name: str, pattern: re.Pattern) -> dt.date | None:
    """The date captured from a file name: ``YYYY-MM-DD``, ``YYYYMMDD``, or a month alone
    (``YYYY-MM``, ``YYYYMM``: the month's first day). None when the name does not match.

    >>> filename_date("crm_export_2026-10.csv", re.compile(r"(?P<date>\\d{4}-\\d{2})"))
    datetime.date(2026, 10, 1)
    """
    match = pattern.search(name)
    if match is None:
        return None
    text = match.group("date") if "date" in pattern.groupindex else match.group(1)
    digits = re.sub(r"[-_.]", "", text or "")
    try:
        if re.fullmatch(r"\d{8}", digits):
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if re.fullmatch(r"\d{6}", digits):
            return dt.date(int(digits[:4]), int(digits[4:6]), 1)
    except ValueError:
        return None
    return None


def column_dates(path: str | os.PathLike, column: str, chunk_rows: int = 100_000) -> pd.DataFrame:
    """``sheet, row, date`` for every record of a table file: the date in ``column`` (None
    when empty or not a date). Raises ReaderError when the file cannot be read or no sheet
    has the column."""
    from ccaudit.sources.tables import read_tables       # the readers pull pandas/openpyxl in

    parts, seen = [], False
    for chunk in read_tables(path, chunk_rows):
        if column not in chunk.frame.columns:
            continue
        seen = True
        parts.append(pd.DataFrame({"sheet": chunk.sheet, "row": chunk.frame.index,
                                   "date": chunk.frame[column].map(parse_date_text)}))
    if not seen:
        raise ReaderError(f"no column '{column}' (received date or retention rule)", source=str(path))
    return pd.concat(parts, ignore_index=True)
