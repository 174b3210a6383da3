"""Cross-platform spread: the same link, or nearly the same text, appearing on several platforms.

**Links.** Every canonical URL an item carries (the ``urls`` list, unnested in the engine) is one
appearance of that link on the item's platform. Per link: the platform where it appeared first and when,
then each other platform in order of arrival with its *delay* (its first appearance there minus the link's
first appearance anywhere). A link *crossed platforms* when it appeared on two or more. It belongs to the
entity whose account posted it first (on any platform); links no entity posted belong to no entity. All of
this runs in the engine, whatever the store's size.

**Near-identical text.** Posts and quotes (not shares, which repeat someone else's text, nor replies, which
are conversation) whose normalised text has at least ``MIN_TOKENS`` words. Text is normalised in the
engine for every script: Unicode NFC, lower case, links and @mentions removed, accents of Latin letters
folded (``più`` and ``piu`` match), Arabic diacritics and tatweel removed, and every run of characters that
are not letters, digits or combining marks (``\\p{L}``, ``\\p{N}``, ``\\p{M}``: Devanagari vowel signs stay)
made one blank. Languages written without blanks between words (Chinese, Japanese, Thai) give too few
words to be candidates.

Two texts are the same content when the **Jaccard similarity of their word sets** is at least
``THRESHOLD`` (one word changed in an eight-word text still gives 7/9 ≈ 0.78); texts linked through such
pairs form one **cluster**. Every distinct normalised text takes part, whatever the store's size:

1. The engine lists the distinct normalised texts, numbered, and their distinct words, hashed.
2. numpy computes a **MinHash** signature of each text's word set (``NUM_PERM`` multiply-shift hash
   functions, minimum per text) in chunks of ``CHUNK`` words streamed from the engine, so memory stays
   bounded, and cuts it into ``BANDS`` bands of ``ROWS`` values (locality-sensitive hashing: two texts of
   similarity s share a band with probability 1 − (1 − s^ROWS)^BANDS: 0.99 at 0.7, 0.55 at 0.5, 0.06 at 0.3).
   Only the band keys go back to the engine.
3. The engine pairs texts that share a band key. A key shared by many texts (a template posted with many
   variants) pairs each of them with the first ``BUCKET`` texts of that key only, so the pairs grow
   linearly with the texts, not quadratically.
4. The engine checks each pair's **exact** Jaccard similarity on the hashed word sets; igraph joins the
   pairs that reach ``THRESHOLD`` into clusters.

Clusters seen on two or more platforms are reported like links: where first, then each other platform in
order of arrival with its delay.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import igraph as ig
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from passaparola.config import Entity, Settings
from passaparola.engine import on_spark
from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.roles import entity_of
from passaparola.metrics.scope import Scope
from passaparola.metrics.temporary import temporary_table
from passaparola.periods import PERIODS

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

MIN_TOKENS = 8
THRESHOLD = 0.7
#: 25 bands of 5: a pair at the 0.7 threshold shares a band with probability 0.99 (datasketch's 14 x 9 for
#: 0.7 balances misses against extra candidates and finds it 0.44 of the time; candidates are checked
#: exactly here, so an extra candidate costs a check, a miss loses a match).
BANDS, ROWS = 25, 5
NUM_PERM = BANDS * ROWS
CHUNK = 32_768  # words hashed per numpy step: CHUNK × NUM_PERM × 8 bytes, about 33 MB
BUCKET = 64
_RANDOM = np.random.default_rng(20160101)
_MULTIPLY = _RANDOM.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
_ADD = _RANDOM.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_BAND_MIX = _RANDOM.integers(1, 2**63, ROWS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
#: Lower-case Latin letters with diacritics (Latin-1 Supplement to Latin Extended-B) and their base letter.
_ACCENTED = "".join(
    c
    for c in map(chr, range(0xC0, 0x250))
    if c.islower()
    and len(unicodedata.normalize("NFD", c)) > 1
    and unicodedata.normalize("NFD", c)[0].isascii()
)
_PLAIN = "".join(unicodedata.normalize("NFD", c)[0] for c in _ACCENTED)


@ibis.udf.scalar.builtin(name="nfc_normalize")
def _nfc_duckdb(text: dt.String) -> dt.String:
    """DuckDB's ``nfc_normalize``: composed Unicode (``e`` + U+0301 becomes ``é``)."""


