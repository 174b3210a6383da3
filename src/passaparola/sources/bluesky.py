"""Bluesky (AT Protocol): app view responses, repository records and Jetstream events.

Inputs (one JSON document, a JSON array, or JSON Lines of any of these):

- ``app.bsky.feed.defs#postView`` objects, alone or in lists.
- ``getPostThread`` responses: ``thread`` is a ``threadViewPost`` whose ``parent`` and ``replies`` nest
  recursively; every post in the tree is its own record, ``notFoundPost`` / ``blockedPost`` nodes are
  skipped. The unspecced ``getPostThreadV2`` list form (``thread: [{uri, depth, value: {post}}]``) too.
- Feed pages (``getAuthorFeed``, ``getTimeline``, ``getFeed``, ``getListFeed``, ``getActorLikes``):
  ``feed`` is a list of ``feedViewPost``. The post, and the full ``reply.root`` / ``reply.parent`` views
  given beside it, are records. A ``reasonRepost`` becomes a ``share`` item of its own (see below); a
  ``reasonPin`` changes nothing.
- ``searchPosts``, ``getPosts``, ``getQuotes``: ``posts`` is a list of post views.
- Repository records (``com.atproto.repo.listRecords`` pages, ``getRecord`` responses, or one
  ``{uri, cid, value}`` object): ``app.bsky.feed.post`` records are posts, ``app.bsky.feed.repost``
  records are shares; every other ``$type`` (feed generators, likes, follows...) is skipped, named.
- Jetstream events (``{did, time_us, kind: "commit", commit: {collection, rkey, record}}``) for posts
  and reposts; other collections, deletes and identity/account events are skipped.
- Profiles (``app.bsky.actor.defs#profileView*``: ``getProfile``, the ``follows`` / ``followers`` and
  ``subject`` of ``getFollows`` / ``getFollowers``, ``actors``, ``profiles``, ``repostedBy``, the
  ``actor`` of each ``getLikes`` entry) become author snapshots (``Record(type="author")``).

Mapping decisions:

- ``id`` is the post's ``at://`` URI; ``url`` is ``https://bsky.app/profile/<handle or did>/post/<rkey>``.
  The placeholder handle ``handle.invalid`` (an unresolvable handle) is treated as no handle.
- ``parent_id`` / ``root_id`` come from the record's ``reply.parent.uri`` / ``reply.root.uri``; a
  top-level post has no ``root_id`` (it is derived).
- A post whose record embeds a *post* (``app.bsky.embed.record`` or ``recordWithMedia``) is a ``quote``
  with ``shared_id`` = the embedded post's URI, unless it is also a reply: then it is a ``reply`` that
  keeps the quoted URI in ``shared_id`` (as for Twitter). Embedded feed generators, lists and starter
  packs are not quotes: their URI goes to ``extra.embedded_record``. An embedded ``viewRecord`` with an
  author and a post value is imported as its own item (its ``embeds`` are followed too).
- A repost has no native id in older app view responses (``reasonRepost.uri`` arrived in 2024), so its
  id is always ``<reposter did>/repost/<post uri>`` (a user can repost a post once): the same repost
  from a feed page, a repository ``app.bsky.feed.repost`` record or a Jetstream event is one item. The
  native repost record URI, when given, is kept in ``extra.repost_uri``. ``created_at`` is
  ``reason.indexedAt`` (or the repost record's ``createdAt``). A share has no text, no counters of its
  own and no permalink (``url`` is null).
- Facets: ``#mention`` gives a DID; the mentioned handle is read from the text the facet points at
  (UTF-8 byte offsets), falling back to the DID; the DIDs are kept in ``extra.mention_dids``. ``#tag``
  facets and the record's non-inline ``tags`` are ``hashtags``; ``#link`` facets plus a link card's URI
  (``app.bsky.embed.external``) are ``urls``. Each list is given only when the record has at least one
  entity of that kind, otherwise it is left null so enrichment reads the text (older posts have no tag
  facets). The deprecated ``entities`` (2022-2023 posts) are read too.
- ``lang`` is the primary subtag of ``langs[0]`` (``en-US`` -> ``en``); ``und`` -> null; the full list is
  kept in ``extra.langs`` when it says more.
- ``created_at`` is the record's ``createdAt``; when that is missing or unparseable, the app view's
  ``indexedAt`` (or the Jetstream event time) is used and the raw value is kept in ``extra.created_at_raw``.
- Counters: ``likeCount`` / ``repostCount`` / ``replyCount`` / ``quoteCount`` -> likes / shares / replies /
  quotes (views only: repository records carry none, so they stay null). ``bookmarkCount`` goes to extra.
- Author: ``did`` is ``author_id``; ``handle``, ``displayName``; ``followersCount`` when the view has it
  (``profileViewDetailed``). Extra author fields: follows / posts counts, ``verification.verifiedStatus``
  (``valid`` -> verified), description, ``createdAt``, profile URL.
- ``extra``: ``cid``, ``labels`` (label values, app view labels and self-labels), ``media`` (images,
  video, external), ``embedded_record``, ``mention_dids``, ``langs``, ``created_at_raw``, ``bookmarks``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import MappingError, count, parse_time, tags
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_document

PLATFORM = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
REASON_REPOST = "app.bsky.feed.defs#reasonRepost"
THREAD_VIEW_POST = "app.bsky.feed.defs#threadViewPost"
NOT_FOUND_POST = "app.bsky.feed.defs#notFoundPost"
BLOCKED_POST = "app.bsky.feed.defs#blockedPost"
MENTION = "app.bsky.richtext.facet#mention"
LINK = "app.bsky.richtext.facet#link"
TAG = "app.bsky.richtext.facet#tag"
INVALID_HANDLE = "handle.invalid"
PROFILE_URL = "https://bsky.app/profile/"

#: Keys of app view responses that list profiles.
PROFILE_LISTS = ("follows", "followers", "actors", "profiles", "repostedBy")
#: Keys of app view / repo responses that list posts or records.
PAGE_LISTS = ("feed", "posts", "records")


# --- small helpers ------------------------------------------------------------------------------


def _is_did(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("did:")


def _is_at_uri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("at://")


def _collection(uri: Any) -> str | None:
    """The collection NSID of an ``at://authority/collection/rkey`` URI, or None."""
    if not _is_at_uri(uri):
        return None
    parts = uri[5:].split("/")
    return parts[1] if len(parts) >= 2 and parts[1] else None


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shallow(node: dict[str, Any]) -> dict[str, Any]:
    """A thread node without its nested parent and replies (for quarantine)."""
    return {k: v for k, v in node.items() if k not in ("parent", "replies")}


