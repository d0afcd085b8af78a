"""Reports as single-file HTML that loads nothing from the network: an executed notebook
rendered with code hidden (nbconvert, ccaudit's template), and the run's index page."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ccaudit.errors import CcauditError
from ccaudit.report.registry import TOTAL_LABELS

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# nbconvert template (templates/ccaudit_report): JupyterLab's, without CDN scripts.
REPORT_TEMPLATE = "ccaudit_report"
INDEX_HTML = "index.html"


class _ExternalResources(HTMLParser):
    """What a page would fetch: ``src`` of scripts, images, frames, and stylesheets."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "audio": "src",
             "video": "src", "source": "src", "object": "data", "link": "href"}
    # Modules that import a URL (itables' and plotly's connected modes do this).
    IMPORT = re.compile(r"""\bimport\s*(?:\(\s*|[^'"();]*?\bfrom\s*|)["'](?:https?:)?//""")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get(self.LOADS.get(tag, ""), None)
        if tag == "link" and "stylesheet" not in (attrs.get("rel") or "") \
                and "preload" not in (attrs.get("rel") or ""):
            url = None
        if url and re.match(r"^\s*(?:https?:|//|ftp:|ws:|wss:)", url, re.I):
            self.found.append(url)
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script:
            self.found += [m.group(0) for m in self.IMPORT.finditer(data)]


def external_resources(html: str) -> list[str]:
    """The network resources an HTML page would load (links a reader may click are not).

    >>> external_resources('<script src="https://cdn.example/x.js"></script><a href="https://a.b">a</a>')
    ['https://cdn.example/x.js']
    >>> external_resources('<script type="module">import {x} from "https://u.pkg/b.js";</script>')
    ['import {x} from "https://']
    """
    parser = _ExternalResources()
    parser.feed(html)
    return parser.found


def to_html(notebook: Path, index: str | None = None) -> Path:
    """Render an executed notebook as self-contained HTML with code cells hidden.

    The page loads nothing from the network (the notebook embeds plotly.js and the table
    script; the template drops JupyterLab's CDN scripts); a page that would is an error.
    ``index`` is the link back to the run's index page. Returns the HTML path.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=REPORT_TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4),
                                          resources={"ccaudit_back_link": index})
    remote = external_resources(body)
    if remote:
        raise CcauditError(f"the report would load {len(remote)} resource(s) from the network, "
                           f"first {remote[0]!r}", source=notebook.name)
    html = notebook.with_suffix(".html")
    html.write_text(body, encoding="utf-8")
    return html


def write_index(out: Path, summary: dict) -> Path:
    """Render the run's ``index.html`` from its summary: headline figures, one link per report."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    data_files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                        if p.is_file() and p.suffix in (".csv", ".duckdb"))
    html = env.get_template("audit_index.html.j2").render(
        summary=summary, labels=TOTAL_LABELS, data_files=data_files,
        css=(TEMPLATES_DIR / REPORT_TEMPLATE / "report.css").read_text(encoding="utf-8"))
    index = out / INDEX_HTML
    index.write_text(html, encoding="utf-8")
    return index
