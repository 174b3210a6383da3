"""Facebook Graph API responses: page posts, comments, conversations and messages; pages as author profiles.

Inputs are response bodies as saved by hand, by SDKs (python-facebook) or in HTTP recordings: paging wrappers
(``{"data": [...], "paging": {...}}``), single objects, ``?ids=a,b`` maps (``{"a": {...}, "b": {...}}``), JSON
arrays and JSON Lines of any of these.

The Graph API serves Facebook and Instagram with the same envelope, so this module also holds the Graph helpers
both importers use (:func:`classify`, :func:`document_platform`, :func:`walk_document`, :func:`emit`). A document
is given to the platform whose objects it holds, decided by fields (Instagram: ``caption``, ``media_type``,
``timestamp``, ``username``, ``text``; Facebook: ``message``, ``created_time``, ``from``), so the two formats
never claim each other's records; an object of the other platform met inside a document is skipped, not mapped.

Decisions
- Posts (``/feed``, ``/posts``, single posts) are ``post``; a post with ``parent_id`` (a share of another post)
  is a ``share`` with ``shared_id``. ``likes`` is ``reactions.summary.total_count`` (all reactions), else
  ``likes``; the per-reaction totals some callers alias (``like``, ``love``, ``wow``...) go to ``extra``.
  ``replies`` is ``comments.summary.total_count`` (or the old ``comments.count``), never the length of a partial
  ``comments.data``. ``shares`` is ``shares.count``; Facebook omits ``shares`` at zero, so absent stays null.
- ``promoted`` comes from ``promotion_status``: ``active``, ``extendable``, ``finished`` and ``paused`` are
  boosted posts (True); ``inactive``, ``ineligible``, ``rejected`` and ``not_boosted`` are not (False); anything
  else, or no field, is unknown (null). ``is_inline_created`` (a post created as an ad) is True.
- Comments are ``reply`` items. ``parent_id`` is ``parent.id`` when given, else the nesting (a comment inside a
  post's or a comment's ``comments``), else what the ``permalink_url`` says (``comment_id`` /
  ``reply_comment_id``), else the object of a ``/comments`` request (unless ``filter=stream``, which mixes in
  replies). ``root_id`` is the post: from the nesting, the permalink (``/{page}/posts/{post}`` gives
  ``{page}_{post}``, the post's own id) or an old three-part comment id. Comments fetched without ``id`` get
  ``{post}_{comment}`` built from the permalink, the form the Graph API uses for comment ids.
- Conversations are not items: each message in ``messages.data`` is a ``message`` with ``root_id`` = the
  conversation id and no parent; a conversation fetched without messages is skipped. Messages from a
  ``/{conversation}/messages`` request get the conversation from the request. A message's recipients (``to``)
  are addressees, not mentions: they go to ``extra["to"]`` (ids), and ``mentions`` is left to enrichment.
- Pages (``/pages``, page search, ``?ids=`` page maps, ``/me/accounts``) and users are author profiles
  (``Record(type="author")``); ``followers`` is ``followers_count``, else ``fan_count``.
- Nested children that are imported as their own records (``comments.data``) and every ``paging`` block (its
  URLs carry access tokens) are left out of the stored raw record; counts (``summary``) stay.
- Insights, API error objects, empty pages and id-only responses are skipped.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import orjson

from passaparola.canonical import (
    MappingError,
    count,
    ident,
    links_in,
    parse_time,
    text_or_none,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import STREAM_JSON_ABOVE, Entry, Peek, json_values, looks_like_jsonl

PLATFORM = "facebook"
#: Records nested deeper than this are quarantined (the store serialises raw records with orjson, which stops
#: at 255 levels).
MAX_DEPTH = 200
#: Comments nested deeper than this inside a post are quarantined instead of walked.
MAX_NESTING = 50
#: How many objects sniffing looks at.
SNIFF_OBJECTS = 20

Kind = tuple[str, str]
"""(platform, kind): platform is ``facebook``, ``instagram`` or ``""`` when the Graph API does not say."""


# --- small non-raising type guards (records() must not raise) -----------------------------------------


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _oid(value: Any) -> str | None:
    """An id as a string, or None; never raises (ids from structure, not for mapping)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value:
        return value
    return None


# --- Graph API requests: which node and edge a response came from --------------------------------------

