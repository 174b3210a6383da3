"""The canonical item and author: their columns, types, and the normalisers every importer shares.

An importer turns a platform record into a plain ``dict`` whose keys are ``ITEM_COLUMNS`` (plus the
optional ``_author`` dict of extra author fields for the author snapshot). A key an importer leaves out
is stored as null: unknown is never zero.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyarrow as pa

KINDS = ("post", "reply", "share", "quote", "message", "review")

PLATFORMS = (
    "twitter",
    "mastodon",
    "bluesky",
    "reddit",
    "youtube",
    "facebook",
    "instagram",
    "rss",
    "csv",
)

_TS = pa.timestamp("us", tz="UTC")
_STRS = pa.list_(pa.string())

#: The columns an importer fills, in storage order. Provenance columns are added by the store.
ITEM_FIELDS: tuple[pa.Field, ...] = (
    pa.field("platform", pa.string(), nullable=False),
    pa.field("id", pa.string(), nullable=False),
    pa.field("kind", pa.string(), nullable=False),
    pa.field("created_at", _TS),
    pa.field("author_id", pa.string()),
    pa.field("author_handle", pa.string()),
    pa.field("author_name", pa.string()),
    pa.field("author_followers", pa.int64()),
    pa.field("title", pa.string()),
    pa.field("text", pa.string()),
    pa.field("lang", pa.string()),
    pa.field("parent_id", pa.string()),
    pa.field("root_id", pa.string()),
    pa.field("shared_id", pa.string()),
    pa.field("mentions", _STRS),
    pa.field("hashtags", _STRS),
    pa.field("urls", _STRS),
    pa.field("likes", pa.int64()),
    pa.field("shares", pa.int64()),
    pa.field("replies", pa.int64()),
    pa.field("quotes", pa.int64()),
    pa.field("views", pa.int64()),
    pa.field("promoted", pa.bool_()),
    pa.field("url", pa.string()),
    pa.field("extra", pa.string()),
)
ITEM_COLUMNS: tuple[str, ...] = tuple(f.name for f in ITEM_FIELDS)

#: Columns added by import-time enrichment (:mod:`passaparola.enrich`), never by an importer.
ENRICHED_FIELDS: tuple[pa.Field, ...] = (
    pa.field("utm_mediums", _STRS),
    pa.field("utm_campaigns", _STRS),
    pa.field("is_question", pa.bool_()),
    pa.field("lang_detected", pa.bool_()),
    pa.field("sentiment", pa.string()),
    pa.field("sentiment_score", pa.float64()),
)
ENRICHED_COLUMNS: tuple[str, ...] = tuple(f.name for f in ENRICHED_FIELDS)

#: What each column means; rendered into docs/canonical-item.md by ``python -m passaparola.reference``.
ITEM_COLUMN_DOCS: dict[str, str] = {
    "platform": "Platform name: " + ", ".join(f"`{p}`" for p in PLATFORMS) + ". With `id`, the key.",
    "id": "The platform's native id, as a string (Reddit fullnames `t3_…`/`t1_…`, Bluesky `at://` URIs).",
    "kind": "One of " + ", ".join(f"`{k}`" for k in KINDS) + " (W3C Activity Streams where it has a word).",
    "created_at": "When it was published, UTC.",
    "author_id": "The author's native id (null for deleted authors).",
    "author_handle": "The author's handle, without `@`.",
    "author_name": "The author's display name.",
    "author_followers": "The author's followers as seen on this item; null when the platform did not say.",
    "title": "Title of a Reddit submission, video, feed entry; content warning of a Mastodon status.",
    "text": "The text as published; HTML (Mastodon, RSS) turned to plain text.",
    "lang": "Language code (ISO 639-1, lower-case): the platform's tag, else detected by enrichment among "
    "the workspace's `[language] candidates`; null when unknown.",
    "lang_detected": "Enrichment: true when `lang` was detected from the title and text, false when the "
    "platform gave it, null when neither.",
    "sentiment": "Enrichment: `negative`, `neutral` or `positive`, by the workspace's sentiment model "
    "(title and text); null for an item without text. User corrections are kept apart and win.",
    "sentiment_score": "Enrichment: P(positive) − P(negative) by the sentiment model, in [-1, 1].",
    "parent_id": "The item this one replies to (may point at an item not in the store: an orphan).",
    "root_id": "The root of its conversation tree, when the platform says; otherwise derived by analyses.",
    "shared_id": "The item shared or quoted.",
    "mentions": "Handles mentioned, lower-case, without `@`; from the platform or, failing that, the text.",
    "hashtags": "Hashtags, lower-case, without `#`; from the platform or, failing that, the text.",
    "urls": "Links, expanded and canonicalised (`utm_*`, `fbclid`, `gclid`… stripped; host lower-cased).",
    "likes": "Likes, favourites, reactions or up-votes as the platform counts them; null when not given.",
    "shares": "Retweets, reblogs, reposts or shares; null when not given (a share's own counters are null).",
    "replies": "Replies or comments counted by the platform (which may differ from the replies imported).",
    "quotes": "Quotes counted by the platform.",
    "views": "Impressions or views, when the platform gives them.",
    "promoted": "The platform's own paid flag (e.g. a boosted Facebook post); null when it does not say.",
    "url": "Link to the original.",
    "extra": "JSON object of format-specific facts worth keeping (subreddit, edit history, a CSV's extra columns…).",
    "utm_mediums": "Enrichment: `utm_medium` values of the item's links, read before canonicalisation strips them.",
    "utm_campaigns": "Enrichment: `utm_campaign` values of the item's links (campaign markers for paid media).",
    "is_question": "Enrichment: whether the item asks something (a `?` outside links, not rhetorical, or an IT/EN "
    "request such as “come posso”, “how do I”); false for shares; null without text.",
}
COUNTERS = ("likes", "shares", "replies", "quotes", "views")

#: Author snapshot fields an importer may give in ``item["_author"]`` beyond the item's author columns.
AUTHOR_EXTRA_FIELDS: tuple[pa.Field, ...] = (
    pa.field("following", pa.int64()),
    pa.field("posts", pa.int64()),
    pa.field("verified", pa.bool_()),
    pa.field("description", pa.string()),
    pa.field("location", pa.string()),
    pa.field("created_at", _TS),
    pa.field("url", pa.string()),
)
AUTHOR_EXTRA_COLUMNS: tuple[str, ...] = tuple(f.name for f in AUTHOR_EXTRA_FIELDS)


class MappingError(ValueError):
    """A record that cannot become a canonical item. The message says what was expected."""


# --- timestamps -------------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_TWITTER_TIME = re.compile(r"^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$")


def parse_time(value: Any) -> datetime | None:
    """Parse a platform timestamp to an aware UTC datetime, or ``None`` when absent.

    Understands ISO 8601 (with ``Z`` or an offset; naive values are taken as UTC), Twitter's
    ``Wed Aug 27 13:08:45 +0000 2008``, and Unix epoch seconds or milliseconds (int, float or digits).
    Raises :class:`MappingError` for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MappingError(f"expected a timestamp, got {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        raise MappingError(f"expected a timestamp, got {type(value).__name__}")
    text = value.strip()
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return _from_epoch(float(text))
    match = _TWITTER_TIME.match(text)
    if match:
        mon, day, hh, mm, ss, sign, oh, om, year = match.groups()
        if mon not in _MONTHS:
            raise MappingError(f"unknown month in timestamp {value!r}")
        offset = timedelta(hours=int(oh), minutes=int(om)) * (1 if sign == "+" else -1)
        try:
            local = datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss))
        except ValueError as exc:
            raise MappingError(f"invalid timestamp {value!r}: {exc}") from None
        return (local - offset).replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise MappingError(f"expected an ISO 8601 or Twitter timestamp, got {value!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise MappingError(f"epoch timestamp out of range: {seconds!r}") from None


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


# --- counters and ids -------------------------------------------------------------------------


def count(value: Any) -> int | None:
    """A platform counter as an int, or ``None`` when the platform did not give it.

    Accepts ints and digit strings (YouTube sends counters as strings). Negative or non-numeric
    values raise :class:`MappingError`.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MappingError(f"expected a count, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise MappingError(f"expected a non-negative count, got {value!r}")
    if number < 0:
        raise MappingError(f"expected a non-negative count, got {number}")
    if number >= 2**63:
        raise MappingError(f"count too large: {number}")
    return number


def ident(value: Any) -> str | None:
    """A native id as a string (ids are strings in storage even when the platform sends numbers)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        raise MappingError(f"expected an id (string or integer), got {type(value).__name__}")
    return str(value)


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MappingError(f"expected text, got {type(value).__name__}")
    return value


# --- URLs ---------------------------------------------------------------------------------------

_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid"}
)


