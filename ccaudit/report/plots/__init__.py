"""Tables and charts the notebooks show, one module per report. Every function takes scan
results (already masked) and returns a DataFrame or a plotly figure: the notebooks only call
these (``from ccaudit.report import plots``; ``plots.entity_heatmap(columns)``).

notebook (offline set-up, static tables), exports (01), transcripts (02), index (03, 06),
retention (04), readiness (05), reviews (the analysts' decisions, 01 and 02),
records (07).
"""
from __future__ import annotations

from ccaudit.report.plots.notebook import OfflineNotebookRenderer, setup_notebook, wrapped
from ccaudit.report.plots.exports import (entity_heatmap, entity_matrix, files_per_client, personal_columns,
                                          scan_headline, sensitivity_summary)
from ccaudit.report.plots.transcripts import (NO_COVERAGE, ROLES, calls_per_client, entity_role_chart,
                                              finding_examples, findings_by_entity_role, findings_by_language,
                                              findings_per_call, language_coverage, pci_and_national_calls,
                                              transcript_headline, unreadable_files)
from ccaudit.report.plots.index import coverage_chart, subjects_chart
from ccaudit.report.plots.retention import RETENTION_COLOURS, overdue_chart, retention_timeline
from ccaudit.report.plots.readiness import status_heatmap
from ccaudit.report.plots.reviews import review_headline, review_table
from ccaudit.report.plots.records import ROLE_COLOURS, data_flow, processor_records, record_table

__all__ = ["NO_COVERAGE", "OfflineNotebookRenderer", "RETENTION_COLOURS", "ROLES", "ROLE_COLOURS",
           "calls_per_client", "coverage_chart", "data_flow", "entity_heatmap", "entity_matrix", "entity_role_chart", "files_per_client",
           "finding_examples", "findings_by_entity_role", "findings_by_language", "findings_per_call",
           "language_coverage", "overdue_chart", "pci_and_national_calls", "personal_columns",
           "processor_records", "record_table", "retention_timeline", "review_headline", "review_table", "scan_headline", "sensitivity_summary", "setup_notebook", "status_heatmap",
           "subjects_chart", "transcript_headline", "unreadable_files", "wrapped"]
