"""Mastodon account export (“Request your archive”): ``outbox.json`` and its companions.

``outbox.json`` is an ActivityStreams ``OrderedCollection`` whose ``orderedItems`` are the account's
``Create`` activities (each with its ``Note`` or ``Question`` inlined) and ``Announce`` activities
(boosts, whose ``object`` is the boosted status's URI). ``actor.json`` (the account's ``Person``,
with ``outbox`` rewritten to ``outbox.json``) becomes an author snapshot; ``likes.json`` and
``bookmarks.json`` hold status URIs only and are skipped whole. An outbox page fetched over HTTP
(``OrderedCollectionPage``) reads the same way.

Mapping decisions:

- Ids are ActivityPub URIs: the Note's ``id`` for a post, the ``Announce``'s ``id`` for a boost;
  ``inReplyTo`` is the ``parent_id`` and the boosted (or quoted) object's URI the ``shared_id``.
  They do not join with ``mastodon`` API ids (server-local numbers), whose ``uri`` is in ``extra``.
- Visibility comes from the addressing, as Mastodon writes it: ``as:Public`` in ``to`` is public,
  in ``cc`` unlisted; the author's followers collection without ``as:Public`` is private; neither
  is direct, and a direct status is kind ``message``.
- ``summary`` (the content warning) is the ``title``, as ``spoiler_text`` is for the API.
- ``lang`` is the one key of ``contentMap``. Counters: ``likes.totalItems`` and
  ``shares.totalItems`` (Mastodon 4.x writes them for local statuses); ``replies`` has no total.
- The author's handle and display name come from the export's ``actor.json`` when it lies beside
  the outbox (read through ``entry.sibling`` and carried in each record's ``_pp``); otherwise the
  handle is the bare username as Mastodon writes local handles (``/@name/`` in the status URL, else
  ``/users/name`` in the actor URI) and the name is unknown. Mentions are the ``Mention`` tag names
  without ``@`` (bare for local accounts, ``name@host`` for remote ones, as in the API's ``acct``).
- Outboxes above ``inputs.STREAM_JSON_ABOVE`` are streamed item by item (ijson on
  ``orderedItems.item``); ``line`` is the 1-based index in ``orderedItems``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import MappingError, count
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, inputs, record_bytes
from passaparola.sources.inputs import Entry, Peek
from passaparola.sources.mastodon import (
    compact,
    content_links,
    content_text,
    field_text,
    field_time,
    host_of,
    language,
)

PLATFORM = "mastodon"

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
COLLECTION_TYPES = frozenset({"OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage"})
NOTE_TYPES = frozenset({"Note", "Question", "Article", "Page"})
ACTOR_TYPES = frozenset({"Person", "Service", "Application", "Group", "Organization"})
ITEM_ACTIVITIES = frozenset({"Create", "Announce"})
OTHER_ACTIVITIES = frozenset(
    {
        "Update",
        "Delete",
        "Like",
        "Follow",
        "Undo",
        "Block",
        "Add",
        "Remove",
        "Move",
        "Accept",
        "Reject",
        "Flag",
        "EmojiReact",
    }
)
QUOTE_KEYS = ("quote", "quoteUri", "quoteUrl", "_misskey_quote")
_HANDLE_IN_URL = re.compile(r"/@([^/@?#]+)(?:/|$)")
_HANDLE_IN_ACTOR = re.compile(r"/users/([^/?#]+)/?$")
_URI_LISTS = ("likes.json", "bookmarks.json")


def _type(data: dict) -> str | None:
    """The ``type`` of an ActivityPub object (JSON-LD allows a list of types: the first text one)."""
    kind = data.get("type")
    if isinstance(kind, str):
        return kind
    if isinstance(kind, list):
        return next((k for k in kind if isinstance(k, str)), None)
    return None


# --- sniffing -------------------------------------------------------------------------------------


def _head_facts(head: bytes) -> dict[str, str]:
    """Top-level ``type``/``id``/``outbox`` and the first item's type, read from a possibly
    truncated head (big outboxes do not fit in the sniffing sample)."""
    import ijson

    facts: dict[str, str] = {}
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head)):
            if prefix in ("type", "id", "outbox") and event == "string":
                facts[prefix] = value
            elif prefix == "orderedItems.item.type" and event == "string":
                facts["item"] = value
            elif prefix == "orderedItems.item" and event == "string":
                facts["item"] = "uri"
            elif prefix == "orderedItems" and event == "end_array" and "item" not in facts:
                facts["item"] = "none"
            if "type" in facts and "item" in facts:
                break
    except Exception:  # truncated head or not JSON at all: keep what was read
        pass
    return facts


def _facts(peek_or_entry: Peek | Entry) -> dict[str, str]:
    head = peek_or_entry.head if isinstance(peek_or_entry, Peek) else peek_or_entry.head()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] != b"{":
        return {}
    if b'"orderedItems"' not in head and b'"outbox"' not in head:
        return {}
    sample = peek_or_entry.sample if isinstance(peek_or_entry, Peek) else None
    if isinstance(sample, dict):
        facts = {k: sample[k] for k in ("type", "id", "outbox") if isinstance(sample.get(k), str)}
        items = sample.get("orderedItems")
        if isinstance(items, list):
            first = items[0] if items else None
            if isinstance(first, dict) and isinstance(first.get("type"), str):
                facts["item"] = first["type"]
            elif isinstance(first, str):
                facts["item"] = "uri"
            elif first is None:
                facts["item"] = "none"
        return facts
    return _head_facts(stripped)


def _what(facts: dict[str, str]) -> str | None:
    kind = facts.get("type")
    if kind in ACTOR_TYPES and facts.get("outbox") == "outbox.json":
        return "actor"
    if kind not in COLLECTION_TYPES:
        return None
    identifier = facts.get("id", "")
    if identifier.endswith(_URI_LISTS):
        return "uri-list"
    item = facts.get("item")
    if item in ITEM_ACTIVITIES:
        return "outbox"
    if item == "none" and (identifier.endswith("outbox.json") or "/outbox" in identifier):
        return "outbox"
    return None


def sniff(peek: Peek) -> bool:
    try:
        return _what(_facts(peek)) is not None
    except Exception:
        return False


# --- records --------------------------------------------------------------------------------------


def _with_actor(value: dict, actor: dict | None) -> dict:
    """The record, carrying the export's own actor (handle, name) under ``_pp`` when it is the author."""
    if actor is None:
        return value
    return {**value, "_pp": {"actor": actor}}


