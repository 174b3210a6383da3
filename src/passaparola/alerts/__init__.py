"""Alerts: the rules in ``[[alerts.rules]]`` and three automatic anomaly detectors, checked for one local
day (the newest item's day by default).

- A **rule** computes its metric (through the registry, narrowed like a plan objective) over the last
  ``window`` local days up to and including the day, and fires when the value meets its condition.
- A **detector** compares the day's value with the same weekday of the previous ``weeks`` weeks (8 by
  default): a robust z-score ``z = (x − median) ÷ (1.4826 · MAD)``, where MAD is the median absolute
  deviation from the median (1.4826 · MAD estimates the standard deviation of normal data). When MAD is 0
  the mean absolute deviation stands in (times 1.2533, its normal-consistency factor); when that is 0 too,
  any departure from the median is an infinite z. A detector fires at ``z ≥ [alerts] z`` (3.5 by default,
  Iglewicz and Hoaglin's cut-off): only the harmful direction counts.
  - ``volume``: items in the store that day (metric ``items``): a spike, a crisis or a campaign;
  - ``negative_share``: the ``negative_share`` column of a metric of the ``sentiment`` family, looked up
    in the registry when the detector runs (skipped, with the reason, when there is none);
  - ``first_response_time``: the brand's median first-response time that day (hours elapsed).
  A detector needs the day's value and at least 3 earlier same weekdays with a value; otherwise it is
  skipped with the reason.

Fired alerts are kept in the store's ``alerts`` table, once per (rule or detector, day).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

import ibis.expr.types as ir

from passaparola.config import DETECTORS, ConfigError, Settings, Threshold
from passaparola.metrics import all_metrics
from passaparola.plan import newest_day
from passaparola.plan.measure import Measure, resolve
from passaparola.store import Store

MIN_HISTORY = 3
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533
SENTIMENT_COLUMN = "negative_share"


@dataclass(frozen=True)
class Fired:
    source: str  # the rule's name, or the detector's
    kind: str  # "rule" or "anomaly"
    day: date
    value: float
    detail: str
    threshold: float | None = None
    baseline: float | None = None
    z: float | None = None


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def robust_z(value: float, history: list[float]) -> tuple[float, float]:
    """(median of ``history``, robust z-score of ``value`` against it): see the module docstring."""
    median = statistics.median(history)
    deviations = [abs(x - median) for x in history]
    scale = MAD_SCALE * statistics.median(deviations)
    if scale == 0:
        scale = MEAN_AD_SCALE * statistics.fmean(deviations)
    if scale == 0:
        return median, 0.0 if value == median else math.copysign(math.inf, value - median)
    return median, (value - median) / scale


def same_weekdays(series: dict[date, float], day: date, weeks: int) -> list[float]:
    """The values of the same weekday in the ``weeks`` weeks before ``day`` (those with a value)."""
    earlier = (day - timedelta(weeks=k) for k in range(1, weeks + 1))
    return [series[d] for d in earlier if d in series]


def _sentiment_measure(settings: Settings) -> Measure | str:
    """The negative-share measure, or why there is none."""
    for metric in all_metrics():
        if metric.family != "sentiment":
            continue
        try:
            return resolve("alerts.detectors", metric.name, SENTIMENT_COLUMN, (), None, settings, "-")
        except ConfigError:
            continue
    return f"no metric of the sentiment family gives a {SENTIMENT_COLUMN!r} column"


def detector_measures(settings: Settings) -> dict[str, Measure | str]:
    """Each enabled detector's measure, or the reason it cannot run."""
    alerts = settings.alerts
    enabled = alerts.detectors if alerts else DETECTORS
    found: dict[str, Measure | str] = {}
    if "volume" in enabled:
        found["volume"] = resolve("alerts.detectors", "items", "items", (), None, settings, "-")
    if "negative_share" in enabled:
        found["negative_share"] = _sentiment_measure(settings)
    if "first_response_time" in enabled:
        if settings.brand is None:
            found["first_response_time"] = "no [brand] in passaparola.toml"
        else:
            found["first_response_time"] = resolve(
                "alerts.detectors", "first_response_time", "median_hours", (), None, settings, "-"
            )
    return found


def rule_measures(settings: Settings, path: str) -> dict[str, Measure]:
    """Every rule's measure, checked against the registry (ConfigError naming the rule and the key)."""
    rules = settings.alerts.rules if settings.alerts else ()
    return {
        rule.key: resolve(
            rule.key,
            rule.metric,
            rule.value,
            rule.segment,
            rule.condition,
            settings,
            path,
            threshold_key=f"{rule.key}.condition",
        )
        for rule in rules
    }


def crosses(value: float, threshold: Threshold, limit: float) -> bool:
    return {
        ">": value > limit,
        "<": value < limit,
        ">=": value >= limit,
        "<=": value <= limit,
    }[threshold.op]


def evaluate(
    items: ir.Table, settings: Settings, path: str, day: date | None = None
) -> tuple[date | None, list[Fired], list[Skipped]]:
    """(the day checked, what fired, what could not be checked) for ``day`` (default: the newest
    item's local day)."""
    rules = rule_measures(settings, path)
    day = day or newest_day(items, settings)
    if day is None:
        return None, [], [Skipped("*", "the store holds no items")]
    fired: list[Fired] = []
    skipped: list[Skipped] = []
    alerts = settings.alerts
    for rule in alerts.rules if alerts else ():
        measure = rules[rule.key]
        value = measure.total(items, settings, day + timedelta(days=1) - rule.window, day + timedelta(days=1))
        limit = measure.threshold_value(rule.condition)
        if value is None:
            skipped.append(Skipped(rule.name, f"{measure.describe()} has no value in the window"))
        elif crosses(value, rule.condition, limit):
            fired.append(Fired(rule.name, "rule", day, value, measure.describe(), threshold=limit))
    weeks = alerts.weeks if alerts else 8
    cutoff = alerts.z if alerts else 3.5
    for name, measure in detector_measures(settings).items():
        if isinstance(measure, str):
            skipped.append(Skipped(name, measure))
            continue
        series = measure.series(items, settings, "day", day - timedelta(weeks=weeks), day + timedelta(days=1))
        history = same_weekdays(series, day, weeks)
        if day not in series:
            skipped.append(Skipped(name, f"{measure.describe()} has no value on {day}"))
        elif len(history) < MIN_HISTORY:
            skipped.append(
                Skipped(name, f"{len(history)} earlier {day:%A}s with a value; {MIN_HISTORY} are needed")
            )
        else:
            median, z = robust_z(series[day], history)
            if z >= cutoff:
                fired.append(
                    Fired(name, "anomaly", day, series[day], measure.describe(), baseline=median, z=z)
                )
    return day, fired, skipped


def record(store: Store, fired: list[Fired]) -> int:
    """Keep what fired in the ``alerts`` table (once per source and day); returns how many were new."""
    before = store.scalar("SELECT count(*) FROM alerts")
    for alert in fired:
        store.con.execute(
            "INSERT INTO alerts (id, source, kind, day, value, threshold, baseline, z, detail, fired_at) "
            "SELECT nextval('alert_ids'), ?, ?, ?, ?, ?, ?, ?, ?, now() "
            "WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE source = ? AND day = ?)",
            [
                alert.source,
                alert.kind,
                alert.day,
                alert.value,
                alert.threshold,
                alert.baseline,
                alert.z,
                alert.detail,
                alert.source,
                alert.day,
            ],
        )
    return store.scalar("SELECT count(*) FROM alerts") - before
