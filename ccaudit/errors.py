"""The one root exception of ccaudit.

Every error carries the context needed to act on it (file, sheet, row, field) and never
a raw value from the data: messages are safe to log and to write to ``errors.csv``.
"""
from __future__ import annotations


class CcauditError(Exception):
    """Root of every ccaudit error.

    >>> str(CcauditError("not a valid Excel workbook", source="a.xlsx"))
    'a.xlsx: not a valid Excel workbook'
    """

    def __init__(self, reason: str, *, source: str | None = None, sheet: str | None = None,
                 row: int | None = None, field: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.sheet = sheet
        self.row = row
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [str(p) for p in (self.source, self.sheet) if p]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"column {self.field}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class ReaderError(CcauditError):
    """A source file cannot be read (bad encoding, truncated, not the format its name says)."""


class ConfigError(CcauditError):
    """The configuration file is invalid: the message names the key and the file."""


class ClusterError(CcauditError):
    """The Dask cluster a run was sent to does not answer, or stopped answering."""
