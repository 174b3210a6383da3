"""Cross-platform spread: the same link, or nearly the same text, appearing on several platforms.

**Links.** Every canonical URL an item carries (the ``urls`` list, unnested in the engine) is one
appearance of that link on the item's platform. Per link: the platform where it appeared first and when,
then each other platform in order of arrival with its *delay* (its first appearance there minus the link's
first appearance anywhere). A link *crossed platforms* when it appeared on two or more. It belongs to the
entity whose account posted it first (on any platform); links no entity posted belong to no entity. All of
this runs in the engine, whatever the store's size.

**Near-identical text.** Posts and quotes (not shares, which repeat someone else's text, nor replies, which
are conversation) whose normalised text has at least ``MIN_TOKENS`` words. Text is normalised in the
engine (lower case; links, @mentions and punctuation removed; blanks collapsed) and grouped by exact
normalised text first, so identical copies cost nothing more. At most ``MAX_TEXTS`` distinct texts (those
seen most often) go on to MinHash (datasketch, ``NUM_PERM`` permutations over word sets) with locality-
sensitive hashing; two texts whose estimated Jaccard similarity of word sets reaches ``THRESHOLD`` are the
same content (one word changed in an eight-word text still gives 7/9 ≈ 0.78), and texts linked through
such pairs form one cluster. Clusters seen on two or more platforms are reported like links.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import igraph as ig
import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from passaparola.config import Entity, Settings
from passaparola.metrics import Metric, Text, register
from passaparola.metrics.roles import is_account
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

MIN_TOKENS = 8
THRESHOLD = 0.7
NUM_PERM = 128
MAX_TEXTS = 100_000


def _owner(scope: Scope, items: ir.Table) -> ir.StringValue:
    """The entity whose account wrote each item (null for everyone else)."""
    branches = [
        (is_account(entity, items.platform, items.author_handle, items.author_id), entity.name)
        for entity in scope.settings.entities
    ]
    return ibis.cases(*branches, else_=ibis.null(str)) if branches else ibis.null(str)


def _arrivals(appearances: ir.Table, key: str) -> ir.Table:
    """Per (``key``, platform): first appearance, items, order of arrival (1 = first), delay in seconds
    after the first appearance anywhere, number of platforms, and the entity that posted it first."""
    owned = appearances.filter(appearances.entity.notnull())
    owners = owned.group_by(key).aggregate(entity=owned.entity.argmin(owned.created_at))
    per_platform = appearances.group_by([key, "platform"]).aggregate(
        first_at=appearances.created_at.min(), items=appearances.count()
    )
    window = ibis.window(group_by=per_platform[key], order_by=[per_platform.first_at, per_platform.platform])
    whole = ibis.window(group_by=per_platform[key])
    ranked = per_platform.mutate(
        arrival=ibis.row_number().over(window) + 1,
        started_at=per_platform.first_at.min().over(whole),
        platforms=per_platform.count().over(whole),
    )
    ranked = ranked.mutate(
        delay_seconds=ranked.first_at.epoch_seconds() - ranked.started_at.epoch_seconds(),
    )
    return ranked.left_join(owners, key).select(*ranked.columns, "entity")


def link_appearances(scope: Scope) -> ir.Table:
    """One row per (item, link) in the window: ``platform, id, created_at, kind, url, entity``."""
    items = scope.items.filter(scope.items.urls.length() > 0)
    unnested = items.select(
        "platform", "id", "created_at", "kind", url=items.urls.unnest(), entity=_owner(scope, items)
    )
    return unnested.filter(unnested.url.notnull()).distinct()


def link_arrivals(scope: Scope) -> ir.Table:
    """Per (link, platform): ``url, platform, first_at, items, arrival, started_at, platforms,
    delay_seconds, entity``."""
    return _arrivals(link_appearances(scope), "url")


def links(scope: Scope) -> ir.Table:
    """One row per link: ``url, created_at`` (first appearance), ``platform`` (where), ``platforms``,
    ``second_delay_seconds`` (to the second platform; null when it stayed on one), ``entity``."""
    arrivals = link_arrivals(scope)
    second = arrivals.filter(arrivals.arrival == 2).select("url", second_delay_seconds="delay_seconds")
    first = arrivals.filter(arrivals.arrival == 1)
    joined = first.left_join(second, "url")
    return joined.select(
        "url",
        "platform",
        "platforms",
        "entity",
        "second_delay_seconds",
        created_at=joined.first_at,
    )


def cross_platform_items(scope: Scope) -> ir.Table:
    """Items carrying a link that appeared on two or more platforms: ``platform, id, created_at, kind,
    entity`` (the link's entity; an item carrying two such links counts once per entity)."""
    crossed = links(scope)
    crossed = crossed.filter(crossed.platforms >= 2).select("url", link_entity="entity")
    appearances = link_appearances(scope)
    joined = appearances.join(crossed, "url")
    return joined.select("platform", "id", "created_at", "kind", entity=joined.link_entity).distinct()


def _normalised(text: ir.StringValue) -> ir.StringValue:
    text = text.lower().re_replace(r"https?://\S+", " ").re_replace(r"@[\w.]+", " ")
    return text.re_replace(r"[^\w]+", " ").re_replace(r"\s+", " ").strip()


def text_candidates(scope: Scope, min_tokens: int = MIN_TOKENS) -> ir.Table:
    """Posts and quotes with at least ``min_tokens`` words once normalised: ``platform, id, created_at,
    entity, norm, text``."""
    items = scope.items.filter(scope.items.kind.isin(["post", "quote"]) & scope.items.text.notnull())
    normalised = items.select(
        "platform", "id", "created_at", "text", entity=_owner(scope, items), norm=_normalised(items.text)
    )
    return normalised.filter(normalised.norm.split(" ").length() >= min_tokens)


def near_duplicate_clusters(norms: list[str], threshold: float = THRESHOLD) -> np.ndarray:
    """A cluster number for each normalised text: texts whose word sets have an estimated Jaccard
    similarity of at least ``threshold`` (directly or through other texts) share one."""
    if not norms:
        return np.zeros(0, dtype=np.int64)
    words = [sorted(set(norm.split(" "))) for norm in norms]
    signatures = MinHash.bulk([[w.encode() for w in ws] for ws in words], num_perm=NUM_PERM)
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with index.insertion_session() as session:
        for position, signature in enumerate(signatures):
            session.insert(position, signature)
    pairs = [
        (position, other)
        for position, signature in enumerate(signatures)
        for other in index.query(signature)
        if other > position and signature.jaccard(signatures[other]) >= threshold
    ]
    graph = ig.Graph(n=len(norms), edges=pairs)
    return np.asarray(graph.connected_components().membership, dtype=np.int64)


def text_arrivals(
    scope: Scope, min_tokens: int = MIN_TOKENS, max_texts: int = MAX_TEXTS, threshold: float = THRESHOLD
) -> pd.DataFrame:
    """Per (cluster of near-identical texts, platform), for clusters on two or more platforms:
    ``cluster, platform, first_at, items, arrival, started_at, platforms, delay_seconds, entity, text``."""
    candidates = text_candidates(scope, min_tokens)
    norms = candidates.group_by("norm").aggregate(seen=candidates.count(), sample=candidates.text.arbitrary())
    norms = norms.order_by([ibis.desc("seen"), "norm"]).limit(max_texts).to_pyarrow().to_pandas()
    per_norm = candidates.group_by(["norm", "platform"]).aggregate(
        first_at=candidates.created_at.min(), items=candidates.count()
    )
    owned = candidates.filter(candidates.entity.notnull())
    owners = owned.group_by("norm").aggregate(
        entity=owned.entity.argmin(owned.created_at), owned_at=owned.created_at.min()
    )
    per_norm = per_norm.to_pyarrow().to_pandas()
    owners = owners.to_pyarrow().to_pandas()
    norms["cluster"] = near_duplicate_clusters(norms["norm"].tolist(), threshold)
    rows = per_norm.merge(norms[["norm", "cluster"]], on="norm")
    frame = rows.groupby(["cluster", "platform"], as_index=False).agg(
        first_at=("first_at", "min"), items=("items", "sum")
    )
    frame["platforms"] = frame.groupby("cluster")["platform"].transform("size")
    frame = frame[frame["platforms"] >= 2].sort_values(["cluster", "first_at", "platform"])
    frame["arrival"] = frame.groupby("cluster").cumcount() + 1
    frame["started_at"] = frame.groupby("cluster")["first_at"].transform("min")
    frame["delay_seconds"] = (frame["first_at"] - frame["started_at"]).dt.total_seconds()
    clustered = owners.merge(norms[["norm", "cluster"]], on="norm").sort_values(["owned_at", "entity"])
    entities = clustered.drop_duplicates("cluster").set_index("cluster")["entity"]
    samples = norms.sort_values("seen", ascending=False).drop_duplicates("cluster").set_index("cluster")
    frame["entity"] = frame["cluster"].map(entities)
    frame["text"] = frame["cluster"].map(samples["sample"])
    return frame.reset_index(drop=True)


class UnknownEntity(ValueError):
    """A name that is no brand or competitor of the workspace (``name``, and the ``known`` names)."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown entity {name!r}; known: {', '.join(known) or 'none configured'}")
        self.name, self.known = name, known


def entity_named(settings: Settings, name: str | None) -> Entity | None:
    """The entity called ``name`` (any case), or None when no name is given; UnknownEntity when unknown."""
    if name is None:
        return None
    for entity in settings.entities:
        if entity.name.casefold() == name.casefold():
            return entity
    raise UnknownEntity(name, [e.name for e in settings.entities])


CROSS_PLATFORM_LINKS = register(
    Metric(
        name="cross_platform_links",
        title=Text("Links that crossed platforms", "Link passati da una piattaforma all'altra"),
        definition=Text(
            "Links (canonical URLs) seen on two or more platforms, out of all links seen, and the median "
            "delay from a link's first appearance to its first appearance on a second platform. A link "
            "belongs to the entity whose account posted it first; it is split by the platform and the "
            "period of its first appearance.",
            "Link (URL canonici) visti su due o più piattaforme, sul totale dei link visti, e il ritardo "
            "mediano tra la prima apparizione di un link e la sua prima apparizione su una seconda "
            "piattaforma. Un link appartiene all'entità il cui account l'ha pubblicato per primo; si divide "
            "per la piattaforma e il periodo della sua prima apparizione.",
        ),
        formula="count(links on ≥ 2 platforms); ÷ count(links); median(first on 2nd platform − first seen)",
        source="cross-platform diffusion of URLs (e.g. Zannettou et al. 2017, 'The Web Centipede'); "
        "passaparola",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=links,
        aggregate=lambda t: {
            "links": t.count(),
            "cross_platform": (t.platforms >= 2).sum(),
            "cross_platform_share": (t.platforms >= 2).mean(),
            "median_delay_seconds": t.second_delay_seconds.median(),
        },
        family="spread",
    )
)

CROSS_PLATFORM_ITEMS = register(
    Metric(
        name="cross_platform_items",
        title=Text("Items carrying cross-platform links", "Elementi con link passati tra piattaforme"),
        definition=Text(
            "Items that carry a link seen on two or more platforms: the volume of cross-platform content "
            "per platform over time. Split by entity, a link counts for the entity that posted it first.",
            "Elementi che contengono un link visto su due o più piattaforme: il volume dei contenuti che "
            "passano tra piattaforme, per piattaforma nel tempo. Per entità, un link conta per l'entità che "
            "l'ha pubblicato per prima.",
        ),
        formula="count(items with a link seen on ≥ 2 platforms)",
        source="passaparola",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind"),
        frame=cross_platform_items,
        aggregate=lambda t: {"items": t.count()},
        family="spread",
    )
)