def _item(value: Any, line: int, actor: dict | None = None) -> Iterator[Output]:
    if isinstance(value, str):
        yield Skipped(line, "bare object URI, not an item")
        return
    if not isinstance(value, dict):
        yield Reject(
            line, f"expected an ActivityPub activity, got {type(value).__name__}", record_bytes(value)
        )
        return
    kind = _type(value)
    if kind == "Create":
        obj = value.get("object")
        if isinstance(obj, dict) and _type(obj) == "Tombstone":
            yield Skipped(line, "deleted post (Tombstone)")
        elif isinstance(obj, str):
            yield Skipped(line, "Create activity without its object")
        else:
            yield Record(_with_actor(value, actor), line)
    elif kind == "Announce":
        yield Record(_with_actor(value, actor), line)
        obj = value.get("object")
        if isinstance(obj, dict) and _type(obj) in NOTE_TYPES:
            yield Record(_with_actor(obj, actor), line)  # a self-boost of a private post, inlined
    elif kind in NOTE_TYPES:
        yield Record(_with_actor(value, actor), line)
    elif kind in OTHER_ACTIVITIES:
        yield Skipped(line, f"{kind} activity, not a post")
    else:
        yield Reject(line, f"expected a Create or Announce activity, got type {kind!r}", record_bytes(value))


def _export_actor(entry: Entry) -> dict | None:
    """Handle and name from the ``actor.json`` beside the outbox (the same export), when readable."""
    sibling = getattr(entry, "sibling", None)
    if sibling is None:
        return None
    try:
        raw = sibling("actor.json")
        actor = orjson.loads(raw) if raw else None
    except Exception:
        return None
    if not isinstance(actor, dict) or not isinstance(actor.get("id"), str) or _type(actor) not in ACTOR_TYPES:
        return None
    facts = {"id": actor["id"]}
    for key, name in (("preferredUsername", "handle"), ("name", "name")):
        if isinstance(actor.get(key), str) and actor[key]:
            facts[name] = actor[key]
    return facts


