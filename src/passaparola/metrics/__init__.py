"""The metric registry: every metric is declared once, with its titles and definition in English and
Italian, its formula and source, its unit, which direction is good, and the dimensions it can be split by.

A metric is computed by Ibis expressions over the store (DuckDB by default; the same expressions run on
other Ibis backends): ``frame`` gives the rows to aggregate, ``aggregate`` the values per group, and an
optional ``finish`` derives values across groups (a share of a total, for instance). Pages, reports and
the command line ask the registry; none computes a metric itself. The docs page of definitions is
generated from here (``python -m passaparola.reference docs/``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import ibis
import pandas as pd

from passaparola import i18n
from passaparola.periods import PERIODS, period_start

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from passaparola.metrics.scope import Scope

#: Dimensions a metric may be split by. Periods are calendar periods in the workspace's time zone.
DIMENSIONS = ("platform", *PERIODS, "entity", "kind", "role", "via", "campaign", "author", "hour_of_week")
UNITS = ("items", "share", "seconds", "ratio")
#: How a result column is shown: ``share`` a fraction as a percentage, ``points`` a difference of shares
#: in percentage points, ``count`` a whole number, ``number`` a decimal (per-post rates, ratios, weeks),
#: ``hours`` a duration, ``text`` as it is.
FORMATS = ("share", "points", "count", "number", "hours", "text")
BETTER = ("higher", "lower", "neither")
FAMILIES = (
    "volume",
    "media",
    "interactions",
    "threads",
    "care",
    "amplifiers",
    "spread",
    "engagement",
    "ugc",
    "voice",
    "audience",
    "activity",
    "cascades",
    "sentiment",
)


class MetricError(ValueError):
    """A metric asked for in a way it cannot be computed (unknown name, dimension or option)."""


@dataclass(frozen=True)
class Text:
    en: str
    it: str

    def __call__(self, language: str) -> str:
        return self.it if language == "it" else self.en


@dataclass(frozen=True)
class Column:
    """A result column as people read it: its title in English and Italian and how its values are shown
    (one of ``FORMATS``)."""

    title: Text
    format: str = "number"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"column {self.title.en!r}: unknown format {self.format!r}")


@dataclass(frozen=True)
class Split:
    """A column that splits a result rather than measuring it (a dimension of ``--by``, or a column of a
    metric's breakdown): its title, and for one whose values are words of the interface, the prefix of
    their i18n keys (``"split.media"``: the value ``owned`` reads ``split.media.owned``)."""

    title: Text
    words: str | None = None


#: Every split column, titled once for every page (report, command line). A metric's own result columns
#: are titled by its declaration (``Metric.columns``).
SPLITS: Mapping[str, Split] = {
    "platform": Split(Text("Platform", "Piattaforma")),
    "day": Split(Text("Day", "Giorno")),
    "week": Split(Text("Week of", "Settimana del")),
    "month": Split(Text("Month", "Mese")),
    "quarter": Split(Text("Quarter", "Trimestre")),
    "year": Split(Text("Year", "Anno")),
    "entity": Split(Text("Entity", "Entità")),
    "kind": Split(Text("Kind", "Tipo"), "split.kind"),
    "role": Split(Text("Role", "Ruolo"), "split.role"),
    "via": Split(Text("Via", "Tramite"), "split.via"),
    "campaign": Split(Text("Campaign", "Campagna")),
    "author": Split(Text("Author", "Autore")),
    "hour_of_week": Split(Text("Hour of the week", "Ora della settimana")),
    "media": Split(Text("Media", "Tipo di media"), "split.media"),
    "voice": Split(Text("Voice", "Voce"), "split.voice"),
    "source_role": Split(Text("From (role)", "Da (ruolo)"), "split.role"),
    "target_role": Split(Text("To (role)", "A (ruolo)"), "split.role"),
    "id": Split(Text("Id on the platform", "Id sulla piattaforma")),
}


@dataclass(frozen=True)
class Metric:
    name: str
    title: Text
    definition: Text
    #: Symbols, or words in English and Italian.
    formula: str | Text
    source: str
    unit: str
    better: str
    dimensions: tuple[str, ...]
    frame: Callable[[Scope], ir.Table]
    aggregate: Callable[[ir.Table], dict[str, ir.Value]]
    #: Columns of the frame that always split the result (the media class of a media metric, say).
    breakdown: tuple[str, ...] = ()
    #: Derives values across groups, given the aggregated table, the splits asked for and the scope.
    finish: Callable[[ir.Table, list[str], Scope], ir.Table] | None = None
    family: str = field(default="volume")
    #: The result columns, titled and with their format (what pages show): every column the metric returns
    #: other than its splits (``SPLITS``); a column left undeclared is shown by its name, its format guessed.
    columns: Mapping[str, Column] = field(default_factory=dict, compare=False)
    #: The column that is the metric's main value: the one charted and quoted first.
    headline: str | None = None
    #: The columns holding the low and high bounds of ``headline``'s interval, when it has one.
    interval: tuple[str, str] | None = None
    #: Result columns that are a known 0 for a group without rows (counts, sums of counters). With them the
    #: result has a row for every entity of the workspace and every period of the window (and every value
    #: of the other splits seen), so a period without items reads 0 rather than missing.
    zeros: tuple[str, ...] = ()
    #: The result's order after the splits asked for (the rank of a top list, say); default: the keys.
    order: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.dimensions) - set(DIMENSIONS)
        if unknown or self.unit not in UNITS or self.better not in BETTER:
            raise ValueError(f"metric {self.name}: bad declaration ({unknown or self.unit or self.better})")
        named = [self.headline, *(self.interval or ())]
        if self.columns and any(column is not None and column not in self.columns for column in named):
            raise ValueError(f"metric {self.name}: its headline and interval must be declared columns")


_REGISTRY: dict[str, Metric] = {}


def column_text(column: str, metric: Metric | None = None) -> Text | None:
    """The title of a result column: as ``metric`` declares it, else the split's (``SPLITS``); None for a
    column neither titles."""
    declared = metric.columns.get(column) if metric is not None else None
    if declared is not None:
        return declared.title
    split = SPLITS.get(column)
    return split.title if split is not None else None


def register(metric: Metric) -> Metric:
    if metric.name in _REGISTRY:
        raise ValueError(f"metric {metric.name} is declared twice")
    _REGISTRY[metric.name] = metric
    return metric


def family_order(family: str) -> int:
    """Where a family comes: the built-in ones in ``FAMILIES`` order, any other (a plug-in's) after them."""
    return FAMILIES.index(family) if family in FAMILIES else len(FAMILIES)


def all_metrics() -> list[Metric]:
    """Every metric, by family (built-in families in ``FAMILIES`` order, then any other family a module
    registered) and then in the order each family declares them."""
    for family in FAMILIES:
        importlib.import_module(f"passaparola.metrics.{family}")
    declared = list(_REGISTRY)
    return sorted(
        _REGISTRY.values(), key=lambda m: (family_order(m.family), m.family, declared.index(m.name))
    )


def get(name: str) -> Metric:
    found = {m.name: m for m in all_metrics()}
    if name not in found:
        raise MetricError(i18n.t("metrics.unknown", name=name, known=", ".join(found)))
    return found[name]


def compute(metric: Metric, scope: Scope, by: list[str]) -> ir.Table:
    """The metric over the scope, one row per combination of ``by`` (and the metric's breakdown)."""
    for dimension in by:
        if dimension not in metric.dimensions:
            known = ", ".join(metric.dimensions)
            raise MetricError(
                i18n.t("metrics.bad_split", metric=metric.name, dimension=dimension, known=known)
            )
    if len([d for d in by if d in PERIODS]) > 1:
        raise MetricError(i18n.t("metrics.one_period"))
    frame = metric.frame(scope)
    keys = {
        dimension: period_start(frame.created_at, scope.zone, dimension)
        if dimension in PERIODS
        else frame[dimension]
        for dimension in by
    }
    keys.update({column: frame[column] for column in metric.breakdown})
    table = (
        frame.group_by(**keys).aggregate(**metric.aggregate(frame))
        if keys
        else frame.aggregate(**metric.aggregate(frame))
    )
    if metric.zeros and keys:
        table = _complete(table, scope, list(keys), metric.zeros)
    if metric.finish is not None:
        table = metric.finish(table, list(by), scope)
    order = list(dict.fromkeys([*by, *metric.order])) if metric.order else list(keys)
    return table.order_by(order) if order else table


#: Calendar periods as pandas frequencies (weeks end on Sunday, so they start on Monday).
PANDAS_PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}


def period_starts(scope: Scope, period: str) -> list[datetime]:
    """The local start of every ``period`` the window touches (weeks start on Monday), oldest first."""
    start, end = scope.window
    if start is None or end is None or end <= start:
        return []
    frequency = PANDAS_PERIODS[period]
    spans = pd.period_range(
        pd.Period(start, frequency), pd.Period(end - timedelta(microseconds=1), frequency)
    )
    return [span.start_time.to_pydatetime() for span in spans]


def _complete(table: ir.Table, scope: Scope, keys: list[str], zeros: tuple[str, ...]) -> ir.Table:
    """``table`` with a row for every combination of the workspace's entities, the window's periods and the
    values of the other keys seen; ``zeros`` are 0 where no row was, every other value null (unknown)."""
    axes = []
    for key in keys:
        if key == "entity":
            values = [entity.name for entity in scope.settings.entities]
            axes.append(ibis.memtable(pd.DataFrame({key: pd.Series(values, dtype="string")})))
        elif key in PERIODS:
            starts = pd.Series(period_starts(scope, key), dtype="datetime64[us]")
            axes.append(ibis.memtable(pd.DataFrame({key: starts})).cast({key: table[key].type()}))
        else:
            axes.append(table.select(key).distinct())
    grid = axes[0]
    for axis in axes[1:]:
        grid = grid.cross_join(axis)
    values = [column for column in table.columns if column not in keys]
    joined = grid.left_join(table.mutate(_present=True), keys)
    missing = joined._present.isnull()
    return joined.select(
        *[grid[key] for key in keys],
        **{
            column: ibis.cases((missing, 0), else_=joined[column]) if column in zeros else joined[column]
            for column in values
        },
    )
