"""`passaparola demo` and `passaparola generate`."""

from __future__ import annotations

import shutil
from pathlib import Path

from passaparola import i18n, workspace
from passaparola.cli import import_command, inbox_command, metrics_command, report_command, status_command
from passaparola.cli.output import console
from passaparola.demo import generate, workspace_config
from passaparola.i18n import t


def generate_only(folder: Path, items: int, seed: int) -> None:
    console.print(t("demo.generating", items=items))
    generated = generate(folder, items, seed)
    console.print(t("demo.wrote", files=len(generated.files), path=folder))


def run(directory: Path, items: int, seed: int) -> None:
    """A fresh demo workspace: generate the data, import it through the real importers, show it."""
    if (directory / workspace.STORE_NAME).exists():
        shutil.rmtree(directory)
    ws = workspace.create(directory, force=True)
    ws.config_path.write_text(workspace_config(), encoding="utf-8")
    ws = workspace.load(directory)
    i18n.use_workspace(ws.language)
    data = directory / "data"
    generate_only(data, items, seed)
    import_command.run([data], None, [], None, None, None, 20_000, directory)
    status_command.run(directory)
    for metric in ("media_share", "interactions", "two_way_rate", "response_rate", "first_response_time"):
        metrics_command.run(metric, "", None, None, "table", directory)
    inbox_command.run(5, directory)
    report = report_command.write(ws, directory / "report.html", "html")
    console.print(t("report.wrote", path=report))
