"""Any registry metric as report blocks: its title, definition and formula (which names its variant), its
values as a table (unknown shown as unknown, split values in words), a chart of its main value (with its
interval when it has one) over the report's periods or across its breakdown, and the items it could not use.

What to chart and how each column reads are the metric's declaration (``Metric.headline``,
``Metric.interval``, ``Metric.columns``); for a metric that declares none they are guessed from its
columns' names and values."""

from __future__ import annotations

import pandas as pd

from passaparola.metrics import Metric
from passaparola.report import charts, formatting
from passaparola.report.sections import (
    Block,
    Chart,
    Context,
    Finding,
    Heading,
    Paragraph,
    Table,
    as_number,
    top_rival,
)

#: The most rows a metric's table shows, and bars its chart draws (the largest values).
MAX_ROWS = 25
MAX_BARS = 20


def kinds(context: Context, metric: Metric, frame: pd.DataFrame) -> dict[str, str]:
    return {column: context.column_format(metric, column, frame[column]) for column in frame.columns}


def primary_column(context: Context, metric: Metric, frame: pd.DataFrame) -> str | None:
    """The column that is the metric's main value: the one it declares (``headline``), else the one named
    after it, its first rate or share, first hours column, or first number that is not a key."""
    if metric.headline is not None:
        return metric.headline if metric.headline in frame.columns else None
    keys = set(metric.breakdown) | set(metric.dimensions)
    numeric = [c for c in frame.columns if c not in keys and frame[c].dtype.kind in "iuf"]
    if metric.name in numeric:
        return metric.name
    found = kinds(context, metric, frame[numeric])
    for wanted in ("share", "hours"):
        for column in numeric:
            if found[column] == wanted:
                return column
    return numeric[0] if numeric else None


