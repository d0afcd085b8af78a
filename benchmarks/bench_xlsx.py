"""Workbook reading benchmark: ccaudit's reader (python-calamine) against openpyxl's
read-only mode, the baseline a user reading a workbook with pandas gets today, in one run.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_xlsx.py [--rows 50000]``:
a ROWS × 10 workbook of synthetic text, numbers and dates is written once (openpyxl,
write-only) into ``benchmarks/out/``, then read three times each by
``ccaudit.sources.tables.read_tables`` and by ``openpyxl.load_workbook(read_only=True)``
iterating every row's values (no frame built: the baseline's fastest path); the best time
of each and their ratio are printed and written to ``benchmarks/out/bench_xlsx.json``.
Target (issue 14): reading ≥ 5× faster than openpyxl. Not a test: nothing fails on a figure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def write_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([f"col_{i}" for i in range(10)])
    day = dt.date(2020, 1, 1)
    for i in range(rows):
        sheet.append([f"K{i:07d}", f"name {i % 997}", i * 3, (i % 1000) / 7, day + dt.timedelta(days=i % 900),
                      f"x{i % 13}@example.test", "+32 470 00 00 00", f"note {i}", i % 2 == 0, None])
    book.save(path)


def time_best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"bench_{args.rows}x10.xlsx"
    if not path.exists():
        write_workbook(path, args.rows)

    from openpyxl import load_workbook

    from ccaudit.sources.tables import read_tables

    def ours() -> int:
        return sum(len(chunk.frame) for chunk in read_tables(path, chunk_rows=100_000))

    def openpyxl_read_only() -> int:
        book = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return n

    assert ours() == args.rows
    cells = args.rows * 10
    mine, baseline = time_best(ours), time_best(openpyxl_read_only)
    result = {"rows": args.rows, "columns": 10, "ccaudit_s": round(mine, 3), "openpyxl_s": round(baseline, 3),
              "ccaudit_cells_per_s": round(cells / mine), "openpyxl_cells_per_s": round(cells / baseline),
              "speed_up": round(baseline / mine, 1)}
    (OUT / "bench_xlsx.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"| workbook | ccaudit (calamine) | openpyxl read-only | ratio |\n|---|---|---|---|\n"
          f"| {args.rows:,} × 10 | {mine:.2f} s ({cells / mine:,.0f} cells/s) | {baseline:.2f} s "
          f"({cells / baseline:,.0f} cells/s) | {baseline / mine:.1f}× |")


if __name__ == "__main__":
    main()
