"""Cascades: share trees under an original, rebuilt for every cascade at once, and their measures.

A **cascade** is an original item and every share and quote under it (and, when asked, replies). Each
sharing item hangs from its **cascade parent**:

- the parent the source gives explicitly, ``extra.cascade_parent`` (Twitter15/16 tree files);
- else the item it shares or quotes (``shared_id``); a reply, when replies are included, hangs from
  ``parent_id``.

Per cascade, ``reconstruction`` says how its tree was obtained: ``explicit`` (every link named by the
source: a given cascade parent, or the item a reply answers), ``star`` (links from ``shared_id`` only and
all to the original: X/Twitter v1.1, Mastodon and most platforms credit every reshare to the original, so
who reshared from whom is unknown; no follower graph is stored to rebuild it), ``nested`` (links from
``shared_id`` that nest: quotes of quotes, shares of quotes) or ``mixed`` (some links named, some from
``shared_id``).

The structure is computed for all cascades together, without a Python object per item:

1. The engine lists the sharing items and the originals they point at, numbered densely, each with the
   number of its parent.
2. Roots and depths by **pointer jumping** on numpy arrays: each round every item jumps to its ancestor's
   ancestor, so depth *d* resolves in about log2(*d*) rounds. The rounds are capped at log2(n) + 2; an item
   that has not reached a root by then is on (or under) a **cycle** of bad data. The cycle's members lose
   their parent link and head their own cascades, flagged ``cycle``.
3. **Subtree sizes** level by level, from the deepest level up (``np.add.at`` of each level's sizes onto its
   parents): one vectorised step per level, not per item. Then **depth-first numbers** level by level from
   the roots, so that the items below any item are one range of numbers (amplifiers use it).
4. The engine aggregates per cascade: size *n*, depth, maximum breadth (most items at one depth), the
   Wiener index W = Σ over edges s·(n−s) (s: the subtree size below the edge; each of the s·(n−s) pairs
   of nodes separated by the edge has its path cross it once), structural virality ν = 2W ÷ (n(n−1)) (Goel
   et al. 2016: the mean distance between two nodes), timing, and potential reach.

- An original that is not in the store (a share of a tweet never imported) still roots its cascade,
  known by id only: ``orphan``.
- **Timing** is measured from the original, at time 0: the difference of ``created_at`` when both are
  known, else of ``extra.delay_minutes`` (sources that give only minutes after the original, like
  Twitter15/16). ``minutes_to_half`` is when the cascade first counted half its final size: the time of
  item number ⌈n/2⌉ in time order, the original included (0 for a cascade of 2, whose original alone is
  half of it). ``duration_minutes`` is when the last share arrived. Both are null when any member's time
  is unknown.
- **Dating.** A cascade is placed in time by its original's ``created_at``; when that is unknown (an
  orphan, a source that gives no dates), by the earliest known ``created_at`` of its items
  (``dated_by`` says which). A cascade with no known time at all (Twitter15/16 trees) is *undated*: it is
  listed and counted without a window, and outside any window (``--from``/``--to``); the report says how
  many were left out that way.
- **Potential reach** is the sum of the followers of the distinct sharers (authors of the shares, quotes
  and replies in the cascade; the original's author only if they also shared). Unknown is not zero:
  ``reach_unknown`` counts sharers whose followers are unknown, and ``reach`` is null when none is known.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa

from passaparola.engine import on_spark
from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.scope import Scope
from passaparola.metrics.temporary import row_numbers, temporary_table
from passaparola.metrics.trees import preorder, tree_shape
from passaparola.periods import PERIODS

SHARING_KINDS = ("share", "quote")
#: The values of a cascade's ``reconstruction`` column (how its tree was obtained; see the module doc).
RECONSTRUCTIONS = ("explicit", "star", "nested", "mixed")


@ibis.udf.scalar.builtin(name="get_json_object")
def _json_path(json: str, path: str) -> str:
    """Spark's ``get_json_object``: the value at a JSON path, as text."""


def _extra(items: ir.Table, key: str, kind: str) -> ir.Value:
    """The top-level ``key`` of the items' ``extra`` JSON as text (``kind`` ``"str"``) or a number
    (``"float"``); null where it is missing (on DuckDB also where it is of the other kind)."""
    if on_spark(items):  # Ibis's JSON access has no Spark SQL
        found = _json_path(items.extra, f"$.{key}")
        return found if kind == "str" else found.try_cast("float64")
    return getattr(items.extra.cast("json")[key], kind)


