"""Importers: one module per platform format.

Every format module exposes ``FORMAT``, a :class:`Format` with

- ``sniff(peek)``: does this input look like my format? (cheap; looks at the head of the input)
- ``records(entry, options)``: split the input into self-contained raw records (JSON-able dicts),
  yielding :class:`Record`, :class:`Reject` (malformed, goes to quarantine) or :class:`Skipped`
  (well-formed but not an item, e.g. a Reddit "more" stub: counted, not quarantined);
- ``map_item(data)``: 4CAT's idea: one static function that turns one raw record into one canonical item
  ``dict`` (see :mod:`passaparola.canonical`), leaving unknown fields out so they are stored as null, and
  raising :class:`~passaparola.canonical.MappingError` when the record is unusable. A thin view of an
  item (a search result, an activity) sets ``item["partial"] = True``: it then fills what the store lacks
  but never overwrites what a full record said.

The raw record is what gets stored (compressed) beside the item, so ``passaparola reparse`` can run a
fixed ``map_item`` again without the original file. Anything ``map_item`` needs must therefore be inside
the record (a v2 tweet carries its expanded author, for instance).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from passaparola.sources.inputs import Entry, Peek


@dataclass(slots=True)
class Record:
    """One raw record, located in its input by ``line`` (1-based line, or element index for arrays).

    ``type`` is ``"item"`` for anything that becomes a row of ``items`` and ``"author"`` for a bare
    author profile (a user lookup) that becomes an author snapshot only.
    """

    data: dict[str, Any]
    line: int
    type: str = "item"


@dataclass(slots=True)
class Reject:
    """A malformed record: it goes to quarantine with its location, reason and raw bytes."""

    line: int
    reason: str
    raw: bytes = b""


@dataclass(slots=True)
class Skipped:
    """A well-formed record that is not an item (a pagination stub, an API error object...)."""

    line: int
    reason: str


@dataclass(frozen=True)
class ImportOptions:
    """What an importer may need beyond the bytes: a column mapping for tables, for instance."""

    mapping: dict[str, str] = field(default_factory=dict)
    platform: str | None = None
    sheet: str | None = None


Output = Record | Reject | Skipped


def record_bytes(value: Any) -> bytes:
    """A record's bytes for quarantine: its JSON when it can be written (orjson refuses nesting deeper
    than 255 levels and integers beyond 64 bits), else its repr, else nothing."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        try:
            return repr(value).encode("utf-8", "replace")
        except RecursionError:
            return b""


@dataclass(frozen=True)
class Format:
    name: str
    platform: str
    description: str
    sniff: Callable[[Peek], bool]
    records: Callable[[Entry, ImportOptions], Iterator[Output]]
    map_item: Callable[[dict[str, Any]], dict[str, Any]]
    map_author: Callable[[dict[str, Any]], dict[str, Any]] | None = None


#: Format modules in sniffing order: the most specific first.
FORMAT_MODULES: tuple[str, ...] = (
    "twitter_archive",
    "rumoureval",
    "twitter_trees",
    "twitter_v2",
    "twitter_v1",
    "mastodon_outbox",
    "mastodon",
    "bluesky",
    "pushshift",
    "reddit",
    "youtube",
    "instagram",
    "facebook",
    "rss",
    "table",
)


def _load(module: str) -> list[Format]:
    mod = importlib.import_module(f"passaparola.sources.{module}")
    found = getattr(mod, "FORMATS", None) or [mod.FORMAT]
    return list(found)


@functools.cache
def all_formats() -> tuple[Format, ...]:
    """Every registered format, in sniffing order."""
    formats: list[Format] = []
    for module in FORMAT_MODULES:
        try:
            formats.extend(_load(module))
        except ModuleNotFoundError as exc:
            if exc.name != f"passaparola.sources.{module}":
                raise
    return tuple(formats)


def get_format(name: str) -> Format:
    for fmt in all_formats():
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in all_formats())
    raise KeyError(f"unknown format {name!r}; known formats: {known}")


def sniff(peek: Peek) -> Format | None:
    """The first format that recognises the input, or ``None``."""
    for fmt in all_formats():
        if fmt.sniff(peek):
            return fmt
    return None
