"""Posting activity: how much the brand and each competitor publish, and how much of it is conversation.

An entity's output is what its own accounts publish in public: posts, quotes, replies and shares (direct
messages are private and left out). Per entity:
- posts (posts and quotes), replies and shares, and each per week: the count ÷ the weeks the split
  covers (the calendar period, clipped to the time window asked for or, without one, to the days the
  store's items span);
- the **reply share**: replies ÷ output. An account that posts and never replies (a *showcase* account)
  has a reply share near 0; one that converses has a high one.

Every entity has a row for every period of the window: a period in which it published nothing has an
output of 0 and 0 posts a week (known zeros), and no reply share (nothing to divide).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.engagement import POST_KINDS, entity_items, ratio
from passaparola.metrics.scope import Scope
from passaparola.metrics.voice import PERIOD_LENGTH
from passaparola.periods import PERIODS

WEEK_SECONDS = 7 * 24 * 3600
PUBLIC_KINDS = ("post", "quote", "reply", "share")


def output(scope: Scope) -> ir.Table:
    """Each entity's own public items."""
    table = entity_items(scope)
    return table.filter(table.own & table.kind.isin(PUBLIC_KINDS))


def _counts(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "output": table.count(),
        "posts": table.kind.isin(POST_KINDS).sum(),
        "replies": (table.kind == "reply").sum(),
        "shares": (table.kind == "share").sum(),
    }


def _per_week(table: ir.Table, by: list[str], scope: Scope) -> ir.Table:
    # the window's weeks are known even when nobody published in it: from the scope, not from the rows
    first, last = scope.window
    start, end = ibis.literal(first, "timestamp"), ibis.literal(last, "timestamp")
    periods = [d for d in by if d in PERIODS]
    if periods:
        period = periods[0]
        start = ibis.greatest(start, table[period])
        end = ibis.least(end, table[period] + PERIOD_LENGTH[period])
    weeks = (end.epoch_seconds() - start.epoch_seconds()) / WEEK_SECONDS
    return table.mutate(
        weeks=weeks,
        posts_per_week=ratio(table.posts, weeks),
        replies_per_week=ratio(table.replies, weeks),
        shares_per_week=ratio(table.shares, weeks),
        reply_share=ratio(table.replies, table.output),
    )


POSTING_ACTIVITY = register(
    Metric(
        name="posting_activity",
        title=Text("Posting activity and reply share", "Attività di pubblicazione e quota di risposte"),
        definition=Text(
            "What each entity's own accounts publish: posts (and quotes), replies and shares, each per week "
            "(over the weeks the period covers within the window), and the reply share, replies ÷ all its "
            "public output. A reply share near 0 marks a showcase account that never converses. A period "
            "without output reads 0 (a known zero), with no reply share.",
            "Ciò che pubblicano gli account di ogni entità: post (e citazioni), risposte e condivisioni, "
            "ciascuno per settimana (sulle settimane del periodo nella finestra), e la quota di risposte, "
            "risposte ÷ tutta la produzione pubblica. Una quota vicina a 0 indica un account vetrina che non "
            "conversa mai. Un periodo senza produzione vale 0 (uno zero noto), senza quota di risposte.",
        ),
        formula=Text(
            "count ÷ weeks; reply share = replies ÷ (posts + quotes + replies + shares)",
            "conteggio ÷ settimane; quota di risposte = risposte ÷ (post + citazioni + risposte + condivisioni)",
        ),
        source="passaparola DESIGN (dialogue); Kaushik (2011) on broadcasting",
        unit="ratio",
        better="neither",
        dimensions=("platform", *PERIODS, "entity"),
        frame=output,
        aggregate=_counts,
        breakdown=("entity",),
        finish=_per_week,
        family="activity",
        columns={
            "output": Column(Text("Output (public items)", "Produzione (elementi pubblici)"), "count"),
            "posts": Column(Text("Posts and quotes", "Post e citazioni"), "count"),
            "replies": Column(Text("Replies", "Risposte"), "count"),
            "shares": Column(Text("Shares", "Condivisioni"), "count"),
            "weeks": Column(Text("Weeks", "Settimane"), "number"),
            "posts_per_week": Column(Text("Posts per week", "Post a settimana"), "number"),
            "replies_per_week": Column(Text("Replies per week", "Risposte a settimana"), "number"),
            "shares_per_week": Column(Text("Shares per week", "Condivisioni a settimana"), "number"),
            "reply_share": Column(
                Text("Reply share (of output)", "Quota di risposte (sulla produzione)"), "share"
            ),
        },
        headline="posts_per_week",
        zeros=("output", "posts", "replies", "shares"),
    )
)