def canonical_url(url: str) -> str:
    """Canonicalise a URL: lower-case scheme and host, drop the default port and the fragment,
    and strip tracking parameters (``utm_*``, ``fbclid``, ``gclid`` and the like).

    >>> canonical_url("HTTPS://Example.COM:443/a?utm_source=x&b=1&fbclid=y#top")
    'https://example.com/a?b=1'
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    path = parts.path or ("/" if host and not query else parts.path)
    # Dropping the fragment can leave whitespace at the end, which is never part of a URL.
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), "")).strip()


def utm_params(url: str) -> dict[str, str]:
    """The ``utm_*`` parameters of a URL before canonicalisation (campaign markers live there)."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return {}
    return {k.lower(): v for k, v in parse_qsl(query) if k.lower().startswith("utm_")}


# --- text ------------------------------------------------------------------------------------

_BLOCK_SELECTOR = "p, br, div, li, blockquote, h1, h2, h3, h4, h5, h6, tr, pre"


def html_to_text(markup: str | None) -> str | None:
    """Visible text of an HTML fragment: block elements become line breaks, entities are decoded,
    scripts and styles are dropped."""
    if markup is None:
        return None
    if "<" not in markup:
        return html.unescape(markup).strip()
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<div>{markup}</div>")
    for node in tree.css("script, style"):
        node.decompose()
    for node in tree.css(_BLOCK_SELECTOR):
        if node.tag == "br":
            node.replace_with("\n")
        else:
            node.insert_after("\n")
    body = tree.body
    text = body.text(separator="") if body is not None else ""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    collapsed = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", collapsed).strip()


