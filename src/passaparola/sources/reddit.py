"""Reddit API responses: listings, comment pages, ``/api/morechildren``, user listings, profiles.

What is read
- ``Listing`` objects (``{kind: Listing, data: {children: [{kind, data}]}}``): subreddit and front-page
  listings, user listings (``/user/NAME/``, comments and submissions mixed), inbox listings, search.
- The comments endpoint's pair ``[submission listing, comment listing]``. Nested ``replies`` listings are
  walked with an explicit stack (threads nest deep; no recursion), parents before children. Every comment
  becomes its own record, stored without its ``replies`` subtree.
- ``/api/morechildren`` responses (``{json: {errors, data: {things: [...]}}}``).
- ``more`` stubs are :class:`Skipped` with the reason ``"N comments not fetched (more stub)"``; empty listings,
  empty ``things`` and API error objects are skipped too. OAuth token bodies are not sniffed.
- ``t2`` accounts (``/user/NAME/about``) become author profiles; ``t4`` private messages become ``message``
  items; other kinds (``t5`` subreddits, ...) are skipped.

Mapping (shared with the Pushshift importer, :mod:`passaparola.sources.pushshift`)
- ids are fullnames: ``t3_xxx`` submissions, ``t1_xxx`` comments, ``t4_xxx`` messages, so ``parent_id``
  (already a fullname in the API) links. Bare ids are given their prefix from the object's kind.
- Submissions are ``post`` (``title``; ``text`` = ``selftext``, null when empty; a link post keeps its link
  in ``urls``; ``replies`` = ``num_comments``). A crosspost (``crosspost_parent``) is a ``share`` whose
  ``shared_id`` is the original submission; its counters are its own (votes and comments on the crosspost),
  so they are kept.
- Comments are ``reply``: ``parent_id`` = the parent's fullname, ``root_id`` = ``link_id`` (the submission).
  The API has no reply counter on comments: ``replies`` is null, never 0.
- ``likes`` is Reddit's vote count: ``ups`` when present, else ``score``. Both are *net* votes (upvotes minus
  downvotes; Reddit reports ``downs`` as 0 and ``ups`` equal to ``score``). A negative net count is no count
  of likes: ``likes`` is then null, and so is it when a comment's score is hidden (``score_hidden``: the API
  then reports a placeholder). A submission's ``hide_score`` only hides it on the site: the API still
  gives the real count, which is kept. The signed ``score`` is always kept in ``extra``.
- Authors: Reddit usernames are unique and cannot be changed, and they are the only author key every Reddit
  source carries (the 2016-era API and early Pushshift dumps have no ``author_fullname``), so ``author_id``
  and ``author_handle`` are both the username; ``author_fullname`` (``t2_...``) goes to ``extra``. A deleted
  account (``[deleted]``) is kept as ``author_id`` null and ``author_handle`` ``"[deleted]"``: the item stays,
  its author is unknown (no author snapshot is written).
- Deleted and removed content: a body or selftext of ``[deleted]`` (deleted by its author) or ``[removed]``
  (removed by moderators or Reddit) is Reddit's placeholder, not text: ``text`` is null and ``extra`` gets
  ``deleted: true`` or ``removed: true`` (also from ``removed_by_category`` and Arctic Shift's ``_meta``).
- Text is Reddit markdown as published. Responses requested without ``raw_json=1`` escape ``&``, ``<`` and
  ``>`` as HTML entities (Pushshift dumps often do too); such text is unescaped. A record from a request
  with ``raw_json=1`` is never touched; otherwise text is unescaped only when every ``&`` in it starts one of
  the three entities and it holds no bare ``<`` or ``>`` (escaped text cannot).
- ``mentions`` are the ``u/name`` references in the text (Reddit's mention; ``@`` notifies nobody there),
  lower-cased. ``urls`` are the link of a link post plus the URLs in the text, read through markdown link
  syntax. ``hashtags`` are left to enrichment.
- ``created_at`` from ``created_utc`` (``created`` is a local-time legacy field and is ignored); ``url`` is
  ``https://www.reddit.com`` + ``permalink`` (built from the ids when a dump lacks it); ``promoted`` is the
  ``promoted`` key when present, else null. ``extra`` holds subreddit, subreddit_id, distinguished,
  stickied, over_18, locked, edited, score, upvote_ratio, author_fullname, crosspost_parent and the
  deleted/removed flags.

Records are located by ``line``: in a single JSON document (an API response) it is the 1-based position of
the thing in document order (submission, then comments depth-first); in JSON Lines it is the line number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import (
    MappingError,
    count,
    links_in,
    parse_time,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_document

PLATFORM = "reddit"
WWW = "https://www.reddit.com"

ITEM_KINDS = ("t1", "t3", "t4")
_THING_KINDS = ("t1", "t2", "t3", "t4", "t5", "t6", "more")
_PREFIXES = ("t1_", "t2_", "t3_", "t4_", "t5_", "t6_")
_BASE36 = re.compile(r"[0-9a-z]{1,16}")
_LISTING_HEAD = re.compile(rb'^\s*\[?\s*\{\s*"kind"\s*:\s*"(?:Listing|t[1-6]|more)"')
_PLACEHOLDERS = {"[deleted]": "deleted", "[removed]": "removed"}
_U_MENTION = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})(?![\w-])")
_MD_LINK = re.compile(r"\]\(\s*<?(https?://(?:[^()\s<>]|\([^()\s<>]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)")
_NOT_AN_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")
#: ``removed_by_category`` values that mean the author deleted the thing (the others are removals)
_DELETED_CATEGORIES = ("deleted", "author")


# --- sniffing -----------------------------------------------------------------------------------


def is_reddit_value(value: Any) -> bool:
    """A Reddit API response body: a Listing, a comments page pair, a thing, or a morechildren reply."""
    if isinstance(value, list):
        return any(is_reddit_value(v) for v in value[:2] if isinstance(v, dict))
    if not isinstance(value, dict):
        return False
    kind = value.get("kind")
    data = value.get("data")
    if kind == "Listing":
        return isinstance(data, dict) and isinstance(data.get("children"), list)
    if kind in _THING_KINDS:
        return isinstance(data, dict)
    body = value.get("json")
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        return isinstance(body["data"].get("things"), list)
    return False


def sniff(peek: Peek) -> bool:
    hint = peek.hint
    if "/access_token" in hint:
        return False
    try:
        if is_reddit_value(peek.sample):
            return True
        # a response too large for the sampled head still starts with its kind
        return peek.sample is None and bool(_LISTING_HEAD.match(peek.head[:256]))
    except Exception:
        return False


# --- records --------------------------------------------------------------------------------------


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    context = {"raw_json": True} if "raw_json=1" in (entry.hint or "") else None
    single, values = json_document(entry)
    position = 0
    for value in values:
        if isinstance(value, Reject):
            yield value
            continue
        line, document = value
        for output in walk(document, context):
            if single:
                position += 1
                output.line = position
            else:
                output.line = line
            yield output


def walk(document: Any, context: dict[str, Any] | None = None) -> Iterator[Output]:
    """Every thing in one parsed response, depth-first with parents first; ``line`` is left at 0.

    ``context`` is stored in each record under ``_pp`` (``{"raw_json": true}`` for bodies requested with
    ``raw_json=1``). Uses an explicit stack: reply trees may nest deeper than Python's recursion limit.
    """
    stack: list[tuple[Any, bool]] = [(document, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, list):
            if not top:
                yield Reject(
                    0, "expected a Reddit thing {kind, data} inside a listing, got a list", record_bytes(node)
                )
                continue
            if not node:
                yield Skipped(0, "empty response")
            stack.extend((child, False) for child in reversed(node))
            continue
        if not isinstance(node, dict):
            yield Reject(
                0, f"expected a Reddit Listing or thing, got {type(node).__name__}", record_bytes(node)
            )
            continue
        kind = node.get("kind")
        data = node.get("data")
        if kind == "Listing":
            children = data.get("children") if isinstance(data, dict) else None
            if not isinstance(children, list):
                yield Reject(0, "expected a Listing with a 'data.children' list", record_bytes(node))
            elif not children:
                yield Skipped(0, "empty listing")
            else:
                stack.extend((child, False) for child in reversed(children))
            continue
        if "json" in node and kind is None:
            yield from _api_response(node, stack)
            continue
        if not isinstance(kind, str) or kind == "":
            if "error" in node or "message" in node:
                yield Skipped(0, _error_reason(node))
            else:
                keys = ", ".join(sorted(str(k) for k in node)[:8])
                yield Reject(
                    0, f"expected a Reddit thing with 'kind' and 'data', got keys {keys}", record_bytes(node)
                )
            continue
        if not isinstance(data, dict):
            yield Reject(0, f"expected 'data' to be an object in a {kind} thing", record_bytes(node))
            continue
        if kind == "more":
            yield Skipped(0, f"{more_count(data)} comments not fetched (more stub)")
            continue
        if kind not in ITEM_KINDS and kind != "t2":
            yield Skipped(0, f"Reddit {kind[:20]} object is not an item")
            continue
        stored: dict[str, Any] = {"kind": kind, "data": {k: v for k, v in data.items() if k != "replies"}}
        if context:
            stored["_pp"] = context
        if storable(stored):
            yield Record(stored, 0, "author" if kind == "t2" else "item")
        else:
            yield Reject(0, f"Reddit {kind} thing cannot be stored (nested too deeply or a number too large)")
        replies = data.get("replies")
        if isinstance(replies, dict):
            stack.append((replies, False))


def _api_response(node: dict[str, Any], stack: list[tuple[Any, bool]]) -> Iterator[Output]:
    """A ``{json: {errors, data}}`` reply: morechildren things, or errors."""
    body = node.get("json")
    if not isinstance(body, dict):
        yield Reject(0, "expected 'json' to be an object in a Reddit API response", record_bytes(node))
        return
    errors = body.get("errors")
    if errors:
        yield Skipped(0, f"API error response: {str(errors)[:160]}")
        return
    data = body.get("data")
    things = data.get("things") if isinstance(data, dict) else None
    if isinstance(things, list) and things:
        stack.extend((thing, False) for thing in reversed(things))
    elif isinstance(things, list):
        yield Skipped(0, "empty morechildren response")
    else:
        yield Skipped(0, "API response without things")


def _error_reason(node: dict[str, Any]) -> str:
    parts = [str(node.get(key)) for key in ("error", "message", "reason") if node.get(key) is not None]
    return f"API error response: {' '.join(parts)}"[:200]


def more_count(data: dict[str, Any]) -> int:
    number = data.get("count")
    if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
        return number
    children = data.get("children")
    return len(children) if isinstance(children, list) else 0


def storable(value: Any) -> bool:
    """Whether the record can be serialised for storage (orjson refuses deep nesting and huge ints)."""
    try:
        orjson.dumps(value)
    except TypeError:
        return False
    return True


# --- mapping --------------------------------------------------------------------------------------


def map_item(record: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise MappingError(f"expected a Reddit thing object, got {type(record).__name__}")
    data = record.get("data")
    if not isinstance(data, dict):
        raise MappingError(f"expected a Reddit thing with a 'data' object, got {type(data).__name__}")
    context = record.get("_pp")
    raw_json = isinstance(context, dict) and context.get("raw_json") is True
    return map_thing(record.get("kind"), data, raw_json=raw_json)


def map_thing(kind: Any, data: dict[str, Any], *, raw_json: bool = False) -> dict[str, Any]:
    """One Reddit thing's ``data`` (API child or Pushshift line) as a canonical item."""
    if kind == "t3":
        return _submission(data, raw_json)
    if kind == "t1":
        return _comment(data, raw_json)
    if kind == "t4":
        return _message(data, raw_json)
    raise MappingError(f"expected a Reddit submission (t3), comment (t1) or message (t4), got kind {kind!r}")