def _stream(entry: Entry, actor: dict | None) -> Iterator[Output]:
    import ijson

    index = 0
    try:
        with entry.open() as stream:
            for index, value in enumerate(ijson.items(stream, "orderedItems.item", use_float=True), 1):
                yield from _item(value, index, actor)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        yield Reject(index + 1, f"outbox JSON broken after item {index}: {exc}")


def _big(entry: Entry) -> bool:
    if entry.size is not None:
        return entry.size > inputs.STREAM_JSON_ABOVE
    return len(entry.head()) >= inputs.HEAD_BYTES  # size unknown (a compressed stream): be safe


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    if _big(entry):
        if _what(_facts(entry)) == "uri-list":
            yield Skipped(1, "liked or bookmarked status URIs, not items")
        else:
            yield from _stream(entry, _export_actor(entry))
        return
    data = entry.read()
    try:
        document = orjson.loads(data.lstrip(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        yield Reject(1, f"not valid JSON: {exc}", data[:65536])
        return
    if not isinstance(document, dict):
        yield Reject(1, f"expected an ActivityPub object, got {type(document).__name__}", data[:65536])
        return
    kind = _type(document)
    if kind in ACTOR_TYPES:
        yield Record(document, 1, type="author")
        return
    if kind not in COLLECTION_TYPES:
        yield from _item(document, 1)
        return
    identifier = document.get("id")
    if isinstance(identifier, str) and identifier.endswith(_URI_LISTS):
        yield Skipped(1, "liked or bookmarked status URIs, not items")
        return
    items = document.get("orderedItems", document.get("items"))
    if not isinstance(items, list):
        yield Reject(1, f"expected a list in orderedItems, got {type(items).__name__}", data[:65536])
        return
    if not items:
        yield Skipped(1, "empty outbox")
    actor = _export_actor(entry)
    for index, value in enumerate(items, 1):
        yield from _item(value, index, actor)


# --- mapping ---------------------------------------------------------------------------------------


def _uri(value: Any, key: str) -> str | None:
    """An ActivityPub reference: a URI string, an object with ``id``/``href``, or a list of those."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        inner = value.get("id", value.get("href"))
        if inner is None or isinstance(inner, str):
            return inner or None
    if isinstance(value, list):
        for element in value:
            found = _uri(element, key) if isinstance(element, str | dict) else None
            if found:
                return found
        return None
    raise MappingError(f"expected a URI in {key}, got {type(value).__name__}")


def _audience(data: dict, key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    raise MappingError(f"expected a list of URIs in {key}, got {type(value).__name__}")


def _visibility(to: list[str], cc: list[str], author: str | None) -> str | None:
    if not to and not cc:
        return None
    if PUBLIC.intersection(to):
        return "public"
    if PUBLIC.intersection(cc):
        return "unlisted"
    followers = f"{author}/followers" if author else None
    if any(a == followers or (followers is None and a.endswith("/followers")) for a in to + cc):
        return "private"
    return "direct"


def _handle(author: str | None, url: str | None) -> str | None:
    for pattern, value in ((_HANDLE_IN_URL, url), (_HANDLE_IN_ACTOR, author)):
        if value:
            match = pattern.search(value)
            if match:
                return match.group(1)
    return None


def _total(data: dict, key: str) -> int | None:
    collection = data.get(key)
    if not isinstance(collection, dict):
        return None
    try:
        return count(collection.get("totalItems"))
    except MappingError as exc:
        raise MappingError(f"{key}.totalItems: {exc}") from None


def _tags(obj: dict) -> tuple[list[str] | None, list[str] | None, list[str]]:
    """(mentions, hashtags, link hrefs) from the ``tag`` list."""
    tags = obj.get("tag")
    if tags is None:
        return None, None, []
    if isinstance(tags, dict):
        tags = [tags]
    if not isinstance(tags, list):
        raise MappingError(f"expected a list in tag, got {type(tags).__name__}")
    mentions: list[str] = []
    hashtags: list[str] = []
    links: list[str] = []
    for tag in tags:
        if not isinstance(tag, dict):
            continue
        name = tag.get("name")
        kind = _type(tag)
        if kind == "Mention" and isinstance(name, str) and name.strip("@"):
            mentions.append(name.lstrip("@").lower())
        elif kind == "Hashtag" and isinstance(name, str) and name.strip("#"):
            hashtags.append(name.lstrip("#").lower())
        elif kind == "Link" and isinstance(tag.get("href"), str):
            links.append(tag["href"])
    return list(dict.fromkeys(mentions)), list(dict.fromkeys(hashtags)), links


def _attachments(obj: dict) -> tuple[list[dict[str, Any]] | None, list[str]]:
    """(media for ``extra``, link hrefs: Mastodon writes the preview card as a ``Link`` attachment)."""
    values = obj.get("attachment")
    if isinstance(values, dict):
        values = [values]
    if not isinstance(values, list):
        return None, []
    media, links = [], []
    for value in values:
        if not isinstance(value, dict):
            continue
        if _type(value) == "Link":
            if isinstance(value.get("href"), str):
                links.append(value["href"])
            continue
        url = value.get("url")
        media.append(
            {
                "type": value.get("mediaType") if isinstance(value.get("mediaType"), str) else None,
                "url": url if isinstance(url, str) else None,
                "description": value.get("name") if isinstance(value.get("name"), str) else None,
            }
        )
    return media or None, links


def _poll(obj: dict) -> dict[str, Any] | None:
    options = obj.get("oneOf", obj.get("anyOf"))
    if not isinstance(options, list):
        return None
    out = []
    for option in options:
        if isinstance(option, dict):
            replies = option.get("replies")
            votes = replies.get("totalItems") if isinstance(replies, dict) else None
            out.append({"title": option.get("name"), "votes": votes})
    return {
        "options": out,
        "voters": obj.get("votersCount"),
        "multiple": "anyOf" in obj,
        "expires_at": obj.get("endTime"),
    }


def _content(obj: dict) -> tuple[str | None, str | None]:
    """(HTML content, language) from ``content`` and ``contentMap``."""
    content = field_text(obj, "content")
    content_map = obj.get("contentMap")
    lang = None
    if isinstance(content_map, dict) and content_map:
        if len(content_map) == 1:
            lang, value = next(iter(content_map.items()))
            if content is None and isinstance(value, str):
                content = value
        else:
            lang = next((k for k, v in content_map.items() if v == content), None)
            if content is None:
                lang, value = next(iter(content_map.items()))
                content = value if isinstance(value, str) else None
    elif content_map is not None and not isinstance(content_map, dict):
        raise MappingError(f"expected an object in contentMap, got {type(content_map).__name__}")
    return content, language(lang)


def _quote(obj: dict) -> tuple[bool, str | None]:
    for key in QUOTE_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if isinstance(value, dict) and _type(value) == "Tombstone":
            return True, None
        uri = _uri(value, key)
        if uri:
            return True, uri
    return False, None


def _actor(data: dict, author: str | None) -> dict[str, Any]:
    """The export's actor facts from ``_pp`` when they are about this author."""
    pp = data.get("_pp")
    actor = pp.get("actor") if isinstance(pp, dict) else None
    if not isinstance(actor, dict) or author is None or actor.get("id") != author:
        return {}
    return {k: v for k, v in actor.items() if k in ("handle", "name") and isinstance(v, str)}


def _announce(data: dict) -> dict[str, Any]:
    activity_id = _uri(data.get("id"), "id")
    if activity_id is None:
        raise MappingError("expected the Announce activity's id, got nothing")
    shared = _uri(data.get("object"), "object")
    if shared is None:
        raise MappingError("expected the announced object's URI in object, got nothing")
    author = _uri(data.get("actor"), "actor")
    visibility = _visibility(_audience(data, "to"), _audience(data, "cc"), author)
    return {
        "platform": PLATFORM,
        "id": activity_id,
        "kind": "share",
        "created_at": field_time(data, "published"),
        "author_id": author,
        "author_handle": _actor(data, author).get("handle") or _handle(author, None),
        "author_name": _actor(data, author).get("name"),
        "shared_id": shared,
        "url": activity_id,
        "extra": compact({"server": host_of(activity_id), "visibility": visibility}),
    }


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected an ActivityPub activity, got {type(data).__name__}")
    kind = _type(data)
    if kind == "Announce":
        return _announce(data)
    if kind == "Create":
        obj = data.get("object")
        if not isinstance(obj, dict):
            got = "nothing" if obj is None else type(obj).__name__
            raise MappingError(f"expected the created Note in object, got {got}")
        activity: dict = data
    elif kind in NOTE_TYPES:
        obj, activity = data, {}
    else:
        raise MappingError(f"expected a Create or Announce activity or a Note, got type {kind!r}")
    if _type(obj) not in NOTE_TYPES:
        raise MappingError(f"expected a Note in object, got type {obj.get('type')!r}")

    item_id = _uri(obj.get("id"), "object.id")
    if item_id is None:
        raise MappingError("expected the Note's id (a URI) in object.id, got nothing")
    author = _uri(obj.get("attributedTo"), "attributedTo") or _uri(activity.get("actor"), "actor")
    known = _actor(data, author)
    url = _uri(obj.get("url"), "url")
    to = _audience(obj, "to") if "to" in obj else _audience(activity, "to")
    cc = _audience(obj, "cc") if "cc" in obj else _audience(activity, "cc")
    visibility = _visibility(to, cc, author)
    parent = _uri(obj.get("inReplyTo"), "inReplyTo")
    is_quote, quoted = _quote(obj)
    content, lang = _content(obj)
    mentions, hashtags, tag_links = _tags(obj)
    media, attachment_links = _attachments(obj)

    if visibility == "direct":
        item_kind = "message"
    elif is_quote:
        item_kind = "quote"
    elif parent is not None:
        item_kind = "reply"
    else:
        item_kind = "post"

    urls = None
    if content is not None or tag_links or attachment_links:
        urls = [*content_links(content), *tag_links, *attachment_links]
    conversation = obj.get("context", obj.get("conversation"))
    return {
        "platform": PLATFORM,
        "id": item_id,
        "kind": item_kind,
        "created_at": field_time(obj, "published") or field_time(activity, "published"),
        "author_id": author,
        "author_handle": known.get("handle") or _handle(author, url),
        "author_name": known.get("name"),
        "title": field_text(obj, "summary") or field_text(obj, "name") or None,
        "text": content_text(content),
        "lang": lang,
        "parent_id": parent,
        "shared_id": quoted,
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
        "likes": _total(obj, "likes"),
        "shares": _total(obj, "shares"),
        "replies": _total(obj, "replies"),
        "url": url or item_id,
        "extra": compact(
            {
                "server": host_of(item_id),
                "visibility": visibility,
                "sensitive": True if obj.get("sensitive") is True else None,
                "activity_id": activity.get("id") if isinstance(activity.get("id"), str) else None,
                "conversation": conversation if isinstance(conversation, str) else None,
                "edited_at": obj.get("updated") if isinstance(obj.get("updated"), str) else None,
                "media": media,
                "poll": _poll(obj),
            }
        ),
    }


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected an ActivityPub actor, got {type(data).__name__}")
    actor_id = _uri(data.get("id"), "id")
    if actor_id is None:
        raise MappingError("expected the actor's id (a URI) in id, got nothing")
    url = _uri(data.get("url"), "url")
    return {
        "platform": PLATFORM,
        "id": actor_id,
        "handle": field_text(data, "preferredUsername") or _handle(actor_id, url),
        "name": field_text(data, "name") or None,
        "followers": None,
        "following": None,
        "posts": None,
        "verified": None,
        "description": content_text(field_text(data, "summary")),
        "location": None,
        "created_at": field_time(data, "published"),
        "url": url,
    }


FORMAT = Format(
    name="mastodon-outbox",
    platform=PLATFORM,
    description="Mastodon account export: outbox.json (ActivityPub Create and Announce activities), "
    "actor.json as the author profile",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
