"""The X/Twitter account archive ("Download your data"): ``data/tweets.js`` (older archives:
``tweet.js``), files of the form ``window.YTD.tweets.part0 = [{"tweet": {...}}, ...]``.

Archive tweets are v1.1-shaped without ``user``: the author is the account owner, read from the sibling
``account.js`` (id, username, display name) when the archive is a folder or a zip; the follower count at
download time is the length of ``follower.js`` when present. Counters are strings in archives.
A retweet in an archive has no ``retweeted_status``, only ``RT @user: ...`` text: it is a ``share`` whose
``shared_id`` is unknown (null).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import MappingError
from passaparola.sources import Format, ImportOptions, Output, Record, Reject
from passaparola.sources.inputs import Entry, Peek, json_values
from passaparola.sources.twitter_v1 import map_status

_ARCHIVE_FILE = re.compile(r"(?:^|[/!])(?:tweets?|deleted-tweets)(?:-part\d+)?\.js$")
_YTD = re.compile(rb"^\s*window\.YTD\.(?:tweets?|deleted_tweets)\.part\d+\s*=")


def sniff(peek: Peek) -> bool:
    return bool(_ARCHIVE_FILE.search(peek.name)) and bool(_YTD.match(peek.head))


def _ytd_array(data: bytes | None) -> list[Any]:
    if not data:
        return []
    start = data.find(b"[")
    try:
        value = orjson.loads(data[start:]) if start >= 0 else []
    except orjson.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


def _owner(entry: Entry) -> dict[str, Any]:
    if entry.sibling is None:
        return {}
    accounts = _ytd_array(entry.sibling("account.js"))
    account = accounts[0].get("account", {}) if accounts and isinstance(accounts[0], dict) else {}
    owner = {
        "id": account.get("accountId"),
        "handle": account.get("username"),
        "name": account.get("accountDisplayName"),
        "created_at": account.get("createdAt"),
    }
    followers = entry.sibling("follower.js")
    if followers is not None:
        owner["followers"] = len(_ytd_array(followers))
    return {k: v for k, v in owner.items() if v is not None}


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    owner = _owner(entry)
    for value in json_values(entry):
        if isinstance(value, Reject):
            yield value
            continue
        line, wrapper = value
        for index, element in enumerate(wrapper if isinstance(wrapper, list) else [wrapper], line):
            tweet = element.get("tweet") if isinstance(element, dict) else None
            if not isinstance(tweet, dict):
                yield Reject(
                    index, 'expected an element {"tweet": {...}} of a Twitter archive', orjson.dumps(element)
                )
                continue
            yield Record({"tweet": tweet, "_pp": {"owner": owner}}, index)


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    tweet = data.get("tweet")
    if not isinstance(tweet, dict):
        raise MappingError("expected a Twitter archive record with a 'tweet' object")
    owner = (data.get("_pp") or {}).get("owner") or {}
    user = {
        "id_str": owner.get("id"),
        "screen_name": owner.get("handle"),
        "name": owner.get("name"),
        "followers_count": owner.get("followers"),
        "created_at": owner.get("created_at"),
    }
    item = map_status({**tweet, "user": {k: v for k, v in user.items() if v is not None}})
    text = item.get("text") or ""
    if item["kind"] == "post" and text.startswith("RT @"):
        item["kind"] = "share"
        for counter in ("likes", "shares", "replies", "quotes"):
            item[counter] = None
    return item


FORMAT = Format(
    name="twitter-archive",
    platform="twitter",
    description="X/Twitter account archive: data/tweets.js (window.YTD.tweets...) with account.js",
    sniff=sniff,
    records=records,
    map_item=map_item,
)
