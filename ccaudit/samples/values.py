"""Look-alike values that hold no personal data (ids, UUIDs, timestamps), and dates."""
from __future__ import annotations

import numpy as np

from ccaudit.samples.vstr import S, cat, cut, fill, strs


def increasing_ids(n: int, rng: np.random.Generator, start: int, max_gap: int = 4) -> np.ndarray:
    """Unique increasing integers from ``start`` with small random gaps (as in a real export)."""
    return start + np.cumsum(rng.integers(1, max_gap + 1, n))


def uuids(n: int, rng: np.random.Generator) -> np.ndarray:
    """Random (version 4) UUIDs drawn from ``rng``."""
    raw = rng.integers(0, 256, (n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexes = np.frombuffer(raw.tobytes().hex().encode("ascii"), dtype="S32").astype(S)
    return cat(cut(hexes, 0, 8), "-", cut(hexes, 8, 12), "-", cut(hexes, 12, 16), "-",
               cut(hexes, 16, 20), "-", cut(hexes, 20, 32))


def split_dates(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day (int64 arrays) of a ``datetime64[D]`` array."""
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates.astype("datetime64[D]") - months).astype(np.int64) + 1
    return year, month, day


def date_strings(dates: np.ndarray, style: str = "iso") -> np.ndarray:
    """``1985-03-02`` (style "iso") or ``02/03/1985`` (style "dmy")."""
    y, m, d = split_dates(dates)
    template = "{y}-{m:02d}-{d:02d}" if style == "iso" else "{d:02d}/{m:02d}/{y}"
    return fill(template, y=strs(y), m=m, d=d)


def timestamp_strings(stamps: np.ndarray, sep: str = " ", suffix: str = "") -> np.ndarray:
    """``2026-10-03 14:22:01`` (or ``2026-10-03T14:22:01Z`` with sep="T", suffix="Z")."""
    days = stamps.astype("datetime64[D]")
    seconds = (stamps.astype("datetime64[s]") - days).astype(np.int64)
    return fill("{date}" + sep + "{h:02d}:{mi:02d}:{s:02d}" + suffix, date=date_strings(days),
                h=seconds // 3600, mi=seconds // 60 % 60, s=seconds % 60)


def dates_between(n: int, rng: np.random.Generator, start: str, end: str) -> np.ndarray:
    """Uniform ``datetime64[D]`` dates from ``start`` to ``end`` (ISO, inclusive)."""
    lo, hi = np.datetime64(start, "D"), np.datetime64(end, "D")
    return lo + rng.integers(0, (hi - lo).astype(int) + 1, n)


def office_timestamps(n: int, rng: np.random.Generator, start: str, end: str) -> np.ndarray:
    """``datetime64[s]`` between 08:00 and 20:00 on days from ``start`` to ``end``."""
    days = dates_between(n, rng, start, end).astype("datetime64[s]")
    return days + rng.integers(8 * 3600, 20 * 3600, n).astype("timedelta64[s]")
