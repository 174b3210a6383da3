"""Engagement: how people react to what is published, per item, per account and per hour of the week.

- **Interactions** = likes + shares + replies + quotes, with the parts kept. A platform that never gives a
  counter (Instagram and Reddit give no share counter, Mastodon no quote counter: no item of that platform
  in the store has it) measures interactions without it, and its items are complete without it. When a
  counter the platform does give is missing on an item, the item's interactions are the sum of the parts it
  has: a **lower bound**, counted in ``items_partial`` wherever interactions are added, never hidden. An
  item with none of the four is unknown: counted in ``items_without_counters``, never taken as 0.
- **Rate by followers** = interactions ÷ the author's followers at posting; **rate by impressions** =
  interactions ÷ views, when the platform gives views. An item without counters, followers or views has
  no rate of that variant (null), and the metrics say how many items they could not use.
- **Account rate** over a period = Σ interactions ÷ (posts × mean followers), over the entity's own posts
  whose counters and followers are known; a period with no such post has a null rate.
- **Kaushik's rates** (2011) per post: conversation = replies, amplification = shares, applause = likes,
  each over the posts that have that counter (``*_posts`` says how many); also per 1,000 followers (the
  per-post rate ÷ mean followers × 1,000, over the posts with the counter and followers known).
- Only posts, replies and quotes are measured: a share's counters are its original's, not its own.

Items are attached to entities by the owned/paid/earned classification (:mod:`passaparola.metrics.media`):
an item counts for every entity it is media of, with its class (``media``) and whether one of the
entity's own accounts wrote it (``own``).
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.media import classify
from passaparola.metrics.roles import entity_of, role
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


def platform_counters(scope: Scope) -> ir.Table:
    """Per platform, which counters it gives: ``gives_likes`` and so on, true when any item of the platform
    in the store (shares aside: their counters are their original's) has that counter."""
    items = scope.all_items
    items = items.filter(items.kind != "share")
    return items.group_by("platform").aggregate(**{f"gives_{c}": items[c].notnull().any() for c in COUNTERS})


def partial(table: ir.Table) -> ir.BooleanValue:
    """True when the item has some counters but lacks one its platform gives: its interactions are a lower
    bound. Needs the ``gives_*`` columns of :func:`platform_counters`."""
    known = ibis.or_(*[table[c].notnull() for c in COUNTERS])
    missing = ibis.or_(*[table[c].isnull() & table[f"gives_{c}"].fill_null(False) for c in COUNTERS])
    return known & missing


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


def entity_items(scope: Scope) -> ir.Table:
    """One row per (item, entity) the item is media of: the item's columns and counters, ``entity``,
    ``media``, ``own`` (written by the entity's accounts), ``role``, ``author``, ``interactions``,
    ``partial`` (interactions are a lower bound), ``rate_by_followers``, ``rate_by_impressions`` and
    ``hour_of_week``."""
    media = classify(scope).select("platform", "id", "entity", "media", "campaign")
    items = scope.items
    items = items.select(
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
        writer=entity_of(scope, items),
        role=role(scope, items),
    )
    joined = items.join(media, ["platform", "id"]).left_join(platform_counters(scope), "platform")
    joined = joined.mutate(
        own=(joined.writer == joined.entity).fill_null(False),
        author=joined.author_handle.fill_null(joined.author_id),
        interactions=interactions(joined),
        partial=partial(joined),
        hour_of_week=hour_of_week(joined.created_at, scope.zone),
    )
    joined = joined.drop("platform_right", "writer", *[f"gives_{c}" for c in COUNTERS])
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
        "items_partial": table.partial.sum(),
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


# Result columns, declared once for every metric of the family (and the families built on it).

ITEMS = Column(Text("Items", "Elementi"), "count")
POSTS = Column(Text("Posts", "Post"), "count")
WITHOUT_COUNTERS = Column(
    Text("Items without counters (unknown)", "Elementi senza contatori (sconosciuti)"), "count"
)
PARTIAL = Column(
    Text("Items missing a counter (lower bound)", "Elementi con un contatore mancante (minimo)"), "count"
)
POSTS_WITHOUT_COUNTERS = Column(
    Text("Posts without counters (unknown)", "Post senza contatori (sconosciuti)"), "count"
)
POSTS_PARTIAL = Column(
    Text("Posts missing a counter (lower bound)", "Post con un contatore mancante (minimo)"), "count"
)
POSTS_WITHOUT_FOLLOWERS = Column(Text("Posts without followers", "Post senza follower"), "count")
INTERACTIONS = Column(Text("Interactions", "Interazioni"), "count")
PARTS = {
    "likes": Column(Text("Likes", "Mi piace"), "count"),
    "shares": Column(Text("Shares", "Condivisioni"), "count"),
    "replies": Column(Text("Replies", "Risposte"), "count"),
    "quotes": Column(Text("Quotes", "Citazioni"), "count"),
}
_VARIANT = {
    "followers": Text("engagement rate by followers", "tasso di engagement sui follower"),
    "impressions": Text("engagement rate by impressions", "tasso di engagement sulle visualizzazioni"),
}


def rate_column(statistic: str, variant: str) -> Column:
    """``median`` or ``mean`` of the per-item engagement rate by ``followers`` or ``impressions``."""
    name = _VARIANT[variant]
    if statistic == "median":
        return Column(Text(f"Median {name.en}", f"{name.it.capitalize()} mediano"), "share")
    return Column(Text(f"Mean {name.en}", f"{name.it.capitalize()} medio"), "share")


def _counters(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "items": table.count(),
        "items_without_counters": table.interactions.isnull().sum(),
        "items_partial": table.partial.sum(),
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
            "items_partial": (table.partial & rate.notnull()).sum(),
            f"median_rate_by_{variant}": rate.median(),
            f"mean_rate_by_{variant}": rate.mean(),
        }

    return aggregate


def _rate_columns(variant: str, missing: Column) -> dict[str, Column]:
    return {
        "items": ITEMS,
        "items_rated": Column(Text("Items rated", "Elementi valutati"), "count"),
        "items_without_counters": WITHOUT_COUNTERS,
        f"items_without_{'followers' if variant == 'followers' else 'views'}": missing,
        "items_partial": Column(
            Text(
                "Items rated missing a counter (lower bound)", "Elementi valutati con un contatore mancante"
            ),
            "count",
        ),
        f"median_rate_by_{variant}": rate_column("median", variant),
        f"mean_rate_by_{variant}": rate_column("mean", variant),
    }


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
        "posts_partial": (table.partial & usable).sum(),
        "interactions": total,
        "mean_followers": mean_followers,
        "account_rate_by_followers": ratio(total, posts_used * mean_followers),
    }


