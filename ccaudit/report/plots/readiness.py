"""Charts of the rights-readiness report (notebook 05): the status of each right per client
and dataset."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ccaudit.audit.readiness import AT_RISK, NOT_READY, READY
from ccaudit.gdpr import RIGHTS


def status_heatmap(matrix: pd.DataFrame):
    """A plotly heatmap of the matrix: rows client · dataset, columns the six rights,
    green ready, amber at risk, red not ready; the reasons on hover."""
    if matrix.empty:
        return go.Figure()
    m = matrix.assign(row=matrix["client"] + " · " + matrix["dataset"],
                      value=matrix["status"].map({READY: 2, AT_RISK: 1, NOT_READY: 0}))
    z = m.pivot(index="row", columns="right", values="value").reindex(columns=list(RIGHTS))
    text = m.pivot(index="row", columns="right", values="status").reindex(columns=list(RIGHTS))
    why = m.pivot(index="row", columns="right", values="reasons").reindex(columns=list(RIGHTS))
    labels = [f"{r}<br>{RIGHTS[r]}" for r in RIGHTS]
    fig = go.Figure(go.Heatmap(
        z=z.values, x=labels, y=list(z.index), text=text.values, texttemplate="%{text}",
        customdata=why.fillna("").values, zmin=0, zmax=2, showscale=False,
        colorscale=[[0, "#d62728"], [0.5, "#ffbf00"], [1, "#2ca02c"]],
        hovertemplate="%{y}<br>%{x}: %{text}<br>%{customdata}<extra></extra>"))
    fig.update_layout(height=120 + 32 * len(z), margin=dict(l=10, r=10, t=30, b=10),
                      yaxis=dict(autorange="reversed"), title="Rights readiness per client and dataset")
    return fig
