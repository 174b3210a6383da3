"""`passaparola export`."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail
from passaparola.export import EXPORTABLE, export_table
from passaparola.i18n import t


def run(fmt: str, out: Path, tables: list[str], workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    for name in tables:
        if name not in EXPORTABLE:
            fail(f"--table {name}: expected one of {', '.join(EXPORTABLE)}")
    with ws.open_store(read_only=True) as store:
        for name in tables:
            path, rows = export_table(store, name, fmt, out)
            console.print(t("export.done", path=path, rows=rows))
