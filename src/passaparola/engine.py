"""Which engine an Ibis expression runs on. The metric code is the same on DuckDB and Spark but for the
few functions the two name differently (docs/spark.md); those ask here."""

from __future__ import annotations

import ibis.expr.types as ir


def on_spark(expr: ir.Expr) -> bool:
    """Whether ``expr`` reads tables of a Spark session (else the store's DuckDB, or no table at all)."""
    return expr._find_backend(use_default=True).name == "pyspark"
