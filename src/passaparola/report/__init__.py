"""The report: one self-contained HTML file (or a PDF of it) built from registered sections, each opening
with findings computed from the data, over the registry's metrics (see ``report.sections``)."""
