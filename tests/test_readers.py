"""Tests of ccaudit.sources.tables: every format comes out as chunks of text records.

Inputs are built in tmp_path; the golden bad files live in tests/data/readers/bad/ (see the
README there). The memory test is marked ``slow``.
"""
from __future__ import annotations

import builtins
import codecs
import csv
import datetime as dt
import decimal
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ccaudit.errors import ReaderError
from ccaudit.sources.tables import SUPPORTED_SUFFIXES, TableChunk, describe, discover, read_tables, to_text

BAD_DIR = Path(__file__).parent / "data" / "readers" / "bad"


# --------------------------------------------------------------------------- helpers

def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def chunks_of(path: Path, chunk_rows: int = 100_000) -> list[TableChunk]:
    chunks = list(read_tables(path, chunk_rows=chunk_rows))
    for chunk in chunks:
        check_chunk(chunk, chunk_rows)
    return chunks


def check_chunk(chunk: TableChunk, chunk_rows: int) -> None:
    """The invariants every chunk of every format keeps."""
    frame = chunk.frame
    assert 0 < len(frame) <= chunk_rows
    assert all(dtype == object for dtype in frame.dtypes)
    for value in frame.to_numpy().ravel():
        assert value is None or (isinstance(value, str) and value.strip()), repr(value)
    assert chunk.start_row == frame.index[0]
    assert list(frame.index) == sorted(set(frame.index))
    assert frame.notna().any(axis=1).all(), "a record without any value was yielded"


def records(path: Path, chunk_rows: int = 100_000) -> list[tuple[str, int, dict[str, str]]]:
    """(sheet, row index, non-null values) of every record: comparable across chunkings."""
    out = []
    for chunk in chunks_of(path, chunk_rows):
        for row, values in zip(chunk.frame.index, chunk.frame.to_dict("records")):
            out.append((chunk.sheet, int(row), {k: v for k, v in values.items() if v is not None}))
    return out


def rows(path: Path) -> list[list[str | None]]:
    return [row for chunk in chunks_of(path) for row in chunk.frame.to_numpy().tolist()]


def only_frame(path: Path) -> pd.DataFrame:
    chunks = chunks_of(path)
    assert len(chunks) == 1
    return chunks[0].frame


def reader_error(path: Path, chunk_rows: int = 100_000) -> ReaderError:
    with pytest.raises(ReaderError) as info:
        list(read_tables(path, chunk_rows=chunk_rows))
    return info.value


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, sheet_rows in sheets.items():
        sheet = wb.create_sheet(title)
        for row in sheet_rows:
            sheet.append(row)
    wb.save(path)
    return path


# --------------------------------------------------------------------------- API basics

