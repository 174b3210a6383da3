"""Cascades: share trees under an original, rebuilt for every cascade at once, and their measures.

A **cascade** is an original item and every share and quote under it (and, when asked, replies). Each
sharing item hangs from its **cascade parent**:

- the parent the source gives explicitly, ``extra.cascade_parent`` (Twitter15/16 tree files);
- else the item it shares or quotes (``shared_id``); a reply, when replies are included, hangs from
  ``parent_id``.

Per cascade, ``reconstruction`` says how its tree was obtained: ``explicit`` (every link given by the
source), ``star`` (links from ``shared_id`` only and all to the original: X/Twitter v1.1, Mastodon and most
platforms credit every reshare to the original, so who reshared from whom is unknown; no follower graph
is stored to rebuild it), ``nested`` (links from ``shared_id``/``parent_id`` that nest: quotes of quotes,
shares of quotes) or ``mixed`` (some links explicit, some not).

The structure is computed for all cascades together, without a Python object per item:

1. The engine lists the sharing items and the originals they point at, numbered densely, each with the
   number of its parent.
2. Roots and depths by **pointer jumping** on numpy arrays: each round every item jumps to its ancestor's
   ancestor, so depth *d* resolves in about log2(*d*) rounds. The rounds are capped at log2(n) + 2; an item
   that has not reached a root by then is on (or under) a **cycle** of bad data. The cycle's members lose
   their parent link and head their own cascades, flagged ``cycle``.
3. **Subtree sizes** level by level, from the deepest level up (``np.add.at`` of each level's sizes onto its
   parents): one vectorised step per level, not per item.
4. The engine aggregates per cascade: size *n*, depth, maximum breadth (most items at one depth), the
   Wiener index W = Σ over edges s·(n−s) (s: the subtree size below the edge; each of the s·(n−s) pairs
   of nodes separated by the edge has its path cross it once), structural virality ν = 2W ÷ (n(n−1)) (Goel
   et al. 2016: the mean distance between two nodes), timing, and potential reach.

- An original that is not in the store (a share of a tweet never imported) still roots its cascade,
  known by id only: ``orphan``.
- **Timing** is measured from the root: the difference of ``created_at`` when both are known, else of
  ``extra.delay_minutes`` (sources that give only minutes after the original, like Twitter15/16).
  ``minutes_to_half`` is when share number ⌈(n−1)/2⌉ (in time order) arrived; ``duration_minutes`` when
  the last one did. Both are null when any member's time is unknown.
- **Potential reach** is the sum of the followers of the distinct sharers (authors of the shares, quotes
  and replies in the cascade; the original's author only if they also shared). Unknown is not zero:
  ``reach_unknown`` counts sharers whose followers are unknown, and ``reach`` is null when none is known.
"""

from __future__ import annotations

import itertools
import math

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa

from passaparola.metrics import Metric, Text, register
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

SHARING_KINDS = ("share", "quote")
#: The values of a cascade's ``reconstruction`` column (how its tree was obtained; see the module doc).
RECONSTRUCTIONS = ("explicit", "star", "nested", "mixed")
#: Each computation gets its own temporary tables, so an expression built earlier keeps reading its own.
_COMPUTATIONS = itertools.count(1)


def _links(items: ir.Table, replies: bool) -> ir.Table:
    """``platform, id, up, explicit`` for every sharing item: the item it hangs from."""
    kinds = (*SHARING_KINDS, "reply") if replies else SHARING_KINDS
    sharing = items.filter(items.kind.isin(kinds))
    given = sharing.extra.cast("json")["cascade_parent"].str
    implied = (
        ibis.cases((sharing.kind == "reply", sharing.parent_id), else_=sharing.shared_id)
        if replies
        else sharing.shared_id
    )
    linked = sharing.select(
        platform=sharing.platform.cast("string"),  # nullable, as the originals' rows it is stacked with
        id=sharing.id.cast("string"),
        up=given.coalesce(implied),
        explicit=given.notnull(),
    )
    return linked.filter(linked.up.notnull() & (linked.up != linked.id))


def _materialise(backend, name: str, expression: ir.Table) -> ir.Table:
    backend.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS {ibis.to_sql(expression, dialect=backend.name)}"
    )
    return backend.table(name)


