"""The strategic plan: objectives from ``[plan]`` in ``passaparola.toml``, each read week by week from the
metric registry, with its baseline, current value, progress, a forecast at the deadline and a status.

Weeks are Monday to Sunday in the workspace's time zone. The plan's week 0 is the week holding its
``start``; only whole weeks before the evaluation day (``until``, the day after the newest item by
default) count, so a week still in progress never drags a count down.

- **Level** of a span of whole weeks, so that one thin or noisy week decides nothing: for a count (a
  metric in ``items``, such as items or earned media a week), the median of its weekly values; a
  follower count, read only at snapshots, holds between them: a span without one takes the latest week
  seen before its end, up to :data:`LEVEL_LOOKBACK_WEEKS` back (monthly snapshots still give a current
  value); for
  anything else (a rate, a share, a time), the registry's value computed over the whole span at once
  (answered ÷ inbound over four weeks, not a mean of four weekly rates).
- **Baseline**: the level of the objective's ``baseline`` period (its whole weeks), or, without one, of
  the 8 weeks before week 0.
- **Current**: the level of the plan's last :data:`CURRENT_WEEKS` whole weeks (fewer while the plan is
  younger; at the latest, up to the deadline's week).
- **Target** ``T``: the number written (a duration converted to the value's unit), or for ``+P%`` /
  ``-P%`` the baseline times ``1 ± P/100``. A ``>=`` or ``+`` target is met by values at or above ``T``,
  a ``<=`` or ``-`` target by values at or below it.
- **Progress**: ``(current − baseline) ÷ (T − baseline)`` clipped to 0–100 %; 100 % once met; 0 % when the
  baseline already met the target and the current value no longer does.
- **Forecast**: a Theil–Sen line (``scipy.stats.theilslopes``: the median of the slopes between every pair
  of weeks, robust to outlier weeks) through the plan's weekly values, read at the deadline's week. Its
  uncertainty is the 90 % confidence interval of the slope, drawn through the point (median week,
  median value) as SciPy draws the line itself. It needs at least 3 weekly values. The forecast and its
  band are clipped to the values the measure can take (a share to 0–100 %, a count or a time to 0 or
  more).
- **Status**, in this order:
  1. *no data*: no current value (or no baseline for a ``±P%`` target);
  2. *achieved*: the current value meets the target;
  3. *off track*: the deadline's week has passed without meeting it;
  4. with a forecast: *on track* when the forecast at the deadline meets the target, *at risk* when only
     the optimistic end of its interval does, *off track* when not even that does;
  5. without a forecast (fewer than 3 weeks): *on track* when the current value is at least as far as
     the straight path from the baseline (week 0) to the target (deadline's week), else *at risk*.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import date, timedelta

import ibis.expr.types as ir
import numpy as np
from scipy.stats import theilslopes

from passaparola.config import ConfigError, Objective, Plan, Settings
from passaparola.metrics.scope import Scope
from passaparola.plan.measure import Measure, monday, resolve, whole_weeks

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data")
DEFAULT_BASELINE_WEEKS = 8
CURRENT_WEEKS = 4
MIN_FORECAST_WEEKS = 3
#: How far back a follower count seen at a snapshot stands for the level of weeks without one.
LEVEL_LOOKBACK_WEEKS = 13
CONFIDENCE = 0.90


@dataclass(frozen=True)
class Forecast:
    value: float
    low: float
    high: float
    slope: float  # per week
    low_slope: float
    high_slope: float


def theil_sen_forecast(weeks: list[float], values: list[float], at: float) -> Forecast:
    """The Theil–Sen line through (week, value) read at week ``at``, with the interval its 90 % slope
    interval gives there."""
    fit = theilslopes(values, weeks, alpha=CONFIDENCE)
    centre_x, centre_y = float(np.median(weeks)), float(np.median(values))
    ends = [centre_y + s * (at - centre_x) for s in (fit.low_slope, fit.high_slope)]
    return Forecast(
        value=float(fit.intercept + fit.slope * at),
        low=min(ends),
        high=max(ends),
        slope=float(fit.slope),
        low_slope=float(fit.low_slope),
        high_slope=float(fit.high_slope),
    )


def rising(objective: Objective) -> bool:
    return objective.target.op in (">=", ">", "+%")


def meets(value: float, target: float, up: bool) -> bool:
    return value >= target if up else value <= target


def status(
    *,
    up: bool,
    current: float | None,
    target: float | None,
    baseline: float | None,
    forecast: Forecast | None,
    deadline_passed: bool,
    elapsed: float,
) -> str:
    """The status rule of the module docstring. ``elapsed`` is the share of the way from week 0 to the
    deadline's week that the current week stands at (for the straight-path rule)."""
    if current is None or target is None:
        return "no_data"
    if meets(current, target, up):
        return "achieved"
    if deadline_passed:
        return "off_track"
    if forecast is not None:
        if meets(forecast.value, target, up):
            return "on_track"
        return "at_risk" if meets(forecast.high if up else forecast.low, target, up) else "off_track"
    if baseline is None:
        return "at_risk"
    path = baseline + (target - baseline) * elapsed
    return "on_track" if meets(current, path, up) else "at_risk"


def progress(up: bool, current: float | None, target: float | None, baseline: float | None) -> float | None:
    if current is None or target is None:
        return None
    if meets(current, target, up):
        return 1.0
    if baseline is None or meets(baseline, target, up):
        return 0.0
    return min(1.0, max(0.0, (current - baseline) / (target - baseline)))