def _submission(data: dict[str, Any], raw_json: bool) -> dict[str, Any]:
    fullname, short = fullname_of("t3", data)
    item = _common(fullname, data)
    title = _unescape(_text(data, "title"), raw_json)
    text, state = _body(data, "selftext", raw_json)
    link = _link(data, short)
    crosspost = _text(data, "crosspost_parent")
    if crosspost is not None and not crosspost.startswith("t3_"):
        crosspost = None
    item.update(
        kind="share" if crosspost else "post",
        title=title,
        text=text,
        shared_id=crosspost,
        mentions=_mentions(text, title),
        urls=_urls(text, link),
        replies=_count(data, "num_comments"),
        url=_permalink(data) or f"{WWW}{_subreddit_path(data)}/comments/{short}/",
    )
    _set_state(item, state)
    return item


def _comment(data: dict[str, Any], raw_json: bool) -> dict[str, Any]:
    fullname, short = fullname_of("t1", data)
    item = _common(fullname, data)
    text, state = _body(data, "body", raw_json)
    link_id = _reference(data, "link_id", "t3_")
    if link_id is None:
        link_id = _link_from_context(data)
    parent = _text(data, "parent_id") or None
    if parent is not None and parent.startswith(_PREFIXES):
        if not _BASE36.fullmatch(parent[3:]):
            raise MappingError(f"expected a fullname in 'parent_id', got {parent[:40]!r}")
    elif parent is not None:
        # a bare parent id: the submission when it is the link, else a comment
        parent = _bare_to_fullname(parent, "parent_id")
        parent = link_id if link_id == f"t3_{parent}" else f"t1_{parent}"
    url = _permalink(data)
    if url is None and link_id is not None:
        url = f"{WWW}{_subreddit_path(data)}/comments/{link_id[3:]}/_/{short}/"
    item.update(
        kind="reply",
        text=text,
        parent_id=parent,
        root_id=link_id,
        mentions=_mentions(text),
        urls=_urls(text, None),
        replies=None,
        url=url,
    )
    _set_state(item, state)
    return item


