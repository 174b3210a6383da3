"""The report as a PDF: the same HTML, laid out for print by WeasyPrint (A4, a section per page)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.document import Document


def document(html: str) -> Document:
    """The report laid out in pages (its headings are the PDF's bookmarks)."""
    from weasyprint import HTML

    return HTML(string=html).render()


def write(html: str, path: Path) -> None:
    document(html).write_pdf(path)
