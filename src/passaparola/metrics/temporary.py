"""Temporary tables that live exactly as long as an expression reads them.

Some computations materialise an intermediate result (a cascade's numbered items, its structure computed
in numpy, near-duplicate text clusters) so that later expressions read one fixed answer. Each such table
gets a name of its own, so an expression built earlier keeps reading its own table whatever is computed
after it. The table is dropped when the last expression that refers to it is garbage-collected, so
repeated computations on one connection (a report, a web server) do not accumulate tables.
"""

from __future__ import annotations

import itertools
import weakref

import duckdb
import ibis.expr.types as ir
import pyarrow as pa

_NUMBERS = itertools.count(1)


def temporary_table(items: ir.Table, prefix: str, content: ir.Table | pa.Table | str) -> ir.Table:
    """A temporary table on ``items``' connection holding ``content`` (an expression, evaluated once; an
    Arrow table; or a SELECT statement), named ``<prefix>_<n>`` and dropped once no expression refers to it
    any more."""
    backend = items._find_backend()
    name = f"{prefix}_{next(_NUMBERS)}"
    con = backend.con
    if isinstance(content, pa.Table):
        view = f"{name}_arrow"
        con.register(view, content)
        try:
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
        finally:
            con.unregister(view)
    elif isinstance(content, str):
        con.execute(f"CREATE TEMP TABLE {name} AS {content}")
    else:  # through Ibis, which first registers the in-memory tables the expression reads
        backend.create_table(name, content, temp=True)
    table = backend.table(name)
    weakref.finalize(table.op(), _drop, con, name)
    return table


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    try:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")
    except duckdb.ConnectionException:  # the store was closed: its temporary tables went with it
        pass
