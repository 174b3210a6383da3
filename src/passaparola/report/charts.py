"""Charts for the report: Altair specifications rendered to SVG by vl-convert, in process, so the report
needs no script and no network to show them."""

from __future__ import annotations

import json
from decimal import Decimal

import altair as alt
import pandas as pd
import vl_convert

WIDTH = 620
PALETTE = ["#b5522b", "#2f6f8f", "#7a9a3a", "#8a5a9e", "#c79a2a", "#5d6d7e", "#d07a8a", "#3f9e8f"]
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart as standalone SVG markup (vl-convert escapes the data's text in labels)."""
    spec = chart.configure(font=FONT, background="white").configure_view(stroke=None).to_dict()
    return vl_convert.vegalite_to_svg(json.dumps(spec, default=_plain))


def _plain(value: object) -> object:
    """Engine numbers JSON does not know (a DuckDB sum is a Decimal) as floats."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot put {type(value).__name__} in a chart")


def _axis_format(share: bool) -> str:
    """Percentages keep up to two decimals (a rate of 0.2% is not "0%"), other numbers are abbreviated."""
    return ".2~%" if share else ",~s"


def over_time(
    frame: pd.DataFrame, when: str, value: str, series: str | None, title: str, share: bool
) -> alt.Chart:
    """A line per series (or one line) of ``value`` over the periods ``when``."""
    color = (
        alt.Color(f"{series}:N", title=None, scale=alt.Scale(range=PALETTE))
        if series
        else alt.value(PALETTE[0])
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{when}:T", title=None),
            y=alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format=_axis_format(share))),
            color=color,
        )
        .properties(width=WIDTH, height=220)
    )


def bars(
    frame: pd.DataFrame, category: str, value: str, title: str, share: bool, stack: str | None = None
) -> alt.Chart:
    """Horizontal bars of ``value`` per ``category``, stacked by ``stack`` when given."""
    encoding = {
        "y": alt.Y(f"{category}:N", title=None, sort=None),
        "x": alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=_axis_format(share))),
        "color": alt.Color(f"{stack}:N", title=None, scale=alt.Scale(range=PALETTE))
        if stack
        else alt.value(PALETTE[1]),
    }
    rows = max(frame[category].nunique(), 1)
    return alt.Chart(frame).mark_bar().encode(**encoding).properties(width=WIDTH - 120, height=24 * rows + 10)


def matrix(
    frame: pd.DataFrame, rows: str, columns: str, value: str, row_title: str, column_title: str
) -> alt.LayerChart:
    """A heat map of ``value`` by ``rows`` × ``columns`` with the numbers written in the cells."""
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{rows}:N", title=row_title), x=alt.X(f"{columns}:N", title=column_title)
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=None, scale=alt.Scale(scheme="oranges"), legend=None)
    )
    labels = base.mark_text(fontSize=12).encode(text=alt.Text(f"{value}:Q", format=","))
    return (cells + labels).properties(
        width=70 * max(frame[columns].nunique(), 1), height=36 * max(frame[rows].nunique(), 1)
    )


def bars_with_interval(
    frame: pd.DataFrame,
    category: str,
    value: str,
    low: str,
    high: str,
    title: str,
    share: bool,
    reference: float | None = None,
) -> alt.LayerChart:
    """Horizontal bars of ``value`` per ``category`` with the interval ``low``–``high`` drawn as a line
    across each bar (where known), and a dashed ``reference`` value when given."""
    base = alt.Chart(frame).encode(y=alt.Y(f"{category}:N", title=None, sort=None))
    axis = alt.Axis(format=_axis_format(share))
    layers = [
        base.mark_bar(color=PALETTE[1], opacity=0.75).encode(x=alt.X(f"{value}:Q", title=title, axis=axis)),
        base.transform_filter(f"isValid(datum['{low}']) && isValid(datum['{high}'])")
        .mark_rule(color=PALETTE[0], strokeWidth=2)
        .encode(x=f"{low}:Q", x2=f"{high}:Q"),
    ]
    if reference is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"reference": [reference]}))
            .mark_rule(color="#444", strokeDash=[4, 3])
            .encode(x="reference:Q")
        )
    rows = max(frame[category].nunique(), 1)
    return alt.layer(*layers).properties(width=WIDTH - 120, height=24 * rows + 10)


def heatmap(
    frame: pd.DataFrame, day: str, hour: str, value: str, days: list[str], title: str, share: bool
) -> alt.Chart:
    """A week as a grid: a cell per ``day`` (rows, in the order ``days``) and ``hour`` (0 to 23) coloured by
    ``value``; hours without a value are left blank."""
    return (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(f"{hour}:O", title=None, scale=alt.Scale(domain=list(range(24)))),
            y=alt.Y(f"{day}:N", title=None, sort=days, scale=alt.Scale(domain=days)),
            color=alt.Color(
                f"{value}:Q",
                title=title,
                scale=alt.Scale(scheme="oranges"),
                legend=alt.Legend(
                    format=_axis_format(share), orient="bottom", gradientLength=260, titleLimit=WIDTH
                ),
            ),
        )
        .properties(width=WIDTH - 90, height=7 * 26)
    )
