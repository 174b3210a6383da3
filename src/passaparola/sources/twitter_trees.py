"""Twitter15 / Twitter16 propagation trees (Ma et al. 2017): ``tree/<source tweet id>.txt`` and ``label.txt``.

A tree file has one edge per line, ``['uid', 'tweet', 'delay']->['uid', 'tweet', 'delay']``: a node is the
triple (user id, tweet id, minutes after the source tweet). Retweet nodes reuse the source tweet's id, so
only the whole triple tells two retweets apart. The tree's first node hangs from ``['ROOT', 'ROOT', '0.0']``.

How nodes become canonical items (platform ``twitter``):

- The **root** (the child of ``ROOT``) is the item named by the file, the source tweet: ``id`` is the file
  name's tweet id, ``kind`` ``post``. In a few Twitter16 files the ``ROOT`` child is an earlier tweet the
  source tweet answers (its delay is negative); the root item keeps the file's tweet id, the first node's own
  tweet id goes to ``extra.tweet`` and its author is left unknown, since the source tweet's author is not given.
- Every **other node** is a ``share`` of the source tweet (``shared_id`` = the file's tweet id) whose ``id`` is
  ``<source>:<uid>:<tweet>:<delay>``: the triple, scoped by its file because delays are counted from that
  file's source tweet. ``author_id`` is the uid; the node's own tweet id is ``extra.tweet``.
- The explicit parent the file gives is ``extra.cascade_parent`` (an item id). ``parent_id`` stays null:
  it means "replied to", which a tree edge does not say.
- **Time**: the files give minutes after the source tweet, never a date. ``created_at`` stays null (unknown
  is not zero, nor 1970) and the delay is kept as ``extra.delay_minutes``; cascade timing reads it.
- **Bad edges**, each counted as skipped with its line: a duplicate edge line; a self-loop (a node as its
  own parent); a second parent of a node already placed. Of several parents the **earliest** is kept:
  ``ROOT``, then the parent with the smallest delay, then the first line. The root item's extra counts
  them per tree (``duplicate_edges``, ``self_loops``, ``extra_parents``, and the two below).
- **Missing lines.** A node named only as the parent of others (its own line cut, quarantined or never
  written) is kept as a share hanging from the source tweet, with its children below it, so a damaged
  tree stays one cascade (counted as ``missing_parents``). A file named ``<tweet id>.txt`` without a
  ``ROOT`` line is headed by the node of that tweet named only as a parent, else by the earliest such
  node (``missing_root``: 1).
- A line that is not an edge (truncated, bad numbers, not UTF-8) is quarantined with its line number.

``label.txt`` lines ``label:tweet id`` (veracity: ``non-rumor``, ``false``, ``true``, ``unverified``)
become partial items for the source tweet carrying ``extra.label``: the store merges them into the tree's
root item, whichever file is read first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import orjson

from passaparola.canonical import MappingError
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped
from passaparola.sources.inputs import Entry, Peek

_NODE = r"\['([^'\]]*)', '([^'\]]*)', '([^'\]]*)'\]"
_EDGE = re.compile(rf"^{_NODE}->{_NODE}$")
_EDGE_HEAD = re.compile(rb"^\['(?:ROOT|\d+)', '(?:ROOT|\d+)', '-?[\d.]+'\]->\['\d+', '\d+', '-?[\d.]+'\]\r?$")
_LABEL = re.compile(r"^([a-z][a-z-]*):(\d+)$")
_LABEL_HEAD = re.compile(rb"^[a-z][a-z-]*:\d+\r?$")
_DIGITS = re.compile(r"^\d+$")
ROOT = ("ROOT", "ROOT", "0.0")

Node = tuple[str, str, str]


def _first_line(peek: Peek) -> bytes:
    return peek.head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]


def sniff_tree(peek: Peek) -> bool:
    return peek.name.lower().endswith(".txt") and bool(_EDGE_HEAD.match(_first_line(peek)))


def sniff_labels(peek: Peek) -> bool:
    return peek.entry.basename.lower() == "label.txt" and bool(_LABEL_HEAD.match(_first_line(peek)))


def _lines(entry: Entry) -> Iterator[tuple[int, str | Reject]]:
    """Numbered lines as text, or a Reject for a line that is not UTF-8; blank lines are left out."""
    for number, raw in enumerate(entry.read().removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, Reject(number, f"expected UTF-8 text, got byte {raw[exc.start]:#04x}", raw)


def parse_delay(value: str) -> float:
    """Minutes after the source tweet, as a finite number."""
    try:
        minutes = float(value)
    except ValueError:
        raise MappingError(f"expected a delay in minutes, got {value!r}") from None
    if not math.isfinite(minutes):
        raise MappingError(f"expected a finite delay in minutes, got {value!r}")
    return minutes


def _check_node(node: Node) -> None:
    if node == ROOT:
        return
    uid, tweet, delay = node
    if not _DIGITS.match(uid) or not _DIGITS.match(tweet):
        raise MappingError(f"expected numeric uid and tweet id, got {uid!r}, {tweet!r}")
    parse_delay(delay)


def _parse_edge(text: str) -> tuple[Node, Node]:
    match = _EDGE.match(text.strip())
    if match is None:
        shown = text if len(text) <= 80 else text[:80] + "…"
        raise MappingError(f"expected ['uid', 'tweet', 'delay']->['uid', 'tweet', 'delay'], got {shown!r}")
    parent, child = match.groups()[:3], match.groups()[3:]
    if child == ROOT:
        raise MappingError("expected a child node, got ROOT")
    _check_node(parent)
    _check_node(child)
    return parent, child


def _earlier(parent: Node, line: int, than: tuple[Node, int]) -> bool:
    """The earliest-parent rule: ROOT first, then the smaller delay, then the earlier line."""
    kept, kept_line = than
    if (parent == ROOT) != (kept == ROOT):
        return parent == ROOT
    if parent == ROOT:
        return line < kept_line
    return (parse_delay(parent[2]), line) < (parse_delay(kept[2]), kept_line)


def tree_records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    name = entry.basename
    named = name[: -len(".txt")] if name.lower().endswith(".txt") else name
    parents: dict[Node, tuple[Node, int]] = {}
    edges: set[tuple[Node, Node]] = set()
    skipped: list[Skipped] = []
    counts = {
        "duplicate_edges": 0,
        "self_loops": 0,
        "extra_parents": 0,
        "missing_parents": 0,
        "missing_root": 0,
    }
    named_as_parent: dict[Node, int] = {}  # the first line naming each node as a parent
    for number, text in _lines(entry):
        if isinstance(text, Reject):
            yield text
            continue
        try:
            parent, child = _parse_edge(text)
        except MappingError as exc:
            yield Reject(number, str(exc), text.encode())
            continue
        if (parent, child) in edges:
            counts["duplicate_edges"] += 1
            skipped.append(Skipped(number, "duplicate edge line"))
            continue
        edges.add((parent, child))
        if parent == child:
            counts["self_loops"] += 1
            skipped.append(Skipped(number, "self-loop edge (a node as its own parent)"))
            continue
        named_as_parent.setdefault(parent, number)
        placed = parents.get(child)
        if placed is None:
            parents[child] = (parent, number)
            continue
        counts["extra_parents"] += 1
        dropped = placed[1] if _earlier(parent, number, placed) else number
        if dropped == placed[1]:
            parents[child] = (parent, number)
        skipped.append(Skipped(dropped, "second parent of a node (the earliest parent is kept)"))
    yield from skipped
    root = next((child for child, (parent, _) in parents.items() if parent == ROOT), None)
    source = named if _DIGITS.match(named) else (root[1] if root else None)
    if source is None:
        if parents:
            yield Reject(0, "expected a ['ROOT', 'ROOT', '0.0'] line or a file named <source tweet id>.txt")
        return
    # nodes named only as a parent: their own line was cut, quarantined or never written
    unplaced = {node: line for node, line in named_as_parent.items() if node != ROOT and node not in parents}
    if root is None and unplaced:
        # no ROOT line: the source tweet's node heads the tree, else the earliest node named only as a parent
        root = min(unplaced, key=lambda node: (node[1] != source, parse_delay(node[2]), unplaced[node]))
        parents[root] = (ROOT, unplaced.pop(root))
        counts["missing_root"] = 1
    for node, line in unplaced.items():  # kept, hanging from the source tweet, so the tree stays whole
        parents[node] = (ROOT, line)
    counts["missing_parents"] = len(unplaced)
    for child, (parent, number) in parents.items():
        data: dict[str, Any] = {
            "uid": child[0],
            "tweet": child[1],
            "delay": child[2],
            "_pp": {"source": source, "parent": list(parent), "root": list(root) if root else None},
        }
        if child == root:
            data["_pp"]["counts"] = counts
        yield Record(data, number)


def node_id(node: Node, source: str, root: Node | None) -> str:
    """The item id of a tree node: the source tweet for the root, else the triple scoped by its file."""
    if node == root:
        return source
    return f"{source}:{node[0]}:{node[1]}:{node[2]}"


def _as_node(value: Any, field: str) -> Node:
    if not (isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value)):
        raise MappingError(f"expected '{field}' to be a [uid, tweet, delay] list of strings")
    return (value[0], value[1], value[2])


def map_tree_node(data: dict[str, Any]) -> dict[str, Any]:
    context = data.get("_pp")
    if not isinstance(context, dict):
        raise MappingError("expected the tree context '_pp' (source, parent, root)")
    source = context.get("source")
    if not isinstance(source, str) or not _DIGITS.match(source):
        raise MappingError(f"expected a numeric source tweet id, got {source!r}")
    node = _as_node([data.get("uid"), data.get("tweet"), data.get("delay")], "uid, tweet, delay")
    parent = _as_node(context.get("parent"), "parent")
    root = _as_node(context["root"], "root") if context.get("root") is not None else None
    _check_node(node)
    _check_node(parent)
    uid, tweet, delay = node
    extra: dict[str, Any] = {"tree": source, "tweet": tweet, "delay_minutes": parse_delay(delay)}
    item: dict[str, Any] = {"platform": "twitter", "id": node_id(node, source, root), "author_id": uid}
    if node == root:
        item["kind"] = "post"
        item["url"] = f"https://twitter.com/i/web/status/{source}"
        if tweet != source:  # the tree hangs from an earlier tweet; the source tweet's author is not given
            item["author_id"] = None
        counts = context.get("counts")
        if isinstance(counts, dict):
            extra.update({k: v for k, v in counts.items() if isinstance(v, int)})
    else:
        item["kind"] = "share"
        item["shared_id"] = source
        if parent != ROOT:
            extra["cascade_parent"] = node_id(parent, source, root)
    item["extra"] = orjson.dumps(extra).decode()
    return item


def label_records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    for number, text in _lines(entry):
        if isinstance(text, Reject):
            yield text
            continue
        match = _LABEL.match(text.strip())
        if match is None:
            yield Reject(number, f"expected 'label:tweet id', got {text[:80]!r}", text.encode())
            continue
        yield Record({"label": match.group(1), "tweet": match.group(2)}, number)


def map_label(data: dict[str, Any]) -> dict[str, Any]:
    label, tweet = data.get("label"), data.get("tweet")
    if not isinstance(label, str) or not label or not isinstance(tweet, str) or not _DIGITS.match(tweet):
        raise MappingError(f"expected a label and a numeric tweet id, got {label!r}, {tweet!r}")
    return {
        "platform": "twitter",
        "id": tweet,
        "kind": "post",
        "extra": orjson.dumps({"label": label}).decode(),
        "partial": True,
    }


FORMATS = [
    Format(
        name="twitter-trees",
        platform="twitter",
        description="Twitter15/16 propagation trees: ['uid','tweet','delay']->[...] edge lines per source tweet",
        sniff=sniff_tree,
        records=tree_records,
        map_item=map_tree_node,
    ),
    Format(
        name="twitter-tree-labels",
        platform="twitter",
        description="Twitter15/16 label.txt: 'label:source tweet id' veracity labels",
        sniff=sniff_labels,
        records=label_records,
        map_item=map_label,
    ),
]
