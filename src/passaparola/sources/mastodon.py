"""Mastodon REST API responses (``/api/v1/...``, ``/api/v2/...``), as recorded or saved by hand.

Every shape the API returns statuses in is understood: a single status, a list of statuses (home,
list, hashtag and public timelines, favourites, bookmarks, ``/quotes``), a thread ``context``
(``{ancestors, descendants}``), search results (``{accounts, statuses, hashtags}``), notifications
(v1, each with an optional ``status``, and v2 grouped ones), and conversations (``last_status``).
Lists of accounts (``reblogged_by``, ``favourited_by``, account search, ``verify_credentials``)
become author snapshots.

Mapping decisions:

- Ids are server-local: ``id`` is the status id on the server that answered; the ActivityPub
  ``uri`` (the global id) and that server's host go in ``extra``. The host comes from the request
  line of a recording (``entry.hint``) or, for a saved file, from the ``uri`` of a local status.
- A reblog is its own item of kind ``share`` with ``shared_id`` = the reblogged status, which is
  yielded as its own record. The wrapper's counters, text and entity lists are not its own: null.
- A quote (Mastodon 4.4+ ``quote: {state, quoted_status}``, the shallow ``{state,
  quoted_status_id}``, or the older Fedibird/Akkoma ``quote: Status``) is kind ``quote`` with
  ``shared_id`` the quoted status when known; an included quoted status is its own record. The
  ``<p class="quote-inline">RE: ...</p>`` fallback Mastodon puts in ``content`` is not part of the
  text (clients hide it; the status source does not contain it).
- Kind precedence: ``share`` > ``message`` (visibility ``direct``) > ``quote`` > ``reply`` > ``post``;
  ``parent_id`` and ``shared_id`` are set whatever the kind.
- ``spoiler_text`` (the content warning) is the ``title``: the author's own line shown before the
  text, and worth searching on. ``sensitive`` stays in ``extra``.
- A status answered to ``DELETE /api/v1/statuses/:id`` carries its source ``text`` instead of the
  HTML ``content``; it is imported (it was posted) and marked ``deleted`` in ``extra``.
- In a thread ``context`` whose ancestors reach the root (the first ancestor replies to nothing),
  every status gets that root as ``root_id``; with no ancestors, the requested status is the root.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import orjson

from passaparola.canonical import (
    MappingError,
    count,
    html_to_text,
    ident,
    parse_time,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_document

PLATFORM = "mastodon"
#: How deep embedded statuses (reblog -> quote -> quote...) are followed into records of their own.
MAX_EMBED_DEPTH = 6

_API_PATH = re.compile(
    r"/api/v[12]/(?:statuses|timelines|notifications|conversations|accounts|favourites|bookmarks|"
    r"trends|lists|instance|search|tags|followed_tags|markers|polls|follow_requests|blocks|mutes|"
    r"endorsements|featured_tags|directory|suggestions|scheduled_statuses|announcements|filters|"
    r"preferences|domain_blocks|custom_emojis|reports|apps|profile|admin|grouped_notifications)"
    r"(?:[/?#]|$)"
)
_STATUS_PATH = re.compile(r"/api/v1/statuses/([^/?#]+)(/context)?/?$")
_HTTP_ERROR = re.compile(r" -> HTTP (\d+)\s*$")
_ANCHOR = re.compile(r"<a\s([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_QUOTE_INLINE = re.compile(
    r"<p\b[^>]*\bclass\s*=\s*[\"'][^\"']*\bquote-inline\b[^\"']*[\"'][^>]*>.*?</p>", re.S | re.I
)


# --- request hints ------------------------------------------------------------------------------


def _parse_hint(hint: str) -> tuple[str, str, str, int | None]:
    """``(method, host, path, error code)`` of a recorded request line; empty strings when absent."""
    error = _HTTP_ERROR.search(hint)
    code = int(error.group(1)) if error else None
    line = hint[: error.start()] if error else hint
    method, _, uri = line.strip().partition(" ")
    try:
        parts = urlsplit(uri.strip())
        host = parts.netloc.lower().rpartition("@")[2]
        path = parts.path
    except ValueError:
        host, path = "", ""
    return method.upper(), host, path, code


def _is_api_hint(hint: str) -> bool:
    if not hint:
        return False
    _, _, path, _ = _parse_hint(hint)
    return bool(_API_PATH.search(path))


# --- shapes ---------------------------------------------------------------------------------------


def _is_account(d: Any) -> bool:
    return isinstance(d, dict) and isinstance(d.get("acct"), str) and "username" in d and "id" in d


def _is_status(d: Any) -> bool:
    return (
        isinstance(d, dict)
        and "id" in d
        and _is_account(d.get("account"))
        and any(k in d for k in ("content", "text", "reblog", "visibility", "uri"))
    )


def _is_notification(d: dict) -> bool:
    return (
        isinstance(d.get("type"), str)
        and _is_account(d.get("account"))
        and "visibility" not in d
        and "content" not in d
    )


def _shape(d: Any) -> str | None:
    """What kind of Mastodon object this is, or ``None`` when it is not one we know."""
    if not isinstance(d, dict):
        return None
    if _is_status(d):
        return "status"
    if _is_account(d):
        return "account"
    if "ancestors" in d and "descendants" in d:
        return "context"
    if "notification_groups" in d:
        return "grouped"
    if "statuses" in d and "accounts" in d and "hashtags" in d:
        return "search"
    if "last_status" in d and "accounts" in d:
        return "conversation"
    if _is_notification(d):
        return "notification"
    return None


def sniff(peek: Peek) -> bool:
    try:
        first = peek.first_record()
        if first is not None and _shape(first) is not None:
            return True
        # Bodies with no item in them (an empty page, a relationship, instance metadata, an API
        # error) are still Mastodon's when the recorded request says so.
        return _is_api_hint(peek.hint) and peek.sample is not None
    except Exception:
        return False


# --- records --------------------------------------------------------------------------------------


def _other_reason(d: dict) -> str:
    if not d:
        return "empty object"
    if "error" in d:
        return "API error response"
    if "following" in d and "followed_by" in d:
        return "relationship, not an item"
    if ("domain" in d or "uri" in d) and ("configuration" in d or "registrations" in d or "stats" in d):
        return "instance metadata"
    if "name" in d and "url" in d and ("history" in d or "following" in d):
        return "hashtag, not an item"
    if "title" in d and "replies_policy" in d:
        return "list metadata"
    return "not a Mastodon status or account"


class _Reader:
    def __init__(self, entry: Entry):
        method, host, path, code = _parse_hint(entry.hint or "")
        self.error = code is not None and not (200 <= code < 300)
        self.server = host or None
        match = _STATUS_PATH.search(path)
        self.deleted = method == "DELETE" and match is not None and not match.group(2)
        self.context_of = match.group(1) if match and match.group(2) else None

    def pp(self, **more: Any) -> dict[str, Any]:
        pp: dict[str, Any] = {}
        if self.server:
            pp["server"] = self.server
        pp.update({k: v for k, v in more.items() if v is not None})
        return pp

    def status(self, d: Any, line: int, depth: int = 0, **more: Any) -> Iterator[Output]:
        """The status as a record, then the statuses embedded in it (reblogged, quoted)."""
        if not isinstance(d, dict):
            yield Reject(line, f"expected a status object, got {type(d).__name__}", record_bytes(d))
            return
        record = dict(d)
        pp = self.pp(deleted=True if self.deleted and depth == 0 else None, **more)
        if pp:
            record["_pp"] = pp
        yield Record(record, line)
        if depth >= MAX_EMBED_DEPTH:
            return
        reblog = d.get("reblog")
        if isinstance(reblog, dict):
            yield from self.status(reblog, line, depth + 1)
        quoted = _quoted_status(d.get("quote"))
        if quoted is not None:
            yield from self.status(quoted, line, depth + 1)

    def accounts(self, values: Any, line: int) -> Iterator[Output]:
        if not isinstance(values, list):
            if values is not None:
                yield Reject(
                    line, f"expected a list of accounts, got {type(values).__name__}", record_bytes(values)
                )
            return
        for value in values:
            if isinstance(value, dict):
                yield Record(value, line, type="author")
            else:
                yield Reject(
                    line, f"expected an account object, got {type(value).__name__}", record_bytes(value)
                )

    def statuses(self, values: Any, line: int, **more: Any) -> Iterator[Output]:
        if not isinstance(values, list):
            if values is not None:
                yield Reject(
                    line, f"expected a list of statuses, got {type(values).__name__}", record_bytes(values)
                )
            return
        for value in values:
            yield from self.status(value, line, **more)

    def context(self, d: dict, line: int) -> Iterator[Output]:
        ancestors, descendants = d.get("ancestors"), d.get("descendants")
        if not ancestors and not descendants:
            yield Skipped(line, "empty thread context")
            return
        root = None
        if isinstance(ancestors, list) and ancestors:
            first = ancestors[0]
            if isinstance(first, dict) and first.get("in_reply_to_id") is None:
                root = first.get("id") if isinstance(first.get("id"), str | int) else None
        elif ancestors == [] and self.context_of is not None:
            root = self.context_of
        root_id = str(root) if root is not None else None
        yield from self.statuses(ancestors, line, root_id=root_id)
        yield from self.statuses(descendants, line, root_id=root_id)

    def value(self, d: Any, line: int) -> Iterator[Output]:
        """One top-level value (a whole body, a JSON line or an element of a page)."""
        if isinstance(d, list):
            if not d:
                yield Skipped(line, "empty page")
            for element in d:
                yield from self.element(element, line)
            return
        yield from self.element(d, line)

    def element(self, d: Any, line: int) -> Iterator[Output]:
        if not isinstance(d, dict):
            yield Reject(line, f"expected a Mastodon object, got {type(d).__name__}", record_bytes(d))
            return
        shape = _shape(d)
        if shape == "status":
            yield from self.status(d, line)
        elif shape == "account":
            yield Record(d, line, type="author")
        elif shape == "context":
            yield from self.context(d, line)
        elif shape == "search" or shape == "grouped":
            if not d.get("statuses") and not d.get("accounts") and not d.get("partial_accounts"):
                yield Skipped(line, "search result without statuses or accounts")
                return
            yield from self.accounts(d.get("accounts"), line)
            yield from self.accounts(d.get("partial_accounts"), line)
            yield from self.statuses(d.get("statuses"), line)
        elif shape == "conversation":
            yield from self.accounts(d.get("accounts"), line)
            last = d.get("last_status")
            if last is not None:
                conversation = d.get("id") if isinstance(d.get("id"), str | int) else None
                yield from self.status(
                    last, line, conversation_id=str(conversation) if conversation is not None else None
                )
        elif shape == "notification":
            yield Record(d["account"], line, type="author")
            if d.get("status") is not None:
                yield from self.status(d["status"], line)
        else:
            yield Skipped(line, _other_reason(d))


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    reader = _Reader(entry)
    if reader.error:
        yield Skipped(1, "API error response")
        return
    single, values = json_document(entry)
    for found in values:
        if isinstance(found, Reject):
            yield found
            continue
        line, value = found
        if single and isinstance(value, list):
            # One JSON document holding a page: locate records by their element index.
            if not value:
                yield Skipped(line, "empty page")
            for index, element in enumerate(value, 1):
                yield from reader.element(element, index)
        else:
            yield from reader.value(value, line)


def _quoted_status(quote: Any) -> dict | None:
    """The status included in a ``quote`` field, if any (Mastodon 4.4+ or Fedibird/Akkoma style)."""
    if not isinstance(quote, dict):
        return None
    quoted = quote.get("quoted_status")
    if isinstance(quoted, dict):
        return quoted
    if "account" in quote and "id" in quote:
        return quote
    return None


# --- mapping helpers (shared with the outbox format) ------------------------------------------------


def field_text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected text in {key}, got {type(value).__name__}")
    return value


def field_count(data: dict, key: str) -> int | None:
    try:
        return count(data.get(key))
    except MappingError as exc:
        raise MappingError(f"{key}: {exc}") from None


def field_time(data: dict, key: str):
    try:
        return parse_time(data.get(key))
    except MappingError as exc:
        raise MappingError(f"{key}: {exc}") from None


def field_id(data: dict, key: str) -> str | None:
    try:
        return ident(data.get(key))
    except MappingError as exc:
        raise MappingError(f"{key}: {exc}") from None


def language(value: Any) -> str | None:
    """A language tag as its lower-case primary subtag (``pt-BR`` -> ``pt``); ``und`` -> None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected a language tag, got {type(value).__name__}")
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    if not primary or primary == "und":
        return None
    return primary