def _links(items: ir.Table, replies: bool) -> ir.Table:
    """``platform, id, up, explicit`` for every sharing item: the item it hangs from, and whether the
    source named that item (a given cascade parent, or the item a reply answers) rather than the original
    it shares (``shared_id``, which most platforms credit to the original whoever it was reshared from)."""
    kinds = (*SHARING_KINDS, "reply") if replies else SHARING_KINDS
    sharing = items.filter(items.kind.isin(kinds))
    given = _extra(sharing, "cascade_parent", "str")
    implied = (
        ibis.cases((sharing.kind == "reply", sharing.parent_id), else_=sharing.shared_id)
        if replies
        else sharing.shared_id
    )
    linked = sharing.select(
        platform=sharing.platform.cast("string"),  # nullable, as the originals' rows it is stacked with
        id=sharing.id.cast("string"),
        up=given.coalesce(implied),
        explicit=given.notnull() | (sharing.kind == "reply") if replies else given.notnull(),
    )
    return linked.filter(linked.up.notnull() & (linked.up != linked.id))


def members(items: ir.Table, replies: bool = False) -> ir.Table:
    """One row per item of every cascade: ``platform, id, root, depth, subtree, pre, explicit, cycle,
    parent, in_store`` (``parent`` is null for a root; ``in_store`` is false for an original known only by
    the id its shares point at; ``pre`` numbers the items depth first, so the items below an item are
    those whose ``pre`` lies in ``pre + 1`` to ``pre + subtree − 1``)."""
    links = _links(items, replies)
    tops = (
        links.select("platform", id=links.up)
        .distinct()
        .anti_join(links.select("platform", "id"), ["platform", "id"])
    )
    vertices = links.union(
        tops.select("platform", "id", up=ibis.null(str), explicit=ibis.literal(False)), distinct=False
    )
    numbered = temporary_table(
        items,
        "cascade_vertices",
        vertices.select("platform", "id", "up", "explicit", node=row_numbers(items, ["platform", "id"])),
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
            "pre": preorder(np.where(cycle, -1, parent), depth, subtree),
            "cycle": cycle,
        }
    )
    placed = temporary_table(items, "cascade_shape", shape)
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
        located.pre,
        located.explicit,
        located.cycle,
        parent=ibis.cases((located.cycle, ibis.null(str)), else_=located.up),
        in_store=flagged.p_id.notnull(),
    )