@ibis.udf.scalar.pandas
def _nfc_pandas(text: dt.String) -> dt.String:
    """The same in pandas, for Spark, which has no such function (it runs this as a vectorised UDF)."""
    return text.str.normalize("NFC")


def _nfc(text: ir.StringValue) -> ir.StringValue:
    return _nfc_pandas(text) if on_spark(text) else _nfc_duckdb(text)


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
        "platform",
        "id",
        "created_at",
        "kind",
        url=items.urls.unnest(),
        entity=entity_of(scope, items),
    )
    return unnested.filter(unnested.url.notnull()).distinct()


def link_arrivals(scope: Scope) -> ir.Table:
    """Per (link, platform): ``url, platform, first_at, items, arrival, started_at, platforms,
    delay_seconds, entity``."""
    return _arrivals(link_appearances(scope), "url")


def _firsts(arrivals: ir.Table, key: str, *keep: str) -> ir.Table:
    """One row per ``key`` from its arrivals: where and when it first appeared, on how many platforms, the
    delay to the second platform (null when it stayed on one), its entity, and the columns ``keep``."""
    second = arrivals.filter(arrivals.arrival == 2).select(key, second_delay_seconds="delay_seconds")
    first = arrivals.filter(arrivals.arrival == 1)
    joined = first.left_join(second, key)
    return joined.select(
        key, *keep, "platform", "platforms", "entity", "second_delay_seconds", created_at=joined.first_at
    )


def links(scope: Scope) -> ir.Table:
    """One row per link: ``url, created_at`` (first appearance), ``platform`` (where), ``platforms``,
    ``second_delay_seconds`` (to the second platform; null when it stayed on one), ``entity``."""
    return _firsts(link_arrivals(scope), "url")


def cross_platform_items(scope: Scope) -> ir.Table:
    """Items whose content crossed platforms: ``platform, id, created_at, kind, entity, via``, one row per
    way (``via``: ``link``, it carries a link seen on two or more platforms; ``text``, its text is one of a
    cluster of near-identical posts seen on two or more platforms) and per entity of that content."""
    crossed = links(scope)
    crossed = crossed.filter(crossed.platforms >= 2).select("url", content_entity="entity")
    by_link = link_appearances(scope).join(crossed, "url")
    by_link = by_link.select(
        "platform", "id", "created_at", "kind", entity=by_link.content_entity, via=ibis.literal("link")
    )
    appearances = text_appearances(scope)
    clusters = _firsts(_text_arrivals(appearances), "cluster")
    clusters = clusters.filter(clusters.platforms >= 2).select("cluster", content_entity="entity")
    by_text = appearances.join(clusters, "cluster")
    by_text = by_text.select(
        "platform", "id", "created_at", "kind", entity=by_text.content_entity, via=ibis.literal("text")
    )
    return by_link.union(by_text).distinct()


def normalised(text: ir.StringValue) -> ir.StringValue:
    """Text as compared for near-duplicates (see the module doc), in the engine."""
    text = _nfc(text).lower().re_replace(r"https?://\S+", " ").re_replace(r"@[\p{L}\p{N}\p{M}_.]+", " ")
    text = text.translate(_ACCENTED, _PLAIN).re_replace(r"[\x{064B}-\x{065F}\x{0670}\x{0640}]", "")
    return text.re_replace(r"[^\p{L}\p{N}\p{M}]+", " ").strip()


