"""Re-parse stored raw records with the current importers, after an importer fix.

Items keep their provenance (source, line, import, observation time); only what ``map_item`` derives is
replaced. Quarantined records whose raw bytes are a JSON record of a known format are tried again: those
that now map are upserted and leave quarantine.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
import pyarrow as pa

from passaparola import enrich
from passaparola.canonical import ENRICHED_COLUMNS, ITEM_COLUMNS, utc_now
from passaparola.sources import get_format
from passaparola.store import ITEM_SCHEMA, Batch, Store, compress_raw, decompress_raw

CHUNK = 20_000
#: What mapping and enrichment derive from a raw record (provenance stays as it was).
_MAPPED = (*ITEM_COLUMNS, *ENRICHED_COLUMNS)


@dataclass
class ReparseResult:
    items: int = 0
    changed: int = 0
    failed: int = 0
    recovered: int = 0


def reparse(store: Store, format_name: str | None = None) -> ReparseResult:
    result = ReparseResult()
    only = "AND format = ?" if format_name else ""
    last = ("", "")
    while True:
        chunk = store.con.execute(
            f"SELECT platform, id, format, raw FROM items WHERE (platform, id) > (?, ?) {only} "
            f"ORDER BY platform, id LIMIT {CHUNK}",
            [*last, *([format_name] if format_name else [])],
        ).fetchall()
        if not chunk:
            break
        last = chunk[-1][:2]
        mapped = []
        for platform, item_id, fmt_name, raw in chunk:
            result.items += 1
            try:
                item = get_format(fmt_name).map_item(decompress_raw(raw))
            except Exception:
                result.failed += 1
                continue
            if (item.get("platform"), item.get("id")) != (platform, item_id):
                result.failed += 1
                continue
            mapped.append(item)
        enrich.items(mapped)
        result.changed += _changed(store, mapped)
        store.replace_items(mapped)
    result.recovered = _retry_quarantine(store, format_name)
    store.link()
    return result


def _changed(store: Store, items: list[dict]) -> int:
    if not items:
        return 0
    table = pa.Table.from_pydict(
        {name: [item.get(name) for item in items] for name in _MAPPED},
        schema=pa.schema([ITEM_SCHEMA.field(name) for name in _MAPPED]),
    )
    store.con.register("candidates", table)
    try:
        differs = " OR ".join(f"c.{c} IS DISTINCT FROM i.{c}" for c in _MAPPED if c not in ("platform", "id"))
        n = store.scalar(
            f"SELECT count(*) FROM candidates c JOIN items i USING (platform, id) WHERE {differs}"
        )
    finally:
        store.con.unregister("candidates")
    return int(n)


def _retry_quarantine(store: Store, format_name: str | None) -> int:
    where = "format = ?" if format_name else "format IS NOT NULL"
    params = [format_name] if format_name else []
    rows = store.con.execute(
        f"SELECT source, line, format, raw FROM quarantine WHERE {where} AND NOT coalesce(raw_truncated, false)",
        params,
    ).fetchall()
    batch, recovered = Batch(), []
    now = utc_now()
    for source, line, fmt_name, raw in rows:
        try:
            data = orjson.loads(raw)
            fmt = get_format(fmt_name)
            item = fmt.map_item(data)
        except Exception:
            continue
        item.update(
            format=fmt_name,
            source=source,
            source_line=line,
            import_id=None,
            ingested_at=now,
            raw=compress_raw(data),
        )
        item.setdefault("observed_at", now)
        batch.items.append(item)
        recovered.append((source, line))
    if not recovered:
        return 0
    enrich.items(batch.items)
    import_id = store.scalar("SELECT coalesce(max(id), 0) FROM imports")
    store.write(int(import_id), batch)
    store.con.executemany("DELETE FROM quarantine WHERE source = ? AND line = ?", recovered)
    return len(recovered)
