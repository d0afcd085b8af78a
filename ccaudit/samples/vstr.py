"""Vectorised string building on numpy's variable-width ``StringDType``.

Per-row f-strings cost microseconds; at a million rows and a dozen columns that is the
whole time budget. These helpers build whole columns at once. Throughout the generator
an empty string means a missing value (written as an empty CSV field, an empty cell or
JSON ``null``).
"""
from __future__ import annotations

from itertools import repeat
from string import Formatter

import numpy as np
from numpy.dtypes import StringDType

S = StringDType()


def strs(values) -> np.ndarray:
    """Any array or list (strings, ints, floats) as a StringDType array."""
    a = np.asarray(values)
    if a.dtype.kind == "f":                  # numpy's float-to-string cast is slow; repr is not
        return np.array([repr(x) for x in a.tolist()], dtype=S)
    return a if a.dtype == S else a.astype(S)


def cat(*parts) -> np.ndarray:
    """Element-wise concatenation of string arrays and literal strings."""
    out = None
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
        else:
            p = strs(p)
        out = p if out is None else np.strings.add(out, p)
    return strs(out)


def fill(template: str, **fields) -> np.ndarray:
    """Vectorised ``template.format(**fields)`` for ``{name}`` and ``{name:0Nd}`` fields."""
    return cat(*_template_parts(template, fields))


def fill_rows(template: str, **fields) -> list[str]:
    """:func:`fill` for long rows (JSON objects): assembled in Python, see :func:`join_rows`."""
    return join_rows([p for p in _template_parts(template, fields) if not isinstance(p, str) or p])


def _template_parts(template: str, fields: dict) -> list:
    parts: list = []
    for literal, name, spec, _ in Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            value = fields[name]
            parts.append(zpad(value, int(spec[1:-1])) if spec else value)
    return parts


def zpad(ints, width: int) -> np.ndarray:
    """Integers as zero-padded decimal strings: ``zpad([7], 3) -> ["007"]``."""
    return np.strings.zfill(strs(np.asarray(ints, dtype=np.int64)), width)


def cut(a: np.ndarray, start: int, stop: int) -> np.ndarray:
    """``a[i][start:stop]`` for every element."""
    return np.strings.slice(a, start, stop)


def where(mask: np.ndarray, a, b) -> np.ndarray:
    """``a`` where ``mask`` else ``b`` (arrays or literal strings)."""
    return strs(np.where(mask, strs(a) if not isinstance(a, str) else a,
                         strs(b) if not isinstance(b, str) else b))


def blank(a: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """A copy of ``a`` with about ``share`` of the values missing (empty)."""
    return where(rng.random(len(a)) < share, "", a)


def amounts(x: np.ndarray, decimal: str = ",", thousands: str = ".") -> np.ndarray:
    """Two-decimal amounts: ``1.234,56`` / ``-29,99`` by default, ``12.50`` with
    ``decimal="."`` and ``thousands=""``."""
    cents = np.round(np.abs(x) * 100).astype(np.int64)
    units = cents // 100
    text = strs(units)
    if thousands:
        low, mid, high = units % 1000, units // 1000 % 1000, units // 1_000_000
        text = where(units >= 1000, cat(strs(units // 1000), thousands, zpad(low, 3)), text)
        text = where(units >= 1_000_000, cat(strs(high), thousands, zpad(mid, 3), thousands, zpad(low, 3)), text)
    return cat(where(x < 0, "-", ""), text, decimal, zpad(cents % 100, 2))


def choose(options, n: int, rng: np.random.Generator, weights=None) -> np.ndarray:
    """``n`` picks from ``options`` (optionally weighted) as a string array."""
    p = None if weights is None else np.asarray(weights, dtype=float) / np.sum(weights)
    return strs(list(options))[rng.choice(len(options), n, p=p)]


def json_string(a: np.ndarray) -> list[str]:
    """JSON string literals (``"..."``), ``null`` for missing values.

    Only backslashes and quotes need escaping in the generated data (no control characters).
    """
    text = strs(a).tolist()
    joined = "".join(text)
    if "\\" in joined or '"' in joined:
        text = [t.replace("\\", "\\\\").replace('"', '\\"') for t in text]
    return ['"' + t + '"' if t else "null" for t in text]


def join_rows(parts: list, sep: str = "") -> list[str]:
    """One Python string per row: the parts (arrays, or literal strings repeated on every
    row) joined by ``sep``. Row assembly is done in Python: adding many long numpy
    strings one column at a time copies each row over and over."""
    n = max(len(p) for p in parts if not isinstance(p, str))
    columns = [repeat(p, n) if isinstance(p, str) else p if isinstance(p, list) else strs(p).tolist()
               for p in parts]
    return [sep.join(row) for row in zip(*columns)]
