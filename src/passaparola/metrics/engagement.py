"""Engagement: how people react to what is published, per item, per account and per hour of the week.

- **Interactions** = likes + shares + replies + quotes, with the parts kept. They are added over the
  counters the platform gives (Instagram and Reddit give no share counter, for instance); an item whose
  platform gave none of the four is unknown and is counted in ``items_without_counters``, never as 0.
- **Rate by followers** = interactions ÷ the author's followers at posting; **rate by impressions** =
  interactions ÷ views, when the platform gives views. An item without counters, followers or views has
  no rate of that variant (null), and the metrics say how many items they could not use.
- **Account rate** over a period = Σ interactions ÷ (posts × mean followers), over the entity's own posts
  whose counters and followers are known; a period with no such post has a null rate.
- **Kaushik's rates** (2011) per post: conversation = replies, amplification = shares, applause = likes;
  also per 1,000 followers (the per-post rate ÷ mean followers × 1,000).
- Only posts, replies and quotes are measured: a share's counters are its original's, not its own.

Items are attached to entities by the owned/paid/earned classification (:mod:`passaparola.metrics.media`):
an item counts for every entity it is media of, with its class (``media``) and whether one of the
entity's own accounts wrote it (``own``).
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from passaparola.config import Settings
from passaparola.metrics import Metric, Text, register
from passaparola.metrics.media import classify
from passaparola.metrics.roles import author_role, is_account
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS, local_time

#: Kinds whose counters measure the item's own reception (a share's counters are its original's).
ENGAGED_KINDS = ("post", "reply", "quote")
#: Kinds that are an account's published posts (as opposed to its replies and shares).
POST_KINDS = ("post", "quote")
PUBLIC_ROLES = ("influencer", "consumer", "public")
COUNTERS = ("likes", "shares", "replies", "quotes")
#: How many top posts and top authors the registry's lists keep per group.
TOP = 10
_SOURCE = "passaparola DESIGN (engagement); Kaushik, 'Best Social Media Metrics' (2011)"


def interactions(table: ir.Table) -> ir.IntegerValue:
    """Likes + shares + replies + quotes over the counters given; null when none of them is known."""
    known = ibis.or_(*[table[c].notnull() for c in COUNTERS])
    total = sum((table[c].fill_null(0) for c in COUNTERS[1:]), table[COUNTERS[0]].fill_null(0))
    return ibis.cases((known, total), else_=ibis.null("int64"))


def ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    """``numerator ÷ denominator``, null when the denominator is null or zero (never an error, never 0)."""
    return ibis.cases(
        (denominator.notnull() & (denominator != 0), numerator.cast("float64") / denominator),
        else_=ibis.null("float64"),
    )


def hour_of_week(ts: ir.TimestampValue, zone: str) -> ir.IntegerValue:
    """0 (Monday 00:00-00:59) to 167 (Sunday 23:00-23:59), in the workspace's time zone."""
    local = local_time(ts, zone)
    return local.day_of_week.index() * 24 + local.hour()


def author_entity(settings: Settings, table: ir.Table) -> ir.StringValue:
    """The name of the entity whose account wrote the item; null for anyone else."""
    branches = [
        (is_account(entity, table.platform, table.author_handle, table.author_id), entity.name)
        for entity in settings.entities
    ]
    return ibis.cases(*branches, else_=ibis.null(str)) if branches else ibis.null(str)


def entity_items(scope: Scope) -> ir.Table:
    """One row per (item, entity) the item is media of: the item's columns and counters, ``entity``,
    ``media``, ``own`` (written by the entity's accounts), ``role``, ``author``, ``interactions``,
    ``rate_by_followers``, ``rate_by_impressions`` and ``hour_of_week``."""
    settings = scope.settings
    media = classify(scope).select("platform", "id", "entity", "media", "campaign")
    items = scope.items.select(
        "platform",
        "id",
        "kind",
        "created_at",
        "author_id",
        "author_handle",
        "author_name",
        "author_followers",
        "text",
        "url",
        "views",
        *COUNTERS,
    )
    joined = items.join(media, ["platform", "id"])
    joined = joined.mutate(
        own=(author_entity(settings, joined) == joined.entity).fill_null(False),
        role=author_role(settings, joined),
        author=joined.author_handle.fill_null(joined.author_id),
        interactions=interactions(joined),
        hour_of_week=hour_of_week(joined.created_at, scope.zone),
    )
    return joined.mutate(
        rate_by_followers=ratio(joined.interactions, joined.author_followers),
        rate_by_impressions=ratio(joined.interactions, joined.views),
    )


