"""Topics: what items about an entity talk about, and which terms suddenly talk more than usual.

Topics read what people wrote: a share (retweet, reblog) repeats its original's words and is left out
(the original counts once; how far it spread is for the cascade measures). "About an entity" means the
entity's owned, paid and earned items (:mod:`passaparola.metrics.media`); without an entity, every item.

- **Hashtags**: items and distinct authors per hashtag, counted in the engine (unnest + group by).
- **Keyphrases**: YAKE (Campos et al. 2020), unsupervised and per language, over a bounded,
  deterministic sample of the items' distinct texts (title and text; ``KEYPHRASE_SAMPLE``): YAKE is
  too slow to run per item at import, so it runs on demand on the text of one entity and period.
- **Emerging terms** (burst detection). Terms are hashtags (``#tag``) and the words and bigrams of the
  title and text with links, @handles and hashtags removed, lower-cased, the stop words of the item's
  language and of English dropped (of all the workspace's languages for an item of none of them; a
  word needs 3 characters and a letter; a bigram is two such words side by side, with
  no punctuation between them). For each term and local day *d*, *c* is the number of items
  on *d* holding the term. Its baseline is the ``BASELINE_DAYS`` = 28 days before *d*, days without the
  term counting as zero: mean μ and standard deviation σ over those 28 days. Then

  ``z = (c − μ) ÷ max(σ, √μ, 1)``

  The floor keeps noise from passing as news: √μ is the Poisson spread of a count with mean μ, and 1
  means a change of less than one item a day never scores. A term **emerges** on day *d* when
  ``z ≥ Z_THRESHOLD`` (3), ``c ≥ MIN_COUNT`` (5 items: minimum support), at least ``MIN_AUTHORS`` (3)
  distinct authors wrote those items (one voice repeating itself, such as an account's template
  replies, is not news), and the whole baseline lies
  inside the store's data (``d − 28`` is on or after the store's first day), so the store's first weeks
  do not make every term look new. Each term is listed once, on its day of highest z, with the number
  of days it emerged on. A word that bursts only as part of a phrase is listed as the phrase: a word is
  left out when an emerging bigram that holds it peaks on the word's day in at least ``PHRASE_SHARE``
  (80%) as many items as the word (``abbiamo risposto`` stands for ``abbiamo`` and ``risposto``;
  ``sciopero`` stays beside ``sciopero generale`` when most of its items say something else). Counts
  and windows run in the engine (window functions over daily counts).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity
from passaparola.metrics.media import classify
from passaparola.metrics.scope import Scope
from passaparola.periods import period_start

EPOCH = date(1970, 1, 1)
BASELINE_DAYS = 28
Z_THRESHOLD = 3.0
MIN_COUNT = 5
MIN_AUTHORS = 3
#: An emerging word is left out when an emerging bigram holding it peaks on its day in at least this
#: share of its items: the burst is the phrase's.
PHRASE_SHARE = 0.8
KEYPHRASE_SAMPLE = 2_000
#: Languages whose keyphrases are listed need this share of the sampled items.
KEYPHRASE_LANGUAGE_SHARE = 0.1
#: Words that social text repeats without meaning anything, beyond the languages' own stop words.
SOCIAL_STOP_WORDS = ("amp", "http", "https", "www", "com", "via", "rt", "hey")
#: Greetings and courtesy words that YAKE's Italian list lacks, where its English one has ``hello``,
#: ``thanks``, ``sorry`` and ``please``: every customer-care reply holds them.
COURTESY_WORDS = {"it": frozenset(["ciao", "salve", "buongiorno", "buonasera", "scusa", "scusate", "prego"])}
#: Words of YAKE's lists that are topics, not stop words: its Italian list holds names and nouns
#: (``berlusconi``, ``torino``, ``governo``, ``lavoro``...), which would hide a city, a politician or
#: an institution's own subject from the keyphrases and the emerging terms.
TOPIC_WORDS = {
    "it": frozenset(
        [
            "ansa",
            "attesa",
            "berlusconi",
            "casa",
            "citta",
            "città",
            "consiglio",
            "governo",
            "gruppo",
            "lavoro",
            "mondo",
            "nazionale",
            "paese",
            "persone",
            "torino",
            "uomo",
            "vita",
        ]
    )
}

_LINKS_HANDLES_TAGS = r"(?:https?://|www\.)\S+|[@#][\p{L}\p{N}_.]+"
#: Punctuation that ends a phrase becomes a "|" token, so no bigram spans it.
_PHRASE_END = r"[.,;:!?…()\[\]\"“”]+"
_NOT_WORD = r"[^\p{L}\p{N}|]+"


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words of a language (YAKE's lists, shipped in its package, less ``TOPIC_WORDS``, plus
    ``COURTESY_WORDS``) and ``SOCIAL_STOP_WORDS``."""
    path = files("yake.core").joinpath("StopwordsList", f"stopwords_{language}.txt")
    words = path.read_text(encoding="utf-8-sig").split() if path.is_file() else []
    listed = frozenset(w.lower() for w in words) - TOPIC_WORDS.get(language, frozenset())
    return listed | COURTESY_WORDS.get(language, frozenset()) | frozenset(SOCIAL_STOP_WORDS)


