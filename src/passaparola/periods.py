"""Calendar periods in the workspace's time zone, as Ibis expressions.

Timestamps are stored in UTC. A "month" or "week" is the user's month or week: the timestamp is first
converted to the workspace's zone (DuckDB's ``timezone(zone, ts)``, Spark's ``from_utc_timestamp(ts, zone)``),
then truncated.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from passaparola import i18n
from passaparola.engine import on_spark

PERIODS = ("day", "week", "month", "quarter", "year")
_UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


@ibis.udf.scalar.builtin(name="timezone")
def _timezone(zone: str, ts: dt.Timestamp(timezone="UTC")) -> dt.Timestamp():
    """DuckDB's ``timezone(zone, timestamptz)``: the wall-clock time in ``zone``."""


@ibis.udf.scalar.builtin(name="from_utc_timestamp")
def _from_utc(ts: dt.Timestamp(timezone="UTC"), zone: str) -> dt.Timestamp():
    """Spark's ``from_utc_timestamp(ts, zone)``: the wall-clock time in ``zone``."""


def local_time(ts: ir.TimestampValue, zone: str) -> ir.TimestampValue:
    """The wall-clock time of a UTC timestamp in the workspace's zone."""
    if on_spark(ts):
        return _from_utc(ts, zone)
    return _timezone(zone, ts)


def period_start(ts: ir.TimestampValue, zone: str, period: str) -> ir.TimestampValue:
    """The start of the local day/week/month/quarter/year containing ``ts`` (weeks start on Monday)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    return local_time(ts, zone).truncate(_UNITS[period])


class WindowError(ValueError):
    """A window's day that is not a date, or a window with no day in it (one line, the user's language)."""


def window(
    start: str | None, end: str | None, names: tuple[str, str] = ("--from", "--to")
) -> tuple[date | None, date | None]:
    """``start`` and ``end`` (``YYYY-MM-DD``, either may be missing) as local days, ``end`` excluded.
    :class:`WindowError` names the option (``names``: as the command line or the web page calls them)
    when either is not a date or the window is empty."""
    days = []
    for value, option in zip((start, end), names, strict=True):
        try:
            days.append(None if value is None else date.fromisoformat(value))
        except ValueError:
            raise WindowError(i18n.t("window.bad_date", option=option, value=value)) from None
    first, last = days
    if first is not None and last is not None and first >= last:
        raise WindowError(i18n.t("window.empty", first=names[0], start=first, last=names[1], end=last))
    return first, last
