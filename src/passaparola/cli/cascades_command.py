"""`passaparola cascades` lists share cascades; `passaparola cascade ID` draws one (text tree, SVG)."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd

from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics.cascades import in_window, one_cascade
from passaparola.metrics.scope import Scope
from passaparola.report.cascade_tree import cascade_svg, svg_caption

ORDERS = ("virality", "size", "depth")


def listing(top: int, by: str, replies: bool, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)  # first, so that errors speak the workspace's language
    if by not in ORDERS:
        fail(t("cascades.bad_order", value=by, known=", ".join(ORDERS)))
    if top < 1:
        fail(t("cascades.bad_count", option="--top", value=top))
    with ws.open_store(read_only=True) as store:
        found = in_window(Scope.of(store, ws.settings), replies)
        keys = dict.fromkeys([by, "size"])  # ties: the larger first
        frame = found.order_by([*(ibis.desc(k) for k in keys), "root"]).limit(top).execute()
    rows = [
        (
            r.root,
            r.platform,
            _when(r.created_at, ws.timezone),
            t(f"cascades.reconstruction.{r.reconstruction}"),
            int(r.size),
            int(r.depth),
            int(r.max_breadth),
            float(r.virality),
            _number(r.minutes_to_half),
            _number(r.duration_minutes),
            _number(r.reach, whole=True),
            int(r.reach_unknown),
            r.label if isinstance(r.label, str) else None,
        )
        for r in frame.itertuples()
    ]
    headers = [
        t("cascades.root"), t("status.platform"), t("cascades.started"), t("cascades.reconstruction"),
        t("cascades.size"), t("cascades.depth"), t("cascades.breadth"), t("cascades.virality"),
        t("cascades.half"), t("cascades.duration"), t("cascades.reach"), t("cascades.reach_unknown"),
        t("cascades.label"),
    ]  # fmt: skip
    console.print(table(t("cascades.title"), headers, rows, {4, 5, 6, 7, 8, 9, 10, 11}))


def _when(value, zone) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.tz_convert(zone).strftime("%Y-%m-%d %H:%M")


def _number(value, whole: bool = False) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    return int(value) if whole else float(value)


def draw(
    item_id: str,
    platform: str | None,
    levels: int,
    children: int,
    svg: Path | None,
    replies: bool,
    workspace_dir: Path | None,
) -> None:
    ws = open_workspace(workspace_dir)  # first, so that errors speak the workspace's language
    for option, value in (("--levels", levels), ("--children", children)):
        if value < 1:
            fail(t("cascades.bad_count", option=option, value=value))
    with ws.open_store(read_only=True) as store:
        frame = one_cascade(store.table("items"), item_id, platform, replies).execute()
    if frame.empty:
        fail(t("cascades.not_found", id=item_id))
    if frame.platform.nunique() > 1:
        fail(t("cascades.ambiguous", id=item_id))
    console.print(
        t("cascades.summary", root=frame.root.iloc[0], size=len(frame), depth=int(frame.depth.max()))
    )
    for line in text_tree(frame, levels, children, ws.timezone):
        console.print(line, markup=False, highlight=False)
    if svg is not None:
        caption = svg_caption(t, frame.root.iloc[0], len(frame))
        markup = cascade_svg(
            list(frame.id), [p if isinstance(p, str) else None for p in frame.parent], caption
        )
        try:
            svg.write_text(markup, encoding="utf-8")
        except OSError as exc:
            fail(t("cascades.cannot_write", path=svg, reason=exc.strerror or exc))
        console.print(t("cascades.wrote", path=svg))


def text_tree(frame: pd.DataFrame, levels: int, shown: int, zone) -> list[str]:
    """The cascade as indented lines: ``levels`` levels below the root, the first ``shown`` children of
    each item (in time order), and "… N more" for what is left out."""
    kids: dict[str, list] = {}
    for r in frame.itertuples():
        if isinstance(r.parent, str):
            kids.setdefault(r.parent, []).append(r)
    root = frame.iloc[0]
    lines: list[str] = []
    stack: list = [(root, 0)]
    while stack:  # iterative: cascades nest deeper than Python's recursion limit
        entry, level = stack.pop()
        if level is None:  # a "… N more" line
            lines.append(entry)
            continue
        lines.append(f"{'  ' * level}└ {_describe(entry, root, zone)}")
        below = kids.get(entry.id, [])
        if level == levels and below:
            lines.append(f"{'  ' * (level + 1)}… {t('cascades.more_below', count=int(entry.subtree) - 1)}")
            continue
        if len(below) > shown:
            stack.append((f"{'  ' * (level + 1)}… {t('cascades.more', count=len(below) - shown)}", None))
        stack.extend((child, level + 1) for child in reversed(below[:shown]))
    return lines


def _describe(row, root, zone) -> str:
    who = row.author_handle if isinstance(row.author_handle, str) else row.author_id
    who = f"@{who}" if isinstance(who, str) else t("cascades.unknown_author")
    when = _when(row.created_at, zone)
    if when is None and not pd.isna(row.delay_minutes):
        offset = row.delay_minutes - (0 if pd.isna(root.delay_minutes) else root.delay_minutes)
        when = f"+{offset:,.1f} min" if row.id != root.id else "0 min"
    kind = row.kind if isinstance(row.kind, str) else t("cascades.not_in_store")
    text = (row.text or "").replace("\n", " ")[:80] if isinstance(row.text, str) else ""
    below = f" ({t('cascades.below', count=int(row.subtree) - 1)})" if row.subtree > 1 else ""
    return f"{row.id} {when or ''} {who} [{kind}]{below} {text}".replace("  ", " ").rstrip()
