"""What an objective or an alert rule measures: one registry metric, narrowed to a segment and read from
one value column.

Values always come from the registry (:func:`passaparola.metrics.compute`): the metric is split by the
period and by the dimensions the segment filters on, and the computed table is then narrowed to the
segment's rows (a filter on ``platform = "twitter"`` keeps the metric as computed over Twitter's items;
a breakdown choice such as ``media = "earned"`` keeps that breakdown's row). Nothing is recomputed here.

Checks, each a :class:`~passaparola.config.ConfigError` naming the objective (or rule) and the key:
- the metric exists;
- every segment key is a dimension the metric can be split by (not a period) or one of its breakdown
  columns, and its value is one that can occur: an entity the workspace configures, a known platform or
  kind, a role, or a campaign of ``[paid]`` (written with or without ``#``, in any case: it is compared as
  the store keeps it, lower case without ``#``);
- every breakdown column is chosen, except ``entity``, which defaults to the brand, and those a count adds
  up over (:data:`SUMMABLE`: an entity's followers are summed over its accounts);
- the value column is well defined: the metric's only value, or the column named like the metric, or the
  one ``value`` names;
- the unit fits: a duration (``2h``) only for a time column of a ``seconds`` metric, which in turn takes
  only durations. A duration is converted to the column's unit (``median_hours`` holds hours).
"""

from __future__ import annotations

import difflib
import functools
import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import ibis.expr.types as ir

from passaparola.canonical import KINDS, PLATFORMS
from passaparola.config import ConfigError, Settings, Threshold
from passaparola.metrics import Metric, MetricError, compute, get
from passaparola.metrics.interactions import VIA
from passaparola.metrics.roles import ROLES
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS
from passaparola.report import formatting
from passaparola.store import Store

