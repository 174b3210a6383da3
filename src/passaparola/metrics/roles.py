"""Who is who, as Ibis expressions: an author's role, and whether an author is one of an entity's accounts.

- An author is ``brand`` (an account of the brand), ``competitor`` (an account of a competitor), or
  public: ``influencer`` when the followers seen on the item reach the workspace's threshold (10,000 by
  default), ``consumer`` below it, and ``public`` when the platform did not say how many followers the
  author has (unknown stays unknown: such an author is not guessed to be a consumer).
- Accounts match on the handle or the native id, case-insensitively. On Mastodon a bare configured
  handle (``caffeaurora``) matches that user on any server (``caffeaurora@social.example``).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity, Settings

ROLES = ("brand", "competitor", "influencer", "consumer", "public")


def is_account(
    entity: Entity, platform: ir.StringValue, handle: ir.StringValue, author_id: ir.StringValue
) -> ir.BooleanValue:
    """Is the author (given by platform, handle and id columns) one of the entity's accounts?

    One ``CASE`` branch per platform, so the engine tests each item only against its own platform's
    accounts (an ``OR`` of per-platform tests evaluates every test on every item)."""
    handle, author_id = handle.lower(), author_id.lower()
    branches = []
    for name, accounts in entity.accounts.items():
        known = list(accounts)
        matched = handle.isin(known) | author_id.isin(known)
        bare = [a for a in known if "@" not in a]
        if name == "mastodon" and bare:  # the user on any server: "caffeaurora@social.example"
            matched = ibis.or_(matched, *(handle.startswith(f"{a}@") for a in bare))
        branches.append((platform == name, matched.fill_null(False)))
    return ibis.cases(*branches, else_=False) if branches else ibis.literal(False)


def mentions_account(entity: Entity, platform: ir.StringValue, mentions: ir.ArrayValue) -> ir.BooleanValue:
    """Does the item mention one of the entity's accounts on its platform?"""
    branches = []
    for name, accounts in entity.accounts.items():
        handles = [a.split("@")[0] if name == "mastodon" else a for a in accounts]
        if handles:
            mentioned = ibis.or_(*[mentions.contains(h) for h in handles]).fill_null(False)
            branches.append((platform == name, mentioned))
    return ibis.cases(*branches, else_=False) if branches else ibis.literal(False)


def role_of(
    settings: Settings,
    platform: ir.StringValue,
    handle: ir.StringValue,
    author_id: ir.StringValue,
    followers: ir.IntegerValue,
) -> ir.StringValue:
    """The role of an author given by platform, handle, id and follower columns."""
    threshold = settings.influencer_threshold
    public = ibis.cases(
        (followers >= threshold, "influencer"), (followers < threshold, "consumer"), else_="public"
    )
    branches = [
        (is_account(entity, platform, handle, author_id), role)
        for entity, role in (
            *([(settings.brand, "brand")] if settings.brand else []),
            *((competitor, "competitor") for competitor in settings.competitors),
        )
    ]
    return ibis.cases(*branches, else_=public) if branches else public


def author_role(settings: Settings, items: ir.Table) -> ir.StringValue:
    """The role of each item's author."""
    return role_of(settings, items.platform, items.author_handle, items.author_id, items.author_followers)


def author_entity(settings: Settings, table: ir.Table) -> ir.StringValue:
    """The name of the entity whose account wrote the item; null for anyone else."""
    branches = [
        (is_account(entity, table.platform, table.author_handle, table.author_id), entity.name)
        for entity in settings.entities
    ]
    return ibis.cases(*branches, else_=ibis.null(str)) if branches else ibis.null(str)