def test_supported_suffixes_and_describe():
    assert SUPPORTED_SUFFIXES == {".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".ndjson", ".jsonl", ".parquet"}
    expected = {"a.csv": "csv", "a.TSV": "csv", "a.xlsx": "xlsx", "a.xlsm": "xlsx", "a.json": "json",
                "a.ndjson": "ndjson", "a.jsonl": "ndjson", "a.parquet": "parquet", "a.xls": "unknown",
                "README": "unknown"}
    assert {name: describe(name) for name in expected} == expected


def test_chunk_rows_must_be_positive(tmp_path):
    path = write(tmp_path, "a.csv", "a\n1\n")
    with pytest.raises(ValueError):
        list(read_tables(path, chunk_rows=0))


@pytest.mark.parametrize(("value", "text"), [
    (None, None), ("", None), ("  \t\n", None), ("\u00a0", None), (" x ", " x "),
    (12345, "12345"), (12.0, "12"), (-0.0, "0"), (29.99, "29.99"), (0.1 + 0.2, "0.30000000000000004"),
    (1e20, "1e+20"), (float("nan"), None), (True, "true"), (False, "false"),
    (dt.date(2024, 2, 29), "2024-02-29"), (dt.datetime(2024, 2, 29, 8, 5, 3), "2024-02-29 08:05:03"),
    (dt.datetime(2024, 2, 29, 8, 5, 3, 250000), "2024-02-29 08:05:03.250000"),
    (dt.datetime(2024, 2, 29, 8, 5, tzinfo=dt.timezone.utc), "2024-02-29 08:05:00+00:00"),
    (dt.time(9, 30), "09:30:00"), (decimal.Decimal("12.50"), "12.50"),
    (["a", None, 3], "a, 3"), ([], None), ([{"k": "é"}], '[{"k":"é"}]'), ({"k": 1}, '{"k":1}'),
    (b"abc", "abc"), (b"\xff\x00", "ff00"),
])
def test_to_text(value, text):
    assert to_text(value) == text


# --------------------------------------------------------------------------- CSV

ACCENTED = "prénom;straße;commune;opmerking\nÉloïse;Rue de l'Église 3;Liège;prijs 5 €\nJürgen;Bahnhofstraße;Namur;ça va\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(tmp_path, encoding):
    path = write(tmp_path, "klanten.csv", ACCENTED, encoding)
    frame = only_frame(path)
    assert list(frame.columns) == ["prénom", "straße", "commune", "opmerking"]
    assert frame.loc[0].tolist() == ["Éloïse", "Rue de l'Église 3", "Liège", "prijs 5 €"]
    assert frame.loc[1, "opmerking"] == "ça va"


def test_csv_latin1(tmp_path):
    # 0x81 is undefined in cp1252, so only latin-1 decodes this file.
    text = "naam,code\nRené,a\x81b\n"
    path = write(tmp_path, "klanten.csv", text, "latin-1")
    assert rows(path) == [["René", "a\x81b"]]


def test_csv_undecodable_bytes_after_the_head_switch_to_cp1252(tmp_path):
    # The first 256 KB are valid UTF-8; a cp1252 name comes much later.
    head = "naam,stad\n" + "".join(f"Jösé{i},Gent\n" for i in range(40_000))
    path = write(tmp_path, "gemengd.csv", head.encode("utf-8") + "René,Liège\n".encode("cp1252"))
    assert path.stat().st_size > 300_000
    found = records(path, chunk_rows=7_000)
    assert [row for _, row, _ in found] == list(range(40_001))
    assert found[0][2] == {"naam": "Jösé0", "stad": "Gent"}
    assert found[-1][2] == {"naam": "René", "stad": "Liège"}


def test_csv_header_keeps_the_head_encoding_when_the_first_chunk_restarts(tmp_path):
    # UTF-8 with BOM for the first 256 KB, then a cp1252 byte, all within the first chunk.
    head = "prénom;ville\n" + "".join(f"Zoë{i};Gent\n" for i in range(30_000))
    path = write(tmp_path, "gemengd.csv", codecs.BOM_UTF8 + head.encode("utf-8") + "René;Liège\n".encode("cp1252"))
    chunks = chunks_of(path)
    assert chunks[0].frame.columns.tolist() == ["prénom", "ville"]
    assert chunks[-1].frame.iloc[-1].tolist() == ["René", "Liège"]
    assert sum(len(chunk.frame) for chunk in chunks) == 30_001


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters(tmp_path, delimiter):
    others = "".join(d for d in ",;\t|" if d != delimiter)
    lines = [["naam", "adres", "telefoon"],
             ["Jan", f'"Kerkstraat 1{others} Gent"', "0475123456"],
             ["Piet", "Dorp 2", "032123456"]]
    path = write(tmp_path, "klanten.csv", "".join(delimiter.join(line) + "\r\n" for line in lines))
    assert rows(path) == [["Jan", f"Kerkstraat 1{others} Gent", "0475123456"], ["Piet", "Dorp 2", "032123456"]]


def test_tsv_suffix_prefers_tab(tmp_path):
    path = write(tmp_path, "klanten.tsv", "naam\tadres, stad\nJan\tKerkstraat 1, Gent\n")
    assert only_frame(path).columns.tolist() == ["naam", "adres, stad"]


def test_csv_delimiter_falls_back_to_header_count(tmp_path):
    # Ragged lines: csv.Sniffer gives up, the header line has two semicolons.
    path = write(tmp_path, "klanten.csv", "naam;email;tel\nJan;jan@voorbeeld.be\nPiet\n")
    frame = only_frame(path)
    assert frame.columns.tolist() == ["naam", "email", "tel"]
    assert frame.to_numpy().tolist() == [["Jan", "jan@voorbeeld.be", None], ["Piet", None, None]]


def test_csv_single_column(tmp_path):
    path = write(tmp_path, "emails.csv", "email\njan@voorbeeld.be\npiet@voorbeeld.be\n")
    assert rows(path) == [["jan@voorbeeld.be"], ["piet@voorbeeld.be"]]
    # No delimiter in the header: one column, even if the values hold commas.
    path = write(tmp_path, "namen.csv", "naam\nPeeters, Jan\nJanssens, Mia\n")
    assert rows(path) == [["Peeters, Jan"], ["Janssens, Mia"]]


def test_csv_sniffer_answer_must_occur_in_the_header(tmp_path, monkeypatch):
    class WrongDialect(csv.Dialect):
        delimiter, quotechar, lineterminator, quoting = "|", '"', "\n", csv.QUOTE_MINIMAL

    monkeypatch.setattr(csv.Sniffer, "sniff", lambda self, sample, delimiters=None: WrongDialect)
    path = write(tmp_path, "klanten.csv", "naam;tags\nJan;a|b\n")
    assert rows(path) == [["Jan", "a|b"]]


def test_csv_values_stay_text(tmp_path):
    path = write(tmp_path, "klanten.csv",
                 "id,telefoon,postcode,bedrag,actief,leeg,spatie\n"
                 "007,0475123456,0800,12.50,TRUE,,  \n"
                 "8,+32475123456,1000,1e3,NA,\" \",x\n")
    frame = only_frame(path)
    assert frame.loc[0].tolist() == ["007", "0475123456", "0800", "12.50", "TRUE", None, None]
    assert frame.loc[1].tolist() == ["8", "+32475123456", "1000", "1e3", "NA", None, "x"]


def test_csv_row_index_counts_blank_lines_not_quoted_newlines(tmp_path):
    path = write(tmp_path, "notities.csv",
                 "\n\nnaam,notitie\r\n"
                 "Jan,\"belt terug\r\nmorgen\"\r\n"
                 "\r\n"
                 ",\r\n"
                 "Piet,ok\r\n"
                 "Mia\r\n")
    assert records(path) == [("", 0, {"naam": "Jan", "notitie": "belt terug\r\nmorgen"}),
                             ("", 3, {"naam": "Piet", "notitie": "ok"}),
                             ("", 4, {"naam": "Mia"})]


def test_csv_headers_blank_and_duplicate(tmp_path):
    path = write(tmp_path, "klanten.csv", " naam ,naam,,naam.1,\n1,2,3,4,5\n")
    assert only_frame(path).columns.tolist() == ["naam", "naam.1", "column_3", "naam.1.1", "column_5"]


@pytest.mark.parametrize("last_line", ["Jan,0475", "Jan,", 'Jan,""', ",", "Jan,0475   "])
def test_csv_complete_last_line_without_newline(tmp_path, last_line):
    path = write(tmp_path, "klanten.csv", "naam,telefoon\nPiet,0476\n" + last_line)
    assert records(path)[0] == ("", 0, {"naam": "Piet", "telefoon": "0476"})


def test_csv_truncated_errors_name_the_row(tmp_path):
    short = write(tmp_path, "kort.csv", "naam,email,telefoon\nJan,jan@voorbeeld.be,0475\nPiet,")
    error = reader_error(short)
    assert error.row == 1 and error.reason.startswith("truncated") and "2 of 3 fields" in error.reason
    quote = write(tmp_path, "quote.csv", 'naam,notitie\nJan,ok\nPiet,ok\nMia,"belt\nterug')
    error = reader_error(quote)
    assert error.row == 2 and error.reason.startswith("truncated")


@pytest.mark.parametrize(("content", "row"), [
    ("naam;tel\nJan;0475;extra\n", 0),
    ("naam;tel\nJan;0475\n\nPiet;\"0476\nx\"\nMia;0477;extra\n", 3),
    ("\nnaam;tel\nJan;0475\nPiet;0476;extra\n", 1),
])
def test_csv_too_many_fields_names_the_row(tmp_path, content, row):
    error = reader_error(write(tmp_path, "klanten.csv", content), chunk_rows=2)
    assert "too many fields" in error.reason
    assert error.row == row
    assert "extra" not in str(error)


# --------------------------------------------------------------------------- chunking, all formats

# The same records in every format: a blank record at position 2 and record 4 adds a column.
SAMPLE = [{"naam": "Jan", "tel": "0475"}, {"naam": "Piet", "tel": "0476"}, {},
          {"naam": "Mia", "tel": None}, {"naam": "Ann", "tel": "0478", "stad": "Gent"},
          {"naam": "Bob", "tel": "0479"}, {"naam": "Eva", "tel": "0470", "stad": "Lier"}]


def sample_file(folder: Path, suffix: str) -> Path:
    path = folder / f"sample{suffix}"
    columns = ["naam", "tel", "stad"]
    if suffix in (".csv", ".tsv"):
        sep = "," if suffix == ".csv" else "\t"
        lines = [sep.join(columns)] + [sep.join(r.get(c) or "" for c in columns) for r in SAMPLE]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif suffix in (".xlsx", ".xlsm"):
        workbook(path, {"Blad1": [columns] + [[r.get(c) for c in columns] for r in SAMPLE]})
    elif suffix == ".json":
        path.write_text(json.dumps(SAMPLE), encoding="utf-8")
    elif suffix in (".ndjson", ".jsonl"):
        path.write_text("".join(json.dumps(r) + "\n" for r in SAMPLE), encoding="utf-8")
    elif suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(SAMPLE, schema=pa.schema([(c, pa.string()) for c in columns])), path)
    return path


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_every_format_gives_the_same_records(tmp_path, suffix):
    path = sample_file(tmp_path, suffix)
    found = records(path)
    expected = [(i, {k: v for k, v in r.items() if v is not None}) for i, r in enumerate(SAMPLE) if any(r.values())]
    assert [(row, values) for _, row, values in found] == expected
    assert {chunk.format for chunk in chunks_of(path)} == {describe(path)}
    assert all(chunk.source == str(path) for chunk in chunks_of(path))


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
@pytest.mark.parametrize("chunk_rows", [1, 2, 3])
def test_chunking_gives_the_same_records_and_row_indices(tmp_path, suffix, chunk_rows):
    path = sample_file(tmp_path, suffix)
    assert records(path, chunk_rows) == records(path)
    columns = [list(chunk.frame.columns) for chunk in chunks_of(path, chunk_rows)]
    for earlier, later in zip(columns, columns[1:]):
        assert later[:len(earlier)] == earlier, "a later chunk must extend the earlier columns"


