"""Threads: reply trees, rebuilt for the whole store at once, and their dialogue measures.

Reconstruction follows ``parent_id`` links. The engine numbers the items and finds each one's parent;
roots and depths come from pointer jumping on numpy arrays (every item jumps to its ancestor's ancestor,
so a thread of depth *d* resolves in about log2(d) rounds), with no Python object per item.
- An item whose parent is missing from the store heads its own subtree and is marked an **orphan** root:
  its subtree is kept, never dropped.
- Children that arrive before their parents need nothing special: links are resolved over the whole store.
- A cycle in bad data (A replies to B, B to A) cannot reach a top: its members are marked ``cycle`` and
  each heads its own thread rather than looping; replies below a member stay in that member's thread.
- Shares are not replies and start no conversation: they are left out (see the cascades family).

Per thread: size, depth (longest reply chain below the root), participants (distinct authors), whether
the brand took part, and the dialogue flags of DESIGN:
- **two-way**: the brand replied to a public author *and* a public author replied to the brand;
- **multi-party**: two or more public authors replied to each other.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from passaparola.metrics import Column, Metric, Text, register, trees
from passaparola.metrics.roles import role
from passaparola.metrics.scope import Scope
from passaparola.metrics.temporary import row_numbers, temporary_table
from passaparola.periods import PERIODS

PUBLIC = ("influencer", "consumer", "public")


def resolve(items: ir.Table) -> ir.Table:
    """``platform, id, root, depth, orphan, cycle`` for every item: the top of its reply chain.

    The engine numbers the items and finds each one's parent number (one join); roots and depths come
    from pointer jumping on numpy arrays (:mod:`passaparola.metrics.trees`), and the result goes back to
    the engine as a temporary table, dropped once no expression reads it."""
    numbered = temporary_table(
        items,
        "threads_nodes",
        items.select("platform", "id", "parent_id", node=row_numbers(items, ["platform", "id"])),
    )
    present = numbered.select(p_platform=numbered.platform, p_id=numbered.id, p_node=numbered.node)
    linked = numbered.left_join(
        present, (numbered.platform == present.p_platform) & (numbered.parent_id == present.p_id)
    ).select(
        "platform",
        "id",
        "node",
        up=ibis.cases(
            (present.p_node.notnull() & (numbered.parent_id != numbered.id), present.p_node), else_=-1
        ),
        orphan=numbered.parent_id.notnull() & present.p_id.isnull(),
    )
    rows = linked.order_by("node").to_pyarrow()
    del numbered, present, linked  # the numbered items' table can go now, before the result's is made
    root, depth, cycle = trees.roots(rows["up"].to_numpy())
    placed = pa.table(
        {
            "platform": rows["platform"],
            "id": rows["id"],
            "root": rows["id"].take(pa.array(root)),
            "depth": depth,
            "orphan": rows["orphan"],
            "cycle": cycle,
        }
    )
    return temporary_table(items, "threads_placed", placed)


def threads(scope: Scope) -> ir.Table:
    """One row per thread: ``platform, root, created_at`` (of the root), ``size, depth, participants,
    brand_involved, two_way, multi_party, orphan``; computed once per Scope (:meth:`Scope.once`)."""
    return scope.once("threads", lambda: _threads(scope))


def _threads(scope: Scope) -> ir.Table:
    items = scope.items
    items = items.filter(items.kind != "share")  # a share is not a reply; it starts no conversation
    writer, parent_role = role(scope, items), role(scope, items, "parent")
    replying = items.parent_handle.notnull() | items.parent_author.notnull()
    other = items.author_handle.lower().fill_null("") != items.parent_handle.lower().fill_null("")
    # the store placed every item in its thread when it matched them (passaparola.enrich.matching)
    placement = (
        {"root": items.thread_root, "depth": items.thread_depth, "orphan": items.thread_orphan}
        if scope.stored
        else {}
    )
    facts = items.select(
        "platform",
        "id",
        "created_at",
        **placement,
        author=items.author_id.fill_null(items.author_handle),
        brand=writer == "brand",
        brand_to_public=replying & (writer == "brand") & parent_role.isin(PUBLIC),
        public_to_brand=replying & writer.isin(PUBLIC) & (parent_role == "brand"),
        public_to_public=replying & writer.isin(PUBLIC) & parent_role.isin(PUBLIC) & other,
    )
    if scope.stored:
        placed = facts
    else:
        replies = scope.all_items.filter(scope.all_items.kind != "share")
        placed = facts.join(resolve(replies), ["platform", "id"])
    return placed.group_by(["platform", "root"]).aggregate(
        size=placed.count(),
        depth=placed.depth.max(),
        participants=placed.author.nunique(),
        brand_involved=placed.brand.any(),
        two_way=placed.brand_to_public.any() & placed.public_to_brand.any(),
        multi_party=placed.public_to_public.any(),
        orphan=placed.orphan.any(),
        created_at=placed.created_at.min(),
    )


_THREAD_DIMENSIONS = ("platform", *PERIODS)

THREAD_COUNT = register(
    Metric(
        name="threads",
        title=Text("Threads and their size", "Conversazioni e loro dimensione"),
        definition=Text(
            "Reply trees (a root and everything that replies to it, at any depth), with their mean size, "
            "mean participants and deepest chain. Items whose parent is missing head their own tree.",
            "Alberi di risposte (un elemento e tutto ciò che gli risponde, a ogni profondità), con dimensione "
            "media, partecipanti medi e catena più profonda. Gli elementi il cui genitore manca aprono un "
            "proprio albero.",
        ),
        formula="count(threads); mean(size); mean(participants); max(depth)",
        source="passaparola DESIGN (threads)",
        unit="items",
        better="neither",
        dimensions=_THREAD_DIMENSIONS,
        frame=threads,
        aggregate=lambda t: {
            "threads": t.count(),
            "mean_size": t["size"].mean(),
            "mean_participants": t.participants.mean(),
            "max_depth": t.depth.max(),
        },
        family="threads",
        columns={
            "threads": Column(Text("Threads", "Conversazioni"), "count"),
            "mean_size": Column(Text("Mean size (items)", "Dimensione media (elementi)"), "number"),
            "mean_participants": Column(Text("Mean participants", "Partecipanti medi"), "number"),
            "max_depth": Column(Text("Deepest chain", "Catena più profonda"), "count"),
        },
        headline="threads",
    )
)

TWO_WAY_RATE = register(
    Metric(
        name="two_way_rate",
        title=Text("Two-way conversations", "Conversazioni bidirezionali"),
        definition=Text(
            "The share of threads the brand took part in where the brand replied to a public author and a "
            "public author replied to the brand. Multi-party: threads where two or more public authors "
            "replied to each other.",
            "La quota di conversazioni a cui il brand ha partecipato in cui il brand ha risposto a un autore "
            "pubblico e un autore pubblico ha risposto al brand. Multi-parte: conversazioni in cui due o più "
            "autori pubblici si sono risposti.",
        ),
        formula="threads(brand involved, two-way) ÷ threads(brand involved)",
        source="passaparola DESIGN (two-way dialogue)",
        unit="share",
        better="higher",
        dimensions=_THREAD_DIMENSIONS,
        frame=lambda scope: threads(scope).filter(lambda t: t.brand_involved),
        aggregate=lambda t: {
            "brand_threads": t.count(),
            "two_way": t.two_way.sum(),
            "multi_party": t.multi_party.sum(),
            "two_way_rate": t.two_way.mean(),
        },
        family="threads",
        columns={
            "brand_threads": Column(Text("Threads the brand joined", "Conversazioni con il brand"), "count"),
            "two_way": Column(Text("Two-way", "Bidirezionali"), "count"),
            "multi_party": Column(Text("Multi-party", "Multi-parte"), "count"),
            "two_way_rate": Column(
                Text("Two-way rate (of brand threads)", "Tasso bidirezionale (conversazioni col brand)"),
                "share",
            ),
        },
        headline="two_way_rate",
    )
)
