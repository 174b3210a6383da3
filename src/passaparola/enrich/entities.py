"""Hashtags, mentions and URLs: taken from the text when the platform did not list them, and URLs
always canonicalised (``utm_*``, ``fbclid``, ``gclid`` stripped; host lower-cased). The links' UTM
medium and campaign are kept first, in ``utm_mediums`` and ``utm_campaigns``: they mark paid media.

A share (retweet, reblog) carries its original's text, so its entities are the original's and are
extracted the same way. An item with no text keeps null lists: nothing was said, and nothing is known.
"""

from __future__ import annotations

from typing import Any

from passaparola.canonical import canonical_urls, hashtags_in, links_in, mentions_in, utm_params


def fill(batch: list[dict[str, Any]]) -> None:
    for item in batch:
        text = item.get("text")
        links = item.get("urls")
        if links is None and text:
            links = links_in(text)
        if links is not None:
            _utm(item, links)
            item["urls"] = canonical_urls(links)
        if not text:
            continue
        if item.get("hashtags") is None:
            item["hashtags"] = hashtags_in(text)
        if item.get("mentions") is None:
            item["mentions"] = mentions_in(text)


def _utm(item: dict[str, Any], links: list[Any]) -> None:
    params = [utm_params(link) for link in links if isinstance(link, str)]
    item["utm_mediums"] = list(dict.fromkeys(p["utm_medium"].lower() for p in params if p.get("utm_medium")))
    item["utm_campaigns"] = list(
        dict.fromkeys(p["utm_campaign"].lower() for p in params if p.get("utm_campaign"))
    )