def _message(data: dict[str, Any], raw_json: bool) -> dict[str, Any]:
    fullname, short = fullname_of("t4", data)
    item = _common(fullname, data)
    text, state = _body(data, "body", raw_json)
    subject = _unescape(_text(data, "subject"), raw_json)
    parent = _reference(data, "parent_id", "t4_")
    root = _reference(data, "first_message_name", "t4_")
    item.update(
        kind="message",
        title=subject,
        text=text,
        parent_id=parent,
        root_id=root,
        mentions=_mentions(text),
        urls=_urls(text, None),
        url=f"{WWW}/message/messages/{short}",
    )
    dest = _text(data, "dest")
    if dest is not None:
        item["extra"]["dest"] = dest
    _set_state(item, state)
    return item


def _common(fullname: str, data: dict[str, Any]) -> dict[str, Any]:
    author = _text(data, "author")
    author_id = None if author in (None, "", "[deleted]") else author
    created = _time(data, "created_utc")
    fullname_author = _text(data, "author_fullname")
    extra: dict[str, Any] = {}
    for key in ("subreddit", "subreddit_id", "distinguished", "stickied", "over_18", "locked"):
        _scalar_into(extra, key, data.get(key))
    _scalar_into(extra, "score", data.get("score"))
    _scalar_into(extra, "upvote_ratio", data.get("upvote_ratio"))
    if fullname_author:
        extra["author_fullname"] = fullname_author[:40]
    edited = data.get("edited")
    if edited is True:
        extra["edited"] = True
    elif isinstance(edited, int | float) and not isinstance(edited, bool) and edited > 0:
        try:
            extra["edited"] = parse_time(edited).isoformat()  # type: ignore[union-attr]
        except MappingError:
            pass
    crosspost = data.get("crosspost_parent")
    if isinstance(crosspost, str) and crosspost:
        extra["crosspost_parent"] = crosspost[:40]
    _removal_into(extra, data)
    promoted = data.get("promoted")
    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": fullname,
        "created_at": created,
        "author_id": author_id,
        "author_handle": author or None,
        "likes": _likes(data),
        "promoted": promoted if isinstance(promoted, bool) else None,
        "extra": extra,
    }
    if author_id is not None:
        item["_author"] = {
            "url": f"{WWW}/user/{author_id}/",
            "created_at": _time(data, "author_created_utc", strict=False),
        }
    return item