# --------------------------------------------------------------------------- JSON and NDJSON

def test_json_flattening(tmp_path):
    data = [
        {"id": 1, "persoon": {"naam": "Jan", "adres": {"straat": "Kerkstraat 1", "gemeente": "Gent"}},
         "telefoons": ["0475", "0476"], "bestellingen": [{"nr": 7, "bedrag": 12.5}, {"nr": 8, "bedrag": 3.0}],
         "actief": True, "score": 4.0, "opmerking": None, "tags": []},
        {"id": 2, "persoon": {"naam": "Zoë", "email": "zoe@voorbeeld.be"}, "telefoons": ["0477", None, 32]},
    ]
    path = write(tmp_path, "klanten.json", json.dumps(data, ensure_ascii=False))
    frame = only_frame(path)
    assert frame.columns.tolist() == ["id", "persoon.naam", "persoon.adres.straat", "persoon.adres.gemeente",
                                      "telefoons", "bestellingen", "actief", "score", "opmerking", "tags",
                                      "persoon.email"]
    first = frame.loc[0].to_dict()
    assert first["persoon.adres.straat"] == "Kerkstraat 1"
    assert first["telefoons"] == "0475, 0476"
    assert first["bestellingen"] == '[{"nr":7,"bedrag":12.5},{"nr":8,"bedrag":3.0}]'
    assert (first["actief"], first["score"], first["opmerking"], first["tags"]) == ("true", "4", None, None)
    second = frame.loc[1].to_dict()
    assert second["persoon.naam"] == "Zoë" and second["persoon.email"] == "zoe@voorbeeld.be"
    assert second["telefoons"] == "0477, 32"
    assert second["persoon.adres.straat"] is None


