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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from passaparola.periods import PERIODS, period_start

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from passaparola.metrics.scope import Scope

#: Dimensions a metric may be split by. Periods are calendar periods in the workspace's time zone.
DIMENSIONS = ("platform", *PERIODS, "entity", "kind", "role", "via", "campaign", "author", "hour_of_week")
UNITS = ("items", "share", "seconds", "ratio")
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
class Metric:
    name: str
    title: Text
    definition: Text
    formula: str
    source: str
    unit: str
    better: str
    dimensions: tuple[str, ...]
    frame: Callable[[Scope], ir.Table]
    aggregate: Callable[[ir.Table], dict[str, ir.Value]]
    #: Columns of the frame that always split the result (the media class of a media metric, say).
    breakdown: tuple[str, ...] = ()
    finish: Callable[[ir.Table, list[str]], ir.Table] | None = None
    family: str = field(default="volume")

    def __post_init__(self) -> None:
        unknown = set(self.dimensions) - set(DIMENSIONS)
        if unknown or self.unit not in UNITS or self.better not in BETTER:
            raise ValueError(f"metric {self.name}: bad declaration ({unknown or self.unit or self.better})")


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.name in _REGISTRY:
        raise ValueError(f"metric {metric.name} is declared twice")
    _REGISTRY[metric.name] = metric
    return metric


def all_metrics() -> list[Metric]:
    """Every metric, by family (in ``FAMILIES`` order) and then in the order each family declares them."""
    for family in FAMILIES:
        importlib.import_module(f"passaparola.metrics.{family}")
    declared = list(_REGISTRY)
    return sorted(_REGISTRY.values(), key=lambda m: (FAMILIES.index(m.family), declared.index(m.name)))


def get(name: str) -> Metric:
    found = {m.name: m for m in all_metrics()}
    if name not in found:
        raise MetricError(f"unknown metric {name!r}; known metrics: {', '.join(found)}")
    return found[name]


def compute(metric: Metric, scope: Scope, by: list[str]) -> ir.Table:
    """The metric over the scope, one row per combination of ``by`` (and the metric's breakdown)."""
    for dimension in by:
        if dimension not in metric.dimensions:
            raise MetricError(
                f"{metric.name} cannot be split by {dimension!r}; it can be split by {', '.join(metric.dimensions)}"
            )
    if len([d for d in by if d in PERIODS]) > 1:
        raise MetricError("split by one period at most (day, week, month, quarter or year)")
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
    if metric.finish is not None:
        table = metric.finish(table, list(by))
    return table.order_by(list(keys)) if keys else table