def strip_quote_fallback(markup: str) -> str:
    """Drop the ``<p class="quote-inline">RE: <link></p>`` Mastodon adds for clients without quotes."""
    if "quote-inline" not in markup:
        return markup
    return _QUOTE_INLINE.sub("", markup)


def content_text(markup: str | None) -> str | None:
    """Visible text of status HTML, without the quote fallback; empty text is None."""
    if markup is None:
        return None
    text = html_to_text(strip_quote_fallback(markup))
    return text or None


def content_links(markup: str | None) -> list[str]:
    """Links in status HTML that are not mentions or hashtags (nor the quote fallback).

    Mastodon sanitises all status HTML (its own and remote) to a small well-formed subset, so the
    anchors are read with a pattern rather than a second HTML parse."""
    if not markup or "<a" not in markup.lower():
        return []
    links = []
    for tag in _ANCHOR.findall(strip_quote_fallback(markup)):
        attrs = {k.lower(): html.unescape(a if a else b) for k, a, b in _ATTR.findall(tag)}
        classes = attrs.get("class", "").lower().split()
        rel = attrs.get("rel", "").lower().split()
        if "mention" in classes or "hashtag" in classes or "tag" in rel:
            continue
        href = attrs.get("href", "").strip()
        if href.lower().startswith(("http://", "https://")):
            links.append(href)
    return links