def test_json_object_holding_an_array(tmp_path):
    data = {"export_datum": "2024-05-01", "versie": 2, "bron": {"systeem": "crm"},
            "agenten": [{"naam": "Agent 1"}],
            "klanten": [{"naam": "Jan"}, {"naam": "Piet"}, {"naam": "Mia"}],
            "tags": ["a", "b", "c", "d"]}
    path = write(tmp_path, "export.json", json.dumps(data))
    assert records(path) == [("", 0, {"naam": "Jan"}), ("", 1, {"naam": "Piet"}), ("", 2, {"naam": "Mia"})]


def test_json_ties_take_the_first_array(tmp_path):
    path = write(tmp_path, "export.json", json.dumps({"a": [{"x": "1"}], "b": [{"y": "2"}]}))
    assert records(path) == [("", 0, {"x": "1"})]


def test_json_in_cp1252_and_with_bom(tmp_path):
    text = '[{"naam": "René", "stad": "Liège"}]'
    assert rows(write(tmp_path, "a.json", text, "cp1252")) == [["René", "Liège"]]
    assert rows(write(tmp_path, "b.json", text, "utf-8-sig")) == [["René", "Liège"]]


def test_ndjson_row_index_is_the_line_index(tmp_path):
    path = write(tmp_path, "klanten.ndjson",
                 '\ufeff{"naam": "Jan"}\r\n\r\n   \n{"naam": "Piet", "adres": {"stad": "Gent"}}\n{}\n{"naam": "Mia"}')
    assert records(path, chunk_rows=2) == [("", 0, {"naam": "Jan"}),
                                           ("", 3, {"naam": "Piet", "adres.stad": "Gent"}),
                                           ("", 5, {"naam": "Mia"})]


