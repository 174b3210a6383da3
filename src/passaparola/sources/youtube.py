"""YouTube Data API v3 responses: videos, comment threads, comments, search results, activities, channels.

Input: what the API returns, saved as files, as JSON Lines of pages, or recorded in HTTP cassettes.
Each value is a list response (``kind: youtube#...ListResponse`` with ``items`` and ``nextPageToken``),
a single resource (an ``insert``/``update`` response), an array of resources, or an error document.

What becomes what
- ``youtube#video``: a ``post`` (title, description as text, statistics as counters).
- ``youtube#commentThread``: its top-level comment is a ``reply`` to the video (``parent_id`` and
  ``root_id`` are the video id; ``replies`` is ``totalReplyCount``); the replies the API inlined in
  ``replies.comments`` are ``reply`` items to the top-level comment, rooted at the video. When the API
  inlined fewer replies than ``totalReplyCount`` (it inlines a few at most, or none without
  ``part=replies``) the top-level comment's ``extra`` says how many are missing (``replies_missing``):
  fetch them with ``comments.list(parentId=...)``.
- ``youtube#comment`` (``comments.list``): a ``reply`` to ``snippet.parentId``, or to the video for a
  top-level comment. ``comments.list`` does not say which video a reply belongs to: ``root_id`` is then
  null. Comments on a channel (no video) have no parent item and a null ``root_id``.
- ``youtube#searchResult``: a video result is a thin ``post`` (no statistics: counters stay null; the
  API HTML-escapes search titles and descriptions, unescaped here; the description is the API's
  shortened snippet); a channel result is an author profile; a playlist result is skipped.
- ``youtube#activity``: an ``upload`` is the uploaded video (a thin ``post``); other activity types are
  skipped. Without ``part=contentDetails`` the video id is read from the thumbnail URL
  (``i.ytimg.com/vi/<id>/...``) and ``extra.video_id_from`` says so.
- ``youtube#playlistItem``: the video in the playlist (a thin ``post``); deleted/private entries are
  skipped.
- ``youtube#channel``: an author profile (``subscriberCount`` -> followers, null when
  ``hiddenSubscriberCount``; ``videoCount`` -> posts; an ``@`` custom URL is the handle).
- Rating responses, empty pages, other resource kinds and ``{"error": {...}}`` documents are skipped
  with a reason.

Languages: ``lang`` is ``snippet.defaultLanguage`` (the language of the title and description). The
audio track's ``defaultAudioLanguage`` is kept in ``extra.audio_language`` and never used as ``lang``:
it often disagrees with the text (an English-titled music video with ``zh-Hans`` audio, for instance).

Comment authors: since 2023 the API often gives the author's handle (``@name``) as
``authorDisplayName`` and no other name. ``author_name`` is the display name as YouTube shows it (so
``@name`` then), and ``author_handle`` the handle without ``@``, taken from such a display name or from
an ``authorChannelUrl`` of the form ``youtube.com/@name``.

Locations: in a single JSON document holding a page, a record's ``line`` is the 1-based position of
its item in ``items`` (the replies inlined in a thread share their thread's position); in JSON Lines,
the line of the page.

Anything ``map_item`` needs beyond the resource itself (the kind decided from the enclosing list
response or request, the video and channel of an inlined reply, how many replies the thread inlined)
is in the record under ``"_pp"``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from itertools import chain
from typing import Any

import orjson

from passaparola.canonical import (
    MappingError,
    count,
    hashtags_in,
    html_to_text,
    ident,
    parse_time,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_values

PLATFORM = "youtube"

VIDEO = "youtube#video"
THREAD = "youtube#commentThread"
COMMENT = "youtube#comment"
SEARCH = "youtube#searchResult"
ACTIVITY = "youtube#activity"
CHANNEL = "youtube#channel"
PLAYLIST_ITEM = "youtube#playlistItem"
PLAYLIST = "youtube#playlist"
RATING_RESPONSE = "youtube#videoGetRatingResponse"

#: List-response kinds whose item kind is not simply the prefix.
_LIST_ITEM_KINDS = {"youtube#searchListResponse": SEARCH}

#: Request paths (from HTTP recordings) -> the kind of resource the response holds.
_HINT_PATH = re.compile(r"googleapis\.com/youtube/v3/(\w+)")
_HINT_KINDS = {
    "videos": VIDEO,
    "commentThreads": THREAD,
    "comments": COMMENT,
    "search": SEARCH,
    "activities": ACTIVITY,
    "channels": CHANNEL,
    "playlistItems": PLAYLIST_ITEM,
}

_THUMBNAIL_VIDEO_ID = re.compile(r"^https?://i\d*\.ytimg\.com/(?:vi|vi_webp)/([\w-]{11})/")
_HANDLE_URL = re.compile(r"^https?://(?:www\.|m\.)?youtube\.com/@([^/?#\s]+)")
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})


# --- sniffing ---------------------------------------------------------------------------------------


def sniff(peek: Peek) -> bool:
    try:
        if _HINT_PATH.search(peek.hint) and peek.sample is not None:
            return True
        record = peek.first_record()
        return record is not None and _looks_like_youtube(record)
    except Exception:
        return False


def _looks_like_youtube(record: dict[str, Any]) -> bool:
    if _is_youtube_kind(record.get("kind")):
        return True
    items = record.get("items")
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return _is_youtube_kind(items[0].get("kind"))
    error = record.get("error")
    if isinstance(error, dict):
        errors = error.get("errors")
        if isinstance(errors, list):
            return any(isinstance(e, dict) and str(e.get("domain", "")).startswith("youtube") for e in errors)
    return False


def _is_youtube_kind(kind: Any) -> bool:
    return isinstance(kind, str) and kind.startswith("youtube#")


# --- records ----------------------------------------------------------------------------------------


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    hint_kind = _kind_from_hint(entry.hint)
    values = json_values(entry)
    first = next(values, None)
    if first is None:
        return
    second = next(values, None)
    # One whole document: locate items by their position in it. Several values (JSON Lines, a streamed
    # array): locate items by the value's line or index.
    by_position = second is None and not isinstance(first, Reject)
    rest = chain([second], values) if second is not None else values
    for value in chain([first], rest):
        if isinstance(value, Reject):
            yield value
            continue
        line, document = value
        yield from _document(document, line, hint_kind, by_position)


def _kind_from_hint(hint: str | None) -> str | None:
    match = _HINT_PATH.search(hint or "")
    return _HINT_KINDS.get(match.group(1)) if match else None


def _document(document: Any, line: int, hint_kind: str | None, by_position: bool) -> Iterator[Output]:
    if isinstance(document, list):  # an array of pages or resources saved by hand
        if not document:
            yield Skipped(line, "empty array")
        for index, value in enumerate(document, 1):
            if isinstance(value, list):
                reason = "expected a YouTube API response object in the array, got an array"
                yield Reject(index if by_position else line, reason, record_bytes(value))
            else:
                yield from _document(value, index if by_position else line, hint_kind, False)
        return
    if not isinstance(document, dict):
        yield Reject(
            line,
            f"expected a YouTube API response object, got {type(document).__name__}",
            record_bytes(document),
        )
        return
    kind = document.get("kind")
    if "error" in document and "items" not in document and not _is_youtube_kind(kind):
        yield Skipped(line, _error_reason(document["error"]))
        return
    if kind == RATING_RESPONSE:
        yield Skipped(line, "videos.getRating response (the viewer's own ratings): not an item")
        return
    items = document.get("items")
    is_list = (isinstance(kind, str) and kind.endswith("ListResponse")) or (
        "items" in document and ("pageInfo" in document or kind is None)
    )
    if not is_list:
        yield from _resource(document, line, hint_kind)
        return
    if items is None:
        items = []
    if not isinstance(items, list):
        yield Reject(line, f"expected items to be a list, got {type(items).__name__}", record_bytes(document))
        return
    if not items:
        yield Skipped(line, "empty page (no items)")
        return
    item_kind = _list_item_kind(kind) or hint_kind
    for index, item in enumerate(items, 1):
        yield from _resource(item, index if by_position else line, item_kind)


def _list_item_kind(kind: Any) -> str | None:
    if not isinstance(kind, str) or not kind.endswith("ListResponse"):
        return None
    return _LIST_ITEM_KINDS.get(kind, kind[: -len("ListResponse")])


def _error_reason(error: Any) -> str:
    if isinstance(error, str):
        return f"YouTube API error: {error[:200]}"
    if not isinstance(error, dict):
        return "YouTube API error"
    code = error.get("code")
    message = error.get("message")
    errors = error.get("errors")
    reason = None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = errors[0].get("reason")
    reason = reason or error.get("status")
    head = "YouTube API error"
    if isinstance(code, int | str):
        head += f" {code}"
    if isinstance(reason, str) and reason:
        head += f" {reason}"
    return f"{head}: {message[:200]}" if isinstance(message, str) and message else head


def _resource(obj: Any, line: int, default_kind: str | None) -> Iterator[Output]:
    if not isinstance(obj, dict):
        yield Reject(line, f"expected a YouTube resource object, got {type(obj).__name__}", record_bytes(obj))
        return
    own = obj.get("kind")
    kind = own if _is_youtube_kind(own) else (_infer_kind(obj) or default_kind)
    if kind is None:
        keys = ", ".join(sorted(map(str, obj))[:8])
        yield Reject(
            line, f"not a YouTube resource: no kind and no known fields (keys: {keys})", record_bytes(obj)
        )
        return
    context: dict[str, Any] = {} if own == kind else {"kind": kind}
    if kind == THREAD:
        yield from _thread(obj, line, context)
    elif kind in (VIDEO, COMMENT):
        yield _record(_with_context(obj, context), line)
    elif kind == CHANNEL:
        yield _record(_with_context(obj, context), line, record_type="author")
    elif kind == SEARCH:
        yield from _search_result(obj, line, context)
    elif kind == ACTIVITY:
        activity_type = _activity_type(obj)
        if isinstance(activity_type, str) and activity_type != "upload":
            yield Skipped(line, f"activity of type {activity_type!r}: not an item (only uploads are)")
        else:
            yield _record(_with_context(obj, context), line)
    elif kind == PLAYLIST_ITEM:
        snippet = obj.get("snippet")
        if (
            isinstance(snippet, dict)
            and snippet.get("title") in ("Deleted video", "Private video")
            and not snippet.get("videoOwnerChannelId")
        ):
            yield Skipped(line, "playlist item for a deleted or private video")
        else:
            yield _record(_with_context(obj, context), line)
    else:
        yield Skipped(line, f"{kind} resources are not items")


def _with_context(obj: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    return {**obj, "_pp": context} if context else obj


def _record(data: dict[str, Any], line: int, record_type: str = "item") -> Record | Reject:
    """A record, or a reject when the record cannot be stored as raw JSON (the store keeps every raw
    record as JSON: nesting deeper than the serialiser allows, or an integer beyond 64 bits, cannot)."""
    try:
        orjson.dumps(data)
    except TypeError as exc:
        return Reject(line, f"record cannot be stored as JSON ({exc})", record_bytes(data))
    return Record(data, line, record_type)


def _thread(obj: dict[str, Any], line: int, context: dict[str, Any]) -> Iterator[Output]:
    replies = obj.get("replies")
    comments = replies.get("comments") if isinstance(replies, dict) else None
    if not isinstance(comments, list):
        comments = []
    top = {k: v for k, v in obj.items() if k != "replies"}
    top["_pp"] = {**context, "replies_included": len(comments) if replies is not None else 0}
    yield _record(top, line)
    snippet = obj.get("snippet") if isinstance(obj.get("snippet"), dict) else {}
    reply_context = {
        "kind": COMMENT,
        "video_id": snippet.get("videoId"),
        "channel_id": snippet.get("channelId"),
    }
    for comment in comments:
        if isinstance(comment, dict):
            yield _record({**comment, "_pp": reply_context}, line)
        else:
            reason = f"expected a comment object in replies.comments, got {type(comment).__name__}"
            yield Reject(line, reason, record_bytes(comment))


def _search_result(obj: dict[str, Any], line: int, context: dict[str, Any]) -> Iterator[Output]:
    found = obj.get("id")
    found_kind = found.get("kind") if isinstance(found, dict) else None
    if found_kind == CHANNEL or (isinstance(found, dict) and "channelId" in found and "videoId" not in found):
        yield _record(_with_context(obj, context), line, record_type="author")
    elif found_kind == PLAYLIST or (isinstance(found, dict) and "playlistId" in found):
        yield Skipped(line, "search result for a playlist: not an item")
    else:
        yield _record(_with_context(obj, context), line)


def _activity_type(obj: dict[str, Any]) -> Any:
    snippet = obj.get("snippet")
    activity_type = snippet.get("type") if isinstance(snippet, dict) else None
    if activity_type is None:
        details = obj.get("contentDetails")
        if isinstance(details, dict) and len(details) == 1:
            activity_type = next(iter(details))
    return activity_type


def _infer_kind(obj: dict[str, Any]) -> str | None:
    """The kind of a resource saved without ``kind`` (a ``fields=`` filter drops it), from its fields."""
    snippet = obj.get("snippet")
    snippet = snippet if isinstance(snippet, dict) else {}
    if "topLevelComment" in snippet:
        return THREAD
    if any(k in snippet for k in ("textDisplay", "textOriginal", "authorDisplayName")):
        return COMMENT
    if isinstance(obj.get("id"), dict):
        return SEARCH
    if "type" in snippet:
        return ACTIVITY
    if "resourceId" in snippet or "playlistId" in snippet:
        return PLAYLIST_ITEM
    statistics = obj.get("statistics")
    if "customUrl" in snippet or "brandingSettings" in obj:
        return CHANNEL
    if isinstance(statistics, dict) and "subscriberCount" in statistics:
        return CHANNEL
    if "channelTitle" in snippet or (isinstance(statistics, dict) and "viewCount" in statistics):
        return VIDEO
    return None


# --- field helpers ----------------------------------------------------------------------------------


def _obj(container: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = container.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"expected {path} to be an object, got {type(value).__name__}")
    return value


def _text(container: dict[str, Any], key: str, path: str) -> str | None:
    value = container.get(key)
    if value is None or isinstance(value, str):
        return value
    raise MappingError(f"expected {path} to be text, got {type(value).__name__}")


def _id(value: Any, path: str) -> str | None:
    try:
        return ident(value)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def _time(value: Any, path: str):
    try:
        return parse_time(value)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def _count(value: Any, path: str) -> int | None:
    try:
        return count(value)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from None


def _lenient_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _lang(value: Any) -> str | None:
    """A BCP-47 tag (``en-US``, ``zh-Hans``) as its lower-case primary language; ``und`` and the like
    are None."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    if not primary.isascii() or not primary.isalpha() or len(primary) not in (2, 3):
        return None
    return None if primary in _NO_LANGUAGE else primary


