"""`passaparola amplifiers`: who spreads an entity's content, and how far their shares travel."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.amplifiers import top_amplifiers
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import entity_named


def run(entity_name: str | None, limit: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings)
        try:
            entity = entity_named(ws.settings, entity_name) or ws.settings.brand
        except ValueError as exc:
            fail(str(exc))
        if entity is None:
            fail(f"{ws.config_path}: name an --entity, or declare a [brand] with its accounts")
        listed = top_amplifiers(scope, entity, limit).to_pyarrow().to_pylist()
    console.print(f"[bold]{t('amplifiers.title', entity=entity.name)}[/]")
    headers = [
        t("status.platform"),
        t("status.author"),
        t("graph.role"),
        t("graph.followers"),
        t("amplifiers.shares"),
        t("amplifiers.quotes"),
        t("amplifiers.second_shares"),
        t("amplifiers.second_replies"),
    ]
    rows = [
        (
            r["platform"],
            r["author"],
            r["role"],
            r["followers"],
            r["shares"],
            r["quotes"],
            r["second_level_shares"],
            r["second_level_replies"],
        )
        for r in listed
    ]
    console.print(table(None, headers, rows, {3, 4, 5, 6, 7}))
    if not rows:
        console.print(t("amplifiers.none"))
