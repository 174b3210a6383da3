"""Amplifiers: who spreads an entity's content, and how far their shares travel.

An **amplification** of an entity (the brand or a competitor) is a share or quote, by someone who is not one
of the entity's accounts, of an item written by one of its accounts. The entity's own accounts sharing each
other are not amplification: nobody new carried the content.

For each amplification the store is asked what it set off in turn (**second-level reach**): the shares and
quotes of the amplifying item, and the replies to it. These are counts of items the store holds, so they are
as complete as the collection: a platform that never lets a share be shared again (a retweet is retweeted
as its original) shows none. An amplifier's ``followers`` is the latest follower count seen for that author,
null when no platform ever gave it (unknown is not zero).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity
from passaparola.metrics import Metric, Text, register
from passaparola.metrics.interactions import author_key, latest_followers
from passaparola.metrics.roles import author_role, is_account
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


def amplifications(scope: Scope, entities: tuple[Entity, ...] | None = None) -> ir.Table:
    """One row per amplification of each entity (all of them unless ``entities`` is given):
    ``platform, id, created_at, kind, entity, author, role, followers, second_level_shares,
    second_level_replies``."""
    items = scope.items_with_targets()
    shares = items.filter(
        items.kind.isin(["share", "quote"]) & (items.shared_handle.notnull() | items.shared_author.notnull())
    )
    per_entity = [
        shares.filter(
            is_account(entity, shares.platform, shares.shared_handle, shares.shared_author)
            & ~is_account(entity, shares.platform, shares.author_handle, shares.author_id)
        ).select(
            "platform",
            "id",
            "created_at",
            "kind",
            entity=ibis.literal(entity.name),
            author=author_key(shares.author_handle, shares.author_id),
            role=author_role(scope.settings, shares),
        )
        for entity in (scope.settings.entities if entities is None else entities)
    ]
    if not per_entity:
        return shares.select(
            "platform",
            "id",
            "created_at",
            "kind",
            entity=ibis.null(str),
            author=ibis.null(str),
            role=ibis.null(str),
            followers=ibis.null("int64"),
            second_level_shares=ibis.null("int64"),
            second_level_replies=ibis.null("int64"),
        ).limit(0)
    rows = ibis.union(*per_entity)
    echoes = _echoes(scope)
    followers = latest_followers(scope)
    joined = rows.left_join(echoes, ["platform", "id"]).left_join(
        followers, [rows.platform == followers.platform, rows.author == followers.handle]
    )
    return joined.select(
        *rows.columns,
        followers=joined.followers,
        second_level_shares=joined.second_level_shares.fill_null(0),
        second_level_replies=joined.second_level_replies.fill_null(0),
    )


def top_amplifiers(scope: Scope, entity: Entity, limit: int) -> ir.Table:
    """The entity's amplifiers, most shares first: ``platform, author, role, followers, shares, quotes,
    items_amplified, second_level_shares, second_level_replies``."""
    rows = amplifications(scope, (entity,))
    return (
        rows.group_by(["platform", "author"])
        .aggregate(
            role=rows.role.arbitrary(),
            followers=rows.followers.max(),
            shares=rows.count(),
            quotes=(rows.kind == "quote").sum(),
            second_level_shares=rows.second_level_shares.sum(),
            second_level_replies=rows.second_level_replies.sum(),
        )
        .order_by(
            [
                ibis.desc("shares"),
                ibis.desc(ibis._.second_level_shares + ibis._.second_level_replies),
                "platform",
                "author",
            ]
        )
        .limit(limit)
    )


AMPLIFICATION = register(
    Metric(
        name="amplification",
        title=Text("Amplification by others", "Amplificazione da parte di altri"),
        definition=Text(
            "Shares and quotes of the entity's own items by authors who are not its accounts, how many "
            "distinct authors made them, and the second-level reach of those shares: the shares, quotes "
            "and replies they received in turn, as far as the store holds them.",
            "Condivisioni e citazioni dei contenuti propri dell'entità da parte di autori che non sono suoi "
            "account, quanti autori distinti le hanno fatte, e la portata di secondo livello di quelle "
            "condivisioni: le condivisioni, citazioni e risposte che hanno ricevuto a loro volta, per "
            "quanto il database le contiene.",
        ),
        formula="count(shares and quotes of the entity's items by others); count(distinct sharers); "
        "Σ shares and replies of those shares",
        source="amplification (Kaushik 2011, applied to who amplifies); passaparola DESIGN (interactions)",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "kind", "role", "author"),
        frame=amplifications,
        aggregate=lambda t: {
            "shares": t.count(),
            "amplifiers": t.author.nunique(),
            "second_level_shares": t.second_level_shares.sum(),
            "second_level_replies": t.second_level_replies.sum(),
        },
        breakdown=("entity",),
        family="amplifiers",
    )
)
