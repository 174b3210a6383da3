"""Owned, paid and earned media, relative to each entity (the brand and every competitor).

For an entity E, an item is
- **paid** when it is E's own or about E *and* carries a paid signal: the platform's promoted flag; a
  link whose ``utm_medium`` is a paid medium (``cpc``, ``paid``, ``paid_social`` by default); for the
  brand, one of its configured campaigns (campaign hashtag, UTM campaign, ad id); or, from a public
  author, a sponsorship disclosure (``#adv``, ``#ad``, ``#sponsored``, ``#sponsorizzato``, ``#pubblicità``,
  "in collaborazione con", in any case and with or without accents), which is how Italian rules make
  influencers mark paid posts;
- **owned** when written by one of E's accounts;
- **earned** when anyone else's item mentions E (one of its accounts, or its listening query), replies to
  one of E's items, or shares or quotes one.

Paid signals are read from the author's own content: a share repeats its original's text, tags and links,
so a public author's share of a sponsored post is earned (the sharer was not paid), not paid.

Each item gets at most one class per entity, by the precedence paid over owned over earned. Campaign
markers in ``[paid]`` are the brand's own, so they make items paid for the brand only; a competitor's
paid media shows through the platform's flag, paid UTM mediums and disclosures.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.config import Settings
from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.roles import entity_of, heard, mentions
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS
from passaparola.query import normalise

CLASSES = ("paid", "owned", "earned")


def _any(values: ir.ArrayValue, wanted: tuple[str, ...]) -> ir.BooleanValue:
    if not wanted:
        return ibis.literal(False)
    return ibis.or_(*[values.contains(value) for value in wanted]).fill_null(False)


def classify(scope: Scope) -> ir.Table:
    """One row per (item, entity) the item is media of: ``platform, id, created_at, kind, entity, media``."""
    settings: Settings = scope.settings
    items = scope.items
    paid = settings.paid
    text = items.search_text.fill_null("")  # lower-cased, accents stripped, as stored
    writer = entity_of(scope, items)
    public = writer.isnull()
    disclosed = _any(items.hashtags, paid.disclosure_hashtags) | ibis.or_(
        ibis.literal(False), *[text.contains(normalise(phrase)) for phrase in paid.disclosure_phrases]
    )
    generic_paid = (
        items.promoted.fill_null(False) | _any(items.utm_mediums, paid.utm_mediums) | (public & disclosed)
    )
    campaign = (
        _any(items.hashtags, paid.hashtags)
        | _any(items.utm_campaigns, paid.utm_campaigns)
        | (items.id.isin(list(paid.ad_ids)) if paid.ad_ids else ibis.literal(False))
    )
    # the brand's campaign an item belongs to: its first configured campaign hashtag, else UTM campaign
    marks = [
        *((items.hashtags.contains(h).fill_null(False), h) for h in paid.hashtags),
        *((items.utm_campaigns.contains(c).fill_null(False), c) for c in paid.utm_campaigns),
    ]
    tag = ibis.cases(*marks, else_=ibis.null(str)) if marks else ibis.null(str)
    classes = []
    answered, shared = entity_of(scope, items, "parent"), entity_of(scope, items, "shared")
    for one in settings.entities:
        owned = (writer == one.name).fill_null(False)
        about = (
            mentions(scope, items, one)
            | heard(scope, items, one)
            | (answered == one.name).fill_null(False)
            | (shared == one.name).fill_null(False)
        )
        # a share repeats its original's text, tags and links: those signals are the original's, not the sharer's
        signal = (items.kind != "share") & (
            generic_paid | campaign if one is settings.brand else generic_paid
        )
        media = ibis.cases(
            ((owned | about) & signal, "paid"), (owned, "owned"), (about, "earned"), else_=ibis.null(str)
        )
        classes.append(ibis.struct({"entity": ibis.literal(one.name), "media": media}))
    if not classes:
        return items.select(
            "platform",
            "id",
            "created_at",
            "kind",
            entity=ibis.null(str),
            media=ibis.null(str),
            campaign=ibis.null(str),
        ).limit(0)
    # every entity's class in one projection, so the engine computes what they share (lower-cased
    # handles, the disclosure and campaign tests) once per item, then one row per (item, entity) the item
    # is media of (the others dropped before unnesting, not after)
    media_of = ibis.array(classes).filter(lambda pair: pair["media"].notnull())
    per_item = items.select("platform", "id", "created_at", "kind", campaign=tag, classes=media_of)
    pairs = per_item.select(
        "platform", "id", "created_at", "kind", "campaign", pair=per_item.classes.unnest()
    )
    return pairs.select(
        "platform",
        "id",
        "created_at",
        "kind",
        entity=pairs.pair["entity"],
        media=pairs.pair["media"],
        campaign="campaign",
    )


_DEFINITION = Text(
    "Items that are owned (written by the entity's accounts), paid (promoted, a paid UTM medium, one of "
    "the brand's campaigns, or a public author's sponsorship disclosure such as #adv) or earned (anyone "
    "else's item mentioning the entity, matching its listening query, replying to it or sharing it), with "
    "the precedence paid over owned over earned.",
    "Elementi di proprietà (scritti dagli account dell'entità), a pagamento (promossi, un UTM medium a "
    "pagamento, una campagna del brand o una dichiarazione di sponsorizzazione di un autore pubblico come "
    "#adv) o guadagnati (elementi di altri che citano l'entità, corrispondono alla sua query di ascolto, le "
    "rispondono o la condividono), con la precedenza: a pagamento, poi di proprietà, poi guadagnati.",
)

#: The items of each class, per entity.
ITEMS = Column(Text("Items", "Elementi"), "count")

MEDIA_ITEMS = register(
    Metric(
        name="media_items",
        title=Text("Owned, paid and earned items", "Elementi di proprietà, a pagamento e guadagnati"),
        definition=_DEFINITION,
        formula="count(items) per entity and media class",
        source="POEM framework (owned/paid/earned media), Forrester 2009; passaparola DESIGN",
        unit="items",
        better="neither",
        dimensions=("platform", *PERIODS, "kind", "campaign"),
        frame=classify,
        aggregate=lambda t: {"items": t.count()},
        breakdown=("entity", "media"),
        family="media",
        columns={"items": ITEMS},
        headline="items",
    )
)

MEDIA_SHARE = register(
    Metric(
        name="media_share",
        title=Text(
            "Share of owned, paid and earned media", "Quota di media di proprietà, a pagamento e guadagnati"
        ),
        definition=_DEFINITION,
        formula="items of the class ÷ items of all three classes, per entity (and per split)",
        source="POEM framework (owned/paid/earned media), Forrester 2009; passaparola DESIGN",
        unit="share",
        better="neither",
        dimensions=("platform", *PERIODS, "kind", "campaign"),
        frame=classify,
        aggregate=lambda t: {"items": t.count()},
        breakdown=("entity", "media"),
        finish=lambda table, by, scope: table.mutate(
            share=table["items"] / table["items"].sum().over(group_by=[*by, "entity"])
        ),
        family="media",
        columns={"items": ITEMS, "share": Column(Text("Share", "Quota"), "share")},
        headline="share",
    )
)
