"""The report as a PDF: the same HTML, laid out for print by WeasyPrint (A4, a section per page)."""

from __future__ import annotations

from pathlib import Path


def write(html: str, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
