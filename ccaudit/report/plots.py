"""Tables and charts the notebooks show. Every function takes scan results (already masked)
and returns a DataFrame or a plotly figure: the notebooks only call these.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import NotebookRenderer

from ccaudit.config import SENSITIVITY_LEVELS


class OfflineNotebookRenderer(NotebookRenderer):
    """plotly's ``notebook`` renderer without its one network request.

    ``notebook`` embeds plotly.js once, in the output of the cell that activates it (unlike
    ``notebook_connected``, which imports it from a CDN); each figure then calls the global
    ``Plotly``. Its figures still load MathJax from a CDN for LaTeX labels, which these
    charts do not use: here they are drawn without it.
    """

    def to_mimebundle(self, fig_dict):
        html = pio.to_html(fig_dict, config=self.config, include_plotlyjs=False,
                           include_mathjax=False, full_html=False, default_width="100%",
                           default_height=525, validate=False)
        return {"text/html": html}


def setup_notebook() -> None:
    """Charts and tables that work offline, in JupyterLab and in the HTML reports.

    plotly.js and the DataTables bundle (itables' offline mode) are embedded once, in the
    output of the cell that calls this; nothing is fetched. DataFrames show as tables that
    are sortable and searchable, show every row (no pages, no down-sampling: a printed
    report is complete) and escape their cells. Styled tables (:func:`wrapped`: a plan's
    steps, in order) stay static HTML.
    """
    import itables
    import itables.options as table_options
    from pandas.io.formats.style import Styler

    pio.renderers["ccaudit_offline"] = OfflineNotebookRenderer()
    pio.renderers.default = "ccaudit_offline"
    pd.set_option("display.max_colwidth", 120)
    table_options.maxBytes = 0                     # never drop rows from a report
    table_options.paging = False
    table_options.layout = {"topStart": "search", "topEnd": None, "bottomStart": "info",
                            "bottomEnd": None}
    table_options.display_logo_when_loading = False  # its link leaves the report
    # Long texts wrap and columns size to the page, so a printed table is not cut.
    table_options.classes = "display compact"
    table_options.style = "table-layout:auto;width:auto;margin:0;caption-side:bottom"
    table_options.autoWidth = False
    styled = Styler._repr_html_
    itables.init_notebook_mode(all_interactive=True, connected=False)
    if styled.__module__.startswith("pandas"):
        Styler._repr_html_ = styled


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


# ---------------------------------------------------------------------- call transcripts

ROLES = ["customer", "agent"]
NO_COVERAGE = "—"
# How each recognizer finds its entities, as a DPO would say it.
_METHODS = {"SpacyRecognizer": "spaCy NER ({model})", "DeduceRecognizer": "deduce",
            "EuPhoneRecognizer": "phonenumbers", "StreetAddressRecognizer": "street address pattern",
            "AnyCaseAddressRecognizer": "street address pattern",
            "NameLexiconRecognizer": "name lexicon, any letter case",
            "DateOfBirthRecognizer": "date, when birth is said",
            "IntroducedNameRecognizer": "name after a title or introduction"}


def _clock(seconds) -> str:
    """``75.3`` → ``'1:15'``; empty when the format has no timings."""
    if seconds is None or pd.isna(seconds):
        return ""
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _entity_order(entity: str) -> tuple[int, str]:
    """Entities in the configuration's order (as in :func:`language_coverage`), others after."""
    from ccaudit.entities import STANDARD_ENTITIES as order

    return (order.index(entity) if entity in order else len(order), entity)


def _national(entity: str) -> bool:
    from ccaudit.entities import NATIONAL_ENTITIES

    return entity in NATIONAL_ENTITIES


def transcript_headline(calls: pd.DataFrame, findings: pd.DataFrame, errors: pd.DataFrame) -> str:
    """One sentence for the top of the transcripts report.

    >>> calls = pd.DataFrame({"client": ["a"], "turns": [10], "words": [90], "findings": [2],
    ...                       "has_card": [True], "has_national_number": [False]})
    >>> transcript_headline(calls, pd.DataFrame(index=range(2)), pd.DataFrame()).split(". ")[0]
    '1 call(s) scanned for 1 client(s): 10 turns, 90 words'
    """
    return (f"{len(calls)} call(s) scanned for {calls['client'].nunique()} client(s): "
            f"{int(calls['turns'].sum())} turns, {int(calls['words'].sum())} words. "
            f"{len(findings)} finding(s) of personal data in {int((calls['findings'] > 0).sum())} "
            f"call(s); {int(calls['has_card'].sum())} call(s) hold a card number, "
            f"{int(calls['has_national_number'].sum())} a national number; "
            f"{len(errors)} file(s) could not be read.")


def calls_per_client(calls: pd.DataFrame) -> pd.DataFrame:
    """Per client: calls, turns, words, findings and the calls holding card or national numbers."""
    columns = ["client", "calls", "turns", "words", "findings", "calls with a card number",
               "calls with a national number"]
    if calls.empty:
        return pd.DataFrame(columns=columns)
    grouped = calls.groupby("client", sort=True)
    out = pd.DataFrame({
        "calls": grouped.size(), "turns": grouped["turns"].sum(), "words": grouped["words"].sum(),
        "findings": grouped["findings"].sum(),
        "calls with a card number": grouped["has_card"].sum(),
        "calls with a national number": grouped["has_national_number"].sum(),
    }).astype(int).reset_index()
    return out[columns]


def findings_per_call(calls: pd.DataFrame) -> pd.DataFrame:
    """One row per call, most findings first: where the call is, its size and what it holds."""
    columns = ["client", "call_id", "format", "languages", "turns", "duration", "findings",
               "entities", "card", "national number"]
    if calls.empty:
        return pd.DataFrame(columns=columns)
    out = calls.sort_values(["findings", "client", "call_id"], ascending=[False, True, True])
    out = out.assign(duration=out["duration"].map(_clock),
                     entities=out["entities"].fillna("").str.replace(";", ", "),
                     languages=out["languages"].fillna("").str.replace(";", ", "),
                     card=out["has_card"].map({True: "yes", False: ""}),
                     **{"national number": out["has_national_number"].map({True: "yes", False: ""})})
    return out[columns].reset_index(drop=True)


def findings_by_entity_role(findings: pd.DataFrame) -> pd.DataFrame:
    """Entity types × speaker role (customer, agent): findings counted, most frequent first.

    >>> f = pd.DataFrame({"entity_type": ["PERSON", "PERSON", "EMAIL_ADDRESS"],
    ...                   "role": ["agent", "customer", "customer"]})
    >>> findings_by_entity_role(f).loc["PERSON"].tolist()
    [1, 1, 2]
    """
    if findings.empty:
        return pd.DataFrame(columns=[*ROLES, "total"])
    table = pd.crosstab(findings["entity_type"], findings["role"]).reindex(columns=ROLES, fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total", *ROLES], ascending=False)
    table.index.name, table.columns.name = "entity", None
    return table


def entity_role_chart(findings: pd.DataFrame) -> go.Figure:
    """Horizontal bars: findings per entity type, split by who said it."""
    table = findings_by_entity_role(findings).iloc[::-1]  # most frequent on top
    colours = {"customer": "#c0392b", "agent": "#2c7fb8"}
    fig = go.Figure([go.Bar(y=list(table.index), x=table[role].tolist(), name=role, orientation="h",
                            marker_color=colours[role],
                            hovertemplate="%{y}: %{x} said by the " + role + "<extra></extra>")
                     for role in ROLES])
    fig.update_layout(barmode="stack", title="Findings by entity type and speaker",
                      xaxis_title="findings", height=max(320, 32 * len(table) + 160),
                      margin={"l": 180}, legend={"title": "said by"})
    return fig


def findings_by_language(findings: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """Languages side by side: the calls each is spoken in, then findings per entity type.

    Entity types are rows, as in :func:`language_coverage`, so the two tables read together.
    """
    spoken_in = calls["languages"].fillna("").str.split(";").explode()
    languages = spoken_in[spoken_in != ""].value_counts().sort_index()
    per_entity = pd.crosstab(findings["entity_type"], findings["language"]) if len(findings) \
        else pd.DataFrame()
    table = pd.concat([languages.to_frame().T.set_axis(["calls"]),
                       per_entity.sum().to_frame().T.set_axis(["findings"]),
                       per_entity.loc[sorted(per_entity.index, key=_entity_order)]])
    table = table.reindex(columns=sorted(set(languages.index) | set(per_entity.columns)))
    table.index.name, table.columns.name = None, None
    return table.fillna(0).astype(int)


def pci_and_national_calls(calls: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The calls in which a card number (PCI DSS) or a national number is said, masked.

    One row per call, card calls first; values are the scan's masked ones, each with the
    role of the speaker and the time of the turn.
    """
    columns = ["client", "call_id", "file", "card numbers", "national numbers"]
    flagged = calls[calls["has_card"].astype(bool) | calls["has_national_number"].astype(bool)]
    if flagged.empty:
        return pd.DataFrame(columns=columns)

    from ccaudit.entities import PAYMENT_CARD_ENTITIES

    def card(entity: str) -> bool:
        return entity in PAYMENT_CARD_ENTITIES

    def said(source: str, wanted) -> str:
        rows = findings[(findings["source"] == source) & findings["entity_type"].map(wanted)]
        return "; ".join(f"{r.masked} ({r.role}, {_clock(r.time_start) or f'turn {r.turn}'})"
                         + ("" if card(r.entity_type) else f" [{r.entity_type}]")
                         for r in rows.itertuples())

    out = flagged.assign(
        file=flagged["source"].map(lambda s: str(s).rsplit("/", 1)[-1]),
        **{"card numbers": flagged["source"].map(lambda s: said(s, card)),
           "national numbers": flagged["source"].map(lambda s: said(s, _national))})
    out = out.sort_values(["has_card", "client", "call_id"], ascending=[False, True, True])
    return out[columns].reset_index(drop=True)


def finding_examples(findings: pd.DataFrame, per_entity: int = 3, seed: int = 20261128) -> pd.DataFrame:
    """A few findings of each entity type, as the report may show them: masked, never raw.

    Drawn with a fixed seed, so the same scan always shows the same examples; every
    finding is in ``transcript_findings.csv``.
    """
    columns = ["entity", "masked", "role", "language", "client", "call_id", "turn", "time",
               "spoken", "score"]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    picked = findings.sample(frac=1, random_state=seed).groupby("entity_type").head(per_entity)
    out = picked.sort_values(["entity_type", "client", "call_id", "turn"]).rename(
        columns={"entity_type": "entity"})
    out["time"] = out["time_start"].map(_clock)
    out["spoken"] = out["spoken"].map({True: "as words", False: ""})
    return out[columns].reset_index(drop=True)


def unreadable_files(errors: pd.DataFrame, root=None) -> pd.DataFrame:
    """The files that could not be read, named under ``root`` (the scanned folder), with why."""
    def name(source: str) -> str:
        try:
            return Path(source).relative_to(Path(root)).as_posix()
        except (TypeError, ValueError):
            return str(source).rsplit("/", 1)[-1]

    return pd.DataFrame({"file": errors["source"].map(name), "reason": errors["error"]})


def language_coverage(config=None, registry=None) -> pd.DataFrame:
    """Entity types × languages: what finds each entity in a transcript turn of that language.

    Read from the recognizers of the analyzer the scan uses (pass ``analyzer.registry``;
    built from ``config`` when not given) and the configured models, so the table says
    what the code does. Numbers and e-mail addresses said as words are written out first.

    >>> from ccaudit.detect.analyzer import build_registry
    >>> from ccaudit.settings import load_config
    >>> cfg = load_config()
    >>> language_coverage(cfg, build_registry(cfg, list(cfg.languages))).loc["PERSON", "nl"]
    'deduce + name lexicon, any letter case'
    """
    from ccaudit.settings import load_config
    from ccaudit.detect.dutch import DEDUCE
    from ccaudit.detect.spoken import SUPPORTED
    from presidio_analyzer import PatternRecognizer

    config = config or load_config()
    if registry is None:
        from ccaudit.detect.analyzer import build_transcript_analyzer

        registry = build_transcript_analyzer(config).registry
    found: dict[tuple[str, str], list[str]] = {}
    for recognizer in registry.recognizers:
        language, kind = recognizer.supported_language, type(recognizer).__name__
        model = config.models.get(language)
        if kind == "SpacyRecognizer" and (not model or model == DEDUCE):
            continue  # a blank pipeline: spaCy finds nothing for this language
        if kind in _METHODS:
            method = _METHODS[kind].format(model=model)
        elif not isinstance(recognizer, PatternRecognizer):
            method = recognizer.name  # a recognizer this table has no words for yet
        elif any(getattr(type(recognizer), check) is not getattr(PatternRecognizer, check)
                 for check in ("validate_result", "invalidate_result")):
            method = "validated pattern"  # a checksum, a known domain, a valid address
        else:
            method = "pattern"
        for entity in recognizer.supported_entities:
            methods = found.setdefault((entity, language), [])
            if method not in methods:
                methods.append(method)
    # Only the configured entities are asked for: other recognizers' findings are dropped.
    table = pd.DataFrame(
        [[" + ".join(found.get((entity, lang), [])) or NO_COVERAGE for lang in config.languages]
         for entity in config.entities],
        index=pd.Index(config.entities, name="entity"), columns=list(config.languages))
    table.loc["numbers said as words"] = ["written out (text2num)" if lang in SUPPORTED
                                          else NO_COVERAGE for lang in config.languages]
    table.loc["e-mails said as words"] = ["written out"] * len(config.languages)
    return table


# ---------------------------------------------------------------------- the subject index

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


def wrapped(frame: pd.DataFrame):
    """A table whose long texts (a request plan's steps) wrap instead of being cut off."""
    return frame.style.hide(axis="index").set_properties(
        **{"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top"})


# ----------------------------------------------------------------------------- retention

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