#: Kaushik's rates: name, counter, title (English, Italian), counter's name (English, Italian)
_KAUSHIK = (
    ("conversation", "replies", "Conversation rate", "Tasso di conversazione", "replies", "risposte"),
    ("amplification", "shares", "Amplification rate", "Tasso di amplificazione", "shares", "condivisioni"),
    ("applause", "likes", "Applause rate", "Tasso di applauso", "likes", "mi piace"),
)


def _kaushik(table: ir.Table) -> dict[str, ir.Value]:
    values: dict[str, ir.Value] = {
        "posts": table.count(),
        "posts_without_counters": table.interactions.isnull().sum(),
        "posts_without_followers": table.author_followers.isnull().sum(),
    }
    for name, counter, *_ in _KAUSHIK:
        values[f"{name}_posts"] = table[counter].count()
    for name, counter, *_ in _KAUSHIK:
        values[f"{name}_rate_per_post"] = ratio(table[counter].sum(), table[counter].count())
    for name, counter, *_ in _KAUSHIK:
        both = table[counter].notnull() & table.author_followers.notnull()
        values[f"{name}_rate_per_1000_followers"] = ratio(
            table[counter].sum(where=both) * 1000, table.author_followers.sum(where=both)
        )
    return values


def _kaushik_columns() -> dict[str, Column]:
    columns = {
        "posts": POSTS,
        "posts_without_counters": POSTS_WITHOUT_COUNTERS,
        "posts_without_followers": POSTS_WITHOUT_FOLLOWERS,
    }
    for name, _, _en, _it, what_en, what_it in _KAUSHIK:
        columns[f"{name}_posts"] = Column(
            Text(f"Posts with {what_en} counted", f"Post con {what_it} contati"), "count"
        )
    for name, _, en, it, what_en, what_it in _KAUSHIK:
        columns[f"{name}_rate_per_post"] = Column(
            Text(f"{en} ({what_en} per post)", f"{it} ({what_it} per post)"), "number"
        )
    for name, _, en, it, what_en, what_it in _KAUSHIK:
        columns[f"{name}_rate_per_1000_followers"] = Column(
            Text(
                f"{en} ({what_en} per post per 1,000 followers)",
                f"{it} ({what_it} per post ogni 1.000 follower)",
            ),
            "number",
        )
    return columns


def _heatmap(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "posts": table.count(),
        "posts_without_counters": table.interactions.isnull().sum(),
        "posts_partial": table.partial.sum(),
        "median_interactions": table.interactions.median(),
        "median_rate_by_followers": table.rate_by_followers.median(),
        "median_rate_by_impressions": table.rate_by_impressions.median(),
    }