# --- sniffing -------------------------------------------------------------------------------------


def sniff(peek: Peek) -> bool:
    try:
        hint = peek.hint
        if "/xrpc/app.bsky." in hint or "/xrpc/com.atproto.repo." in hint:
            return True
        first = peek.first_record()
        return first is not None and _looks_bluesky(first)
    except Exception:
        return False


def _looks_bluesky(obj: dict[str, Any]) -> bool:
    kind = obj.get("$type")
    if isinstance(kind, str) and kind.startswith("app.bsky."):
        return True
    if _is_at_uri(obj.get("uri")):
        return True
    if _is_did(obj.get("did")) and (
        isinstance(obj.get("handle"), str) or ("time_us" in obj and isinstance(obj.get("kind"), str))
    ):
        return True
    thread = obj.get("thread")
    if isinstance(thread, list):
        thread = thread[0] if thread else None
    if isinstance(thread, dict):
        post = thread.get("post")
        if _is_at_uri(thread.get("uri")) or (isinstance(post, dict) and _is_at_uri(post.get("uri"))):
            return True
        if isinstance(thread.get("$type"), str) and thread["$type"].startswith("app.bsky."):
            return True
    for key in (*PAGE_LISTS, *PROFILE_LISTS):
        values = obj.get(key)
        if not isinstance(values, list) or not values or not isinstance(values[0], dict):
            continue
        element = values[0]
        if key == "feed":
            element = element.get("post")
        if isinstance(element, dict) and (_is_at_uri(element.get("uri")) or _is_did(element.get("did"))):
            return True
    subject = obj.get("subject")
    return (
        isinstance(subject, dict) and _is_did(subject.get("did")) and isinstance(subject.get("handle"), str)
    )


# --- records --------------------------------------------------------------------------------------


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    """Every post, share and profile in the entry, embedded posts before the posts that embed them.

    In a file holding one JSON document, records are located by their position in the document's list
    (feed entry, post, record, profile; thread nodes in walk order); in JSON Lines by line number.
    """
    numbered, values = json_document(entry)
    for value in values:
        if isinstance(value, Reject):
            yield value
            continue
        line, data = value
        if isinstance(data, list):
            if not data:
                yield Skipped(line, "empty JSON array")
            for index, element in enumerate(data, 1):
                yield from _document_records(element, index if numbered else line, False)
        else:
            yield from _document_records(data, line, numbered)


