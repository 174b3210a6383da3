"""The store: one DuckDB file per workspace, written in whole batches and read through Ibis.

Tables
- ``items``: canonical items keyed by (platform, id), with provenance (source, line, format, import,
  observed and ingested times) and the raw record, zstd-compressed, for ``reparse``.
- ``authors``: author snapshots keyed by (platform, id, observed_at): follower counts change.
- ``quarantine``: malformed records with source, line, reason and raw bytes, keyed by (source, line).
- ``imports`` and ``import_sources``: what was imported, when, from where, with what result.

Besides the canonical columns, ``items`` holds columns the store derives and keeps current, so that
analyses read them instead of recomputing them over the whole store at every query:
- ``search_title``, ``search_text``, ``search_handle``, ``search_hashtags``, ``search_mentions``: title,
  text, author handle, hashtags and mentions with accents stripped and lower-cased (DuckDB's
  ``lower(strip_accents(x))``), which listening queries search; written with every row.
- ``parent_handle``, ``parent_author``, ``parent_followers`` and ``shared_handle``, ``shared_author``,
  ``shared_followers``: the author of the item replied to and of the item shared or quoted, as seen on
  that item (null while it is not in the store). :meth:`Store.link` fills them for rows written since the
  last link (``linked`` is not true) and for the rows that reply to or share those; an import links at
  its end, :meth:`Store.table` links before handing out ``items``, and a store opened read-only with
  unlinked rows (an import killed midway) is linked on opening.
- ``author_entity``, ``parent_entity``, ``shared_entity``, ``mentioned_entities``, ``heard_entities``:
  which of the workspace's entities wrote the item, wrote what it answers or shares, is mentioned, is
  talked about (:mod:`passaparola.enrich.matching` fills them). A row written or linked is marked
  unmatched (``matched`` false) until they are matched again.
- ``thread_root``, ``thread_depth``, ``thread_orphan``, ``thread_cycle``: the reply thread each item
  (other than a share) belongs to, its depth in it, and whether its top is an orphan or a cycle member
  (:func:`passaparola.metrics.threads.resolve`); placed again with the entity columns, for every item,
  whenever some row is unmatched, since a new reply or a late parent moves whole subtrees.

Every batch is one transaction: an import killed at any point leaves whole batches behind, and running
it again upserts the same rows, so nothing is duplicated. On a key conflict the row whose counters were
observed later wins column by column; a value the newer record lacks (null) keeps the older known one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import zstandard

from passaparola.canonical import (
    AUTHOR_EXTRA_COLUMNS,
    AUTHOR_EXTRA_FIELDS,
    ENRICHED_COLUMNS,
    ENRICHED_FIELDS,
    ITEM_COLUMNS,
    ITEM_FIELDS,
    utc_now,
)
from passaparola.i18n import t

SCHEMA_VERSION = 1
QUARANTINE_RAW_LIMIT = 1 << 20

PROVENANCE_FIELDS: tuple[pa.Field, ...] = (
    pa.field("format", pa.string()),
    pa.field("source", pa.string()),
    pa.field("source_line", pa.int64()),
    pa.field("import_id", pa.int64()),
    pa.field("observed_at", pa.timestamp("us", tz="UTC")),
    pa.field("ingested_at", pa.timestamp("us", tz="UTC")),
    pa.field("raw", pa.binary()),
    pa.field("partial", pa.bool_()),
)
ITEM_SCHEMA = pa.schema([*ITEM_FIELDS, *ENRICHED_FIELDS, *PROVENANCE_FIELDS])
#: Normalised columns and the column each is derived from (see the module doc).
SEARCH_COLUMNS = {
    "search_title": "title",
    "search_text": "text",
    "search_handle": "author_handle",
    "search_hashtags": "hashtags",
    "search_mentions": "mentions",
}
_LIST_SOURCES = ("hashtags", "mentions")


def search_value(source: str, table: str = "") -> str:
    """The SQL that derives a search column from its source column (of ``table``, when given)."""
    column = f"{table}.{source}" if table else source
    if source in _LIST_SOURCES:
        return f"list_transform({column}, lambda x: lower(strip_accents(x)))"
    return f"lower(strip_accents({column}))"


#: Each item's parent's and shared original's author, filled by :meth:`Store.link`.
TARGET_COLUMNS = {
    f"{role}_{name}": (key, column)
    for role, key in (("parent", "parent_id"), ("shared", "shared_id"))
    for name, column in (
        ("handle", "author_handle"),
        ("author", "author_id"),
        ("followers", "author_followers"),
    )
}
#: Which entity each item is by, answers, shares, mentions and talks about (see the module doc).
ENTITY_COLUMNS = ("author_entity", "parent_entity", "shared_entity", "mentioned_entities", "heard_entities")
#: Each item's place in its reply thread (see the module doc).
THREAD_COLUMNS = {
    "thread_root": pa.string(),
    "thread_depth": pa.int64(),
    "thread_orphan": pa.bool_(),
    "thread_cycle": pa.bool_(),
}
DERIVED_SCHEMA = pa.schema(
    [
        *(
            pa.field(name, pa.list_(pa.string()) if source in _LIST_SOURCES else pa.string())
            for name, source in SEARCH_COLUMNS.items()
        ),
        *(
            pa.field(name, pa.int64() if name.endswith("followers") else pa.string())
            for name in TARGET_COLUMNS
        ),
        pa.field("linked", pa.bool_()),
        *(
            pa.field(name, pa.list_(pa.string()) if name.endswith("entities") else pa.string())
            for name in ENTITY_COLUMNS
        ),
        pa.field("matched", pa.bool_()),
        *(pa.field(name, type) for name, type in THREAD_COLUMNS.items()),
    ]
)
AUTHOR_SCHEMA = pa.schema(
    [
        pa.field("platform", pa.string(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("observed_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("handle", pa.string()),
        pa.field("name", pa.string()),
        pa.field("followers", pa.int64()),
        *AUTHOR_EXTRA_FIELDS,
        pa.field("source", pa.string()),
    ]
)
AUTHOR_COLUMNS = tuple(AUTHOR_SCHEMA.names)
_DATA_COLUMNS = tuple(c for c in (*ITEM_COLUMNS, *ENRICHED_COLUMNS) if c not in ("platform", "id"))
_PROVENANCE_COLUMNS = ("format", "source", "source_line", "import_id", "ingested_at", "raw")


def _merge_sql() -> str:
    """The batch joined to the stored rows, with every column already merged by the upsert rule:
    the later observation's known values win and the earlier one fills what the later one lacks; a
    partial record (a thin view such as a search result) only fills what a full record lacks.
    ``rid`` is the stored row (null for a new key); ``changed`` says whether the merge alters data."""
    b_full, i_full = "NOT coalesce(b.partial, false)", "NOT coalesce(i.partial, false)"
    newer = f"(i.rowid IS NULL OR ({b_full}) > ({i_full}) OR (({b_full}) = ({i_full}) AND b.observed_at >= i.observed_at))"
    merged = {
        c: f"CASE WHEN {newer} THEN coalesce(b.{c}, i.{c}) ELSE coalesce(i.{c}, b.{c}) END"
        for c in _DATA_COLUMNS
    }
    # extra is merged key by key, so a fact only one observation carried is kept
    merged["extra"] = (
        "CASE WHEN b.extra IS NULL OR i.extra IS NULL THEN coalesce(b.extra, i.extra) "
        f"WHEN {newer} THEN json_merge_patch(i.extra, b.extra)::VARCHAR "
        "ELSE json_merge_patch(b.extra, i.extra)::VARCHAR END"
    )
    parts = [
        "b.platform",
        "b.id",
        *(f"{expr} AS {c}" for c, expr in merged.items()),
        *(f"CASE WHEN {newer} THEN b.{c} ELSE i.{c} END AS {c}" for c in _PROVENANCE_COLUMNS),
        "greatest(b.observed_at, i.observed_at) AS observed_at",
        "coalesce(b.partial, false) AND (i.rowid IS NULL OR coalesce(i.partial, false)) AS partial",
        "i.rowid AS rid",
        "b.source AS incoming_source",
        "i.rowid IS NOT NULL AND ("
        + " OR ".join(f"({e}) IS DISTINCT FROM i.{c}" for c, e in merged.items())
        + ") AS changed",
    ]
    return (
        "CREATE OR REPLACE TEMP TABLE incoming AS SELECT "
        + ",\n  ".join(parts)
        + " FROM incoming_arrow b LEFT JOIN items i ON i.platform = b.platform AND i.id = b.id"
    )


_MERGE_SQL = _merge_sql()
_SEARCH_VALUES = ", ".join(search_value(source) for source in SEARCH_COLUMNS.values())
_SEARCH_ASSIGNMENTS = ", ".join(
    f"{name} = {search_value(source, 'm')}" for name, source in SEARCH_COLUMNS.items()
)


def _link_sql() -> list[str]:
    """Statements that fill the target columns of unlinked rows and of the rows that reply to or share
    them (their parent or original may have arrived or changed), then mark them linked."""
    targets = ", ".join(
        f"{'p' if key == 'parent_id' else 's'}.{column} AS {name}"
        for name, (key, column) in TARGET_COLUMNS.items()
    )
    assignments = ", ".join(f"{name} = x.{name}" for name in TARGET_COLUMNS)
    return [
        "CREATE OR REPLACE TEMP TABLE link_fresh AS "
        "SELECT rowid AS r, platform, id FROM items WHERE linked IS NOT TRUE",
        "CREATE OR REPLACE TEMP TABLE link_rows AS "
        "SELECT r FROM link_fresh "
        "UNION SELECT c.rowid FROM items c JOIN link_fresh f ON c.platform = f.platform AND c.parent_id = f.id "
        "UNION SELECT c.rowid FROM items c JOIN link_fresh f ON c.platform = f.platform AND c.shared_id = f.id",
        f"UPDATE items SET {assignments}, linked = true, matched = false FROM ("
        f"SELECT c.rowid AS r, {targets} FROM link_rows t JOIN items c ON c.rowid = t.r "
        "LEFT JOIN items p ON p.platform = c.platform AND p.id = c.parent_id "
        "LEFT JOIN items s ON s.platform = c.platform AND s.id = c.shared_id"
        ") x WHERE items.rowid = x.r",
        "DROP TABLE link_fresh",
        "DROP TABLE link_rows",
    ]


_LINK_SQL = _link_sql()


class StoreError(Exception):
    """The store cannot be opened or written: the message says which file and why."""


class StoreBusy(StoreError):
    """Another process holds the store (an import is running): trying again later can work."""


def _sql_type(dtype: pa.DataType) -> str:
    if pa.types.is_string(dtype):
        return "VARCHAR"
    if pa.types.is_int64(dtype):
        return "BIGINT"
    if pa.types.is_boolean(dtype):
        return "BOOLEAN"
    if pa.types.is_float64(dtype):
        return "DOUBLE"
    if pa.types.is_timestamp(dtype):
        return "TIMESTAMPTZ"
    if pa.types.is_binary(dtype):
        return "BLOB"
    if pa.types.is_list(dtype):
        return f"{_sql_type(dtype.value_type)}[]"
    raise TypeError(dtype)


def _columns_ddl(schema: pa.Schema) -> str:
    return ",\n  ".join(f"{f.name} {_sql_type(f.type)}{'' if f.nullable else ' NOT NULL'}" for f in schema)


_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS import_ids START 1;
CREATE TABLE IF NOT EXISTS imports (
  id BIGINT PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,
  command VARCHAR
);
CREATE TABLE IF NOT EXISTS import_sources (
  import_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  format VARCHAR,
  new BIGINT DEFAULT 0,
  updated BIGINT DEFAULT 0,
  unchanged BIGINT DEFAULT 0,
  quarantined BIGINT DEFAULT 0,
  skipped BIGINT DEFAULT 0,
  profiles BIGINT DEFAULT 0,
  PRIMARY KEY (import_id, source)
);
CREATE TABLE IF NOT EXISTS items (
  {_columns_ddl(ITEM_SCHEMA)},
  {_columns_ddl(DERIVED_SCHEMA)}
);
CREATE TABLE IF NOT EXISTS authors (
  {_columns_ddl(AUTHOR_SCHEMA)}
);
CREATE TABLE IF NOT EXISTS quarantine (
  source VARCHAR NOT NULL,
  line BIGINT NOT NULL,
  format VARCHAR,
  reason VARCHAR NOT NULL,
  raw BLOB,
  raw_truncated BOOLEAN,
  import_id BIGINT,
  quarantined_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source, line)
);
CREATE SEQUENCE IF NOT EXISTS alert_ids START 1;
CREATE TABLE IF NOT EXISTS alerts (
  id BIGINT PRIMARY KEY,
  source VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  day DATE NOT NULL,
  value DOUBLE,
  threshold DOUBLE,
  baseline DOUBLE,
  z DOUBLE,
  detail VARCHAR,
  fired_at TIMESTAMPTZ NOT NULL,
  UNIQUE (source, day)
);
CREATE TABLE IF NOT EXISTS alert_deliveries (
  alert_id BIGINT NOT NULL,
  url VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  status VARCHAR NOT NULL,
  http_status INTEGER,
  error VARCHAR,
  finished_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS sentiment_corrections (
  platform VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  corrected_at TIMESTAMPTZ NOT NULL,
  source VARCHAR
);
"""


