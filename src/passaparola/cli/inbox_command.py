"""`passaparola inbox`: what the public asked the brand and is still waiting for, questions first, oldest first."""

from __future__ import annotations

from pathlib import Path

import ibis

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import MOST_NEGATIVE_FIRST, unanswered

_SENTIMENT_MARKS = {"negative": "−", "neutral": "·", "positive": "+"}


def run(limit: int, workspace_dir: Path | None, most_negative: bool = False) -> None:
    ws = open_workspace(workspace_dir)
    brand = ws.settings.brand
    if brand is None:
        fail(f"{ws.config_path}: the inbox needs a [brand] with its accounts")
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings)
        waiting = unanswered(scope, brand)
        items = store.table("items").select("platform", "id", "author_handle", "author_name", "url")
        order = list(MOST_NEGATIVE_FIRST) if most_negative else [ibis.desc("question"), "created_at"]
        listed = waiting.join(items, ["platform", "id"]).order_by(order).limit(limit).execute()
        total = waiting.count().execute()
    console.print(f"[bold]{t('inbox.title', count=total, brand=brand.name)}[/]")
    zone = ws.timezone
    rows = [
        (
            r.created_at.tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
            r.platform,
            r.author_handle if isinstance(r.author_handle, str) else r.author_name,
            "?" if r.question else "",
            _SENTIMENT_MARKS.get(r.sentiment, ""),
            (r.text or "").replace("\n", " ")[:80],
            r.url,
        )
        for r in listed.itertuples()
    ]
    headers = [t("inbox.when"), t("status.platform"), t("status.author"), "?", "±", t("inbox.text"), "URL"]
    console.print(table(None, headers, rows))
