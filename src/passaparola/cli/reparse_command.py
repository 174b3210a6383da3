"""`passaparola reparse`."""

from __future__ import annotations

from pathlib import Path

from passaparola import i18n, workspace
from passaparola.cli.output import console, fail
from passaparola.i18n import t
from passaparola.reparse import reparse
from passaparola.sources import get_format


def run(format_name: str | None, workspace_dir: Path | None) -> None:
    ws = workspace.find(workspace_dir)
    i18n.use_workspace(ws.language)
    if format_name:
        try:
            get_format(format_name)
        except KeyError as exc:
            fail(str(exc.args[0]))
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
