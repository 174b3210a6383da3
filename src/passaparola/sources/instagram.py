"""Instagram Graph API responses: media, comments and replies, user profiles; metrics and commerce skipped.

Inputs are the same envelopes as Facebook's (paging wrappers, single objects, ``?ids=`` maps, arrays, JSON
Lines) plus Instagram's own wrappers: ``{"business_discovery": {..., "media": {"data": [...]}}}``,
``{"mentioned_media": {...}}`` and ``{"mentioned_comment": {...}}``. Which platform a document belongs to is
decided by :func:`passaparola.sources.facebook.document_platform`, shared with the Facebook importer, so the two
never claim each other's records.

Decisions
- Media (``/media``, single media, hashtag ``top_media`` / ``recent_media``, ``/tags``, ``/stories``,
  ``/live_media``, mentioned and business-discovery media) are ``post`` items: ``caption`` is the text,
  ``timestamp`` the time, ``like_count`` / ``comments_count`` the likes / replies, ``permalink`` the URL.
  ``media_type``, ``media_product_type``, ``shortcode``, the carousel ``children`` (id and type) and where the
  media was found (hashtag id, tagged or mentioned user) go to ``extra``.
- The author is ``owner`` / ``username`` when given, else the account the media came from: the
  business-discovery profile (with its follower count) or the user of a ``/{user}/media`` (``/stories``,
  ``/live_media``) request, read from the paging links or the recorded request.
- ``promoted`` is True for ``media_product_type`` ``AD`` or a non-empty ``boost_ads_list``; otherwise unknown.
- Comments are ``reply`` items: ``parent_id`` is ``parent_id`` when given, else the comment a reply is nested
  in (``replies``), else the media of a ``/{media}/comments`` request (top-level comments only) or the comment
  of a ``/{comment}/replies`` request; ``root_id`` is ``media.id`` when given, else the media the comment
  thread hangs from. A comment fetched alone says neither, so both stay null.
- Users (``user_fields``, business-discovery profiles) are author profiles: ``followers_count``,
  ``follows_count``, ``media_count``, ``biography``.
- Insights, product tags, catalogs and catalog products, publishing limits, hashtag info and search, and
  carousel children fetched through ``/children`` are skipped with a reason naming the object.
- Instagram messaging (conversations and messages whose people have ``username``) becomes ``message`` items
  the same way as Facebook's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from passaparola.canonical import MappingError, count, ident, parse_time, text_or_none
from passaparola.sources import Format, ImportOptions, Output, Reject, Skipped, record_bytes
from passaparola.sources.facebook import (
    MAX_NESTING,
    Ctx,
    classify,
    conversation_records,
    document_platform,
    emit,
    graph_objects,
    link_or_none,
    map_message,
    obj_field,
)
from passaparola.sources.inputs import Entry, Peek

PLATFORM = "instagram"

SKIP_REASONS = {
    "insight": "instagram insights: metrics, not items",
    "product": "instagram product tags and catalog products: not items",
    "catalog": "instagram product catalogs: not items",
    "publish_limit": "instagram content publishing limit: not an item",
    "hashtag": "instagram hashtag (info or search result): not an item",
    "child": "instagram carousel child: kept in its album's extra",
}
_OWNER_EDGES = ("media", "stories", "live_media")
_OWNER_FIELDS = ("id", "username", "name", "followers_count", "follows_count", "media_count", "biography")


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _oid(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) and value else None


# --- records ---------------------------------------------------------------------------------------------


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    for found in graph_objects(entry, "instagram", "Instagram media, a comment or a user"):
        if isinstance(found, tuple):
            yield from _object(*found)
        else:
            yield found


def _object(line: int, obj: dict, ctx: Ctx, what: str) -> Iterator[Output]:
    if what in SKIP_REASONS:
        yield Skipped(line, SKIP_REASONS[what])
    elif what == "business_discovery":
        yield from _discovery(_d(obj.get("business_discovery")), line)
    elif what == "mentioned_media":
        yield from _media(
            _d(obj.get("mentioned_media")), line, ctx, {"mentioned_user_id": _oid(obj.get("id"))}
        )
    elif what == "mentioned_comment":
        yield from _comment(
            _d(obj.get("mentioned_comment")), line, {"mentioned_user_id": _oid(obj.get("id"))}, 0
        )
    elif what == "media":
        yield from _media(obj, line, ctx, {})
    elif what == "comment":
        yield from _comment(obj, line, _edge_nest(ctx), 0)
    elif what == "user":
        yield _user(obj, line)
        media = _d(obj.get("media")).get("data")
        if isinstance(media, list):
            owner = {k: v for k, v in obj.items() if k != "media"}
            for value in media:
                yield from _media(value, line, Ctx(graph=True, owner=owner), {})
    elif what == "conversation":
        yield from conversation_records(obj, line)
    elif what == "message":
        edge = ctx.edge
        root = edge.node if edge is not None and edge.name == "messages" else None
        yield emit(obj, line, {"object": "message", "root_id": root})
    else:
        yield Skipped(line, f"instagram {what}: not an item")


def _edge_nest(ctx: Ctx) -> dict[str, Any]:
    """Top-level comments of ``/{media}/comments`` hang from that media; ``/{comment}/replies`` from that
    comment."""
    edge = ctx.edge
    if edge is None or not edge.node:
        return {}
    if edge.name == "comments":
        return {"parent_id": edge.node, "root_id": edge.node}
    if edge.name == "replies":
        return {"parent_id": edge.node}
    return {}


def _discovery(found: dict[str, Any], line: int) -> Iterator[Output]:
    """A business-discovery profile and the media listed with it (when the walker has not already taken
    them out: a discovery response inside an array or an id map)."""
    profile = {k: v for k, v in found.items() if k != "media"}
    if profile.keys() - {"id"}:
        yield _user(profile, line)
    media = _d(found.get("media")).get("data")
    if isinstance(media, list):
        ctx = Ctx(graph=True, owner=profile)
        for value in media:
            yield from _media(value, line, ctx, {})


def _user(obj: dict[str, Any], line: int) -> Output:
    if _oid(obj.get("id")) is None:
        return Reject(line, "expected 'id' on an Instagram user", record_bytes(obj))
    return emit(obj, line, {"object": "user"}, type="author", drop=("media",))


def _media(obj: Any, line: int, ctx: Ctx, context: dict[str, Any]) -> Iterator[Output]:
    if not isinstance(obj, dict):
        yield Reject(line, f"expected an Instagram media object, got {type(obj).__name__}", record_bytes(obj))
        return
    kind = classify(obj)
    if kind is not None and kind[0] == "facebook":
        yield Skipped(line, "a Facebook object in an Instagram document: import it as facebook")
        return
    pp: dict[str, Any] = {"object": "media", **context}
    edge = ctx.edge
    if ctx.owner:
        owner = {k: ctx.owner.get(k) for k in _OWNER_FIELDS}
        pp["owner"] = {k: v for k, v in owner.items() if isinstance(v, str | int | float)}
    elif edge is not None and edge.name in _OWNER_EDGES and edge.node and edge.node != "me":
        pp["owner"] = {"id": edge.node}
    if edge is not None and edge.name in ("top_media", "recent_media"):
        pp["hashtag_id"] = edge.node
    if edge is not None and edge.name == "tags":
        pp["tagged_user_id"] = edge.node
    yield emit(obj, line, pp, drop=("comments",))
    media_id = _oid(obj.get("id"))
    comments = _d(obj.get("comments")).get("data")
    if isinstance(comments, list):
        for comment in comments:
            yield from _comment(comment, line, {"parent_id": media_id, "root_id": media_id}, 1)


def _comment(obj: Any, line: int, nest: dict[str, Any], depth: int) -> Iterator[Output]:
    if not isinstance(obj, dict):
        yield Reject(
            line, f"expected an Instagram comment object, got {type(obj).__name__}", record_bytes(obj)
        )
        return
    if depth > MAX_NESTING:
        yield Reject(line, f"comments nested more than {MAX_NESTING} levels deep", b"")
        return
    kind = classify(obj)
    if kind is not None and kind[0] == "facebook":
        yield Skipped(line, "a Facebook object in an Instagram document: import it as facebook")
        return
    yield emit(obj, line, {"object": "comment", **nest}, drop=("replies",))
    replies = _d(obj.get("replies")).get("data")
    if isinstance(replies, list):
        root = _oid(_d(obj.get("media")).get("id")) or nest.get("root_id")
        for reply in replies:
            yield from _comment(reply, line, {"parent_id": _oid(obj.get("id")), "root_id": root}, depth + 1)


# --- mapping -------------------------------------------------------------------------------------------


def _extra(values: dict[str, Any]) -> str | None:
    import orjson

    kept = {k: v for k, v in values.items() if v not in (None, [], {}, "")}
    if not kept:
        return None
    try:
        return orjson.dumps(kept).decode()
    except (TypeError, orjson.JSONEncodeError):
        raise MappingError("extra fields are not serialisable") from None


def _scalar(value: Any) -> str | bool | None:
    return value if isinstance(value, str | bool) else None


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Graph API object, got {type(data).__name__}")
    pp = _d(data.get("_pp"))
    what = pp.get("object")
    if what is None:
        kind = classify(data)
        what = kind[1] if kind is not None and kind[0] != "facebook" else None
    if what == "media":
        return map_media(data, pp)
    if what == "comment":
        return map_comment(data, pp)
    if what == "message":
        return map_message(data, pp, PLATFORM)
    names = ", ".join(sorted(str(k) for k in data if k != "_pp")[:8])
    raise MappingError(f"expected Instagram media, a comment or a message, got an object with fields {names}")


def _boosted(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict):
        return bool(value.get("data"))
    return False


def map_media(data: dict[str, Any], pp: dict[str, Any]) -> dict[str, Any]:
    media_id = ident(data.get("id"))
    if media_id is None:
        raise MappingError("expected 'id' on Instagram media")
    owner = obj_field(data, "owner")
    found_in = _d(pp.get("owner"))
    handle = (
        text_or_none(data.get("username"))
        or text_or_none(owner.get("username"))
        or text_or_none(found_in.get("username"))
    )
    author_id = ident(owner.get("id")) or ident(found_in.get("id"))
    product = text_or_none(data.get("media_product_type"))
    shortcode = text_or_none(data.get("shortcode"))
    children = [
        {"id": _oid(c.get("id")), "media_type": _scalar(c.get("media_type"))}
        for c in _l(_d(data.get("children")).get("data"))
        if isinstance(c, dict)
    ]
    url = link_or_none(data.get("permalink"), "permalink")
    if url is None and shortcode:
        url = f"https://www.instagram.com/p/{shortcode}/"
    extra = {
        "media_type": _scalar(data.get("media_type")),
        "media_product_type": product,
        "shortcode": shortcode,
        "children": children,
        "is_comment_enabled": _scalar(data.get("is_comment_enabled")),
        "is_shared_to_feed": _scalar(data.get("is_shared_to_feed")),
        "hashtag_id": _oid(pp.get("hashtag_id")),
        "tagged_user_id": _oid(pp.get("tagged_user_id")),
        "mentioned_user_id": _oid(pp.get("mentioned_user_id")),
    }
    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": media_id,
        "kind": "post",
        "created_at": parse_time(data.get("timestamp")),
        "author_id": author_id,
        "author_handle": handle,
        "text": text_or_none(data.get("caption")),
        "likes": count(data.get("like_count")),
        "replies": count(data.get("comments_count")),
        "shares": count(data.get("shares_count")),
        "promoted": True if product == "AD" or _boosted(data.get("boost_ads_list")) else None,
        "url": url,
        "extra": _extra(extra),
    }
    if author_id is not None and found_in.keys() - {"id"}:
        # the account the media was discovered through: a profile snapshot as seen with this media
        item["author_name"] = text_or_none(found_in.get("name"))
        item["author_followers"] = count(found_in.get("followers_count"))
        item["_author"] = {
            "following": count(found_in.get("follows_count")),
            "posts": count(found_in.get("media_count")),
            "description": text_or_none(found_in.get("biography")),
            "url": f"https://www.instagram.com/{handle}/" if handle else None,
        }
    return item


def map_comment(data: dict[str, Any], pp: dict[str, Any]) -> dict[str, Any]:
    comment_id = ident(data.get("id"))
    if comment_id is None:
        raise MappingError("expected 'id' on an Instagram comment")
    sender = obj_field(data, "from")
    user = obj_field(data, "user")
    media = obj_field(data, "media")
    extra = {
        "hidden": _scalar(data.get("hidden")),
        "media_product_type": _scalar(media.get("media_product_type")),
        "mentioned_user_id": _oid(pp.get("mentioned_user_id")),
    }
    return {
        "platform": PLATFORM,
        "id": comment_id,
        "kind": "reply",
        "created_at": parse_time(data.get("timestamp")),
        "author_id": ident(sender.get("id")) or ident(user.get("id")),
        "author_handle": text_or_none(data.get("username")) or text_or_none(sender.get("username")),
        "text": text_or_none(data.get("text")),
        "parent_id": ident(data.get("parent_id")) or ident(pp.get("parent_id")),
        "root_id": ident(media.get("id")) or ident(pp.get("root_id")),
        "likes": count(data.get("like_count")),
        "extra": _extra(extra),
    }


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected an Instagram user, got {type(data).__name__}")
    user_id = ident(data.get("id"))
    if user_id is None:
        raise MappingError("expected 'id' on an Instagram user")
    handle = text_or_none(data.get("username"))
    return {
        "platform": PLATFORM,
        "id": user_id,
        "handle": handle,
        "name": text_or_none(data.get("name")),
        "followers": count(data.get("followers_count")),
        "following": count(data.get("follows_count")),
        "posts": count(data.get("media_count")),
        "description": text_or_none(data.get("biography")) or None,
        "url": f"https://www.instagram.com/{handle}/" if handle else None,
    }


def sniff(peek: Peek) -> bool:
    try:
        return document_platform(peek) == PLATFORM
    except Exception:  # sniffing never raises: an input it cannot read is simply not Instagram
        return False


FORMAT = Format(
    name="instagram",
    platform=PLATFORM,
    description="Instagram Graph API: media, comments and replies, user profiles (JSON, JSON Lines)",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