def _context(data: dict[str, Any]) -> dict[str, Any]:
    context = data.get("_pp")
    return context if isinstance(context, dict) else {}


def _kind_of(data: dict[str, Any]) -> str | None:
    kind = _context(data).get("kind")
    if _is_youtube_kind(kind):
        return kind
    own = data.get("kind")
    return own if _is_youtube_kind(own) else _infer_kind(data)


def _extra(values: dict[str, Any]) -> str | None:
    kept = {k: v for k, v in values.items() if v is not None and v != [] and v != {}}
    return orjson.dumps(kept).decode() if kept else None


def _watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def _channel_url(channel_id: str | None) -> str | None:
    return f"https://www.youtube.com/channel/{channel_id}" if channel_id else None


# --- items ------------------------------------------------------------------------------------------


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a YouTube resource object, got {type(data).__name__}")
    kind = _kind_of(data)
    mapper = _ITEM_MAPPERS.get(kind) if kind else None
    if mapper is None:
        raise MappingError(
            "expected a YouTube video, comment thread, comment, search result, activity or playlist item,"
            f" got kind {kind!r}"
        )
    return mapper(data)


def _video_item(
    video_id: str,
    snippet: dict[str, Any],
    *,
    escaped: bool = False,
    author_id_key: str = "channelId",
    author_name_key: str = "channelTitle",
) -> dict[str, Any]:
    """The fields every video record shares: who, when, title and description."""
    title = _text(snippet, "title", "snippet.title")
    description = _text(snippet, "description", "snippet.description")
    if escaped:
        title = html.unescape(title) if title else title
        description = html.unescape(description) if description else description
    author_id = _id(snippet.get(author_id_key), f"snippet.{author_id_key}")
    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": video_id,
        "kind": "post",
        "created_at": _time(snippet.get("publishedAt"), "snippet.publishedAt"),
        "author_id": author_id,
        "author_name": _text(snippet, author_name_key, f"snippet.{author_name_key}"),
        "title": title,
        "text": description,
        "lang": _lang(snippet.get("defaultLanguage")),
        "url": _watch_url(video_id),
    }
    if title and "#" in title:
        # YouTube links hashtags in titles too; enrichment only reads the text.
        item["hashtags"] = hashtags_in(f"{title}\n{description or ''}")
    if author_id:
        item["_author"] = {"url": _channel_url(author_id)}
    return item