def _document_records(doc: Any, line: int, numbered: bool) -> Iterator[Output]:
    if not isinstance(doc, dict):
        yield Reject(
            line,
            f"expected a JSON object (a Bluesky post, page, thread, record or profile), got {_type_name(doc)}",
            record_bytes(doc),
        )
        return
    seen: set[Any] = set()

    def at(index: int) -> int:
        return index if numbered else line

    if "error" in doc and set(doc) <= {"error", "message"}:
        yield Skipped(line, f"API error response: {doc.get('error')}: {doc.get('message')}"[:200])
        return
    if "thread" in doc:
        yield from _thread_records(doc["thread"], line, numbered, seen)
        return
    for key in PAGE_LISTS:
        page = doc.get(key)
        if isinstance(page, list):
            if not page:
                yield Skipped(line, f"empty page ({key})")
            for index, element in enumerate(page, 1):
                yield from _object_records(element, at(index), seen, key)
            return
    if any(isinstance(doc.get(key), list) for key in (*PROFILE_LISTS, "likes")) or (
        isinstance(doc.get("subject"), dict) and _is_did(doc["subject"].get("did"))
    ):
        yield from _profile_page(doc, line, numbered)
        return
    if isinstance(doc.get("feeds"), list):
        yield Skipped(line, "feed generator views (feeds), not posts")
        return
    if doc and set(doc) <= {"cursor", "hitsTotal"}:
        yield Skipped(line, "page without posts")
        return
    yield from _object_records(doc, line, seen, None)


def _object_records(obj: Any, line: int, seen: set[Any], context: str | None) -> Iterator[Output]:
    """One object standing alone or as an element of a page list."""
    where = f" in '{context}'" if context else ""
    if not isinstance(obj, dict):
        yield Reject(line, f"expected an object{where}, got {_type_name(obj)}", record_bytes(obj))
        return
    kind = obj.get("$type")
    if obj.get("notFound") is True or kind == NOT_FOUND_POST:
        yield Skipped(line, "notFoundPost placeholder (deleted or missing post)")
        return
    if obj.get("blocked") is True or kind == BLOCKED_POST:
        yield Skipped(line, "blockedPost placeholder (blocked post)")
        return
    if "post" in obj and "author" not in obj:
        if kind == THREAD_VIEW_POST or "parent" in obj or "replies" in obj:
            yield from _thread_records(obj, line, False, seen)
        else:
            yield from _feed_item_records(obj, line, seen)
        return
    if ("commit" in obj and _is_did(obj.get("did"))) or ("time_us" in obj and "kind" in obj):
        yield from _jetstream_records(obj, line)
        return
    if "author" in obj and ("record" in obj or "value" in obj):
        yield from _post_records(obj, line, seen)
        return
    value = obj.get("value")
    if isinstance(value, dict):
        value_type = value.get("$type")
        if value_type in (POST, REPOST) or (value_type is None and "text" in value):
            yield Record(obj, line)
        else:
            yield Skipped(
                line, f"not a post: {value_type or _collection(obj.get('uri')) or 'untyped'} record"
            )
        return
    if kind == POST:  # a bare record without its URI: map_item says why it cannot be used
        yield Record(obj, line)
        return
    if isinstance(kind, str) and kind.startswith("app.bsky.") and "#" not in kind:
        yield Skipped(line, f"not a post: {kind} record")
        return
    collection = _collection(obj.get("uri"))
    if collection is not None and collection != POST:
        yield Skipped(line, f"not a post: {collection} view")
        return
    if _is_did(obj.get("did")) and "handle" in obj:
        yield Record(obj, line, type="author")
        return
    keys = ", ".join(sorted(str(k) for k in obj)[:8])
    yield Reject(
        line,
        f"expected a Bluesky post view, feed item, thread, record or profile{where}, got an object with keys: {keys}",
        record_bytes(obj),
    )


def _post_records(view: dict[str, Any], line: int, seen: set[Any]) -> Iterator[Output]:
    """A post view (or embedded viewRecord) and the posts it quotes, quoted posts first."""
    found: list[Record] = []
    stack = [view]
    while stack:
        current = stack.pop()
        uri = current.get("uri")
        key = ("record" in current, uri) if isinstance(uri, str) else id(current)
        if key in seen:
            continue
        seen.add(key)
        found.append(Record(current, line))
        stack.extend(_quoted_views(current))
    yield from reversed(found)


