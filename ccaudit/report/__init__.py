"""Reports for the DPO: masking for display, plots per report, the report registry, notebook
execution, HTML rendering, the run's summary, and the audit run that ties them together."""
