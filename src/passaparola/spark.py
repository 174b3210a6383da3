"""Metrics on Apache Spark, for data that outgrows one machine.

The metric registry is written in Ibis, and the same expressions run on Spark (PySpark) through Ibis's
PySpark backend. The store's tables are read from Parquet, as ``passaparola export --format parquet``
writes them (``items.parquet``, ``authors.parquet``, ``sentiment_corrections.parquet`` in a folder; each
may also be a folder of Parquet files, and the folder any path Spark reads: ``hdfs://``, ``s3a://``...),
with all of the store's columns, those it derives at import included. ``items`` is required; a missing
``authors`` or ``sentiment_corrections`` reads as empty (no account snapshots, no corrections).

Spark's ``TIMESTAMP`` is an instant shown in the session's time zone; the session is set to UTC and the
timestamp columns are typed as UTC, so that periods, windows and results read as on DuckDB. Entity columns
are computed from the workspace's settings in the query (the stored ones may be behind them).

The steps that are not table queries run on the driver, as on one machine: threads and cascades collect
a row per item (ids and parent numbers) to find roots and depths in numpy, and the near-duplicate texts of
``cross_platform_texts`` collect the word hashes of each distinct text to make its MinHash band keys. The
driver needs memory for those.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import ibis

from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.temporary import typed_as
from passaparola.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

    from passaparola.config import Settings

#: The tables read, by file name; the first is required.
TABLES = ("items", "authors", "sentiment_corrections")
_VIEWS = itertools.count(1)


class SparkError(Exception):
    """Spark cannot be started, the data cannot be read, or Spark failed computing: the message says which
    and where."""


def connect(
    master: str | None = None, config: Mapping[str, str] | None = None, *, quiet: bool = False
) -> BaseBackend:
    """An Ibis backend over a Spark session: the active one (under ``spark-submit``, say) or a new one,
    on ``master`` when given (``local[2]``, ``spark://host:7077``, ``yarn``...), with ``config`` (Spark
    properties, ``{"spark.executor.memory": "8g"}``) for a new one. Adaptive execution may coalesce the
    partitions of the cached intermediate tables; :func:`read` sets the session's time zone to UTC.
    ``quiet`` keeps Spark's log to errors and hides its progress bars (the command line's choice: its
    output is for people)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkError(t("spark.missing")) from exc
    builder = SparkSession.builder.appName("passaparola")
    if master:
        builder = builder.master(master)
    if quiet:
        builder = builder.config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "ERROR")
    if SparkSession.getActiveSession() is None and (master is None or master.startswith("local")):
        # Python workers on this machine run this interpreter, which has passaparola (a cluster's
        # executors need it installed, and PYSPARK_PYTHON naming their interpreter); nothing is written
        # to a spark-warehouse folder where the command runs
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config(
            "spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "passaparola-spark")
        )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing, a master that does not answer: Py4J and Spark raise their own
        where = f" ({master})" if master else ""
        raise SparkError(t("spark.start", where=where, reason=_reason(exc))) from exc
    session.conf.set("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
    if quiet:
        session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def read(backend: BaseBackend, folder: str) -> dict[str, ir.Table]:
    """The store's tables from the Parquet files in ``folder``, with the store's columns and types. Sets
    the session's time zone to UTC, which the tables' timestamps are read in."""
    backend.raw_sql("SET spark.sql.session.timeZone = UTC")
    schemas = _store_schemas()
    tables = {}
    for name in TABLES:
        path = f"{folder.rstrip('/')}/{name}.parquet"
        view = f"passaparola_{name}_{next(_VIEWS)}"  # a view of its own: scopes over other folders coexist
        quoted = path.replace("\\", "\\\\").replace("'", "\\'")
        try:  # the path as given: Spark resolves it against its default file system (HDFS, S3...)
            backend.raw_sql(f"CREATE TEMPORARY VIEW {view} USING parquet OPTIONS (path '{quoted}')")
            table = backend.table(view)
        except Exception as exc:  # Spark's AnalysisException: the path is not there, or not Parquet
            if name != TABLES[0] and "PATH_NOT_FOUND" in str(exc):
                table = ibis.memtable(schemas[name].to_pyarrow().empty_table())
            else:
                raise SparkError(t("spark.read", path=path, reason=_reason(exc))) from exc
        tables[name] = _typed(table, schemas[name], path)
    return tables


def scope(
    backend: BaseBackend,
    folder: str,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
) -> Scope:
    """The metric scope over the tables in ``folder`` on Spark, for the local days ``start`` (included)
    to ``end`` (excluded), as :meth:`Scope.of` gives one over the store."""
    tables = read(backend, folder)
    zone = settings.timezone
    return Scope(
        tables["items"],
        settings,
        datetime.combine(start, time(), zone) if start else None,
        datetime.combine(end, time(), zone) if end else None,
        tables={name: table for name, table in tables.items() if name != "items"},
    )


@contextmanager
def errors() -> Iterator[None]:
    """Spark's errors inside the block (a file that breaks while read, a value that does not cast,
    executors without passaparola) as a :class:`SparkError` in one line; any other error as it is."""
    try:
        yield
    except Exception as exc:
        if not _from_spark(exc):
            raise
        raise SparkError(t("spark.failed", reason=_reason(exc))) from exc


def _from_spark(exc: Exception) -> bool:
    try:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException
    except ImportError:
        return False
    return isinstance(exc, Py4JError | PySparkException)


def _reason(exc: Exception) -> str:
    """What Spark said went wrong, in one line: its first line with an error class (``[PATH_NOT_FOUND]
    Path does not exist: ...``), which a Java error carries below a line of Py4J's; else the first line."""
    text = str(exc)
    found = re.search(r"\[[A-Z][A-Z_.]+\][^\n]*", text)
    return found.group(0) if found else text.splitlines()[0] if text else type(exc).__name__


@cache
def _store_schemas() -> dict[str, ibis.Schema]:
    """Each table's schema as the store defines it (from an empty in-memory store)."""
    with Store.open(None) as store:
        return {name: store.table(name).schema() for name in TABLES}


def _typed(table: ir.Table, schema: ibis.Schema, path: str) -> ir.Table:
    """``table`` with the store's columns and types (timestamps in UTC); ``raw``, which exports leave out,
    is not read."""
    schema = ibis.schema({column: dtype for column, dtype in schema.items() if column != "raw"})
    missing = [column for column in schema if column not in table.columns]
    if missing:
        raise SparkError(t("spark.columns", path=path, missing=", ".join(missing)))
    return typed_as(table, schema)
