"""The analysts' reviewed decisions, as notebooks 01 and 02 show them: each decision with
who made it, when and why, and whether it still applies (``stale``: its file, column or
span is gone from what was scanned; listed, never dropped)."""
from __future__ import annotations

import pandas as pd

SHOWN = ["status", "kind", "file", "where", "decision", "by", "date", "reason", "matched"]


def review_table(reviews: pd.DataFrame) -> pd.DataFrame:
    """Stale decisions first, then the applied ones; ``where`` is the column (and sheet) or
    the finding's turn and span."""
    if reviews is None or reviews.empty:
        return pd.DataFrame(columns=SHOWN)
    out = reviews.copy()

    def where(row) -> str:
        if row["kind"] == "column":
            sheet = row["sheet"] if isinstance(row["sheet"], str) and row["sheet"] else ""
            return f"{sheet} / {row['column']}" if sheet else str(row["column"])
        return f"turn {int(row['turn'])}, characters {int(row['start'])}–{int(row['end'])}"

    out["where"] = out.apply(where, axis=1)
    out["_order"] = (out["status"] != "stale").astype(int)
    return out.sort_values(["_order", "file", "where"], kind="stable")[SHOWN].reset_index(drop=True)


def review_headline(reviews: pd.DataFrame) -> str:
    """One line: how many decisions apply, and how many are stale."""
    if reviews is None or reviews.empty:
        return "No reviewed decisions: every classification is ccaudit's own."
    stale = int((reviews["status"] == "stale").sum())
    applied = len(reviews) - stale
    line = f"{applied} reviewed decision(s) applied"
    return line + (f"; {stale} stale (their file, column or span is gone): check them." if stale else ".")


__all__ = ["review_headline", "review_table"]
