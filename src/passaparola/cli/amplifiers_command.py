"""`passaparola amplifiers`: who spreads an entity's content, and how far their shares travel."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail, table
from passaparola.config import Entity
from passaparola.i18n import t
from passaparola.metrics.amplifiers import top_amplifiers
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import UnknownEntity, entity_named
from passaparola.workspace import Workspace


def run(
    entity_name: str | None, limit: int, start: str | None, end: str | None, workspace_dir: Path | None
) -> None:
    ws = open_workspace(workspace_dir)
    first, last = window(start, end)
    entity = chosen_entity(ws, entity_name) or ws.settings.brand
    if entity is None:
        fail(t("amplifiers.no_entity", config=ws.config_path))
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings, first, last)
        listed = top_amplifiers(scope, entity, limit).to_pyarrow().to_pylist()
    console.print(f"[bold]{t('amplifiers.title', entity=entity.name)}[/]")
    headers = [
        t("status.platform"),
        t("status.author"),
        t("graph.role"),
        t("graph.followers"),
        t("amplifiers.shares"),
        t("amplifiers.quotes"),
        t("amplifiers.items_amplified"),
        t("amplifiers.second_shares"),
        t("amplifiers.second_replies"),
        t("amplifiers.below"),
        t("amplifiers.deepest"),
        t("amplifiers.reach_below"),
        t("amplifiers.reach_unknown"),
    ]
    columns = (
        "platform", "author", "role", "followers", "shares", "quotes", "items_amplified", "second_level_shares",
        "second_level_replies", "items_below", "deepest_below", "reach_below", "reach_below_unknown",
    )  # fmt: skip
    rows = [tuple(r[column] for column in columns) for r in listed]
    console.print(table(None, headers, rows, set(range(3, len(columns)))))
    if not rows:
        console.print(t("amplifiers.none"))


def chosen_entity(ws: Workspace, name: str | None) -> Entity | None:
    """The entity ``--entity`` names (None when not given); one line in the workspace's language when it
    names none."""
    try:
        return entity_named(ws.settings, name)
    except UnknownEntity as exc:
        fail(t("entity.unknown", name=exc.name, config=ws.config_path, known=", ".join(exc.known) or "—"))
