"""`passaparola plan`: where each objective of the plan stands; `passaparola plan init`: a starting plan."""

from __future__ import annotations

import csv
import json
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

from rich.markup import escape

from passaparola import i18n, workspace
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.config import parse_settings
from passaparola.i18n import t
from passaparola.metrics.scope import Scope
from passaparola.plan import Standing, check, evaluate, newest_day
from passaparola.plan.templates import appended, default_start, render
from passaparola.report import formatting

STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "red",
    "no_data": "dim",
}


def show(until: date | None, fmt: str, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    if ws.settings.plan is None:
        fail(t("plan.none", config=ws.config_path))
    with ws.open_store(read_only=True) as store:
        standings = evaluate(Scope.of(store, ws.settings), str(ws.config_path), until)
    if fmt == "json":
        print(json.dumps([as_record(s) for s in standings], default=str))
        return
    if fmt == "csv":
        records = [as_record(s) for s in standings]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else ["objective"])
        writer.writeheader()
        writer.writerows(
            {k: json.dumps(v) if isinstance(v, dict) else v for k, v in r.items()} for r in records
        )
        return
    plan = ws.settings.plan
    console.print(f"[bold]{escape(t('plan.heading', start=plan.start))}[/]")
    rows = [
        (
            s.objective.name,
            s.measure.describe(),
            s.measure.display(s.baseline, i18n.language()),
            s.measure.display(s.current, i18n.language()),
            f"{s.objective.target.text} → {s.measure.display(s.target, i18n.language())}",
            "—" if s.progress is None else formatting.number(100 * s.progress, i18n.language()) + "%",
            forecast_text(s),
            str(s.objective.deadline),
            t(f"plan.status.{s.status}"),
        )
        for s in standings
    ]
    headers = [
        t("plan.objective"),
        t("plan.metric"),
        t("plan.baseline"),
        t("plan.current"),
        t("plan.target"),
        t("plan.progress"),
        t("plan.forecast"),
        t("plan.deadline"),
        t("plan.status"),
    ]
    console.print(table(None, headers, rows, numeric={2, 3, 5, 6}))
    spans = {s.current_weeks for s in standings if s.current_weeks}
    if spans:
        first, end = max(spans, key=lambda span: span[1])
        console.print(
            escape(t("plan.as_of", weeks=(end - first).days // 7, first=first, last=end - timedelta(days=1)))
        )


def forecast_text(standing: Standing) -> str:
    forecast = standing.forecast
    if forecast is None:
        return "—"
    language = i18n.language()

    def show(value: float) -> str:
        return standing.measure.display(value, language)

    return f"{show(forecast.value)} ({show(forecast.low)} – {show(forecast.high)})"


def as_record(standing: Standing) -> dict[str, object]:
    forecast = standing.forecast
    return {
        "objective": standing.objective.name,
        "metric": standing.measure.metric.name,
        "value": standing.measure.column,
        "segment": dict((*standing.measure.choices, *standing.measure.filters)),
        "target": standing.objective.target.text,
        "target_value": standing.target,
        "deadline": standing.objective.deadline,
        "baseline": standing.baseline,
        "current": standing.current,
        "current_week": standing.current_week,
        "current_weeks": None
        if standing.current_weeks is None
        else {
            "first": standing.current_weeks[0].isoformat(),
            "last": (standing.current_weeks[1] - timedelta(days=1)).isoformat(),
        },
        "progress": standing.progress,
        "forecast": None
        if forecast is None
        else {"value": forecast.value, "low": forecast.low, "high": forecast.high, "slope": forecast.slope},
        "status": standing.status,
    }


def init(template: str, start: date | None, force: bool, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    if "plan" in ws.config and not force:
        fail(t("plan.exists", config=ws.config_path))
    if start is None:
        with ws.open_store(read_only=True) as store:
            start = default_start(newest_day(store.table("items"), ws.settings), date.today())
    text = appended(ws.config_path, render(template, start, i18n.language()), force=force)
    config = tomllib.loads(text)
    workspace.validate(config, ws.config_path)
    settings = parse_settings(config, ws.config_path)
    check(settings, str(ws.config_path))
    ws.config_path.write_text(text, encoding="utf-8")
    plan = settings.plan
    assert plan is not None
    console.print(
        escape(
            t(
                "plan.written",
                template=template,
                config=ws.config_path,
                count=len(plan.objectives),
                start=plan.start,
            )
        )
    )


def day_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r}: expected a date like 2026-01-31")