def series_label(context: Context, frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """One label per row from its split values, in words ("Caffè Aurora · earned")."""
    return pd.Series(
        [" · ".join(context.cell(c, row[c], "text") for c in columns) for row in frame.to_dict("records")],
        index=frame.index,
    )


def metric_table(context: Context, metric: Metric, frame: pd.DataFrame, limit: int = MAX_ROWS) -> Table:
    """The metric's values; past ``limit`` rows only the first are shown, and the caption says so."""
    columns = [c for c in frame.columns if not _is_list(frame[c])]
    found = kinds(context, metric, frame[columns])
    shown = frame.head(limit)
    rows = [
        [context.cell(column, row[column], found[column]) for column in columns]
        for row in shown.to_dict(orient="records")
    ]
    numeric = frozenset(i for i, c in enumerate(columns) if formatting.numeric(found[c], frame[c]))
    caption = (
        context.t("report.rows_shown", shown=len(shown), rows=len(frame)) if len(frame) > len(shown) else ""
    )
    return Table([context.column_title(c, metric) for c in columns], rows, caption, numeric)


def _is_list(values: pd.Series) -> bool:
    """A column of lists (a metric's sample of values, say), which a table does not show."""
    return (
        values.dtype == object
        and values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any()
    )


def metric_chart(
    context: Context, metric: Metric, total: pd.DataFrame, reference: float | None = None
) -> Chart | None:
    """The metric's main value: split by its breakdown (per entity, say) as bars from its table ``total``,
    with the interval as a line when the metric has one and a ``reference`` value (a benchmark) dashed;
    any other metric over the report's periods, or across platforms when it has no period. Unknown values
    are not drawn, and the caption says which value is drawn."""
    value = primary_column(context, metric, total)
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
    share = context.column_format(metric, value, frame[value]) == "share"
    title = context.column_title(value, metric)
    name = metric.title(context.language)
    caption = context.t("report.chart.drawn", what=name, value=title)
    if over_time:
        chart = charts.over_time(frame, context.period, value, None, title, share)
        period = context.t(f"report.period.{context.period}")
        return Chart(chart, context.t("report.chart.over_time", what=caption, period=period))
    frame["series"] = series_label(context, frame, tuple(by))
    if frame["series"].nunique() > MAX_BARS:
        frame = frame.nlargest(MAX_BARS, value)
    interval = metric.interval if metric.interval and set(metric.interval) <= set(frame.columns) else None
    if interval is not None or reference is not None:
        low, high = interval or (value, value)
        chart = charts.bars_with_interval(frame, "series", value, low, high, title, share, reference)
        return Chart(chart, caption)
    return Chart(charts.bars(frame, "series", value, title, share), caption)


def unusable_note(context: Context, metric: Metric, frame: pd.DataFrame) -> Paragraph | None:
    """How many items the metric could not use (its ``*_without_*`` columns: unknown counters, followers or
    views) and how many it used as lower bounds (``*_partial``), for the columns where there are any. Per
    entity when the table is (an item can be about two entities, so adding across them would count it
    twice); the table's total otherwise."""
    columns = [c for c in frame.columns if ("_without_" in c or c.endswith("_partial")) and frame[c].sum()]
    if not columns:
        return None
    groups = (
        [(str(name), rows) for name, rows in frame.groupby("entity", sort=False)]
        if "entity" in frame.columns
        else [("", frame)]
    )
    parts = []
    for name, rows in groups:
        counts = ", ".join(
            f"{context.column_title(c, metric)} {context.format(rows[c].sum(), 'count')}" for c in columns
        )
        parts.append(f"{name}: {counts}" if name else counts)
    return Paragraph(context.t("report.unusable", counts="; ".join(parts)))


def metric_blocks(context: Context, metric: Metric, reference: float | None = None) -> list[Block]:
    """Heading, definition, formula, the values as a table, the unusable items when known, and a chart (with
    a ``reference`` value dashed, when given)."""
    language = context.language
    blocks: list[Block] = [
        Heading(metric.title(language)),
        Paragraph(metric.definition(language)),
        Paragraph(context.t("report.formula", formula=context.text(metric.formula))),
    ]
    frame = context.table(metric.name)
    if frame is None:
        return blocks
    blocks.append(metric_table(context, metric, frame))
    note = unusable_note(context, metric, frame)
    if note is not None:
        blocks.append(note)
    chart = metric_chart(context, metric, frame, reference)
    if chart is not None:
        blocks.append(chart)
    return blocks


def headline_findings(context: Context, families: tuple[str, ...], limit: int = 3) -> list[Finding]:
    """For the first metrics of ``families``: the brand against the competitor with the highest value when
    the metric has a row per entity, else the metric's overall value; each names the metric and the value
    (its column title names the variant)."""
    found: list[Finding] = []
    for metric in [m for family in families for m in context.metrics(family)]:
        if len(found) == limit:
            break
        sentence = headline(context, metric)
        if sentence:
            found.append(sentence)
    return found


def headline(context: Context, metric: Metric) -> str | None:
    frame = context.table(metric.name)
    if frame is None or frame.empty:
        return None
    value = primary_column(context, metric, frame)
    if value is None:
        return None
    kind = context.column_format(metric, value, frame[value])
    names = {"metric": metric.title(context.language), "value_name": context.column_title(value, metric)}
    extra = [key for key in metric.breakdown if key != "entity"]
    if "entity" in frame.columns and not extra:
        values = {str(r["entity"]): as_number(r[value]) for r in frame.to_dict(orient="records")}
        brand = context.brand
        best = top_rival(values, brand)
        if brand is None or brand not in values:
            return None
        if best is None:
            return context.t(
                "report.finding.headline_entity",
                **names,
                brand=brand,
                value=context.format(values[brand], kind),
            )
        return context.t(
            "report.finding.headline_rival",
            **names,
            brand=brand,
            value=context.format(values.get(brand), kind),
            rival=best,
            rival_value=context.format(values[best], kind),
        )
    if len(frame) == 1:
        return context.t("report.finding.headline", **names, value=context.format(frame[value].iloc[0], kind))
    return None
