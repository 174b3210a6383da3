"""Hashtags, mentions and URLs: taken from the text when the platform did not list them, and URLs
always canonicalised (``utm_*``, ``fbclid``, ``gclid`` stripped; host lower-cased).

A share (retweet, reblog) carries its original's text, so its entities are the original's and are
extracted the same way. An item with no text keeps null lists: nothing was said, and nothing is known.
"""

from __future__ import annotations

from typing import Any

from passaparola.canonical import canonical_urls, hashtags_in, mentions_in, urls_in


def fill(batch: list[dict[str, Any]]) -> None:
    for item in batch:
        text = item.get("text")
        if item.get("urls") is not None:
            item["urls"] = canonical_urls(item["urls"])
        if not text:
            continue
        if item.get("hashtags") is None:
            item["hashtags"] = hashtags_in(text)
        if item.get("mentions") is None:
            item["mentions"] = mentions_in(text)
        if item.get("urls") is None:
            item["urls"] = urls_in(text)
