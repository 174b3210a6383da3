"""Export the canonical tables to Parquet, CSV or JSON Lines (DuckDB's COPY: streaming, any size).

CSV is opened in spreadsheets, where a cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) runs as a formula: such text cells get a leading ``'`` (OWASP's CSV-injection advice). Lists
become space-separated text in CSV. The compressed raw record is left out of every export; timestamps are
written in UTC with their offset.
"""

from __future__ import annotations

from pathlib import Path

from passaparola.store import Store

EXPORTABLE = ("items", "authors", "sentiment_corrections", "quarantine")
FORMATS = ("parquet", "csv", "jsonl")
_LEFT_OUT = {"items": ("raw",), "quarantine": ("raw",), "authors": (), "sentiment_corrections": ()}


def neutralised(expr: str) -> str:
    """SQL that prefixes a text value with ``'`` when a spreadsheet would read it as a formula."""
    return f"CASE WHEN regexp_matches({expr}, '^[=+\\-@\\t\\r]') THEN '''' || {expr} ELSE {expr} END"


def _select(store: Store, table: str, fmt: str) -> str:
    columns = store.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    parts = []
    for name, dtype in columns:
        if name in _LEFT_OUT[table]:
            continue
        if fmt == "csv" and dtype.endswith("[]"):
            parts.append(f"{neutralised(f'array_to_string({name}, {chr(39)} {chr(39)})')} AS {name}")
        elif fmt == "csv" and dtype == "VARCHAR":
            parts.append(f"{neutralised(name)} AS {name}")
        else:
            parts.append(name)
    return f"SELECT {', '.join(parts)} FROM {table}"


def export_table(store: Store, table: str, fmt: str, out: Path) -> tuple[Path, int]:
    """Write one table; return the file and its row count."""
    if table not in EXPORTABLE:
        raise ValueError(f"cannot export {table!r}; choose from {', '.join(EXPORTABLE)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{table}.{fmt}"
    options = {
        "parquet": "FORMAT parquet, COMPRESSION zstd",
        "csv": "FORMAT csv, HEADER",
        "jsonl": "FORMAT json",
    }[fmt]
    escaped = str(target).replace("'", "''")
    store.con.execute(f"COPY ({_select(store, table, fmt)}) TO '{escaped}' ({options})")
    return target, int(store.scalar(f"SELECT count(*) FROM {table}"))
