"""Amplifiers: who spreads an entity's content, and how far their shares travel.

An **amplification** of an entity (the brand or a competitor) is a share or quote, by someone who is not one
of the entity's accounts, of an item written by one of its accounts. The entity's own accounts sharing each
other are not amplification: nobody new carried the content.

How far an amplification travelled is read from the **cascade trees** (:mod:`passaparola.metrics.cascades`,
which follows explicit parents such as Twitter15/16's ``extra.cascade_parent``, else ``shared_id``):

- ``items_below``: the items below the amplifying share in its cascade (its subtree less itself), at any
  depth: shares of it, shares of those, and so on;
- ``deepest_below``: how many levels below the amplifying share the cascade reached;
- ``second_level_shares`` and ``second_level_replies``: the shares/quotes and the replies that point at the
  amplifying item directly.

Per amplifier, the items below their shares are counted once each, and the **potential reach below** is the
sum of the followers of the distinct authors of those items (the amplifier excepted; each author's largest
follower count seen on those items); authors whose followers are unknown are counted apart, never as zero.
All of this is as complete as the collection: a platform that credits every reshare to the original (a
retweet of a retweet is stored as a retweet of the original) puts nothing below a share. An amplifier's
``followers`` is the latest follower count seen for that author, null when no platform ever gave it.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity
from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.cascades import members
from passaparola.metrics.interactions import author_key, latest_followers
from passaparola.metrics.roles import entity_of, role
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS


def _echoes(scope: Scope) -> ir.Table:
    """Per item of the store (``platform, id``): how many shares/quotes and replies point at it."""
    everything = scope.all_items
    shared = everything.filter(everything.kind.isin(["share", "quote"]) & everything.shared_id.notnull())
    shared = shared.group_by(["platform", shared.shared_id.name("id")]).aggregate(
        second_level_shares=shared.count()
    )
    replied = everything.filter((everything.kind == "reply") & everything.parent_id.notnull())
    replied = replied.group_by(["platform", replied.parent_id.name("id")]).aggregate(
        second_level_replies=replied.count()
    )
    return shared.outer_join(replied, ["platform", "id"]).select(
        platform=shared.platform.fill_null(replied.platform),
        id=shared.id.fill_null(replied.id),
        second_level_shares=shared.second_level_shares.fill_null(0),
        second_level_replies=replied.second_level_replies.fill_null(0),
    )


def _raw_amplifications(scope: Scope, entities: tuple[Entity, ...]) -> ir.Table | None:
    """``platform, id, created_at, kind, shared_id, entity, author, role`` per amplification (None when
    there is no entity)."""
    items = scope.items
    shares = items.filter(
        items.kind.isin(["share", "quote"]) & (items.shared_handle.notnull() | items.shared_author.notnull())
    )
    original, sharer = entity_of(scope, shares, "shared"), entity_of(scope, shares)
    per_entity = [
        shares.filter((original == one.name) & (sharer.isnull() | (sharer != one.name))).select(
            "platform",
            "id",
            "created_at",
            "kind",
            "shared_id",
            entity=ibis.literal(one.name),
            author=author_key(shares.author_handle, shares.author_id),
            role=role(scope, shares),
        )
        for one in entities
    ]
    return ibis.union(*per_entity) if per_entity else None


def _descendants(scope: Scope, rows: ir.Table) -> tuple[ir.Table, ir.Table]:
    """The amplifications ``rows`` placed in their cascades (``platform, id, entity, author, pre, subtree,
    depth``), and one row per (amplification, item below it): ``platform, id, entity, author, depth,
    below_platform, below_id, below_depth``. The items below an item are one range of the cascades'
    depth-first numbers, so this is a range join, not a walk."""
    placed = members(scope.all_items)
    spots = placed.select("platform", "id", "pre", "subtree", "depth")
    located = rows.select("platform", "id", "entity", "author").join(spots, ["platform", "id"])
    spreading = located.filter(located.subtree > 1)
    below = placed.select(
        below_platform=placed.platform, below_id=placed.id, below_pre=placed.pre, below_depth=placed.depth
    )
    pairs = spreading.join(
        below,
        (below.below_pre > spreading.pre) & (below.below_pre < spreading.pre + spreading.subtree),
    )
    return located, pairs.select(
        "platform", "id", "entity", "author", "depth", "below_platform", "below_id", "below_depth"
    )


def _amplified(scope: Scope, entities: tuple[Entity, ...]) -> tuple[ir.Table, ir.Table] | None:
    """The amplifications with their measures (see :func:`amplifications`) and the (amplification, item
    below it) pairs; None when there is no entity."""
    rows = _raw_amplifications(scope, entities)
    if rows is None:
        return None
    located, pairs = _descendants(scope, rows)
    deepest = pairs.group_by(["platform", "id", "entity"]).aggregate(
        deepest_below=(pairs.below_depth - pairs.depth).max()
    )
    inner = (
        pairs.join(
            rows,
            [pairs.below_platform == rows.platform, pairs.below_id == rows.id, pairs.entity == rows.entity],
        )
        .select(platform="below_platform", id="below_id", entity=pairs.entity)
        .distinct()
        .mutate(nested=ibis.literal(True))
    )
    spots = located.select("platform", "id", "entity", "subtree")
    echoes = _echoes(scope)
    followers = latest_followers(scope)
    joined = (
        rows.left_join(echoes, ["platform", "id"])
        .left_join(followers, [rows.platform == followers.platform, rows.author == followers.handle])
        .left_join(spots, ["platform", "id", "entity"])
        .left_join(deepest, ["platform", "id", "entity"])
        .left_join(inner, ["platform", "id", "entity"])
    )
    measured = joined.select(
        *rows.columns,
        followers=joined.followers,
        second_level_shares=joined.second_level_shares.fill_null(0),
        second_level_replies=joined.second_level_replies.fill_null(0),
        items_below=(joined.subtree - 1).fill_null(0),
        deepest_below=joined.deepest_below.fill_null(0),
        nested=joined.nested.fill_null(False),
    )
    return measured, pairs


def amplifications(scope: Scope, entities: tuple[Entity, ...] | None = None) -> ir.Table:
    """One row per amplification of each entity (all of them unless ``entities`` is given):
    ``platform, id, created_at, kind, shared_id, entity, author, role, followers, second_level_shares,
    second_level_replies, items_below, deepest_below, nested`` (``nested``: it lies below another
    amplification of the same entity, whose ``items_below`` already counts it and what is below it)."""
    found = _amplified(scope, scope.settings.entities if entities is None else entities)
    if found is not None:
        return found[0]
    return scope.all_items.select(
        "platform",
        "id",
        "created_at",
        "kind",
        "shared_id",
        entity=ibis.null(str),
        author=ibis.null(str),
        role=ibis.null(str),
        followers=ibis.null("int64"),
        second_level_shares=ibis.null("int64"),
        second_level_replies=ibis.null("int64"),
        items_below=ibis.null("int64"),
        deepest_below=ibis.null("int64"),
        nested=ibis.null("boolean"),
    ).limit(0)


def top_amplifiers(scope: Scope, entity: Entity, limit: int) -> ir.Table:
    """The entity's amplifiers, most shares first: ``platform, author, role, followers, shares, quotes,
    items_amplified`` (distinct items of the entity they shared), ``second_level_shares,
    second_level_replies, deepest_below, items_below`` (distinct items below their shares in the
    cascades), ``reach_below`` (the potential reach of the distinct authors of those items, the amplifier
    excepted: 0 when nothing is below, null when no follower count is known) and ``reach_below_unknown``
    (those authors whose followers are unknown)."""
    rows, pairs = _amplified(scope, (entity,))
    per_author = rows.group_by(["platform", "author"]).aggregate(
        role=rows.role.arbitrary(),
        followers=rows.followers.max(),
        shares=rows.count(),
        quotes=(rows.kind == "quote").sum(),
        items_amplified=rows.shared_id.nunique(),
        second_level_shares=rows.second_level_shares.sum(),
        second_level_replies=rows.second_level_replies.sum(),
        deepest_below=rows.deepest_below.max(),
    )
    reached = pairs.select("platform", "author", "below_platform", "below_id").distinct()
    everything = scope.all_items
    facts = everything.select(
        f_platform=everything.platform,
        f_id=everything.id,
        below_author=author_key(everything.author_handle, everything.author_id),
        below_followers=everything.author_followers,
    )
    reached = reached.left_join(
        facts, [reached.below_platform == facts.f_platform, reached.below_id == facts.f_id]
    )
    counted = reached.group_by(["platform", "author"]).aggregate(items_below=reached.count())
    authors = reached.filter(reached.below_author.notnull() & (reached.below_author != reached.author))
    authors = authors.group_by(["platform", "author", "below_author"]).aggregate(
        most=authors.below_followers.max()
    )
    reach = authors.group_by(["platform", "author"]).aggregate(
        reach_below=authors.most.sum(),
        reach_below_known=authors.most.count(),
        sharers_below=authors.count(),
    )
    joined = per_author.left_join(counted, ["platform", "author"]).left_join(reach, ["platform", "author"])
    out = joined.select(
        *per_author.columns,
        items_below=joined.items_below.fill_null(0),
        reach_below=ibis.cases((joined.sharers_below.isnull(), 0), else_=joined.reach_below),
        reach_below_unknown=(joined.sharers_below - joined.reach_below_known).fill_null(0),
    )
    return out.order_by(
        [
            ibis.desc("shares"),
            ibis.desc("items_below"),
            ibis.desc("second_level_replies"),
            "platform",
            "author",
        ]
    ).limit(limit)


AMPLIFICATION = register(
    Metric(
        name="amplification",
        title=Text("Amplification by others", "Amplificazione da parte di altri"),
        definition=Text(
            "Shares and quotes of the entity's own items by authors who are not its accounts, how many "
            "distinct authors made them, and how far those shares travelled in the cascade trees: the items "
            "below them at any depth (each counted once, under the highest amplification above it), the "
            "deepest level reached below them, and the shares and replies they received directly; as far "
            "as the store holds them.",
            "Condivisioni e citazioni dei contenuti propri dell'entità da parte di autori che non sono suoi "
            "account, quanti autori distinti le hanno fatte, e quanto lontano sono arrivate quelle "
            "condivisioni negli alberi delle cascate: gli elementi sotto di esse a qualunque profondità "
            "(ciascuno contato una volta, sotto l'amplificazione più alta sopra di esso), il livello più "
            "profondo raggiunto sotto di esse, e le condivisioni e risposte ricevute direttamente; per "
            "quanto il database le contiene.",
        ),
        formula="count(shares and quotes of the entity's items by others); count(distinct sharers); "
        "Σ (subtree size − 1) over amplifications not below another; max levels below; "
        "Σ shares and replies of those shares",
        source="amplification (Kaushik 2011, applied to who amplifies); passaparola DESIGN (interactions)",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "kind", "role", "author"),
        frame=amplifications,
        aggregate=lambda t: {
            "amplifications": t.count(),
            "amplifiers": t.author.nunique(),
            "items_below": t.items_below.sum(where=~t.nested),
            "deepest_below": t.deepest_below.max(),
            "second_level_shares": t.second_level_shares.sum(),
            "second_level_replies": t.second_level_replies.sum(),
        },
        breakdown=("entity",),
        family="amplifiers",
        columns={
            "amplifications": Column(
                Text("Shares and quotes by others", "Condivisioni e citazioni altrui"), "count"
            ),
            "amplifiers": Column(Text("Amplifiers", "Amplificatori"), "count"),
            "items_below": Column(
                Text("Items below their shares", "Elementi sotto le loro condivisioni"), "count"
            ),
            "deepest_below": Column(Text("Levels below", "Livelli sotto"), "count"),
            "second_level_shares": Column(
                Text("Shares of their shares", "Condivisioni delle loro condivisioni"), "count"
            ),
            "second_level_replies": Column(
                Text("Replies to their shares", "Risposte alle loro condivisioni"), "count"
            ),
        },
        headline="amplifications",
    )
)