def text_candidates(scope: Scope, min_tokens: int = MIN_TOKENS) -> ir.Table:
    """Posts and quotes in the window with at least ``min_tokens`` words once normalised: ``platform, id,
    created_at, kind, entity, norm, text``."""
    items = scope.items.filter(scope.items.kind.isin(["post", "quote"]) & scope.items.text.notnull())
    found = items.select(
        "platform",
        "id",
        "created_at",
        "kind",
        "text",
        entity=entity_of(scope, items),
        norm=normalised(items.text),
    )
    return found.filter(found.norm.split(" ").length() >= min_tokens)


def band_keys(number: np.ndarray, word: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MinHash band keys of word sets given as ``(text number, word hash)`` pairs grouped by text (each
    text's rows together): ``number, band, key`` with ``BANDS`` rows per text. Two texts get the same key in
    a band when their signatures agree on all ``ROWS`` values of that band."""
    starts = np.flatnonzero(np.r_[True, number[1:] != number[:-1]])
    words = word.view(np.uint64)[:, None]
    hashed = (words * _MULTIPLY + _ADD) >> np.uint64(32)  # multiply-shift: 2-universal, wraps mod 2**64
    signature = np.minimum.reduceat(hashed, starts, axis=0).reshape(len(starts), BANDS, ROWS)
    keys = (signature * _BAND_MIX).sum(axis=2, dtype=np.uint64).view(np.int64)
    owners = number[starts]
    return np.repeat(owners, BANDS), np.tile(np.arange(BANDS, dtype=np.int64), len(owners)), keys.ravel()


def _bands(items: ir.Table, words: ir.Table) -> ir.Table:
    """``number, band, key`` for every text of ``words`` (``number, word``). The words are streamed from the
    engine in batches of about ``CHUNK`` rows and the keys written to a Parquet file as they are made, so
    only one batch's signatures are in memory at a time; the engine then reads the file back."""
    backend = items._find_backend()
    schema = pa.schema([("number", pa.int64()), ("band", pa.int64()), ("key", pa.int64())])
    with tempfile.TemporaryDirectory(prefix="passaparola-") as folder:
        path = Path(folder) / "bands.parquet"
        with pq.ParquetWriter(path, schema) as writer:
            held = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
            for batch in _batches(backend, words.order_by(["number", "word"])):
                number = np.concatenate([held[0], batch.column("number").to_numpy()])
                word = np.concatenate([held[1], batch.column("word").to_numpy()])
                last = (
                    np.searchsorted(number, number[-1]) if len(number) else 0
                )  # may go on in the next batch
                held = (number[last:], word[last:])
                if last:
                    writer.write_table(pa.table(band_keys(number[:last], word[:last]), schema=schema))
            if len(held[0]):
                writer.write_table(pa.table(band_keys(*held), schema=schema))
        return temporary_table(items, "spread_bands", path)


def _batches(backend: BaseBackend, expr: ir.Table) -> Iterator[pa.RecordBatch]:
    """The rows of ``expr`` in Arrow batches of about ``CHUNK`` rows."""
    if backend.name == "duckdb":  # Ibis 12's to_pyarrow_batches calls a method DuckDB 2 no longer has
        return iter(backend.con.sql(ibis.to_sql(expr, dialect="duckdb")).to_arrow_reader(CHUNK))
    return iter(backend.to_pyarrow_batches(expr, chunk_size=CHUNK))


def _components(items: ir.Table, pairs: pa.Table) -> ir.Table:
    """``number, cluster`` for the texts of the similar ``pairs`` (``a, b``, text numbers): the smallest
    text number of its connected component."""
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    texts, edges = np.unique(np.concatenate([a, b]), return_inverse=True)
    graph = ig.Graph(n=len(texts), edges=edges.reshape(2, -1).T.tolist())
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    smallest = np.full(membership.max(initial=-1) + 1, np.iinfo(np.int64).max)
    np.minimum.at(smallest, membership, texts)
    return temporary_table(
        items, "spread_clusters", pa.table({"number": texts, "cluster": smallest[membership]})
    )


def text_appearances(scope: Scope, min_tokens: int = MIN_TOKENS, threshold: float = THRESHOLD) -> ir.Table:
    """The candidates (:func:`text_candidates`) with their ``cluster`` of near-identical texts: ``platform,
    id, created_at, kind, entity, text, cluster``."""
    items = scope.all_items
    candidates = text_candidates(scope, min_tokens)
    distinct = candidates.select("norm").distinct()
    numbered = temporary_table(
        items, "spread_texts", distinct.mutate(number=ibis.row_number().over(order_by=distinct.norm))
    )
    tokens = numbered.select("number", token=numbered.norm.split(" ").unnest())  # Spark: unnest alone
    words = temporary_table(
        items, "spread_words", tokens.select("number", word=tokens.token.hash()).distinct()
    )
    keys = _bands(items, words)
    ranked = keys.mutate(
        rank=ibis.row_number().over(group_by=[keys.band, keys.key], order_by=keys.number),
        members=keys.count().over(group_by=[keys.band, keys.key]),
    )
    shared = ranked.filter(ranked.members > 1)
    first = shared.filter(shared["rank"] < BUCKET).select(f_band="band", f_key="key", a="number")
    pairs = (
        shared.join(first, [shared.band == first.f_band, shared.key == first.f_key, first.a < shared.number])
        .select("a", b="number")
        .distinct()
    )
    sizes = words.group_by("number").aggregate(size=words.count())
    left = words.select(l_number="number", l_word="word")
    right = words.select(r_number="number", r_word="word")
    common = (
        pairs.join(left, pairs.a == left.l_number)
        .join(right, [pairs.b == right.r_number, left.l_word == right.r_word])
        .group_by(["a", "b"])
        .aggregate(common=lambda t: t.count())
    )
    size_a = sizes.select(a="number", size_a="size")
    size_b = sizes.select(b="number", size_b="size")
    scored = common.join(size_a, "a").join(size_b, "b")
    similar = scored.filter(
        scored.common.cast("float64") / (scored.size_a + scored.size_b - scored.common).cast("float64")
        >= threshold
    ).select("a", "b")
    clusters = _components(items, similar.to_pyarrow())
    located = candidates.join(numbered, "norm").left_join(clusters, "number")
    return temporary_table(
        items,
        "spread_appearances",
        located.select(
            "platform",
            "id",
            "created_at",
            "kind",
            "entity",
            text=candidates.text,
            cluster=clusters.cluster.fill_null(numbered.number),
        ),
    )


def text_arrivals(scope: Scope, min_tokens: int = MIN_TOKENS, threshold: float = THRESHOLD) -> ir.Table:
    """Per (cluster of near-identical texts, platform): ``cluster, platform, first_at, items, arrival,
    started_at, platforms, delay_seconds, entity, text`` (the text first posted in the cluster)."""
    return _text_arrivals(text_appearances(scope, min_tokens, threshold))


def _text_arrivals(appearances: ir.Table) -> ir.Table:
    firsts = appearances.group_by("cluster").aggregate(text=appearances.text.argmin(appearances.created_at))
    return _arrivals(appearances, "cluster").join(firsts, "cluster")


def texts(scope: Scope) -> ir.Table:
    """One row per cluster of near-identical posts: ``cluster, text, created_at`` (first appearance),
    ``platform`` (where), ``platforms``, ``second_delay_seconds`` (null when on one platform), ``entity``."""
    return _firsts(text_arrivals(scope), "cluster", "text")


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


#: What links and clusters of near-identical texts have in common.
CROSS_PLATFORM = Column(Text("On two platforms or more", "Su due o più piattaforme"), "count")
CROSS_PLATFORM_SHARE = Column(
    Text("Share on two platforms or more", "Quota su due o più piattaforme"), "share"
)
MEDIAN_DELAY = Column(
    Text("Median delay to a second platform", "Ritardo mediano per una seconda piattaforma"), "hours"
)

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
            "median_delay_hours": t.second_delay_seconds.median() / 3600,
        },
        family="spread",
        columns={
            "links": Column(Text("Links", "Link"), "count"),
            "cross_platform": CROSS_PLATFORM,
            "cross_platform_share": CROSS_PLATFORM_SHARE,
            "median_delay_hours": MEDIAN_DELAY,
        },
        headline="cross_platform_share",
    )
)

