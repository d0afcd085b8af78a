"""Excel workbooks (.xlsx, .xlsm), read row by row with python-calamine (Rust; several times
faster than openpyxl's read-only mode, which the rest of ccaudit still uses to write).

Every worksheet is read in workbook order; the first non-empty row of a sheet is its header.
Row index: 0-based position below the header row, so the Excel row number is
``row index + header row number + 1`` (row index 0 is Excel row 2 when the header is on row
1). Empty rows count but are not yielded; an empty or header-only sheet yields nothing.
A blank header cell is named ``column_N`` after its sheet column (A is column_1). Formulas
give their cached value (None if the workbook was never recalculated); Excel has no date
type, so a datetime at midnight reads as a date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ccaudit.errors import ReaderError
from ccaudit.sources.common import TableChunk, column_name, dedupe_names, make_chunk, records_frame, to_text

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted workbook


def read_excel(path: Path, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    workbook = _open_workbook(path)
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue  # chart and dialog sheets hold no table
            try:
                yield from _sheet_chunks(workbook.get_sheet_by_name(meta.name), source, chunk_rows)
            except ReaderError:
                raise
            except Exception as exc:  # calamine raises its own errors on a damaged sheet
                raise ReaderError("damaged worksheet", sheet=meta.name) from exc
    finally:
        workbook.close()


def _open_workbook(path: Path):
    from python_calamine import CalamineWorkbook  # imported late: only workbooks need it

    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_OLE_MAGIC):
        raise ReaderError("not a valid Excel workbook (encrypted, or the old .xls format)")
    if not magic.startswith(_ZIP_MAGIC):
        raise ReaderError("not a valid Excel workbook")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # a broken zip, a missing part, bad XML...
        raise ReaderError("not a valid Excel workbook") from exc


def _cell(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: an empty cell None, a whole number an int."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def _numbered_rows(sheet) -> Iterator[tuple[int, list]]:
    """(Excel row number, cells from column A) of every row calamine holds: its range starts
    at the first used cell, which need not be A1."""
    start = sheet.start
    if start is None:
        return
    first_row, first_col = start
    pad = [None] * first_col
    for i, row in enumerate(sheet.iter_rows()):
        yield first_row + i + 1, pad + [_cell(v) for v in row]


def _sheet_chunks(sheet, source: str, chunk_rows: int) -> Iterator[TableChunk]:
    numbered = _numbered_rows(sheet)
    header_number, header = _first_nonempty_row(numbered)
    if header is None:
        return
    raw_names = [column_name(cell_text(value), i) for i, value in enumerate(_rstrip_none(header))]
    names = dedupe_names(raw_names)
    rows: list[list[str | None]] = []
    index: list[int] = []
    for number, row in numbered:
        values = _rstrip_none([cell_text(value) for value in row])
        if not values:
            continue
        if len(values) > len(names):  # data right of the header: keep it, unnamed
            raw_names += [f"column_{i + 1}" for i in range(len(raw_names), len(values))]
            names = dedupe_names(raw_names)
        rows.append(values)
        index.append(number - header_number - 1)
        if len(rows) == chunk_rows:
            yield make_chunk(source, records_frame(rows, names, index), "xlsx", sheet.name)
            rows, index = [], []
    if rows:
        yield make_chunk(source, records_frame(rows, names, index), "xlsx", sheet.name)


def _first_nonempty_row(numbered) -> tuple[int, tuple | None]:
    for number, row in numbered:
        if any(cell_text(value) is not None for value in row):
            return number, row
    return 0, None


def _rstrip_none(values) -> list:
    values = list(values)
    while values and (values[-1] is None or to_text(values[-1]) is None):
        values.pop()
    return values


def cell_text(value: Any) -> str | None:
    """Text of a cell; Excel has no date type, so a datetime at midnight is shown as a date."""
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time(0):
        return value.date().isoformat()
    return to_text(value)