def _map_video(data: dict[str, Any]) -> dict[str, Any]:
    video_id = _id(data.get("id"), "id")
    if video_id is None:
        raise MappingError("expected id (the video id), got nothing")
    snippet = _obj(data, "snippet", "snippet")
    statistics = _obj(data, "statistics", "statistics")
    item = _video_item(video_id, snippet)
    item["views"] = _count(statistics.get("viewCount"), "statistics.viewCount")
    item["likes"] = _count(statistics.get("likeCount"), "statistics.likeCount")
    item["replies"] = _count(statistics.get("commentCount"), "statistics.commentCount")
    paid = data.get("paidProductPlacementDetails")
    if isinstance(paid, dict) and isinstance(paid.get("hasPaidProductPlacement"), bool):
        item["promoted"] = paid["hasPaidProductPlacement"]
    details = data.get("contentDetails") if isinstance(data.get("contentDetails"), dict) else {}
    status = data.get("status") if isinstance(data.get("status"), dict) else {}
    live = data.get("liveStreamingDetails") if isinstance(data.get("liveStreamingDetails"), dict) else {}
    tags = snippet.get("tags")
    dislikes = statistics.get("dislikeCount")
    item["extra"] = _extra(
        {
            "tags": [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else None,
            "category_id": _lenient_str(snippet.get("categoryId")),
            "audio_language": _lenient_str(snippet.get("defaultAudioLanguage")),
            "live_broadcast_content": _live(snippet),
            "duration": _lenient_str(details.get("duration")),
            "privacy_status": _lenient_str(status.get("privacyStatus")),
            "made_for_kids": status.get("madeForKids")
            if isinstance(status.get("madeForKids"), bool)
            else None,
            "dislikes": _count(dislikes, "statistics.dislikeCount") if dislikes is not None else None,
            "live": {
                k: v
                for k, v in live.items()
                if k in ("actualStartTime", "actualEndTime", "scheduledStartTime", "concurrentViewers")
                and isinstance(v, str)
            },
        }
    )
    return item


def _live(snippet: dict[str, Any]) -> str | None:
    value = snippet.get("liveBroadcastContent")
    return value if isinstance(value, str) and value != "none" else None


def _map_search(data: dict[str, Any]) -> dict[str, Any]:
    found = data.get("id")
    if not isinstance(found, dict):
        raise MappingError(f"expected id to be an object with videoId, got {type(found).__name__}")
    video_id = _id(found.get("videoId"), "id.videoId")
    if video_id is None:
        raise MappingError(f"expected id.videoId in a video search result, got keys {sorted(found)}")
    snippet = _obj(data, "snippet", "snippet")
    item = _video_item(video_id, snippet, escaped=True)
    item["extra"] = _extra({"from": "search", "live_broadcast_content": _live(snippet)})
    item["partial"] = True
    return item


def _map_activity(data: dict[str, Any]) -> dict[str, Any]:
    activity_type = _activity_type(data)
    if activity_type != "upload":
        raise MappingError(f"expected an upload activity (snippet.type 'upload'), got {activity_type!r}")
    snippet = _obj(data, "snippet", "snippet")
    details = _obj(data, "contentDetails", "contentDetails")
    upload = _obj(details, "upload", "contentDetails.upload")
    video_id = _id(upload.get("videoId"), "contentDetails.upload.videoId")
    video_id_from = None
    if video_id is None:
        video_id = _video_id_from_thumbnails(snippet.get("thumbnails"))
        video_id_from = "thumbnail"
    if video_id is None:
        raise MappingError(
            "expected contentDetails.upload.videoId (request part=contentDetails) or a video thumbnail URL,"
            " got neither"
        )
    item = _video_item(video_id, snippet)
    item["extra"] = _extra(
        {
            "from": "activity",
            "activity_id": _lenient_str(data.get("id")),
            "video_id_from": video_id_from,
        }
    )
    item["partial"] = True
    return item


def _video_id_from_thumbnails(thumbnails: Any) -> str | None:
    if not isinstance(thumbnails, dict):
        return None
    for thumbnail in thumbnails.values():
        url = thumbnail.get("url") if isinstance(thumbnail, dict) else None
        match = _THUMBNAIL_VIDEO_ID.match(url) if isinstance(url, str) else None
        if match:
            return match.group(1)
    return None


def _map_playlist_item(data: dict[str, Any]) -> dict[str, Any]:
    snippet = _obj(data, "snippet", "snippet")
    details = _obj(data, "contentDetails", "contentDetails")
    resource = _obj(snippet, "resourceId", "snippet.resourceId")
    video_id = _id(details.get("videoId"), "contentDetails.videoId") or _id(
        resource.get("videoId"), "snippet.resourceId.videoId"
    )
    if video_id is None:
        raise MappingError("expected contentDetails.videoId or snippet.resourceId.videoId, got neither")
    # snippet.channelId is the playlist's owner and snippet.publishedAt when the video was added;
    # the video's own author and time are videoOwnerChannelId and contentDetails.videoPublishedAt.
    video_snippet = {
        **snippet,
        "publishedAt": details.get("videoPublishedAt"),
        "defaultLanguage": None,
    }
    item = _video_item(
        video_id,
        video_snippet,
        author_id_key="videoOwnerChannelId",
        author_name_key="videoOwnerChannelTitle",
    )
    position = snippet.get("position")
    item["extra"] = _extra(
        {
            "from": "playlist_item",
            "playlist_id": _lenient_str(snippet.get("playlistId")),
            "position": position if isinstance(position, int) and not isinstance(position, bool) else None,
            "added_at": _lenient_str(snippet.get("publishedAt")),
        }
    )
    item["partial"] = True
    return item


def _map_thread(data: dict[str, Any]) -> dict[str, Any]:
    snippet = _obj(data, "snippet", "snippet")
    top = snippet.get("topLevelComment")
    if not isinstance(top, dict):
        raise MappingError(
            f"expected snippet.topLevelComment to be a comment object, got {type(top).__name__}"
        )
    context = {
        "video_id": snippet.get("videoId"),
        "channel_id": snippet.get("channelId"),
    }
    if top.get("id") is None and data.get("id") is not None:
        top = {**top, "id": data.get("id")}
    item, extra = _comment(top, context, "snippet.topLevelComment.")
    total = _count(snippet.get("totalReplyCount"), "snippet.totalReplyCount")
    item["replies"] = total
    included = _context(data).get("replies_included")
    included = included if isinstance(included, int) and not isinstance(included, bool) else 0
    if total is not None and total > included:
        extra["replies_missing"] = total - included
    if snippet.get("isPublic") is False:
        extra["is_public"] = False
    item["extra"] = _extra(extra)
    return item


def _map_comment(data: dict[str, Any]) -> dict[str, Any]:
    item, extra = _comment(data, _context(data), "")
    item["extra"] = _extra(extra)
    return item


def _comment(
    comment: dict[str, Any], context: dict[str, Any], prefix: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A comment resource as a ``reply``; ``context`` gives the video and channel when the comment
    itself does not (replies inlined in a thread)."""
    comment_id = _id(comment.get("id"), f"{prefix}id")
    if comment_id is None:
        raise MappingError(f"expected {prefix}id (the comment id), got nothing")
    snippet = _obj(comment, "snippet", f"{prefix}snippet")
    at = f"{prefix}snippet."
    video_id = _id(snippet.get("videoId"), f"{at}videoId") or _id(context.get("video_id"), "videoId")
    channel_id = _id(snippet.get("channelId"), f"{at}channelId") or _id(
        context.get("channel_id"), "channelId"
    )
    parent_id = _id(snippet.get("parentId"), f"{at}parentId")
    if parent_id is None:
        parent_id = video_id  # a top-level comment answers the video (None on a channel)

    author = snippet.get("authorChannelId")
    if isinstance(author, dict):
        author = author.get("value")
    author_id = _id(author, f"{at}authorChannelId.value")
    display = _text(snippet, "authorDisplayName", f"{at}authorDisplayName")
    channel_url = _text(snippet, "authorChannelUrl", f"{at}authorChannelUrl")
    handle = None
    if display and display.startswith("@") and len(display) > 1:
        handle = display[1:]  # the API gave the handle in place of the name
    if handle is None and channel_url:
        match = _HANDLE_URL.match(channel_url)
        if match:
            handle = match.group(1)

    original = _text(snippet, "textOriginal", f"{at}textOriginal")
    shown = _text(snippet, "textDisplay", f"{at}textDisplay")
    text = original if original else (html_to_text(shown) if shown is not None else original)

    created = _time(snippet.get("publishedAt"), f"{at}publishedAt")
    updated = _time(snippet.get("updatedAt"), f"{at}updatedAt")
    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": comment_id,
        "kind": "reply",
        "created_at": created,
        "author_id": author_id,
        "author_handle": handle,
        "author_name": display,
        "text": text,
        "parent_id": parent_id,
        "root_id": video_id,
        "likes": _count(snippet.get("likeCount"), f"{at}likeCount"),
        "url": f"{_watch_url(video_id)}&lc={comment_id}" if video_id else None,
    }
    author_url = channel_url or _channel_url(author_id)
    if author_url:
        item["_author"] = {"url": author_url}
    extra: dict[str, Any] = {
        "channel_id": channel_id,
        "on": "channel" if video_id is None and snippet.get("parentId") is None and channel_id else None,
        "edited": updated.isoformat() if updated and created and updated > created else None,
        "moderation_status": _lenient_str(snippet.get("moderationStatus")),
    }
    return item, extra


_ITEM_MAPPERS = {
    VIDEO: _map_video,
    SEARCH: _map_search,
    ACTIVITY: _map_activity,
    PLAYLIST_ITEM: _map_playlist_item,
    THREAD: _map_thread,
    COMMENT: _map_comment,
}


# --- authors ----------------------------------------------------------------------------------------


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a YouTube channel object, got {type(data).__name__}")
    kind = _kind_of(data)
    if kind == CHANNEL:
        return _channel(data)
    if kind == SEARCH:
        return _search_channel(data)
    raise MappingError(f"expected a youtube#channel or a channel search result, got kind {kind!r}")


def _channel(data: dict[str, Any]) -> dict[str, Any]:
    channel_id = _id(data.get("id"), "id")
    if channel_id is None:
        raise MappingError("expected id (the channel id), got nothing")
    snippet = _obj(data, "snippet", "snippet")
    statistics = _obj(data, "statistics", "statistics")
    branding = _obj(_obj(data, "brandingSettings", "brandingSettings"), "channel", "brandingSettings.channel")
    custom = _text(snippet, "customUrl", "snippet.customUrl")
    hidden = statistics.get("hiddenSubscriberCount") is True
    return {
        "platform": PLATFORM,
        "id": channel_id,
        "handle": custom[1:] if custom and custom.startswith("@") and len(custom) > 1 else None,
        "name": _text(snippet, "title", "snippet.title")
        or _text(branding, "title", "brandingSettings.channel.title"),
        "followers": None
        if hidden
        else _count(statistics.get("subscriberCount"), "statistics.subscriberCount"),
        "posts": _count(statistics.get("videoCount"), "statistics.videoCount"),
        "description": _text(snippet, "description", "snippet.description")
        or _text(branding, "description", "brandingSettings.channel.description"),
        "location": _text(snippet, "country", "snippet.country")
        or _text(branding, "country", "brandingSettings.channel.country"),
        "created_at": _time(snippet.get("publishedAt"), "snippet.publishedAt"),
        "url": _channel_url(channel_id),
    }


def _search_channel(data: dict[str, Any]) -> dict[str, Any]:
    found = _obj(data, "id", "id")
    snippet = _obj(data, "snippet", "snippet")
    channel_id = _id(found.get("channelId"), "id.channelId") or _id(
        snippet.get("channelId"), "snippet.channelId"
    )
    if channel_id is None:
        raise MappingError("expected id.channelId in a channel search result, got nothing")
    title = _text(snippet, "title", "snippet.title")
    description = _text(snippet, "description", "snippet.description")
    return {
        "platform": PLATFORM,
        "id": channel_id,
        "name": html.unescape(title) if title else _text(snippet, "channelTitle", "snippet.channelTitle"),
        "description": html.unescape(description) if description else None,
        "created_at": _time(snippet.get("publishedAt"), "snippet.publishedAt"),
        "url": _channel_url(channel_id),
    }


FORMAT = Format(
    name="youtube",
    platform=PLATFORM,
    description=(
        "YouTube Data API v3 responses (pages or single resources): videos, commentThreads, comments,"
        " search, activities, playlistItems, channels"
    ),
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
