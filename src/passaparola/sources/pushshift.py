"""Pushshift and Arctic Shift Reddit dumps: one submission or comment object per line (NDJSON).

The objects are the Reddit API's ``data`` objects without the ``{kind, data}`` wrapper, so they are mapped
exactly like the Reddit API importer's things (see :mod:`passaparola.sources.reddit` for ids, counters,
deleted authors, placeholders and text): a line with ``title`` is a submission (``t3``), a line with
``body`` (and ``link_id``, ``parent_id``) is a comment (``t1``); ``name``, when present, decides. Ids are
often bare (``abc``) with ``name`` absent: the fullname is built from the object's type, so comments link
to their parents (``parent_id`` and ``link_id`` are fullnames in the dumps).

Also read: Pushshift and Arctic Shift API pages (``{"data": [...]}``) and JSON arrays of such objects;
a line that is a ``{kind, data}`` thing is unwrapped.

- ``observed_at`` is when the dump read the counters: Arctic Shift's second retrieval
  (``_meta.retrieved_2nd_on``, whose score and ``num_comments`` replace the first ones) when present,
  else ``retrieved_on`` / ``retrieved_utc``. Without them the file's time is used, as for any input.
- Old Pushshift dumps give ``created_utc`` as a string and text with ``&amp;``/``&lt;``/``&gt;`` escapes;
  both are handled (escaped text is unescaped, see the Reddit importer).
- Arctic Shift's ``_meta`` flags (``was_deleted_later``, ``removal_type``) and ``removed_by_category`` go to
  ``extra`` as ``deleted_later``, ``removal_type`` and the ``deleted``/``removed`` flags.

Dumps are usually ``.zst`` with a long window (``zstd --long=31``); the input layer must decompress them
(``zstandard.ZstdDecompressor(max_window_size=2**31)``). Records are located by line number; in a single
JSON document (an API page) by the 1-based position of the object.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from passaparola.canonical import MappingError, parse_time
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped, record_bytes
from passaparola.sources.inputs import Entry, Peek, json_document
from passaparola.sources.reddit import PLATFORM, map_thing, more_count, storable


def is_dump_object(obj: Any) -> bool:
    """A bare Reddit submission or comment object as Pushshift and Arctic Shift store them."""
    return (
        isinstance(obj, dict)
        and "kind" not in obj
        and "id" in obj
        and "created_utc" in obj
        and ("subreddit" in obj or "subreddit_id" in obj)
        and ("body" in obj or "title" in obj)
    )


def _objects(document: Any) -> tuple[list[Any], bool]:
    """The objects of one JSON value and whether it was a container (an API page or an array)."""
    if isinstance(document, dict) and isinstance(document.get("data"), list) and "kind" not in document:
        return document["data"], True
    if isinstance(document, list):
        return document, True
    return [document], False


def sniff(peek: Peek) -> bool:
    try:
        sample = peek.sample
        objects, _ = _objects(sample)
        first = next((obj for obj in objects if isinstance(obj, dict)), None)
        return is_dump_object(first)
    except Exception:
        return False


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    single, values = json_document(entry)
    position = 0
    for value in values:
        if isinstance(value, Reject):
            yield value
            continue
        line, document = value
        objects, container = _objects(document)
        if container and not objects:
            yield Skipped(line, "empty page")
            continue
        for obj in objects:
            if single and container:
                position += 1
                where = position
            else:
                where = line
            yield _record(obj, where)


def _record(obj: Any, line: int) -> Output:
    if not isinstance(obj, dict):
        return Reject(
            line,
            f"expected a Reddit submission or comment object, got {type(obj).__name__}",
            record_bytes(obj),
        )
    if "kind" in obj and isinstance(obj.get("data"), dict):
        kind = obj["kind"]
        if kind == "more":
            return Skipped(line, f"{more_count(obj['data'])} comments not fetched (more stub)")
        obj = {**obj["data"], "name": _name(kind, obj["data"])}
    if not storable(obj):
        return Reject(line, "record cannot be stored (nested too deeply or a number too large)")
    return Record(obj, line)


def _name(kind: Any, data: dict[str, Any]) -> Any:
    name = data.get("name")
    if name is None and kind in ("t1", "t3") and isinstance(data.get("id"), str):
        return f"{kind}_{data['id']}"
    return name


def kind_of(obj: dict[str, Any]) -> str:
    """``t3`` for a submission, ``t1`` for a comment: from ``name`` when given, else from the fields."""
    name = obj.get("name")
    if isinstance(name, str) and name[:3] in ("t1_", "t3_"):
        return name[:2]
    value = obj.get("id")
    if isinstance(value, str) and value[:3] in ("t1_", "t3_"):
        return value[:2]
    if "body" in obj or "link_id" in obj or "parent_id" in obj:
        return "t1"
    if "title" in obj or "selftext" in obj or "num_comments" in obj:
        return "t3"
    keys = ", ".join(sorted(str(k) for k in obj)[:8])
    raise MappingError(f"expected a submission (with 'title') or comment (with 'body'), got keys {keys}")


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a Reddit submission or comment object, got {type(data).__name__}")
    item = map_thing(kind_of(data), data)
    observed = _observed(data)
    if observed is not None:
        item["observed_at"] = observed
    return item


def _observed(data: dict[str, Any]):
    meta = data.get("_meta")
    candidates = [meta.get("retrieved_2nd_on")] if isinstance(meta, dict) else []
    candidates += [data.get("retrieved_on"), data.get("retrieved_utc")]
    for value in candidates:
        if value is None or isinstance(value, bool):
            continue
        try:
            return parse_time(value)
        except MappingError:
            continue
    return None


FORMAT = Format(
    name="pushshift",
    platform=PLATFORM,
    description="Pushshift / Arctic Shift Reddit dumps: one submission or comment per line (NDJSON, often .zst)",
    sniff=sniff,
    records=records,
    map_item=map_item,
)