def test_ndjson_errors_name_the_line(tmp_path):
    path = write(tmp_path, "klanten.jsonl", '{"naam": "Jan"}\n\n{"naam": Geheim}\n')
    error = reader_error(path)
    assert error.reason == "invalid JSON on line 3" and error.row == 2


# --------------------------------------------------------------------------- Excel

def test_excel_sheets_in_order_with_values_as_text(tmp_path):
    path = workbook(tmp_path / "export.xlsx", {
        "Klanten": [
            ["id", "naam", None, "geboren", "naam", "bedrag", "actief", "afspraak", "telefoon", "uur"],
            [1, "Jan", "x", dt.datetime(1980, 5, 1), "J", 12.0, True, dt.datetime(2024, 1, 2, 10, 30), 32475123456, dt.time(9, 15)],
            [],
            [2, "  ", None, dt.date(1990, 1, 31), None, 29.99, False, None, "0475123456", None],
            [None] * 10,
        ],
        "Leeg": [],
        "Enkel kop": [["naam", "email"]],
        "Agenten": [["agent"], ["Mia"]],
    })
    chunks = chunks_of(path)
    assert [chunk.sheet for chunk in chunks] == ["Klanten", "Agenten"]
    klanten = chunks[0].frame
    assert klanten.columns.tolist() == ["id", "naam", "column_3", "geboren", "naam.1", "bedrag", "actief",
                                        "afspraak", "telefoon", "uur"]
    assert klanten.index.tolist() == [0, 2]  # Excel rows 2 and 4; row 3 is empty
    assert klanten.loc[0].tolist() == ["1", "Jan", "x", "1980-05-01", "J", "12", "true", "2024-01-02 10:30:00",
                                       "32475123456", "09:15:00"]
    assert klanten.loc[2].tolist() == ["2", None, None, "1990-01-31", None, "29.99", "false", None,
                                       "0475123456", None]
    assert chunks[1].frame.to_numpy().tolist() == [["Mia"]] and chunks[1].start_row == 0