_HASHTAG = re.compile(r"(?<![\w&/])#(\w[\w\u00b7]*)", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@/])@(\w[\w.]*\w|\w)(?:@[\w.-]+\w)?", re.UNICODE)
_URL = re.compile(r"https?://[^\s<>\"'\u201c\u201d]+", re.IGNORECASE)


def hashtags_in(text: str) -> list[str]:
    """Hashtags in running text, lower-cased, without ``#``, in order of appearance, unique."""
    return _unique(tag.lower() for tag in _HASHTAG.findall(text) if not tag.isdigit())


def mentions_in(text: str) -> list[str]:
    """@handles in running text, lower-cased, without ``@``, unique."""
    return _unique(handle.lower() for handle in _MENTION.findall(text))


def links_in(text: str) -> list[str]:
    """URLs in running text as written (trailing punctuation is not part of a URL)."""
    return [u.rstrip(".,;:!?)]}'\u2019") for u in _URL.findall(text)]


def urls_in(text: str) -> list[str]:
    """URLs in running text, canonicalised, unique."""
    return _unique(canonical_url(u) for u in links_in(text))


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def tags(values: Any) -> list[str] | None:
    """Normalise a list of hashtags or handles given by a platform (lower-case, no sigil, unique)."""
    if values is None:
        return None
    if not isinstance(values, list):
        raise MappingError(f"expected a list, got {type(values).__name__}")
    out = []
    for value in values:
        if not isinstance(value, str):
            raise MappingError(f"expected text in list, got {type(value).__name__}")
        out.append(value.lstrip("#@").lower())
    return _unique(out)


def canonical_urls(values: Any) -> list[str] | None:
    if values is None:
        return None
    if not isinstance(values, list):
        raise MappingError(f"expected a list of URLs, got {type(values).__name__}")
    return _unique(canonical_url(v) for v in values if isinstance(v, str) and v)


def offset_timezone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))
