"""Volume: how many items, by platform, period, kind and author role."""

from __future__ import annotations

import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.roles import role
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS


def _frame(scope: Scope) -> ir.Table:
    items = scope.items
    return items.mutate(role=role(scope, items), author=items.author_handle.fill_null(items.author_id))


ITEMS = register(
    Metric(
        name="items",
        title=Text("Items", "Elementi"),
        definition=Text(
            "Posts, replies, shares, quotes and messages published in the period, by whoever wrote them. "
            "Roles: brand and competitor accounts, influencers (followers at or above the threshold), "
            "consumers (below it), and public authors whose followers the platform did not give.",
            "Post, risposte, condivisioni, citazioni e messaggi pubblicati nel periodo, da chiunque. Ruoli: "
            "account del brand e dei concorrenti, influencer (follower pari o sopra la soglia), consumatori "
            "(sotto la soglia) e autori pubblici di cui la piattaforma non dice i follower.",
        ),
        formula="count(items)",
        source="passaparola",
        unit="items",
        better="neither",
        dimensions=("platform", *PERIODS, "kind", "role", "author"),
        frame=_frame,
        aggregate=lambda t: {"items": t.count()},
        columns={"items": Column(Text("Items", "Elementi"), "count")},
        headline="items",
    )
)
