"""The reports' plotly.js bundle draws every trace type ccaudit's plots use, and is the one
its recipe builds (ccaudit/report/static/plotly-bundle)."""
from __future__ import annotations

import re
from pathlib import Path

import plotly.offline

from ccaudit.report.plots.notebook import PLOTLY_BUNDLE, packed

PLOTS = Path(__file__).resolve().parent.parent / "ccaudit" / "report" / "plots"
RECIPE = PLOTLY_BUNDLE.parent / "plotly-bundle"


def _used_trace_types() -> set[str]:
    """Every ``go.<Trace>(`` the plots modules call, as plotly.js names it (``heatmap``)."""
    found = set()
    for module in PLOTS.glob("*.py"):
        found |= {m.lower() for m in re.findall(r"\bgo\.([A-Z]\w*)\(", module.read_text(encoding="utf-8"))}
    return found - {"figure"}


def test_the_bundle_draws_every_trace_type_the_reports_use():
    used = _used_trace_types()
    assert {"bar", "heatmap", "sankey"} <= used
    entry = (RECIPE / "entry.js").read_text(encoding="utf-8")
    required = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) - {"core"}
    assert used <= required, f"add {sorted(used - required)} to plotly-bundle/entry.js and rebuild"
    # The committed bundle is built from that recipe: each trace module is in it.
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    assert required <= registered, f"rebuild the bundle: {sorted(required - registered)} missing"


def test_the_bundle_is_the_plotly_js_version_plotly_py_writes_figures_for():
    version = plotly.offline.get_plotlyjs_version()
    assert f'"plotly.js": "{version}"' in (RECIPE / "package.json").read_text(encoding="utf-8")
    assert f'.version="{version}"' in PLOTLY_BUNDLE.read_text(encoding="utf-8")


def test_the_bundle_is_a_fraction_of_plotly_js_and_packs_the_same_every_time():
    assert PLOTLY_BUNDLE.stat().st_size < len(plotly.offline.get_plotlyjs()) / 3
    text = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    assert packed(text) == packed(text + "") and len(packed(text)) < 0.5 * len(text)


def test_each_figure_waits_for_the_pages_plotly_js():
    import plotly.graph_objects as go

    from ccaudit.report.plots.notebook import OfflineNotebookRenderer

    html = OfflineNotebookRenderer().to_mimebundle(go.Figure(go.Bar(x=["a"], y=[2])).to_dict())["text/html"]
    script = html[html.index("<script"):]
    assert script.startswith("<script>window.ccauditPlotly.then(function(Plotly){")
    assert script.index("ccauditPlotly.then") < script.index("Plotly.newPlot(")
    assert "cdn" not in html.lower() and "mathjax" not in html.lower()