_VERSION = re.compile(r"^v\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Edge:
    """The node and edge of a Graph API request (``/v11.0/{node}/{name}?filter=...``)."""

    host: str
    node: str | None = None
    name: str | None = None
    filter: str | None = None

    @property
    def instagram(self) -> bool:
        return self.host.endswith("instagram.com")


def parse_graph_url(url: Any) -> Edge | None:
    """The request behind a Graph API URL (a paging link or a recorded request), or None."""
    if not isinstance(url, str) or "://" not in url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        query = dict(parse_qsl(parts.query))
    except ValueError:
        return None
    if not host.split(".", 1)[0].startswith("graph") or not host.endswith(("facebook.com", "instagram.com")):
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments and _VERSION.match(segments[0]):
        segments = segments[1:]
    return Edge(
        host,
        segments[0] if segments else None,
        segments[1] if len(segments) > 1 else None,
        query.get("filter"),
    )


def hint_edge(hint: str | None) -> Edge | None:
    """The request of a recorded response (``GET https://graph.facebook.com/...``)."""
    tokens = (hint or "").split()
    return parse_graph_url(tokens[1]) if len(tokens) > 1 else None


def paging_edge(page: Any) -> Edge | None:
    paging = _d(_d(page).get("paging"))
    for key in ("next", "previous"):
        edge = parse_graph_url(paging.get(key))
        if edge is not None:
            return edge
    return None


FACEBOOK_EDGES = {
    "feed": "post",
    "posts": "post",
    "published_posts": "post",
    "visitor_posts": "post",
    "tagged": "post",
    "promotable_posts": "post",
    "ads_posts": "post",
    "scheduled_posts": "post",
    "conversations": "conversation",
    "messages": "message",
    "accounts": "page",
    "likes": "page",
}
INSTAGRAM_EDGES = {
    "media": "media",
    "stories": "media",
    "tags": "media",
    "top_media": "media",
    "recent_media": "media",
    "live_media": "media",
    "children": "child",
    "replies": "comment",
    "product_tags": "product",
    "available_catalogs": "catalog",
    "catalog_product_search": "product",
    "product_appeal": "product",
    "content_publishing_limit": "publish_limit",
    "recently_searched_hashtags": "hashtag",
}


def edge_kind(edge: Edge | None) -> Kind | None:
    """What a request returns, by its edge (``/feed`` gives Facebook posts, ``/media`` Instagram media)."""
    if edge is None:
        return None
    if edge.node == "ig_hashtag_search" and edge.name is None:
        return ("instagram", "hashtag")
    if edge.node == "pages" and edge.name == "search":
        return ("facebook", "page")
    if edge.name in INSTAGRAM_EDGES:
        return ("instagram", INSTAGRAM_EDGES[edge.name])
    if edge.name in FACEBOOK_EDGES:
        return ("instagram" if edge.instagram else "facebook", FACEBOOK_EDGES[edge.name])
    if edge.name == "comments":
        return ("instagram" if edge.instagram else "", "comment")
    if edge.name == "insights":
        return ("instagram" if edge.instagram else "", "insight")
    return None


# --- what a Graph API object is, by its fields -----------------------------------------------------------
#
# Strong rules need fields no other platform's JSON combines (a Graph API timestamp ``2021-07-04T19:50:58+0000``,
# an upper-case Instagram ``media_type``, a facebook.com permalink...). Weak rules (a bare ``{id, name}`` is a
# page) apply only inside a document that is known to come from the Graph API (paging links, a recorded
# request to graph.facebook.com / graph.instagram.com).

_GRAPH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$")
_FB_METRIC_PREFIXES = ("page_", "post_")
_IG_ID = re.compile(r"^1784\d{13}$")  # Instagram professional accounts and hashtags: 17 digits from 1784
_LOWER_WORD = re.compile(r"^[^\W_A-Z][^\WA-Z]*$")
_IG_MEDIA_TYPES = frozenset({"IMAGE", "VIDEO", "CAROUSEL_ALBUM", "BROADCAST", "REELS", "REEL", "STORY"})
_IG_PRODUCT_TYPES = frozenset({"AD", "FEED", "STORY", "REELS", "LIVE", "IGTV", "CLIPS"})
_IG_MEDIA_FIELDS = frozenset(
    {
        "caption",
        "media_url",
        "thumbnail_url",
        "shortcode",
        "comments_count",
        "like_count",
        "is_comment_enabled",
    }
)
_IG_USER_FIELDS = frozenset({"biography", "media_count", "follows_count", "profile_picture_url", "ig_id"})
_COMMENT_FIELDS = frozenset(
    {"comment_count", "like_count", "can_remove", "can_hide", "user_likes", "comment_type", "can_like"}
)
_PAGE_FIELDS = frozenset(
    {
        "fan_count",
        "category_list",
        "verification_status",
        "global_brand_page_name",
        "global_brand_root_id",
        "were_here_count",
        "talking_about_count",
        "checkins",
        "new_like_count",
        "overall_star_rating",
        "single_line_address",
        "instagram_business_account",
        "is_community_page",
    }
)
_LOOSE_POST_FIELDS = frozenset(
    {
        "created_time",
        "message",
        "from",
        "attachments",
        "message_tags",
        "story",
        "privacy",
        "comments",
        "shares",
    }
)
_PROFILE_KEYS = frozenset(
    {
        "id",
        "name",
        "username",
        "picture",
        "link",
        "location",
        "website",
        "followers_count",
        "fan_count",
        "profile_picture_url",
        "first_name",
        "last_name",
        "middle_name",
        "short_name",
        "about",
        "category",
    }
)


def _graph_time(value: Any) -> bool:
    return isinstance(value, str) and bool(_GRAPH_TIME.match(value))


def _has_data(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("data"), list)


def _people(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The people a message or conversation names (sender, recipients, participants)."""
    yield _d(obj.get("from"))
    for key in ("to", "participants", "senders"):
        yield from (p for p in _l(_d(obj.get(key)).get("data"))[:20] if isinstance(p, dict))
    for message in _l(_d(obj.get("messages")).get("data"))[:20]:
        yield _d(_d(message).get("from"))


def _messaging_platform(obj: dict[str, Any]) -> str:
    """Instagram messaging names people by ``username``; Facebook by ``name`` (and a proxy ``email``)."""
    people = [p for p in _people(obj) if p]
    if any("username" in p for p in people) and not any("email" in p or "name" in p for p in people):
        return "instagram"
    return "facebook"


def _is_fb_comment(obj: dict[str, Any]) -> bool:
    if _COMMENT_FIELDS & obj.keys() or isinstance(obj.get("parent"), dict):
        return True
    if isinstance(obj.get("attachment"), dict) or isinstance(obj.get("likes"), int):
        return True
    if "comment_id=" in _s(obj.get("permalink_url")):
        return True
    return bool(re.fullmatch(r"\d+_\d+_\d+", _s(obj.get("id"))))


def _facebook_item(obj: dict[str, Any]) -> bool:
    """A Facebook post or comment by fields only Facebook combines."""
    if "id" not in obj and "permalink_url" not in obj:
        return False
    if "text" in obj and "message" not in obj:
        return False
    return (
        _graph_time(obj.get("created_time"))
        or "facebook.com/" in _s(obj.get("permalink_url"))
        or any(
            isinstance(obj.get(k), str) for k in ("status_type", "full_picture", "promotion_status", "story")
        )
        or isinstance(obj.get("is_eligible_for_promotion"), bool)
        or isinstance(_d(obj.get("reactions")).get("summary"), dict)
        or "count" in _d(obj.get("shares"))
        or (isinstance(obj.get("message"), str) and bool(_COMMENT_FIELDS & obj.keys()))
    )


def _instagram_kind(obj: dict[str, Any]) -> Kind | None:
    keys = obj.keys()
    if "id" not in obj or "message" in obj or "created_time" in obj:
        return None
    if "text" not in obj and (
        _s(obj.get("media_type")) in _IG_MEDIA_TYPES
        or _s(obj.get("media_product_type")) in _IG_PRODUCT_TYPES
        or "instagram.com/" in _s(obj.get("permalink"))
        or (_graph_time(obj.get("timestamp")) and _IG_MEDIA_FIELDS & keys)
    ):
        return ("instagram", "media")
    if isinstance(obj.get("text"), str) and (
        _graph_time(obj.get("timestamp"))
        or "username" in _d(obj.get("from"))
        or ("id" in _d(obj.get("media")) and "media_type" not in obj)
    ):
        return ("instagram", "comment")
    if "username" in obj and _IG_USER_FIELDS & keys:
        return ("instagram", "user")
    if (
        set(keys) <= {"id", "name"}
        and _IG_ID.match(_s(obj.get("id")))
        and _LOWER_WORD.match(_s(obj.get("name")))
    ):
        return ("instagram", "hashtag")
    return None


def classify(obj: Any) -> Kind | None:
    """What one Graph API object is, from its own fields only; None when the fields do not prove it."""
    if not isinstance(obj, dict) or not obj:
        return None
    keys = obj.keys()
    error = obj.get("error")
    if isinstance(error, dict) and (
        "fbtrace_id" in error or ("code" in error and _s(error.get("type")).endswith("Exception"))
    ):
        return ("", "error")
    for key in ("business_discovery", "mentioned_media", "mentioned_comment"):
        if isinstance(obj.get(key), dict):
            return ("instagram", key)
    name = obj.get("name")
    if (
        isinstance(name, str)
        and "period" in obj
        and ("values" in obj or "total_value" in obj)
        and "/insights/" in _s(obj.get("id"))
    ):
        return ("facebook" if name.startswith(_FB_METRIC_PREFIXES) else "instagram", "insight")
    if "product_id" in obj and keys & {"merchant_id", "product_name", "eligible_for_appeal", "retailer_id"}:
        return ("instagram", "product")
    if "catalog_id" in obj and keys & {"catalog_name", "shop_name"}:
        return ("instagram", "catalog")
    if "quota_usage" in obj or "quota_total" in _d(obj.get("config")):
        return ("instagram", "publish_limit")

    ident_ = _s(obj.get("id"))
    if (
        ident_.startswith("t_") and (_graph_time(obj.get("updated_time")) or "/inbox/" in _s(obj.get("link")))
    ) or (isinstance(obj.get("snippet"), str) and isinstance(obj.get("message_count"), int)):
        return (_messaging_platform(obj), "conversation")
    if _has_data(obj.get("messages")) and (_has_data(obj.get("participants")) or ident_.startswith("t_")):
        return (_messaging_platform(obj), "conversation")
    if (ident_.startswith(("m_", "mid.")) and (isinstance(obj.get("from"), dict) or "message" in obj)) or (
        isinstance(obj.get("from"), dict)
        and _has_data(obj.get("to"))
        and _graph_time(obj.get("created_time"))
        and not keys & {"permalink_url", "status_type", "story", "full_picture", "shares", "reactions"}
    ):
        return (_messaging_platform(obj), "message")

    found = _instagram_kind(obj)
    if found is not None:
        return found
    if _facebook_item(obj):
        return ("facebook", "comment" if _is_fb_comment(obj) else "post")
    if "id" in obj and (
        _PAGE_FIELDS & keys
        or "cover_id" in _d(obj.get("cover"))
        or ("name" in obj and "facebook.com/" in _s(obj.get("link")))
    ):
        return ("facebook", "page")
    return None


def _weak_kind(obj: dict[str, Any], edge: Edge | None) -> Kind | None:
    """Kinds that only a Graph API context makes safe to assume (a bare ``{id, name}`` is a page)."""
    keys = set(obj.keys())
    if "id" not in keys and "permalink_url" not in keys:
        return None
    if keys <= _PROFILE_KEYS and ("name" in keys or "username" in keys):
        instagram = (edge is not None and edge.instagram) or bool(_IG_ID.match(_s(obj.get("id"))))
        return ("instagram", "user") if instagram else ("facebook", "page")
    if isinstance(obj.get("text"), str) and "message" not in keys:
        return ("instagram", "comment")
    if "timestamp" in keys and "created_time" not in keys:
        return ("instagram", "media")
    if _LOOSE_POST_FIELDS & keys:
        return ("facebook", "comment" if _is_fb_comment(obj) else "post")
    if "name" in keys and "period" in keys and ("values" in keys or "total_value" in keys):
        name = _s(obj.get("name"))
        return ("facebook" if name.startswith(_FB_METRIC_PREFIXES) else "instagram", "insight")
    return None


@dataclass(frozen=True)
class Ctx:
    """Where an object sits: a Graph API document (``graph``), the request it answered, its siblings' kind."""

    graph: bool = False
    edge: Edge | None = None
    peers: Kind | None = None
    owner: dict[str, Any] | None = None


def resolve(obj: Any, ctx: Ctx) -> Kind | None:
    """What an object is: its own fields first, then (inside a Graph API document) the request and siblings."""
    found = classify(obj)
    by_request = edge_kind(ctx.edge)
    if found == ("facebook", "post") and by_request is not None and by_request[1] == "comment":
        return ("facebook", "comment")  # a /comments answer: {id, message, created_time, from} is a comment
    if found == ("instagram", "media") and by_request == ("instagram", "child"):
        return by_request  # a /children answer: the parts of a carousel, not posts
    if found is not None or not isinstance(obj, dict):
        return found
    if ctx.graph or ctx.edge is not None or ctx.peers is not None:  # siblings proven Graph API objects
        return _weak_kind(obj, ctx.edge) or by_request or ctx.peers
    return None


_ITEM_KINDS = frozenset({"post", "comment", "message", "media", "page", "user"})


def _peers(values: Iterable[Any]) -> Kind | None:
    votes = Counter(k for k in map(classify, islice(values, 50)) if k is not None and k[1] in _ITEM_KINDS)
    return votes.most_common(1)[0][0] if votes else None


# --- walking a document ------------------------------------------------------------------------------


def is_page(value: Any) -> bool:
    """A paging wrapper: ``{"data": [...]}`` with only ``paging`` / ``summary`` beside it."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("data"), list)
        and not (value.keys() - {"data", "paging", "summary"})
    )


def is_id_map(value: Any) -> bool:
    """An ``?ids=a,b`` response: each key an id, each value the object with that id (or a page for it)."""
    if not isinstance(value, dict) or not value or "id" in value or "data" in value:
        return False
    for key, item in islice(value.items(), 200):
        if not isinstance(item, dict):
            return False
        if _oid(item.get("id")) != key and not (is_page(item) and any(c.isdigit() for c in key)):
            return False
    return True


Walked = tuple[int, Any, Ctx]


def walk_document(entry: Entry) -> Iterator[Walked | Reject | Skipped]:
    """The top-level Graph API objects of an input, located, with their context.

    In a single JSON document the objects of a page or id map are located by their 1-based index; in JSON
    Lines by their line. Empty pages are skipped; values that are not objects are rejected.
    """
    head = entry.head()
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    streamed = stripped[:1] == b"[" and (entry.size or 0) > STREAM_JSON_ABOVE
    whole = not streamed and not looks_like_jsonl(head)
    request = hint_edge(entry.hint)
    for value in json_values(entry):
        if isinstance(value, Reject):
            yield value
            continue
        line, document = value
        yield from _unwrap(document, line, request, index=whole and line == 1)


def _unwrap(
    document: Any, line: int, request: Edge | None, index: bool
) -> Iterator[Walked | Reject | Skipped]:
    def at(i: int) -> int:
        return i if index else line

    if isinstance(document, list):
        if not document:
            yield Skipped(line, "empty array")
        peers = _peers(document)
        for i, value in enumerate(document, 1):
            if is_page(value) or is_id_map(value):
                yield from _unwrap(value, at(i), request, index=False)
            else:
                yield (at(i), value, Ctx(graph=request is not None, edge=request, peers=peers))
        return
    if not isinstance(document, dict):
        yield Reject(
            line, f"expected a Graph API object, got {type(document).__name__}", record_bytes(document)
        )
        return
    if is_page(document):
        edge = request or paging_edge(document)
        graph = edge is not None or isinstance(document.get("paging"), dict)
        data = document["data"]
        if not data:
            yield Skipped(line, "empty page")
            return
        ctx = Ctx(graph=graph, edge=edge, peers=_peers(data))
        for i, value in enumerate(data, 1):
            yield (at(i), value, ctx)
        return
    if is_id_map(document):
        peers = _peers(document.values())
        for i, (key, value) in enumerate(document.items(), 1):
            if is_page(value):
                edge = paging_edge(value) or Edge(request.host if request else "graph.facebook.com", key)
                if not value["data"]:
                    yield Skipped(at(i), "empty page")
                page_ctx = Ctx(graph=True, edge=edge, peers=_peers(value["data"]))
                for item in value["data"]:
                    yield (at(i), item, page_ctx)
            else:
                yield (at(i), value, Ctx(graph=request is not None, edge=request, peers=peers))
        return
    discovery = document.get("business_discovery")
    if isinstance(discovery, dict):
        # Instagram business discovery: the profile, then its media (owned by that profile).
        profile = {k: v for k, v in discovery.items() if k != "media"}
        if profile.keys() - {"id"}:
            yield (line, {**document, "business_discovery": profile}, Ctx(graph=True, edge=request))
        media = _d(discovery.get("media"))
        if isinstance(media.get("data"), list):
            if not media["data"]:
                yield Skipped(line, "empty page")
            ctx = Ctx(graph=True, peers=_peers(media["data"]), owner=profile)
            for i, value in enumerate(media["data"], 1):
                yield (at(i), value, ctx)
        elif not profile.keys() - {"id"}:
            yield Skipped(line, "business discovery response without profile fields or media")
        return
    yield (line, document, Ctx(graph=request is not None, edge=request))


def _head_objects(head: bytes) -> list[Any]:
    """First objects of a JSON document too large for the sniffing sample (streamed from the head)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:1] not in (b"{", b"["):
        return []
    import ijson

    found: list[Any] = []
    try:
        prefix = "data.item" if text[:1] == b"{" else "item"
        for value in ijson.items(io.BytesIO(text), prefix, use_float=True):
            found.append(value)
            if len(found) >= SNIFF_OBJECTS:
                break
    except Exception:  # a truncated head ends the stream; what was read so far is enough
        pass
    return found


def document_platform(peek: Peek) -> str | None:
    """Which platform's Graph API objects an input holds: ``facebook``, ``instagram`` or None (neither)."""
    request = hint_edge(peek.hint)
    sample = peek.sample
    objects: list[tuple[Any, Ctx]] = []
    top: Edge | None = request
    if sample is None:
        head = peek.head
        graph = request is not None or b'"paging"' in head[: 1 << 20]
        objects = [(obj, Ctx(graph=graph, edge=request)) for obj in _head_objects(head)]
    else:
        if is_page(sample):
            top = request or paging_edge(sample)
        for walked in islice(_unwrap(sample, 1, request, index=False), SNIFF_OBJECTS):
            if isinstance(walked, tuple):
                objects.append((walked[1], walked[2]))
    votes: Counter[str] = Counter()
    for obj, ctx in objects:
        kind = resolve(obj, ctx)
        if kind is not None:
            votes[kind[0]] += 1
    facebook, instagram = votes["facebook"], votes["instagram"]
    if facebook or instagram:
        return "instagram" if instagram > facebook else "facebook"
    by_request = edge_kind(top)
    if votes[""] or (by_request is not None and is_page(sample)):
        # errors, bare comments or an empty page: the request decides, Facebook by default
        if top is not None and (top.instagram or (by_request is not None and by_request[0] == "instagram")):
            return "instagram"
        if votes[""] or (by_request is not None and by_request[0] == "facebook"):
            return "facebook"
    return None


# --- records ---------------------------------------------------------------------------------------------


class _TooDeep(Exception):
    pass


def _clean(value: Any, depth: int = 0) -> Any:
    """A copy without ``paging`` blocks (their URLs carry access tokens); raises _TooDeep past MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    if isinstance(value, dict):
        return {
            k: _clean(v, depth + 1)
            for k, v in value.items()
            if not (k == "paging" and isinstance(v, dict)) and k != "_pp"
        }
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value]
    return value


def emit(
    obj: dict[str, Any],
    line: int,
    pp: dict[str, Any],
    *,
    type: str = "item",
    drop: tuple[str, ...] = (),
) -> Record | Reject:
    """A record of ``obj`` with its context in ``_pp``; the children in ``drop`` (imported as their own
    records) keep their counts but not their ``data``."""
    try:
        data = _clean(obj)
    except _TooDeep:
        return Reject(line, f"record nested more than {MAX_DEPTH} levels deep", b"")
    for key in drop:
        container = data.get(key)
        if isinstance(container, dict) and "data" in container:
            data[key] = {k: v for k, v in container.items() if k != "data"}
    data["_pp"] = {k: v for k, v in pp.items() if v is not None}
    return Record(data, line, type)


def error_reason(obj: dict[str, Any]) -> str:
    error = _d(obj.get("error"))
    code, message = error.get("code"), error.get("message")
    return f"Graph API error {code}: {message}"[:200]


def unknown(obj: dict[str, Any], line: int, what: str) -> Output:
    keys = set(obj.keys())
    if keys <= {"id"}:
        return Skipped(line, "object with only an id: nothing to import")
    if keys <= {"success", "id", "post_id"}:
        return Skipped(line, "API status response: nothing to import")
    names = ", ".join(sorted(str(k) for k in keys)[:8])
    return Reject(line, f"not {what} (fields: {names})", record_bytes(obj))


Owned = tuple[int, dict, Ctx, str]


def graph_objects(entry: Entry, platform: str, expected: str) -> Iterator[Output | Owned]:
    """The objects of a Graph API document, classified once for both Graph formats: each is passed on as
    ``(line, object, context, what)`` when it is ``platform``'s, or answered here: a Reject for what is
    not an object or not recognised (``expected`` says what was), a Skipped for the other platform's
    objects and for API errors."""
    other = {"facebook": "instagram", "instagram": "facebook"}[platform]
    for walked in walk_document(entry):
        if not isinstance(walked, tuple):
            yield walked
            continue
        line, obj, ctx = walked
        if not isinstance(obj, dict):
            yield Reject(line, f"expected a Graph API object, got {type(obj).__name__}", record_bytes(obj))
            continue
        kind = resolve(obj, ctx)
        if kind is None:
            yield unknown(obj, line, expected)
        elif kind[0] == other:
            yield Skipped(
                line, f"a {other.title()} object in a {platform.title()} document: import it as {other}"
            )
        elif kind[1] == "error":
            yield Skipped(line, error_reason(obj))
        else:
            yield (line, obj, ctx, kind[1])


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    for found in graph_objects(entry, "facebook", "a Facebook post, comment, message or page"):
        if isinstance(found, tuple):
            yield from _object(*found)
        else:
            yield found


def _object(line: int, obj: dict, ctx: Ctx, what: str) -> Iterator[Output]:
    if what == "post":
        yield from _post(obj, line)
    elif what == "comment":
        nest: dict[str, Any] = {}
        edge = ctx.edge
        if edge is not None and edge.name == "comments" and edge.filter != "stream":
            nest["edge_parent"] = edge.node
        yield from _comment(obj, line, nest, 0)
    elif what == "conversation":
        yield from conversation_records(obj, line)
    elif what == "message":
        edge = ctx.edge
        root = edge.node if edge is not None and edge.name == "messages" else None
        yield emit(obj, line, {"object": "message", "root_id": root})
    elif what in ("page", "user"):
        if _oid(obj.get("id")) is None:
            yield Reject(line, "expected 'id' on a Facebook page", record_bytes(obj))
        else:
            yield emit(obj, line, {"object": "page"}, type="author")
    elif what == "insight":
        yield Skipped(line, "facebook insights: metrics, not items")
    else:
        yield Skipped(line, f"facebook {what}: not an item")


def _children(obj: dict[str, Any], key: str) -> list[Any] | None:
    container = obj.get(key)
    if isinstance(container, dict) and isinstance(container.get("data"), list):
        return container["data"]
    return None


def _post(obj: dict[str, Any], line: int) -> Iterator[Output]:
    yield emit(obj, line, {"object": "post"}, drop=("comments",))
    post_id = _oid(obj.get("id"))
    for comment in _children(obj, "comments") or []:
        yield from _comment(comment, line, {"parent_id": post_id, "root_id": post_id}, 1)


def _comment(obj: Any, line: int, nest: dict[str, Any], depth: int) -> Iterator[Output]:
    if not isinstance(obj, dict):
        yield Reject(line, f"expected a comment object, got {type(obj).__name__}", record_bytes(obj))
        return
    if depth > MAX_NESTING:
        yield Reject(line, f"comments nested more than {MAX_NESTING} levels deep", b"")
        return
    kind = classify(obj)
    if kind is not None and kind[0] == "instagram":
        yield Skipped(line, "an Instagram object in a Facebook document: import it as instagram")
        return
    yield emit(obj, line, {"object": "comment", **nest}, drop=("comments",))
    replies = _children(obj, "comments")
    if replies:
        parts = permalink_parts(_s(obj.get("permalink_url")))
        comment_id = _oid(obj.get("id")) or parts.comment
        root = nest.get("root_id") or parts.root or _three_part_root(_s(obj.get("id")))
        for reply in replies:
            yield from _comment(reply, line, {"parent_id": comment_id, "root_id": root}, depth + 1)


def conversation_records(obj: dict[str, Any], line: int) -> Iterator[Output]:
    """The messages of a conversation (the conversation itself is not an item)."""
    messages = _children(obj, "messages")
    if not messages:
        yield Skipped(line, "conversation without messages (request fields=messages{...} to import them)")
        return
    conversation = _oid(obj.get("id"))
    for message in messages:
        if isinstance(message, dict):
            yield emit(message, line, {"object": "message", "root_id": conversation})
        else:
            yield Reject(
                line, f"expected a message object, got {type(message).__name__}", record_bytes(message)
            )


# --- mapping -------------------------------------------------------------------------------------------


def obj_field(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A nested object field (``from``, ``parent``...): {} when absent, MappingError when not an object."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"expected '{key}' to be an object, got {type(value).__name__}")
    return value


def link_or_none(value: Any, key: str) -> str | None:
    text = text_or_none(value)
    if text is None:
        return None
    if not text.startswith(("http://", "https://")):
        raise MappingError(f"expected '{key}' to be a URL, got {text[:80]!r}")
    return text


def total(container: Any, key: str) -> int | None:
    """A Graph API counter: ``{"summary": {"total_count": n}}``, ``{"count": n}`` or a bare number."""
    if container is None:
        return None
    if isinstance(container, int | str) and not isinstance(container, bool):
        return count(container)
    if not isinstance(container, dict):
        raise MappingError(f"expected '{key}' to be an object with a summary, got {type(container).__name__}")
    summary = container.get("summary")
    if isinstance(summary, dict) and summary.get("total_count") is not None:
        return count(summary["total_count"])
    if container.get("count") is not None:
        return count(container["count"])
    if container.get("total_count") is not None:
        return count(container["total_count"])
    return None


def _reactions(data: dict[str, Any]) -> int | None:
    for key in ("reactions", "likes"):
        found = total(data.get(key), key)
        if found is not None:
            return found
    return None


def _safe_total(container: Any) -> int | None:
    try:
        return total(container, "")
    except MappingError:
        return None


_REACTION_TYPES = ("like", "love", "wow", "haha", "sad", "angry", "care", "thankful", "pride")
_PROMOTED = {"active": True, "extendable": True, "finished": True, "paused": True}
_NOT_PROMOTED = {"inactive", "ineligible", "rejected", "not_boosted", "no_promotion"}


def _promoted(data: dict[str, Any]) -> bool | None:
    status = data.get("promotion_status")
    if isinstance(status, str):
        status = status.strip().lower()
        if status in _PROMOTED:
            return True
        if status in _NOT_PROMOTED:
            return False
    if data.get("is_inline_created") is True:
        return True
    return None


def _unshim(url: str) -> str:
    """The target of a Facebook link shim (``l.facebook.com/l.php?u=...``)."""
    try:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() in ("l.facebook.com", "lm.facebook.com") and parts.path == "/l.php":
            target = dict(parse_qsl(parts.query)).get("u")
            if target:
                return target
    except ValueError:
        pass
    return url


def _external(url: Any) -> str | None:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    url = _unshim(url)
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    if host == "facebook.com" or host.endswith(".facebook.com") or host.endswith(".fbcdn.net"):
        return None
    return url


def _attachment_links(attachment: Any, depth: int = 0) -> list[str]:
    attachment = _d(attachment)
    found = _external(attachment.get("unshimmed_url")) or _external(attachment.get("url"))
    found = found or _external(_d(attachment.get("target")).get("url"))
    links = [found] if found else []
    if depth < 3:
        for sub in _l(_d(attachment.get("subattachments")).get("data")):
            links.extend(_attachment_links(sub, depth + 1))
    return links


def _links(data: dict[str, Any], text: str | None, attachments: list[Any]) -> list[str] | None:
    """Links the platform attached (link shares), with the text's; None when it attached none."""
    links: list[str] = []
    for attachment in attachments:
        links.extend(_attachment_links(attachment))
    link = _external(data.get("link"))
    if link:
        links.append(link)
    if not links:
        return None
    return list(dict.fromkeys([*links, *(links_in(text) if text else [])]))


def _tag_names(value: Any) -> list[str] | None:
    names = [t["name"] for t in _l(value) if isinstance(t, dict) and isinstance(t.get("name"), str)]
    return names or None


def _extra(values: dict[str, Any]) -> str | None:
    kept = {k: v for k, v in values.items() if v not in (None, [], {}, "")}
    if not kept:
        return None
    try:
        return orjson.dumps(kept).decode()
    except (TypeError, orjson.JSONEncodeError):
        raise MappingError("extra fields are not serialisable") from None


def _scalar(value: Any) -> str | bool | None:
    return value if isinstance(value, str | bool) else None


@dataclass(frozen=True)
class Permalink:
    root: str | None = None
    comment: str | None = None
    parent: str | None = None


_DIGITS = re.compile(r"^\d+$")


def permalink_parts(url: str) -> Permalink:
    """What a comment permalink says: the post (``{page}_{post}``), the comment's id and its parent.

    ``/{page}/posts/{post}/?comment_id=C`` is comment ``{post}_C`` on post ``{page}_{post}``;
    ``&reply_comment_id=R`` makes it reply ``{post}_R`` to ``{post}_C``. Photos and videos are the root
    themselves; ``permalink.php?story_fbid=S&id=P`` is post ``P_S``. Non-numeric paths give nothing.
    """
    if not url:
        return Permalink()
    try:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
    except ValueError:
        return Permalink()
    segments = [s for s in parts.path.split("/") if s]
    root = short = None
    if "posts" in segments[:-1]:
        at = segments.index("posts")
        short = segments[at + 1]
        owner = segments[at - 1] if at > 0 else ""
        if _DIGITS.match(owner) and _DIGITS.match(short):
            root = f"{owner}_{short}"
    elif segments[-1:] == ["permalink.php"] or segments[-1:] == ["story.php"]:
        short, owner = query.get("story_fbid", ""), query.get("id", "")
        if _DIGITS.match(owner) and _DIGITS.match(short):
            root = f"{owner}_{short}"
    elif "photos" in segments or "videos" in segments:
        short = segments[-1] if segments else None
        root = short if short and _DIGITS.match(short) else None
    if not short or not _DIGITS.match(short):
        return Permalink(root=root)
    comment, reply = query.get("comment_id", ""), query.get("reply_comment_id", "")
    if not _DIGITS.match(comment):
        return Permalink(root=root)
    if _DIGITS.match(reply):
        return Permalink(root=root, comment=f"{short}_{reply}", parent=f"{short}_{comment}")
    return Permalink(root=root, comment=f"{short}_{comment}", parent=root)


def _three_part_root(comment_id: str) -> str | None:
    """Old comment ids ``{page}_{post}_{comment}`` name their post."""
    match = re.fullmatch(r"(\d+_\d+)_\d+", comment_id)
    return match.group(1) if match else None


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Graph API object, got {type(data).__name__}")
    pp = _d(data.get("_pp"))
    what = pp.get("object")
    if what is None:
        kind = classify(data)
        what = kind[1] if kind is not None and kind[0] != "instagram" else None
    if what == "post":
        return map_post(data)
    if what == "comment":
        return map_comment(data, pp)
    if what == "message":
        return map_message(data, pp, PLATFORM)
    names = ", ".join(sorted(str(k) for k in data if k != "_pp")[:8])
    raise MappingError(f"expected a Facebook post, comment or message, got an object with fields {names}")


def map_post(data: dict[str, Any]) -> dict[str, Any]:
    post_id = ident(data.get("id"))
    if post_id is None:
        raise MappingError("expected 'id' on a Facebook post")
    author = obj_field(data, "from")
    text = text_or_none(data.get("message"))
    shared = ident(data.get("parent_id"))
    attachments = _l(_d(data.get("attachments")).get("data"))
    reactions = {r: _safe_total(data.get(r)) for r in _REACTION_TYPES if isinstance(data.get(r), dict)}
    extra = {
        "status_type": _scalar(data.get("status_type")),
        "story": _scalar(data.get("story")),
        "is_published": _scalar(data.get("is_published")),
        "is_hidden": _scalar(data.get("is_hidden")),
        "promotion_status": _scalar(data.get("promotion_status")),
        "is_eligible_for_promotion": _scalar(data.get("is_eligible_for_promotion")),
        "reactions": {k: v for k, v in reactions.items() if v is not None},
        "tags": _tag_names(data.get("message_tags")),
        "attachments": [
            a["type"] for a in attachments if isinstance(a, dict) and isinstance(a.get("type"), str)
        ],
        "place": _scalar(_d(data.get("place")).get("name")),
    }
    return {
        "platform": PLATFORM,
        "id": post_id,
        "kind": "share" if shared else "post",
        "created_at": parse_time(data.get("created_time")),
        "author_id": ident(author.get("id")),
        "author_name": text_or_none(author.get("name")),
        "text": text,
        "shared_id": shared,
        "urls": _links(data, text, attachments),
        "likes": _reactions(data),
        "shares": total(data.get("shares"), "shares"),
        "replies": total(data.get("comments"), "comments"),
        "promoted": _promoted(data),
        "url": link_or_none(data.get("permalink_url"), "permalink_url")
        or f"https://www.facebook.com/{post_id}",
        "extra": _extra(extra),
    }


def map_comment(data: dict[str, Any], pp: dict[str, Any]) -> dict[str, Any]:
    link = link_or_none(data.get("permalink_url"), "permalink_url")
    parts = permalink_parts(link or "")
    comment_id = ident(data.get("id")) or parts.comment
    if comment_id is None:
        raise MappingError("expected 'id' (or a permalink_url with comment_id) on a Facebook comment")
    author = obj_field(data, "from")
    text = text_or_none(data.get("message"))
    parent = ident(obj_field(data, "parent").get("id")) or ident(pp.get("parent_id")) or parts.parent
    parent = parent or ident(pp.get("edge_parent"))
    root = ident(pp.get("root_id")) or parts.root or _three_part_root(comment_id)
    attachment = obj_field(data, "attachment")
    likes = count(data.get("like_count")) if data.get("like_count") is not None else _reactions(data)
    replies = count(data.get("comment_count"))
    if replies is None:
        replies = total(data.get("comments"), "comments")
    extra = {
        "is_hidden": _scalar(data.get("is_hidden")),
        "tags": _tag_names(data.get("message_tags")),
        "attachment": _scalar(attachment.get("type")),
    }
    return {
        "platform": PLATFORM,
        "id": comment_id,
        "kind": "reply",
        "created_at": parse_time(data.get("created_time")),
        "author_id": ident(author.get("id")),
        "author_name": text_or_none(author.get("name")),
        "text": text,
        "parent_id": parent,
        "root_id": root,
        "urls": _links({}, text, [attachment]) if attachment else None,
        "likes": likes,
        "replies": replies,
        "url": link,
        "extra": _extra(extra),
    }


def map_message(data: dict[str, Any], pp: dict[str, Any], platform: str) -> dict[str, Any]:
    """A direct message (Facebook Page or Instagram messaging: same shape, people named differently)."""
    message_id = ident(data.get("id"))
    if message_id is None:
        raise MappingError(f"expected 'id' on a {platform} message")
    author = obj_field(data, "from")
    recipients = [ident(p.get("id")) for p in _l(obj_field(data, "to").get("data")) if isinstance(p, dict)]
    attachments = _l(_d(data.get("attachments")).get("data"))
    extra = {
        "to": [r for r in recipients if r],
        "tags": _tag_names(_d(data.get("tags")).get("data")),
        "attachments": [a["mime_type"] for a in attachments if isinstance(_d(a).get("mime_type"), str)],
    }
    return {
        "platform": platform,
        "id": message_id,
        "kind": "message",
        "created_at": parse_time(data.get("created_time")),
        "author_id": ident(author.get("id")),
        "author_handle": text_or_none(author.get("username")),
        "author_name": text_or_none(author.get("name")),
        "text": text_or_none(data.get("message")),
        "root_id": ident(pp.get("root_id")),
        "extra": _extra(extra),
    }


def _location(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    place = _d(value)
    parts = [place.get(k) for k in ("street", "city", "state", "country")]
    joined = ", ".join(p for p in parts if isinstance(p, str) and p)
    return joined or None


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Facebook page, got {type(data).__name__}")
    page_id = ident(data.get("id"))
    if page_id is None:
        raise MappingError("expected 'id' on a Facebook page")
    handle = text_or_none(data.get("username"))
    followers = count(data.get("followers_count"))
    if followers is None:
        followers = count(data.get("fan_count"))
    status = data.get("verification_status")
    verified = status in ("blue_verified", "gray_verified") if isinstance(status, str) else None
    if verified is None and isinstance(data.get("is_verified"), bool):
        verified = data["is_verified"]
    description = data.get("about") if isinstance(data.get("about"), str) else data.get("description")
    link = data.get("link")
    return {
        "platform": PLATFORM,
        "id": page_id,
        "handle": handle,
        "name": text_or_none(data.get("name")),
        "followers": followers,
        "verified": verified,
        "description": description if isinstance(description, str) and description else None,
        "location": _location(data.get("location")),
        "url": link
        if isinstance(link, str) and link.startswith("http")
        else f"https://www.facebook.com/{handle or page_id}",
    }


def sniff(peek: Peek) -> bool:
    try:
        return document_platform(peek) == PLATFORM
    except Exception:  # sniffing never raises: an input it cannot read is simply not Facebook
        return False


FORMAT = Format(
    name="facebook",
    platform=PLATFORM,
    description="Facebook Graph API: page posts, comments, conversations and messages, pages (JSON, JSON Lines)",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
