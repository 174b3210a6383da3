"""Temporary tables that live exactly as long as an expression reads them.

Some computations materialise an intermediate result (a cascade's numbered items, its structure computed
in numpy, near-duplicate text clusters) so that later expressions read one fixed answer. Each such table
gets a name of its own, so an expression built earlier keeps reading its own table whatever is computed
after it. The table is dropped when the last expression that refers to it is garbage-collected, so
repeated computations on one connection (a report, a web server) do not accumulate tables.

On DuckDB (the store) it is a temporary table of the store's connection. On Spark
(:mod:`passaparola.spark`) it is a cached temporary view; an Arrow table or a Parquet file made on the
driver is sent to Spark first, as an in-memory table that Ibis keeps registered until the session ends.
"""

from __future__ import annotations

import itertools
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

from passaparola.engine import on_spark

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

_NUMBERS = itertools.count(1)


def temporary_table(items: ir.Table, prefix: str, content: ir.Table | pa.Table | Path) -> ir.Table:
    """A temporary table on ``items``' backend holding ``content`` (an expression, evaluated once; an Arrow
    table; or a Parquet file, which may be deleted once this returns), named ``<prefix>_<n>`` and dropped
    once no expression refers to it any more."""
    backend = items._find_backend()
    name = f"{prefix}_{next(_NUMBERS)}"
    if backend.name == "pyspark":
        return _spark_table(backend, name, content)
    con = backend.con
    if isinstance(content, pa.Table):
        view = f"{name}_arrow"
        con.register(view, content)
        try:
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
        finally:
            con.unregister(view)
    elif isinstance(content, Path):
        quoted = str(content).replace("'", "''")
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM read_parquet('{quoted}')")
    else:  # through Ibis, which first registers the in-memory tables the expression reads
        backend.create_table(name, content, temp=True)
    table = backend.table(name)
    weakref.finalize(table.op(), _drop, con, name)
    return table


def _spark_table(backend: BaseBackend, name: str, content: ir.Table | pa.Table | Path) -> ir.Table:
    """A cached temporary view of ``content`` (``CACHE TABLE`` computes it at once)."""
    if isinstance(content, Path):
        content = pq.read_table(content)
    expr = ibis.memtable(content) if isinstance(content, pa.Table) else content
    backend._run_pre_execute_hooks(expr)  # create_view registers in-memory tables, but not Python UDFs
    table = backend.create_view(name, expr)
    backend.raw_sql(f"CACHE TABLE {name}")
    # the finaliser holds ``expr``, so what the view reads (the views it was built on) outlives it
    weakref.finalize(table.op(), _drop_view, backend, name, expr).atexit = False
    return typed_as(table, expr.schema())


def row_numbers(items: ir.Table, keys: list[str]) -> ir.IntegerValue:
    """A row number for a temporary table of ``items``' rows. On DuckDB, the rows' order as read; on Spark,
    the order of ``keys`` (unique per row), so that a cached table recomputed after a lost executor numbers
    its rows as before."""
    if on_spark(items):
        return ibis.row_number().over(order_by=keys)
    return ibis.row_number()


def typed_as(table: ir.Table, schema: ibis.Schema) -> ir.Table:
    """``table``'s columns of ``schema`` cast to its types where they differ (nullability aside): Spark
    reads a timestamp as one without a time zone, which the store's are not."""
    return table.select(
        **{
            column: table[column].cast(dtype)
            if table[column].type().copy(nullable=True) != dtype.copy(nullable=True)
            else table[column]
            for column, dtype in schema.items()
        }
    )


def _drop_view(backend: BaseBackend, name: str, kept: ir.Table) -> None:
    """Drop the view; ``kept``, the expression it was made of, is let go with this finaliser."""
    try:
        backend.raw_sql(f"UNCACHE TABLE IF EXISTS {name}")
        backend.raw_sql(f"DROP VIEW IF EXISTS {name}")
    except Exception:  # the session was stopped (Py4J's or Spark's error): its views went with it
        pass


def _drop(con: duckdb.DuckDBPyConnection, name: str) -> None:
    try:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")
    except duckdb.ConnectionException:  # the store was closed: its temporary tables went with it
        pass
