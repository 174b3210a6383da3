"""Terminal output shared by the commands: one console, tables, and the one-line error."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from passaparola import i18n
from passaparola.i18n import t

console = Console(highlight=False)
if not console.is_terminal and "COLUMNS" not in os.environ:
    console.width = 160  # piped or captured output: don't squeeze tables into 80 columns
errors = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a user error as one line on stderr and exit (no traceback)."""
    errors.print(f"[bold red]{t('error')}:[/] {escape(message)}", markup=True, soft_wrap=True)
    sys.exit(code)


def table(title: str | None, columns: list[str], rows: list[tuple], numeric: set[int] | None = None) -> Table:
    """A rich table; columns whose index is in ``numeric`` are right-aligned and thousands-separated (in
    the current language)."""
    numeric = numeric or set()
    out = Table(title=title, title_justify="left", show_edge=False, header_style="bold")
    for index, name in enumerate(columns):
        out.add_column(name, justify="right" if index in numeric else "left", no_wrap=index == 0)
    for row in rows:
        out.add_row(*(escape(_cell(value, index in numeric)) for index, value in enumerate(row)))
    return out


def _cell(value: object, numeric: bool) -> str:
    # unknown, however the frame spelt it: None, a float NaN, pandas' NA or NaT
    if value is None or type(value).__name__ in ("NAType", "NaTType") or value != value:
        return "—"
    if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        # with the language's separators: 31,000 in English is 31.000 in Italian
        from passaparola.report import formatting  # here: it loads the engine, which --help never needs

        return formatting.number(value, i18n.language(), 0 if isinstance(value, int) else 2)
    return str(value)
