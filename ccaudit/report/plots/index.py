"""Charts of the subject-index report (notebook 03) and of subject requests (notebook 06)."""
from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go



def subjects_chart(per_client: pd.DataFrame) -> go.Figure:
    """Stacked bars per client: data subjects found only in its data, and those also found in
    another client's (from :func:`ccaudit.index.queries.subjects_per_client`)."""
    parts = [("only_this_client", "only this client", "#2c7fb8"),
             ("also_other_clients", "also another client", "#c0392b")]
    labels = [f"{c} ({r})" for c, r in zip(per_client["client"], per_client["role"])]
    fig = go.Figure([go.Bar(x=labels, y=per_client[column].tolist(), name=name, marker_color=colour,
                            hovertemplate="%{x}: %{y} subject(s), " + name + "<extra></extra>")
                     for column, name, colour in parts])
    fig.update_layout(barmode="stack", title="Data subjects per client", yaxis_title="data subjects",
                      legend={"title": "found in"}, height=380)
    return fig


def coverage_chart(coverage: pd.DataFrame) -> go.Figure:
    """Horizontal bars per file (and sheet): the share of records findable by a strong
    identifier (from :func:`ccaudit.index.queries.identifier_coverage`), lowest on top."""
    table = coverage.sort_values("share", ascending=False, kind="stable")
    labels = [f"{c} / {f}" + (f" [{s}]" if s else "")
              for c, f, s in zip(table["client"], table["file"], table["sheet"])]
    fig = go.Figure(go.Bar(
        y=labels, x=(table["share"] * 100).round(1).tolist(), orientation="h",
        marker={"color": (table["share"] * 100).tolist(), "colorscale": "RdYlGn", "cmin": 0, "cmax": 100},
        customdata=table[["findable", "records"]].values,
        hovertemplate="%{y}<br>%{customdata[0]} of %{customdata[1]} records findable (%{x}%)<extra></extra>"))
    fig.update_layout(title="Records findable by a strong identifier", xaxis={"title": "% of records",
                      "range": [0, 100]}, height=max(320, 32 * len(table) + 160), margin={"l": 300})
    return fig
