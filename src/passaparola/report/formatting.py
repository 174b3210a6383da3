"""Numbers as the report shows them, in English or Italian: unknown stays unknown ("n/a"), shares are
percentages, durations are hours, counts get thousands separators."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from passaparola.i18n import MESSAGES


def unknown(language: str) -> str:
    english, italian = MESSAGES["report.unknown"]
    return italian if language == "it" else english


def _local(text: str, language: str) -> str:
    """English separators (1,234.5) to Italian ones (1.234,5)."""
    if language != "it":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value: float, language: str, decimals: int = 0) -> str:
    return _local(f"{value:,.{decimals}f}", language)


def percent(value: float, language: str) -> str:
    """A share (0.125) as a percentage ("12.5%", "12,5%")."""
    return _local(f"{value * 100:.1f}%", language)


def hours(value: float, language: str) -> str:
    return _local(f"{value:,.1f} h", language)


def is_unknown(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


KINDS = ("share", "hours", "count", "number")


def value(value: object, language: str, kind: str = "number") -> str:
    """A cell as shown: "n/a" when unknown, whatever its kind; a ``share`` (0.125) as a percentage, ``hours``
    with an "h", a ``count`` with thousands separators, a ``number`` with two decimals unless whole; dates
    (already in the workspace's time zone) as dates."""
    if is_unknown(value):
        return unknown(language)
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if kind == "share":
        return percent(value, language)
    if kind == "hours":
        return hours(value, language)
    if kind == "count" or float(value).is_integer():
        return number(value, language)
    return number(value, language, 2)


def column_kind(column: str, values: pd.Series, unit: str) -> str:
    """How to show a metric's result column: fractions of a share metric (rates, shares: float columns
    within 0..1 named like one) as percentages, ``*_hours`` as hours, integer columns as counts."""
    if column.endswith("hours"):
        return "hours"
    if values.dtype.kind in "iu":
        return "count"
    known = values.dropna()
    fraction = column in ("share", "rate", "reciprocity") or column.endswith(("_rate", "_share"))
    if unit == "share" and values.dtype.kind == "f" and fraction and ((known >= 0) & (known <= 1)).all():
        return "share"
    return "number"