def host_of(uri: Any) -> str | None:
    if not isinstance(uri, str) or not uri:
        return None
    try:
        return urlsplit(uri).netloc.lower().rpartition("@")[2] or None
    except ValueError:
        return None


def compact(values: dict[str, Any]) -> str | None:
    """``extra`` as a small JSON string, without the keys whose value is unknown or empty."""
    kept = {k: v for k, v in values.items() if v is not None and v != [] and v != {}}
    return orjson.dumps(kept).decode() if kept else None


# --- map_item / map_author ------------------------------------------------------------------------


def _account(data: dict) -> dict:
    account = data.get("account")
    if not isinstance(account, dict):
        got = "nothing" if account is None else type(account).__name__
        raise MappingError(f"expected an account object in account, got {got}")
    return account


@lru_cache(maxsize=4096)
def _note_text(note: str) -> str | None:
    """An account's bio as text; cached, as every status of an author repeats it."""
    return content_text(note)


def _author_fields(account: dict) -> dict[str, Any]:
    handle = field_text(account, "acct")
    note = field_text(account, "note")
    return {
        "id": field_id(account, "id"),
        "handle": (handle.lstrip("@") or None) if handle is not None else None,
        "name": field_text(account, "display_name") or None,
        "followers": field_count(account, "followers_count"),
        "following": field_count(account, "following_count"),
        "posts": field_count(account, "statuses_count"),
        "verified": None,
        "description": _note_text(note) if note else None,
        "location": None,
        "created_at": field_time(account, "created_at"),
        "url": field_text(account, "url"),
    }