def engaged_items(scope: Scope) -> ir.Table:
    """Posts, replies and quotes attached to entities (see :func:`entity_items`)."""
    table = entity_items(scope)
    return table.filter(table.kind.isin(ENGAGED_KINDS))


def own_posts(scope: Scope) -> ir.Table:
    """Each entity's own posts and quotes (organic or promoted)."""
    table = entity_items(scope)
    return table.filter(table.own & table.kind.isin(POST_KINDS))


def splits(by: list[str], *columns: str) -> list[str]:
    """``by`` and then ``columns``, each once (a metric's breakdown may repeat a dimension asked for)."""
    return list(dict.fromkeys([*by, *columns]))


def ranked(table: ir.Table, group: list[str], order: str, limit: int) -> ir.Table:
    """The ``limit`` rows with the highest ``order`` in each group (rows where it is unknown left out),
    numbered from 1 in a ``rank`` column."""
    known = table.filter(table[order].notnull())
    tiebreak = [column for column in ("platform", "id", "author") if column in table.columns]
    numbered = known.mutate(
        rank=ibis.row_number().over(group_by=group or None, order_by=[ibis.desc(order), *tiebreak]) + 1
    )
    return numbered.filter(numbered["rank"] <= limit)


def top_posts(scope: Scope, entity: str, order: str, limit: int, media: str | None = None) -> ir.Table:
    """The entity's ``limit`` items (posts, replies, quotes) with most interactions (``order``
    ``interactions``) or the highest rate by followers (``rate_by_followers``), optionally of one media
    class."""
    table = engaged_items(scope)
    table = table.filter(table.entity == entity)
    if media is not None:
        table = table.filter(table.media == media)
    return ranked(table, [], order, limit).order_by("rank")


def author_engagement(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "items": table.count(),
        "items_without_counters": table.interactions.isnull().sum(),
        "interactions": table.interactions.sum(),
        "followers": table.author_followers.max(),
        "median_rate_by_followers": table.rate_by_followers.median(),
    }


def top_authors(scope: Scope, entity: str, order: str, limit: int, media: str | None = None) -> ir.Table:
    """The authors whose items for the entity drew most interactions (``order`` ``interactions``) or the
    highest median rate by followers (``median_rate_by_followers``), optionally of one media class."""
    table = engaged_items(scope)
    table = table.filter(table.entity == entity)
    if media is not None:
        table = table.filter(table.media == media)
    per_author = table.group_by(["platform", "author"]).aggregate(**author_engagement(table))
    return ranked(per_author, [], order, limit).order_by("rank")


def _counters(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "items": table.count(),
        "items_without_counters": table.interactions.isnull().sum(),
        **{counter: table[counter].sum() for counter in COUNTERS},
        "interactions": table.interactions.sum(),
    }


def _rate(variant: str, missing: str) -> Callable[[ir.Table], dict[str, ir.Value]]:
    def aggregate(table: ir.Table) -> dict[str, ir.Value]:
        rate = table[f"rate_by_{variant}"]
        return {
            "items": table.count(),
            "items_rated": rate.count(),
            "items_without_counters": table.interactions.isnull().sum(),
            missing: (table.interactions.notnull() & rate.isnull()).sum(),
            f"median_rate_by_{variant}": rate.median(),
            f"mean_rate_by_{variant}": rate.mean(),
        }

    return aggregate


def _account_rate(table: ir.Table) -> dict[str, ir.Value]:
    usable = table.interactions.notnull() & table.author_followers.notnull()
    posts_used = usable.sum()
    total = table.interactions.sum(where=usable)
    mean_followers = table.author_followers.mean(where=usable)
    return {
        "posts": table.count(),
        "posts_used": posts_used,
        "posts_without_counters": table.interactions.isnull().sum(),
        "posts_without_followers": (table.interactions.notnull() & table.author_followers.isnull()).sum(),
        "interactions": total,
        "mean_followers": mean_followers,
        "account_rate_by_followers": ratio(total, posts_used * mean_followers),
    }


_KAUSHIK = (("conversation", "replies"), ("amplification", "shares"), ("applause", "likes"))


