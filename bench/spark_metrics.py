"""Every metric of the registry on a local Spark (``passaparola metrics --spark``) against the same metric
on DuckDB (the store), measured in the same run on the same workspace, as a ratio; each result is checked
equal on both (rows and values, floats to 1e-9 relative).

What this measures is Spark's fixed cost per query on one machine (planning, tasks, caching the
intermediate tables): Spark is for items beyond one machine, and on one machine DuckDB is expected to win
at every size. The figure says what a user pays for ``--spark`` on data that would fit DuckDB.

Run: ``python bench/spark_metrics.py WORKSPACE`` on a workspace made by ``passaparola demo DIR`` (its
tables are exported to a temporary folder first), with ``--master local[N]`` to choose the cores (default
``local[2]``) and ``--metrics a,b`` for a subset. ``--each-split`` computes every metric split by each of
its dimensions in turn (but those of ``--skip``, default ``day,quarter,year,author``), within ``--from``
and ``--to`` when given, instead of unsplit. Needs ``passaparola[spark]`` and Java.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from passaparola import spark, workspace
from passaparola.export import export_table
from passaparola.metrics import all_metrics, compute
from passaparola.metrics.scope import Scope


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted; times in UTC; numbers as floats (DuckDB sums are decimals), unknown as NaN."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC")
        elif frame[column].dtype == object:
            numbers = pd.to_numeric(frame[column], errors="coerce")
            if numbers.notna().sum() == frame[column].notna().sum():
                frame[column] = numbers.astype("float64")
    return frame.sort_values(list(frame.columns), key=lambda c: c.astype(str), ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--metrics", default="")
    parser.add_argument("--each-split", action="store_true")
    parser.add_argument("--skip", default="day,quarter,year,author")
    parser.add_argument("--from", dest="start", type=date.fromisoformat)
    parser.add_argument("--to", dest="end", type=date.fromisoformat)
    args = parser.parse_args()
    ws = workspace.load(args.workspace)
    chosen = [m for m in all_metrics() if not args.metrics or m.name in args.metrics.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="passaparola-spark-") as folder,
        ws.open_store(read_only=True) as store,
    ):
        items = store.scalar("SELECT count(*) FROM items")
        for table in spark.TABLES:
            export_table(store, table, "parquet", Path(folder))
        started = time.perf_counter()
        backend = spark.connect(args.master, quiet=True)
        print(f"{items:,} items; Spark ({args.master}) started in {time.perf_counter() - started:.1f} s")
        print(f"{'metric':<32} {'DuckDB s':>9} {'Spark s':>9} {'ratio':>7}  same")
        totals = [0.0, 0.0]
        skipped = args.skip.split(",")
        runs = [
            (metric, split)
            for metric in chosen
            for split in ([[d] for d in metric.dimensions if d not in skipped] if args.each_split else [[]])
        ]
        for metric, split in runs:
            clock = time.perf_counter()
            ours = compute(metric, Scope.of(store, ws.settings, args.start, args.end), split).execute()
            duck = time.perf_counter() - clock
            clock = time.perf_counter()
            theirs = compute(metric, spark.scope(backend, folder, ws.settings, args.start, args.end), split)
            theirs = theirs.execute()
            on_spark = time.perf_counter() - clock
            try:
                pd.testing.assert_frame_equal(
                    _comparable(ours), _comparable(theirs), check_dtype=False, check_exact=False, rtol=1e-9
                )
                same = "yes"
            except AssertionError:
                same = "NO"
            totals[0] += duck
            totals[1] += on_spark
            label = f"{metric.name} by {split[0]}" if split else metric.name
            print(f"{label:<32} {duck:>9.3f} {on_spark:>9.2f} {on_spark / duck:>6.0f}x  {same}")
        print(
            f"{f'all ({len(runs)})':<32} {totals[0]:>9.3f} {totals[1]:>9.2f} {totals[1] / totals[0]:>6.0f}x"
        )


if __name__ == "__main__":
    main()
