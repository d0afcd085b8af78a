"""What every notebook sets up: charts and tables that work offline, in JupyterLab and in
the HTML reports, and static tables that keep their order."""
from __future__ import annotations


import pandas as pd
import plotly.io as pio
from plotly.io.base_renderers import NotebookRenderer



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
    _init_itables_offline(itables)
    if styled.__module__.startswith("pandas"):
        Styler._repr_html_ = styled


def _init_itables_offline(itables) -> None:
    """itables' offline mode, its two outputs joined into one with the DataTables bundle
    first: its dark-theme script awaits the bundle, and JupyterLab runs the scripts of
    separate outputs in the order they arrive (the script first, the bundle not yet there:
    a TypeError in the browser's console)."""
    from unittest import mock

    import IPython.display

    shown: list = []
    with mock.patch.object(IPython.display, "display", side_effect=shown.append):
        itables.init_notebook_mode(all_interactive=True, connected=False)
    html = "".join(getattr(out, "data", "") or "" for out in reversed(shown))
    IPython.display.display(IPython.display.HTML(html))


def wrapped(frame: pd.DataFrame):
    """A table whose long texts (a request plan's steps) wrap instead of being cut off."""
    return frame.style.hide(axis="index").set_properties(
        **{"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top"})