def entity_items(scope: Scope, entity: Entity | None) -> ir.Table:
    """The items in the scope's window that topics read: no shares; only the entity's media when given."""
    items = scope.items
    items = items.filter(items.kind != "share")
    if entity is None:
        return items
    media = classify(dataclasses.replace(scope, all_items=items))
    keys = media.filter(media.entity == entity.name).select("platform", "id").distinct()
    return items.semi_join(keys, ["platform", "id"])


def hashtag_counts(scope: Scope, entity: Entity | None = None) -> ir.Table:
    """``hashtag, items, authors`` over the scope's window, most items first."""
    items = entity_items(scope, entity)
    tags = items.select("author_id", "author_handle", hashtag=items.hashtags.unnest())
    return (
        tags.group_by("hashtag")
        .aggregate(
            items=tags.count(),
            authors=tags.author_id.fill_null(tags.author_handle).nunique(),
        )
        .order_by([ibis.desc("items"), "hashtag"])
    )


@dataclass(frozen=True)
class Keyphrases:
    """The keyphrases of one language's sampled texts: lower YAKE scores are more relevant."""

    language: str
    items: int
    phrases: list[tuple[str, float]]


def keyphrases(
    scope: Scope,
    entity: Entity | None = None,
    limit: int = 20,
    default_language: str = "en",
    sample: int = KEYPHRASE_SAMPLE,
) -> list[Keyphrases]:
    """YAKE keyphrases of up to ``sample`` distinct texts (the same ones every run: the lowest hashes of
    their texts), per language holding at least ``KEYPHRASE_LANGUAGE_SHARE`` of them, most items first.
    Items without a language code count as ``default_language``. The entity's name (without an entity,
    every entity's) is left out of the phrases: it is in most items and says nothing about their topic."""
    import yake

    items = entity_items(scope, entity)
    written = _written(items)
    texts = items.filter(written.notnull() & (written.strip() != "")).select(
        text=written.re_replace(r"(?:https?://|www\.)\S+|@[\p{L}\p{N}_.]+", " ").replace("#", ""),
        language=_language_code(items).fill_null(default_language),
    )
    distinct = texts.group_by("text").aggregate(language=texts.language.mode())
    chosen = distinct.order_by([distinct.text.hash(), "text"]).limit(sample).to_pyarrow().to_pylist()
    # the entities' names say nothing about what their items discuss
    named = [entity] if entity is not None else scope.settings.entities
    names = frozenset(word for e in named for word in e.name.lower().split())
    by_language: dict[str, list[str]] = {}
    for row in chosen:
        by_language.setdefault(row["language"], []).append(row["text"].strip())
    found = []
    for language, group in sorted(by_language.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(group) < KEYPHRASE_LANGUAGE_SHARE * len(chosen):
            continue
        ignored = stop_words(language) | names
        extractor = yake.KeywordExtractor(lan=language, n=3, top=limit, stopwords=ignored)
        document = "\n".join(text if text[-1] in ".!?…" else f"{text}." for text in group)
        phrases = [(phrase, float(score)) for phrase, score in extractor.extract_keywords(document)]
        found.append(Keyphrases(language, len(group), phrases))
    return found


def _written(items: ir.Table) -> ir.StringValue:
    """What the author wrote: the title (of a Reddit submission, a video, a feed entry) and the text."""
    return ibis.coalesce(items.title + ". " + items.text, items.title, items.text)


def _language_code(items: ir.Table) -> ir.StringValue:
    """The item's language as a lower-case two-letter code (``pt`` for ``pt-BR``), null when unknown."""
    return items.lang.lower().substr(0, 2)


def _day_number(ts: ir.TimestampValue, zone: str) -> ir.IntegerValue:
    """Local calendar day as days since 1970-01-01 (an integer the range windows can order by)."""
    return (period_start(ts, zone, "day").epoch_seconds() // 86_400).cast("int64")


def item_terms(items: ir.Table, zone: str, languages: Sequence[str] = ("it", "en")) -> ir.Table:
    """One row per (item, term) with the item's local day and author: ``platform, id, day, author, term``.

    Stop words are those of the item's language and English (social text mixes English into every
    language); an item whose language is not one of ``languages`` (the workspace's), or is unknown,
    drops the stop words of all of them."""
    stop = _stop_table(languages)
    code = _language_code(items)
    keys = {
        "platform": items.platform,
        "id": items.id,
        "day": _day_number(items.created_at, zone),
        "author": items.author_id.fill_null(items.author_handle),
    }
    tags = items.select(**keys, tag=items.hashtags.unnest())
    hashtags = tags.select(*keys, term="#" + tags.tag)
    written = _written(items).lower().re_replace(_LINKS_HANDLES_TAGS, " ")
    clean = written.re_replace(_PHRASE_END, " | ").re_split(_NOT_WORD)
    stop_language = ibis.cases((code.isin(list(languages)), code), else_=_ANY_LANGUAGE)
    tokens = items.select(**keys, stop_language=stop_language, word=clean).unnest("word", offset="position")
    following = tokens.word.lead().over(ibis.window(group_by=["platform", "id"], order_by="position"))
    tokens = tokens.mutate(following=following)

    def meaningful(word: ir.StringValue) -> ir.BooleanValue:
        listed = (tokens.stop_language + _JOIN + word).isin(stop.key)
        return (word.length() >= 3) & word.re_search(r"\p{L}") & ~listed

    words = tokens.filter(meaningful(tokens.word)).select(*keys, term=tokens.word)
    pairs = tokens.filter(meaningful(tokens.word) & meaningful(tokens.following))
    bigrams = pairs.select(*keys, term=pairs.word + " " + pairs.following)
    return ibis.union(hashtags, words, bigrams, distinct=True)


#: The stop words language of an item whose language is not one of the workspace's.
_ANY_LANGUAGE = "*"
_JOIN = "|"


def _stop_table(languages: Sequence[str]) -> ir.Table:
    """``key``, a language and a stop word joined by ``_JOIN``: for each of ``languages``, its stop
    words and English's; for ``_ANY_LANGUAGE``, those of all of them."""
    lists = {language: stop_words(language) | stop_words("en") for language in languages}
    lists[_ANY_LANGUAGE] = stop_words("en").union(*lists.values())
    keys = [language + _JOIN + word for language, words in lists.items() for word in sorted(words)]
    return ibis.memtable({"key": keys})


def emerging_terms(
    scope: Scope,
    entity: Entity | None = None,
    z_threshold: float = Z_THRESHOLD,
    min_count: int = MIN_COUNT,
    min_authors: int = MIN_AUTHORS,
) -> ir.Table:
    """Terms that emerge (see the module's rule) on a day in the scope's window, each once on its day of
    highest z: ``term, day, count, authors, baseline, sd, z, days``, highest z first. ``day`` is the
    local date; ``days`` how many days the term emerged on."""
    zone = scope.zone
    history = scope
    if scope.start is not None:
        history = dataclasses.replace(scope, start=scope.start - timedelta(days=BASELINE_DAYS))
    terms = item_terms(entity_items(history, entity), zone, scope.settings.languages)
    daily = terms.group_by(["term", "day"]).aggregate(count=terms.count(), authors=terms.author.nunique())
    # the range window holds the 28 days before d and d itself; d's own count is taken out again
    window = ibis.range_window(group_by="term", order_by="day", preceding=BASELINE_DAYS, following=0)
    count = daily["count"]
    sums = daily.mutate(
        before=count.sum().over(window) - count, squares=(count * count).sum().over(window) - count * count
    )
    mean = sums.before / BASELINE_DAYS
    variance = ibis.greatest(sums.squares / BASELINE_DAYS - mean * mean, 0)
    spread = ibis.greatest(variance.sqrt(), mean.sqrt(), 1)
    scored = sums.mutate(baseline=mean, sd=variance.sqrt(), z=(sums["count"] - mean) / spread)
    first_day = _day_number(scope.all_items.created_at.min(), zone)
    emerged = scored.filter(
        (scored.z >= z_threshold)
        & (scored["count"] >= min_count)
        & (scored.authors >= min_authors)
        & (scored.day - BASELINE_DAYS >= first_day)
    )
    # the window's bounds are local midnights: their dates are local days
    if scope.start is not None:
        emerged = emerged.filter(emerged.day >= (scope.start.date() - EPOCH).days)
    if scope.end is not None:
        emerged = emerged.filter(emerged.day < (scope.end.date() - EPOCH).days)
    peak = ibis.window(group_by="term", order_by=[ibis.desc("z"), "day"])
    ranked = emerged.mutate(
        rank=ibis.row_number().over(peak), days=emerged.term.count().over(ibis.window(group_by="term"))
    )
    best = ranked.filter(ranked["rank"] == 0)
    phrases = best.filter(best.term.contains(" "))
    words = phrases.select(word=phrases.term.split(" "), on=phrases.day, held=phrases["count"]).unnest("word")
    best = best.anti_join(
        words,
        [best.term == words.word, best.day == words.on, words.held >= PHRASE_SHARE * best["count"]],
    )
    return best.select(
        "term",
        day=(ibis.literal(EPOCH) + best.day.as_interval("D")).cast("date"),
        count=best["count"],
        authors=best.authors,
        baseline=best.baseline,
        sd=best.sd,
        z=best.z,
        days=best.days,
    ).order_by([ibis.desc("z"), "term"])