def _kaushik(table: ir.Table) -> dict[str, ir.Value]:
    values: dict[str, ir.Value] = {
        "posts": table.count(),
        "posts_without_counters": table.interactions.isnull().sum(),
    }
    for name, counter in _KAUSHIK:
        values[f"{name}_rate_per_post"] = ratio(table[counter].sum(), table[counter].count())
    for name, counter in _KAUSHIK:
        both = table[counter].notnull() & table.author_followers.notnull()
        values[f"{name}_rate_per_1000_followers"] = ratio(
            table[counter].sum(where=both) * 1000, table.author_followers.sum(where=both)
        )
    return values


def _heatmap(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "posts": table.count(),
        "posts_without_counters": table.interactions.isnull().sum(),
        "median_interactions": table.interactions.median(),
        "median_rate_by_followers": table.rate_by_followers.median(),
        "median_rate_by_impressions": table.rate_by_impressions.median(),
    }


def _top_posts(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "author": table.author.arbitrary(),
        "interactions": table.interactions.max(),
        "rate_by_followers": table.rate_by_followers.max(),
        "text": table.text.arbitrary(),
        "url": table.url.arbitrary(),
    }


def _top_finish(table: ir.Table, by: list[str]) -> ir.Table:
    return ranked(table, splits(by, "entity", "media"), "interactions", TOP)


ENGAGEMENT = register(
    Metric(
        name="engagement",
        title=Text(
            "Interactions (likes, shares, replies, quotes)",
            "Interazioni (mi piace, condivisioni, risposte, citazioni)",
        ),
        definition=Text(
            "Interactions received by the posts, replies and quotes of each entity's owned, paid and earned "
            "media, with their parts. Parts are added over the counters the platform gives; items whose "
            "platform gave no counter are unknown, counted in items_without_counters and never taken as 0.",
            "Interazioni ricevute da post, risposte e citazioni dei media di proprietà, a pagamento e "
            "guadagnati di ogni entità, con le loro parti. Le parti si sommano sui contatori che la "
            "piattaforma fornisce; gli elementi senza alcun contatore sono sconosciuti, contati in "
            "items_without_counters e mai presi come 0.",
        ),
        formula="interactions = likes + shares + replies + quotes (known counters), summed per entity and media class",
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_counters,
        breakdown=("entity", "media"),
        family="engagement",
    )
)

RATE_BY_FOLLOWERS = register(
    Metric(
        name="engagement_rate_by_followers",
        title=Text(
            "Engagement rate by followers (per item)", "Tasso di engagement sui follower (per elemento)"
        ),
        definition=Text(
            "For each post, reply or quote: its interactions ÷ its author's followers at posting; the median "
            "and mean over the items, per entity and media class. Items without counters or without a "
            "follower count (or with 0 followers) have no rate and are counted, not used.",
            "Per ogni post, risposta o citazione: le interazioni ÷ i follower dell'autore al momento della "
            "pubblicazione; mediana e media sugli elementi, per entità e classe di media. Gli elementi senza "
            "contatori o senza numero di follower (o con 0 follower) non hanno tasso: sono contati, non usati.",
        ),
        formula="median and mean of interactions ÷ author_followers",
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_rate("followers", "items_without_followers"),
        breakdown=("entity", "media"),
        family="engagement",
    )
)

RATE_BY_IMPRESSIONS = register(
    Metric(
        name="engagement_rate_by_impressions",
        title=Text(
            "Engagement rate by impressions (per item)",
            "Tasso di engagement sulle visualizzazioni (per elemento)",
        ),
        definition=Text(
            "For each post, reply or quote whose platform gives views: its interactions ÷ its views; the "
            "median and mean over the items, per entity and media class. Items without counters or without "
            "views are counted, not used.",
            "Per ogni post, risposta o citazione di cui la piattaforma fornisce le visualizzazioni: le "
            "interazioni ÷ le visualizzazioni; mediana e media sugli elementi, per entità e classe di media. "
            "Gli elementi senza contatori o senza visualizzazioni sono contati, non usati.",
        ),
        formula="median and mean of interactions ÷ views",
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_rate("impressions", "items_without_views"),
        breakdown=("entity", "media"),
        family="engagement",
    )
)

