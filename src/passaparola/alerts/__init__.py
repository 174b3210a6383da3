"""Alerts: the rules in ``[[alerts.rules]]`` and three automatic anomaly detectors, checked day by day
(local days in the workspace's time zone).

Which days: after an import, the days its new or updated items fall on; ``passaparola alerts``, every day
after the last one checked up to the newest item's day (the newest day alone the first time), or the days
its options name. An automatic check covers at most the :data:`MAX_CHECK_DAYS` most recent of them.

- A **rule** computes its metric (through the registry, narrowed like a plan objective) over the last
  ``window`` local days up to and including the day, and fires when the value meets its condition.
- A **detector** compares the day's value with the same weekday of the previous ``weeks`` weeks (8 by
  default): a robust z-score ``z = (x − median) ÷ scale``. The scale is 1.4826 · MAD, where MAD is the
  median absolute deviation from the median (1.4826 · MAD estimates the standard deviation of normal
  data); when MAD is 0 the mean absolute deviation stands in (times 1.2533, its normal-consistency
  factor). The scale is never taken below the detector's *noise floor*, the change chance alone makes
  likely, so a flat history (MAD 0) or a thin day cannot make an infinite or huge z:
  - ``volume``: the items about or by the brand that day (``media_items`` of the brand, owned, paid and
    earned together; every item in the store when there is no ``[brand]``); floor √median (Poisson);
  - ``negative_share``: the brand's ``negative_share`` (a metric of the ``sentiment`` family, looked up
    in the registry when the detector runs); floor √(p(1 − p) ÷ n) (binomial), p the median clipped to
    [0.05, 0.95] and n the day's scored items;
  - ``first_response_time``: the brand's median first-response time that day (hours elapsed); floor
    15 minutes or a tenth of the median, whichever is larger.
  A detector fires at ``z ≥ [alerts] z`` (3.5 by default, Iglewicz and Hoaglin's cut-off), only in the
  harmful direction. It needs the day's value resting on at least its minimum support (5 items about the
  brand; 10 scored items; 5 answered items) and at least 3 earlier same weekdays with a value (for the
  two rates, each resting on that support too); otherwise it is skipped with the reason.

Fired alerts are kept in the store's ``alerts`` table, once per (rule or detector, day); the last day
checked is kept in its ``meta`` table.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import ibis

from passaparola.config import DETECTORS, ConfigError, Settings, Threshold
from passaparola.metrics import Text, all_metrics
from passaparola.metrics.scope import Scope
from passaparola.periods import period_start
from passaparola.plan import newest_day
from passaparola.plan.measure import Measure, resolve
from passaparola.store import Store

MIN_HISTORY = 3
MAX_CHECK_DAYS = 31
MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533
SENTIMENT_COLUMN = "negative_share"
CHECKED_KEY = "alerts_checked_through"

WEEKDAYS = (
    Text("Mondays", "lunedì"),
    Text("Tuesdays", "martedì"),
    Text("Wednesdays", "mercoledì"),
    Text("Thursdays", "giovedì"),
    Text("Fridays", "venerdì"),
    Text("Saturdays", "sabati"),
    Text("Sundays", "domeniche"),
)


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
    reason: Text
    day: date | None = None


@dataclass(frozen=True)
class Detector:
    """An automatic detector: its measure, what its daily value rests on, and its noise floor."""

    name: str
    measure: Measure
    #: Columns whose sum is the day's support (empty: the value itself, a count).
    support: tuple[str, ...]
    min_support: float
    #: What the support counts, for the reason a thin day is skipped.
    unit: Text
    #: The smallest scale for a z-score, given the history's median and the day's support.
    floor: Callable[[float, float], float]

    @property
    def rate(self) -> bool:
        """A rate's earlier days count only on the same support; a count's quiet days are its baseline."""
        return bool(self.support)


def robust_z(value: float, history: list[float], floor: float = 0.0) -> tuple[float, float]:
    """(median of ``history``, robust z-score of ``value`` against it), the scale no smaller than
    ``floor``: see the module docstring. With a zero scale any departure is an infinite z."""
    median = statistics.median(history)
    deviations = [abs(x - median) for x in history]
    scale = MAD_SCALE * statistics.median(deviations)
    if scale == 0:
        scale = MEAN_AD_SCALE * statistics.fmean(deviations)
    scale = max(scale, floor)
    if scale == 0:
        return median, 0.0 if value == median else math.copysign(math.inf, value - median)
    return median, (value - median) / scale


def same_weekdays(series: dict[date, float], day: date, weeks: int) -> list[float]:
    """The values of the same weekday in the ``weeks`` weeks before ``day`` (those with a value)."""
    earlier = (day - timedelta(weeks=k) for k in range(1, weeks + 1))
    return [series[d] for d in earlier if d in series]


def poisson_floor(median: float, support: float) -> float:
    return math.sqrt(max(median, 1.0))


def binomial_floor(median: float, support: float) -> float:
    p = min(0.95, max(0.05, median))
    return math.sqrt(p * (1 - p) / max(support, 1.0))


def hours_floor(median: float, support: float) -> float:
    return max(0.25, 0.1 * median)


def _sentiment_measure(settings: Settings) -> Measure | Text:
    """The negative-share measure, or why there is none."""
    for metric in all_metrics():
        if metric.family != "sentiment":
            continue
        try:
            return resolve("alerts.detectors", metric.name, SENTIMENT_COLUMN, (), None, settings, "-")
        except ConfigError:
            continue
    return Text(
        f"no metric of the sentiment family gives a {SENTIMENT_COLUMN!r} column",
        f"nessuna metrica della famiglia sentiment dà una colonna {SENTIMENT_COLUMN!r}",
    )


def detectors(settings: Settings) -> dict[str, Detector | Text]:
    """Each enabled detector, or the reason it cannot run."""
    alerts = settings.alerts
    enabled = alerts.detectors if alerts else DETECTORS
    brand = settings.brand
    no_brand = Text("no [brand] in passaparola.toml", "nessun [brand] in passaparola.toml")
    found: dict[str, Detector | Text] = {}
    if "volume" in enabled:
        if brand is None:
            volume = resolve("alerts.detectors", "items", "items", (), None, settings, "-")
        else:
            volume = resolve(
                "alerts.detectors",
                "media_items",
                "items",
                (("entity", brand.name),),
                None,
                settings,
                "-",
                pooled=("media",),
            )
        found["volume"] = Detector(
            "volume", volume, (), 5, Text("items about the brand", "elementi sul brand"), poisson_floor
        )
    if "negative_share" in enabled:
        measure = _sentiment_measure(settings)
        found["negative_share"] = (
            measure
            if isinstance(measure, Text)
            else Detector(
                "negative_share",
                measure,
                ("positive", "negative", "neutral"),
                10,
                Text("items with a sentiment", "elementi con un sentiment"),
                binomial_floor,
            )
        )
    if "first_response_time" in enabled:
        found["first_response_time"] = (
            no_brand
            if brand is None
            else Detector(
                "first_response_time",
                resolve("alerts.detectors", "first_response_time", "median_hours", (), None, settings, "-"),
                ("answered",),
                5,
                Text("answered items", "elementi con risposta"),
                hours_floor,
            )
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


def evaluate(scope: Scope, path: str, days: Sequence[date]) -> tuple[list[Fired], list[Skipped]]:
    """(what fired, what could not be checked) on each of ``days``, over the scope's items (its window
    is not used). Each detector's daily series is computed once for all of them; each rule once per day.
    A scope from :meth:`Scope.of` lets the metrics read the store's entity columns."""
    settings = scope.settings
    rules = rule_measures(settings, path)
    found = detectors(settings)
    fired: list[Fired] = []
    skipped: list[Skipped] = []
    if not days:
        return fired, skipped
    alerts = settings.alerts
    for rule in alerts.rules if alerts else ():
        measure = rules[rule.key]
        limit = measure.threshold_value(rule.condition)
        for day in days:
            end = day + timedelta(days=1)
            value = measure.total(scope, end - rule.window, end)
            if value is None:
                reason = Text(
                    f"{measure.describe()} has no value in the window",
                    f"{measure.describe()} non ha un valore nella finestra",
                )
                skipped.append(Skipped(rule.name, reason, day))
            elif crosses(value, rule.condition, limit):
                fired.append(Fired(rule.name, "rule", day, value, measure.describe(), threshold=limit))
    weeks = alerts.weeks if alerts else 8
    cutoff = alerts.z if alerts else 3.5
    first, end = min(days) - timedelta(weeks=weeks), max(days) + timedelta(days=1)
    for name, detector in found.items():
        if isinstance(detector, Text):
            skipped.append(Skipped(name, detector))
            continue
        points = detector.measure.supported(scope, "day", first, end, detector.support)
        for day in days:
            result = _detect(detector, points, day, weeks, cutoff)
            if isinstance(result, Fired):
                fired.append(result)
            elif result is not None:
                skipped.append(Skipped(name, result, day))
    return fired, skipped


