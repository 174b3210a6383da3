"""X/Twitter API v2, as twarc2 writes it (format ``twitter-v2``, platform ``twitter``).

Inputs understood
- twarc2 JSONL: one API response page per line, ``{"data", "includes", "meta", "errors", "__twarc"}``;
  ``data`` is a list of tweets (search, timelines, lookups) or one tweet (stream). ``__twarc.retrieved_at``
  is when the counters were observed (``observed_at``).
- twarc2 ``flatten`` output: one tweet per line with its expansions inline (``author``,
  ``in_reply_to_user``, ``referenced_tweets`` as whole tweets, ``geo`` merged with its place).
- Bare v2 tweet objects (a JSON document, a JSON array or JSONL), user lookups (``data`` of users: author
  snapshots), and pages that are not items at all (tweet counts, lists, compliance events: skipped with a
  reason that names them).

Records
Every tweet of a page is its own record: the ``data`` tweets and every ``includes.tweets`` entry (the
retweeted, quoted and replied-to tweets, pinned tweets of a user lookup). A tweet that appears twice on a
page (in ``data`` and in ``includes``) is yielded once. What a tweet needs from the rest of the page is put
in ``tweet["_pp"]`` so that :func:`map_item` works on the record alone (``passaparola reparse``):
``author`` (the ``includes.users`` object), ``observed_at``, ``reply_to`` (the replied-to handle),
``place``, ``media`` (types), ``rules`` (stream matching rules), ``ids`` (edit-version id -> item id, see
below) and ``edits`` (the counters of the page's earlier versions of the same tweet). Included users that
wrote none of the page's tweets (mentioned or replied-to accounts) become author snapshots.

Relations: ``replied_to`` -> ``parent_id``; ``retweeted`` -> kind ``share`` and ``shared_id``; ``quoted``
-> kind ``quote`` and ``shared_id``; a tweet that both replies and quotes is a ``reply`` whose
``shared_id`` is the quoted tweet. ``conversation_id`` -> ``root_id``. A retweet's ``public_metrics`` are
its original's, so a share's counters stay null.

Edits (decision)
Since 2022 an edit creates a new tweet id; ``edit_history_tweet_ids`` lists every version, oldest first,
and each version has engagement metrics of its own (engagement counts on the version visible when it
happened). To count an edited tweet once, **one item stands for the whole edit chain and its id is the
chain's first id** (``edit_history_tweet_ids[0]``): that id never changes, while "the latest id" does with
every further edit, so a tweet seen before and after an edit (or by another Twitter importer that knows
the initial id) upserts into the same row instead of making two. The item shows the newest version on the
page (text, entities, ``url`` of that version); earlier versions on the same page are skipped ("earlier
version of an edited tweet") and their counters are added to the item's (metrics are per version and
disjoint, so the sum is the tweet's engagement). ``extra.edit`` keeps ``history``, the ``version`` shown
and whether it is the ``latest``. References to any version that the page can resolve (a reply to the
second version, a quote of the first) point at the chain's id too; a reference to a version the page says
nothing about stays as the version id. An older version seen without its newer text (a lookup of an
old id) is ``partial``: it fills what the store lacks but never overwrites the newer version's row.

Other choices
- Text is ``note_tweet.text`` for long tweets (``text`` is then truncated), with Twitter's ``&amp;
  &lt; &gt;`` escapes undone. Entities come from the same place; URLs are ``unwound_url`` or
  ``expanded_url``, canonicalised, without the tweet's own media links (``pic.twitter.com``).
- ``lang``: Twitter's ``und``/``qst``/``qme``/``zxx``... codes are null; ``in``/``iw`` become ``id``/``he``.
- ``views`` is ``impression_count`` when present. ``promoted`` is true only when the tweet carries
  ``promoted_metrics`` (the API returns them only for promoted tweets), else null.
- Withheld tweets are kept, with ``extra.withheld``; cashtags are in ``extra.cashtags``.
- Page ``errors`` (unavailable referenced tweets, suspended mentioned users...) are skipped with a reason;
  a line that is only an API error (a stream disconnect, a failed lookup) is quarantined, as are broken
  lines (a stream cut mid-line).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from passaparola.canonical import MappingError, count, ident, parse_time, tags
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_values

PLATFORM = "twitter"

_INCLUDE_KEYS = frozenset({"users", "tweets", "media", "places", "polls", "topics"})
_META_KEYS = frozenset({"result_count", "newest_id", "oldest_id", "next_token", "total_tweet_count"})
_TWEET_SIGNS = (
    "edit_history_tweet_ids",
    "author_id",
    "conversation_id",
    "public_metrics",
    "referenced_tweets",
)
_COMPLIANCE_KEYS = frozenset({"id", "action", "created_at", "reason", "redacted_at"})
_NO_LANG = frozenset({"und", "zxx", "art", "xx"})
_LANG_ALIASES = {"in": "id", "iw": "he", "ji": "yi"}
_MEDIA_HOSTS = ("pic.twitter.com", "pic.x.com")
_METRICS = (
    ("likes", "like_count"),
    ("shares", "retweet_count"),
    ("replies", "reply_count"),
    ("quotes", "quote_count"),
    ("views", "impression_count"),
)
_COUNT_LIMIT = 2**63
_EARLIER_VERSION = "earlier version of an edited tweet: merged into the item of its latest version"
#: Nested referenced tweets followed in a flattened line (a guard against pathological nesting).
_MAX_NESTED = 1000


# --- sniffing ---------------------------------------------------------------------------------


def sniff(peek: Peek) -> bool:
    try:
        return _sniff(peek)
    except Exception:
        return False


def _sniff(peek: Peek) -> bool:
    hint = peek.hint
    if "/1.1/" in hint:
        return False
    first = peek.first_record()
    if first is None:
        return False
    if "api.twitter.com/2/" in hint or "api.x.com/2/" in hint:
        return True
    return _looks_v2(first)


def _looks_v2(doc: dict[str, Any]) -> bool:
    if "id_str" in doc or "user" in doc:
        return False  # v1.1
    if "__twarc" in doc:
        return True
    if "data" in doc:
        data = doc["data"]
        element = data[0] if isinstance(data, list) and data else data
        if not isinstance(element, dict) or "id_str" in element or "user" in element:
            return False
        includes, meta = doc.get("includes"), doc.get("meta")
        if isinstance(includes, dict) and includes.keys() & _INCLUDE_KEYS:
            return True
        if isinstance(meta, dict) and meta.keys() & _META_KEYS:
            return True
        return _is_tweet(element) or _is_user(element)
    if "errors" in doc and "id" not in doc:
        errors = doc["errors"]
        error = errors[0] if isinstance(errors, list) and errors else None
        kind = error.get("type") if isinstance(error, dict) else None
        return isinstance(kind, str) and ("twitter.com/2/problems" in kind or "x.com/2/problems" in kind)
    if _is_tweet(doc) or _is_user(doc):
        return True
    return _is_compliance(doc)


def _is_tweet(obj: dict[str, Any]) -> bool:
    return (
        isinstance(obj.get("id"), str)
        and "text" in obj
        and "id_str" not in obj
        and "user" not in obj
        and any(key in obj for key in _TWEET_SIGNS)
    )


def _is_user(obj: dict[str, Any]) -> bool:
    return (
        isinstance(obj.get("id"), str)
        and isinstance(obj.get("username"), str)
        and "screen_name" not in obj
        and (isinstance(obj.get("public_metrics"), dict) or "__twarc" in obj)
    )


def _is_compliance(obj: dict[str, Any]) -> bool:
    return "action" in obj and "reason" in obj and obj.keys() <= _COMPLIANCE_KEYS


# --- records ----------------------------------------------------------------------------------


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    for value in json_values(entry):
        if isinstance(value, Reject):
            yield value
            continue
        line, document = value
        if isinstance(document, list):
            # A JSON array document: locate its elements by index (as streamed arrays are).
            for index, element in enumerate(document, 1):
                yield from _document(element, index if line == 1 else line)
        else:
            yield from _document(document, line)


def _document(doc: Any, line: int) -> Iterator[Output]:
    if not isinstance(doc, dict):
        yield Reject(line, f"expected a Twitter API v2 object, got {type(doc).__name__}", record_bytes(doc))
    elif "data" in doc or "includes" in doc or "errors" in doc or "meta" in doc:
        yield from _page(doc, line)
    elif "event_type" in doc:
        yield Skipped(line, "direct message event: not read by the twitter-v2 importer")
    elif _is_compliance(doc):
        yield Skipped(line, f"compliance event, not an item ({_label(doc.get('action'))})")
    elif "username" in doc and "text" not in doc:
        yield from _flat_user(doc, line)
    elif "id" in doc:
        yield from _flat_tweet(doc, line)
    elif "title" in doc and ("detail" in doc or "type" in doc):
        yield Reject(line, _problem_reason([doc]), record_bytes(doc))
    else:
        keys = ", ".join(sorted(str(k) for k in doc)[:8])
        yield Reject(line, f"not a Twitter API v2 page, tweet or user (keys: {keys})", record_bytes(doc))


def _page(doc: dict[str, Any], line: int) -> Iterator[Output]:
    data = doc.get("data")
    errors = doc.get("errors")
    if not isinstance(errors, list):
        errors = [errors] if errors else []
    if data is None or data == [] or data == {}:
        if errors:
            yield Reject(line, _problem_reason(errors), record_bytes(doc))
        else:
            yield Skipped(line, "empty page (no results)")
        return
    if not isinstance(data, list | dict):
        yield Reject(
            line, f"expected 'data' to be a list or an object, got {type(data).__name__}", record_bytes(doc)
        )
        return
    includes = doc.get("includes")
    if not isinstance(includes, dict):
        includes = {}
    observed = _retrieved_at(doc)
    rules = _rules(doc.get("matching_rules"))

    users: dict[str, dict[str, Any]] = {}
    for user in _objects(includes.get("users")):
        key = _key(user.get("id"))
        if key is not None:
            users[key] = user

    tweets: list[dict[str, Any]] = []
    seen: set[str] = set()
    profiles: list[dict[str, Any]] = []
    for element in data if isinstance(data, list) else (data,):
        if not isinstance(element, dict):
            yield Reject(
                line,
                f"expected a tweet object in 'data', got {type(element).__name__}",
                record_bytes(element),
            )
            continue
        what = _non_tweet(element)
        if what == "user":
            profiles.append(element)
            key = _key(element.get("id"))
            if key is not None:
                users.setdefault(key, element)
        elif what is not None:
            yield Skipped(line, what)
        else:
            key = _key(element.get("id"))
            if key is None or key not in seen:
                if key is not None:
                    seen.add(key)
                tweets.append(element)
    for tweet in _objects(includes.get("tweets")):
        key = _key(tweet.get("id"))
        if key is None or key not in seen:
            if key is not None:
                seen.add(key)
            tweets.append(tweet)

    context = _Context(users, _places(includes), _media(includes), observed, rules)
    authors: set[str] = set()
    yield from _tweets(tweets, line, context, authors)
    for profile in profiles:
        authors.add(_key(profile.get("id")) or "")
        yield Record(_with_pp(profile, observed), line, type="author")
    for key, user in users.items():
        if key not in authors:
            authors.add(key)
            yield Record(_with_pp(user, observed), line, type="author")
    for error in errors:
        yield Skipped(line, _page_error_reason(error))


def _non_tweet(obj: dict[str, Any]) -> str | None:
    """What a ``data`` element is when it is not a tweet (``None`` for a tweet)."""
    if "text" in obj or "edit_history_tweet_ids" in obj:
        return "direct message event: not read by the twitter-v2 importer" if "event_type" in obj else None
    if "username" in obj:
        return "user"
    if "tweet_count" in obj and ("start" in obj or "end" in obj):
        return "tweet counts bucket: not an item"
    if "member_count" in obj or "owner_id" in obj:
        return "list: not an item"
    if "host_ids" in obj or ("state" in obj and "creator_id" in obj):
        return "space: not an item"
    if "event_type" in obj:
        return "direct message event: not read by the twitter-v2 importer"
    if _is_compliance(obj):
        return f"compliance event, not an item ({_label(obj.get('action'))})"
    return None


def _flat_tweet(doc: dict[str, Any], line: int) -> Iterator[Output]:
    """A bare tweet, or a twarc2-flattened one whose referenced tweets are whole tweets inline."""
    tweets = [doc]
    seen = {_key(doc.get("id"))}
    stack = [doc]
    while stack and len(tweets) < _MAX_NESTED:
        refs = stack.pop().get("referenced_tweets")
        if not isinstance(refs, list):
            continue
        for ref in refs:
            if not isinstance(ref, dict) or not ("text" in ref or "author_id" in ref):
                continue
            key = _key(ref.get("id"))
            if key is None or key in seen:
                continue
            seen.add(key)
            nested = {k: v for k, v in ref.items() if k != "type"}
            tweets.append(nested)
            stack.append(nested)
    context = _Context({}, {}, {}, _retrieved_at(doc), _rules(doc.get("matching_rules")))
    yield from _tweets(tweets, line, context, set())


def _flat_user(doc: dict[str, Any], line: int) -> Iterator[Output]:
    observed = _retrieved_at(doc)
    yield Record(_with_pp(doc, observed), line, type="author")
    pinned = doc.get("pinned_tweet")
    if isinstance(pinned, dict) and "id" in pinned:
        pinned = {k: v for k, v in pinned.items() if k != "author"}
        context = _Context({_key(doc.get("id")) or "": doc}, {}, {}, observed, None)
        yield from _tweets([pinned], line, context, set())


class _Context:
    """What the tweets of one page share: the includes lookups, built once per page."""

    __slots__ = ("media", "observed", "places", "rules", "users")

    def __init__(
        self,
        users: dict[str, dict[str, Any]],
        places: dict[str, dict[str, Any]],
        media: dict[str, str],
        observed: str | None,
        rules: list[str] | None,
    ):
        self.users = users
        self.places = places
        self.media = media
        self.observed = observed
        self.rules = rules


def _tweets(
    tweets: list[dict[str, Any]], line: int, context: _Context, authors: set[str]
) -> Iterator[Output]:
    """Yield the page's tweets as records, one per edit chain, each with its ``_pp``."""
    ids: dict[str, str] = {}
    heads: dict[int, list[Any]] = {}
    earlier: set[int] = set()
    chains: dict[str, list[dict[str, Any]]] = {}
    for tweet in tweets:
        history = tweet.get("edit_history_tweet_ids")
        if type(history) is list and len(history) > 1:
            first = _key(history[0])
            if first is None:
                continue
            for version in history:
                key = _key(version)
                if key is not None:
                    ids[key] = first
            chains.setdefault(first, []).append(tweet)
    for versions in chains.values():
        if len(versions) < 2:
            continue
        longest = max((t["edit_history_tweet_ids"] for t in versions), key=len)
        order = {_key(v): i for i, v in enumerate(longest)}
        head = max(versions, key=lambda t: order.get(_key(t.get("id")), -1))
        heads[id(head)] = [t.get("public_metrics") for t in versions if t is not head]
        earlier.update(id(t) for t in versions if t is not head)

    users, observed = context.users, context.observed
    for tweet in tweets:
        if id(tweet) in earlier:
            yield Skipped(line, _EARLIER_VERSION)
            continue
        pp: dict[str, Any] = {}
        if observed is not None:
            pp["observed_at"] = observed
        author_key = _key(tweet.get("author_id"))
        if author_key is not None:
            authors.add(author_key)
            if users and not tweet.get("author"):
                author = users.get(author_key)
                if author is not None:
                    pp["author"] = author
        if users:
            reply_to = users.get(_key(tweet.get("in_reply_to_user_id")) or "")
            if reply_to is not None and isinstance(reply_to.get("username"), str):
                pp["reply_to"] = reply_to["username"]
        if context.places:
            geo = tweet.get("geo")
            if isinstance(geo, dict):
                place = context.places.get(_key(geo.get("place_id")) or "")
                if place is not None:
                    pp["place"] = place
        if context.media:
            attachments = tweet.get("attachments")
            keys = attachments.get("media_keys") if isinstance(attachments, dict) else None
            if isinstance(keys, list):
                kinds = [context.media[k] for k in keys if isinstance(k, str) and k in context.media]
                if kinds:
                    pp["media"] = kinds
        if context.rules:
            pp["rules"] = context.rules
        if ids:
            remap = _remap(tweet, ids)
            if remap:
                pp["ids"] = remap
        if id(tweet) in heads:
            pp["edits"] = heads[id(tweet)]
        tweet["_pp"] = pp
        yield Record(tweet, line)


