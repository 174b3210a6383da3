"""Who talks to whom: interactions as directed edges between authors, and the direction matrix.

An interaction is an edge from an item's author to another author, made by
- a **reply**, to the author of the item replied to;
- a **share** or **quote**, to the author of the item shared or quoted;
- a **mention**, to the author mentioned.

A reply on X/Twitter and Mastodon carries an @mention of the author it answers: that mention repeats the
reply's edge and is not counted twice. A share repeats its original's text, so the mentions in it are the
original author's, not the sharer's: a share makes only its share edge.
Mentions of oneself are not interactions. The mentioned author's role comes from the workspace (brand and
competitor accounts) or, for the public, from the latest follower count seen for that handle; an author
whose followers were never seen is ``public``. Edges whose target is unknown (a reply to an item not in
the store) are not counted: there is no one to point at.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.roles import role, role_of
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

VIA = ("reply", "share", "quote", "mention")


def latest_followers(scope: Scope) -> ir.Table:
    """The latest follower count seen per (platform, lower-case handle), from items' author columns."""
    items = scope.all_items.filter(lambda t: t.author_handle.notnull() & t.author_followers.notnull())
    keyed = items.mutate(handle=items.author_handle.lower())
    return keyed.group_by(["platform", "handle"]).aggregate(
        followers=keyed.author_followers.argmax(keyed.created_at)
    )


def author_key(handle: ir.StringValue, author_id: ir.StringValue) -> ir.StringValue:
    """Who an author is within a platform: the lower-case handle, else the native id (mentions name
    handles only, so the handle is what lets a mention and a reply reach the same author)."""
    return handle.lower().fill_null(author_id)


def edges(scope: Scope) -> ir.Table:
    """One row per interaction: ``platform, created_at, via, source_role, target_role, source, target``
    (``source`` and ``target`` are authors as :func:`author_key` names them)."""
    settings = scope.settings
    items = scope.items
    source = role(scope, items)
    base = items.mutate(source_role=source, source=author_key(items.author_handle, items.author_id))
    replies = base.filter(
        (base.kind == "reply") & (base.parent_handle.notnull() | base.parent_author.notnull())
    )
    replies = replies.select(
        platform=replies.platform.cast("string"),
        created_at=replies.created_at,
        via=ibis.literal("reply"),
        source_role="source_role",
        target_role=role(scope, replies, "parent"),
        source="source",
        target=author_key(replies.parent_handle, replies.parent_author),
    )
    shares = base.filter(
        base.kind.isin(["share", "quote"]) & (base.shared_handle.notnull() | base.shared_author.notnull())
    )
    shares = shares.select(
        platform=shares.platform.cast("string"),
        created_at=shares.created_at,
        via=shares.kind.cast("string"),
        source_role="source_role",
        target_role=role(scope, shares, "shared"),
        source="source",
        target=author_key(shares.shared_handle, shares.shared_author),
    )
    mentioned = base.filter((base.kind != "share") & (base.mentions.length() > 0))
    mentioned = mentioned.mutate(handle=mentioned.mentions.unnest())
    mentioned = mentioned.filter(
        (mentioned.handle != mentioned.author_handle.lower().fill_null(""))
        & (mentioned.handle != mentioned.parent_handle.lower().fill_null(""))
        & (mentioned.handle != mentioned.shared_handle.lower().fill_null(""))
    )
    followers = latest_followers(scope)
    mentioned = mentioned.left_join(followers, ["platform", "handle"])
    mentions = mentioned.select(
        platform=mentioned.platform.cast("string"),
        created_at=mentioned.created_at,
        via=ibis.literal("mention"),
        source_role="source_role",
        target_role=role_of(
            settings, mentioned.platform, mentioned.handle, mentioned.handle, mentioned.followers
        ),
        source="source",
        target=mentioned.handle,
    )
    return ibis.union(replies, shares, mentions)