@dataclass(frozen=True)
class Standing:
    """Where one objective stands."""

    objective: Objective
    measure: Measure
    baseline: float | None
    baseline_weeks: tuple[date, date]  # first Monday, Monday after the last week
    current: float | None
    #: The last whole week counted (None before the plan's first whole week).
    current_week: date | None
    #: The weeks the current value is the level of: first Monday, Monday after the last.
    current_weeks: tuple[date, date] | None
    target: float | None
    progress: float | None
    forecast: Forecast | None
    status: str
    #: Weekly values from the baseline's first week to the last whole week (for the burn-up chart).
    weeks: dict[date, float]
    week0: date


def check(settings: Settings, path: str) -> dict[str, Measure]:
    """Every objective's measure, checked against the registry; ConfigError naming the objective and
    the key otherwise. Empty without a ``[plan]``."""
    plan = settings.plan
    if plan is None:
        return {}
    measures = {}
    for objective in plan.objectives:
        measures[objective.key] = resolve(
            objective.key,
            objective.metric,
            objective.value,
            objective.segment,
            objective.target,
            settings,
            path,
            threshold_key=f"{objective.key}.target",
        )
        if objective.baseline is not None:
            first, end = whole_weeks(*objective.baseline)
            if end <= first:
                raise ConfigError(
                    path,
                    f"{objective.key}.baseline",
                    "must hold at least one whole week (Monday to Sunday)",
                )
    return measures


def newest_day(items: ir.Table, settings: Settings) -> date | None:
    """The local day of the newest item in the store."""
    newest = items.created_at.max().execute()
    return None if newest is None or newest != newest else newest.astimezone(settings.timezone).date()


def evaluate(scope: Scope, path: str, until: date | None = None) -> list[Standing]:
    """Every objective's standing over the scope's items (all of them: its window is not used),
    counting whole weeks before ``until`` (default: the day after the newest item). A scope from
    :meth:`Scope.of` lets the metrics read the store's entity columns."""
    settings = scope.settings
    measures = check(settings, path)
    plan: Plan | None = settings.plan
    if plan is None:
        return []
    if until is None:
        newest = newest_day(scope.all_items, settings)
        until = newest + timedelta(days=1) if newest else date.today()
    return [_standing(scope, plan, o, measures[o.key], until) for o in plan.objectives]


def level(scope: Scope, measure: Measure, weekly: dict[date, float], first: date, end: date) -> float | None:
    """The level of the whole weeks ``[first, end)`` (see the module doc); ``weekly`` holds the measure's
    weekly values."""
    if measure.metric.unit == "items":
        values = [v for w, v in weekly.items() if first <= w < end]
        if not values and not measure.events:
            # a level read at snapshots (followers) holds between them: the latest week seen before the
            # span's end, at most a quarter back
            seen = [w for w in weekly if end - timedelta(weeks=LEVEL_LOOKBACK_WEEKS) <= w < end]
            values = [weekly[max(seen)]] if seen else []
        return statistics.median(values) if values else None
    return measure.total(scope, first, end) if end > first else None


def _standing(scope: Scope, plan: Plan, objective: Objective, measure: Measure, until: date) -> Standing:
    week0 = monday(plan.start)
    deadline_week = monday(objective.deadline)
    if objective.baseline is not None:
        base_first, base_end = whole_weeks(*objective.baseline)
    else:
        base_first, base_end = week0 - timedelta(weeks=DEFAULT_BASELINE_WEEKS), week0
    last_end = min(monday(until), deadline_week + timedelta(weeks=1))  # after the last whole week counted
    first = min(base_first, week0)
    values = measure.series(scope, "week", first, max(last_end, first)) if last_end > first else {}
    baseline = level(scope, measure, values, base_first, base_end)
    plan_weeks = {w: v for w, v in values.items() if week0 <= w < last_end}
    current_week = max(plan_weeks) if plan_weeks else None
    current_weeks = None
    current = None
    if last_end > week0:
        current_weeks = (max(week0, last_end - timedelta(weeks=CURRENT_WEEKS)), last_end)
        current = level(scope, measure, values, *current_weeks)
    up = rising(objective)
    if objective.target.change:
        sign = 1 if objective.target.op == "+%" else -1
        target = baseline * (1 + sign * objective.target.value) if baseline else None
    else:
        target = measure.threshold_value(objective.target)
    span = (deadline_week - week0).days / 7
    forecast = None
    if len(plan_weeks) >= MIN_FORECAST_WEEKS:
        xs = [(w - week0).days / 7 for w in plan_weeks]
        fit = theil_sen_forecast(xs, list(plan_weeks.values()), span)
        forecast = replace(
            fit, value=measure.clip(fit.value), low=measure.clip(fit.low), high=measure.clip(fit.high)
        )
    last_week = current_weeks[1] - timedelta(weeks=1) if current_weeks else None
    elapsed = ((last_week - week0).days / 7 + 1) / (span + 1) if last_week else 0.0
    return Standing(
        objective=objective,
        measure=measure,
        baseline=baseline,
        baseline_weeks=(base_first, base_end),
        current=current,
        current_week=current_week,
        current_weeks=current_weeks,
        target=target,
        progress=progress(up, current, target, baseline),
        forecast=forecast,
        status=status(
            up=up,
            current=current,
            target=target,
            baseline=baseline,
            forecast=forecast,
            deadline_passed=until >= deadline_week + timedelta(weeks=1),
            elapsed=min(1.0, elapsed),
        ),
        weeks=values,
        week0=week0,
    )
