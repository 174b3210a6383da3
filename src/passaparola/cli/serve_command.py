"""`passaparola serve`: the web dashboard and the read-only REST API of the workspace."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

from rich.markup import escape

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail
from passaparola.i18n import t


def run(host: str, port: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    for module in ("fastapi", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            fail(t("web.extra", module=module))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    try:  # a port in use or an address not this machine's: one line now, not uvicorn's log later
        with socket.create_server((host, port), family=family):
            pass
    except OSError as exc:
        fail(t("web.cannot_listen", host=shown, port=port, reason=exc.strerror or exc))
    from passaparola import web

    console.print(escape(t("web.serving", name=ws.name, host=shown, port=port)))
    web.serve(ws.root, host, port)
