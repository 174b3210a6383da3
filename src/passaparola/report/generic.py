"""Any registry metric as report blocks: its title, definition and formula (which names its variant), its
values as a table (unknown shown as unknown) and a chart over the report's periods or across its
breakdown."""

from __future__ import annotations

import pandas as pd

from passaparola.metrics import Metric
from passaparola.report import charts, formatting
from passaparola.report.sections import Block, Chart, Context, Heading, Paragraph, Table

#: Result columns that count the items a metric could not use (null counters): shown beside the metric.
#: The most rows a metric's table shows, and bars its chart draws (the largest values).
MAX_ROWS = 25
MAX_BARS = 20
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
    """The metric's values; past ``MAX_ROWS`` rows only the first are shown, and the caption says so."""
    columns = [c for c in frame.columns if not _is_list(frame[c])]
    found = kinds(metric, frame[columns])
    shown = frame.head(MAX_ROWS)
    rows = [
        [context.format(row[column], found[column]) for column in columns]
        for row in shown.to_dict(orient="records")
    ]
    numeric = frozenset(i for i, c in enumerate(columns) if frame[c].dtype.kind in "iuf")
    caption = (
        context.t("report.rows_shown", shown=len(shown), rows=len(frame)) if len(frame) > len(shown) else ""
    )
    return Table([context.column_title(c) for c in columns], rows, caption, numeric)


def _is_list(values: pd.Series) -> bool:
    """A column of lists (a metric's sample of values, say), which a table does not show."""
    return (
        values.dtype == object
        and values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any()
    )


def metric_chart(context: Context, metric: Metric, total: pd.DataFrame) -> Chart | None:
    """A metric split by its breakdown (per entity, say) as bars from its table ``total``; any other metric
    over the report's periods, or across platforms when it has no period. Unknown values are not drawn."""
    value = primary_column(metric, total)
    if value is None:
        return None
    if metric.breakdown:
        frame, by, over_time = total, list(metric.breakdown), False
    else:
        over_time = context.period in metric.dimensions
        by = [context.period] if over_time else ["platform"] if "platform" in metric.dimensions else []
        frame = context.table(metric.name, by) if by else None
    if frame is None or frame.empty or value not in frame.columns:
        return None
    frame = frame[frame[value].notna()].copy()
    if frame.empty:
        return None
    share = kinds(metric, frame[[value]])[value] == "share"
    title = context.column_title(value)
    name = metric.title(context.language)
    if over_time:
        chart = charts.over_time(frame, context.period, value, None, title, share)
        period = context.t(f"report.period.{context.period}")
        return Chart(chart, context.t("report.chart.over_time", what=name, period=period))
    frame["series"] = series_label(frame, tuple(by))
    if frame["series"].nunique() > MAX_BARS:
        frame = frame.nlargest(MAX_BARS, value)
    return Chart(charts.bars(frame, "series", value, title, share), name)


def unusable_note(context: Context, frame: pd.DataFrame) -> Paragraph | None:
    """How many items the metric could not use (its ``*_without_*`` columns: unknown counters or
    followers), summed over the table's rows, when it says."""
    counts = [
        f"{context.column_title(c)}: {context.format(frame[c].sum(), 'count')}"
        for c in frame.columns
        if "_without_" in c
    ]
    return Paragraph(context.t("report.unusable", counts="; ".join(counts))) if counts else None


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
    chart = metric_chart(context, metric, frame)
    if chart is not None:
        blocks.append(chart)
    return blocks
