"""`passaparola metrics`: list the registry, or compute one metric: as a table people read (titles,
words and numbers as the report shows them, from the registry's declarations and the report's formatting),
or as CSV or JSON for programs (raw column names and values)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape

from passaparola import i18n, spark
from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics import Metric, MetricError, all_metrics, column_text, compute, get
from passaparola.metrics import plain as metrics_plain
from passaparola.metrics.scope import Scope
from passaparola.report import formatting

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import pandas as pd


def listing() -> None:
    language = i18n.language()
    rows = [
        (
            m.name,
            m.title(language),
            t(f"metrics.unit.{m.unit}"),
            t(f"metrics.better.{m.better}"),
            ", ".join(m.dimensions),
        )
        for m in all_metrics()
    ]
    headers = [t("metrics.name"), t("metrics.title"), t("metrics.unit"), t("metrics.better"), t("metrics.by")]
    console.print(table(t("metrics.heading"), headers, rows))


def run(
    name: str,
    by: str,
    start: str | None,
    end: str | None,
    fmt: str,
    workspace_dir: Path | None,
    spark_folder: str | None = None,
    spark_master: str | None = None,
) -> None:
    ws = open_workspace(workspace_dir)
    first, last = window(start, end)
    try:
        metric = get(name)
    except MetricError as exc:
        fail(str(exc))
    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    if spark_master is not None and spark_folder is None:
        fail(t("spark.master_alone"))
    try:
        if spark_folder is not None:
            backend = spark.connect(spark_master, quiet=True)
            with spark.errors():
                scope = spark.scope(backend, spark_folder, ws.settings, first, last)
                result = compute(metric, scope, dimensions)
                frame = result.execute()
        else:
            with ws.open_store(read_only=True) as store:
                result = compute(metric, Scope.of(store, ws.settings, first, last), dimensions)
                frame = result.execute()
    except (MetricError, spark.SparkError) as exc:
        fail(str(exc))
    if fmt == "table":
        shown(metric, frame, ws.settings.timezone)
        return
    plain = metrics_plain.frame(result, frame)
    if fmt == "csv":
        plain.to_csv(sys.stdout, index=False)
    else:
        print(
            json.dumps(
                {"metric": metric.name, "unit": metric.unit, "rows": metrics_plain.records(plain)},
                default=str,
                allow_nan=False,
            )
        )


def shown(metric: Metric, frame: pd.DataFrame, zone: ZoneInfo) -> None:
    """The result as people read it, in the user's language: the columns' declared titles, split values in
    words, values in their declared format (shares as percentages, hours, counts with separators), unknown
    as —."""
    language = i18n.language()
    console.print(f"[bold]{escape(metric.title(language))}[/] ({t(f'metrics.unit.{metric.unit}')})")
    columns = list(frame.columns)
    kinds = {c: formatting.column_format(metric, c, frame[c]) for c in columns}
    titles = []
    for column in columns:
        title = column_text(column, metric)
        titles.append(title(language) if title else column)
    rows = [
        tuple(
            None
            if formatting.is_unknown(value)
            else formatting.cell(column, value, language, kinds[column], zone)
            for column, value in zip(columns, row, strict=True)
        )
        for row in frame.itertuples(index=False)
    ]
    numeric = {i for i, c in enumerate(columns) if formatting.numeric(kinds[c], frame[c])}
    console.print(table(None, titles, rows, numeric))
