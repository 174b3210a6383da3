"""Threads: reply trees, rebuilt in the engine, and their dialogue measures.

Reconstruction follows ``parent_id`` links by pointer jumping: every item starts pointing at its parent,
then each round every item jumps to its ancestor's ancestor, so a thread of depth *d* resolves in
about log2(d) rounds of one self-join each, as tables (no Python object per item, whatever the size).
- An item whose parent is missing from the store heads its own subtree and is marked an **orphan** root:
  its subtree is kept, never dropped.
- Children that arrive before their parents need nothing special: links are resolved over the whole store.
- A cycle in bad data (A replies to B, B to A) cannot reach a top; its items are marked ``cycle`` and each
  is its own thread rather than looping.
- Shares are not replies and start no conversation: they are left out (cascades are issue 6's subject).

Per thread: size, depth (longest reply chain below the root), participants (distinct authors), whether
the brand took part, and the dialogue flags of DESIGN:
- **two-way**: the brand replied to a public author *and* a public author replied to the brand;
- **multi-party**: two or more public authors replied to each other.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Metric, Text, register
from passaparola.metrics.roles import role_of
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

PUBLIC = ("influencer", "consumer", "public")
MAX_ROUNDS = 40  # 2**40 hops: far beyond any real thread


def resolve(items: ir.Table) -> ir.Table:
    """``platform, id, root, depth, orphan, cycle`` for every item: the top of its reply chain."""
    present = items.select(p_platform=items.platform, p_id=items.id)
    linked = items.left_join(
        present, (items.platform == present.p_platform) & (items.parent_id == present.p_id)
    ).select(
        platform=items.platform,
        id=items.id,
        up=ibis.cases(
            ((present.p_id.notnull()) & (items.parent_id != items.id), items.parent_id), else_=ibis.null(str)
        ),
        orphan=items.parent_id.notnull() & present.p_id.isnull(),
    )
    backend = items._find_backend()
    state = _materialise(
        backend,
        "threads_state",
        linked.select(
            "platform",
            "id",
            "orphan",
            top=linked.up.isnull(),
            far=linked.up.fill_null(linked.id),
            hops=ibis.cases((linked.up.notnull(), 1), else_=0),
        ),
    )
    for round_ in range(MAX_ROUNDS):
        ahead = state.select(a_platform=state.platform, a_id=state.id, a_far=state.far, a_hops=state.hops)
        joined = state.left_join(ahead, (state.platform == ahead.a_platform) & (state.far == ahead.a_id))
        moved = joined.select(
            platform=state.platform,
            id=state.id,
            orphan=state.orphan,
            top=state.top,
            far=ahead.a_far,
            hops=state.hops + ahead.a_hops,
            changed=ahead.a_far != state.far,
        )
        moved = _materialise(backend, f"threads_round_{round_ % 2}", moved)
        if not moved.changed.any().execute():
            break
        state = moved.drop("changed")
    # a true top has no parent in the store; jumping around a cycle can also land a node on itself
    tops = state.select(t_platform=state.platform, t_id=state.id, t_top=state.top)
    final = state.left_join(tops, (state.platform == tops.t_platform) & (state.far == tops.t_id))
    cycle = ~final.t_top.fill_null(False)
    return final.select(
        platform=state.platform,
        id=state.id,
        root=ibis.cases((cycle, state.id), else_=state.far),
        depth=ibis.cases((cycle, 0), else_=state.hops),
        cycle=cycle,
        orphan=state.orphan,
    )


def _materialise(backend, name: str, expression: ir.Table) -> ir.Table:
    """Compute a round once, into a temporary table, so the next round reads rows, not a growing query.
    (Ibis 12's ``create_table(overwrite=True)`` emits SQL DuckDB 2.0 rejects, hence the statement.)"""
    backend.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS {ibis.to_sql(expression, dialect=backend.name)}"
    )
    return backend.table(name)


def threads(scope: Scope) -> ir.Table:
    """One row per thread: ``platform, root, created_at`` (of the root), ``size, depth, participants,
    brand_involved, two_way, multi_party, orphan``."""
    settings = scope.settings
    items = scope.items_with_targets()
    items = items.filter(items.kind != "share")  # a share is not a reply; it starts no conversation
    role = role_of(settings, items.platform, items.author_handle, items.author_id, items.author_followers)
    parent_role = role_of(
        settings, items.platform, items.parent_handle, items.parent_author, items.parent_followers
    )
    replying = items.parent_handle.notnull() | items.parent_author.notnull()
    other = items.author_handle.lower().fill_null("") != items.parent_handle.lower().fill_null("")
    facts = items.select(
        "platform",
        "id",
        "created_at",
        author=items.author_id.fill_null(items.author_handle),
        brand=role == "brand",
        brand_to_public=replying & (role == "brand") & parent_role.isin(PUBLIC),
        public_to_brand=replying & role.isin(PUBLIC) & (parent_role == "brand"),
        public_to_public=replying & role.isin(PUBLIC) & parent_role.isin(PUBLIC) & other,
    )
    replies = scope.all_items.filter(scope.all_items.kind != "share")
    placed = facts.join(resolve(replies), ["platform", "id"])
    per_thread = placed.group_by(["platform", "root"]).aggregate(
        size=placed.count(),
        depth=placed.depth.max(),
        participants=placed.author.nunique(),
        brand_involved=placed.brand.any(),
        two_way=placed.brand_to_public.any() & placed.public_to_brand.any(),
        multi_party=placed.public_to_public.any(),
        orphan=placed.orphan.any(),
        created_at=placed.created_at.min(),
    )
    return per_thread


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
    )
)
