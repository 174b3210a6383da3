"""`passaparola spread`: content that crossed platforms (the same link, or nearly the same text): where it
appeared first, and when it reached each other platform."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.amplifiers_command import chosen_entity
from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import MIN_TOKENS, link_arrivals, text_arrivals
from passaparola.report.journeys import Journey, journeys, path


def run(
    entity_name: str | None, limit: int, start: str | None, end: str | None, workspace_dir: Path | None
) -> None:
    ws = open_workspace(workspace_dir)
    first, last = window(start, end)
    entity = chosen_entity(ws, entity_name)
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings, first, last)
        found = {}
        for key, arrivals in (("url", link_arrivals(scope)), ("cluster", text_arrivals(scope))):
            crossed = arrivals.filter(arrivals.platforms >= 2)
            if entity is not None:
                crossed = crossed.filter(crossed.entity == entity.name)
            found[key] = crossed.to_pyarrow().to_pandas()
    zone = ws.timezone
    links, texts = found["url"], found["cluster"]
    console.print(f"[bold]{t('spread.links', count=links['url'].nunique())}[/]")
    console.print(_table(journeys(links, "url", limit), zone, t("spread.link")))
    console.print(f"[bold]{t('spread.texts', count=texts['cluster'].nunique(), tokens=MIN_TOKENS)}[/]")
    console.print(_table(journeys(texts, "cluster", limit), zone, t("spread.text")))


def _table(found: list[Journey], zone: object, label: str):
    rows = [
        (
            j.label,
            j.first,
            None if j.started_at is None else j.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            path(j, t),
            j.items,
            j.entity,
        )
        for j in found
    ]
    headers = [
        label,
        t("spread.first"),
        t("spread.when"),
        t("spread.then"),
        t("spread.items"),
        t("spread.entity"),
    ]
    return table(None, headers, rows, {4})