def _top_posts(table: ir.Table) -> dict[str, ir.Value]:
    return {
        "author": table.author.arbitrary(),
        "interactions": table.interactions.max(),
        "partial": table.partial.max(),
        "rate_by_followers": table.rate_by_followers.max(),
        "text": table.text.arbitrary(),
        "url": table.url.arbitrary(),
    }


def _top_finish(table: ir.Table, by: list[str], scope: Scope) -> ir.Table:
    return ranked(table, splits(by, "entity", "media"), "interactions", TOP)


RANK = Column(Text("Rank", "Posizione"), "count")
AUTHOR = Column(Text("Author", "Autore"), "text")
ENGAGEMENT = register(
    Metric(
        name="engagement",
        title=Text(
            "Interactions (likes, shares, replies, quotes)",
            "Interazioni (mi piace, condivisioni, risposte, citazioni)",
        ),
        definition=Text(
            "Interactions received by the posts, replies and quotes of each entity's owned, paid and earned "
            "media, with their parts. Parts are added over the counters the platform gives (a counter the "
            "platform never gives, such as Instagram's shares, is not part of its interactions). An item "
            "missing a counter its platform gives elsewhere adds the parts it has, a lower bound counted in "
            "items_partial; an item with no counter is unknown, counted in items_without_counters and never "
            "taken as 0.",
            "Interazioni ricevute da post, risposte e citazioni dei media di proprietà, a pagamento e "
            "guadagnati di ogni entità, con le loro parti. Le parti si sommano sui contatori che la "
            "piattaforma fornisce (un contatore che la piattaforma non dà mai, come le condivisioni di "
            "Instagram, non fa parte delle sue interazioni). Un elemento privo di un contatore che la sua "
            "piattaforma dà altrove somma le parti che ha, un valore minimo contato in items_partial; un "
            "elemento senza alcun contatore è sconosciuto, contato in items_without_counters e mai preso come 0.",
        ),
        formula=Text(
            "interactions = likes + shares + replies + quotes (the counters the platform gives), summed per "
            "entity and media class",
            "interazioni = mi piace + condivisioni + risposte + citazioni (i contatori che la piattaforma dà), "
            "sommate per entità e classe di media",
        ),
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_counters,
        breakdown=("entity", "media"),
        columns={
            "items": ITEMS,
            "items_without_counters": WITHOUT_COUNTERS,
            "items_partial": PARTIAL,
            **PARTS,
            "interactions": INTERACTIONS,
        },
        headline="interactions",
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
        formula=Text(
            "median and mean of interactions ÷ author's followers",
            "mediana e media di interazioni ÷ follower dell'autore",
        ),
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_rate("followers", "items_without_followers"),
        breakdown=("entity", "media"),
        columns=_rate_columns(
            "followers", Column(Text("Items without followers", "Elementi senza follower"), "count")
        ),
        headline="median_rate_by_followers",
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
        formula=Text(
            "median and mean of interactions ÷ views", "mediana e media di interazioni ÷ visualizzazioni"
        ),
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "role", "hour_of_week"),
        frame=engaged_items,
        aggregate=_rate("impressions", "items_without_views"),
        breakdown=("entity", "media"),
        columns=_rate_columns(
            "impressions", Column(Text("Items without views", "Elementi senza visualizzazioni"), "count")
        ),
        headline="median_rate_by_impressions",
        family="engagement",
    )
)

