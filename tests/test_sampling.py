"""The distinct-value sample is reproducible, order- and chunk-independent, and bounded."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ccaudit.detect.sampling import ColumnSketch


def _sketch(values, chunk, k=50, seed=7):
    sketch = ColumnSketch("c", k=k, seed=seed)
    for start in range(0, len(values), chunk):
        sketch.update(pd.Series(values[start:start + chunk], dtype=object))
    return sketch


def test_same_sample_whatever_the_order_and_chunking():
    rng = np.random.default_rng(1)
    values = [f"v{int(x)}" for x in rng.integers(0, 5000, 20000)] + [None] * 100
    shuffled = list(values)
    rng.shuffle(shuffled)
    a, b = _sketch(values, 20000), _sketch(shuffled, 777)
    assert a.sample() == b.sample()
    assert len(a.sample()) == 50 == len(set(a.sample()))
    assert (a.rows, a.nulls) == (b.rows, b.nulls) == (20100, 100)


def test_seed_changes_the_sample():
    values = [str(i) for i in range(1000)]
    assert _sketch(values, 100, seed=1).sample() != _sketch(values, 100, seed=2).sample()


def test_distinct_is_exact_below_k_and_estimated_above():
    assert _sketch(["a", "b", "a", "c"] * 10, 7).distinct == 3
    true = 20000
    estimate = _sketch([str(i % true) for i in range(60000)], 5000, k=400).distinct
    assert abs(estimate - true) / true < 0.15