def tree_shape(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``root, depth, subtree, cycle`` for nodes ``0..n-1`` whose parent is ``parent[i]`` (-1: none).

    Members of a cycle lose their parent (``cycle`` is True for them) and head their own trees.
    """
    parent = parent.astype(np.int64, copy=True)
    n = len(parent)
    root, depth, resolved = _jump(parent)
    cycle = np.zeros(n, dtype=bool)
    if not resolved.all():
        # after the capped rounds an unresolved node points at a member of its cycle, and every member
        # is pointed at (a power of a cyclic permutation is onto), so these are exactly the cycles
        cycle[np.unique(root[~resolved])] = True
        parent[cycle] = -1
        root, depth, resolved = _jump(parent)
    subtree = np.ones(n, dtype=np.int64)
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max(initial=0)) + 2))
    for level in range(len(bounds) - 2, 0, -1):  # deepest level first; one step per level
        members = order[bounds[level] : bounds[level + 1]]
        np.add.at(subtree, parent[members], subtree[members])
    return root, depth, subtree, cycle


def _jump(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pointer jumping: ``far`` (the top reached), ``hops`` (depth), and whether the top is a real root."""
    n = len(parent)
    linked = parent >= 0
    far = np.where(linked, parent, np.arange(n))
    hops = linked.astype(np.int64)
    for _ in range(math.ceil(math.log2(n + 1)) + 2):  # depth < n <= 2**rounds: enough unless cyclic
        ahead = far[far]
        if np.array_equal(ahead, far):
            break
        hops = hops + hops[far]
        far = ahead
    resolved = parent[far] < 0
    return far, hops, resolved


def members(items: ir.Table, replies: bool = False) -> ir.Table:
    """One row per item of every cascade: ``platform, id, root, depth, subtree, explicit, cycle, parent,
    in_store`` (``parent`` is null for a root; ``in_store`` is false for an original known only by the id
    its shares point at)."""
    backend = items._find_backend()
    run = next(_COMPUTATIONS)
    links = _links(items, replies)
    tops = (
        links.select("platform", id=links.up)
        .distinct()
        .anti_join(links.select("platform", "id"), ["platform", "id"])
    )
    vertices = links.union(
        tops.select("platform", "id", up=ibis.null(str), explicit=ibis.literal(False)), distinct=False
    )
    numbered = _materialise(
        backend,
        f"cascade_vertices_{run}",
        vertices.select("platform", "id", "up", "explicit", node=ibis.row_number()),
    )
    ends = numbered.select(u_platform=numbered.platform, u_id=numbered.id, u_node=numbered.node)
    parents = (
        numbered.left_join(ends, (numbered.platform == ends.u_platform) & (numbered.up == ends.u_id))
        .select("node", up_node=ends.u_node.fill_null(-1))
        .order_by("node")
        .to_pyarrow()
    )
    parent = parents["up_node"].to_numpy()
    root, depth, subtree, cycle = tree_shape(parent)
    shape = pa.table(
        {
            "s_node": parents["node"],
            "root_node": root,
            "depth": depth,
            "subtree": subtree,
            "cycle": cycle,
        }
    )
    backend.con.register("cascade_shape_arrow", shape)
    try:
        backend.con.execute(
            f"CREATE OR REPLACE TEMP TABLE cascade_shape_{run} AS SELECT * FROM cascade_shape_arrow"
        )
    finally:
        backend.con.unregister("cascade_shape_arrow")
    placed = backend.table(f"cascade_shape_{run}")
    joined = numbered.join(placed, numbered.node == placed.s_node)
    roots = numbered.select(r_node=numbered.node, root=numbered.id)
    located = joined.join(roots, joined.root_node == roots.r_node)
    present = items.select(p_platform=items.platform, p_id=items.id)
    flagged = located.left_join(
        present, (located.platform == present.p_platform) & (located.id == present.p_id)
    )
    return flagged.select(
        located.platform,
        located.id,
        located.root,
        located.depth,
        located.subtree,
        located.explicit,
        located.cycle,
        parent=ibis.cases((located.cycle, ibis.null(str)), else_=located.up),
        in_store=flagged.p_id.notnull(),
    )


def cascades(scope: Scope, replies: bool = False) -> ir.Table:
    """One row per cascade of two or more items: ``platform, root, created_at`` (of the root),
    ``reconstruction, size, depth, max_breadth, wiener, virality, minutes_to_half, duration_minutes,
    sharers, reach, reach_unknown, orphan, cycle, label``."""
    items = scope.all_items
    placed = members(items, replies)
    facts = items.select(
        f_platform=items.platform,
        f_id=items.id,
        created_at=items.created_at,
        delay=items.extra.cast("json")["delay_minutes"].float,
        author=items.author_id.fill_null(items.author_handle),
        followers=items.author_followers,
        label=items.extra.cast("json")["label"].str,
    )
    rows = placed.left_join(facts, (placed.platform == facts.f_platform) & (placed.id == facts.f_id)).drop(
        "f_platform", "f_id"
    )
    size = rows.group_by(["platform", "root"]).aggregate(n=rows.count())
    rows = rows.join(size, ["platform", "root"])
    rows = rows.filter(rows.n > 1)
    is_root = rows.depth == 0
    top = rows.filter(is_root).select(
        t_platform=rows.platform,
        t_root=rows.root,
        t_created=rows.created_at,
        t_delay=rows.delay,
        t_label=rows.label,
        t_orphan=~rows.in_store,
        t_cycle=rows.cycle,
    )
    rows = rows.join(top, (rows.platform == top.t_platform) & (rows.root == top.t_root))
    elapsed = ibis.cases(
        (
            rows.created_at.notnull() & rows.t_created.notnull(),
            rows.created_at.epoch_seconds().cast("float64") / 60
            - rows.t_created.epoch_seconds().cast("float64") / 60,
        ),
        else_=rows.delay - rows.t_delay,
    )
    shares = rows.filter(rows.depth > 0).mutate(elapsed=elapsed)
    shares = shares.mutate(
        order=ibis.row_number().over(
            group_by=[shares.platform, shares.root], order_by=[shares.elapsed, shares.id]
        )
        + 1
    )
    per_level = rows.group_by(["platform", "root", "depth"]).aggregate(width=rows.count())
    breadth = (
        per_level.filter(per_level.depth > 0)
        .group_by(["platform", "root"])
        .aggregate(max_breadth=per_level.width.max())
    )
    sharer = shares.group_by(["platform", "root", shares.author]).aggregate(followers=shares.followers.max())
    keyed = sharer.filter(sharer.author.notnull())
    reach = keyed.group_by(["platform", "root"]).aggregate(
        sharers=keyed.count(),
        reach=keyed.followers.sum(),
        reach_known=keyed.followers.count(),
    )
    half = shares.n // 2  # share number ⌈(n−1)/2⌉ = ⌊n/2⌋
    timing = shares.group_by(["platform", "root"]).aggregate(
        untimed=shares.elapsed.isnull().sum(),
        minutes_to_half=shares.elapsed.max(where=shares.order == half),
        duration_minutes=shares.elapsed.max(),
        unauthored=shares.author.isnull().sum(),
        explicit_links=shares.explicit.sum(),
        links=shares.count(),
    )
    shape = rows.group_by(["platform", "root"]).aggregate(
        size=rows.n.max(),
        depth=rows.depth.max(),
        wiener=(rows.subtree * (rows.n - rows.subtree)).sum(),
        created_at=rows.t_created.max(),
        orphan=rows.t_orphan.any(),
        cycle=rows.t_cycle.any(),
        label=rows.t_label.max(),
    )
    out = shape.join(breadth, ["platform", "root"]).join(timing, ["platform", "root"])
    out = out.left_join(reach, ["platform", "root"]).drop("platform_right", "root_right")
    sharers = out.sharers.fill_null(0)
    return out.select(
        "platform",
        "root",
        "created_at",
        reconstruction=ibis.cases(
            (out.explicit_links == out.links, "explicit"),
            (out.explicit_links > 0, "mixed"),
            (out.depth <= 1, "star"),
            else_="nested",
        ),
        size=out["size"],
        depth=out.depth,
        max_breadth=out.max_breadth,
        wiener=out.wiener.cast("int64"),
        virality=2 * out.wiener.cast("float64") / (out["size"] * (out["size"] - 1)).cast("float64"),
        minutes_to_half=ibis.cases((out.untimed == 0, out.minutes_to_half), else_=ibis.null("float64")),
        duration_minutes=ibis.cases((out.untimed == 0, out.duration_minutes), else_=ibis.null("float64")),
        sharers=sharers + out.unauthored,
        reach=ibis.cases((out.reach_known.fill_null(0) > 0, out.reach), else_=ibis.null("int64")),
        reach_unknown=sharers - out.reach_known.fill_null(0) + out.unauthored,
        orphan=out.orphan,
        cycle=out.cycle,
        label=out.label,
    )


def one_cascade(
    items: ir.Table, item_id: str, platform: str | None = None, replies: bool = False
) -> ir.Table:
    """The items of the cascade that holds ``item_id`` (its root or any member), breadth-first: ``platform,
    id, parent, depth, subtree, root, in_store, kind, created_at, delay_minutes, author_handle, author_id,
    text``. Empty when the item is in no cascade."""
    placed = members(items, replies)
    holder = placed.filter(placed.id == item_id)
    if platform is not None:
        holder = holder.filter(holder.platform == platform)
    keys = holder.select(h_platform=holder.platform, h_root=holder.root)
    chosen = placed.join(keys, (placed.platform == keys.h_platform) & (placed.root == keys.h_root))
    facts = items.select(
        f_platform=items.platform,
        f_id=items.id,
        kind=items.kind,
        created_at=items.created_at,
        delay_minutes=items.extra.cast("json")["delay_minutes"].float,
        author_handle=items.author_handle,
        author_id=items.author_id,
        text=items.text,
    )
    joined = chosen.left_join(facts, (chosen.platform == facts.f_platform) & (chosen.id == facts.f_id))
    return joined.select(
        "platform", "id", "parent", "depth", "subtree", "root", "in_store", "kind", "created_at",
        "delay_minutes", "author_handle", "author_id", "text",
    ).order_by(["platform", "root", "depth", "created_at", "delay_minutes", "id"])  # fmt: skip


def in_window(scope: Scope, replies: bool = False) -> ir.Table:
    """Cascades whose original was published in the scope's window (all of them without a window)."""
    found = cascades(scope, replies)
    if scope.start is not None:
        found = found.filter(found.created_at >= scope.start)
    if scope.end is not None:
        found = found.filter(found.created_at < scope.end)
    return found


_CASCADE_DIMENSIONS = ("platform", *PERIODS)

CASCADE_COUNT = register(
    Metric(
        name="cascades",
        title=Text("Share cascades", "Cascate di condivisioni"),
        definition=Text(
            "Trees of shares and quotes under an original (two items or more), with their mean and largest "
            "size, deepest level and widest level. Where the platform credits every reshare to the original "
            "the tree is a star (see the reconstruction column of `passaparola cascades`).",
            "Alberi di condivisioni e citazioni sotto un originale (due elementi o più), con dimensione media "
            "e massima, livello più profondo e livello più largo. Dove la piattaforma attribuisce ogni "
            "ricondivisione all'originale l'albero è una stella (vedi la colonna ricostruzione di "
            "`passaparola cascades`).",
        ),
        formula="count(cascades); mean(size); max(size); max(depth); max(max_breadth); count(star trees)",
        source="Goel et al. 2016, The structural virality of online diffusion",
        unit="items",
        better="neither",
        dimensions=_CASCADE_DIMENSIONS,
        frame=in_window,
        aggregate=lambda t: {
            "cascades": t.count(),
            "mean_size": t["size"].mean(),
            "max_size": t["size"].max(),
            "max_depth": t.depth.max(),
            "max_breadth": t.max_breadth.max(),
            "stars": (t.reconstruction == "star").sum(),
        },
        family="cascades",
    )
)

STRUCTURAL_VIRALITY = register(
    Metric(
        name="structural_virality",
        title=Text("Structural virality", "Viralità strutturale"),
        definition=Text(
            "The mean distance between two items of a cascade's tree: 1 for a single share, about 2 for a "
            "broadcast (a star), larger for person-to-person spread. Computed from the Wiener index W in "
            "linear time, W = Σ over edges s·(n−s), s being the size of the subtree below the edge.",
            "La distanza media tra due elementi dell'albero di una cascata: 1 per una sola condivisione, "
            "circa 2 per una trasmissione (una stella), di più per una diffusione da persona a persona. "
            "Calcolata dall'indice di Wiener W in tempo lineare, W = Σ sugli archi s·(n−s), dove s è la "
            "dimensione del sottoalbero sotto l'arco.",
        ),
        formula="ν = 2W ÷ (n(n−1)); mean and median over cascades",
        source="Goel et al. 2016 (Management Science 62(1)); Wiener 1947",
        unit="ratio",
        better="neither",
        dimensions=_CASCADE_DIMENSIONS,
        frame=in_window,
        aggregate=lambda t: {
            "cascades": t.count(),
            "mean_virality": t.virality.mean(),
            "median_virality": t.virality.median(),
            "max_virality": t.virality.max(),
        },
        family="cascades",
    )
)

CASCADE_REACH = register(
    Metric(
        name="cascade_reach",
        title=Text("Potential reach of cascades", "Copertura potenziale delle cascate"),
        definition=Text(
            "The followers of the distinct authors who shared, quoted (or replied) in a cascade, summed over "
            "cascades. Authors whose followers are unknown are counted apart, never as zero.",
            "I follower degli autori distinti che hanno condiviso, citato (o risposto) in una cascata, sommati "
            "sulle cascate. Gli autori con follower sconosciuti sono contati a parte, mai come zero.",
        ),
        formula="Σ over cascades Σ over distinct sharers followers; sharers with unknown followers counted",
        source="passaparola DESIGN (cascades, potential reach)",
        unit="items",
        better="higher",
        dimensions=_CASCADE_DIMENSIONS,
        frame=in_window,
        aggregate=lambda t: {
            "cascades": t.count(),
            "reach": t.reach.sum(),
            "sharers": t.sharers.sum(),
            "sharers_unknown_followers": t.reach_unknown.sum(),
        },
        family="cascades",
    )
)