CROSS_PLATFORM_TEXTS = register(
    Metric(
        name="cross_platform_texts",
        title=Text("Near-identical posts across platforms", "Post quasi identici su più piattaforme"),
        definition=Text(
            f"Clusters of near-identical posts and quotes (at least {MIN_TOKENS} words; word sets with a "
            f"Jaccard similarity of {THRESHOLD} or more, found by MinHash over every distinct text) seen on "
            "two or more platforms, out of all clusters, and the median delay from a cluster's first "
            "appearance to its first appearance on a second platform. A cluster belongs to the entity whose "
            "account posted it first; it is split by the platform and the period of its first appearance.",
            f"Gruppi di post e citazioni quasi identici (almeno {MIN_TOKENS} parole; insiemi di parole con "
            f"somiglianza di Jaccard di almeno {THRESHOLD}, trovati con MinHash su ogni testo distinto) visti "
            "su due o più piattaforme, sul totale dei gruppi, e il ritardo mediano tra la prima apparizione di "
            "un gruppo e la sua prima apparizione su una seconda piattaforma. Un gruppo appartiene all'entità "
            "il cui account l'ha pubblicato per primo; si divide per la piattaforma e il periodo della sua "
            "prima apparizione.",
        ),
        formula=f"count(clusters on ≥ 2 platforms); ÷ count(clusters); median(first on 2nd platform − first "
        f"seen); Jaccard(word sets) ≥ {THRESHOLD}",
        source="Broder 1997 (MinHash); Leskovec, Rajaraman and Ullman, Mining of Massive Datasets ch. 3 (LSH)",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity"),
        frame=texts,
        aggregate=lambda t: {
            "texts": t.count(),
            "cross_platform": (t.platforms >= 2).sum(),
            "cross_platform_share": (t.platforms >= 2).mean(),
            "median_delay_hours": t.second_delay_seconds.median() / 3600,
        },
        family="spread",
        columns={
            "texts": Column(Text("Groups of near-identical posts", "Gruppi di post quasi identici"), "count"),
            "cross_platform": CROSS_PLATFORM,
            "cross_platform_share": CROSS_PLATFORM_SHARE,
            "median_delay_hours": MEDIAN_DELAY,
        },
        headline="cross_platform_share",
    )
)

