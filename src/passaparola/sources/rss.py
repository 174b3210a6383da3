"""RSS 0.9x/1.0/2.0 and Atom feeds (blogs, forums, news sites, comment feeds), read with feedparser.

One feed entry is one record: feedparser's entry dict made JSON-able (its ``*_parsed`` dates become
ISO 8601 UTC strings) with the feed-level context ``map_item`` needs under ``"_pp"``: the feed's
title, link, id, language and author, and the entry's RFC 4685 threading facts normalised whatever
prefix the document bound to the namespace.

Decisions
- ``id``: the entry's ``<guid>`` / ``<atom:id>``; else its link; else ``sha1:`` + the SHA-1 of title,
  published date and text (stable across imports of the same entry; an entry with none of these is
  quarantined). A guid that is not a URI (``<guid isPermaLink="false">12345</guid>``, allowed in
  RSS 2.0) is only unique inside its feed, and ``(platform, id)`` is the key across every feed of a
  workspace, so it is qualified with the feed site's origin: ``https://forum.example#12345``.
  ``thr:in-reply-to`` references are qualified the same way so they still meet their parent.
- ``author_id``: the Atom author ``uri``, else the author e-mail, else the author name (feed entries have
  no numeric user ids; the URI is the only stable identity, the name the last resort). An entry
  without an author takes the feed's author (RFC 4287 section 4.2.1). ``author_handle`` stays null.
- ``kind`` is ``reply`` when the entry says what it replies to (``thr:in-reply-to``, then
  ``parent_id`` is its ``ref``) or when it is a WordPress comment (id or link ending in
  ``#comment-N``); a WordPress comment's ``root_id`` is the post's guid (the id before ``#comment-``).
  WordPress RSS 2.0 comment feeds do not say which comment a comment answers, so their
  ``parent_id`` stays null rather than guessed (the Atom comment feed says, and is used).
- ``text``: the full ``content`` when given, else the ``summary``/``description``; HTML becomes text.
  ``urls`` are the links (``<a href>``) of that HTML when it has any, else null (enrichment then
  reads URLs from the text). Categories become ``hashtags`` (lower-case). ``replies`` is
  ``slash:comments`` or ``thr:total``; a counter that is not a number is left null.
- ``created_at``: published, else updated; a date feedparser could not read leaves ``created_at``
  null and is kept in ``extra["date"]``.
- A feed that is not well-formed XML but still yields entries (feedparser's ``bozo``) is imported,
  and the problem is reported once per file as a :class:`Skipped` line (the summary lists skipped
  reasons); a document that yields no entry at all is one :class:`Reject` with the parser's message.
- ``line`` is the entry's line in the file when the ``<item>``/``<entry>`` tags can be counted
  reliably, else the 1-based entry index.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import orjson

from passaparola.canonical import (
    MappingError,
    canonical_url,
    count,
    html_to_text,
    parse_time,
    tags,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped
from passaparola.sources.inputs import Entry, Peek

THREAD_NS = "http://purl.org/syndication/thread/1.0"
ATOM_NAMESPACES = (b"http://www.w3.org/2005/Atom", b"http://purl.org/atom/ns#")
RSS1_NAMESPACES = (b"http://purl.org/rss/1.0/", b"http://my.netscape.com/rdf/simple/0.9/")
REJECT_RAW_LIMIT = 1 << 16

# --- sniffing -------------------------------------------------------------------------------------

_NAME = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _head_bytes(head: bytes) -> bytes:
    """The document (or its head) as UTF-8-ish bytes: UTF-16 (BOM) is decoded, a UTF-8 BOM dropped."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def _root_element(head: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(prefix, local name, the start tag's text) of the document's root element, or None."""
    pos, end = 0, len(head)
    while pos < end:
        while pos < end and head[pos : pos + 1] in b" \t\r\n":
            pos += 1
        if head.startswith(b"<?", pos):
            close, skip = head.find(b"?>", pos), 2
        elif head.startswith(b"<!--", pos):
            close, skip = head.find(b"-->", pos), 3
        elif head.startswith(b"<!", pos):
            bracket, gt = head.find(b"[", pos), head.find(b">", pos)
            close, skip = (head.find(b"]>", pos), 2) if 0 <= bracket < gt else (gt, 1)
        else:
            match = _NAME.match(head, pos)
            if match is None:
                return None
            gt = head.find(b">", pos)
            tag = head[pos : gt if gt >= 0 else end]
            return (match.group(1) or b""), match.group(2), tag
        if close < 0:
            return None
        pos = close + skip
    return None