INTERACTIONS = register(
    Metric(
        name="interactions",
        title=Text("Who talks to whom (direction matrix)", "Chi parla con chi (matrice delle direzioni)"),
        definition=Text(
            "Interactions counted by the role of who starts them and the role of whom they reach: "
            "consumer→brand, brand→consumer, consumer→consumer, influencer→brand and so on. An interaction is "
            "a reply (to the replied item's author), a share or quote (to the original's author) or a "
            "mention (to the mentioned author); a mention that repeats a reply's or share's target is not "
            "counted twice.",
            "Interazioni contate per ruolo di chi le avvia e di chi raggiungono: consumatore→brand, "
            "brand→consumatore, consumatore→consumatore, influencer→brand e così via. Un'interazione è una "
            "risposta (all'autore dell'elemento a cui risponde), una condivisione o citazione (all'autore "
            "dell'originale) o una menzione (all'autore menzionato); una menzione che ripete il destinatario "
            "di una risposta o condivisione non è contata due volte.",
        ),
        formula="count(edges) by (source role, target role)",
        source="passaparola DESIGN (interactions, direction matrix)",
        unit="items",
        better="neither",
        dimensions=("platform", *PERIODS, "via"),
        frame=edges,
        aggregate=lambda t: {"interactions": t.count()},
        breakdown=("source_role", "target_role"),
        family="interactions",
        columns={"interactions": Column(Text("Interactions", "Interazioni"), "count")},
        headline="interactions",
    )
)


def brand_pairs(scope: Scope) -> ir.Table:
    """One row per (brand account, public author) pair linked by replies: whether replies went out
    (brand to person), in (person to brand), or both (reciprocal), and when the pair first talked."""
    items = scope.items
    writer, parent_role = role(scope, items), role(scope, items, "parent")
    me = items.author_id.fill_null(items.author_handle.lower())
    them = items.parent_author.fill_null(items.parent_handle.lower())
    replies = items.filter((items.kind != "share") & them.notnull() & (me != them))
    public = ("influencer", "consumer", "public")
    out = replies.filter((writer == "brand") & parent_role.isin(public)).select(
        "platform", "created_at", brand=me, person=them, outgoing=ibis.literal(True)
    )
    incoming = replies.filter(writer.isin(public) & (parent_role == "brand")).select(
        "platform", "created_at", brand=them, person=me, outgoing=ibis.literal(False)
    )
    both = ibis.union(out, incoming)
    return both.group_by(["platform", "brand", "person"]).aggregate(
        created_at=both.created_at.min(),
        reciprocal=both.outgoing.any() & (~both.outgoing).any(),
    )


RECIPROCITY = register(
    Metric(
        name="reciprocity",
        title=Text("Reciprocity with the brand", "Reciprocità con il brand"),
        definition=Text(
            "Of the people the brand replied to or who replied to the brand, the share for whom replies went "
            "both ways (the brand answered them and they answered the brand).",
            "Tra le persone a cui il brand ha risposto o che hanno risposto al brand, la quota per cui le "
            "risposte sono andate in entrambe le direzioni.",
        ),
        formula="reciprocal (brand, person) pairs ÷ all (brand, person) pairs linked by replies",
        source="network reciprocity (Wasserman & Faust 1994), on reply edges; passaparola DESIGN",
        unit="share",
        better="higher",
        dimensions=("platform", *PERIODS),
        frame=brand_pairs,
        aggregate=lambda t: {
            "pairs": t.count(),
            "reciprocal": t.reciprocal.sum(),
            "reciprocity": t.reciprocal.mean(),
        },
        family="interactions",
        columns={
            "pairs": Column(Text("Pairs linked by replies", "Coppie legate da risposte"), "count"),
            "reciprocal": Column(Text("Reciprocal pairs", "Coppie reciproche"), "count"),
            "reciprocity": Column(Text("Reciprocity", "Reciprocità"), "share"),
        },
        headline="reciprocity",
    )
)