#: The values a segment column can hold (the campaign's are the workspace's own, from ``[paid]``).
SEGMENT_VALUES: dict[str, tuple[str, ...]] = {
    "platform": PLATFORMS,
    "kind": KINDS,
    "role": ROLES,
    "source_role": ROLES,
    "target_role": ROLES,
    "via": VIA,
    "media": ("owned", "paid", "earned"),
    "voice": ("own", "others"),
}
#: (metric, breakdown column) -> the value columns summed over that breakdown when a segment does not
#: choose one: an entity's followers are the sum over its accounts on every platform.
SUMMABLE: dict[tuple[str, str], tuple[str, ...]] = {
    ("audience_growth", "platform"): ("followers", "baseline_followers", "net_new_followers"),
    ("audience_growth", "account"): ("followers", "baseline_followers", "net_new_followers"),
}
#: Value columns that can be negative (besides ``*_change``).
SIGNED_COLUMNS = ("net_new_followers", "growth")
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
    #: Breakdown columns summed over rather than chosen (a count over every media class, say).
    pooled: tuple[str, ...] = ()

    @property
    def events(self) -> bool:
        """A count of events (items, interactions, threads...), which is 0 over a time without rows; a
        count of followers is a level read at snapshots, unknown between them."""
        return self.metric.unit == "items" and self.metric.family != "audience"

    @property
    def bounds(self) -> tuple[float, float]:
        """The values the column can take, read from its name: a change or a growth is any number; a net
        sentiment lies in [−1, 1]; a share (the column named like a ``share`` metric, ``share`` or
        ``*_share``) in [0, 1]; anything else (a count, a time, a rate per post or per follower) is
        never negative."""
        column = self.column
        if column.endswith("_change") or column in SIGNED_COLUMNS:
            return -math.inf, math.inf
        if column.startswith("net_sentiment"):
            return -1.0, 1.0
        if (
            column == "share"
            or column.endswith("_share")
            or (self.metric.unit == "share" and column == self.metric.name)
        ):
            return 0.0, 1.0
        return 0.0, math.inf

    def clip(self, value: float) -> float:
        """``value`` (a forecast, say) moved into :attr:`bounds`."""
        low, high = self.bounds
        return min(high, max(low, value))

    def describe(self) -> str:
        """``"first_response_time.median_hours (entity=Caffè Aurora)"``."""
        segment = ", ".join(f"{k}={v}" for k, v in (*self.choices, *self.filters))
        return f"{self.metric.name}.{self.column}" + (f" ({segment})" if segment else "")

    def threshold_value(self, threshold: Threshold) -> float:
        """A threshold's number in the column's unit (a duration converted from seconds)."""
        if threshold.duration and self.seconds_per_unit:
            return threshold.value / self.seconds_per_unit
        return threshold.value

    def display(self, value: float | None, language: str = "en") -> str:
        """A value as people read it in ``language``: a time as ``"2h 05m"``, a share as a percentage,
        a number with the language's separators."""
        if value is None:
            return "—"
        if self.seconds_per_unit:
            minutes = round(value * self.seconds_per_unit / 60)
            sign = "-" if minutes < 0 else ""
            days, rest = divmod(abs(minutes), 24 * 60)
            hours, minutes = divmod(rest, 60)
            return sign + (f"{days}d " if days else "") + f"{hours}h {minutes:02d}m"
        if self.metric.unit == "share":
            return formatting.percent(value, language)
        return formatting.number(value, language, 0 if value == round(value) else 2)

    def table(self, scope: Scope, period: str | None, support: tuple[str, ...] = ()) -> ir.Table:
        """The metric over the scope, split by ``period`` (or not), narrowed to the segment, as
        ``period_start`` (when split), ``value`` and, with ``support`` columns, ``support`` (their sum:
        how many items the value rests on)."""
        by = [*([period] if period else []), *(dimension for dimension, _ in self.filters)]
        table = compute(self.metric, scope, by)
        for column, wanted in (*self.filters, *self.choices):
            table = table.filter(table[column] == wanted)
        columns = {"value": table[self.column].cast("float64")}
        if support:
            columns["support"] = sum(
                (table[c].fill_null(0) for c in support[1:]), table[support[0]].fill_null(0)
            )
        keys = {"period_start": table[period]} if period else {}
        if self.pooled:
            sums = {name: value.sum() for name, value in columns.items()}
            return table.group_by(**keys).aggregate(**sums) if keys else table.aggregate(**sums)
        return table.select(**keys, **columns)

    def series(self, scope: Scope, period: str, first: date, end: date) -> dict[date, float]:
        """Values per local ``period`` (``day`` or ``week``) from ``first`` to ``end`` (excluded), by the
        period's first day, over ``scope``'s items (its own window is not used). A period without rows is
        0 for a count of events (:attr:`events`) once its first period with rows has passed, and absent
        otherwise (a rate over nothing is unknown, not zero, and so is a count from before the data
        begins or a follower count between snapshots)."""
        return {day: value for day, (value, _) in self.supported(scope, period, first, end).items()}

    def supported(
        self, scope: Scope, period: str, first: date, end: date, support: tuple[str, ...] = ()
    ) -> dict[date, tuple[float, float]]:
        """Like :meth:`series`, each value with its support: the sum of the ``support`` columns, or the
        value itself without them (a count is its own support)."""
        frame = self.table(_window(scope, first, end), period, support).execute()
        amounts = frame.support if support else frame.value
        values = {
            _day(start): (float(v), float(n))
            for start, v, n in zip(frame.period_start, frame.value, amounts, strict=True)
            if v == v
        }
        if self.events and values:
            step = timedelta(days=7 if period == "week" else 1)
            day = min(values)
            while day < end:
                values.setdefault(day, (0.0, 0.0))
                day += step
        return dict(sorted(values.items()))

    def total(self, scope: Scope, start: date, end: date) -> float | None:
        """The value over the local days ``[start, end)`` of ``scope``'s items as one number (None when
        the metric has no row there, 0 for a count metric)."""
        frame = self.table(_window(scope, start, end), None).execute()
        values = [float(v) for v in frame.value if v == v]
        if values:
            return values[0]
        return 0.0 if self.events else None


