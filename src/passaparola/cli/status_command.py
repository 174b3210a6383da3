"""`passaparola status`: what the store holds. Every figure is an Ibis expression over the store."""

from __future__ import annotations

from pathlib import Path

import ibis

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, table
from passaparola.i18n import t
from passaparola.periods import period_start


def run(workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    zone = ws.timezone.key
    with ws.open_store(read_only=True) as store:
        items = store.table("items")
        total = items.count().execute()
        console.print(f"[bold]{t('status.title', name=ws.name)}[/] — {ws.store_path}")
        if total == 0:
            console.print(t("status.empty"))
        else:
            _items(items, zone, total)
            _authors(store.table("authors"), items)
        _quarantine(store.table("quarantine"))
        _imports(store.table("imports"), store.table("import_sources"), ws.timezone)


def _items(items, zone: str, total: int) -> None:
    by_kind = (
        items.group_by(["platform", "kind"])
        .aggregate(n=items.count())
        .order_by(["platform", ibis.desc("n")])
        .execute()
    )
    rows = [(r.platform, r.kind, int(r.n)) for r in by_kind.itertuples()]
    rows.append((t("import.total"), "", total))
    console.print(
        table(t("status.items"), [t("status.platform"), t("status.kind"), t("status.count")], rows, {2})
    )

    dated = items.filter(items.created_at.notnull())
    monthly = (
        dated.group_by(month=period_start(dated.created_at, zone, "month"), platform=dated.platform)
        .aggregate(n=dated.count())
        .execute()
    )
    platforms = sorted(set(monthly["platform"]))
    grid: dict[str, dict[str, int]] = {}
    for r in monthly.itertuples():
        grid.setdefault(r.month.strftime("%Y-%m"), {})[r.platform] = int(r.n)
    month_rows = [(m, *(grid[m].get(p, 0) for p in platforms)) for m in sorted(grid)][-24:]
    console.print(
        table(None, [t("status.month", tz=zone), *platforms], month_rows, set(range(1, len(platforms) + 1)))
    )


def _authors(authors, items) -> None:
    distinct = authors.select("platform", "id").distinct().count().execute()
    console.print(t("status.authors", authors=distinct, snapshots=authors.count().execute()))
    latest = authors.mutate(
        rank=ibis.row_number().over(group_by=["platform", "id"], order_by=ibis.desc("observed_at"))
    ).filter(lambda a: a.rank == 0)
    authored = items.filter(items.author_id.notnull())
    active = authored.group_by(platform=authored.platform, id=authored.author_id).aggregate(
        n=authored.count(), handle=authored.author_handle.coalesce(authored.author_name).max()
    )
    top = (
        active.left_join(latest.select("platform", "id", "followers"), ["platform", "id"])
        .order_by(ibis.desc("n"))
        .limit(10)
        .execute()
    )
    rows = [
        (
            r.platform,
            r.id if _missing(r.handle) else r.handle,
            int(r.n),
            None if _missing(r.followers) else int(r.followers),
        )
        for r in top.itertuples()
    ]
    console.print(
        table(
            t("status.top_authors"),
            [t("status.platform"), t("status.author"), t("status.items"), t("status.followers")],
            rows,
            {2, 3},
        )
    )


def _quarantine(quarantine) -> None:
    count = quarantine.count().execute()
    console.print(t("status.quarantine", count=count))
    if not count:
        return
    reason = quarantine.reason.split(":")[0]
    grouped = (
        quarantine.group_by(format=quarantine.format.fill_null("?"), reason=reason)
        .aggregate(n=quarantine.count())
        .order_by(ibis.desc("n"))
        .limit(10)
        .execute()
    )
    rows = [(r.format, r.reason, int(r.n)) for r in grouped.itertuples()]
    console.print(table(None, [t("import.format"), t("status.reason"), t("status.count")], rows, {2}))


def _imports(imports, sources, zone) -> None:
    per_import = sources.group_by("import_id").aggregate(
        new=sources.new.sum(), updated=sources.updated.sum(), quarantined=sources.quarantined.sum()
    )
    recent = (
        imports.left_join(per_import, imports.id == per_import.import_id)
        .order_by(ibis.desc("id"))
        .limit(5)
        .execute()
    )
    if recent.empty:
        return
    rows = []
    for r in recent.itertuples():
        # A store opened here is not being written (DuckDB locks it), so "running" means killed midway.
        state = t(f"status.{'interrupted' if r.status == 'running' else r.status}")
        rows.append(
            (
                int(r.id),
                r.started_at.tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
                state,
                _int(r.new),
                _int(r.updated),
                _int(r.quarantined),
            )
        )
    headers = [
        "#",
        t("status.started"),
        t("status.state"),
        t("import.new"),
        t("import.updated"),
        t("import.quarantined"),
    ]
    console.print(table(t("status.imports"), headers, rows, {3, 4, 5}))


def _missing(value) -> bool:
    return value is None or value != value  # None, NaN or NaT from the result frame


def _int(value) -> int:
    return 0 if _missing(value) else int(value)
