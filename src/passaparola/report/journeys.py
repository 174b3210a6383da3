"""How content travelled across platforms, as people read it: where it appeared first and when, then each
other platform in order of arrival with its delay ("reddit +2h 30m, mastodon +1d"). Shared by
``passaparola spread`` and the report, from the arrivals the registry's spread module computes."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd


@dataclass(frozen=True)
class Journey:
    """One piece of content (a link, or a cluster of near-identical posts) and its way across platforms."""

    label: str
    first: str
    started_at: datetime | None
    then: list[tuple[str, float | None]]
    items: int
    entity: str | None


def journeys(arrivals: pd.DataFrame, key: str, limit: int) -> list[Journey]:
    """The ``limit`` pieces of content on most platforms (then most recent first) from their arrivals (one
    row per content and platform: ``key, platform, arrival, started_at, platforms, delay_seconds, items,
    entity``, and ``text`` for clusters of posts)."""
    if arrivals.empty:
        return []
    ordered = arrivals.sort_values([key, "arrival"])
    summary = (
        ordered.groupby(key, sort=False)
        .agg(platforms=("platforms", "first"), started_at=("started_at", "first"), items=("items", "sum"))
        .sort_values(["platforms", "started_at"], ascending=[False, False], na_position="last")
        .head(limit)
    )
    found = []
    for name, row in summary.iterrows():
        steps = ordered[ordered[key] == name]
        first = steps.iloc[0]
        label = str(name) if key == "url" else _short(str(first["text"]))
        started = row["started_at"]
        found.append(
            Journey(
                label=label,
                first=first["platform"],
                started_at=None if pd.isna(started) else pd.Timestamp(started).to_pydatetime(),
                then=[
                    (p, None if pd.isna(d) else float(d))
                    for p, d in zip(steps.platform[1:], steps.delay_seconds[1:], strict=True)
                ],
                items=int(row["items"]),
                entity=first["entity"] if isinstance(first["entity"], str) else None,
            )
        )
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def delay(seconds: float | None, translate: Callable[..., str]) -> str:
    """A delay as days, hours and minutes: 9,000 s is "2h 30m", 86,400 s is "1d" ("1g" in Italian); "?"
    when unknown. ``translate`` is the i18n lookup of the command line or of the report."""
    if seconds is None or math.isnan(seconds):
        return "?"
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, translate("spread.days")), (hours, "h"), (minutes, "m")]
    return " ".join(f"{value}{unit}" for value, unit in parts if value) or "0m"


def path(journey: Journey, translate: Callable[..., str]) -> str:
    """The platforms after the first, each with its delay: "reddit +2h 30m, mastodon +1d"."""
    return ", ".join(f"{platform} +{delay(seconds, translate)}" for platform, seconds in journey.then)
