"""Score a column classification against gold labels (``data_samples/gold/columns.csv``).

A prediction and a gold label are sets of ``(source, sheet, column, entity)`` pairs;
precision, recall and F1 are counted over those pairs. A column the gold says holds no
personal data and that received any entity is a *false alarm*.

>>> gold = {("a.csv", "", "mail"): {"EMAIL_ADDRESS"}, ("a.csv", "", "id"): set()}
>>> pred = {("a.csv", "", "mail"): {"EMAIL_ADDRESS"}, ("a.csv", "", "id"): {"PHONE_NUMBER"}}
>>> s = score(pred, gold)
>>> (s.precision, s.recall, s.false_alarms)
(0.5, 1.0, 1)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    false_alarms: int
    non_personal: int
    errors: list[tuple[Key, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"false alarms {self.false_alarms}/{self.non_personal} non-personal columns")


def _entities(cell) -> set[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return set()
    return {e for e in str(cell).split(";") if e}


def load_gold(path: str | Path) -> dict[Key, set[str]]:
    """Read ``gold/columns.csv`` (``source`` relative to the exports folder)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {(r.source, r.sheet, r.column): _entities(r.entities) for r in frame.itertuples()}


def predictions(columns: pd.DataFrame, root: str | Path) -> dict[Key, set[str]]:
    """Turn a scan's ``columns`` table into gold-comparable keys (source relative to ``root``)."""
    root = Path(root).resolve()
    out: dict[Key, set[str]] = {}
    for r in columns[["source", "sheet", "column", "entities"]].fillna("").itertuples():
        source = Path(r.source).resolve()
        rel = source.relative_to(root).as_posix() if source.is_relative_to(root) else r.source
        out[(rel, r.sheet, r.column)] = _entities(r.entities)
    return out


def score(predicted: dict[Key, set[str]], gold: dict[Key, set[str]]) -> Score:
    """Count entity pairs over the gold columns; columns absent from a prediction hold nothing."""
    tp = fp = fn = alarms = 0
    errors = []
    for key, expected in sorted(gold.items()):
        got = predicted.get(key, set())
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        if not expected and got:
            alarms += 1
        if got != expected:
            errors.append((key, ";".join(sorted(expected)), ";".join(sorted(got))))
    non_personal = sum(1 for v in gold.values() if not v)
    return Score(tp, fp, fn, alarms, non_personal, errors)


# ---------------------------------------------------------------------- transcript spans

SPAN_KEY = ["call_id", "turn"]


def load_gold_spans(path: str | Path) -> pd.DataFrame:
    """Read ``gold/transcript_spans.csv``: one row per personal-data span in a turn."""
    frame = pd.read_csv(path, dtype={"call_id": str, "source": str}, keep_default_na=False)
    frame["spoken"] = frame["spoken"].astype(str).str.lower().eq("true")
    return frame


def match_spans(findings: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mark each gold span ``found`` and each finding ``correct``.

    A gold span is found when a finding of the same entity overlaps it in the same call and
    turn; a finding is correct when it overlaps a gold span of its entity. Findings in calls
    the gold does not cover are ignored. ``exact`` marks a found span whose boundaries match.

    >>> g = pd.DataFrame([{"call_id": "c", "turn": 0, "start": 3, "end": 8, "entity_type": "PERSON"}])
    >>> f = pd.DataFrame([{"call_id": "c", "turn": 0, "start": 3, "end": 8, "entity_type": "PERSON"},
    ...                   {"call_id": "c", "turn": 1, "start": 0, "end": 4, "entity_type": "PERSON"}])
    >>> gm, fm = match_spans(f, g)
    >>> gm["found"].tolist(), fm["correct"].tolist()
    ([True], [True, False])
    """
    gold = gold.copy()
    findings = findings[findings["call_id"].isin(set(gold["call_id"]))].copy()
    by_turn: dict[tuple, list] = {}
    for i, r in enumerate(findings.itertuples(index=False)):
        by_turn.setdefault((r.call_id, int(r.turn)), []).append((i, r))
    correct = [False] * len(findings)
    found, exact = [], []
    for g in gold.itertuples(index=False):
        hit = is_exact = False
        for i, f in by_turn.get((g.call_id, int(g.turn)), []):
            if f.entity_type == g.entity_type and f.start < g.end and g.start < f.end:
                hit = correct[i] = True
                is_exact = is_exact or (f.start == g.start and f.end == g.end)
        found.append(hit)
        exact.append(is_exact)
    gold["found"], gold["exact"] = found, exact
    findings["correct"] = correct
    return gold, findings


def span_scores(findings: pd.DataFrame, gold: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Recall, precision and exact-boundary share, overall or per value of column ``by``.

    ``by`` may be ``entity_type``, ``language``, ``format`` (calls' formats must be in both
    frames) or ``spoken`` (recall only: findings carry their own ``spoken`` flag).
    """
    g, f = match_spans(findings, gold)
    groups = [("all", g, f)] if by is None else [
        (key, g[g[by] == key], f[f[by] == key] if by in f.columns else f.iloc[0:0])
        for key in sorted(g[by].unique(), key=str)]
    rows = []
    for key, gg, ff in groups:
        rows.append({"group": key, "gold": len(gg), "found": int(gg["found"].sum()),
                     "recall": gg["found"].mean() if len(gg) else float("nan"),
                     "findings": len(ff), "correct": int(ff["correct"].sum()),
                     "precision": ff["correct"].mean() if len(ff) else float("nan"),
                     "exact": gg["exact"].sum() / max(1, gg["found"].sum())})
    return pd.DataFrame(rows)