def sniff(peek: Peek) -> bool:
    try:
        head = _head_bytes(peek.head[:16384])
        root = _root_element(head)
        if root is None:
            return False
        prefix, name, tag = root
        if name == b"rss" and not prefix:
            return True
        if name == b"feed":
            return any(ns in tag for ns in ATOM_NAMESPACES)
        if name == b"RDF":
            return any(ns in head for ns in RSS1_NAMESPACES)
        return False
    except Exception:
        return False


# --- records ----------------------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    """A feedparser ``*_parsed`` value (a UTC ``time.struct_time``) as ISO 8601 UTC."""
    try:
        return datetime(*tuple(value)[:6]).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, OverflowError):
        return None


def _jsonable(value: Any, depth: int = 0) -> Any:
    if depth > 32:
        return None
    if isinstance(value, time.struct_time):
        return _iso(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            key = str(key)
            out[key] = _iso(item) if key.endswith("_parsed") else _jsonable(item, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return [_jsonable(item, depth + 1) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")


def _entry_lines(data: bytes, n: int) -> list[int] | None:
    """Line of each ``<item>``/``<entry>`` start tag, when there are exactly ``n`` of them."""
    lines, line, last = [], 1, 0
    for match in _ENTRY_TAG.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
        if len(lines) > n:
            return None
    return lines if len(lines) == n else None


def _error_line(exc: Any, data: bytes) -> int:
    get = getattr(exc, "getLineNumber", None)
    try:
        line = int(get()) if get else 1
    except (TypeError, ValueError):
        return 1
    if not _head_bytes(data[:256]).lstrip().startswith(b"<?xml"):
        line -= 1  # feedparser prepends an XML declaration to documents that have none
    return max(line, 1)


def _describe(exc: Any) -> str:
    if exc is None:
        return "unknown problem"
    return f"{type(exc).__name__}: {exc}"[:500]


def _feed_context(feed: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key in ("title", "link", "id", "language", "author", "subtitle"):
        value = feed.get(key)
        if isinstance(value, str) and value:
            context[key] = value
    title_type = (feed.get("title_detail") or {}).get("type")
    if "title" in context and isinstance(title_type, str) and "html" in title_type:
        context["title"] = html_to_text(context["title"])
    detail = feed.get("author_detail")
    if isinstance(detail, dict):
        context["author_detail"] = _jsonable(detail)
    for link in feed.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "self" and isinstance(link.get("href"), str):
            context["self"] = link["href"]
            break
    return context


def _thread_facts(entry: Any, prefixes: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for prefix in prefixes:
        reply_to = entry.get(f"{prefix}_in-reply-to")
        if isinstance(reply_to, dict) and (reply_to.get("ref") or reply_to.get("href")):
            facts["in_reply_to"] = _jsonable(reply_to)
        total = entry.get(f"{prefix}_total")
        if total not in (None, ""):
            facts["thr_total"] = _jsonable(total)
    return facts


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    import feedparser

    data = entry.read()
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # feedparser is lenient, but never let a parser bug stop an import
        yield Reject(1, f"not a readable feed: {_describe(exc)}", data[:REJECT_RAW_LIMIT])
        return
    entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None:
            reason = f"not a readable feed: {_describe(problem)}"
            yield Reject(_error_line(problem, data), reason, data[:REJECT_RAW_LIMIT])
        elif not parsed.get("version"):
            yield Reject(1, "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)", data[:4096])
        else:
            yield Skipped(1, "feed has no entries")
        return
    if problem is not None:
        reason = f"feed read leniently, {len(entries)} entries recovered ({_describe(problem)})"
        yield Skipped(_error_line(problem, data), reason)
    namespaces = parsed.get("namespaces") or {}
    prefixes = [prefix for prefix, uri in namespaces.items() if uri == THREAD_NS and prefix]
    context = {"feed": _feed_context(parsed.get("feed") or {}), "version": parsed.get("version") or None}
    lines = _entry_lines(_head_bytes(data), len(entries))
    for index, item in enumerate(entries):
        record = _jsonable(item)
        pp: dict[str, Any] = {**context, "index": index + 1, **_thread_facts(item, prefixes)}
        record["_pp"] = pp
        yield Record(record, lines[index] if lines else index + 1)


# --- mapping --------------------------------------------------------------------------------------------


def _dict(value: Any, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"expected {field} to be an object, got {type(value).__name__}")
    return value


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected {field} to be text, got {type(value).__name__}")
    value = value.strip()
    return value or None


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MappingError(f"expected {field} to be a list, got {type(value).__name__}")
    return value


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COMMENT = re.compile(r"#comment-\d+$")


def _origin(feed: dict[str, Any]) -> str | None:
    for key in ("link", "id", "self"):
        value = feed.get(key)
        if isinstance(value, str) and "://" in value:
            url = canonical_url(value)
            scheme, _, rest = url.partition("://")
            host = rest.split("/", 1)[0]
            if host:
                return f"{scheme}://{host}"
    return None


def _qualify(native: str, origin: str | None) -> str:
    """A feed-local guid made unique across feeds; URIs (URLs, URNs, tag: ids) are left alone."""
    if _SCHEME.match(native) or origin is None:
        return native
    return f"{origin}#{native}"


def _date(value: Any) -> Any:
    """A date string feedparser could not read: RFC 2822 or ISO 8601, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parse_time(parsed.isoformat())
    try:
        return parse_time(value)
    except ValueError:  # MappingError, or a digit float() refuses ("¹")
        return None


def _lang(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    if not code or code == "und" or not code.isalpha() or len(code) > 3:
        return None
    return code


def _body(data: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(markup or text, its type, its language) of the entry's fullest body."""
    for part in _list(data.get("content"), "content"):
        part = _dict(part, "content")
        value = part.get("value")
        if isinstance(value, str) and value.strip():
            kind = part.get("type") if isinstance(part.get("type"), str) else "text/html"
            return value, kind, part.get("language")
    detail = _dict(data.get("summary_detail"), "summary_detail")
    summary = data.get("summary", detail.get("value"))
    if summary is None:
        return None, None, None
    if not isinstance(summary, str):
        raise MappingError(f"expected summary to be text, got {type(summary).__name__}")
    kind = detail.get("type") if isinstance(detail.get("type"), str) else "text/html"
    return summary, kind, detail.get("language")


def _hrefs(markup: str) -> list[str] | None:
    if "<a" not in markup.lower():
        return None
    from selectolax.lexbor import LexborHTMLParser

    found = []
    for node in LexborHTMLParser(markup).css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if href.lower().startswith(("http://", "https://")):
            found.append(href)
    return list(dict.fromkeys(found)) or None


def _permalink(link: str) -> str:
    """The canonical link, keeping its fragment: ``#comment-12`` is what makes a comment's permalink."""
    url = canonical_url(link)
    _, hash_, fragment = link.partition("#")
    return f"{url}#{fragment}" if hash_ and fragment else url


def _counter(*values: Any) -> int | None:
    for value in values:
        if isinstance(value, str | int) and not isinstance(value, bool):
            try:
                number = count(value)
            except ValueError:  # MappingError, or a digit int() refuses ("¹")
                continue
            if number is not None:
                return number
    return None


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a feed entry object, got {type(data).__name__}")
    pp = _dict(data.get("_pp"), "_pp")
    feed = _dict(pp.get("feed"), "_pp.feed")
    origin = _origin(feed)

    title_detail = _dict(data.get("title_detail"), "title_detail")
    title = _text(data.get("title"), "title")
    if title is not None and "html" in str(title_detail.get("type") or ""):
        title = html_to_text(title) or None
    markup, body_type, body_lang = _body(data)
    text = None
    if markup is not None:
        text = html_to_text(markup) if "html" in (body_type or "") else markup.strip()
        text = text or None

    published = _text(data.get("published"), "published") or _text(data.get("updated"), "updated")
    link = _text(data.get("link"), "link")
    native = _text(data.get("id"), "id") or link
    if native is None:
        if title is None and published is None and text is None:
            raise MappingError("expected an entry id, link, title, date or text; the entry has none")
        digest = hashlib.sha1(f"{title or ''}\x1f{published or ''}\x1f{text or ''}".encode()).hexdigest()
        native = f"sha1:{digest}"
    item_id = _qualify(native, origin)

    created = None
    for key in ("published_parsed", "updated_parsed"):
        value = data.get(key)
        if isinstance(value, str) and value:
            try:
                created = parse_time(value)
            except ValueError:
                raise MappingError(f"expected {key} to be an ISO 8601 timestamp, got {value!r}") from None
            break
    extra: dict[str, Any] = {}
    if created is None and published is not None:
        created = _date(published)
        if created is None:
            extra["date"] = published

    detail = _dict(data.get("author_detail"), "author_detail")
    author_name = _text(detail.get("name"), "author_detail.name")
    if not detail:
        author_name = _text(data.get("author"), "author")
        if author_name is None:  # no author on the entry: the feed's author is the entry's
            detail = _dict(feed.get("author_detail"), "_pp.feed.author_detail")
            author_name = _text(detail.get("name"), "_pp.feed.author_detail.name")
            if not detail:
                author_name = _text(feed.get("author"), "_pp.feed.author")
    author_uri = _text(detail.get("href"), "author_detail.href")
    author_email = _text(detail.get("email"), "author_detail.email")
    author_id = author_uri or author_email or author_name

    reply_to = _dict(pp.get("in_reply_to"), "_pp.in_reply_to")
    parent_ref = _text(reply_to.get("ref"), "in_reply_to.ref") or _text(
        reply_to.get("href"), "in_reply_to.href"
    )
    parent_id = _qualify(parent_ref, origin) if parent_ref else None
    root_id = None
    comment = _COMMENT.search(item_id)
    if comment and comment.start() > 0:
        root_id = item_id[: comment.start()]
    is_comment = comment is not None or (link is not None and _COMMENT.search(link) is not None)
    kind = "reply" if parent_id or is_comment else "post"

    categories = []
    for tag in _list(data.get("tags"), "tags"):
        tag = _dict(tag, "tags")
        term = tag.get("term") or tag.get("label")
        if isinstance(term, str) and term.strip():
            categories.append(term.strip())

    lang = _lang(body_lang) or _lang(title_detail.get("language")) or _lang(feed.get("language"))

    reply_links = [
        link_.get("thr:count") or link_.get("count")
        for link_ in _list(data.get("links"), "links")
        if isinstance(link_, dict) and link_.get("rel") == "replies"
    ]
    replies = _counter(data.get("slash_comments"), pp.get("thr_total"), *reply_links)

    enclosures = [
        link_.get("href")
        for link_ in _list(data.get("links"), "links")
        if isinstance(link_, dict) and link_.get("rel") == "enclosure" and isinstance(link_.get("href"), str)
    ]
    extra.update(
        {
            "feed_title": feed.get("title") if isinstance(feed.get("title"), str) else None,
            "feed_url": feed.get("link") if isinstance(feed.get("link"), str) else None,
            "comments": data.get("comments") if isinstance(data.get("comments"), str) else None,
            "comments_feed": data.get("wfw_commentrss")
            if isinstance(data.get("wfw_commentrss"), str)
            else None,
            "enclosures": enclosures or None,
            "in_reply_to_url": reply_to.get("href") if isinstance(reply_to.get("href"), str) else None,
        }
    )
    updated = data.get("updated_parsed")
    if isinstance(updated, str) and updated != data.get("published_parsed") and data.get("published_parsed"):
        extra["updated"] = updated
    extra = {key: value for key, value in extra.items() if value not in (None, "", [])}

    item: dict[str, Any] = {
        "platform": "rss",
        "id": item_id,
        "kind": kind,
        "created_at": created,
        "author_id": author_id,
        "author_name": author_name,
        "title": title,
        "text": text,
        "lang": lang,
        "parent_id": parent_id,
        "root_id": root_id,
        "hashtags": tags(categories) or None,
        "urls": _hrefs(markup) if markup and "html" in (body_type or "") else None,
        "replies": replies,
        "url": _permalink(link) if link else None,
        "extra": orjson.dumps(extra).decode() if extra else None,
    }
    if author_uri:
        item["_author"] = {"url": author_uri}
    return item


FORMAT = Format(
    name="rss",
    platform="rss",
    description="RSS 0.9x/1.0/2.0 and Atom feeds: blog posts, news, forum threads, comment feeds",
    sniff=sniff,
    records=records,
    map_item=map_item,
)
