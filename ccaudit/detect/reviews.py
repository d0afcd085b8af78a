"""Reviewed decisions: what an analyst decided about a column or a finding, applied by every
later scan, index build and audit run.

The decisions live in one small YAML file named by the configuration (``reviews:`` in an
audit or scanner configuration), never in the code::

    decisions:
      - file: brightbank/crm_export_*.csv   # a glob, matched from the right of the path
        column: segment
        decision: not personal data          # or an entity, e.g. PERSON
        reason: a marketing segment code
        by: JD                               # the analyst's name or initials
        date: 2026-12-03
      - file: nl/call_0004.json              # a finding in a call: its turn and span
        turn: 3
        start: 18
        end: 29
        decision: not personal data
        reason: the name of a street-side shop
        by: JD
        date: 2026-12-03

A column decision may also give ``sheet`` (a workbook's sheet). A decision that matches no
scanned column or finding is *stale*: the scans list it (``reviews.csv``) rather than drop it.

>>> d = Decision(file="brightbank/*.csv", column="segment", entity="", reason="a code", by="JD",
...              on=date(2026, 12, 3))
>>> d.matches_column("data_samples/exports/brightbank/crm.csv", "", "segment")
True
>>> d.label
'not personal data'
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

import pandas as pd

from ccaudit.errors import ConfigError

NOT_PERSONAL = "not personal data"
TOP_KEYS = ("decisions",)
KEYS = ("file", "sheet", "column", "turn", "start", "end", "decision", "reason", "by", "date")
STATUS = ["kind", "file", "sheet", "column", "turn", "start", "end", "decision", "reason", "by",
          "date", "status", "matched"]


@dataclass(frozen=True)
class Decision:
    """One reviewed decision: a column (``file``, ``sheet``, ``column``) or a finding in a call
    (``file``, ``turn``, ``start``, ``end``); ``entity`` is the entity it is, "" for none."""

    file: str
    entity: str
    reason: str
    by: str
    on: date
    sheet: str | None = None
    column: str | None = None
    turn: int | None = None
    start: int | None = None
    end: int | None = None
    position: int = 0

    @property
    def kind(self) -> str:
        return "column" if self.column is not None else "finding"

    @property
    def label(self) -> str:
        return self.entity or NOT_PERSONAL

    def _file(self, source: str) -> bool:
        return PurePosixPath(Path(source).as_posix()).match(self.file)

    def matches_column(self, source: str, sheet: str, column: str) -> bool:
        return (self.column is not None and self.column == column and self._file(source)
                and (self.sheet is None or self.sheet == sheet))

    def matches_finding(self, source: str, turn: int, start: int, end: int) -> bool:
        return (self.column is None and self.turn == turn and self.start == start
                and self.end == end and self._file(source))

    @property
    def note(self) -> str:
        """What the reports show: who decided, when and why."""
        return f"{self.label} — {self.by}, {self.on.isoformat()}: {self.reason}"

    def as_row(self) -> dict:
        return {"kind": self.kind, "file": self.file, "sheet": self.sheet, "column": self.column,
                "turn": self.turn, "start": self.start, "end": self.end, "decision": self.label,
                "reason": self.reason, "by": self.by, "date": self.on.isoformat()}


@dataclass(frozen=True)
class Reviews:
    """The decisions of one file; the last decision that matches wins."""

    decisions: tuple[Decision, ...] = ()
    source: str = ""
    _used: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.decisions)

    def column(self, source: str, sheet: str, column: str) -> Decision | None:
        found = next((d for d in reversed(self.decisions) if d.matches_column(source, sheet, column)), None)
        if found is not None:
            self._used[found.position] = self._used.get(found.position, 0) + 1
        return found

    def finding(self, source: str, turn: int, start: int, end: int) -> Decision | None:
        found = next((d for d in reversed(self.decisions)
                      if d.matches_finding(source, turn, start, end)), None)
        if found is not None:
            self._used[found.position] = self._used.get(found.position, 0) + 1
        return found

    def matched(self) -> dict[int, int]:
        """How many columns or findings each decision (by position) has matched so far."""
        return dict(self._used)

    def count(self, matched: dict[int, int]) -> None:
        """Count matches made elsewhere (a saved scan result's) as matched here too."""
        for position, n in matched.items():
            self._used[int(position)] = self._used.get(int(position), 0) + n

    def status(self, kind: str) -> pd.DataFrame:
        """Every decision of ``kind`` (column or finding) with how many scanned columns or
        findings it matched: ``applied``, or ``stale`` when its file, column or span is gone."""
        rows = []
        counts = self._used
        for d in self.decisions:
            if d.kind != kind:
                continue
            n = counts.get(d.position, 0)
            rows.append({**d.as_row(), "status": "applied" if n else "stale", "matched": n})
        return pd.DataFrame(rows, columns=STATUS)


def _fail(where: str, key: str, reason: str):
    raise ConfigError(f"'{key}' {reason}", source=where)


def _integer(value: Any, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail(where, key, "must be a whole number ≥ 0")
    return value


def parse_reviews(data: Any, where: str, entities: Iterable[str]) -> Reviews:
    """Check the decisions file's mapping ``data`` (read from ``where``); ConfigError names
    the key and the file."""
    known = set(entities)
    if data is None:
        return Reviews(source=where)
    if not isinstance(data, dict):
        _fail(where, "decisions", "must be a list under a top-level 'decisions' key")
    unknown = [k for k in data if k not in TOP_KEYS]
    if unknown:
        _fail(where, str(unknown[0]), "is not a key of a decisions file (expected: decisions)")
    items = data.get("decisions") or []
    if not isinstance(items, list):
        _fail(where, "decisions", "must be a list of decisions")
    out = []
    for i, item in enumerate(items):
        key = f"decisions[{i}]"
        if not isinstance(item, dict):
            _fail(where, key, "must be a mapping (file, column or turn/start/end, decision, reason, by, date)")
        extra = [k for k in item if k not in KEYS]
        if extra:
            _fail(where, f"{key}.{extra[0]}", f"is not a key of a decision (expected one of: {', '.join(KEYS)})")
        for required in ("file", "decision", "reason", "by", "date"):
            if item.get(required) in (None, ""):
                _fail(where, f"{key}.{required}", "is missing")
        text = {k: str(item[k]).strip() for k in ("file", "decision", "reason", "by")}
        decision = text["decision"]
        if decision.lower().replace("_", " ") in (NOT_PERSONAL, "not personal"):
            entity = ""
        elif decision.upper() in known:
            entity = decision.upper()
        else:
            _fail(where, f"{key}.decision", f"'{decision}' is neither 'not personal data' nor a known entity")
        on = item["date"]
        if isinstance(on, str):
            try:
                on = date.fromisoformat(on)
            except ValueError:
                _fail(where, f"{key}.date", "must be a date (YYYY-MM-DD)")
        if not isinstance(on, date):
            _fail(where, f"{key}.date", "must be a date (YYYY-MM-DD)")
        column = item.get("column")
        span = [item.get(k) for k in ("turn", "start", "end")]
        if column is not None and any(v is not None for v in span):
            _fail(where, key, "names a column and a span: a decision is about one or the other")
        if column is None and any(v is None for v in span):
            _fail(where, key, "must name a column, or a finding's turn, start and end")
        if column is None:
            turn, start, end = (_integer(v, where, f"{key}.{k}") for v, k in zip(span, ("turn", "start", "end")))
            if end <= start:
                _fail(where, f"{key}.end", "must be after start")
        else:
            turn = start = end = None
        sheet = item.get("sheet")
        out.append(Decision(file=text["file"], entity=entity, reason=text["reason"], by=text["by"], on=on,
                            sheet=None if sheet is None else str(sheet),
                            column=None if column is None else str(column),
                            turn=turn, start=start, end=end, position=i))
    return Reviews(tuple(out), where)


def load_reviews(path: str | os.PathLike | None, entities: Iterable[str]) -> Reviews:
    """The decisions in ``path`` (None, or a file not yet written: no decision)."""
    if path is None or not Path(path).exists():
        return Reviews(source=str(path or ""))
    from ccaudit.config import read_yaml_file

    return parse_reviews(read_yaml_file(path, "reviewed-decisions"), str(path), entities)


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime: int, entities: tuple[str, ...]) -> Reviews:
    return load_reviews(path, entities)


def reviews_for(config) -> Reviews:
    """The decisions the scanner configuration names (read once per file version); each call
    returns a fresh record of which decisions matched."""
    path = getattr(config, "reviews", None)
    if path is None or not Path(path).exists():
        return Reviews(source=str(path or ""))
    loaded = _cached(str(path), Path(path).stat().st_mtime_ns, tuple(config.entities))
    return Reviews(loaded.decisions, loaded.source)


def record_decision(path: str | os.PathLike, *, file: str, decision: str, reason: str, by: str,
                    column: str | None = None, sheet: str | None = None, turn: int | None = None,
                    start: int | None = None, end: int | None = None, on: date | None = None,
                    entities: Iterable[str] | None = None) -> Decision:
    """Add one decision to the file at ``path`` (created when missing) and return it.

    The file is checked before and after: a wrong decision is refused with a ConfigError
    and the file is left as it was."""
    import yaml

    from ccaudit.config import scanner_config

    entities = tuple(entities) if entities is not None else scanner_config().entities
    path = Path(path)
    existing = load_reviews(path, entities)
    item: dict[str, Any] = {"file": file}
    if sheet is not None:
        item["sheet"] = sheet
    if column is not None:
        item["column"] = column
    for key, value in (("turn", turn), ("start", start), ("end", end)):
        if value is not None:
            item[key] = value
    item.update(decision=decision, reason=reason, by=by, date=(on or date.today()).isoformat())
    items = [_as_item(d) for d in existing.decisions] + [item]
    checked = parse_reviews({"decisions": items}, str(path), entities)
    header = ("# Reviewed decisions (ccaudit): what analysts decided about a column or a finding.\n"
              "# Applied by every scan, index build and audit run; see docs/audit-config.md.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(header + yaml.safe_dump({"decisions": items}, sort_keys=False, allow_unicode=True),
                   encoding="utf-8")
    os.replace(tmp, path)
    _cached.cache_clear()
    return checked.decisions[-1]


def _as_item(d: Decision) -> dict:
    item: dict[str, Any] = {"file": d.file}
    for key in ("sheet", "column", "turn", "start", "end"):
        if getattr(d, key) is not None:
            item[key] = getattr(d, key)
    item.update(decision=d.label, reason=d.reason, by=d.by, date=d.on.isoformat())
    return item


__all__ = ["Decision", "NOT_PERSONAL", "Reviews", "load_reviews", "parse_reviews", "record_decision",
           "reviews_for"]