def test_excel_chunks_per_sheet(tmp_path):
    path = workbook(tmp_path / "export.xlsx", {"A": [["n"]] + [[i] for i in range(5)], "B": [["m"], ["x"]]})
    assert [(c.sheet, c.start_row, len(c.frame)) for c in chunks_of(path, 2)] == [
        ("A", 0, 2), ("A", 2, 2), ("A", 4, 1), ("B", 0, 1)]


def test_excel_header_below_blank_rows_and_cells_right_of_it(tmp_path):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet["B3"], sheet["C3"] = "naam", "email"
    sheet["B4"], sheet["C4"] = "Jan", "jan@voorbeeld.be"
    sheet["B6"], sheet["E6"] = "Piet", "notitie zonder kop"
    wb.save(tmp_path / "export.xlsx")
    assert records(tmp_path / "export.xlsx") == [
        ("Sheet", 0, {"naam": "Jan", "email": "jan@voorbeeld.be"}),
        ("Sheet", 2, {"naam": "Piet", "column_5": "notitie zonder kop"}),
    ]
    # column_N is named after the sheet column: A is column_1, E is column_5.
    assert only_frame(tmp_path / "export.xlsx").columns.tolist() == [
        "column_1", "naam", "email", "column_4", "column_5"]


def test_excel_wrong_stored_dimension_is_ignored(tmp_path):
    # Some writers leave <dimension ref="A1"/>: openpyxl would then read one cell only.
    source = workbook(tmp_path / "goed.xlsx", {"Blad1": [["naam", "tel"], ["Jan", "0475"], ["Piet", "0476"]]})
    target = tmp_path / "fout.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            zout.writestr(item, data)
    assert rows(target) == [["Jan", "0475"], ["Piet", "0476"]]


def test_excel_without_any_data_row(tmp_path):
    path = workbook(tmp_path / "leeg.xlsx", {"A": [], "B": [["naam"]]})
    assert reader_error(path).reason == "no data rows in any sheet"


# --------------------------------------------------------------------------- Parquet

def test_parquet_typed_columns(tmp_path):
    table = pa.table({
        "id": pa.array([1, None, 3], pa.int64()),
        "bedrag": pa.array([12.0, float("nan"), 29.99]),
        "actief": pa.array([True, False, None]),
        "geboren": pa.array([dt.date(1980, 5, 1), None, dt.date(1990, 1, 31)]),
        "gebeld": pa.array([dt.datetime(2024, 1, 2, 10, 30), dt.datetime(2024, 1, 2, 10, 30, 5, 120000), None],
                           pa.timestamp("ns")),
        "gebeld_tz": pa.array([dt.datetime(2024, 1, 2, 9, 30), None, None], pa.timestamp("us", tz="UTC")),
        "saldo": pa.array([decimal.Decimal("12.50"), None, decimal.Decimal("-3.10")], pa.decimal128(10, 2)),
        "naam": pa.array(["Jan", "  ", None]),
        "telefoons": pa.array([["0475", "0476"], [], None]),
        "orders": pa.array([[{"nr": 7}], None, None]),
        "adres": pa.array([{"straat": "Kerkstraat", "plaats": {"stad": "Gent"}}, None, None]),
        "segment": pa.array(["A", "B", "A"]).dictionary_encode(),
        "leeg": pa.nulls(3),
    })
    path = tmp_path / "klanten.parquet"
    pq.write_table(table, path)
    frame = only_frame(path)
    assert frame.columns.tolist() == ["id", "bedrag", "actief", "geboren", "gebeld", "gebeld_tz", "saldo", "naam",
                                      "telefoons", "orders", "adres.straat", "adres.plaats.stad", "segment", "leeg"]
    assert frame.loc[0].tolist() == ["1", "12", "true", "1980-05-01", "2024-01-02 10:30:00",
                                     "2024-01-02 09:30:00+00:00", "12.50", "Jan", "0475, 0476", '[{"nr":7}]',
                                     "Kerkstraat", "Gent", "A", None]
    assert frame.loc[1].tolist() == [None, None, "false", None, "2024-01-02 10:30:05.120000", None, None, None,
                                     None, None, None, None, "B", None]
    assert frame.loc[2, "bedrag"] == "29.99" and frame.loc[2, "saldo"] == "-3.10"