def _detect(
    detector: Detector, points: dict[date, tuple[float, float]], day: date, weeks: int, cutoff: float
) -> Fired | Text | None:
    """What the detector finds on ``day``: an alert, the reason it cannot tell, or None (nothing)."""
    describe = detector.measure.describe()
    if day not in points:
        return Text(f"{describe} has no value that day", f"{describe} non ha un valore quel giorno")
    value, support = points[day]
    if support < detector.min_support:
        unit, least = detector.unit, f"{detector.min_support:.0f}"
        return Text(f"fewer than {least} {unit.en} that day", f"meno di {least} {unit.it} quel giorno")
    usable = {
        d: v for d, (v, n) in points.items() if d != day and (not detector.rate or n >= detector.min_support)
    }
    history = same_weekdays(usable, day, weeks)
    if len(history) < MIN_HISTORY:
        weekday = WEEKDAYS[day.weekday()]
        return Text(
            f"{len(history)} earlier {weekday.en} with a value; {MIN_HISTORY} are needed",
            f"{len(history)} {weekday.it} precedenti con un valore; ne servono {MIN_HISTORY}",
        )
    median = statistics.median(history)
    median, z = robust_z(value, history, detector.floor(median, support))
    if z >= cutoff:
        return Fired(detector.name, "anomaly", day, value, describe, baseline=median, z=z)
    return None


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