def _remap(tweet: dict[str, Any], ids: dict[str, str]) -> dict[str, str]:
    """Version id -> chain id for the ids this tweet points at (references and conversation)."""
    out = {}
    refs = tweet.get("referenced_tweets")
    for ref in refs if isinstance(refs, list) else ():
        if isinstance(ref, dict):
            key = _key(ref.get("id"))
            if key is not None and ids.get(key, key) != key:
                out[key] = ids[key]
    key = _key(tweet.get("conversation_id"))
    if key is not None and ids.get(key, key) != key:
        out[key] = ids[key]
    return out


def _places(includes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    places = {}
    for place in _objects(includes.get("places")):
        key = _key(place.get("id"))
        if key is not None:
            places[key] = place
    return places


def _media(includes: dict[str, Any]) -> dict[str, str]:
    media = {}
    for item in _objects(includes.get("media")):
        key, kind = item.get("media_key"), item.get("type")
        if isinstance(key, str) and isinstance(kind, str):
            media[key] = kind
    return media


def _objects(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def _key(value: Any) -> str | None:
    """An id usable as a lookup key (ids are strings in v2; integers are accepted)."""
    if type(value) is str:
        return value or None
    if type(value) is int:
        return str(value)
    return None


def _retrieved_at(doc: dict[str, Any]) -> str | None:
    twarc = doc.get("__twarc")
    if isinstance(twarc, dict):
        when = twarc.get("retrieved_at")
        if isinstance(when, str) and when:
            return when
    return None


def _rules(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    out = []
    for rule in value:
        if isinstance(rule, dict):
            label = rule.get("tag") or rule.get("id")
            if isinstance(label, str | int) and not isinstance(label, bool):
                out.append(str(label))
    return out or None


def _with_pp(user: dict[str, Any], observed: str | None) -> dict[str, Any]:
    if observed is None:
        return user
    return {**user, "_pp": {"observed_at": observed}}


def _label(value: Any) -> str:
    return value if isinstance(value, str) and value else "unknown"


def _problem_reason(errors: list[Any]) -> str:
    error = errors[0] if errors else None
    title = detail = None
    if isinstance(error, dict):
        title, detail = error.get("title"), error.get("detail") or error.get("message")
    text = ": ".join(str(part) for part in (title, detail) if part) or "no detail"
    more = f"; {len(errors) - 1} more" if len(errors) > 1 else ""
    return f"Twitter API error line, not a tweet ({text[:300]}{more})"


def _page_error_reason(error: Any) -> str:
    if not isinstance(error, dict):
        return "page error: unreadable error entry"
    kind = _label(error.get("resource_type")) if "resource_type" in error else "resource"
    title = _label(error.get("title"))
    return f"page error: {kind} not available ({title})"


# --- mapping ----------------------------------------------------------------------------------


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a tweet object, got {type(data).__name__}")
    pp = _obj(data.get("_pp"), "_pp")
    version = data.get("id")
    if type(version) is not str or not version:
        version = ident(version)
    if version is None:
        raise MappingError("expected a tweet id in 'id', got nothing")
    item_id = version
    partial = False
    extra: dict[str, Any] = {}

    history = data.get("edit_history_tweet_ids")
    if history is not None:
        if not isinstance(history, list):
            raise MappingError(
                f"expected 'edit_history_tweet_ids' to be a list, got {type(history).__name__}"
            )
        if len(history) > 1:
            chain = [ident(v) for v in history]
            if chain[0] is None:
                raise MappingError("expected an id first in 'edit_history_tweet_ids', got nothing")
            item_id = chain[0]
            latest = version == chain[-1]
            extra["edit"] = {"history": chain, "version": version, "latest": latest}
            if not latest:
                # an older version, its newer text unknown here: it fills gaps, never overwrites
                partial = True

    ids = pp.get("ids")
    remap = ids if isinstance(ids, dict) else {}
    kind = "post"
    parent = shared = retweeted = quoted = None
    refs = data.get("referenced_tweets")
    if refs is not None:
        if not isinstance(refs, list):
            raise MappingError(f"expected 'referenced_tweets' to be a list, got {type(refs).__name__}")
        for ref in refs:
            if not isinstance(ref, dict):
                raise MappingError(
                    f"expected 'referenced_tweets' entries to be objects, got {type(ref).__name__}"
                )
            ref_type = ref.get("type")
            ref_id = ref.get("id")
            if type(ref_id) is not str or not ref_id:
                ref_id = ident(ref_id)
            if remap:
                ref_id = _remapped(remap, ref_id)
            if ref_type == "retweeted":
                retweeted = ref_id
            elif ref_type == "replied_to":
                parent = ref_id
            elif ref_type == "quoted":
                quoted = ref_id
        if retweeted is not None:
            kind, shared = "share", retweeted
        elif parent is not None:
            kind, shared = "reply", quoted
        elif quoted is not None:
            kind, shared = "quote", quoted
    root = data.get("conversation_id")
    if type(root) is not str or not root:
        root = ident(root)
    if remap:
        root = _remapped(remap, root)

    author = data.get("author") or pp.get("author")
    author = _obj(author, "author")
    author_id = data.get("author_id")
    if type(author_id) is not str or not author_id:
        author_id = ident(author_id) or ident(author.get("id"))
    handle = _str(author.get("username"), "author.username")
    if handle and handle[0] == "@":
        handle = handle.lstrip("@")

    text = data.get("text")
    if text is None and "created_at" not in data and "author_id" not in data:
        keys = ", ".join(sorted(str(k) for k in data if k != "_pp")[:8])
        raise MappingError(f"expected a tweet with 'text', 'created_at' or 'author_id', got keys: {keys}")
    entities = data.get("entities")
    note = data.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        text = note["text"]
        if note.get("entities") is not None:
            entities = note["entities"]
    if text is not None:
        if not isinstance(text, str):
            raise MappingError(f"expected 'text' to be text, got {type(text).__name__}")
        if "&" in text:
            text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    mentions = hashtags = urls = None
    if entities is not None:
        entities = _obj(entities, "entities")
        mentions = _tags(_entity_values(entities, "mentions", "username"))
        hashtags = _tags(_entity_values(entities, "hashtags", "tag"))
        cashtags = _entity_values(entities, "cashtags", "tag")
        if cashtags:
            extra["cashtags"] = cashtags
        urls = _urls(entities)

    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": item_id,
        "kind": kind,
        "created_at": _time(data.get("created_at")),
        "author_id": author_id,
        "author_handle": handle,
        "author_name": _str(author.get("name"), "author.name"),
        "text": text,
        "lang": _lang(data.get("lang")),
        "parent_id": parent,
        "root_id": root,
        "shared_id": shared,
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
        "url": f"https://twitter.com/{handle or 'i/web'}/status/{version}",
    }
    if author:
        item["author_followers"], item["_author"] = _author_columns(author)

    if kind != "share":
        metrics = _obj(data.get("public_metrics"), "public_metrics")
        edits = pp.get("edits")
        others = [_obj(m, "_pp.edits") for m in edits] if isinstance(edits, list) else ()
        for column, field in _METRICS:
            value = metrics.get(field)
            if type(value) is not int or value < 0:
                value = count(value)
            for other in others:
                more = count(other.get(field))
                if more is not None:
                    value = more if value is None else value + more
            if value is not None and value >= _COUNT_LIMIT:
                raise MappingError(f"'{field}' summed over the edit versions is too large: {value}")
            item[column] = value
        if "edit" in extra:
            extra["edit"]["summed_versions"] = len(others) + 1
        bookmarks = count(metrics.get("bookmark_count"))
        if bookmarks is not None:
            extra["bookmarks"] = bookmarks
    if isinstance(data.get("promoted_metrics"), dict):
        item["promoted"] = True
    if partial:
        item["partial"] = True

    observed = pp.get("observed_at")
    if observed is None:
        twarc = data.get("__twarc")
        observed = twarc.get("retrieved_at") if isinstance(twarc, dict) else None
    if observed is not None:
        observed_at = _TIMES.get(observed) if type(observed) is str else None
        if observed_at is None:
            observed_at = _cached_time(observed)
        if observed_at is not None:
            item["observed_at"] = observed_at

    _extra(data, pp, kind, extra)
    item["extra"] = orjson.dumps(extra).decode() if extra else None
    return item


def _extra(data: dict[str, Any], pp: dict[str, Any], kind: str, extra: dict[str, Any]) -> None:
    withheld = data.get("withheld")
    if withheld:
        extra["withheld"] = withheld
    if kind == "reply" or "in_reply_to_user_id" in data:
        reply_user = ident(data.get("in_reply_to_user_id"))
        if reply_user is not None:
            extra["in_reply_to_user_id"] = reply_user
        reply_to = pp.get("reply_to")
        if reply_to is None:
            flat = data.get("in_reply_to_user")
            reply_to = flat.get("username") if isinstance(flat, dict) else None
        if isinstance(reply_to, str):
            extra["in_reply_to_handle"] = reply_to
    source = data.get("source")
    if isinstance(source, str) and source:
        extra["source"] = source
    if data.get("possibly_sensitive") is True:
        extra["possibly_sensitive"] = True
    geo = data.get("geo")
    if isinstance(geo, dict):
        place = pp.get("place") or geo
        if isinstance(place, dict):
            found = {
                k: place[k] for k in ("id", "full_name", "country_code") if isinstance(place.get(k), str)
            }
            if found:
                extra["place"] = found
        coordinates = geo.get("coordinates")
        if isinstance(coordinates, dict) and isinstance(coordinates.get("coordinates"), list):
            extra["coordinates"] = coordinates["coordinates"]
    media = pp.get("media")
    if media is None:
        attachments = data.get("attachments")
        flat = attachments.get("media") if isinstance(attachments, dict) else None
        if isinstance(flat, list):
            media = [
                m["type"] for m in flat if isinstance(m, dict) and isinstance(m.get("type"), str)
            ] or None
    if media:
        extra["media"] = media
    if pp.get("rules"):
        extra["matching_rules"] = pp["rules"]


def _author_columns(author: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """Followers and the ``_author`` snapshot fields of a v2 user object."""
    metrics = _obj(author.get("public_metrics"), "author.public_metrics")
    return count(metrics.get("followers_count")), _author_extra(author, metrics)


def _author_extra(author: dict[str, Any], metrics: dict[str, Any]) -> dict[str, Any]:
    url = None
    entities = author.get("entities")
    if isinstance(entities, dict):
        block = entities.get("url")
        found = block.get("urls") if isinstance(block, dict) else None
        if isinstance(found, list) and found and isinstance(found[0], dict):
            url = found[0].get("expanded_url")
    if not isinstance(url, str) or not url:
        url = author.get("url") if isinstance(author.get("url"), str) and author.get("url") else None
    verified = author.get("verified")
    return {
        "following": count(metrics.get("following_count")),
        "posts": count(metrics.get("tweet_count")),
        "verified": verified if isinstance(verified, bool) else None,
        "description": _str(author.get("description"), "author.description") or None,
        "location": _str(author.get("location"), "author.location") or None,
        "created_at": _cached_time(author.get("created_at")),
        "url": url,
    }


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a user object, got {type(data).__name__}")
    user_id = ident(data.get("id"))
    if user_id is None:
        raise MappingError("expected a user id in 'id', got nothing")
    metrics = _obj(data.get("public_metrics"), "public_metrics")
    handle = _str(data.get("username"), "username")
    profile = {
        "platform": PLATFORM,
        "id": user_id,
        "handle": handle.lstrip("@") if handle else None,
        "name": _str(data.get("name"), "name"),
        "followers": count(metrics.get("followers_count")),
        **_author_extra(data, metrics),
    }
    pp = data.get("_pp")
    observed = pp.get("observed_at") if isinstance(pp, dict) else None
    if observed is None:
        twarc = data.get("__twarc")
        observed = twarc.get("retrieved_at") if isinstance(twarc, dict) else None
    observed_at = _time(observed)
    if observed_at is not None:
        profile["observed_at"] = observed_at
    return profile


def _remapped(remap: dict[str, Any], value: str | None) -> str | None:
    """The chain id of an edited tweet's version, when the page said which chain it belongs to."""
    if value is None or not remap:
        return value
    found = remap.get(value)
    return found if isinstance(found, str) and found else value


def _entity_values(entities: dict[str, Any], key: str, field: str) -> list[Any]:
    found = entities.get(key)
    if found is None:
        return []
    if not isinstance(found, list):
        raise MappingError(f"expected 'entities.{key}' to be a list, got {type(found).__name__}")
    out = []
    for entity in found:
        if not isinstance(entity, dict):
            raise MappingError(
                f"expected 'entities.{key}' entries to be objects, got {type(entity).__name__}"
            )
        value = entity.get(field)
        if value is not None:
            if not isinstance(value, str):
                raise MappingError(
                    f"expected 'entities.{key}[].{field}' to be text, got {type(value).__name__}"
                )
            out.append(value)
    return out


def _urls(entities: dict[str, Any]) -> list[str]:
    found = entities.get("urls")
    if found is None:
        return []
    if not isinstance(found, list):
        raise MappingError(f"expected 'entities.urls' to be a list, got {type(found).__name__}")
    out: list[str] = []
    for entity in found:
        if not isinstance(entity, dict):
            raise MappingError(f"expected 'entities.urls' entries to be objects, got {type(entity).__name__}")
        if "media_key" in entity:
            continue
        display = entity.get("display_url")
        if isinstance(display, str) and display.startswith(_MEDIA_HOSTS):
            continue
        url = entity.get("unwound_url") or entity.get("expanded_url") or entity.get("url")
        if isinstance(url, str) and url and url not in out:
            out.append(url)  # as given: enrichment reads its UTM markers, then canonicalises
    return out


_TIMES: dict[str, datetime | None] = {}


def _cached_time(value: Any) -> datetime | None:
    """:func:`_time` for values that repeat (retrieval times, accounts' creation times)."""
    if type(value) is not str:
        return _time(value)
    found = _TIMES.get(value)
    if found is None:
        found = _time(value)
        if len(_TIMES) >= 65536:
            _TIMES.clear()
        _TIMES[value] = found
    return found


def _tags(values: list[str]) -> list[str]:
    return tags(values) if values else []


def _time(value: Any) -> datetime | None:
    """Twitter v2's ``2021-04-01T15:52:31.000Z`` without the general parser's detours."""
    if type(value) is str and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return parse_time(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return parse_time(value)


_LANGS: dict[str, str | None] = {}


def _lang(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected 'lang' to be a language code, got {type(value).__name__}")
    try:
        return _LANGS[value]
    except KeyError:
        pass
    code = value.strip().lower().split("-", 1)[0]
    if not code or code in _NO_LANG or (len(code) == 3 and code[0] == "q"):
        found = None
    else:
        found = _LANG_ALIASES.get(code, code)
    if len(_LANGS) < 4096:
        _LANGS[value] = found
    return found


def _obj(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"expected '{name}' to be an object, got {type(value).__name__}")
    return value


def _str(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise MappingError(f"expected '{name}' to be text, got {type(value).__name__}")


FORMAT = Format(
    name="twitter-v2",
    platform=PLATFORM,
    description="X/Twitter API v2 responses as twarc2 writes them (pages, flattened tweets, user lookups)",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
