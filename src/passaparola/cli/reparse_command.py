"""`passaparola reparse`."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import check_format, open_workspace
from passaparola.cli.output import console
from passaparola.i18n import t
from passaparola.reparse import reparse


def run(format_name: str | None, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    check_format(format_name)
    with ws.open_store() as store:
        result = reparse(store, format_name)
    console.print(
        t(
            "reparse.done",
            items=result.items,
            changed=result.changed,
            failed=result.failed,
            recovered=result.recovered,
        )
    )
