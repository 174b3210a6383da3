"""What every command needs first: its workspace (whose language then applies) and checked options."""

from __future__ import annotations

from pathlib import Path

from passaparola import enrich, i18n, workspace
from passaparola.cli.output import fail
from passaparola.sources import get_format


def open_workspace(directory: Path | None) -> workspace.Workspace:
    """The workspace named on the command line (or found from the current folder), its language applied."""
    ws = workspace.find(directory)
    i18n.use_workspace(ws.language)
    enrich.use_workspace(ws)
    return ws


def check_format(name: str | None) -> None:
    """Stop with one clear line when ``--format`` names no known format."""
    if name:
        try:
            get_format(name)
        except KeyError as exc:
            fail(str(exc.args[0]))