def cascades(scope: Scope, replies: bool = False) -> ir.Table:
    """One row per cascade of two or more items: ``platform, root, created_at`` (when it started: the
    original's time, else its earliest known item's; null when undated), ``dated_by`` (``original``,
    ``earliest_item`` or null), ``reconstruction, size, depth, max_breadth, wiener, virality,
    minutes_to_half, duration_minutes, sharers, reach, reach_unknown, orphan, cycle, label``."""
    items = scope.all_items
    placed = members(items, replies)
    facts = items.select(
        f_platform=items.platform,
        f_id=items.id,
        created_at=items.created_at,
        delay=_extra(items, "delay_minutes", "float"),
        author=items.author_id.fill_null(items.author_handle),
        followers=items.author_followers,
        label=_extra(items, "label", "str"),
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
        (rows.depth == 0, ibis.literal(0.0)),  # the original is the clock's zero
        (
            rows.created_at.notnull() & rows.t_created.notnull(),
            rows.created_at.epoch_seconds().cast("float64") / 60
            - rows.t_created.epoch_seconds().cast("float64") / 60,
        ),
        else_=rows.delay - rows.t_delay,
    )
    rows = rows.mutate(elapsed=elapsed)
    # every item in time order, the original included: item number ⌈n/2⌉ makes the cascade half its size
    rows = rows.mutate(
        order=ibis.row_number().over(
            group_by=[rows.platform, rows.root], order_by=[rows.elapsed, rows.depth, rows.id]
        )
        + 1
    )
    shares = rows.filter(rows.depth > 0)
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
    shared = rows.depth > 0
    timing = rows.group_by(["platform", "root"]).aggregate(
        untimed=(shared & rows.elapsed.isnull()).sum(),
        minutes_to_half=rows.elapsed.max(where=rows.order == (rows.n + 1) // 2),  # ⌈n/2⌉
        duration_minutes=rows.elapsed.max(where=shared),
        unauthored=(shared & rows.author.isnull()).sum(),
        explicit_links=(shared & rows.explicit).sum(),
        links=shared.sum(),
        first_seen=rows.created_at.min(),
    )
    shape = rows.group_by(["platform", "root"]).aggregate(
        size=rows.n.max(),
        depth=rows.depth.max(),
        wiener=(rows.subtree * (rows.n - rows.subtree)).sum(),
        original_at=rows.t_created.max(),
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
        created_at=out.original_at.coalesce(out.first_seen),
        dated_by=ibis.cases(
            (out.original_at.notnull(), "original"),
            (out.first_seen.notnull(), "earliest_item"),
            else_=ibis.null(str),
        ),
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
        delay_minutes=_extra(items, "delay_minutes", "float"),
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
    """Cascades that started in the scope's window (all of them, undated ones included, without a window).
    A cascade starts when its original was published, else at its earliest known item; an undated cascade
    is outside every window."""
    found = cascades(scope, replies)
    if scope.start is not None:
        found = found.filter(found.created_at >= scope.start)
    if scope.end is not None:
        found = found.filter(found.created_at < scope.end)
    return found


_CASCADE_DIMENSIONS = ("platform", *PERIODS)
CASCADES = Column(Text("Cascades", "Cascate"), "count")

CASCADE_COUNT = register(
    Metric(
        name="cascades",
        title=Text("Share cascades", "Cascate di condivisioni"),
        definition=Text(
            "Trees of shares and quotes under an original (two items or more), with their mean and largest "
            "size, deepest level and widest level. Where the platform credits every reshare to the original "
            "the tree is a star (see the reconstruction column of `passaparola cascades`). A cascade belongs "
            "to the period its original was published in, else the period of its earliest known item; one "
            "with no known time is outside every window.",
            "Alberi di condivisioni e citazioni sotto un originale (due elementi o più), con dimensione media "
            "e massima, livello più profondo e livello più largo. Dove la piattaforma attribuisce ogni "
            "ricondivisione all'originale l'albero è una stella (vedi la colonna ricostruzione di "
            "`passaparola cascades`). Una cascata appartiene al periodo in cui è stato pubblicato "
            "l'originale, altrimenti a quello del suo primo elemento con data nota; una cascata senza "
            "alcuna data è fuori da ogni finestra temporale.",
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
        columns={
            "cascades": CASCADES,
            "mean_size": Column(Text("Mean size (items)", "Dimensione media (elementi)"), "number"),
            "max_size": Column(Text("Largest", "Più grande"), "count"),
            "max_depth": Column(Text("Deepest level", "Livello più profondo"), "count"),
            "max_breadth": Column(Text("Widest level", "Livello più largo"), "count"),
            "stars": Column(Text("Star trees", "Alberi a stella"), "count"),
        },
        headline="cascades",
    )
)

CASCADE_TIMING = register(
    Metric(
        name="cascade_timing",
        title=Text("Speed of cascades", "Velocità delle cascate"),
        definition=Text(
            "How fast cascades grow: the time from the original until the cascade first counts half its "
            "final size (⌈n/2⌉ items in time order, the original included, at time 0), and until its last "
            "share; medians over the cascades whose times are all known. Cascades with an item of unknown "
            "time are counted apart, never as zero.",
            "Quanto in fretta crescono le cascate: il tempo dall'originale al momento in cui la cascata conta "
            "per la prima volta metà della sua dimensione finale (⌈n/2⌉ elementi in ordine di tempo, "
            "originale compreso, al tempo 0), e fino all'ultima condivisione; mediane sulle cascate con tutti "
            "i tempi noti. Le cascate con un elemento dal tempo ignoto sono contate a parte, mai come zero.",
        ),
        formula="time of item ⌈n/2⌉ − time of the original; time of the last share − time of the original; "
        "median over timed cascades",
        source="Goel et al. 2016; Vosoughi, Roy and Aral 2018 (time to reach a size)",
        unit="seconds",
        better="neither",
        dimensions=_CASCADE_DIMENSIONS,
        frame=in_window,
        aggregate=lambda t: {
            "timed_cascades": t.minutes_to_half.count(),
            "cascades_without_times": t.minutes_to_half.isnull().sum(),
            "median_to_half_hours": t.minutes_to_half.median() / 60,
            "median_duration_hours": t.duration_minutes.median() / 60,
        },
        family="cascades",
        columns={
            "timed_cascades": Column(Text("Cascades with known times", "Cascate con tempi noti"), "count"),
            "cascades_without_times": Column(Text("Cascades without times", "Cascate senza tempi"), "count"),
            "median_to_half_hours": Column(
                Text("Median time to half the size", "Tempo mediano a metà dimensione"), "hours"
            ),
            "median_duration_hours": Column(Text("Median duration", "Durata mediana"), "hours"),
        },
        headline="median_to_half_hours",
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
        columns={
            "cascades": CASCADES,
            "mean_virality": Column(Text("Mean virality ν", "Viralità media ν"), "number"),
            "median_virality": Column(Text("Median virality ν", "Viralità mediana ν"), "number"),
            "max_virality": Column(Text("Highest virality ν", "Viralità massima ν"), "number"),
        },
        headline="mean_virality",
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
        columns={
            "cascades": CASCADES,
            "reach": Column(Text("Potential reach", "Copertura potenziale"), "count"),
            "sharers": Column(Text("Sharers", "Condivisori"), "count"),
            "sharers_unknown_followers": Column(
                Text("Sharers, followers unknown", "Condivisori, follower ignoti"), "count"
            ),
        },
        headline="reach",
    )
)