CROSS_PLATFORM_ITEMS = register(
    Metric(
        name="cross_platform_items",
        title=Text("Items whose content crossed platforms", "Elementi con contenuti passati tra piattaforme"),
        definition=Text(
            "Items that carry a link seen on two or more platforms (via link), or whose text is one of a "
            "cluster of near-identical posts seen on two or more platforms (via text): the volume of "
            "cross-platform content per platform over time. An item counts once, or once per way when split "
            "by via. Split by entity, content counts for the entity that posted it first.",
            "Elementi che contengono un link visto su due o più piattaforme (via link), o il cui testo fa "
            "parte di un gruppo di post quasi identici visto su due o più piattaforme (via testo): il volume "
            "dei contenuti che passano tra piattaforme, per piattaforma nel tempo. Un elemento conta una "
            "volta, o una volta per via se si divide per via. Per entità, un contenuto conta per l'entità "
            "che l'ha pubblicato per prima.",
        ),
        formula="count(distinct items with a link, or a near-identical text, seen on ≥ 2 platforms)",
        source="passaparola",
        unit="items",
        better="higher",
        dimensions=("platform", *PERIODS, "entity", "kind", "via"),
        frame=cross_platform_items,
        aggregate=lambda t: {"items": (t.platform.cast("string") + "\n" + t.id.cast("string")).nunique()},
        family="spread",
        columns={"items": Column(Text("Items", "Elementi"), "count")},
        headline="items",
    )
)
