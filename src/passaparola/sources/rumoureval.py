"""The PHEME / RumourEval thread layout: ``<event>/<thread>/source-tweet/<id>.json``,
``<event>/<thread>/replies/<id>.json`` and ``<event>/<thread>/structure.json``.

Each tweet file is a Twitter v1.1 status and is mapped by :mod:`passaparola.sources.twitter_v1`; this
format adds what the layout says: the thread (its folder, the source tweet's id) becomes ``root_id``
and the event and thread go to ``extra``.

Parent links come from the tweets' own ``in_reply_to_status_id_str``. ``structure.json`` repeats them
as a nested dict; tweets it names that have no file (deleted upstream) are not invented: their replies
keep a ``parent_id`` that points at a missing item and are counted as orphans by thread analysis.
Structures with several top-level keys keep every tree. ``structure.json`` itself becomes no item: it is
skipped with the number of tweets it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.sources import Format, ImportOptions, Output, Reject, Skipped, twitter_v1
from passaparola.sources.inputs import Entry, Peek, json_values

_TWEET_PATH = re.compile(
    r"(?:^|[/!])(?P<event>[^/!]+)/(?P<thread>\d+)/(?P<role>source-tweet|replies)/(?P<id>\d+)\.json$"
)
_STRUCTURE_PATH = re.compile(r"(?:^|[/!])(?P<event>[^/!]+)/(?P<thread>\d+)/structure\.json$")


def sniff(peek: Peek) -> bool:
    if _STRUCTURE_PATH.search(peek.name):
        return isinstance(peek.sample, dict | list)
    return bool(_TWEET_PATH.search(peek.name)) and twitter_v1.is_status(peek.sample)


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    structure = _STRUCTURE_PATH.search(entry.name)
    if structure:
        yield from _structure(entry, structure.group("thread"))
        return
    match = _TWEET_PATH.search(entry.name)
    context = (
        {
            "root_id": match.group("thread"),
            "extra": orjson.dumps(
                {"event": match.group("event"), "thread": match.group("thread"), "role": match.group("role")}
            ).decode(),
        }
        if match
        else None
    )
    for output in twitter_v1.records(entry, options):
        if context and getattr(output, "data", None) is not None:
            output.data["_pp"] = context
        yield output


def _structure(entry: Entry, thread: str) -> Iterator[Output]:
    for value in json_values(entry):
        if isinstance(value, Reject):
            yield value
            continue
        line, tree = value
        if not isinstance(tree, dict):
            yield Reject(line, f"expected a nested object of tweet ids, got {type(tree).__name__}")
            continue
        yield Skipped(
            line, "RumourEval thread structure (its parent links are taken from the tweets themselves)"
        )


def tree_edges(tree: dict[str, Any], parent: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(parent, child) pairs of a ``structure.json`` tree, roots with parent ``None`` (iterative)."""
    stack = [(parent, tree)]
    while stack:
        up, node = stack.pop()
        for key, children in node.items():
            yield (up, key)
            if isinstance(children, dict):
                stack.append((key, children))


FORMAT = Format(
    name="rumoureval",
    platform="twitter",
    description="PHEME / RumourEval thread folders (source-tweet/, replies/, structure.json), v1.1 tweets",
    sniff=sniff,
    records=records,
    map_item=twitter_v1.map_item,
)
