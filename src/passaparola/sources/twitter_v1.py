"""X/Twitter API v1.1 statuses: single objects, arrays (timelines), search responses, JSON Lines.

- A retweet (``retweeted_status``) is a ``share`` whose ``shared_id`` is the original; the original is
  imported as its own item. A retweet object repeats the original's counters, so the share's own
  counters are left null.
- A quote (``quoted_status_id_str``) is a ``quote`` unless it is also a reply, in which case it is a
  ``reply`` that keeps the quoted id in ``shared_id``. The quoted status, when embedded, is its own item.
- ``in_reply_to_status_id_str`` is the parent. v1.1 has no conversation id: ``root_id`` stays null and is
  derived from the reply tree.
- Extended tweets: ``full_text`` (tweet_mode=extended) or ``extended_tweet`` (streaming) win over ``text``.
- An edited tweet (``edit_history.initial_tweet_id``) is keyed by its first version, as in ``twitter_v2``,
  so every version of it is one item whichever API it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import MappingError, count, ident, parse_time, tags
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_values


def is_status(obj: Any) -> bool:
    return (
        isinstance(obj, dict) and ("id_str" in obj or "id" in obj) and "user" in obj and "created_at" in obj
    )


def sniff(peek: Peek) -> bool:
    if "api.twitter.com/1.1/" in peek.hint:
        return True
    sample = peek.sample
    if isinstance(sample, dict) and isinstance(sample.get("statuses"), list):
        sample = sample["statuses"][0] if sample["statuses"] else None
    if isinstance(sample, list):
        sample = sample[0] if sample else None
    return is_status(sample)


def statuses_in(value: Any) -> Iterator[Any]:
    """The statuses in one JSON value: a status, a list of statuses, or a search response."""
    if isinstance(value, list):
        yield from value
    elif isinstance(value, dict) and isinstance(value.get("statuses"), list):
        yield from value["statuses"]
    else:
        yield value


def status_records(status: Any, line: int) -> Iterator[Output]:
    """A status and the statuses embedded in it (retweeted, quoted), originals first."""
    if not isinstance(status, dict):
        yield Reject(
            line, f"expected a Twitter v1.1 status object, got {type(status).__name__}", record_bytes(status)
        )
        return
    if "errors" in status and not is_status(status):
        messages = "; ".join(str(e.get("message", e)) for e in status["errors"] if isinstance(e, dict))
        yield Skipped(line, f"API error response: {messages or status['errors']}"[:200])
        return
    for key in ("retweeted_status", "quoted_status"):
        embedded = status.get(key)
        if isinstance(embedded, dict):
            yield from status_records(embedded, line)
    yield Record(status, line)


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    for value in json_values(entry):
        if isinstance(value, Reject):
            yield value
            continue
        line, data = value
        for status in statuses_in(data):
            yield from status_records(status, line)


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    item = map_status(data)
    context = data.get("_pp")
    if isinstance(context, dict):
        for key in ("root_id", "extra"):
            if context.get(key) is not None:
                item[key] = context[key]
    return item


def map_status(data: dict[str, Any]) -> dict[str, Any]:
    """One v1.1 status (or a Twitter archive tweet, which has the same shape minus ``user``)."""
    status_id = ident(data.get("id_str") or data.get("id"))
    if status_id is None:
        raise MappingError("expected a status with 'id_str' or 'id'")
    history = data.get("edit_history")
    if isinstance(history, dict) and history.get("initial_tweet_id"):
        # an edited tweet is one item keyed by its first version, as the v2 importer keys it
        status_id = ident(history["initial_tweet_id"])
    user = data.get("user") or {}
    if not isinstance(user, dict):
        raise MappingError(f"expected 'user' to be an object, got {type(user).__name__}")
    extended = data.get("extended_tweet") if isinstance(data.get("extended_tweet"), dict) else {}
    text = extended.get("full_text") or data.get("full_text") or data.get("text")
    if text is not None and not isinstance(text, str):
        raise MappingError(f"expected 'text' to be a string, got {type(text).__name__}")
    entities = extended.get("entities") or data.get("entities") or {}
    if not isinstance(entities, dict):
        raise MappingError("expected 'entities' to be an object")

    parent_id = ident(data.get("in_reply_to_status_id_str") or data.get("in_reply_to_status_id"))
    retweeted = data.get("retweeted_status")
    quoted_id = ident(data.get("quoted_status_id_str") or data.get("quoted_status_id"))
    shared_id = None
    if isinstance(retweeted, dict):
        kind, shared_id = "share", ident(retweeted.get("id_str") or retweeted.get("id"))
    elif parent_id is not None:
        kind, shared_id = "reply", quoted_id
    elif quoted_id is not None:
        kind, shared_id = "quote", quoted_id
    else:
        kind = "post"
    is_share = kind == "share"

    handle = user.get("screen_name")
    lang = data.get("lang")
    extra = {
        key: data[key]
        for key in ("possibly_sensitive", "withheld_in_countries", "coordinates", "source")
        if data.get(key) not in (None, [], False)
    }
    place = data.get("place")
    if isinstance(place, dict) and place.get("full_name"):
        extra["place"] = place.get("full_name")
    item: dict[str, Any] = {
        "platform": "twitter",
        "id": status_id,
        "kind": kind,
        "created_at": parse_time(data.get("created_at")),
        "author_id": ident(user.get("id_str") or user.get("id")),
        "author_handle": handle,
        "author_name": user.get("name"),
        "author_followers": count(user.get("followers_count")),
        "text": text,
        "lang": None if lang in (None, "und", "") else str(lang).lower(),
        "parent_id": parent_id,
        "shared_id": shared_id,
        "mentions": tags(
            [m.get("screen_name") for m in _entity_list(entities, "user_mentions") if m.get("screen_name")]
        ),
        "hashtags": tags([h.get("text") for h in _entity_list(entities, "hashtags") if h.get("text")]),
        "urls": [
            u.get("expanded_url") or u.get("url") for u in _entity_list(entities, "urls") if u.get("url")
        ],
        "likes": None if is_share else count(data.get("favorite_count")),
        "shares": None if is_share else count(data.get("retweet_count")),
        "replies": None if is_share else count(data.get("reply_count")),
        "quotes": None if is_share else count(data.get("quote_count")),
        "url": f"https://twitter.com/{handle or 'i/web'}/status/{status_id}",
        "extra": orjson.dumps(extra).decode() if extra else None,
    }
    if not entities:
        for key in ("mentions", "hashtags", "urls"):
            item[key] = None
    if user:
        item["_author"] = {
            "following": count(user.get("friends_count")),
            "posts": count(user.get("statuses_count")),
            "verified": bool(user["verified"]) if isinstance(user.get("verified"), bool) else None,
            "description": user.get("description") if isinstance(user.get("description"), str) else None,
            "location": user.get("location") if isinstance(user.get("location"), str) else None,
            "created_at": parse_time(user.get("created_at")),
            "url": f"https://twitter.com/{handle}" if handle else None,
        }
    return item


def _entity_list(entities: dict[str, Any], key: str) -> list[dict[str, Any]]:
    values = entities.get(key) or []
    if not isinstance(values, list):
        raise MappingError(f"expected entities.{key} to be a list")
    return [v for v in values if isinstance(v, dict)]


FORMAT = Format(
    name="twitter-v1",
    platform="twitter",
    description="X/Twitter API v1.1 statuses (objects, arrays, search responses, JSON Lines)",
    sniff=sniff,
    records=records,
    map_item=map_item,
)