def map_author(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected an account object, got {type(data).__name__}")
    author = _author_fields(data)
    if author["id"] is None:
        raise MappingError("expected an account id in id, got nothing")
    return {"platform": PLATFORM, **author}


def _entity_list(data: dict, key: str, field: str) -> list[str] | None:
    values = data.get(key)
    if values is None:
        return None
    if not isinstance(values, list):
        raise MappingError(f"expected a list in {key}, got {type(values).__name__}")
    out = []
    for value in values:
        if not isinstance(value, dict):
            raise MappingError(f"expected objects in {key}, got {type(value).__name__}")
        name = value.get(field)
        if name is None:
            continue
        if not isinstance(name, str):
            raise MappingError(f"expected text in {key}[].{field}, got {type(name).__name__}")
        name = name.lstrip("#@").lower()
        if name:
            out.append(name)
    return list(dict.fromkeys(out))


def _quote(data: dict) -> tuple[bool, str | None, str | None]:
    """(is a quote, quoted status id, quote state) from the ``quote`` field."""
    quote = data.get("quote")
    if quote is None:
        return False, None, None
    if not isinstance(quote, dict):
        raise MappingError(f"expected a quote object in quote, got {type(quote).__name__}")
    state = quote.get("state")
    state = state if isinstance(state, str) else None
    quoted = quote.get("quoted_status")
    if isinstance(quoted, dict):
        return True, field_id(quoted, "id"), state
    if quote.get("quoted_status_id") is not None:
        return True, field_id(quote, "quoted_status_id"), state
    if "account" in quote and "id" in quote:  # Fedibird / Akkoma: the quoted status itself
        return True, field_id(quote, "id"), state
    return state is not None, None, state


def _media(data: dict) -> list[dict[str, Any]] | None:
    values = data.get("media_attachments")
    if not isinstance(values, list):
        return None
    media = []
    for value in values:
        if isinstance(value, dict):
            media.append(
                {k: value.get(k) for k in ("type", "url", "description") if isinstance(value.get(k), str)}
            )
    return media or None


def _poll(data: dict) -> dict[str, Any] | None:
    poll = data.get("poll")
    if not isinstance(poll, dict):
        return None
    options = poll.get("options") if isinstance(poll.get("options"), list) else []
    return {
        "options": [
            {"title": o.get("title"), "votes": o.get("votes_count")} for o in options if isinstance(o, dict)
        ],
        "votes": poll.get("votes_count"),
        "voters": poll.get("voters_count"),
        "multiple": poll.get("multiple"),
        "expires_at": poll.get("expires_at"),
    }


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a status object, got {type(data).__name__}")
    pp = data.get("_pp") if isinstance(data.get("_pp"), dict) else {}
    status_id = field_id(data, "id")
    if status_id is None:
        raise MappingError("expected a status id in id, got nothing")
    account = _account(data)
    author = _author_fields(account)
    reblog = data.get("reblog")
    if reblog is not None and not isinstance(reblog, dict):
        raise MappingError(f"expected a status object in reblog, got {type(reblog).__name__}")
    visibility = field_text(data, "visibility")
    parent_id = field_id(data, "in_reply_to_id")
    uri = field_text(data, "uri")
    server = pp.get("server") if isinstance(pp.get("server"), str) else None
    if server is None and author["handle"] is not None and "@" not in author["handle"]:
        server = host_of(uri)

    item: dict[str, Any] = {
        "platform": PLATFORM,
        "id": status_id,
        "created_at": field_time(data, "created_at"),
        "author_id": author["id"],
        "author_handle": author["handle"],
        "author_name": author["name"],
        "author_followers": author["followers"],
        "_author": {k: author[k] for k in ("following", "posts", "description", "created_at", "url")},
        "parent_id": parent_id,
        "root_id": pp.get("root_id") if isinstance(pp.get("root_id"), str) else None,
        "url": field_text(data, "url") or uri,
    }
    extra: dict[str, Any] = {
        "uri": uri,
        "server": server,
        "visibility": visibility,
        "in_reply_to_account_id": field_id(data, "in_reply_to_account_id"),
        "edited_at": field_text(data, "edited_at"),
        "conversation_id": pp.get("conversation_id"),
        "deleted": True if pp.get("deleted") is True else None,
    }

    if reblog is not None:
        item["kind"] = "share"
        item["shared_id"] = field_id(reblog, "id")
        if item["shared_id"] is None:
            raise MappingError("expected a status id in reblog.id, got nothing")
        item["extra"] = compact(extra)
        return item

    is_quote, quoted_id, quote_state = _quote(data)
    if visibility == "direct":
        kind = "message"
    elif is_quote:
        kind = "quote"
    elif parent_id is not None:
        kind = "reply"
    else:
        kind = "post"
    item["kind"] = kind
    item["shared_id"] = quoted_id

    if "content" in data:
        markup = field_text(data, "content")
        item["text"] = content_text(markup)
        links = content_links(markup)
        card = data.get("card")
        if isinstance(card, dict) and isinstance(card.get("url"), str) and card["url"]:
            links.append(card["url"])
        item["urls"] = links
    else:  # the source text (DELETE responses, /source)
        item["text"] = field_text(data, "text") or None
    item["title"] = field_text(data, "spoiler_text") or None
    item["lang"] = language(data.get("language"))
    item["mentions"] = _entity_list(data, "mentions", "acct")
    item["hashtags"] = _entity_list(data, "tags", "name")
    item["likes"] = field_count(data, "favourites_count")
    item["shares"] = field_count(data, "reblogs_count")
    item["replies"] = field_count(data, "replies_count")
    item["quotes"] = field_count(data, "quotes_count")

    application = data.get("application")
    extra.update(
        {
            "sensitive": True if data.get("sensitive") is True else None,
            "quote_state": quote_state,
            "application": application.get("name") if isinstance(application, dict) else None,
            "media": _media(data),
            "poll": _poll(data),
        }
    )
    item["extra"] = compact(extra)
    return item


FORMAT = Format(
    name="mastodon",
    platform=PLATFORM,
    description="Mastodon REST API responses: statuses, timelines, threads, search, notifications, "
    "conversations and account lists (saved JSON or recorded HTTP cassettes)",
    sniff=sniff,
    records=records,
    map_item=map_item,
    map_author=map_author,
)
