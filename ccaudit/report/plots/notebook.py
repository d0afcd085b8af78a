"""What every notebook sets up: charts and tables that work offline, in JupyterLab and in
the HTML reports, and static tables that keep their order."""
from __future__ import annotations


import base64
import functools
import gzip
import re
from pathlib import Path

import pandas as pd
import plotly.io as pio
from plotly.io.base_renderers import NotebookRenderer

# plotly.js with only the trace types the reports draw (static/plotly-bundle/README.md).
PLOTLY_BUNDLE = Path(__file__).resolve().parents[1] / "static" / "plotly-ccaudit.min.js"

# Unpacks a gzip + base64 payload in the browser (no network, no library): a Promise of text.
_GUNZIP = ("function(b64){return new Response(new Blob([Uint8Array.from(atob(b64),"
           "function(c){return c.charCodeAt(0)})]).stream().pipeThrough("
           "new DecompressionStream('gzip'))).text()}")
# The page's plotly.js, unpacked once: window.ccauditPlotly is a Promise of Plotly that every
# figure waits for (scripts of later outputs run before it resolves).
_PLOTLY_LOADER = """<script>(function(){
if (window.ccauditPlotly) return;
window.ccauditPlotly = (%s)("%s").then(function(src){
  var s = document.createElement("script"); s.textContent = src; document.head.appendChild(s);
  return window.Plotly;
});
})();</script>"""
# The script plotly writes for a figure (``Plotly.newPlot(...)``), with or without a type.
_FIGURE_SCRIPT = re.compile(r'<script(?: type="text/javascript")?>((?:(?!</script>).)*?Plotly\.newPlot.*?)</script>', re.S)


@functools.lru_cache(maxsize=4)
def packed(text: str) -> str:
    """``text`` gzip-compressed and base64-encoded, the same bytes every time (no mtime)."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


class OfflineNotebookRenderer(NotebookRenderer):
    """plotly's ``notebook`` renderer, offline and light.

    The cell that activates it embeds ccaudit's plotly.js bundle once, compressed (about
    0.5 MB instead of plotly's whole 4.8 MB); each figure waits for it
    (``window.ccauditPlotly``) and then calls ``Plotly.newPlot`` as plotly's own output does.
    MathJax, which plotly would load from a CDN for LaTeX labels these charts do not use, is
    left out.
    """

    def activate(self):
        from IPython.display import HTML, display

        display(HTML(_PLOTLY_LOADER % (_GUNZIP, packed(PLOTLY_BUNDLE.read_text(encoding="utf-8")))))

    def to_mimebundle(self, fig_dict):
        html = pio.to_html(fig_dict, config=self.config, include_plotlyjs=False,
                           include_mathjax=False, full_html=False, default_width="100%",
                           default_height=525, validate=False)
        wrapped, n = _FIGURE_SCRIPT.subn(lambda m: "<script>window.ccauditPlotly.then(function(Plotly){"
                                         + m.group(1) + "});</script>", html, count=1)
        if n != 1:
            raise RuntimeError("plotly's figure script is not where this plotly version put it")
        return {"text/html": wrapped}


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
    IPython.display.display(IPython.display.HTML(_packed_itables(html)))


def _packed_itables(html: str) -> str:
    """itables' offline bundle (its DataTables script and CSS, embedded base64) embedded
    gzip-compressed instead: 0.97 MB → 0.2 MB. itables loads it asynchronously already (its
    tables wait for an event), so unpacking first changes nothing else."""
    import itables.options as table_options

    bundle = Path(table_options.dt_bundle)
    texts = {"js": bundle.read_text(encoding="utf-8"),
             "css": bundle.with_suffix(".css").read_text(encoding="utf-8")}
    raw = {name: base64.b64encode(text.encode("utf-8")).decode("ascii") for name, text in texts.items()}
    loaders = ("const cssText = atob(base64CSS);", "const jsText = atob(base64JS);")
    if not all(raw[k] in html for k in raw) or not all(line in html for line in loaders):
        raise RuntimeError("itables' offline bundle is not where this itables version put it")
    for name in raw:
        html = html.replace(raw[name], packed(texts[name]))
    return (html.replace("function injectCSS(base64CSS) {", "async function injectCSS(base64CSS) {")
                .replace(loaders[0], f"const cssText = await ({_GUNZIP})(base64CSS);")
                .replace(loaders[1], f"const jsText = await ({_GUNZIP})(base64JS);"))


def wrapped(frame: pd.DataFrame):
    """A table whose long texts (a request plan's steps) wrap instead of being cut off."""
    return frame.style.hide(axis="index").set_properties(
        **{"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top"})