def test_parquet_without_rows(tmp_path):
    path = tmp_path / "leeg.parquet"
    pq.write_table(pa.table({"naam": pa.array([], pa.string())}), path)
    assert reader_error(path).reason == "no data rows"


# --------------------------------------------------------------------------- bad input

def bad_files() -> list[Path]:
    return sorted(path for path in BAD_DIR.iterdir() if path.is_file())


def file_values(path: Path) -> set[str]:
    """Words and numbers in the file that could be personal data (4 characters or more)."""
    text = path.read_bytes().decode("latin-1")
    return {token for token in re.findall(r"[\w@.+-]{4,}", text) if re.search(r"[A-Za-z0-9]", token)}


def test_bad_files_folder_is_not_empty():
    assert len(bad_files()) >= 20


@pytest.mark.parametrize("path", bad_files(), ids=lambda path: path.name)
def test_bad_file_is_refused(path):
    expected = path.name.split("__")[0].replace("_", " ")
    error = reader_error(path)
    assert expected in error.reason
    assert error.source == str(path)
    message = str(error)
    assert "\n" not in message
    leaked = {value for value in file_values(path) if value in error.reason or value == error.field}
    assert not leaked, f"the message quotes the file: {leaked}"


def test_bad_file_names_follow_the_convention():
    for path in bad_files():
        assert "__" in path.name, path.name


def test_unsupported_suffix(tmp_path):
    assert reader_error(write(tmp_path, "notes.docx", "x")).reason == "unsupported file type .docx"
    assert reader_error(write(tmp_path, "Makefile", "x")).reason == "unsupported file type (no suffix)"


def test_missing_file_and_folder(tmp_path):
    assert reader_error(tmp_path / "weg.csv").reason == "no such file"
    (tmp_path / "map.csv").mkdir()
    assert reader_error(tmp_path / "map.csv").reason == "is a folder, not a file"


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_unreadable_file(tmp_path, monkeypatch, suffix):
    path = sample_file(tmp_path, suffix)
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    monkeypatch.setattr(io, "open", refusing_open)
    error = reader_error(path)
    assert error.reason == "cannot open file: permission denied"
    assert error.source == str(path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_for_real(tmp_path):
    path = write(tmp_path, "geheim.csv", "naam\nJan\n")
    path.chmod(0)
    try:
        assert "permission denied" in reader_error(path).reason
    finally:
        path.chmod(0o600)


# --------------------------------------------------------------------------- discover

def test_discover_walks_folders(tmp_path):
    for name in ["b/klanten.CSV", "a/z.json", "a/diep/nog/x.parquet", "a/y.xlsx", "a/notes.txt", "a/.verborgen.csv",
                 ".git/config.json", "a/.cache/x.csv", "a/~$y.xlsx", "c.ndjson", "d.jsonl", "e.tsv", "f.xlsm"]:
        write(tmp_path, name, "x")
    found = discover([tmp_path])
    assert found == sorted(found)
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "a/diep/nog/x.parquet", "a/y.xlsx", "a/z.json", "b/klanten.CSV", "c.ndjson", "d.jsonl", "e.tsv", "f.xlsm"]


