"""`passaparola threads` lists conversations; `passaparola thread ID` prints one as an indented tree."""

from __future__ import annotations

from pathlib import Path

import ibis

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.threads import resolve, threads


def listing(two_way: bool, ignored: bool, limit: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    with ws.open_store(read_only=True) as store:
        found = threads(Scope.of(store, ws.settings))
        if two_way:
            found = found.filter(found.two_way)
        if ignored:  # public conversations about the brand's content the brand never joined
            found = found.filter(~found.brand_involved & (found["size"] > 1))
        frame = found.order_by([ibis.desc("size"), "created_at"]).limit(limit).execute()
    rows = [
        (
            r.platform,
            r.root,
            r.created_at.tz_convert(ws.timezone).strftime("%Y-%m-%d %H:%M"),
            int(r.size),
            int(r.depth),
            int(r.participants),
            "✓" if r.brand_involved else "",
            "✓" if r.two_way else "",
            "✓" if r.multi_party else "",
            "✓" if r.orphan else "",
        )
        for r in frame.itertuples()
    ]
    headers = [
        t("status.platform"), t("threads.root"), t("threads.started"), t("threads.size"), t("threads.depth"),
        t("threads.participants"), t("threads.brand"), t("threads.two_way"), t("threads.multi_party"),
        t("threads.orphan"),
    ]  # fmt: skip
    console.print(table(t("threads.title"), headers, rows, {3, 4, 5}))


def tree(item_id: str, platform: str | None, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    with ws.open_store(read_only=True) as store:
        items = store.table("items")
        placed = resolve(items)
        if platform:
            placed = placed.filter(placed.platform == platform)
        root = placed.filter(placed.id == item_id).select("platform", "root").execute()
        if root.empty:
            fail(f"no item with id {item_id!r}" + (f" on {platform}" if platform else ""))
        if len(root) > 1:
            fail(f"id {item_id!r} exists on several platforms: add --platform")
        where, top = root.platform.iloc[0], root.root.iloc[0]
        members = placed.filter((placed.platform == where) & (placed.root == top))
        frame = (
            members.join(items, ["platform", "id"])
            .select("id", "parent_id", "depth", "created_at", "author_handle", "author_name", "kind", "text")
            .order_by("created_at")
            .execute()
        )
    children: dict[str | None, list] = {}
    ids = set(frame.id)
    for r in frame.itertuples():
        parent = r.parent_id if r.parent_id in ids and r.id != top else None
        children.setdefault(parent, []).append(r)
    stack = [(r, 0) for r in reversed(children.get(None, []))]
    while stack:  # iterative: real threads nest deeper than Python's recursion limit
        r, level = stack.pop()
        when = r.created_at.tz_convert(ws.timezone).strftime("%Y-%m-%d %H:%M")
        who = r.author_handle if isinstance(r.author_handle, str) else r.author_name
        text = (r.text or "").replace("\n", " ")[:100]
        console.print(f"{'  ' * level}└ {when} @{who} [{r.kind}] {text}", markup=False, highlight=False)
        stack.extend((child, level + 1) for child in reversed(children.get(r.id, [])))
