"""What an objective or an alert rule measures: one registry metric, narrowed to a segment and read from
one value column.

Values always come from the registry (:func:`passaparola.metrics.compute`): the metric is split by the
period and by the dimensions the segment filters on, and the computed table is then narrowed to the
segment's rows (a filter on ``platform = "twitter"`` keeps the metric as computed over Twitter's items;
a breakdown choice such as ``media = "earned"`` keeps that breakdown's row). Nothing is recomputed here.

Checks, each a :class:`~passaparola.config.ConfigError` naming the objective (or rule) and the key:
- the metric exists;
- every segment key is a dimension the metric can be split by (not a period) or one of its breakdown
  columns, and an entity is one the workspace configures;
- every breakdown column is chosen, except ``entity``, which defaults to the brand;
- the value column is well defined: the metric's only value, or the column named like the metric, or the
  one ``value`` names;
- the unit fits: a duration (``2h``) only for a time column of a ``seconds`` metric, which in turn takes
  only durations. A duration is converted to the column's unit (``median_hours`` holds hours).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import ibis.expr.types as ir

from passaparola.config import ConfigError, Settings, Threshold
from passaparola.metrics import Metric, MetricError, compute, get
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS
from passaparola.store import Store

#: Seconds per unit of a time column, by the column name's suffix.
TIME_SUFFIXES = {"_seconds": 1.0, "_minutes": 60.0, "_hours": 3600.0, "_days": 86400.0}


@dataclass(frozen=True)
class Measure:
    metric: Metric
    column: str
    #: (dimension, value): the metric is split by the dimension and the rows with the value kept.
    filters: tuple[tuple[str, str], ...]
    #: (breakdown column, value): the row of the metric's breakdown kept.
    choices: tuple[tuple[str, str], ...]
    #: Seconds in one unit of the column (1/3600 hours), or None when the column is not a time.
    seconds_per_unit: float | None

    def describe(self) -> str:
        """``"first_response_time.median_hours (entity=Caffè Aurora)"``."""
        segment = ", ".join(f"{k}={v}" for k, v in (*self.choices, *self.filters))
        return f"{self.metric.name}.{self.column}" + (f" ({segment})" if segment else "")

    def threshold_value(self, threshold: Threshold) -> float:
        """A threshold's number in the column's unit (a duration converted from seconds)."""
        if threshold.duration and self.seconds_per_unit:
            return threshold.value / self.seconds_per_unit
        return threshold.value

    def display(self, value: float | None) -> str:
        """A value as people read it: a time as ``"2h 05m"``, a share as a percentage."""
        if value is None:
            return "—"
        if self.seconds_per_unit:
            minutes = round(value * self.seconds_per_unit / 60)
            days, rest = divmod(minutes, 24 * 60)
            hours, minutes = divmod(rest, 60)
            return (f"{days}d " if days else "") + f"{hours}h {minutes:02d}m"
        if self.metric.unit == "share":
            return f"{value:.1%}"
        return f"{value:,.2f}" if value != round(value) else f"{value:,.0f}"

    def table(self, scope: Scope, period: str | None) -> ir.Table:
        """The metric over the scope, split by ``period`` (or not), narrowed to the segment, as
        ``period_start`` (when split) and ``value``."""
        by = [*([period] if period else []), *(dimension for dimension, _ in self.filters)]
        table = compute(self.metric, scope, by)
        for column, wanted in (*self.filters, *self.choices):
            table = table.filter(table[column] == wanted)
        value = table[self.column].cast("float64")
        return table.select(period_start=table[period], value=value) if period else table.select(value=value)

    def series(
        self, items: ir.Table, settings: Settings, period: str, first: date, end: date
    ) -> dict[date, float]:
        """Values per local ``period`` (``day`` or ``week``) from ``first`` to ``end`` (excluded), by the
        period's first day. A period without rows is 0 for a count (``items``) metric once its first
        period with rows has passed, and absent otherwise (a rate over nothing is unknown, not zero, and
        so is a count from before the data begins)."""
        scope = Scope(items, settings, local_midnight(first, settings), local_midnight(end, settings))
        frame = self.table(scope, period).execute()
        values = {
            _day(start): float(v) for start, v in zip(frame.period_start, frame.value, strict=True) if v == v
        }
        if self.metric.unit == "items" and values:
            step = timedelta(days=7 if period == "week" else 1)
            day = min(values)
            while day < end:
                values.setdefault(day, 0.0)
                day += step
        return dict(sorted(values.items()))

    def total(self, items: ir.Table, settings: Settings, start: date, end: date) -> float | None:
        """The value over the local days ``[start, end)`` as one number (None when the metric has no row
        there, 0 for a count metric)."""
        scope = Scope(items, settings, local_midnight(start, settings), local_midnight(end, settings))
        frame = self.table(scope, None).execute()
        values = [float(v) for v in frame.value if v == v]
        if values:
            return values[0]
        return 0.0 if self.metric.unit == "items" else None


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def resolve(
    key: str,
    metric_name: str,
    value: str | None,
    segment: tuple[tuple[str, str], ...],
    threshold: Threshold | None,
    settings: Settings,
    path: Path | str,
    *,
    threshold_key: str = "",
) -> Measure:
    """The measure an objective or rule asks for, checked against the registry (see the module doc)."""
    try:
        metric = get(metric_name)
    except MetricError as exc:
        raise ConfigError(path, f"{key}.metric", str(exc)) from None
    filterable = [d for d in metric.dimensions if d not in PERIODS]
    filters, choices = [], {}
    entities = [entity.name for entity in settings.entities]
    for column, wanted in segment:
        if column not in filterable and column not in metric.breakdown:
            allowed = [*filterable, *metric.breakdown]
            close = difflib.get_close_matches(column, [*allowed, "metric", "target", "value", "name"], n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                path,
                f"{key}.{column}",
                f"{metric.name} cannot be narrowed by {column!r} ({guess}it can be by: "
                f"{', '.join(allowed) or 'nothing'})",
            )
        if column == "entity" and wanted not in entities:
            raise ConfigError(
                path, f"{key}.entity", f"{wanted!r} is not the brand or a competitor ({', '.join(entities)})"
            )
        if column in metric.breakdown:
            choices[column] = wanted
        else:
            filters.append((column, wanted))
    for column in metric.breakdown:
        if column in choices:
            continue
        if column == "entity" and settings.brand is not None:
            choices[column] = settings.brand.name
            continue
        raise ConfigError(
            path,
            f"{key}.{column}",
            f'missing: {metric.name} is broken down by {column}; say which {column} (e.g. {column} = "...")',
        )
    column = _value_column(key, metric, value, settings, path)
    seconds_per_unit = _seconds_per_unit(metric, column)
    if threshold is not None and not threshold.change:
        if seconds_per_unit and not threshold.duration:
            raise ConfigError(
                path,
                threshold_key,
                f'{metric.name}.{column} is a time; write a duration such as "{threshold.op} 2h", '
                f'got "{threshold.text}"',
            )
        if threshold.duration and not seconds_per_unit:
            raise ConfigError(
                path,
                threshold_key,
                f"{metric.name}.{column} is measured in {metric.unit}, not time; "
                f'a duration fits only time metrics, got "{threshold.text}"',
            )
    return Measure(metric, column, tuple(filters), tuple(choices.items()), seconds_per_unit)


def _value_column(key: str, metric: Metric, value: str | None, settings: Settings, path: Path | str) -> str:
    with Store.open(None) as empty:  # the columns of the computed table, read from an empty store
        try:
            schema = compute(metric, Scope.of(empty, settings), ["week"]).schema()
        except MetricError as exc:
            raise ConfigError(path, f"{key}.metric", str(exc)) from None
    names = [n for n, t in schema.items() if t.is_numeric() and n != "week" and n not in metric.breakdown]
    if value is not None:
        if value not in names:
            raise ConfigError(
                path, f"{key}.value", f"{metric.name} has no value {value!r} (it has: {', '.join(names)})"
            )
        return value
    if len(names) == 1:
        return names[0]
    if metric.name in names:
        return metric.name
    raise ConfigError(
        path,
        f"{key}.value",
        f"missing: {metric.name} gives several values ({', '.join(names)}); say which, e.g. "
        f'value = "{names[-1]}"',
    )


def _seconds_per_unit(metric: Metric, column: str) -> float | None:
    if metric.unit != "seconds":
        return None
    for suffix, seconds in TIME_SUFFIXES.items():
        if column.endswith(suffix) or column == suffix[1:]:
            return seconds
    return None


def whole_weeks(first: date, last: date) -> tuple[date, date]:
    """The Mondays starting the first and after the last whole local week inside ``[first, last]``."""
    start = first + timedelta(days=(7 - first.weekday()) % 7)
    end = (last + timedelta(days=1)) - timedelta(days=(last + timedelta(days=1)).weekday())
    return start, end


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_midnight(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, time(), settings.timezone)