def _set_state(item: dict[str, Any], body_state: str | None) -> None:
    """Add the placeholder text's deleted/removed flag to ``extra`` and serialise it."""
    extra: dict[str, Any] = item["extra"]
    if body_state:
        extra[body_state] = True
    item["extra"] = orjson.dumps(extra).decode() if extra else None


def _removal_into(extra: dict[str, Any], data: dict[str, Any]) -> None:
    """Deleted/removed flags from ``removed_by_category``, ``removed`` and Arctic Shift's ``_meta``."""
    category = data.get("removed_by_category")
    if isinstance(category, str) and category:
        extra["removed_by_category"] = category[:40]
        extra["deleted" if category in _DELETED_CATEGORIES else "removed"] = True
    if data.get("removed") is True:
        extra["removed"] = True
    meta = data.get("_meta")
    if isinstance(meta, dict):
        if meta.get("was_deleted_later") is True:
            extra["deleted_later"] = True
        removal = meta.get("removal_type")
        if isinstance(removal, str) and removal:
            extra["removal_type"] = removal[:40]


def fullname_of(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    """The thing's fullname (``t1_abc``) and short id (``abc``), from ``name`` or ``id``."""
    prefix = f"{kind}_"
    name = data.get("name")
    if isinstance(name, str) and name.startswith(prefix) and _BASE36.fullmatch(name[3:]):
        return name, name[3:]
    value = data.get("id")
    if value is None or value == "":
        if name is not None:
            raise MappingError(f"expected 'name' to be a {prefix} fullname, got {str(name)[:40]!r}")
        raise MappingError(f"expected a Reddit id in 'id' or 'name', got neither ({prefix} object)")
    if not isinstance(value, str):
        raise MappingError(f"expected 'id' to be a base-36 string, got {type(value).__name__}")
    short = value[3:] if value.startswith(prefix) else value
    if not _BASE36.fullmatch(short):
        raise MappingError(f"expected 'id' to be a base-36 Reddit id, got {value[:40]!r}")
    return prefix + short, short


def _bare_to_fullname(value: str, key: str) -> str:
    if not _BASE36.fullmatch(value):
        raise MappingError(f"expected a fullname or base-36 id in '{key}', got {value[:40]!r}")
    return value


def _reference(data: dict[str, Any], key: str, prefix: str) -> str | None:
    value = _text(data, key)
    if value is None or value == "":
        return None
    if value.startswith(prefix):
        if not _BASE36.fullmatch(value[3:]):
            raise MappingError(f"expected a {prefix} fullname in '{key}', got {value[:40]!r}")
        return value
    if value.startswith(_PREFIXES):
        raise MappingError(f"expected a {prefix} fullname in '{key}', got {value[:40]!r}")
    return prefix + _bare_to_fullname(value, key)


_CONTEXT_LINK = re.compile(r"/comments/([0-9a-z]{1,16})/")


def _link_from_context(data: dict[str, Any]) -> str | None:
    """Inbox comment replies carry ``context`` (a permalink) instead of ``link_id``."""
    context = data.get("context")
    if isinstance(context, str):
        match = _CONTEXT_LINK.search(context)
        if match:
            return f"t3_{match.group(1)}"
    return None


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected text in '{key}', got {type(value).__name__}")
    return value


def _body(data: dict[str, Any], key: str, raw_json: bool) -> tuple[str | None, str | None]:
    """The text and, for Reddit's placeholders, the state they stand for (``deleted``/``removed``)."""
    text = _unescape(_text(data, key), raw_json)
    if text is None or text == "":
        return None, None
    state = _PLACEHOLDERS.get(text.strip())
    if state:
        return None, state
    return text, None


def _unescape(text: str | None, raw_json: bool) -> str | None:
    if text is None or raw_json or "&" not in text:
        return text
    if "<" in text or ">" in text or _NOT_AN_ENTITY.search(text):
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _time(data: dict[str, Any], key: str, *, strict: bool = True):
    try:
        return parse_time(data.get(key))
    except MappingError as exc:
        if not strict:
            return None
        raise MappingError(f"'{key}': {exc}") from None


def _count(data: dict[str, Any], key: str) -> int | None:
    try:
        return count(data.get(key))
    except MappingError as exc:
        raise MappingError(f"'{key}': {exc}") from None


def _likes(data: dict[str, Any]) -> int | None:
    if data.get("score_hidden") is True:
        return None  # a comment's hidden score is reported as a placeholder (1)
    key = "ups" if data.get("ups") is not None else "score"
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        return None  # net votes below zero: no count of likes
    return _count(data, key)


def _scalar_into(extra: dict[str, Any], key: str, value: Any) -> None:
    """Keep a JSON scalar in ``extra`` (other shapes are dropped: extra is a small record of facts)."""
    if value is None:
        return
    if isinstance(value, str):
        value = value[:200]
    elif isinstance(value, int) and not isinstance(value, bool):
        if not -(2**63) <= value < 2**63:
            return
    elif isinstance(value, float):
        if not math.isfinite(value):
            return
    elif not isinstance(value, bool):
        return
    extra[key] = value


def _subreddit_path(data: dict[str, Any]) -> str:
    name = data.get("subreddit")
    if isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_]{1,64}", name):
        return f"/r/{name}"
    return ""