def _window(scope: Scope, first: date, end: date) -> Scope:
    """``scope`` narrowed to the local days ``[first, end)`` (it keeps what the store's entity columns
    hold, so its metrics read them when they can)."""
    settings = scope.settings
    return replace(scope, start=local_midnight(first, settings), end=local_midnight(end, settings))


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
    pooled: tuple[str, ...] = (),
) -> Measure:
    """The measure an objective or rule asks for, checked against the registry (see the module doc).
    ``pooled`` breakdown columns are summed over instead of chosen (for count metrics)."""
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
        wanted = _segment_value(key, column, wanted, settings, path)
        if column in metric.breakdown:
            choices[column] = wanted
        else:
            filters.append((column, wanted))
    column = _value_column(key, metric, value, settings, path)
    summed = list(pooled)
    for breakdown in metric.breakdown:
        if breakdown in choices or breakdown in summed:
            continue
        if breakdown == "entity" and settings.brand is not None:
            choices[breakdown] = settings.brand.name
            continue
        if column in SUMMABLE.get((metric.name, breakdown), ()):
            summed.append(breakdown)
            continue
        if breakdown == "entity":
            raise ConfigError(
                path,
                f"{key}.entity",
                f"missing: {metric.name} is measured per entity and there is no [brand] to default to; "
                'add a [brand] or say which entity (e.g. entity = "...")',
            )
        raise ConfigError(
            path,
            f"{key}.{breakdown}",
            f"missing: {metric.name} is broken down by {breakdown}; say which {breakdown} "
            f'(e.g. {breakdown} = "...")',
        )
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
    return Measure(metric, column, tuple(filters), tuple(choices.items()), seconds_per_unit, tuple(summed))


def _segment_value(key: str, column: str, wanted: str, settings: Settings, path: Path | str) -> str:
    """A segment's value as the store keeps it (a platform, kind or role in lower case, a campaign in
    lower case without ``#``), checked against the values that can occur; ConfigError naming the
    objective (or rule) and the key, with the closest known value, otherwise. Free values (an author, an
    entity, checked before) pass as written."""
    if column == "campaign":
        paid = settings.paid
        known: tuple[str, ...] = (*paid.hashtags, *paid.utm_campaigns)
        value = wanted.strip().removeprefix("#").lower()
        if not known:
            raise ConfigError(
                path,
                f"{key}.campaign",
                f"{wanted!r}: no campaign is configured (add it to [paid] hashtags or utm_campaigns)",
            )
    elif column in SEGMENT_VALUES:
        known, value = SEGMENT_VALUES[column], wanted.strip().lower()
    else:
        return wanted
    if value in known:
        return value
    close = difflib.get_close_matches(value, known, n=1)
    guess = f"did you mean {close[0]!r}? " if close else ""
    raise ConfigError(
        path, f"{key}.{column}", f"{wanted!r} is not a known {column} ({guess}known: {', '.join(known)})"
    )


@functools.lru_cache(maxsize=256)
def _value_names(metric: Metric, settings: Settings) -> tuple[str, ...]:
    """The numeric value columns of the metric's computed table, read from an empty store (MetricError
    when the workspace cannot compute it)."""
    with Store.open(None) as empty:
        schema = compute(metric, Scope.of(empty, settings), ["week"]).schema()
    return tuple(n for n, t in schema.items() if t.is_numeric() and n != "week" and n not in metric.breakdown)


def _value_column(key: str, metric: Metric, value: str | None, settings: Settings, path: Path | str) -> str:
    try:
        names = _value_names(metric, settings)
    except MetricError as exc:
        raise ConfigError(path, f"{key}.metric", str(exc)) from None
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
