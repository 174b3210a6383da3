"""`passaparola graph top` and `passaparola graph export`: the interaction graph, ranked or written for Gephi."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from passaparola import graph
from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope


def top(
    by: str,
    limit: int,
    platform: str | None,
    start: str | None,
    end: str | None,
    workspace_dir: Path | None,
) -> None:
    built = _build(platform, start, end, workspace_dir)
    ranked = graph.ranking(built, by, limit)
    console.print(
        f"[bold]{t('graph.top', by=by, authors=built.graph.vcount(), edges=built.graph.ecount())}[/]"
    )
    headers = [
        t("status.platform"),
        t("status.author"),
        t("graph.role"),
        t("graph.followers"),
        "PageRank",
        t("graph.indegree"),
        t("graph.interactions_in"),
        t("graph.coreness"),
    ]
    rows = [
        (
            r.platform,
            r.handle,
            r.role,
            None if pd.isna(r.followers) else int(r.followers),
            round(float(r.pagerank), 5),
            int(r.indegree),
            int(r.interactions_in),
            int(r.coreness),
        )
        for r in ranked.itertuples()
    ]
    console.print(table(None, headers, rows, {3, 4, 5, 6, 7}))
    members = graph.core(built)
    if members:
        k = built.graph.vs[members[0]]["coreness"]
        console.print(t("graph.core", count=len(members), k=k))


def export(
    fmt: str,
    out: Path,
    platform: str | None,
    start: str | None,
    end: str | None,
    workspace_dir: Path | None,
) -> None:
    built = _build(platform, start, end, workspace_dir)
    try:
        graph.write(built, fmt, out)
    except OSError as exc:
        fail(t("graph.cannot_write", path=out, reason=exc.strerror or exc))
    console.print(
        t("graph.written", authors=built.graph.vcount(), edges=built.graph.ecount(), path=out, format=fmt)
    )


def _build(
    platform: str | None, start: str | None, end: str | None, workspace_dir: Path | None
) -> graph.InteractionGraph:
    ws = open_workspace(workspace_dir)
    first, last = window(start, end)
    with ws.open_store(read_only=True) as store:
        if platform is not None:
            items = store.table("items")
            present = sorted(items.select("platform").distinct().to_pyarrow()["platform"].to_pylist())
            if platform not in present:
                known = ", ".join(present) or t("graph.no_items")
                fail(t("graph.unknown_platform", platform=platform, known=known))
        scope = Scope.of(store, ws.settings, first, last)
        return graph.build(scope, platform)
