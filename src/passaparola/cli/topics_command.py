"""`passaparola topics`: hashtags and keyphrases of an entity's items in a period, or its emerging terms."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail, table
from passaparola.config import Entity, Settings
from passaparola.i18n import t
from passaparola.metrics import topics
from passaparola.metrics.scope import Scope


def run(
    entity_name: str | None,
    start: str | None,
    end: str | None,
    emerging: bool,
    limit: int,
    workspace_dir: Path | None,
) -> None:
    ws = open_workspace(workspace_dir)
    entity = _entity(ws.settings, entity_name, ws.config_path) if entity_name else None
    first, last = window(start, end)
    period = f"{first or '…'} – {last or '…'}" if first or last else t("topics.whole_period")
    console.print(
        f"[bold]{t('topics.title', scope=entity.name if entity else t('topics.everyone'), period=period)}[/]"
    )
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings, first, last)
        if emerging:
            _emerging(scope, entity, limit)
        else:
            _hashtags(scope, entity, limit)
            _keyphrases(scope, entity, limit, ws.language)


def _hashtags(scope: Scope, entity: Entity | None, limit: int) -> None:
    counts = topics.hashtag_counts(scope, entity).limit(limit).execute()
    if counts.empty:
        console.print(t("topics.no_hashtags"))
        return
    rows = [(f"#{r.hashtag}", int(r.items), int(r.authors)) for r in counts.itertuples()]
    headers = [t("topics.hashtag"), t("topics.items"), t("topics.authors")]
    console.print(table(t("topics.hashtags"), headers, rows, numeric={1, 2}))


def _keyphrases(scope: Scope, entity: Entity | None, limit: int, language: str) -> None:
    found = topics.keyphrases(scope, entity, limit, default_language=language)
    if not found:
        console.print(t("topics.none"))
    for group in found:
        rows = [(phrase, f"{score:.4f}") for phrase, score in group.phrases]
        title = t("topics.keyphrases", language=group.language, items=group.items)
        console.print(table(title, [t("topics.keyphrase"), t("topics.score")], rows, numeric={1}))


def _emerging(scope: Scope, entity: Entity | None, limit: int) -> None:
    found = topics.emerging_terms(scope, entity).limit(limit).execute()
    title = t(
        "topics.emerging",
        z=topics.Z_THRESHOLD,
        days=topics.BASELINE_DAYS,
        count=topics.MIN_COUNT,
        authors=topics.MIN_AUTHORS,
    )
    if found.empty:
        console.print(f"{title}\n{t('topics.no_emerging')}")
        return
    rows = [
        (r.term, r.day.strftime("%Y-%m-%d"), int(r.count), int(r.authors), r.baseline, r.z, int(r.days))
        for r in found.itertuples()
    ]
    headers = [
        t("topics.term"),
        t("topics.day"),
        t("topics.items"),
        t("topics.authors"),
        t("topics.baseline"),
        "z",
        t("topics.days"),
    ]
    console.print(table(title, headers, rows, numeric={2, 3, 4, 5, 6}))


def _entity(settings: Settings, name: str, config: Path) -> Entity:
    """The entity named in full, or the one entity whose name contains ``name`` (any case)."""
    wanted = name.casefold()
    exact = [e for e in settings.entities if e.name.casefold() == wanted]
    partial = [e for e in settings.entities if wanted in e.name.casefold()]
    if exact or len(partial) == 1:
        return (exact or partial)[0]
    if partial:
        fail(t("topics.ambiguous_entity", name=name, matches=", ".join(e.name for e in partial)))
    known = ", ".join(e.name for e in settings.entities) or "—"
    fail(t("topics.unknown_entity", name=name, config=config, known=known))