def _permalink(data: dict[str, Any]) -> str | None:
    value = data.get("permalink")
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("/"):
        return WWW + value
    if value.startswith(("https://", "http://")):
        return value
    return None


def _link(data: dict[str, Any], short: str) -> str | None:
    """The target of a link post (None for self posts and links to the submission itself)."""
    if data.get("is_self") is True:
        return None
    domain = data.get("domain")
    if isinstance(domain, str) and domain.startswith("self."):
        return None
    url = data.get("url")
    if not isinstance(url, str) or not url:
        return None
    if url.startswith("/"):
        url = WWW + url
    if not url.startswith(("http://", "https://")):
        return None
    if f"/comments/{short}/" in url:
        return None  # a self post's url is its own permalink
    return url


def _mentions(*texts: str | None) -> list[str] | None:
    present = [t for t in texts if t]
    if not present:
        return None
    found: list[str] = []
    for text in present:
        found.extend(name.lower() for name in _U_MENTION.findall(text))
    return list(dict.fromkeys(found))


def _urls(text: str | None, link: str | None) -> list[str] | None:
    if text is None and link is None:
        return None
    found = [link] if link else []
    if text:
        # markdown links first ([label](https://...), balanced parentheses allowed), then bare URLs
        found.extend(_MD_LINK.findall(text))
        rest = _MD_LINK.sub("] ", text).replace("[", " ").replace("]", " ")
        found.extend(links_in(rest))
    return list(dict.fromkeys(found))


# --- author profiles ------------------------------------------------------------------------------


def map_author(record: dict[str, Any]) -> dict[str, Any]:
    """A ``t2`` account (``/user/NAME/about``): username as id, like ``author_id`` on items."""
    data = record.get("data") if isinstance(record, dict) else None
    if not isinstance(data, dict):
        raise MappingError("expected a Reddit t2 account with a 'data' object")
    name = _text(data, "name")
    if not name or name == "[deleted]":
        raise MappingError("expected a username in 'name' of a t2 account")
    profile = data.get("subreddit") if isinstance(data.get("subreddit"), dict) else {}
    title = profile.get("title")
    description = profile.get("public_description")
    return {
        "platform": PLATFORM,
        "id": name,
        "handle": name,
        "name": title if isinstance(title, str) and title else None,
        "followers": _count(profile, "subscribers") if profile else None,
        "following": None,
        "posts": None,
        "verified": None,
        "description": description if isinstance(description, str) and description else None,
        "location": None,
        "created_at": _time(data, "created_utc"),
        "url": f"{WWW}/user/{name}/",
    }


FORMAT = Format(
    name="reddit",
    platform=PLATFORM,
    description="Reddit API responses: listings, comment pages with nested replies, morechildren, user listings",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
