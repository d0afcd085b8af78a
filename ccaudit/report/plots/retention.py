"""Charts of the retention report (notebook 04): the timeline of files and their expiry,
overdue data per client."""
from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go



RETENTION_COLOURS = {"overdue": "#c0392b", "records overdue": "#e74c3c",
                     "expires within 30 days": "#f39c12", "ok": "#27ae60"}


def retention_timeline(files: pd.DataFrame, audit_date) -> go.Figure:
    """One bar per file, from its received date to its retention's end, grouped by client and
    dataset and coloured by status, with the audit date marked (from
    :func:`ccaudit.audit.retention.file_retention`). Files with no dates are left out: they are in
    the unknown-data table."""
    table = files.dropna(subset=["received", "expires"])
    table = table[table["expires"] >= table["received"]]
    fig = go.Figure()
    for status, colour in RETENTION_COLOURS.items():
        part = table[table["status"] == status]
        if part.empty:
            continue
        start = pd.to_datetime(part["received"])
        days = (pd.to_datetime(part["expires"]) - start).dt.days
        fig.add_trace(go.Bar(
            y=[f"{c} · {d}" for c, d in zip(part["client"], part["dataset"])],
            base=start.dt.strftime("%Y-%m-%d").tolist(), x=(days * 86_400_000).tolist(),
            orientation="h", name=status, marker_color=colour, opacity=0.55,
            customdata=part[["file", "received", "expires"]].astype(str).values,
            hovertemplate="%{customdata[0]}<br>received %{customdata[1]}, kept until "
                          "%{customdata[2]}<extra>" + status + "</extra>"))
    day = pd.Timestamp(audit_date).strftime("%Y-%m-%d")
    fig.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper",
                  line={"color": "black", "dash": "dash"})
    fig.add_annotation(x=day, y=1, yref="paper", text=f"audit date {day}", showarrow=False,
                       yanchor="bottom")
    fig.update_layout(title="Received → end of retention, per dataset", barmode="overlay",
                      xaxis={"type": "date", "title": "date"}, legend={"title": "status"},
                      height=max(340, 42 * table[["client", "dataset"]].drop_duplicates().shape[0] + 160),
                      margin={"l": 320})
    return fig


def overdue_chart(by_client: pd.DataFrame) -> go.Figure:
    """Grouped bars per client: files and records held past their retention, and files
    expiring within 30 days (from :func:`ccaudit.audit.retention.overdue_by_client`)."""
    parts = [("overdue_files", "overdue files", "#c0392b"),
             ("overdue_records", "overdue records", "#e74c3c"),
             ("expiring_files", "files expiring within 30 days", "#f39c12")]
    fig = go.Figure([go.Bar(x=by_client["client"].tolist(), y=by_client[column].tolist(), name=name,
                            marker_color=colour, hovertemplate="%{x}: %{y} " + name + "<extra></extra>")
                     for column, name, colour in parts])
    fig.update_layout(barmode="group", title="Data kept too long, per client", yaxis={
        "title": "count (log scale)", "type": "log"}, height=380)
    return fig
