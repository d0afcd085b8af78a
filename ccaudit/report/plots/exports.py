"""Tables and charts of the exports report (notebook 01): files per client, personal
columns, the entity heat map, sensitivity, the headline."""
from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go

from ccaudit.config import SENSITIVITY_LEVELS


def files_per_client(files: pd.DataFrame) -> pd.DataFrame:
    """Per client: files scanned, files unreadable, records read."""
    if files.empty:
        return pd.DataFrame(columns=["client", "files scanned", "unreadable", "records"])
    grouped = files.groupby("client", sort=True)
    return pd.DataFrame({
        "files scanned": grouped["status"].apply(lambda s: int((s == "scanned").sum())),
        "unreadable": grouped["status"].apply(lambda s: int((s == "error").sum())),
        "records": grouped["rows"].sum().astype(int),
    }).reset_index()


def personal_columns(columns: pd.DataFrame) -> pd.DataFrame:
    """The columns that hold personal data, most sensitive first, with masked examples."""
    personal = columns[columns["entity_type"].fillna("") != ""].copy()
    personal["_rank"] = personal["sensitivity"].map({k: i for i, k in enumerate(SENSITIVITY_LEVELS)})
    personal = personal.sort_values(["_rank", "client", "source", "sheet", "column"])
    keep = ["client", "source", "sheet", "column", "entities", "sensitivity", "confidence",
            "match_share", "null_share", "examples"]
    out = personal[keep].reset_index(drop=True)
    out["source"] = out["source"].map(lambda s: s.rsplit("/", 1)[-1])
    if "reviewed_by" in personal and personal["reviewed_by"].fillna("").astype(bool).any():
        # Who decided a reviewed column, and when (the reason is in the reviews table).
        out["reviewed"] = [f"{b}, {o}" if isinstance(b, str) and b else ""
                           for b, o in zip(personal["reviewed_by"], personal["reviewed_on"])]
    return out


def _file_label(row) -> str:
    name = row["source"].rsplit("/", 1)[-1]
    return f"{name} [{row['sheet']}]" if row["sheet"] else name


def entity_matrix(columns: pd.DataFrame) -> pd.DataFrame:
    """Files (and sheets) × entity types: how many columns hold each entity."""
    rows = []
    for _, row in columns.iterrows():
        for entity in filter(None, str(row["entities"] or "").split(";")):
            rows.append({"file": _file_label(row), "entity": entity})
    if not rows:
        return pd.DataFrame()
    return pd.crosstab(pd.DataFrame(rows)["file"], pd.DataFrame(rows)["entity"])


def entity_heatmap(columns: pd.DataFrame) -> go.Figure:
    """Heatmap of files × entity types (number of columns holding the entity)."""
    matrix = entity_matrix(columns)
    fig = go.Figure(go.Heatmap(
        z=matrix.values, x=list(matrix.columns), y=list(matrix.index), colorscale="Reds",
        text=matrix.values, texttemplate="%{text}", hovertemplate="%{y}<br>%{x}: %{z} column(s)<extra></extra>",
        colorbar={"title": "columns"}))
    fig.update_layout(title="Personal data by file and entity type", height=max(320, 40 * len(matrix) + 160),
                      margin={"l": 260}, xaxis={"side": "top"})
    return fig


def sensitivity_summary(columns: pd.DataFrame) -> pd.DataFrame:
    """Per client: columns and files at each sensitivity level."""
    personal = columns[columns["entity_type"].fillna("") != ""]
    if personal.empty:
        return pd.DataFrame(columns=["client", *SENSITIVITY_LEVELS])
    counts = pd.crosstab(personal["client"], personal["sensitivity"])
    counts = counts.reindex(columns=list(SENSITIVITY_LEVELS), fill_value=0)
    files = personal[personal["sensitivity"] == "high"].groupby("client")["source"].nunique()
    counts["files with high-sensitivity data"] = files.reindex(counts.index, fill_value=0)
    return counts.reset_index()


def scan_headline(files: pd.DataFrame, columns: pd.DataFrame, errors: pd.DataFrame) -> str:
    """One sentence for the top of the report."""
    scanned = int((files["status"] == "scanned").sum()) if len(files) else 0
    personal = columns[columns["entity_type"].fillna("") != ""]
    high = int((personal["sensitivity"] == "high").sum())
    return (f"{scanned} file(s) scanned for {files['client'].nunique() if len(files) else 0} client(s); "
            f"{len(personal)} of {len(columns)} columns hold personal data, {high} of them highly "
            f"sensitive (national numbers, card numbers, IBANs); {len(errors)} file(s) could not be read.")
