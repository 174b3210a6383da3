"""`passaparola top posts|authors`: the items and authors that drew most engagement for an entity."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics import engagement
from passaparola.metrics.media import CLASSES
from passaparola.metrics.scope import Scope

#: --by value -> the column each list is ordered by
POST_ORDER = {"engagement": "interactions", "rate": "rate_by_followers"}
AUTHOR_ORDER = {"engagement": "interactions", "rate": "median_rate_by_followers"}


def run(
    what: str,
    entity_name: str | None,
    order: str,
    media: str | None,
    start: str | None,
    end: str | None,
    limit: int,
    workspace_dir: Path | None,
) -> None:
    ws = open_workspace(workspace_dir)
    first, last = window(start, end)
    settings = ws.settings
    if not settings.entities:
        fail(t("top.no_entity", config=ws.config_path))
    names = [e.name for e in settings.entities]
    entity = entity_name if entity_name is not None else names[0]
    # the exact name (any case), else the one name that contains what was typed
    matched = [n for n in names if n.casefold() == entity.casefold()] or [
        n for n in names if entity.casefold() in n.casefold()
    ]
    if len(matched) != 1:
        fail(t("engagement.unknown_entity", entity=entity, known=", ".join(names)))
    if media is not None and media not in CLASSES:
        fail(t("engagement.unknown_media", media=media, known=", ".join(CLASSES)))
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, settings, first, last)
        if what == "posts":
            listed = engagement.top_posts(scope, matched[0], POST_ORDER[order], limit, media).execute()
        else:
            listed = engagement.top_authors(scope, matched[0], AUTHOR_ORDER[order], limit, media).execute()
    variant = t("engagement.by_interactions") if order == "engagement" else t("engagement.by_rate")
    title = t(f"engagement.top_{what}", entity=matched[0], order=variant)
    console.print(f"[bold]{title}[/]")
    if what == "posts":
        _posts(listed, ws.timezone)
    else:
        _authors(listed)


def _number(value: object) -> object:
    if value is None or value != value:  # unknown (NaN) stays unknown: shown as a dash
        return None
    return value.item() if hasattr(value, "item") else value


def _percent(value: object) -> str | None:
    number = _number(value)
    return None if number is None else f"{number:.2%}"


def _posts(listed, zone) -> None:
    rows = [
        (
            r.rank,
            r.created_at.tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
            r.platform,
            r.media,
            r.author,
            _number(r.interactions),
            _percent(r.rate_by_followers),
            (r.text or "").replace("\n", " ")[:70],
            r.url if isinstance(r.url, str) else None,
        )
        for r in listed.itertuples()
    ]
    headers = [
        "#",
        t("inbox.when"),
        t("status.platform"),
        t("engagement.media"),
        t("status.author"),
        t("engagement.interactions"),
        t("engagement.rate_by_followers"),
        t("inbox.text"),
        "URL",
    ]
    console.print(table(None, headers, rows, {0, 5, 6}))


def _authors(listed) -> None:
    rows = [
        (
            r.rank,
            r.platform,
            r.author,
            _number(r.items),
            _number(r.interactions),
            _number(r.items_without_counters),
            _number(r.followers),
            _percent(r.median_rate_by_followers),
        )
        for r in listed.itertuples()
    ]
    headers = [
        "#",
        t("status.platform"),
        t("status.author"),
        t("engagement.items"),
        t("engagement.interactions"),
        t("engagement.without_counters"),
        t("engagement.followers"),
        t("engagement.median_rate_by_followers"),
    ]
    console.print(table(None, headers, rows, {0, 3, 4, 5, 6, 7}))