ACCOUNT_RATE = register(
    Metric(
        name="account_engagement_rate",
        title=Text("Account engagement rate by followers", "Tasso di engagement dell'account sui follower"),
        definition=Text(
            "Over a period, an entity's own posts and quotes: total interactions ÷ (posts × mean followers at "
            "posting), using the posts whose counters and followers are known (posts_used). A period with no "
            "such post has no rate (null), not 0.",
            "In un periodo, sui post e le citazioni dell'entità: interazioni totali ÷ (post × follower medi "
            "alla pubblicazione), usando i post di cui si conoscono contatori e follower (posts_used). Un "
            "periodo senza tali post non ha tasso (nullo), non 0.",
        ),
        formula="Σ interactions ÷ (posts_used × mean followers)",
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=own_posts,
        aggregate=_account_rate,
        breakdown=("entity",),
        family="engagement",
    )
)

KAUSHIK = register(
    Metric(
        name="kaushik_rates",
        title=Text(
            "Conversation, amplification and applause rates (Kaushik)",
            "Tassi di conversazione, amplificazione e applauso (Kaushik)",
        ),
        definition=Text(
            "An entity's own posts and quotes: replies (conversation), shares (amplification) and likes "
            "(applause) per post, each over the posts whose platform gives that counter; and each per post "
            "per 1,000 followers (Σ counter × 1,000 ÷ Σ followers at posting, over posts with both known).",
            "Post e citazioni dell'entità: risposte (conversazione), condivisioni (amplificazione) e mi piace "
            "(applauso) per post, ciascuno sui post di cui la piattaforma dà quel contatore; e ciascuno per "
            "post ogni 1.000 follower (Σ contatore × 1.000 ÷ Σ follower, sui post con entrambi noti).",
        ),
        formula="replies ÷ posts, shares ÷ posts, likes ÷ posts; per 1,000 followers: Σ counter × 1000 ÷ Σ followers",
        source="Kaushik, 'Best Social Media Metrics: Conversation, Amplification, Applause, Economic Value' (2011)",
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=own_posts,
        aggregate=_kaushik,
        breakdown=("entity",),
        family="engagement",
    )
)

HEATMAP = register(
    Metric(
        name="engagement_by_hour_of_week",
        title=Text("Engagement by hour of the week", "Engagement per ora della settimana"),
        definition=Text(
            "An entity's own posts and quotes by the hour of the week they were published, in the workspace "
            "time zone (0 = Monday 00:00-00:59, 167 = Sunday 23:00-23:59): how many, and their median "
            "interactions, median rate by followers and median rate by impressions. It answers when to post.",
            "Post e citazioni dell'entità per ora della settimana di pubblicazione, nel fuso orario del "
            "workspace (0 = lunedì 00:00-00:59, 167 = domenica 23:00-23:59): quanti, e la mediana di "
            "interazioni, del tasso sui follower e del tasso sulle visualizzazioni. Risponde a quando "
            "pubblicare.",
        ),
        formula="per hour_of_week = weekday × 24 + local hour: median interactions, median rate by followers",
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "hour_of_week"),
        frame=own_posts,
        aggregate=_heatmap,
        breakdown=("entity", "hour_of_week"),
        family="engagement",
    )
)

TOP_POSTS = register(
    Metric(
        name="top_posts",
        title=Text("Top posts by interactions", "Post migliori per interazioni"),
        definition=Text(
            f"For each entity and media class, the {TOP} posts, replies or quotes with most interactions "
            "(items whose counters are unknown are left out), with their rate by followers.",
            f"Per ogni entità e classe di media, i {TOP} post, risposte o citazioni con più interazioni (gli "
            "elementi con contatori sconosciuti sono esclusi), con il loro tasso sui follower.",
        ),
        formula=f"rank by interactions, top {TOP} per entity and media class",
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind"),
        frame=engaged_items,
        aggregate=_top_posts,
        breakdown=("entity", "media", "platform", "id"),
        finish=_top_finish,
        family="engagement",
    )
)

TOP_AUTHORS = register(
    Metric(
        name="top_authors",
        title=Text("Top authors by interactions", "Autori migliori per interazioni"),
        definition=Text(
            f"For each entity and media class, the {TOP} authors whose posts, replies and quotes drew most "
            "interactions in total, with their items, highest follower count seen and median rate by followers.",
            f"Per ogni entità e classe di media, i {TOP} autori i cui post, risposte e citazioni hanno "
            "raccolto più interazioni in totale, con elementi, massimo numero di follower visto e tasso mediano sui follower.",
        ),
        formula=f"Σ interactions per author, top {TOP} per entity and media class",
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "role"),
        frame=engaged_items,
        aggregate=author_engagement,
        breakdown=("entity", "media", "platform", "author"),
        finish=_top_finish,
        family="engagement",
    )
)