def _quoted_views(view: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Embedded ``viewRecord``s complete enough to be items of their own."""
    if "record" in view:
        embeds = [view.get("embed")]
    else:
        embeds = view.get("embeds") if isinstance(view.get("embeds"), list) else []
    for embed in embeds:
        if not isinstance(embed, dict):
            continue
        record = embed.get("record")
        if isinstance(record, dict) and "author" not in record and isinstance(record.get("record"), dict):
            record = record["record"]  # recordWithMedia#view: {record: {record: viewRecord}}
        if (
            isinstance(record, dict)
            and _collection(record.get("uri")) == POST
            and isinstance(record.get("author"), dict)
            and _is_did(record["author"].get("did"))
            and isinstance(record.get("value"), dict)
            and record["value"].get("$type", POST) == POST
        ):
            yield record


def _feed_item_records(item: dict[str, Any], line: int, seen: set[Any]) -> Iterator[Output]:
    post = item.get("post")
    if not isinstance(post, dict):
        yield Reject(
            line,
            f"expected 'post' to be a post view in a feed item, got {_type_name(post)}",
            record_bytes(item),
        )
        return
    reply = item.get("reply")
    if isinstance(reply, dict):
        for key in ("root", "parent"):
            ref = reply.get(key)
            if isinstance(ref, dict) and "author" in ref and "record" in ref:
                yield from _post_records(ref, line, seen)
    yield from _post_records(post, line, seen)
    reason = item.get("reason")
    if isinstance(reason, dict) and (
        reason.get("$type") == REASON_REPOST or ("$type" not in reason and "by" in reason)
    ):
        share = {"$type": REASON_REPOST, **reason}
        share["_pp"] = {"subject": {"uri": post.get("uri"), "cid": post.get("cid")}}
        yield Record(share, line)


def _thread_records(node: Any, line: int, numbered: bool, seen: set[Any]) -> Iterator[Output]:
    """Every post of a thread tree (ancestors, the anchor, replies), walked without recursion."""
    if isinstance(node, list):  # getPostThreadV2: a flat list of thread items
        if not node:
            yield Skipped(line, "empty thread")
        for index, element in enumerate(node, 1):
            at = index if numbered else line
            value = element.get("value") if isinstance(element, dict) else None
            post = value.get("post") if isinstance(value, dict) else None
            if isinstance(post, dict):
                yield from _post_records(post, at, seen)
            elif isinstance(value, dict):
                yield Skipped(at, f"thread item without a post ({value.get('$type')})")
            else:
                yield Reject(at, "expected a thread item with 'value.post'", record_bytes(element))
        return
    stack = [node]
    position = 0
    while stack:
        current = stack.pop()
        position += 1
        at = position if numbered else line
        if not isinstance(current, dict):
            yield Reject(
                at, f"expected a threadViewPost object, got {_type_name(current)}", record_bytes(current)
            )
            continue
        kind = current.get("$type")
        if current.get("notFound") is True or kind == NOT_FOUND_POST:
            yield Skipped(at, "notFoundPost placeholder (deleted or missing post)")
            continue
        if current.get("blocked") is True or kind == BLOCKED_POST:
            yield Skipped(at, "blockedPost placeholder (blocked post)")
            continue
        post = current.get("post")
        if not isinstance(post, dict):
            yield Reject(
                at,
                f"expected 'post' in a threadViewPost to be a post view, got {_type_name(post)}",
                record_bytes(_shallow(current)),
            )
        else:
            yield from _post_records(post, at, seen)
        replies = current.get("replies")
        if isinstance(replies, list):
            stack.extend(reversed(replies))
        parent = current.get("parent")
        if parent is not None:
            stack.append(parent)


def _jetstream_records(event: dict[str, Any], line: int) -> Iterator[Output]:
    kind = event.get("kind")
    if kind != "commit":
        yield Skipped(line, f"Jetstream {kind} event, not a post")
        return
    commit = event.get("commit")
    if not isinstance(commit, dict):
        yield Reject(
            line,
            f"expected 'commit' to be an object in a Jetstream event, got {_type_name(commit)}",
            record_bytes(event),
        )
        return
    collection = commit.get("collection")
    if commit.get("operation") == "delete":
        yield Skipped(line, f"Jetstream delete ({collection})")
    elif collection in (POST, REPOST):
        yield Record(event, line)
    else:
        yield Skipped(line, f"not a post: {collection} record")


def _profile_page(doc: dict[str, Any], line: int, numbered: bool) -> Iterator[Output]:
    index = 0
    for key in PROFILE_LISTS:
        profiles = doc.get(key)
        if not isinstance(profiles, list):
            continue
        for profile in profiles:
            index += 1
            yield from _profile_record(profile, index if numbered else line, key)
    likes = doc.get("likes")
    if isinstance(likes, list):
        for like in likes:
            index += 1
            actor = like.get("actor") if isinstance(like, dict) else None
            yield from _profile_record(actor, index if numbered else line, "likes[].actor")
    subject = doc.get("subject")
    if isinstance(subject, dict) and _is_did(subject.get("did")):
        index += 1
        yield from _profile_record(subject, index if numbered else line, "subject")
    if index == 0:
        yield Skipped(line, "empty page (profiles)")


def _profile_record(profile: Any, line: int, where: str) -> Iterator[Output]:
    if isinstance(profile, dict) and _is_did(profile.get("did")):
        yield Record(profile, line, type="author")
    else:
        yield Reject(line, f"expected a profile with a 'did' in '{where}'", record_bytes(profile))


# --- mapping --------------------------------------------------------------------------------------


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Bluesky record object, got {_type_name(data)}")
    context = data.get("_pp")
    if isinstance(context, dict) and "subject" in context:
        return _map_repost_view(data, context)
    if "commit" in data and _is_did(data.get("did")):
        return _map_jetstream(data)
    if "author" in data:
        author = data["author"]
        if not isinstance(author, dict):
            raise MappingError(f"expected 'author' to be a profile object, got {_type_name(author)}")
        if "record" in data:
            return _map_post(data.get("uri"), data["record"], "record", author, data)
        if "value" in data:
            return _map_post(data.get("uri"), data["value"], "value", author, data)
        raise MappingError("expected a post view with 'record' (or an embedded viewRecord with 'value')")
    if "value" in data:
        value = data["value"]
        if isinstance(value, dict) and value.get("$type") == REPOST:
            return _map_repost_record(data.get("uri"), value, "value")
        return _map_post(data.get("uri"), value, "value", None, data)
    if data.get("$type") == POST:
        raise MappingError(
            "expected the post's at:// 'uri' beside the record: a bare app.bsky.feed.post record has no id"
        )
    keys = ", ".join(sorted(str(k) for k in data)[:8])
    raise MappingError(
        f"expected a Bluesky post view (uri, author, record) or repo record (uri, value), got keys: {keys}"
    )


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Bluesky profile object, got {_type_name(data)}")
    author = _author(data, "did")
    if author["id"] is None:
        raise MappingError("expected 'did' (the account's DID) in a Bluesky profile")
    return {
        "platform": PLATFORM,
        "id": author["id"],
        "handle": author["handle"],
        "name": author["name"],
        "followers": author["followers"],
        **author["extra"],
    }


def _parse_uri(value: Any, field: str) -> tuple[str, str, str, str]:
    if not _is_at_uri(value):
        raise MappingError(f"expected '{field}' to be an at:// URI, got {_short(value)}")
    parts = value[5:].split("/")
    if len(parts) != 3 or not all(parts):
        raise MappingError(f"expected '{field}' as at://<did>/<collection>/<rkey>, got {_short(value)}")
    return value, parts[0], parts[1], parts[2]


def _author(profile: dict[str, Any], field: str) -> dict[str, Any]:
    """Item author columns and author-snapshot extras from a profileView(Basic|Detailed)."""
    did = profile.get("did")
    if did is not None and not _is_did(did):
        raise MappingError(f"expected '{field}' to be a DID (did:...), got {_short(did)}")
    handle = profile.get("handle")
    if not isinstance(handle, str) or not handle or handle == INVALID_HANDLE:
        handle = None
    name = profile.get("displayName")
    description = profile.get("description")
    verification = profile.get("verification")
    verified = None
    if isinstance(verification, dict):
        status = verification.get("verifiedStatus")
        verified = True if status == "valid" else False if status in ("none", "invalid") else None
    try:
        created_at = parse_time(profile.get("createdAt"))
    except MappingError:
        created_at = None
    return {
        "id": did,
        "handle": handle,
        "name": name if isinstance(name, str) and name else None,
        "followers": count(profile.get("followersCount")),
        "extra": {
            "following": count(profile.get("followsCount")),
            "posts": count(profile.get("postsCount")),
            "verified": verified,
            "description": description if isinstance(description, str) and description else None,
            "location": None,
            "created_at": created_at,
            "url": f"{PROFILE_URL}{handle or did}" if handle or did else None,
        },
    }


def _map_post(
    uri_value: Any,
    body: Any,
    body_name: str,
    author_view: dict[str, Any] | None,
    view: dict[str, Any],
    fallback_time: Any = None,
) -> dict[str, Any]:
    uri, authority, collection, rkey = _parse_uri(uri_value, "uri")
    if collection != POST:
        raise MappingError(f"expected an {POST} URI, got a {collection} record ({_short(uri)})")
    if not isinstance(body, dict):
        raise MappingError(f"expected '{body_name}' to be an {POST} object, got {_type_name(body)}")
    body_type = body.get("$type")
    if body_type is not None and body_type != POST:
        raise MappingError(f"expected '{body_name}.$type' to be {POST}, got {_short(body_type)}")
    text = body.get("text")
    if text is not None and not isinstance(text, str):
        raise MappingError(f"expected '{body_name}.text' to be a string, got {_type_name(text)}")
    extra: dict[str, Any] = {}

    created_at = _created_at(body.get("createdAt"), view.get("indexedAt") or fallback_time, extra, body_name)
    parent_id, root_id = _reply(body.get("reply"), body_name)
    embedded_uri, media, card_urls = _embed(body.get("embed"))
    shared_id = None
    if embedded_uri is not None:
        if _collection(embedded_uri) == POST:
            shared_id = embedded_uri
        else:
            extra["embedded_record"] = embedded_uri
    kind = "reply" if parent_id else "quote" if shared_id else "post"
    mentions, mention_dids, hashtags, links = _entities(body, text or "")
    urls = links + card_urls

    author = _author(author_view, "author.did") if author_view is not None else None
    author_id = (author and author["id"]) or (authority if _is_did(authority) else None)
    handle = author["handle"] if author else (authority if not _is_did(authority) else None)
    lang, langs = _lang(body.get("langs"), body_name)

    if isinstance(view.get("cid"), str):
        extra["cid"] = view["cid"]
    labels = _labels(view.get("labels"), body.get("labels"))
    if labels:
        extra["labels"] = labels
    if media:
        extra["media"] = media
    if mention_dids:
        extra["mention_dids"] = mention_dids
    if langs:
        extra["langs"] = langs
    bookmarks = count(view.get("bookmarkCount"))
    if bookmarks is not None:
        extra["bookmarks"] = bookmarks

    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": uri,
        "kind": kind,
        "created_at": created_at,
        "author_id": author_id,
        "author_handle": handle,
        "author_name": author["name"] if author else None,
        "author_followers": author["followers"] if author else None,
        "text": text,
        "lang": lang,
        "parent_id": parent_id,
        "root_id": root_id,
        "shared_id": shared_id,
        "mentions": tags(mentions) if mentions else None,
        "hashtags": tags(hashtags) if hashtags else None,
        "urls": urls or None,
        "likes": count(view.get("likeCount")),
        "shares": count(view.get("repostCount")),
        "replies": count(view.get("replyCount")),
        "quotes": count(view.get("quoteCount")),
        "url": f"{PROFILE_URL}{handle or author_id or authority}/post/{rkey}",
        "extra": orjson.dumps(extra).decode() if extra else None,
    }
    if author:
        item["_author"] = author["extra"]
    return item


def _created_at(value: Any, fallback: Any, extra: dict[str, Any], body_name: str):
    try:
        created = parse_time(value)
    except MappingError:
        if fallback is None:
            raise MappingError(
                f"expected '{body_name}.createdAt' to be an ISO 8601 timestamp, got {_short(value)}"
            ) from None
        created = None
    if created is not None:
        return created
    if fallback is None:
        raise MappingError(f"expected '{body_name}.createdAt' (the post's timestamp)")
    try:
        created = parse_time(fallback)
    except MappingError:
        raise MappingError(
            f"expected '{body_name}.createdAt' or 'indexedAt' to be a timestamp, got {_short(value)} and {_short(fallback)}"
        ) from None
    if value is not None:
        extra["created_at_raw"] = value if isinstance(value, str | int | float) else repr(value)[:100]
    return created


def _reply(reply: Any, body_name: str) -> tuple[str | None, str | None]:
    if reply is None:
        return None, None
    if not isinstance(reply, dict):
        raise MappingError(
            f"expected '{body_name}.reply' to be an object with root and parent, got {_type_name(reply)}"
        )
    refs = []
    for key in ("parent", "root"):
        ref = reply.get(key)
        uri = ref.get("uri") if isinstance(ref, dict) else None
        if ref is not None and not _is_at_uri(uri):
            raise MappingError(
                f"expected '{body_name}.reply.{key}.uri' to be an at:// URI, got {_short(uri)}"
            )
        refs.append(uri)
    if refs[0] is None:
        raise MappingError(f"expected '{body_name}.reply.parent' (the post replied to)")
    return refs[0], refs[1]


def _embed(embed: Any) -> tuple[str | None, list[str], list[str]]:
    """(embedded record URI, media kinds, link card URIs) of a record's embed."""
    if not isinstance(embed, dict):
        return None, [], []
    kind = embed.get("$type") if isinstance(embed.get("$type"), str) else ""
    record_ref: Any = None
    media: Any = None
    if kind.startswith("app.bsky.embed.recordWithMedia") or (not kind and "media" in embed):
        inner = embed.get("record")
        record_ref = inner.get("record") if isinstance(inner, dict) else None
        media = embed.get("media")
    elif kind.startswith("app.bsky.embed.record") or (not kind and "record" in embed):
        record_ref = embed.get("record")
    else:
        media = embed
    uri = record_ref.get("uri") if isinstance(record_ref, dict) else None
    kinds: list[str] = []
    cards: list[str] = []
    if isinstance(media, dict):
        media_type = media.get("$type")
        if isinstance(media_type, str) and media_type.startswith("app.bsky.embed."):
            kinds.append(media_type.removeprefix("app.bsky.embed.").split("#")[0])
        external = media.get("external")
        if isinstance(external, dict) and isinstance(external.get("uri"), str) and external["uri"]:
            cards.append(external["uri"])
            if not kinds:
                kinds.append("external")
    return (uri if _is_at_uri(uri) else None), kinds, cards


def _entities(body: dict[str, Any], text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(mentioned handles or DIDs, mentioned DIDs, hashtags, link URIs) from facets, legacy entities and
    the record's non-inline tags."""
    mentions: list[str] = []
    dids: list[str] = []
    hashtags: list[str] = []
    links: list[str] = []
    facets = body.get("facets")
    encoded = text.encode("utf-8", "surrogatepass") if facets else b""
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict) or not isinstance(facet.get("features"), list):
            continue
        for feature in facet["features"]:
            if not isinstance(feature, dict):
                continue
            kind = feature.get("$type")
            if kind == MENTION and isinstance(feature.get("did"), str) and feature["did"]:
                did = feature["did"]
                dids.append(did)
                mentions.append(_mentioned_handle(encoded, facet.get("index")) or did)
            elif kind == TAG and isinstance(feature.get("tag"), str) and feature["tag"]:
                hashtags.append(feature["tag"])
            elif kind == LINK and isinstance(feature.get("uri"), str) and feature["uri"]:
                links.append(feature["uri"])
    legacy = body.get("entities")
    for entity in legacy if isinstance(legacy, list) else []:
        if not isinstance(entity, dict) or not isinstance(entity.get("value"), str) or not entity["value"]:
            continue
        if entity.get("type") == "mention":
            dids.append(entity["value"])
            mentions.append(_legacy_handle(text, entity.get("index")) or entity["value"])
        elif entity.get("type") == "link":
            links.append(entity["value"])
    extra_tags = body.get("tags")
    if isinstance(extra_tags, list):
        hashtags.extend(tag for tag in extra_tags if isinstance(tag, str) and tag)
    return mentions, list(dict.fromkeys(dids)), hashtags, links


def _handle_from(piece: str | None) -> str | None:
    if piece and piece.startswith("@") and len(piece) > 1 and not any(c.isspace() for c in piece):
        return piece[1:]
    return None


def _mentioned_handle(encoded: bytes, index: Any) -> str | None:
    """The ``@handle`` a mention facet points at (byte offsets into the UTF-8 text)."""
    if not isinstance(index, dict):
        return None
    start, end = index.get("byteStart"), index.get("byteEnd")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(encoded):
        return None
    try:
        return _handle_from(encoded[start:end].decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _legacy_handle(text: str, index: Any) -> str | None:
    """The ``@handle`` a deprecated entity points at (UTF-16 offsets)."""
    if not isinstance(index, dict):
        return None
    start, end = index.get("start"), index.get("end")
    encoded = text.encode("utf-16-le", "surrogatepass")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(encoded) // 2:
        return None
    try:
        return _handle_from(encoded[2 * start : 2 * end].decode("utf-16-le"))
    except UnicodeDecodeError:
        return None


def _lang(langs: Any, body_name: str) -> tuple[str | None, list[str] | None]:
    """(primary language subtag of langs[0], the full list when it says more)."""
    if langs is None:
        return None, None
    if not isinstance(langs, list):
        raise MappingError(
            f"expected '{body_name}.langs' to be a list of language tags, got {_type_name(langs)}"
        )
    values = [tag.strip() for tag in langs if isinstance(tag, str) and tag.strip()]
    if not values:
        return None, None
    primary = values[0].replace("_", "-").split("-")[0].lower()
    lang = None if primary in ("und", "") else primary
    more = values if len(values) > 1 or (lang is not None and values[0].lower() != lang) else None
    return lang, more


def _labels(view_labels: Any, self_labels: Any) -> list[str]:
    values: list[str] = []
    for label in view_labels if isinstance(view_labels, list) else []:
        if isinstance(label, dict) and isinstance(label.get("val"), str) and not label.get("neg"):
            values.append(label["val"])
    own = self_labels.get("values") if isinstance(self_labels, dict) else None
    for label in own if isinstance(own, list) else []:
        if isinstance(label, dict) and isinstance(label.get("val"), str):
            values.append(label["val"])
    return sorted(set(values))


def _share(
    reposter: dict[str, Any] | None, did: str, subject_uri: str, created_at: Any, repost_uri: Any
) -> dict[str, Any]:
    extra = {"repost_uri": repost_uri} if _is_at_uri(repost_uri) else None
    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": f"{did}/repost/{subject_uri}",
        "kind": "share",
        "created_at": created_at,
        "author_id": did,
        "author_handle": reposter["handle"] if reposter else None,
        "author_name": reposter["name"] if reposter else None,
        "author_followers": reposter["followers"] if reposter else None,
        "shared_id": subject_uri,
        "extra": orjson.dumps(extra).decode() if extra else None,
    }
    if reposter:
        item["_author"] = reposter["extra"]
    return item


def _map_repost_view(data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    subject = context.get("subject")
    subject_uri = subject.get("uri") if isinstance(subject, dict) else None
    if not _is_at_uri(subject_uri):
        raise MappingError(
            f"expected '_pp.subject.uri' (the reposted post) to be an at:// URI, got {_short(subject_uri)}"
        )
    by = data.get("by")
    if not isinstance(by, dict):
        raise MappingError(f"expected 'by' (the reposter's profile) to be an object, got {_type_name(by)}")
    reposter = _author(by, "by.did")
    if reposter["id"] is None:
        raise MappingError("expected 'by.did' (the reposter's DID) in a reasonRepost")
    created_at = parse_time(data.get("indexedAt"))
    if created_at is None:
        raise MappingError("expected 'indexedAt' (when the repost was indexed) in a reasonRepost")
    return _share(reposter, reposter["id"], subject_uri, created_at, data.get("uri"))


def _map_repost_record(uri_value: Any, value: dict[str, Any], body_name: str) -> dict[str, Any]:
    uri, authority, _collection_name, _rkey = _parse_uri(uri_value, "uri")
    if not _is_did(authority):
        raise MappingError(f"expected the repost URI to name the reposter's DID, got {_short(uri)}")
    subject = value.get("subject")
    subject_uri = subject.get("uri") if isinstance(subject, dict) else None
    if not _is_at_uri(subject_uri):
        raise MappingError(
            f"expected '{body_name}.subject.uri' (the reposted post) to be an at:// URI, got {_short(subject_uri)}"
        )
    created_at = parse_time(value.get("createdAt"))
    if created_at is None:
        raise MappingError(f"expected '{body_name}.createdAt' (when the repost was made)")
    return _share(None, authority, subject_uri, created_at, uri)


def _map_jetstream(event: dict[str, Any]) -> dict[str, Any]:
    commit = event.get("commit")
    if not isinstance(commit, dict):
        raise MappingError(
            f"expected 'commit' to be an object in a Jetstream event, got {_type_name(commit)}"
        )
    collection, rkey = commit.get("collection"), commit.get("rkey")
    if not isinstance(collection, str) or not isinstance(rkey, str) or not collection or not rkey:
        raise MappingError("expected 'commit.collection' and 'commit.rkey' (strings) in a Jetstream event")
    uri = f"at://{event['did']}/{collection}/{rkey}"
    record = commit.get("record")
    if collection == REPOST:
        if not isinstance(record, dict):
            raise MappingError(f"expected 'commit.record' to be an object, got {_type_name(record)}")
        return _map_repost_record(uri, record, "commit.record")
    time_us = event.get("time_us")
    fallback = time_us / 1e6 if type(time_us) is int and 0 < time_us < 2**62 else None
    return _map_post(uri, record, "commit.record", None, {"cid": commit.get("cid")}, fallback)


FORMAT = Format(
    name="bluesky",
    platform=PLATFORM,
    description="Bluesky / AT Protocol: post views, threads, feed and search pages, repo records, Jetstream, profiles",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
