"""`passaparola inbox`: what the public asked the brand and is still waiting for, questions first, oldest
first; with ``--most-negative``, the threads still waiting, most negative first."""

from __future__ import annotations

from pathlib import Path

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import inbox, inbox_threads
from passaparola.report import formatting


def run(limit: int, workspace_dir: Path | None, most_negative: bool = False) -> None:
    ws = open_workspace(workspace_dir)
    brand = ws.settings.brand
    if brand is None:
        fail(t("inbox.no_brand", config=ws.config_path))
    zone = ws.timezone
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings)
        if most_negative:
            threads = inbox_threads(scope, brand)
            listed = threads.limit(limit).execute()
            total = threads.count().execute()
            console.print(f"[bold]{t('inbox.threads_title', count=total, brand=brand.name)}[/]")
            rows = [
                (
                    r.first_waiting_at.tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
                    r.platform,
                    r.waiting,
                    r.negative,
                    "" if r.unscored else f"{r.negativity:+.2f}",
                    r.author_handle if isinstance(r.author_handle, str) else r.author_name,
                    (r.text or "").replace("\n", " ")[:80],
                    r.url,
                )
                for r in listed.itertuples()
            ]
            headers = [
                t("inbox.waiting_since"),
                t("status.platform"),
                t("inbox.waiting"),
                "−",
                t("inbox.negativity"),
                t("status.author"),
                t("inbox.worst_text"),
                "URL",
            ]
            console.print(table(None, headers, rows, {2, 3, 4}))
            return
        waiting = inbox(scope, brand)
        listed = waiting.limit(limit).execute()
        total = waiting.count().execute()
    console.print(f"[bold]{t('inbox.title', count=total, brand=brand.name)}[/]")
    rows = [
        (
            r.created_at.tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
            r.platform,
            r.author_handle if isinstance(r.author_handle, str) else r.author_name,
            "?" if r.question else "",
            formatting.SENTIMENT_MARKS.get(r.sentiment, ""),
            (r.text or "").replace("\n", " ")[:80],
            r.url,
        )
        for r in listed.itertuples()
    ]
    headers = [t("inbox.when"), t("status.platform"), t("status.author"), "?", "±", t("inbox.text"), "URL"]
    console.print(table(None, headers, rows))
