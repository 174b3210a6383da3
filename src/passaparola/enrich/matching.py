"""Which of the workspace's entities each item is by, answers, shares, mentions and talks about: matched
once and stored with the item, so that analyses read a column instead of matching again.

For the brand and every competitor, the store's ``items`` keep
- ``author_entity``: the entity one of whose accounts wrote the item (null: anyone else);
- ``parent_entity`` and ``shared_entity``: the same for the item replied to and for the item shared or
  quoted (read from the linked ``parent_*`` and ``shared_*`` columns);
- ``mentioned_entities``: the entities one of whose accounts the item mentions, on its platform;
- ``heard_entities``: the entities whose listening query the item matches.

Accounts match as :mod:`passaparola.metrics.roles` says (handle or native id, any case; a bare Mastodon
handle on any server) and queries as :mod:`passaparola.query` says: these columns hold exactly what
those expressions give (:func:`live`). Roles, media classes, inbound items and the direction of every
interaction are read from them, and a listening query, a regular-expression pass over every stored
text, is no longer run by every analysis.

The same step places every item (but shares) in its reply thread (``thread_root``, ``thread_depth``,
``thread_orphan``, ``thread_cycle``, as :func:`passaparola.metrics.threads.resolve` finds them), so that
thread measures read the placement instead of rebuilding every thread.

The entity columns depend on the entities in ``passaparola.toml``, which the user edits. The store's ``meta``
table records what they were matched against (key ``entities``: names, accounts and canonical queries);
rows written or re-linked since are marked unmatched (``matched`` is not true). :func:`ensure` brings a
writable store up to date, matching the unmatched rows, or every row after the entities changed, in one
transaction. A read-only store that is not up to date is read with the same expressions computed live,
so an answer never depends on whether the columns were current.
"""

from __future__ import annotations

import json

import ibis
import ibis.expr.types as ir

from passaparola.config import Settings
from passaparola.metrics.roles import PEOPLE, mentions_account, owner
from passaparola.query import compile, parse
from passaparola.store import ENTITY_COLUMNS, Store

META_KEY = "entities"


def fingerprint(settings: Settings) -> str:
    """What the stored columns depend on: each entity's name, accounts and canonical query (sorted by
    name, so which entity is the brand does not matter)."""
    return json.dumps(
        sorted(
            [
                entity.name,
                {platform: sorted(accounts) for platform, accounts in sorted(entity.accounts.items())},
                str(parse(entity.query)) if entity.query else None,
            ]
            for entity in settings.entities
        ),
        ensure_ascii=False,
    )


def live(settings: Settings, items: ir.Table) -> dict[str, ir.Value]:
    """The entity columns computed from ``items``' own columns (what :func:`ensure` stores)."""
    entities = settings.entities

    def named(tests: list[tuple[str, ir.BooleanValue]]) -> ir.ArrayValue:
        if not tests:
            return ibis.literal([], type="array<string>")
        found = ibis.array([ibis.ifelse(test, name, ibis.null(str)) for name, test in tests])
        return found.filter(lambda name: name.notnull())

    return {
        **{
            f"{who}_entity": owner(settings, items.platform, items[handle], items[author_id])
            for who, (handle, author_id, _) in PEOPLE.items()
        },
        "mentioned_entities": named(
            [(e.name, mentions_account(e, items.platform, items.mentions)) for e in entities]
        ),
        "heard_entities": named([(e.name, compile(parse(e.query), items)) for e in entities if e.query]),
    }


def held(store: Store) -> str | None:
    """The fingerprint of the entities the stored columns were matched against (None: never matched)."""
    return store.scalar("SELECT value FROM meta WHERE key = ?", [META_KEY])


def ensure(store: Store, settings: Settings) -> str | None:
    """Bring the stored entity columns up to date with ``settings`` when the store is writable. The
    fingerprint the columns now hold when every row is matched against these entities, else None (a
    read-only store that is behind: read the columns live)."""
    wanted = fingerprint(settings)
    if not store.read_only:
        store.link()
    everything = held(store) != wanted
    if not everything and not store.unmatched():
        return wanted
    if store.read_only:
        return None
    from passaparola.metrics.threads import resolve

    items = store.table("items")
    todo = items if everything else items.filter(items.matched.isnull() | ~items.matched)
    values = todo.select("platform", "id", **live(settings, todo))
    assignments = ", ".join(f"{name} = m.{name}" for name in ENTITY_COLUMNS)
    placed = resolve(items.filter(items.kind != "share"))
    placement = ("root", "depth", "orphan", "cycle")
    moved = " OR ".join(f"items.thread_{c} IS DISTINCT FROM p.{c}" for c in placement)
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"UPDATE items SET {assignments}, matched = true FROM ({ibis.to_sql(values, dialect='duckdb')}) m "
            "WHERE items.platform = m.platform AND items.id = m.id"
        )
        # only the items whose place changed are written: an import of a few replies moves few rows
        con.execute(
            f"UPDATE items SET {', '.join(f'thread_{c} = p.{c}' for c in placement)} "
            f"FROM ({ibis.to_sql(placed, dialect='duckdb')}) p "
            f"WHERE items.platform = p.platform AND items.id = p.id AND ({moved})"
        )
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_KEY, wanted])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return wanted
