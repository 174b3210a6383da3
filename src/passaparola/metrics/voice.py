"""Share of voice: each entity's part of what is said about, and published by, the brand and its
competitors, by mentions, engagement and potential reach, per period, with the change from the period
before.

Two voices are measured separately (the ``voice`` column):
- ``others``: items about the entity written by anyone but its own accounts (its earned media, and paid
  media such as an influencer's disclosed sponsorship): the *mentions*;
- ``own``: items the entity's own accounts published (owned, and paid when promoted).

Per entity and voice: items, their interactions and their potential reach, the sum of their authors'
followers at posting (authors whose followers are unknown are counted in ``items_without_followers``, not
added as 0). Interactions are those of posts, replies and quotes (see :mod:`passaparola.metrics.engagement`:
items without counters are counted in ``items_without_counters``, lower bounds in ``items_partial``); a
share carries no interactions of its own (its counters are its original's), so it adds to items and reach,
not to engagement, and is not an unknown. Each share is the entity's value ÷ the sum over the brand and its
competitors in the same split; a sum of 0 gives a null share (nothing to divide). Split by a period, every
entity has a row for every period of the window: a period in which nobody mentioned it is a known 0 (a
share of 0, or null when nobody mentioned anyone), and ``*_share_change`` is the share minus the share of
the period just before (null for the first period).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.engagement import ENGAGED_KINDS, INTERACTIONS, ITEMS, entity_items, ratio, splits
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

MEASURES = ("items", "interactions", "potential_reach")
#: The length of each period, to recognise the period just before another.
PERIOD_LENGTH = {
    "day": ibis.interval(days=1),
    "week": ibis.interval(days=7),
    "month": ibis.interval(months=1),
    "quarter": ibis.interval(months=3),
    "year": ibis.interval(years=1),
}


def voice_frame(scope: Scope) -> ir.Table:
    table = entity_items(scope)
    table = table.filter(table.kind != "message")
    return table.mutate(voice=ibis.cases((table.own, "own"), else_="others"))


def _measures(table: ir.Table) -> dict[str, ir.Value]:
    engaged = table.kind.isin(ENGAGED_KINDS)
    return {
        "items": table.count(),
        "interactions": ibis.cases((engaged.sum() == 0, 0), else_=table.interactions.sum(where=engaged)),
        "items_without_counters": (engaged & table.interactions.isnull()).sum(),
        "items_partial": (engaged & table.partial).sum(),
        "potential_reach": table.author_followers.sum(),
        "items_without_followers": table.author_followers.isnull().sum(),
    }


def _share(measure: Text) -> Column:
    return Column(Text(f"Share of voice by {measure.en}", f"Quota di voce per {measure.it}"), "share")


def _change(measure: Text) -> Column:
    return Column(
        Text(
            f"Change in share by {measure.en} from the period before",
            f"Variazione della quota per {measure.it}",
        ),
        "points",
    )


_BY = {
    "items": Text("items (mentions)", "elementi (menzioni)"),
    "interactions": Text("engagement", "coinvolgimento"),
    "potential_reach": Text("potential reach", "copertura potenziale"),
}
COLUMNS = {
    "items": ITEMS,
    "interactions": INTERACTIONS,
    "items_without_counters": Column(
        Text("Posts, replies, quotes without counters", "Post, risposte, citazioni senza contatori"), "count"
    ),
    "items_partial": Column(
        Text("Items missing a counter (lower bound)", "Elementi con un contatore mancante (minimo)"), "count"
    ),
    "potential_reach": Column(
        Text("Potential reach (authors' followers)", "Copertura potenziale (follower degli autori)"), "count"
    ),
    "items_without_followers": Column(Text("Items without followers", "Elementi senza follower"), "count"),
    **{f"{m}_share": _share(_BY[m]) for m in MEASURES},
    **{f"{m}_share_change": _change(_BY[m]) for m in MEASURES},
}


def with_previous(table: ir.Table, by: list[str], values: tuple[str, ...], within: list[str]) -> ir.Table:
    """``{value}_change``: each value minus its value in the period just before, for the same ``within``
    keys (null when that period has no row, or when ``by`` has no period)."""
    periods = [d for d in by if d in PERIODS]
    if not periods:
        return table.mutate(**{f"{v}_change": ibis.null("float64") for v in values})
    period = periods[0]
    window = ibis.window(group_by=splits([d for d in by if d != period], *within), order_by=period)
    adjacent = table[period].lag().over(window) == table[period] - PERIOD_LENGTH[period]
    return table.mutate(
        **{
            f"{v}_change": ibis.cases(
                (adjacent.fill_null(False), table[v] - table[v].lag().over(window)),
                else_=ibis.null("float64"),
            )
            for v in values
        }
    )


def _shares(table: ir.Table, by: list[str], scope: Scope) -> ir.Table:
    across = splits([d for d in by if d != "entity"], "voice")
    shared = table.mutate(
        **{f"{m}_share": ratio(table[m], table[m].sum().over(group_by=across)) for m in MEASURES}
    )
    return with_previous(shared, by, tuple(f"{m}_share" for m in MEASURES), ["entity", "voice"])


SHARE_OF_VOICE = register(
    Metric(
        name="share_of_voice",
        title=Text(
            "Share of voice (mentions, engagement, potential reach)",
            "Quota di voce (menzioni, engagement, copertura potenziale)",
        ),
        definition=Text(
            "Each entity's share of the items, of their interactions and of their potential reach (authors' "
            "followers at posting), among the brand and its competitors, separately for what others say "
            "about each (voice 'others': mentions, earned and others' paid media) and what each publishes "
            "(voice 'own'). Engagement counts the interactions of posts, replies and quotes (a share has none "
            "of its own). Split by a period, every entity has a row for every period (no mention is a known "
            "0) and the change from the period before is given, in percentage points. Items without counters "
            "or followers are counted, not added as 0.",
            "La quota di ogni entità negli elementi, nelle loro interazioni e nella loro copertura "
            "potenziale (follower degli autori), tra il brand e i concorrenti, separatamente per ciò che gli "
            "altri dicono di ciascuno (voce 'others': menzioni, media guadagnati e a pagamento altrui) e ciò "
            "che ciascuno pubblica (voce 'own'). Diviso per periodo, è data la variazione rispetto al periodo "
            "precedente, in punti percentuali. Il coinvolgimento conta le interazioni di post, risposte e "
            "citazioni (una condivisione non ne ha di proprie); diviso per periodo, ogni entità ha una riga "
            "per ogni periodo (nessuna menzione è uno 0 noto). Gli elementi senza contatori o follower sono "
            "contati, non sommati come 0.",
        ),
        formula=Text(
            "entity's items (interactions, Σ followers) ÷ sum over brand and competitors, per voice; change = "
            "share − previous period's share",
            "elementi dell'entità (interazioni, Σ follower) ÷ somma su brand e concorrenti, per voce; "
            "variazione = quota − quota del periodo precedente",
        ),
        source="passaparola DESIGN (share of voice)",
        unit="share",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind"),
        frame=voice_frame,
        aggregate=_measures,
        breakdown=("entity", "voice"),
        finish=_shares,
        family="voice",
        columns=COLUMNS,
        headline="items_share",
        zeros=(
            "items",
            "interactions",
            "items_without_counters",
            "items_partial",
            "potential_reach",
            "items_without_followers",
        ),
    )
)
