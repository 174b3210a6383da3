"""Values as people read them, in English or Italian, for the report and the command line alike: unknown
stays unknown ("n/a" in the report), shares are percentages, durations are hours, counts get thousands
separators, a split's values are words (owned, paid, earned; brand, consumer)."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from numbers import Number
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pandas as pd

from passaparola import i18n
from passaparola.i18n import MESSAGES
from passaparola.metrics import SPLITS

if TYPE_CHECKING:
    from passaparola.metrics import Metric


#: An item's sentiment label as one mark, in the inbox's lists.
SENTIMENT_MARKS = {"negative": "−", "neutral": "·", "positive": "+"}


def unknown(language: str) -> str:
    return i18n.message("report.unknown", language)


def _local(text: str, language: str) -> str:
    """English separators (1,234.5) to Italian ones (1.234,5)."""
    if language != "it":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: float, language: str, decimals: int = 0) -> str:
    return _local(f"{value:,.{decimals}f}", language)


def decimal(value: float, language: str) -> str:
    """A decimal with two places ("2.56"), or two significant digits when smaller than 0.1 ("0.042"), so a
    small value that is not zero never reads "0.00"."""
    if value == 0 or abs(value) >= 0.1:
        return number(value, language, 2)
    return number(value, language, min(12, 1 - math.floor(math.log10(abs(value)))))


def points(value: float, language: str) -> str:
    """A difference of two shares (−0.25) in percentage points ("−25.0 pt", "−25,0 p.p."); one that rounds
    to zero has no sign."""
    tenths = round(value * 1000)
    shown = _local(f"{tenths / 10:+.1f}" if tenths else "0.0", language).replace("-", "−")
    return f"{shown} {'p.p.' if language == 'it' else 'pt'}"


def percent(value: float, language: str) -> str:
    """A share (0.125) as a percentage ("12.5%", "12,5%"); under 1%, two significant digits ("0.042%")."""
    shown = f"{value * 100:.1f}" if value == 0 or abs(value) >= 0.01 else f"{value * 100:.2g}"
    return _local(f"{shown}%", language)


def hours(value: float, language: str) -> str:
    return _local(f"{value:,.1f} h", language)


def is_unknown(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


KINDS = ("share", "points", "hours", "count", "number", "text")


def value(value: object, language: str, kind: str = "number", zone: ZoneInfo | None = None) -> str:
    """A cell as shown: "n/a" when unknown, whatever its kind; a ``share`` (0.125) as a percentage,
    ``points`` in percentage points, ``hours`` with an "h", a ``count`` with thousands separators, a
    ``number`` with two decimals unless whole (two significant digits under 0.1), ``text`` as it is;
    instants as dates in ``zone`` (the workspace's time zone)."""
    if is_unknown(value):
        return unknown(language)
    if isinstance(value, (datetime, pd.Timestamp)):
        if zone is not None and value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if kind == "text" or isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if kind == "share":
        return percent(value, language)
    if kind == "points":
        return points(value, language)
    if kind == "hours":
        return hours(value, language)
    if kind == "count" or float(value).is_integer():
        return number(value, language)
    return decimal(value, language)


def cell(
    column: str, content: object, language: str, kind: str = "number", zone: ZoneInfo | None = None
) -> str:
    """A result cell as shown: a split's value in words (media class, voice, role, kind, via: ``SPLITS``)
    and an hour of the week as a day and hour, in ``language``; yes or no; anything else as ``value``
    shows it as ``kind``."""
    split = SPLITS.get(column)
    if split is not None and split.words and isinstance(content, str):
        key = f"{split.words}.{content}"
        if key in MESSAGES:
            return i18n.message(key, language)
    if column == "hour_of_week" and not is_unknown(content) and not isinstance(content, str):
        return hour_of_week(int(content), language)
    if isinstance(content, bool):
        return i18n.message("report.yes" if content else "report.no", language)
    return value(content, language, kind, zone)


def hour_of_week(hour: int, language: str) -> str:
    """0 to 167 as the local day and hour ("Mon 09:00", "lun 09:00")."""
    return f"{i18n.message(f'report.day.{hour // 24}', language)} {hour % 24:02d}:00"


def numeric(kind: str, values: pd.Series) -> bool:
    """Whether a column shown as ``kind`` holds numbers (tables right-align it): not text, and its known
    values are numbers (integers, floats, the decimals a database sum returns), not yes/no."""
    if kind == "text" or values.dtype.kind == "b":
        return False
    if values.dtype.kind in "iuf":
        return True
    known = [v for v in values if not is_unknown(v)]
    return bool(known) and all(isinstance(v, Number) and not isinstance(v, bool) for v in known)


def column_format(metric: Metric, column: str, values: pd.Series) -> str:
    """How ``column`` of ``metric``'s result is shown (one of ``KINDS``): as the metric declares it; a split
    as text (its values in words, see ``cell``); else guessed from its name and values."""
    declared = metric.columns.get(column)
    if declared is not None:
        return declared.format
    if column in SPLITS:
        return "text"
    return column_kind(column, values, metric.unit, metric.name)


def column_kind(column: str, values: pd.Series, unit: str, metric: str = "") -> str:
    """How to show the result column of a metric that does not declare its columns: fractions of a share
    or ratio metric named like one (``share``, ``*_share``, ``*_rate``, ``*_rate_by_*``, or the column named
    after a share metric) as percentages, ``*_hours`` as hours, integer columns as counts, other numbers
    as decimals."""
    if column.endswith("hours"):
        return "hours"
    if values.dtype.kind in "iu":
        return "count"
    fraction = (
        column in ("share", "rate", "reciprocity")
        or column.endswith(("_rate", "_share"))
        or "_rate_by_" in column
        or (column == metric and unit == "share")
    )
    if unit in ("share", "ratio") and values.dtype.kind == "f" and fraction:
        return "share"
    return "number"
