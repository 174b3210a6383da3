"""A cascade drawn as SVG: a radial tree, the original at the centre and each level on its own ring.

Leaves take equal slices of the circle in depth-first order, so every subtree keeps a contiguous sector
and a star (every share credited to the original) reads as a ring around a dot. Drawing one cascade is
presentation, bounded by ``MAX_DRAWN`` items (the first levels, in breadth-first order, so every drawn
item's parent is drawn too).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

MAX_DRAWN = 5_000
_COLOURS = ("#1b4f72", "#2e86c1", "#48c9b0", "#f4d03f", "#eb984e", "#cb4335")


def svg_caption(translate: Callable[..., str], root: str, size: int) -> str:
    """The drawing's title: the cascade's size, and how many of its items are drawn when not all are.
    ``translate`` is the i18n lookup of the command line or of the report (``t``, ``Context.t``), which
    writes the numbers with the language's separators."""
    if size <= MAX_DRAWN:
        return translate("cascades.svg_title", root=root, size=size)
    return translate("cascades.svg_title_partial", root=root, size=size, drawn=MAX_DRAWN)


def cascade_svg(ids: list[str], parents: list[str | None], caption: str, size: int = 480) -> str:
    """SVG markup for the tree whose items are ``ids`` in breadth-first order (the root first), each with
    its parent's id (``None`` for the root). ``caption`` becomes the title (escaped here)."""
    ids, parents = ids[:MAX_DRAWN], parents[:MAX_DRAWN]
    index = {item: i for i, item in enumerate(ids)}
    children: list[list[int]] = [[] for _ in ids]
    depth = [0] * len(ids)
    up = [-1] * len(ids)
    for i, parent in enumerate(parents):
        if i and parent in index:
            up[i] = index[parent]
            children[up[i]].append(i)
            depth[i] = depth[up[i]] + 1
    low, high = [math.inf] * len(ids), [-math.inf] * len(ids)
    slot, stack = 0, [0] if ids else []
    while stack:  # depth first: leaves take consecutive slots
        node = stack.pop()
        if not children[node]:
            low[node] = high[node] = slot
            slot += 1
        stack.extend(reversed(children[node]))
    for node in range(len(ids) - 1, 0, -1):  # breadth-first order reversed: children before parents
        low[up[node]] = min(low[up[node]], low[node])
        high[up[node]] = max(high[up[node]], high[node])
    levels = max(depth, default=0) or 1
    ring = (size / 2 - 16) / levels
    centre = size / 2
    points = []
    for node in range(len(ids)):
        angle = 2 * math.pi * ((low[node] + high[node]) / 2) / max(slot, 1)
        radius = depth[node] * ring
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    lines = [
        f'<line x1="{points[up[n]][0]:.1f}" y1="{points[up[n]][1]:.1f}" '
        f'x2="{points[n][0]:.1f}" y2="{points[n][1]:.1f}"/>'
        for n in range(1, len(ids))
        if up[n] >= 0
    ]
    dot = 3 if len(ids) < 500 else 1.5
    circles = [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 if n == 0 else dot}" '
        f'fill="{_COLOURS[min(depth[n], len(_COLOURS) - 1)]}"><title>{html.escape(ids[n])}</title></circle>'
        for n, (x, y) in enumerate(points)
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img"><title>{html.escape(caption)}</title>'
        f'<g stroke="#aab7b8" stroke-width="0.6">{"".join(lines)}</g>'
        f"<g>{''.join(circles)}</g></svg>"
    )
