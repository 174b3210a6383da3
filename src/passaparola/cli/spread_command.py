"""`passaparola spread`: content that crossed platforms (the same link, or nearly the same text): where it
appeared first, and when it reached each other platform."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from passaparola.cli.amplifiers_command import chosen_entity
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, table
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import MIN_TOKENS, link_arrivals, text_arrivals


def run(entity_name: str | None, limit: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    entity = chosen_entity(ws, entity_name)
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings)
        arrivals = link_arrivals(scope)
        crossed = arrivals.filter(arrivals.platforms >= 2)
        if entity is not None:
            crossed = crossed.filter(crossed.entity == entity.name)
        links = crossed.to_pyarrow().to_pandas()
        texts = text_arrivals(scope)
    if entity is not None:
        texts = texts[texts["entity"] == entity.name]
    zone = ws.timezone
    console.print(f"[bold]{t('spread.links', count=links['url'].nunique())}[/]")
    console.print(_journeys(links, "url", limit, zone, t("spread.link")))
    console.print(f"[bold]{t('spread.texts', count=texts['cluster'].nunique(), tokens=MIN_TOKENS)}[/]")
    console.print(_journeys(texts, "cluster", limit, zone, t("spread.text")))


def _journeys(arrivals: pd.DataFrame, key: str, limit: int, zone: object, label: str):
    """One row per piece of content: most platforms first, then most recent first."""
    ordered = arrivals.sort_values([key, "arrival"])
    summary = (
        ordered.groupby(key, sort=False)
        .agg(
            platforms=("platforms", "first"),
            started_at=("started_at", "first"),
            items=("items", "sum"),
            entity=("entity", "first"),
            first=("platform", "first"),
        )
        .sort_values(["platforms", "started_at"], ascending=[False, False])
        .head(limit)
    )
    later = ordered[ordered["arrival"] > 1]
    path = later.groupby(key)[["platform", "delay_seconds"]].apply(
        lambda g: ", ".join(f"{p} +{_delay(d)}" for p, d in zip(g.platform, g.delay_seconds, strict=True))
    )
    shown = ordered.drop_duplicates(key).set_index(key)
    rows = [
        (
            _label(shown.loc[name], key),
            r["first"],
            pd.Timestamp(r["started_at"]).tz_convert(zone).strftime("%Y-%m-%d %H:%M"),
            path.get(name, ""),
            int(r["items"]),
            r["entity"] if isinstance(r["entity"], str) else None,
        )
        for name, r in summary.iterrows()
    ]
    headers = [
        label,
        t("spread.first"),
        t("spread.when"),
        t("spread.then"),
        t("spread.items"),
        t("spread.entity"),
    ]
    return table(None, headers, rows, {4})


def _label(row: pd.Series, key: str) -> str:
    if key == "url":
        return str(row.name)
    text = " ".join(str(row["text"]).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _delay(seconds: float) -> str:
    """A delay as days, hours and minutes: 9000 s is "2h 30m", 86400 s is "1d" ("1g" in Italian)."""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, t("spread.days")), (hours, "h"), (minutes, "m")]
    return " ".join(f"{value}{unit}" for value, unit in parts if value) or "0m"
