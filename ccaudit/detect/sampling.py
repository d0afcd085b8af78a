"""A reproducible sample of distinct values per column, in bounded memory.

Each distinct non-null value is hashed with a seeded key; the column keeps the ``k``
values with the smallest hashes (a bottom-k sketch). The sample is therefore the same
whatever the file's row order or chunking, holds each value once, and its ``k``-th
smallest hash also estimates the number of distinct values (KMV) without keeping them all.

>>> import pandas as pd
>>> sketch = ColumnSketch("gsm", k=2, seed=1)
>>> sketch.update(pd.Series(["a", "b", "a", None, "c"], dtype=object))
>>> sketch.rows, sketch.nulls, len(sketch.sample())
(5, 1, 2)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

_MAX_HASH = float(2**64)


class ColumnSketch:
    """Row and null counts, a bottom-``k`` distinct sample and a distinct-count estimate."""

    def __init__(self, name: str, k: int = 200, seed: int = 0) -> None:
        self.name = name
        self.k = k
        # pandas' vectorised hash takes a 16-character key: the seed makes it reproducible.
        self._key = f"{seed:016d}"[-16:]
        self.rows = 0
        self.nulls = 0
        self._hashes = np.empty(0, dtype=np.uint64)
        self._values = np.empty(0, dtype=object)

    def update(self, column: pd.Series, values: bool = True) -> None:
        """Add one chunk of the column (object dtype, ``None`` for null); with ``values``
        false, its rows and nulls only (another part of the work samples its values)."""
        self.rows += len(column)
        present = column.dropna()
        self.nulls += len(column) - len(present)
        if present.empty or not values:
            return
        distinct = pd.unique(present.to_numpy(dtype=object))
        hashes = pd.util.hash_array(distinct, hash_key=self._key, categorize=False)
        if len(distinct) > self.k:
            keep = np.argpartition(hashes, self.k)[: self.k]
            distinct, hashes = distinct[keep], hashes[keep]
        hashes = np.concatenate([self._hashes, hashes])
        values = np.concatenate([self._values, distinct])
        hashes, first = np.unique(hashes, return_index=True)  # sorted, de-duplicated
        self._hashes = hashes[: self.k]
        self._values = values[first][: self.k]

    def merge(self, other: "ColumnSketch") -> None:
        """Take in the values ``other`` sampled from other chunks of the same column (its row
        and null counts are this one's already): the bottom-``k`` of the union is the sketch
        of all the chunks, whichever part read which.

        >>> a, b = ColumnSketch("c", k=2), ColumnSketch("c", k=2)
        >>> whole = ColumnSketch("c", k=2)
        >>> for s, part in ((a, ["x", "y"]), (b, ["z", "x"]), (whole, ["x", "y", "z", "x"])):
        ...     s.update(pd.Series(part, dtype=object))
        >>> a.merge(b); a.sample() == whole.sample()
        True
        """
        hashes = np.concatenate([self._hashes, other._hashes])
        values = np.concatenate([self._values, other._values])
        hashes, first = np.unique(hashes, return_index=True)
        self._hashes = hashes[: self.k]
        self._values = values[first][: self.k]

    def sample(self) -> list[str]:
        """The sampled distinct values, in hash order (stable across runs)."""
        return [str(v) for v in self._values]

    @property
    def non_null(self) -> int:
        return self.rows - self.nulls

    @property
    def distinct(self) -> int:
        """Distinct non-null values: exact below ``k``, a KMV estimate above."""
        if len(self._hashes) < self.k:
            return len(self._hashes)
        estimate = (self.k - 1) / (float(self._hashes[-1]) / _MAX_HASH)
        return int(min(round(estimate), self.non_null))