ACCOUNT_RATE = register(
    Metric(
        name="account_engagement_rate",
        title=Text("Account engagement rate by followers", "Tasso di engagement dell'account sui follower"),
        definition=Text(
            "Over a period, an entity's own posts and quotes: total interactions ÷ (posts × mean followers at "
            "posting), using the posts whose counters and followers are known (posts_used). A period in which "
            "an entity published nothing has 0 posts and no rate (null: nothing to divide), not a rate of 0.",
            "In un periodo, sui post e le citazioni dell'entità: interazioni totali ÷ (post × follower medi "
            "alla pubblicazione), usando i post di cui si conoscono contatori e follower (posts_used). Un "
            "periodo in cui l'entità non ha pubblicato nulla ha 0 post e nessun tasso (nullo: nulla da "
            "dividere), non un tasso di 0.",
        ),
        formula=Text(
            "Σ interactions ÷ (posts used × mean followers)", "Σ interazioni ÷ (post usati × follower medi)"
        ),
        source=_SOURCE,
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=own_posts,
        aggregate=_account_rate,
        breakdown=("entity",),
        columns={
            "posts": POSTS,
            "posts_used": Column(Text("Posts used", "Post usati"), "count"),
            "posts_without_counters": POSTS_WITHOUT_COUNTERS,
            "posts_without_followers": POSTS_WITHOUT_FOLLOWERS,
            "posts_partial": Column(
                Text("Posts used missing a counter (lower bound)", "Post usati con un contatore mancante"),
                "count",
            ),
            "interactions": INTERACTIONS,
            "mean_followers": Column(
                Text("Mean followers at posting", "Follower medi alla pubblicazione"), "count"
            ),
            "account_rate_by_followers": Column(
                Text("Account engagement rate by followers", "Tasso di engagement dell'account sui follower"),
                "share",
            ),
        },
        headline="account_rate_by_followers",
        zeros=(
            "posts",
            "posts_used",
            "posts_without_counters",
            "posts_without_followers",
            "posts_partial",
            "interactions",
        ),
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
            "(applause) per post, each over the posts that have that counter (counted in *_posts: Instagram "
            "gives no shares, so its posts are not in the amplification rate); and each per post per 1,000 "
            "followers (Σ counter × 1,000 ÷ Σ followers at posting, over posts with both known). A period "
            "without posts has 0 posts and no rate.",
            "Post e citazioni dell'entità: risposte (conversazione), condivisioni (amplificazione) e mi piace "
            "(applauso) per post, ciascuno sui post che hanno quel contatore (contati in *_posts: Instagram "
            "non dà le condivisioni, quindi i suoi post non entrano nel tasso di amplificazione); e ciascuno "
            "per post ogni 1.000 follower (Σ contatore × 1.000 ÷ Σ follower, sui post con entrambi noti). Un "
            "periodo senza post ha 0 post e nessun tasso.",
        ),
        formula=Text(
            "replies ÷ posts, shares ÷ posts, likes ÷ posts; per 1,000 followers: Σ counter × 1,000 ÷ Σ followers",
            "risposte ÷ post, condivisioni ÷ post, mi piace ÷ post; ogni 1.000 follower: Σ contatore × 1.000 ÷ "
            "Σ follower",
        ),
        source="Kaushik, 'Best Social Media Metrics: Conversation, Amplification, Applause, Economic Value' (2011)",
        unit="ratio",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=own_posts,
        aggregate=_kaushik,
        breakdown=("entity",),
        columns=_kaushik_columns(),
        headline="conversation_rate_per_post",
        zeros=(
            "posts",
            "posts_without_counters",
            "posts_without_followers",
            *(f"{name}_posts" for name, *_ in _KAUSHIK),
        ),
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
        formula=Text(
            "per hour of the week = weekday × 24 + local hour: median interactions, median rate by followers",
            "per ora della settimana = giorno × 24 + ora locale: interazioni mediane, tasso mediano sui follower",
        ),
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "hour_of_week"),
        frame=own_posts,
        aggregate=_heatmap,
        breakdown=("entity", "hour_of_week"),
        columns={
            "posts": POSTS,
            "posts_without_counters": POSTS_WITHOUT_COUNTERS,
            "posts_partial": POSTS_PARTIAL,
            "median_interactions": Column(Text("Median interactions", "Interazioni mediane"), "number"),
            "median_rate_by_followers": rate_column("median", "followers"),
            "median_rate_by_impressions": rate_column("median", "impressions"),
        },
        headline="median_rate_by_followers",
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
        formula=Text(
            f"rank by interactions, top {TOP} per entity and media class",
            f"posizione per interazioni, primi {TOP} per entità e classe di media",
        ),
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind"),
        frame=engaged_items,
        aggregate=_top_posts,
        breakdown=("entity", "media", "platform", "id"),
        finish=_top_finish,
        columns={
            "rank": RANK,
            "author": AUTHOR,
            "interactions": INTERACTIONS,
            "partial": Column(Text("Missing a counter (lower bound)", "Contatore mancante (minimo)"), "text"),
            "rate_by_followers": Column(
                Text("Engagement rate by followers", "Tasso di engagement sui follower"), "share"
            ),
            "text": Column(Text("Text", "Testo"), "text"),
            "url": Column(Text("Link", "Link"), "text"),
        },
        headline="interactions",
        order=("entity", "media", "rank"),
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
        formula=Text(
            f"Σ interactions per author, top {TOP} per entity and media class",
            f"Σ interazioni per autore, primi {TOP} per entità e classe di media",
        ),
        source=_SOURCE,
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "role"),
        frame=engaged_items,
        aggregate=author_engagement,
        breakdown=("entity", "media", "platform", "author"),
        finish=_top_finish,
        columns={
            "rank": RANK,
            "items": ITEMS,
            "items_without_counters": WITHOUT_COUNTERS,
            "items_partial": PARTIAL,
            "interactions": INTERACTIONS,
            "followers": Column(Text("Followers (most seen)", "Follower (massimo visto)"), "count"),
            "median_rate_by_followers": rate_column("median", "followers"),
        },
        headline="interactions",
        order=("entity", "media", "rank"),
        family="engagement",
    )
)