@dataclass
class SourceCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    skipped: int = 0
    profiles: int = 0

    def add(self, other: SourceCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.quarantined += other.quarantined
        self.skipped += other.skipped
        self.profiles += other.profiles


@dataclass
class Batch:
    """Rows waiting to be written in one transaction."""

    items: list[dict[str, Any]] = field(default_factory=list)
    authors: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[tuple[str, int, str | None, str, bytes]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    profiles: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sources: dict[str, str | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.items) + len(self.authors) + len(self.rejects)


_compressor = zstandard.ZstdCompressor(level=3)
_decompressor = zstandard.ZstdDecompressor()


def compress_raw(data: dict[str, Any]) -> bytes:
    return _compressor.compress(orjson.dumps(data))


def decompress_raw(blob: bytes) -> dict[str, Any]:
    return orjson.loads(_decompressor.decompress(blob))


class Store:
    """A workspace's DuckDB file. Open it with :meth:`open`; use as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None, read_only: bool = False):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._ibis = None

    @classmethod
    def open(cls, path: Path | str | None, *, read_only: bool = False, create: bool = True) -> Store:
        target = ":memory:" if path is None else str(path)
        if path is not None and not create and not Path(path).exists():
            raise StoreError(t("store.none", path=path))
        try:
            con = duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreBusy(t("store.busy", path=target)) from None
            raise StoreError(t("store.cannot_open", path=target, reason=message)) from None
        except duckdb.Error as exc:
            raise StoreError(t("store.not_one", path=target, reason=exc)) from None
        con.execute("SET TimeZone = 'UTC'")
        store = cls(con, Path(path) if path is not None else None, read_only)
        if not read_only:
            store._migrate()
        elif path is not None and (store._missing_columns() or store.unlinked()):
            # made by an older passaparola, or an import was killed before its end: add the new
            # columns and link the rows, then read
            store.close()
            cls.open(path).close()
            return cls.open(path, read_only=True)
        return store

    def _missing_columns(self) -> list[tuple[str, pa.Field]]:
        missing = []
        for table, schema in (
            ("items", pa.schema([*ITEM_SCHEMA, *DERIVED_SCHEMA])),
            ("authors", AUTHOR_SCHEMA),
        ):
            present = {r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()}
            missing += [(table, column) for column in schema if column.name not in present]
        return missing

    def unlinked(self) -> bool:
        """Whether some rows were written since the last :meth:`link`."""
        return self.one("SELECT 1 FROM items WHERE linked IS NOT TRUE LIMIT 1") is not None

    def unmatched(self) -> bool:
        """Whether some rows were written or linked since their entity columns were last matched."""
        return self.one("SELECT 1 FROM items WHERE matched IS NOT TRUE LIMIT 1") is not None

    def link(self) -> None:
        """Fill the parent and shared-original author columns of the rows written since the last link,
        and of the rows that reply to or share them, in one transaction."""
        if not self.unlinked():
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            for statement in _LINK_SQL:
                self.con.execute(statement)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _migrate(self) -> None:
        self.con.execute(_DDL)
        missing = self._missing_columns()
        for table, column in missing:  # columns added since this store was created
            self.con.execute(f"ALTER TABLE {table} ADD COLUMN {column.name} {_sql_type(column.type)}")
        if any(column.name in SEARCH_COLUMNS for _, column in missing):
            self.con.execute(
                "UPDATE items SET "
                + ", ".join(f"{name} = {search_value(source)}" for name, source in SEARCH_COLUMNS.items())
            )
        if any(column.name in (*ENTITY_COLUMNS, *THREAD_COLUMNS) for _, column in missing):
            self.con.execute("UPDATE items SET matched = false")  # to be matched and placed again
        self.link()
        row = self.one("SELECT value FROM meta WHERE key = 'schema_version'")
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(t("store.newer", path=self.path, version=row[0], known=SCHEMA_VERSION))

    # --- reading ----------------------------------------------------------------------------

    def one(self, sql: str, params: list[Any] | None = None) -> tuple | None:
        """The first row of a query, or ``None``. (Fetches the whole result: DuckDB keeps a partly
        fetched result open on the connection and refuses further work until it is consumed.)"""
        found = self.con.execute(sql, params or []).fetchall()
        return found[0] if found else None

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def ibis(self):
        """An Ibis backend over this store's connection: every analysis reads through it."""
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis

    def table(self, name: str):
        """A table through Ibis; ``items`` is linked first when rows were written since the last link."""
        if name == "items" and not self.read_only:
            self.link()
        return self.ibis().table(name)

    # --- imports -----------------------------------------------------------------------------

    def begin_import(self, command: str) -> int:
        import_id = self.scalar("SELECT nextval('import_ids')")
        self.con.execute(
            "INSERT INTO imports VALUES (?, ?, NULL, 'running', ?)", [import_id, utc_now(), command]
        )
        return int(import_id)

    def finish_import(self, import_id: int, status: str) -> None:
        self.con.execute(
            "UPDATE imports SET finished_at = ?, status = ? WHERE id = ?", [utc_now(), status, import_id]
        )

    def write(self, import_id: int, batch: Batch) -> dict[str, SourceCounts]:
        """Write one batch in one transaction; return what happened per source entry."""
        counts: dict[str, SourceCounts] = defaultdict(SourceCounts)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if batch.items:
                self._write_items(batch.items, counts)
            if batch.items or batch.authors:
                self._write_authors(batch.items, batch.authors)
            if batch.rejects:
                self._write_rejects(import_id, batch.rejects, counts)
            for source, n in batch.skipped.items():
                counts[source].skipped += n
            for source, n in batch.profiles.items():
                counts[source].profiles += n
            self._record_sources(import_id, batch.sources, counts)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return counts

    def _write_items(self, items: list[dict[str, Any]], counts: dict[str, SourceCounts]) -> None:
        """Upsert by anti-join: new keys are appended, existing rows are updated only where the merge
        changes something. (Uniqueness of (platform, id) is kept by this single write path; DuckDB's
        indexed ON CONFLICT is several times slower, worst on re-imports.)"""
        con = self.con
        items = merge_duplicates(items)
        table = pa.Table.from_pydict(
            {name: [item.get(name) for item in items] for name in ITEM_SCHEMA.names},
            schema=ITEM_SCHEMA,
        )
        con.register("incoming_arrow", table)
        try:
            con.execute(_MERGE_SQL)
            for source, new, updated, total in con.execute(
                "SELECT incoming_source, count(*) FILTER (WHERE rid IS NULL), count(*) FILTER (WHERE changed), "
                "count(*) FROM incoming GROUP BY incoming_source"
            ).fetchall():
                counts[source].new += new
                counts[source].updated += updated
                counts[source].unchanged += total - new - updated
            columns = ", ".join(ITEM_SCHEMA.names)
            con.execute(
                f"INSERT INTO items ({columns}, {', '.join(SEARCH_COLUMNS)}) "
                f"SELECT {columns}, {_SEARCH_VALUES} FROM incoming WHERE rid IS NULL"
            )
            assignments = ", ".join(f"{c} = m.{c}" for c in ITEM_SCHEMA.names if c not in ("platform", "id"))
            con.execute(
                f"UPDATE items SET {assignments}, {_SEARCH_ASSIGNMENTS}, linked = false, matched = false "
                "FROM incoming m WHERE m.changed AND items.rowid = m.rid"
            )
        finally:
            con.unregister("incoming_arrow")
            con.execute("DROP TABLE IF EXISTS incoming")

    def _write_authors(self, items: list[dict[str, Any]], profiles: list[dict[str, Any]]) -> None:
        self.con.register("incoming_authors", _author_table(items, profiles))
        try:
            self.con.execute(
                f"""
                INSERT INTO authors ({", ".join(AUTHOR_COLUMNS)})
                SELECT {", ".join(f"n.{c}" for c in AUTHOR_COLUMNS)} FROM incoming_authors n
                ANTI JOIN authors a ON a.platform = n.platform AND a.id = n.id AND a.observed_at = n.observed_at
                QUALIFY row_number() OVER (PARTITION BY n.platform, n.id, n.observed_at ORDER BY n.followers DESC NULLS LAST) = 1
                """
            )
        finally:
            self.con.unregister("incoming_authors")

    def _write_rejects(
        self,
        import_id: int,
        rejects: list[tuple[str, int, str | None, str, bytes]],
        counts: dict[str, SourceCounts],
    ) -> None:
        latest: dict[tuple[str, int], tuple[str, int, str | None, str, bytes]] = {}
        for reject in rejects:
            counts[reject[0]].quarantined += 1
            latest[(reject[0], reject[1])] = reject
        kept = list(latest.values())
        table = pa.table(
            {
                "source": [r[0] for r in kept],
                "line": pa.array([r[1] for r in kept], pa.int64()),
                "format": [r[2] for r in kept],
                "reason": [r[3] for r in kept],
                "raw": pa.array([r[4][:QUARANTINE_RAW_LIMIT] for r in kept], pa.binary()),
                "raw_truncated": [len(r[4]) > QUARANTINE_RAW_LIMIT for r in kept],
                "import_id": pa.array([import_id] * len(kept), pa.int64()),
                "quarantined_at": pa.array([utc_now()] * len(kept), pa.timestamp("us", tz="UTC")),
            }
        )
        self.con.register("incoming_rejects", table)
        try:
            self.con.execute(
                """
                INSERT INTO quarantine SELECT * FROM incoming_rejects
                ON CONFLICT (source, line) DO UPDATE SET format = excluded.format, reason = excluded.reason,
                  raw = excluded.raw, raw_truncated = excluded.raw_truncated, import_id = excluded.import_id,
                  quarantined_at = excluded.quarantined_at
                """
            )
        finally:
            self.con.unregister("incoming_rejects")

    def _record_sources(
        self, import_id: int, formats: dict[str, str | None], counts: dict[str, SourceCounts]
    ) -> None:
        sources = sorted(set(formats) | set(counts))
        if not sources:
            return
        empty = SourceCounts()
        table = pa.table(
            {
                "import_id": pa.array([import_id] * len(sources), pa.int64()),
                "source": sources,
                "format": [formats.get(s) for s in sources],
                **{
                    name: pa.array([getattr(counts.get(s, empty), name) for s in sources], pa.int64())
                    for name in ("new", "updated", "unchanged", "quarantined", "skipped", "profiles")
                },
            }
        )
        self.con.register("incoming_sources", table)
        try:
            self.con.execute(
                """
                INSERT INTO import_sources SELECT * FROM incoming_sources
                ON CONFLICT (import_id, source) DO UPDATE SET
                  format = coalesce(excluded.format, import_sources.format),
                  new = import_sources.new + excluded.new,
                  updated = import_sources.updated + excluded.updated,
                  unchanged = import_sources.unchanged + excluded.unchanged,
                  quarantined = import_sources.quarantined + excluded.quarantined,
                  skipped = import_sources.skipped + excluded.skipped,
                  profiles = import_sources.profiles + excluded.profiles
                """
            )
        finally:
            self.con.unregister("incoming_sources")

    def replace_items(self, items: Iterable[dict[str, Any]]) -> None:
        """Overwrite items (same keys) in one transaction: used by ``reparse`` after an importer fix."""
        rows = list(items)
        if not rows:
            return
        table = pa.Table.from_pydict(
            {name: [item.get(name) for item in rows] for name in ITEM_SCHEMA.names}, schema=ITEM_SCHEMA
        )
        assignments = ", ".join(f"{c} = m.{c}" for c in _DATA_COLUMNS)
        self.con.register("reparsed", table)
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(
                f"UPDATE items SET {assignments}, {_SEARCH_ASSIGNMENTS}, linked = false, matched = false "
                "FROM reparsed m WHERE items.platform = m.platform AND items.id = m.id"
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.unregister("reparsed")


def _rank(item: dict[str, Any]) -> tuple[bool, Any]:
    return (not item.get("partial"), item["observed_at"])


def merge_duplicates(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse items with the same (platform, id) by the upsert rule: a full record beats a partial
    one, then the later observation's known values win and the other fills what it lacks (on a tie, the
    later record wins)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        key = (item["platform"], item["id"])
        previous = merged.get(key)
        if previous is None:
            merged[key] = item
            continue
        newer, older = (item, previous) if _rank(item) >= _rank(previous) else (previous, item)
        combined = {**older, **{k: v for k, v in newer.items() if v is not None}}
        # as the store's merge does: extra key by key, and partial only when both records were
        combined["extra"] = _merged_extra(older.get("extra"), newer.get("extra"))
        combined["partial"] = bool(older.get("partial")) and bool(newer.get("partial"))
        merged[key] = combined
    return list(merged.values())


def _merged_extra(older: str | None, newer: str | None) -> str | None:
    if older is None or newer is None:
        return newer if older is None else older
    before, after = orjson.loads(older), orjson.loads(newer)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return newer
    return orjson.dumps({**before, **after}).decode()


def _author_table(items: list[dict[str, Any]], profiles: list[dict[str, Any]]) -> pa.Table:
    """Author snapshots: one per item (the author as seen on it) plus bare profiles (user lookups)."""
    columns: dict[str, list[Any]] = {name: [] for name in AUTHOR_COLUMNS}
    for profile in profiles:
        for name in AUTHOR_COLUMNS:
            columns[name].append(profile.get(name))
    for item in items:
        author_id = item.get("author_id")
        if author_id is None:
            continue
        extra = item.get("_author") or {}
        columns["platform"].append(item["platform"])
        columns["id"].append(author_id)
        columns["observed_at"].append(item["observed_at"])
        columns["handle"].append(item.get("author_handle"))
        columns["name"].append(item.get("author_name"))
        columns["followers"].append(item.get("author_followers"))
        for name in AUTHOR_EXTRA_COLUMNS:
            columns[name].append(extra.get(name))
        columns["source"].append(item.get("source"))
    return pa.Table.from_pydict(columns, schema=AUTHOR_SCHEMA)
