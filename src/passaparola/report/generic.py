"""Any registry metric as report blocks: its title, definition and formula (which names its variant), its
values as a table (unknown shown as unknown) and a chart over the report's periods or across its
breakdown."""

from __future__ import annotations

import pandas as pd

from passaparola.metrics import Metric
from passaparola.report import charts, formatting
from passaparola.report.sections import Block, Chart, Context, Heading, Paragraph, Table

#: Result columns that count the items a metric could not use (null counters): shown beside the metric.
UNUSABLE = ("unknown", "items_unknown", "unknown_items", "not_used", "unusable", "excluded")


def kinds(metric: Metric, frame: pd.DataFrame) -> dict[str, str]:
    return {column: formatting.column_kind(column, frame[column], metric.unit) for column in frame.columns}


def primary_column(metric: Metric, frame: pd.DataFrame) -> str | None:
    """The column that is the metric's headline value: the one named after it, else its first rate or
    share, first hours column, or first number that is not a key."""
    keys = set(metric.breakdown) | set(metric.dimensions)
    numeric = [c for c in frame.columns if c not in keys and frame[c].dtype.kind in "iuf"]
    if metric.name in numeric:
        return metric.name
    found = kinds(metric, frame[numeric])
    for wanted in ("share", "hours"):
        for column in numeric:
            if found[column] == wanted:
                return column
    return numeric[0] if numeric else None


def series_label(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    return frame[list(columns)].astype(str).agg(" · ".join, axis=1)


def metric_table(context: Context, metric: Metric, frame: pd.DataFrame) -> Table:
    found = kinds(metric, frame)
    columns = list(frame.columns)
    rows = [
        [context.format(row[column], found[column]) for column in columns]
        for row in frame.to_dict(orient="records")
    ]
    numeric = frozenset(
        i for i, c in enumerate(columns) if found[c] != "number" or frame[c].dtype.kind in "iuf"
    )
    return Table([context.column_title(c) for c in columns], rows, numeric=numeric)


def metric_chart(context: Context, metric: Metric) -> Chart | None:
    """The metric over the report's periods (a line per breakdown value) when it can be split by period,
    else its values across its breakdown or platforms as bars."""
    period = context.period
    over_time = period in metric.dimensions
    by = (
        [period]
        if over_time
        else ([] if metric.breakdown else ["platform"] if "platform" in metric.dimensions else [])
    )
    frame = context.table(metric.name, by)
    if frame is None or frame.empty:
        return None
    value = primary_column(metric, frame)
    if value is None:
        return None
    share = kinds(metric, frame[[value]])[value] == "share"
    title = context.column_title(value)
    frame = frame.copy()
    groups = tuple(metric.breakdown) or (tuple(by) if not over_time else ())
    if groups:
        frame["series"] = series_label(frame, groups)
    frame = frame[frame[value].notna()]  # unknown is not drawn as zero
    if over_time:
        chart = charts.over_time(frame, period, value, "series" if groups else None, title, share)
        caption = context.t(
            "report.chart.over_time",
            what=metric.title(context.language),
            period=context.t(f"report.period.{period}"),
        )
    elif groups:
        chart = charts.bars(frame, "series", value, title, share)
        caption = metric.title(context.language)
    else:
        return None
    return Chart(chart, caption)


def unusable_note(context: Context, frame: pd.DataFrame) -> Paragraph | None:
    """How many items the metric could not use (null counters), when it says."""
    for column in UNUSABLE:
        if column in frame.columns:
            total = pd.to_numeric(frame[column], errors="coerce").sum()
            return Paragraph(context.t("report.unusable", count=context.format(total, "count")))
    return None


def metric_blocks(context: Context, metric: Metric) -> list[Block]:
    """Heading, definition, formula, the values as a table, a chart, and the unusable items when known."""
    language = context.language
    blocks: list[Block] = [
        Heading(metric.title(language)),
        Paragraph(metric.definition(language)),
        Paragraph(context.t("report.formula", formula=metric.formula)),
    ]
    frame = context.table(metric.name)
    if frame is None:
        return blocks
    blocks.append(metric_table(context, metric, frame))
    note = unusable_note(context, frame)
    if note is not None:
        blocks.append(note)
    chart = metric_chart(context, metric)
    if chart is not None:
        blocks.append(chart)
    return blocks