def test_discover_takes_given_files_and_removes_duplicates(tmp_path):
    notes = write(tmp_path, "notes.txt", "x")
    data = write(tmp_path, "data/a.csv", "x")
    found = discover([str(notes), tmp_path / "data", data, tmp_path / "data" / ".." / "data" / "a.csv"])
    assert found == [data, notes]


def test_discover_reads_a_file_once_through_links(tmp_path):
    """A file met again through a linked folder or as a link is listed once, under the
    first spelling met; a link to a file elsewhere is a file of its own."""
    data = write(tmp_path, "data/a.csv", "x")
    elsewhere = write(tmp_path, "elsewhere/b.csv", "x")
    (tmp_path / "data" / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "data" / "same.csv").symlink_to(data)
    (tmp_path / "other").symlink_to(tmp_path / "data", target_is_directory=True)
    found = discover([tmp_path / "data", tmp_path / "other", elsewhere])
    # os.walk does not enter the linked folder "sub"; the link "same.csv" is "a.csv" (which
    # of the two spellings is met first is the folder's listing order).
    assert len(found) == 2 and {p.resolve() for p in found} == {data.resolve(), elsewhere.resolve()}
    assert all(p.parent in (tmp_path / "data", tmp_path / "elsewhere") for p in found)
    assert discover([tmp_path / "other"]) == [tmp_path / "other" / "a.csv"]


def test_discover_missing_path(tmp_path):
    with pytest.raises(ReaderError) as info:
        discover([tmp_path, tmp_path / "weg"])
    assert info.value.source == str(tmp_path / "weg")


# --------------------------------------------------------------------------- memory

def write_big_csv(path: Path, rows: int) -> None:
    """~150 bytes and 15 columns a row, like a real customer export."""
    header = ("klant_id,voornaam,achternaam,email,telefoon,geboortedatum,straat,huisnummer,postcode,"
              "gemeente,iban,rijksregisternummer,klantnummer,notitie,bedrag\n")
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(header)
        for i in range(rows):
            out.write(f'{i},Élodie,Peeters{i % 997},elodie.{i}@voorbeeld.be,04{75000000 + i},'
                      f'19{50 + i % 49}-0{1 + i % 9}-1{i % 9},Kerkstraat,{i % 300},{1000 + i % 9000},Gent,'
                      f'BE71096123456769,{85073100000 + i},K{i:08d},"belt terug, wil info",{i % 10000 / 100}\n')


# VmHWM (peak RSS of this process's memory, in KiB), not ru_maxrss: Linux carries
# ru_maxrss over exec from the forking parent, and pytest's own process can be large.
PEAK_RSS_SCRIPT = """
import re, sys
from ccaudit.sources.tables import read_tables
def hwm():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
before = hwm()
count = sum(len(chunk.frame) for chunk in read_tables(sys.argv[1], chunk_rows=int(sys.argv[2])))
after = hwm()
print(count, before, after)
"""


def peak_rss_kib(path: Path, chunk_rows: int) -> tuple[int, int, int]:
    """(records read, peak RSS before reading, peak RSS after), in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", PEAK_RSS_SCRIPT, str(path), str(chunk_rows)],
                            capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    count, before, after = map(int, result.stdout.split())
    return count, before, after


@pytest.mark.slow
def test_large_csv_memory_stays_bounded(tmp_path):
    path = tmp_path / "groot.csv"
    write_big_csv(path, 200_000)  # ~33 MB; 1M rows of the same is ~165 MB
    count, _, after = peak_rss_kib(path, 100_000)
    assert count == 200_000
    assert after < 2 * 1024 * 1024, "peak RSS over 2 GiB"
    # Streaming: with small chunks the peak must not grow with the file. Parsing the whole
    # file at once grows it by ~150 MiB, 10k-row chunks by ~30 MiB.
    count, before, after = peak_rss_kib(path, 10_000)
    assert count == 200_000
    assert after - before < 80 * 1024, f"reading grew the peak RSS by {(after - before) // 1024} MiB"
