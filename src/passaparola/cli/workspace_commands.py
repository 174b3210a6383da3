"""`passaparola init` and `passaparola formats`."""

from __future__ import annotations

from pathlib import Path

from passaparola import i18n, workspace
from passaparola.cli.output import console, table
from passaparola.i18n import t


def init(directory: Path, name: str | None, force: bool) -> None:
    created = workspace.create(directory, name=name, language=i18n.language(), force=force)
    console.print(t("workspace.created", path=created.root))
    console.print(t("workspace.next", config=created.config_path))


def formats() -> None:
    from passaparola.sources import all_formats

    rows = [(f.name, f.platform, f.description) for f in all_formats()]
    console.print(table(t("formats.title"), [t("formats.name"), "Platform", t("formats.description")], rows))
