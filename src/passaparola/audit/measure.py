"""The audit's evidence, read from the store through the metric registry (nothing is recomputed here).

The **window** is the one asked for (``--from``/``--to``, or the report's). Without one (or without one of
its ends) it is the local days holding the central 98% of the items: the stray 1% at each end is left
out (``⌊n/100⌋`` items, so none in a store of fewer than 100), so that one item years older than the
rest cannot stretch the window, dilute every rate per week and call an active entity absent. The window
is passed to every metric explicitly, and the evidence states it.

Every entity (the brand and each competitor) is measured the same way, over the same window:
- ``earned_by_platform``: ``media_items`` (earned) by platform; ``output_by_platform``,
  ``output_per_week`` and ``reply_share``: ``posting_activity``;
- ``two_way_rate``: ``two_way_rate`` computed with the entity in the brand's place (the metric is about the
  brand's threads, so each competitor takes its turn as the brand);
- ``inbound``, ``response_rate``: ``response_rate``; ``median_response_hours``: ``first_response_time``
  (median in business hours);
- ``engagement_rate``: ``account_engagement_rate``; ``share_of_voice``: ``share_of_voice`` (the items
  share of the voice of others: mentions); ``ugc_share``: ``ugc_share``;
- ``net_sentiment``, ``negative_share``: the sentiment metrics;
- ``growth_per_month``: ``audience_growth`` over the window, summed over the entity's accounts with a
  baseline (Σ net new ÷ Σ baseline), divided by the window's months.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import ibis.expr.types as ir
import pandas as pd

from passaparola.audit.evidence import Evidence
from passaparola.config import Entity, Settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope

DAYS_PER_MONTH = 365.25 / 12
#: The share of the items left out at each end of a window not asked for.
TRIM = 0.01


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _value(frame: pd.DataFrame, entity: str, column: str, **where: str) -> float | None:
    rows = frame[frame.entity == entity]
    for key, wanted in where.items():
        rows = rows[rows[key] == wanted]
    return _number(rows[column].iloc[0]) if len(rows) else None


def _by_platform(frame: pd.DataFrame, entity: str, column: str, **where: str) -> dict[str, float]:
    rows = frame[frame.entity == entity]
    for key, wanted in where.items():
        rows = rows[rows[key] == wanted]
    return {str(p): float(n) for p, n in zip(rows.platform, rows[column], strict=True) if n == n and n > 0}


def as_brand(settings: Settings, entity: Entity) -> Settings:
    """The workspace's settings with ``entity`` in the brand's place and every other entity a competitor."""
    others = tuple(e for e in settings.entities if e is not entity)
    return replace(settings, brand=entity, competitors=others)


def _growth(frame: pd.DataFrame, entity: str, months: float | None) -> float | None:
    rows = frame[(frame.entity == entity) & frame.baseline_followers.notna()]
    baseline = float(rows.baseline_followers.sum()) if len(rows) else 0.0
    if not baseline or not months:
        return None
    return float(rows.net_new_followers.sum()) / baseline / months


#: Computes a registry metric over the scope, split by some dimensions (the report passes its cache).
Tables = Callable[[str, tuple[str, ...]], pd.DataFrame]


def audit_window(scope: Scope) -> tuple[date, date] | None:
    """The audited window as local days, first and last included (see the module doc); None when the
    window is not asked for and the store holds no items."""
    zone = scope.settings.timezone
    first = scope.start.astimezone(zone).date() if scope.start else None
    last = (scope.end - timedelta(microseconds=1)).astimezone(zone).date() if scope.end else None
    if first is None or last is None:
        items = scope.items
        count = int(items.count().execute())
        if not count:
            return None
        skip = math.floor(count * TRIM)
        if first is None:
            first = _nth(items, skip, descending=False).astimezone(zone).date()
        if last is None:
            last = _nth(items, skip, descending=True).astimezone(zone).date()
    return first, last


def _nth(items: ir.Table, skip: int, *, descending: bool) -> datetime:
    """The time of the item ``skip`` places from the oldest (or the newest)."""
    order = items.created_at.desc() if descending else items.created_at.asc()
    return items.order_by(order).select("created_at").limit(1, offset=skip).execute().created_at.iloc[0]


def evidence(scope: Scope, tables: Tables | None = None) -> list[Evidence]:
    """The evidence of every entity of the workspace (brand first) over the audited window (see the
    module doc). ``tables`` (the report's cache over ``scope``) is read only when the scope has both ends,
    which then make the window."""
    settings = scope.settings
    span = audit_window(scope)
    if span is not None:
        zone = settings.timezone
        start = scope.start or datetime.combine(span[0], time(), zone)
        end = scope.end or datetime.combine(span[1] + timedelta(days=1), time(), zone)
        if (start, end) != (scope.start, scope.end):
            scope, tables = replace(scope, start=start, end=end), None
    months = ((span[1] - span[0]).days + 1) / DAYS_PER_MONTH if span else None

    def frame(metric: str, by: tuple[str, ...] = ()) -> pd.DataFrame:
        if tables is not None:
            return tables(metric, by)
        return compute(get(metric), scope, list(by)).execute()

    media = frame("media_items", ("platform",))
    output = frame("posting_activity", ("platform",))
    activity = frame("posting_activity")
    care = frame("response_rate")
    times = frame("first_response_time")
    engagement = frame("account_engagement_rate")
    voice = frame("share_of_voice")
    ugc = frame("ugc_share")
    net = frame("net_sentiment")
    negative = frame("negative_share")
    growth = frame("audience_growth")
    found = []
    for entity in settings.entities:
        name = entity.name
        turn = replace(scope, settings=as_brand(settings, entity))
        threads = compute(get("two_way_rate"), turn, []).execute()
        two_way = _number(threads.two_way_rate.iloc[0]) if len(threads) else None
        found.append(
            Evidence(
                entity=name,
                months=months,
                window=span,
                accounts=tuple(p for p, handles in entity.accounts.items() if handles),
                earned_by_platform=_by_platform(media, name, "items", media="earned"),
                output_by_platform=_by_platform(output, name, "output"),
                output_per_week=_output_per_week(activity, name),
                reply_share=_value(activity, name, "reply_share"),
                two_way_rate=two_way,
                inbound=_value(care, name, "inbound"),
                response_rate=_value(care, name, "response_rate"),
                median_response_hours=_value(times, name, "median_business_hours"),
                engagement_rate=_value(engagement, name, "account_rate_by_followers"),
                share_of_voice=_value(voice, name, "items_share", voice="others"),
                entities=len(settings.entities),
                ugc_share=_value(ugc, name, "ugc_share"),
                net_sentiment=_value(net, name, "net_sentiment"),
                negative_share=_value(negative, name, "negative_share"),
                growth_per_month=_growth(growth, name, months),
            )
        )
    return found


def _output_per_week(activity: pd.DataFrame, entity: str) -> float | None:
    output, weeks = _value(activity, entity, "output"), _value(activity, entity, "weeks")
    if output is None:
        weeks = _number(activity.weeks.iloc[0]) if len(activity) else None
        return 0.0 if weeks else None
    return output / weeks if weeks else None