# --- which days ----------------------------------------------------------------------------------------


def checked_through(store: Store) -> date | None:
    """The last day an earlier check covered (None before the first check)."""
    row = store.one("SELECT value FROM meta WHERE key = ?", [CHECKED_KEY])
    return date.fromisoformat(row[0]) if row else None


def mark_checked(store: Store, days: Sequence[date]) -> None:
    """Remember the newest of ``days`` as checked (never moving the mark backwards)."""
    if not days:
        return
    newest = max(days)
    before = checked_through(store)
    if before is None or newest > before:
        store.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [CHECKED_KEY, newest.isoformat()])


def days_since_check(store: Store, settings: Settings, since: date | None = None) -> list[date]:
    """The days to check: from ``since`` (or the day after the last check) to the newest item's day; the
    newest day alone before any check. Without ``since``, only the :data:`MAX_CHECK_DAYS` most recent."""
    newest = newest_day(store.table("items"), settings)
    if newest is None:
        return []
    first = since
    if first is None:
        last = checked_through(store)
        first = newest if last is None else last + timedelta(days=1)
    days = [first + timedelta(days=k) for k in range((newest - first).days + 1)]
    return days if since is not None else days[-MAX_CHECK_DAYS:]


def days_of_import(store: Store, settings: Settings, import_id: int) -> list[date]:
    """The local days the import's new or updated items fall on, the :data:`MAX_CHECK_DAYS` most recent."""
    items = store.table("items")
    mine = items.filter(items.import_id == import_id)
    day = period_start(mine.created_at, settings.timezone.key, "day").name("day")
    frame = mine.select(day).distinct().order_by(ibis.desc("day")).limit(MAX_CHECK_DAYS).execute()
    return sorted(_as_date(d) for d in frame["day"] if d == d)


def _as_date(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]
