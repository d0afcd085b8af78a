"""Charts and tables of the records of processing (notebook 07): the data-flow map and the
register with what was declared beside what the scans found."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# One colour per role of the contact centre in an exchange (the edge's colour).
ROLE_COLOURS = {"processor": "rgba(31, 119, 180, 0.55)", "controller": "rgba(255, 127, 14, 0.6)",
                "joint_controller": "rgba(148, 103, 189, 0.6)"}
SHOWN = ["dataset", "direction", "role", "client_role", "purpose", "legal_basis", "subjects_declared",
         "data_declared", "data_found", "not_declared", "personal_columns", "files", "records",
         "subjects_found", "recipients", "transfers", "retention", "security"]


def data_flow(flows: pd.DataFrame) -> go.Figure:
    """A Sankey map: clients → contact centre → returns and third parties, one edge per
    exchange (its width the records it holds), coloured by the contact centre's role."""
    if flows.empty:
        return go.Figure()
    nodes = list(dict.fromkeys(list(flows["source"]) + list(flows["target"])))
    index = {n: i for i, n in enumerate(nodes)}
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=nodes, pad=18, thickness=16, color="#7f7f7f"),
        link=dict(source=[index[s] for s in flows["source"]], target=[index[t] for t in flows["target"]],
                  value=[int(v) for v in flows["records"]],
                  color=[ROLE_COLOURS.get(r, "rgba(127,127,127,0.5)") for r in flows["role"]],
                  customdata=[f"{d} ({w}, contact centre {r})" for d, w, r in
                              zip(flows["dataset"], flows["direction"], flows["role"])],
                  hovertemplate="%{customdata}<br>%{value} records<extra></extra>")))
    fig.update_layout(title="Data flows: who sends what to whom (orange: the contact centre is "
                            "controller, blue: processor)", height=120 + 40 * len(nodes),
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig


def record_table(register: pd.DataFrame, record: str) -> pd.DataFrame:
    """One record of the register, declared beside found."""
    rows = register[register["record"] == record]
    return rows[SHOWN].reset_index(drop=True)


def processor_records(register: pd.DataFrame, controller_record: str) -> pd.DataFrame:
    """Every processor's record (one per client), the record named on each row."""
    rows = register[register["record"] != controller_record]
    return rows[["record"] + SHOWN].reset_index(drop=True)


__all__ = ["ROLE_COLOURS", "data_flow", "processor_records", "record_table"]
