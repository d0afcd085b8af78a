"""What a run did, for a scheduler (summary.json) and for the DPO (index.html): one
NotebookRun per audit notebook, the totals added up from their headline figures."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ccaudit.report.html import write_index
from ccaudit.report.registry import REPORTS

if TYPE_CHECKING:
    from ccaudit.report.run import AuditInputs

SUMMARY_JSON = "summary.json"


@dataclass
class NotebookRun:
    """One audit notebook in a run: what became of it, and what its report says."""

    name: str
    title: str
    status: str = "not run"          # ok | failed | skipped | not run
    reason: str = ""                 # why it failed or was skipped
    seconds: float | None = None
    notebook: str | None = None      # the executed notebook, relative to the run folder
    html: str | None = None
    headline: str = ""
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)


def totals(runs: list[NotebookRun]) -> dict[str, int | None]:
    """The run's headline figures, added up from the notebooks that ran (None: none did)."""
    by_name = {run.name: run for run in runs}
    out: dict[str, int | None] = {name: None for r in REPORTS for name, _ in r.totals}
    for r in REPORTS:
        run = by_name.get(r.notebook)
        if run is None or not run.figures:
            continue
        for name, figure in r.totals:  # a figure a report did not give is none found
            out[name] = (out[name] or 0) + run.figures.get(figure, 0)
    return out


def write_summary(out: Path, run_id: str, started: datetime, inputs: AuditInputs,
                  runs: list[NotebookRun]) -> Path:
    """Write ``summary.json`` (machine-readable) and ``index.html`` (for the DPO) into ``out``."""
    from ccaudit import __version__

    failed = next((run for run in runs if run.status == "failed"), None)
    finished = datetime.now(timezone.utc)
    summary = {
        "run": run_id, "status": "failed" if failed else "ok",
        "failure": {"notebook": failed.name, "reason": failed.reason} if failed else None,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round((finished - started).total_seconds(), 1),
        "ccaudit_version": __version__, "inputs": inputs.describe(out),
        "totals": totals(runs),
        # Every problem the reports found, for a scheduler to act on (no raw values).
        "problems": [{"report": run.name, **problem} for run in runs for problem in run.problems],
        "notebooks": [asdict(run) for run in runs]}
    (out / SUMMARY_JSON).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    return write_index(out, summary)
