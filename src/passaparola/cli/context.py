"""What every command needs first: its workspace (whose language then applies) and checked options."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from passaparola import enrich, i18n, periods, workspace
from passaparola.cli.output import fail
from passaparola.sources import get_format


def open_workspace(directory: Path | None) -> workspace.Workspace:
    """The workspace named on the command line (or found from the current folder), its language applied."""
    ws = workspace.find(directory)
    i18n.use_workspace(ws.language)
    enrich.use_workspace(ws)
    return ws


def workspace_language(directory: Path | None) -> None:
    """For a command that also runs without a workspace: apply the language of the one named or found,
    when there is one (``--lang`` and ``$PASSAPAROLA_LANG`` still come first)."""
    try:
        ws = workspace.find(directory)
    except workspace.WorkspaceError:
        return
    i18n.use_workspace(ws.language)


def check_format(name: str | None) -> None:
    """Stop with one clear line when ``--format`` names no known format."""
    if name:
        try:
            get_format(name)
        except KeyError as exc:
            fail(str(exc.args[0]))


def window(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """``--from`` and ``--to`` as local days (``--to`` excluded): one line in the workspace's language when
    either is not a date or the window is empty (:func:`passaparola.periods.window`). Call it after
    :func:`open_workspace`."""
    try:
        return periods.window(start, end)
    except periods.WindowError as exc:
        fail(str(exc))
