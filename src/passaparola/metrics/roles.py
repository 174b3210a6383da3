"""Who is who, as Ibis expressions: an author's role, and whether an author is one of an entity's accounts.

- An author is ``brand`` (an account of the brand), ``competitor`` (an account of a competitor), or
  public: ``influencer`` when the followers seen on the item reach the workspace's threshold (10,000 by
  default), ``consumer`` below it, and ``public`` when the platform did not say how many followers the
  author has (unknown stays unknown: such an author is not guessed to be a consumer).
- Accounts match on the handle or the native id, case-insensitively. On Mastodon a bare configured
  handle (``caffeaurora``) matches that user on any server (``caffeaurora@social.example``).

Metrics ask through :func:`entity_of`, :func:`role`, :func:`mentions` and :func:`heard`, which read the
answers the store keeps per item (:mod:`passaparola.enrich.matching`) when the Scope's entities are the
ones they were matched against, and compute them with the expressions below otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity, Settings

if TYPE_CHECKING:
    from passaparola.metrics.scope import Scope

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


def owner(
    settings: Settings, platform: ir.StringValue, handle: ir.StringValue, author_id: ir.StringValue
) -> ir.StringValue:
    """The name of the entity one of whose accounts is the author given by platform, handle and id
    columns; null for anyone else."""
    branches = [
        (is_account(entity, platform, handle, author_id), entity.name) for entity in settings.entities
    ]
    return ibis.cases(*branches, else_=ibis.null(str)) if branches else ibis.null(str)


def role_from(settings: Settings, name: ir.StringValue, followers: ir.IntegerValue) -> ir.StringValue:
    """The role of an author given the entity whose account it is (``name``, null for none) and the
    followers seen."""
    threshold = settings.influencer_threshold
    public = ibis.cases(
        (followers >= threshold, "influencer"), (followers < threshold, "consumer"), else_="public"
    )
    brand = [(name == settings.brand.name, "brand")] if settings.brand else []
    return ibis.cases(*brand, (name.notnull(), "competitor"), else_=public)


def role_of(
    settings: Settings,
    platform: ir.StringValue,
    handle: ir.StringValue,
    author_id: ir.StringValue,
    followers: ir.IntegerValue,
) -> ir.StringValue:
    """The role of an author given by platform, handle, id and follower columns."""
    return role_from(settings, owner(settings, platform, handle, author_id), followers)


#: The people an item names: its author, the author of the item it answers and of the item it shares,
#: each by handle, native id and followers seen.
PEOPLE = {
    "author": ("author_handle", "author_id", "author_followers"),
    "parent": ("parent_handle", "parent_author", "parent_followers"),
    "shared": ("shared_handle", "shared_author", "shared_followers"),
}


def entity_of(scope: Scope, table: ir.Table, who: str = "author") -> ir.StringValue:
    """The name of the entity whose account is the item's author (``who`` = ``"author"``), or the author
    of the item it answers (``"parent"``) or shares or quotes (``"shared"``); null for anyone else. Read
    from the store's entity columns when they hold the Scope's entities (:mod:`passaparola.enrich.matching`),
    else computed."""
    if scope.stored:
        return table[f"{who}_entity"]
    handle, author_id, _ = PEOPLE[who]
    return owner(scope.settings, table.platform, table[handle], table[author_id])


def role(scope: Scope, table: ir.Table, who: str = "author") -> ir.StringValue:
    """The role of the person :func:`entity_of` names: ``brand``, ``competitor``, or a public role."""
    return role_from(scope.settings, entity_of(scope, table, who), table[PEOPLE[who][2]])


def mentions(scope: Scope, table: ir.Table, about: Entity) -> ir.BooleanValue:
    """Does the item mention one of the entity's accounts on its platform?"""
    if scope.stored:
        return table.mentioned_entities.contains(about.name).fill_null(False)
    return mentions_account(about, table.platform, table.mentions)


def heard(scope: Scope, table: ir.Table, about: Entity) -> ir.BooleanValue:
    """Does the item match the entity's listening query? (False without a query.)"""
    if not about.query:
        return ibis.literal(False)
    if scope.stored:
        return table.heard_entities.contains(about.name).fill_null(False)
    from passaparola.query import compile, parse

    return compile(parse(about.query), table)
