"""Audience growth: the followers of the brand's and the competitors' accounts, from author snapshots.

Every import records each author as seen (``authors``, one snapshot per observation time), so an
account's follower count is known at every time it was observed. Per account and period:
- ``followers`` is the count at the last snapshot in the period (the audience at the period's end);
- ``net_new_followers`` is that minus the baseline: the last count of the period before, when the account
  was observed then, or else the first count inside this period;
- ``growth`` is net new followers ÷ the baseline (null when the baseline is 0 or unknown).
Not split by a period, the baseline is the first snapshot in the window. Snapshots without a follower
count are counted in ``snapshots_without_followers`` and never read as 0. An account observed only once
(at one time) in a split, with no observation in the period before, has no baseline: its net new
followers and growth are null (unknown), not 0.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.engagement import ratio, splits
from passaparola.metrics.roles import is_account
from passaparola.metrics.scope import Scope
from passaparola.metrics.voice import PERIOD_LENGTH
from passaparola.periods import PERIODS


def snapshots(scope: Scope) -> ir.Table:
    """The snapshots of every entity's accounts in the window: ``platform, account, entity, created_at``
    (the observation time, so periods apply) and ``followers``."""
    authors = scope.table("authors")
    if scope.start is not None:
        authors = authors.filter(authors.observed_at >= scope.start)
    if scope.end is not None:
        authors = authors.filter(authors.observed_at < scope.end)
    per_entity = [
        authors.filter(is_account(entity, authors.platform, authors.handle, authors.id)).select(
            "platform",
            "followers",
            account=authors.handle.fill_null(authors.id),
            entity=ibis.literal(entity.name),
            created_at=authors.observed_at,
        )
        for entity in scope.settings.entities
    ]
    if not per_entity:
        return authors.select(
            "platform",
            "followers",
            account=authors.handle,
            entity=ibis.null(str),
            created_at=authors.observed_at,
        ).limit(0)
    return ibis.union(*per_entity)


def _ends(table: ir.Table) -> dict[str, ir.Value]:
    known = table.followers.notnull()
    return {
        "snapshots": table.count(),
        "snapshots_without_followers": table.followers.isnull().sum(),
        "first_followers": table.followers.argmin(table.created_at, where=known),
        "followers": table.followers.argmax(table.created_at, where=known),
        "first_known_at": table.created_at.min(where=known),
        "last_known_at": table.created_at.max(where=known),
    }


def _growth(table: ir.Table, by: list[str], scope: Scope) -> ir.Table:
    periods = [d for d in by if d in PERIODS]
    # within the split, a baseline needs two observations at different times: one alone shows no change
    baseline = ibis.cases(
        (table.first_known_at < table.last_known_at, table.first_followers), else_=ibis.null("int64")
    )
    if periods:
        period = periods[0]
        window = ibis.window(
            group_by=splits([d for d in by if d != period], "entity", "platform", "account"), order_by=period
        )
        adjacent = table[period].lag().over(window) == table[period] - PERIOD_LENGTH[period]
        baseline = ibis.cases((adjacent.fill_null(False), table.followers.lag().over(window)), else_=baseline)
    with_baseline = table.mutate(baseline_followers=baseline)
    net = with_baseline.followers - with_baseline.baseline_followers
    return with_baseline.mutate(
        net_new_followers=net, growth=ratio(net, with_baseline.baseline_followers)
    ).drop("first_followers", "first_known_at", "last_known_at")


AUDIENCE_GROWTH = register(
    Metric(
        name="audience_growth",
        title=Text("Audience growth (followers)", "Crescita del pubblico (follower)"),
        definition=Text(
            "For each account of the brand and the competitors, from author snapshots: followers at the "
            "last observation in the period, net new followers since the end of the period before (or since "
            "the first observation in this period), and growth as a share of that baseline. Snapshots "
            "without a follower count are counted, never read as 0.",
            "Per ogni account del brand e dei concorrenti, dalle istantanee degli autori: follower "
            "all'ultima osservazione nel periodo, nuovi follower netti dalla fine del periodo precedente (o "
            "dalla prima osservazione nel periodo) e crescita in proporzione a quella base. Le istantanee "
            "senza numero di follower sono contate, mai lette come 0.",
        ),
        formula=Text(
            "followers(last observation) − baseline; growth = net new ÷ baseline",
            "follower(ultima osservazione) − base; crescita = nuovi netti ÷ base",
        ),
        source="passaparola DESIGN (authors are snapshots over time)",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=snapshots,
        aggregate=_ends,
        breakdown=("entity", "platform", "account"),
        finish=_growth,
        family="audience",
        columns={
            "account": Column(Text("Account", "Account"), "text"),
            "snapshots": Column(Text("Observations", "Osservazioni"), "count"),
            "snapshots_without_followers": Column(
                Text("Observations without followers", "Osservazioni senza follower"), "count"
            ),
            "followers": Column(Text("Followers (last seen)", "Follower (ultimo dato)"), "count"),
            "baseline_followers": Column(Text("Followers at the start", "Follower all'inizio"), "count"),
            "net_new_followers": Column(Text("Net new followers", "Nuovi follower netti"), "count"),
            "growth": Column(Text("Growth (of the start)", "Crescita (sull'inizio)"), "share"),
        },
        headline="growth",
    )
)
